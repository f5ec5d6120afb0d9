"""Issue 13, observation 5: what passed the screening (a named child, split or spelt phone
numbers, disguised e-mails, document numbers, profile links) is refused; what was refused by
mistake ("We trained 123 4567 people") and ordinary report sentences are accepted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.forms.screening import screen_text
from bot.forms.screening_words import NAME_PARTICLES


def flagged(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in screen_text(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Marie Joseph, 12 ans, victime", "Marie Joseph"),
        ("the girl Anne Pierre (age 9) from Jacmel", "Anne Pierre"),
        ("La niña María López, de 10 años, fue atendida.", "María López"),
        ("O menino João Silva, 8 anos, aluno da escola.", "João Silva"),
        ("Mtoto Amina Juma (miaka 11) ni mwathirika.", "Amina Juma"),
        ("Rasoa, zazavavy 12 taona, niharam-boina.", "Rasoa"),
        ("الطفلة فاطمة علي (12 سنة) ضحية عنف.", "فاطمة علي"),
        ("marie joseph, 12 ans, victime", "marie joseph"),  # typed without capitals
        ("Une mineure nommée Rose a été retrouvée.", "Rose"),
        ("Kervens, 11 ans, a été arrêté.", "Kervens"),  # a name in no list, before an age
        ("Sandrine Lafleur, 10, lives in Carrefour.", "Sandrine Lafleur"),
        # A sentence's first word, in no list, with an age next to it.
        ("Kervenson, 12 ans, victime de viol.", "Kervenson"),
        ("Ketsia est une victime de 12 ans.", "Ketsia"),
        ("Brayan tiene 14 años.", "Brayan"),
        ("Kassim ni mtoto wa miaka 10.", "Kassim"),
        ("Rasoa, 12 taona eo ho eo, niharam-boina.", "Rasoa"),  # "about 12"
        ("Kevin, 12 y/o, sells water.", "Kevin"),
        # Arabic names in no list: after a child word and before an age, or after "اسمها".
        ("الطفلة رغد، 12 سنة، تعرضت للعنف.", "رغد"),
        ("اسمها رغد وعمرها 12 سنة.", "رغد"),
        # Relatives, and a street child ("street" is no institution here).
        ("Her nephew Brian, 11, was detained.", "Brian"),  # "-ian": not a demonym here
        ("Nous avons rencontré sa nièce Ketsia au marché.", "Ketsia"),
        ("We met the street boy Junior at the market.", "Junior"),
        ("El niño de la calle Brayan, 12 años.", "Brayan"),
        ("O menino de rua Junior, 12 anos.", "Junior"),
    ],
)
def test_a_name_next_to_a_child_word_or_an_age_is_a_child_identified(text: str, name: str) -> None:
    assert flagged(text) == [("child", name)]


@pytest.mark.parametrize(
    "text",
    [
        "We trained 25 teachers in Jacmel",
        "Le juge Pierre Martin a présidé",
        "12 enfants de 10 à 14 ans",
        "Wanafunzi 30 walishiriki",
        "We trained 123 4567 people",  # refused before: seven digits split by a space
        "Le juge des enfants Paul Michel a reçu les policiers.",
        "Marie Joseph, child protection officer, led the session.",
        "La formatrice Marie Joseph a animé la séance sur les droits de l'enfant.",
        "Pendant 12 ans, Marie Joseph a dirigé le centre.",
        "Forty children from Les Cayes aged 8 to 12 joined the club.",
        "القاضي محمد علي ترأس الجلسة.",
        "الطفلة تعرضت للعنف في المدرسة.",
        "Mwalimu Juma alifundisha wanafunzi 30.",
        "Ny mpitsara Rakoto no nitarika ny fivoriana.",
        "La sesión fue el 28/11/2026 de 14:30 a 16:45.",
        "Les notes sont passées de 12/20 à 16/20.",
        "Résultats par classe : 45, 38, 52 et 41 élèves.",
        "Follow our campaign on Facebook and Instagram.",
        "We met at the town hall at 9 am.",
        "الطفلة آمنة الآن في مركز الإيواء.",  # the girl is safe now (not Amina)
        "Enfants de la zone Bel-Air, 12 ans en moyenne.",  # a group's average age
        "Jacmel, 12 ans après le séisme, reconstruit ses écoles.",  # a time, not an age
        "Mpianatra avy any Ranomafana, 12 taona eo ho eo.",  # a town shaped like a name
        "Formations (12), ateliers (5) et visites (3) ce trimestre.",
        # A sentence's first word and a number: counts, places, lengths of time.
        "Total, 12.",
        "Referrals, 12; follow-ups, 8.",
        "Kenscoff, 12, was the largest group.",
        "Goma, 13 ans de conflit.",
        "Bukavu, 12 ans de présence.",
        "Ambositra, 10 taona niasana.",
        "Average age 12 and 13.",
        # Acronyms with dots, and a length of time or a count.
        "P.N.H., 12 ans de partenariat.",
        "U.K., 12 years of funding.",
        "B.P.M., 12.",
        "Sessions with D.P.J., 14, and police, 8.",
        # Arabic: what a child is, not a name.
        "الطفلة النازحة، 13 سنة، تعيش في المخيم.",
        "الطفل المتضرر 10 سنوات.",
        "الطفلة بخير، 12 سنة.",
        "Los niños de la calle Bolívar participaron.",  # the street's children
    ],
)
def test_ordinary_report_sentences_are_accepted(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Appelez le 3712/3456", "3712/3456"),
        ("Tel: 37 12, 34 56", "37 12, 34 56"),
        ("Numéro : 0712\n345\n678", "0712\n345\n678"),
        ("Tel 3712–3456", "3712–3456"),
        ("zéro six douze trente-quatre cinquante-six soixante-dix-huit", None),
        ("sifuri saba moja mbili tatu nne tano sita saba", None),
        ("الهاتف: صفر ستة واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية", None),
        ("رقم الأب: ٠٦١٢، ٣٤٥، ٦٧٨", "٠٦١٢، ٣٤٥، ٦٧٨"),
        ("Call 555-0199 tomorrow", "555-0199"),
        ("Call me on 123 4567", "123 4567"),  # a phone word makes seven digits a number
    ],
)
def test_split_and_spelt_phone_numbers_are_found(text: str, found: str | None) -> None:
    findings = flagged(text)
    assert [kind for kind, _ in findings] == ["phone"]
    if found is not None:
        assert findings[0][1] == found


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("jean(at)gmail.com", "email", "jean(at)gmail.com"),
        ("jean at gmail dot com", "email", "jean at gmail dot com"),
        ("écrire à marie [at] ong [point] org", "email", "marie [at] ong [point] org"),
        ("correo: juan arroba hotmail punto com", "email", "juan arroba hotmail punto com"),
        ("Passeport n° AB123456", "document", "AB123456"),
        ("acte de naissance n° 1452 du 3 mars 2014", "document", "1452"),
        ("case file HT-2023-0456", "document", "HT-2023-0456"),
        ("شهادة الميلاد رقم 4521/2014", "document", "4521/2014"),
        ("facebook.com/jean.pierre.509", "social", "facebook.com/jean.pierre.509"),
        ("son Facebook : marie_joseph12", "social", "marie_joseph12"),
        ("suivez-la sur Instagram @marie.jo", "social", "@marie.jo"),
    ],
)
def test_disguised_addresses_documents_and_profiles_are_found(
    text: str, kind: str, found: str
) -> None:
    assert flagged(text) == [(kind, found)]


VOCABULARY = (
    "the a le la el o ny child enfant niña mtoto zaza طفل 12 ans years miaka taona سنة , ( ) "
    "judge juge Marie Joseph Jacmel trained formé 25 victime victim élève named nommée"
)
WORDS = st.sampled_from(VOCABULARY.split())


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=30))
def test_a_child_finding_is_always_a_name_like_word(words: list[str]) -> None:
    text = " ".join(words)
    for finding in screen_text(text):
        if finding.kind == "child":
            found = text[finding.start : finding.end].split()
            # A name's particles ("Abd el Kader", "Maria da Silva") belong to the name.
            names = {"Marie", "Joseph", "Jacmel"}
            inner = found[1:-1]
            assert {found[0], found[-1]} <= names, text
            assert set(inner) <= names | NAME_PARTICLES, text


@pytest.mark.parametrize(
    "text",
    [
        "Nous avons vu Ketsia et Wideline, 12 et 10 ans.",
        "Kevin and Brian, 12 and 13, were arrested.",
    ],
)
def test_two_named_children_with_an_age_each_are_not_an_age_range(text: str) -> None:
    """The word "and" joins a range's ends only after "between": here each child has their age."""
    assert len(flagged(text)) == 2
    assert flagged("Entre 10 et 14 ans, les enfants de Jacmel ont participé.") == []


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("Appelez 0712\u200e345\u200e678", "phone", "0712\u200e345\u200e678"),
        ("Marie\u200b Joseph, 12 ans, victime", "child", "Marie\u200b Joseph"),
    ],
)
def test_invisible_characters_hide_nothing(text: str, kind: str, found: str) -> None:
    """Direction marks or zero-width spaces between the digits of a phone number, or inside a
    name, are read through; what is reported is the text as typed."""
    assert flagged(text) == [(kind, found)]


@pytest.mark.parametrize(
    ("text", "found"),
    [("A.J., 12 ans, victime de viol.", "A.J."), ("K.B., 14 ans, victime de traite.", "K.B.")],
)
def test_initials_with_an_age_identify_a_child(text: str, found: str) -> None:
    assert flagged(text) == [("child", found)]
    assert flagged("Selon la C.D.E., 12 ans est un âge clé.") == []  # an acronym
