"""The form engine: which question comes next, what an answer means, what the review shows (pure).

Every function takes the form and the answers so far and returns new values; nothing here reads
a clock (the user's `today` is passed in), the network or a database. Handlers translate
Telegram events into these calls and the msgids they return into text.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import get_date_format
from babel.lists import format_list
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from bot.domain.languages import country_name, format_date, isolate, ltr
from bot.domain.scope import country_codes
from bot.forms.model import N_, Answers, Form, FormError, QType, Question
from bot.forms.screening import (
    CHILD,
    CUSTOM,
    DOCUMENT,
    EMAIL,
    ID_NUMBER,
    PHONE,
    SOCIAL,
    screen_text,
)

YES = N_("Yes")
NO = N_("No")
SKIPPED = N_("Skipped")
NONE_CHOSEN = N_("None")
DEFAULT_EARLIEST = dt.date(2000, 1, 1)

# Answers typed where a button is expected.
TAP_YES_NO = N_("Please tap Yes or No.")
TAP_OPTION = N_("Please tap one of the options.")
TAP_OPTIONS = N_("Please tap the options that apply, then Done.")
PICK_COUNTRY = N_("Please pick a country from the list.")
TAP_CONTINUE = N_("Please tap Continue.")

_SCREENING_MESSAGES = {
    PHONE: N_(
        "Please remove the phone number ({found}): reports must not contain personal information."
    ),
    EMAIL: N_(
        "Please remove the e-mail address ({found}): reports must not contain personal "
        "information."
    ),
    ID_NUMBER: N_(
        "Please remove the number {found}: it looks like an identity number, and reports must "
        "not contain personal information."
    ),
    DOCUMENT: N_(
        "Please remove the document number {found}: passport, birth certificate, case file and "
        "ID numbers must not appear in reports."
    ),
    SOCIAL: N_(
        "Please remove the profile link ({found}): reports must not contain personal information."
    ),
    CHILD: N_(
        "Please remove the name “{found}”: next to an age or a word such as child, pupil or "
        "victim, it could identify a child. Describe children without names (for example "
        "“a girl of 12”)."
    ),
    CUSTOM: N_(
        "Please remove “{found}”: it looks like personal information, which reports must not "
        "contain."
    ),
}


@dataclass(frozen=True)
class Parsed:
    """The outcome of parse_answer: a value to store, or an error to show."""

    value: Any = None
    error: FormError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    value: Any  # None = skipped


# ---------------------------------------------------------------------------- navigation


def active_questions(form: Form, answers: Answers) -> list[Question]:
    """The questions that apply given the answers, in order (notes included)."""
    return [q for q in form.questions if q.relevant is None or q.relevant(answers)]


def next_question(form: Form, answers: Answers) -> Question | None:
    """The first active question not answered yet; None when the form is ready for review."""
    return next((q for q in active_questions(form, answers) if q.id not in answers), None)


def previous_question(form: Form, answers: Answers, current: str | None) -> Question | None:
    """The active question before `current` (Back); None at the first.

    `current=None` means "from the review": the last active question.
    """
    active = active_questions(form, answers)
    if current is None:
        return active[-1] if active else None
    form.question(current)  # KeyError for an unknown id
    active_ids = {q.id for q in active}
    before: Question | None = None
    for question in form.questions:
        if question.id == current:
            break
        if question.id in active_ids:
            before = question
    return before


def step_of(form: Form, answers: Answers, qid: str) -> tuple[int, int]:
    """(position, count) of `qid` among the active questions, for "Step 3/11"."""
    ids = [q.id for q in active_questions(form, answers)]
    if qid not in ids:
        form.question(qid)  # KeyError for an unknown id
        raise ValueError(f"question {qid!r} does not apply to these answers")
    return ids.index(qid) + 1, len(ids)


def _prune(form: Form, answers: dict[str, Any]) -> dict[str, Any]:
    """Drop answers to questions that no longer apply (repeated: relevance can chain)."""
    while True:
        active = {q.id for q in active_questions(form, answers)}
        stale = [q.id for q in form.questions if q.id in answers and q.id not in active]
        if not stale:
            return answers
        for qid in stale:
            del answers[qid]


def _normalise_value(question: Question, value: Any) -> Any:
    """Keep answers JSON-serialisable whatever a caller hands in."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    return value


_MISSING = object()


@dataclass(frozen=True)
class Reasked:
    """An answer a change dropped so that it is asked again before the review card."""

    question: Question
    old: Any  # the answer that was dropped
    because: str  # the id of the answer whose change dropped it
    error: FormError | None  # the rule it no longer passes; None: its meaning changed


