"""/report: a training or an advocacy event, one question per message, a review, a submit.

States (the draft itself lives in the FSM data under "draft", so it survives restarts):
    ReportFlow.filling → a question is waiting for its answer (text or a tap)
    ReportFlow.review  → the review card is shown: change an answer, submit, or cancel
A draft untouched for DRAFT_STALE_AFTER is not continued silently: the user is asked first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Bot, F
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, WebAppInfo
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import REPORTERS
from bot.domain.languages import country_name, isolate, join_items, ltr
from bot.domain.people import UserView
from bot.domain.reports import ReportView, report_reference
from bot.forms.definitions import FORMS
from bot.forms.engine import (
    BACK,
    CANCEL,
    EMPTY_ANSWER,
    SKIP,
    apply_answer,
    back_from,
    button_answer,
    carried_number,
    check_value,
    display_value,
    find_countries,
    parse_answer,
    skip,
    skip_optional_run,
    step_of,
    toggled,
    typed_blank,
    typed_button,
    typed_nothing,
)
from bot.forms.model import N_, FormError, QType, Question
from bot.indicators.plan import Plan
from bot.settings import Settings
from bot.ui.callbacks import (
    ANSWERS,
    DraftAction,
    DraftCB,
    FormAction,
    FormCB,
    RepeatCB,
    RepeatDay,
    StartFormCB,
)
from bot.ui.forms import (
    CONTACT_REFUSED,
    FORWARDED,
    TEXT_LIMIT,
    answer_echo,
    answer_line,
    cancel_keyboard,
    cancel_question,
    cancelled_text,
    country_choices_keyboard,
    error_message,
    not_text_kind,
    offer_to_copy,
    question_keyboard,
    question_text,
    questions_named,
    repeat_buttons,
    resume_prompt,
    review_card,
    saved_text,
    summary,
    tr,
)
from bot.ui.keyboard import Keyboard
from bot.ui.replies import Replies
from bot.ui.reports import edit_refusal_text
from bot.ui.text import plain_text, safe, telegram_length
from bot.usecases.drafts import Draft, Passed, ReportFlow, load_draft, save_draft
from bot.usecases.reports import (
    AlreadySent,
    EditRefused,
    Problem,
    Stored,
    first_problem,
    store_draft,
)
from handlers.filters import ForwardedFromOthers, command
from handlers.routing import Router
from models.reports import StaleReport, get_report, reports_by_author


def format_error(error: FormError, locale: str) -> str:
    return "⚠️ " + error_message(error, locale)


@dataclass(frozen=True)
class Talk:
    """Where the report flow answers (the chat), who, in which language: what ask, accept and
    the review card need besides the draft."""

    bot: Bot
    chat_id: int
    user: UserView
    state: FSMContext
    locale: str
    reply: Replies

    async def ask(self, draft: Draft, *, prefix: str = "", short: bool = False) -> None:
        where = (self.bot, self.chat_id, draft, self.user, self.state, self.locale)
        await ask(*where, prefix=prefix, short=short, reply=self.reply)

    async def accept(self, draft: Draft, question: Question, value: Any, *, prefix: str) -> None:
        where = (self.bot, self.chat_id, draft, question, value, self.user, self.state)
        await accept(*where, self.locale, prefix=prefix, reply=self.reply)

    async def refuse(self, draft: Draft, error: FormError) -> None:
        """The answer refused: `error` above the question asked again, with the text to copy
        that the error offers. A refusal that quotes personal data the user typed (a child's
        name) is sent once the update is committed, never stored with its replies: a crash
        before it is sent loses it, and the user types the answer again."""
        await save_draft(self.state, draft, ReportFlow.filling)
        form, today = draft.spec(), self.user.today()
        question = form.question(draft.current or "")
        asked = question_text(form, draft.answers, question, self.locale, today, short=True)
        refusal = format_error(error, self.locale)
        room = TEXT_LIMIT - telegram_length(plain_text(refusal + "\n\n" + asked))
        prefix = refusal + offer_to_copy(error, room=room) + "\n\n"
        if not error.private:
            await self.ask(draft, prefix=prefix, short=True)
            return
        held = Replies()
        await replace(self, reply=held).ask(draft, prefix=prefix, short=True)
        send_unstored(self.bot, held, self.reply)

    async def review(self, draft: Draft, *, prefix: str = "", short: bool = False) -> None:
        where = (self.bot, self.chat_id, draft, self.state, self.locale)
        await show_review(*where, prefix=prefix, short=short, reply=self.reply)


# -- asking ------------------------------------------------------------------------------------


async def ask(
    bot: Bot,
    chat_id: int,
    draft: Draft,
    user: UserView,
    state: FSMContext,
    locale: str,
    *,
    prefix: str = "",
    short: bool = False,
    reply: Replies,
) -> None:
    """Send the current question (or the review card when nothing is left to ask).

    `short` (after an error, whose message is the prefix): the step and the question only.
    """
    draft.held = draft.held_for = ""  # a kept answer is for the prompt it came with only
    passed, question = draft.advance(_only_country(user))
    prefix = _announce(passed, draft, chat_id, prefix, locale, user.today(), reply=reply)
    if question is None:
        await show_review(
            bot, chat_id, draft, state, locale, prefix=prefix, short=short, reply=reply
        )
        return
    if not short:
        prefix += _reask_reason(draft, question, locale, user.today())
    draft.start_question(question)
    await save_draft(state, draft, ReportFlow.filling)
    reply(_question_message(chat_id, draft, question, user, locale, prefix=prefix, short=short))


def _announce(
    passed: list[Passed],
    draft: Draft,
    chat_id: int,
    prefix: str,
    locale: str,
    today: dt.date,
    *,
    reply: Replies,
) -> str:
    """Notes are sent as they come (the prefix above the first); the country answered for the
    reporter is echoed above the next question. Returns the prefix left for it."""
    form = draft.spec()
    for step in passed:
        if step.question.type is QType.NOTE:
            text = prefix + question_text(form, step.answers, step.question, locale, today)
            reply(SendMessage(chat_id=chat_id, text=text))
            prefix = ""
        else:
            prefix += answer_line(step.question, step.value, locale) + "\n\n"
    return prefix


def _question_message(
    chat_id: int,
    draft: Draft,
    question: Question,
    user: UserView,
    locale: str,
    *,
    prefix: str,
    short: bool,
) -> SendMessage:
    form, answers = draft.spec(), draft.answers
    text = prefix + question_text(form, answers, question, locale, user.today(), short=short)
    countries = user.scope(*REPORTERS).countries if question.type is QType.COUNTRY else ()
    markup = question_keyboard(
        form, answers, question, draft.token, locale, selected=draft.multi, countries=countries
    )
    return SendMessage(chat_id=chat_id, text=text, reply_markup=markup)


def _only_country(user: UserView) -> str | None:
    """The country of a user whose reporting roles cover exactly one."""
    scope = user.scope(*REPORTERS)
    if scope.all_countries or len(scope.countries) != 1:
        return None
    return scope.countries[0]


def _reask_reason(draft: Draft, question: Question, locale: str, today: dt.date) -> str:
    """Why an answer given earlier is asked again: the rule it now breaks, or what changed."""
    info = draft.reasked.get(question.id)
    if not isinstance(info, dict):
        return ""
    form = draft.spec()
    old = info.get("old")
    error = None if old is None else check_value(question, old, draft.answers, today=today)
    if error is not None:
        reason = format_error(error, locale)
    else:
        because = str(info.get("because", ""))
        known = {q.id for q in form.questions}
        what = summary(form.question(because)) if because in known else ""
        reason = "⚠️ " + _("You changed “{what}”, so this question is asked again.").format(
            what=what
        )
    earlier = display_value(question, old, locale=locale, gettext=tr)
    return (
        reason
        + "\n"
        + _("Your earlier answer: {answer}.").format(answer=safe(earlier, locale, limit=100))
        + "\n\n"
    )


async def show_review(
    bot: Bot,
    chat_id: int,
    draft: Draft,
    state: FSMContext,
    locale: str,
    *,
    prefix: str = "",
    short: bool = False,
    reply: Replies,
) -> None:
    """The review card; `short` (after a mistake on the card): its title and buttons only."""
    draft.to_review()
    await save_draft(state, draft, ReportFlow.review)
    text, markup = review_card(
        draft.spec(),
        draft.answers,
        draft.token,
        locale,
        editing=draft.editing,
        prefix=prefix,
        short=short,
    )
    reply(SendMessage(chat_id=chat_id, text=text, reply_markup=markup))


async def accept(
    bot: Bot,
    chat_id: int,
    draft: Draft,
    question: Question,
    value: Any,
    user: UserView,
    state: FSMContext,
    locale: str,
    *,
    prefix: str = "",
    reply: Replies,
) -> None:
    """Store a valid answer and move on (`prefix` goes above the next question)."""
    change = apply_answer(draft.spec(), draft.answers, question.id, value)
    draft.answers = change.answers
    draft.reasked.pop(question.id, None)
    for dropped in change.reasked:  # asked again next, with the reason (see _reask_reason)
        draft.reasked[dropped.question.id] = {"old": dropped.old, "because": dropped.because}
    draft.current = None
    draft.multi = []
    draft.held = draft.held_for = ""
    await ask(bot, chat_id, draft, user, state, locale, prefix=prefix, reply=reply)


def scope_error(user: UserView, code: str, locale: str) -> str | None:
    """Why `user` may not report for `code`; None when a reporting role of theirs covers it."""
    scope = user.scope(*REPORTERS)
    if scope.covers(code):
        return None
    names = join_items((country_name(c, locale) for c in scope.countries), locale)
    return "⚠️ " + _("You can report only for your countries: {countries}.").format(
        countries=isolate(names, locale)
    )


# -- commands ------------------------------------------------------------------------------------


async def offer_resume(
    message: Message, draft: Draft, user: UserView, locale: str, *, reply: Replies
) -> None:
    # The day it was started on the officer's calendar (at 19:00 on 31 December in Honolulu,
    # UTC is on 1 January already).
    started = user.today(dt.datetime.fromisoformat(draft.started or draft.updated))
    held = draft.held if draft.held and draft.held_for == draft.current else None
    text, markup = resume_prompt(
        draft.spec(), started, held, draft.token, draft.step, locale,
        correcting=draft.corrected_reference,
    )  # fmt: skip
    reply(message.answer(text, reply_markup=markup))


async def report_command(
    message: Message,
    state: FSMContext,
    user: UserView,
    session: AsyncSession,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    draft = await load_draft(state)
    if draft is not None:
        await offer_resume(message, draft, user, locale, reply=reply)
        return
    kb = Keyboard()
    if settings.webapp.public_url:  # the whole form on one screen (bot/webapp)
        kb.button(text=_("Open the form"), web_app=WebAppInfo(url=settings.webapp.public_url))
    for form in FORMS.values():
        kb.button(text=tr(form.title), callback_data=StartFormCB(form=form.id))
    recent, _total = await reports_by_author(session, user.id, offset=0, limit=1)
    last = recent[0] if recent else None
    if last is not None and _repeatable(last, user):
        repeat_buttons(kb, last.id.hex, _repeat_title(last, locale))
    kb.adjust(1)
    reply(message.answer(_("What would you like to report?"), reply_markup=kb.as_markup()))


REPEAT_WITHIN = dt.timedelta(days=90)


def _repeatable(report: ReportView, user: UserView) -> bool:
    """A recent report of the user's own, of a form that still exists, for a country they
    still report for."""
    return (
        report.author_user_id == user.id
        and not report.withdrawn
        and report.form_id in FORMS
        and utcnow() - report.submitted_at <= REPEAT_WITHIN
        and user.scope(*REPORTERS).covers(report.country)
    )


def _repeat_title(report: ReportView, locale: str) -> str:
    return f"{tr(FORMS[report.form_id].title)} · {country_name(report.country, locale)}"


async def repeat_report(
    query: CallbackQuery,
    callback_data: RepeatCB,
    state: FSMContext,
    user: UserView,
    session: AsyncSession,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A new report like one of the officer's own: only the date (from the button) and the
    answers that change every time (head counts) are asked again, then the review card."""
    source = await _repeatable_report(session, callback_data, user)
    if source is None:
        reply(query.answer(_("This button is no longer active."), show_alert=True))
        return
    reply(query.answer())
    locale, existing = i18n.current_locale, await load_draft(state)
    if existing is not None:
        await _one_report_at_a_time(query, existing, source.form_id, user, locale, reply=reply)
        return
    if isinstance(query.message, Message):
        reply(query.message.edit_reply_markup(reply_markup=None))
    day = user.today() - dt.timedelta(days=1 if callback_data.w == RepeatDay.YESTERDAY else 0)
    draft, dated = Draft.repeating(source, day, utcnow())
    prefix = answer_line(dated, day.isoformat(), locale) + "\n\n"
    await Talk(bot, user.telegram_id, user, state, locale, reply).ask(draft, prefix=prefix)


