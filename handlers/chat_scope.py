"""Where the bot works: private chats only; who has blocked it; and whose commands it runs:
the sender's, not those of a message forwarded from another chat."""

from __future__ import annotations

import logging

from aiogram import Bot, F
from aiogram.enums import ChatMemberStatus, ContentType
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ui.forms import AWAITED, FORWARDED
from bot.ui.replies import Replies
from bot.usecases.drafts import ReportFlow
from handlers.filters import ForwardedFromOthers
from handlers.routing import Router
from models import queries

log = logging.getLogger(__name__)


async def _private_only(bot: Bot) -> str:
    me = await bot.me()
    return _(
        "I only work in private chats, to keep reports confidential. "
        "Write to me directly: @{username}"
    ).format(username=me.username)


async def not_private(message: Message, bot: Bot, *, reply: Replies) -> None:
    reply(message.answer(await _private_only(bot)))


async def group_tap(query: CallbackQuery, bot: Bot, *, reply: Replies) -> None:
    """A button pressed on a message in a group (forged: the bot puts none there): nothing of
    anyone's reports or forms is shown or started in a group."""
    reply(query.answer(await _private_only(bot), show_alert=True))


async def ignore(message: Message) -> None:
    """Other group chatter, or a service message, is not for the bot: consume it silently."""


async def forwarded_command(message: Message, *, reply: Replies) -> None:
    """A message forwarded from another chat that reads like a command ("/cancel" that a
    colleague wrote elsewhere): not the sender's command; run, it threw away a report."""
    reply(
        message.answer(
            "⚠️ "
            + _("A command forwarded from another chat is not run. To run it, type it yourself.")
        )
    )


async def forwarded_answer(message: Message, state: FSMContext, *, reply: Replies) -> None:
    """A text forwarded from another chat while a typed answer is awaited (a yearly value,
    an invitation's countries, a withdrawal's reason): someone else's words, not the answer.
    The step stays open and what it awaits is said again, as after a photo (handlers.fallback).
    (A report form says so and asks its question again: handlers.reports.)"""
    awaited = AWAITED.get(await state.get_state())
    again = "\n\n" + _(awaited) if awaited else ""
    reply(message.answer("⚠️ " + _(FORWARDED) + again))


async def added_to_group(event: ChatMemberUpdated, bot: Bot, *, reply: Replies) -> None:
    reply(SendMessage(chat_id=event.chat.id, text=await _private_only(bot)))


async def private_membership(event: ChatMemberUpdated, session: AsyncSession) -> None:
    """The user blocked (kicked) or unblocked the bot in their private chat."""
    active = event.new_chat_member.status != ChatMemberStatus.KICKED
    user = await queries.get_user(session, event.from_user.id)
    if user is not None and user.active != active:
        await queries.set_active(session, event.from_user.id, active)
        log.info("User %s %s the bot", user.id, "unblocked" if active else "blocked")


# What a person sends. Anything else in a private chat is Telegram's note of an event (the
# auto-delete timer changed, a message pinned, a gift, a payment): nothing to answer. A kind
# newer than aiogram (UNKNOWN) counts as sent, and is told it cannot be read.
_SENT_BY_PEOPLE = {
    ContentType.TEXT, ContentType.ANIMATION, ContentType.AUDIO, ContentType.DOCUMENT,
    ContentType.LIVE_PHOTO, ContentType.PAID_MEDIA, ContentType.PHOTO, ContentType.STICKER,
    ContentType.STORY, ContentType.VIDEO, ContentType.VIDEO_NOTE, ContentType.VOICE,
    ContentType.CHECKLIST, ContentType.CONTACT, ContentType.DICE, ContentType.GAME,
    ContentType.POLL, ContentType.VENUE, ContentType.LOCATION, ContentType.INVOICE,
    ContentType.GIVEAWAY, ContentType.RICH_MESSAGE, ContentType.PASSPORT_DATA,
    ContentType.WEB_APP_DATA, ContentType.UNKNOWN,
}  # fmt: skip


def router() -> Router:
    r = Router(name="chat_scope")
    # In groups the bot only sees commands and mentions (privacy mode): answer those once.
    r.message.register(not_private, F.chat.type != "private", F.text.startswith("/"))
    r.message.register(ignore, F.chat.type != "private")
    r.message.register(ignore, ~F.content_type.in_(_SENT_BY_PEOPLE))
    r.message.register(forwarded_command, F.forward_origin, F.text.startswith("/"))
    in_a_flow = ~StateFilter(None, ReportFlow.filling, ReportFlow.review)
    r.message.register(forwarded_answer, ForwardedFromOthers(), F.text, in_a_flow)
    r.callback_query.register(group_tap, F.message.chat.type != "private")
    r.my_chat_member.register(private_membership, F.chat.type == "private")
    r.my_chat_member.register(
        added_to_group,
        F.chat.type.in_({"group", "supergroup"}),
        F.new_chat_member.status.in_({ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR}),
    )
    return r
