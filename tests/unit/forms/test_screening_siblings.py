"""A child named with her age, then her brother or sister named with his: both are found, and
the refusal names both (it names every child found). A title is no sibling: "Sister Mary 9
sessions", "Sis. Mary 9" are a nun's tallies."""

import datetime as dt

import pytest

from bot.forms.definitions import NOTES
from bot.forms.engine import parse_answer
from bot.forms.screening import screen_text

CHILDREN = [
    ("Kevin 13 and sister Mary 9", ["Kevin", "Mary"]),
    ("kevin 13 and sister mary 9", ["kevin", "mary"]),
    ("Kevin 13 and his sister Mary 9 dropped out", ["Kevin", "Mary"]),
    ("Kevin 13 et sa soeur Marie 9", ["Kevin", "Marie"]),
    ("Kevin 13 y su hermana María 9", ["Kevin", "María"]),
    ("Kevin 13 e a irmã Maria 9", ["Kevin", "Maria"]),
    ("Juma 13 na dada yake Neema 9", ["Juma", "Neema"]),
    ("his sister Mary 9 came to the session", ["Mary"]),
    ("amina 12 & her bro ali 9", ["amina", "ali"]),
    # "sis" is one sister, not two; "his/her sister" in one word in Swahili and Malagasy
    ("Kevin 13 and sis Mary 9", ["Kevin", "Mary"]),
    ("her sis grace 8", ["grace"]),
    ("Kevin 13 na dadake Neema 9", ["Kevin", "Neema"]),
    ("Juma 12 na kakake Baraka 9", ["Juma", "Baraka"]),
    ("Rakoto 13 sy ny rahavaviny Rasoa 9", ["Rakoto", "Rasoa"]),
]


@pytest.mark.parametrize(("text", "names"), CHILDREN)
def test_a_child_and_her_sibling_named_with_their_ages_are_both_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


TALLIES = [
    "Peter 12 and sister Mary 9 sessions",
    "Peter 12 and Sister Mary 9 sessions",
    "Peter 12 and Sister Mary 9",
    "Bro. Peter 12 and Sis. Mary 9 sessions",
    "Sister Mary 9 sessions",
    "her sister joy 9 sessions",
    "his sister Mary 9 reports done",
    "Kevin 13 and Mary 9",
]


@pytest.mark.parametrize("text", TALLIES)
def test_a_title_or_a_tally_after_the_sibling_is_no_childs_age(text: str) -> None:
    assert screen_text(text) == []


def test_the_refusal_names_the_child_and_her_sister_and_offers_the_note_without_both() -> None:
    note = "Kevin 13 and sister Mary 9"
    error = parse_answer(NOTES, note, {}, locale="en", today=dt.date(2026, 12, 2)).error
    assert error is not None
    assert error.params == {"found": "Kevin, Mary"}
    assert error.suggestion == "[…] 13 and sister […] 9"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("أحمد 13 وأخته فاطمة 9", ["أحمد", "فاطمة"]),
        ("أحمد ١٣ وأخته فاطمة ٩", ["أحمد", "فاطمة"]),
        ("أحمد 13 وأخوه علي 9", ["أحمد", "علي"]),
        ("أحمد 13 وأخته فاطمة 9 تركا المدرسة", ["أحمد", "فاطمة"]),
        ("أحمد 13 وأخته فاطمة 9 يعملان في السوق", ["أحمد", "فاطمة"]),
        ("Kevin 13 and his sister Mary 9 beg at the market", ["Kevin", "Mary"]),
    ],
)
def test_and_written_on_the_arabic_siblings_word_is_read_as_and(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


def test_an_arabic_tally_after_the_siblings_age_stays_a_tally() -> None:
    assert screen_text("أحمد 13 وأخته فاطمة 9 جلسات") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("علي 14 وأخوه الأصغر حسن 9", ["علي", "حسن"]),
        ("علي 14 وأخوه الصغير حسن 9", ["علي", "حسن"]),
        ("ليلى 12 وأختها الصغرى سلمى 8", ["ليلى", "سلمى"]),
        ("Rakoto 13 sy ny zandriny Rasoa 9", ["Rakoto", "Rasoa"]),
        ("Rakoto 13 sy ny zokiny Rabe 15", ["Rakoto", "Rabe"]),
    ],
)
def test_a_younger_or_elder_sibling_named_with_her_age_is_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


