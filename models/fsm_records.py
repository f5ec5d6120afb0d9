"""The FSM records a transaction has read or changed, and their one write at its commit.

Apart from models.fsm (the aiogram storage on top of it) so that models.queries, which every
`fieldbot` command loads, does not load aiogram: seconds of imports that `fieldbot user list`
never needs."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from bot.domain.clock import utcnow
from models.sqlite import DEFERRED
from models.tables import FsmRecord

if TYPE_CHECKING:
    from aiogram.fsm.storage.base import StorageKey


@functools.lru_cache(maxsize=4096)  # every update builds it a few times for the same chat
def storage_key_string(key: StorageKey) -> str:
    """The primary key of a StorageKey: every field, JSON-encoded so no separator can clash."""
    return json.dumps(
        [
            key.bot_id,
            key.chat_id,
            key.user_id,
            key.thread_id,
            key.business_connection_id,
            key.destiny,
        ],
        separators=(",", ":"),
    )


FSM_TABLE: Table = FsmRecord.__table__  # type: ignore[assignment]
_CACHE = "fieldbot_fsm"


def _upserts() -> dict[str, Insert]:
    """INSERT … ON CONFLICT (key) DO UPDATE of whole records, built once per dialect."""
    lite = sqlite.insert(FSM_TABLE)
    pg = postgresql.insert(FSM_TABLE)
    columns = ("state", "data", "updated_at")
    # On SQLite the upsert goes with the COMMIT, in the same trip (models.sqlite.DEFERRED).
    return {
        "sqlite": lite.on_conflict_do_update(
            index_elements=["key"], set_={c: lite.excluded[c] for c in columns}
        ).execution_options(**{DEFERRED: True}),
        "postgresql": pg.on_conflict_do_update(
            index_elements=["key"], set_={c: pg.excluded[c] for c in columns}
        ),
    }


_UPSERTS = _upserts()


@dataclass
class _Records:
    """The records one transaction of a session has read or changed, by key."""

    transaction: object
    values: dict[str, tuple[str | None, dict[str, Any]]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)


def transaction_records(session: AsyncSession) -> _Records:
    """The record cache of the session's current transaction.

    An update reads its state, then its data, then changes them: one SELECT, and one upsert
    when the transaction commits (`_write_changed_records`), whatever the number of changes.
    After a commit or a rollback (a retried update) the cache starts empty, so nothing stale
    survives and nothing rolled back is written.
    """
    transaction = session.sync_session.get_transaction()
    records: _Records | None = session.info.get(_CACHE)
    if records is None or records.transaction is not transaction:
        records = _Records(transaction)
        session.info[_CACHE] = records
    return records


# A record by its key (the bound parameter "fsm_key"), as a subquery another statement joins:
# the update's first read brings its state along (models.queries.get_user_and_state).
RECORD_BY_KEY = (
    select(FSM_TABLE.c.state, FSM_TABLE.c.data)
    .where(FSM_TABLE.c.key == bindparam("fsm_key"))
    .subquery()
)


def prime(session: AsyncSession, key: StorageKey, state: str | None, data: Any) -> None:
    """Record what a joined read found for `key` in this transaction's cache, as `_cached`
    would: the storage's next read of it costs no statement."""
    values = transaction_records(session).values
    values.setdefault(storage_key_string(key), (state, dict(data or {})))


@event.listens_for(Session, "before_commit")
def _write_changed_records(session: Session) -> None:
    """Write the FSM records changed in the committing transaction, in one statement.

    A session event, so that whoever commits the update's session (its unit of work, a test)
    commits its conversation state too. It runs inside SQLAlchemy's greenlet, where the sync
    session's execute awaits the async driver.
    """
    records: _Records | None = session.info.get(_CACHE)
    if records is None or not records.dirty:
        return
    if records.transaction is not session.get_transaction():
        return  # changes of a transaction that is over (rolled back): nothing to write
    now = utcnow()
    rows = []
    for key in sorted(records.dirty):
        state, data = records.values[key]
        rows.append({"key": key, "state": state, "data": data, "updated_at": now})
    records.dirty.clear()
    session.execute(_UPSERTS[session.get_bind().dialect.name], rows)
