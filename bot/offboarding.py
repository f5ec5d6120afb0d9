"""`fieldbot user ...` and `fieldbot invite list|revoke`: people and invitations for operators.

Each command opens a session on the migrated database; writes run through
`models.uow.run_transaction` (one short transaction, retried on a lock), so a running bot's
users never wait on them. A change of roles then sets the person's Telegram menu, as the chat's
/people does: after the commit, never inside the transaction, and a refusal or an unreachable
Telegram only costs the menu (the change stands and the output says so). Output is plain
English for the operator's terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.domain.people import UserView
from bot.domain.scope import Scope
from bot.services import ServiceError, session_factory
from bot.settings import SANDBOX_TOKEN, Settings
from models import people, queries
from models.uow import run_transaction

if TYPE_CHECKING:
    from aiogram.utils.i18n import I18n


def scope_label(scope: Scope) -> str:
    return "all countries" if scope.all_countries else ",".join(scope.countries) or "-"


def grants_label(user: UserView) -> str:
    return "; ".join(f"{role.value} ({scope_label(scope)})" for role, scope in user.grants.items())


def person_line(user: UserView) -> str:
    state = "" if user.active else "  [inactive]"
    roles = grants_label(user) or "no role (`user erase` once they have left)"
    return f"{user.telegram_id:>14}  {user.display_name or '-'}  —  {roles}{state}"


async def list_users(settings: Settings, *, role: Role | None, country: str | None) -> str:
    async with session_factory(settings) as factory, factory() as session:
        found, total = await people.list_people(
            session, role=role, country=country, with_roleless=True
        )
    lines = [f"{total} {'person' if total == 1 else 'people'} (Telegram id, name, roles)"]
    lines += [person_line(user) for user in found]
    return "\n".join(lines)


async def _require(session: AsyncSession, telegram_id: int) -> UserView:
    user = await people.find_person(session, telegram_id)
    if user is None:
        raise ServiceError(f"nobody has the Telegram id {telegram_id}")
    return user


async def show_user(settings: Settings, telegram_id: int) -> str:
    async with session_factory(settings) as factory, factory() as session:
        user = await _require(session, telegram_id)
    erased = people.is_erased(user)
    lines = [
        f"Telegram id: {user.telegram_id}" + ("  (erased)" if erased else ""),
        f"Name: {user.display_name or '-'}",
        f"Language: {user.language or user.telegram_language or '-'}",
        # An erased person has no clock of their own, nor countries to take one from.
        "Time zone: - (erased)"
        if erased
        else f"Time zone: {user.timezone}"
        + ("" if user.timezone_chosen else " (from their countries until they choose one)"),
        f"Active: {'yes' if user.active else 'no (blocked the bot, revoked or erased)'}",
        "Roles:" if user.grants else "Roles: none",
    ]
    lines += [f"  {role.value}: {scope_label(scope)}" for role, scope in user.grants.items()]
    return "\n".join(lines)


def _last_admin(person: UserView, doing: str) -> ServiceError:
    """Refused: taking the last admin's role leaves nobody to manage people by chat."""
    return ServiceError(
        f"{person.display_name or person.telegram_id} ({person.telegram_id}) is the last admin: "
        f"{doing} would leave nobody to manage people by chat. Make someone else admin first "
        "(`fieldbot admin add ID --name NAME`, or an admin invitation), or add --force. "
        "Nothing was changed."
    )


def _narrowing_last_admin(last: people.LastAdmin, scope: Scope) -> ServiceError:
    """Refused: with fewer admin countries, a country (or all of them) would have no admin."""
    person = last.person
    return ServiceError(
        f"{person.display_name or person.telegram_id} ({person.telegram_id}) is the only admin "
        f"of {scope_label(last.uncovered)}: with their admin countries set to "
        f"{scope_label(scope)}, nobody would be left to manage people there by chat. Make "
        "someone else admin there first (`fieldbot admin add ID --name NAME`, or an admin "
        "invitation), or add --force. Nothing was changed."
    )


