"""The catalogs follow each language's typography and name the buttons as the buttons say.

test_catalogs.py checks that every entry is there, translated and has the msgid's {names};
these are the rules a translator can break while every entry is still "complete":

- French puts a narrow no-break space (U+202F) inside « » and before : ; ! ? — a plain or
  no-break space there lets the phone wrap "Retour" away from its «, or a ? onto a line alone;
- one apostrophe and one quotation-mark style per language (TRANSLATING.md);
- Spanish questions and exclamations open with ¿ ¡; Arabic uses ، ؛ ؟ between Arabic words;
- a message that tells people to tap a button names it with the button's own words, in every
  language ("tap « Retour »" under a button reading "«\u202fRetour" is not the same text);
- markup and %(name)s placeholders are the msgid's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.catalogs import locales_dir
from bot.domain.languages import SUPPORTED_LOCALES

TRANSLATED = [loc for loc in SUPPORTED_LOCALES if loc != "en"]
NNBSP = "\u202f"
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
PERCENT = re.compile(r"%\(\w+\)[sdfr]")
ARABIC_LETTER = r"[\u0600-\u06ff]"


@cache
def _catalog(locale: str) -> Catalog:
    with (locales_dir() / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


def _strings(locale: str) -> Iterator[tuple[str, str]]:
    """(msgid, translation) for every translated text, each plural form on its own."""
    for message in _catalog(locale):
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        texts = (message.string,) if isinstance(message.string, str) else message.string or ()
        for text in texts:
            if text:
                yield msgid, text


def _tr(locale: str, msgid: str) -> str:
    message = _catalog(locale).get(msgid)
    assert message is not None, msgid
    assert isinstance(message.string, str), msgid
    return message.string


def test_french_puts_a_narrow_no_break_space_inside_guillemets_and_before_high_signs() -> None:
    problems = []
    for _msgid, text in _strings("fr"):
        for match in re.finditer(r"«(.)|(.)»", text):
            if NNBSP not in match.group(0):
                problems.append(f"{text!r} at {match.group(0)!r}")
        for match in re.finditer(r"(.)([:;!?])", text):
            before, sign = match.groups()
            clock_or_url = before.isdigit() or text[match.end() :][:2] == "//"
            if before == NNBSP or (sign == ":" and clock_or_url):
                continue  # 10:30, https://
            problems.append(f"{text!r} at {match.group(0)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("locale", "wrong"),
    [("fr", "'"), ("mg", "\u2019")],
)
def test_one_apostrophe_style_per_language(locale: str, wrong: str) -> None:
    bad = [text for _msgid, text in _strings(locale) if wrong in text]
    assert not bad, f"{locale}: {wrong!r} in\n" + "\n".join(map(repr, bad))


@pytest.mark.parametrize(
    ("locale", "wrong"),
    # European Portuguese and Malagasy quote with « », as French and Spanish do.
    [("fr", "\u201c"), ("es", "\u201c"), ("pt", "\u201c"), ("mg", "\u201c"), ("ar", "\u201c")],
)
def test_one_quotation_mark_style_per_language(locale: str, wrong: str) -> None:
    bad = [text for _msgid, text in _strings(locale) if wrong in text]
    assert not bad, f"{locale}: {wrong!r} in\n" + "\n".join(map(repr, bad))


def test_malagasy_guillemets_hold_their_words_with_a_no_break_space() -> None:
    back = _tr("mg", "« Back")
    bad = [
        text
        for _msgid, text in _strings("mg")
        if re.search(r"«(?!\xa0)|(?<!\xa0)»", text.replace(back, ""))
    ]
    assert not bad, "\n".join(map(repr, bad))


def test_spanish_questions_and_exclamations_open_with_inverted_marks() -> None:
    bad = []
    for _msgid, text in _strings("es"):
        for sign, opening in (("?", "¿"), ("!", "¡")):
            if text.count(sign) > text.count(opening):
                bad.append(text)
    assert not bad, "\n".join(map(repr, bad))


def test_arabic_punctuation_between_arabic_words() -> None:
    bad = []
    for _msgid, text in _strings("ar"):
        prose = re.sub(r"\{\w*\}|/\w+|https?://\S+", "", text)
        if re.search(rf"{ARABIC_LETTER}\s*[,;?]|[,;?]\s*{ARABIC_LETTER}", prose):
            bad.append(text)
    assert not bad, "\n".join(map(repr, bad))


@pytest.mark.parametrize("locale", TRANSLATED)
def test_markup_and_percent_placeholders_are_the_msgids(locale: str) -> None:
    bad = []
    for msgid, text in _strings(locale):
        for pattern in (TAG, PERCENT):
            if sorted(pattern.findall(text)) != sorted(pattern.findall(msgid)):
                bad.append(f"{msgid!r} → {text!r}")
    assert not bad, "\n".join(bad)


# A message naming buttons → the buttons it names (msgids of the button labels).
TAP_INSTRUCTIONS = {
    "Please tap Yes or No.": ("Yes", "No"),
    "Please tap Continue.": ("Continue",),
    "Please tap the options that apply, then Done.": ("Done",),
    "Tap every answer that applies, then Done.": ("Done",),
    "Your answer “{answer}” is kept: Continue uses it.": ("Continue",),
    "A reply to an earlier question does not change its answer. To change an answer, use "
    "« Back, or Change on the review card.": ("« Back", "Change: {what}"),
    "Editing a message you sent changes nothing here: if it was refused, send the corrected "
    "text as a new message. To change an answer already given, use « Back, or Change on the "
    "review card.": ("« Back", "Change: {what}"),
}


@pytest.mark.parametrize("locale", TRANSLATED)
def test_a_message_names_the_buttons_with_their_own_words(locale: str) -> None:
    bad = []
    for message, buttons in TAP_INSTRUCTIONS.items():
        text = _tr(locale, message)
        for button in buttons:
            # "Change: {what}" reads "Modifier : Lieu": the word before the question.
            label = re.split(r"[\s\u202f\xa0]*:", _tr(locale, button))[0]
            if label not in text:
                bad.append(f"{label!r} is not in {text!r}")
    assert not bad, "\n".join(bad)
