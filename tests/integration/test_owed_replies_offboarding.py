"""Replies owed in the outbox (OutboxKind.REPLY) and offboarding: a revocation leaves them (they
answer what the person did); an erasure deletes those sent to the person or naming them."""

from __future__ import annotations

from aiogram.methods import SendMessage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import OutboxKind, Role
from bot.ui.replies import dump_method
from models import outbox, people
from models.tables import OutboxMessage
from tests.factories import member

ADMIN, MARIE = 1001, 2002


def _text(chat_id: int, text: str) -> dict[str, object]:
    return dump_method(SendMessage(chat_id=chat_id, text=text))


async def _owed(session: AsyncSession) -> list[tuple[int, str]]:
    rows = await session.execute(
        select(OutboxMessage.recipient_telegram_id, OutboxMessage.status)
        .where(OutboxMessage.kind == OutboxKind.REPLY.value)
        .order_by(OutboxMessage.id)
    )
    return [(int(chat), str(status)) for chat, status in rows]


async def test_revoking_every_role_leaves_the_reply_owed_to_the_person(
    session: AsyncSession,
) -> None:
    await member(session, MARIE, Role.FIELD_STAFF, ["MG"], name="Marie Rasoa")
    calls = [(MARIE, _text(MARIE, "Counted for Madagascar."))]
    await outbox.enqueue_replies(session, update_id=7, calls=calls, now=utcnow())
    await session.commit()

    await people.revoke(session, MARIE, None, actor_user_id=None)
    await session.commit()

    assert await _owed(session) == [(MARIE, "pending")]


async def test_erasing_a_person_deletes_the_replies_owed_to_them_or_naming_them(
    session: AsyncSession,
) -> None:
    await member(session, ADMIN, Role.ADMIN, name="Admin")
    await member(session, MARIE, Role.FIELD_STAFF, ["MG"], name="Marie Rasoa")
    owed = [
        (MARIE, _text(MARIE, "Counted for Madagascar.")),
        (ADMIN, _text(ADMIN, "Marie Rasoa — field staff (MG)")),
        (ADMIN, _text(ADMIN, "Saved.")),
    ]
    await outbox.enqueue_replies(session, update_id=8, calls=owed, now=utcnow())
    await session.commit()

    await people.erase(session, MARIE, actor_user_id=None)
    await session.commit()

    assert await _owed(session) == [(ADMIN, "pending")]
    payloads = (
        await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == OutboxKind.REPLY.value)
        )
    ).all()
    assert "Marie" not in str(payloads)


async def test_erasing_a_person_forgets_an_owed_reply_naming_them_once_it_was_sent(
    session: AsyncSession,
) -> None:
    """An owed reply the outbox has since delivered keeps its payload for weeks
    (Settings.retention.outbox_payload_days): one naming the erased person must not."""
    await member(session, ADMIN, Role.ADMIN, name="Admin")
    await member(session, MARIE, Role.FIELD_STAFF, ["MG"], name="Marie Rasoa")
    owed = [
        (ADMIN, _text(ADMIN, "Marie Rasoa — field staff (MG)")),
        (ADMIN, _text(ADMIN, "Marie Rasoa: revoked.")),
    ]
    await outbox.enqueue_replies(session, update_id=9, calls=owed, now=utcnow())
    await session.commit()
    first, second = (
        await session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id))
    ).all()
    await outbox.mark_sent(session, first, telegram_message_id=41, now=utcnow())
    await outbox.mark_failed(session, second, error="Bad Request: chat not found")
    await session.commit()

    await people.erase(session, MARIE, actor_user_id=None)
    await session.commit()

    payloads = (await session.scalars(select(OutboxMessage.payload))).all()
    assert "Marie" not in str(payloads)


async def test_erasing_a_supervisor_deletes_a_reply_owed_with_the_imports_spelling(
    session: AsyncSession,
) -> None:
    """A volunteer's mission card, owed in the outbox (Telegram did not take it at first),
    named the supervisor as the mission sheet spelled her ('marie  RASOA'), not as her
    account reads ('Marie Rasoa'): left as it was, it was sent after her erasure."""
    from tests.factories import stored_mission

    now = utcnow()
    await member(session, ADMIN, Role.ADMIN, name="Admin")
    await member(session, MARIE, Role.FIELD_STAFF, ["MG"], name="Marie Rasoa")
    await member(session, 6001, Role.VOLUNTEER, ["MG"], name="Lova")
    await stored_mission(session, "MG-1", now=now, country="MG", supervisor_name="marie  RASOA")
    owed = [
        (6001, _text(6001, "Formation (MG-1)\nSupervisor: marie  RASOA")),
        (6001, _text(6001, "Supervisor: Hery")),
    ]
    await outbox.enqueue_replies(session, update_id=9, calls=owed, now=now)
    await session.commit()

    await people.erase(session, MARIE, actor_user_id=None)
    await session.commit()

    assert await _owed(session) == [(6001, "pending")]
    payloads = (
        await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == OutboxKind.REPLY.value)
        )
    ).all()
    assert "RASOA" not in str(payloads)


async def test_erasing_ali_leaves_the_replies_owed_to_others_that_name_alice(
    session: AsyncSession,
) -> None:
    """Ali erased: a reply owed to the admin naming Alice (someone else) and one to a
    volunteer about Alibori (a place) were deleted, never sent, as if they named him; only
    the one naming him goes."""
    await member(session, ADMIN, Role.ADMIN, name="Admin")
    await member(session, MARIE, Role.FIELD_STAFF, ["BJ"], name="Ali")
    owed = [
        (ADMIN, _text(ADMIN, "Alice Rabe — field staff (BJ)")),
        (6001, _text(6001, "Your mission in Alibori starts tomorrow.")),
        (ADMIN, _text(ADMIN, "Ali — field staff (BJ)")),
    ]
    await outbox.enqueue_replies(session, update_id=10, calls=owed, now=utcnow())
    await session.commit()

    await people.erase(session, MARIE, actor_user_id=None)
    await session.commit()

    assert await _owed(session) == [(ADMIN, "pending"), (6001, "pending")]


async def test_erasing_a_person_with_a_long_name_forgets_the_replies_showing_it_cut_short(
    session: AsyncSession,
) -> None:
    """Marie-Josée Rakotomalala Andrianarivelo was erased; the /people list owed to the admin
    showed her, as its buttons do, cut to 'Marie-Josée Rakotomalala Andri…': it was kept, and
    sent, naming her. It goes; 'Marie Rasoa' (someone else, whole) stays."""
    long_name = "Marie-Josée Rakotomalala Andrianarivelo"
    await member(session, ADMIN, Role.ADMIN, name="Admin")
    await member(session, MARIE, Role.FIELD_STAFF, ["MG"], name=long_name)
    owed = [
        (ADMIN, _text(ADMIN, long_name[:31] + "… · field staff")),
        (ADMIN, _text(ADMIN, "Marie Rasoa · field staff")),
        (ADMIN, _text(ADMIN, "Marie-Josée Rak and more…")),  # not her name, cut
    ]
    await outbox.enqueue_replies(session, update_id=9, calls=owed, now=utcnow())
    await session.commit()

    await people.erase(session, MARIE, actor_user_id=None)
    await session.commit()

    payloads = (
        await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.kind == OutboxKind.REPLY.value)
        )
    ).all()
    assert "Rakotomalala" not in str(payloads)
    assert "Marie Rasoa" in str(payloads)
    assert "Marie-Josée Rak and more…" in str(payloads)
