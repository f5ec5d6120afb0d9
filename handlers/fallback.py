"""Last in line: guests get the way in, members get a pointer to /help; stale buttons expire."""

from __future__ import annotations

import re

from aiogram import F
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import REPORTERS
from bot.domain.languages import ltr
from bot.domain.people import UserView
from bot.forms.engine import meant_command
from bot.forms.model import N_
from bot.ui.forms import (
    AWAITED,
    CONTACT_REFUSED,
    asks_a_question,
    draft_waiting_note,
    not_text_kind,
)
from bot.ui.menu import COMMANDS, commands_for
from bot.ui.render import guest_text, no_role_text
from bot.ui.replies import Replies, fit_alert
from bot.usecases.drafts import leave_side_flow
from handlers.filters import FlowOfALostRole, HasRole, Unknown
from handlers.routing import Router
from models.reports import last_change_by_author


async def guest(message: Message, user: UserView | None, *, reply: Replies) -> None:
    """A stranger is told how to join; someone whose roles were all revoked, that they were."""
    reply(message.answer(guest_text() if user is None else no_role_text()))


async def guest_button(query: CallbackQuery, user: UserView | None, *, reply: Replies) -> None:
    text = _("Please join with an invitation link first.") if user is None else no_role_text()
    if fit_alert(text) == text:  # it fits an alert whole
        reply(query.answer(text, show_alert=True))
        return
    reply(query.answer())  # too long for an alert in some languages (Malagasy): a message
    reply(SendMessage(chat_id=query.from_user.id, text=text))


async def flow_of_a_lost_role(message: Message, state: FSMContext, *, reply: Replies) -> None:
    """Words for a side flow of a role revoked while it waited (an admin made field staff
    only, typing an invitation's countries): they were "not understood", and the flow stayed
    open, to take the words typed after the role was given back. It ends (a report in
    progress waits, as after any side flow), saying why."""
    note = draft_waiting_note(await leave_side_flow(state))
    text = _(
        "Your roles have changed: what you were doing here is no longer open to you, and "
        "nothing of it was saved. Send /help to see what you can do."
    )
    reply(message.answer("⚠️ " + text + note))


_ALBUM_KEY = "album"  # the conversation's data: the last album whose photos were refused

# Why a message that is not text is not taken, outside a report form, by what it holds
# (bot.ui.forms.not_text_kind); a form says it with its own words (handlers.reports).
_NOT_KEPT = {
    "photo": N_("Photos are not kept: to protect children, reports never contain images."),
    "recording": N_(
        "Voice notes, audio and videos are not kept: to protect children, reports never "
        "contain recordings."
    ),
    "document": N_("Files are not kept: to protect children, reports never contain documents."),
    "location": N_("A shared location is not kept: I read places only when they are typed."),
    "contact": CONTACT_REFUSED,
    "sticker": N_("I cannot read stickers, GIFs or emoji games."),
    "poll": N_("I cannot read polls."),
    "other": N_("I cannot read this kind of message."),
}


async def not_text_outside_form(message: Message, state: FSMContext, *, reply: Replies) -> None:
    """A photo, location, sticker, voice note, file, contact... idle or while a side flow waits
    for typed words (a city, countries, a value, a reason): why it is not taken, and what is
    awaited; the step stays open and nothing of it is kept. Once per album (its photos arrive
    as one message each)."""
    if album := message.media_group_id:
        if (await state.get_data()).get(_ALBUM_KEY) == album:
            return
        await state.update_data({_ALBUM_KEY: album})
    awaited = AWAITED.get(await state.get_state(), AWAITED[None])
    why = _(_NOT_KEPT[not_text_kind(message)])
    reply(message.answer("⚠️ " + why + "\n\n" + _(awaited)))


async def reply_after_a_report(
    message: Message, session: AsyncSession, user: UserView, *, reply: Replies
) -> None:
    """A swipe-reply to a question of a report already sent ("14" to "How many women took
    part?"): meant as a correction, it was only "not understood". A question asked after the
    author's reports last changed was one of a report cancelled or discarded, never sent: it
    was answered with /myreports, which had nothing to correct."""
    earlier = message.reply_to_message
    changed = await last_change_by_author(session, user.id)
    if changed is None or (earlier is not None and earlier.date > changed):
        reply(message.answer(_("The draft was discarded. Send /report to start a new report.")))
        return
    reply(
        message.answer(
            "⚠️ "
            + _(
                "A reply to a question of a report already sent does not change the report. "
                "To correct it, open /myreports: reports can be corrected for 7 days after "
                "they are submitted."
            )
        )
    )


async def _replies_to_a_question(message: Message) -> bool:
    earlier = message.reply_to_message
    if earlier is None or earlier.from_user is None or not earlier.from_user.is_bot:
        return False
    return asks_a_question(earlier.text or "")


