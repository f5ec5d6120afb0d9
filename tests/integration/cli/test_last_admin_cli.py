"""`fieldbot user revoke` and `user erase` keep the last admin, unless --force: without an admin
nobody manages people by chat, and a field office has no shell to run `fieldbot admin add`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from bot.domain.enums import Role
from models.queries import ensure_user, get_user, grant_role
from tests.factories import run_on

AWA = 1001
PAUL = 1002


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("FIELDBOT_REDIS_URL", "FIELDBOT_WEBHOOK__SECRET_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DB__URL", db_url)
    monkeypatch.setenv("FIELDBOT_BOT__USERNAME", "fieldbot_test_bot")


def _admin(db_url: str, telegram_id: int, name: str) -> None:
    async def work(session: AsyncSession) -> None:
        await ensure_user(session, telegram_id, name, "en")
        await grant_role(session, telegram_id, Role.ADMIN, [], True, actor_user_id=None)
        await grant_role(session, telegram_id, Role.MANAGER, ["HT"], False, actor_user_id=None)

    run_on(db_url, work)


def _is_admin(db_url: str, telegram_id: int) -> bool:
    user = run_on(db_url, lambda session: get_user(session, telegram_id))
    return user is not None and user.has_role(Role.ADMIN)


REFUSED = (
    "is the last admin: {doing} would leave nobody to manage people by chat. Make someone "
    "else admin first (`fieldbot admin add ID --name NAME`, or an admin invitation), or add "
    "--force. Nothing was changed."
)


def test_the_last_admin_is_kept_unless_forced(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Awa, the only admin, was revoked (her own id typed, or a mistyped one) or erased: the
    command said 'Revoked.' and nobody could manage people by chat any more."""
    _admin(db_url, AWA, "Awa")
    for command in (
        ["user", "revoke", str(AWA)],
        ["user", "revoke", str(AWA), "--role", "admin"],
        ["user", "erase", str(AWA), "--yes"],
    ):
        assert main(command) == 2
        captured = capsys.readouterr()
        doing = "erasing them" if "erase" in command else "revoking their admin role"
        assert captured.err.strip() == f"fieldbot: Awa ({AWA}) " + REFUSED.format(doing=doing)
        assert captured.out == ""
        assert _is_admin(db_url, AWA)

    # Her other role may go, she stays admin.
    assert main(["user", "revoke", str(AWA), "--role", "manager"]) == 0
    assert "now holds: admin (all countries)" in capsys.readouterr().out
    assert main(["user", "revoke", str(AWA), "--role", "admin", "--force"]) == 0
    assert "now holds: no role" in capsys.readouterr().out
    assert not _is_admin(db_url, AWA)


def test_an_admin_goes_when_another_stays(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _admin(db_url, AWA, "Awa")
    _admin(db_url, PAUL, "Paul")
    assert main(["user", "erase", str(PAUL), "--yes"]) == 0
    assert "Erased." in capsys.readouterr().out
    assert main(["user", "erase", str(AWA), "--yes"]) == 2  # now the last one
    assert "is the last admin" in capsys.readouterr().err
    assert main(["user", "erase", str(AWA), "--yes", "--force"]) == 0
    assert "Erased." in capsys.readouterr().out


def test_fewer_countries_for_the_last_admin_are_refused_unless_forced(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`fieldbot user set-countries AWA --role admin --countries HT` said 'Awa: admin for HT.'
    with Awa the only admin: nobody could manage Kenya's people, nor name an admin of all
    countries, by chat. Now refused as revoking her is, unless --force."""
    _admin(db_url, AWA, "Awa")
    command = ["user", "set-countries", str(AWA), "--role", "admin", "--countries", "HT"]
    assert main(command) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == (
        f"fieldbot: Awa ({AWA}) is the only admin of all countries: with their admin countries "
        "set to HT, nobody would be left to manage people there by chat. Make someone else "
        "admin there first (`fieldbot admin add ID --name NAME`, or an admin invitation), or "
        "add --force. Nothing was changed."
    )
    assert captured.out == ""
    # Her other roles' countries are hers to change; and --force narrows the admin's too.
    assert main(["user", "set-countries", str(AWA), "--role", "manager", "--countries", "KE"]) == 0
    assert main([*command, "--force"]) == 0
    assert capsys.readouterr().out.endswith("Awa: admin for HT.\n")
    # Now Paul, of Kenya and Haiti: Haiti is Awa's too, Kenya his only.
    run_on(db_url, lambda session: ensure_user(session, PAUL, "Paul", "en"))
    run_on(
        db_url,
        lambda session: grant_role(
            session, PAUL, Role.ADMIN, ["KE", "HT"], False, actor_user_id=None
        ),
    )
    assert main(["user", "set-countries", str(PAUL), "--role", "admin", "--countries", "KE"]) == 0
    assert main(["user", "set-countries", str(PAUL), "--role", "admin", "--countries", "HT"]) == 2
    assert "Paul (1002) is the only admin of KE: " in capsys.readouterr().err
