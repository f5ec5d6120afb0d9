"""A Babel extractor for plan files: each indicator label becomes a msgid.

babel.cfg:

    [bot.indicators.babel_extract.extract_plan: bot/indicators/plans/**.yaml]

(a dotted path: Babel splits the section name at the first colon, so `module:func` fails).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from bot.indicators.plan import parse_plan


def extract_plan(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Yield (line, funcname, message, comments) for each indicator label of a plan file."""
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    plan = parse_plan(text, getattr(fileobj, "name", "<plan>"))
    for item in plan.indicators:
        yield item.line, None, item.label, [f"Indicator {item.id} (objective {item.objective})"]
