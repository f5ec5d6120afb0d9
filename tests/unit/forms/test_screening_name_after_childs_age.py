"""A child described by her age, then her given name typed in lower case after a comma: "girl
12 yrs, mercy" was accepted where "girl 12 yrs, Mercy" was refused."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("girl 12 yrs, mercy", ["mercy"]),
        ("girl 12 yrs, mercy, out of school", ["mercy"]),
        ("girl 12 yrs - mercy", ["mercy"]),
        ("the girl, 14 yrs, joy", ["joy"]),
        ("fille 12 ans, grace", ["grace"]),
        ("msichana miaka 12, neema", ["neema"]),
    ],
)
def test_a_given_name_typed_after_a_childs_age_is_found(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "girls 12 yrs, mercy",
        "girl 12 yrs, grace period ended",
        "class 5 pupils, mercy",
        "met 12 children aged 10, grace and hope clubs",
    ],
)
def test_a_word_after_a_groups_age_or_going_on_is_no_name(text: str) -> None:
    assert screen_text(text) == []