@dataclass(frozen=True)
class Change:
    """The answers after a change, and those the change made the engine ask again."""

    answers: dict[str, Any]
    reasked: tuple[Reasked, ...] = ()


def _rule_error(question: Question, value: Any, answers: Answers) -> FormError | None:
    """The first of the question's own rules (constraints) that `value` breaks."""
    for constraint in question.constraints:
        if not constraint.check(value, answers):
            return constraint.error(value, answers)
    return None


def _drop_meaning_dependents(
    form: Form, answers: dict[str, Any], sources: Sequence[str], because: str
) -> list[Reasked]:
    """Drop the answers whose meaning rests on `sources`, and those resting on them in turn."""
    dropped: list[Reasked] = []
    queue = list(sources)
    while queue:
        source = queue.pop(0)
        for question in form.questions:
            if source in question.depends_on and question.id in answers:
                dropped.append(Reasked(question, answers.pop(question.id), because, None))
                queue.append(question.id)
    return dropped


def _broken_rule(form: Form, answers: dict[str, Any]) -> tuple[Question, FormError] | None:
    """The first given answer whose rules no longer hold, among those whose inputs are given.

    A rule whose inputs are not all answered yet waits: it is checked again when they are.
    The type is not checked here (it does not depend on other answers; answer_errors does).
    """
    active = active_questions(form, answers)
    active_ids = {q.id for q in active}
    for question in active:
        value = answers.get(question.id)
        if value is None or not question.constraints:
            continue
        waiting = {qid for qid in question.inputs if qid in active_ids and qid not in answers}
        if waiting or _type_error(question, value, dt.date.max, ()) is not None:
            continue
        error = _rule_error(question, value, answers)
        if error is not None:
            return question, error
    return None


def _settle(form: Form, answers: dict[str, Any], changed: Sequence[str], because: str) -> Change:
    """Make the answers consistent again after `changed` were set or cleared.

    Answers whose meaning rests on a changed one are dropped; answers that no longer apply are
    dropped; answers whose rules no longer hold are dropped too (each one can in turn change
    what applies), so that the next questions are exactly those to ask again.
    """
    reasked = _drop_meaning_dependents(form, answers, changed, because)
    while True:
        _prune(form, answers)
        broken = _broken_rule(form, answers)
        if broken is None:
            break
        question, error = broken
        reasked.append(Reasked(question, answers.pop(question.id), because, error))
        reasked += _drop_meaning_dependents(form, answers, [question.id], because)
    active = {q.id for q in active_questions(form, answers)}
    return Change(answers, tuple(r for r in reasked if r.question.id in active))


def apply_answer(form: Form, answers: Answers, qid: str, value: Any) -> Change:
    """Set `qid` and keep every other answer consistent with it.

    An answer whose meaning depends on `qid` (`Question.depends_on`) is dropped when the value
    changes; one whose rules no longer hold is dropped; one that no longer applies is dropped.
    The dropped answers that still apply are asked again (next_question) before the review.
    Validate the value itself first (parse_answer / check_value): this only stores.
    """
    question = form.question(qid)
    stored = _normalise_value(question, value)
    unchanged = qid in answers and answers[qid] == stored
    updated = dict(answers)
    updated[qid] = stored
    return _settle(form, updated, () if unchanged else (qid,), qid)


def set_answer(form: Form, answers: Answers, qid: str, value: Any) -> dict[str, Any]:
    """New answers with `qid` set, kept consistent (see apply_answer)."""
    return apply_answer(form, answers, qid, value).answers


def skip(form: Form, answers: Answers, qid: str) -> dict[str, Any]:
    """New answers with the optional question `qid` skipped (stored as None)."""
    question = form.question(qid)
    if question.required:
        raise ValueError(f"question {qid!r} is required and cannot be skipped")
    return set_answer(form, answers, qid, None)


def clear_from(form: Form, answers: Answers, qid: str) -> dict[str, Any]:
    """New answers without `qid`'s answer, so that it is asked again (Back, Edit).

    The answers whose meaning rests on it go too: once it is unknown, so is theirs.
    """
    form.question(qid)
    updated = dict(answers)
    if updated.pop(qid, _MISSING) is _MISSING:
        return _prune(form, updated)
    return _settle(form, updated, (qid,), qid).answers


