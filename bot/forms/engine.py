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
from functools import cache, lru_cache
from typing import Any, Literal, NamedTuple, TypeVar

from babel import Locale, UnknownLocaleError

from bot.domain.country_aliases import ALIASES, ALPHA3, AMBIGUOUS
from bot.domain.languages import (
    SUPPORTED_LOCALES,
    base_language,
    country_name,
    date_example,
    date_pattern,
    format_date,
    format_number,
    group_symbols_read,
    isolate,
    list_text,
    number_symbols,
    read_locales,
)
from bot.domain.scope import (
    AND_WORDS,
    AmbiguousCountries,
    Scope,
    ScopeError,
    country_codes,
    parse_scope,
)
from bot.forms.answer_words import (
    APPROX_WORDS,
    APPROXIMATE_MAGNITUDES,
    BOUND_AFTER_ONLY,
    BOUND_BEFORE_ONLY,
    BOUND_NOT,
    BOUND_WORDS,
    DAY_FILLER,
    FRACTION_OF,
    FRACTION_PHRASES,
    GLUED_AFTER_NOT_A_COUNT,
    GLUED_BEFORE_NOT_A_COUNT,
    GROUP_LETTERS,
    GROUP_WORDS,
    HALF_WORDS,
    LAST_WORDS,
    MAGNITUDE_WORDS,
    NIGHTS_EITHER_WAY,
    NO_WORDS,
    NOBODY_CAME_WORDS,
    NOTHING_WORDS,
    PARTS_OF_DAY,
    PEOPLE_WORDS,
    PERCENT_MARKS,
    PERCENT_WORDS,
    RATE_BEFORE,
    RATE_BEFORE_ONLY,
    RATE_OF,
    RATE_WORDS,
    RELATIVE_DAYS,
    THIS_WORDS,
    TIME_OF_DAY,
    UNIT_WORDS,
    YES_WORDS,
    ZERO_WORDS,
)
from bot.forms.model import N_, Answers, Form, FormError, Nn_, QType, Question, WeekdayDate
from bot.forms.number_words import ARTICLES, NUMBER_WORDS
from bot.forms.screening import (
    ADDRESS,
    CHILD,
    CUSTOM,
    DOCUMENT,
    EMAIL,
    ID_NUMBER,
    PHONE,
    SCHOOL,
    SOCIAL,
    screen_text,
    without_findings,
)

YES = N_("Yes")
NO = N_("No")
SKIPPED = N_("Skipped")
# The buttons under a question, whose words may be typed instead of tapped.
SKIP = N_("Skip")
BACK = N_("« Back")
CANCEL = N_("Cancel")
CANNOT_SKIP = N_("This question cannot be skipped.")
EMPTY_ANSWER = N_("The answer is empty. Please type your answer.")
NONE_CHOSEN = N_("None")
DEFAULT_EARLIEST = dt.date(2000, 1, 1)

# Answers typed where a button is expected.
TAP_YES_NO = N_("Please tap Yes or No.")
TAP_OPTION = N_("Please tap one of the options.")
TAP_OPTIONS = N_("Please tap the options that apply, then Done.")
PICK_COUNTRY = N_("Please pick a country from the list.")
TAP_CONTINUE = N_("Please tap Continue.")
# The date buttons' words, which may be typed instead of tapped.
TODAY = N_("Today")
YESTERDAY = N_("Yesterday")

