"""Issue 12: countries as people name them — abbreviations, former names, typos, any language."""

from __future__ import annotations

import pytest

from bot.domain.scope import ScopeError
from bot.forms.engine import find_countries, match_countries, read_scope


@pytest.mark.parametrize(
    ("locale", "text", "code"),
    [
        # localized and English names, accents and case aside
        ("en", "Haiti", "HT"),
        ("fr", "Haïti", "HT"),
        ("fr", "haiti", "HT"),
        ("es", "Haití", "HT"),
        ("ar", "هايتي", "HT"),
        ("fr", "Niger", "NE"),
        ("es", "Níger", "NE"),
        ("ar", "النيجر", "NE"),
        ("ar", "نيجر", "NE"),  # without the article
        ("sw", "Kenya", "KE"),
        ("mg", "Madagasikara", "MG"),
        ("pt", "Moçambique", "MZ"),
        ("pt", "Mocambique", "MZ"),
        ("fr", "Tchad", "TD"),
        ("fr", "Sénégal", "SN"),
        ("fr", "Allemagne", "DE"),
        ("en", "Allemagne", "DE"),  # French names are understood in every language
        ("mg", "Sénégal", "SN"),
        # ISO codes
        ("en", "HT", "HT"),
        ("fr", "ne", "NE"),
        ("en", "HTI", "HT"),
        ("fr", "COD", "CD"),
        ("en", "civ", "CI"),
        # short forms and former names, in each language
        ("fr", "RDC", "CD"),
        ("en", "DRC", "CD"),
        ("en", "DR Congo", "CD"),
        ("fr", "RD Congo", "CD"),
        ("fr", "Congo-Kinshasa", "CD"),
        ("fr", "congo kinshasa", "CD"),
        ("fr", "Zaïre", "CD"),
        ("sw", "Kongo-Kinshasa", "CD"),
        ("ar", "الكونغو الديمقراطية", "CD"),
        ("es", "República Democrática del Congo", "CD"),
        ("fr", "Congo-Brazzaville", "CG"),
        ("fr", "RCA", "CF"),
        ("en", "CAR", "CF"),
        ("fr", "Centrafrique", "CF"),
        ("en", "Central African Republic", "CF"),
        ("en", "Ivory Coast", "CI"),
        ("fr", "Cote d'Ivoire", "CI"),
        ("fr", "cote divoire", "CI"),
        ("es", "Costa de Marfil", "CI"),
        ("pt", "Costa do Marfim", "CI"),
        ("ar", "ساحل العاج", "CI"),
        ("en", "Burma", "MM"),
        ("fr", "Birmanie", "MM"),
        ("en", "Swaziland", "SZ"),
        ("en", "Cape Verde", "CV"),
        ("en", "UK", "GB"),
        ("es", "EEUU", "US"),
        ("fr", "Ayiti", "HT"),
        ("fr", "Guinée-Bissau", "GW"),
        ("fr", "Guinée Conakry", "GN"),
        ("en", "South Sudan", "SS"),
        # one typo
        ("fr", "Haitti", "HT"),
        ("en", "Hiati", "HT"),
        ("en", "Senegall", "SN"),
        ("fr", "Madagaskar", "MG"),
        ("en", "Camerun", "CM"),
        ("en", "Burkina Fasso", "BF"),
        ("en", "Nigerai", "NG"),
        ("pt", "Mozambiqe", "MZ"),
        ("ar", "هاييتي", "HT"),  # a misspelled Arabic name
        ("ar", "النيحر", "NE"),
        ("ar", "موريطانيا", "MR"),
        ("ar", "السنغل", "SN"),
        # the start of one country's name only
        ("en", "Hait", "HT"),
        ("fr", "Madag", "MG"),
    ],
)
def test_a_country_clearly_named_is_taken(locale: str, text: str, code: str) -> None:
    found = find_countries(text, locale)
    assert found.confident, (text, found)
    assert found.codes[0] == code


@pytest.mark.parametrize(
    ("locale", "text", "expected"),
    [
        ("en", "Congo", {"CD", "CG"}),  # which one?
        ("es", "Congo", {"CD", "CG"}),
        ("sw", "Kongo", {"CD", "CG"}),
        ("ar", "الكونغو", {"CD", "CG"}),
        ("en", "Nig", {"NE", "NG"}),
        ("fr", "Gui", {"GN", "GW", "GQ"}),
        ("en", "Alemania", {"AL"}),  # two typos from Albania: offered, not taken
    ],
)
def test_a_name_that_fits_several_countries_is_offered_as_buttons(
    locale: str, text: str, expected: set[str]
) -> None:
    found = find_countries(text, locale)
    assert not found.confident
    assert expected <= set(found.codes)


