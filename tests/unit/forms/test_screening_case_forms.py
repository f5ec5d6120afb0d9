"""A note typed as a case form, one field a line (or between semicolons): the name on one line,
the child's age on the next was accepted ('Name: Kevin\\nAge: 13'), the rule reading one
sentence at a time."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Name: Kevin\nAge: 13", ["Kevin"]),
        ("Name: Kevin\n\nAge: 13", ["Kevin"]),
        ("Age: 13\nName: Kevin", ["Kevin"]),
        ("Name: Kevin; Age: 13", ["Kevin"]),
        ("Name: Kevin Otieno. Age: 13", ["Kevin Otieno"]),
        ("Prénom : Kervenson ; âge : 12 ans", ["Kervenson"]),
        ("Nom : Ketsia\nÂge : 9 ans", ["Ketsia"]),
        ("Nombre: Yesenia\nEdad: 13", ["Yesenia"]),
        ("Jina: Neema\nUmri: miaka 12", ["Neema"]),
        ("الاسم: يوسف\nالعمر: ١٠", ["يوسف"]),
    ],
)
def test_a_name_field_beside_a_childs_age_field_is_a_child_named(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Name of trainer: Kevin\nAge: 35",
        "Name: Kevin\nAge: 35",
        "Name: Kevin\nSessions: 13",
        "Name: Kevin\nAge group: 10-14",
        "Facilitator name: Mary\nAge: 12 yrs experience",
        "Venue name: Uhuru Hall\nAge: 12-14",
        "Session name: Hope\nAges: 10 to 14",
    ],
)
def test_an_adults_age_a_count_or_an_age_group_beside_a_name_is_no_child(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Average age: 13",
        "Average Age: 13",
        "Median age: 13",
        "Moyenne d âge : 12 ans",
        "Media de edad: 12 años",
        "Wastani wa umri: miaka 12",
        "متوسط العمر: ١٢",
        "Average age: 13\nName: Grace Achieng",
    ],
)
def test_a_groups_average_age_is_no_child_named_average(text: str) -> None:
    """'Average age: 13' was refused as a child named 'Average'."""
    assert screen_text(text) == []