# Several children named at once: each is a name of its own, not one "“Juma, Amina”".
_CHILD_NAMES = N_(
    "Please remove these names ({found}): next to an age or a word such as child, pupil or "
    "victim, they could identify children. Describe children without names (for example "
    "“a girl of 12”)."
)
# Found only in a text that identifies a child: her name, not these, is what to remove first.
_WITH_A_CHILD = frozenset({ADDRESS, SCHOOL})
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
    ADDRESS: N_(
        "Please remove the address “{found}”: next to a child's age it could lead to the "
        "child's home. Name only the neighbourhood or the town."
    ),
    SCHOOL: N_(
        "Please remove the school “{found}”: in a note about a child, it could lead to the "
        "child. Name only the town or the district."
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
    _prune_active(form, answers)
    return answers


def _prune_active(form: Form, answers: dict[str, Any]) -> list[Question]:
    """_prune, returning the questions that apply to the answers it leaves."""
    while True:
        active = active_questions(form, answers)
        ids = {q.id for q in active}
        stale = [q.id for q in form.questions if q.id in answers and q.id not in ids]
        if not stale:
            return active
        for qid in stale:
            del answers[qid]


def _normalise_value(question: Question, value: Any) -> Any:
    """Keep answers JSON-serialisable whatever a caller hands in."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
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


def _broken_rule(
    answers: dict[str, Any], active: Sequence[Question]
) -> tuple[Question, FormError] | None:
    """The first given answer whose rules no longer hold, among those whose inputs are given
    (`active`: the questions that apply to `answers`).

    A rule whose inputs are not all answered yet waits: it is checked again when they are.
    The type is not checked here (it does not depend on other answers; answer_errors does).
    """
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
        # What applies is worked out once per round (an answer is checked several times per
        # report, each time against every rule): nothing changes the answers after _prune
        # unless a rule is broken, which starts another round.
        active = _prune_active(form, answers)
        broken = _broken_rule(answers, active)
        if broken is None:
            break
        question, error = broken
        reasked.append(Reasked(question, answers.pop(question.id), because, error))
        reasked += _drop_meaning_dependents(form, answers, [question.id], because)
    applying = {q.id for q in active}
    return Change(answers, tuple(r for r in reasked if r.question.id in applying))


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


def carried_number(
    form: Form,
    answers: Answers,
    question: Question,
    value: Any,
    text: str,
    *,
    locale: str,
    today: dt.date,
    screen_patterns: Sequence[str] = (),
    gettext: Callable[[str], str] = str,
) -> tuple[dict[str, Any], Question, Any] | None:
    """A choice typed with the number that depends on it ("2 days" for the duration's unit):
    the answers with the choice, the number's question and the number; None when `text`
    carries no valid number for a question depending on this choice."""
    if question.type is not QType.SELECT_ONE or not any(ch.isdigit() for ch in text):
        return None
    numbers = (QType.INTEGER, QType.DECIMAL)
    dependent = next(
        (q for q in form.questions
         if question.id in q.depends_on and q.type in numbers and q.id not in answers),
        None,
    )  # fmt: skip
    if dependent is None:
        return None
    with_choice = apply_answer(form, answers, question.id, value).answers
    number = parse_answer(
        dependent, text, with_choice, locale=locale, today=today,
        screen_patterns=screen_patterns, gettext=gettext,
    )  # fmt: skip
    return None if number.error is not None else (with_choice, dependent, number.value)


def skip_optional_run(form: Form, answers: Answers, qid: str) -> dict[str, Any]:
    """New answers with `qid` and the optional questions that follow it skipped, up to the next
    required one ("Skip the optional questions")."""
    following: Question | None = form.question(qid)
    skipped = dict(answers)
    while following is not None and not following.required:
        skipped = skip(form, skipped, following.id)
        following = next_question(form, skipped)
    return skipped


def back_from(form: Form, answers: Answers, qid: str) -> Question:
    """Where Back leads from `qid`: the active question before it, or itself at the first."""
    return previous_question(form, answers, qid) or form.question(qid)


# What a button of a question stands for (bot/ui/forms.py draws them): the tapped choice or
# country as it is, yes and no, today and yesterday in the reporter's own time zone.
_DAY_BUTTONS = {"today": 0, "yday": 1}
_YES_NO_BUTTONS = {"yes": True, "no": False}


def button_answer(kind: str, value: str, today: dt.date) -> Any:
    """The answer a tapped button gives; KeyError for a kind no question has."""
    if kind in ("pick", "ctry"):
        return value
    if kind in _YES_NO_BUTTONS:
        return _YES_NO_BUTTONS[kind]
    return (today - dt.timedelta(days=_DAY_BUTTONS[kind])).isoformat()


def toggled(chosen: Sequence[str], value: str) -> list[str]:
    """A multiple choice after a tap on `value`: added, or removed when it was chosen."""
    return [v for v in chosen if v != value] if value in chosen else [*chosen, value]


def repeated_answers(form: Form, answers: Answers, day_question: str, day: Any) -> dict[str, Any]:
    """The answers of a new report "like" one with `answers`: each question's `on_repeat` says
    whether its answer is kept, asked again or dropped (skipped); the date is `day`."""
    kept: dict[str, Any] = {}
    for question in form.questions:
        if question.id not in answers or question.on_repeat == "ask":
            continue
        dropped = question.on_repeat == "drop" and not question.required
        kept[question.id] = None if dropped else answers[question.id]
    kept[day_question] = day
    return _prune(form, kept)


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

_SPACES = " \t\u00a0\u2009\u202f"
_ASCII_DIGITS = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CANONICAL_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_MAX_NUMBER_LENGTH = 40  # longer is not a number anyone types (and int() caps digit counts)


def _plain(text: str) -> str:
    """Without invisible format characters, digits of any script as ASCII, Arabic separators
    as ASCII. (Bidi marks come with Arabic keyboards; a zero-width space or word joiner with
    text copied from a web page or a spreadsheet: "12" followed by one is still 12.)"""
    chars = []
    for ch in text:
        if unicodedata.category(ch) == "Cf":
            continue
        if ch.isdecimal():
            chars.append(str(unicodedata.decimal(ch)))
        elif ch == "\u066b":  # Arabic decimal separator
            chars.append(".")
        elif ch == "\u2212":  # minus sign
            chars.append("-")
        else:
            chars.append(ch)
    return "".join(chars).strip()


_GROUP_MARKS = frozenset({*_SPACES, "\u066c", "'", "’"})
_DASHES = frozenset("-–—")
# A run of digits with the separators a number may contain; a sign or a leading point may start
# it ("-3", ".5"). Words, units and % around it are allowed, a second number is not.
_NUMBER_RUN = re.compile(r"[-+]?(?:[0-9]|(?<!\S)[.,][0-9])[0-9.,'’ \t\u00a0\u2009\u202f\u066c]*")
_MAX_TYPED_LENGTH = 200
# What may stand around a number besides letters: spaces, %, approximately, punctuation.
_AROUND = frozenset(_SPACES + "\n%٪‰~≈:;.,،؛!?¿¡()'’\"«»“”-–")


def _ungroup(head: str, separators: set[str] | frozenset[str]) -> str | None:
    """'1 200' → '1200' when grouped by thousands with one allowed separator."""
    if _ASCII_DIGITS.fullmatch(head):
        return head
    match = re.fullmatch(r"[0-9]{1,3}(\D)[0-9]{3}(?:\1[0-9]{3})*", head)
    if match and match.group(1) in separators:
        return re.sub(r"\D", "", head)
    return None


def _split_number(token: str, locale: str) -> tuple[str, str] | None:
    """(integer digits, fraction digits) of an unsigned number, read the locale's way.

    The locale's decimal separator is a decimal separator; the other one (a point in French, a
    comma in English) is one too when it cannot be a thousands separator: "2,5" is 2.5 in
    English, "1,200" is 1200; with both, the last one is the decimal separator ("1.200,5").
    """
    decimal_symbol = number_symbols(locale)[0]
    read_groups = group_symbols_read(locale)
    groups = _GROUP_MARKS | read_groups
    marks = [ch for ch in token if ch in ".,"]
    if not marks:
        digits = _ungroup(token, groups)
        return None if digits is None else (digits, "")
    separator = marks[-1]
    if marks.count(separator) > 1:  # "1.200.000", "1,200,000": only groups
        if len(set(marks)) > 1:
            return None
        digits = _ungroup(token, groups | {separator})
        return None if digits is None else (digits, "")
    head, _sep, fraction = token.rpartition(separator)
    if not _ASCII_DIGITS.fullmatch(fraction):
        return None
    other = {"."} if separator == "," else {","}
    if len(set(marks)) > 1:  # "1,200.50", "1.200,5"
        digits = _ungroup(head, (groups - {separator}) | other)
        return None if digits is None else (digits, fraction)
    if separator != decimal_symbol and separator in read_groups and len(fraction) == 3:
        digits = _ungroup(token, groups)  # "1,200" in English, "1.200" in Spanish
        return None if digits is None else (digits, "")
    digits = "0" if not head else _ungroup(head, groups - {separator})
    return None if digits is None else (digits, fraction)


_NOT_WORDS = frozenset("№°ºª℃℉")


def _word_or_emoji(ch: str) -> bool:
    """A letter, its accent, or an emoji ("12 👩", "30 👍🏽"): what may stand around a number.
    Not a sign that makes it something else than a count: "№12", "n°12" (a number sign, as
    "#12"), "1º", "2ª" (first, second), "12°" (degrees)."""
    if ch in _NOT_WORDS:
        return False
    return (
        ch.isalpha()
        or bool(unicodedata.combining(ch))
        or unicodedata.category(ch) == "So"
        or "\U0001f3fb" <= ch <= "\U0001f3ff"  # skin tones
        or ch == "\ufe0f"  # shown as an emoji ("❤️"); the joiners are dropped (_plain)
    )


class _Count(NamedTuple):
    """A number typed: its sign and digits, the words that qualify it (those of another number
    in the sentence taken out: "12 filles de moins de dix-huit ans" counts girls, not years),
    whether words restate it as another number ("12 (treize)") and whether a bound qualifies
    it ("plus de 12", "12 ou plus")."""

    negative: bool
    digits: str
    fraction: str
    around: str
    differs: bool = False
    bound: bool = False


def _number_parts(text: str, locale: str) -> _Count | None:
    """The sign, integer digits, fraction digits and words around a typed number.

    One number, with words, a unit or % around it ("12 personnes", "environ 200", "45%",
    "٤٥٪"); None when there is no number or more than one ("12 women and 8 men", "10-15").
    """
    plain = _plain(text)
    if not plain or len(plain) > _MAX_TYPED_LENGTH:
        return None
    runs = list(_NUMBER_RUN.finditer(plain))
    if not runs:
        in_words = _number_in_words(plain, locale)
        if in_words is None:
            return None
        return _Count(False, str(in_words[0]), "", in_words[1], bound=_typed_a_bound(text, locale))
    if len(runs) != 1:
        return None
    run = runs[0]
    token = run.group().rstrip(".,'’" + _SPACES)
    around = plain[: run.start()] + " " + plain[run.start() + len(token) :]
    if any(not _word_or_emoji(ch) for ch in around if ch not in _AROUND):
        return None  # "<b>2</b>", "2/3", "#12": not a number among words
    end = run.start() + len(token)
    if not _glued_words_known(plain[: run.start()], plain[end:]):
        return None  # "1st", "12th", "1er", "3x", "12abc": not a count of 12
    # "- 5", "– 5": a minus sign, as much as "-5" (a bullet before a count of 5 is as likely,
    # so the count is asked again rather than read either way)
    negative = token[0] == "-" or plain[: run.start()].strip(_SPACES) in _DASHES
    token = token.lstrip("+-")
    if len(token) > _MAX_NUMBER_LENGTH:
        return None
    parts = _split_number(token, locale)
    if parts is None:
        return None
    digits, fraction = parts
    own = _own_words(plain[: run.start()], plain[end:], locale)
    differs = any(value != int(digits) or bool(fraction.strip("0")) for value in own.restated)
    bound = own.bound or _BOUND_SIGN.search(plain) is not None
    return _Count(negative, digits, fraction, own.around, differs=differs, bound=bound)


# What breaks a sentence into parts: a number in words qualifies the words of its own part
# ("12 or more, two of them facilitators": "or more" is the twelve's).
_PART_BREAK = re.compile(r"[,;:.!?()\[\]{}/«»\"“”…،؛–—]|\s-|-\s")


class _Phrase(NamedTuple):
    part: int
    start: int  # word index in the side's words
    end: int
    value: int
    article: bool


class _OwnWords(NamedTuple):
    around: str  # the words that qualify the count
    restated: tuple[int, ...]  # the values of the numbers in words that restate it
    bound: bool  # a bound word qualifies it


def _side_words(text: str, locale: str) -> tuple[list[tuple[int, str]], list[_Phrase]]:
    """(part, folded word) of each word of one side of the digits, and its numbers in words."""
    words: list[tuple[int, str]] = []
    phrases = []
    for part, piece in enumerate(_PART_BREAK.split(text)):
        keys = _search_key(piece).split()
        for start, end, value in _number_phrases(" ".join(keys), locale):
            article = end - start == 1 and keys[start] in ARTICLES
            phrases.append(_Phrase(part, len(words) + start, len(words) + end, value, article))
        for index, key in enumerate(keys):  # "يومين": two days, a number of its own
            if key in _dual_keys():
                phrases.append(_Phrase(part, len(words) + index, len(words) + index + 1, 2, False))
        words.extend((part, key) for key in keys)
    return words, sorted(phrases, key=lambda phrase: phrase.start)


# Arabic duals of the units: the unit and its number two in one word ("١٢ على مدى يومين": 12
# over two days).
_ARABIC_DUALS = ("يومين", "ساعتين", "أسبوعين", "شهرين", "سنتين", "عامين")


@cache
def _dual_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in _ARABIC_DUALS)


def _bounds_in(words: list[tuple[int, str]], after: bool = False) -> list[tuple[int, int, bool]]:
    """(first word, past the last word, whether it bounds the number before it: "or more") of
    each bound phrase ("plus de", "or more"), "so far" and "more or less" left out, and after
    the number those only bounds before one."""
    key = " ".join(word for _part, word in words)
    key = _not_bound_pattern().sub(lambda match: "~" * len(match.group()), key)
    return [
        (
            key[: match.start()].count(" "),
            key[: match.end()].count(" ") + 1,
            match.group() in _bound_after_keys(),
        )
        for match in _bound_pattern().finditer(key)
        if not (after and match.group() in BOUND_BEFORE_ONLY)
    ]


@cache
def _bound_after_keys() -> frozenset[str]:
    return frozenset(_search_key(phrase) for phrase in BOUND_AFTER_ONLY)


def _own_words(before: str, after: str, locale: str) -> _OwnWords:
    """The words around digits that qualify them, in any order of the seven languages.

    A number in words restates the count when it stands beside the digits, alone or after
    "or", "that is" ("12 (treize)", "douze 12", "12 - treize", "12 or thirteen"). Any other
    number in words counts something else, and the words of its part of the sentence are its
    own: "12 girls under eighteen", "12 femmes dont deux animatrices", "12 over two days",
    "١٢ فتاة أقل من ثمانية عشر عاما" are 12 girls or women. A bound qualifies the count when no
    other number stands between them ("plus de 12", "12 ou plus", "12 au moins", "under 12").
    """
    words_before, before_phrases = _side_words(before, locale)
    words_after, after_phrases = _side_words(after, locale)
    restating: set[tuple[str, int]] = set()
    last = max((p for p in before_phrases if not p.article), default=None, key=lambda p: p.end)
    between = [word for _part, word in words_before[last.end :]] if last else []
    if last and _connectors_only(between):
        restating.add(("before", last.start))
    first = min((p for p in after_phrases if not p.article), default=None, key=lambda p: p.start)
    between = [word for _part, word in words_after[: first.start]] if first else []
    tail = [word for part, word in words_after[first.end :] if part == first.part] if first else []
    if first and _connectors_only(between) and _connectors_only(tail):
        noun = (
            first.start == 0
            and not tail  # "١٢ ست نساء" is 12 and six women: "ست" before a noun is six
            and not _PART_BREAK.match(after.lstrip())
            and (
                " ".join(word for _part, word in words_after[first.start : first.end])
                in _ALSO_NOUNS
            )
        )
        if not noun:  # "١٢ ست": 12 ladies, as "ست" is also six
            restating.add(("after", first.start))
    restated = tuple(
        p.value
        for side, phrases in (("before", before_phrases), ("after", after_phrases))
        for p in phrases
        if (side, p.start) in restating
    )

    def others(side: str, phrases: list[_Phrase]) -> list[_Phrase]:
        return [p for p in phrases if (side, p.start) not in restating and not p.article]

    # "or more" bounds the number before it, "more than" the one after it, "at least" either
    bound = any(
        not any(
            p.end <= start if of_the_one_before else p.start >= end
            for p in others("before", before_phrases)
        )
        for start, end, of_the_one_before in _bounds_in(words_before)
    ) or any(
        not any(
            p.end <= start
            if of_the_one_before
            else p.start >= start and p.part == words_after[start][0]
            for p in others("after", after_phrases)
        )
        for start, _end, of_the_one_before in _bounds_in(words_after, after=True)
    )
    kept: list[str] = []
    for side, words, phrases in (
        ("before", words_before, before_phrases),
        ("after", words_after, after_phrases),
    ):
        dropped: set[int] = set()
        bound_starts = {bound[0] for bound in _bounds_in(words)}
        for p in phrases:
            if (side, p.start) in restating:  # a dual's unit stays: "2 يومين" is 2 days
                dropped.update(i for i in range(p.start, p.end) if words[i][1] not in _dual_keys())
                continue
            index = p.start  # the words of its part are its own, up to a bound
            unit_first = index - 1 >= (1 if side == "after" else 0) and any(
                words[index - 1][1] in _unit_keys(unit) for unit in UNIT_WORDS
            )
            if unit_first and words[index - 1][0] == p.part:
                index -= 1  # "siku mbili", "miaka kumi na nane": the unit before the number
            while index < len(words) and words[index][0] == p.part:
                if index >= p.end and index in bound_starts:
                    break
                dropped.add(index)
                index += 1
        kept.extend(
            word
            for index, (_part, word) in enumerate(words)
            if index not in dropped or word in _magnitude_keys()  # "deux cents 3": not 3
        )
    signs = "".join(ch for ch in before + after if not ch.isalnum() and not ch.isspace())
    return _OwnWords(f"{' '.join(kept)} {signs}", restated, bound)


# Words between digits and a number in words that make it say the count again: "12 ou treize",
# "12 soit treize", "12, that is twelve", "12 i.e. thirteen", "12 yaani kumi na mbili",
# "١٢ أي اثنا عشر", and whom it counts ("12 filles (treize)", "treize personnes 12"). A number
# in words with other words of its own counts something else ("12, two of them facilitators").
_RESTATING_PHRASES = re.compile(
    r"(?<!\S)(?:i e|that is|c est a dire|es decir|o sea|ou seja|izany hoe)(?!\S)"
)
_RESTATING = frozenset(
    {"or", "ie", "ou", "soit", "cad", "o", "yaani", "au", "ama", "ni", "na", "او", "اي"}
)
# Numbers in words that are also what is counted: "١٢ ست" (colloquial Arabic: 12 ladies).
_ALSO_NOUNS = frozenset({"ست"})


@cache
def _restating_keys() -> frozenset[str]:
    texts = [*PEOPLE_WORDS, *APPROX_WORDS, *(w for words in GROUP_WORDS.values() for w in words)]
    return _RESTATING | frozenset(word for text in texts for word in _search_key(text).split())


def _connectors_only(words: list[str]) -> bool:
    """Only "or", "that is", "about" or whom it counts between digits and words."""
    rest = _RESTATING_PHRASES.sub(" ", " ".join(words)).split()
    return all(word in _restating_keys() for word in rest)


@cache
def _number_word_index(locale: str) -> dict[str, int]:
    """Folded numbers in words a reader of `locale` may type → their value: in their language,
    English and French (as month names); a phrase two of these read otherwise is left out."""
    index: dict[str, int] = {}
    clashes = set()
    for language in dict.fromkeys((base_language(locale) or "en", "en", "fr")):
        for phrase, value in NUMBER_WORDS.get(language, ()):
            key = _search_key(phrase)
            if index.setdefault(key, value) != value:
                clashes.add(key)
    return {key: value for key, value in index.items() if key not in clashes}


_LONGEST_NUMBER_PHRASE = 6  # words: "quatre vingt dix sept", "iraika ambin ny folo"


def _number_phrases(key: str, locale: str) -> list[tuple[int, int, int]]:
    """(first word, past its last word, value) of each number in words in folded text, the
    longest phrase first: "vingt et un" is 21, not 20 and 1."""
    index = _number_word_index(locale)
    words = key.split()
    found = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + _LONGEST_NUMBER_PHRASE), start, -1):
            value = index.get(" ".join(words[start:end]))
            if value is not None:
                found.append((start, end, value))
                start = end
                break
        else:
            start += 1
    return found


@cache
def _words_beside_a_number() -> frozenset[str]:
    """The folded words a number in words may stand among: whom or what it counts, a unit,
    "about", per cent, a magnitude or a half (the last three to be refused with their reason)."""
    texts = [
        *PEOPLE_WORDS,
        *APPROX_WORDS,
        *(word for words in GROUP_WORDS.values() for word in words),
        *(word for words in UNIT_WORDS.values() for word in words),
        *PERCENT_WORDS,
        *MAGNITUDE_WORDS,
        *FRACTION_PHRASES,
    ]
    return frozenset(word for text in texts for word in _search_key(text).split())


def _number_in_words(plain: str, locale: str) -> tuple[int, str] | None:
    """(value, the words around) of one whole number from 0 to 100 written in words
    ("douze", "vingt-cinq personnes", "kumi na mbili"), or None: none, several, or words
    around it that are not understood ("un groupe" is no count of 1)."""
    if any(not _word_or_emoji(ch) for ch in plain if ch not in _AROUND):
        return None
    key = _search_key(plain)
    phrases = _number_phrases(key, locale)
    if len(phrases) != 1:
        return None
    start, end, value = phrases[0]
    words = key.split()
    rest = words[:start] + words[end:]
    if any(word not in _words_beside_a_number() for word in rest):
        return None
    if _lone_fraction(" ".join(rest)):
        return None  # "une demi-journée", "una media hora": not 1 day, not 1 hour
    signs = "".join(ch for ch in plain if not ch.isalnum() and not ch.isspace())
    return value, f"{' '.join(rest)} {signs}"


_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"[^\W\d_]+")


def _glued_words_known(before: str, after: str) -> bool:
    """Whether the letters written onto a number, with no space, leave it a count: a rank
    ("12th", "1er", "2e", "12ème", "3ro"), a multiplier ("3x", "x3") or a number sign ("n12",
    "faha-12") does not. Other letters are read as they are with a space ("12filles", "12p",
    "12vavy" as "12 filles"): a unit, a magnitude or another group is then refused for that."""
    word_before, word_after = _WORD_BEFORE.search(before), _WORD_AFTER.match(after)
    if word_before and _search_key(word_before.group()) in GLUED_BEFORE_NOT_A_COUNT:
        return False
    return not (word_after and _search_key(word_after.group()) in GLUED_AFTER_NOT_A_COUNT)


def decimal_text(value: Decimal) -> str:
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


def _trimmed(text: str) -> str:
    """Typed text as stored: NFC, without spaces around it, and empty when nothing in it can
    be seen (only a right-to-left mark, a zero-width space, a byte-order mark)."""
    text = unicodedata.normalize("NFC", text).strip()
    visible = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return text if visible.strip() else ""


# Letters that draw nothing (Hangul fillers, the blank Braille pattern): an "invisible"
# message is typed with them.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def typed_blank(text: str) -> bool:
    """Nothing in the typed text can be seen: spaces, invisible format characters (a
    zero-width space, a right-to-left mark) or blank letters only."""
    return all(
        ch.isspace() or ch in _BLANK_LETTERS or unicodedata.category(ch) == "Cf" for ch in text
    )


def _text_error(
    question: Question, value: str, screen_patterns: Sequence[str], *, suggest: bool = True
) -> FormError | None:
    if not _trimmed(value):
        return FormError(EMPTY_ANSWER)
    if not any(ch.isalnum() for ch in value):  # "👍" for the town, "-" for the partner
        return FormError(
            N_("Please answer in words: emoji or signs alone cannot be stored in a report.")
        )
    if question.max_length is not None and len(value) > question.max_length:
        return FormError.counted(
            Nn_(
                "Please shorten your text to {max} character (it has {length}).",
                "Please shorten your text to {max} characters (it has {length}).",
            ),
            "max",
            {"max": question.max_length, "length": len(value)},
        )
    if question.screen:
        findings = screen_text(value, screen_patterns)
        if findings:
            # Every finding of the first one's kind at once: naming one child at a time led
            # the officer to remove one name per attempt.
            kind = findings[0].kind
            if kind in _WITH_A_CHILD and any(f.kind == CHILD for f in findings):
                kind = CHILD  # her name first: taken out, her school may stay
            found = [value[f.start : f.end] for f in findings if f.kind == kind]
            several = kind == CHILD and len(found) > 1  # not "the name “Juma, Amina”"
            message = _CHILD_NAMES if several else _SCREENING_MESSAGES[kind]
            # Offered only if it would be taken: the screening may find more in what is left.
            cleaned = without_findings(value, findings) if suggest else None
            if cleaned and _text_error(question, cleaned, screen_patterns, suggest=False):
                cleaned = None
            return FormError(
                message, {"found": ", ".join(found)}, private=True, suggestion=cleaned
            )
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
            return FormError(EMPTY_ANSWER)
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

_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ـ": None}
)


def _fold(text: str) -> str:
    """Lower case, without accents or Arabic letter variants: for matching typed words."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_ARABIC_FOLD)


def _search_key(text: str) -> str:
    """'Côte d’Ivoire' → 'cote d ivoire': folded words, punctuation as word breaks."""
    return " ".join(re.findall(r"[^\W_]+", _fold(text)))


_T = TypeVar("_T")


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance (a swap of neighbours counts as one typo), or limit + 1 when above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def _typos_allowed(key: str) -> int:
    """How many typos a typed word of this length may hold and still mean one thing."""
    length = len(key.replace(" ", ""))
    return 0 if length <= 3 else 1 if length <= 5 else 2 if length <= 10 else 3


def meant_command(typed: str, names: Sequence[str]) -> str | None:
    """The one command of `names` a mistyped one stands for ("raport" for "report", "mision"
    for "missions"), as many typos away as a typed choice may be; None when none is that
    near, or two are as near."""
    word = typed.lower()
    if word in names:
        return None
    limit = _typos_allowed(word)
    near = sorted(
        (distance, name) for name in names if (distance := _distance(word, name, limit)) <= limit
    )
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return None
    return near[0][1]


def _pick(
    typed: str, options: Sequence[tuple[_T, Sequence[str]]], *, partial: bool = True
) -> _T | None:
    """The one option the typed text names, or None when none or several could be meant.

    In order: a whole name (case, accents and punctuation aside), the start of a name, the
    starts of a name's words ("social work" → "Social sector workers") unless `partial` is
    False, then a name with a typo or two when it is clearly closer than any other.
    """
    key = _search_key(typed)
    if not key:
        return None
    names = [(value, name) for value, texts in options for t in texts if (name := _search_key(t))]
    compact = key.replace(" ", "")
    typed_words = [w for w in key.split() if len(w) >= 3]
    levels: list[Callable[[str], bool]] = [
        lambda name: name == key or name.replace(" ", "") == compact,
        lambda name: len(compact) >= 3 and name.startswith(key),
        lambda name: (
            bool(typed_words)
            and all(any(w.startswith(t) for w in name.split()) for t in typed_words)
        ),
    ]
    for level, matches in enumerate(levels if partial else levels[:1]):
        found = list(dict.fromkeys(value for value, name in names if matches(name)))
        if len(found) == 1 and level == 1:
            # The start of one name that starts a word of another ("formation": "Formation de
            # formateurs" and "Session de formation"; "secteur": "Secteur privé" and
            # "Professionnels du secteur social") may mean either.
            words = {value for value, name in names if levels[2](name)}
            if words - set(found):
                return None
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    allowed = _typos_allowed(key)
    if not allowed:
        return None
    best: dict[_T, int] = {}
    for value, name in names:
        candidates = [name]
        if len(compact) >= 5 and len(name) > len(key):
            candidates.append(name[: len(key)])  # the start of a longer name, mistyped
        distance = min(_distance(key, c, allowed) for c in candidates)
        best[value] = min(best.get(value, allowed + 1), distance)
    ranked = sorted(best.items(), key=lambda item: item[1])
    if not ranked or ranked[0][1] > allowed:
        return None
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


# -- numbers


def _unit_error(
    around: str, answers: Answers, head_count: bool = False, *, length: bool = False
) -> FormError | None:
    """A unit typed next to the number that contradicts the unit chosen earlier (at a head
    count a letter that is also a group's, "12 H", is that group's, not hours). At a `length`
    an "m" alone ("30m", "3 m") is minutes or months, neither days nor hours."""
    chosen = {value for value in answers.values() if isinstance(value, str)} & set(UNIT_WORDS)
    if not chosen:
        return None
    groups = _all_group_keys() if head_count else frozenset()
    words = _search_key(around).split()
    typed = {
        unit
        for word in words
        for unit, unit_words in UNIT_WORDS.items()
        if word in _unit_keys(unit) and word not in groups
    }
    if length and words == ["m"]:
        typed = {"minutes", "months"}
    if typed and not typed & chosen:
        return FormError(
            N_(
                "This unit is not the one you chose for this answer. Please type the number "
                "alone, or go back to change the unit."
            )
        )
    return None


def _unit_keys_typed(around: str, head_count: bool = False) -> bool:
    """A unit beside a count ("12 jours", "12 ans" at how many women): not a count of people.
    At a head count a letter that is also a group's ("12 H": hommes) is that group's."""
    groups = _all_group_keys() if head_count else frozenset()
    return any(
        word in _unit_keys(unit) and word not in groups
        for word in _search_key(around).split()
        for unit in UNIT_WORDS
    )


@cache
def _all_group_keys() -> frozenset[str]:
    return frozenset().union(*(_group_keys(group) for group in GROUP_WORDS))


@cache
def _unit_keys(unit: str) -> frozenset[str]:
    return frozenset(_search_key(word) for word in UNIT_WORDS[unit])


@cache
def _magnitude_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in MAGNITUDE_WORDS)


