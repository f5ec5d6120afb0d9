"""Personal-data screening of free text (pure).

Reports are shared widely, so free-text answers must not identify the children met in the
field, nor carry anyone's contact details. This is a heuristic, built on rules and word lists
in the seven languages (`bot.forms.screening_words`), with a labelled corpus to measure it
(`tests/unit/forms/pii_corpus.tsv`). It looks for:

- a child identified: a person's name next to an age under 18, a school class or a word for a
  child, pupil, minor or victim ("Marie Joseph, 12 ans, victime", "the girl Anne Pierre (age
  9)", "Kelvin Mutua (class 7)", "الطفلة فاطمة", "Kevin, 13, was beaten"), initials or a
  nickname with an age ("B.J., quatorze ans", "kid they call Mapipa, around 12"), a parent
  named for the child ("la hija de don Ramiro Choque, de 14 años"), or listed under a heading
  of children ("Élèves absents : Kadiatou Bah, Mamadou Sow"); adults named in their role ("le
  juge Pierre Martin"), places counted ("Jacmel (12), Cap-Haïtien (8)") and a sentence under a
  topic ("Élèves : Jean Dupont a animé la séance") are left alone;
- phone numbers, however they are split (spaces, dots, dashes, slashes, commas, new lines) or
  spelt ("zero seven one two..." in any of the seven languages);
- e-mail addresses, also in their disguised forms ("jean(at)gmail.com", "jean at gmail dot com");
- identity and document numbers: long digit runs, and numbers next to a passport, birth
  certificate, case file or ID card;
- links to a social-media profile, and @handles next to a network's name;
- a child's home address: a house or street number where a child of a given age lives, and,
  in a text that identifies a child, every street address it gives ("Vive en 4a calle 12-34
  zona 1" after the child's name) and every named school, with the class before it ("class 7
  at Uhuru Primary School"), so that the text offered back without them keeps none.

The numbers a report is full of are left alone: dates, years, year ranges, counts, amounts
written with thousands separators, percentages and times. Digits are matched in any script
(`\\d` is Unicode-aware), and offsets always point into the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from bot.forms import screening_words as words
from bot.forms.screening_words import norm

PHONE = "phone"
EMAIL = "email"
ID_NUMBER = "id_number"
DOCUMENT = "document"
SOCIAL = "social"
CHILD = "child"
ADDRESS = "address"  # a child's home address
SCHOOL = "school"  # the named school of a child identified in the text
CUSTOM = "custom"

# When two findings cover the same text, the first kind in this order is kept.
_PRECEDENCE = {
    kind: i
    for i, kind in enumerate(
        (CUSTOM, ID_NUMBER, DOCUMENT, PHONE, EMAIL, SOCIAL, CHILD, ADDRESS, SCHOOL)
    )
}


@dataclass(frozen=True)
class Finding:
    # "phone" | "email" | "id_number" | "document" | "social" | "child" | "address" | "school"
    # | "custom"
    kind: str
    start: int
    end: int


# ----------------------------------------------------------------------------- digit runs

_HSPACE = " \t\u00a0\u2009\u202f"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
# Digit groups joined by one separator: a space, a dot or a dash (optionally spaced), or the
# parentheses of an area code. Slashes, commas and new lines are weaker separators: they also
# write dates, lists and scores, so runs joined by them are judged together afterwards.
_SEP = rf"(?:[{_HSPACE}]?[.{_DASHES}][{_HSPACE}]?|\)[{_HSPACE}]?|[{_HSPACE}]?\(|[{_HSPACE}])"
_DIGIT_RUN = re.compile(rf"(?<!\d)(?:(?:\+|00)[{_HSPACE}]?|\([{_HSPACE}]?)?\d+(?:{_SEP}\d+)*\)?")
_LOOSE_JOINT = re.compile(rf"[{_HSPACE}]*([/,،\n_|])[{_HSPACE}\n]*")
_GROUP = re.compile(r"\d+")
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"[@＠](?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])"
)
_DATE_SEP = rf"[.{_DASHES}/{_HSPACE}]"
_DATE_DMY = re.compile(rf"(\d{{1,2}}){_DATE_SEP}(\d{{1,2}}){_DATE_SEP}(\d{{4}}|\d{{2}})")
_DATE_YMD = re.compile(rf"(\d{{4}}){_DATE_SEP}(\d{{1,2}}){_DATE_SEP}(\d{{1,2}})")
_THOUSANDS_SEPARATORS = ",.\u00a0\u2009\u202f'"
_PLAIN_SPACES = frozenset(_HSPACE)


def _value(digits: str) -> int:
    return int("".join(str(unicodedata.decimal(ch, 0)) for ch in digits))


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= _value(digits) <= 2099


def _is_date(run: str) -> bool:
    match = _DATE_YMD.fullmatch(run)
    if match:
        year, month, day = match.groups()
        return _is_year(year) and 1 <= _value(month) <= 12 and 1 <= _value(day) <= 31
    match = _DATE_DMY.fullmatch(run)
    if match:
        first, second, year = match.groups()
        a, b = _value(first), _value(second)
        plausible_year = len(year) == 2 or _is_year(year)
        return plausible_year and 1 <= min(a, b) <= 12 and 1 <= max(a, b) <= 31
    return False


def _is_amount(run: str, groups: list[str]) -> bool:
    """'1,200,000', '2 500 000', '15.000.000': a number grouped by thousands, not a phone."""
    if len(groups) < 2 or groups[0].startswith(("0", "٠", "۰")) or len(groups[0]) > 3:
        return False
    if any(len(g) != 3 for g in groups[1:]):
        return False
    separators = {run[m.end()] for m in _GROUP.finditer(run) if m.end() < len(run)}
    if len(separators) != 1 or "(" in run or run.startswith("+"):
        return False
    (separator,) = separators
    # '612 345 678' is how many people write a mobile number, and nobody counts hundreds of
    # millions in a field report; with plain spaces, only a one- or two-digit head is an amount.
    return separator in _THOUSANDS_SEPARATORS or len(groups[0]) <= 2


def _not_a_number_to_hide(run: str, groups: list[str], digits: int) -> bool:
    """Dates, years and 'a year next to a count' ('en 2025 1200 enfants', 'Loi 2016/029')."""
    if digits < 7 or _is_date(run) or all(_is_year(g) for g in groups):
        return True
    return len(groups) == 2 and any(_is_year(g) for g in groups) and digits <= 9 and "(" not in run


def _classify(run: str, phone_context: bool) -> str | None:
    groups = _GROUP.findall(run)
    digits = sum(len(g) for g in groups)
    if _not_a_number_to_hide(run, groups, digits):
        return None
    international = run.startswith(("+", "00"))
    if international:
        return PHONE if digits <= 15 else ID_NUMBER
    if _is_amount(run, groups):
        return None
    trunk = "(" in run or groups[0][0] in "0٠۰"  # an area code or a trunk prefix
    grouped = len(groups) >= 2 and all(len(g) <= 4 for g in groups)
    if trunk and digits <= 12:
        return PHONE
    if grouped and digits <= 10:
        # "We trained 123 4567 people": seven digits split by a space are a count as often as a
        # local number; they are a phone number when written with a dash or a dot, or near a
        # word such as "call" or "tel".
        spaced_only = all(ch in _PLAIN_SPACES or ch.isdigit() for ch in run)
        if digits >= 8 or not spaced_only or phone_context:
            return PHONE
        return None
    if digits >= 8:
        return ID_NUMBER
    return None


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """An unmatched parenthesis belongs to the sentence, not to the number."""
    run = text[start:end]
    if run.endswith(")") and "(" not in run:
        end -= 1
    run = text[start:end]
    if run.startswith("(") and ")" not in run:
        start += len(run) - len(run[1:].lstrip(_HSPACE))
    return start, end


_PHONE_DIGITS_MAX = 15  # E.164


def _loose_phone(run: str, separator: str, phone_context: bool) -> bool:
    """Digit runs joined by '/', ',' or new lines: one phone number written that way?"""
    groups = _GROUP.findall(run)
    digits = sum(len(g) for g in groups)
    if _not_a_number_to_hide(run, groups, digits) or digits > _PHONE_DIGITS_MAX:
        return False
    prefixed = run.startswith(("+", "00", "(")) or groups[0][0] in "0٠۰"
    if not prefixed and (any(len(g) > 4 for g in groups) or min(len(g) for g in groups) < 2):
        return False
    if separator in ",،\n" and not (prefixed or phone_context):
        return False  # "45, 12, 33, 80" is a list
    return digits >= 8 or (digits == 7 and (prefixed or phone_context))


def _runs(text: str, phone_cues: list[int]) -> list[Finding]:
    spans = [_trimmed(text, *m.span()) for m in _DIGIT_RUN.finditer(text)]
    digits = [sum(map(len, _GROUP.findall(text, start, end))) for start, end in spans]
    findings = []
    i = 0
    while i < len(spans):
        # The longest chain of runs joined by one kind of weak separator that is a phone number
        # (of at most 15 digits, as every phone number: a longer chain, "12, 12, 12, ..." over a
        # page, was tried at every length from every run, in a time growing as its cube).
        j, separator, chained = i, None, digits[i]
        while j + 1 < len(spans) and chained + digits[j + 1] <= _PHONE_DIGITS_MAX:
            joint = _LOOSE_JOINT.fullmatch(text, spans[j][1], spans[j + 1][0])
            if joint is None or separator not in (None, joint.group(1)):
                break
            separator = joint.group(1)
            j += 1
            chained += digits[j]
        while j > i and separator is not None:
            start, end = spans[i][0], spans[j][1]
            if _loose_phone(text[start:end], separator, _near(phone_cues, start)):
                findings.append(Finding(PHONE, start, end))
                break
            j -= 1
        if j > i:
            i = j + 1
            continue
        start, end = spans[i]
        kind = _classify(text[start:end], _near(phone_cues, start))
        if kind is not None:
            findings.append(Finding(kind, start, end))
        i += 1
    return findings


def _near(cues: list[int], position: int, reach: int = 40) -> bool:
    return any(position - reach <= cue <= position for cue in cues)


# ----------------------------------------------------------------------------- e-mails, links

_AT = (
    r"(?:[ \t]*[\(\[\{<][ \t]*(?:at|arobase|arroba|arobas|@)[ \t]*[\)\]\}>][ \t]*"
    r"|[ \t]+(?:at|arobase|arroba|arobas|kwa)[ \t]+|[ \t]*[@＠][ \t]+)"
)
_DOT = (
    r"(?:[ \t]*[\(\[\{<][ \t]*(?:dot|point|punto|ponto|nukta|teboka|نقطة|\.)[ \t]*[\)\]\}>][ \t]*"
    r"|[ \t]+(?:dot|point|punto|ponto|nukta|teboka|نقطة)[ \t]+|[ \t]*\.[ \t]*)"
)
_TLD = (
    r"(?:com|org|net|edu|gov|gouv|info|biz|int|io|co|ong|ngo|africa|ac|fr|ht|mg|tz|ke|ne|sn|ml"
    r"|bf|ma|ca|es|pt|br|ao|mz|cd|cg|ci|cm|bj|tg|gn|td|ug|rw|bi|et|eg|dz|tn|lb|jo|ps|sy|iq|ye"
    r"|sd|so|dj|km|mu|uk|us|de|be|ch|it|nl|mx|pe|cl|ar|ve|bo|gt|hn|ni|sv|cr|pa|do|cu|uy|py|ec)"
)
_PROVIDER = (
    r"(?:gmail|yahoo|hotmail|outlook|live|icloud|protonmail|proton|aol|ymail|orange|yandex)"
)
# An address with its "@" or its dots in words or brackets. A plain " at " needs a mail
# provider's name or a spelt-out dot after it ("meet at unicef.org" is a place, not an address).
_EMAIL_DISGUISED = re.compile(
    rf"(?<![\w.+-])[^\W_][\w.+-]*(?:{_AT})(?:{_PROVIDER}(?:{_DOT}[^\W_][\w-]*)*"
    rf"|[^\W_][\w-]*(?:{_DOT}[^\W_][\w-]*)*{_DOT}{_TLD})(?![\w-])",
    re.IGNORECASE,
)
_AT_HINT = re.compile(r"[@＠]|\b(?:at|arobase|arroba|arobas|kwa)\b", re.IGNORECASE)
_SOCIAL_URL = re.compile(
    r"(?<![\w.@-])(?:https?://)?(?:[\w-]+\.)*"
    r"(?:facebook\.com|fb\.com|fb\.me|m\.me|instagram\.com|instagr\.am|twitter\.com|x\.com"
    r"|tiktok\.com|linkedin\.com|youtube\.com|youtu\.be|t\.me|telegram\.me|wa\.me"
    r"|snapchat\.com|threads\.net|vk\.com|pinterest\.com)/[^\s<>\"]+",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.@＠])[@＠][A-Za-z0-9_][A-Za-z0-9_.]{1,29}")
_HANDLE_LIKE = re.compile(r"@?[A-Za-z0-9_][A-Za-z0-9_.]*[._\d][A-Za-z0-9_.]*")


def _emails(text: str) -> list[Finding]:
    # Only a text with an "@" is searched for a plain address: the pattern tries each run of
    # an address's characters to its end ("12/12/12/..." over a page took 0.3 s).
    plain = _EMAIL.finditer(text) if "@" in text or "＠" in text else ()
    found = [Finding(EMAIL, *m.span()) for m in plain]
    if _AT_HINT.search(text):
        found += [
            Finding(EMAIL, *_rstrip(text, *m.span())) for m in _EMAIL_DISGUISED.finditer(text)
        ]
    return found


def _rstrip(text: str, start: int, end: int, chars: str = ".,;:!?)»\"'") -> tuple[int, int]:
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


# ----------------------------------------------------------------------------- tokens

_WORD_CHARS = r"(?:[^\W\d_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])"
_TOKEN = re.compile(
    rf"(?P<w>{_WORD_CHARS}+(?:['’\-]{_WORD_CHARS}+)*)|(?P<n>\d+)|(?P<b>\n)|(?P<p>[^\w\s])"
)
_ELIDED = frozenset({"l", "d", "j", "qu", "n", "s", "c", "m", "t", "lorsqu", "puisqu", "jusqu"})
_BREAKS = frozenset(".!?;\n。؟؛…")
_WORD, _NUM, _PUNCT, _BREAK = range(4)


@dataclass(slots=True)
class _Sentence:
    """The tokens toks[start:end] between two breaks (the break ending it, at `end`, belongs to
    it too), and facts about it that the rules ask for at many of its tokens, found once: a rule
    that walked the sentence at each of its numbers made a long answer without a full stop cost
    quadratic time (seconds for 4096 characters, on the bot's event loop)."""

    start: int
    end: int
    counted: bool = False  # a bracketed number says what it counts: "(12 participants)"
    counted_after: bool = False  # a noun then a count no child's age: "(watoto 45)"
    listed: tuple[int, ...] = ()  # numbers between commas or brackets: "Jacmel (12), Thiès (8)"
    counts: bool = False  # a number no child's age, nor a year: "San José 18, El Carmen 9"
    set_off: tuple[int, ...] = ()  # numbers after a comma, then a comma, "and" or the end
    ends_listing: bool = False  # nothing but punctuation after the last of them: "Mathare, 8."
    child: bool | None = None  # a child cue (found once the items are known)
    first_child_word: int | None = None  # the first child word's index, and the first role's
    first_role: int | None = None
    shouted: bool = False  # typed in capitals throughout: "MARIA CLARA 10 ANOS ABUSADA"


_NO_SENTENCE = _Sentence(0, 0)


@dataclass(slots=True)
class _Tok:
    kind: int
    text: str
    start: int
    end: int
    norm: str
    sentence: _Sentence = field(default_factory=lambda: _NO_SENTENCE)  # set by _tokens


def _tokens(text: str) -> list[_Tok]:
    toks = _split(text)
    _mark_sentences(toks)
    return toks


def _mark_sentences(toks: list[_Tok]) -> None:
    """Gives each token its sentence, in one pass over the text."""
    start = 0
    while start < len(toks):
        end = start
        while end < len(toks) and toks[end].kind != _BREAK:
            end += 1
        sentence = _Sentence(start, end)
        for k in range(start, min(end + 1, len(toks))):
            toks[k].sentence = sentence
        sentence.counted = any(_counts_at(toks, k) for k in range(start, min(end, len(toks) - 2)))
        sentence.counted_after = any(
            _noun_then_count(toks, k) and _value(toks[k].text) >= 18 for k in range(start, end)
        )
        sentence.listed = tuple(
            k for k in range(max(start, 1), min(end, len(toks) - 1)) if _listed_at(toks, k)
        )
        sentence.set_off = tuple(
            k
            for k in range(max(start, 1), min(end, len(toks)))
            if toks[k].kind == _NUM
            and toks[k - 1].text == ","
            and (
                k + 1 >= min(end, len(toks))
                or toks[k + 1].text == ","
                or toks[k + 1].norm in words.CONJUNCTION
            )
        )
        sentence.ends_listing = bool(sentence.set_off) and all(
            toks[k].kind == _PUNCT for k in range(sentence.set_off[-1] + 1, min(end, len(toks)))
        )
        sentence.counts = any(
            toks[k].kind == _NUM and _value(toks[k].text) >= 18 and not _is_year(toks[k].text)
            for k in range(start, min(end, len(toks)))
        )
        cased = [
            t.text
            for t in toks[start : min(end, len(toks))]
            if t.kind == _WORD and t.text.lower() != t.text.upper()
        ]
        sentence.shouted = len(cased) >= 3 and all(word.isupper() for word in cased)
        start = end + 1


def _counts_at(toks: list[_Tok], k: int) -> bool:
    """A number in brackets and what it counts: "(12 participants" (not "(12 ans")."""
    unit = toks[k + 2]
    return (
        toks[k].text == "("
        and toks[k + 1].kind == _NUM
        and unit.kind == _WORD
        and not _in(unit, words.AGE_UNIT)
        and not _in(unit, words.AGE_BEFORE)
    )


def _listed_at(toks: list[_Tok], k: int) -> bool:
    """A number between commas or in brackets: ", 12,", "(12)"."""
    return toks[k].kind == _NUM and toks[k - 1].text in ",(" and toks[k + 1].text in ",)"


def _split(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        start, end, piece = m.start(), m.end(), m.group()
        group = m.lastgroup
        if group == "w":
            head, sep, tail = piece.replace("’", "'").partition("'")
            # "n'a", "l'enfant" are elided; "N'Guessan", "N'Diaye" are names (a capital follows)
            name = head in ("N", "n") and tail[:1].isupper()
            if sep and head.casefold() in _ELIDED and not name:
                cut = start + len(head) + 1
                toks.append(_Tok(_WORD, text[start:cut], start, cut, norm(head)))
                start, piece = cut, text[cut:end]
            toks.append(_Tok(_WORD, piece, start, end, norm(piece)))
        elif group == "n":
            toks.append(_Tok(_NUM, piece, start, end, piece))
        elif group == "b" or piece in _BREAKS:
            if piece == "." and toks and _abbreviation(toks[-1]):
                toks.append(_Tok(_PUNCT, piece, start, end, piece))
            else:
                toks.append(_Tok(_BREAK, piece, start, end, piece))
        elif piece == "&":  # "amina 12 & her bro ali 9": typed for "and", read as "and"
            toks.append(_Tok(_WORD, piece, start, end, "and"))
        else:  # the Arabic comma is a comma to every rule: "الطفلة أمينة، 12، روت"
            comma = "," if piece == "،" else piece
            toks.append(_Tok(_PUNCT, comma, start, end, comma))
    return toks


def _abbreviation(tok: _Tok) -> bool:
    """'M.', 'Dr.', 'J.' (an initial): the dot does not end the sentence."""
    return tok.kind == _WORD and (tok.norm in words.ABBREVIATIONS or _initial(tok))


def _initial(tok: _Tok) -> bool:
    """One capital letter, or one Arabic letter (a script without capitals: "ف.م.")."""
    return (
        tok.kind == _WORD
        and len(tok.text) == 1
        and (tok.text.isupper() or "\u0621" <= tok.text <= "\u064a")
    )


@cache
def _phrase_table(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases tokenized like text, by first word, longest first."""
    table: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        key = tuple(t.norm for t in _tokens(phrase) if t.kind != _PUNCT)
        table.setdefault(key[0], []).append(key)
    for entries in table.values():
        entries.sort(key=len, reverse=True)
    return table


def _phrase_at(toks: list[_Tok], i: int, phrases: tuple[str, ...]) -> int:
    """The index after the phrase starting at toks[i], or i if none (punctuation skipped)."""
    for phrase in _phrase_table(phrases).get(toks[i].norm, ()):
        j, k = i, 0
        while k < len(phrase) and j < len(toks):
            if toks[j].kind == _PUNCT and k > 0:
                j += 1
                continue
            if toks[j].norm != phrase[k]:
                break
            j, k = j + 1, k + 1
        if k == len(phrase):
            return j
    return i


# ----------------------------------------------------------------------------- numbers in words


def _word_number(tok: _Tok) -> int | None:
    """The value of a number word, hyphenated compounds included ('dix-sept', 'thirty-four')."""
    if tok.kind != _WORD:
        return None
    value = words.NUMBER_WORDS.get(tok.norm)
    if value is None and tok.norm.startswith("ال") and len(tok.norm) > 4:
        value = words.NUMBER_WORDS.get(tok.norm[2:])  # "ذات العشر سنوات": of the ten years
    if value is not None or "-" not in tok.norm:
        return value
    total = 0
    for part in tok.norm.split("-"):
        part_value = words.NUMBER_WORDS.get(part)
        if part_value is None:
            if part in words.NUMBER_JOINERS:
                continue
            return None
        total = total * part_value if part_value == 20 and 0 < total < 10 else total + part_value
    return total


def _arabic_and(tok: _Tok) -> int | None:
    """'وعشرين': 'and twenty' written as one word."""
    if tok.kind == _WORD and tok.norm.startswith("و") and len(tok.norm) > 2:
        return words.NUMBER_WORDS.get(tok.norm[1:])
    return None


def _arabic_and_word(tok: _Tok) -> bool:
    """An Arabic word with "and" written on it: "وأخته" (and his sister), "وفاطمة"."""
    return tok.kind == _WORD and tok.norm.startswith("و") and "\u0600" <= tok.norm[1:2] <= "\u06ff"


def _number_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """A number written in digits or words starting at toks[i]: (value, index after it)."""
    tok = toks[i]
    if tok.kind == _NUM:
        return _value(tok.text), i + 1
    value = _word_number(tok)
    if value is None:
        return None
    j = i + 1
    while j < len(toks):
        nxt = toks[j]
        joined = nxt.norm in words.NUMBER_JOINERS or nxt.text == "-"
        k = j + 1 if joined else j
        part = _word_number(toks[k]) if k < len(toks) else None
        if part is None and k < len(toks):
            part = _arabic_and(toks[k])
        if part is None:
            break
        combines = (
            (value >= 20 and value % 10 == 0 and part < 10)  # "thirty-four", "vingt et un"
            or (value in (60, 80) and 10 <= part < 20)  # "soixante dix-huit"
            or (joined and value == 10 and part < 10)  # "kumi na mbili"
            or (joined and value < 10 and part in _TENS)  # "roa ambin'ny folo", "أربعة وثلاثون"
            or (not joined and value < 10 and part == 10)  # "اثنا عشر"
        )
        if not combines:
            break
        value += part
        j = k + 1
    return value, j


_TENS = frozenset(range(10, 100, 10))


def _spelt_phones(toks: list[_Tok], phone_cues: list[int]) -> list[Finding]:
    """'zéro six douze trente-quatre...', 'sifuri saba moja...': a phone number in words."""
    findings = []
    i = 0
    while i < len(toks):
        if _word_number(toks[i]) is None:
            i += 1
            continue
        digits = numbers = spelt = 0
        j, last = i, i
        while j < len(toks):
            tok = toks[j]
            if tok.kind == _NUM:
                digits, numbers, last = digits + len(tok.text), numbers + 1, j
                j += 1
                continue
            value = _word_number(tok)
            if value is None:
                if (
                    tok.kind == _PUNCT and tok.text in ",-/.:"
                ) or tok.norm in words.NUMBER_JOINERS:
                    j += 1
                    continue
                break
            parsed = _number_at(toks, j)
            assert parsed is not None
            value, after = parsed
            digits += len(str(value))
            numbers, spelt, last, j = numbers + 1, spelt + 1, after - 1, after
        cue = _near(phone_cues, toks[i].start)
        if spelt >= 3 and numbers >= 4 and (digits >= 8 or (digits >= 7 and cue)):
            findings.append(Finding(PHONE, toks[i].start, toks[last].end))
        i = max(j, i + 1)
    return findings


# ----------------------------------------------------------------------------- documents

_ID_SHAPE = re.compile(r"[^\W_](?:[\w/\-.]*[^\W_])?")


def _document_number(text: str, start: int, numbered: bool) -> tuple[int, int] | None:
    """The identifier at `start` ('AB123456', 'HT-2023-0456', '456/2021'), if it looks like one."""
    match = _ID_SHAPE.match(text, start)
    if match is None:
        return None
    candidate = match.group()
    groups = _GROUP.findall(candidate)
    digits = sum(len(g) for g in groups)
    letters = any(ch.isalpha() for ch in candidate)
    if digits < 3 or all(_is_year(g) for g in groups) or _is_date(candidate):
        return None
    separated = any(ch in "/-." for ch in candidate)
    if (letters and digits >= 3) or (separated and digits >= 4) or digits >= 5 or numbered:
        return match.span()
    return None


_PASSPORT_LIKE = re.compile(r"(?<![\w-])[A-Z]{1,3}\d{6,9}(?![\w-])")


def _documents(text: str, toks: list[_Tok]) -> list[Finding]:
    findings = [Finding(DOCUMENT, *m.span()) for m in _PASSPORT_LIKE.finditer(text)]
    for i in range(len(toks)):
        after = _phrase_at(toks, i, words.DOCUMENT_CUES)
        if after == i:
            continue
        # The number within a few words: "passeport n° AB123456", "dossier de l'enfant : 2023/45".
        numbered = False
        for j in range(after, min(after + 6, len(toks))):
            if toks[j].kind == _BREAK:
                break
            if toks[j].kind in (_WORD, _NUM):
                span = _document_number(text, toks[j].start, numbered)
                if span is not None:
                    findings.append(Finding(DOCUMENT, *span))
                    break
                numbered = numbered or toks[j].norm in words.NUMBER_MARKERS
    return findings


def _social(text: str, toks: list[_Tok]) -> list[Finding]:
    findings = [Finding(SOCIAL, *_rstrip(text, *m.span())) for m in _SOCIAL_URL.finditer(text)]
    networks = [t for t in toks if t.norm in words.SOCIAL_WORDS]
    if not networks:
        return findings
    if "@" in text or "＠" in text:
        findings += [Finding(SOCIAL, *_rstrip(text, *m.span())) for m in _HANDLE.finditer(text)]
    for tok in networks:
        # "Facebook : jean.pierre509", "insta ni amina_12"
        rest = re.match(r"[ \t]*(?::|-|=|est|is|ni|dia|es|é|هو)?[ \t]*", text[tok.end :])
        begin = tok.end + (rest.end() if rest else 0)
        handle = _HANDLE_LIKE.match(text, begin)
        if handle and not _GROUP.fullmatch(handle.group()):
            findings.append(Finding(SOCIAL, *_rstrip(text, *handle.span())))
    return findings


# ----------------------------------------------------------------------------- a child identified

_MALAGASY_NAME = re.compile(r"(?:ra|andria|razaf|rako|randria|ranaivo|rasoa|ravel)\w{3,}")
_DEMONYM = re.compile(r".*(?:ien|ienne|ais|aise|ain|aine|ois|oise|ese|ian|ano|ana|ês|esa|ense)")
_KNOWN = (
    words.CHILD
    | words.ROLE
    | words.HONORIFIC
    | words.NAMED
    | words.GLUE_BEFORE
    | words.GLUE_AFTER
    | words.CONJUNCTION
    | words.PLACE_PREPOSITION
    | words.INSTITUTION
    | words.MONTHS_AND_DAYS
    | words.STOP
    | words.AGE_UNIT
    | words.AGE_BEFORE
    | words.BORN
    | words.PHONE_CUES
    | words.SOCIAL_WORDS
    | words.CHILD_COMPOUND_AFTER
    | words.SCHOOL_CLASS
    | words.SCHOOL_SUBJECTS
    | frozenset(words.NUMBER_WORDS)
)

# What an item is, for the child rule.
_CHILDCUE, _ADULT_AGE, _ROLE, _HONORIFIC, _NAMED = range(5)


@dataclass(slots=True)
class _Item:
    what: int
    start: int
    end: int
    first: int  # token indices covered
    last: int
    age: bool = False  # an age ("12 ans", "quatorze ans", "age 9"), not a word for a child


def _arabic_forms(word: str) -> tuple[str, ...]:
    """An Arabic word without its clitics: 'والطفلة' -> 'الطفلة', 'للطفلة' -> 'الطفلة'."""
    forms = [word]
    if len(word) > 3 and word[0] in "وف":
        word = word[1:]
        forms.append(word)
    if len(word) > 4 and word.startswith("لل"):
        forms.append("ال" + word[2:])
    elif len(word) > 4 and word[0] in "بلك" and word[1:3] == "ال":
        forms.append(word[1:])
    return tuple(forms)


def _in(tok: _Tok, lexicon: frozenset[str]) -> bool:
    if tok.norm in lexicon:
        return True
    return (
        tok.kind == _WORD
        and "\u0600" <= tok.norm[:1] <= "\u06ff"
        and any(form in lexicon for form in _arabic_forms(tok.norm)[1:])
    )


def _is_listed(tok: _Tok) -> bool:
    return _in(tok, words.GIVEN_NAMES) or bool(
        _MALAGASY_NAME.fullmatch(tok.norm) and _capital(tok)
    )


def _capital(tok: _Tok) -> bool:
    return tok.kind == _WORD and tok.text[:1].isupper()


def _name_like(tok: _Tok) -> bool:
    """Could this word be part of a person's name (on its own, before any context)?"""
    if tok.kind != _WORD or len(tok.norm) < 2:
        return False
    listed = _is_listed(tok)
    if _capital(tok):
        if tok.text.isupper() and len(tok.text) > 1 and not listed:
            return False  # an acronym: UNICEF, CM2
        return listed or not _in(tok, _KNOWN)
    if listed and not _in(tok, _KNOWN):
        cased_script = tok.text[:1].islower()
        return not (cased_script and tok.norm in words.COMMON_WORD_NAMES)
    return False


def _child_word(toks: list[_Tok], i: int, *, counted: bool = False) -> bool:
    """A word for a child, not inside another name ('child protection', 'droits de l'enfant').
    With `counted`, also children counted ('12 enfants')."""
    if not _in(toks[i], words.CHILD):
        return False
    nxt = _next_word(toks, i)
    if _titled_name_part(toks, i, nxt):
        return False  # "the Day of the African Child", "Réseau des Enfants Leaders": a title

    if nxt is not None and toks[nxt].norm in words.CHILD_COMPOUND_AFTER:
        return False
    if not counted and _counted_after(toks, i + 1):
        return False  # "watoto 45", "ankizy 30": a count, the number after the noun
    j = i - 1
    for _ in range(3):
        if j < 0 or toks[j].kind == _BREAK:
            break
        count = _value(toks[j].text) if toks[j].kind == _NUM else _word_number(toks[j])
        if count is not None and count != 1 and not counted:
            return False  # "12 enfants": a count, not a person ("une enfant" is one)
        if j == i - 1 and toks[j].norm == "dia":
            break  # Malagasy "dia zazalahy" (is a boy); the day is "dia da criança", "día del"
        if not _in(toks[j], words.STREETS) and any(
            _in(toks[j], lexicon)
            for lexicon in (
                words.CHILD_COMPOUND_BEFORE,
                words.ROLE,
                words.INSTITUTION,
                words.CHILD_INSTITUTION,
            )
        ):
            # "droits de l'enfant", "the trainer of the children", "Hôpital pour enfants
            # Albert Royer", "École des filles Sainte-Marie": not a child, a name's part
            return False
        if toks[j].kind == _WORD and toks[j].norm not in words.CHILD_LINKS | words.FOR_WORDS:
            break
        j -= 1
    return True


def _titled_name_part(toks: list[_Tok], i: int, nxt: int | None) -> bool:
    """A capitalised child word inside a sentence belongs to the title of an event, a network or
    an organisation ("Day of the African Child", "Save the Children", "Réseau des Enfants
    Leaders") when a capitalised word comes before it, or when no name follows it."""
    if not _capital(toks[i]) or toks[i].text.isupper() or i == 0 or toks[i - 1].kind == _BREAK:
        return False
    j = i - 1
    while j >= 0 and j >= i - 4 and toks[j].kind != _BREAK:
        if toks[j].kind == _WORD and toks[j].norm not in words.CHILD_LINKS:
            return _capital(toks[j])
        j -= 1
    return nxt is None or not _name_like(toks[nxt])


def _noun_then_count(toks: list[_Tok], k: int) -> bool:
    """A count after the noun just opened by a bracket or a colon, as Swahili and Malagasy
    write it: "(watoto 32)", ": ankizy 30" (not "(mtoto 1)", nor an age: "(child 12 years")."""
    if k < 2 or toks[k - 2].text not in ("(", ":") or k >= len(toks) or toks[k].kind != _NUM:
        return False
    if toks[k - 1].kind != _WORD or _value(toks[k].text) == 1:
        return False
    return k + 1 >= len(toks) or not _in(toks[k + 1], words.AGE_UNIT)


def _counted_after(toks: list[_Tok], k: int) -> bool:
    """Children counted after their noun: "Chalinze (watoto 32)", or "(watoto 12)" in a
    sentence counting others so ("Bagamoyo (watoto 45), Chalinze (watoto 12)"); alone, a
    number a child's age may be stays one ("Amina (mtoto 12)")."""
    if not _noun_then_count(toks, k):
        return False
    return _value(toks[k].text) >= 18 or toks[k].sentence.counted_after


def _next_word(toks: list[_Tok], i: int) -> int | None:
    j = i + 1
    while j < len(toks) and toks[j].kind == _PUNCT and toks[j].text == "-":
        j += 1
    return j if j < len(toks) and toks[j].kind == _WORD else None


def _age_at(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """An age at toks[i] ('12 ans', 'age 9', 'miaka kumi', 'عمرها 12 سنة'): (years, end)."""
    stated = _stated_age(toks, i)
    if stated is not None:
        return stated
    j = i
    if _in(toks[i], words.AGE_BEFORE):
        j = i + 1
        # "umri wa miaka 12", "âgée de 12", "age: 9", "البالغة من العمر 12"
        while (
            j < len(toks)
            and j < i + 4
            and (
                toks[j].kind == _PUNCT
                or toks[j].norm in ("de", "wa", "of", "من", "العمر", "miaka")
            )
        ):
            j += 1
        if j < len(toks):
            parsed = _number_at(toks, j)
            if parsed is not None:
                value, after = parsed
                if after < len(toks) and _in(toks[after], words.AGE_UNIT):
                    after += 1
                # "8 months", "miezi 8" (Swahili puts the unit first)
                unit = toks[i].norm in words.MONTH_UNITS
                months = unit or toks[after - 1].norm in words.MONTH_UNITS
                return (0 if months else value), after
        return None
    spelt = _SPELT_AGE.fullmatch(toks[i].norm)
    if spelt and spelt.group(1) in words.NUMBER_WORDS:  # "ten-year-old", "dix-ans"
        months = spelt.group(2).startswith(("month", "mois"))
        return (0 if months else words.NUMBER_WORDS[spelt.group(1)]), i + 1
    parsed = _number_at(toks, i)
    if parsed is None:
        return None
    value, after = parsed
    if after < len(toks) and toks[after].text == "-":
        after += 1
    if [t.norm for t in toks[after : after + 3]] in (["y", "/", "o"], ["y", ".", "o"]):
        return value, after + 3  # "12 y/o", "12 y.o."
    if after < len(toks) and _in(toks[after], words.AGE_UNIT):
        months = toks[after].norm in words.MONTH_UNITS
        after += 1
        if after < len(toks) and toks[after].norm == "old":
            after += 1  # "a 13 year old Brian Otieno": the age reads on to "old"
        return (0 if months else value), after
    if _of_a_child(toks, i, value, after):
        return value, after
    return None


_RELATIVES = frozenset({"who", "that", "qui", "que", "ambaye", "izay", "الذي", "التي"})


def _of_a_child(toks: list[_Tok], i: int, value: int, after: int) -> bool:
    """A bare number after one child and "of" is her age when nothing it counts follows: "a
    girl of 12 who lives at house 14", "une fille de 12 qui", "una niña de 12 que vive", "um
    menino de 9, ..." (not "a girl of 12 siblings", "les enfants de 12 familles")."""
    if i < 2 or not 0 < value < 18 or toks[i - 1].norm not in _OF_AGE:
        return False
    child = toks[i - 2]
    if not _in(child, words.CHILD) or _in(child, words.PLURAL_CHILD | words.PUPILS):
        return False  # (not "les enfants de 12", a group; "élève de 6", a class)
    if i + 1 < len(toks) and toks[i + 1].start == toks[i].end:
        return False  # "de 6e", "de 5º": a class
    return _clause_ends(toks, after) or (after < len(toks) and toks[after].norm in _RELATIVES)


def _stated_age(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """An age stated without its unit by a verb of having, or a pronoun and a copula: "Pedrito
    tiene 6 y no va a la escuela", "lil Tasha, she's 11,", "ele tem 7." The number ends the
    clause (not "tiene 6 hijos", "she's 11 km away"); with a unit, the number is an age anyway."""
    if _in(toks[i], words.AGE_PRONOUNS) and i + 1 < len(toks):
        j = i + 2 if toks[i + 1].norm in words.AGE_COPULAS else i
    else:
        j = i + 1 if toks[i].norm in words.AGE_VERBS else i
    if j == i or j >= len(toks):
        return None
    parsed = _number_at(toks, j)
    if parsed is None or not _clause_ends(toks, parsed[1]):
        return None
    if _counts_beside(toks, i, parsed[1]):
        return None
    return parsed


def _counts_beside(toks: list[_Tok], verb: int, after: int) -> bool:
    """The number after a verb of having counts what a number beside it counts: the same verb
    before it with a count ("María tiene 15 familias y Juan tiene 12"), or "and" another
    number with a count ("Juan tiene 6 y María 4 parcelas", "Pedro tem 3 e Ana tem 2 visitas")."""

    def counted(k: int) -> bool:  # a number at k, then a word it counts
        parsed = _number_at(toks, k) if k < len(toks) else None
        if parsed is None or parsed[1] >= len(toks):
            return False
        noun = toks[parsed[1]]
        return (
            noun.kind == _WORD
            and noun.norm not in words.CONJUNCTION
            and noun.norm not in _LITTLE_WORDS
            and not _in(noun, words.AGE_UNIT)
        )

    sentence = toks[verb].sentence
    if any(
        toks[k].norm == toks[verb].norm and counted(k + 1)
        for k in range(max(0, verb - 10), verb)  # near it: no page read again for each verb
        if toks[k].sentence is sentence
    ):
        return True
    if _gapped_count(toks, after):
        return True
    if after >= len(toks) or toks[after].norm not in words.CONJUNCTION:
        return False
    return any(
        counted(k)
        for k in range(after + 1, min(after + 4, len(toks)))
        if toks[k].kind == _NUM and toks[k].sentence is sentence
    )


def _gapped_count(toks: list[_Tok], after: int) -> bool:
    """The verb of having understood after "and" or a comma, with a group of another name and
    a bare number: "El grupo de Juan tiene 12, el de Rosa 9". Two tallies side by side; not
    "tiene 12, su hermana 9" (a sibling), nor "Pedro tiene 3 y Ana 2." (a bare name: as likely
    two children and their ages; the screening errs on the child's side)."""
    if after >= len(toks) or toks[after].norm not in {*words.CONJUNCTION, ","}:
        return False
    named = framed = False
    for j in range(after + 1, min(after + 5, len(toks))):
        tok = toks[j]
        if tok.kind == _NUM:
            return named and framed and _value(tok.text) >= 1 and _clause_ends(toks, j + 1)
        if tok.kind != _WORD or _in(tok, words.SIBLINGS) or _in(tok, words.CHILD):
            return False
        if _capital(tok) and _name_like(tok):
            named = True
        elif tok.norm in _ARTICLES or tok.norm in _OF:
            framed = framed or not named
        else:
            return False
    return False


def _clause_ends(toks: list[_Tok], after: int) -> bool:
    """Nothing more is said of the number before toks[after]: the end, punctuation, or "and" and
    a word that is not a number ("tiene 6 y no va"; not "6 y 8 años")."""
    if after >= len(toks) or toks[after].kind == _BREAK:
        return True
    tok = toks[after]
    if tok.kind == _PUNCT:
        return tok.text in ",;:)"
    if tok.norm not in words.CONJUNCTION or after + 1 >= len(toks):
        return False
    return _number_at(toks, after + 1) is None


_SPELT_AGE = re.compile(r"([^\W\d_]+)-(years?-old|year|months?-old|ans|mois)")


def _in_range(toks: list[_Tok], first: int, after: int) -> bool:
    """'10 to 14 years', 'de 10 à 14 ans', 'miaka 8 hadi 12': the ages of a group."""
    before = first - 1
    if before >= 1 and toks[before].norm in words.RANGE_WORDS and toks[before - 1].kind == _NUM:
        return _joins_range(toks, before, before - 1)
    for j in range(first + 1, min(after + 1, len(toks) - 1)):
        if toks[j].norm in words.RANGE_WORDS and (
            toks[j + 1].kind == _NUM or _word_number(toks[j + 1]) is not None
        ):
            return _joins_range(toks, j, first)
    return False


def _joins_range(toks: list[_Tok], word: int, start: int) -> bool:
    """ "to", "à", "hadi" join the ends of a range; "and", "et" only after "between" ("entre 10
    et 14 ans"): "Kevin and Brian, 12 and 13" are two children's ages."""
    if toks[word].norm not in words.CONJUNCTION:
        return True
    return any(_in(tok, words.BETWEEN) for tok in toks[max(0, start - 2) : start])


def _no_ones_age(toks: list[_Tok], after: int) -> bool:
    """ "12 years ago", "12 ans en moyenne": a time, or a group's average, not a person's age.
    (An age running on into other words, "12 ans après le séisme", is `_closed`'s concern.)"""
    for tok in toks[after : after + 3]:
        if _in(tok, words.NOT_AN_AGE_AFTER):
            return True
        if tok.norm not in _AGE_QUALIFIER_LINKS:
            return False
    return False


_AGE_QUALIFIER_LINKS = frozenset(
    map(norm, {"en", "on", "in", "em", "kwa", "ho", "de", "plus", "más", "mais", "an", "في"})
)


_CONJUNCTIONS = frozenset(
    {"and", "&", "et", "y", "e", "na", "sy", "ary", "و"}
)  # as typed: "é" is "is"


def _items(toks: list[_Tok]) -> list[_Item | None]:
    """What each token means for the child rule (None: a plain word or punctuation)."""
    items: list[_Item | None] = [None] * len(toks)
    i = 0
    what: int | None
    while i < len(toks):
        tok = toks[i]
        age = _age_at(toks, i)
        if age is not None:
            years, after = age
            # A group's ages ("aged 8 to 12") describe nobody in particular.
            group = (
                _in_range(toks, i, after)
                or (i > 0 and _in(toks[i - 1], words.DURATION))
                or _career(toks, after)
                or _no_ones_age(toks, after)
            )
            item = _Item(
                _CHILDCUE if years < 18 and not group else _ADULT_AGE,
                tok.start,
                toks[after - 1].end,
                i,
                after - 1,
                age=True,
            )
            for k in range(i, after):
                items[k] = item
            i = after
            continue
        after = _phrase_at(toks, i, words.CHILD_PHRASES)
        if after > i:
            item = _Item(_CHILDCUE, tok.start, toks[after - 1].end, i, after - 1)
            for k in range(i, after):
                items[k] = item
            i = after
            continue
        what = None
        if tok.kind == _WORD:
            if _child_word(toks, i):
                what = _CHILDCUE
            elif _in(tok, words.ROLE):
                what = _ROLE
            elif _in(tok, words.HONORIFIC):
                what = _HONORIFIC
            elif _in(tok, words.NAMED) or (
                _in(tok, words.CALLS)
                and i + 1 < len(toks)
                and (toks[i + 1].text in '"«“' or _called_by_them(toks, i))
            ):
                what = _NAMED
            elif _in(tok, words.BORN) and _born_with_date(toks, i):
                what = _CHILDCUE  # a date of birth next to a name identifies anyone
        if what is not None:
            items[i] = _Item(what, tok.start, tok.end, i, i)
        i += 1
    return items


def _called_by_them(toks: list[_Tok], i: int) -> bool:
    """ "the kid they call Shorty", "le garçon qu'on appelle Ti Jak", "la niña que le llaman
    Flaca": a nickname after a child word, "call" said by them (not "we call parents weekly",
    "they call the office")."""
    if i == 0 or toks[i - 1].norm not in _THEY_CALL:
        return False
    return any(
        _child_word(toks, j) and not _in(toks[j], words.PLURAL_CHILD)  # not "kids they call"
        for j in range(max(0, i - 4), i - 1)
    )


_THEY_CALL = frozenset({"they", "we", "people", "everyone", "everybody", "on", "le", "la", "lo"})


def _career(toks: list[_Tok], after: int) -> bool:
    """'12 ans d'expérience', '12 years with the police', '13 years as a volunteer', '12 años
    como dirigente', '12 ans à la tête du comité': the age is a career's length."""
    as_ = org = False
    for k in range(after, min(after + 4, len(toks))):
        tok = toks[k]
        if _in(tok, words.ORGANISATION) or (as_ and _in(tok, words.ROLE)):
            return True
        if _in(tok, words.CAREER) and not org:
            # not "14 years in the company of older boys": with them, no employer
            if tok.norm == "company" and k + 1 < len(toks) and toks[k + 1].norm == "of":
                return False
            return not (_in(tok, words.WORKPLACES) and _childs_work(toks, k + 1))
        if as_ and tok.norm in words.ROLE_TAIL:
            continue  # "13 years as head teacher", "12 ans comme chef de service"
        if tok.norm in _ORGANISATION_LINKS:
            org = True  # "14 anos na organização" (not "12 anos na polícia", "at work")
        elif tok.norm not in _CAREER_LINKS:
            return False
        as_ = as_ or tok.norm in _AS
    return False


def _childs_work(toks: list[_Tok], k: int) -> bool:
    """After a word of work at k - 1, domestic work or a person as the employer: "kazini kwa
    tajiri", "kazi za ndani", "en la empresa de su tío", "travail domestique", "work for a
    farmer" (a child's labour; not "in the company", "kazini", "trabajo de la organización")."""
    linked = False
    for j in range(k, min(k + 4, len(toks))):
        tok = toks[j]
        if _in(tok, words.DOMESTIC) or _in(tok, words.EMPLOYERS):
            return True
        if _in(tok, words.CHILD_WORKPLACES):
            return True  # "kazini mgodini" (at work in the mine), "trabajo en la cantera"
        if _in(tok, words.PARENTS) or _in(tok, words.SIBLINGS):
            return linked
        if tok.norm in _EMPLOYER_LINKS and not linked:
            linked = True
        elif not linked or not (tok.norm in _DETERMINERS or _in(tok, words.POSSESSIVES)):
            return False
    return False


# "kazi za ndani", "en la empresa de su tío", "kazini kwa tajiri", "travail chez un fermier"
_EMPLOYER_LINKS = frozenset(
    {"za", "ya", "wa", "kwa", "de", "du", "d", "del", "da", "do", "of", "for", "pour", "para"}
    | {"chez", "com", "con", "with", "avec", "at", "an'ny", "amin'ny", "ho"}
)
_AS = frozenset({"as", "comme", "como", "kama", "ho"})
_CAREER_LINKS = (
    frozenset(
        {"d", "de", "of", "with", "the", "in", "avec", "dans", "au", "en", "a", "la", "el", "no"}
        | {"l", "في"}  # "dans l'organisation", "١٢ سنة في الخدمة": twelve years in service
    )
    | _AS
)
_ORGANISATION_LINKS = frozenset({"at", "na", "katika", "ndani", "amin'ny", "ao", "ny"})


def _born_with_date(toks: list[_Tok], i: int) -> bool:
    for j in range(i + 1, min(i + 5, len(toks))):
        if toks[j].kind == _BREAK:
            return False
        if toks[j].kind == _NUM:
            return True
    return False


def _names(toks: list[_Tok], items: list[_Item | None]) -> list[tuple[int, int]]:
    """Token ranges [first, last] that look like a person's name."""
    names = []
    i = 0
    while i < len(toks):
        typed = _typed_name_after_child(toks, items, i)
        if typed is None:
            typed = _typed_name_aged(toks, items, i)
        if typed is None:
            typed = _typed_name_after_age(toks, items, i)
        if typed is None:
            typed = _typed_name_after_aged_child(toks, items, i)
        if typed is not None:  # "la niña josefina quispe de 10 años": one name, whole
            names.append((i, typed))
            i = typed + 1
            continue
        if (
            items[i] is not None
            or not (
                _name_like(toks[i])
                or _named_here(toks, items, i)
                or _typed_name_met(toks, items, i)
                or _entry_like_the_last(toks, i)
                or _typed_after_named(toks, items, i)
                or _malagasy_named(toks, items, i)
                or _typed_pair_aged(toks, items, i)
                or _named_in_brackets(toks, items, i)
                or _named_after_sibling(toks, i)
                or _word_name_aged(toks, items, i)
            )
            or _opening_verb(toks, i)
            or toks[i].norm in _AVERAGES  # "Average age: 13", "متوسط العمر: ١٢"
        ):
            i += 1
            continue
        j = i
        while True:
            k = j + 1
            if k < len(toks) and toks[k].norm in words.NAME_PARTICLES and k + 1 < len(toks):
                k += 1
            if (
                k < len(toks)
                and items[k] is None
                and _name_like(toks[k])
                and _same_name(toks, j, k)
            ):
                j = k
            elif k < len(toks) and items[k] is None and _arabic_compound(toks, j, k):
                j = k  # "عبد الرحمن", "نور الهدى": one name
            elif k == j + 1 < len(toks) and items[k] is None and _shouted_name_part(toks, j, k):
                j = k  # "MARIA CLARA 10 ANOS", "MARIA SILVA, 10 ANOS": no acronym
            elif k < len(toks) and _typed_surname(toks, items, j, k):
                j = k
                break
            else:
                break
        names.append((i, j))
        i = j + 1
    return names


def _typed_after_named(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A word typed in lower case right after "name", "prénom", "jina lake", "her name is" is
    the name given, a word though it is ("girl 12 yrs, her name is faith", "mtoto jina lake
    baraka miaka 9", "prenom ketsia"); its age or a child word still has to be near."""
    tok = toks[i]
    if (
        items[i] is not None
        or tok.kind != _WORD
        or not tok.text[:1].islower()
        or len(tok.norm) < 3
        or (_in(tok, _KNOWN) and not _is_listed(tok))
        or _in(tok, words.PARENTS | words.SIBLINGS)
        or tok.norm in _CREOLE_KIN  # "rele manman timoun 12 an an": call the mother
        or tok.norm in _NO_NAME_GIVEN
        or tok.norm in _NAME_KEPT_BACK  # "name kept confidential", "prénom fictif"
        # "child named trained", "nommée victime", "named formé": a state or a participle
        or (
            not _is_listed(tok)
            and (_a_childs_state(tok) or _said_of_her(tok) or tok.norm in _FRENCH_PARTICIPLES)
        )
        or tok.norm.startswith(("lime", "hali", "haiku", "ime"))  # "jina limehifadhiwa"
        or "\u0600" <= tok.norm[:1] <= "\u06ff"
    ):
        return False
    j = i - 1
    while j >= 0 and j >= i - 3 and items[j] is None and _in(toks[j], words.GLUE_BEFORE):
        j -= 1
    named = items[j] if j >= 0 else None
    if named is not None and toks[named.first].norm == "rele" and tok.norm in _CREOLE_CALLED:
        return False  # "nou rele lapolis pou timoun 12 an an": we called the police
    return named is not None and named.what == _NAMED


def _malagasy_named(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A word typed in lower case after the Malagasy article of persons "i", her age in
    "taona" right after it: "nanatona ny birao i lova 13 taona" (Lova, 13, came to the
    office), a word though it is ("lova": heritage); not "i" and a verb in English."""
    tok = toks[i]
    age = items[i + 1] if i + 1 < len(toks) else None
    return (
        i > 0
        and toks[i - 1].text == "i"
        and items[i] is None
        and tok.kind == _WORD
        and tok.text[:1].islower()
        and len(tok.norm) >= 3
        and not (_in(tok, _KNOWN) and not _is_listed(tok))
        and tok.norm not in _MALAGASY_GROUPS  # "i tanora 15 taona": the youth of 15
        and age is not None
        and age.what == _CHILDCUE
        and age.age
        and toks[age.last].norm == "taona"
    )


# Who a report counts in Malagasy, not a name after "i": "i tanora 15 taona no nanatrika".
_MALAGASY_GROUPS = frozenset(
    {"tanora", "mpianatra", "mpampianatra", "mpanentana", "fikambanana", "vondrona", "kilasy"}
    | {"sekoly", "klioba", "ekipa", "tarika", "mpiasa", "olona", "vehivavy", "lehilahy"}
)


_SPOUSES = frozenset(
    {"wife", "husband", "femme", "mari", "epouse", "epoux", "esposa", "esposo", "marido"}
    | {"mulher", "mke", "mume", "vady", "spouse", "partner", "conjoint", "companera"}
)
# Not a name after "name": "name withheld", "nom non communiqué", "jina limehifadhiwa".
_NO_NAME_GIVEN = frozenset(
    map(
        norm,
        {"withheld", "not", "non", "none", "unknown", "inconnu", "desconocido", "desconhecido"}
        | {"confidential", "confidentiel", "confidencial", "anonymous", "anonyme", "anonimo"}
        | {"omitted", "removed", "hidden", "masque", "reserved", "reservado", "protegido", "nil"}
        | {"redacted", "xxx", "siri", "sijui", "haijulikani", "halijulikani", "tsy", "tsisy"}
        | {"changed", "change", "cambiado", "alterado", "given", "provided", "omis", "caché"},
    )
)
_CREOLE_KIN = frozenset({"manman", "papa", "matant", "tonton", "grann", "granmoun", "fre", "se"})
# What is said of a name right after "name" (not the name): "name kept confidential", "prénom
# fictif", "le prénom utilisé", "nome dela foi preservado", "her name is protected".
_NAME_KEPT_BACK = frozenset(
    {"kept", "protected", "private", "secret", "fictitious", "fake", "used", "anonymised"}
    | {"anonymized", "confidential", "redacted", "changed", "garde", "gardee", "protege"}
    | {"protegee", "fictif", "fictive", "anonyme", "anonymise", "anonymisee", "utilise"}
    | {"utilisee", "modifie", "modifiee", "cache", "cachee", "masque", "masquee", "preserve"}
    | {"preservee", "preservado", "preservada", "trocado", "trocada", "alterado", "alterada"}
    | {"sigiloso", "sigilosa", "ficticio", "ficticia", "protegido", "protegida", "omitido"}
    | {"omitida", "anonimo", "anonima", "confidencial", "reservado", "reservada", "miafina"}
    | {"kabisa", "siri", "fiktif", "konfidansyel", "kache", "chanje", "sekre"}
)
# Whom "rele" (to call) calls in Haitian Creole notes, not a name: "nou rele lapolis", "rele
# direktè a", "nou rele ajan IBESR la", "rele pwofesè yo".
_CREOLE_CALLED = frozenset(
    {"lapolis", "polis", "ajan", "direkte", "direktris", "pwofese", "met", "majistra"}
    | {"jij", "dokte", "enfimye", "anbilans", "sekou", "paran", "responsab"}
    | {"komite", "kazek", "asek", "paste", "pret", "lekol", "lopital", "klinik", "biwo"}
    | {"sosyal", "travaye", "animate", "animatris", "fomate", "kowodonate", "sipevize"}
    | {"ibesr", "bpm", "minis", "ministe", "notab", "chef", "delege", "meri"}
)


def _note_before(toks: list[_Tok], close: int) -> int | None:
    """The "(" of a short note in brackets closed at toks[close] ("(street)", "(child labour)"),
    or None."""
    if close < 0 or toks[close].text != ")":
        return None
    for j in range(close - 1, max(close - 5, -1), -1):
        if toks[j].text == "(":
            return j if j < close - 1 else None
        if toks[j].kind != _WORD:
            return None
    return None


def _entry_like_the_last(toks: list[_Tok], i: int) -> bool:
    """A word typed in lower case that no list knows, in a list whose entries are a word, a bare
    age and a note in brackets: "janet" in "peter 11 (street), janet 9 (labour)". A name only if
    the entry before it names a child (`_listed_with_ages`)."""
    tok = toks[i]
    if tok.kind != _WORD or not tok.text[:1].islower() or len(tok.norm) < 3 or _in(tok, _KNOWN):
        return False
    if i < 6 or not (toks[i - 1].text == "," or toks[i - 1].norm in _CONJUNCTIONS):
        return False
    opening = _note_before(toks, i - 2)
    if opening is None or toks[opening - 1].kind != _NUM or toks[opening - 2].kind != _WORD:
        return False
    return (
        i + 2 < len(toks)
        and toks[i + 1].kind == _NUM
        and 1 <= _value(toks[i + 1].text) <= 17
        and toks[i + 2].text == "("
    )


def _opening_verb(toks: list[_Tok], i: int) -> bool:
    """A verb opening the sentence, not a name's first half: "Met Kevin, 13, at the bus park",
    "Rencontré Kevin", "Encontramos a Pedrito", "Tulitembelea Chalinze", "Tulikutana na Amina"
    (the officer was asked to remove "Met Kevin", or "Tulikutana" as a second child). A verb of
    meeting, or the shape of a past or plural verb: English "-ited", "-ssed"; Spanish and
    Portuguese "-amos", "-imos"; Swahili "tuli-", "wali-", "tume-"."""
    tok = toks[i]
    if not _capital(tok) or not _sentence_start(toks, i) or _is_listed(tok):
        return False
    word = tok.norm
    return (
        word in words.MEETING_VERBS
        or (len(word) >= 6 and word.endswith(_ENGLISH_PAST))
        or (len(word) >= 8 and word.endswith(("amos", "imos", "emos")))
        or (len(word) >= 8 and word.startswith(_SWAHILI_TENSES))
    )


def _her_swahili_verb(toks: list[_Tok], k: int) -> bool:
    """A Swahili verb of hers after a name's number: "tulimkuta baraka 13 akichunga mbuzi" (we
    met baraka, 13, herding goats), "anauza", "alikuwa": the subject prefix "a-" of one
    person, then a tense ("-ki-", "-na-", "-li-", "-me-", "-ta-"); not a noun counted ("12
    wazazi", "13 mbuzi"), nor a staff member's work ("neema 5 amewasilisha": has submitted
    five, "baraka 3 amekamilisha": has completed three)."""
    if k >= len(toks) or toks[k].kind != _WORD or not toks[k].text[:1].islower():
        return False
    word = toks[k].norm
    if word in _SWAHILI_SHE_IS_AT:
        # "juma 12 yuko kijijini": she is (is not) in the village; not "lilian 5 bado yuko
        # likizo", "yuko ofisini": a colleague on leave or at work
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.norm in _SWAHILI_AT_WORK:
            return False
        away = nxt is not None and (_in(nxt, words.HOLIDAYS) or _in(nxt, words.LEAVE))
        return not away or _family_after(toks, k + 2)
    tense = next((t for t in _SWAHILI_HER_TENSES if word.startswith(t)), None)
    return (
        len(word) >= 6
        and tense is not None
        and word[len(tense) :] not in _SWAHILI_WORK_STEMS
        and not _in(toks[k], _KNOWN)
    )


_SWAHILI_SHE_IS_AT = frozenset({"yuko", "hayuko", "yupo", "hayupo", "yumo"})
# at work, in the office, in a meeting, travelling, in the field: a colleague's whereabouts
_SWAHILI_AT_WORK = frozenset({"kazini", "ofisini", "mkutanoni", "safarini", "fieldini", "field"})
_SWAHILI_HER_TENSES = ("aki", "ana", "ali", "ame", "ata", "haku", "hana", "haja")
# What a staff member does with her tasks: submit, send, complete, finish, attend, be late, write,
# upload, continue, teach, facilitate, visit, take part, report, fill in, collect, prepare.
_SWAHILI_WORK_STEMS = frozenset(
    {"wasilisha", "tuma", "kamilisha", "maliza", "hudhuria", "chelewa", "andika", "pakia"}
    | {"endelea", "fundisha", "wezesha", "tembelea", "shiriki", "ripoti", "jaza", "kusanya"}
    | {"andaa"}
)
_ENGLISH_PAST = ("ited", "ated", "ied", "ssed", "lled", "rred", "rted", "sted", "nted", "ered")
_SWAHILI_TENSES = ("tuli", "nili", "wali", "tume", "nime", "wame", "tuta", "nita", "wata")


def _typed_name_met(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A name typed in lower case that no list knows, after a verb of meeting or a nickname's
    diminutive, with a child's age right after it: "we met tasha, 11, at the market", "met
    little tommy (7) at the water point", "nahita an'i koto, 9 taona"."""
    tok = toks[i]
    if (
        tok.kind != _WORD
        or not tok.text[:1].islower()
        or len(tok.norm) < 3
        or "\u0600" <= tok.norm[:1] <= "\u06ff"
        or _in(tok, _KNOWN)
        or tok.norm in words.MEETING_VERBS
        or tok.norm[-1] in "sx"  # "met parents, 12, at the school": counted people
        or _in(tok, words.OWNERS_OF_CHILDREN)  # "tulikutana na wazazi 12 na walimu 5"
        or _in(tok, words.ADULT_GROUPS)
        or _in(tok, words.POSSESSIVES)  # "na mdogo wake miaka 6": her little one, not "wake"
    ):
        return False
    j = i - 1
    cue = j >= 0 and toks[j].norm in words.DIMINUTIVES  # "lil tasha", "ti jak"
    j -= cue
    # "spoke to", "encontrei o", "rencontré le petit", "nahita an'i", "hablé con"
    while j >= 0 and j >= i - 3 and toks[j].norm in words.MEETING_LINKS | _ARTICLES:
        j -= 1
    # (a place is visited: "visited kibera (12) and mathare (8)")
    cue = cue or (
        j >= 0 and toks[j].norm in words.MEETING_VERBS and toks[j].norm not in words.VISITS
    )
    if not cue:
        return False
    if _her_age_next(toks, items, i):
        return True
    k = i + 1
    if k < len(toks) and toks[k].text in ",(":
        k += 1
    item = items[k] if k < len(toks) else None
    if item is not None:  # "ketsia 12 ans au marché" (not "12 ans de travail")
        return item.what == _CHILDCUE and item.age and not _time_of(toks, item.last + 1)
    if k >= len(toks) or toks[k].kind != _NUM:
        return False
    if k == i + 1:  # "met brian 12 at the car wash" (not "met ochieng 12 parents")
        return 1 <= _value(toks[k].text) <= 17 and (
            _function_word_after(toks, k + 1) or _her_swahili_verb(toks, k + 1)
        )
    return _bare_age(toks, k) and not _numbers_listed(toks, k)


_BESIDE_THE_MEETING = frozenset({",", "'"})
_PERSONS_BETWEEN = words.PARENTS | words.SIBLINGS | words.ADULT_GROUPS | words.CHILD


def _her_age_next(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """The one met, then when or where, then a clause on "she" or "he" giving a child's age:
    "vu ketsia ce matin elle a 12 ans", "met tasha at the market, she is 11". Nobody else is
    spoken of in between ("vu ketsia et sa fille ce matin, elle a 12 ans" may be the
    daughter's age); an adult's age or a career is not a child's ("elle a 12 ans
    d'expérience")."""
    for j in range(i + 1, min(i + 7, len(toks))):
        tok = toks[j]
        if _in(tok, words.AGE_PRONOUNS):
            at = j + 2 if j + 2 < len(toks) and toks[j + 1].norm in words.AGE_COPULAS else j
            item = items[at] if at < len(toks) else None
            if item is None or not (at == j or item.first == at):
                item = items[j]
            return (
                item is not None
                and item.what == _CHILDCUE
                and item.age
                and not _time_of(toks, item.last + 1)
            )
        if tok.kind == _WORD and items[j] is None and not _in(tok, _PERSONS_BETWEEN):
            continue
        if tok.kind == _PUNCT and tok.text in _BESIDE_THE_MEETING:
            continue
        return False
    return False


def _age_typed_after(toks: list[_Tok], last: int, k: int) -> bool:
    """A given name and a bare age typed without punctuation, or with a comma before it only:
    "Mercy 11 still sleeping", "Kevin 13 and Mercy 11", "Kevin, 13 and Mercy, 11 were beaten"
    (not "Mercy 12 parents", "San José 18, El Carmen 9"): a listed given name, the number at k
    under 18 and then a little word or "and", in a sentence counting nothing. Something must be
    said of them after the number: "Home visits: Peter 3, Mary 2." and "Reports submitted: Kevin
    5 and Mercy 4" count what each did."""
    if k != last + 1 and not (k == last + 2 and toks[last + 1].text == ","):
        return False
    # the second of two: "Kevin 13 and Mercy 11 were beaten" (the verb is theirs)
    before = [
        "and" if t.norm in words.CONJUNCTION else t.kind if t.kind == _NUM else t.text
        for t in toks[max(0, last - 3) : last]
    ]
    second = before[-2:] == [_NUM, "and"] or before[-3:] == [_NUM, ",", "and"]
    if not (
        _in(toks[last], words.GIVEN_NAMES)
        and not toks[k].sentence.counts
        and 1 <= _value(toks[k].text) <= 17
        and not _tally_after(toks, k)
    ):
        return False
    if toks[last].end == toks[k].start:
        # typed without a space, only with what befell her: "Kevin13 arrested" (not "Mary2
        # and Grace3 in the office": account or room names)
        return _harm_after(toks, k + 1)
    return (
        _function_word_after(toks, k + 1, listed=not second, said=True)
        or _harm_after(toks, k + 1)
        or _her_swahili_situation(toks, k + 1)  # "Juma 12 yuko kijijini", "anauza maji"
    )


def _her_swahili_situation(toks: list[_Tok], k: int) -> bool:
    """Where a child is, what she does for a living or where she sleeps, said in Swahili after a
    capitalised name's bare age: "Juma 12 yuko kijijini", "anauza maji stendi", "anafanya kazi
    sokoni", "analala stendi". Not any verb of one person: a colleague is named with a tally as
    often ("Ali 8 amefika", "Juma 12 amepata mafunzo", "Juma 12 anaongoza kikao", "hajafika"),
    as "Kevin 13 arrived late" is in English."""
    if k >= len(toks) or toks[k].kind != _WORD or not toks[k].text[:1].islower():
        return False
    word = toks[k].norm
    if word in _SWAHILI_SHE_IS_AT:
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is not None and nxt.norm in _SWAHILI_COLLEAGUE_AWAY:
            return False  # "Juma 12 yupo kikaoni", "hayuko leo, anaumwa": a colleague today
        return _her_swahili_verb(toks, k)
    tense = next((t for t in _SWAHILI_HER_TENSES if word.startswith(t)), None)
    stem = word[len(tense) :] if tense is not None else ""
    if stem in _SWAHILI_DONE_TO_HER and _her_swahili_verb(toks, k):
        return True  # "Amina 12 alibakwa", "amefanyiwa ukatili", "amekimbia nyumbani"
    if stem not in _SWAHILI_CHILDS_STEMS or not _her_swahili_verb(toks, k):
        return False
    if stem == "fanya" and not (k + 1 < len(toks) and toks[k + 1].norm == "kazi"):
        return False  # "anafanya ziara" (makes visits), not "anafanya kazi" (works)
    # no child of three at work (as "Rosa 3 trabaja en la oficina")
    return stem not in _SWAHILI_WORK_OF_CHILDREN or _value(toks[k - 1].text) >= 5


# a colleague's whereabouts today: in a meeting, on leave, not in today
_SWAHILI_COLLEAGUE_AWAY = frozenset({"kikaoni", "likizoni", "leo", "kesho", "jana", "semina"})
# works, sells, carries loads, picks (bottles), herds, begs: a child's work
_SWAHILI_WORK_OF_CHILDREN = frozenset({"fanya", "uza", "beba", "okota", "chunga", "omba"})
# What befalls a child (raped, defiled, beaten, had done to her, assaulted, tortured, hurt,
# harassed, wronged, abandoned, kidnapped, sold, trafficked, made to work, married off, chased
# away, arrested, admitted to hospital), or what she did when it did (ran away, escaped, went
# missing, gave birth): not what a colleague is or does ("amealikwa", invited; "amelipwa").
_SWAHILI_DONE_TO_HER = frozenset(
    {"bakwa", "najisiwa", "pigwa", "fanyiwa", "shambuliwa", "teswa", "umizwa", "jeruhiwa"}
    | {"nyanyaswa", "dhulumiwa", "telekezwa", "tekwa", "uzwa", "safirishwa", "ozwa", "olewa"}
    | {"fukuzwa", "kamatwa", "lazwa", "kimbia", "toroka", "potea", "zaa", "jifungua"}
)
# lives, stays, sleeps, begs repeatedly, fetches water, is married off, is made to work
_SWAHILI_CHILDS_STEMS = _SWAHILI_WORK_OF_CHILDREN | {
    "ishi", "kaa", "lala", "ombaomba", "chota", "olewa", "tumikishwa", "zurura"
}  # fmt: skip


def _harm_after(toks: list[_Tok], k: int) -> bool:
    """What befalls a child, right after her bare age: "Kevin 13 dropped out", "Kevin 13 out of
    school", "Mercy 12 pregnant", "Neema 14 ameolewa" (not "Peter 12 attended", "Peter 12
    working days": no word a staff member's tally takes)."""
    if k >= len(toks):
        return False
    end = _phrase_at(toks, k, words.OUT_OF_SCHOOL)
    if end > k:
        return not _group_after(toks, end)  # not "Peter 12 out of school children reached"
    if toks[k].norm == "dropped":  # not "dropped off the kits", "dropped out learners"
        return k + 1 < len(toks) and toks[k + 1].norm == "out" and not _group_after(toks, k + 2)
    if toks[k].norm == "on" and k + 1 < len(toks):
        # "Kevin 12 on the streets", "Kevin 12 on holiday with his parents" (not "Lilian 5 on
        # holiday", "on leave": an adult away)
        n = k + 2 if toks[k + 1].norm in _ARTICLES and k + 2 < len(toks) else k + 1
        if _in(toks[n], words.STREETS):  # (not "on the street outreach team")
            nxt = toks[n + 1] if n + 1 < len(toks) else None
            return nxt is None or nxt.kind in (_PUNCT, _BREAK) or nxt.norm in _AFTER_HARM
        return _in(toks[n], words.HOLIDAYS) and _family_after(toks, n + 1)
    if toks[k].norm in _WORKING:
        # "Kevin 14 working at the quarry" (not "Mary 5 working from home": a staff tally)
        return any(_in(tok, words.CHILD_WORKPLACES) for tok in toks[k + 1 : k + 5])
    if toks[k].norm in _LIVES:
        # "Juma 12 anaishi kwa bibi yake" (lives with his grandmother), "vit chez sa tante"
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        return (
            nxt is None
            or nxt.kind in (_PUNCT, _BREAK)
            or nxt.norm in _AFTER_HARM
            or nxt.norm in _WITH
            or nxt.norm in _LIVES_WITH
        )
    if toks[k].norm == "made":  # "Kevin 12 made to work" (not "Peter 12 made.")
        return k + 1 < len(toks) and toks[k + 1].norm == "to"
    if toks[k].norm in _FORCED:
        # "Rosa 12 obligada a cargar leña", "forced to work", "alilazimishwa kuolewa",
        # "voatery hiasa", "أجبرت على العمل" (not "Peter 12 forced marriage cases")
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        return (
            nxt is None
            or nxt.kind in (_PUNCT, _BREAK)
            or nxt.norm in _FORCED_TO
            or (nxt.kind == _WORD and nxt.norm.startswith(("ku", "hi", "ha", "hano", "hana")))
        )
    if toks[k].norm not in _HARMS:
        return False
    work = toks[k].norm in _AT_WORK and k > 0 and toks[k - 1].kind == _NUM
    if work and _value(toks[k - 1].text) < 5:
        return False  # "Rosa 3 trabaja en la oficina": no child of three at work
    if work and k + 1 < len(toks) and toks[k + 1].norm in _AS:
        return True  # "Esther 14 works as a house help", "trabaja como empleada doméstica"
    # the clause ends, or says when, where or by whom: not "married couples", "arrested cases"
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    return nxt is None or nxt.kind in (_PUNCT, _BREAK) or nxt.norm in _AFTER_HARM


def _group_after(toks: list[_Tok], k: int) -> bool:
    """Children counted at k, of whom "out of school" or "dropped out" is said: "Peter 12 out
    of school children reached" is a tally of a staff member's, not a boy out of school."""
    return k < len(toks) and (_in(toks[k], words.PLURAL_CHILD) or toks[k].norm in _GROUPS)


_GROUPS = frozenset({"youth", "youths", "learners", "young", "vijana", "jeunes", "jovenes"})


_AFTER_HARM = frozenset(
    map(
        norm,
        {"by", "at", "in", "on", "last", "yesterday", "today", "again", "since", "and", "twice"}
        | {"par", "hier", "depuis", "et", "à", "por", "ayer", "desde", "y", "en", "pelo", "pela"}
        | {"ontem", "e", "na", "jana", "leo", "tamin'ny", "omaly", "sy", "ary"}
        | {"no", "au", "dans", "al", "kwa"}  # "explorada no mercado", "exploité au marché"
        | {"في", "منذ", "من", "أمس", "و"},  # in, since, by, yesterday, and
    )
)
# Forced or obliged to do something, said of one child (a participle, in the seven languages).
_FORCED = frozenset(
    map(
        norm,
        {"forced", "obliged", "compelled", "forcé", "forcée", "obligé", "obligée", "contraint"}
        | {"contrainte", "obligada", "obligado", "forzada", "forzado", "obrigada", "obrigado"}
        | {"forçada", "forçado", "alilazimishwa", "analazimishwa", "amelazimishwa", "voatery"}
        | {"terena", "أجبرت", "أجبر", "مجبرة", "مجبر"},
    )
)
_LIVES = frozenset(
    map(norm, {"lives", "vit", "vive", "mora", "anaishi", "miaina", "monina", "يعيش", "تعيش"})
)
_LIVES_WITH = frozenset(map(norm, {"chez", "مع", "عند", "amin'i", "any", "ao"}))
_WORKING = frozenset({"working", "travaillant", "trabajando", "trabalhando", "akifanya"})
_FORCED_TO = frozenset(map(norm, {"to", "into", "a", "à", "de", "d", "kwa", "على"}))
# at work: "Rosa 12 trabaja en el mercado", "Kevin 12 works at the quarry"
_AT_WORK = frozenset(
    map(
        norm,
        {"works", "sells", "begs", "trabaja", "vende", "pide", "travaille", "vend", "mendie"}
        | {"trabalha", "pede", "miasa", "mivarotra", "تعمل", "يعمل", "تبيع", "يبيع", "تتسول"}
        | {"يتسول"},
    )
)
_HARMS = frozenset(
    map(
        norm,
        _AT_WORK
        | {"dropped", "beaten", "abused", "raped", "defiled", "pregnant", "married", "arrested"}
        | {"detained", "trafficked", "kidnapped", "recruited", "abandoned", "orphaned", "begging"}
        | {"battu", "battue", "enceinte", "violée", "mariée", "abandonné", "abandonnée"}
        | {"golpeada", "golpeado", "embarazada", "abusada", "abusado", "casada", "detenido"}
        | {"detenida", "grávida", "espancada", "espancado", "detida"}
        | {"mjamzito", "ameolewa", "alipigwa", "amebakwa", "amekamatwa", "ameacha"}
        | {"bevohoka", "voadaroka", "voaolana", "manambady"}
        # neglected, ill-treated, assaulted, exploited, abandoned, in the seven languages
        | {"neglected", "assaulted", "molested", "exploited", "harassed", "bullied", "expelled"}
        | {"négligé", "négligée", "maltraité", "maltraitée", "agressé", "agressée", "exploité"}
        | {"exploitée", "maltratado", "maltratada", "agredido", "agredida", "explotado"}
        | {"explotada", "abandonado", "abandonada", "negligenciado", "negligenciada"}
        | {"explorado", "explorada", "ametelekezwa", "alitelekezwa", "amenyanyaswa"}
        | {"alinyanyaswa", "amedhulumiwa", "nampijaliana", "nariana", "notsindriana"}
        | {"مضروب", "مضروبة", "متروك", "متروكة", "مستغلة", "مهملة"}
        # admitted to hospital, disappeared: "Kevin 13 hospitalised" (not "missing": "Peter 4
        # missing" is a tally of reports)
        | {"hospitalised", "hospitalized", "hospitalisé", "hospitalisée", "hospitalizado"}
        | {"hospitalizada", "internado", "internada", "disappeared", "disparu", "disparue"}
        | {"desaparecido", "desaparecida"}
        # pregnant, married, raped, abused, kidnapped, detained: "فاطمة 13 حامل"
        | {"حامل", "متزوجة", "مغتصبة", "معنفة", "مخطوفة", "مخطوف", "معتقل", "معتقلة"},
    )
)


def _typed_pair_aged(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A word typed in lower case in a pair of names with a bare age each, one of them a given
    name a list knows, and something said of both after the second age: "kevin 13 and mercy 11
    came to the session", "mercy 11 & kevin 13 were beaten" ("kevin" no list knows, "mercy"
    also a word). Not places or things counted ("kibera 12 and mathare 8 came", "visits 3 and
    reports 2 done")."""
    first = i - 3 if i >= 3 and toks[i - 1].norm in _PAIR_JOINS else i  # (i: the second?)
    second = first + 3
    if first < 0 or second + 1 >= len(toks) or toks[first + 2].norm not in _PAIR_JOINS:
        return False
    pair = (first, second)
    if not all(_typed_in_pair(toks, items, k) for k in pair):
        return False
    if any(_place_named(toks, k) for k in pair):
        return False  # "santa rosa 12 y lima 9 asistieron", "mary hill 12 and joseph 9 came"
    if first >= 2 and toks[first - 1].text == ":" and toks[first - 2].norm in _GROUP_HEADINGS:
        return False  # "Groups: neema 12, amani 9 attended": groups named, and their members
    if not any(_in(toks[k], words.GIVEN_NAMES) for k in pair):
        return False
    return (
        not toks[first].sentence.counts
        and _function_word_after(toks, second + 2, listed=False, said=True)
        and not _tally_after(toks, second + 1)
    )


_PAIR_JOINS = words.CONJUNCTION | {","}


# Groups and bodies, heading a list of names with numbers: the names are theirs.
_GROUP_HEADINGS = frozenset(
    {"groups", "group", "clubs", "club", "teams", "team", "groupes", "groupe", "equipes"}
    | {"grupos", "grupo", "clubes", "equipos", "equipas", "vikundi", "kikundi", "vilabu"}
    | {"klabu", "timu", "vondrona", "fikambanana", "schools", "ecoles", "escuelas", "escolas"}
    | {"shule", "centres", "centers", "centros", "vituo", "associations", "asociaciones"}
)


def _place_named(toks: list[_Tok], k: int) -> bool:
    """The word at k ends a place's name: after a saint's title or a word for a place ("santa
    rosa", "saint marc", "villa maria"), or is one ("mary hill")."""
    before = toks[k - 1] if k > 0 else None
    return _in(toks[k], words.PLACE_NOUNS) or (
        before is not None
        and before.kind == _WORD
        and (before.norm in _SAINTS or _in(before, words.PLACE_NOUNS))
    )


def _named_in_brackets(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A given name typed in lower case in brackets right after one child's word, with her age:
    "girl (neema, 12) referred to clinic", "mtoto (baraka, 9)", "niña (rosa 12)", a word
    though it is ("neema": grace). A word no list knows is left alone: "girl (kibera, 12)" is
    as likely where she is from."""
    if i < 2 or toks[i - 1].text != "(" or not _in(toks[i], words.GIVEN_NAMES):
        return False
    cue = items[i - 2]
    if cue is None or cue.what != _CHILDCUE or cue.age or _in(toks[cue.first], words.PLURAL_CHILD):
        return False
    k = i + 1
    if k < len(toks) and items[k] is None and _in(toks[k], words.GIVEN_NAMES):
        k += 1  # "(neema wanjiru, 12)"
    if k < len(toks) and toks[k].text == ",":
        k += 1
    age = items[k] if k < len(toks) else None
    if age is not None and age.what == _CHILDCUE and age.age and age.first == k:
        after = age.last + 1
    elif k < len(toks) and toks[k].kind == _NUM and 1 <= _value(toks[k].text) <= 17:
        after = k + 1
    else:
        return False
    return after < len(toks) and toks[after].text in "),"


def _named_after_sibling(toks: list[_Tok], i: int) -> bool:
    """A name right after one brother or sister, with a bare age under 18 that ends the clause
    or is followed by what she did: "her bro ali 9", "sa soeur grace 8 ne va pas a l'ecole",
    "na dada yake neema 7" (a word though it is: "ali", "grace", "neema"), "Kevin 13 and
    sister Mary 9", "his sister Mary 9 dropped out"; not "brothers", nor a title ("Sister Mary
    9 sessions", "Sis. Mary 9")."""
    j = i - 2 if i >= 2 and _in(toks[i - 1], words.POSSESSIVES) else i - 1  # "dada yake"
    if j >= 1 and toks[j].norm in _SIBLING_AGES:
        j -= 1  # "وأخوه الأصغر حسن 9": his younger brother
    if j < 0 or not _one_sibling(toks, j):
        return False
    tok = toks[i]
    typed = tok.kind == _WORD and tok.text[:1].islower() and _in(tok, words.GIVEN_NAMES)
    uncased = tok.kind == _WORD and not tok.text[:1].islower() and not _capital(tok)
    if not (typed or ((_capital(tok) or uncased) and _name_like(tok))):
        return False  # (Arabic has no capitals: "وأخته فاطمة 9", a name a list knows)
    k = i + 1
    return (
        k < len(toks)
        and toks[k].kind == _NUM
        and 1 <= _value(toks[k].text) <= 17
        and (
            _function_word_after(toks, k + 1)
            or (
                k + 1 < len(toks)
                and toks[k + 1].norm not in _COPULAS_PLURAL
                and _plural_verb(toks, k + 1)
            )
        )
        and not _tally_after(toks, k)
    )


_COPULAS_PLURAL = frozenset({"were", "are", "have", "sont", "ont", "son", "estan", "sao", "wako"})


def _one_sibling(toks: list[_Tok], j: int) -> bool:
    """One brother or sister at j, not a title: "sister", "his Sister", "sa soeur" (not
    "brothers", "Sister Mary", "Sis. Mary", "Br Peter")."""
    tok = toks[j]
    if tok.norm in _SWAHILI_LITTLE_ONES and j + 1 < len(toks):
        # "mdogo wake Ali 8", "mkubwa wake": his younger (elder) brother or sister
        return _in(toks[j + 1], words.POSSESSIVES)
    if not _in(tok, words.SIBLINGS) or (tok.norm.endswith("s") and tok.norm != "sis"):
        return False
    if j + 1 < len(toks) and toks[j + 1].text == ".":
        return False
    owned = j > 0 and _in(toks[j - 1], words.POSSESSIVES)
    return owned or not (tok.norm in _TITLES and _capital(tok))


_SWAHILI_LITTLE_ONES = frozenset({"mdogo", "mkubwa"})


def _sibling_named(toks: list[_Tok], k: int) -> int | None:
    """At k, a brother or sister, her name and a bare age under 18: "sister Mary 9", "his
    sister Mary 9", "sa soeur Marie 9"; the age's index, or None."""
    if k < len(toks) and _in(toks[k], words.POSSESSIVES):
        k += 1
    if k + 1 < len(toks) and toks[k + 1].norm in _SIBLING_AGES:
        k += 1  # "وأخوه الأصغر حسن 9" (and his younger brother Hassan): the adjective is read
        if not _one_sibling(toks, k - 1):  # (as part of the sibling's word)
            return None
    elif k >= len(toks) or not _one_sibling(toks, k):
        return None
    elif toks[k].norm in _SWAHILI_LITTLE_ONES:
        k += 1  # "na mdogo wake Ali 8": past "wake" (his)
    if k + 2 >= len(toks) or not _name_like(toks[k + 1]):
        return None
    age = toks[k + 2]
    return k + 2 if age.kind == _NUM and 1 <= _value(age.text) <= 17 else None


# After an Arabic sibling's word: younger, little, elder ("أخته الصغرى", "أخوه الأكبر"); after a
# Malagasy one, her sex ("ny zandriny vavy Lalao 7": his younger sister).
_SIBLING_AGES = frozenset(
    map(norm, {"الصغير", "الصغيرة", "الأصغر", "الصغرى", "الأكبر", "الكبرى", "الكبير", "الكبيرة"})
) | {"vavy", "lahy"}


def _word_name_aged(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """A given name that is also a word, typed in lower case opening a sentence, a bare age under
    18, then what befalls a child, a little word or two before it: "mercy 11 still out of
    school", "hope 9 was beaten", "neema 12 haendi shule", "baraka miaka 10 anachunga
    ng'ombe". The word alone ("mercy 11 still here", "unity 3 school", "hope 12 still
    active") is left alone: a group, a place or a virtue as likely."""
    tok = toks[i]
    if not (
        items[i] is None
        and tok.kind == _WORD
        and tok.text[:1].islower()
        and _in(tok, words.GIVEN_NAMES)
        and _sentence_start(toks, i)
        and i + 2 < len(toks)
        and not toks[i].sentence.counts
    ):
        return False
    age = items[i + 1]
    if (
        toks[i + 1].text == ","
        and i + 4 < len(toks)
        and toks[i + 2].kind == _NUM
        and 1 <= _value(toks[i + 2].text) <= 17
        and toks[i + 3].text == ","
    ):
        after = i + 4  # "neema, 12, ameolewa", "baraka, 11, anaokota chupa"
    elif age is None:
        bare = toks[i + 1].kind == _NUM and 1 <= _value(toks[i + 1].text) <= 17
        after = i + 2 if bare else len(toks)
    elif age.what == _CHILDCUE and age.age and age.first == i + 1:
        after = age.last + 1  # "rose 14 ans pa lekol", "baraka miaka 10 anachunga ng'ombe"
    else:
        return False
    for k in range(after, min(after + 3, len(toks))):
        if (
            (_said_of_her(toks[k]) and toks[k].norm not in _SAID_OF_ANYONE)
            or (
                (end := _phrase_at(toks, k, words.OUT_OF_SCHOOL)) > k
                and not _group_after(toks, end)
            )
            or _her_swahili_verb(toks, k)
        ):
            return True
        if toks[k].norm not in _LITTLE_WORDS | {"been", "not"}:
            return False
    return False


# Said of a child after her age, but of a group, a month, a colleague or a tally as well: not
# enough to read a word as her name ("grace 3 working days left", "volana 3 tsy nisy
# fivoriana": three months with no meeting, "fara 3 tsy tonga": the last three did not come,
# "joy 12 refused", "rose 12 lives"). "tsy", "pa" (not) count in "tsy mianatra", "pa lekol".
_SAID_OF_ANYONE = frozenset(
    {"working", "works", "lives", "refuse", "refused", "ran", "tsy", "miasa", "vit", "vive"}
    | {"mora", "pide", "pede", "mande", "travaille", "trabaja", "trabalha", "travay", "ap"}
    | {"pa", "viv"}
)


def _typed_in_pair(toks: list[_Tok], items: list[_Item | None], k: int) -> bool:
    """A lower-case word at k that may be a name, then a bare age under 18."""
    tok, age = toks[k], toks[k + 1]
    return (
        items[k] is None
        and tok.kind == _WORD
        and tok.text[:1].islower()
        and len(tok.norm) >= 3
        and tok.norm.isalpha()
        and not tok.norm.endswith("s")  # "visits 3 and reports 2"
        and (_is_listed(tok) or not _in(tok, _KNOWN))
        and tok.norm not in _MEASURES
        and not _in(tok, _PERSONS_BETWEEN | words.OWNERS_OF_CHILDREN)
        and items[k + 1] is None
        and age.kind == _NUM
        and 1 <= _value(age.text) <= 17
    )


def _tally_after(toks: list[_Tok], k: int) -> bool:
    """What is said after the number at k is of a task or of an adult at work, not of a child:
    "Peter 3 is done, Mary 2 still pending", "Paul 2 was the reading", "Lilian 5 still on
    leave", "Kiprop 2 is the driver", "Peter 12 still to submit". Read to the end of the
    clause, a few words at most, past more names and numbers listed before it ("Kevin 2, Brian
    3 still outstanding"). (Not "met james 12 and 3 others": a boy of 12 and three more
    children as likely as counts; the screening errs on the child's side, and the refusal
    offers the text back.)"""
    j, end, listed = k + 1, k + 5, 0
    while j < min(end, len(toks)):
        tok = toks[j]
        if (
            (tok.text == "," or tok.text in _ASIDE_DASHES)
            and toks[j - 1].kind == _NUM  # right after a number: not "was beaten, Brian 3"
            and listed < 3
            and j + 2 < len(toks)
            and _in(toks[j + 1], words.GIVEN_NAMES)
            and toks[j + 2].kind == _NUM
        ):
            j, end, listed = j + 3, j + 7, listed + 1  # ", Brian 3": the same is said of both
            continue
        if tok.text in _ASIDE_DASHES and j + 1 < len(toks) and toks[j + 1].kind == _WORD:
            j += 1  # "Kevin 2 - still outstanding"
            continue
        if tok.kind != _WORD:
            return False
        if (
            _in(tok, words.TASK_STATES)
            or (_in(tok, words.READINGS) and toks[j - 1].norm in _ARTICLES)
            or (_in(tok, words.LEAVE) and not _family_after(toks, j + 1))
            or (tok.norm == "leave" and _on_leave(toks, j))
            or _on_holiday(toks, j)
            or (_in(tok, words.TASK_VERBS) and toks[j - 1].norm in _TO_DO and _handed_in(toks, j))
            or (_in(tok, words.SWAHILI_TASK_VERBS) and _handed_in(toks, j))
            or _phrase_at(toks, j, words.AWAY) > j
            or _post_after_copula(toks, j)
        ):
            return True
        if tok.norm in _NEW and toks[j - 1].norm in _POST_DETERMINERS and end == k + 5:
            end += 1  # "é o nosso novo motorista": the post one word further (once)
        if tok.norm == "tsy" and j == k + 1 and end == k + 5:
            end += 2  # "Rakoto 2 tsy eo noho ny fialan-tsasatra": not here, on leave
        j += 1
    return False


_TO_DO = frozenset({"to", "a", "por", "para"})  # "still to submit", "à rendre" (read as "a")


def _handed_in(toks: list[_Tok], j: int) -> bool:
    """The verb of work to hand in at j ends the clause, or the work follows it: "Peter 12 still
    to submit", "Peter 3 still to submit his reports" (not "Kevin 12 to send home", "Ketsia 9 à
    remettre à sa famille", "Rosa 9 para entregar a su familia", "Kevin 13 yet to enter school":
    a child handed over, sent back or enrolled)."""
    n = j + 1
    if n < len(toks) and toks[n].norm in _POST_DETERMINERS:
        n += 1  # "to submit his reports", "à rendre le rapport"
    return n >= len(toks) or toks[n].kind in (_PUNCT, _BREAK) or _in(toks[n], words.WORK_HANDED_IN)


def _on_leave(toks: list[_Tok], j: int) -> bool:
    """The English "leave" at j after "on", a kind of leave between or not: "on leave", "on
    annual leave", "on sick leave" (not "was forced to leave school", a child's)."""
    before = j - 2 if j >= 2 and _in(toks[j - 1], words.LEAVE_KINDS) else j - 1
    return toks[before].norm == "on"


def _on_holiday(toks: list[_Tok], j: int) -> bool:
    """A holiday at j after "on", "en", "de", "em", "في", and no family after it: "Jean 2 en
    vacances", "Rosa 2 de vacaciones", "Ana 2 de férias", "أحمد 2 في عطلة" (not "Kevin 12 en
    vacances chez sa tante", "Rosa 12 de vacaciones con su familia": a child's)."""
    if not _in(toks[j], words.HOLIDAYS) or toks[j - 1].norm not in _HOLIDAY_LINKS:
        return False
    return not _family_after(toks, j + 1)


def _family_after(toks: list[_Tok], k: int) -> bool:
    """A family within a few words from k: a holiday or a leave spent with it is a child's as
    likely ("yuko likizo kwa bibi yake", "en vacances chez sa tante")."""
    return any(
        _in(tok, words.FAMILY) or _in(tok, words.PARENTS) or _in(tok, words.SIBLINGS)
        for tok in toks[k : k + 4]
    )


_HOLIDAY_LINKS = frozenset({"on", "en", "de", "em", "in", "yuko", "ao", "amin'ny", "في"})


def _post_after_copula(toks: list[_Tok], j: int) -> bool:
    """An adult's post at j after a copula, an article, a possessive or "new" between: "is the
    driver", "is our new driver", "est le chauffeur", "est notre chauffeur", "é o nosso
    motorista", "ni dereva", "dia mpamily" (not "is a worker", which a child may be; "é" is read
    without its accent, as "e")."""
    if not _in(toks[j], words.ADULT_POSTS):
        return False
    before = j - 1
    while before > j - 4 and before > 0 and toks[before].norm in _POST_DETERMINERS | _NEW:
        before -= 1  # "is our new driver", "est notre nouveau chauffeur"
    return toks[before].norm in _HER_COPULAS | {"e", "era", "etait", "dia", "ndiye", "ndio"}


def _class_goes_on(toks: list[_Tok], last: int) -> bool:
    """A school class in brackets after the name, then a little word or "and": "Brenda (class 6)
    and her brother", "Brenda (class 6) was beaten" (not "Mathematics (grade 5) results")."""
    if last + 2 >= len(toks) or toks[last + 1].text != "(":
        return False
    after = _school_class(toks, last + 2)
    return (
        after is not None
        and after < len(toks)
        and toks[after].text == ")"
        and _function_word_after(toks, after + 1)
    )


def _bare_age_typed(toks: list[_Tok], k: int) -> bool:
    """A bare number under 18 at toks[k] and then a little word, "and" or the end."""
    return (
        k < len(toks)
        and toks[k].kind == _NUM
        and 1 <= _value(toks[k].text) <= 17
        and _function_word_after(toks, k + 1)
    )


def _function_word_after(
    toks: list[_Tok], k: int, *, listed: bool = True, said: bool = False, reach: int = 6
) -> bool:
    """The end, punctuation, "and" or a little word after a number: it counts nothing ("brian 12
    at the car wash", "Mercy 11 still sleeping"; not "12 parents", "12 taona", "John 3:16").
    After "and", a word and a number are judged the same way ("Kevin 13 and Mercy 11 still";
    not "Grace 12 and Joy 8 sessions"), and listed names only ("found kibera 3 and mathare 4
    done" counts places). When something must be `said` of the name after its number, the end
    and punctuation other than a bracket are not enough ("Visits: Peter 3, Mary 2." counts
    visits), but more names and numbers may come first ("Kevin 13, Mercy 11, still sleeping")."""
    if k >= len(toks) or toks[k].kind == _BREAK:
        return not said
    tok = toks[k]
    if tok.text in _ASIDE_DASHES and k + 1 < len(toks) and toks[k + 1].kind == _WORD:
        # a dash setting the names off, read as a space: "brian 12 & kevin 13 - were arrested"
        return reach > 0 and _function_word_after(
            toks, k + 1, listed=listed, said=said, reach=reach - 1
        )
    if said and tok.text == ",":  # a few more names and numbers at most: no page read again
        return reach > 0 and _said_after_comma(toks, k + 1, listed=listed, reach=reach - 1)
    if tok.kind == _PUNCT:
        time = tok.text == ":" and k + 1 < len(toks) and toks[k + 1].kind == _NUM
        if said:
            return tok.text == "("  # "peter 11 (street)"
        return tok.text in ",;:()" and not time  # "peter 11 (street), janet 9 (labour)"
    if tok.kind != _WORD:
        return False
    if tok.norm in words.CONJUNCTION:
        sibling = _sibling_named(toks, k + 1)
    else:  # "أحمد 13 وأخته فاطمة 9": Arabic writes "and" on the sibling's word
        sibling = _sibling_named(toks, k) if _arabic_and_word(tok) else None
    if sibling is not None:
        # "Kevin 13 and sister Mary 9", "Kevin 13 and his sister Mary 9 dropped out": a brother
        # or sister and her age, said of both (not "... 9 sessions", what each did); a few
        # of them at most, no page read again at each name
        return reach > 0 and (
            _function_word_after(toks, sibling + 1, listed=False, reach=reach - 1)
            or _plural_verb(toks, sibling + 1)
        )
    # "and Mercy 11", "and Mercy, 11": judged by what follows her number; so is "and Sr. Mary 9"
    n = _after_title(toks, k + 1) if tok.norm in words.CONJUNCTION else k + 1
    comma = n + 2 < len(toks) and toks[n + 1].text == "," and toks[n + 2].kind == _NUM
    if tok.norm in words.CONJUNCTION and (
        comma or (n + 1 < len(toks) and toks[n + 1].kind == _NUM)
    ):
        return (
            listed
            and reach > 0
            and _in(toks[n], words.GIVEN_NAMES)
            and _function_word_after(
                toks, n + (3 if comma else 2), listed=False, said=said, reach=reach - 1
            )
        )
    if tok.norm in words.CONJUNCTION and k + 1 < len(toks) and toks[k + 1].kind == _NUM:
        # "Peter and John 12 and 9 members": both numbers count what follows the second (not
        # "met james 12 and 3 others": a boy of 12 and three more children as likely)
        end = k + 2 >= len(toks) or toks[k + 2].kind == _BREAK or toks[k + 2].text in ".;"
        if end or toks[k + 2].norm in _OTHERS:
            return True  # "Peter and John 12 and 9.": nothing counted
        return _function_word_after(toks, k + 2, listed=False, said=said, reach=reach - 1)
    if not listed and _plural_verb(toks, k):
        return True  # "Kevin 13 and Mercy 11 were beaten" (not "Grace, 2 were absent")
    range_word = _in(tok, words.RANGE_WORDS) and tok.norm not in words.CONJUNCTION
    if k + 1 < len(toks) and toks[k + 1].kind == _NUM and range_word:
        return False  # "Peter 12 to 14 pupils": a range counts
    return tok.norm in words.CONJUNCTION or tok.norm in _LITTLE_WORDS or _place(tok)


_ASIDE_DASHES = frozenset({"-", "–", "—"})
_OTHERS = frozenset({"others", "other", "more", "autres", "otros", "otras", "outros", "outras"})
_OTHERS |= {"wengine", "hafa", norm("آخرين"), norm("آخرون")}


def _after_title(toks: list[_Tok], k: int) -> int:
    """Past a title and its dot at k: "Sr. Mary", "Mr John", "Fr. Peter" (k itself if none)."""
    if k + 1 < len(toks) and (_in(toks[k], words.HONORIFIC) or toks[k].norm in _TITLES):
        k += 2 if toks[k + 1].text == "." else 1
    return k


_TITLES = frozenset({"fr", "rev", "br", "bro", "sis", "sister", "brother", "pastor", "father"})


def _said_after_comma(toks: list[_Tok], k: int, *, listed: bool, reach: int) -> bool:
    """After a name's number and a comma: another name and its number with something said of
    them, or a little word ("Kevin 13, Mercy 11, still sleeping"; not "Peter 3, Mary 2.")."""
    if k + 1 < len(toks) and _in(toks[k], words.GIVEN_NAMES) and toks[k + 1].kind == _NUM:
        return _function_word_after(toks, k + 2, listed=False, said=True, reach=reach)
    if k >= len(toks) or toks[k].kind != _WORD:
        return False
    word = toks[k].norm
    return word in _LITTLE_WORDS or (not listed and _plural_verb(toks, k))


_PLURAL_VERBS = frozenset(
    {"were", "are", "have", "sont", "ont", "son", "estan", "sao", "wako", "walikuwa"}
    # what two children did, said after their ages: "Kevin 13 and Mercy 11 came to the
    # session", "vinieron", "vieram", "walikuja" (words are compared without accents)
    | {"came", "went", "left", "arrived", "attended", "joined", "stayed", "returned", "slept"}
    | {"ran", "dropped", "missed", "sat", "played", "walked", "cried", "fought", "begged"}
    | {"vinrent", "viennent", "dorment", "vendent", "travaillent", "mendient"}
    | {"vinieron", "llegaron", "fueron", "asistieron", "faltaron", "duermen", "venden"}
    | {"trabajan", "vieram", "chegaram", "foram", "faltaram", "dormem", "vendem", "trabalham"}
    | {"walikuja", "walifika", "walihudhuria", "waliondoka", "walitoroka", "wanalala"}
    | {"waliacha", "wameacha", "walipigwa", "wamepigwa", "walikamatwa", "wamekamatwa"}
    | {"wanafanya", "wanauza", "wanaomba", "wanaishi", "wameolewa", "walifukuzwa"}
    | {"hawaendi", "hawasomi", "wanakaa", "wanalala", "wanachunga", "wanaokota"}
    | {"tonga", "nanatrika", "nandositra", "niasa", "miasa", "mivarotra", "mangataka"}
    | {"sell", "beg", "sleep"}  # "... and his sister Mary 9 beg at the market"
    # Arabic, two children (or more): left (school), came, fled; work, live, sell, beg, sleep
    | set(map(norm, {"تركا", "تركوا", "جاءا", "جاؤوا", "حضرا", "هربا", "غادرا", "يعملان"}))
    | set(map(norm, {"يعملون", "يعيشان", "يعيشون", "يبيعان", "يتسولان", "ينامان", "تعرضا"}))
)
# English verbs in the present that are also nouns ("work plans", "live sessions"): said of
# two children only with a preposition after them, "Kevin 13 and his sister Mary 9 work at the
# market", "live with their aunt" (not "Peter 3 and Mary 2 work plans").
_PRESENT_PLURAL = frozenset({"work", "live", "stay", "play", "hawk", "fetch", "carry", "wash"})
_PRESENT_PLURAL_AFTER = frozenset(
    {"at", "in", "on", "with", "for", "as", "near", "along", "alone", "outside", "together"}
)


def _plural_verb(toks: list[_Tok], k: int) -> bool:
    """What two children (or more) did or do, at k, said after their ages."""
    if k >= len(toks):
        return False
    if toks[k].norm in _PLURAL_VERBS:
        return True
    return (
        toks[k].norm in _PRESENT_PLURAL
        and k + 1 < len(toks)
        and toks[k + 1].norm in _PRESENT_PLURAL_AFTER
        # not "work at the district office", "work on the M&E plan", "stay at the guest house":
        # two colleagues, each named with a tally
        and not _staff_work_at(toks, k + 2)
    )


def _staff_work_at(toks: list[_Tok], k: int) -> bool:
    """A place of staff or their paperwork in the few words from k, in the same clause, and no
    family in it ("stay at the guest house with their mother", "work at the office of their
    uncle": two children)."""
    found = False
    for n, tok in enumerate(toks[k : k + 10]):
        if tok.kind == _BREAK or tok.text in ",;:.":
            break
        if _in(tok, words.FAMILY) or _in(tok, words.PARENTS) or _in(tok, words.SIBLINGS):
            return False
        found = found or (n < 6 and tok.norm in _STAFF_WORK)
    return found


# Where staff work or stay, and what they work on
_STAFF_WORK = frozenset(
    {"office", "offices", "hq", "headquarters", "unit", "department", "ministry", "secretariat"}
    | {"report", "reports", "plan", "plans", "proposal", "budget", "database", "dashboard"}
    | {"data", "indicators", "training", "trainings", "workshop", "curriculum", "module", "team"}
    | {"guest", "guesthouse", "lodge", "project", "programme", "program"}
)


_LITTLE_WORDS = frozenset(
    map(
        norm,
        {"still", "now", "is", "was", "has", "had", "who", "he", "she", "also", "yet", "not"}
        | {"il", "elle", "est", "qui", "toujours", "encore", "ne", "pas"}
        | {"el", "ella", "es", "que", "todavía", "aún", "no", "sigue"}
        | {"ele", "ela", "é", "ainda", "não"}
        | {"yeye", "ni", "bado", "pia", "hajaenda", "hana"}
        | {"izy", "dia", "mbola", "tsy"},
    )
)


def _arabic_compound(toks: list[_Tok], j: int, k: int) -> bool:
    """ "عبد الرحمن", "نور الهدى", "سيف الدين": a compound name's head, then its second half
    with the article."""
    return (
        k == j + 1
        and toks[k].kind == _WORD
        and toks[k].norm.startswith("ال")
        and len(toks[k].norm) > 3
        and _in(toks[j], words.ARABIC_COMPOUND_HEADS)
    )


def _typed_name_after_child(toks: list[_Tok], items: list[_Item | None], i: int) -> int | None:
    """The last token of a name typed in lower case right after one child's word and before her
    age: "la niña josefina quispe de 10 años", "a menina ana clara dos santos, 9 anos" (only
    'ana' or nothing was found, and the surname stayed in the note offered back). A given name
    a list knows opens it, or two words no list knows that are not a child's state ("la niña
    indígena desplazada de 10 años", "a menina grávida, 14 anos"). None if there is none."""
    before = items[i - 1] if i > 0 else None
    if (
        before is None
        or before.what != _CHILDCUE
        or before.age
        or _in(toks[before.first], words.PLURAL_CHILD)
    ):
        return None
    parts = _lower_name_parts(toks, items, i)
    while parts:  # the name ends where the child's age follows it
        last = parts[-1]
        listed = _is_listed(toks[parts[0]])
        unknown = [p for p in parts if not _is_listed(toks[p])]
        if _her_age_follows(toks, items, last, bracketed=True) and (
            (listed and (len(parts) == 1 or unknown))
            or (
                len(parts) >= 2
                and not any(_a_childs_state(toks[p]) or _a_verb(toks[p]) for p in unknown)
            )
            or (len(parts) == 1 and _one_typed_name(toks, parts[0]))
        ):
            return last
        parts.pop()
    return None


def _typed_name_after_aged_child(
    toks: list[_Tok], items: list[_Item | None], i: int
) -> int | None:
    """A given name a list knows typed in lower case after one child's word and her age and a
    comma or a dash, ending the clause: "girl 12 yrs, mercy", "fille 12 ans, grace, hors de
    l'école", "msichana miaka 12, neema" (not "girls 12 yrs, mercy", "girl 12 yrs, grace
    period ended"); i itself, or None."""
    tok = toks[i]
    if (
        i < 2
        or tok.kind != _WORD
        or not tok.text[:1].islower()
        or items[i] is not None
        or toks[i - 1].text not in (",", "-", "–", "—")
        or not _in(tok, words.GIVEN_NAMES)
        or _a_childs_state(tok)
    ):
        return None
    age = items[i - 2]
    if age is None or age.what != _CHILDCUE or not age.age or age.last != i - 2:
        return None
    # the child's word, in the age ("12-year-old girl") or right before it ("girl 12 yrs",
    # "girl, 12 yrs")
    j = age.first - 1
    if j >= 1 and toks[j].text == ",":
        j -= 1
    kids = [k for k in range(max(j, 0), age.last + 1) if _in(toks[k], words.CHILD)]
    if not kids or any(_in(toks[k], words.PLURAL_CHILD) for k in kids):
        return None
    k = i + 1
    if k < len(toks) and toks[k].kind != _BREAK and toks[k].text not in ",;.)":
        return None
    return i


def _typed_name_aged(toks: list[_Tok], items: list[_Item | None], i: int) -> int | None:
    """The last token of a whole name typed in lower case opening a sentence or a line, with
    her age right after it: "ana clara dos santos, 9 anos", "maria da silva, 10 anos, foi
    abusada". A listed given name opens it, and the words after it are no state or verb ("maria
    visitou, 9 anos de projeto" is no name); or one or two words no list knows, when what is
    said of her follows her age ("kevin 12 ans battu", "flor quispe 12 anos embarazada"; not
    "cohorte 10 ans", "football 12 years was the best"). None if there is none."""
    colon = i > 0 and toks[i - 1].text == ":"
    if not (_sentence_start(toks, i) or colon):
        return None
    parts = _lower_name_parts(toks, items, i)
    if not _is_listed(toks[i]):
        # "kevin 12 ans battu", "flor quispe 12 anos embarazada", "joaozinho, 10 anos": one
        # or two words no list knows, her age right after them (not "moyenne 12 ans")
        parts = parts[:2]
        while parts:
            if _age_right_after(toks, items, parts[-1]) and not any(
                _a_childs_state(toks[p])
                or toks[p].norm in _MEASURES
                or not toks[p].norm.isalpha()
                or len(toks[p].norm) < 3
                or toks[p].norm.endswith("s")  # "sessions 12 years", "jeunes 15 ans"
                or _in(toks[p], words.PARENTS | words.SIBLINGS)
                or toks[p].norm in _SPOUSES  # "wife 14 yrs married, beaten"
                or _in(toks[p], words.MEETING_VERBS | words.VISITS)  # "rencontré ketsia"
                for p in parts
            ):
                return parts[-1]
            parts.pop()
        return None
    while len(parts) >= 2:
        if _her_age_follows(toks, items, parts[-1]) and not any(
            _a_childs_state(toks[p]) for p in parts[1:] if not _is_listed(toks[p])
        ):
            return parts[-1]
        parts.pop()
    return None


def _typed_name_after_age(toks: list[_Tok], items: list[_Item | None], i: int) -> int | None:
    """The last token of a name of two words or more typed in lower case between commas right
    after one child's word and age: "adolescente de 15 anos, yuri mamani, embarazada", "girl 13
    yrs, mercy achieng, defiled": a listed given name opens it, or a family name a list knows
    follows (not "la niña de 12 años, villa maria, ...", "girl 13 yrs, grace harbour", "sin
    documentos", "high risk", nor one word, "girl 13 yrs, kibera,"). None if none."""
    if i < 2 or toks[i - 1].text != ",":
        return None
    age = items[i - 2]
    if age is None or age.what != _CHILDCUE or not age.age:
        return None
    k = age.first - 1
    if k >= 0 and toks[k].norm in _OF:
        k -= 1
    cue = items[k] if k >= 0 else None
    if cue is None or cue.what != _CHILDCUE or cue.age or _in(toks[cue.first], words.PLURAL_CHILD):
        return None
    parts = _lower_name_parts(toks, items, i)
    # a given name no list knows, then a family name one knows: "yuri mamani"
    surnamed = len(parts) == 2 and _in(toks[parts[1]], words.SURNAMES)
    # one given name a list knows, no everyday word of the languages of the note: "menina de
    # 12 anos, ana" ("ana" is also the Swahili "has"; not "girl 12 yrs, mercy")
    alone = (
        len(parts) == 1
        and _in(toks[parts[0]], words.GIVEN_NAMES)
        and toks[parts[0]].norm not in words.COMMON_WORD_NAMES
    )
    if not (alone or (len(parts) >= 2 and (_is_listed(toks[parts[0]]) or surnamed))):
        return None
    end = parts[-1] + 1
    if end < len(toks) and toks[end].text not in ",.;" and toks[end].kind != _BREAK:
        return None
    unknown = [p for p in parts if not _is_listed(toks[p])]
    if any(
        _a_childs_state(toks[p])
        or _DEMONYM.fullmatch(toks[p].norm)
        or _in(toks[p], _KNOWN | words.ADDRESS_WORDS | words.LOCALITY)  # "grace road"
        or _in(toks[p], words.PLACE_NOUNS)  # "grace harbour", "rose hill", "mercy village"
        or (p == parts[0] and not _given_name_shaped(toks[p]))  # "vende flores"
        for p in unknown
    ):
        return None
    return parts[-1]


def _given_name_shaped(tok: _Tok) -> bool:
    """A word no list knows that may be a given name before a family name: not a verb or a word
    said of a child ("vende flores", "trabaja ramos"), a relative or a plural."""
    word = tok.norm
    return (
        len(word) >= 3
        and word.isalpha()
        and not word.endswith("s")
        and word not in _SAID_OF_HER | _LITTLE_WORDS | _MEASURES | _SPOUSES
        and word not in _NO_NAME_GIVEN | _NAME_KEPT_BACK | _FRENCH_PARTICIPLES
        and not _in(tok, words.PARENTS | words.SIBLINGS | words.MEETING_VERBS)
        # where she is, or her work, named after a family: "colegio torres", "albergue flores"
        and not _in(tok, _NAMED_PLACES_OF_HERS)
        and word not in _SHELTERS_AND_TRADES
    )


_NAMED_PLACES_OF_HERS = (
    words.INSTITUTION | words.SCHOOLS | words.CHILD_INSTITUTION | words.HOME | words.CAREER
)
_SHELTERS_AND_TRADES = frozenset(
    {"albergue", "abrigo", "orfanato", "orphelinat", "refugio", "kituo", "venta", "comercio"}
)


def _age_right_after(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A child's age in years right after toks[last], or after a comma, and what is said of her
    or her class: "kevin 12 ans battu", "kevin 12 ans, 5e annee", "brian 12 yrs, class 5" (not
    "kibera 12 yrs pregnant girls programme")."""
    k = last + 1
    if k < len(toks) and toks[k].text == ",":
        k += 1
    item = items[k] if k < len(toks) else None
    if item is None or item.first != k or toks[k].kind != _NUM:
        return False
    k = item.last + 1
    if k < len(toks) and toks[k].text == ",":
        k += 1
    if _said_of_others(toks, k):
        return False  # "kibera 12 yrs pregnant girls programme": what the girls are
    return (
        item.what == _CHILDCUE
        and item.age
        and k < len(toks)
        and (
            _said_of_her(toks[k])
            or _her_class_at(toks, k)  # "kevin 12 ans, 5e annee, ecole st louis"
            or _her_swahili_verb(toks, k)
            # "kevin 12 ans a ete battu", "brian 14 yrs was beaten"
            or (toks[k].norm in _HER_COPULAS and k + 2 < len(toks) and _said_of_her(toks[k + 2]))
            or (toks[k].norm in _HER_COPULAS and k + 1 < len(toks) and _said_of_her(toks[k + 1]))
        )
    )


def _her_class_at(toks: list[_Tok], k: int) -> bool:
    """One pupil's school class at k: "5e annee", "CM2", "class 5", "5to grado" (not "class 5
    pupils trained", "class 5 and 6": a group's)."""
    after = _school_class(toks, k)
    if after is None or after >= len(toks):
        return after is not None
    if _in(toks[after], words.PLURAL_CHILD | words.PUPILS):
        return False
    more = toks[after].norm in _PAIR_JOINS and after + 1 < len(toks)
    return not (more and toks[after + 1].kind == _NUM)  # "class 5 and 6": a group's


_HER_COPULAS = frozenset({"was", "is", "a", "est", "es", "esta", "fue", "foi", "ni", "alikuwa"})
_WITH = frozenset({"with", "for", "avec", "pour", "con", "para", "com", "na", "kwa", "ho", "amin"})


def _said_of_others(toks: list[_Tok], k: int) -> bool:
    """What is said after the years at k is of a group or a body, right after it or after
    "with", "for" and an article: "kibera 12 yrs pregnant girls programme", "kibera 12 yrs
    working with girls", "jacmel 10 ans travaille avec les familles" (a body's years at work);
    not "kevin 12 yrs working with his uncle"."""
    j = k + 1
    if j < len(toks) and toks[j].norm in _WITH:
        j += 1
        while j < len(toks) and j <= k + 4 and toks[j].norm in _DETERMINERS:
            j += 1
    groups = words.PLURAL_CHILD | words.INSTITUTION | words.OWNERS_OF_CHILDREN
    return j < len(toks) and _in(toks[j], groups | words.ADULT_GROUPS)


def _said_of_her(tok: _Tok) -> bool:
    """What is said of a child right after her age: "battue", "embarazada", "dropped out",
    "trabalha", "vende", "ameolewa" (not "and above", "won", "programme", "de partenariat")."""
    return tok.kind == _WORD and tok.norm in _SAID_OF_HER


_SAID_OF_HER = frozenset(
    {"battu", "battue", "bat", "vend", "vende", "travaille", "travay", "trabaja"}
    | {"trabalha", "sells", "works", "lives", "vit", "vive", "mora", "dort", "duerme", "dorme"}
    | {"sleeps", "pregnant", "enceinte", "embarazada", "gravida", "married", "mariee", "casada"}
    | {"casado", "orphelin", "orpheline", "orphan", "huerfana", "huerfano", "orfa", "orfao"}
    | {"mjamzito", "yatima", "ameolewa", "ameachishwa", "hasomi", "haendi", "tsy", "miasa"}
    | {"manambady", "kamboty", "bevohoka", "missing", "disparue", "disparu", "desaparecida"}
    | {"desaparecido", "desaparecida", "beaten", "abused", "raped", "violee", "violada"}
    | {"estuprada", "victime", "victim", "victima", "vitima", "dropped", "works", "working"}
    | {"begging", "mendie", "pide", "pede", "refuse", "refused", "ran", "fled"}
    | {"fugue", "fugitive", "huye", "fugiu", "defiled", "abandoned", "abandonada"}
    | {"abandonado", "abandonnee", "abandonne", "abusada", "abusado", "abusee", "maltratada"}
    | {"maltratado", "maltraitee", "maltraite", "golpeada", "golpeado", "agredida", "agredido"}
    | {"rescatada", "rescatado", "retiree", "expulsee", "expulsada", "expulsado", "expulsa"}
    | {"trafficked", "traficada", "traficado", "forced", "forcee", "forzada", "forcada"}
    | {"recruited", "recrutee", "reclutada", "reclutado", "recrutada", "arrested", "arretee"}
    | {"arrete", "detenida", "detenido", "detida", "detido", "detained", "orphaned", "kidnapped"}
    | {"enlevee", "enleve", "secuestrada", "secuestrado", "sequestrada", "sold", "vendue"}
    | {"vendida", "vendido", "exploitee", "explotada", "explotado", "explorada", "violentada"}
    | {"abusada", "casado", "mariee", "marie", "married", "pregnant", "gravida", "engravidou"}
    # Haitian Creole: "ketsia, 9 an, ap viv ak matant li", "pa lekol", "travay lakay"
    | {"ap", "viv", "pa", "travay", "dòmi", "domi", "mande", "maltrete", "bat", "vyole"}
    # said of two children listed ("Fiches de Marie (5), Jean (2), tous deux battus")
    | {"battus", "battues", "victimes", "victimas", "vitimas", "violees", "violadas"}
    | {"orphelins", "orphelines", "huerfanos", "huerfanas", "orfaos", "orfas", "abusees"}
    | {"abuses", "abusados", "abusadas", "maltraites", "maltraitees", "maltratados"}
    | {"maltratadas", "golpeados", "golpeadas", "espancados", "espancadas", "agredidos"}
    | {"agredidas", "abandonnes", "abandonnees", "abandonados", "abandonadas", "exploites"}
    | {"exploitees", "explotados", "explotadas", "disparus", "disparues", "desaparecidos"}
    | {"desaparecidas", "enleves", "enlevees", "secuestrados", "secuestradas", "expulses"}
    | {"expulsees", "expulsados", "expulsadas", "detenidos", "detenidas", "detidos", "detidas"}
)


# What a report gives years to, opening a line: "moyenne 12 ans", "duree 10 anos".
# A group's average or median, never a name before "age": "Average age: 13".
_AVERAGES = frozenset(
    map(norm, {"average", "mean", "median", "moyenne", "médiane", "promedio", "media", "mediana"})
) | frozenset(map(norm, {"wastani", "متوسط"}))
_MEASURES = frozenset(
    {"moyenne", "average", "mean", "promedio", "media", "wastani", "total", "jumla", "duree"}
    | {"duration", "duracion", "duracao", "muda", "experience", "experiencia", "uzoefu"}
    | {"partenariat", "partnership", "alianza", "parceria", "contrat", "contract", "contrato"}
    | {"mandat", "mandate", "mandato", "tenure", "service", "servicio", "anciennete"}
    | {"antiguedad", "age", "edad", "idade", "umri", "taona", "entre", "between", "hace"}
    | {"depuis", "since", "desde", "over", "about", "environ", "around", "unos", "cerca"}
    | {"mariage", "marriage", "matrimonio", "casamento", "ndoa", "ages", "edades", "idades"}
    # a group's age told roughly, before its class: "mostly 12 yrs, class 5", "approx 12 yrs,
    # grade 6", "alrededor 12 años, 5to grado"
    | {"approx", "approximately", "approximativement", "aprox", "aproximadamente", "roughly"}
    | {"circa", "alrededor", "cerca", "karibu", "takriban", "mostly", "mainly"}
    | {"majority", "majorite", "mayoria", "maioria", "median", "mediane", "mediana", "target"}
    | {"cible", "objetivo", "alvo", "lengo", "typically", "usually", "generally", "principalmente"}
    | {"minimum", "maximum", "minimo", "maximo", "limite", "limit", "until", "jusqu", "hasta"}
    | {"team", "equipe", "equipo", "equipa", "timu", "squad", "cohort", "cohorte", "group"}
    | {"groupe", "grupo", "kikundi", "category", "categorie", "categoria", "module", "modulo"}
    | {"niveau", "level", "nivel", "turma", "classe", "division", "league", "ligue", "liga"}
    | {"pwogram", "pwoje", "ekip", "gwoup", "klib", "klas", "fomasyon", "seyans", "kan"}
    # a body's years at work: "fondasyon 10 an ap travay", "unicef 10 yrs working"
    | {"fondasyon", "asosyasyon", "kooperativ", "lekol", "klinik", "legliz", "lopital"}
    | {"komite", "sosyete", "enstitisyon", "ministe", "meri", "cooperative", "cooperativa"}
    | {"association", "asociacion", "associacao", "fondation", "fundacion", "fundacao"}
    | {"organisation", "organization", "organizacion", "organizacao", "ong", "ngo", "cbo"}
    | {"shirika", "mradi", "unicef", "unhcr", "unfpa", "worldvision", "plan", "ecole"}
    | {"escuela", "escola", "school", "eglise", "iglesia", "igreja", "church", "hopital"}
    | {"hospital", "clinique", "clinica", "clinic", "kliniki", "zahanati", "msikiti"}
    | {"mosquee", "mosque", "centre", "center", "centro", "kituo", "committee", "comite"}
    | {"mairie", "prefeitura", "municipalidad", "fikambanana", "sekoly", "foibe"}
)


def _lower_name_parts(toks: list[_Tok], items: list[_Item | None], i: int) -> list[int]:
    """The words of a name typed in lower case from toks[i] on (not its particles, "dos",
    "de"), at most four: a listed given name may open it though it is also a word ("ana")."""
    parts: list[int] = []
    k = i
    while k < len(toks) and k < i + 8 and len(parts) < 4:
        tok = toks[k]
        if (
            items[k] is not None
            or tok.kind != _WORD
            or not tok.text[:1].islower()
            or len(tok.norm) < 2
            or "\u0600" <= tok.norm[:1] <= "\u06ff"
        ):
            break
        if parts and tok.norm in words.NAME_PARTICLES:
            nxt = k + 1
            if (
                nxt < len(toks)
                and items[nxt] is None
                and toks[nxt].kind == _WORD
                and toks[nxt].norm not in words.NAME_PARTICLES
            ):
                k += 1  # "dos santos": the particle goes with the word after it
                continue
            break
        if _in(tok, _KNOWN) and not (not parts and _is_listed(tok)):
            break
        parts.append(k)
        k += 1
    return parts


def _her_age_follows(
    toks: list[_Tok], items: list[_Item | None], last: int, *, bracketed: bool = False
) -> bool:
    """A child's age right after toks[last], or after "de"/"of"/"aged" or a comma: "josefina
    quispe de 10 años trabaja", "ana clara dos santos, 9 anos" (not "de 10 años de trabajo"); or,
    when `bracketed` (the name follows a child's word), a bare age alone in brackets: "niña
    josefina (12) no va a la escuela" (not "mercy corps staff (12) joined": a count)."""
    k = last + 1
    if k < len(toks) and (toks[k].text in ",(" or toks[k].norm in _OF | {"aged"}):
        k += 1
    if (
        bracketed
        and toks[k - 1].text == "("
        and k + 1 < len(toks)
        and items[k] is None
        and toks[k].kind == _NUM
        and 1 <= _value(toks[k].text) <= 17
        and toks[k + 1].text == ")"
    ):
        return True
    item = items[k] if k < len(toks) else None
    return (
        item is not None
        and item.first == k
        and item.what == _CHILDCUE
        and item.age
        and not _time_of(toks, item.last + 1)
    )


# A word for a child's state or kind, or a verb, not a name: "la niña indígena desplazada de
# 10 años", "la niña quiere estudiar, 10 años".
_STATE_ENDINGS = (
    "ada", "ado", "ida", "ido", "ante", "ente", "ense", "iva", "ivo", "osa", "oso", "able",
    "ible", "ique", "ico", "ica", "ful", "less", "ish", "ese", "ar", "er", "ir", "ando",
    "endo", "aba", "ing", "ed", "ait", "ent", "iu", "ou", "eu",
    "ee",  # "ée" as a word is looked up: without its accent ("placee", "retiree")
)  # fmt: skip
# Endings that hold only with their accent, read on the word as typed: "vulnerável",
# "invisível", "sufría", "vivía" (not "maria", "sofia", "pavel"). Typed without it, the
# Portuguese "-avel", "-ivel" still hold on a longer word ("vulneravel", "responsavel").
_ACCENTED_STATE_ENDINGS = ("ável", "ível", "ía")
_LONG_STATE_ENDINGS = ("avel", "ivel")
_STATES = frozenset(
    {"indígena", "indigena", "huérfana", "huérfano", "huerfana", "huerfano", "órfã", "orfa"}
    | {"órfão", "orfao", "grávida", "gravida", "pequeña", "pequeño", "pequena", "pequeno"}
    | {"menor", "mayor", "maior", "enceinte", "orpheline", "orphelin", "petite", "petit"}
    | {"jeune", "young", "little", "small", "older", "younger", "eldest", "youngest", "orphan"}
    | {"pregnant", "disabled", "quechua", "aymara", "afro", "haitiana", "venezolana", "alone"}
    | {"sola", "solo", "sozinha", "seule", "seul", "herself", "himself", "mesma", "misma"}
    | {"quiere", "vive", "trabaja", "estudia", "tiene", "mora", "vit", "va", "fue", "foi"}
)


def _a_childs_state(tok: _Tok) -> bool:
    word = tok.norm
    if word in _STATES or word in _KINDS or (len(word) >= 5 and word.endswith(_STATE_ENDINGS)):
        return True
    if len(word) >= 7 and word.endswith(_LONG_STATE_ENDINGS):
        return True
    return (
        len(word) >= 5
        and unicodedata.normalize("NFC", tok.text.casefold()).endswith(_ACCENTED_STATE_ENDINGS)
        and not _is_listed(tok)  # "maría", "lucía", "sofía"
    )


def _one_typed_name(toks: list[_Tok], k: int) -> bool:
    """One lower-case word no list knows, right after "the girl" and before her age, is her
    name when it is no state, kind or origin: "la niña josefina de 10 años" (not "la niña
    sorda de 10 años", "la niña peruana de 10 años", "la fille talibé, 9 ans")."""
    tok = toks[k]
    return (
        len(tok.norm) >= 3
        and tok.norm.isalpha()
        and not _a_childs_state(tok)
        and not _DEMONYM.fullmatch(tok.norm)
        and tok.norm not in _NAME_KEPT_BACK  # "nom de l'enfant protégé, 9 ans"
        and not _a_verb(tok)  # "l'enfant retire, 9 ans", "mtoto halijatajwa, miaka 10"
    )


def _a_verb(tok: _Tok) -> bool:
    """A French participle typed without its accent, or a Swahili verb by its shape: what is
    said of a child, never her name ("mtoto yatima aliyebakwa miaka 12", "mtoto
    alitelekezwa, miaka 9", "victime formé formé 12 ans")."""
    word = tok.norm
    return word in _NO_NAME_GIVEN | _FRENCH_PARTICIPLES | _ENGLISH_PARTICIPLES or (
        len(word) >= 7 and _SWAHILI_VERB.fullmatch(word) is not None
    )


# What a report says was done for a child, typed where a name might stand ("child named
# trained 12", "the girl referred, 12 years"): no given name is one of these.
_ENGLISH_PARTICIPLES = frozenset(
    {"trained", "reached", "referred", "supported", "identified", "enrolled", "registered"}
    | {"rescued", "reunified", "interviewed", "counselled", "counseled", "assisted", "assessed"}
    | {"followed", "visited", "treated", "sheltered", "released", "returned", "traced"}
)
# Swahili verbs no name is shaped like: not named ("halijatajwa", "hakutajwa", "imefichwa"),
# "who ..." ("aliyebakwa", "anayeishi", "atakayehamishwa", "walioolewa"), or a passive after a
# subject and a tense ("alitelekezwa", "amebakwa", "anapigwa", "walifukuzwa").
_SWAHILI_VERB = re.compile(
    r"(?:hali|haku|hauku|haja|lime|lili|ime)[a-z]{3,}"
    r"|(?:ali|ana|ataka)ye[a-z]{3,}|(?:wali|wana|wataka)o[a-z]{3,}"
    r"|(?:ali|ame|ana|ata|wali|wame|wana|wata)[a-z]{3,}wa"
)
# Typed without their accents: "retiré" (withdrawn), "placé", "abandonné"...
_FRENCH_PARTICIPLES = frozenset(
    {"retire", "place", "abandonne", "maltraite", "viole", "exploite", "refere", "oriente"}
    | {"identifie", "recupere", "hospitalise", "scolarise", "deplace", "separe", "accueilli"}
    | {"signale", "enleve", "arrete", "detenu", "decede", "blesse", "handicape", "malade"}
    | {"forme", "formee", "forma", "formado", "formada"}
)


# A child's kind, work or body, one word between her word and her age: "la niña sorda de 10
# años", "el niño lustrabotas de 11", "a menina cega, 9 anos".
_KINDS = frozenset(
    map(
        norm,
        {"sorda", "sordo", "ciega", "ciego", "muda", "mudo", "surda", "surdo", "cega", "cego"}
        | {"sourde", "sourd", "aveugle", "muette", "muet", "deaf", "blind", "mute", "lame"}
        | {"campesina", "campesino", "lustrabotas", "canillita", "cargador", "vendedora"}
        | {"talibe", "talibé", "domestique", "bonne", "restavek", "restavèk", "maid", "hawker"}
        | {"herder", "shepherd", "cobrador", "wayuu", "ashaninka", "shipibo", "limeña", "limeño"}
        | {"cusqueña", "cusqueño", "nena", "nene", "bebe", "bebé", "baby", "kid"}
        | {"trabajadora", "trabajador", "trabalhadora", "trabalhador", "sozinho"}
        | {"ainee", "ainée", "aînée", "aîné", "aine", "cadette", "cadet", "concerne", "concernee"}
        | {"concerné", "concernée", "mismo", "primero", "primera", "segundo", "segunda", "otra"}
        | {"otro", "mayorcita", "mayorcito", "menorcita", "menorcito", "huyo", "huyu", "yule"}
        | {"hiyo", "ule", "same", "other", "autre", "outra", "outro", "cette", "this"}
        # her people, her body in Swahili, a group: "la niña wichi", "a menina quilombola",
        # "la fille peule", "msichana mlemavu" (disabled), "mtoto kiziwi" (deaf), "girl scouts"
        | {"wichi", "mapuche", "garifuna", "quilombola", "ribeirinha", "ribeirinho", "guarani"}
        | {"kichwa", "qom", "toba", "embera", "tikuna", "yanomami", "indigene", "peule", "peul"}
        | {"wolof", "serere", "fulani", "hausa", "maasai", "masai", "turkana", "pokot", "batwa"}
        | {"samburu", "gitana", "gitano", "cigana", "cigano", "roma", "rom", "mlemavu", "kiziwi"}
        | {"kipofu", "bubu", "kilema", "albino", "zeruzeru", "scout", "scouts", "guide", "guides"},
    )
)


def _typed_surname(toks: list[_Tok], items: list[_Item | None], j: int, k: int) -> bool:
    """A family name typed in lower case on a phone after a listed given name, when an age
    follows it: "fatou diallo, 11 ans", "rasoa andriamihaja 12 taona". (A lower-case word no
    list knows is as likely a verb: "juma anafundisha watoto" teaches children.)"""
    given, word = toks[j], toks[k]
    return (
        k == j + 1
        and items[k] is None
        and _is_listed(given)
        and not _capital(given)
        and word.kind == _WORD
        and word.text[:1].islower()
        and len(word.norm) >= 3
        and not _in(word, _KNOWN)
        and (_aged(toks, items, k) or _age_next(toks, items, k) or _sexed_age(toks, k + 1))
    )


def _age_next(toks: list[_Tok], items: list[_Item | None], k: int) -> bool:
    """A child's age right after toks[k], with nothing between: "andriamihaja 12 taona"."""
    item = items[k + 1] if k + 1 < len(toks) else None
    return (
        item is not None
        and item.what == _CHILDCUE
        and item.age
        and not _time_of(toks, item.last + 1)
    )


_OF = frozenset({"de", "d", "of", "ya", "za", "del", "da", "do", "ny"})


def _time_of(toks: list[_Tok], after: int) -> bool:
    """ "12 ans de partenariat", "15 years of support": a length of time, not an age."""
    return after < len(toks) and toks[after].norm in _OF


def _named_here(toks: list[_Tok], items: list[_Item | None], i: int) -> bool:
    """An Arabic word (a script without capitals) a name though no list has it: right after
    "اسمها" or "تدعى", or between a child word and an age ("الطفلة رغد، 12 سنة", "البنت
    الصغيرة ملك، 6 سنين"). A word typed in lower case after "called" is a name too when a
    given name or an age makes it one ("mtoto anaitwa baraka miaka 8", "antsoina hoe koto, 9
    taona")."""
    tok = toks[i]
    if tok.kind != _WORD or len(tok.norm) < 2 or _in(tok, _KNOWN):
        return False
    j = i - 1
    while j >= 0 and (
        (toks[j].kind == _PUNCT and toks[j].text in ':"«“')
        or (items[j] is None and toks[j].norm in _BETWEEN_CUE_AND_NAME)
    ):
        j -= 1
    before = items[j] if j >= 0 else None
    if before is None:
        return _arabic_name_opening(toks, items, i, j)
    if not "\u0600" <= tok.norm[:1] <= "\u06ff":
        if not tok.text[:1].islower():
            return False
        if before.what == _NAMED:  # "antsoina hoe naivo 12 taona tsy mianatra"
            if _a_verb(tok) and not _in(tok, words.GIVEN_NAMES):
                return False  # "child named trained 12", "enfant nommée formé 12"
            return tok.norm not in _NAME_KEPT_BACK and (  # "prénom fictif, fille de 12 ans"
                _in(tok, words.GIVEN_NAMES)
                or _aged(toks, items, i)
                or _age_next(toks, items, i)
                or _bare_age_typed(toks, i + 1)  # "girl called shiru 13 was married off"
            )
        # "visited baby joy (8 months)": a given name that is also a word, between a child
        # word and an age
        return (
            before.what == _CHILDCUE
            and not before.age
            and not _in(toks[before.first], words.PLURAL_CHILD)
            and _in(tok, words.GIVEN_NAMES)
            and (_aged(toks, items, i) or _class_after(toks, i))
        )
    if tok.norm.startswith("ال") or tok.norm in _ARABIC_STATES:
        return False  # "الطفلة النازحة، 13 سنة": the displaced girl; "بخير": well
    if before.what == _NAMED:
        return True
    if before.what == _CHILDCUE and not before.age:
        compound = i + 1 < len(toks) and _arabic_compound(toks, i, i + 1)
        last = i + 1 if compound else i
        return _aged(toks, items, last) or _class_after(toks, last)
    return False


_BETWEEN_CUE_AND_NAME = frozenset({"الصغيرة", "الصغير", "hoe"})  # "the little", "that is"


def _arabic_name_opening(toks: list[_Tok], items: list[_Item | None], i: int, j: int) -> bool:
    """An Arabic word no list has, opening the sentence or a clause after a comma, with her own
    age right after it: "رغد عمرها 12 سنة", "نور الهدى عمرها ١٠ سنين" (not "لما عمرها 12 سنة
    تزوجت", when she was 12 she married)."""
    tok = toks[i]
    if (
        not "\u0600" <= tok.norm[:1] <= "\u06ff"
        or len(tok.norm) < 3
        or tok.norm.startswith("ال")
        or tok.norm in _ARABIC_STATES
        or _in(tok, words.ARABIC_NOT_NAMES)  # "ومشروع عمره 4 سنوات" too
        or tok.norm.endswith("ت")  # a verb: "تزوجت عمرها 14 سنة", she married aged 14
        or not (j < 0 or toks[j].kind == _BREAK or toks[j].text == ",")
    ):
        return False
    compound = i + 1 < len(toks) and _arabic_compound(toks, i, i + 1)
    return _own_age_after(toks, items, i + 1 if compound else i)


def _same_name(toks: list[_Tok], j: int, k: int) -> bool:
    """Two name-like words are one name when nothing but spaces or a particle is between them."""
    between = [t for t in toks[j + 1 : k] if t.kind != _WORD]
    cased = _capital(toks[j]) or _capital(toks[k])
    return not between and (cased or _is_listed(toks[j]) or _is_listed(toks[k]))


def _shouted_name_part(toks: list[_Tok], j: int, k: int) -> bool:
    """In a sentence typed in capitals, the word at k after a given name a list knows is the
    rest of her name, not an acronym ("CLARA", "SILVA"), when no list knows it as a word."""
    tok = toks[k]
    return (
        tok.sentence.shouted
        and tok.kind == _WORD
        and len(tok.norm) >= 3
        and tok.norm.isalpha()
        and _is_listed(toks[j])
        and not _in(tok, _KNOWN)
        and not _a_childs_state(tok)
        and not _verb_shaped(tok)
    )


def _verb_shaped(tok: _Tok) -> bool:
    """A word with a verb's shape, no name's: "DENUNCIÓ", "DENUNCIOU", "REPORTED", "ALIMRIPOTI"
    ("EL ALUMNO DIEGO DENUNCIÓ A SU PROFESOR": Diego, not "Diego Denunció", is the name)."""
    word = tok.norm
    typed = unicodedata.normalize("NFC", tok.text.casefold())
    return len(word) >= 5 and (
        word.endswith(_ENGLISH_PAST)
        or typed.endswith(("ó", "ou"))
        or (len(word) >= 7 and word.startswith(_SWAHILI_HER_TENSES + _SWAHILI_TENSES))
    )


def _place(tok: _Tok) -> bool:
    """'à', 'from', 'في': accents count here, 'à' (to) is not 'a' (has)."""
    return tok.text.casefold() in _PLACE_AS_TYPED or (
        tok.norm in words.PLACE_PREPOSITION and tok.norm not in ("a", "o", "e")
    )


_PLACE_AS_TYPED = frozenset({"à", "á"})


def _sentence_start(toks: list[_Tok], i: int) -> bool:
    j = i - 1
    while j >= 0 and toks[j].kind == _PUNCT and toks[j].text in "\"'«“(-–—*•":
        j -= 1
    return j < 0 or toks[j].kind == _BREAK


def _children_identified(toks: list[_Tok]) -> list[Finding]:
    if not toks:
        return []
    items = _items(toks)
    cues = any(item is not None and item.what in (_CHILDCUE, _NAMED) for item in items)
    if not cues and not any(
        (t.kind == _NUM and 0 < _value(t.text) < 18) or _in(t, words.SCHOOL_CLASS) for t in toks
    ):
        return []  # the common case: no child word, no age under 18, no school class
    names = _names(toks, items)
    child = [_is_child_name(toks, items, first, last) for first, last in names]
    # A child's name makes the names listed with it children's names too, whichever of them
    # the cue is next to: "les enfants Awa et Fatou", "Awa, Fatou and Moussa, aged 8 to 12".
    for pairs in (range(1, len(names)), range(len(names) - 2, -1, -1)):
        for n in pairs:
            other = n - 1 if pairs.step == 1 else n + 1
            if child[other] and not child[n]:
                left, right = (names[other], names[n]) if other < n else (names[n], names[other])
                child[n] = (
                    _listed_together(toks, left[1], right[0])
                    or _listed_with_ages(toks, left[1], right[0])
                ) and _left(toks, items, names[n][0]) not in (_ROLE, _HONORIFIC)
    found = (
        [
            Finding(CHILD, toks[_given_before(toks, items, first)].start, toks[last].end)
            for (first, last), is_child in zip(names, child, strict=True)
            if is_child
        ]
        + _aged_initials(toks, items)
        + _child_addresses(toks, items)
    )
    # A text that identifies a child gives her door away wherever it writes an address: "Rosa
    # María López, de 10 años... Vive en 4a calle 12-34 zona 1" (the name taken out, the
    # address of a 10-year-old was offered back and accepted).
    named = {f.start for f in found if f.kind == CHILD}
    return found + _addresses(toks, items) + _schools(toks, named) if found else found


_ARABIC_STATES = frozenset(map(norm, {"بخير", "سالمة", "سليمة", "مريضة", "حامل", "آمنة", "سعيدة"}))
_ARTICLES = frozenset({"la", "le", "les", "l", "the", "el", "los", "las", "o", "a", "os", "as"})
# Between a post's possessive and the post: "is our new driver", "es nuestro nuevo chofer".
_NEW = frozenset(
    {"new", "only", "main", "head", "senior", "regular", "usual", "former", "acting", "interim"}
    | {"nouveau", "nouvel", "nouvelle", "seul", "seule", "principal", "principale", "ancien"}
    | {"nuevo", "nueva", "unico", "unica", "novo", "nova"}
)
# Between a copula and a post: "is the driver", "is our driver", "é o nosso motorista".
_POST_DETERMINERS = (
    _ARTICLES
    | words.POSSESSIVES
    | frozenset(
        {"an", "un", "une", "uma", "una", "my", "mon", "ma", "mi", "meu", "minha", "your", "votre"}
    )
)


def _given_before(toks: list[_Tok], items: list[_Item | None], first: int) -> int:
    """Where a child's name found in lower case begins: a given name that is also a word
    ("grace", "neema") does not start a name on its own, but it is the first name in "the girl
    grace akinyi aged 13" (found 'akinyi' alone, the officer removed it and sent 'grace')."""
    while (
        first > 0
        and not _capital(toks[first])
        and items[first - 1] is None
        and toks[first - 1].kind == _WORD
        and toks[first - 1].text[:1].islower()
        and toks[first - 1].end < toks[first].start
        and _in(toks[first - 1], words.GIVEN_NAMES)
        and not _in(toks[first - 1], _KNOWN)
    ):
        first -= 1
    return first


def _house_number_ends(toks: list[_Tok], k: int) -> bool:
    """A house number is followed by punctuation, a street word or a street's name ("23 rue",
    "112,", "14, Jogoo Road"), or by a little word or a verb going on about the child ("la
    casa 14 fue golpeada", "house 14 where she"); "12 familles", "maison 4 du site" count or
    number something else."""
    if k + 1 >= len(toks):
        return True
    nxt = toks[k + 1]
    return (
        nxt.kind != _WORD
        or _capital(nxt)
        or _in(nxt, words.ADDRESS_WORDS)
        or nxt.norm in _LITTLE_WORDS
        or nxt.norm in _AFTER_HOUSE
    )


# What goes on after a house number, saying more of the child than of the house: "la casa 14
# fue golpeada", "house 14 where", "au 23 depuis 2020".
_AFTER_HOUSE = frozenset(
    map(
        norm,
        {"fue", "fut", "foi", "where", "donde", "onde", "où", "since", "depuis", "desde", "with"}
        | {"avec", "con", "com", "alipo", "ambapo", "anaishi", "izay"},
    )
)


def _a_groups_age(toks: list[_Tok], first: int, last: int) -> bool:
    """An age right after a plural child word, or right before one: "les enfants de 10 ans",
    "children aged 12", "12-year-old girls", "twelve-year-old pupils"."""
    if last + 1 < len(toks) and _in(toks[last + 1], words.PLURAL_CHILD):
        return True
    j = first - 1
    while j >= 0 and j >= first - 2 and toks[j].norm in ("de", "of", "aged", "ya", "wa", "da"):
        j -= 1
    return j >= 0 and _in(toks[j], words.PLURAL_CHILD)


def _child_addresses(toks: list[_Tok], items: list[_Item | None]) -> list[Finding]:
    """A child's home address: a number next to a street or house word, after a word saying
    where someone lives, in a sentence about a child ("The 12-year-old girl living at house 14,
    Jogoo Road", "La fillette de 9 ans qui habite au 23 rue Lamartine", "anayeishi nyumba namba
    45"). The sentence gives one child's age: "les enfants de 10 à 14 ans qui vivent rue 5" are
    a group, and a venue ("Atelier au 23 rue Lamartine") says where nobody lives. A sentence
    after the child's that opens on where someone lives, with no subject or a pronoun, says
    where she lives ("Una niña de 10 años, víctima. Vive en 4a calle 12-34 zona 1.")."""
    found = []
    start = 0
    child_before = False  # an earlier sentence gave one child's age
    while start < len(toks):
        end = start
        while end < len(toks) and toks[end].kind != _BREAK:
            end += 1
        # A child's age, one person's ("de 9 ans"; not "les enfants de 10 à 14 ans"), or a
        # bare one with a child word ("Child at home: lucy, 8, lives in house 23").
        child = any(
            it is not None
            and it.what == _CHILDCUE
            and not _in(toks[it.first], words.CHILD)
            and not _a_groups_age(toks, it.first, it.last)
            for it in items[start:end]
        ) or (
            _sentence_has_child(toks, items, start)
            and any(toks[k].kind == _NUM and _bare_age(toks, k) for k in range(start, end))
        )
        lives = [k for k in range(start, end) if _in(toks[k], words.RESIDENCE | words.HOME)]
        if not child and lives and child_before and _lives_opens(toks, start, lives[0]):
            # The sentence after the child's goes on about her: "Una niña de 10 años, víctima
            # de abuso. Vive en 4a calle 12-34 zona 1." (its subject left out, or a pronoun).
            for k in range(lives[0] + 1, min(lives[0] + 9, end)):
                span = _address_at(toks, items, k) if not _bare_age(toks, k) else None
                if span is not None:
                    found.append(Finding(ADDRESS, toks[span[0]].start, toks[span[1]].end))
                    break
        if child and lives:
            for k in range(lives[0], end):
                if toks[k].kind != _NUM or _is_year(toks[k].text) or items[k] is not None:
                    continue
                if _bare_age(toks, k) or not _within(lives, k - 8, k):
                    continue
                near = [
                    a
                    for a in range(max(lives[0], k - 3), min(k + 4, end))
                    if _in(toks[a], words.ADDRESS_WORDS)
                ]
                if near and _house_number_ends(toks, k):
                    first, last = min(near[0], k), _number_goes_on(toks, max(near[-1], k), end)
                    found.append(Finding(ADDRESS, toks[first].start, toks[last].end))
                    break
        child_before = child or (child_before and not _someone_else(toks, start, end))
        start = end + 1
    return found


def _lives_opens(toks: list[_Tok], start: int, verb: int) -> bool:
    """The residence verb opens its sentence, alone or after a pronoun ("Vive en...", "She
    lives at...", "Anaishi...", "تسكن في..."): it says where the one just spoken of lives."""
    words_before = [k for k in range(start, verb) if toks[k].kind != _PUNCT]
    return not words_before or (len(words_before) == 1 and _in(toks[words_before[0]], _PRONOUNS))


def _someone_else(toks: list[_Tok], start: int, end: int) -> bool:
    """A sentence that speaks of an adult in a role: after "Una niña de 10 años participó. La
    defensora la acompañó.", "Vive en..." may say where the defender lives."""
    return any(_in(toks[k], words.ROLE) for k in range(start, end))


# What carries a house number on ("calle 12 #34", "nyumba 45/2", "rua 5 nº 12", "12-34").
_NUMBER_LINKS = frozenset(["#", "-", "/", "n°", "no"])  # "nº" reads "no"


def _number_goes_on(toks: list[_Tok], last: int, end: int) -> int:
    """The last token of a house number that goes on past its first figures: "calle 12 #34"
    ended at "12", and "#34" was left in the note offered back."""
    k = last
    while k + 2 < end and toks[k + 1].norm in _NUMBER_LINKS and toks[k + 2].kind == _NUM:
        k += 2
    return k


# What goes on after a house number: the house's own letters ("45 bis") and the quarter,
# plot or sector it stands in ("zona 1", "plot 7", "mtaa wa Uhuru").
_NUMBER_SUFFIXES = frozenset({"bis", "ter"})
_PRONOUNS = frozenset(
    {"she", "he", "elle", "il", "ella", "el", "ela", "ele", "yeye", "izy", "هي", "هو"}
)
_ORDINAL_SUFFIXES = frozenset({"a", "o", "e", "er", "eme", "th", "st", "nd", "rd"})  # "4a calle"
_LOCALITY_OF = frozenset({"of", "de", "du", "des", "del", "da", "do", "wa", "ya", "ny"})


def _address_word_near(toks: list[_Tok], k: int) -> int | None:
    """The street or house word a house number belongs to: up to three words before it, with no
    comma or other number between ("calle 12", "Rua das Flores 45", "house no. 12", "lot II M
    45"), or right after it, maybe after a street's name ("23 rue", "14 Jogoo Road")."""
    for j in range(k - 1, max(k - 4, -1), -1):
        tok = toks[j]
        if tok.kind == _BREAK or tok.kind == _NUM or tok.text in ",،":
            break
        if _in(tok, words.ADDRESS_WORDS):
            return j
    for j in range(k + 1, min(k + 3, len(toks))):
        if _in(toks[j], words.ADDRESS_WORDS):
            return j
        if toks[j].kind != _WORD or not _capital(toks[j]):
            break
    return None


def _address_goes_on(toks: list[_Tok], last: int) -> int:
    """The last token of an address that goes on past its house number: "12-34 zona 1", "45
    bis", "12, plot 7", "منزل 34", "rue 5 n° 12", "nyumba namba 12, mtaa wa Uhuru", "14, Jogoo
    Road"."""
    while True:
        k = _number_goes_on(toks, last, len(toks))
        nxt = k + 1
        if nxt < len(toks) and toks[nxt].norm in _NUMBER_SUFFIXES:
            k = nxt
            nxt += 1
        if (  # "n° 12": the "n" and its degree sign
            nxt + 2 < len(toks)
            and toks[nxt].norm == "n"
            and toks[nxt + 1].text in "°º"
            and toks[nxt + 2].kind == _NUM
        ):
            last = nxt + 2
            continue
        if nxt < len(toks) and toks[nxt].text in ",،":
            nxt += 1
        street = nxt
        while (
            street < min(nxt + 2, len(toks) - 1)
            and _school_name_word(toks[street])
            and not _in(toks[street], words.ADDRESS_WORDS)
        ):
            street += 1  # "house 14, Jogoo Road": the street's name, then its word
        if street > nxt and _in(toks[street], words.ADDRESS_WORDS - words.HOME):
            last = street
            continue
        if nxt + 1 < len(toks) and _in(toks[nxt], words.ADDRESS_WORDS | words.LOCALITY):
            after = toks[nxt + 1]
            if after.kind == _NUM and not _is_year(after.text):
                last = nxt + 1
                continue
            if (
                nxt + 2 < len(toks)
                and _in(toks[nxt], words.LOCALITY)
                and after.norm in _LOCALITY_OF
                and _capital(toks[nxt + 2])
            ):
                return nxt + 2
        return k


def _addresses(toks: list[_Tok], items: list[_Item | None]) -> list[Finding]:
    """Every street address in a text that identifies a child, in whichever sentence: a house
    number with its street or house word ("calle 12 #34", "4a calle 12-34 zona 1", "rue 5 n°
    12", "Rua das Flores 45", "house no. 12, plot 7", "nyumba namba 12, mtaa wa Uhuru", "lot II
    M 45 bis", "شارع 12 منزل 34"). Only asked once a child is found: a venue's address, "at
    the Ministry, rue 5 n° 12", is no one's door."""
    found = []
    k = 0
    while k < len(toks):
        span = _address_at(toks, items, k)
        if span is None:
            k += 1
            continue
        if not _a_venues(toks, span[0]):
            found.append(Finding(ADDRESS, toks[span[0]].start, toks[span[1]].end))
        k = span[1] + 1
    return found


def _a_venues(toks: list[_Tok], first: int) -> bool:
    """An office's or a venue's address, its word just before: "referred to our office at house
    14, Jogoo Road", "reçue au bureau, rue 5 n° 12", "atendida en la oficina de la calle 12
    #34" (not "lives at house 14", nor "lives near the church at house 14")."""
    k = first - 1
    while k >= 0 and k >= first - 6 and toks[k].kind != _BREAK:
        if _in(toks[k], _VENUES):
            # "lives near the church at house 14": a landmark of her home, not the venue's door
            return not any(t.norm in _NEAR for t in toks[max(k - 3, 0) : k])
        if _in(toks[k], words.HOME) or _in(toks[k], words.RESIDENCE):
            return False
        k -= 1
    return False


_NEAR = frozenset(
    map(
        norm,
        {"near", "next", "behind", "opposite", "beside", "pres", "derriere", "face", "cote"}
        | {"cerca", "frente", "detras", "junto", "perto", "atras", "karibu", "nyuma", "akaiky"}
        | {"aoriana", "manoloana", "قرب", "بجانب", "خلف", "أمام", "جنب"},
    )
)
_VENUES = frozenset(
    map(
        norm,
        {"office", "offices", "bureau", "bureaux", "oficina", "oficinas", "escritório"}
        | {"ofisi", "ofisini", "birao", "ministry", "ministère", "ministerio", "ministério"}
        | {"wizara", "minisitera", "headquarters", "hq", "siège", "sede", "makao", "centre"}
        | {"center", "centro", "kituo", "kituoni", "hospital", "hôpital", "hospitali"}
        | {"hopitaly", "clinic", "clinique", "clínica", "kliniki", "dispensary", "dispensaire"}
        | {"zahanati", "police", "commissariat", "comisaría", "delegacia", "court", "tribunal"}
        | {"mahakama", "mairie", "municipalidad", "prefeitura", "demuna", "cras", "creas"}
        | {"venue", "hall", "salle", "salón", "salão", "ukumbi", "ukumbini", "église", "church"}
        | {"iglesia", "igreja", "mosque", "mosquée", "msikiti", "مكتب", "المكتب", "وزارة"}
        | {"الوزارة", "مركز", "المركز", "مستشفى", "المستشفى", "مقر", "قاعة"},
    )
)


def _address_at(toks: list[_Tok], items: list[_Item | None], k: int) -> tuple[int, int] | None:
    """The first and last tokens of the address whose house number is toks[k], or None."""
    tok = toks[k]
    if tok.kind != _NUM or _is_year(tok.text) or items[k] is not None:
        return None
    near = _address_word_near(toks, k)
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    goes_on = nxt is not None and nxt.norm in _NUMBER_LINKS | _NUMBER_SUFFIXES | {"n"}
    if near is None or not (goes_on or _house_number_ends(toks, k)):
        return None
    first, last = min(near, k), _address_goes_on(toks, max(near, k))
    if (  # "4a calle": the street's ordinal number
        first >= 2
        and toks[first - 1].norm in _ORDINAL_SUFFIXES
        and toks[first - 2].kind == _NUM
        and toks[first - 2].end == toks[first - 1].start
    ):
        first -= 2
    return first, last


def _schools(toks: list[_Tok], named: set[int]) -> list[Finding]:
    """Every named school in a text that identifies a child, with the class written before it:
    "class 7 at Uhuru Primary School", "CM2 à l'école Lamartine", "5ª série da Escola Estadual
    Dom Pedro", "darasa la saba katika Shule ya Msingi Uhuru", "Sekoly EPP Ambohipo", "الصف
    الرابع في مدرسة النور". With the child's name taken out, her age, class and school still
    point to her. A school with no name ("beaten at school") is no finding, nor is a child's
    name after it ("After school Kevin, 12": `named` holds where the children's names start)."""
    found = []
    j = 0
    while j < len(toks):
        if not _in(toks[j], words.SCHOOLS):
            j += 1
            continue
        first = j
        while first > max(j - 4, 0) and _school_name_word(toks[first - 1]):
            first -= 1
        if first == j:
            first = _typed_school_start(toks, j)
        last = j
        k = j + 1
        stop = named if _school_as_time(toks, j) else set()
        while k < min(j + 7, len(toks)) and toks[k].start not in stop:
            if (
                _school_name_word(toks[k])
                or _typed_school_name_word(toks, k)
                or (
                    toks[k].kind == _NUM
                    and toks[k].start == toks[k - 1].end + 1
                    # not "faltou à escola 2 semanas": how long, not the school's number
                    and not (k + 1 < len(toks) and _in(toks[k + 1], words.TIME_UNITS))
                )
            ):
                last = k
            elif not (_in(toks[k], words.SCHOOL_KINDS) or toks[k].norm in _LOCALITY_OF):
                break
            k += 1
        if toks[j].norm in _ARABIC_SCHOOL and last == j and j + 1 < len(toks):
            nxt = toks[j + 1]
            if nxt.kind == _WORD and not _in(nxt, words.STOP):
                last = j + 1  # "مدرسة النور": Arabic names have no capitals
        if first == j and last == j:
            j += 1
            continue
        found.append(Finding(SCHOOL, toks[_class_before(toks, first)].start, toks[last].end))
        j = last + 1
    return found


_ARABIC_SCHOOL = frozenset({norm("مدرسة"), norm("المدرسة")})
# Between a class and its school: "class 7 at", "CM2 à l'", "5ª série da", "darasa la saba
# katika", "الصف الرابع في".
_SCHOOL_LINKS = frozenset(
    {
        "at",
        "in",
        "of",
        "a",
        "à",
        "l",
        "de",
        "du",
        "da",
        "do",
        "na",
        "no",
        "en",
        "del",
        "la",
        "el",
        "katika",
        "ya",
        "wa",
        "amin",
        "ny",
        "ao",
        "the",
        "في",
    }
)


def _school_name_word(tok: _Tok) -> bool:
    """A word of a school's name: capitalised, or a code in capitals ("EPP", "CEG")."""
    return tok.kind == _WORD and _capital(tok) and not _in(tok, words.STOP)


def _typed_school_name_word(toks: list[_Tok], k: int) -> bool:
    """A school's name typed in lower case after the word for school: a saint and her name
    ("ecole st louis", "escuela san martin"), or a name a list knows ("shule ya msingi
    kamau"); not "school fees", "ecole abandonnee"."""
    tok = toks[k]
    if tok.kind != _WORD or not tok.text[:1].islower():
        return False
    if tok.norm in _SAINTS:
        return k + 1 < len(toks) and toks[k + 1].kind == _WORD
    before = toks[k - 1]
    return (before.kind == _WORD and before.norm in _SAINTS) or _in(
        tok, words.GIVEN_NAMES | words.SURNAMES
    )


def _typed_school_start(toks: list[_Tok], j: int) -> int:
    """Where a school's name typed in lower case before the word for school at j begins: a
    saint and her name ("st mary school", "st. mary's primary school"), or a name a list knows
    ("kioko primary school"); j when there is none ("his school", "out of school")."""
    k = j
    while k > 0 and toks[k - 1].text[:1].islower() and _in(toks[k - 1], words.SCHOOL_KINDS):
        k -= 1  # "primary", "secondary"
    p = k - 1
    if p < 0 or toks[p].kind != _WORD or not toks[p].text[:1].islower():
        return j
    q = p - 2 if p >= 2 and toks[p - 1].text == "." else p - 1  # "st. mary"
    if q >= 0 and toks[q].norm in _SAINTS and toks[q].text[:1].islower():
        return q
    name = toks[p].norm.removesuffix("'s").removesuffix("’s")
    return p if name in words.GIVEN_NAMES | words.SURNAMES else j


def _class_before(toks: list[_Tok], first: int) -> int:
    """Where a school's mention begins once the class written before it is counted in: the
    class's first token, or `first`."""
    k = first
    while k > max(first - 4, 0) and toks[k - 1].norm in _SCHOOL_LINKS:
        k -= 1
    if k == first:
        return first
    for c in range(max(k - 5, 0), k):
        if _school_class(toks, c) == k:
            return c
    return first


def _within(ordered: list[int], low: int, high: int) -> bool:
    """Some value of `ordered` (sorted) is between low and high, both included."""
    at = bisect_left(ordered, low)
    return at < len(ordered) and ordered[at] <= high


def _aged_initials(toks: list[_Tok], items: list[_Item | None]) -> list[Finding]:
    """Initials with an age: "A.J., 12 ans, victime", "K.B., 14 ans." (a bare "14" only with a
    child word in the sentence, or with the sentence going on: "M.K., 14, was trafficked"). In
    a small place initials and an age name a child as surely as a name."""
    found = []
    i = 0
    while i < len(toks):
        j = i
        while j + 1 < len(toks) and _initial(toks[j]) and toks[j + 1].text == ".":
            j += 2
        article = i > 0 and toks[i - 1].norm in _ARTICLES  # "la C.D.E.": an acronym
        # Two initials at least, and an age that is one ("A.J., 12 ans, victime", "T.N. aged
        # eleven was withdrawn"; not "P.N.H., 12 ans de partenariat"); a bare number only with
        # a child word in the sentence or the sentence going on after it.
        bare = (
            _sentence_has_child(toks, items, i)
            or _bare_age_goes_on(toks, items, j - 1)
            or (j - i >= 4 and _initials_of_a_family(toks, i))  # "visited fam of K.O. (13)"
        )
        aged = (
            _aged(toks, items, j - 1, bare=bare)
            or _age_goes_on(toks, items, j - 1)
            or _bare_age_harmed(toks, j)
        )
        if j - i >= 4 and not article and aged:
            found.append(Finding(CHILD, toks[i].start, toks[j - 1].end))
        i = max(j, i + 1)
    return found


def _initials_of_a_family(toks: list[_Tok], i: int) -> bool:
    """Initials at i whose family or parent a visit was to: "visited fam of K.O. (13)", "la
    famille de J.M.", "mother of A.K." (the bare age after them is a child's)."""
    if i < 2 or toks[i - 1].norm not in _FAMILY_OF:
        return False
    before = toks[i - 2]
    return (
        before.norm in {"fam", "hh", "household"}
        or _in(before, words.FAMILY)
        or (_in(before, words.PARENTS))
    )


_FAMILY_OF = frozenset({"of", "de", "du", "ya", "wa", "da", "do", "del", "an'i", "ny"})


def _bare_age_harmed(toks: list[_Tok], k: int) -> bool:
    """A bare age under 18 at k, a sex letter maybe, then what befell the child: "J.M. 14
    arrested", "J.M. 14 M arrested", "A.K. 12 F pregnant" (not "P.N.H. 12 sessions")."""
    if k >= len(toks) or toks[k].kind != _NUM or not 1 <= _value(toks[k].text) <= 17:
        return False
    n = k + 1
    if n < len(toks) and toks[n].text in ("M", "F", "m", "f"):
        n += 1
    return _harm_after(toks, n)


def _age_goes_on(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A child's age after `last` and then the sentence's verb: "T.N. aged eleven was
    withdrawn", "A.M.C. de once años fue atendida" (not "12 ans de partenariat", "12 years
    after the war")."""
    j = last + 1
    while j < len(toks) and j <= last + 3 and items[j] is None:
        if not (toks[j].kind == _PUNCT or _in(toks[j], words.GLUE_AFTER)):
            return False
        j += 1
    age = items[j] if j < len(toks) else None
    if age is None or age.what != _CHILDCUE or not age.age or age.last + 1 >= len(toks):
        return False
    nxt = toks[age.last + 1]
    return (
        nxt.kind == _WORD
        and items[age.last + 1] is None
        and nxt.norm not in _OF
        and not _in(nxt, words.DURATION)
        and not _in(nxt, words.NOT_AN_AGE_AFTER)
    )


# Between an institution's word and its name: "shule ya msingi Mwembe", "école primaire
# publique Sainte-Marie", "escuela de Benito Juárez".
_INSTITUTION_LINKS = frozenset(
    {"ya", "la", "de", "du", "des", "da", "do", "del", "of", "the", "ny", "l", "d"}
    | {"msingi", "sekondari", "primary", "secondary", "high", "primaire", "secondaire"}
    | {"primaria", "secundaria", "basica", "publique", "publica", "nationale"}
    | {"national", "nacional", "communale", "mixte", "catholique", "catolica", "islamique"}
    | {"katolika", "ambaratonga", "fanabeazana", "fototra", "ifotony"}
)


def _after_institution(toks: list[_Tok], first: int) -> bool:
    """The name is an institution's: "école Sainte Marie", "shule ya msingi Mwembe"."""
    j = first - 1
    while j >= 0 and j >= first - 4:
        if _in(toks[j], words.INSTITUTION):
            return not _school_as_time(toks, j)
        if toks[j].norm not in _INSTITUTION_LINKS:
            return False
        j -= 1
    return False


def _school_as_time(toks: list[_Tok], j: int) -> bool:
    """A school after a time word is a time of day ("After school Kevin, 12", "Après l'école
    Marie, 9 ans", "Después de la escuela Ana"), not the owner of the name after it."""
    if not _in(toks[j], words.SCHOOLS):
        return False
    k = j - 1
    while k >= 0 and k >= j - 3 and toks[k].norm in _INSTITUTION_LINKS:
        k -= 1
    while k >= 0 and k >= j - 4 and _school_name_word(toks[k]) and not _in(toks[k], _KNOWN):
        k -= 1  # "After Uhuru school Kevin, 12": the school's own name before it
    return k >= 0 and _in(toks[k], words.TIME_BEFORE) and not _school_named_first(toks, j)


def _school_named_first(toks: list[_Tok], j: int) -> bool:
    """The name after a school then a comma and another person is the school's: "Après l'école
    Lamartine, Marie, 9 ans", "Après l'école Lamartine, la fille de 9 ans" (not "After school
    Kevin, 12, was beaten", "After school Kevin, who is 12")."""
    n = j + 1
    while n < len(toks) and n < j + 4 and _school_name_word(toks[n]):
        n += 1
    if n == j + 1 or n >= len(toks) or toks[n].text != ",":
        return False
    return any(
        (_name_like(tok) and _capital(tok)) or _in(tok, words.CHILD)
        for tok in toks[n + 1 : n + 4]
        if tok.kind == _WORD
    )


def _listed_together(toks: list[_Tok], last: int, first: int) -> bool:
    """Only a comma or a conjunction between two names ("Awa, Fatou", "Awa et Fatou")."""
    between = toks[last + 1 : first]
    return 0 < len(between) <= 2 and all(
        (t.kind == _PUNCT and t.text in ",،") or t.norm in words.CONJUNCTION for t in between
    )


def _listed_with_ages(toks: list[_Tok], last: int, first: int) -> bool:
    """Two names with an age each, the first one's between them: "Kevin, 13, and Mercy, 11",
    "Kevin (13) y Mercy (11)" (the first was not found: its age, then "and", is no clause's
    end), "peter 11 (street), janet 9 (labour)"."""
    between = [t.text.casefold() if t.kind != _NUM else "N" for t in toks[last + 1 : first]]
    if not between or (between[-1] not in _CONJUNCTIONS and between[-1] != ","):
        return False
    between.pop()
    opening = _note_before(toks, first - 2)
    if between[-1:] == [")"] and opening is not None and opening == last + 2:
        between = ["N"]  # "peter 11 (street), janet 9": a note after the age
    number = next((t for t in toks[last + 1 : first] if t.kind == _NUM), None)
    if number is None or not 1 <= _value(number.text) <= 17:
        return False
    if between in ([",", "N", ","], [",", "N"], ["(", "N", ")"], ["(", "N", ")", ","], ["N"]):
        return True
    # "Grace 12 abused, Peter 4 neglected": the first child's entry says what befell her, the
    # next name has an age of the same shape (not "Grace 12 abused, Peter Otieno (officer)")
    return (
        len(between) == 2
        and between[0] == "N"
        and _harm_after(toks, last + 2)
        and _bare_age_follows(toks, first)
    )


def _bare_age_follows(toks: list[_Tok], first: int) -> bool:
    """An age under 18 right after the name at first, or after its second word."""
    for k in (first + 1, first + 2):
        if k < len(toks) and toks[k].kind == _NUM:
            return 1 <= _value(toks[k].text) <= 17 and toks[k - 1].end < toks[k].start
        if k >= len(toks) or not _name_like(toks[k]):
            return False
    return False


def _is_child_name(toks: list[_Tok], items: list[_Item | None], first: int, last: int) -> bool:
    if (
        _handed_in_by(toks, first)
        and not _sentence_has_child(toks, items, first)
        and not any(
            _said_of_her(toks[k])
            and toks[k].text[:1].islower()
            # not a name before its number ("Marie (5)", "marie joseph (13)": not "mariée")
            and not any(t.text == "(" for t in toks[k + 1 : k + 3])
            for k in range(first, toks[first].sentence.end)
        )
    ):
        return False  # "reports from Baraka (14) and Hope (3)": what each handed in
    if last in (
        _typed_name_after_child(toks, items, first),
        _typed_name_aged(toks, items, first),
        _typed_name_after_age(toks, items, first),
        _typed_name_after_aged_child(toks, items, first),
    ):
        return True  # "a menina ana clara dos santos, 9 anos", "ana clara dos santos, 9 anos"
    if first == last and _malagasy_named(toks, items, first):
        return True  # "nanatona ny birao i lova 13 taona"
    if first == last and _named_after_sibling(toks, first):
        return True  # "amina 12 & her bro ali 9"
    if _named_in_brackets(toks, items, first):
        return True  # "girl (neema, 12) referred to clinic"
    if first == last and _word_name_aged(toks, items, first):
        return True  # "mercy 11 still out of school"
    if first == last and _typed_pair_aged(toks, items, first):
        return True  # "kevin 13 and mercy 11 came to the session"
    if first == last and _typed_name_met(toks, items, first):
        return True  # "tulikutana na shukuru, 10," ("na" is also the Portuguese "in the")
    # A listed given name; not the Malagasy shape ("Ranomafana" is a town).
    strong = any(_in(toks[k], words.GIVEN_NAMES) for k in range(first, last + 1))
    uncased = not any(_capital(toks[k]) for k in range(first, last + 1))
    before = _left(toks, items, first)
    prev = toks[first - 1] if first > 0 else None
    if not strong:
        if (
            first == last
            and _sentence_start(toks, first)
            and before != _NAMED
            and not _aged(toks, items, last, bare=_sentence_has_child(toks, items, first))
            and not _bare_age_goes_on(toks, items, last)
            and not _own_age_after(toks, items, last)
            and not _class_goes_on(toks, last)
        ):
            # Any sentence's first word is capitalised: a name only with an age next to it
            # ("Kervenson, 12 ans", "Brayan tiene 14 años"; a bare "(12)" with a child word
            # in the sentence, or with the sentence going on after it, "Kevin, 13, was
            # beaten"; not "Formations (12), ateliers (5)", "Total, 12.").
            return False
        sibling = first > 0 and _in(toks[first - 1], words.SIBLINGS)  # "y su hermana Luz (9)"
        if _counted_in_a_list(toks, items, last) and not sibling:
            return False  # "Jacmel (12), Cap-Haïtien (8) et Léogâne (5) ont accueilli"
        k = first - 1
        while k > 0 and not _place(toks[k]) and _in(toks[k], words.GLUE_BEFORE):
            k -= 1  # "from Les Cayes", "à la Croix"
        parent = k > 0 and toks[k].norm in _OF and _in(toks[k - 1], words.PARENTS)
        if k >= 0 and _place(toks[k]) and not parent:
            return False  # (not "La mamá de Dayana (11)", "A avó de Kauã (7)": a relation)
        if (
            before == _CHILDCUE
            and not _capital(toks[first])
            and _DEMONYM.fullmatch(toks[first].norm)
        ):
            return False  # "un enfant haïtien", "una niña boliviana"
    street_child = (
        prev is not None and _in(prev, words.STREETS) and _child_before(toks, items, first - 1)
    )
    if (_after_institution(toks, first) and not street_child) or any(
        _in(toks[k], words.INSTITUTION) for k in range(first, min(last + 2, len(toks)))
    ):
        return False  # "école Sainte Marie", "Centre Jean XXIII", "Girls Education Programme"
    after = _right(toks, items, last)
    if (
        before in (_ROLE, _HONORIFIC)
        and after == _CHILDCUE
        and _parent_of_child(toks, items, first)
    ):
        return True  # "La hija de don Ramiro Choque, de 14 años": the father names the girl
    if before in (_ROLE, _HONORIFIC):
        return False
    common = all(_in(toks[k], words.COMMON_WORD_NAMES) for k in range(first, last + 1))
    if (
        uncased
        and common
        and before not in (_CHILDCUE, _NAMED)
        and not _age_set_off(toks, items, last)
        and not _own_age_after(toks, items, last)
        and not _age_then_harm(toks, items, last)
    ):
        return False  # "عمر الطفل 11 سنة": the child's age, not Omar ("كريم، 13 سنة،" is Karim)
    if uncased and common and before == _CHILDCUE and after != _CHILDCUE:
        return False  # "الطفلة آمنة الآن": the girl is safe now, not Amina
    if uncased and not strong and before != _NAMED and after != _CHILDCUE:
        # An Arabic word after "الطفلة" is a name only if an age or a child word follows it too
        # ("الطفلة سلمى، 12 سنة"); otherwise it is as likely a verb ("الطفلة تعرضت للعنف").
        return False
    if before == _CHILDCUE:
        # "Pupils in grade 5, Mary Wanjiru (teacher)": a role after the name is the adult's.
        return after != _ROLE
    if before == _NAMED:
        return (
            after == _CHILDCUE
            or _sentence_has_child(toks, items, first)
            or _age_field_beside(toks, items, first)
        )
    return after == _CHILDCUE


def _handed_in_by(toks: list[_Tok], first: int) -> bool:
    """The name at first is in a list of those who handed reports or forms in, with how many
    each: "reports from Baraka (14) and Hope (3)", "fiches de Marie (5), Jean (2)", "fomu
    kutoka kwa Juma (4)". Opening the note, "Fiches de Marie (5)" is read as one name with its
    particle: the work handed in is its first word."""
    if (
        first + 2 < len(toks)
        and toks[first + 1].norm in _HANDED_BY
        and _in(toks[first], words.WORK_HANDED_IN)
        and _capital(toks[first + 2])
    ):
        return True
    j = first - 1
    while (
        j >= 0
        and first - j <= 24
        and (
            toks[j].kind == _NUM
            or toks[j].text in "(),"
            or toks[j].norm in words.CONJUNCTION
            or (  # a name of one or two words before its number: "jean baptiste (13)"
                toks[j].kind == _WORD
                and toks[j].norm not in _HANDED_BY
                and any(t.text == "(" for t in toks[j + 1 : j + 3])
            )
        )
    ):
        j -= 1
    if j >= 1 and toks[j].norm == "kwa" and toks[j - 1].norm == "kutoka":
        j -= 1  # "fomu kutoka kwa"
    if j < 1 or toks[j].norm not in _HANDED_BY:
        return False
    if toks[j - 1].norm in _RECEIVED and j >= 2:
        j -= 1  # "fiches reçues de Marie (5)", "reports received from"
    return _in(toks[j - 1], words.WORK_HANDED_IN)


_HANDED_BY = frozenset({"from", "by", "de", "du", "kutoka", "na", "avy", "من", "por", "pelo"})
_RECEIVED = frozenset(
    set(map(norm, {"received", "submitted", "reçues", "reçus", "reçu", "reçue", "remises"}))
    | set(map(norm, {"remis"}))
    | set(map(norm, {"recibidas", "recibidos", "entregadas", "entregados", "recebidas"}))
    | set(map(norm, {"recebidos", "entregues", "zilizopokelewa", "zilizowasilishwa", "voaray"}))
)


def _age_field_beside(toks: list[_Tok], items: list[_Item | None], first: int) -> bool:
    """A child's age opening the line or sentence right after or right before the one naming
    her, as in a case form: "Name: Kevin\nAge: 13", "Prénom : Kervenson ; âge : 12 ans",
    "Age: 13\nName: Kevin" (not "Age: 35", "Age: 12 yrs experience", "Age group: 10-14")."""
    sentence = toks[first].sentence
    starts = []
    k = sentence.end + 1
    while k < len(toks) and toks[k].kind == _BREAK and k <= sentence.end + 3:
        k += 1  # a blank line between the fields
    starts.append(k)
    k = sentence.start - 2
    while k >= 0 and toks[k].kind == _BREAK and k >= sentence.start - 4:
        k -= 1
    if k >= 0:
        starts.append(toks[k].sentence.start)
    return any(
        k < len(toks)
        and (item := items[k]) is not None
        and item.first == k
        and item.what == _CHILDCUE
        and item.age
        for k in starts
    )


def _age_set_off(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A comma, then a child's age that ends there: "كريم، 13 سنة، تعرض للضرب"."""
    if last + 2 >= len(toks) or toks[last + 1].text not in ",،":
        return False
    age = items[last + 2]
    return (
        age is not None
        and age.what == _CHILDCUE
        and age.age
        and _closed(toks, items, age.last + 1)
    )


def _own_age_after(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """The name's own age right after it, said with "her age" or "aged": "أمينة عمرها ١٢ سنة",
    "سعيد عمره 10 سنين" (Amina, her age is twelve; not "عمر الطفل 11 سنة", the child's age)."""
    j = last + 1
    while j < len(toks) and j <= last + 2 and toks[j].norm in _AGED_LEADS:
        j += 1  # "أمينة البالغة من العمر ١٢ سنة"
    if j + 1 >= len(toks) or toks[j].norm not in _OWN_AGE:
        return False
    age = items[j] if toks[j].norm in words.AGE_BEFORE else items[j + 1]
    return age is not None and age.what == _CHILDCUE and age.age


def _age_then_harm(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A child's age right after the name, then what befell her: "شهد ١٣ سنة متزوجة" (Shahd,
    13, married), "أمل 12 سنة حامل" (a word, "honey", "hope", as a name; not "عمر الطفل 11
    سنة", "مدة ١٣ سنة")."""
    age = items[last + 1] if last + 1 < len(toks) else None
    return (
        age is not None
        and age.what == _CHILDCUE
        and age.age
        and age.first == last + 1
        and _harm_after(toks, age.last + 1)
    )


_OWN_AGE = frozenset({"عمرها", "عمره", "العمر", "عندها", "عنده", "عندو"})
_AGED_LEADS = frozenset({"البالغة", "البالغ", "من"})


def _parent_of_child(toks: list[_Tok], items: list[_Item | None], first: int) -> bool:
    """A child word, 'of' and a title or a role before the name: "la hija de don", "the son
    of Mr", "binti wa mzee", "la nièce du pasteur", "ابن الحاج" (Arabic needs no 'of'): the
    parent is named for the child."""
    j = first - 1
    while j >= 0 and items[j] is None and toks[j].kind == _PUNCT:
        j -= 1
    title = items[j] if j >= 0 else None
    if title is None or title.what not in (_ROLE, _HONORIFIC):
        return False
    j = title.first - 1
    if j >= 0 and toks[j].norm in _ARABIC_KIN:
        return True  # "ابن الحاج منصور، 10 سنين"
    if j < 1 or toks[j].norm not in _OF | {"wa", "du"}:
        return False
    kin = items[j - 1]
    return kin is not None and kin.what == _CHILDCUE and not kin.age


_ARABIC_KIN = frozenset({"ابن", "ابنة", "بنت", "وابن", "وابنة", "وبنت"})


def _aged(toks: list[_Tok], items: list[_Item | None], last: int, *, bare: bool = True) -> bool:
    """An age describes the name ending at `last`: "Kervenson, 12 ans,", "Ketsia est une
    victime de 12 ans.", "Kassim ni mtoto wa miaka 10.", "رغد، 12 سنة،"; an age that runs on
    into a word is a length of time ("Goma, 13 ans de conflit", "P.N.H., 12 ans de
    partenariat"), not a person's. With `bare`, a bare number in apposition too ("(12)")."""
    j = last + 1
    child = False  # a child word passed: "el niño de 8,", "a boy of 8,"
    while j < len(toks) and j <= last + 6:
        tok, item = toks[j], items[j]
        if tok.kind == _BREAK:
            return False
        if item is not None:
            if item.what == _CHILDCUE and not item.age:
                child = not _in(toks[item.first], words.PLURAL_CHILD)  # one child's
                j = item.last + 1  # "une victime de 12 ans"
                continue
            return item.what == _CHILDCUE and _closed(toks, items, item.last + 1)
        if tok.kind == _NUM:
            if child and toks[j - 1].norm in _OF and _child_of(toks, items, j):
                return True  # "Pedrito, el niño de 8, no va a la escuela"
            return bare and _bare_age(toks, j)
        if not (tok.kind == _PUNCT or _in(tok, words.GLUE_AFTER) or tok.norm in words.ROLE_TAIL):
            return False
        j += 1
    return False


def _child_of(toks: list[_Tok], items: list[_Item | None], k: int) -> bool:
    """The number at `k`, after a child word and "of", is the child's age when it is one and
    ends there: "el niño de 8,", "a boy of 8." (not "a group of 8 pupils", "de 2019")."""
    digits = toks[k].text
    return digits.isdigit() and 0 < int(digits) < 18 and _closed(toks, items, k + 1)


def _bare_age_goes_on(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A bare age in apposition after the word at `last`, and the sentence goes on with a verb:
    "Kevin, 13, was beaten", "Bongani (12) was arrested", "Juan, de 12, trabaja", "M.K., 14,
    was trafficked". Not a plural word ("Formations (12) réalisées") nor a number listed with
    others ("Jacmel (12), Cap-Haïtien (8)", "Total, 12.")."""
    word = toks[last]
    if word.kind == _WORD and word.norm[-1:] in ("s", "x") and not _is_listed(word):
        return False  # "Kits (12) distributed", "Travaux (3) en cours": counted things
    if word.kind == _WORD and _place_shaped(word):
        return False  # "Saint-Marc (12) a accueilli la formation", "Port-de-Paix (8) a reçu"
    j = last + 1
    if j < len(toks) and toks[j].text in ",(":
        j += 1
    if j < len(toks) and toks[j].norm in _OF_AGE and toks[j - 1].text == ",":
        j += 1  # "Juan, de 12,"
    if j + 2 >= len(toks) or toks[j].kind != _NUM or not _bare_age(toks, j, listed=True):
        return False
    if toks[j + 1].text not in ",)":
        return False  # "Total, 12." ends there
    nxt = toks[j + 2]
    if nxt.norm in words.CONJUNCTION and _sibling_aged(toks, j + 3):
        return True  # "Maricielo (13) y su hermanita (9)"
    if nxt.norm in words.CONJUNCTION and _own_sibling(toks, j + 3):
        return True  # "Kevin, 13, and his sister were beaten", "Juma, 12, na dada yake"
    then = toks[j + 3].norm if j + 3 < len(toks) else ""
    if _place_verb_at(toks, j + 2):
        return False  # "Kakuma (12) received kits", "Jacmel (12) a accueilli la formation"
    if toks[j + 1].text == ")" and _came_from_a_place(toks, last, j + 2):
        return False  # "Kibera (12) attended the training", "Viacha (9) participó"
    if nxt.norm in _COPULAS and then in _DETERMINERS:
        # "Kenscoff, 12, was the largest group": what it was says who it is, and a child word
        # there ("Kevin, 13, is a street child") is a child cue of its own.
        return False
    return (
        nxt.kind == _WORD
        and nxt.text[:1].islower()
        and items[j + 2] is None
        and nxt.norm not in words.CONJUNCTION
        and not _counts_in_parentheses(toks, j)
        and not _numbers_listed(toks, j)
    )


_OF_AGE = frozenset({"de", "da", "do", "of"})
_AUXILIARIES = frozenset({"has", "have", "had", "a", "ont", "ha", "han", "tem", "teve", "ime"})


def _place_verb_at(toks: list[_Tok], k: int) -> bool:
    """A verb whose subject is a place, maybe after an auxiliary: "received", "a accueilli"."""
    if k < len(toks) and toks[k].norm in _AUXILIARIES:
        k += 1
    return k < len(toks) and _in(toks[k], words.PLACE_VERBS)


def _came_from_a_place(toks: list[_Tok], word: int, k: int) -> bool:
    """People taking part after a word no list knows as a given name, with a count in
    brackets: "Kibera (12) attended", "Jacmel (12) a participé" ("Bongani (12) was arrested",
    "Kevin, 13, attended" and "T.N. (12) attended" are still a child's age)."""
    if toks[word].kind != _WORD or _is_listed(toks[word]) or _initial(toks[word]):
        return False
    if k < len(toks) and toks[k].norm in _AUXILIARIES:
        k += 1
    if k < len(toks) and _in(toks[k], words.PARTICIPATION_VERBS):
        return True
    return k + 1 < len(toks) and toks[k].norm == "took" and toks[k + 1].norm == "part"


_SAINTS = frozenset({"saint", "sainte", "san", "santa", "sao", "st", "ste", "santo"})


def _place_shaped(word: _Tok) -> bool:
    """A town's shape: a saint's name ('Saint-Marc', 'San-Pedro') or a lower-case part
    ('Port-de-Paix', 'Port-au-Prince'); hyphenated given names are capitalised ('Jean-Marc')."""
    parts = word.text.split("-")
    return len(parts) > 1 and (
        norm(parts[0]) in _SAINTS or any(part[:1].islower() for part in parts[1:])
    )


def _sibling_aged(toks: list[_Tok], j: int) -> bool:
    """A brother or sister with a bare age in brackets within three words from toks[j]: "y su
    hermanita (9)", "e a irmã (7)", "and her brother (6)"."""
    for k in range(j, min(j + 3, len(toks) - 3)):
        if _in(toks[k], words.SIBLINGS):
            # her name may come first: "e a irmã Ana Clara (5)", "y su hermana Luz (9)"
            b = k + 1
            while b < min(k + 4, len(toks) - 2) and _name_like(toks[b]):
                b += 1
            return toks[b].text == "(" and toks[b + 1].kind == _NUM and _bare_age(toks, b + 1)
        if toks[k].kind != _WORD:
            return False
    return False


def _own_sibling(toks: list[_Tok], j: int) -> bool:
    """Their own brother or sister within three words from toks[j]: "his sister", "sa petite
    sœur", "dada yake"."""
    for k in range(j, min(j + 3, len(toks))):
        if _in(toks[k], words.SIBLINGS):
            return any(_in(t, words.POSSESSIVES) for t in toks[j : min(k + 2, len(toks))])
        if toks[k].kind != _WORD:
            return False
    return False


_COPULAS = frozenset(
    {"is", "was", "est", "etait", "es", "era", "e", "foi", "ni", "alikuwa", "dia"}
)
_DETERMINERS = _ARTICLES | frozenset({"an", "un", "une", "uno", "una", "um", "uma", "ilay", "ny"})


def _counted_in_a_list(toks: list[_Tok], items: list[_Item | None], last: int) -> bool:
    """A bare number in brackets after the name, listed with other numbers, and no child word
    in the sentence: "Jacmel (12), Cap-Haïtien (8), Jérémie (6) : kits distribués", "El Alto
    (14), Viacha (9) y Achocalla (5)" count something in places. (Given names listed that way,
    "Awa (12), Fatou (9)", are children's: a listed given name does not come here.)"""
    j = last + 2
    if j < len(toks) and toks[last + 1].text == "," and toks[j].kind == _NUM:
        # "Kibera, 12, and Mathare, 8": places counted between commas, the list ending the
        # sentence ("Bongani, 12, and Sipho, 9, were arrested" goes on about children)
        sentence = toks[j].sentence
        at = bisect_left(sentence.set_off, j)  # (sorted: 'in' would walk a long list)
        return (
            at < len(sentence.set_off)
            and sentence.set_off[at] == j
            and len(sentence.set_off) > 1
            and sentence.ends_listing
            and not _sentence_has_child(toks, items, last)
        )
    return (
        j + 1 < len(toks)
        and toks[last + 1].text == "("
        and toks[j].kind == _NUM
        and toks[j + 1].text == ")"
        and _numbers_listed(toks, j)
        and not _sentence_has_child(toks, items, last)
        and not (
            j + 2 < len(toks)
            and toks[j + 2].norm in words.CONJUNCTION
            and _sibling_aged(toks, j + 3)
        )
    )


def _numbers_listed(toks: list[_Tok], j: int) -> bool:
    """Another number in the sentence in brackets or between commas: a list of counts."""
    listed = toks[j].sentence.listed  # distinct: two of them, or one that is not j
    return len(listed) > 1 or (len(listed) == 1 and listed[0] != j)


def _child_before(toks: list[_Tok], items: list[_Item | None], at: int) -> bool:
    """A child word just before toks[at] (over "de la", "of the"): "niño de la calle"."""
    j = at - 1
    while j >= 0 and j >= at - 4:
        item = items[j]
        if item is not None:
            return item.what == _CHILDCUE and not item.age
        if toks[j].norm not in words.CHILD_LINKS:
            return False
        j -= 1
    return False


def _closed(toks: list[_Tok], items: list[_Item | None], after: int) -> bool:
    """What follows an age ends it: punctuation, the end, "and" a clause, or a child word ("12
    ans, victime", "tiene 6 años y no va a la escuela", "12 ans victime de viol")."""
    if after >= len(toks) or toks[after].kind in (_PUNCT, _BREAK):
        return True
    if toks[after].norm in words.CONJUNCTION and _clause_ends(toks, after):
        return True
    if _said_of_her(toks[after]):
        return True  # "Koffi 12 ans travaille au marché", "Koffi 12 ans battu"
    if _her_verb_phrase(toks, after):
        return True  # "Rosita 11 anos no va a la escuela", "ta trabalhando na feira"
    item = items[after]
    return item is not None and item.what == _CHILDCUE


def _her_verb_phrase(toks: list[_Tok], k: int) -> bool:
    """A child's going (or not) to school, or what she is doing, in two words at k: "no va",
    "não vai", "ne va", "no asiste", "ta trabalhando", "está vendiendo" (a negation and a verb
    of one person, or "is" and a gerund; not "12 años no", "10 anos de projeto")."""
    if k + 1 >= len(toks) or toks[k + 1].kind != _WORD:
        return False
    first, second = toks[k].norm, toks[k + 1].norm
    if first in _NOT:
        return second in _GOES_OR_STUDIES
    return (
        first in _IS_DOING and second.endswith(("ndo", "ando", "endo", "indo")) and len(second) > 5
    )


_NOT = frozenset({"no", "nao", "ne", "n"})
# goes, attends, studies (one person): "no va a la escuela", "nao vai a escola", "ne va plus"
_GOES_OR_STUDIES = frozenset(
    {"va", "vai", "asiste", "estudia", "estuda", "frequenta", "assiste", "vont", "vao"}
)
_IS_DOING = frozenset({"ta", "esta", "sigue", "anda", "fica", "vive"})


def _left(toks: list[_Tok], items: list[_Item | None], first: int) -> int | None:
    """What describes the name from the left: a child word or age, a role, an honorific."""
    j, seen, linked = first - 1, 0, False
    role_reach = 5
    child_reach = 3
    while j >= 0 and seen < role_reach:
        tok, item = toks[j], items[j]
        if tok.kind == _BREAK:
            colon = _heading_above(toks, items, j) if tok.text == "\n" else None
            if colon is None:
                return None
            j = colon  # "Élèves absents :\nKadiatou Bah\nMamadou Sow": the names' heading
            continue
        if item is not None:
            if item.what in (_ROLE, _HONORIFIC):
                return item.what
            if item.what in (_CHILDCUE, _NAMED) and seen < child_reach:
                # A role a little further left still wins: "le juge des enfants Paul".
                role = _left_role(toks, items, item.first)
                if role is not None:
                    return role
                # "the children of Cité Soleil", "watoto wa Dodoma": of a place, not named
                return None if linked else item.what
            if item.what == _NAMED:
                return _NAMED
            j, seen = item.first - 1, seen + 1
            continue
        if _place(tok):
            return None  # "12 ans à Jacmel"
        if tok.text == "," and _child_of_class_before(toks, items, j):
            return _CHILDCUE  # "Aluna da 5ª série, Maria da Conceição Silva"
        listed = _children_listed_after(toks, items, j) if tok.text == ":" else None
        if listed is not None:
            return _CHILDCUE if listed else None
        # (a dot that is punctuation, not a break, ends an abbreviation: "M. Wilner Jean")
        glue = (tok.kind == _PUNCT and tok.text in ',:(«"“-–—.') or _in(tok, words.GLUE_BEFORE)
        if not (glue or tok.norm in words.ROLE_TAIL):
            return None
        linked = linked or not glue
        j, seen = j - 1, seen + 1
    return None


def _heading_above(toks: list[_Tok], items: list[_Item | None], newline: int) -> int | None:
    """The colon ending a heading a few lines above, with only names between: "Élèves absents
    :\nKadiatou Bah\nMamadou Sow" (a list typed one name a line on a phone)."""
    k = newline - 1
    while k >= 0 and newline - k <= 40:
        tok = toks[k]
        if tok.text == ":":
            return k
        if not (
            tok.text in ",،\n"
            or (items[k] is None and _name_like(tok))
            or tok.norm in words.NAME_PARTICLES
        ):
            return None
        k -= 1
    return None


def _child_of_class_before(toks: list[_Tok], items: list[_Item | None], comma: int) -> bool:
    """A child word and the child's school class just before a comma: "Aluna da 5ª série,",
    "Mwanafunzi wa darasa la tano,", "L'élève de CM2,": the given name after it is the pupil's
    (not "Pupils in grade 5, Kisumu County")."""
    if comma + 1 >= len(toks) or not _in(toks[comma + 1], words.GIVEN_NAMES):
        return False
    for s in range(comma - 2, max(comma - 6, -1), -1):
        item = items[s]
        if item is None or item.what != _CHILDCUE or item.age:
            continue
        x = s + 1
        while x < comma and toks[x].norm in _CLASS_LINKS:
            x += 1
        return x < comma and _school_class(toks, x) == comma
    return False


_CLASS_LINKS = frozenset({"da", "do", "de", "du", "del", "en", "in", "of", "wa", "ya", "em", "au"})


def _children_listed_after(toks: list[_Tok], items: list[_Item | None], colon: int) -> bool | None:
    """A heading of children before a colon: "Pupils identified: Grace Achieng, Brian Otieno",
    "Élèves absents : Kadiatou Bah", "Watoto wawili: Amani na Zawadi", "dos hermanitos: Luis y
    Carla": the names listed after it are theirs. The child word ends the heading or comes one
    word before its end (not "Students trained by:", "Formation des enfants, thème :"), and the
    names are not counted or given a role ("Enfants touchés : Kibera 120", "Formation des
    enfants : Jean Dupont, facilitateur"). None: no such heading."""
    head = colon - 1
    while head > 0 and toks[head].norm in _HEADING_WHEN:
        head -= 1  # "Pupils absent today:"
    if head >= 1 and toks[head].kind == _WORD and not _in(toks[head], words.CHILD):
        if _in(toks[head], words.STOP) or _in(toks[head], words.PLACE_PREPOSITION):
            return None
        head -= 1
    if head < 0 or toks[head].kind != _WORD or not _child_word(toks, head, counted=True):
        opened = _heading_opened_by_children(toks, colon)
        if opened is None:
            return None
        head = opened
    if _owned_by_children(toks, head):
        return False  # "Parents des élèves absents : Marie Joseph, Pierre Louis"
    k, entry_start, given, entries = colon + 1, True, False, 0
    while k < len(toks) and (
        (items[k] is None and _name_like(toks[k]))
        or toks[k].text in ",،\n"
        or toks[k].text.casefold() in _CONJUNCTIONS
        or toks[k].norm in words.NAME_PARTICLES
    ):
        if toks[k].kind == _WORD and _name_like(toks[k]):
            # "Enfants accompagnés : Delmas, Pétion-Ville": places, unless a given name opens
            # one of the entries ("Kadiatou Bah, Mamadou Sow"; not "San José").
            given = given or (entry_start and _in(toks[k], words.GIVEN_NAMES))
            entries += entry_start
            entry_start = False
        else:
            entry_start = True
        k += 1
    if _a_topic(toks, items, head, colon, k) and entries == 1:
        return False  # "Niños: María López dirigió el taller": a sentence under a topic
    # Names on the lines under a heading, or after a long heading, are a list only if nothing
    # but an age follows them: "Children reached:\nGrace Achieng led the session", "Children in
    # the club this term: Grace Achieng led the session" are sentences.
    on_lines = colon + 1 < len(toks) and toks[colon + 1].text == "\n"
    long_heading = head < colon - 2
    if (on_lines or long_heading) and k < len(toks) and toks[k].kind == _WORD and not items[k]:
        return False
    if k + 1 < len(toks) and toks[k].text == "(":
        k += 1  # "Kibera (120)"
    item = items[k] if k < len(toks) else None
    if item is not None and item.what in (_ROLE, _HONORIFIC):
        return False
    counted = item is None and k < len(toks) and toks[k].kind == _NUM
    if counted and not (_bare_age(toks, k) or _ages_listed(toks, items, k)):
        return False  # counted: places, not children
    return True if given else None


# When, closing a heading: "Pupils absent today:", "Élèves absents aujourd'hui :".
_HEADING_WHEN = frozenset(
    map(norm, {"today", "yesterday", "aujourd'hui", "hier", "hoy", "ayer", "hoje", "ontem"})
) | frozenset(map(norm, {"leo", "jana", "androany", "omaly", "اليوم", "امس"}))


def _heading_opened_by_children(toks: list[_Tok], colon: int) -> int | None:
    """A heading line that opens with a child word and says which children in a few more words:
    "Niñas retiradas de la escuela:", "Pupils withdrawn for marriage:", "Wanafunzi walioacha
    shule:" (not "Students trained by:", "Children and parents met:"). The child word's index."""
    last = colon - 1
    while last > 0 and toks[last].norm in _HEADING_WHEN:
        last -= 1  # "Pupils absent today:", "Wanafunzi hawakuja leo:"
    if last < 0 or _in(toks[last], words.STOP) or _in(toks[last], words.PLACE_PREPOSITION):
        return None
    k = last
    while k >= 0 and colon - k <= 6 and toks[k].kind == _WORD:
        adults = k > 0 and toks[k - 1].norm in words.CONJUNCTION  # "Children and parents met:"
        if _in(toks[k], words.ROLE) or _in(toks[k], words.ADULT_GROUPS):
            return None  # "Girls club mentors:", "Children's rights trainers:"
        if adults and _in(toks[k], words.OWNERS_OF_CHILDREN):
            return None
        k -= 1
    first = k + 1
    if first < colon and toks[first].norm in _ARTICLES:
        first += 1
    line_start = k < 0 or toks[k].kind == _BREAK
    if not line_start or first >= colon or not _child_word(toks, first, counted=True):
        return None
    return first


def _a_topic(toks: list[_Tok], items: list[_Item | None], head: int, colon: int, k: int) -> bool:
    """A plural child word alone before the colon, then a name and a verb: "Élèves : Jean
    Dupont a animé la séance", "Watoto: Juma Hassan alifungua mkutano" say what the sentence
    is about; a heading of whom ("Élèves absents : Kadiatou Bah", "Children identified: ...")
    qualifies the children."""
    nxt = toks[k] if k < len(toks) else None
    return (
        head == colon - 1
        and (_in(toks[head], words.PLURAL_CHILD) or toks[head].norm in _UNMARKED_PLURALS)
        and nxt is not None
        and nxt.kind == _WORD
        and nxt.text[:1].islower()
        and items[k] is None
    )


_UNMARKED_PLURALS = frozenset({"ankizy", "mpianatra", "zaza"})  # Malagasy: one form for both
_OWNER_LINKS = frozenset({"of", "de", "des", "du", "d", "do", "dos", "da", "das", "del", "wa"})


def _owned_by_children(toks: list[_Tok], head: int) -> bool:
    """ "Parents des élèves", "Mothers of the girls", "Wazazi wa watoto": a heading of what
    belongs to the children, not of the children."""
    j = head - 1
    while j >= 0 and toks[j].norm in _ARTICLES:
        j -= 1
    return (
        j >= 1
        and toks[j].norm in _OWNER_LINKS
        and (_in(toks[j - 1], words.OWNERS_OF_CHILDREN) or _in(toks[j - 1], words.ROLE))
    )


def _left_role(toks: list[_Tok], items: list[_Item | None], first: int) -> int | None:
    j = first - 1
    for _ in range(4):
        if j < 0 or toks[j].kind == _BREAK:
            return None
        item = items[j]
        if item is not None and item.what in (_ROLE, _HONORIFIC):
            return item.what
        if item is None and toks[j].norm not in words.ROLE_TAIL and toks[j].kind != _PUNCT:
            return None
        j = (item.first if item is not None else j) - 1
    return None


def _right(toks: list[_Tok], items: list[_Item | None], last: int) -> int | None:
    """What describes the name from the right: ', 12 ans', ' (age 9)', ', victime', ', juge'."""
    j, seen, after_and = last + 1, 0, False
    while j < len(toks) and seen < 6:
        tok, item = toks[j], items[j]
        if tok.kind == _BREAK:
            return None
        if not after_and and _sexed_age(toks, j):
            return _CHILDCUE  # "esther wambui f 14", "Juma Hamisi (M, 12)"
        if item is not None:
            if after_and:
                return None
            if item.what == _ADULT_AGE:
                j, seen = item.last + 1, seen + 1
                continue
            if item.what == _NAMED:
                return None
            return item.what
        if tok.kind == _NUM and (_bare_age(toks, j, listed=True) or _ages_listed(toks, items, j)):
            if j + 2 < len(toks) and toks[j + 1].text == ")" and _role_at(items, j + 2):
                return _ROLE  # "Brian (12) chauffeur": a driver's field, not his age
            return _CHILDCUE
        if tok.kind == _NUM and _last_in_brackets(toks, j) and _is_listed(toks[last]):
            return _CHILDCUE  # "Two girls (Esther, 13, and Ruth, 15)"
        if tok.kind == _NUM and _age_typed_after(toks, last, j):
            return _CHILDCUE  # "Kevin 13 and Mercy 11 still sleeping", "Mercy, 11 were"
        if (
            not after_and
            and (_class_described(toks, j) or (j == last + 1 and _class_after(toks, last)))
            and not _adults_named_before(toks, last)
        ):
            return _CHILDCUE
        if _in(tok, words.POSSESSIVES) and _role_at(items, j + 1):
            return _ROLE  # "Mary Wanjiru, their teacher": the adult's role
        if tok.text.casefold() in _CONJUNCTIONS:
            after_and = True  # "Marie et les enfants": only another name may follow
        elif _name_like(tok):
            after_and = False  # "Marie et Jean, élèves de CM2"
        elif (after_and and tok.kind != _PUNCT) or not (
            tok.kind == _PUNCT or _in(tok, words.GLUE_AFTER) or tok.norm in words.ROLE_TAIL
        ):
            return None
        j, seen = j + 1, seen + 1
    return None


def _sexed_age(toks: list[_Tok], j: int) -> bool:
    """A sex marker, then a bare number under 18 ending the clause, as a register lists a child:
    "esther wambui f 14", "Juma Hamisi M/12", "ana silva fem 10", "zuhura (f, 13)" (not "Block
    F 12 rooms", "F 35": an adult)."""
    if j >= len(toks):
        return False
    tok = toks[j]
    if tok.kind != _WORD or tok.norm not in _SEX_MARKERS:
        return False
    k = j + 1
    if k < len(toks) and toks[k].text in ",/-:":
        k += 1
    if k >= len(toks) or toks[k].kind != _NUM or not 1 <= _value(toks[k].text) <= 17:
        return False
    if _tally_after(toks, k):
        return False  # "Peter M 3 done": Peter M. did three
    if _sex_counted(toks, k + 1) or (j >= 2 and _sex_counted(toks, j - 2)):
        return False  # "Grace Primary F 14 M 11": a count of each sex, not one child's sex
    after = k + 1
    if after < len(toks) and _in(toks[after], words.AGE_UNIT):
        after += 1  # "f 14 yrs"
        if _career(toks, after):
            return False  # "Mary Wanjiru F 12 yrs experience": an adult's years at work
    if after >= len(toks) or toks[after].kind != _WORD:
        return _function_word_after(toks, after)
    if toks[after].norm in _MEASURE_UNITS:
        return False  # "Kevin Otieno M 12 km from the school", "M 12 pm"
    # (not "f 14 participants": a count; "M/12 dropped out", "f 14 was beaten": hers)
    return not toks[after].norm.endswith(("s", "x")) or toks[after].norm in _LITTLE_WORDS


def _sex_counted(toks: list[_Tok], j: int) -> bool:
    """A sex marker and a number at j, after a comma or a slash: the "M 11" of "F 14 M 11",
    "F 14, M 11", "G 12 / F 14" (a count of each sex: one child has one)."""
    if j < len(toks) and toks[j].text in ",;/-":
        j += 1
    if j + 1 >= len(toks) or toks[j].kind != _WORD or toks[j].norm not in _SEX_MARKERS:
        return False
    k = j + 2 if toks[j + 1].text in ",/-:=" else j + 1
    return k < len(toks) and toks[k].kind == _NUM


# A unit after a number, not a person's years: "M 12 km", "M 12 pm".
_MEASURE_UNITS = frozenset({"km", "kms", "m", "cm", "kg", "g", "l", "h", "hr", "min", "am", "pm"})
# "f"/"m" (female, male), the French "g" (garçon), in the seven languages' notes.
_SEX_MARKERS = frozenset(
    {"f", "m", "g", "female", "male", "fem", "masc", "feminin", "masculin", "femenino"}
    | {"masculino", "feminino", "kike", "kiume", "vavy", "lahy", "sex", "sexe", "sexo"}
)


def _adults_named_before(toks: list[_Tok], last: int) -> bool:
    """A role, and no child word, earlier in the sentence: the classes after the names are the
    ones they teach ("Teachers trained: Mary Wanjiru (class 7), John Otieno (class 8)",
    "Enseignants formés : Marie Joseph (CM2)")."""
    sentence = toks[last].sentence
    if sentence.first_role is None:
        span = range(sentence.start, min(sentence.end, len(toks)))
        sentence.first_child_word = next(
            (j for j in span if _in(toks[j], words.CHILD) or _in(toks[j], words.PLURAL_CHILD)),
            len(toks),
        )
        sentence.first_role = next((j for j in span if _in(toks[j], words.ROLE)), len(toks))
    assert sentence.first_child_word is not None
    return sentence.first_child_word >= last > sentence.first_role


def _role_at(items: list[_Item | None], j: int) -> bool:
    item = items[j] if j < len(items) else None
    return item is not None and item.what == _ROLE


def _school_class(toks: list[_Tok], j: int) -> int | None:
    """A school class at toks[j] ("class 7", "darasa la saba", "P5", "CM2", "3e B", "5ª
    série", "4th grade"): the index after it, or None."""
    tok = toks[j]
    after: int | None = None
    if _in(tok, words.SCHOOL_CLASS):
        k = j + 1
        if k < len(toks) and toks[k].norm in ("la", "de", "of", "ya", "faha"):
            k += 1
        number = _number_at(toks, k) if k < len(toks) else None
        after = number[1] if number is not None else _class_code(toks, k)
        if after is None and k < len(toks) and toks[k].norm in words.ARABIC_ORDINALS:
            after = k + 1  # "الصف الرابع"
    elif tok.kind == _WORD and tok.norm in words.SCHOOL_CLASS_CODES:
        after = _class_code(toks, j)
    elif tok.kind == _NUM and j + 1 < len(toks):
        suffix = toks[j + 1]
        if suffix.norm in words.ORDINAL_SUFFIXES and suffix.start == tok.end:
            after = j + 2
            if after < len(toks) and _in(toks[after], words.SCHOOL_CLASS):
                after += 1
    section = after is not None and after < len(toks) and len(toks[after].text) == 1
    if after is not None and section and toks[after].text.isupper():
        after += 1  # the section: "3e B"
    return after


def _class_code(toks: list[_Tok], j: int) -> int | None:
    """A class written as a code and its number, no space ("CM2", "P5", "CE2"): the index
    after it."""
    if j + 1 >= len(toks) or toks[j].kind != _WORD or toks[j].norm not in words.SCHOOL_CLASS_CODES:
        return None
    nxt = toks[j + 1]
    return j + 2 if nxt.kind == _NUM and nxt.start == toks[j].end else None


def _class_after(toks: list[_Tok], k: int) -> bool:
    """ "in" or "of" and a school class right after the name at k: "التلميذ عمر في الصف الرابع",
    "Kelvin in class 7", "mwanafunzi zawadi wa darasa la tano"."""
    return (
        k + 2 < len(toks)
        and (toks[k + 1].norm in ("في", "katika") or toks[k + 1].norm in _CLASS_LINKS)
        and _school_class(toks, k + 2) is not None
    )


def _class_described(toks: list[_Tok], j: int) -> bool:
    """A school class in apposition at toks[j] (a bracket or a comma): "(class 7)", ", P5,"."""
    if toks[j].text not in "(,،":
        return False
    k = j + 1
    while k < len(toks) and toks[k].kind == _WORD and toks[k].norm in _CLASS_ARTICLES:
        k += 1  # "(a class 7 pupil)", ", en classe de CE2,", ", da 6ª classe,"
    after = _school_class(toks, k) if k < len(toks) else None
    if after is None:
        return False
    closing = toks[after].text if after < len(toks) else "."
    if closing in ",،":  # "(CM1, CM2)": several classes are a group's
        return not (after + 1 < len(toks) and _school_class(toks, after + 1) is not None)
    return closing in ")." or toks[after].kind == _BREAK or _in(toks[after], words.CHILD)


_CLASS_ARTICLES = frozenset({"a", "an", "in", "en", "da", "do", "na", "no", "katika"})


def _ages_listed(toks: list[_Tok], items: list[_Item | None], j: int) -> bool:
    """ "Ketsia et Wideline, 12 et 10 ans", "Kevin and Brian, 12 and 13,": one age each, listed
    as the names were (no "between": not a range), also after "de", "aged" ("Luis y Carla
    Gómez, de 5 y 8 años")."""
    if not 1 <= _value(toks[j].text) <= 17 or j == 0:
        return False
    if toks[j - 1].text not in ",(" and not _in(toks[j - 1], words.GLUE_AFTER):
        return False
    k = j + 1
    if k + 1 >= len(toks) or not (toks[k].norm in words.CONJUNCTION or toks[k].text == ","):
        return False
    k += 1
    listed = items[k]
    if listed is not None:
        return listed.what == _CHILDCUE and listed.age  # "10 ans", "dix ans"
    after = toks[k + 1].text if k + 1 < len(toks) else "."
    return toks[k].kind == _NUM and 1 <= _value(toks[k].text) <= 17 and after in ",.;)"


def _bare_age(toks: list[_Tok], j: int, *, listed: bool = False) -> bool:
    """'Anne Pierre, 9, vit à Jacmel', 'Juma (11)': a bare number under 18 in apposition; with
    `listed`, also after 'de' ('Juan, de 12, trabaja')."""
    if not 1 <= _value(toks[j].text) <= 17 or j == 0:
        return False
    before = toks[j - 1].text
    after = toks[j + 1].text if j + 1 < len(toks) else "."
    if before == "(" and after == ")":
        return not _counts_in_parentheses(toks, j)
    if listed and toks[j - 1].norm in _OF_AGE and j > 1 and toks[j - 2].text == ",":
        return after in ",.;"
    return before == "," and after in ",.;"


def _counts_in_parentheses(toks: list[_Tok], j: int) -> bool:
    """ "Saint-Louis (12 participants), Thiès (18), Louga (9)": when a number in brackets in
    the sentence says what it counts, the bare ones listed with it count the same thing."""
    return toks[j].sentence.counted


def _last_in_brackets(toks: list[_Tok], j: int) -> bool:
    """ ", 15)": the last of names and ages listed in brackets, "(Esther, 13, and Ruth, 15)"."""
    after = toks[j + 1].text if j + 1 < len(toks) else "."
    return 1 <= _value(toks[j].text) <= 17 and j > 0 and toks[j - 1].text == "," and after == ")"


def _sentence_has_child(toks: list[_Tok], items: list[_Item | None], at: int) -> bool:
    """A child cue in the sentence of toks[at] (found once a sentence: `items` are the text's)."""
    sentence = toks[at].sentence
    if sentence.child is None:
        sentence.child = any(
            item is not None and item.what == _CHILDCUE
            for item in items[sentence.start : sentence.end]
        )
    return sentence.child


# ----------------------------------------------------------------------------- taken out

# What stands in a text given back to its writer (`without_findings`) for each part the
# screening found. The bracketed ellipsis marks words left out of a quotation in the typography
# of all seven languages, so it needs no translation; having no letter or digit, the screening
# cannot read it as a name or a number; and it stands out, for the writer to rephrase ("[…], 13,
# was beaten" becomes "a boy of 13 was beaten") before sending the text back.
PLACEHOLDER = "[…]"


def without_findings(
    text: str, findings: Sequence[Finding], placeholder: str = PLACEHOLDER
) -> str:
    """`text` with each finding's span replaced by `placeholder`, and every other place a
    child's name found is written ("Kevin, 13, was beaten. Kevin now lives with his aunt": the
    second "Kevin", with no age, is no finding of its own); spans that overlap or touch are
    one (one placeholder, not "[…][…]"). Offsets are `screen_text`'s: characters of `text`."""
    findings = [*findings, *_name_repeated(text, findings)]
    spans = sorted((max(f.start, 0), min(f.end, len(text))) for f in findings if f.end > f.start)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # touching, or apart by spaces only: "a mãe de […]", not "[…] […]"
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip(" ")):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    parts: list[str] = []
    at = 0
    for start, end in merged:
        parts += [text[at:start], placeholder]
        at = end
    parts.append(text[at:])
    return "".join(parts)


_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _name_repeated(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Each word of a child's name found (not a particle, not a little word), wherever else it
    is written, in any case ("kevin's aunt", "KEVIN"), in Arabic with a joined "and" ("وفاطمة")."""
    names = {
        word.casefold()
        for f in findings
        if f.kind == CHILD
        for word in _NAME_WORD.findall(text[f.start : f.end])
        if len(word) >= 3
        and words.norm(word) not in words.NAME_PARTICLES | words.STOP | words.HONORIFIC
    }
    repeated = []
    for name in names:
        joined = "و?" if "\u0600" <= name[:1] <= "\u06ff" else ""
        pattern = rf"(?<![^\W_]){joined}({re.escape(name)})(?![^\W_])"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            repeated.append(Finding(CHILD, match.start(1), match.end(1)))
    return repeated


# ----------------------------------------------------------------------------- all together


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def screen_text(text: str, extra_patterns: Sequence[str] = ()) -> list[Finding]:
    """Where the text seems to hold personal data, in order; [] when it looks clean.

    `extra_patterns` are regular expressions (e.g. a country's ID card format); a match is a
    "custom" finding. A finding that overlaps an earlier or longer one is dropped.

    Invisible characters (direction marks, zero-width spaces) are read through: "0712\u200e345
    \u200e678" is the phone number it shows. The findings' offsets are the text's own.
    """
    if any(unicodedata.category(ch) == "Cf" for ch in text):
        kept = [(i, ch) for i, ch in enumerate(text) if unicodedata.category(ch) != "Cf"]
        if not kept:
            return []
        shown = "".join(ch for _, ch in kept)
        where = [i for i, _ in kept] + [len(text)]
        return [
            Finding(f.kind, where[f.start], where[f.end - 1] + 1)
            for f in _screen(shown, extra_patterns)
        ]
    return _screen(text, extra_patterns)


def _screen(text: str, extra_patterns: Sequence[str]) -> list[Finding]:
    toks = _tokens(text)
    phone_cues = [t.start for t in toks if t.norm in words.PHONE_CUES]
    candidates = _emails(text)
    candidates += _runs(text, phone_cues)
    candidates += _spelt_phones(toks, phone_cues)
    candidates += _documents(text, toks)
    candidates += _social(text, toks)
    candidates += _children_identified(toks)
    for pattern in extra_patterns:
        candidates += [
            Finding(CUSTOM, *m.span())
            for m in _compiled(pattern).finditer(text)
            if m.end() > m.start()
        ]
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start), _PRECEDENCE[f.kind]))
    kept: list[Finding] = []
    for finding in candidates:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept
