"""Two admins acting on the same person at the same time, in /people."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.enums import AuditAction, Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_issue_13_throttling import audit


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """SQLite and PostgreSQL: two admins at once meet differently on each (SQLite has one
    writer at a time; PostgreSQL's second writer waits on the first's row)."""
    return any_db_url


async def test_two_admins_revoking_the_same_role_at_once(fieldbot: BotUnderTest) -> None:
    """On PostgreSQL both read Jean's role before either committed: both read 'Done: the role
    is revoked.' and the audit log said he lost it twice."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    awa = await fieldbot.member(1001, "Awa", Role.ADMIN)
    paul = await fieldbot.member(1002, "Paul", Role.ADMIN)
    for admin in (awa, paul):
        await admin.send("/people")
        await admin.tap("Jean · field staff")
    await asyncio.gather(awa.tap("Revoke: field staff"), paul.tap("Revoke: field staff"))
    answers = [(await awa.callback_answers())[-1], (await paul.callback_answers())[-1]]
    texts = sorted(answer["text"] for answer in answers)
    assert texts == ["Done: the role is revoked.", "This button is no longer active."]
    assert len(await audit(fieldbot, AuditAction.ROLE_REVOKED)) == 1
    for admin in (awa, paul):  # both see Jean as he is now
        assert "No role left." in (await admin.last()).text
