"""Typed words against names (bot.domain.search)."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.domain.search import (
    compact,
    folded,
    matches,
    same_name,
    search_key,
    without_name,
    without_name_words,
    without_person,
)
from bot.ui.callbacks import PEOPLE_SEARCH_BYTES, role_and_search, role_with_search


@pytest.mark.parametrize(
    ("words", "name"),
    [
        ("jose", "José Rakotomalala"),
        ("ASSOUMANI", "Assoumani Abdou"),
        ("rakoto JOSÉ", "José Rakotomalala"),
        ("احمد", "أحمد بن علي"),  # no hamza seat typed
        ("أحمد", "أَحْمَد"),  # vowel marks in the stored name
        ("محمد", "محـــمد"),  # tatweel
        ("strasse", "STRASSE"),
        ("noel", "Noël"),
        # Arabic letters typed one for the other: "/people فاطمه" found no "فاطمة الزهراء".
        ("فاطمه", "فاطمة الزهراء"),
        ("فاطمة", "فاطمه علي"),
        ("مصطفي", "مصطفى كمال"),
        ("علي", "على"),
    ],
)
def test_a_name_is_found_as_people_type_it(words: str, name: str) -> None:
    assert matches(words, name)


def test_every_word_must_match() -> None:
    assert not matches("jose ortega", "José Rakotomalala")
    assert matches("", "anyone")


def test_a_search_fits_its_button() -> None:
    assert folded("  José   MARIA ") == "jose maria"
    assert search_key("a:b", 38) == "a b"
    key = search_key("عبد الرحمن بن عبد العزيز آل سعود", 38)
    assert len(key.encode()) <= 38
    assert matches(key, "عبد الرحمن بن عبد العزيز آل سعود")


def test_a_card_button_carries_its_role_and_what_fits_of_the_search() -> None:
    long = "rasoanaivo andriamanantena marie claire"
    r = role_with_search(Role.FIELD_STAFF, long)
    assert len(r.encode()) <= PEOPLE_SEARCH_BYTES
    role, search = role_and_search(r)
    assert role == "field_staff"
    assert search
    assert long.startswith(search)
    assert role_and_search(role_with_search(Role.ADMIN, "")) == ("admin", "")
    assert role_and_search("volunteer") == ("volunteer", "")  # a card drawn before


@pytest.mark.parametrize("words", ["٢١٧", "۲۱۷", "mg-٢٠٢٦-٢١٧"])
def test_a_code_is_found_with_the_digits_of_an_arabic_or_persian_keyboard(words: str) -> None:
    """'/assign ٢١٧', typed on an Arabic keyboard, found no mission: MG-2026-217's digits are
    Latin ones (the forms read ١ as 1 already)."""
    assert matches(words, "MG-2026-217 · Sensibilisation à Toliara")
    assert not matches("٢١٨", "MG-2026-217")


@pytest.mark.parametrize(
    "words", ["MG2026017", "mg–2026–017", "mg_2026_017", "2026/017", "mg-2026-17", "mg 2026 017"]
)
def test_a_code_is_found_however_its_separators_are_typed(words: str) -> None:
    """A phone turns '-' into '–', people leave the dashes out or type another separator."""
    code = "MG-2026-017"
    assert matches(words, code, "Formation 17", compact(code))
    assert not matches(words, "MG-2026-018", "Formation 18", compact("MG-2026-018"))


def test_punctuation_typed_in_a_name_does_not_hide_it() -> None:
    assert matches("jean-pierre", "Jean Pierre Ravalomanana")
    assert matches("o'neil", "Mary O’Neil")


@pytest.mark.parametrize("words", ["...", "!!!", "—", "🙂", "?"])
def test_words_with_no_letter_or_digit_are_not_found_everywhere(words: str) -> None:
    """Once punctuation was set aside nothing was left to look for, and everyone matched: '...'
    listed every mission (or person) under 'Missions matching “...”'."""
    assert not matches(words, "MG-2026-017", "Formation Toliara", compact("MG-2026-017"))
    assert not matches(words, "Mary O’Neil")


def test_a_name_with_an_emoji_is_found_by_it() -> None:
    assert matches("🙂", "Lova 🙂 Rasoa")


def test_a_name_is_taken_out_of_a_text_whole_only() -> None:
    name = "Marie Joseph"
    assert without_name("Visit with marie  JOSÉPH in Jacmel", name) == "Visit with … in Jacmel"
    assert without_name("Marie-Joseph's office", name) == "…'s office"
    for kept in ("Marie Josephine", "Marie", "Joseph Marie", "AnneMarie Joseph", "Marie, Joseph"):
        assert without_name(kept, name) == kept
    assert without_name("اتصل بـ مريم أحمد", "مريم احمد") == "اتصل بـ …"
    assert without_name("", name) == ""
    assert without_name("Anything", "  ") == "Anything"


@pytest.mark.parametrize(
    ("text", "name", "left"),
    [
        ("زيارة مع محمّد علي", "محمد علي", "زيارة مع …"),  # a shadda, as Muhammad is often written
        ("زيارة مع محمّد علي", "محمّد علي", "زيارة مع …"),  # spelled as their name is
        ("اتصل بـ عَلِي الآن", "علي", "اتصل بـ … الآن"),  # vowel signs
        ("Visit Nguye\u0302\u0303n", "Nguyễn", "Visit …"),  # two marks, no letter has both
    ],
)
def test_a_name_written_with_marks_on_its_letters_is_taken_out_whole(
    text: str, name: str, left: str
) -> None:
    """A mark on a letter cut the word in two ('محم' and 'د'): an erased supervisor called
    محمّد stayed named in the mission's title, spelled exactly as their name."""
    assert without_name(text, name) == left


