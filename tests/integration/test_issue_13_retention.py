"""Issue 13, part 8: the daily retention job forgets processed update ids after the dedupe
window, the payloads of sent outbox messages after N days and invitations N days after they
ended, in bounded batches of short transactions; the audit log is kept. SQLite, and PostgreSQL
when FIELDBOT_TEST_PG_URL is set, on an injected clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import AuditAction, OutboxStatus, Role
from bot.i18n import create_i18n
from bot.indicators.plan import load_plan
from bot.settings import DatabaseSection, RetentionSection, Settings
from models import jobruns, outbox, retention
from models.queries import create_invite, hash_invite_code, redeem_invite, revoke_invite
from models.tables import (
    AuditEntry,
    Invite,
    InviteUse,
    JobRun,
    Mission,
    MissionAssignment,
    OutboxMessage,
    ProcessedUpdate,
    User,
)
from scheduler import jobs
from scheduler.guard import run_job
from scheduler.setup import PRUNE_JOB, Intervals, start_scheduler
from tests.factories import MovableClock

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
CHART = "iVBORw0KGgo" + "A" * 60_000  # a digest's chart: about 60 KB of base64


@pytest.fixture
def db_url(any_db_url: str) -> str:
    return any_db_url


@pytest.fixture
async def runtime(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[jobs.Runtime]:
    runtime = jobs.Runtime(
        session_factory=session_factory,
        plan=load_plan(),
        i18n=create_i18n(),
        clock=MovableClock(NOW),
        dedupe_window=timedelta(hours=48),
        outbox_payload_age=timedelta(days=30),
        invite_grace=timedelta(days=30),
        prune_batch=3,
        payload_batch=3,
    )
    jobs.configure(runtime)
    try:
        yield runtime
    finally:
        jobs.configure(None)


async def _outbox_row(
    session: AsyncSession,
    telegram_id: int,
    *,
    status: OutboxStatus,
    created: datetime,
    sent: datetime | None = None,
) -> int:
    row = OutboxMessage(
        recipient_telegram_id=telegram_id,
        recipient_user_id=None,
        kind="digest",
        period=f"2026-W{telegram_id % 50:02d}",
        payload={"text": f"<b>Digest</b> for Amina {telegram_id}", "photo_png_b64": CHART},
        status=status.value,
        attempts=1,
        next_attempt_at=created,
        created_at=created,
        sent_at=sent,
        telegram_message_id=telegram_id if sent else None,
        last_error="Forbidden: bot was blocked by the user"
        if status is OutboxStatus.BLOCKED
        else None,
    )
    session.add(row)
    await session.flush()
    return row.id


async def _payloads(session: AsyncSession) -> dict[int, dict[str, Any]]:
    rows = (await session.execute(select(OutboxMessage.id, OutboxMessage.payload))).all()
    await session.rollback()
    return {row.id: row.payload for row in rows}


async def _count(session: AsyncSession, table: Any, *where: Any) -> int:
    found = await session.scalar(select(func.count()).select_from(table).where(*where))
    await session.rollback()
    return int(found or 0)


async def test_sent_payloads_are_emptied_after_n_days_and_their_rows_kept(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    old = NOW - timedelta(days=31)
    recent = NOW - timedelta(days=29)
    ids = {
        "old sent": await _outbox_row(session, 1, status=OutboxStatus.SENT, created=old, sent=old),
        "old sent 2": await _outbox_row(
            session, 2, status=OutboxStatus.SENT, created=old, sent=old
        ),
        # Made long ago, sent only recently (after retries): its N days start at sending.
        "late sent": await _outbox_row(
            session, 3, status=OutboxStatus.SENT, created=old, sent=recent
        ),
        "old failed": await _outbox_row(session, 4, status=OutboxStatus.FAILED, created=old),
        "old blocked": await _outbox_row(session, 5, status=OutboxStatus.BLOCKED, created=old),
        "old pending": await _outbox_row(session, 6, status=OutboxStatus.PENDING, created=old),
        "old sending": await _outbox_row(session, 7, status=OutboxStatus.SENDING, created=old),
        "recent sent": await _outbox_row(
            session, 8, status=OutboxStatus.SENT, created=recent, sent=recent
        ),
    }
    await session.commit()

    purged = await jobs.run_retention(runtime, now=NOW)

    assert purged.outbox_payloads == 4
    payloads = await _payloads(session)
    emptied = {name for name, row_id in ids.items() if payloads[row_id] == {}}
    assert emptied == {"old sent", "old sent 2", "old failed", "old blocked"}
    # Still owed, or too recent: untouched.
    assert payloads[ids["old pending"]]["photo_png_b64"] == CHART
    assert payloads[ids["late sent"]]["text"].startswith("<b>Digest</b>")
    # The row stays, with what it says about the delivery: the idempotency key still holds.
    row = await session.get(OutboxMessage, ids["old sent"])
    assert row is not None
    assert (row.status, row.sent_at, row.telegram_message_id) == ("sent", old, 1)
    again = await outbox.enqueue(
        session,
        recipient_telegram_id=1,
        recipient_user_id=None,
        kind="digest",
        period=row.period,
        payload={"text": "the same digest again"},
        now=NOW,
    )
    assert again is False  # a job that runs again still enqueues nothing
    await session.rollback()
    # A second run has nothing left to do: purged rows are not rewritten every day.
    assert (await jobs.run_retention(runtime, now=NOW)).total == 0


async def test_invitations_are_deleted_n_days_after_they_ended_and_the_audit_is_kept(
    runtime: jobs.Runtime, session: AsyncSession
) -> None:
    async def invite(expires_at: datetime) -> tuple[str, int]:
        code, view = await create_invite(
            session,
            role=Role.VOLUNTEER,
            countries=["HT"],
            all_countries=False,
            expires_at=expires_at,
            created_by_user_id=None,
        )
        return code, view.id

    long_expired_code, _ = await invite(NOW - timedelta(days=31))
    used_code, used = await invite(NOW - timedelta(days=40))
    _, just_expired = await invite(NOW - timedelta(days=29))
    _, revoked_long_ago = await invite(NOW + timedelta(days=300))
    _, revoked_lately = await invite(NOW + timedelta(days=300))
    _, valid = await invite(NOW + timedelta(days=7))
    await session.commit()
    # The used one was redeemed in time, by a volunteer now on a mission through it.
    when = NOW - timedelta(days=45)
    joined = await redeem_invite(
        session, used_code, telegram_id=501, display_name="Vol", telegram_language="fr", now=when
    )
    assert joined.user is not None
    await revoke_invite(
        session, revoked_long_ago, actor_user_id=None, now=NOW - timedelta(days=60)
    )
    await revoke_invite(session, revoked_lately, actor_user_id=None, now=NOW - timedelta(days=2))
    mission = Mission(
        code="M-1",
        title="Jacmel",
        country="HT",
        place="Jacmel",
        start_date=date(2027, 1, 4),
        end_date=date(2027, 1, 8),
    )
    session.add(mission)
    await session.flush()
    session.add(
        MissionAssignment(
            mission_id=mission.id,
            volunteer_user_id=joined.user.id,
            volunteer_telegram_id=501,
            invite_id=used,
        )
    )
    await session.commit()
    audit_before = await _count(session, AuditEntry)

    purged = await jobs.run_retention(runtime, now=NOW)

    assert purged.invites == 3
    left = set((await session.scalars(select(Invite.id))).all())
    assert left == {just_expired, revoked_lately, valid}
    assert hash_invite_code(long_expired_code) not in set(
        (await session.scalars(select(Invite.code_hash))).all()
    )
    # Their uses went with them; the person, their role and their mission stay.
    assert await _count(session, InviteUse) == 0
    assert await _count(session, User, User.telegram_id == 501) == 1
    assignment = (await session.scalars(select(MissionAssignment))).one()
    assert (assignment.volunteer_user_id, assignment.invite_id) == (joined.user.id, None)
    await session.rollback()
    # The audit log still says who used which invitation.
    assert await _count(session, AuditEntry) == audit_before
    assert (
        await _count(
            session,
            AuditEntry,
            AuditEntry.action == AuditAction.INVITE_USED.value,
            AuditEntry.target_id == str(used),
        )
        == 1
    )
    assert (await jobs.run_retention(runtime, now=NOW)).invites == 0


async def test_the_daily_job_purges_everything_in_bounded_batches_and_is_recorded(
    runtime: jobs.Runtime, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    for update_id in range(1, 8):  # seven older than the window, one inside
        session.add(
            ProcessedUpdate(bot_id=7, update_id=update_id, processed_at=NOW - timedelta(hours=49))
        )
    session.add(ProcessedUpdate(bot_id=7, update_id=99, processed_at=NOW - timedelta(hours=47)))
    old = NOW - timedelta(days=31)
    for telegram_id in range(1, 8):
        await _outbox_row(session, telegram_id, status=OutboxStatus.SENT, created=old, sent=old)
    for _ in range(4):
        await create_invite(
            session,
            role=Role.FIELD_STAFF,
            countries=["NE"],
            all_countries=False,
            expires_at=NOW - timedelta(days=60),
            created_by_user_id=None,
        )
    await session.commit()
    batches: list[tuple[str, int]] = []
    sessions: list[AsyncSession] = []

    def spy(name: str, real: Any, rows: Any) -> Any:
        async def wrapper(session: AsyncSession, *args: Any, **kwargs: Any) -> Any:
            result = await real(session, *args, **kwargs)
            assert session.in_transaction()  # committed by the job, batch by batch
            sessions.append(session)
            batches.append((name, rows(result)))
            return result

        return wrapper

    monkeypatch.setattr(
        jobruns,
        "prune_processed_updates_batch",
        spy("updates", jobruns.prune_processed_updates_batch, lambda r: r.deleted),
    )
    monkeypatch.setattr(
        retention,
        "purge_outbox_payloads",
        spy("payloads", retention.purge_outbox_payloads, lambda r: r),
    )
    monkeypatch.setattr(
        retention,
        "delete_ended_invites_batch",
        spy("invites", retention.delete_ended_invites_batch, lambda r: r),
    )

    assert await run_job(PRUNE_JOB, 86_400) is True

    assert batches == [
        ("updates", 3),
        ("updates", 3),
        ("updates", 1),
        ("payloads", 3),
        ("payloads", 3),
        ("payloads", 1),
        ("invites", 3),
        ("invites", 1),
    ]
    # One short transaction (and session) per batch.
    assert len({id(used) for used in sessions}) == len(batches)
    assert set((await session.scalars(select(ProcessedUpdate.update_id))).all()) == {99}
    await session.rollback()
    recorded = await session.get(JobRun, PRUNE_JOB)
    assert recorded is not None
    assert recorded.last_success_at == NOW


async def test_the_retention_settings_reach_the_daily_job(
    db_url: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    settings = Settings(
        db=DatabaseSection(url=db_url),
        dedupe_window_hours=72,
        retention=RetentionSection(
            outbox_payload_days=14, invite_days=3, batch_size=50, outbox_batch_size=5
        ),
        _env_file=None,
    )
    running = await start_scheduler(
        settings,
        session_factory=session_factory,
        plan=load_plan(),
        i18n=create_i18n(),
        send=False,
        intervals=Intervals(first_run_seconds=3600, liveness_seconds=3600),
    )
    try:
        runtime = jobs.current_runtime()
        assert runtime.dedupe_window == timedelta(hours=72)
        assert runtime.outbox_payload_age == timedelta(days=14)
        assert runtime.invite_grace == timedelta(days=3)
        assert (runtime.prune_batch, runtime.payload_batch) == (50, 5)
        job = running.scheduler.get_job(PRUNE_JOB)
        assert job.trigger.interval == timedelta(days=1)
    finally:
        await running.shutdown()
