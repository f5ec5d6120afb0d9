"""A note typed in capitals throughout, as on many feature phones: a family or second name that
no list knows as a given name is no acronym there ("CLARA", "SILVA" were read as "UNICEF" is,
and 'MARIA CLARA 10 ANOS ABUSADA' was accepted where 'Maria Clara 10 anos abusada' was
refused)."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ANA CLARA 10 ANOS ABUSADA", ["ANA CLARA"]),
        ("MARIA CLARA 10 ANOS ABUSADA", ["MARIA CLARA"]),
        ("MARIA SILVA, 10 ANOS, ABUSADA", ["MARIA SILVA"]),
        ("JOHN KAMAU 12 YRS OUT OF SCHOOL", ["JOHN KAMAU"]),
        ("GIRL 12 YRS NEEMA WAMBUI DEFILED", ["NEEMA WAMBUI"]),
        # the verb after the name is no part of it
        ("EL ALUMNO DIEGO DENUNCIÓ A SU PROFESOR.", ["DIEGO"]),
        ("EL ALUMNO DIEGO RAMÍREZ DENUNCIÓ A SU PROFESOR.", ["DIEGO RAMÍREZ"]),
        ("MWANAFUNZI BARAKA OTIENO ALIMRIPOTI MWALIMU WAKE.", ["BARAKA OTIENO"]),
        ("A ALUNA ANA SOUZA DENUNCIOU O PROFESSOR", ["ANA SOUZA"]),
    ],
)
def test_a_child_named_in_capitals_is_found_whole(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "FORMATION UNICEF 25 ENSEIGNANTS",
        "MARIE JOSEPH UNICEF 12 SEANCES",
        "KEVIN OTIENO 12 SESSIONS DONE",
        "MARIA CLARA 40 ANOS PROFESSORA",
        "MARIA CLARA, FACILITADORA, 12 OFICINAS",
    ],
)
def test_adults_and_tallies_in_capitals_are_accepted(text: str) -> None:
    assert screen_text(text) == []
