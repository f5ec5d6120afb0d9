"""How a form looks in Telegram: the question message, its keyboard, the review card.

The engine (bot/forms) decides what to ask; this module only turns its answers into text and
buttons in the user's language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.domain.enums import OVERSEERS, REPORTERS, Role
from bot.domain.languages import (
    country_name,
    date_example,
    format_date,
    format_number,
    isolate,
    ltr,
)
from bot.domain.reports import report_reference
from bot.forms.definitions import FORMS
from bot.forms.engine import display_value, next_question, review, skip, step_of
from bot.forms.model import N_, Form, FormError, QType, Question, WeekdayDate
from bot.forms.screening import PLACEHOLDER
from bot.ui.callbacks import DraftAction, DraftCB, FormAction, FormCB, RepeatCB, RepeatDay
from bot.ui.keyboard import Keyboard
from bot.ui.text import plain_text, safe, shortened, telegram_length

# Someone else's words, forwarded while an answer is awaited (a form's, a yearly value's...).
FORWARDED = N_(
    "A message forwarded from another chat is not taken as an answer. Please type your "
    "answer, or copy the words you need from it and send them."
)
# What is awaited, by the conversation's state (the states of the side flows, by name: the
# handlers that own them are not imported here); nothing awaited: the way to /help. Said
# after why a photo, a sticker... (handlers.fallback) or someone else's words forwarded
# (handlers.chat_scope) are not taken.
AWAITED: dict[str | None, str] = {
    None: N_("Please write in words, or send /help to see what I can do."),
    "SettingsForm:timezone": N_(
        "I am waiting for the name of your city, to set your time zone: please type it "
        "(for example Niamey), or /cancel."
    ),
    "SettingsForm:digest": N_(  # the day, then the hour
        "Please choose with the buttons when your digest arrives, or /cancel."
    ),
    "InviteForm:role": N_("Please choose the new person's role with the buttons, or /cancel."),
    "InviteForm:countries": N_(
        "I am waiting for the countries: please type their codes (for example HT, NE) or "
        "“all”, or /cancel."
    ),
    "InviteForm:expiry": N_(
        "Please choose with the buttons how long the invitation stays valid, or /cancel."
    ),
    "PeopleForm:countries": N_(
        "I am waiting for the countries: please type their codes (for example HT, NE) or "
        "“all”, or /cancel."
    ),
    "IndicatorForm:value": N_(
        "I am waiting for the indicator's value: please type it, or /cancel."
    ),
    "WithdrawForm:reason": N_(
        "I am waiting for the reason of the withdrawal: please type it in a few words, or /cancel."
    ),
    "PickerForm:missions": N_(
        "Please tap a mission in the list, or type words to search for one."
    ),
}

# The roles whose side flow a state is, by the state's group (by name, as AWAITED): one that
# waits for someone who holds none of them now (revoked while it waited) is over.
FLOW_ROLES: dict[str, frozenset[Role]] = {
    "InviteForm": frozenset({Role.ADMIN}),
    "PeopleForm": frozenset({Role.ADMIN}),
    "PickerForm": frozenset({Role.ADMIN}),
    "IndicatorForm": frozenset(OVERSEERS),
    # Its author (a reporting role) or a manager of its country (bot.domain.reports.may_withdraw).
    "WithdrawForm": frozenset((*REPORTERS, *OVERSEERS)),
}


# A contact card shared, in a form or anywhere else: why it is not taken (nothing of it is kept).
CONTACT_REFUSED = N_(
    "Please do not share contacts: reports never contain anyone's phone number or contact details."
)

# What a message that is not text holds, by its first attribute present (in this order): one
# reading for a form (bot's question asked again) and outside one (handlers.fallback).
NOT_TEXT_KINDS = (
    ("photo", ("photo",)),
    ("recording", ("voice", "audio", "video", "video_note")),
    ("sticker", ("sticker", "animation", "dice")),  # an animation is a document too: first
    ("document", ("document",)),
    ("location", ("location", "venue")),
    ("contact", ("contact",)),
    ("poll", ("poll",)),
)


def not_text_kind(message: Message) -> str:
    """ "photo", "recording", "sticker", "document", "location", "contact", "poll" or "other"."""
    for kind, attributes in NOT_TEXT_KINDS:
        if any(getattr(message, name, None) for name in attributes):
            return kind
    return "other"


CHECK = "✅ "


def pairs(count: int) -> list[int]:
    """Row widths for `count` buttons two by two (the odd one alone on the last row)."""
    return [2] * (count // 2) + [1] * (count % 2)


def repeat_buttons(kb: InlineKeyboardBuilder, report_id: str, what: str) -> None:
    """Two buttons: the same report again, dated today, or dated yesterday."""
    kb.button(
        text=shortened(_("↻ {what}, today").format(what=what), 64),
        callback_data=RepeatCB(r=report_id, w=RepeatDay.TODAY),
    )
    kb.button(
        text=shortened(_("↻ {what}, yesterday").format(what=what), 64),
        callback_data=RepeatCB(r=report_id, w=RepeatDay.YESTERDAY),
    )


def draft_token(key: str) -> str:
    """The short token a draft's buttons carry: the first 8 hex digits of a report id (a new
    report's), or of a hash of a longer key (an edit's: its report id, version and start)."""
    if len(key) == 36 and key.count("-") == 4:
        return key.replace("-", "")[:8]
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def tr(msgid: str) -> str:
    """Translate a msgid held in a form definition (marked with N_ there)."""
    return _(msgid)


def label(question: Question) -> str:
    return safe(tr(question.label))


def questions_named(form: Form, text: str) -> set[str]:
    """The ids of the form's questions whose label (in the reader's language) is in `text`,
    a message of the bot's."""
    return {q.id for q in form.questions if q.type is not QType.NOTE and tr(q.label) in text}


