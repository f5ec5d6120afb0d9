"""A person erased (GDPR) who supervises missions: the missions imported with their name as
supervisor (free text) no longer name them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import OutboxKind, OutboxStatus, Role
from bot.i18n import create_i18n
from bot.usecases.missions import assign_volunteer
from models import people
from models.outbox import enqueue
from models.tables import Mission, OutboxMessage
from tests.factories import member, stored_mission


async def test_an_erased_supervisor_is_no_longer_named_on_their_missions(
    session: AsyncSession,
) -> None:
    """Marie Joseph was erased; 'marie  JOSEPH' (as the sheet typed her) stayed on HT-1 with
    her @handle. It is cleared; 'Marie' alone (someone else, perhaps) stays on HT-2."""
    await member(session, 4001, Role.ADMIN, ["HT"], name="Marie Joseph")
    now = utcnow()
    await stored_mission(
        session, "HT-1", now=now, supervisor_name="marie  JOSÉPH", supervisor_handle="@mjoseph"
    )
    await stored_mission(
        session, "HT-2", now=now, supervisor_name="Marie", supervisor_handle="@marie_ht"
    )
    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin
    rows = await session.execute(
        select(Mission.code, Mission.supervisor_name, Mission.supervisor_handle).order_by(
            Mission.code
        )
    )
    assert [tuple(row) for row in rows] == [
        ("HT-1", None, None),
        ("HT-2", "Marie", "@marie_ht"),
    ]


async def _notices(session: AsyncSession) -> dict[tuple[int, str], dict[str, Any]]:
    """Each notice's payload by recipient and mission code."""
    rows = await session.execute(
        select(OutboxMessage.recipient_telegram_id, OutboxMessage.period, OutboxMessage.payload)
    )
    return {(tid, period.split(":")[0]): dict(payload) for tid, period, payload in rows}


async def test_notices_still_waiting_no_longer_name_an_erased_supervisor(
    session: AsyncSession,
) -> None:
    """Lova (English) and Fara (French) were told of HT-1, supervised by Marie Joseph; their
    notices waited in the outbox (Telegram was down) when Marie was erased: sent later, they
    named her. The line naming her goes from both, the rest of the card stays; a notice
    already sent (history in Eve's chat) and one of another supervisor's mission are as they
    were."""
    i18n = create_i18n()
    now = utcnow()
    marie = await member(session, 4001, Role.ADMIN, ["HT"], name="Marie Joseph")
    lova = await member(session, 6001, Role.VOLUNTEER, ["HT"], name="Lova")
    fara = await member(session, 6002, Role.VOLUNTEER, ["HT"], name="Fara", language="fr")
    eve = await member(session, 6003, Role.VOLUNTEER, ["HT"], name="Eve")
    start = now.date() + dt.timedelta(days=20)
    hers = await stored_mission(
        session, "HT-1", start, now=now, supervisor_name="Marie Joseph", supervisor_handle="mj"
    )
    other = await stored_mission(session, "HT-2", start, now=now, supervisor_name="Hery")
    for volunteer in (lova, fara, eve):
        await assign_volunteer(
            session, hers, volunteer, actor_user_id=marie.id, i18n=i18n, now=now
        )
    await assign_volunteer(session, other, lova, actor_user_id=marie.id, i18n=i18n, now=now)
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.recipient_telegram_id == 6003)
        .values(status=OutboxStatus.SENT.value)
    )
    before = await _notices(session)
    assert "Marie Joseph" in before[(6001, "HT-1")]["text"]
    assert "Superviseur\u202f: Marie Joseph" in before[(6002, "HT-1")]["text"]

    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin

    after = await _notices(session)
    for tid in (6001, 6002):
        was, now_reads = before[(tid, "HT-1")], after[(tid, "HT-1")]
        assert "Marie" not in now_reads["text"]
        assert "@mj" not in now_reads["text"]
        assert now_reads["text"] == "\n".join(
            line for line in was["text"].split("\n") if "Marie" not in line
        )
        assert now_reads["reply_markup"] == was["reply_markup"]
        assert "Supervis" not in now_reads["text"]  # the line goes whole, in either language
    assert after[(6003, "HT-1")] == before[(6003, "HT-1")]  # sent: history
    assert after[(6001, "HT-2")] == before[(6001, "HT-2")]
    assert "Hery" in after[(6001, "HT-2")]["text"]


async def test_a_notice_stored_before_its_supervisor_line_was_kept_apart_loses_it_too(
    session: AsyncSession,
) -> None:
    """A notice enqueued by the version before (no line kept apart in its payload): every
    line showing the name or the handle goes, the others stay."""
    now = utcnow()
    await member(session, 4001, Role.ADMIN, ["HT"], name="Marie & Joseph")
    await stored_mission(
        session, "HT-1", now=now, supervisor_name="marie  &  joseph", supervisor_handle="@mj"
    )
    text = (
        "<b>Your mission starts tomorrow.</b>\n\nWhere: Jacmel\nSupervisor: marie  &amp;  joseph"
    )
    await enqueue(
        session,
        recipient_telegram_id=6001,
        recipient_user_id=None,
        kind=OutboxKind.MISSION_REMINDER.value,
        period="HT-1:remind1:2026-12-08",
        payload={"text": text + "\nCall @mj on arrival.", "parse_mode": "HTML"},
        now=now,
    )
    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin
    payload = await session.scalar(select(OutboxMessage.payload))
    assert payload is not None
    assert payload["text"] == "<b>Your mission starts tomorrow.</b>\n\nWhere: Jacmel"


