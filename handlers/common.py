"""Commands every member has: /help, /language, /settings (time zone), /cancel; and what any
command does to a side flow left waiting (side_flow_closer)."""

from __future__ import annotations

from aiogram import F
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import StateFilter, or_f
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import REPORTERS, Role
from bot.domain.languages import SUPPORTED_LOCALES, language_name, ltr, weekday_name
from bot.domain.people import UserView
from bot.domain.timezones import find_zones, is_valid_zone, zones_for_countries
from bot.settings import Settings
from bot.ui.callbacks import DigestTimeCB, DraftCB, FormCB, LanguageCB, TimezoneCB
from bot.ui.forms import cancel_keyboard, cancel_question, cancelled_text, draft_waiting_note
from bot.ui.keyboard import Keyboard
from bot.ui.menu import menus
from bot.ui.render import help_text, zone_keyboard, zone_label
from bot.ui.replies import Replies, fit_alert
from bot.ui.settings import DIGEST_HOURS, digest_day_choice, digest_hour_choice, digest_saved_text
from bot.usecases.drafts import ReportFlow, in_report_flow, leave_side_flow, load_draft
from handlers.filters import Known, command
from handlers.routing import Router
from models import digest as digest_store
from models import queries
from models.drafts import DISCARDED_BY_REVOCATION


class SettingsForm(StatesGroup):
    timezone = State()
    digest = State()  # the digest's day and hour, tapped (a day typed was read as a zone)


async def show_help(
    message: Message, user: UserView, state: FSMContext, i18n: I18n, *, reply: Replies
) -> None:
    """What the user can do; in the middle of a report, that it is still there (the next
    message they type answers its question)."""
    note = draft_waiting_note(await load_draft(state) is not None)
    reply(message.answer(help_text(user, i18n.current_locale) + note))


async def cancel(message: Message, state: FSMContext, *, reply: Replies) -> None:
    current = await state.get_state()
    if current is None:
        reply(message.answer(_("There is nothing to cancel.")))
        return
    if in_report_flow(current):
        await _cancel_report(message, state, reply=reply)
        return
    # A flow taken on the side: a report in progress under it stays.
    note = draft_waiting_note(await leave_side_flow(state))
    reply(message.answer(_("Cancelled. Nothing was saved.") + note))


async def _cancel_report(message: Message, state: FSMContext, *, reply: Replies) -> None:
    """As the form's Cancel button: asked first once the review card was shown, or in an
    edit (answers would be lost); at once while filling in."""
    draft = await load_draft(state)
    if draft is not None and (draft.reviewed or draft.editing):
        keyboard = cancel_keyboard(draft.token, draft.current or "", editing=draft.editing)
        question = cancel_question(draft.spec(), draft.answers, editing=draft.editing)
        reply(message.answer(question, reply_markup=keyboard))
        return
    await state.clear()
    reply(message.answer(cancelled_text(editing=draft is not None and draft.editing)))


def _language_keyboard() -> InlineKeyboardMarkup:
    kb = Keyboard()
    for code in SUPPORTED_LOCALES:
        kb.button(text=language_name(code), callback_data=LanguageCB(code=code))
    kb.adjust(2)
    return kb.as_markup()


async def ask_language(message: Message, *, reply: Replies) -> None:
    reply(message.answer(_("Choose your language:"), reply_markup=_language_keyboard()))