def typed_a_length_of_time(text: str, locale: str) -> bool:
    """Digits, a unit of time or a number in words ("7 jours", "une semaine", "sept jours",
    "a week", "wiki moja", "mwezi mmoja"): a length of time, which no country's code or name
    is."""
    plain = _plain(text)
    if any(ch.isdigit() for ch in plain):
        return True
    key = _search_key(plain)
    units = {word for unit in UNIT_WORDS for word in _unit_keys(unit) if len(word) > 1}
    words = key.split()
    numbers = [
        phrase
        for phrase in _number_phrases(key, locale)
        if not (phrase[1] - phrase[0] == 1 and words[phrase[0]] in ARTICLES)
    ]
    return bool(numbers) or any(word in units for word in words)


@cache
def _approximate_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in APPROXIMATE_MAGNITUDES)


def _about_how_many(plain: str, locale: str) -> bool:
    """ "une dizaine", "a dozen", "des centaines", "uma dúzia": about how many, with no digits
    nor number in words to type in digits (unlike "deux cents", "deux douzaines")."""
    key = _search_key(plain)
    if any(ch.isdigit() for ch in key):
        return False
    magnitudes = {word for word in key.split() if word in _magnitude_keys()}
    words = key.split()
    numbers = [
        phrase
        for phrase in _number_phrases(key, locale)
        if not (phrase[1] - phrase[0] == 1 and words[phrase[0]] in ARTICLES)
    ]
    return bool(magnitudes) and magnitudes <= _approximate_keys() and not numbers


