"""What a reason for withdrawing a report must be: short, and free of personal data."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot.forms.screening import screen_text

# A reason stays in the report's history: a few words, at most this long once its spaces are
# tidied.
REASON_MIN = 3
REASON_MAX = 300


class ReasonProblem(StrEnum):
    LENGTH = "length"  # under REASON_MIN or over REASON_MAX characters
    PERSONAL_DATA = "personal_data"  # a name, a phone number, an e-mail address...


def tidy_reason(text: str) -> str:
    """The typed reason on one line, its runs of spaces and line breaks made single spaces."""
    return " ".join(text.split())


def reason_problem(reason: str, pii_patterns: Sequence[str] = ()) -> ReasonProblem | None:
    """What is wrong with a tidied reason, or None; `pii_patterns` are the deployment's extra
    patterns of personal data (Settings.pii_patterns)."""
    if not REASON_MIN <= len(reason) <= REASON_MAX:
        return ReasonProblem.LENGTH
    if screen_text(reason, pii_patterns):
        return ReasonProblem.PERSONAL_DATA
    return None
