"""What a form is: questions, choices and rules as plain declarative data (pure).

A form is data the engine walks; nothing here talks to Telegram or a database. Labels, hints
and error messages are msgids marked with `N_` so that pybabel extracts them, and the handler
translates them with gettext when it shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

# Stored answers, keyed by question id. JSON-serialisable values only: int, str, bool, list[str]
# and None (skipped); decimals as str ("3.5"), dates as ISO "2026-11-28", countries as ISO
# alpha-2 "HT", yes_no as bool.
Answers = Mapping[str, Any]


def N_(msgid: str) -> str:
    """Mark a msgid for extraction (pybabel keyword N_); the handler translates it later."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a count for extraction (pybabel keyword Nn_:1,2): its singular and
    plural msgids, which the handler passes to ngettext with the count."""
    return singular, plural


class QType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    YES_NO = "yes_no"
    DATE = "date"
    COUNTRY = "country"
    NOTE = "note"


SELECT_TYPES = frozenset({QType.SELECT_ONE, QType.SELECT_MULTIPLE})
NUMBER_TYPES = frozenset({QType.INTEGER, QType.DECIMAL})


@dataclass(frozen=True)
class Choice:
    value: str
    label: str  # msgid


class WeekdayDate(date):
    """A date a message shows with its day of the week ("Tuesday, December 1, 2026"): where
    the weekday is the point, as when the one typed is not the date's."""

    @classmethod
    def of(cls, day: date) -> WeekdayDate:
        return cls(day.year, day.month, day.day)


@dataclass(frozen=True)
class FormError:
    """A message for the user: the handler shows gettext(msgid).format(**params), or for a
    message with a count, ngettext(msgid, plural, params[count_param]).format(**params)
    (`template` chooses).

    Numbers and dates in params are left as numbers and dates so that the handler formats them
    with Babel in the user's language.
    """

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # A message with a count ("at most {max} characters"): its plural msgid, and the parameter
    # that holds the count, so that every language gets its own plural form.
    plural: str | None = None
    count_param: str | None = None
    # The message quotes personal data the user typed (a child's name): shown to them, never
    # stored (not even with the replies an update owes).
    private: bool = False
    # An answer the user may send instead: their text with what the screening found taken out
    # (screening.without_findings), offered to copy rather than retype a long note. It passes
    # the question's checks; built from the refused text, so `private` as well.
    suggestion: str | None = None

    @classmethod
    def counted(
        cls, msgids: tuple[str, str], count_param: str, params: Mapping[str, Any] | None = None
    ) -> FormError:
        """A message with a count: `msgids` from Nn_(singular, plural)."""
        singular, plural = msgids
        return cls(singular, dict(params or {}), plural=plural, count_param=count_param)

    @property
    def count(self) -> int:
        """The count that chooses the plural form (0 while the parameter is not known yet)."""
        value = self.params.get(self.count_param or "", 0)
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0

    def template(
        self, gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]
    ) -> str:
        """The message in the reader's language, not formatted yet."""
        if self.plural is None:
            return gettext(self.msgid)
        return ngettext(self.msgid, self.plural, self.count)

    def english(self) -> str:
        """The English template (the msgids' own language), not formatted yet."""
        return self.template(lambda msgid: msgid, _english_plural)


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


@dataclass(frozen=True)
class Constraint:
    """A custom or cross-field rule on a question's value; `check` returns True when it holds.

    `params`, when given, computes the message's parameters from the value and the answers
    (for messages such as "cannot be more than the {total} participants").
    """

    check: Callable[[Any, Answers], bool]
    message: FormError
    params: Callable[[Any, Answers], Mapping[str, Any]] | None = None
    # The other answers `check` reads: when one of them changes, the rule is checked again
    # (and the answer asked again if it no longer holds); until they are all given, it waits.
    reads: tuple[str, ...] = ()
    # The same rule as an XLSForm `constraint` (ODK XPath: `.` is this answer, `${qid}` an
    # earlier one), for `fieldbot forms export-xlsform`; a test requires one on every rule.
    xlsform: str | None = None
    # The message's parameters in the XLSForm: a number (formatted per language) or a `${qid}`
    # reference (shown as that answer's value), since `params` is Python.
    xlsform_params: Mapping[str, int | Decimal | str] = field(default_factory=dict)

    def error(self, value: Any, answers: Answers) -> FormError:
        """The message to show when the rule does not hold."""
        if self.params is None:
            return self.message
        return replace(self.message, params={**self.message.params, **self.params(value, answers)})


