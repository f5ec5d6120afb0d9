"""A form as an XLSForm workbook (survey, choices, settings), for KoBoToolbox and ODK (pure).

The same form the bot asks, written as a spreadsheet an M&E officer can read and a form server
can run: labels, hints and messages in every language of the bot (from the gettext catalogs,
through the `translate` function the caller passes), types, `required`, skip logic as
`relevant`, every rule as a `constraint` with its `constraint_message`, computed values as
`calculate` rows.

The engine's rules are Python callables: `AnswerIn` skip logic and the bounds a question
declares (minimum, maximum, max_length, dates) are translated here; every other rule carries
its XLSForm expression next to it in the form definition (`Constraint.xlsform`,
`Relevance.xlsform`, `Computed.xlsform`). A rule without one is an error, never dropped.

What XLSForm cannot say is left out, and listed in the README: the screening of personal data
in free text, `depends_on` (an answer asked again when the one giving it its meaning changes),
`on_repeat`, the review card's short labels (`summary`), and one message per broken rule (a
question has one `constraint_message`: its rules' messages are joined).
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.styles import Font

from bot.domain.languages import (
    DEFAULT_LOCALE,
    SUPPORTED_LOCALES,
    country_name,
    format_date,
    format_number,
    language_name,
)
from bot.domain.scope import country_codes
from bot.files import partial_path, put_in_place
from bot.forms.engine import DEFAULT_EARLIEST, NO, YES
from bot.forms.model import N_, AnswerIn, Form, FormError, Nn_, QType, Question, WeekdayDate

# (msgid, locale) → the text in that language; the CLI passes the bot's gettext catalogs.
Translate = Callable[[str, str], str]

YES_NO_LIST = "yes_no"
COUNTRY_LIST = "countries"

_TYPES = {
    QType.INTEGER: "integer",
    QType.DECIMAL: "decimal",
    QType.TEXT: "text",
    QType.DATE: "date",
    QType.NOTE: "note",
}

# The engine's own messages for the rules a question declares (the same msgids: the catalogs
# already translate them).
_REQUIRED = N_("This question needs an answer.")
_BETWEEN = N_("The number must be between {min} and {max}.")
_AT_LEAST = N_("The number must be at least {min}.")
_AT_MOST = N_("The number must be at most {max}.")
# The engine's "shorten your text to {max} characters (it has {length})" needs the length,
# which an XLSForm message cannot show: the bot's own hint for such a question says the rule.
_MAX_LENGTH = Nn_(
    "Type your answer (at most {max} character).", "Type your answer (at most {max} characters)."
)
# The count of a message whose count is another answer (${qid}), unknown when the form is
# written: a form that reads as a plural in every language ("other" in CLDR's terms).
_UNKNOWN_COUNT = 100
_FUTURE = N_("The date cannot be in the future.")
_EARLIEST = N_("The date cannot be before {earliest}.")


class XLSFormError(ValueError):
    """A rule of the form has no XLSForm expression; `problems` lists every one."""

    def __init__(self, form_id: str, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__(f"form {form_id!r}: " + "; ".join(self.problems))


def column(kind: str, locale: str) -> str:
    """An XLSForm translated column: `label::English (en)`, `hint::Français (fr)`."""
    return f"{kind}::{language_name(locale)} ({locale})"


def _number(value: int | Decimal) -> str:
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _literal(source: Question, value: Any) -> str | None:
    """An answer's stored value as the XLSForm value it is stored as there."""
    if source.type is QType.YES_NO and isinstance(value, bool):
        return "'yes'" if value else "'no'"
    if isinstance(value, str) and "'" not in value:
        return f"'{value}'"
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return _number(value)
    return None


def relevant_expression(form: Form, question: Question) -> str | None:
    """The question's skip logic as an XLSForm `relevant`; "" when it always applies, None
    when it has no expression."""
    relevant = question.relevant
    if relevant is None:
        return ""
    if isinstance(relevant, AnswerIn):
        source = form.question(relevant.qid)
        if source.type in (QType.SELECT_MULTIPLE, QType.NOTE):
            return None  # AnswerIn compares one value: not meaningful on these
        literals = [_literal(source, value) for value in relevant.values]
        if not literals or None in literals:
            return None
        return " or ".join(f"${{{relevant.qid}}} = {literal}" for literal in literals)
    expression = getattr(relevant, "xlsform", None)
    return expression if isinstance(expression, str) and expression.strip() else None


def _param_text(value: Any, locale: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value, locale)
    if isinstance(value, WeekdayDate):
        return format_date(value, locale, "full")
    if isinstance(value, dt.date):
        return format_date(value, locale)
    return str(value)  # a ${qid} reference: the form server shows that answer


def _fields(msgid: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(msgid) if name}


