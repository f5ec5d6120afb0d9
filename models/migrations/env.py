"""Alembic environment for fieldbot.

Two ways in:
- from code (models.db.upgrade_database and friends): a sync Connection, borrowed from an async
  engine through run_sync, arrives in ``config.attributes["connection"]``;
- from the ``alembic`` command line (developers, e.g. ``alembic revision --autogenerate``): the
  URL is FIELDBOT_DB__URL, else ``sqlalchemy.url`` from alembic.ini, and an async engine is made
  here.

It never imports the bot's settings (models must not import upward).
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig
from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from models.base import Base, UTCDateTime
from models.db import create_engine

# Importing the tables registers them on Base.metadata (needed by --autogenerate).
from models.tables import AuditEntry, FsmRecord, Invite, InviteUse, ProcessedUpdate, User

__all__ = ["AuditEntry", "FsmRecord", "Invite", "InviteUse", "ProcessedUpdate", "User"]

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: object, autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations must not depend on application code that may change later: UTCDateTime is a
    # plain timezone-aware DateTime as far as the schema is concerned.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: batch mode recreates the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
    )


def _run(connection: Connection) -> None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()


async def _run_from_command_line(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_offline(url: str) -> None:
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    url = os.environ.get("FIELDBOT_DB__URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: set FIELDBOT_DB__URL or sqlalchemy.url")
    if context.is_offline_mode():
        _run_offline(url)
    else:
        asyncio.run(_run_from_command_line(url))


main()
