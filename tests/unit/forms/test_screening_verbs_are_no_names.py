"""Verbs are what a note says of a child, never her name: a Swahili verb by its shape, a
French or English participle. Their notes are kept; a name beside them is still found."""

from __future__ import annotations

import pytest

from bot.forms.screening import screen_text


def children(text: str) -> list[str]:
    return [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"]


@pytest.mark.parametrize(
    "text",
    [
        "mtoto aliyetelekezwa miaka 12",  # the child who was abandoned, 12 years
        "mtoto yatima aliyebakwa miaka 12",  # the orphan who was raped
        "mtoto yatima anayeishi miaka 12",  # the orphan who lives...
        "msichana yatima aliyeolewa miaka 15",  # the orphan girl who was married
        "mtoto yatima alitelekezwa miaka 12",  # the orphan was abandoned
        "mtoto amebakwa, miaka 9",
        "watoto walioolewa miaka 15",  # the children who were married
        "victime formé formé 12 ans",
        "child named trained 12",
        "enfant nommée formé 12",
    ],
)
def test_a_verb_is_no_name(text: str) -> None:
    assert children(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mtoto amina miaka 12", "amina"),
        ("msichana anastasia miaka 12", "anastasia"),
        ("mtoto akinyi wambua miaka 12", "akinyi wambua"),
        ("victime jean kamau 12 ans", "jean kamau"),
        ("mtoto aliyebakwa, jina lake baraka miaka 9", "baraka"),
    ],
)
def test_a_name_beside_them_is_still_found(text: str, name: str) -> None:
    assert name in " ".join(children(text))
