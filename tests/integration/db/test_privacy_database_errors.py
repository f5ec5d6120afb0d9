"""A database error names no one.

SQLAlchemy writes a failed statement's bound values into the error's text
("[parameters: (5550123987, 'Jean Dupont', ...)]"). That text is what the bot logs at ERROR
(handlers.errors, the scheduler's guard, the outbox sender), keeps in `job_runs.last_error`
and shows in `fieldbot jobs` and /readyz: a name, a Telegram id or a report's typed text sat
in log lines and in the health output, where no erasure reaches. The engine now hides them.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.logs import NOISY_LOGGERS, TELLING_LOGGERS, quiet_libraries
from bot.redaction import hide_row_values, redact
from models.jobruns import job_health, record_failure
from models.queries import ensure_user
from models.tables import User

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
TELEGRAM_ID = 5_550_123_987
NAME = "Jean-Baptiste Dupont"


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


async def test_a_failed_statement_names_no_one_in_its_error_or_the_job_health(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        await ensure_user(session, TELEGRAM_ID, NAME, "fr")
        await session.commit()
    async with session_factory() as session:
        session.add(User(telegram_id=TELEGRAM_ID, display_name=NAME, timezone="UTC"))
        with pytest.raises(IntegrityError) as caught:
            await session.flush()
        error = caught.value
    # As the log shows it (bot.redaction.RedactingFilter): PostgreSQL's own detail quotes the
    # row ("Key (telegram_id)=(5550123987) already exists."), which the redaction hides.
    shown = redact("".join(traceback.format_exception(error)))
    assert "telegram_id" in shown.lower()  # still says what failed...
    assert NAME not in shown  # ...but not with whose data
    assert "5550123987" not in shown.replace(" ", "")

    async with session_factory() as session:
        await record_failure(session, "fieldbot.digest", error, interval_seconds=60, now=NOW)
        await session.commit()
    async with session_factory() as session:
        (job,) = [j for j in await job_health(session, now=NOW) if j.job_id == "fieldbot.digest"]
    assert job.last_error is not None
    assert job.last_error.startswith("IntegrityError")
    assert NAME not in job.last_error
    assert "5550123987" not in job.last_error


def test_the_row_values_a_postgresql_error_quotes_are_hidden() -> None:
    detail = (
        'duplicate key value violates unique constraint "uq_users_telegram_id"\n'
        "DETAIL:  Key (telegram_id)=(5550123987) already exists.\n"
        "DETAIL:  Key (user_id, lower((name)::text))=(12, jean dupont) is not present in "
        'table "users".\n'
        "DETAIL:  Failing row contains (12, 5550123987, Jean-Baptiste Dupont, fr, (x)).\n"
        "[SQL: INSERT INTO users ...]"
    )
    hidden = hide_row_values(detail)
    assert "5550123987" not in hidden
    assert "jean dupont" not in hidden
    assert NAME not in hidden
    assert "Key (telegram_id)=(…) already exists." in hidden
    assert "Failing row contains (…)." in hidden
    assert "[SQL: INSERT INTO users ...]" in hidden
    assert hide_row_values("Key (3.3a) of the plan") == "Key (3.3a) of the plan"


@pytest.fixture
def library_levels() -> Iterator[None]:
    names = (*TELLING_LOGGERS, *NOISY_LOGGERS)
    levels = {name: logging.getLogger(name).level for name in names}
    yield
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.usefixtures("library_levels")
async def test_debug_logging_quotes_no_statement_values(
    session_factory: async_sessionmaker[AsyncSession], caplog: pytest.LogCaptureFixture
) -> None:
    """FIELDBOT_LOG_LEVEL=DEBUG (an operator chasing a problem) logged every SQLite statement
    with its bound values (aiosqlite): every name, Telegram id, typed answer and draft."""
    quiet_libraries(logging.DEBUG)  # as setup_logging does for FIELDBOT_LOG_LEVEL=DEBUG
    caplog.set_level(logging.DEBUG)
    async with session_factory() as session:
        await ensure_user(session, TELEGRAM_ID, NAME, "fr")
        await session.commit()
    assert logging.getLogger("models.queries").isEnabledFor(logging.DEBUG)  # DEBUG is on...
    assert [r.name for r in caplog.records if NAME in r.getMessage()] == []  # ...names are not