@dataclass(frozen=True)
class AnswerIn:
    """Skip logic: the question applies when the earlier answer `qid` is one of `values`.

    A callable like any `relevant`, which also says which answer it reads (`reads`), so that
    `validate_form` can check the reference and the engine can follow the dependency.
    """

    qid: str
    values: tuple[Any, ...]

    def __call__(self, answers: Answers) -> bool:
        return answers.get(self.qid) in self.values

    @property
    def reads(self) -> tuple[str, ...]:
        return (self.qid,)


@dataclass(frozen=True)
class Relevance:
    """Skip logic that an `AnswerIn` cannot say: a callable, with the same rule as an XLSForm
    `relevant` expression (`${qid}` for an earlier answer) and the answers it reads."""

    check: Callable[[Answers], bool]
    xlsform: str
    reads: tuple[str, ...] = ()

    def __call__(self, answers: Answers) -> bool:
        return self.check(answers)


@dataclass(frozen=True)
class Question:
    id: str
    type: QType
    label: str  # msgid
    required: bool = True
    hint: str | None = None  # msgid
    choices: tuple[Choice, ...] = ()  # select_one / select_multiple
    minimum: Decimal | int | None = None  # integer / decimal
    maximum: Decimal | int | None = None
    max_length: int | None = None  # text, in characters
    relevant: Callable[[Answers], bool] | None = None  # skip logic on earlier answers
    constraints: tuple[Constraint, ...] = ()
    screen: bool = False  # text: refuse personal data (phone numbers, e-mails, ID numbers)
    # Dates: by default not in the future (in the user's today) and not before 2000-01-01.
    allow_future: bool = False
    earliest: date | None = None
    summary: str | None = None  # short msgid for the review card ("Country")
    # Earlier answers that give this one its meaning (a duration's unit): when one of them
    # changes, this answer is dropped and asked again even if it still passes every rule.
    depends_on: tuple[str, ...] = ()
    # "Report another like this": "keep" the answer, "ask" it again (a date, a head count), or
    # "drop" it (skipped: scores, notes; the review card can still add them).
    on_repeat: Literal["keep", "ask", "drop"] = "keep"
    # A head count: whom it counts (a key of answer_words.GROUP_WORDS). A number typed with a
    # word for another group ("12 men" at the women's question) is refused.
    counts: str | None = None

    def choice(self, value: str) -> Choice | None:
        """The choice with this value, if the question offers it."""
        return next((c for c in self.choices if c.value == value), None)

    @property
    def rule_inputs(self) -> frozenset[str]:
        """The other answers this question's rules read (declared with `Constraint.reads`)."""
        return frozenset(qid for c in self.constraints for qid in c.reads)

    @property
    def relevance_inputs(self) -> frozenset[str]:
        """The answers its skip logic reads, when it says so (an `AnswerIn`)."""
        return frozenset(getattr(self.relevant, "reads", ()))

    @property
    def inputs(self) -> frozenset[str]:
        """Every other answer this one depends on: its meaning, its rules, its skip logic."""
        return frozenset(self.depends_on) | self.rule_inputs | self.relevance_inputs


@dataclass(frozen=True)
class Computed:
    id: str
    compute: Callable[[Answers], Any]
    xlsform: str | None = None  # the same value as an XLSForm `calculation`


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    kind: str
    title: str  # msgid
    questions: tuple[Question, ...]
    computed: tuple[Computed, ...] = ()

    def __post_init__(self) -> None:
        validate_form(self)

    def question(self, qid: str) -> Question:
        """The question with this id; KeyError if the form has none."""
        for question in self.questions:
            if question.id == qid:
                return question
        raise KeyError(qid)