async def test_a_notice_stored_before_keeps_the_lines_of_a_longer_name_or_a_place(
    session: AsyncSession,
) -> None:
    """Ali was erased; a notice of the version before, of his mission, also showed Alice (its
    volunteers' contact) and Alibori (its place): every line with 'Ali' in it went. Only the
    lines showing him, his name or his handle whole, go."""
    now = utcnow()
    await member(session, 4001, Role.ADMIN, ["BJ"], name="Ali")
    await stored_mission(
        session, "BJ-1", now=now, country="BJ", supervisor_name="Ali", supervisor_handle="@ali"
    )
    kept = "<b>Your mission starts tomorrow.</b>\n\nWhere: Alibori\nCall Alice (@alice_bj)."
    await enqueue(
        session,
        recipient_telegram_id=6001,
        recipient_user_id=None,
        kind=OutboxKind.MISSION_REMINDER.value,
        period="BJ-1:remind1:2026-12-08",
        payload={"text": kept + "\nSupervisor: Ali @ali\nOr ask @ali.", "parse_mode": "HTML"},
        now=now,
    )
    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin
    payload = await session.scalar(select(OutboxMessage.payload))
    assert payload is not None
    assert payload["text"] == kept


async def test_a_notice_waiting_still_loses_her_line_once_the_sheet_named_someone_else(
    session: AsyncSession,
) -> None:
    """Lova's notice of HT-1 waited, drawn when Marie Joseph supervised it; a sheet imported
    since names Hery (a change its volunteers are not told of); then Marie was erased. Her
    line was looked for only in the notices of missions still naming her: it went out."""
    i18n = create_i18n()
    now = utcnow()
    marie = await member(session, 4001, Role.ADMIN, ["HT"], name="Marie Joseph")
    lova = await member(session, 6001, Role.VOLUNTEER, ["HT"], name="Lova")
    start = now.date() + dt.timedelta(days=20)
    hers = await stored_mission(
        session, "HT-1", start, now=now, supervisor_name="Marie Joseph", supervisor_handle="mj"
    )
    await assign_volunteer(session, hers, lova, actor_user_id=marie.id, i18n=i18n, now=now)
    await session.execute(
        update(Mission).where(Mission.code == "HT-1").values(supervisor_name="Hery")
    )
    before = (await _notices(session))[(6001, "HT-1")]
    assert "Marie Joseph" in before["text"]

    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin

    after = (await _notices(session))[(6001, "HT-1")]
    assert "Marie" not in after["text"]
    assert "@mj" not in after["text"]
    assert after["reply_markup"] == before["reply_markup"]


async def test_an_erased_supervisor_is_no_longer_named_in_their_missions_texts(
    session: AsyncSession,
) -> None:
    """Marie Joseph was erased: HT-1, which she supervised, lost its supervisor line but still
    read 'Training with Marie Joseph' and 'Call marie JOSEPH before 9' (its volunteers' card
    and the notice still waiting for Lova). Her name, whole, now reads '…' there; 'Marie
    Josephine' stays, and so does HT-2's text, a mission someone else supervises."""
    i18n = create_i18n()
    now = utcnow()
    marie = await member(session, 4001, Role.ADMIN, ["HT"], name="Marie Joseph")
    lova = await member(session, 6001, Role.VOLUNTEER, ["HT"], name="Lova")
    start = now.date() + dt.timedelta(days=20)
    hers = await stored_mission(
        session,
        "HT-1",
        start,
        now=now,
        title="Training with Marie Joseph",
        place="Marie-Joseph's school, Jacmel",
        notes="Call marie JOSEPH before 9; Marie Josephine has the keys.",
        supervisor_name="Marie Joseph",
    )
    await stored_mission(
        session, "HT-2", start, now=now, title="Visit with Marie Joseph", supervisor_name="Hery"
    )
    await assign_volunteer(session, hers, lova, actor_user_id=marie.id, i18n=i18n, now=now)
    assert "Training with Marie Joseph" in (await _notices(session))[(6001, "HT-1")]["text"]

    await people.erase(session, 4001, actor_user_id=None, last_admin=True)  # the only admin

    rows = await session.execute(
        select(Mission.code, Mission.title, Mission.place, Mission.notes).order_by(Mission.code)
    )
    assert [tuple(row) for row in rows] == [
        (
            "HT-1",
            "Training with …",
            "…'s school, Jacmel",
            "Call … before 9; Marie Josephine has the keys.",
        ),
        ("HT-2", "Visit with Marie Joseph", "Jacmel", None),
    ]
    waiting = (await _notices(session))[(6001, "HT-1")]["text"]
    assert "Training with …" in waiting
    assert "Joseph" not in waiting.replace("Marie Josephine", "")


