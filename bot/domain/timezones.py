"""Time zones a user can pick: IANA names, suggested from their countries (pure)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.domain.clock import utcnow


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """ISO country → its IANA zones, from tzdata's zone.tab (shipped as a dependency)."""
    table: dict[str, list[str]] = {}
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coords, zone, *_ = line.split("\t")
        table.setdefault(country, []).append(zone)
    return {country: tuple(zones) for country, zones in table.items()}


def zones_for_countries(countries: tuple[str, ...], limit: int = 8) -> list[str]:
    """Zones of the given countries, in order, without repeats, at most `limit`."""
    zones: list[str] = []
    for country in countries:
        for zone in _zones_by_country().get(country.upper(), ()):
            if zone not in zones:
                zones.append(zone)
    return zones[:limit]


def is_valid_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


# An offset as people write it: "GMT+3", "UTC -5", "+03:00", "utc+5:45".
_OFFSET = re.compile(r"(?:gmt|utc)?\s*([+\-\u2212])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def find_zones(query: str, limit: int = 8) -> list[str]:
    """Zones whose name matches what the user typed: exact (any case) first, then substrings.

    An offset ("GMT+3", "UTC-5", "+03:00") is read as people mean it: IANA's fixed-offset
    zones are named with the sign reversed (Etc/GMT+3 is three hours *behind* UTC), so a match
    on the name stored "GMT+3" as UTC-3, six hours off. An offset with minutes (+05:45) has no
    such zone: none is offered, and the user is asked for a city.
    """
    offset = _OFFSET.fullmatch(query.strip())
    if offset is not None:
        return _offset_zone(*offset.groups())
    needle = _normal(query)
    if not needle:
        return []
    if needle in ("gmt", "utc"):
        return ["Etc/UTC"]
    exact = [zone for zone in _all_zones() if _normal(zone) == needle]
    if exact:
        return exact
    # Not the reversed-sign fixed offsets ("Etc/GMT+3" for "gmt"): offsets are read above.
    found = [zone for zone in _all_zones() if needle in _normal(zone)]
    return [zone for zone in found if not re.fullmatch(r"Etc/GMT[+-]\d+", zone)][:limit]


def _offset_zone(sign: str, hours: str, minutes: str | None) -> list[str]:
    east = sign == "+"
    if (minutes and int(minutes)) or int(hours) > (14 if east else 12):
        return []
    if int(hours) == 0:
        return ["Etc/UTC"]
    return [f"Etc/GMT{'-' if east else '+'}{int(hours)}"]  # IANA: the sign is reversed


def _normal(text: str) -> str:
    """'Port au Prince', 'port-au-prince' and 'Port_au_Prince' compare equal."""
    return "".join("_" if ch in " -_" else ch for ch in text.strip().lower())


def zone_or_utc(name: str | None) -> dt.tzinfo:
    """A user's IANA zone; UTC when it is unset or unknown (never an exception)."""
    if not name:
        return dt.UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def today_in(zone: str, now: dt.datetime | None = None) -> dt.date:
    """Today's date in a time zone (an unknown zone counts as UTC): a user's "today"."""
    return (now or utcnow()).astimezone(zone_or_utc(zone)).date()
