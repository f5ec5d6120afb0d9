"""What a withdrawal reason must be (bot/domain/withdrawals.py): a few words, no personal data."""

from __future__ import annotations

import pytest

from bot.domain.withdrawals import REASON_MAX, ReasonProblem, reason_problem, tidy_reason


def test_spaces_and_line_breaks_are_tidied() -> None:
    assert tidy_reason("  entered\n\n twice\t ") == "entered twice"
    assert tidy_reason("") == ""


@pytest.mark.parametrize("reason", ["abc", "entered twice", "x" * REASON_MAX])
def test_a_short_plain_reason_is_taken(reason: str) -> None:
    assert reason_problem(reason) is None


@pytest.mark.parametrize("reason", ["", "ab", "x" * (REASON_MAX + 1)])
def test_too_short_or_too_long_is_refused(reason: str) -> None:
    assert reason_problem(reason) is ReasonProblem.LENGTH


def test_the_length_counts_once_tidied() -> None:
    """Three spaces around two letters are two characters: too short."""
    assert reason_problem(tidy_reason("  a b  ")) is None
    assert reason_problem(tidy_reason("   ab   ")) is ReasonProblem.LENGTH


@pytest.mark.parametrize(
    "reason", ["call me at +509 3712 3456", "write to jean.pierre@example.org"]
)
def test_personal_data_is_refused(reason: str) -> None:
    assert reason_problem(reason) is ReasonProblem.PERSONAL_DATA


def test_the_deployments_own_patterns_count() -> None:
    assert reason_problem("card NE-123456 was wrong") is None
    assert reason_problem("card NE-123456 was wrong", [r"NE-\d{6}"]) is ReasonProblem.PERSONAL_DATA