def computed_values(form: Form, answers: Answers) -> dict[str, Any]:
    return {computed.id: computed.compute(answers) for computed in form.computed}


def missing_required(form: Form, answers: Answers) -> list[Question]:
    """Active required questions without a (non-None) answer."""
    return [
        q
        for q in active_questions(form, answers)
        if q.required and q.type is not QType.NOTE and answers.get(q.id) is None
    ]


def review(form: Form, answers: Answers) -> list[ReviewItem]:
    """What the review card lists: active questions other than notes, in order."""
    return [
        ReviewItem(q, answers.get(q.id))
        for q in active_questions(form, answers)
        if q.type is not QType.NOTE
    ]


# ------------------------------------------------------------------------------- values

_BIDI_MARKS = dict.fromkeys(
    map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
)
_SPACES = " \t\u00a0\u2009\u202f"
_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CANONICAL_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_MAX_NUMBER_LENGTH = 40  # longer is not a number anyone types (and int() caps digit counts)


def _plain(text: str) -> str:
    """Without bidi marks, digits of any script as ASCII, Arabic separators as ASCII."""
    chars = []
    for ch in text.translate(_BIDI_MARKS):
        if ch.isdecimal():
            chars.append(str(unicodedata.decimal(ch)))
        elif ch == "\u066b":  # Arabic decimal separator
            chars.append(".")
        elif ch == "\u2212":  # minus sign
            chars.append("-")
        else:
            chars.append(ch)
    return "".join(chars).strip()


@cache
def _number_symbols(locale: str) -> tuple[str, str]:
    """(decimal symbol, group symbol) in the locale's Latin-digit number system."""
    try:
        return get_decimal_symbol(locale), get_group_symbol(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return ".", ","


def _ungroup(head: str, separators: set[str]) -> str | None:
    """'1 200' → '1200' when grouped by thousands with one allowed separator."""
    if _ASCII_DIGITS.fullmatch(head):
        return head
    match = re.fullmatch(r"[0-9]{1,3}(\D)[0-9]{3}(?:\1[0-9]{3})*", head)
    if match and match.group(1) in separators:
        return re.sub(r"\D", "", head)
    return None


def _number_parts(text: str, locale: str) -> tuple[bool, str, str] | None:
    """(negative, integer digits, fraction digits) of a typed number, or None."""
    plain = _plain(text)
    if not plain or len(plain) > _MAX_NUMBER_LENGTH:
        return None
    negative = plain[0] == "-"
    if plain[0] in "+-":
        plain = plain[1:].lstrip(_SPACES)
    decimal_symbol, group_symbol = _number_symbols(locale)
    allowed_groups = {*_SPACES, group_symbol, "\u066c", "'", "’"}
    # The locale's decimal separator first; a point is always understood as one too, unless it
    # groups thousands in this locale ("1.200" in Spanish) and the number reads that way.
    for separator in dict.fromkeys((decimal_symbol, ".")):
        head, found, fraction = plain.partition(separator)
        if found and not _ASCII_DIGITS.fullmatch(fraction):
            continue
        digits = "0" if found and not head else _ungroup(head, allowed_groups - {separator})
        if digits is not None:
            return negative, digits, fraction
    return None


def _decimal_text(value: Decimal) -> str:
    """Decimal('3.50') → '3.5', Decimal('1E+2') → '100'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _as_decimal(value: Any) -> Decimal | None:
    """A stored number as a Decimal, or None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, str) and _CANONICAL_DECIMAL.fullmatch(value):
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover — the pattern admits only numbers
            return None
    return None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# ----------------------------------------------------------------------------- checking


def _range_error(question: Question, number: Decimal) -> FormError | None:
    low, high = question.minimum, question.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return None
    if low is not None and high is not None:
        return FormError(
            N_("The number must be between {min} and {max}."), {"min": low, "max": high}
        )
    if low is not None:
        return FormError(N_("The number must be at least {min}."), {"min": low})
    return FormError(N_("The number must be at most {max}."), {"max": high})


def _text_error(
    question: Question, value: str, screen_patterns: Sequence[str]
) -> FormError | None:
    if not value.strip():
        return FormError(N_("The answer is empty. Please type your answer."))
    if question.max_length is not None and len(value) > question.max_length:
        return FormError(
            N_("Please shorten your text to {max} characters (it has {length})."),
            {"max": question.max_length, "length": len(value)},
        )
    if question.screen:
        findings = screen_text(value, screen_patterns)
        if findings:
            first = findings[0]
            found = value[first.start : first.end]
            return FormError(_SCREENING_MESSAGES[first.kind], {"found": found})
    return None


