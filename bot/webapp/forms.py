"""The one-screen form: a form definition for the page, and the page's answers checked by the
same engine as the chat (bot/forms/engine.py), with the same screening for personal data.

The page sends what is in its fields (typed text for numbers and free text, an ISO date from
the date picker, a choice's value, "yes"/"no", a country code); each is parsed and checked in
the form's order, so skip logic and cross-field rules see exactly the earlier answers the chat
would have. Call these inside the request's locale (`I18n.use_locale`): labels and messages
come from the gettext catalogs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from aiogram.utils.i18n import gettext as _

from bot.domain.languages import alphabetical, country_name, format_number, join_items
from bot.domain.scope import Scope, country_codes
from bot.forms.engine import (
    Parsed,
    active_questions,
    check_value,
    display_value,
    parse_answer,
    set_answer,
)
from bot.forms.model import N_, Form, FormError, QType, Question
from bot.ui.forms import error_message

OPTIONAL = N_("Optional")
CHOOSE = N_("Choose…")
NEEDS_ANSWER = N_("This question needs an answer.")
YES = N_("Yes")
NO = N_("No")
OFFER = N_("Your text with the personal details replaced by {placeholder}:")
USE_TEXT = N_("Use this text")


def translate(msgid: str) -> str:
    """A msgid from a form definition, in the request's language."""
    return _(msgid)


def error_text(error: FormError, locale: str) -> str:
    """An engine message in the user's language (the page inserts it as text)."""
    return error_message(error, locale, html=False)


_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def unisolated(text: str) -> str:
    """Text without the bidi isolates the chat needs; the page isolates each field itself
    (CLDR's own marks, such as the RLMs of an Arabic date, stay)."""
    return text.translate(_ISOLATES)


def _widget(question: Question) -> str:
    kind = question.type
    if kind in (QType.INTEGER, QType.DECIMAL):
        return "number"
    if kind is QType.TEXT:
        return "textarea" if (question.max_length or 0) > 200 else "text"
    return str(kind)


def country_choices(scope: Scope, locale: str) -> list[dict[str, str]]:
    """The countries a reporter may pick (all of them for an all-countries role), by name."""
    codes = sorted(country_codes()) if scope.all_countries else list(scope.countries)
    names = sorted(((country_name(code, locale), code) for code in codes), key=_by_name)
    return [{"value": code, "label": name} for name, code in names]


def _by_name(named: tuple[str, str]) -> tuple[tuple[str, str], str]:
    return alphabetical(named[0]), named[1]


def describe(form: Form, scope: Scope, locale: str) -> dict[str, Any]:
    """The form as the page draws it: every question, its labels and choices translated."""
    questions = []
    for question in form.questions:
        choices: list[dict[str, str]] = [
            {"value": c.value, "label": translate(c.label)} for c in question.choices
        ]
        if question.type is QType.YES_NO:
            choices = [{"value": "yes", "label": _(YES)}, {"value": "no", "label": _(NO)}]
        elif question.type is QType.COUNTRY:
            choices = country_choices(scope, locale)
        questions.append(
            {
                "id": question.id,
                "type": str(question.type),
                "widget": _widget(question),
                "label": translate(question.label),
                # The country's hint is about typing in the chat; the page has a list.
                "hint": translate(question.hint)
                if question.hint and question.type is not QType.COUNTRY
                else "",
                "required": question.required,
                "choices": choices,
                "max_length": question.max_length,
            }
        )
    return {
        "id": form.id,
        "version": form.version,
        "title": translate(form.title),
        "questions": questions,
    }