@pytest.mark.parametrize("text", ["Atlantis", "zzzz", "12", "", "???", "x" * 200])
def test_nothing_like_a_country_finds_none(text: str) -> None:
    assert find_countries(text, "fr").codes == ()
    assert match_countries(text, "fr") == []


def test_the_users_own_countries_come_first_and_decide() -> None:
    # An officer working in Niger and Nigeria types "Nig": both offered.
    assert not find_countries("Nig", "fr", within=("NE", "NG")).confident
    # An officer in Niger only: "Nig" is Niger.
    assert find_countries("Nig", "fr", within=("NE",)) == find_countries(
        "Niger", "fr", within=("NE",)
    )
    assert find_countries("Nig", "fr", within=("NE",)).codes == ("NE",)
    # An officer in the DRC types "Congo": his Congo.
    found = find_countries("Congo", "fr", within=("CD",))
    assert (found.codes, found.confident) == (("CD",), True)
    # Another country clearly named is still found (and refused later for the scope).
    found = find_countries("Haiti", "fr", within=("NE",))
    assert (found.codes, found.confident) == (("HT",), True)


def test_two_letters_are_a_code_before_a_name() -> None:
    assert find_countries("ni", "en").codes[0] == "NI"  # Nicaragua's code
    assert not find_countries("ni", "fr", within=("NE",)).confident


@pytest.mark.parametrize(
    ("locale", "text", "codes"),
    [
        ("fr", "HT, ne", ("HT", "NE")),  # codes as before
        ("fr", "Haïti", ("HT",)),
        ("fr", "Maroc", ("MA",)),
        ("ar", "المغرب", ("MA",)),
        ("ar", "المغرب، هايتي", ("MA", "HT")),
        ("ar", "المغرب وهايتي", ("MA", "HT")),  # Arabic writes "and" onto the next word
        ("ar", "المغرب و هايتي", ("MA", "HT")),
        ("ar", "المغرب والنيجر", ("MA", "NE")),
        ("fr", "RDC", ("CD",)),
        ("fr", "Côte d'Ivoire, Haïti et Niger", ("CI", "HT", "NE")),
        ("es", "Bosnia y Herzegovina", ("BA",)),  # "y" inside a name is no "and"
        ("en", "HTI, NER", ("HT", "NE")),
        # A list's last country after a comma and "and" was refused as an unknown code.
        ("en", "Haiti, Morocco, and Niger", ("HT", "MA", "NE")),
        ("fr", "Haïti, Maroc, et Niger", ("HT", "MA", "NE")),
        ("es", "Haití, Marruecos, y Níger", ("HT", "MA", "NE")),
        ("sw", "Haiti, Moroko, na Niger", ("HT", "MA", "NE")),
        ("en", "HT, MA, and Niger", ("HT", "MA", "NE")),
        ("fr", "HT et NE", ("HT", "NE")),
        ("fr", "HT ET", ("HT", "ET")),  # in capitals, Ethiopia's code
        ("fr", "ht, et", ("HT", "ET")),  # a code after a comma
        ("fr", "ET", ("ET",)),
    ],
)
def test_an_invitation_takes_country_names_as_well_as_codes(
    locale: str, text: str, codes: tuple[str, ...]
) -> None:
    """ "Haïti", "Maroc", "المغرب" or "RDC" typed at /invite were refused as unknown codes."""
    assert read_scope(text, locale).countries == codes


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Congo", ("Congo",)),
        ("Haïti, Narnia", ("Narnia",)),
        ("", ()),
        ("HT, all", ("all",)),
        ("Haïti, yote", ("yote",)),  # "all" (Swahili) in a list, not "Cote" one letter off
        ("idem", ("idem",)),  # letters inside a name of the DR Congo
        ("Haitti", ("Haitti",)),  # a form takes it; a role's countries are not guessed
        # A name with a typo was echoed as two unknown codes, "Burkna, Faso".
        ("Burkna Faso, Maroc, Tchad", ("Burkna Faso",)),
        ("Haïti, Sierra Loene", ("Sierra Loene",)),
        ("HT <NE>", ("<NE>",)),  # beside a code, the word that is none
        # A code and a dangling "and": "Please type at least one country code", though one was.
        ("HT and", ("HT and",)),
        ("Maroc, HT y", ("HT y",)),
        ("and", ("and",)),
        ("HT, and", ("and",)),
        # No name is so long: its words, as the refusal echoes the first few of them.
        (" ".join(f"X{n}" for n in range(13)), tuple(f"X{n}" for n in range(13))),
        # A dangling "et", "na", "sy" was Ethiopia, Namibia, Syria, added without a word.
        ("Maroc, HT et", ("HT et",)),
        ("HT na", ("HT na",)),
        ("ht sy", ("ht sy",)),
        ("et HT", ("et HT",)),
        ("HT, and Narnia", ("Narnia",)),
    ],
)
def test_a_country_not_clearly_named_is_still_refused(text: str, wrong: tuple[str, ...]) -> None:
    with pytest.raises(ScopeError) as refused:
        read_scope(text, "fr")
    assert refused.value.codes == wrong


