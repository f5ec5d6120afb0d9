"""A stored report as every layer sees it, its human reference, and who may do what with it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from bot.domain.enums import OVERSEERS, REPORTERS
from bot.domain.people import UserView


@dataclass(frozen=True)
class ReportView:
    id: UUID
    kind: str
    form_id: str
    form_version: int
    author_user_id: int | None
    country: str
    field: str
    event_date: date
    answers: dict[str, Any]
    version: int
    submitted_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by_user_id: int | None = None
    withdraw_reason: str | None = None
    # Withdrawals a restore undid: {"at", "by", "reason", "restored_at", "restored_by"}.
    past_withdrawals: tuple[dict[str, Any], ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def reference(self) -> str:
        return report_reference(self.id)


# Crockford's base 32: no I, L, O or U, so a reference read aloud or typed is not misread.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def report_reference(report_id: UUID) -> str:
    """A short human reference for a report, 'R-7F3K2A': the id's first 30 bits in base 32.

    For people to quote ("about R-7F3K2A…"), not a key: over a million references, two
    reports out of a few thousand share one by chance only rarely, and the id stays the key.
    """
    bits = report_id.int >> (128 - 30)
    chars = [_CROCKFORD[(bits >> shift) & 31] for shift in range(25, -1, -5)]
    return "R-" + "".join(chars)


# A reference as people quote it: "R-7F3K2A", "r-7f3k2a", "R 7F3K2A", or its six characters.
_QUOTED_REFERENCE = re.compile(
    r"\s*(?:([Rr])\s*[-\u2010\u2011\u2013\u2014]?\s*)?([0-9A-Za-z]{6})[.!]?\s*"
)


def reference_bits(text: str) -> int | None:
    """The 30 bits of the report reference `text` is ('R-7F3K2A', 'r-7f3k2a', '7F3K2A'); None
    when it is none. Six characters without the 'R-' are one only with a digit or in capitals,
    as the confirmation shows them: 'canada' typed alone is a word, not a reference. I and L
    are read as 1, O as 0 (Crockford's base 32)."""
    match = _QUOTED_REFERENCE.fullmatch(text)
    if match is None:
        return None
    prefix, chars = match.groups()
    if prefix is None and not (any(ch.isdigit() for ch in chars) or chars.isupper()):
        return None
    bits = 0
    for ch in chars.upper().replace("I", "1").replace("L", "1").replace("O", "0"):
        if ch not in _CROCKFORD:
            return None
        bits = bits << 5 | _CROCKFORD.index(ch)
    return bits


def reference_id_range(bits: int) -> tuple[UUID, UUID]:
    """The lowest and highest report ids whose reference has these 30 bits."""
    return UUID(int=bits << 98), UUID(int=((bits + 1) << 98) - 1)


EDIT_WINDOW = dt.timedelta(days=7)


def may_read(user: UserView, report: ReportView) -> bool:
    if report.author_user_id == user.id:
        return True
    return user.scope(*OVERSEERS).covers(report.country)


def may_edit(user: UserView, report: ReportView, now: dt.datetime) -> bool:
    return why_not_edit(user, report, now) is None


def why_not_edit(
    user: UserView, report: ReportView, now: dt.datetime
) -> Literal["not_author", "no_role", "withdrawn", "too_late"] | None:
    """Why `user` may not correct (or, as its author, withdraw) `report` now (None: they may).
    Asked when Edit is tapped and again when the corrections are saved: a report can be
    withdrawn, its 7 days end, or its author's reporting role lose its country (or end) while
    its review card is open."""
    if report.author_user_id != user.id:
        return "not_author"
    if not user.scope(*REPORTERS).covers(report.country):
        return "no_role"
    if report.withdrawn:
        return "withdrawn"
    if now - report.submitted_at > EDIT_WINDOW:
        return "too_late"
    return None


def may_withdraw(user: UserView, report: ReportView, now: dt.datetime) -> bool:
    """The author within the edit window, or a manager (or admin) of its country at any time."""
    if report.withdrawn:
        return False
    return may_edit(user, report, now) or user.scope(*OVERSEERS).covers(report.country)


def may_restore(user: UserView, report: ReportView) -> bool:
    return report.withdrawn and user.scope(*OVERSEERS).covers(report.country)


def network_key(country: str | None, name: Any) -> str | None:
    """Which network a report supports, so that five meetings of one network count one network:
    its country and a digest of its name folded ("Réseau des ONG de Jacmel", "RESEAU des ONG
    de Jacmel." and "reseau des ong de jacmel" are one: 'HT:1b6f…'). A digest, not the name:
    the column is counted and shown to BI tools, and holds nothing anyone typed. None without
    a name."""
    if not isinstance(name, str) or not country:
        return None
    folded = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.findall(r"[^\W_]+", letters)
    if not words:
        return None
    digest = hashlib.sha256(" ".join(words).encode()).hexdigest()[:16]
    return f"{country.upper()}:{digest}"