async def revoke_user(
    settings: Settings, telegram_id: int, roles: Sequence[Role], *, force: bool = False
) -> str:
    """Take `roles` (none named: every role) from the person. A named role they do not hold
    is an error and nothing changes: 'Revoked.' must never stand for a role that was not taken
    (a mistyped id or role). The last admin's role only with `force`. A volunteer taken off
    their missions is told, as by chat."""
    from bot.usecases.missions import TranslationsNeeded, revoke_roles

    i18n: I18n | None = None

    async def work(session: AsyncSession) -> people.Offboarded | UserView:
        person = await _require(session, telegram_id)
        missing = [role.value for role in roles if not person.has_role(role)]
        if missing:
            held = grants_label(person) or "no role"
            raise ServiceError(
                f"{person.display_name or telegram_id} ({telegram_id}) does not hold the role "
                f"{', '.join(missing)}; they hold: {held}. Nothing was revoked."
            )
        if not person.grants:
            return person
        try:
            return await revoke_roles(
                session,
                telegram_id,
                roles or None,
                actor_user_id=None,
                i18n=i18n,
                now=utcnow(),
                last_admin=force,
            )
        except people.LastAdmin as last:
            raise _last_admin(last.person, "revoking their admin role") from last

    async with session_factory(settings) as factory:
        try:
            done = await run_transaction(factory, work, what="revoke roles")
        except TranslationsNeeded:
            # A volunteer to tell they are off a mission: only then the catalogs (see
            # set_user_countries); the change is made again.
            from bot.i18n import create_i18n

            i18n = create_i18n(settings.default_locale)
            done = await run_transaction(factory, work, what="revoke roles")
    if isinstance(done, UserView):
        return f"Nothing to revoke: {done.display_name or telegram_id} holds no role."
    left = grants_label(done.user) or "no role"
    menu = await menu_after_change(settings, telegram_id, done.user)
    return (
        f"Revoked. {done.user.display_name or telegram_id} now holds: {left}. "
        f"Drafts discarded: {done.drafts_discarded}; "
        f"scheduled messages cancelled: {done.messages_cancelled}.\n{menu}"
    )


async def set_user_countries(
    settings: Settings, telegram_id: int, role: Role, scope: Scope, *, force: bool = False
) -> str:
    """Replace the countries of the person's role; fewer admin countries leaving a country (or
    all countries) with no admin only with `force`, as revoking the last admin."""
    from bot.usecases.missions import TranslationsNeeded, set_role_countries

    i18n: I18n | None = None
    whole: list[bool] = []  # did they act for the whole organisation before

    async def work(session: AsyncSession) -> UserView:
        person = await _require(session, telegram_id)
        whole[:] = [person.acts_for_the_whole_organisation()]
        try:
            # A volunteer taken off a mission is told, as by chat.
            return await set_role_countries(
                session,
                person,
                role,
                scope,
                actor_user_id=None,
                i18n=i18n,
                now=utcnow(),
                last_admin=force,
            )
        except people.LastAdmin as last:
            raise _narrowing_last_admin(last, scope) from last
        except people.RoleGone as gone:  # or revoked meanwhile, by another admin: nothing done
            now = gone.person
            if now is None:
                raise ServiceError(f"nobody has the Telegram id {telegram_id}") from gone
            raise ServiceError(
                f"{now.display_name or telegram_id} ({telegram_id}) does not hold the role "
                f"{role.value}; they hold: {grants_label(now) or 'no role'}. Nothing was changed."
            ) from gone

    async with session_factory(settings) as factory:
        try:
            user = await run_transaction(factory, work, what="set countries")
        except TranslationsNeeded:
            # A volunteer to tell they are off a mission: only then the catalogs and aiogram
            # (seconds of CPU), loaded outside any transaction; the change is made again.
            from bot.i18n import create_i18n

            i18n = create_i18n(settings.default_locale)
            user = await run_transaction(factory, work, what="set countries")
    done = f"{user.display_name or telegram_id}: {role.value} for {scope_label(user.scope(role))}."
    if whole and user.acts_for_the_whole_organisation() != whole[0]:
        # A manager now of every country, or no longer: /indicator joins or leaves their menu.
        return done + "\n" + await menu_after_change(settings, telegram_id, user)
    return done


