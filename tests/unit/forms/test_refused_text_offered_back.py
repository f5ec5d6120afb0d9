"""A free text refused by the screening comes back without what was found, to copy and send
again: a field worker had to retype a whole note on a phone to take out one child's name."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.forms.definitions import NOTES
from bot.forms.engine import parse_answer
from bot.forms.screening import PLACEHOLDER, Finding, screen_text, without_findings

TODAY = dt.date(2026, 5, 4)


def _found(*spans: tuple[int, int]) -> list[Finding]:
    return [Finding("child", start, end) for start, end in spans]


def test_each_finding_is_replaced_by_the_placeholder() -> None:
    text = "The children Kevin and Mercy were beaten"
    assert without_findings(text, screen_text(text)) == "The children […] and […] were beaten"
    assert PLACEHOLDER == "[…]"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        (((0, 5), (3, 9)), "[…]efgh"),  # overlapping: one placeholder
        (((3, 9), (0, 5)), "[…]efgh"),  # in any order
        (((0, 5), (5, 9)), "[…]efgh"),  # touching: one placeholder, not "[…][…]"
        (((0, 9), (2, 4)), "[…]efgh"),  # one inside another
        (((0, 2), (4, 6)), "[…]cd[…]ghiefgh"),
        (((11, 13),), "abcdefghief[…]"),  # at the very end
        (((0, 13),), "[…]"),  # the whole text
        ((), "abcdefghiefgh"),
    ],
)
def test_spans_that_overlap_or_touch_are_merged(
    spans: tuple[tuple[int, int], ...], expected: str
) -> None:
    assert without_findings("abcdefghiefgh", _found(*spans)) == expected


def test_offsets_are_characters_so_emojis_around_a_name_stay_whole() -> None:
    # 👧🏽 is two code points and four UTF-16 units: the offsets count code points.
    text = "👧🏽 Kevin, 13 ans 🔴 victime"
    start = text.index("Kevin")
    cleaned = without_findings(text, _found((start, start + 5)))
    assert cleaned == "👧🏽 […], 13 ans 🔴 victime"


def test_a_right_to_left_text_keeps_its_words_around_the_placeholder() -> None:
    text = "الطفلة فاطمة علي (12 سنة) ضحية عنف."
    cleaned = without_findings(text, screen_text(text))
    assert cleaned == "الطفلة […] (12 سنة) ضحية عنف."
    assert screen_text(cleaned) == []


def test_direction_marks_inside_a_phone_number_go_with_it() -> None:
    # The screening reads through invisible characters; its offsets are the text's own.
    text = "Call 0712\u200e345\u200e678 today."
    assert without_findings(text, screen_text(text)) == "Call […] today."


def test_html_special_characters_are_kept_as_typed() -> None:
    # Escaping is the message's business (bot.ui.forms), not the text's.
    text = "Kevin, 13, said <stop> & left; 2 > 1"
    cleaned = without_findings(text, screen_text(text))
    assert cleaned == "[…], 13, said <stop> & left; 2 > 1"


def test_a_refused_note_offers_the_note_without_the_name_and_it_is_accepted() -> None:
    note = "Kevin, 13, was beaten by his uncle. Call his aunt on 0712 345 678 for news."
    error = parse_answer(NOTES, note, {}, locale="en", today=TODAY).error
    assert error is not None
    assert error.params == {"found": "Kevin"}
    assert error.private
    # Everything found goes, the phone number too, not only the kind the message names.
    assert error.suggestion == "[…], 13, was beaten by his uncle. Call his aunt on […] for news."
    again = parse_answer(NOTES, error.suggestion, {}, locale="en", today=TODAY)
    assert again.error is None
    assert again.value == error.suggestion


def test_no_offer_when_the_text_without_the_names_is_refused_too() -> None:
    patterns = (r"\bKe\w+", r"\[")  # a country's rule that the placeholder itself breaks
    error = parse_answer(
        NOTES, "Kevin attended.", {}, locale="en", today=TODAY, screen_patterns=patterns
    ).error
    assert error is not None
    assert error.private
    assert error.suggestion is None


def test_other_refusals_quote_nothing_personal() -> None:
    error = parse_answer(NOTES, "x" * 1001, {}, locale="en", today=TODAY).error
    assert error is not None
    assert not error.private
    assert error.suggestion is None


@pytest.mark.parametrize(
    ("note", "offered"),
    [
        (
            "Kevin, 13, was beaten by his uncle. Kevin now lives with his aunt in Kibera.",
            "[…], 13, was beaten by his uncle. […] now lives with his aunt in Kibera.",
        ),
        (
            "Kevin Otieno, 13, was beaten. His mother says kevin is afraid; KEVIN's aunt called.",
            "[…], 13, was beaten. His mother says […] is afraid; […]'s aunt called.",
        ),
        (
            "Marie Joseph, 12 ans, victime d'abus. Marie est hébergée au centre.",
            "[…], 12 ans, victime d'abus. […] est hébergée au centre.",
        ),
        (
            "Ana Clara (5) está sem escola; a mãe de Ana Clara trabalha na feira.",
            "[…] (5) está sem escola; a mãe de […] trabalha na feira.",
        ),
        (
            "Juma, miaka 12, amepigwa. Tutamfuatilia Juma wiki ijayo.",
            "[…], miaka 12, amepigwa. Tutamfuatilia […] wiki ijayo.",
        ),
        (
            "الطفلة فاطمة علي (12 سنة) ضحية عنف. وفاطمة تعيش مع جدتها.",
            "الطفلة […] (12 سنة) ضحية عنف. و[…] تعيش مع جدتها.",
        ),
    ],
)
def test_the_name_written_again_further_on_is_taken_out_too(note: str, offered: str) -> None:
    """The child's name written a second time, with no age next to it, is no finding of its
    own: the text offered still named the child, and sent back as offered it was accepted."""
    error = parse_answer(NOTES, note, {}, locale="en", today=TODAY).error
    assert error is not None
    assert error.suggestion == offered


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("Además Juanito de 7 años dejó la escuela.", "Además […] de 7 años dejó la escuela."),
        ("Asimismo Rosa, de 10 años, declaró.", "Asimismo […], de 10 años, declaró."),
        ("Ainda Zito, 8 anos, deixou a escola.", "Ainda […], 8 anos, deixou a escola."),
        ("Vilevile Baraka mwenye miaka 9 alifukuzwa.", "Vilevile […] mwenye miaka 9 alifukuzwa."),
        ("Ensuite Kevin, 9 ans, est parti.", "Ensuite […], 9 ans, est parti."),
        ("Farany Feno, 9 taona, tsy mianatra.", "Farany […], 9 taona, tsy mianatra."),
    ],
)
def test_the_word_that_opens_the_sentence_is_not_taken_with_the_name(
    text: str, cleaned: str
) -> None:
    """'Además Juanito de 7 años...' came back as '[…] de 7 años...', the refusal asking to
    remove the name 'Además Juanito': the field worker had to put 'Además' back by hand."""
    assert without_findings(text, screen_text(text)) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        (
            "La niña de 12 años vive en la calle 12 #34, zona 1.",
            "La niña de 12 años vive en la […].",
        ),
        ("La niña de 12 años vive en la calle 12-34.", "La niña de 12 años vive en la […]."),
        ("Msichana wa miaka 12 anaishi nyumba namba 45/2.", "Msichana wa miaka 12 anaishi […]."),
        ("A menina de 11 anos mora na rua 5 nº 12.", "A menina de 11 anos mora na […]."),
    ],
)
def test_a_house_number_is_taken_out_whole(text: str, cleaned: str) -> None:
    """'vive en la calle 12 #34' came back as 'vive en la […] #34': the child's house number
    was still in the note offered back, and sent back as it was, kept."""
    assert without_findings(text, screen_text(text)) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        (
            "Hablamos con Rosa María López, de 10 años, víctima de abuso. "
            "Vive en 4a calle 12-34 zona 1.",
            "Hablamos con […], de 10 años, víctima de abuso. Vive en […].",
        ),
        (
            "Kevin, 12, was beaten. He lives at house no. 12, plot 7, Kibera.",
            "[…], 12, was beaten. He lives at […], Kibera.",
        ),
        (
            "Kevin, 12, was beaten. He lives at house 14, Jogoo Road, Kariobangi.",
            "[…], 12, was beaten. He lives at […], Kariobangi.",
        ),
        (
            "Marie, 9 ans, est battue. Elle habite rue 5 n° 12.",
            "[…], 9 ans, est battue. Elle habite […].",
        ),
        (
            "O menino Zito, 8 anos, foi agredido. Mora na Rua das Flores 45.",
            "O menino […], 8 anos, foi agredido. Mora na […].",
        ),
        (
            "Mtoto Baraka, miaka 9, alipigwa. Anaishi nyumba namba 12, mtaa wa Uhuru.",
            "Mtoto […], miaka 9, alipigwa. Anaishi […].",
        ),
        (
            "Rakoto, 11 taona, nodarohana. Monina ao amin'ny lot II M 45 bis Ambohipo.",
            "[…], 11 taona, nodarohana. Monina ao amin'ny […] Ambohipo.",
        ),
        (
            "الطفلة فاطمة، ١٢ سنة، تعرضت للعنف. تسكن في شارع 12 منزل 34.",
            "الطفلة […]، ١٢ سنة، تعرضت للعنف. تسكن في […].",
        ),
    ],
)
def test_a_childs_address_in_a_later_sentence_is_taken_out_with_her_name(
    text: str, cleaned: str
) -> None:
    """'Rosa María López, de 10 años... Vive en 4a calle 12-34 zona 1' came back with the name
    taken out and the address kept: sent back as it was, a 10-year-old's door was accepted."""
    assert without_findings(text, screen_text(text)) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Training of 30 teachers at the Ministry, rue 5 n° 12, on 4 May.",
        "Formation au Ministère, rue 5 n° 12, avec 30 enseignants.",
        "Taller en la Defensoría, 4a calle 12-34 zona 1, con 25 niños.",
        "Oficina na sede, Rua das Flores 45, com 12 crianças.",
        "Mafunzo ya walimu 40 ofisini, nyumba namba 12, mtaa wa Uhuru.",
        "Fiofanana mpampianatra 20 tao amin'ny lot II M 45 bis Ambohipo.",
        "ورشة في المركز، شارع 12 منزل 34، مع 20 طفلا.",
    ],
)
def test_an_office_or_venue_address_stays_accepted(text: str) -> None:
    """Without a child identified, an address is a place where work is done, not a door."""
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        (
            "Kevin, 12, class 7 at Uhuru Primary School, was beaten.",
            "[…], 12, […], was beaten.",
        ),
        (
            "Marie, 9 ans, élève de CM2 à l'école Lamartine, est battue.",
            "[…], 9 ans, élève de […], est battue.",
        ),
        (
            "Rosa, de 10 años, estudia en la Escuela Simón Bolívar.",
            "[…], de 10 años, estudia en la […].",
        ),
        (
            "A aluna Ana, 11 anos, da 5ª série da Escola Estadual Dom Pedro II, faltou.",
            "A aluna […], 11 anos, da […], faltou.",
        ),
        (
            "Mwanafunzi Baraka, miaka 9, darasa la tatu katika Shule ya Msingi Uhuru, alipigwa.",
            "Mwanafunzi […], miaka 9, […], alipigwa.",
        ),
        (
            "Rakoto, 11 taona, mpianatra ao amin'ny Sekoly EPP Ambohipo, nodarohana.",
            "[…], 11 taona, mpianatra ao amin'ny […], nodarohana.",
        ),
        (
            "التلميذ عمر، ١٠ سنوات، في الصف الرابع في مدرسة النور، تعرض للضرب.",
            "التلميذ […]، ١٠ سنوات، في […]، تعرض للضرب.",
        ),
    ],
)
def test_a_childs_class_and_named_school_are_taken_out_with_her_name(
    text: str, cleaned: str
) -> None:
    """'Kevin, 12, class 7 at Uhuru Primary School' came back as '[…], 12, class 7 at Uhuru
    Primary School': a 12-year-old boy of one class of one school is Kevin all the same."""
    assert without_findings(text, screen_text(text)) == cleaned


