"""Where a report in progress lives: the FSM data of the reporter's private chat.

The chat (handlers/reports.py) and the Mini App (bot/webapp) read and write the same record,
so a report started in one can be finished in the other. Call these inside the per-chat lock
(the storage's event isolation) and, with the SQL storage, inside a session made ambient with
`models.fsm.use_session`, so the change commits with the rest of the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI reads DRAFT (models.people) and must not load aiogram for it
    from aiogram.fsm.storage.base import BaseStorage, StorageKey

# The key of the draft in the FSM data; the draft is all the report flow keeps there.
DRAFT = "draft"
# The state of a chat whose report in progress was discarded because the role that could send
# it was revoked while the person kept another: the answers are gone, and the next message or
# tap is told why (handlers.common.discarded_report), not "I did not understand that".
DISCARDED_BY_REVOCATION = "ReportDiscarded:revoked"


def chat_key(bot_id: int, telegram_id: int) -> StorageKey:
    """The FSM key of a user's private chat with the bot (aiogram's default user-in-chat key)."""
    from aiogram.fsm.storage.base import StorageKey

    return StorageKey(bot_id=bot_id, chat_id=telegram_id, user_id=telegram_id)


async def read_draft(storage: BaseStorage, key: StorageKey) -> dict[str, Any] | None:
    """The stored draft (as JSON data), or None."""
    data = (await storage.get_data(key)).get(DRAFT)
    return data if isinstance(data, dict) else None


async def write_draft(
    storage: BaseStorage, key: StorageKey, draft: Mapping[str, Any], state: str | None
) -> None:
    """Store the draft, with the conversation state the chat flow resumes in."""
    await storage.set_state(key, state)
    await storage.set_data(key, {DRAFT: dict(draft)})


async def clear_draft(storage: BaseStorage, key: StorageKey) -> None:
    """Forget the draft and the conversation state (the report was submitted)."""
    await storage.set_state(key, None)
    await storage.set_data(key, {})
