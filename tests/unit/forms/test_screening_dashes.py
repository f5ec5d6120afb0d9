"""Names and ages set off by dashes, as typed on a phone, are read as with commas: a dash
between a child's age and what befell her hid it ('two boys - brian 12 & kevin 13 - were
arrested' was accepted where the same with commas was refused)."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("two boys - brian 12 & kevin 13 - were arrested", ["brian", "kevin"]),
        ("brian 12 & kevin 13 - were arrested", ["brian", "kevin"]),
        ("kevin 12 - still out of school", ["kevin"]),
        ("kevin 12 - was beaten - brian 3 is the driver", ["kevin"]),
    ],
)
def test_a_dash_before_what_befell_a_child_hides_no_age(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Peter 3 - Mary 2 - done",
        "kevin 3 - brian 2 - still pending",
        "reports: kevin 2 - still outstanding",
        "lilian 5 - on leave",
        "sessions: kevin 3 - brian 2",
        "Grace 12 - sessions done",
    ],
)
def test_tallies_set_off_by_dashes_are_accepted(text: str) -> None:
    assert screen_text(text) == []
