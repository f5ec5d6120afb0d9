"""/forget: a member has their own personal data erased, as an admin's erase does (DESIGN,
property 9): asked first, then their name, Telegram id, language and settings are replaced by a
pseudonym, their roles end and their drafts go; the reports they sent stay, counted.

Open to anyone who has an account, a role or not (someone whose roles were all revoked may ask
too); a guest is told that nothing is kept about them.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.settings import Settings
from bot.ui.callbacks import ForgetCB
from bot.ui.keyboard import Keyboard
from bot.ui.menu import refresh_menu
from bot.ui.replies import Replies
from handlers.routing import Router
from models import people


def _nothing_kept() -> str:
    return _("I keep no personal data about you: there is nothing to erase.")


def _last_admin() -> str:
    """Erasing the last admin would leave nobody to manage people by chat (only the server's
    `fieldbot admin add` could): refused, as /people and `fieldbot user erase` refuse it; the
    erasure is still theirs to have, from another admin or from the operator."""
    return _(
        "You are the last admin: once your data is erased, nobody could manage people by chat "
        "any more. Make someone else admin first (/invite), then send /forget again; or ask "
        "whoever runs the bot's server to erase your data."
    )


async def _is_last_admin(session: AsyncSession, user: UserView) -> bool:
    if not user.has_role(Role.ADMIN):
        return False
    return not await people.other_admins(session, user.telegram_id, hold=False)


async def forget_command(
    message: Message, session: AsyncSession, user: UserView | None, *, reply: Replies
) -> None:
    if user is None or people.is_erased(user):
        reply(message.answer(_nothing_kept()))
        return
    if await _is_last_admin(session, user):
        reply(message.answer(_last_admin()))
        return
    kb = Keyboard()
    kb.button(text=_("Erase my data"), callback_data=ForgetCB(yes=True))
    kb.button(text=_("Keep my account"), callback_data=ForgetCB(yes=False))
    question = "\n\n".join(
        [
            "<b>" + _("Erase your personal data?") + "</b>",
            _(
                "Your name, your Telegram account, your language and your settings are "
                "forgotten, your roles end, and a report you have not sent is discarded. To "
                "come back you would need a new invitation."
            ),
            _("The reports you sent stay, counted, under an anonymous name.")
            + " "
            + _("This cannot be undone."),
        ]
    )
    reply(message.answer(question, reply_markup=kb.adjust(1).as_markup()))


async def forget_tap(
    query: CallbackQuery,
    callback_data: ForgetCB,
    session: AsyncSession,
    user: UserView | None,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    if user is None or people.is_erased(user) or not callback_data.yes:
        text = _nothing_kept() if user is None or callback_data.yes else _("Nothing was erased.")
        if isinstance(query.message, Message):
            reply(query.message.edit_text(text))
        return
    if not await _erased(session, query, user, bot, reply=reply):
        return
    done = _(
        "Done: your personal data is erased. Your reports stay, counted, under an anonymous "
        "name. Thank you for your work."
    )
    app_url = settings.webapp.public_url
    reply.later(lambda: refresh_menu(bot, user.telegram_id, None, i18n, app_url))
    _tell_unstored(query, reply, bot, done)


async def _erased(
    session: AsyncSession, query: CallbackQuery, user: UserView, bot: Bot, *, reply: Replies
) -> bool:
    """Erase the person; False when nothing was done (they are told why)."""
    try:
        await people.erase(session, user.telegram_id, actor_user_id=user.id)
    except people.LastAdmin:  # the other admins left since the question was asked
        if isinstance(query.message, Message):
            reply(query.message.edit_text(_last_admin()))
        return False
    except LookupError:  # an admin erased them at the same time, first (PostgreSQL)
        _tell_unstored(query, reply, bot, _nothing_kept())
        return False
    return True


def _tell_unstored(query: CallbackQuery, reply: Replies, bot: Bot, text: str) -> None:
    """The erased person's answer in place of the question. Not stored with the update's
    replies (they would keep the erased person's chat id until cleared): sent once the
    erasure is committed, a crash before loses only this."""
    if isinstance(query.message, Message):
        reply.unstored(bot, query.message.edit_text(text), "The erased person's confirmation")


def router() -> Router:
    r = Router(name="forget")
    r.message.register(forget_command, Command("forget", ignore_case=True))
    r.callback_query.register(forget_tap, ForgetCB.filter())
    return r
