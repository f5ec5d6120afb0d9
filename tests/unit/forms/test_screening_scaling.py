"""The screening reads a long answer in time linear in its length: a rule that walked the whole
sentence at each of its numbers made a 4096-character answer without a full stop take seconds on
the bot's event loop. Counted in token reads, not timed (speed is bench/screening.py's)."""

from __future__ import annotations

from typing import SupportsIndex

import pytest

from bot.forms import screening

# Answers without a sentence break that made the old rules walk their sentence at every number,
# name or bracket: lists of places and counts, children and ages, initials, classes.
UNITS = [
    "A (1) ",
    "Aa, 12, ",
    "1 ",
    "la fille de ",
    "Jacmel (12), ",
    "Enfants : Awa (12), ",
    "Teachers trained: Mary Wanjiru (class 7), ",
    "La fille de 9 ans qui habite au 23 ",
    "Children: Grace Achieng, 12,",
    "A.B., 12, ",
    "Kevin, 13, was ",
    "(12 kits) ",
    "CM2 ",
    "enfant enfant ",
    "met tasha 12 ",
    "Kevin 13 and ",
    "Mercy, 11 and ",
    "tiene 6 y ",
    "Kauã (7) e a irmã ",
    "Peter 3, ",  # a list of names and counts: each name looks a few items ahead, no more
    "Kevin 13, Mercy 11, ",
    "Kevin, 13, house no. 12, plot 7, calle 4 #5-6 zona ",  # a child's address, anywhere
    "La fille de 9 ans. Vit au 23 rue 5 n° ",  # in the sentence after the child's
    "Kevin, 13, class 7 at Uhuru Primary School ",
    "Kibera, 12, and ",  # places counted between commas
    "kevin 12 ans battu ",
    "girl 13 yrs, mercy achieng, ",
    "her name is faith, 12, ",
    "After Uhuru school Kevin, 12, ",
    "i lova 13 taona ",
    "referred to our office at house 14, Jogoo Road, ",
    "Kevin 13 and sister Mary 9 and ",  # each sibling looks a few names ahead, no more
    "kevin 13 and his sister mary 9 and ",
    "mercy 11 still out of school, ",
    "MARIA CLARA 10 ANOS ABUSADA ",
    "ketsia 12 ans, ecole st louis ",
    "niña josefina (12) no va ",
    "baraka miaka 10 anachunga ",
    "kevin 12 - brian 3 - ",
    "Name: Kevin\nAge: 13\n",
]


class _CountingTokens(list[object]):
    reads = 0

    def __getitem__(self, index: SupportsIndex | slice) -> object:  # type: ignore[override]
        _CountingTokens.reads += 1
        return super().__getitem__(index)


def _reads(text: str) -> int:
    """Token reads while screening the text."""
    _CountingTokens.reads = 0
    screening.screen_text(text)
    return _CountingTokens.reads


@pytest.mark.parametrize("unit", UNITS)
def test_token_reads_grow_linearly_with_the_answer(
    unit: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    split = screening._split
    monkeypatch.setattr(screening, "_split", lambda text: _CountingTokens(split(text)))
    long = (unit * (2048 // len(unit) + 1))[:2048]
    half_reads, reads = _reads(long[:1024]), _reads(long)
    assert reads <= 2.3 * half_reads  # twice the text, about twice the reads (was 4 times)
    assert reads <= 100 * len(split(long))


def test_only_a_text_with_an_at_sign_is_searched_for_a_plain_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The address pattern tries every run of an address's characters to its end: over
    '12/12/12/...' (a page of dates or scores) that grew as the square of the length."""
    searched: list[str] = []

    class Spy:
        def finditer(self, text: str) -> list[object]:
            searched.append(text)
            return []

    monkeypatch.setattr(screening, "_EMAIL", Spy())
    screening.screen_text("12/" * 1365)
    assert searched == []
    screening.screen_text("Écrire à jean.pierre＠exemple.org ou awa@example.org")
    assert len(searched) == 1