async def set_language(
    query: CallbackQuery,
    callback_data: LanguageCB,
    user: UserView,
    session: AsyncSession,
    state: FSMContext,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    code = callback_data.code
    if code not in SUPPORTED_LOCALES:  # callback data is client-controlled
        reply(query.answer(_("This language is not available."), show_alert=True))
        return
    await queries.set_language(session, user.telegram_id, code)  # audited there
    in_progress = await load_draft(state) is not None
    with i18n.use_locale(code):  # the answer, the note and the menu in the new language
        reply(query.answer())
        if query.message is not None:
            text = _("From now on I will write to you in {language}.")
            text = text.format(language=language_name(code)) + draft_waiting_note(in_progress)
            chat_id, message_id = query.message.chat.id, query.message.message_id
            reply(EditMessageText(text=text, chat_id=chat_id, message_id=message_id))
        for menu in menus(user.telegram_id, user, code, i18n, settings.webapp.public_url):
            reply(menu)


async def show_settings(
    message: Message,
    user: UserView,
    state: FSMContext,
    session: AsyncSession,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    suggestions = zones_for_countries(user.listed_countries)  # all + NE: still NE
    await state.set_state(SettingsForm.timezone)
    text = _your_zone(user, locale) + "\n"
    text += _(
        "To change it, tap one below or type the name of a city or zone (for example Niamey)."
    )
    kb = InlineKeyboardBuilder.from_markup(zone_keyboard(suggestions, locale))
    if user.has_role(Role.MANAGER) or user.has_role(Role.ADMIN):
        weekday, hour = await digest_store.get_digest_slot(session, user.id)
        text += "\n\n" + _("Your weekly digest arrives on {day} at {time}.").format(
            day=weekday_name(weekday, locale), time=ltr(f"{hour:02d}:00", locale)
        )
        kb.row(
            InlineKeyboardButton(
                text="🗓 " + _("Digest day and time"), callback_data=DigestTimeCB().pack()
            )
        )
    markup = kb.as_markup()
    text += "\n\n" + _("To have your personal data erased, send /forget.")
    reply(message.answer(text, reply_markup=markup if markup.inline_keyboard else None))


def _your_zone(user: UserView, locale: str) -> str:
    """The zone /settings shows: the one they chose, or their country's until they choose."""
    zone = ltr(zone_label(user.timezone, locale), locale)
    if user.timezone_chosen or user.timezone == "UTC":
        return _("Your time zone is {zone}.").format(zone=zone)
    text = _("Your time zone is {zone}, taken from your country until you choose yours.")
    return text.format(zone=zone)


async def digest_time_tap(
    query: CallbackQuery,
    callback_data: DigestTimeCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """Day, then hour, then saved: three taps, each value checked (callback data is forgeable)."""
    locale = i18n.current_locale
    reply(query.answer())
    if not isinstance(query.message, Message) or not (
        user.has_role(Role.MANAGER) or user.has_role(Role.ADMIN)
    ):
        return
    day, hour = callback_data.d, callback_data.h
    if not 0 <= day <= 6 or hour not in DIGEST_HOURS:
        await _await_digest_taps(state)
        text, markup = _digest_choice(day, locale)
        reply(query.message.edit_text(text, reply_markup=markup))
        return
    await digest_store.set_digest_slot(session, user.id, weekday=day, hour=hour, now=utcnow())
    note = ""
    if await state.get_state() in _IN_SETTINGS:  # /settings is done with
        note = draft_waiting_note(await leave_side_flow(state))
    reply(query.message.edit_text(digest_saved_text(day, hour, locale) + note))


_IN_SETTINGS = (SettingsForm.timezone.state, SettingsForm.digest.state)


async def _await_digest_taps(state: FSMContext) -> None:
    """While the day or the hour is shown, words typed are no time zone: "vendredi" was
    answered "I don't know this time zone". (A report's question, if one waits, keeps them.)"""
    current = await state.get_state()
    if current is None or current in _IN_SETTINGS:
        await state.set_state(SettingsForm.digest)


def _digest_choice(day: int, locale: str) -> tuple[str, InlineKeyboardMarkup]:
    """The day to tap, or, the day tapped, the hour."""
    return digest_day_choice(locale) if not 0 <= day <= 6 else digest_hour_choice(day)


async def typed_timezone(
    message: Message,
    user: UserView,
    state: FSMContext,
    session: AsyncSession,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    matches = find_zones(message.text or "")
    if len(matches) == 1:
        await _store_zone(matches[0], user, session, locale)
        note = draft_waiting_note(await leave_side_flow(state))
        shown = ltr(zone_label(matches[0], locale), locale)
        text = _("Your time zone is now {zone}.").format(zone=shown)
        reply(message.answer(text + note))
    elif matches:
        reply(
            message.answer(
                _("Several time zones match. Which one?"),
                reply_markup=zone_keyboard(matches, locale),
            )
        )
    else:
        reply(
            message.answer(
                _(
                    "I don't know this time zone. Type your country, or a city such as Niamey, "
                    "Port-au-Prince or Montreal, or /cancel."
                )
            )
        )


async def picked_timezone(
    query: CallbackQuery,
    callback_data: TimezoneCB,
    user: UserView,
    state: FSMContext,
    session: AsyncSession,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    zone = callback_data.zone
    if not is_valid_zone(zone):  # client-controlled
        reply(query.answer(_("This time zone is not available."), show_alert=True))
        return
    await _store_zone(zone, user, session, i18n.current_locale)
    note = draft_waiting_note(await leave_side_flow(state))
    reply(query.answer())
    if isinstance(query.message, Message):
        shown = ltr(zone_label(zone, i18n.current_locale), i18n.current_locale)
        text = _("Your time zone is now {zone}.").format(zone=shown)
        reply(query.message.edit_text(text + note))


async def _store_zone(zone: str, user: UserView, session: AsyncSession, locale: str) -> None:
    await queries.set_timezone(session, user.telegram_id, zone)  # audited there, once


async def command_closes_side_flow(message: Message, state: FSMContext) -> None:
    """Any command but /cancel while a side flow waits (a time zone, an invitation's or a
    person's countries, an indicator's value, a withdrawal's reason, the missions' search):
    it ends, silently, so the words typed after the command are not taken as its answer (after
    /invite then /people, "Jean" was read as countries); a report in progress waits under it,
    and the command goes on to its own handler, which may open a flow of its own."""
    await leave_side_flow(state)
    raise SkipHandler


async def discarded_report(
    message: Message, state: FSMContext, user: UserView, *, reply: Replies
) -> None:
    """The first message after the role that could send a report in progress was revoked (the
    person keeps another role): the report was discarded then (models.people.revoke), and
    they are told so once, instead of their answer reading "I did not understand that". A
    command goes on to its handler."""
    await state.clear()
    reply(message.answer(_discarded_text(user)))
    if (message.text or "").startswith("/"):
        raise SkipHandler


async def discarded_report_tap(
    query: CallbackQuery, state: FSMContext, user: UserView, *, reply: Replies
) -> None:
    """A button of that report's form (or its draft's Continue/Discard) tapped after the
    revocation: the same word, in place of what the button did."""
    await state.clear()
    text = _discarded_text(user)
    if fit_alert(text) == text:  # whole in an alert
        reply(query.answer(text, show_alert=True))
        return
    reply(query.answer())  # too long for an alert in some language: a message
    reply(SendMessage(chat_id=query.from_user.id, text=text))


def _discarded_text(user: UserView) -> str:
    """Why, as it stands now: a reporting role given back since (an invitation redeemed, an
    admin's grant) leaves only the word that the draft is gone, not that they may not report."""
    if any(user.has_role(role) for role in REPORTERS):
        return _("The draft was discarded. Send /report to start a new report.")
    return _(
        "The report you were filling in was discarded: you no longer hold a role that sends "
        "reports. Send /help to see what you can do."
    )


async def discarded_report_other_tap(
    query: CallbackQuery, state: FSMContext, user: UserView, *, reply: Replies
) -> None:
    """Any other button tapped first (a language, a mission): the word in a message, and the
    tap goes on to its handler, as a command does; an alert would have taken its place."""
    await state.clear()
    reply(SendMessage(chat_id=query.from_user.id, text=_discarded_text(user)))
    raise SkipHandler


def discarded_reports() -> Router:
    """Ahead of the commands: a member whose report was discarded by a revocation is told."""
    r = Router(name="discarded_reports")
    revoked = StateFilter(DISCARDED_BY_REVOCATION)
    report_button = or_f(FormCB.filter(), DraftCB.filter())
    r.message.register(discarded_report, revoked, Known())
    r.callback_query.register(discarded_report_tap, revoked, Known(), report_button)
    r.callback_query.register(discarded_report_other_tap, revoked, Known())
    return r


def side_flow_closer() -> Router:
    """Ahead of every command's router: the one place where a command ends whatever side flow
    is waiting (any state but a report's, so a new side flow needs no line here; /invite's
    steps that wait for a tap end too, their buttons then stale, as after /cancel). The state
    is the one the unit of work read with the user (raw_state): this reads nothing more.
    /cancel ends a side flow itself, saying so."""
    r = Router(name="side_flow_closer")
    cancel, _who_may = command("cancel")  # the filter of /cancel, as its handler has it
    waiting = ~StateFilter(None, ReportFlow, DISCARDED_BY_REVOCATION)  # the latter: told first
    r.message.register(command_closes_side_flow, F.text.startswith("/"), waiting, ~cancel)
    return r


def router() -> Router:
    r = Router(name="common")
    r.message.register(cancel, *command("cancel"))
    r.message.register(show_help, *command("help"))
    r.message.register(ask_language, *command("language"))
    r.message.register(show_settings, *command("settings"))
    r.message.register(
        typed_timezone, StateFilter(SettingsForm.timezone), F.text, ~F.text.startswith("/")
    )
    r.callback_query.register(set_language, LanguageCB.filter())
    r.callback_query.register(picked_timezone, TimezoneCB.filter())
    r.callback_query.register(digest_time_tap, DigestTimeCB.filter())
    return r