async def anothers_command(message: Message, command: CommandObject, *, reply: Replies) -> None:
    """A command of the menus that none of the member's roles runs (a volunteer's /report, a
    field officer's /assign): it was "not understood", as a typo is. It is another role's;
    which one is not said (an admin's commands are nobody else's business)."""
    text = _(
        "/{command} is not one of your commands: it is for another role. "
        "Send /help to see what you can do."
    )
    reply(message.answer(text.format(command=command.command.lower())))


# Every command the menus give to some roles only: one that reaches this router was not run,
# so the member holds none of them (/missions answers anyone itself).
_ROLES_COMMANDS = Command(*(c.name for c in COMMANDS if c.roles is not None), ignore_case=True)


async def not_understood(
    message: Message, state: FSMContext, user: UserView, i18n: I18n, *, reply: Replies
) -> None:
    """Words nothing takes. Where a step waits for a tap (an invitation's role, how long it
    stays valid), what it waits for: "not understood, send /help" left the admin who typed
    "manager" there wondering whether the invitation was still open. A command of theirs
    mistyped ("/raport"): the one they meant."""
    current = await state.get_state()
    if current is not None and (awaited := AWAITED.get(current)) is not None:
        reply(message.answer("⚠️ " + _(awaited)))
        return
    typed = _COMMAND_TYPED.match(message.text or "")
    whole = user.acts_for_the_whole_organisation()
    theirs = [c.name for c in commands_for(user.roles, organisation_wide=whole)]
    if typed and (meant := meant_command(typed[1], theirs)):
        text = _("There is no command {typed}. Did you mean {command}?")
        locale = i18n.current_locale  # in Arabic, "/raport" kept in order (not "raport/")
        shown = {"typed": ltr("/" + typed[1], locale), "command": ltr("/" + meant, locale)}
        reply(message.answer(text.format(**shown)))
        return
    reply(message.answer(_("I did not understand that. Send /help to see what I can do.")))


# A command as Telegram's clients send it ("/raport", "/Raport@fieldbot_bot 12"): its name in
# the letters a command may hold, so it is quoted back as typed, with nothing to escape.
_COMMAND_TYPED = re.compile(r"/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s|$)")


async def edited_in_a_flow(message: Message, *, reply: Replies) -> None:
    """A typed answer (countries of an invitation, an indicator's value, a reason) edited in
    Telegram, or any message of someone who cannot report: the edit changes nothing, and
    silence would let them think it did. (Report forms say so with their own words:
    handlers.reports.edited_in_form; a reporter's old message may be a sent report's answer:
    edited_after_a_report.)"""
    reply(
        message.answer(
            "⚠️ "
            + _(
                "Editing a message you sent changes nothing here. Please send the corrected "
                "text as a new message."
            )
        )
    )


async def edited_after_a_report(message: Message, *, reply: Replies) -> None:
    """An answer of a report already sent, edited in Telegram ("12" women made "14"): the report
    is not corrected that way, and silence let the officer think it was."""
    reply(
        message.answer(
            "⚠️ "
            + _(
                "Editing a message you sent changes nothing here. To correct a report you "
                "already sent, open /myreports: reports can be corrected for 7 days after "
                "they are submitted."
            )
        )
    )


async def stale_button(query: CallbackQuery, *, reply: Replies) -> None:
    reply(
        query.answer(
            _("This button is no longer active. Please start again from the menu."),
            show_alert=True,
        )
    )


def router() -> Router:
    r = Router(name="fallback")
    r.message.register(guest, Unknown())
    r.callback_query.register(guest_button, Unknown())
    r.message.register(flow_of_a_lost_role, FlowOfALostRole(), ~F.text.startswith("/"))
    r.message.register(not_text_outside_form, ~F.text)
    r.message.register(anothers_command, _ROLES_COMMANDS)
    # (The digest's day and hour wait for taps only: a reply typed under them is as idle.)
    idle = StateFilter(None, "SettingsForm:digest")
    r.message.register(reply_after_a_report, HasRole(*REPORTERS), idle, _replies_to_a_question)
    r.message.register(not_understood)
    # A guest's edits are left alone.
    # (Text only: a live location shared is an edited message every few seconds.)
    r.edited_message.register(edited_in_a_flow, ~Unknown(), ~StateFilter(None), F.text)
    # Outside a flow, a reporter's edit may be a sent report's answer; a command edited
    # ("/help" made "/aide") or anyone else's old message has nothing to correct.
    r.edited_message.register(
        edited_after_a_report, HasRole(*REPORTERS), F.text, ~F.text.startswith("/")
    )
    # A manager's or a volunteer's (nothing to report): that the edit changes nothing, without
    # /myreports; silence let them think the bot took the corrected words.
    r.edited_message.register(edited_in_a_flow, ~Unknown(), F.text, ~F.text.startswith("/"))
    r.callback_query.register(stale_button)
    return r
