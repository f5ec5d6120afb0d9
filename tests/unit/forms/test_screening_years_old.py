"""'a 13 year old Brian Otieno was arrested' was accepted where 'a 13-year-old Brian Otieno' was
refused: the age ended at "year", and "old" stood between it and the name."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("a 13 year old Brian Otieno was arrested", ["Brian Otieno"]),
        ("case of 13 yr old Brian Otieno", ["Brian Otieno"]),
        ("case of 13 yrs old Brian Otieno", ["Brian Otieno"]),
        ("met 13 yr old brian", ["brian"]),
        ("Brian Otieno 13 years old", ["Brian Otieno"]),
        ("Kevin, 13 years old, was beaten", ["Kevin"]),
    ],
)
def test_a_name_after_an_age_in_years_old_is_a_childs(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "the 12 years old trainer Brian Otieno",
        "12 yr old program Brian Otieno manages",
        "the 12 year old programme of Brian Otieno",
        "our 12 year old partnership with Plan",
    ],
)
def test_a_role_or_a_thing_that_old_is_no_child(text: str) -> None:
    assert screen_text(text) == []