def _magnitude_error(around: str, millions: bool = False) -> FormError | None:
    """A word that multiplies the number ("12 mil", "elfu 12", "12k"): refused, not dropped.
    Where a million may be meant (`millions`: "10M" people reached), "M" is a million too;
    elsewhere it is a group's letter ("12 M": men, or mujeres, trainers trained)."""
    words = _search_key(around).split()
    if any(word in _magnitude_keys() for word in words) or (millions and words == ["m"]):
        return FormError(
            N_("Please type the whole number in digits, for example 12000 for twelve thousand.")
        )
    return None


@cache
def _fraction_pattern() -> re.Pattern[str]:
    phrases = sorted({_search_key(phrase) for phrase in FRACTION_PHRASES}, key=len, reverse=True)
    of = "|".join(map(re.escape, FRACTION_OF))
    return re.compile(
        r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + rf")(?!\S)(?! (?:{of})(?!\S))"
    )


@cache
def _fraction_phrase_pattern() -> re.Pattern[str]:
    phrases = sorted({_search_key(phrase) for phrase in FRACTION_PHRASES}, key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)")


@cache
def _half_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in HALF_WORDS)


def _lone_fraction(around: str) -> bool:
    """A half or a quarter beside the number, not in "and a half" ("une demi-journée",
    "1 half day", "una media hora"): a part of one unit, not that many units."""
    rest = _fraction_phrase_pattern().sub(" ", _search_key(around))
    return any(word in _half_keys() for word in rest.split())


def _has_fraction(around: str) -> bool:
    """ "et demie", "y media", "na nusu", "ونصف" after the number: a half the number lacks."""
    return _fraction_pattern().search(_search_key(around)) is not None


@cache
def _group_keys(group: str) -> frozenset[str]:
    return frozenset(_search_key(word) for word in GROUP_WORDS.get(group, ()))


def _letter_groups(letter: str, locale: str) -> frozenset[str]:
    """The groups a letter after a head count may stand for ("m": men in English, women in
    Spanish): in the reader's language if it uses the letter, else in any of the seven."""
    languages = [base_language(locale) or "en"]
    if not any(letter in letters for letters in GROUP_LETTERS.get(languages[0], {}).values()):
        if len(letter) > 1:  # "ke", "me": Swahili marks, but "me" is a word elsewhere
            return frozenset()
        languages = list(GROUP_LETTERS)
    return frozenset(
        group
        for language in languages
        for group, letters in GROUP_LETTERS.get(language, {}).items()
        if letter in letters
    )


# Words that say none of whom follows ("no women", "aucune femme", "pas de femmes", "sin
# mujeres", "hakuna wanawake", "tsy misy vehivavy", "لا نساء"), and those that may stand between
# ("not any", "pas de", "sans les").
_NEGATIONS = frozenset(
    _search_key(word)
    for word in (
        "no", "not", "without", "zero", "aucun", "aucune", "pas", "sans", "ningun", "ninguna",
        "sin", "nenhum", "nenhuma", "sem", "nao", "hakuna", "bila", "tsy", "misy", "tsisy",
        "لا", "بدون", "بلا",
    )
)  # fmt: skip
_BETWEEN_NEGATION = frozenset({"any", "de", "d", "of", "the", "les", "las", "los", "os", "as"})


def _negated(before: list[str]) -> bool:
    """Whether the word after `before` is said none of: "no" before it, "pas de" or "not any"."""
    i = len(before) - 1
    while i >= 0 and before[i] in _BETWEEN_NEGATION:
        i -= 1
    return i >= 0 and before[i] in _NEGATIONS


def _group_error(
    around: str, counts: str | None, locale: str, text: str | None = None
) -> FormError | None:
    """A head count typed with a word for another group than the one asked ("12 men" at the
    women's question, "12 M" in English): the number was meant for another question."""
    if counts is None:
        return None
    typed = set(_search_key(around).split())
    # "no women, 12 men" at the women's question: the women said none of is not whom 12 counts
    # (the whole text, its number in place: "ninguna, 12 hombres" says none of no men)
    whole = _search_key(_plain(text) if text is not None else around)
    words = re.sub(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)", " ", whole).split()  # "12h"
    counted = {word for i, word in enumerate(words) if not _negated(words[:i])} & typed
    named = {group for group in GROUP_WORDS if counted & _group_keys(group)}
    if len(typed) == 1:  # "12 M", "12m": a letter alone, not "l" of "formées par l'équipe"
        named |= _letter_groups(next(iter(typed)), locale)
    if named - {counts} and counts not in named:
        return FormError(
            N_(
                "This number seems to count another group than the one asked. Please type "
                "the number for this question alone."
            )
        )
    if len(named) > 1 and not typed & _group_keys(counts):  # "12 M" in Swahili: men or women?
        return FormError(N_("Please enter a whole number, for example 12."))
    return None


@cache
def _percent_keys() -> frozenset[str]:
    return frozenset(_search_key(word).replace(" ", "") for word in PERCENT_WORDS)


def typed_a_percentage(text: str) -> bool:
    """A share typed, with a mark or a word: "50 %", "50 percent", "50 pourcent", "٥٠٪"."""
    compact = _search_key(text).replace(" ", "")
    return any(mark in text for mark in PERCENT_MARKS) or any(
        word in compact for word in _percent_keys()
    )


def _without_percent(around: str) -> str:
    """The words around a number without those of "per cent" ("pour cent", "por ciento",
    "isan-jato"), whose "cent", "ciento", "jato" are no hundred to multiply by."""
    words = _search_key(around).split()
    kept: list[str] = []
    i = 0
    while i < len(words):
        if "".join(words[i : i + 2]) in _percent_keys():
            i += 2
        elif words[i] in _percent_keys():
            i += 1
        else:
            kept.append(words[i])
            i += 1
    return " ".join(kept)


def _percent_error(around: str) -> FormError | None:
    """A head count asked, a share typed ("50 %", "50 percent", "٥٠٪"): not a count. (Other
    whole numbers keep their %: a form may ask for one.)"""
    if typed_a_percentage(around):
        return FormError(N_("Please type how many, not a percentage: for example 12."))
    return None


_MAYBE_THOUSANDS = FormError(
    N_(
        "A point or comma followed by three digits may mean a thousand. Please type "
        "the number without it, for example 1500."
    )
)


NUMBERS_DIFFER = N_(
    "The number in words is not the number in digits. Please type the number once, for example 12."
)
WITH_DECIMALS = N_("Please type the number in digits with its decimals, for example {example}.")


# Two numbers as a range ("10-12", "10 à 12", "10 hadi 12", "entre 10 et 12", "١٠-١٢"): one
# number is asked, and "Please enter a whole number" did not say what was wrong with them.
_RANGE = re.compile(
    r"[0-9]+\s*(?:-|–|—|~|to|a|au|ate|hadi|mpaka|(?:ka )?hatramin'?ny|ila|الي)\s*[0-9]+"
    r"|(?:between|entre|kati ya|بين|anelanelan'?ny)\s+[0-9]+\s*(?:and|et|y|e|na|sy|و)\s*[0-9]+"
)
RANGE_TYPED = N_("Please type one number rather than a range, for example 12.")


BOUND_TYPED = N_(
    "Please type the exact number, not a minimum or a maximum: for example 12 rather than "
    "“more than 12” or “12+”."
)
# "12+", ">12", "≥ 12": a sign that makes the number a bound
_BOUND_SIGN = re.compile(r"[0-9]\s*\+|[<>≤≥⩽⩾]")


@cache
def _bound_pattern() -> re.Pattern[str]:
    phrases = sorted({_search_key(phrase) for phrase in BOUND_WORDS}, key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)")


@cache
def _not_bound_pattern() -> re.Pattern[str]:
    phrases = sorted({_search_key(phrase) for phrase in BOUND_NOT}, key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\S)")


def _typed_a_bound(text: str, locale: str) -> bool:
    """ "more than 12", "plus de 12", "12 ou plus", "zaidi ya 12", "12 mahery", "أكثر من ١٢",
    "12+", ">12": the least or the most, not how many."""
    plain = _plain(text)
    if len(_ASCII_DIGITS.findall(plain)) > 1:
        return False  # "10 hasta 12", "12 or more men, 8 women": not one number
    if _BOUND_SIGN.search(plain):
        return True
    key = _search_key(plain)
    words = key.split()
    in_words = [
        phrase
        for phrase in _number_phrases(key, locale)
        if not (phrase[1] - phrase[0] == 1 and words[phrase[0]] in ARTICLES)
    ]
    if not _ASCII_DIGITS.search(plain) and len(in_words) > 1:
        return False  # "douze filles de moins de dix-huit ans": which one is bounded?
    key = _not_bound_pattern().sub(" ", key)
    return _bound_pattern().search(key) is not None


def _typed_a_range(text: str) -> bool:
    plain = _fold(_plain(text))
    return len(_ASCII_DIGITS.findall(plain)) == 2 and _RANGE.search(plain) is not None


# "n/a" is nothing to say, not a count of nobody: not applicable or not known is no 0.
_NOT_ZERO = frozenset({"n/a"})


@cache
def _zero_keys() -> frozenset[str]:
    words = (*ZERO_WORDS, *(w for w in NOTHING_WORDS if w not in _NOT_ZERO))
    return frozenset(_search_key(word) for word in words)


