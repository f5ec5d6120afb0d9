"""A nickname or a name no list knows, an age, then a negation and "goes to school", or "is"
and a gerund: "Rosita 11 años no va a la escuela" and "Joaozinho 10 anos ta trabalhando na
feira" were accepted where "Rosa 11 años no va a la escuela" was refused."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Rosita 11 anos no va a la escuela", ["Rosita"]),
        ("Rosita 11 años no va a la escuela", ["Rosita"]),
        ("Joaozinho 10 anos ta trabalhando na feira", ["Joaozinho"]),
        ("Joaozinho 10 anos nao vai a escola", ["Joaozinho"]),
        ("Marceline 12 ans ne va plus a lecole", ["Marceline"]),
        ("Santiaguito 12 años esta vendiendo dulces", ["Santiaguito"]),
    ],
)
def test_a_childs_name_age_and_what_she_does_or_not_are_found(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Cochabamba 12 años no ha cambiado",
        "Proyecto Esperanza 10 años no tiene fondos",
        "Programa 10 anos nao vai parar",
    ],
)
def test_a_place_or_a_programme_of_so_many_years_is_left_alone(text: str) -> None:
    assert screen_text(text) == []