class FormDefinitionError(ValueError):
    """A form definition is inconsistent; `problems` lists every issue found."""

    def __init__(self, form_id: str, problems: tuple[str, ...]) -> None:
        super().__init__(f"form {form_id!r}: " + "; ".join(problems))
        self.problems = problems


def _is_column_name(name: str) -> bool:
    # Question ids double as typed column names in storage.
    return name.isascii() and name.isidentifier() and name == name.lower()


def _question_problems(q: Question) -> list[str]:
    problems: list[str] = []
    where = f"question {q.id!r}"
    if not _is_column_name(q.id):
        problems.append(f"{where}: id must be a lowercase ASCII identifier")
    if not q.label.strip():
        problems.append(f"{where}: empty label")
    if q.type in SELECT_TYPES:
        if not q.choices:
            problems.append(f"{where}: a {q.type} question needs choices")
        values = [c.value for c in q.choices]
        if len(set(values)) != len(values):
            problems.append(f"{where}: duplicate choice values")
        if any(not c.value or not c.label.strip() for c in q.choices):
            problems.append(f"{where}: a choice has an empty value or label")
    elif q.choices:
        problems.append(f"{where}: only select questions have choices")
    if q.type in NUMBER_TYPES:
        bounds = [b for b in (q.minimum, q.maximum) if b is not None]
        if any(isinstance(b, bool) for b in bounds):
            problems.append(f"{where}: bounds must be numbers")
        elif q.type is QType.INTEGER and any(
            isinstance(b, Decimal) and b != b.to_integral_value() for b in bounds
        ):
            problems.append(f"{where}: integer bounds must be whole numbers")
        elif q.minimum is not None and q.maximum is not None and q.minimum > q.maximum:
            problems.append(f"{where}: minimum is greater than maximum")
    elif q.minimum is not None or q.maximum is not None:
        problems.append(f"{where}: only number questions have a minimum or maximum")
    if q.max_length is not None and (q.type is not QType.TEXT or q.max_length < 1):
        problems.append(f"{where}: max_length must be positive, on a text question")
    if q.screen and q.type is not QType.TEXT:
        problems.append(f"{where}: only text questions are screened")
    if (q.allow_future or q.earliest is not None) and q.type is not QType.DATE:
        problems.append(f"{where}: only date questions have date bounds")
    if q.type is QType.NOTE and not q.required:
        problems.append(f"{where}: a note cannot be optional")
    return problems


def validate_form(form: Form) -> None:
    """Raise FormDefinitionError unless the form is consistent (run when a Form is built)."""
    problems: list[str] = []
    if not form.id or not form.kind or not form.title.strip():
        problems.append("id, kind and title are required")
    if form.version < 1:
        problems.append("version must be 1 or more")
    if not form.questions:
        problems.append("a form needs at least one question")
    ids = [q.id for q in form.questions] + [c.id for c in form.computed]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"duplicate ids: {', '.join(duplicates)}")
    problems.extend(
        f"computed {c.id!r}: bad id" for c in form.computed if not _is_column_name(c.id)
    )
    for question in form.questions:
        problems.extend(_question_problems(question))
    problems.extend(_dependency_problems(form))
    if problems:
        raise FormDefinitionError(form.id, tuple(problems))


def _dependency_problems(form: Form) -> list[str]:
    """Every answer a question depends on is an earlier question of the same form."""
    problems: list[str] = []
    earlier: set[str] = set()
    for question in form.questions:
        for qid in sorted(question.inputs):
            if qid not in earlier:
                problems.append(
                    f"question {question.id!r} depends on {qid!r}, which is not an earlier "
                    "question of the form"
                )
        earlier.add(question.id)
    return problems