def _parse_integer(
    text: str,
    locale: str,
    answers: Answers,
    counts: str | None = None,
    *,
    share: bool = False,
    unitless: bool = True,
    millions: bool = False,
) -> Parsed:
    """A whole number; `counts` names whom a head count counts, `share` says the question
    may be answered with a percentage (a whole number of 100 at most that counts nobody),
    `unitless` that it follows no unit question (a unit typed there is no count of people),
    `millions` that it may be a million or more (an "M" after it is a million)."""
    parts = _number_parts(text, locale)
    if (
        parts.bound
        if parts is not None
        else _typed_a_bound(text, locale) and not _typed_a_range(text)
    ):
        return Parsed(error=FormError(BOUND_TYPED))
    if parts is None and (nobody := _nobody(text, counts)) is not None:
        return nobody  # "aucun", "hakuna", "nobody came", "لم يحضر أحد": how many? none
    if _about_how_many(_plain(text), locale):  # "une dizaine", "a dozen": no number
        return Parsed(error=FormError(N_("Please enter a whole number, for example 12.")))
    if parts is None and (magnitude_error := _magnitude_error(_plain(text))) is not None:
        return Parsed(error=magnitude_error)  # "cent douze", "two hundred": in digits
    if parts is None:
        message = (
            RANGE_TYPED
            if _typed_a_range(text)
            else N_("Please enter a whole number, for example 12.")
        )
        return Parsed(error=FormError(message))
    negative, digits, fraction, around, differs, _bound = parts
    if not share and (percent_error := _percent_error(around)) is not None:
        return Parsed(error=percent_error)
    if unitless and _unit_keys_typed(around, head_count=counts is not None):
        return Parsed(error=FormError(N_("Please enter a whole number, for example 12.")))
    if (magnitude_error := _magnitude_error(around, millions and counts is None)) is not None:
        return Parsed(error=magnitude_error)
    if differs:
        return Parsed(error=FormError(NUMBERS_DIFFER))
    if len(fraction) == 3:
        # "1.000" or "1.500" where the point is the decimal mark: most likely a thousand
        # written the other way, maybe one. Neither is guessed.
        return Parsed(error=_MAYBE_THOUSANDS)
    if fraction.strip("0") or _has_fraction(around):  # "6,5", "12 et demi"
        return Parsed(error=FormError(N_("Please enter a whole number, without decimals.")))
    if _typed_a_rate(around):
        return Parsed(error=FormError(RATE_TYPED))
    if (
        unit_error := _unit_error(around, answers, counts is not None)
        or _group_error(around, counts, locale, text)
    ) is not None:
        return Parsed(error=unit_error)
    return Parsed(-int(digits) if negative else int(digits))


@cache
def _nobody_came_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in NOBODY_CAME_WORDS)


def _nobody(text: str, counts: str | None) -> Parsed | None:
    """0 for "none" or "nobody" typed at a count, alone or said in a few words ("nobody came",
    "personne n'est venu", "aucune femme", "لم يحضر أحد"); None when the words say more."""
    key = _search_key(_plain(text))
    if key in _zero_keys():
        return Parsed(0)
    words = key.split()
    zero = next(
        (
            phrase.split()
            for phrase in sorted(_zero_keys(), key=len, reverse=True)
            if f" {phrase} " in f" {key} "
        ),
        None,
    )
    if zero is not None:
        start = next(i for i in range(len(words)) if words[i : i + len(zero)] == zero)
        rest = words[:start] + words[start + len(zero) :]
        if start and words[0] in ("no", "nao") and " ".join(zero) not in _no_keys():
            rest = rest[1:]  # "no vino nadie", "não veio ninguém": the negation said twice
        after = words[start + len(zero) : start + len(zero) + 1]
        if rest and " ".join(zero) in _no_keys() and not set(after) & _counted_keys():
            return None  # "no, all of them were there": "no" answers something else
    elif "لم" in words and {"احد", "اي"} & set(words):  # "لم يحضر أحد": not one came
        rest = words
    else:
        return None
    others = {group for group in GROUP_WORDS if group != counts and set(rest) & _group_keys(group)}
    said = _nobody_came_keys() | _group_keys(counts or "") | _people_keys()
    if not rest or not all(word in said or word in _all_group_keys() for word in rest):
        return None
    if zero == ["personne"] and not {"n", "ne"} & set(rest):  # "la personne": a person
        return None
    if others:  # "no men" at how many women: the answer of another question
        error = _group_error(" ".join(rest), counts, "en")
        return None if error is None else Parsed(error=error)  # "no women, all men": asked
    return Parsed(0)


@cache
def _no_keys() -> frozenset[str]:
    """ "no", "non", "hapana": no as an answer, "none" only before whom it counts ("no
    women")."""
    return frozenset(_search_key(word) for word in NO_WORDS)


@cache
def _counted_keys() -> frozenset[str]:
    return _all_group_keys() | _people_keys()


@cache
def _people_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in PEOPLE_WORDS)


RATE_TYPED = N_(
    "Please type the total, not a number for each day, group or session: for example 12."
)


@cache
def _rate_keys() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return tuple(  # type: ignore[return-value]
        frozenset(_search_key(word) for word in words)
        for words in (RATE_WORDS, RATE_BEFORE, RATE_OF)
    )


def _typed_a_rate(around: str) -> bool:
    """ "6 per session", "12 daily", "6 par groupe", "١٢ يوميا": so many for each of something,
    not the total."""
    alone, before, of = _rate_keys()
    words = _search_key(around).split()
    return any(
        (word in alone and not _no_rate(words[i - 1 : i], word, words[i + 1 : i + 2]))
        or (word in before and words[i + 1 : i + 2] and words[i + 1] in _rate_of(word, of))
        for i, word in enumerate(words)
    )


@cache
def _rate_nouns() -> dict[str, frozenset[str]]:
    return {
        word: frozenset(_search_key(noun) for noun in nouns)
        for word, nouns in RATE_BEFORE_ONLY.items()
    }


def _rate_of(word: str, of: frozenset[str]) -> frozenset[str]:
    """The nouns after which `word` makes a rate ("kwa siku"; not "kwa mafunzo")."""
    return _rate_nouns().get(word, of)


# "12 as per the register", "12 per the attendance list": according to, no rate
_PER_AS_SAID = frozenset(
    {"the", "our", "my", "their", "attendance", "register", "registers", "list", "lists",
     "records", "sheet", "sheets", "report"}
)  # fmt: skip


def _no_rate(before: list[str], word: str, after: list[str]) -> bool:
    """A rate word that says no rate here: "as per", "per the register" (according to), "كل"
    before a definite noun ("حضرن كل الأيام": all the days, not each day)."""
    if word == "per":
        return before == ["as"] or bool(set(after) & _PER_AS_SAID)
    return word == "كل" and any(w.startswith("ال") and len(w) > 3 for w in after)


# Hours and minutes as a clock writes them ("2h30", "1 h 45", "2:30", "2h30min").
_HOURS_MINUTES = re.compile(r"([0-9]{1,4})\s?(?:h|:)\s?([0-5][0-9])\s?(?:min|mn|m)?")


def _hours_and_minutes(text: str) -> Decimal | None:
    """ "2h30" at a number counted in hours: 2.5 (to the hundredth: "2h20" is 2.33), rather
    than no number at all."""
    match = _HOURS_MINUTES.fullmatch(_fold(_plain(text)))
    if match is None:
        return None
    hours = Decimal(match.group(1)) + Decimal(match.group(2)) / 60
    return hours.quantize(Decimal("0.01"))


# "12 out of 20" as the seven languages say it: a mark, not a percentage.
_OUT_OF = tuple(
    word.split()
    for word in ("out of", "of", "sur", "sobre", "de", "em", "kati ya", "amin ny", "من")
)
_MARK = re.compile(r"[0-9]\s*/\s*[0-9]")
OUT_OF_TYPED = N_("Please type the score as a percentage: for example 60 for 12 out of 20.")


def _typed_a_mark(text: str, locale: str) -> bool:
    """ "12/20", "12 sur vingt", "12 out of twenty", "١٢ من عشرين": a mark out of a total,
    which a question asking for a percentage would store as 12 per cent."""
    plain = _plain(text)
    if _MARK.search(plain):
        return True
    words = _search_key(plain).split()
    starts = {start for start, _end, _value in _number_phrases(" ".join(words), locale)}
    numbers = starts | {i for i, word in enumerate(words) if word.isdigit()}
    return any(
        words[i : i + len(out_of)] == out_of
        and any(n < i for n in numbers)
        and i + len(out_of) in numbers
        for i in range(len(words))
        for out_of in _OUT_OF
    )


def _parse_decimal(
    text: str, locale: str, answers: Answers, hours: bool = False, *, share: bool = False
) -> Parsed:
    """A number; `share` says the question asks for a percentage ("12 sur 20" is no 12 %)."""
    if hours and (clock := _hours_and_minutes(text)) is not None:
        return Parsed(decimal_text(clock))
    if share and _typed_a_mark(text, locale):
        return Parsed(error=FormError(OUT_OF_TYPED))
    parts = _number_parts(text, locale)
    if parts.bound if parts is not None else _typed_a_bound(text, locale):
        return Parsed(error=FormError(BOUND_TYPED))
    about = _about_how_many(_plain(text), locale)  # "une dizaine", "a dozen": no number
    if parts is None and not about and (magnitude_error := _magnitude_error(_plain(text))):
        return Parsed(error=magnitude_error)
    if parts is None or about:
        return Parsed(error=FormError(N_("Please enter a number, for example 12 or 3.5.")))
    negative, digits, fraction, around, differs, _bound = parts
    if (magnitude_error := _magnitude_error(_without_percent(around))) is not None:
        return Parsed(error=magnitude_error)
    if differs:
        return Parsed(error=FormError(NUMBERS_DIFFER))
    if len(fraction) == 3 and len(digits) <= 3 and digits.strip("0"):
        # "1.500" (a French officer's 1,500 hours) or "1,000": one mark, three digits after
        # it, as a thousand is written. "0,125" and "1.200,500" are plain decimals.
        return Parsed(error=_MAYBE_THOUSANDS)
    half_a_unit = _lone_fraction(around) and _unit_keys_typed(around)  # "1 demi-journée"
    if _has_fraction(around) or half_a_unit:  # "6 heures et demie": 6.5, not 6
        example = format_number(Decimal("6.5"), locale)
        return Parsed(error=FormError(WITH_DECIMALS, {"example": example}))
    if _typed_a_rate(_without_percent(around)):  # "2 hours per day": the length unknown
        return Parsed(error=FormError(RATE_TYPED))
    if (unit_error := _unit_error(around, answers, length=True)) is not None:
        return Parsed(error=unit_error)
    number = Decimal(f"{'-' if negative else ''}{digits}.{fraction or '0'}")
    if share and 0 < number < 1 and not typed_a_percentage(text):
        # "0.6": a spreadsheet's 60 %, far likelier than an average score of 0.6 %
        return Parsed(error=FormError(OUT_OF_TYPED))
    return Parsed(decimal_text(number))


# -- dates

