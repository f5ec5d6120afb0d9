"""Words are looked up without their accents ("é" as "e", "آخرين" as "اخرين"): a word list
written with its accents, and not through `norm`, holds words that never match."""

import pytest

from bot.forms import screening
from bot.forms.screening import screen_text
from bot.forms.screening_words import norm

# Read on the text as typed, not on its lookup form.
AS_TYPED = {"_BREAKS", "_PLACE_AS_TYPED"}


def test_every_word_of_the_screenings_own_lists_is_there_as_it_is_looked_up() -> None:
    dead = {
        name: sorted(word for word in value if norm(word) not in value)
        for name, value in vars(screening).items()
        if isinstance(value, frozenset)
        and all(isinstance(word, str) for word in value)
        and name not in AS_TYPED
    }
    assert {name: words for name, words in dead.items() if words} == {}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # "é" (is) after a comma and a bare age: the sentence goes on about her
        ("Kevin 13, é um menino trabalhador", ["Kevin"]),
        # "and 3 others" in Arabic, as in "met james 12 and 3 others"
        ("قابلنا أحمد 12 و 3 آخرين", ["أحمد"]),
    ],
)
def test_an_accented_little_word_is_read(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names
