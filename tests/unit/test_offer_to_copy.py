"""The refused text offered back to copy (bot.ui.forms.offer_to_copy): escaped for Telegram's
HTML inside a block a tap copies, and left out rather than cut when the message has no room."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.forms.model import FormError
from bot.i18n import create_i18n
from bot.ui.forms import TEXT_LIMIT, offer_to_copy
from bot.ui.text import plain_text, telegram_length


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        yield


def _refused(suggestion: str | None) -> FormError:
    return FormError(
        "Please remove the name “{found}”.",
        {"found": "Kevin"},
        private=True,
        suggestion=suggestion,
    )


def test_the_text_is_escaped_inside_a_block_a_tap_copies() -> None:
    offer = offer_to_copy(_refused("[…], 13, said <stop> & left;\n2 > 1"), room=TEXT_LIMIT)
    assert offer.endswith("<pre>[…], 13, said &lt;stop&gt; &amp; left;\n2 &gt; 1</pre>")
    assert "replaced by […]: tap it to copy it" in offer
    # What the user copies is what they were given: no direction marks, no entities.
    assert plain_text(offer).endswith("[…], 13, said <stop> & left;\n2 > 1")


def test_a_right_to_left_text_gets_no_direction_marks_to_copy() -> None:
    text = "الطفلة […] (12 سنة) ضحية عنف."
    assert offer_to_copy(_refused(text), room=TEXT_LIMIT).endswith(f"<pre>{text}</pre>")


def test_no_offer_without_a_suggestion() -> None:
    assert offer_to_copy(_refused(None), room=TEXT_LIMIT) == ""


def test_an_offer_that_does_not_fit_is_left_out_not_cut() -> None:
    note = "🔴 […] " * 300  # emoji count two UTF-16 units, as Telegram counts them
    offer = offer_to_copy(_refused(note), room=TEXT_LIMIT)
    room = telegram_length(plain_text(offer))
    assert room > len(plain_text(offer))  # measured in UTF-16 units
    assert offer_to_copy(_refused(note), room=room) == offer
    assert offer_to_copy(_refused(note), room=room - 1) == ""