async def _repeatable_report(
    session: AsyncSession, callback_data: RepeatCB, user: UserView
) -> ReportView | None:
    """The report a "repeat" button names, when the officer may repeat it (the id and the day
    are the client's)."""
    try:
        source = await get_report(session, uuid.UUID(hex=callback_data.r))
    except ValueError:
        return None
    return source if source is not None and _repeatable(source, user) else None


async def start_form(
    query: CallbackQuery,
    callback_data: StartFormCB,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    if callback_data.form not in FORMS:  # client-controlled
        return
    if (existing := await load_draft(state)) is not None:
        locale = i18n.current_locale
        await _one_report_at_a_time(query, existing, callback_data.form, user, locale, reply=reply)
        return
    draft = Draft.new(FORMS[callback_data.form], utcnow())
    if isinstance(query.message, Message):
        reply(query.message.edit_reply_markup(reply_markup=None))
    await ask(bot, user.telegram_id, draft, user, state, i18n.current_locale, reply=reply)


class TypedKind(Filter):
    """The name of a kind of report typed ("formation", "مناصرة"), as /report's buttons read."""

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        for form in FORMS.values():
            if typed_button(message.text or "", form.title, tr):
                return {"typed_form": form.id}
        return False


async def typed_kind(
    message: Message,
    typed_form: str,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """The kind typed under "What would you like to report?" instead of tapped: started, as its
    button starts it ("Formation" was "I did not understand that")."""
    draft = Draft.new(FORMS[typed_form], utcnow())
    await ask(bot, user.telegram_id, draft, user, state, i18n.current_locale, reply=reply)


async def _one_report_at_a_time(
    query: CallbackQuery,
    existing: Draft,
    form_id: str,
    user: UserView,
    locale: str,
    *,
    reply: Replies,
) -> None:
    """A button that starts a report of `form_id`, tapped while one is in progress: a double
    tap (the first tap started this very kind of report a moment ago) changes nothing; any
    other tap (another kind, or while correcting a sent report) is offered the report in
    progress, to continue or discard; it was met with nothing at all."""
    double = existing.just_started(utcnow()) and not existing.editing
    if (double and existing.form == form_id) or not isinstance(query.message, Message):
        return
    await offer_resume(query.message, existing, user, locale, reply=reply)


def _close_prompt(query: CallbackQuery, reply: Replies) -> None:
    reply(query.answer())
    if isinstance(query.message, Message):
        reply(query.message.edit_reply_markup(reply_markup=None))


async def continue_tap(
    query: CallbackQuery,
    draft: Draft,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    _close_prompt(query, reply)
    talk = Talk(bot, user.telegram_id, user, state, i18n.current_locale, reply)
    await _continue(talk, query, draft, settings)


async def discard_tap(
    query: CallbackQuery,
    callback_data: DraftCB,
    draft: Draft,
    state: FSMContext,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    _close_prompt(query, reply)
    if callback_data.s != draft.step:  # the report went on since this choice was offered
        text = _("This choice is out of date: your report went on. Send /report to see it.")
        reply(SendMessage(chat_id=user.telegram_id, text=text))
        return
    await state.clear()
    reply(SendMessage(chat_id=user.telegram_id, text=_discarded_text(draft, i18n.current_locale)))


def _discarded_text(draft: Draft, locale: str) -> str:
    """What Discard did: the draft is gone; a correction's changes only (the sent report
    stays)."""
    if draft.corrected_reference:
        return _(
            "Your changes were discarded: report {reference} stays as it was sent. Send /report "
            "to start a new report."
        ).format(reference=ltr(draft.corrected_reference, locale))
    return _("The draft was discarded. Send /report to start a new report.")


async def gone_draft_tap(query: CallbackQuery, user: UserView, *, reply: Replies) -> None:
    """A Continue/Discard button of a draft that was sent or discarded since."""
    _close_prompt(query, reply)
    reply(SendMessage(chat_id=user.telegram_id, text=_("This draft no longer exists.")))


async def _continue(talk: Talk, query: CallbackQuery, draft: Draft, settings: Settings) -> None:
    held = draft.held if draft.held_for == draft.current else ""  # not after a « Back
    draft.held = draft.held_for = ""
    if held and draft.current and isinstance(query.message, Message):
        # What was typed when the prompt came is the answer to the question it was typed for.
        await save_draft(talk.state, draft, ReportFlow.filling)
        await answer_text(talk, query.message, held, draft, settings)
    elif draft.current is None and await talk.state.get_state() == ReportFlow.review.state:
        await talk.review(draft)
    else:
        await talk.ask(draft)


SENT_KEY = "sent_draft"  # the conversation's data after a Submit: the token of the draft sent


# -- answers by text ---------------------------------------------------------------------------


async def typed_answer(
    message: Message,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    draft = await load_draft(state)
    if draft is None:
        await state.clear()
        reply(message.answer(_("I did not understand that. Send /help to see what I can do.")))
        return
    if draft.is_stale(utcnow()):
        draft.hold(message.text or "", settings.pii_patterns)  # used if they tap Continue
        await save_draft(state, draft, ReportFlow.filling if draft.current else ReportFlow.review)
        await offer_resume(message, draft, user, locale, reply=reply)
        return
    talk = Talk(bot, message.chat.id, user, state, locale, reply)
    if _replies_to_another_question(message, draft):
        await talk.ask(draft, prefix="⚠️ " + _(REPLIED_ELSEWHERE) + "\n\n", short=True)
        return
    await _held_first(talk, message, draft, settings)
    await answer_text(talk, message, message.text or "", draft, settings)


# The words of the "unfinished report: continue or discard?" prompt's buttons, typed instead of
# tapped: "Continuer" was stored as the town of the training.
CONTINUE, DISCARD = N_("Continue"), N_("Discard")

REPLIED_ELSEWHERE = N_(
    "A reply to an earlier question does not change its answer. To change an answer, use "
    "« Back, or Change on the review card."
)


def _replies_to_another_question(message: Message, draft: Draft) -> bool:
    """A swipe-reply to an earlier question of the form ("14" to "How many women?" while the
    men are asked): taken as the answer asked now, it stored 14 men."""
    earlier = message.reply_to_message
    if earlier is None or earlier.from_user is None or not earlier.from_user.is_bot:
        return False
    named = questions_named(draft.spec(), earlier.text or "")
    return bool(named) and draft.current not in named


async def _held_first(talk: Talk, message: Message, draft: Draft, settings: Settings) -> None:
    """Typing on after the "continue or discard?" prompt is going on: the answer it kept is
    used first, for the question it was typed for, then the new one for the next question.
    ("12" women kept, then "8" typed for the men: 12 women and 8 men, not 8 women.)"""
    if draft.held and draft.current and draft.held_for == draft.current:
        held = draft.held
        draft.held = draft.held_for = ""
        await answer_text(talk, message, held, draft, settings)


async def answer_text(
    talk: Talk, message: Message, text: str, draft: Draft, settings: Settings
) -> None:
    """`text` typed as the answer to the draft's question."""
    locale, today = talk.locale, talk.user.today()
    if draft.current is None and _typed_cancel(text):  # as at a question
        _ask_to_cancel(talk, draft, "")
        return
    if draft.current is None:  # on the review card: only its title and buttons again
        prefix = "⚠️ " + _("Please use the buttons below the card.") + "\n\n"
        await talk.review(draft, prefix=prefix, short=True)
        return
    question = draft.spec().question(draft.current)
    if await _answered_unparsed(talk, message, draft, question, text):
        return
    parsed = parse_answer(
        question, text, draft.answers, locale=locale, today=today,
        screen_patterns=settings.pii_patterns, gettext=tr,
    )  # fmt: skip
    if parsed.error is not None:
        await talk.refuse(draft, parsed.error)
        return
    carried = _carried_answer(draft, question, parsed.value, text, talk.user, locale, settings)
    if carried is None:
        echo = _typed_echo(question, text, parsed.value, locale)
        await talk.accept(draft, question, parsed.value, prefix=echo)
        return
    dependent, number = carried  # "2 days" typed for the unit: the unit and the number taken
    lines = (answer_line(question, parsed.value, locale), answer_line(dependent, number, locale))
    await talk.accept(draft, dependent, number, prefix="\n".join(lines) + "\n\n")


async def _answered_unparsed(
    talk: Talk, message: Message, draft: Draft, question: Question, text: str
) -> bool:
    """A country typed (searched, maybe a list to pick from), or the Skip button's word (or
    "none") typed at an optional question ("Passer" was stored as the place, "Aucun" as the
    partner): done here, or False."""
    if await _typed_navigation(talk, draft, question, text):
        return True
    if question.type is QType.COUNTRY:
        await _typed_country(talk, message, draft, question, text)
        return True
    nothing = question.type is QType.TEXT and typed_nothing(text)  # "Aucun" for the partner
    if question.required or not (typed_button(text, SKIP, tr) or nothing):
        return False
    draft.answers = skip(draft.spec(), draft.answers, question.id)
    draft.current = None
    await talk.ask(draft, prefix=answer_line(question, None, talk.locale) + "\n\n")
    return True


async def _typed_navigation(talk: Talk, draft: Draft, question: Question, text: str) -> bool:
    """The « Back or Cancel button's word typed ("Retour", "Annuler", "رجوع"), or Continue's or
    Discard's of the "unfinished report" prompt: it was stored as the place or the notes. Back
    goes back; Cancel and Discard ask first (a typed word may not mean it); Continue asks the
    question again."""
    form = draft.spec()
    if _typed_cancel(text):
        _ask_to_cancel(talk, draft, question.id)
        return True
    if typed_button(text, CONTINUE, tr):  # at "continue or discard?": it was the answer
        await talk.ask(draft)
        return True
    if not typed_button(text, BACK, tr) or step_of(form, draft.answers, question.id)[0] <= 1:
        return False
    if draft.changing == question.id:  # came from the card: back to it, the answer unchanged
        await talk.review(draft)
        return True
    draft.current = back_from(form, draft.answers, question.id).id
    await talk.ask(draft)
    return True


def _typed_cancel(text: str) -> bool:
    """The word of the form's Cancel or of the prompt's Discard ("annuler", "abandonner")."""
    return typed_button(text, CANCEL, tr) or typed_button(text, DISCARD, tr)


def _ask_to_cancel(talk: Talk, draft: Draft, qid: str) -> None:
    """The Cancel button's word typed, at question `qid` or ("") at the review card: asked
    first, as a typed word may not mean it."""
    keyboard = cancel_keyboard(draft.token, qid, editing=draft.editing)
    asked = cancel_question(draft.spec(), draft.answers, editing=draft.editing)
    talk.reply(SendMessage(chat_id=talk.chat_id, text=asked, reply_markup=keyboard))


def _carried_answer(
    draft: Draft,
    question: Question,
    value: Any,
    text: str,
    user: UserView,
    locale: str,
    settings: Settings,
) -> tuple[Question, Any] | None:
    """A choice typed with the number that depends on it ("2 days" for the duration's unit):
    the unit is stored in `draft` and (the number's question, the number) returned, or None."""
    carried = carried_number(
        draft.spec(), draft.answers, question, value, text, locale=locale,
        today=user.today(), screen_patterns=settings.pii_patterns, gettext=tr,
    )  # fmt: skip
    if carried is None:
        return None
    draft.answers, dependent, number = carried
    return dependent, number


def _typed_echo(question: Question, text: str, value: Any, locale: str) -> str:
    """What a typed answer was read as, when that may differ from what was typed ("hier",
    "Justise", "environ 200"), above the next question; nothing for free text."""
    if question.type is QType.TEXT or text.strip() == str(value):
        return ""
    return answer_line(question, value, locale) + "\n\n"


def _country_example(user: UserView, locale: str) -> str:
    """The start of one of the user's own countries' names, to show how to type one."""
    scope = user.scope(*REPORTERS)
    code = scope.countries[0] if scope.countries else _LOCALE_COUNTRY.get(locale[:2], "KE")
    name = country_name(code, locale)
    if name.startswith("ال") and len(name) > 4:  # the Arabic article is not typed first
        name = name[2:]
    return name[:4] if len(name) > 5 else name


# A country whose name illustrates typing, for someone who reports everywhere.
_LOCALE_COUNTRY = {"en": "KE", "fr": "SN", "es": "CO", "pt": "MZ", "ar": "MA", "sw": "TZ"}


async def _typed_country(
    talk: Talk, message: Message, draft: Draft, question: Question, text: str
) -> None:
    """A country typed: taken when it clearly names one, else the candidates as buttons."""
    user, locale = talk.user, talk.locale
    if typed_blank(text):  # spaces or invisible characters: not echoed back as a name
        await talk.refuse(draft, FormError(EMPTY_ANSWER))
        return
    scope = user.scope(*REPORTERS)
    found = find_countries(text, locale, within=() if scope.all_countries else scope.countries)
    if found.confident:
        code = found.codes[0]
        wrong_scope = scope_error(user, code, locale)
        if wrong_scope:
            await talk.ask(draft, prefix=wrong_scope + "\n\n")
        else:
            await talk.accept(
                draft, question, code, prefix=answer_line(question, code, locale) + "\n\n"
            )
        return
    if not found.codes:
        example = safe(_country_example(user, locale), locale)
        none = _("No country matches “{text}”. Type part of the name, for example {example}.")
        talk.reply(
            message.answer("⚠️ " + none.format(text=safe(text, locale, limit=50), example=example))
        )
        return
    choices = country_choices_keyboard(list(found.codes), question, draft.token, locale)
    talk.reply(message.answer(_("Which country?"), reply_markup=choices))


# What to say when a form gets something other than text: each kind its own reason.
_NOT_TEXT = {
    "photo": N_(
        "Please do not send photos: to protect children, reports never contain images. "
        "Answer the question in words."
    ),
    "recording": N_(
        "Please do not send voice notes, audio or videos: to protect children, reports never "
        "contain recordings. Type your answer instead."
    ),
    "document": N_(
        "Please do not send files: to protect children, reports never contain documents. "
        "Answer the question in words."
    ),
    "location": N_(
        "A shared location cannot be stored in a report. If the question asks for a place, "
        "type the name of the town or area."
    ),
    "contact": CONTACT_REFUSED,
    "sticker": N_(
        "Stickers, GIFs and emoji games cannot answer a question. Please answer it in words or "
        "with the buttons."
    ),
    "poll": N_("A poll cannot answer a question. Please answer it in words or with the buttons."),
    "other": N_(
        "This kind of message cannot answer a question. Please answer it in words or with the "
        "buttons."
    ),
}


EDITED_ANSWER = N_(
    "Editing a message you sent changes nothing here: if it was refused, send the corrected "
    "text as a new message. To change an answer already given, use « Back, or Change on the "
    "review card."
)


async def forwarded_in_form(
    message: Message,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A text forwarded from another chat during a form: someone else's words (a colleague's
    message, a group's), not an answer the officer gave; it was stored as the answer asked."""
    explanation = "⚠️ " + _(FORWARDED) + "\n\n"
    await _explain_then_go_on(message, explanation, state, user, bot, i18n, reply=reply)


async def not_text_in_form(
    message: Message,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A photo, location, contact, sticker, poll... during a form: why not, then the question
    (once for an album, whose photos arrive as one message each)."""
    album = message.media_group_id or ""
    if album and (draft := await load_draft(state)) is not None and draft.album == album:
        return
    explanation = "⚠️ " + _(_NOT_TEXT[not_text_kind(message)]) + "\n\n"
    await _explain_then_go_on(
        message, explanation, state, user, bot, i18n, reply=reply, album=album
    )


async def edited_in_form(
    message: Message,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A sent answer edited in Telegram during a form ("120" made "12"): the edit changes
    nothing stored, and silence would let the officer think it did."""
    explanation = "⚠️ " + _(EDITED_ANSWER) + "\n\n"
    await _explain_then_go_on(message, explanation, state, user, bot, i18n, reply=reply)


async def _explain_then_go_on(
    message: Message,
    explanation: str,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
    album: str = "",
) -> None:
    """The explanation, then the question asked now (or the review card) again; `album`: the
    media group of the message explained, whose other items need no explanation."""
    draft = await load_draft(state)
    if draft is None:
        await state.clear()
        reply(message.answer(explanation.strip()))
        return
    draft.album = album
    talk = Talk(bot, message.chat.id, user, state, i18n.current_locale, reply)
    if draft.current is None:
        await talk.review(draft, prefix=explanation, short=True)
    else:
        await talk.ask(draft, prefix=explanation, short=True)


# -- answers by tap ----------------------------------------------------------------------------


async def _draft_of(callback_data: FormCB | DraftCB, state: FSMContext) -> dict[str, Any] | None:
    draft = await load_draft(state)
    return {"draft": draft} if draft is not None and draft.token == callback_data.d else None


class DraftOfButton(Filter):
    """The report in progress the button belongs to (`draft`), by the button's token: a form
    button, or the Continue/Discard choice about an unfinished report."""

    async def __call__(
        self, query: CallbackQuery, callback_data: FormCB | DraftCB, state: FSMContext
    ) -> bool | dict[str, Any]:
        return await _draft_of(callback_data, state) or False


class AskedQuestion(Filter):
    """The report in progress the button belongs to (`draft`) and the question asked now
    (`question`): a button of an older question is refused."""

    async def __call__(
        self, query: CallbackQuery, callback_data: FormCB, state: FSMContext
    ) -> bool | dict[str, Any]:
        found = await _draft_of(callback_data, state)
        if found is None or found["draft"].current != callback_data.q:
            return False
        return {**found, "question": found["draft"].spec().question(callback_data.q)}


async def tap_during_errand(query: CallbackQuery, *, reply: Replies) -> None:
    """A report's button tapped while something else waits for an answer (a withdrawal's
    reason, a time zone): the tap would drop that errand without a word."""
    text = _("Finish what you started first, or send /cancel: your report is kept.")
    reply(query.answer(text, show_alert=True))


async def stale_tap(
    query: CallbackQuery, callback_data: FormCB, state: FSMContext, *, reply: Replies
) -> None:
    """A button of another draft, or of a question no longer asked; "already saved" only for
    a Submit of the report just sent (a double tap), not of one discarded since."""
    sent = callback_data.a == FormAction.SUBMIT and (
        (await state.get_data()).get(SENT_KEY) == callback_data.d
    )
    text = _("This report was already saved.") if sent else _("This button is no longer active.")
    reply(query.answer(text, show_alert=True))


async def cancel_tap(
    query: CallbackQuery,
    callback_data: FormCB,
    draft: Draft,
    state: FSMContext,
    user: UserView,
    *,
    reply: Replies,
) -> None:
    await _cancel(query, callback_data.a, draft, state, user.telegram_id, reply=reply)


async def change_tap(
    query: CallbackQuery,
    callback_data: FormCB,
    draft: Draft,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """ "Change: X" on the review card."""
    if callback_data.q not in {q.id for q in draft.spec().questions}:
        await stale_tap(query, callback_data, state, reply=reply)
        return
    reply(query.answer())
    draft.current = draft.changing = callback_data.q
    await ask(bot, user.telegram_id, draft, user, state, i18n.current_locale, reply=reply)


async def back_tap(
    query: CallbackQuery,
    draft: Draft,
    question: Question,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    await _drop_keyboard(query, reply=reply)
    chat_id, locale = user.telegram_id, i18n.current_locale
    if draft.changing == question.id:  # came from the card: back to it, the answer unchanged
        await show_review(bot, chat_id, draft, state, locale, reply=reply)
        return
    draft.current = back_from(draft.spec(), draft.answers, question.id).id
    await ask(bot, chat_id, draft, user, state, locale, reply=reply)


async def skip_tap(
    query: CallbackQuery,
    callback_data: FormCB,
    draft: Draft,
    question: Question,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """Skip this optional question, or (REST) the optional questions from here on."""
    if question.required:
        reply(query.answer(_("This question cannot be skipped."), show_alert=True))
        return
    reply(query.answer())
    locale, form = i18n.current_locale, draft.spec()
    if callback_data.a == FormAction.REST:
        await _drop_keyboard(query, reply=reply)
        draft.answers = skip_optional_run(form, draft.answers, question.id)
    else:
        await _edit_to_echo(query, question, None, locale, reply=reply)
        draft.answers = skip(form, draft.answers, question.id)
    draft.current = None
    await ask(bot, user.telegram_id, draft, user, state, locale, reply=reply)


async def toggle_tap(
    query: CallbackQuery,
    callback_data: FormCB,
    draft: Draft,
    question: Question,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _toggle(query, draft, question, callback_data.v, state, i18n.current_locale, reply=reply)


async def answer_tap(
    query: CallbackQuery,
    callback_data: FormCB,
    draft: Draft,
    question: Question,
    state: FSMContext,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A choice, a country, yes or no, today or yesterday, or Done after several choices."""
    locale, chat_id, today = i18n.current_locale, user.telegram_id, user.today()
    done = callback_data.a == FormAction.DONE
    tapped = list(draft.multi) if done else button_answer(callback_data.a, callback_data.v, today)
    error = check_value(question, tapped, draft.answers, today=today)
    reply(query.answer())
    if error is not None:
        prefix = format_error(error, locale) + "\n\n"
        await ask(bot, chat_id, draft, user, state, locale, prefix=prefix, short=True, reply=reply)
        return
    wrong_scope = (
        scope_error(user, str(tapped), locale) if question.type is QType.COUNTRY else None
    )
    if wrong_scope:
        reply(SendMessage(chat_id=chat_id, text=wrong_scope))
        return
    await _edit_to_echo(query, question, tapped, locale, reply=reply)
    await accept(bot, chat_id, draft, question, tapped, user, state, locale, reply=reply)


async def _cancel(
    query: CallbackQuery,
    action: str,
    draft: Draft,
    state: FSMContext,
    chat_id: int,
    *,
    reply: Replies,
) -> None:
    """Cancel: at once while filling in; after the review card or in an edit, once confirmed."""
    reply(query.answer())
    message = query.message if isinstance(query.message, Message) else None
    if action == FormAction.CANCEL and (draft.reviewed or draft.editing):
        keyboard = cancel_keyboard(draft.token, draft.current or "", editing=draft.editing)
        question = cancel_question(draft.spec(), draft.answers, editing=draft.editing)
        reply(SendMessage(chat_id=chat_id, text=question, reply_markup=keyboard))
        return
    await state.clear()
    stopped = cancelled_text(editing=draft.editing)
    if action == FormAction.DISCARD and message is not None:
        reply(message.edit_text(stopped))
        return
    await _drop_keyboard(query, reply=reply)
    reply(SendMessage(chat_id=chat_id, text=stopped))


async def _toggle(
    query: CallbackQuery,
    draft: Draft,
    question: Question,
    value: str,
    state: FSMContext,
    locale: str,
    *,
    reply: Replies,
) -> None:
    if value not in {c.value for c in question.choices}:
        reply(query.answer(_("This button is no longer active."), show_alert=True))
        return
    chosen = toggled(draft.multi, value)
    draft.multi = chosen
    await save_draft(state, draft, ReportFlow.filling)
    reply(query.answer())
    if isinstance(query.message, Message):
        reply(
            query.message.edit_reply_markup(
                reply_markup=question_keyboard(
                    draft.spec(), draft.answers, question, draft.token, locale, selected=chosen
                )
            )
        )


async def _drop_keyboard(query: CallbackQuery, *, reply: Replies) -> None:
    if isinstance(query.message, Message):
        reply(query.message.edit_reply_markup(reply_markup=None))


async def _edit_to_echo(
    query: CallbackQuery, question: Question, value: Any, locale: str, *, reply: Replies
) -> None:
    if isinstance(query.message, Message):
        reply(query.message.edit_text(answer_echo(question, value, locale)))


# -- submitting ----------------------------------------------------------------------------------


async def keep_tap(query: CallbackQuery, *, reply: Replies) -> None:
    """ "Cancel?" answered no: the card or the question above is where it was."""
    reply(query.answer())
    if isinstance(query.message, Message):
        reply(query.message.delete())


async def submit_tap(
    query: CallbackQuery,
    draft: Draft,
    state: FSMContext,
    user: UserView,
    session: AsyncSession,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
    plan: Plan,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    locale, patterns = i18n.current_locale, settings.pii_patterns
    problem = first_problem(draft, user, today=user.today(), screen_patterns=patterns)
    if problem is not None:
        await _ask_again(bot, draft, problem, user, state, locale, reply=reply)
        return
    stored = await _store(session, draft, user)
    await state.clear()
    if isinstance(stored, str):  # why nothing was saved
        reply(SendMessage(chat_id=user.telegram_id, text=stored))
        return
    await state.set_data({SENT_KEY: draft.token})  # a second tap on Submit: "already saved"
    await _drop_keyboard(query, reply=reply)
    reply(_saved_message(draft, stored, user.telegram_id, locale, plan))


async def _store(session: AsyncSession, draft: Draft, user: UserView) -> Stored | str:
    """The draft stored, or why not: the edit was saved already, or the report was withdrawn
    (or its 7 days ended) while the card was open."""
    try:
        return await store_draft(session, draft, user, now=utcnow())
    except StaleReport:
        return _("These changes were already saved.")
    except EditRefused as refused:
        return edit_refusal_text(refused.reason)
    except AlreadySent as sent:
        return _(
            "{reference} was already sent with other answers (from the Mini App): nothing new "
            "was stored. Send /report to report again."
        ).format(reference=report_reference(sent.report_id))


async def _ask_again(
    bot: Bot,
    draft: Draft,
    problem: Problem,
    user: UserView,
    state: FSMContext,
    locale: str,
    *,
    reply: Replies,
) -> None:
    draft.current = problem.question
    prefix = _problem_text(problem, user, draft, locale) + "\n\n"
    chat_id = user.telegram_id
    # A refusal quoting personal data (a note screened again under newer rules): unstored.
    private = problem.error is not None and problem.error.private
    held = Replies() if private else reply
    await ask(bot, chat_id, draft, user, state, locale, prefix=prefix, short=True, reply=held)
    if private:
        send_unstored(bot, held, reply)


def send_unstored(bot: Bot, held: Replies, reply: Replies) -> None:
    """The calls `held` sent once the update is committed, never stored with its replies: a
    refusal quoting personal data the user typed (a child's name)."""
    for call in held.calls:
        reply.unstored(bot, call, "A refusal quoting personal data")


def _saved_message(
    draft: Draft, stored: Stored, chat_id: int, locale: str, plan: Plan
) -> SendMessage:
    form, answers, edited = draft.spec(), draft.answers, stored.edited_version
    report_id, period = stored.report_id, (plan.period_start, plan.period_end)
    text = saved_text(
        form, answers, stored.computed, report_id, locale, edited_version=edited, period=period
    )
    markup = None if draft.editing else _repeat_markup(draft, report_id, locale)
    return SendMessage(chat_id=chat_id, text=text, reply_markup=markup)


def _problem_text(problem: Problem, user: UserView, draft: Draft, locale: str) -> str:
    if problem.missing:
        return "⚠️ " + _("One answer is still missing.")
    if problem.error is not None:
        return format_error(problem.error, locale)
    return scope_error(user, str(draft.answers.get("country", "")), locale) or ""


def _repeat_markup(draft: Draft, report_id: uuid.UUID, locale: str) -> InlineKeyboardMarkup:
    """Another session of the same training, or a second event: one tap, then the counts."""
    kb = Keyboard()
    what = f"{tr(draft.spec().title)} · {country_name(str(draft.answers['country']), locale)}"
    repeat_buttons(kb, report_id.hex, what)
    kb.adjust(1)
    return kb.as_markup()


# -- wiring --------------------------------------------------------------------------------------


SKIPS = (FormAction.SKIP, FormAction.REST)


def router() -> Router:
    r = Router(name="reports")
    r.message.register(report_command, *command("report"))
    r.callback_query.register(start_form, StartFormCB.filter())
    # A report in progress takes its words itself; the digest's day and hour wait for taps
    # only, and a kind typed under them starts a report as with nothing open.
    idle = StateFilter(None, "SettingsForm:digest")
    r.message.register(typed_kind, idle, F.text, ~F.text.startswith("/"), TypedKind())
    r.callback_query.register(repeat_report, RepeatCB.filter())
    mine = DraftOfButton()
    r.callback_query.register(continue_tap, DraftCB.filter(F.a == DraftAction.CONTINUE), mine)
    r.callback_query.register(discard_tap, DraftCB.filter(F.a == DraftAction.DISCARD), mine)
    r.callback_query.register(gone_draft_tap, DraftCB.filter())
    in_draft, asked = DraftOfButton(), AskedQuestion()
    # A side errand open (a withdrawal's reason, a time zone...): the form waits for it.
    errand = ~StateFilter(None, ReportFlow.filling, ReportFlow.review)
    r.callback_query.register(tap_during_errand, FormCB.filter(), errand)
    for action in (FormAction.CANCEL, FormAction.DISCARD):
        r.callback_query.register(cancel_tap, FormCB.filter(F.a == action), in_draft)
    r.callback_query.register(keep_tap, FormCB.filter(F.a == FormAction.KEEP), in_draft)
    r.callback_query.register(submit_tap, FormCB.filter(F.a == FormAction.SUBMIT), in_draft)
    r.callback_query.register(change_tap, FormCB.filter(F.a == FormAction.CHANGE), in_draft)
    r.callback_query.register(back_tap, FormCB.filter(F.a == FormAction.BACK), asked)
    r.callback_query.register(skip_tap, FormCB.filter(F.a.in_(SKIPS)), asked)
    r.callback_query.register(toggle_tap, FormCB.filter(F.a == FormAction.TOGGLE), asked)
    r.callback_query.register(answer_tap, FormCB.filter(F.a.in_(ANSWERS)), asked)
    r.callback_query.register(stale_tap, FormCB.filter())
    _typed_in_form(r)
    return r


def _typed_in_form(r: Router) -> None:
    """What a message sent while a question or the review card waits does."""
    in_form = StateFilter(ReportFlow.filling, ReportFlow.review)
    r.message.register(forwarded_in_form, in_form, F.text, ForwardedFromOthers())
    r.message.register(typed_answer, in_form, F.text, ~F.text.startswith("/"))
    # Anything else (photo, location, contact, sticker, poll...): a reason, then the question.
    r.message.register(not_text_in_form, in_form, ~F.text)
    # A live location moving is an edit every few seconds, not a changed answer: it was
    # answered once when shared.
    r.edited_message.register(edited_in_form, in_form, ~F.location)