@pytest.mark.parametrize(
    ("text", "name", "left"),
    [
        ("Grace period: report by Friday", "Grace", "… period: report by Friday"),
        ("Ask Grace; a grace period of two days", "Grace", "Ask …; a grace period of two days"),
        ("Meet SAID at the gate, as said before", "Said", "Meet … at the gate, as said before"),
        ("Rose will call: attendance rose by 10", "Rose", "… will call: attendance rose by 10"),
        ("We hope Hope comes", "Hope", "We hope … comes"),
        ("call marie joseph before 9", "Marie Joseph", "call … before 9"),  # two words: theirs
        ("اتصل بـ أمل", "أمل", "اتصل بـ …"),  # no case to tell: the name goes
    ],
)
def test_a_one_word_name_in_lower_case_is_a_word_and_stays(
    text: str, name: str, left: str
) -> None:
    """An erased supervisor called Said or Grace: the notes of their missions read 'as … before'
    and 'a … period of two days' (every 'said' and 'grace' taken for their name)."""
    assert without_name(text, name) == left


def test_a_one_word_name_written_in_lower_case_is_taken_out_in_lower_case() -> None:
    """A sheet that names its supervisor 'grace' writes her so in its notes too."""
    assert without_name("call grace before 9", "grace") == "call … before 9"
    assert without_name("call grace before 9", "Grace") == "call grace before 9"


def test_one_person_however_a_sheet_or_telegram_writes_them() -> None:
    assert same_name("Grace 🌸 Wanjiru", "grâce  WANJIRU")
    assert same_name("Wanjiru, Grace", "Grace Wanjiru")
    assert not same_name("Grace", "Grace Wanjiru")
    assert not same_name("🌸", "🌸")
    assert without_person("Grace Wanjiru & Peter Otieno", "Grace 🌸 Wanjiru") == "Peter Otieno"
    assert without_person("Peter, Grace Wanjiru, Ali", "Grace Wanjiru") == "Peter, Ali"
    assert without_person("Rakoto sy Grace Wanjiru", "Grace Wanjiru") == "Rakoto"
    for cell in ("Grace & Peter", "Grace Wanjiru", "Peter Otieno & Ali"):
        assert without_person(cell, "Grace Wanjiru") is None


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Call Grace before 9", "Call … before 9"),
        ("Grace & Peter lead", "… & Peter lead"),
        ("GRÂCE will call; so will Wanjiru", "… will call; so will …"),
        ("Meet Grace W. at the gate", "Meet … W. at the gate"),
        ("Say grace before meals", "Say grace before meals"),  # a word
        ("Marie Grace Josephine has the keys", "Marie Grace Josephine has the keys"),
        ("Training at Grace Hall", "Training at Grace Hall"),  # a place
        ("Visit with grace wanjiru", "Visit with …"),  # whole: hers
    ],
)
def test_the_words_of_a_name_alone_go_the_ordinary_words_stay(text: str, left: str) -> None:
    assert without_name_words(text, "Grace 🌸 Wanjiru") == left


