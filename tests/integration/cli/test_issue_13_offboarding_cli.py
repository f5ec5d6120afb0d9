"""Offboarding from the command line: list, show, revoke, set-countries, erase; invitations."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from pathlib import Path
from typing import TypeVar
from uuid import uuid4

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction, OutboxKind, OutboxStatus, Role
from bot.domain.scope import Scope
from models import people
from models.db import create_engine, create_session_factory
from models.queries import (
    audit_entries,
    create_invite,
    ensure_user,
    get_user,
    grant_role,
    set_timezone,
)
from models.tables import FsmRecord, OutboxMessage, Report, User
from tests.factories import run_on

T = TypeVar("T")

JEAN = 5001


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("FIELDBOT_REDIS_URL", "FIELDBOT_WEBHOOK__SECRET_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_BOT__USERNAME", "fieldbot_test_bot")


def _seed(db_url: str) -> None:
    async def work(session: AsyncSession) -> None:
        user = await ensure_user(session, JEAN, "Jean Baptiste", "fr")
        await grant_role(session, JEAN, Role.FIELD_STAFF, ["HT"], False, actor_user_id=None)
        await grant_role(session, JEAN, Role.VOLUNTEER, ["NE"], False, actor_user_id=None)
        key = json.dumps([1, JEAN, JEAN, None, None, "default"], separators=(",", ":"))
        session.add(FsmRecord(key=key, state="ReportFlow:filling", data={"draft": {}}))
        now = utcnow()
        for kind in (OutboxKind.REMINDER, OutboxKind.MISSION_REMINDER):
            session.add(
                OutboxMessage(
                    recipient_telegram_id=JEAN,
                    recipient_user_id=user.id,
                    kind=kind.value,
                    period="2026-W49",
                    payload={"text": "Bonjour Jean"},
                    status=OutboxStatus.PENDING.value,
                    next_attempt_at=now,
                )
            )
        session.add(
            Report(
                id=uuid4(),
                kind="training",
                form_id="training",
                form_version=1,
                author_user_id=user.id,
                country="HT",
                field="justice",
                event_date=dt.date(2026, 11, 20),
                answers={},
                submitted_at=now,
                updated_at=now,
            )
        )

    run_on(db_url, work)


def _outbox(db_url: str) -> dict[str, str]:
    async def work(session: AsyncSession) -> dict[str, str]:
        rows = await session.execute(select(OutboxMessage.kind, OutboxMessage.status))
        return {str(kind): str(status) for kind, status in rows}

    return run_on(db_url, work)


def _drafts(db_url: str) -> int:
    async def work(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(FsmRecord)) or 0)

    return run_on(db_url, work)


def test_list_and_show_give_each_role_its_countries(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(db_url)
    assert main(["user", "list"]) == 0
    out = capsys.readouterr().out
    assert "1 person" in out
    assert "Jean Baptiste" in out
    assert "field_staff (HT); volunteer (NE)" in out

    assert main(["user", "list", "--role", "field_staff", "--country", "ne"]) == 0
    assert "0 people" in capsys.readouterr().out
    assert main(["user", "list", "--country", "XX"]) == 2  # not "0 people": no such country
    assert "--country XX: not a country's code or name" in capsys.readouterr().err
    # A country typed by its name is taken, as set-countries and invite take it.
    assert main(["user", "list", "--country", "Haïti"]) == 0
    assert "1 person" in capsys.readouterr().out
    assert main(["user", "list", "--role", "volunteer", "--country", "ne"]) == 0
    assert "Jean Baptiste" in capsys.readouterr().out

    assert main(["user", "show", str(JEAN)]) == 0
    out = capsys.readouterr().out
    assert "field_staff: HT" in out
    assert "volunteer: NE" in out
    assert main(["user", "show", "999"]) == 2
    assert "nobody has the Telegram id 999" in capsys.readouterr().err


def test_revoking_one_role_cancels_its_messages_and_keeps_the_rest(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(db_url)
    assert main(["user", "revoke", str(JEAN), "--role", "volunteer"]) == 0
    out = capsys.readouterr().out
    assert "now holds: field_staff (HT)" in out
    assert "scheduled messages cancelled: 1" in out
    assert _outbox(db_url) == {"reminder": "pending", "mission_reminder": "failed"}
    assert _drafts(db_url) == 1  # still a field officer: the report draft is kept

    assert main(["user", "revoke", str(JEAN)]) == 0
    assert "now holds: no role" in capsys.readouterr().out
    assert main(["user", "list"]) == 0  # still listed, to be erased once they have left
    assert "Jean Baptiste  —  no role" in capsys.readouterr().out
    assert _outbox(db_url) == {"reminder": "failed", "mission_reminder": "failed"}
    assert _drafts(db_url) == 0
    user = run_on(db_url, lambda s: get_user(s, JEAN))
    assert user is not None
    assert not user.is_known()  # their next update gets the guest's answer


def test_revoking_a_role_the_person_does_not_hold_says_so_and_changes_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(db_url)
    # The operator meant someone else (or another role): 'Revoked.' would hide the mistake.
    assert main(["user", "revoke", str(JEAN), "--role", "manager", "--role", "volunteer"]) == 2
    captured = capsys.readouterr()
    assert "Revoked" not in captured.out
    assert captured.err.strip() == (
        f"fieldbot: Jean Baptiste ({JEAN}) does not hold the role manager; they hold: "
        "field_staff (HT); volunteer (NE). Nothing was revoked."
    )
    assert _outbox(db_url) == {"reminder": "pending", "mission_reminder": "pending"}
    user = run_on(db_url, lambda s: get_user(s, JEAN))
    assert user is not None
    assert user.has_role(Role.VOLUNTEER)  # the role that was held is not taken either

    assert main(["user", "revoke", str(JEAN)]) == 0
    capsys.readouterr()
    assert main(["user", "revoke", str(JEAN)]) == 0  # a second run: nothing left to take
    out = capsys.readouterr().out
    assert out.strip() == "Nothing to revoke: Jean Baptiste holds no role."


def test_set_countries_replaces_one_roles_countries(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(db_url)
    assert (
        main(["user", "set-countries", str(JEAN), "--role", "field_staff", "--countries", "HT,cm"])
        == 0
    )
    assert "field_staff for CM,HT" in capsys.readouterr().out
    user = run_on(db_url, lambda s: get_user(s, JEAN))
    assert user is not None
    assert user.scope(Role.FIELD_STAFF) == Scope(("CM", "HT"), all_countries=False)
    assert user.scope(Role.VOLUNTEER) == Scope(("NE",), all_countries=False)
    assert (
        main(["user", "set-countries", str(JEAN), "--role", "manager", "--countries", "HT"]) == 2
    )
    assert "does not hold the role manager" in capsys.readouterr().err
    assert (
        main(["user", "set-countries", str(JEAN), "--role", "volunteer", "--countries", "XX"]) == 2
    )
    assert "unknown countries: XX" in capsys.readouterr().err
    scope_set = run_on(db_url, lambda s: audit_entries(s, action=AuditAction.ROLE_SCOPE_SET))
    assert len(scope_set) == 1


@pytest.mark.pg
def test_set_countries_while_an_admin_revokes_the_role_says_nothing_changed(
    pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`user set-countries` waited on Jean's row while an admin revoked his volunteer role
    (PostgreSQL), then found no role: it said '5001 does not hold the role volunteer', as for
    a mistyped id. It says who he is and what he holds now, and that nothing changed."""
    monkeypatch.setenv("FIELDBOT_DB__URL", pg_url)
    _seed(pg_url)
    command = ["user", "set-countries", str(JEAN), "--role", "volunteer", "--countries", "HT"]
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )

    async def race() -> int:
        engine = create_engine(pg_url)
        try:
            factory = create_session_factory(engine)
            async with factory() as session:
                await people.revoke(session, JEAN, [Role.VOLUNTEER], actor_user_id=None)
                typed = asyncio.create_task(asyncio.to_thread(main, command))
                for _ in range(200):
                    async with factory() as watching:
                        if (await watching.execute(waiting)).scalar_one():
                            break
                    await asyncio.sleep(0.05)
                else:
                    raise AssertionError("set-countries never waited on Jean's row")
                await session.commit()
            return await typed
        finally:
            await engine.dispose()

    assert asyncio.run(race()) == 2
    assert capsys.readouterr().err == (
        f"fieldbot: Jean Baptiste ({JEAN}) does not hold the role volunteer; they hold: "
        "field_staff (HT). Nothing was changed.\n"
    )
    assert run_on(pg_url, lambda s: audit_entries(s, action=AuditAction.ROLE_SCOPE_SET)) == []


