"""/people <words>: an admin finds someone among hundreds by part of their name, typed as on
a phone (no capitals, no accents), within the people they manage."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest


def _names(buttons: list[str]) -> list[str]:
    return [text.split(" · ")[0].strip("\u2068\u2069") for text in buttons if " · " in text]


async def test_an_admin_finds_people_by_part_of_their_name(fieldbot: BotUnderTest) -> None:
    zoe = await fieldbot.member(1001, "Zoe", Role.ADMIN)
    await fieldbot.member(2001, "José Rakotomalala", Role.FIELD_STAFF, ["MG"])
    await fieldbot.member(2002, "Maria Jose Ortega", Role.VOLUNTEER, ["HT"])
    await fieldbot.member(2003, "Joseph", Role.MANAGER, ["HT"])
    await fieldbot.member(2004, "Assoumani Abdou", Role.FIELD_STAFF, ["KM"])
    await fieldbot.member(2005, "أحمد بن علي", Role.FIELD_STAFF, ["TD"])
    await fieldbot.member(2006, "Ana Lima", Role.FIELD_STAFF, ["BR"])

    await zoe.send("/people jose")
    found = await zoe.last()
    expected = {"José Rakotomalala", "Joseph", "Maria Jose Ortega"}
    assert set(_names(found.button_texts())) == expected
    assert "(1–3 / 3)" in found.text
    await zoe.send("/people JOSE ortega")  # every word, in any order
    assert _names((await zoe.last()).button_texts()) == ["Maria Jose Ortega"]
    await zoe.send("/people ASSOUMANI")
    assert _names((await zoe.last()).button_texts()) == ["Assoumani Abdou"]
    await zoe.send("/people احمد")  # typed without the hamza
    assert _names((await zoe.last()).button_texts()) == ["أحمد بن علي"]

    await zoe.send("/people Rasoanaivo")
    nobody = await zoe.last()
    assert "Rasoanaivo" in nobody.text
    assert "/people" in nobody.text
    assert nobody.button_texts() == []


async def test_a_search_stays_within_the_admins_countries_and_pages(
    fieldbot: BotUnderTest,
) -> None:
    haiti = await fieldbot.member(1002, "Hugo", Role.ADMIN, ["HT"])
    await fieldbot.member(2100, "Marie Madagascar", Role.FIELD_STAFF, ["MG"])
    for n in range(1, 11):
        await fieldbot.member(2100 + n, f"Marie {n:02}", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2200, "Jean", Role.FIELD_STAFF, ["HT"])

    await haiti.send("/people marie")
    first = await haiti.last()
    assert _names(first.button_texts()) == [f"Marie {n:02}" for n in range(1, 9)]
    assert "(1–8 / 10)" in first.text
    await fieldbot.member(2300, "Marie 00", Role.FIELD_STAFF, ["HT"])  # joins meanwhile
    await haiti.tap("Next ›")
    assert _names((await haiti.last()).button_texts()) == ["Marie 09", "Marie 10"]
    await haiti.tap("Marie 10")
    await haiti.tap("‹ Back to the list")  # back to the search, not to everyone
    back = await haiti.last()
    assert "Jean" not in " ".join(back.button_texts())
    assert "Marie 10" in " ".join(back.button_texts())

    await haiti.send("/people madagascar")  # not theirs to manage
    assert (await haiti.last()).button_texts() == []
    await haiti.send("/people")  # everyone again, and how to find one of them
    everyone = await haiti.last()
    assert "Jean" in " ".join(everyone.button_texts())
    assert "Send /people and part of their name, or a country." in everyone.text


async def test_people_are_listed_by_name_whatever_the_capitals_and_accents(
    fieldbot: BotUnderTest,
) -> None:
    zoe = await fieldbot.member(1003, "Zoe", Role.ADMIN)
    names = ["Zoé", "Joseph", "José", "Émile", "adam", "Bruno", "Ève", "Yann", "Ôlivier", "Carl"]
    for n, name in enumerate(names):
        await fieldbot.member(2400 + n, name, Role.FIELD_STAFF, ["HT"])
    ordered = ["adam", "Bruno", "Carl", "Émile", "Ève", "José", "Joseph", "Ôlivier", "Yann", "Zoé"]

    await zoe.send("/people")
    first = await zoe.last()
    assert _names(first.button_texts()) == ordered[:8]
    await fieldbot.member(2500, "Élodie", Role.FIELD_STAFF, ["HT"])  # joins meanwhile, on page 1
    await zoe.tap("Next ›")  # from Ôlivier, wherever she now is: nobody repeated or skipped
    assert _names((await zoe.last()).button_texts()) == ["Yann", "Zoé"]
    await zoe.tap("‹ Previous")
    assert _names((await zoe.last()).button_texts()) == ["Bruno", "Carl", "Élodie", *ordered[3:8]]


async def test_an_action_on_a_found_persons_card_goes_back_to_the_search(
    fieldbot: BotUnderTest,
) -> None:
    zoe = await fieldbot.member(1004, "Zoe", Role.ADMIN)
    await fieldbot.member(2600, "Marie Claire", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2600, "Marie Claire", Role.VOLUNTEER, ["HT"])
    await fieldbot.member(2601, "Marie Noëlle", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2602, "Jean", Role.FIELD_STAFF, ["HT"])

    await zoe.send("/people marie")
    await zoe.tap("Marie Claire")
    await zoe.tap("Revoke: volunteer")
    await zoe.tap("‹ Back to the list")
    back = await zoe.last()
    assert "Jean" not in " ".join(back.button_texts())
    assert "Marie Noëlle" in " ".join(back.button_texts())

    await zoe.tap("Marie Claire")
    await zoe.tap("Countries: field staff")
    await zoe.send("HT, NE")
    await zoe.tap("‹ Back to the list")
    back = await zoe.last()
    assert "Jean" not in " ".join(back.button_texts())
    assert "Marie Noëlle" in " ".join(back.button_texts())

    await zoe.tap("Marie Noëlle")  # erased: the search is what is left
    await zoe.tap("Erase this person…")
    await zoe.tap("Erase for good")
    after = await zoe.last()
    assert _names(after.button_texts()) == ["Marie Claire"]

    long_name = "Marie Claire Rasoanaivo-Andriamanantena"  # more than a button has room for
    await fieldbot.member(2603, long_name, Role.MANAGER, ["HT"])
    await zoe.send(f"/people {long_name}")
    await zoe.tap("Marie Claire Rasoanaivo")
    await zoe.tap("Revoke: manager")  # the role still read right beside the search
    assert "Revoke: manager" not in " ".join((await zoe.last()).button_texts())
    await zoe.tap("‹ Back to the list")
    assert "Jean" not in " ".join((await zoe.last()).button_texts())


async def test_the_search_heading_shows_the_words_as_typed(fieldbot: BotUnderTest) -> None:
    zoe = await fieldbot.member(1005, "Zoe", Role.ADMIN)
    await fieldbot.member(2700, "José Rakotomalala", Role.FIELD_STAFF, ["MG"])

    await zoe.send("/people José")
    assert "People matching “José”" in (await zoe.last()).text
    await zoe.send("/people Hélène")
    assert "matches “Hélène”" in (await zoe.last()).text
    await zoe.send("/people " + "Hélène " * 600)  # a pasted paragraph: quoted shortened
    long = await zoe.last()
    assert "Nobody you manage matches “Hélène Hélène" in long.text
    assert len(long.text) < 300


async def test_an_admin_lists_the_people_of_a_country_by_its_name_in_any_language(
    fieldbot: BotUnderTest,
) -> None:
    """'/people Kenya' listed nobody ('Nobody you manage matches “Kenya”'): only names were
    searched. The people holding a role in Kenya are listed (all countries' people too),
    whatever language names it; a person named 'Jordan' is still found by '/people Jordan'."""
    zoe = await fieldbot.member(1001, "Zoe", Role.ADMIN)
    await fieldbot.member(2001, "Grace Wanjiru", Role.FIELD_STAFF, ["KE"])
    await fieldbot.member(2002, "Peter Otieno", Role.VOLUNTEER, ["KE", "UG"])
    await fieldbot.member(2003, "Marie Joseph", Role.MANAGER, ["HT"])
    await fieldbot.member(2004, "Jordan Lee", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2005, "Awa", Role.MANAGER)  # all countries
    kenya = {"Awa", "Grace Wanjiru", "Peter Otieno"}
    for typed in ("Kenya", "quénia", "Kenia", "كينيا", "KE"):
        await zoe.send(f"/people {typed}")
        found = await zoe.last()
        assert set(_names(found.button_texts())) == kenya, typed
        assert "People in Kenya" in found.text
    await zoe.tap("Grace Wanjiru · field staff")
    await zoe.tap("Revoke: field staff")
    await zoe.tap("‹ Back to the list")  # back to Kenya's people
    assert set(_names((await zoe.last()).button_texts())) == {"Awa", "Peter Otieno"}
    await zoe.send("/people Jordan")
    jordan = await zoe.last()
    assert set(_names(jordan.button_texts())) == {"Awa", "Jordan Lee"}
    assert "People in Jordan or named “Jordan”" in jordan.text
    await zoe.send("/people ken")  # part of a name, not the code KEN
    assert (await zoe.last()).button_texts() == []
    await zoe.send("/people Niger")
    assert _names((await zoe.last()).button_texts()) == ["Awa"]


async def test_a_country_lists_those_named_so_word_for_word(fieldbot: BotUnderTest) -> None:
    """'/people Oman' listed 'Roman Petrov', '/people Mali' every Malik and Amalia as 'named
    “Mali”': a country's name inside a name is not that name."""
    zoe = await fieldbot.member(1001, "Zoe", Role.ADMIN)
    await fieldbot.member(2001, "Roman Petrov", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2002, "Malik Diallo", Role.FIELD_STAFF, ["SN"])
    await fieldbot.member(2003, "Amalia Rakoto", Role.VOLUNTEER, ["MG"])
    await fieldbot.member(2004, "Awa Traoré", Role.FIELD_STAFF, ["ML"])
    await fieldbot.member(2005, "Mali Keita", Role.VOLUNTEER, ["SN"])
    await zoe.send("/people Oman")
    assert (await zoe.last()).button_texts() == []
    await zoe.send("/people Mali")
    mali = await zoe.last()
    assert set(_names(mali.button_texts())) == {"Awa Traoré", "Mali Keita"}
    assert "People in Mali or named “Mali”" in mali.text


async def test_a_name_typed_in_capitals_that_is_a_code_still_finds_the_person(
    fieldbot: BotUnderTest,
) -> None:
    """'/people BEN' (a phone in capitals) listed Benin's people only: Ben was not found."""
    zoe = await fieldbot.member(1001, "Zoe", Role.ADMIN)
    await fieldbot.member(2001, "Ben Okoro", Role.FIELD_STAFF, ["NG"])
    await fieldbot.member(2002, "Awa Traoré", Role.FIELD_STAFF, ["BJ"])
    await zoe.send("/people BEN")
    ben = await zoe.last()
    assert set(_names(ben.button_texts())) == {"Awa Traoré", "Ben Okoro"}
    assert "People in Benin or named “BEN”" in ben.text
    await zoe.send("/people KE")
    assert "Nobody you manage holds a role in Kenya" in (await zoe.last()).text