def asks_a_question(text: str) -> bool:
    """Whether a message of the bot's asked a question of a report form (in the reader's
    language): what a swipe-reply to it means to answer."""
    return any(questions_named(form, text) for form in FORMS.values())


def summary(question: Question) -> str:
    return safe(tr(question.summary or question.label))


def question_text(
    form: Form,
    answers: dict[str, Any],
    question: Question,
    locale: str,
    today: dt.date,
    *,
    short: bool = False,
) -> str:
    """The question as asked; `short` (after an error) is only the step and the question."""
    step, total = step_of(form, answers, question.id)
    progress = _("Step {step}/{total}").format(
        step=ltr(str(step), locale), total=ltr(str(total), locale)
    )
    lines = [f"<i>{progress}</i>", f"<b>{label(question)}</b>"]
    if short:
        return "\n".join(lines)
    if question.hint:
        lines.append(safe(tr(question.hint)))
    if question.type is QType.DATE:
        lines.append(
            _("Tap a button or type a date, for example {example}.").format(
                example=date_example(today, locale)
            )
        )
    elif question.type is QType.COUNTRY and not question.hint:
        lines.append(_("Tap your country or type part of its name."))
    elif question.type is QType.SELECT_MULTIPLE:
        lines.append(_("Tap every answer that applies, then Done."))
    elif question.type in (QType.INTEGER, QType.DECIMAL) and not question.hint:
        lines.append(_("Type a number."))
    elif question.type is QType.TEXT and question.max_length:
        lines.append(
            _("Type your answer (at most {max} characters).").format(
                max=ltr(format_number(question.max_length, locale), locale)
            )
        )
    return "\n".join(lines)