def _message(error: FormError, translate: Translate, locale: str) -> str:
    params = {name: _param_text(value, locale) for name, value in error.params.items()}
    if error.plural is None:
        return translate(error.msgid, locale).format(**params)
    known = isinstance(error.params.get(error.count_param or ""), int | Decimal)
    count = error.count if known else _UNKNOWN_COUNT
    # catalog_translate's translations have plural forms; a plain function has English's.
    plural = getattr(translate, "plural", None)
    if plural is None:
        template = error.msgid if count == 1 else error.plural
    else:
        template = plural(error.msgid, error.plural, count, locale)
    return str(template).format(**params)


def _bounds(question: Question) -> list[tuple[str, FormError]]:
    """The rules a question declares (not custom constraints), with the engine's messages."""
    rules: list[tuple[str, FormError]] = []
    low, high = question.minimum, question.maximum
    if low is not None and high is not None:
        rules.append(
            (
                f". >= {_number(low)} and . <= {_number(high)}",
                FormError(_BETWEEN, {"min": low, "max": high}),
            )
        )
    elif low is not None:
        rules.append((f". >= {_number(low)}", FormError(_AT_LEAST, {"min": low})))
    elif high is not None:
        rules.append((f". <= {_number(high)}", FormError(_AT_MOST, {"max": high})))
    if question.max_length is not None:
        rules.append(
            (
                f"string-length(.) <= {question.max_length}",
                FormError.counted(_MAX_LENGTH, "max", {"max": question.max_length}),
            )
        )
    if question.type is QType.DATE:
        if not question.allow_future:
            rules.append((". <= today()", FormError(_FUTURE)))
        earliest = question.earliest or DEFAULT_EARLIEST
        rules.append(
            (
                f". >= date('{earliest.isoformat()}')",
                FormError(_EARLIEST, {"earliest": earliest}),
            )
        )
    return rules


def _rules(question: Question) -> tuple[list[tuple[str, FormError]], list[str]]:
    """Every rule of the question as (expression, message), and the rules that have none."""
    rules = _bounds(question)
    problems: list[str] = []
    for number, constraint in enumerate(question.constraints, start=1):
        where = f"question {question.id!r}, constraint {number}"
        if not constraint.xlsform or not constraint.xlsform.strip():
            problems.append(f"{where} ({constraint.message.msgid!r}) has no XLSForm expression")
            continue
        params = {**constraint.message.params, **constraint.xlsform_params}
        unknown = _fields(constraint.message.msgid) - set(params)
        if unknown:
            problems.append(
                f"{where}: no XLSForm value for the message's {', '.join(sorted(unknown))}"
            )
            continue
        rules.append((constraint.xlsform, replace(constraint.message, params=params)))
    return rules, problems


def missing_expressions(form: Form) -> list[str]:
    """The rules, skip logic and computed values of the form that have no XLSForm expression."""
    problems: list[str] = []
    for question in form.questions:
        if relevant_expression(form, question) is None:
            problems.append(f"question {question.id!r}: its skip logic has no XLSForm expression")
        problems.extend(_rules(question)[1])
    problems.extend(
        f"computed {computed.id!r} has no XLSForm calculation"
        for computed in form.computed
        if not computed.xlsform or not computed.xlsform.strip()
    )
    return problems


def _type(question: Question) -> str:
    if question.type in (QType.SELECT_ONE, QType.SELECT_MULTIPLE):
        return f"{question.type.value} {question.id}"
    if question.type is QType.YES_NO:
        return f"select_one {YES_NO_LIST}"
    if question.type is QType.COUNTRY:
        return f"select_one {COUNTRY_LIST}"
    return _TYPES[question.type]


def survey_rows(form: Form, translate: Translate) -> list[dict[str, str]]:
    """The `survey` sheet: a row per question, then a `calculate` row per computed value."""
    problems = missing_expressions(form)
    if problems:
        raise XLSFormError(form.id, problems)
    rows: list[dict[str, str]] = []
    for question in form.questions:
        row = {"type": _type(question), "name": question.id}
        for locale in SUPPORTED_LOCALES:
            row[column("label", locale)] = translate(question.label, locale)
            if question.hint:
                row[column("hint", locale)] = translate(question.hint, locale)
        if question.type is QType.COUNTRY:
            row["appearance"] = "autocomplete"  # a search box, as the bot's typed names
        if question.required and question.type is not QType.NOTE:
            row["required"] = "yes"
            for locale in SUPPORTED_LOCALES:
                row[column("required_message", locale)] = translate(_REQUIRED, locale)
        row["relevant"] = relevant_expression(form, question) or ""
        rules, _ = _rules(question)
        if rules:
            # One constraint per question in XLSForm: every rule must hold, and the message
            # says each of them.
            expressions = [expression for expression, _ in rules]
            row["constraint"] = (
                expressions[0]
                if len(expressions) == 1
                else " and ".join(f"({expression})" for expression in expressions)
            )
            for locale in SUPPORTED_LOCALES:
                row[column("constraint_message", locale)] = " ".join(
                    _message(error, translate, locale) for _, error in rules
                )
        rows.append({name: value for name, value in row.items() if value})
    rows.extend(
        {"type": "calculate", "name": computed.id, "calculation": computed.xlsform or ""}
        for computed in form.computed
    )
    return rows