def test_erase_forgets_the_person_and_keeps_their_reports(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _seed(db_url)
    assert main(["user", "erase", str(JEAN)]) == 2
    assert "--yes" in capsys.readouterr().err
    assert run_on(db_url, lambda s: get_user(s, JEAN)) is not None

    assert main(["user", "erase", str(JEAN), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "former member #" in out
    assert run_on(db_url, lambda s: get_user(s, JEAN)) is None
    assert _outbox(db_url) == {}  # the payloads named him
    assert _drafts(db_url) == 0

    async def check(session: AsyncSession) -> tuple[int, str, str | None]:
        report = (await session.scalars(select(Report))).one()
        author = await session.get(User, report.author_user_id)
        assert author is not None
        return author.telegram_id, author.display_name, author.language

    telegram_id, name, language = run_on(db_url, check)
    assert telegram_id < 0
    assert name.startswith("former member #")
    assert "Jean" not in name
    assert language is None
    forgotten = run_on(db_url, lambda s: audit_entries(s, action=AuditAction.USER_FORGOTTEN))
    assert len(forgotten) == 1
    assert "Jean" not in json.dumps([entry.details for entry in forgotten])

    assert main(["user", "list"]) == 0
    assert "0 people" in capsys.readouterr().out

    # Erased again by their pseudonym (a script run twice): said so, and nothing written again.
    assert main(["user", "erase", "--yes", "--", str(telegram_id)]) == 0
    assert capsys.readouterr().out == (
        f"{name} (id {telegram_id}) was erased already. Nothing was changed.\n"
    )
    forgotten = run_on(db_url, lambda s: audit_entries(s, action=AuditAction.USER_FORGOTTEN))
    assert len(forgotten) == 1
    # ...and shown with no clock: they have neither one of their own nor countries.
    assert main(["user", "show", "--", str(telegram_id)]) == 0
    shown = capsys.readouterr().out
    assert "Time zone: - (erased)\n" in shown
    assert "from their countries" not in shown


def test_invitations_are_listed_and_revoked(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async def work(session: AsyncSession) -> int:
        _code, invite = await create_invite(
            session,
            role=Role.MANAGER,
            countries=["HT"],
            all_countries=False,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
            max_uses=3,
            created_by_user_id=None,
        )
        return invite.id

    invite_id = run_on(db_url, work)
    assert main(["invite", "list"]) == 0
    out = capsys.readouterr().out
    assert f"#{invite_id}" in out
    assert "manager" in out
    assert "uses 0/3" in out

    assert main(["invite", "revoke", str(invite_id)]) == 0
    assert "no longer works" in capsys.readouterr().out
    assert main(["invite", "list"]) == 0
    assert f"#{invite_id}" not in capsys.readouterr().out
    assert main(["invite", "list", "--all"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["invite", "revoke", "999"]) == 2
    assert "no invitation #999" in capsys.readouterr().err
    assert main(["invite"]) == 2
    assert "--role and --countries" in capsys.readouterr().err


def test_show_says_whether_the_time_zone_was_chosen(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`user show` printed the zone taken from the country as if the person had chosen it: an
    operator asked why someone's digest came at 08:00 Nairobi time could not tell."""

    async def work(session: AsyncSession) -> None:
        await grant_role(session, 5002, Role.MANAGER, ["KE"], False, actor_user_id=None)
        await grant_role(session, 5003, Role.MANAGER, ["KE"], False, actor_user_id=None)
        await set_timezone(session, 5003, "Africa/Kampala")

    run_on(db_url, work)
    assert main(["user", "show", "5002"]) == 0
    out = capsys.readouterr().out
    assert "Time zone: Africa/Nairobi (from their countries until they choose one)" in out
    assert main(["user", "show", "5003"]) == 0
    assert "Time zone: Africa/Kampala\n" in capsys.readouterr().out


def test_a_volunteer_revoked_from_the_command_line_is_told_they_are_off_their_mission(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jean was told he leaves for Niger; `user revoke --role volunteer` takes him off the
    mission, and a notice in his language (French) is queued for him, as by chat."""
    from models import missions as mission_store
    from tests.factories import stored_mission

    async def work(session: AsyncSession) -> None:
        user = await ensure_user(session, JEAN, "Jean Baptiste", "fr")
        await grant_role(session, JEAN, Role.VOLUNTEER, ["NE"], False, actor_user_id=None)
        now = utcnow()
        start = now.date() + dt.timedelta(days=20)
        view = await stored_mission(session, "NE-7", start, 5, now=now, country="NE")
        await mission_store.assign(session, view.id, user.id, actor_user_id=None, now=now)

    run_on(db_url, work)
    assert main(["user", "revoke", str(JEAN), "--role", "volunteer"]) == 0
    assert "now holds: no role" in capsys.readouterr().out

    async def notices(session: AsyncSession) -> list[tuple[str, str, str]]:
        rows = await session.execute(
            select(OutboxMessage.kind, OutboxMessage.status, OutboxMessage.payload)
        )
        return [(kind, status, payload["text"]) for kind, status, payload in rows]

    [(kind, status, said)] = run_on(db_url, notices)
    assert (kind, status) == (OutboxKind.MISSION_UNASSIGNED.value, OutboxStatus.PENDING.value)
    assert "NE-7" in said