# Words around a typed date: "on the 2nd", "le 1er", "el día 2 de", "no dia 2 de", "tarehe 2"
# (Swahili: date), "tamin'ny faha-2" (Malagasy: on the 2nd), "يوم/في/بتاريخ ٢" (Arabic: on).
_DATE_FILLER = frozenset(
    {
        *("de", "del", "of", "the", "le", "el", "er", "st", "nd", "rd", "th", "o", "a", "on"),
        *("dia", "em", "no", "tarehe", "ny", "tamin", "faha", "يوم", "في", "بتاريخ"),
    }
)
_DATE_PUNCTUATION = frozenset(" \t/-.,،'’\u00a0\u202f")
# Month names CLDR gives other Arabic-speaking regions: Maghreb (يوليوز، غشت، شتنبر، نونبر،
# دجنبر) and Levant/Iraq (كانون الثاني، شباط، آذار، نيسان…).
_ARABIC_MONTH_LOCALES = ("ar_MA", "ar_DZ", "ar_LB", "ar_IQ")


def _locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en")


def _name_locales(locale: str) -> list[Locale]:
    """Whose month and weekday names a user may type: their language's, English, French
    (officers in Madagascar and the Maghreb often write dates in French)."""
    codes = [*read_locales(locale), "en", "fr"]
    if _locale(locale).language == "ar":
        codes += _ARABIC_MONTH_LOCALES
    return [_locale(code) for code in dict.fromkeys(codes)]


@cache
def _month_names(locale: str) -> dict[str, int]:
    """Folded month names (wide and abbreviated) a user may type → 1..12."""
    names: dict[str, int] = {}
    for loc in _name_locales(locale):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.months[context][width].items():
                    names.setdefault(_search_key(str(name)), int(number))
    return names


@cache
def _weekday_names(locale: str) -> dict[str, int]:
    """Folded weekday names a user may type → 0 (Monday) .. 6."""
    names: dict[str, int] = {}
    for loc in _name_locales(locale):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in loc.days[context][width].items():
                    key = _search_key(str(name))
                    names.setdefault(key, int(number))
                    names.setdefault(key.split()[0], int(number))  # "segunda" for segunda-feira
                    if key.startswith("ال") and len(key) > 4:  # "الاثنين" ~ "اثنين"
                        names.setdefault(key[2:], int(number))
    return {name: number for name, number in names.items() if name}


@cache
def _relative_weekday_names(locale: str) -> dict[str, int]:
    """Weekday names read before "last" or a time of day ("el lunes pasado", "jumatatu
    asubuhi"): the reader's (abbreviations too), and every language's full names, as the
    words for yesterday and today are read in every language (officers mix languages)."""
    names = dict(_weekday_names(locale))
    for other in SUPPORTED_LOCALES:
        for name, number in _weekday_names(other).items():
            if len(name) > 4:  # full names only: "mar", "sab" may be other words
                names.setdefault(name, number)
    return names


@cache
def _month_pattern(locale: str) -> re.Pattern[str]:
    """Tokens of a typed date: month names of several words first, then numbers and words."""
    phrases = sorted((n for n in _month_names(locale) if " " in n), key=len, reverse=True)
    alternatives = [re.escape(p) for p in phrases] + [r"[0-9]+", r"[^\W\d_]+"]
    return re.compile("|".join(alternatives))


def _month(word: str, locale: str) -> int | None:
    names = _month_names(locale)
    if word in names:
        return names[word]
    if len(word) >= 3:  # "sept", "novem": a prefix that only one month has
        months = {number for name, number in names.items() if name.startswith(word)}
        if len(months) == 1:
            return months.pop()
    if len(word) >= 5:  # "fevrier", "septembe", "desember": one typo
        # In a name of four letters only past its first three ("jully", "juinn", "marss"):
        # "about 30" is no "août 30", one letter away but from its second letter on.
        typed = [name for name in names if len(name) > 4 or word[:3] == name[:3]]
        return _pick(word, [(names[name], [name]) for name in typed])
    return None


@cache
def _field_order(locale: str, width: Literal["short", "medium"]) -> str:
    """The order of day, month and year in the locale's date format: 'dmy', 'mdy', 'ymd'."""
    pattern = re.sub(r"'[^']*'", "", date_pattern(locale, width)).lower().replace("l", "m")
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


def _date_fields(text: str, locale: str, today: dt.date) -> tuple[int | None, int, int] | None:
    """(year, month, day) as typed, in the locale's order; None if it does not read as a date.

    The year is None when it was not typed ("15 mars", "15/03").
    """
    folded = _fold(_plain(text))
    numbers: list[str] = []
    months: list[int] = []
    before_month = 0  # the numbers typed before the month's name
    consumed = 0
    weekdays = _weekday_names(locale)
    # What stands between one number and the next ("/", "-", " "); "" after a month name
    gaps: list[str] = []
    gap: str | None = None
    for match in _month_pattern(locale).finditer(folded):
        if set(folded[consumed : match.start()]) - _DATE_PUNCTUATION:
            return None
        if gap is not None:
            gap += folded[consumed : match.start()]
        consumed = match.end()
        token = match.group()
        if token.isdigit():
            if gap is not None:  # "Nov 12 '26": the apostrophe of a short year is no mark
                gaps.append(gap.strip(_SPACES).rstrip("'’").strip(_SPACES) or " ")
            numbers.append(token)
            gap = ""
        elif token in weekdays and token not in _month_names(locale):
            pass  # "martes 1/12": Tuesday, no "marzo" mistyped
        elif (month := _month(token, locale)) is not None:
            months.append(month)
            before_month = len(numbers)
            gap = None
        elif token not in _DATE_FILLER and token not in weekdays:  # "lundi 9 mars"
            return None
    if set(folded[consumed:]) - _DATE_PUNCTUATION or len(months) > 1:
        return None
    # Days of a range, not a date: "12-14/11", "1-3/11" (12 to 14 November, not 14 December
    # 2011), "12-14 novembre", "Nov 12-14" (not 12 November 2014). A date's numbers are kept
    # apart by one mark throughout ("12/11/26", "12-11-26") or by its month's name.
    if len(numbers) == 3 and len(numbers[-1]) == 4 and gaps[-1:] in ([" "], [","], ["-"]):
        gaps.pop()  # "12/11 2026", "12.11, 2026", "12/11 - 2026": a year set apart
    if len(set(gaps)) > 1 or (months and set(gaps) - {" ", ","}):
        return None  # and "mar 1/12" (Tuesday 1/12, "mar" March too) is no 1 March 2012
    if any(len(n) > 4 for n in numbers):
        return None
    if months:  # "28 nov. 2026", "Nov 28, 2026", "15 mars"
        if len(numbers) == 1 and len(numbers[0]) <= 2:
            return None, months[0], int(numbers[0])
        if len(numbers) != 2:
            return None
        first, second = numbers
        if before_month == 2 and len(first) <= 2 and len(second) <= 2:
            return None  # "12, 13 novembre": two days (not 12 November 2013)
        if (
            before_month == 0
            and len(first) <= 2
            and len(second) == 2
            and int(first) < int(second) <= 31
            and _year(second, today) != today.year
            and not {"'", "’"} & set(folded)  # "Nov 12 '13": a year
        ):
            return None  # "Nov 12, 13", "novembre 12 13": two days too ("Nov 12, 26" is read)
        medium = _field_order(locale, "medium")
        if len(first) == 4 or (len(second) != 4 and medium.find("y") < medium.find("d")):
            year_digits, day_digits = first, second
        else:
            day_digits, year_digits = first, second
        year = _year(year_digits, today)
        if year is None or len(day_digits) > 2:
            return None
        return year, months[0], int(day_digits)
    order = _field_order(locale, "short")
    if len(numbers) == 2 and all(len(n) <= 2 for n in numbers):  # "15/03", "3/15" in English
        fields = dict(zip(order.replace("y", ""), numbers, strict=True))
        year = None
    elif len(numbers) == 3:
        fields = dict(zip("ymd" if len(numbers[0]) == 4 else order, numbers, strict=True))
        year = _year(fields["y"], today)
        if year is None:
            return None
    else:
        return None
    month, day = int(fields["m"]), int(fields["d"])
    if month > 12 and day <= 12:  # "11/28/2026" in a day-first locale: unambiguous
        month, day = day, month
    return year, month, day


_SOON = dt.timedelta(days=60)


