"""Years at work said after a staff member's name are no child's age: 'Brian 14 years with the
organisation', 'Juma miaka 12 kazini' (at work), 'أحمد ١٢ سنة في الخدمة' (in service) were
refused as boys."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "Brian 14 years with the organisation",
        "Juma miaka 12 kazini",
        "أحمد ١٢ سنة في الخدمة",
        # the same said in the other languages, or "at" the organisation
        "Rosa 14 años en la organización",
        "Marie 14 ans dans l'organisation",
        "Marie 14 ans avec l'ONG",
        "Ana 14 anos na organização",
        "Juma miaka 12 katika shirika",
        "أحمد ١٢ سنة في المنظمة",
        "Rakoto 12 taona ao amin'ny fikambanana",
        "Brian 14 years at the NGO",
    ],
)
def test_years_with_an_organisation_at_work_or_in_service_are_a_career(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Kevin 12 years in the street", ["Kevin"]),
        ("the girl Amina 12 years with the family", ["Amina"]),
        ("أحمد ١٢ سنة في الشارع", ["أحمد"]),
        ("فاطمة ١٢ سنة في المدرسة", ["فاطمة"]),
        ("Brian, 14, with the organisation since March", ["Brian"]),
        ("Kevin 14 years in the company of older boys", ["Kevin"]),
        ("found Kevin 14 years in the company of street boys", ["Kevin"]),
        ("Ana 12 anos na polícia", ["Ana"]),
        ("Kevin 12 years at work in the quarry", ["Kevin"]),
    ],
)
def test_a_childs_years_in_the_street_or_at_school_stay_her_age(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Neema miaka 12 kazini kwa tajiri",
        "Neema miaka 12 kazini kwa mjomba wake",
        "Neema miaka 12 kazi za ndani",
        "Rosa 12 años en la empresa de su tío",
        "Rosa 12 años trabajo doméstico",
        "Marie 12 ans dans l'entreprise de son oncle",
        "Marie 12 ans de travail chez un commerçant",
        "Kevin 12 years work for a farmer",
        "Ana 12 anos trabalho doméstico",
        "Kervens 14 ans travail lakay",  # Haitian Creole: works at home (someone's house)
    ],
)
def test_a_childs_years_at_work_for_a_person_or_in_a_house_are_her_age(text: str) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == [
        text.split()[0]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Juma miaka 12 kazini",
        "Juma miaka 12 kazini katika shirika",
        "Rosa 12 años en la empresa",
        "Kevin 12 years with the company",
        "Marie 15 ans de travail avec notre organisation",
    ],
)
def test_years_at_work_with_no_employer_named_stay_a_career(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text", ["Père Jean 12 ans de sacerdoce", "Father Peter 12 years of priesthood"]
)
def test_a_priests_years_of_priesthood_are_a_career(text: str) -> None:
    assert screen_text(text) == []


def test_years_of_short_stature_stay_a_childs_age() -> None:
    text = "Kevin 12 años de baja estatura"
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == ["Kevin"]


@pytest.mark.parametrize(
    "text",
    [
        "Peter 12 years of work for the family welfare programme",
        "Rosa 3 trabaja en la oficina",
    ],
)
def test_work_for_a_family_programme_or_at_work_at_three_is_a_staff_members(text: str) -> None:
    assert screen_text(text) == []