@pytest.mark.parametrize(
    "text",
    [
        "Training of 30 teachers at Uhuru Primary School.",
        "Formation à l'école Lamartine : 30 enseignants de CM2.",
        "Taller en la Escuela Simón Bolívar con 25 niños de 10 a 12 años.",
    ],
)
def test_a_named_school_with_no_child_identified_stays_accepted(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("note", "name", "offered"),
    [
        (
            "À l'école Lamartine, Marie, 9 ans, est battue.",
            "Marie",
            "À l'[…], […], 9 ans, est battue.",
        ),
        (
            "She lives at house 14, Jogoo Road. Kevin, 12, was beaten.",
            "Kevin",
            "She lives at […]. […], 12, was beaten.",
        ),
    ],
)
def test_a_school_or_address_written_before_the_child_asks_for_her_name_first(
    note: str, name: str, offered: str
) -> None:
    """'À l'école Lamartine, Marie, 9 ans' asked to remove the school: the officer did, and
    'Marie, 9 ans' was refused again for the name. The school is a finding only because Marie
    is named; the refusal names her, and the text offered back still loses both."""
    error = parse_answer(NOTES, note, {}, locale="fr", today=TODAY).error
    assert error is not None
    assert error.msgid.startswith("Please remove the name")
    assert error.params == {"found": name}
    assert error.suggestion == offered