def _date_error(question: Question, value: Any, today: dt.date) -> FormError | None:
    day = _as_date(value)
    if day is None:
        return FormError(N_("This is not a valid date."))
    if not question.allow_future and day > today:
        return FormError(N_("The date cannot be in the future."))
    earliest = question.earliest or DEFAULT_EARLIEST
    if day < earliest:
        return FormError(N_("The date cannot be before {earliest}."), {"earliest": earliest})
    return None


def _type_error(
    question: Question, value: Any, today: dt.date, screen_patterns: Sequence[str]
) -> FormError | None:
    """Whether `value` is a valid answer of the question's type, bounds included."""
    kind = question.type
    if kind is QType.INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            return FormError(N_("Please enter a whole number, for example 12."))
        return _range_error(question, Decimal(value))
    if kind is QType.DECIMAL:
        number = _as_decimal(value)
        if number is None:
            return FormError(N_("Please enter a number, for example 12 or 3.5."))
        return _range_error(question, number)
    if kind is QType.TEXT:
        if not isinstance(value, str):
            return FormError(N_("The answer is empty. Please type your answer."))
        return _text_error(question, value, screen_patterns)
    if kind is QType.SELECT_ONE:
        if not isinstance(value, str) or question.choice(value) is None:
            return FormError(N_("This option is not available. Please choose one from the list."))
        return None
    if kind is QType.SELECT_MULTIPLE:
        if (
            not isinstance(value, list | tuple)
            or not all(isinstance(v, str) and question.choice(v) is not None for v in value)
            or len(set(value)) != len(value)
        ):
            return FormError(N_("This option is not available. Please choose one from the list."))
        if question.required and not value:
            return FormError(N_("Please choose at least one option."))
        return None
    if kind is QType.YES_NO:
        return None if isinstance(value, bool) else FormError(TAP_YES_NO)
    if kind is QType.DATE:
        return _date_error(question, value, today)
    if kind is QType.COUNTRY:
        if not isinstance(value, str) or value not in country_codes():
            return FormError(N_("This country is not in the list. Please pick one from the list."))
        return None
    # A note has nothing to answer: storing True records that it was read.
    return None if value is True else FormError(TAP_CONTINUE)


def check_value(
    question: Question,
    value: Any,
    answers: Answers,
    *,
    today: dt.date,
    screen_patterns: Sequence[str] = (),
) -> FormError | None:
    """Validate a value that needs no parsing (a button's choice, a date, a country code).

    The type and bounds first, then the question's own constraints. None is a valid value only
    for an optional question (skipped).
    """
    if value is None:
        if question.required:
            return FormError(N_("This question needs an answer."))
        return None
    error = _type_error(question, value, today, screen_patterns)
    if error is not None:
        return error
    return _rule_error(question, value, answers)


def answer_errors(
    form: Form, answers: Answers, *, today: dt.date, screen_patterns: Sequence[str] = ()
) -> list[tuple[Question, FormError]]:
    """Answers that no longer pass their checks (after an earlier answer was edited)."""
    problems = []
    for question in active_questions(form, answers):
        if question.id in answers and question.type is not QType.NOTE:
            error = check_value(
                question,
                answers[question.id],
                answers,
                today=today,
                screen_patterns=screen_patterns,
            )
            if error is not None:
                problems.append((question, error))
    return problems


# ------------------------------------------------------------------------------ parsing


def _parse_integer(text: str, locale: str) -> Parsed:
    parts = _number_parts(text, locale)
    if parts is None:
        return Parsed(error=FormError(N_("Please enter a whole number, for example 12.")))
    negative, digits, fraction = parts
    if fraction:
        return Parsed(error=FormError(N_("Please enter a whole number, without decimals.")))
    return Parsed(-int(digits) if negative else int(digits))


def _parse_decimal(text: str, locale: str) -> Parsed:
    parts = _number_parts(text, locale)
    if parts is None:
        return Parsed(error=FormError(N_("Please enter a number, for example 12 or 3.5.")))
    negative, digits, fraction = parts
    number = Decimal(f"{'-' if negative else ''}{digits}.{fraction or '0'}")
    return Parsed(_decimal_text(number))