def test_the_particles_of_a_name_stay() -> None:
    assert without_name_words("Ask Maria: da escola", "Maria da Silva") == "Ask …: da escola"
    assert without_name_words("contact lova, Lova", "lova rasoa") == "contact lova, …"


@pytest.mark.parametrize(
    "text",
    ["Jean-Marie will host", "Anne-Marie has the keys. Jean-Marie drives", "Ask Jean-Marie"],
)
def test_a_compound_first_name_ending_in_a_word_of_hers_stays(text: str) -> None:
    """Marie Claire erased: 'Jean-Marie' starting a sentence is one name, someone else's."""
    assert without_name_words(text, "Marie Claire") == text
    assert without_name_words("Call Marie before 9", "Marie Claire") == "Call … before 9"


@pytest.mark.parametrize(
    "text",
    ["اجتماع مع محمد حسن", "لدينا أمل كبير", "نور المدرسة"],
)
def test_a_word_of_an_arabic_name_alone_stays(text: str) -> None:
    """Arabic has no capitals: 'أمل' (hope), 'نور' (light) or another Mohamed's name alone
    cannot be told from hers; her name whole still goes."""
    assert without_name_words(text, "محمد أمل نور") == text
    assert without_name_words("اتصل بـ أمل نور", "أمل نور") == "اتصل بـ …"


@pytest.mark.parametrize(
    ("text", "name", "left"),
    [
        ("La réunion à 9h. De 9h à 12h", "Juan De La Cruz", "La réunion à 9h. De 9h à 12h"),
        ("Le car part à 7h. Appeler Marie", "Marie Le Goff", "Le car part à 7h. Appeler …"),
        ("El taller. Al final, Amin firma", "Mohamed Al Amin", "El taller. Al final, … firma"),
        ("Visit De La Salle with Cruz", "Juan De La Cruz", "Visit De La Salle with …"),
    ],
)
def test_a_capitalised_particle_of_her_name_alone_stays(text: str, name: str, left: str) -> None:
    """'La', 'De', 'Le', 'Al' start every other sentence of a French or Spanish note."""
    assert without_name_words(text, name) == left


@pytest.mark.parametrize(
    "cell", ["José Ortega y Gasset", "Maria da Silva e Sousa", "Ana Silva e Santos & Peter Otieno"]
)
def test_a_name_with_two_surnames_joined_is_one_person(cell: str) -> None:
    """Erasing 'José Ortega' or 'Maria da Silva' left 'Gasset' or 'Sousa' as the supervisor:
    her second surname, or another person of one word ('Maria da Silva e Ana'); whichever it
    is, her whole name is there and goes with the rest of that name. Others are kept."""
    hers = {
        "José Ortega y Gasset": "José Ortega",
        "Maria da Silva e Sousa": "Maria da Silva",
        "Ana Silva e Santos & Peter Otieno": "Ana Silva",
    }
    for name in ("José Ortega", "Maria da Silva", "Ana Silva"):
        left = without_person(cell, name)
        if hers[cell] == name:
            assert left == ("Peter Otieno" if "Peter" in cell else "")
        else:
            assert left is None
    assert without_person("Maria da Silva e Ana", "Maria da Silva") == ""
    assert without_person("Pedro Costa y Ana & Peter Otieno", "Pedro Costa") == "Peter Otieno"
    assert without_person("Maria da Silva", "Maria da Silva") is None  # her name: same_name
    assert without_person("Maria da Silva e Sousa", "Maria Sousa") is None  # not her name
    assert without_person("Ana Silva e João Costa", "Ana Silva") == "João Costa"
    assert without_person("Maria e Ana", "Ana") == "Maria"
    assert without_person("Ana Silva e Santos & Peter Otieno", "Peter Otieno") == (
        "Ana Silva e Santos"
    )
