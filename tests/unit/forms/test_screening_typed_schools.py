"""A child's school typed in lower case, as on a phone, is found with her name: the note offered
back without her name kept "ecole st louis", which with her age still points to her."""

import pytest

from bot.forms.screening import screen_text, without_findings


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("ketsia 12 ans, ecole st louis", [("child", "ketsia"), ("school", "ecole st louis")]),
        (
            "kevin 12 ans, 5e annee, ecole st louis",
            [("child", "kevin"), ("school", "ecole st louis")],
        ),
        ("Ketsia, 12 ans, ecole St Louis", [("child", "Ketsia"), ("school", "ecole St Louis")]),
        # the school's name before the word for school, as English says it
        (
            "kevin 12 dropped out, st mary school",
            [("child", "kevin"), ("school", "st mary school")],
        ),
        (
            "kevin 12 dropped out, st. mary's primary school",
            [("child", "kevin"), ("school", "st. mary's primary school")],
        ),
        (
            "mwende 12 out of school, kilonzo secondary school",
            [("child", "mwende"), ("school", "kilonzo secondary school")],
        ),
    ],
)
def test_a_childs_school_typed_in_lower_case_is_found_with_her_name(
    text: str, found: list[tuple[str, str]]
) -> None:
    assert [(f.kind, text[f.start : f.end]) for f in screen_text(text)] == found


def test_the_note_offered_back_keeps_neither_her_name_nor_her_school() -> None:
    text = "ketsia 12 ans, ecole st louis"
    assert without_findings(text, screen_text(text)) == "[…] 12 ans, […]"


@pytest.mark.parametrize(
    "text",
    [
        "kevin 12, school fees unpaid",
        "Formation à l ecole st louis pour 25 enseignants",
        "moyenne 12 ans, ecole st louis",
        "kevin 12 dropped out, his school is far",
        "kevin 12 dropped out of the primary school",
    ],
)
def test_school_fees_or_a_school_in_a_note_naming_no_child_are_no_finding(text: str) -> None:
    assert [f.kind for f in screen_text(text) if f.kind == "school"] == []


@pytest.mark.parametrize(
    ("text", "offered"),
    [
        ("Tiago 12 anos faltou a escola 2 semanas", "[…] 12 anos faltou a escola 2 semanas"),
        ("Brian 12 yrs missed school 3 days", "[…] 12 yrs missed school 3 days"),
        ("Kevin 12 yrs, pupil at school 4 for 2 weeks", "[…] 12 yrs, pupil at […] for 2 weeks"),
    ],
)
def test_how_long_a_child_missed_school_is_no_schools_number(text: str, offered: str) -> None:
    # "escola 2 semanas" was read as a school named "Escola 2", and cut from the offered note
    assert without_findings(text, screen_text(text)) == offered
