"""/invite: an admin creates a one-time invitation link for a role and a country scope.

States:
    InviteForm.role      → tap a role
    InviteForm.countries → type ISO codes ("HT, NE") or "all"
    InviteForm.expiry    → tap a lifetime → the link is shown, the form ends
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from aiogram import Bot, F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.domain.grants import may_grant
from bot.domain.people import UserView
from bot.domain.scope import Scope, ScopeError
from bot.forms.engine import read_scope, typed_a_length_of_time
from bot.ui.callbacks import InviteExpiryCB, InviteRoleCB, InviteWithdrawCB
from bot.ui.forms import AWAITED, draft_waiting_note
from bot.ui.keyboard import Keyboard
from bot.ui.menu import ROLE_NAMES
from bot.ui.render import (
    beyond_reach,
    country_codes_error,
    invitation_text,
    invite_link,
    role_name,
    scope_text,
)
from bot.ui.replies import Replies
from bot.usecases.drafts import leave_side_flow
from handlers.filters import command
from handlers.routing import Router
from models import queries

EXPIRY_CHOICES_DAYS = (1, 7, 30)


class InviteForm(StatesGroup):
    role = State()
    countries = State()
    expiry = State()


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


async def start_invite(message: Message, state: FSMContext, *, reply: Replies) -> None:
    await state.set_state(InviteForm.role)
    kb = Keyboard()
    for role, name in ROLE_NAMES.items():
        kb.button(text=_capitalized(str(name)), callback_data=InviteRoleCB(role=role))
    kb.adjust(2)
    reply(message.answer(_("Which role will the new person have?"), reply_markup=kb.as_markup()))


async def picked_role(
    query: CallbackQuery, callback_data: InviteRoleCB, state: FSMContext, *, reply: Replies
) -> None:
    await state.update_data(role=callback_data.role.value)
    await state.set_state(InviteForm.countries)
    reply(query.answer())
    if isinstance(query.message, Message):
        reply(
            query.message.edit_text(
                _("Role: {role}.").format(role=role_name(callback_data.role))
                + "\n\n"
                + _(
                    "Which countries? Type their two-letter ISO codes separated by commas "
                    "(for example HT, NE), or type all."
                )
            )
        )


async def typed_countries(
    message: Message, state: FSMContext, user: UserView, i18n: I18n, *, reply: Replies
) -> None:
    locale = i18n.current_locale
    try:
        scope = read_scope(message.text or "", locale)
    except ScopeError as error:
        reply(message.answer(await _no_countries(error, message.text or "", state, locale)))
        return
    if not may_grant(user, scope):  # asked again: the form stays at the countries
        reply(message.answer(beyond_reach(user, locale)))
        return
    await state.update_data(countries=list(scope.countries), all_countries=scope.all_countries)
    await state.set_state(InviteForm.expiry)
    kb = Keyboard()
    for days in EXPIRY_CHOICES_DAYS:
        kb.button(
            text=ngettext("{n} day", "{n} days", days).format(n=days),
            callback_data=InviteExpiryCB(days=days),
        )
    reply(
        message.answer(
            _("Countries: {scope}.").format(
                scope=scope_text(scope.countries, scope.all_countries, locale)
            )
            + "\n\n"
            + _("How long may the invitation be used?"),
            reply_markup=kb.as_markup(),
        )
    )


async def _no_countries(error: ScopeError, text: str, state: FSMContext, locale: str) -> str:
    """Why what was typed gives no countries; at the lifetime, a lifetime typed is pointed to
    its buttons."""
    # Typed at the lifetime, a length of time ("7 jours", "30", "une semaine", "a week"): the
    # lifetime, not a correction of the countries ("I do not know these country codes: 7,
    # jours" answered an admin who had given hers already).
    if await state.get_state() == InviteForm.expiry.state and typed_a_length_of_time(text, locale):
        return "⚠️ " + _(AWAITED[InviteForm.expiry.state])
    return country_codes_error(error, locale)


def _expiry_refusal(
    callback_data: InviteExpiryCB, data: dict[str, Any], admin: UserView, locale: str
) -> str | None:
    """Why the lifetime tapped makes no invitation: an old or forged button, or countries the
    admin no longer covers (narrowed since they typed them)."""
    if callback_data.days not in EXPIRY_CHOICES_DAYS or "role" not in data:
        return _("This button is no longer active.")
    asked = Scope(tuple(data.get("countries", [])), bool(data.get("all_countries")))
    return None if may_grant(admin, asked) else beyond_reach(admin, locale)


async def picked_expiry(
    query: CallbackQuery,
    callback_data: InviteExpiryCB,
    state: FSMContext,
    user: UserView,
    session: AsyncSession,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    data = await state.get_data()
    refusal = _expiry_refusal(callback_data, data, user, locale)
    if refusal is not None:
        reply(query.answer(refusal, show_alert=True))
        return
    made = await _create_invite(session, data, callback_data.days, user)
    note = draft_waiting_note(await leave_side_flow(state))
    me = await bot.me()
    reply(query.answer())
    if isinstance(query.message, Message):
        link = invite_link(me.username or "", made.code)
        day = user.today(made.expires_at)  # their day
        text = invitation_text(made.role, made.scope, day, link, locale)
        edit = query.message.edit_text(text, reply_markup=_withdraw_button(made.id))
        # The link holds the code, which the database keeps only hashed: never stored (backups).
        reply.unstored(bot, edit, "The invitation link")
    if note:  # on its own: the invitation is forwarded as it is
        reply(SendMessage(chat_id=user.telegram_id, text=note.strip()))


class _Made(NamedTuple):
    """An invitation just created: its code (the only time it exists in clear), role,
    countries, when it expires and its id."""

    code: str
    role: Role
    scope: Scope
    expires_at: dt.datetime
    id: int


async def _create_invite(
    session: AsyncSession, data: dict[str, Any], days: int, admin: UserView
) -> _Made:
    """The invitation the form describes, valid for `days` from now."""
    role = Role(data["role"])
    expires_at = utcnow() + dt.timedelta(days=days)
    code, invite = await queries.create_invite(
        session,
        role=role,
        countries=data.get("countries", []),
        all_countries=bool(data.get("all_countries")),
        expires_at=expires_at,
        created_by_user_id=admin.id,
    )
    return _Made(code, role, Scope(invite.countries, invite.all_countries), expires_at, invite.id)


def _withdraw_button(invite_id: int) -> InlineKeyboardMarkup:
    """Under a new link: sent to the wrong person, or forwarded further, the admin takes it
    back here."""
    kb = Keyboard()
    kb.button(text=_("Withdraw this link"), callback_data=InviteWithdrawCB(i=invite_id))
    return kb.as_markup()


def _not_withdrawn(invite: queries.InviteView) -> str:
    """Why a link the admin tapped Withdraw under was left as it was: used, or expired."""
    if invite.uses >= invite.max_uses:
        return _(
            "This link was used already: nothing to withdraw. To take the role back, find "
            "the person with /people."
        )
    return _("This link has expired already: it no longer works.")


async def withdraw_invite(
    query: CallbackQuery,
    callback_data: InviteWithdrawCB,
    user: UserView,
    session: AsyncSession,
    *,
    reply: Replies,
) -> None:
    """The link an admin just made, sent to the wrong person: it stops working at once (the
    message no longer shows it); one used already is theirs to revoke in /people."""
    withdrawn, invite = await queries.withdraw_invite(
        session, callback_data.i, now=utcnow(), actor=user
    )
    if invite is None:
        reply(query.answer(_("This button is no longer active."), show_alert=True))
        return
    if not withdrawn and invite.revoked_at is None:
        reply(query.answer(_not_withdrawn(invite), show_alert=True))
        if isinstance(query.message, Message):
            reply(query.message.edit_reply_markup(reply_markup=None))
        return
    reply(query.answer())
    if isinstance(query.message, Message):
        text = _("Invitation withdrawn: its link no longer works. Send /invite for a new one.")
        reply(query.message.edit_text(text))


def router() -> Router:
    r = Router(name="admin")
    r.message.register(start_invite, *command("invite"))
    r.callback_query.register(picked_role, StateFilter(InviteForm.role), InviteRoleCB.filter())
    # Typed again at the lifetime: a correction of the countries, read as such.
    typing = StateFilter(InviteForm.countries, InviteForm.expiry)
    r.message.register(typed_countries, typing, F.text, ~F.text.startswith("/"))
    r.callback_query.register(
        picked_expiry, StateFilter(InviteForm.expiry), InviteExpiryCB.filter()
    )
    r.callback_query.register(withdraw_invite, InviteWithdrawCB.filter())
    return r