def _without_year(month: int, day: int, today: dt.date, allow_future: bool) -> dt.date | None:
    """The date a day and month mean: the most recent one unless it is one of the coming two
    months (then that day, ahead), or the nearest if it may be ahead,
    this year or last (or next): '29/02' typed in March 2026 is no 29 February of 2024, two
    years back, but a day that does not exist (one typed in January 2029 is 2028's)."""
    candidates = []
    for year in range(today.year + 1, today.year - 2, -1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if allow_future:
        return min(candidates, key=lambda d: abs(d - today), default=None)
    # A day of the coming weeks is that day, to be refused as ahead, not the same day a year
    # back: "3/12" typed on 2 December is a slip or a plan, not a report of last year's.
    soon = next((d for d in candidates if today < d <= today + _SOON), None)
    return soon or next((d for d in candidates if d <= today), None)


def _relative_day(
    text: str, locale: str, today: dt.date, gettext: Callable[[str], str]
) -> dt.date | None:
    """Today, yesterday, the day before, or a weekday: the most recent such day; with the
    time of day or without ("hier soir", "jana jioni")."""
    key = _search_key(_plain(text))
    if not key or any(ch.isdigit() for ch in key):
        return None
    words = set(key.split())
    parts = words & PARTS_OF_DAY
    either_way = parts & NIGHTS_EITHER_WAY  # "cette nuit", "this night": last night or tonight
    if words & THIS_WORDS and parts and not either_way and words <= THIS_WORDS | PARTS_OF_DAY:
        return today  # "this morning", "ce soir", "esta mañana", "io maraina io"
    found = _relative_key(key, locale, today, gettext)
    day = [word for word in key.split() if word not in TIME_OF_DAY]
    if found is None and day and len(day) < len(key.split()):
        found = _relative_key(" ".join(day), locale, today, gettext)
    return found


def _relative_key(
    key: str, locale: str, today: dt.date, gettext: Callable[[str], str]
) -> dt.date | None:
    names = _relative_weekday_names(locale)
    words = key.split()
    last = any(word in LAST_WORDS for word in words)
    rest = [word for word in words if word not in LAST_WORDS and word not in DAY_FILLER]
    weekday = names.get(rest[0]) if len(rest) == 1 else None
    if weekday is None:
        offsets = [(offset, list(words)) for offset, words in RELATIVE_DAYS.items()]
        by_offset = dict(offsets)
        by_offset[0].append(gettext(TODAY))
        by_offset[1].append(gettext(YESTERDAY))
        offset = _pick(key, offsets, partial=False)
        if offset is not None:
            return today - dt.timedelta(days=offset)
    if weekday is None and len(rest) == 1 and len(rest[0]) >= 5:  # "mercerdi", "Jumamos"
        choices = [(number, [name]) for name, number in names.items() if len(name) > 3]
        weekday = _pick(rest[0], choices, partial=False)
    if weekday is None:
        return None
    back = (today.weekday() - weekday) % 7 or (7 if last else 0)
    return today - dt.timedelta(days=back)


# "3 days ago" as the seven languages say it, the number as digits (N) and the unit (U):
# "il y a 3 jours", "hace 3 días", "há 3 dias", "3 dias atrás", "siku 3 zilizopita",
# "3 andro lasa", "منذ 3 أيام", "قبل 3 أيام".
_AGO = tuple(
    re.compile(pattern.replace("N", r"(?P<n>[0-9]{1,3})").replace("U", r"(?P<u>[^\W\d_]+)"))
    for pattern in (
        r"N U ago",
        r"il y a N U",
        r"hace N U",
        r"ha N U",
        r"N U atras",
        r"U N (?:zilizopita|iliyopita|uliopita)",
        r"N U (?:lasa|lasa izay)",
        r"(?:منذ|قبل) N U",
    )
)
_AGO_DAYS = {
    **dict.fromkeys(("day", "days", "jour", "jours", "dia", "dias", "siku", "andro"), 1),
    **dict.fromkeys(("يوم", "ايام", "يوما"), 1),  # "منذ ١١ يوما": from eleven on, يوماً
    **dict.fromkeys(("week", "weeks", "semaine", "semaines", "semana", "semanas"), 7),
    **dict.fromkeys(("wiki", "herinandro", "اسبوع", "اسابيع", "اسبوعا"), 7),
}
# Arabic says one and two with the noun alone: "منذ يوم", "منذ يومين", "منذ أسبوع"
_AGO_DUALS = {
    f"{since} {noun}": days
    for since in ("منذ", "قبل")
    for noun, days in (("يوم", 1), ("يومين", 2), ("اسبوع", 7), ("اسبوعين", 14))
}


def _days_ago(text: str, locale: str) -> int | None:
    """How many days back "3 days ago", "il y a trois jours", "a week ago" reach, or None."""
    words = _search_key(_plain(text)).split()
    if " ".join(words) in _AGO_DUALS:
        return _AGO_DUALS[" ".join(words)]
    for start, end, value in reversed(_number_phrases(" ".join(words), locale)):
        words[start:end] = [str(value)]
    if words and words[0] in ("a", "an"):  # "a week ago"
        words[0] = "1"
    key = " ".join(words)
    for pattern in _AGO:
        match = pattern.fullmatch(key)
        if match is not None and match["u"] in _AGO_DAYS:
            return int(match["n"]) * _AGO_DAYS[match["u"]]
    return None


def _parse_date(
    text: str,
    locale: str,
    today: dt.date,
    *,
    allow_future: bool = False,
    gettext: Callable[[str], str] = str,
) -> Parsed:
    relative = _relative_day(text, locale, today, gettext)
    if relative is not None:
        return Parsed(relative.isoformat())
    if (ago := _days_ago(text, locale)) is not None:
        return Parsed((today - dt.timedelta(days=ago)).isoformat())
    fields = _date_fields(text, locale, today)
    if fields is None:
        return Parsed(
            error=FormError(
                N_("Please type a date, for example {example}."),
                {"example": date_example(today, locale)},
            )
        )
    year, month, day = fields
    if _either_way_in_english(text, locale, month, day):
        return Parsed(
            error=FormError(
                N_(
                    "In English, {date} can mean two dates. Please write the month as a word, "
                    "for example 5 March 2026 or March 5, 2026."
                ),
                {"date": _plain(text)},
            )
        )
    found: dt.date | None = None
    if year is None:
        found = _without_year(month, day, today, allow_future)
    else:
        try:
            found = dt.date(year, month, day)
        except ValueError:
            found = None  # "31/11/2026"
    if found is None:
        return Parsed(
            error=FormError(N_("This date does not exist. Please check the day and month."))
        )
    if _typed_weekdays(text, locale) - {found.weekday()}:  # "lundi 1er décembre" (a Tuesday)
        return Parsed(error=FormError(WEEKDAY_DIFFERS, {"date": WeekdayDate.of(found)}))
    return Parsed(found.isoformat())


WEEKDAY_DIFFERS = N_(
    "The day of the week typed is not the one of {date}. Please check the date and type it again."
)


def _typed_weekdays(text: str, locale: str) -> set[int]:
    """The weekdays named in a typed date ("lundi 30 novembre": Monday)."""
    names = _weekday_names(locale)
    return {
        names[token]
        for match in _month_pattern(locale).finditer(_fold(_plain(text)))
        if (token := match.group()) in names and token not in _month_names(locale)
    }


def _either_way_in_english(text: str, locale: str, month: int, day: int) -> bool:
    """Digits only, day and month both 12 or less and not equal, in English: the organisation's
    English speakers write the day first (East and West Africa, South Asia) or the month first
    (North America), and the locale cannot tell which. "2026-05-03" (year first) is not."""
    if base_language(locale) != "en" or not (1 <= month <= 12 and 1 <= day <= 12):
        return False  # "0/11": no date either way, said so as in every language
    if month == day:
        return False
    plain = _plain(text)
    return not any(ch.isalpha() for ch in plain) and not re.match(r"\s*\d{4}", plain)


# -- buttons typed


def _without_article(label: str) -> str:
    """An Arabic label's words without their article: "العدالة" is typed "عدالة" too."""
    words = _search_key(label).split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 3 else w for w in words)


def _parse_choice(question: Question, text: str, gettext: Callable[[str], str]) -> Parsed:
    """A choice typed instead of tapped: its label in the user's language or in English."""
    options = [
        (
            choice.value,
            (
                gettext(choice.label),
                choice.label,
                choice.value.replace("_", " "),
                *UNIT_WORDS.get(choice.value, ()),  # "masaa", "adiny", "يوم" for a unit
                _without_article(gettext(choice.label)),  # "شرطة" for "أفراد الشرطة"
            ),
        )
        for choice in question.choices
    ]
    value = _pick(text, options)
    return Parsed(error=FormError(TAP_OPTION)) if value is None else Parsed(value)


def _parse_yes_no(text: str, gettext: Callable[[str], str]) -> Parsed:
    options = [(True, (gettext(YES), YES, *YES_WORDS)), (False, (gettext(NO), NO, *NO_WORDS))]
    value = _pick(text, options)
    return Parsed(error=FormError(TAP_YES_NO)) if value is None else Parsed(value)


def typed_button(text: str, label: str, gettext: Callable[[str], str] = str) -> bool:
    """The word of a question's button (SKIP, BACK, CANCEL) typed instead of tapped ("Passer",
    "Retour", "ruka", "تخطي"), in the user's language or in English: that button, not a place
    or partner of that name, nor a wrong number."""
    key = _search_key(_plain(text))
    return bool(key) and key in {_label_key(gettext(label)), _label_key(label)}


@lru_cache(maxsize=1024)
def _label_key(label: str) -> str:
    """A button's label (a msgid or its translation: a bounded set, never typed text) as
    _search_key reads it; once per label, not on each answer that is checked against it."""
    return _search_key(label)


@cache
def _nothing_keys() -> frozenset[str]:
    return frozenset(_search_key(word) for word in NOTHING_WORDS)


def typed_nothing(text: str) -> bool:
    """ "Aucun", "none", "hakuna", "لا يوجد" typed as the whole answer: nothing to say."""
    key = _search_key(_plain(text))
    return bool(key) and key in _nothing_keys()


def parse_number(text: str, locale: str) -> Decimal | None:
    """A number typed outside a form (an indicator's yearly value), read as the forms read
    one: the locale's decimal mark, groups of thousands, any digit script (not in words);
    None when it is not one number ("12 mil" included, and "1.25M" or "3b": a million, a
    billion, as budgets are written, never stored as 1.25)."""
    if not any(ch.isdecimal() for ch in text):
        return None  # a yearly value in digits only: "two" is asked again, as before
    parts = _number_parts(text, locale)
    if parts is not None and {"m", "b"} & set(_search_key(parts[3]).split()):
        return None
    parsed = _parse_decimal(text, locale, {})
    return None if parsed.error is not None else Decimal(str(parsed.value))


def parse_answer(
    question: Question,
    text: str,
    answers: Answers,
    *,
    locale: str,
    today: dt.date,
    screen_patterns: Sequence[str] = (),
    gettext: Callable[[str], str] = str,
) -> Parsed:
    """Turn what the user typed into a value to store, or the reason it cannot be stored.

    `gettext` translates labels into the user's language, so that the words on a button can be
    typed instead of tapped ("hier", "Oui", "Justice"); without it only English labels match.
    """
    if question.required and typed_button(text, SKIP, gettext):  # "Passer" as the institution
        return Parsed(error=FormError(CANNOT_SKIP))
    kind = question.type
    if kind is QType.INTEGER:
        share = (
            question.counts is None and question.maximum is not None and question.maximum <= 100
        )
        unitless = not any(answers.get(qid) in UNIT_WORDS for qid in question.depends_on)
        millions = question.maximum is None or question.maximum >= 1_000_000
        parsed = _parse_integer(
            text, locale, answers, question.counts, share=share, unitless=unitless,
            millions=millions,
        )  # fmt: skip
    elif kind is QType.DECIMAL:
        hours = any(answers.get(qid) == "hours" for qid in question.depends_on)
        share = question.maximum is not None and question.maximum <= 100
        parsed = _parse_decimal(text, locale, answers, hours, share=share)
    elif kind is QType.TEXT:
        parsed = Parsed(_trimmed(text))
    elif kind is QType.DATE:
        parsed = _parse_date(
            text, locale, today, allow_future=question.allow_future, gettext=gettext
        )
    elif kind is QType.SELECT_ONE:
        parsed = _parse_choice(question, text, gettext)
    elif kind is QType.YES_NO:
        parsed = _parse_yes_no(text, gettext)
    elif kind is QType.COUNTRY:
        found = find_countries(text, locale)
        parsed = (
            Parsed(found.codes[0]) if found.confident else Parsed(error=FormError(PICK_COUNTRY))
        )
    else:
        message = TAP_OPTIONS if kind is QType.SELECT_MULTIPLE else TAP_CONTINUE
        return Parsed(error=FormError(message))
    if not parsed.ok:
        return parsed
    error = check_value(
        question, parsed.value, answers, today=today, screen_patterns=screen_patterns
    )
    return parsed if error is None else Parsed(error=error)


# ---------------------------------------------------------------------------- countries


_AMBIGUOUS = frozenset(_search_key(name) for name in AMBIGUOUS)


@dataclass(frozen=True)
class CountrySearch:
    """Countries a typed text may name, best first; `confident` when it clearly names one."""

    codes: tuple[str, ...]
    confident: bool = False


@dataclass(frozen=True)
class _CountryEntry:
    code: str
    sort_key: str
    names: tuple[str, ...]  # search keys of the localized, English and French names, aliases
    squeezed: tuple[str, ...]  # the same without spaces
    words: tuple[str, ...]
    codes: tuple[str, ...]  # alpha-2 and alpha-3, lower case


def _words(key: str) -> list[str]:
    words = []
    for word in key.split():
        words.append(word)
        if word.startswith("ال") and len(word) > 2:  # Arabic article: "المغرب" ~ "مغرب"
            words.append(word[2:])
    return words


@cache
def _country_index(locale: str) -> tuple[_CountryEntry, ...]:
    local, *also = (_locale(cldr).territories for cldr in read_locales(locale))
    english, french = Locale.parse("en").territories, Locale.parse("fr").territories
    alpha3: dict[str, list[str]] = {}
    for three, two in ALPHA3.items():
        alpha3.setdefault(two, []).append(three.lower())
    entries = []
    for code in sorted(country_codes()):
        texts = (
            local.get(code, code),
            english[code],
            french.get(code, code),
            *(other.get(code, code) for other in also),  # "Quênia" as well as "Quénia"
            *ALIASES.get(code, ()),
        )
        names = tuple(dict.fromkeys(k for t in texts if (k := _search_key(str(t)))))
        keys = tuple(
            dict.fromkeys((*names, *(_search_key(n) for n in names if n.startswith("ال"))))
        )
        words = tuple(dict.fromkeys(w for name in keys for w in _words(name)))
        squeezed = tuple(dict.fromkeys(name.replace(" ", "") for name in keys))
        for name in names:
            if name.startswith("ال") and " " not in name:
                squeezed += (name[2:],)
        entries.append(
            _CountryEntry(
                code, names[0], keys, squeezed, words, (code.lower(), *alpha3.get(code, ()))
            )
        )
    return tuple(entries)


