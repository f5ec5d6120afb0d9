"""Ordinary field notes, generated: staff named with their roles and tallies, places counted,
groups of children by age, in the seven languages, in capitals or typed in lower case. No
child is in them, so the screening finds none ("reports from Baraka (14) and Hope (3)" asked
to remove "Baraka, Hope": what each had handed in, read as two children's ages)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.forms.screening import CHILD, screen_text

STAFF = (
    "Mary Wanjiru", "Jean Baptiste", "Grace", "Peter", "Juma", "Amina", "Rakoto", "Fatima",
    "Kevin", "Ana Silva", "Rosa", "Mercy", "Neema", "Hope", "Joy", "Baraka", "Faith", "Ali",
    "Rasoa", "Marie Joseph", "Otieno", "Mwangi", "فاطمة", "أحمد",
)  # fmt: skip
ROLES = (
    "CPO", "teacher", "facilitator", "officer", "Mr.", "Mrs.", "Dr.", "animateur", "Mme",
    "Lic.", "profesora", "doña", "Prof.", "Sra.", "Mwl.", "mwalimu", "Bi.", "Ramatoa",
    "mpampianatra", "الأستاذة", "المنسق",
)  # fmt: skip
PLACES = ("Kibera", "Jacmel", "Cochabamba", "Mocuba", "Antsirabe", "Kisumu", "Gonaives")
TEMPLATES = (
    "{role} {name} trained {n} teachers in {place}",
    "{name} facilitated, {n} pupils attended",
    "{n} girls and {m} boys aged 10-14 at {place}",
    "{name} {n} sessions, {name2} {m} sessions",
    "reports from {name} ({n}) and {name2} ({m})",
    "forms from {name} ({n}), {name2} ({m})",
    "met {n} parents with {role} {name} at {place}",
    "{name} submitted {n} forms",
    "{place} ({n}), {place2} ({m})",
    "{role} {name} a formé {n} enseignants à {place}",
    "fiches de {name} ({n}), {name2} ({m})",
    "{name} en congé {n} jours",
    "{role} {name} capacitó a {n} docentes en {place}",
    "{n} meninas e {m} meninos em {place}",
    "{role} {name} alifundisha walimu {n} {place}",
    "ripoti kutoka kwa {name} ({n}) na {name2} ({m})",
    "{name} vikao {n}, {name2} vikao {m}",
    "{role} {name} nampiofana mpampianatra {n} tao {place}",
    "{role} {name} درّبت {n} معلما في {place}",
)
AGE = st.integers(min_value=1, max_value=17)


@settings(max_examples=300, deadline=None)
@given(
    template=st.sampled_from(TEMPLATES),
    role=st.sampled_from(ROLES),
    name=st.sampled_from(STAFF),
    name2=st.sampled_from(STAFF),
    place=st.sampled_from(PLACES),
    place2=st.sampled_from(PLACES),
    n=AGE,
    m=AGE,
    lower=st.booleans(),
)
def test_an_ordinary_note_names_no_child(
    template: str,
    role: str,
    name: str,
    name2: str,
    place: str,
    place2: str,
    n: int,
    m: int,
    lower: bool,
) -> None:
    note = template.format(role=role, name=name, name2=name2, place=place, place2=place2, n=n, m=m)
    if lower:
        note = note.lower()
    assert [note[f.start : f.end] for f in screen_text(note) if f.kind == CHILD] == []


def test_reports_handed_in_by_a_child_who_was_harmed_still_name_her() -> None:
    note = "forms from Kevin (13) and Mercy (11), both beaten"
    assert [note[f.start : f.end] for f in screen_text(note)] == ["Kevin", "Mercy"]


@pytest.mark.parametrize(
    "note",
    [
        "Fiches de Marie (5), Jean (2)",
        "Rapports de Marie (5) et Jean (2)",
        "Fichas de Rosa (12), Pedro (4)",
        "Informes de Rosa (5) y Pedro (2)",
        "Relatórios de Ana (12) e Pedro (4)",
        "Fiches reçues de Marie (5), Jean (2)",
        "Reports received from Kevin (5) and Mercy (2)",
    ],
)
def test_reports_handed_in_opening_the_note_name_no_child(note: str) -> None:
    # capitalised at the start of the note, "Fiches de Marie" was read as one name
    assert screen_text(note) == []


def test_reports_opening_the_note_of_a_child_who_was_harmed_still_name_her() -> None:
    note = "Fiches de Marie (5), Jean (2), both beaten"
    assert [note[f.start : f.end] for f in screen_text(note)] != []


@pytest.mark.parametrize(
    "note",
    [
        "Fiches de Marie (5), Jean (2), tous deux battus",
        "fiches de Marie (5), Jean (2), victimes",
        "Fichas de Rosa (12), Pedro (4), ambos golpeados",
        "Relatórios de Ana (12) e Pedro (4), ambos espancados",
    ],
)
def test_two_children_harmed_said_in_the_plural_still_name_them(note: str) -> None:
    # accepted: only the singular ("battue", "golpeada") was said of a child listed
    assert [note[f.start : f.end] for f in screen_text(note)] != []