def test_a_tally_after_a_younger_siblings_age_stays_a_tally() -> None:
    assert screen_text("علي 14 وأخوه الأصغر حسن 9 جلسات") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Juma 13 na mdogowe Ali 8", ["Juma", "Ali"]),
        ("Amina 10 na nduguye Hassan 7", ["Amina", "Hassan"]),
        ("Rakoto 13 sy ny rahalahiny Rabe 10 miasa any an-tsena", ["Rakoto", "Rabe"]),
    ],
)
def test_a_swahili_or_malagasy_sibling_and_what_both_do_are_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


def test_a_malagasy_siblings_sex_between_her_word_and_her_name_is_read_through() -> None:
    text = "Soa 11 sy ny zandriny vavy Lalao 7"
    assert "Lalao" in [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"]
    assert screen_text("Soa 11 sy ny zandriny vavy Lalao 7 fivoriana") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Kevin 13 and his sister Mary 9 work at the market", ["Kevin", "Mary"]),
        ("Kevin 13 and Mary 9 work at the market", ["Kevin", "Mary"]),
        ("kevin 13 and mercy 11 live with their grandmother", ["kevin", "mercy"]),
        ("Kevin 13 and his brother Ali 9 live on the street", ["Kevin", "Ali"]),
    ],
)
def test_two_children_said_to_work_or_live_somewhere_are_both_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text", ["Peter 3 and Mary 2 work plans submitted", "Peter 3 and sister Mary 2 work plans"]
)
def test_work_as_a_noun_after_two_tallies_stays_a_tally(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Grace 12 and Peter 4 work at the district office",
        "Staff Grace 12 and Peter 4 work at the Mombasa office",
        "Grace 12 and Peter 4 work in the M&E unit",
        "Kevin 13 and Mary 9 work on the M&E plan",
        "Grace 12 and Peter 4 work on the quarterly report",
        "John 5 and Mary 6 stay at the guest house tonight",
    ],
)
def test_two_colleagues_working_at_the_office_or_on_a_plan_stay_tallies(text: str) -> None:
    assert screen_text(text) == []


def test_a_little_sibling_without_a_name_is_not_named_by_her_possessive() -> None:
    note = "Halima miaka 12 na mdogo wake miaka 6"
    error = parse_answer(NOTES, note, {}, locale="en", today=dt.date(2026, 12, 2)).error
    assert error is not None
    assert error.params == {"found": "Halima"}  # not "Halima, wake" (his, hers)
    assert error.suggestion == "[…] miaka 12 na mdogo wake miaka 6"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("mdogo wake Ali 8", ["Ali"]),
        ("Juma 13 na mdogo wake Ali 8", ["Juma", "Ali"]),
        ("Juma 13 na mdogo wake Ali 8 hawaendi shule", ["Juma", "Ali"]),
        ("Juma 13 na dada yake Neema 9 hawaendi shule", ["Juma", "Neema"]),
        ("mkubwa wake Juma 15", ["Juma"]),
    ],
)
def test_a_swahili_younger_or_elder_sibling_in_two_words_is_a_sibling(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text", ["Juma 13 na mdogo wake Ali 8 vikao", "mwalimu mkuu na mdogo wake Ali 8 vikao"]
)
def test_sessions_after_a_swahili_siblings_number_stay_a_tally(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Grace 12 and Peter 13 stay at the guest house with their mother", ["Grace", "Peter"]),
        ("Kevin 13 and Mary 9 work at the office of their uncle", ["Kevin", "Mary"]),
    ],
)
def test_two_children_at_an_office_or_guest_house_with_their_family_are_named(
    text: str, names: list[str]
) -> None:
    # accepted since 77d1989: the guest house or the office was read as staff's
    assert [text[f.start : f.end] for f in screen_text(text)] == names