def choice_rows(form: Form, translate: Translate) -> list[dict[str, str]]:
    """The `choices` sheet: a list per select question, yes/no, and the countries."""
    rows: list[dict[str, str]] = []

    def add(list_name: str, name: str, labels: Mapping[str, str]) -> None:
        row = {"list_name": list_name, "name": name}
        row.update({column("label", locale): labels[locale] for locale in SUPPORTED_LOCALES})
        rows.append(row)

    def translated(msgid: str) -> dict[str, str]:
        return {locale: translate(msgid, locale) for locale in SUPPORTED_LOCALES}

    for question in form.questions:
        for choice in question.choices:
            add(question.id, choice.value, translated(choice.label))
    types = {question.type for question in form.questions}
    if QType.YES_NO in types:
        add(YES_NO_LIST, "yes", translated(YES))
        add(YES_NO_LIST, "no", translated(NO))
    if QType.COUNTRY in types:
        for code in sorted(country_codes(), key=lambda code: country_name(code, "en")):
            names = {locale: country_name(code, locale) for locale in SUPPORTED_LOCALES}
            add(COUNTRY_LIST, code, names)
    return rows


def settings_row(
    form: Form, translate: Translate, default_locale: str = DEFAULT_LOCALE
) -> dict[str, str]:
    return {
        "form_title": translate(form.title, default_locale),
        "form_id": f"fieldbot_{form.id}",
        "version": str(form.version),
        "default_language": f"{language_name(default_locale)} ({default_locale})",
        # pyxform would otherwise turn the catalogs' no-break spaces (French "?") into spaces.
        # (It straightens typographic apostrophes and quotes whatever this says.)
        "clean_text_values": "no",
    }


def _translated(*kinds: str) -> list[str]:
    return [column(kind, locale) for kind in kinds for locale in SUPPORTED_LOCALES]


# The columns in the order an M&E officer reads a row: what is asked, whether it must be
# answered, when it applies, what it accepts; a column no row uses is left out.
_SURVEY_COLUMNS = [
    "type",
    "name",
    *_translated("label", "hint"),
    "appearance",
    "required",
    *_translated("required_message"),
    "relevant",
    "constraint",
    *_translated("constraint_message"),
    "calculation",
]
_CHOICES_COLUMNS = ["list_name", "name", *_translated("label")]
_SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "clean_text_values"]


def _sheet(workbook: Any, title: str, rows: list[dict[str, str]], columns: list[str]) -> None:
    sheet = workbook.create_sheet(title)
    unknown = {name for row in rows for name in row} - set(columns)
    assert not unknown, f"columns missing from the {title} sheet's order: {unknown}"
    headers = [name for name in columns if any(name in row for row in rows)]
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(name, "") for name in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2" if title != "settings" else "A2"
    for index, name in enumerate(headers):
        longest = max([len(name), *(len(row.get(name, "")) for row in rows)])
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = min(max(longest + 2, 10), 60)


def build_workbook(form: Form, translate: Translate, default_locale: str = DEFAULT_LOCALE) -> Any:
    """The form as an openpyxl Workbook; XLSFormError when a rule has no expression."""
    survey = survey_rows(form, translate)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, "survey", survey, _SURVEY_COLUMNS)
    _sheet(workbook, "choices", choice_rows(form, translate), _CHOICES_COLUMNS)
    _sheet(
        workbook, "settings", [settings_row(form, translate, default_locale)], _SETTINGS_COLUMNS
    )
    return workbook


def write_xlsform(
    form: Form, path: Path, translate: Translate, default_locale: str = DEFAULT_LOCALE
) -> None:
    """Write the form's XLSForm workbook to `path` (.xlsx): saved beside it, then renamed, so
    that a failure (a full disk, Ctrl-C) leaves no half workbook and a previous one as it was."""
    partial = partial_path(path)
    try:
        build_workbook(form, translate, default_locale).save(partial)
        put_in_place(partial, path)
    finally:
        partial.unlink(missing_ok=True)


class _Catalogs(Protocol):
    def gettext(
        self, singular: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str: ...


class _CatalogTranslate:
    """A Translate over the bot's catalogs, with their plural forms (`plural`)."""

    def __init__(self, i18n: _Catalogs) -> None:
        self._i18n = i18n

    def __call__(self, msgid: str, locale: str) -> str:
        return str(self._i18n.gettext(msgid, locale=locale))

    def plural(self, singular: str, plural: str, count: int, locale: str) -> str:
        return str(self._i18n.gettext(singular, plural, count, locale=locale))


def catalog_translate(i18n: _Catalogs) -> Translate:
    """A Translate over the bot's catalogs (bot.catalogs.Catalogs, or aiogram's I18n)."""
    return _CatalogTranslate(i18n)