@pytest.mark.parametrize(
    ("locale", "text", "code"),
    [
        ("en", "السودان", "SD"),  # a word of "جنوب السودان" (South Sudan), the only alias
        ("fr", "السودان", "SD"),
        ("ar", "جنوب السودان", "SS"),
        ("en", "Guiana", "GY"),  # Guyana in Portuguese; a word of "French Guiana"
        ("pt", "Guiana Francesa", "GF"),
    ],
)
def test_a_countrys_name_in_another_language_is_not_taken_for_its_neighbour(
    locale: str, text: str, code: str
) -> None:
    """An admin writing in English typed Sudan in Arabic for a role (or a reports import
    held it): it was read as South Sudan, whose Arabic alias holds the word."""
    assert read_scope(text, locale).countries == (code,)
    assert find_countries(text, locale).codes[0] == code


@pytest.mark.parametrize(
    ("locale", "text", "codes"),
    [
        ("en", "Kenia", ("KE",)),  # Spanish
        ("en", "Quénia", ("KE",)),  # Portuguese
        ("fr", "quenia, Haïti", ("KE", "HT")),
        ("sw", "Haiti na Quénia", ("HT", "KE")),
        ("mg", "كينيا", ("KE",)),
        ("en", "Kenya", ("KE",)),
        ("en", "kenya", ("KE",)),
        ("en", "KE", ("KE",)),
    ],
)
def test_a_roles_countries_are_taken_by_their_whole_name_in_any_of_the_bot_languages(
    locale: str, text: str, codes: tuple[str, ...]
) -> None:
    """An admin writing in English typed 'Quénia' (as their Mozambican colleagues write it)
    or 'Kenia' at /invite or /people: 'I don't know these country codes: Quénia.', while
    `fieldbot invite --countries Quénia` took it. A whole name in any of the seven languages
    is now taken in chat too; a start of a name or a typo only in the admin's own language
    and English, as before."""
    assert read_scope(text, locale).countries == codes


@pytest.mark.parametrize(
    ("locale", "text", "codes"),
    [
        ("en", "Kenya Haiti", ("KE", "HT")),
        ("en", "Sierra Leone Burkina Faso", ("SL", "BF")),
        ("en", "South Sudan Kenya", ("SS", "KE")),
        ("fr", "Côte d'Ivoire Niger", ("CI", "NE")),
        ("es", "República Centroafricana Haití", ("CF", "HT")),
        ("fr", "Haïti Maroc", ("HT", "MA")),
        ("en", "Kenya HT", ("KE", "HT")),
        ("en", "Guinea Bissau", ("GW",)),  # one country, not Guinea and a word
    ],
)
def test_country_names_typed_without_commas_are_read(
    locale: str, text: str, codes: tuple[str, ...]
) -> None:
    """ "Kenya Haiti" was refused: "I don't know these country codes: Kenya, Haiti"."""
    assert read_scope(text, locale).countries == codes


@pytest.mark.parametrize("text", ["Kenya Narnia", "Congo Kenya", "kenya de", "HT <NE>"])
def test_names_without_commas_are_read_only_when_each_names_a_country(text: str) -> None:
    with pytest.raises(ScopeError):
        read_scope(text, "en")


def test_names_without_commas_that_read_two_ways_are_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Words that are one country's name and, cut otherwise, two others': commas asked for."""
    import bot.forms.engine as engine
    from bot.domain.scope import AmbiguousCountries

    names = {"Kenya": "KE", "Alpha Beta": "HT", "Alpha": "NE", "Beta": "MA"}
    monkeypatch.setattr(engine, "country_named", names.get)
    with pytest.raises(AmbiguousCountries) as asked:
        engine._named_by_spaces("Kenya Alpha Beta")
    assert asked.value.codes == ("Kenya Alpha Beta",)