_DATE_FILLER = frozenset({"de", "del", "of", "the", "le", "el", "er", "st", "nd", "rd", "th"})
_DATE_PUNCTUATION = frozenset(" \t/-.,،\u00a0\u202f")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _fold(text: str) -> str:
    """Lower case, without accents or Arabic letter variants: for matching typed words."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_ARABIC_FOLD)


def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


@cache
def _month_names(locale: str) -> dict[str, int]:
    """Folded month names (wide and abbreviated) of the locale and of English → 1..12."""
    names: dict[str, int] = {}
    for loc in (_locale(locale), Locale.parse("en")):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    names.setdefault(_fold(str(name)).rstrip("."), int(number))
    return names


def _month(word: str, locale: str) -> int | None:
    names = _month_names(locale)
    if word in names:
        return names[word]
    if len(word) >= 3:  # "sept", "novem": a prefix that only one month has
        months = {number for name, number in names.items() if name.startswith(word)}
        if len(months) == 1:
            return months.pop()
    return None


@cache
def _field_order(locale: str, width: Literal["short", "medium"]) -> str:
    """The order of day, month and year in the locale's date format: 'dmy', 'mdy', 'ymd'."""
    try:
        pattern = get_date_format(width, locale=locale).pattern
    except (UnknownLocaleError, ValueError, TypeError):
        pattern = "M/d/yy"
    pattern = re.sub(r"'[^']*'", "", pattern).lower().replace("l", "m")
    positions = {field: pattern.find(field) for field in "dmy"}
    if any(position < 0 for position in positions.values()):
        return "dmy"
    return "".join(sorted(positions, key=positions.__getitem__))


def _year(digits: str, today: dt.date) -> int | None:
    """A typed year; two digits fall within 80 years before and 20 after today (as Babel)."""
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        year = today.year - today.year % 100 + int(digits)
        return year - 100 if year > today.year + 20 else year
    return None


def _date_fields(text: str, locale: str, today: dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) as typed, in the locale's order; None if it does not read as a date."""
    folded = _fold(_plain(text))
    numbers: list[str] = []
    months: list[int] = []
    consumed = 0
    for match in re.finditer(r"[0-9]+|[^\W\d_]+", folded):
        if set(folded[consumed : match.start()]) - _DATE_PUNCTUATION:
            return None
        consumed = match.end()
        token = match.group()
        if token.isdigit():
            numbers.append(token)
        elif (month := _month(token, locale)) is not None:
            months.append(month)
        elif token not in _DATE_FILLER:
            return None
    if set(folded[consumed:]) - _DATE_PUNCTUATION or len(months) > 1:
        return None
    if months:  # "28 nov. 2026", "Nov 28, 2026"
        if len(numbers) != 2:
            return None
        first, second = numbers
        medium = _field_order(locale, "medium")
        if len(first) == 4 or (len(second) != 4 and medium.find("y") < medium.find("d")):
            year_digits, day_digits = first, second
        else:
            day_digits, year_digits = first, second
        year = _year(year_digits, today)
        if year is None or len(day_digits) > 2:
            return None
        return year, months[0], int(day_digits)
    if len(numbers) != 3 or any(len(n) > 4 for n in numbers):
        return None
    order = "ymd" if len(numbers[0]) == 4 else _field_order(locale, "short")
    fields = dict(zip(order, numbers, strict=True))
    year = _year(fields["y"], today)
    if year is None:
        return None
    month, day = int(fields["m"]), int(fields["d"])
    if month > 12 and day <= 12:  # "11/28/2026" in a day-first locale: unambiguous
        month, day = day, month
    return year, month, day


def _parse_date(text: str, locale: str, today: dt.date) -> Parsed:
    fields = _date_fields(text, locale, today)
    if fields is None:
        example = format_date(today, locale, "short")
        return Parsed(
            error=FormError(N_("Please type a date, for example {example}."), {"example": example})
        )
    try:
        return Parsed(dt.date(*fields).isoformat())
    except ValueError:
        return Parsed(
            error=FormError(N_("This date does not exist. Please check the day and month."))
        )