async def erase_user(settings: Settings, telegram_id: int, *, force: bool = False) -> str:
    """Erase the person; the last admin only with `force` (they may ask to be erased, and an
    operator does it: `fieldbot admin add` names another admin, before or after)."""

    async def work(session: AsyncSession) -> people.Offboarded | UserView:
        person = await _require(session, telegram_id)
        if people.is_erased(person):  # their pseudonym: nothing of them is left to forget
            return person
        try:
            return await people.erase(session, telegram_id, actor_user_id=None, last_admin=force)
        except people.LastAdmin as last:
            raise _last_admin(last.person, "erasing them") from last

    async with session_factory(settings) as factory:
        done = await run_transaction(factory, work, what="erase a person")
    if isinstance(done, UserView):
        return (
            f"{done.display_name} (id {done.telegram_id}) was erased already. Nothing was changed."
        )
    menu = await menu_after_change(settings, telegram_id, None)
    return (
        f"Erased. The person is now {done.user.display_name!r} "
        f"(id {done.user.telegram_id}); their reports stay counted. "
        f"Drafts discarded: {done.drafts_discarded}; messages removed: "
        f"{done.messages_cancelled}.\n{menu}"
    )


async def menu_of(settings: Settings, telegram_id: int) -> str:
    """Set the Telegram menu of someone who was just given a role (`admin add`)."""
    async with session_factory(settings) as factory, factory() as session:
        person = await people.find_person(session, telegram_id)
    return await menu_after_change(settings, telegram_id, person)


async def menu_after_change(settings: Settings, telegram_id: int, person: UserView | None) -> str:
    """Set the Telegram menu of someone whose roles changed (None: erased), once the change
    is committed; one line saying whether it was done."""
    if telegram_id < 0:  # an erased person's pseudonym: no Telegram chat
        return "No Telegram menu to update (an erased person)."
    section = settings.bot
    if section.api_base is None and section.token.get_secret_value() == SANDBOX_TOKEN:
        return "Their Telegram menu was not updated: FIELDBOT_BOT__TOKEN is not set."
    # Only now the Bot API client (aiogram takes seconds of CPU to import): the lines above
    # need none of it.
    from bot.i18n import create_i18n
    from bot.telegram import create_bot
    from bot.ui.menu import update_menu

    # One retry, not the bot's five: the operator waits at a terminal, and the change stands.
    bot = create_bot(
        settings.model_copy(update={"bot": section.model_copy(update={"max_retries": 1})})
    )
    try:
        problem = await update_menu(
            bot,
            telegram_id,
            person,
            create_i18n(settings.default_locale),
            settings.webapp.public_url,
        )
    finally:
        await bot.session.close()
    if problem is None:
        return "Their Telegram menu is updated."
    return (
        f"Their Telegram menu could not be updated ({problem.kind}: {problem.message}); "
        "the change itself is saved."
    )


async def list_invites(settings: Settings, *, include_inactive: bool) -> str:
    now = utcnow()
    async with session_factory(settings) as factory, factory() as session:
        invites = await people.list_invites(session, now=now, include_inactive=include_inactive)
    lines = [
        f"{len(invites)} invitation(s)" + ("" if include_inactive else " that can still be used")
    ]
    for invite in invites:
        if invite.revoked_at is not None:
            status = "revoked"
        elif invite.expires_at <= now:
            status = "expired"
        elif invite.uses >= invite.max_uses:
            status = "used up"
        else:
            status = "open"
        scope = Scope(tuple(invite.countries or ()), invite.all_countries)
        lines.append(
            f"#{invite.id:<5} {invite.role:<12} {scope_label(scope):<16} "
            f"uses {invite.uses}/{invite.max_uses}  expires {invite.expires_at:%Y-%m-%d %H:%M} "
            f"UTC  {status}"
        )
    return "\n".join(lines)


async def revoke_invite(settings: Settings, invite_id: int) -> str:
    async def work(session: AsyncSession) -> queries.InviteView | None:
        return await queries.revoke_invite(session, invite_id, now=utcnow(), actor_user_id=None)

    async with session_factory(settings) as factory:
        invite = await run_transaction(factory, work, what="revoke an invitation")
    if invite is None:
        raise ServiceError(f"there is no invitation #{invite_id}")
    return f"Invitation #{invite_id} is revoked: its link no longer works."