def _country_rank(entry: _CountryEntry, query: str) -> int | None:
    """0 a code, 1 a whole name, 2 the start of a name, 3 of a word, 4 inside a name."""
    compact = query.replace(" ", "")
    if compact in entry.codes:
        return 0
    if query in entry.names or compact in entry.squeezed:
        return 1
    if any(name.startswith(query) for name in entry.names) or any(
        name.startswith(compact) for name in entry.squeezed
    ):
        return 2
    if any(word.startswith(query) for word in entry.words):
        return 3
    if len(compact) >= 3 and any(compact in name for name in entry.squeezed):
        return 4
    return None


def _country_typo(entry: _CountryEntry, query: str, allowed: int) -> int:
    """The fewest typos between the query and one of the country's names (or their starts)."""
    compact = query.replace(" ", "")
    best = allowed + 1
    for name in (*entry.squeezed, *(w for w in entry.words if len(w) >= 4)):
        best = min(best, _distance(compact, name, allowed))
        if len(compact) >= 5 and len(name) > len(compact):
            best = min(best, _distance(compact, name[: len(compact)], allowed))
    return best


def find_countries(
    query: str, locale: str, *, within: Sequence[str] = (), limit: int = 8
) -> CountrySearch:
    """The countries a typed text names (in the locale, English or French, an ISO code, a
    common abbreviation or former name), best first, and whether one is clearly meant.

    Clearly meant: an exact code or name of one country; the only country whose name starts
    so (four letters at least); or the only country one typo away. `within` (the
    user's own countries) narrows the list when one of them matches, and one of them named by
    three letters or more is clearly meant.
    """
    key = _search_key(query)
    if not key or limit < 1 or len(key) > 80:
        return CountrySearch(())
    index = _country_index(locale)
    ranked = sorted(
        (rank, entry.sort_key, entry.code)
        for entry in index
        if (rank := _country_rank(entry, key)) is not None
    )
    fuzzy = False
    if not ranked and (allowed := _typos_allowed(key)):
        distances = sorted(
            (distance, entry.sort_key, entry.code)
            for entry in index
            if (distance := _country_typo(entry, key, allowed)) <= allowed
        )
        # Only the closest: "Haitti" is Haiti, not every name two typos away.
        ranked = [(5 + d, name, code) for d, name, code in distances if d == distances[0][0]]
        fuzzy = True
    if not ranked:
        return CountrySearch(())
    mine = [item for item in ranked if item[2] in within]
    compact_length = len(key.replace(" ", ""))
    if mine:
        codes = tuple(code for _r, _n, code in mine[:limit])
        return CountrySearch(codes, len(mine) == 1 and (compact_length >= 3 or mine[0][0] <= 1))
    codes = tuple(code for _r, _n, code in ranked[:limit])
    exact = {code for rank, _n, code in ranked if rank <= 1}
    if exact:
        confident = len(exact) == 1 and key not in _AMBIGUOUS
        codes = (*sorted(exact, key=codes.index), *(c for c in codes if c not in exact))
    elif fuzzy:  # one typo is clearly meant; two may be another country ("Alemania")
        confident = len(ranked) == 1 and ranked[0][0] <= 6
    else:
        confident = len(ranked) == 1 and compact_length >= 4
    return CountrySearch(codes[:limit], confident)


@lru_cache(maxsize=4096)
def country_named(text: str) -> str | None:
    """The country a spreadsheet cell names beyond doubt, or None: its ISO code (HT, HTI) or
    a whole name of it in one of the bot's languages, in English or French, or a common
    abbreviation or former name ("Haïti", "Côte d'Ivoire", "RDC"). Never a guess: no typo,
    no start of a name, no name two countries share (an import has no one to confirm it)."""
    key = _search_key(text)
    if not key or len(key) > 80 or key in _AMBIGUOUS:
        return None
    named = {
        entry.code
        for locale in SUPPORTED_LOCALES
        for entry in _country_index(locale)
        if (rank := _country_rank(entry, key)) is not None and rank <= 1
    }
    return named.pop() if len(named) == 1 else None


_LIST_SEPARATORS = re.compile(r"[,;،\n]+")
_AND_BETWEEN = re.compile(
    r"\s+(?:" + "|".join(sorted(map(re.escape, AND_WORDS), key=len, reverse=True)) + r")\s+"
    r"|\s+(?=و\S)",  # Arabic writes "and" onto the next word: "المغرب وهايتي"
    re.IGNORECASE,
)


# "and" opening a part after a comma ("Haiti, Morocco, and Niger"): lower-case, as a word ("ET",
# "NA", "SY" in capitals are countries), and a name after it.
_AND_OPENING = re.compile(
    r"^(?:" + "|".join(sorted(map(re.escape, AND_WORDS - {"و"}), key=len, reverse=True)) + r")\s+"
    r"(?=\S)"
)


def read_scope(text: str, locale: str) -> Scope:
    """The countries an admin typed for a role (/invite, /people): ISO codes or "all" as
    `parse_scope` reads them, else, between commas, countries clearly named as in a form
    ("Haïti", "Maroc", "المغرب", "RDC", "Côte d'Ivoire et Niger"). ScopeError lists, as
    typed, what names no country ("Congo" alone names two)."""
    try:
        return parse_scope(text)
    except ScopeError:
        pass
    codes: list[str] = []
    wrong: list[str] = []
    parts = [part for part in (part.strip() for part in _LIST_SEPARATORS.split(text)) if part]
    for index, part in enumerate(parts):
        if index:  # "Haiti, Morocco, and Niger": the last of a list, after a comma and "and"
            part = _AND_OPENING.sub("", part, count=1)
        found = _named_countries(part, locale)
        codes.extend(found or ())
        if found is None:
            wrong.extend(_not_codes(part))
    if wrong or not codes:
        raise ScopeError(tuple(wrong))
    return Scope(tuple(dict.fromkeys(codes)), all_countries=False)


def _not_codes(part: str) -> list[str]:
    """What names no country in a part, as typed: its words that are no code beside codes
    ("HT <NE>": "<NE>"), else the whole part ("all" in a list; "Burkna Faso", a name with a
    typo, is not two unknown codes "Burkna" and "Faso")."""
    words = part.split()
    wrong = [w for w in words if w.upper() not in country_codes() and w not in AND_WORDS]
    if len(words) > _MAX_WORDS_READ:  # no name is so long: words, the first few echoed
        return wrong or [part]
    # Nothing wrong in it word by word (a code and a dangling "and": "HT and"): the part whole.
    return wrong if 0 < len(wrong) < len(words) else [part]


def _named_countries(part: str, locale: str) -> list[str] | None:
    """The codes one comma-separated part names: codes ("HT NE"), one country's name, or
    names joined by "and" ("Haïti et Niger"; "Bosnia y Herzegovina" is one country)."""
    try:
        scope = parse_scope(part)
    except ScopeError:
        scope = None
    if scope is not None:
        return None if scope.all_countries else list(scope.countries)
    one = _clearly_named(part, locale)
    if one is not None:
        return [one]
    pieces = [_named_after_and(piece, locale) for piece in _AND_BETWEEN.split(part)]
    named = [code for code in pieces if code is not None]
    if len(pieces) > 1 and len(named) == len(pieces):
        return named
    return _named_by_spaces(part)


_MAX_WORDS_READ = 12  # a list of countries typed without commas, longer is not read


def _named_by_spaces(part: str) -> list[str] | None:
    """Countries typed one after the other without commas ("Kenya Haiti", "Sierra Leone
    Burkina Faso"): each a whole name (country_named; "South" alone is none, so "South Sudan"
    is one country) or a code in capitals. None when no reading names them all; two readings
    raise AmbiguousCountries: the admin is asked to put commas."""
    words = part.split()
    if not 2 <= len(words) <= _MAX_WORDS_READ:
        return None
    # readings[i]: the lists of codes the first i words can be read as.
    nothing: tuple[str, ...] = ()
    readings: list[set[tuple[str, ...]]] = [{nothing}] + [set() for _ in words]
    for end in range(1, len(words) + 1):
        for start in range(end):
            code = _whole_name(" ".join(words[start:end])) if readings[start] else None
            if code is not None:
                readings[end] |= {(*reading, code) for reading in readings[start]}
    found = readings[-1]
    if len({frozenset(reading) for reading in found}) > 1:
        raise AmbiguousCountries((part,))
    return list(found.pop()) if found else None


def _whole_name(text: str) -> str | None:
    """The country a whole name names beyond doubt, in letters only (an apostrophe or a dash
    inside: "<NE>" is no name); a code only in capitals ("de" is a word, not Germany)."""
    if not all(ch.isalpha() or ch in " '’-." for ch in text):
        return None
    if len(text) <= 3 and not (text.isupper() and text.isalpha()):
        return None
    return country_named(text)


def _named_after_and(piece: str, locale: str) -> str | None:
    """A country's name, or the Arabic "and" written onto one ("وهايتي", "والنيجر")."""
    found = _clearly_named(piece, locale)
    if found is None and piece.startswith("و"):
        return _clearly_named(piece[1:], locale)
    return found


def _clearly_named(text: str, locale: str) -> str | None:
    """The one country a name (3 letters at least: "&lt;" is no code "LT") clearly names, by
    its name, the start of it or of one of its words: no typo and no letters found inside a
    name, which a form may guess but a role's countries may not ("yote", Swahili for "all",
    is one letter from "Cote"; "idem" is inside a name of the DR Congo). Else its whole name in
    another of the bot's languages, as the command line reads one (country_named): "Kenia" or
    "Quénia" from an admin who writes in English."""
    key = _search_key(text)
    if len(key.replace(" ", "")) < 3:
        return None
    found = find_countries(text, locale)
    if not found.confident:
        return country_named(text)
    entry = next(entry for entry in _country_index(locale) if entry.code == found.codes[0])
    rank = _country_rank(entry, key)
    return found.codes[0] if rank is not None and rank <= 3 else country_named(text)


def match_countries(query: str, locale: str, limit: int = 8) -> list[str]:
    """ISO codes of the countries whose name (in the locale or English) or code matches.

    Case, accents and punctuation do not matter: "haiti" finds Haïti, "cote" Côte d'Ivoire.
    The exact code comes first, then whole names, name prefixes, word prefixes, substrings,
    and names with a typo when nothing else matches.
    """
    return list(find_countries(query, locale, limit=limit).codes)


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
        return list_text(labels, locale)
    if kind is QType.YES_NO and isinstance(value, bool):
        return gettext(YES if value else NO)
    if kind is QType.DATE and (day := _as_date(value)) is not None:
        return format_date(day, locale)
    if kind in (QType.INTEGER, QType.DECIMAL) and (number := _as_decimal(value)) is not None:
        return format_number(number, locale, exact=True)
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
