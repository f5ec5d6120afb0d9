"""A heading of children closed by "today" before its colon: "Pupils absent today: Amina,
Baraka" was accepted where "Pupils absent: Amina, Baraka" was refused."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Pupils absent today: Amina, Baraka", ["Amina", "Baraka"]),
        ("Std 7 pupils absent today: Amina, Baraka", ["Amina", "Baraka"]),
        ("Élèves absents aujourd'hui : Kadiatou, Mamadou", ["Kadiatou", "Mamadou"]),
        ("wanafunzi hawakuja leo: Amina, Baraka", ["Amina", "Baraka"]),
    ],
)
def test_children_listed_under_a_heading_saying_when_are_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Teachers absent today: Amina, Baraka",
        "Pupils trained today by: Amina, Baraka",
        "Today: Amina, Baraka facilitated",
        "Children met today: Kibera 12, Mathare 8",
    ],
)
def test_adults_or_places_under_such_a_heading_are_left_alone(text: str) -> None:
    assert screen_text(text) == []