@dataclass
class Checked:
    """The page's answers after the engine: what applies, what is stored, what is wrong."""

    answers: dict[str, Any] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    display: dict[str, str] = field(default_factory=dict)
    # Fields refused for the personal data they hold (a child's name): the page keeps them
    # off the phone's storage, as the server keeps them out of the draft (not in `answers`).
    private: list[str] = field(default_factory=list)
    # A refused text without what the screening found (FormError.suggestion), for the page to
    # offer in its place ("Use this text"); sent back, never stored, like the refusal.
    offers: dict[str, str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return not self.errors and not self.missing

    def as_json(self) -> dict[str, Any]:
        return {
            "active": self.active,
            "errors": self.errors,
            "missing": self.missing,
            "display": self.display,
            "private": self.private,
            "offers": self.offers,
            "ready": self.ready,
        }


def _empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def _parse(
    question: Question,
    raw: Any,
    answers: Mapping[str, Any],
    *,
    locale: str,
    today: dt.date,
    scope: Scope,
    screen_patterns: Sequence[str],
) -> Parsed:
    """One field's content as a stored value, by the engine's parse_answer or check_value."""
    kind = question.type
    if kind in (QType.INTEGER, QType.DECIMAL, QType.TEXT, QType.DATE):
        if not isinstance(raw, str):
            return Parsed(error=FormError(NEEDS_ANSWER))
        return parse_answer(
            question,
            raw,
            answers,
            locale=locale,
            today=today,
            screen_patterns=screen_patterns,
            gettext=translate,
        )
    value: Any = raw
    if kind is QType.YES_NO:
        value = {"yes": True, "no": False}.get(str(raw), raw)
    elif kind is QType.COUNTRY:
        value = str(raw).upper()
    error = check_value(question, value, answers, today=today, screen_patterns=screen_patterns)
    if error is None and kind is QType.COUNTRY and not scope.covers(value):
        names = join_items((country_name(c, locale) for c in scope.countries), locale)
        error = FormError(
            N_("You can report only for your countries: {countries}."), {"countries": names}
        )
    return Parsed(value=value) if error is None else Parsed(error=error)


def check(
    form: Form,
    values: Mapping[str, Any],
    *,
    locale: str,
    today: dt.date,
    scope: Scope,
    screen_patterns: Sequence[str] = (),
) -> Checked:
    """Every field of the page through the engine, in the form's order."""
    result = Checked()
    answers: dict[str, Any] = {}
    for question in form.questions:
        if question.relevant is not None and not question.relevant(answers):
            continue
        result.active.append(question.id)
        if question.type is QType.NOTE:
            answers = set_answer(form, answers, question.id, True)
            continue
        raw = values.get(question.id)
        if _empty(raw):
            if question.required:
                result.missing.append(question.id)
            else:
                answers = set_answer(form, answers, question.id, None)  # skipped
            continue
        parsed = _parse(
            question,
            raw,
            answers,
            locale=locale,
            today=today,
            scope=scope,
            screen_patterns=screen_patterns,
        )
        if parsed.error is not None:
            result.errors[question.id] = error_text(parsed.error, locale)
            if parsed.error.private:
                result.private.append(question.id)
            if parsed.error.suggestion is not None:
                result.offers[question.id] = parsed.error.suggestion
            continue
        answers = set_answer(form, answers, question.id, parsed.value)
        if question.type in (QType.INTEGER, QType.DECIMAL, QType.DATE):
            shown = display_value(question, answers[question.id], locale=locale, gettext=_)
            result.display[question.id] = unisolated(shown)
    # The active list again, on the final answers (a later answer never changes an earlier
    # question's relevance, so this only drops what the loop skipped).
    still = {q.id for q in active_questions(form, answers)}
    result.active = [qid for qid in result.active if qid in still]
    result.answers = answers
    return result


def page_values(form: Form, answers: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """Stored answers (a chat draft) as the page's fields show them."""
    values: dict[str, Any] = {}
    for question in form.questions:
        value = answers.get(question.id)
        if value is None:
            continue
        kind = question.type
        if kind is QType.YES_NO:
            values[question.id] = "yes" if value else "no"
        elif kind in (QType.INTEGER, QType.DECIMAL):
            values[question.id] = format_number(Decimal(str(value)), locale, exact=True)
        elif kind is QType.NOTE:
            continue
        else:
            values[question.id] = value
    return values