async def test_an_erased_supervisor_called_grace_leaves_the_word_grace(
    session: AsyncSession,
) -> None:
    """Grace was erased: HT-1's notes read '… will meet you; a … period of two days for the
    forms' (every 'grace' taken for her). Her name goes, the word stays; a sheet that wrote
    her 'grace' has her so in its notes too, and that goes."""
    await member(session, 4002, Role.ADMIN, ["HT"], name="Grace")
    now = utcnow()
    await stored_mission(
        session,
        "HT-1",
        now=now,
        supervisor_name="Grace",
        notes="Grace will meet you; a grace period of two days for the forms",
    )
    await stored_mission(
        session, "HT-2", now=now, supervisor_name="grace", notes="call grace before 9"
    )
    await people.erase(session, 4002, actor_user_id=None, last_admin=True)  # the only admin
    rows = await session.execute(select(Mission.code, Mission.notes).order_by(Mission.code))
    assert [tuple(row) for row in rows] == [
        ("HT-1", "… will meet you; a grace period of two days for the forms"),
        ("HT-2", "call … before 9"),
    ]


async def test_an_erased_supervisor_is_found_however_the_sheets_and_telegram_write_her(
    session: AsyncSession,
) -> None:
    """Grace's Telegram name is 'Grace 🌸 Wanjiru'. Erased, she stayed the supervisor of KE-1
    ('grace wanjiru': the emoji made it another name), of KE-2 ('Grâce WANJIRU & Peter
    Otieno'), of KE-3 ('Wanjiru Grace', surname first), and her missions' notes still read
    'Call Grace before 9; Grace & Peter lead'. She is gone from all three (Peter stays on
    KE-2), and her first name from their notes; 'say grace', 'Grace Hall', KE-4's 'Grace'
    (perhaps someone else) and KE-5, supervised by Hery, stay."""
    await member(session, 4003, Role.ADMIN, ["KE"], name="Grace 🌸 Wanjiru")
    now = utcnow()
    notes = "Call Grace before 9; Grace & Peter lead. Say grace. Meet at Grace Hall."
    for code, supervisor in (
        ("KE-1", "grace wanjiru"),
        ("KE-2", "Grâce WANJIRU & Peter Otieno"),
        ("KE-3", "Wanjiru Grace"),
        ("KE-4", "Grace"),
        ("KE-5", "Hery"),
    ):
        await stored_mission(
            session,
            code,
            now=now,
            country="KE",
            supervisor_name=supervisor,
            supervisor_handle="@sup",
            notes=notes,
        )
    await people.erase(session, 4003, actor_user_id=None, last_admin=True)  # the only admin
    rows = await session.execute(
        select(
            Mission.code, Mission.supervisor_name, Mission.supervisor_handle, Mission.notes
        ).order_by(Mission.code)
    )
    scrubbed = "Call … before 9; … & Peter lead. Say grace. Meet at Grace Hall."
    assert [tuple(row) for row in rows] == [
        ("KE-1", None, None, scrubbed),
        ("KE-2", "Peter Otieno", None, scrubbed),
        ("KE-3", None, None, scrubbed),
        ("KE-4", "Grace", "@sup", notes),
        ("KE-5", "Hery", "@sup", notes),
    ]


async def test_an_erased_supervisor_named_with_one_more_word_joined_is_cleared(
    session: AsyncSession,
) -> None:
    """Maria da Silva erased: PT-1's supervisor 'Maria da Silva e Sousa' (her second surname)
    and PT-2's 'Maria da Silva e Ana' (her and Ana: no one can tell) kept her whole name, her
    username and her name in their notes. Both are cleared; PT-3's 'Pedro Costa e Sousa'
    stays."""
    await member(session, 4005, Role.ADMIN, ["PT"], name="Maria da Silva")
    now = utcnow()
    notes = "Ligar à Maria da Silva antes das 9."
    for code, supervisor in (
        ("PT-1", "Maria da Silva e Sousa"),
        ("PT-2", "Maria da Silva e Ana"),
        ("PT-3", "Pedro Costa e Sousa"),
    ):
        await stored_mission(
            session,
            code,
            now=now,
            country="PT",
            supervisor_name=supervisor,
            supervisor_handle="@sup",
            notes=notes,
        )
    await people.erase(session, 4005, actor_user_id=None, last_admin=True)  # the only admin
    rows = await session.execute(
        select(
            Mission.code, Mission.supervisor_name, Mission.supervisor_handle, Mission.notes
        ).order_by(Mission.code)
    )
    assert [tuple(row) for row in rows] == [
        ("PT-1", None, None, "Ligar à … antes das 9."),
        ("PT-2", None, None, "Ligar à … antes das 9."),
        ("PT-3", "Pedro Costa e Sousa", "@sup", notes),
    ]