def question_keyboard(
    form: Form,
    answers: dict[str, Any],
    question: Question,
    token: str,
    locale: str,
    *,
    selected: Sequence[str] = (),
    countries: Sequence[str] = (),
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    q = question.id
    widths: list[int] = []
    if question.type is QType.SELECT_ONE:
        for choice in question.choices:
            kb.button(
                text=tr(choice.label),
                callback_data=FormCB(a=FormAction.PICK, q=q, v=choice.value, d=token),
            )
        widths += [1] * len(question.choices)
    elif question.type is QType.SELECT_MULTIPLE:
        for choice in question.choices:
            mark = CHECK if choice.value in selected else ""
            kb.button(
                text=mark + tr(choice.label),
                callback_data=FormCB(a=FormAction.TOGGLE, q=q, v=choice.value, d=token),
            )
        kb.button(text=_("Done"), callback_data=FormCB(a=FormAction.DONE, q=q, d=token))
        widths += [1] * len(question.choices) + [1]
    elif question.type is QType.YES_NO:
        kb.button(text=_("Yes"), callback_data=FormCB(a=FormAction.YES, q=q, d=token))
        kb.button(text=_("No"), callback_data=FormCB(a=FormAction.NO, q=q, d=token))
        widths.append(2)
    elif question.type is QType.DATE:
        kb.button(text=_("Today"), callback_data=FormCB(a=FormAction.TODAY, q=q, d=token))
        kb.button(text=_("Yesterday"), callback_data=FormCB(a=FormAction.YESTERDAY, q=q, d=token))
        widths.append(2)
    elif question.type is QType.COUNTRY:
        for code in countries:
            kb.button(
                text=country_name(code, locale),
                callback_data=FormCB(a=FormAction.COUNTRY, q=q, v=code, d=token),
            )
        widths += pairs(len(countries))
    nav = 0
    if step_of(form, answers, q)[0] > 1:
        kb.button(text=_("« Back"), callback_data=FormCB(a=FormAction.BACK, q=q, d=token))
        nav += 1
    if not question.required:
        kb.button(text=_("Skip"), callback_data=FormCB(a=FormAction.SKIP, q=q, d=token))
        nav += 1
    kb.button(text=_("Cancel"), callback_data=FormCB(a=FormAction.CANCEL, q=q, d=token))
    nav += 1
    rest = 0
    if optional_run(form, answers, q) > 1:
        # Several optional questions in a row: one tap skips them all.
        kb.button(
            text=_("⏭ Skip the optional questions"),
            callback_data=FormCB(a=FormAction.REST, q=q, d=token),
        )
        rest = 1
    kb.adjust(*widths, nav, *([rest] if rest else []))
    return kb.as_markup()


def optional_run(form: Form, answers: dict[str, Any], qid: str) -> int:
    """How many optional questions come in a row from `qid` on (0 when `qid` is required)."""
    count = 0
    question: Question | None = form.question(qid)
    while question is not None and not question.required:
        count += 1
        answers = skip(form, answers, question.id)
        question = next_question(form, answers)
    return count


def country_choices_keyboard(
    codes: Sequence[str], question: Question, token: str, locale: str
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    for code in codes:
        kb.button(
            text=country_name(code, locale),
            callback_data=FormCB(a=FormAction.COUNTRY, q=question.id, v=code, d=token),
        )
    kb.button(text=_("Cancel"), callback_data=FormCB(a=FormAction.CANCEL, q=question.id, d=token))
    kb.adjust(*([1] * len(codes)), 1)
    return kb.as_markup()


def answer_echo(question: Question, value: Any, locale: str) -> str:
    """What a tapped question message becomes: the question and the answer, no buttons."""
    shown = display_value(question, value, locale=locale, gettext=tr)
    return f"{label(question)}\n<b>{safe(shown)}</b>"


def answer_line(question: Question, value: Any, locale: str, *, limit: int | None = None) -> str:
    """'• Place: <b>Jacmel</b>': one answer of a report, as the review card, /myreports and the
    history show it (the answer is the reporter's words: escaped, and shortened to `limit`)."""
    shown = display_value(question, value, locale=locale, gettext=tr)
    # TRANSLATORS: one answer on the review card, e.g. "Place: Jacmel" (French: "Lieu : Jacmel").
    line = _("{label}: {value}").format(
        label=summary(question), value=f"<b>{safe(shown, limit=limit)}</b>"
    )
    return f"• {line}"


def review_text(
    form: Form,
    answers: dict[str, Any],
    locale: str,
    *,
    editing: bool = False,
    short: bool = False,
) -> str:
    """The review card; `short` (after a mistake on the card) is its title only."""
    title = safe(tr(form.title))
    head = (
        _("Check your changes before saving ({form}):")
        if editing
        else _("Check this report before submitting ({form}):")
    ).format(form=title)
    if short:
        return f"<b>{head}</b>"
    lines = [f"<b>{head}</b>", ""]
    for item in review(form, answers):
        lines.append(answer_line(item.question, item.value, locale))
    return "\n".join(lines)


def review_keyboard(
    form: Form, answers: dict[str, Any], token: str, *, editing: bool = False
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    items = review(form, answers)
    for item in items:
        kb.button(
            text=_("Change: {what}").format(what=tr(item.question.summary or item.question.label)),
            callback_data=FormCB(a=FormAction.CHANGE, q=item.question.id, d=token),
        )
    kb.button(
        text=_("✅ Save changes") if editing else _("✅ Submit"),
        callback_data=FormCB(a=FormAction.SUBMIT, d=token),
    )
    kb.button(text=_("Cancel"), callback_data=FormCB(a=FormAction.CANCEL, d=token))
    kb.adjust(*pairs(len(items)), 1, 1)
    return kb.as_markup()


def cancel_question(form: Form, answers: dict[str, Any], *, editing: bool) -> str:
    """Asked before answers are lost: after the review card, or in an edit."""
    if editing:
        return _("Stop editing? Your changes will be lost; the saved report stays as it is.")
    notes = {q.id for q in form.questions if q.type is QType.NOTE}  # acknowledged, not answers
    count = len([q for q, v in answers.items() if v is not None and q not in notes])
    return ngettext(
        "Discard this report? Its {count} answer will be lost.",
        "Discard this report? Its {count} answers will be lost.",
        count,
    ).format(count=count)


def cancelled_text(*, editing: bool) -> str:
    if editing:
        return _("Editing stopped: the report is unchanged.")
    return _("The report was cancelled. Nothing was saved.")


def cancel_keyboard(token: str, qid: str, *, editing: bool) -> InlineKeyboardMarkup:
    """Confirm a Cancel that would lose answers (`qid`: the question it came from, "" the card)."""
    kb = Keyboard()
    kb.button(
        text=_("🗑 Yes, discard my changes") if editing else _("🗑 Yes, discard the report"),
        callback_data=FormCB(a=FormAction.DISCARD, q=qid, d=token),
    )
    kb.button(
        text=_("No, keep editing") if editing else _("No, keep the report"),
        callback_data=FormCB(a=FormAction.KEEP, q=qid, d=token),
    )
    kb.adjust(1, 1)
    return kb.as_markup()


def review_card(
    form: Form,
    answers: dict[str, Any],
    token: str,
    locale: str,
    *,
    editing: bool,
    prefix: str = "",
    short: bool = False,
) -> tuple[str, InlineKeyboardMarkup]:
    """The review card; `short` (after a mistake on the card): its title and buttons only."""
    text = prefix + review_text(form, answers, locale, editing=editing, short=short)
    return text, review_keyboard(form, answers, token, editing=editing)


def draft_waiting_note(waiting: bool) -> str:
    """Added to the last message of a flow taken on the side, when a report in progress is
    still there (bot.usecases.drafts.leave_side_flow)."""
    if not waiting:
        return ""
    return "\n\n" + _("Your unfinished report is still there: send /report to go on with it.")


def resume_prompt(
    form: Form,
    started_on: dt.date,
    held: str | None,
    token: str,
    step: str,
    locale: str,
    *,
    correcting: str = "",
) -> tuple[str, InlineKeyboardMarkup]:
    """Continue or discard the unfinished report (`started_on`: the day it was started, in
    the reader's time zone; `held`: what was typed meanwhile; `step`: where it stands, so that
    a Discard left behind once it has gone on discards nothing); or, `correcting` a sent
    report (its reference), the correction under way: Discard drops the changes only."""
    names = {"form": safe(tr(form.title)), "date": format_date(started_on, locale)}
    if correcting:
        text = _(
            "You are correcting report {reference} ({form}), since {date}. Continue the "
            "correction, or discard your changes (the report stays as it was sent)?"
        ).format(reference=ltr(correcting, locale), **names)
    else:
        text = _(
            "You have an unfinished report ({form}) started on {date}. Continue it or discard it?"
        ).format(**names)
    if held:
        text += "\n" + _("Your answer “{answer}” is kept: Continue uses it.").format(
            answer=safe(held, locale, limit=100)
        )
    kb = Keyboard()
    kb.button(text=_("Continue"), callback_data=DraftCB(a=DraftAction.CONTINUE, d=token))
    kb.button(text=_("Discard"), callback_data=DraftCB(a=DraftAction.DISCARD, d=token, s=step))
    return text, kb.as_markup()


def saved_text(
    form: Form,
    answers: dict[str, Any],
    computed: dict[str, Any],
    report_id: uuid.UUID,
    locale: str,
    *,
    edited_version: int | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> str:
    """What the reporter reads once a report is stored (by chat or from the Mini App): saved,
    where it counts, how many participants, and the reference to quote; or, dated outside the
    plan's `period`, that no indicator counts it."""
    if edited_version is not None:
        saved = _("Your changes are saved (version {version}).").format(
            version=format_number(edited_version, locale)
        )
    else:
        saved = _("Thank you! The report is saved ({form}).").format(form=safe(tr(form.title)))
    field = next(
        (tr(c.label) for c in form.question("field").choices if c.value == answers.get("field")),
        str(answers.get("field")),
    )
    lines = [f"✅ {saved}"]
    outside = _outside_the_plan(form, answers, period, locale)
    if outside:
        lines.append(outside)
    else:
        lines.append(
            _("Counted for {country}, {field} field.").format(
                country=isolate(country_name(str(answers["country"]), locale), locale),
                field=safe(field.lower()),
            )
        )
    total = computed.get("participants_total")
    if isinstance(total, int) and not outside:
        counted = ngettext("{n} participant counted.", "{n} participants counted.", total)
        lines.append(counted.format(n=format_number(total, locale)))
    reference = ltr(report_reference(report_id), locale)
    lines.append(
        _("Reference: {reference} (quote it to find this report again).").format(
            reference=reference
        )
    )
    return "\n".join(lines)


def _outside_the_plan(
    form: Form, answers: dict[str, Any], period: tuple[dt.date, dt.date] | None, locale: str
) -> str:
    """Why no indicator counts a report dated outside the plan's period, or ""."""
    dates = (answers.get(q.id) for q in form.questions if q.type is QType.DATE)
    typed = next((value for value in dates if isinstance(value, str)), None)
    if period is None or typed is None:
        return ""
    day, (start, end) = dt.date.fromisoformat(typed), period
    if start <= day <= end:
        return ""
    return _(
        "Not counted in the indicators: its date, {date}, is outside the strategic plan's "
        "period ({start} to {end})."
    ).format(
        date=format_date(day, locale),
        start=format_date(start, locale),
        end=format_date(end, locale),
    )


TEXT_LIMIT = 4096  # a message's text, in UTF-16 units once its HTML is parsed

OFFER_TO_COPY = N_(
    "Here is your text with the personal details replaced by {placeholder}: tap it to copy "
    "it, then check it and send it back."
)


def offer_to_copy(error: FormError, *, room: int) -> str:
    """The refused text without its personal data (`error.suggestion`), in a block a tap
    copies (`<pre>`, its line breaks kept), with the words that offer it; "" when there is
    none, or when it does not fit in `room` UTF-16 units: a text cut to fit would be copied
    back cut."""
    if error.suggestion is None:
        return ""
    intro = _(OFFER_TO_COPY).format(placeholder=PLACEHOLDER)
    # Not isolated for right-to-left text, as other typed values are: the marks would be copied.
    offer = "\n\n" + intro + "\n<pre>" + safe(error.suggestion) + "</pre>"
    return offer if telegram_length(plain_text(offer)) <= room else ""


def error_message(error: FormError, locale: str, *, html: bool = True) -> str:
    """An engine message in the user's language, numbers and dates formatted by Babel. What the
    user typed, quoted back, is escaped for Telegram's HTML (`html`), or left as it is for the
    Mini App's page, which inserts it as text."""
    params: dict[str, Any] = {}
    for name, value in error.params.items():
        if isinstance(value, bool):
            params[name] = value
        elif isinstance(value, int | float | Decimal):
            params[name] = format_number(value, locale)
        elif isinstance(value, WeekdayDate):  # "mardi 1 décembre 2026": the weekday is the point
            params[name] = format_date(value, locale, "full")
        elif isinstance(value, dt.date):
            params[name] = format_date(value, locale)
        else:
            params[name] = safe(value, limit=200) if html else str(value)
    return error.template(_, ngettext).format(**params)
