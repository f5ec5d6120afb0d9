"""/start: join with an invitation code (deep link), or be greeted."""

from __future__ import annotations

import re
from collections.abc import Callable

from aiogram.filters import CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.people import UserView
from bot.domain.timezones import zones_for_countries
from bot.settings import Settings
from bot.ui.forms import draft_waiting_note
from bot.ui.menu import menus
from bot.ui.render import (
    guest_text,
    help_text,
    newcomer_zone_prompt,
    no_role_text,
    welcome_text,
    what_is_new,
)
from bot.ui.replies import Replies
from bot.usecases.drafts import load_draft
from handlers.routing import Router
from models import queries
from models.queries import RedeemOutcome, RedeemResult

# A deep-link payload: at most 64 characters of A-Za-z0-9_- (Telegram's rule).
_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _refusal(outcome: RedeemOutcome) -> str:
    if outcome is RedeemOutcome.EXPIRED:
        return _("This invitation has expired. Ask the person who sent it for a new one.")
    if outcome is RedeemOutcome.USED_UP:
        return _("This invitation has already been used. Ask for a new one.")
    if outcome is RedeemOutcome.REVOKED:
        return _("This invitation was withdrawn. Ask for a new one.")
    return _("This invitation code is not valid. Open the link exactly as you received it.")


async def start_with_code(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: UserView | None,
    state: FSMContext,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
    invite_accepted: Callable[[], None] | None = None,
) -> None:
    assert message.from_user is not None
    result = await _redeem(session, (command.args or "").strip(), message.from_user)
    note = draft_waiting_note(await load_draft(state) is not None)  # as plain /start says
    if not result.ok or result.user is None or result.invite is None:
        _refuse(message, result, i18n.current_locale, invite_accepted, note, reply=reply)
        return
    if invite_accepted is not None:
        invite_accepted()  # bot.throttle: a right code does not count against the limits
    locale, app_url = i18n.current_locale, settings.webapp.public_url
    for menu in menus(message.chat.id, result.user, locale, i18n, app_url):
        reply(menu)
    who, role = message.from_user, result.invite.role
    welcome = welcome_text(who.first_name, who.full_name, locale)
    welcome += what_is_new(user, result.user, role, locale)  # a member's new role, named
    reply(message.answer(welcome + "\n\n" + help_text(result.user, locale) + note))
    await _settle_time_zone(message, result.user, locale, reply)


def _refuse(
    message: Message,
    result: RedeemResult,
    locale: str,
    invite_accepted: Callable[[], None] | None,
    note: str,
    *,
    reply: Replies,
) -> None:
    """A code that changes nothing: the member's own link again (a right code, not counted as
    a guess; `note`: the report in progress waiting, if any), or one that cannot be used
    (bot.throttle counts it)."""
    if result.outcome is RedeemOutcome.ALREADY_MEMBER and result.user is not None:
        if invite_accepted is not None:
            invite_accepted()
        text = (
            _("You have already joined with this invitation.")
            if result.joined_with_it
            else _("You already hold this role for these countries: this link changes nothing.")
        )
        reply(message.answer(text + "\n\n" + help_text(result.user, locale) + note))
        return
    reply(message.answer(_refusal(result.outcome)))


async def _redeem(session: AsyncSession, code: str, who: User) -> RedeemResult:
    """The invitation behind a deep-link payload; a payload Telegram could not have sent is
    refused as an unknown code without a look at the database."""
    if not _CODE.match(code):
        return RedeemResult(RedeemOutcome.UNKNOWN, None, None)
    return await queries.redeem_invite(
        session,
        code,
        telegram_id=who.id,
        display_name=who.full_name,
        telegram_language=who.language_code,
        now=utcnow(),
    )


async def _settle_time_zone(message: Message, user: UserView, locale: str, reply: Replies) -> None:
    """A newcomer's time zone, so that "today" and reminders follow their clock: their
    country's from the start (nothing stored: it follows their countries until they choose),
    its other clocks offered as buttons; nothing is said once the person chose one."""
    if user.timezone_chosen:
        return
    zones = zones_for_countries(user.listed_countries)
    provisional = None if user.timezone == "UTC" else user.timezone
    text, markup = newcomer_zone_prompt(zones, locale, provisional)
    reply(message.answer(text, reply_markup=markup))


async def start_plain(
    message: Message,
    user: UserView | None,
    state: FSMContext,
    i18n: I18n,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    if user is None or not user.roles:
        reply(message.answer(guest_text() if user is None else no_role_text()))
        return
    locale = i18n.current_locale
    for menu in menus(message.chat.id, user, locale, i18n, settings.webapp.public_url):
        reply(menu)
    who = message.from_user
    names = (who.first_name, who.full_name) if who else ("", "")
    welcome = welcome_text(*names, locale, back=True) + "\n\n" + help_text(user, locale)
    reply(message.answer(welcome + draft_waiting_note(await load_draft(state) is not None)))


def router() -> Router:
    r = Router(name="start")
    r.message.register(start_with_code, CommandStart(deep_link=True, ignore_case=True))
    r.message.register(start_plain, CommandStart(ignore_case=True))
    return r
