"""Operations shared by the CLI and the demo (each opens its own session and commits once)."""

from __future__ import annotations

import datetime as dt

from bot.domain.scope import Scope
from bot.settings import Settings
from bot.telegram import create_bot
from models import queries
from models.db import check_database, create_engine, create_session_factory
from models.enums import Role


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


async def bot_username(settings: Settings) -> str:
    """The configured @username, else the Bot API's answer to getMe."""
    if settings.bot.username:
        return settings.bot.username
    bot = create_bot(settings)
    try:
        me = await bot.me()
    finally:
        await bot.session.close()
    return me.username or ""


async def create_invite_link(
    settings: Settings,
    username: str,
    *,
    role: Role,
    scope: Scope,
    expires_at: dt.datetime,
    max_uses: int,
) -> tuple[str, str, dt.datetime]:
    engine = create_engine(settings.db.url)
    try:
        await check_database(engine)
        async with create_session_factory(engine)() as session:
            code, invite = await queries.create_invite(
                session,
                role=role,
                countries=scope.countries,
                all_countries=scope.all_countries,
                expires_at=expires_at,
                max_uses=max_uses,
                created_by_user_id=None,
            )
            await session.commit()
    finally:
        await engine.dispose()
    return invite_link(username, code), code, invite.expires_at


async def add_admin(settings: Settings, telegram_id: int, name: str) -> None:
    engine = create_engine(settings.db.url)
    try:
        await check_database(engine)
        async with create_session_factory(engine)() as session:
            await queries.ensure_user(session, telegram_id, name, None)
            await queries.grant_role(
                session, telegram_id, Role.ADMIN, (), True, actor_user_id=None
            )
            await session.commit()
    finally:
        await engine.dispose()