def parse_answer(
    question: Question,
    text: str,
    answers: Answers,
    *,
    locale: str,
    today: dt.date,
    screen_patterns: Sequence[str] = (),
) -> Parsed:
    """Turn what the user typed into a value to store, or the reason it cannot be stored."""
    kind = question.type
    if kind is QType.INTEGER:
        parsed = _parse_integer(text, locale)
    elif kind is QType.DECIMAL:
        parsed = _parse_decimal(text, locale)
    elif kind is QType.TEXT:
        parsed = Parsed(unicodedata.normalize("NFC", text).strip())
    elif kind is QType.DATE:
        parsed = _parse_date(text, locale, today)
    else:
        # Buttons answer these; for a country, typed text is a search (match_countries).
        message = {
            QType.YES_NO: TAP_YES_NO,
            QType.SELECT_ONE: TAP_OPTION,
            QType.SELECT_MULTIPLE: TAP_OPTIONS,
            QType.COUNTRY: PICK_COUNTRY,
        }.get(kind, TAP_CONTINUE)
        return Parsed(error=FormError(message))
    if not parsed.ok:
        return parsed
    error = check_value(
        question, parsed.value, answers, today=today, screen_patterns=screen_patterns
    )
    return parsed if error is None else Parsed(error=error)


# ---------------------------------------------------------------------------- countries


def _search_key(text: str) -> str:
    """'Côte d’Ivoire' → 'cote d ivoire': folded words, punctuation as word breaks."""
    return " ".join(re.findall(r"[^\W_]+", _fold(text)))


@dataclass(frozen=True)
class _CountryEntry:
    code: str
    sort_key: str
    names: tuple[str, ...]  # search keys of the localized and English names
    words: tuple[str, ...]


def _words(key: str) -> list[str]:
    words = []
    for word in key.split():
        words.append(word)
        if word.startswith("ال") and len(word) > 2:  # Arabic article: "المغرب" ~ "مغرب"
            words.append(word[2:])
    return words


@cache
def _country_index(locale: str) -> tuple[_CountryEntry, ...]:
    local, english = _locale(locale).territories, Locale.parse("en").territories
    entries = []
    for code in sorted(country_codes()):
        names = tuple(
            dict.fromkeys(_search_key(str(n)) for n in (local.get(code, code), english[code]))
        )
        words = tuple(w for name in names for w in _words(name))
        entries.append(_CountryEntry(code, names[0], names, words))
    return tuple(entries)


def _country_rank(entry: _CountryEntry, query: str) -> int | None:
    compact = query.replace(" ", "")
    squeezed = [name.replace(" ", "") for name in entry.names]
    if compact == entry.code.lower():
        return 0
    if query in entry.names or compact in squeezed:
        return 1
    if any(name.startswith(query) for name in entry.names) or any(
        name.startswith(compact) for name in squeezed
    ):
        return 2
    if any(word.startswith(query) for word in entry.words):
        return 3
    if any(compact in name for name in squeezed):
        return 4
    return None


def match_countries(query: str, locale: str, limit: int = 8) -> list[str]:
    """ISO codes of the countries whose name (in the locale or English) or code matches.

    Case, accents and punctuation do not matter: "haiti" finds Haïti, "cote" Côte d'Ivoire.
    The exact code comes first, then whole names, name prefixes, word prefixes, substrings.
    """
    key = _search_key(query)
    if not key or limit < 1:
        return []
    ranked = []
    for entry in _country_index(locale):
        rank = _country_rank(entry, key)
        if rank is not None:
            ranked.append((rank, entry.sort_key, entry.code))
    return [code for _rank, _name, code in sorted(ranked)[:limit]]


# ------------------------------------------------------------------------------ display


def _display(question: Question, value: Any, locale: str, gettext: Callable[[str], str]) -> str:
    kind = question.type
    if kind is QType.SELECT_ONE:
        choice = question.choice(value)
        return gettext(choice.label) if choice else str(value)
    if kind is QType.SELECT_MULTIPLE:
        if not value:
            return gettext(NONE_CHOSEN)
        labels = []
        for item in value:
            choice = question.choice(item)
            labels.append(gettext(choice.label) if choice else str(item))
        return str(format_list(labels, locale=locale))
    if kind is QType.YES_NO and isinstance(value, bool):
        return gettext(YES if value else NO)
    if kind is QType.DATE and (day := _as_date(value)) is not None:
        return format_date(day, locale)
    if kind in (QType.INTEGER, QType.DECIMAL) and (number := _as_decimal(value)) is not None:
        text = format_decimal(number, locale=locale, decimal_quantization=False)
        return ltr(str(text), locale)
    if kind is QType.COUNTRY and isinstance(value, str):
        return country_name(value, locale)
    if kind is QType.NOTE:
        return ""
    return isolate(str(value), locale)


def display_value(
    question: Question, value: Any, *, locale: str, gettext: Callable[[str], str]
) -> str:
    """An answer as the review card shows it, in the user's language (None → "Skipped")."""
    if value is None:
        return gettext(SKIPPED)
    return _display(question, value, locale, gettext)
