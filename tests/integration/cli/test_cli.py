"""The `fieldbot` command line: migrations, first admin, invitations, and refusals that explain."""

from __future__ import annotations

import argparse
import asyncio
import re
import socket
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import _parser, main
from bot.domain.enums import Role
from models.db import create_engine, create_session_factory
from models.queries import get_user, hash_invite_code, set_active
from models.tables import Invite
from tests.factories import member, run_on


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env, and var/ lands in the temporary directory
    for name in ("FIELDBOT_DB__URL", "FIELDBOT_REDIS_URL", "FIELDBOT_WEBHOOK__SECRET_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_BOT__USERNAME", "fieldbot_test_bot")
    # The built-in sandbox token is refused unless the API base is set (then it must be the
    # sandbox); nothing listens on port 1, and the checks below come before any Bot API call.
    monkeypatch.setenv("FIELDBOT_BOT__API_BASE", "http://127.0.0.1:1")


def _use_db(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("FIELDBOT_DB__URL", url)


def test_db_upgrade_then_current(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, f"sqlite+aiosqlite:///{tmp_path}/fresh.db")
    assert main(["db", "current"]) == 2  # it makes no file: only `db upgrade` does
    assert f"{tmp_path}/fresh.db does not exist" in capsys.readouterr().err
    assert not (tmp_path / "fresh.db").exists()
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "current"]) == 0
    assert re.search(r"^\w+", capsys.readouterr().out.splitlines()[-1])


def test_run_refuses_an_unmigrated_database_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, f"sqlite+aiosqlite:///{tmp_path}/empty.db")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "not migrated" in err
    assert "fieldbot db upgrade" in err
    assert "Traceback" not in err


def test_run_refuses_an_unreachable_database(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, "postgresql+asyncpg://fieldbot:secret@127.0.0.1:9/nowhere")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "Cannot reach the database" in err
    assert "secret" not in err
    assert "Traceback" not in err


def test_the_webhook_refuses_to_start_without_a_secret(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, db_url)
    assert main(["run", "--webhook"]) == 2
    assert "FIELDBOT_WEBHOOK__SECRET_TOKEN" in capsys.readouterr().err


def test_admin_add_makes_the_first_admin(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, db_url)
    assert main(["admin", "add", "424242", "--name", "Amina"]) == 0
    assert "424242" in capsys.readouterr().out

    async def check() -> None:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                user = await get_user(session, 424242)
        finally:
            await engine.dispose()
        assert user is not None
        assert user.has_role(Role.ADMIN)
        assert user.scope(Role.ADMIN).all_countries

    asyncio.run(check())


def test_admin_add_of_a_member_keeps_their_name_language_and_blocked_state(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Jeanne, a manager in Haiti who reads the bot in French and blocked it last week, is
    made an admin: her digest stays in French, addressed to her, and is not sent while she
    has the bot blocked (not 'Admin', English, and a 403 waiting to happen)."""
    _use_db(monkeypatch, db_url)

    async def seed(session: AsyncSession) -> None:
        await member(session, 5005, Role.MANAGER, ["HT"], name="Jeanne", telegram_language="fr")
        await set_active(session, 5005, False)

    run_on(db_url, seed)
    assert main(["admin", "add", "5005"]) == 0
    assert "5005 is an admin for all countries" in capsys.readouterr().out

    user = run_on(db_url, lambda session: get_user(session, 5005))
    assert user is not None
    assert (user.display_name, user.telegram_language, user.active) == ("Jeanne", "fr", False)
    assert user.has_role(Role.ADMIN)
    assert user.scope(Role.MANAGER).countries == ("HT",)


def test_invite_prints_a_deep_link_and_stores_only_a_hash(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, db_url)
    argv = ["invite", "--role", "manager", "--countries", "HT,NE", "--expires", "7d"]
    assert main([*argv, "--uses", "3"]) == 0
    out = capsys.readouterr().out
    match = re.search(r"https://t\.me/fieldbot_test_bot\?start=([A-Za-z0-9_-]{1,64})\n", out)
    assert match is not None, out
    code = match.group(1)

    async def stored() -> Invite:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                return (await session.scalars(select(Invite))).one()
        finally:
            await engine.dispose()

    invite = asyncio.run(stored())
    assert invite.code_hash == hash_invite_code(code)
    assert code not in invite.code_hash
    assert (invite.max_uses, invite.role, invite.countries) == (3, Role.MANAGER, ["HT", "NE"])


def test_invite_names_the_countries_it_understood(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "--countries 'Burkina Faso,Maroc,tchad'" printed "countries: Burkina Faso,Maroc,tchad",
    what was typed: the operator could not tell how it was read. It now prints the codes
    stored, as `invite list` shows them."""
    _use_db(monkeypatch, db_url)
    argv = ["invite", "--role", "manager", "--countries", "Burkina Faso,Maroc,tchad"]
    assert main(argv) == 0
    assert "role: manager; countries: BF,MA,TD; uses: 1;" in capsys.readouterr().out
    assert main(["invite", "--role", "admin", "--countries", "tous"]) == 0
    assert "role: admin; countries: all countries; uses: 1;" in capsys.readouterr().out


def test_invite_without_a_bot_token_says_so_at_once(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A fresh set-up: no token, no username. It used to ask api.telegram.org with the
    sandbox's token, retry for some 16 s and end in a DNS or 401 error."""
    _use_db(monkeypatch, db_url)
    for name in ("FIELDBOT_BOT__USERNAME", "FIELDBOT_BOT__API_BASE", "FIELDBOT_BOT__TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["invite", "--role", "manager", "--countries", "HT"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "fieldbot: FIELDBOT_BOT__TOKEN is not set, so the bot's @username for the link is "
        "unknown: set FIELDBOT_BOT__TOKEN (the token @BotFather gave your bot) or "
        "FIELDBOT_BOT__USERNAME\n"
    )

    async def invites() -> int:
        engine = create_engine(db_url)
        try:
            async with create_session_factory(engine)() as session:
                return len((await session.scalars(select(Invite))).all())
        finally:
            await engine.dispose()

    assert asyncio.run(invites()) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--countries", "HT,XY"], "unknown countries: XY"),
        (["--countries", "HT", "--expires", "1y"], "--expires"),
        (["--countries", "HT", "--uses", "0"], "--uses"),
        # An empty list (a shell variable that was not set) or countries typed by their names.
        (
            ["--countries", ""],
            "fieldbot: no country given: use two-letter ISO codes such as HT,NE, a country's "
            "name such as Haïti, or all",
        ),
        # A country's name is taken (Haïti, Niger); what names none is said as typed.
        (
            ["--countries", "Haïti,Niger,XY,Congo"],
            "fieldbot: unknown countries: XY, Congo; use two-letter ISO codes such as HT,NE, "
            "a country's name such as Haïti, or all",
        ),
    ],
)
def test_invite_explains_bad_arguments(
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    _use_db(monkeypatch, db_url)
    assert main(["invite", "--role", "manager", *args]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["admin", "add", "@amina"], "not its @username"),
        (["admin", "add", "0"], "not its @username"),
        (["admin", "add", "--", "-17"], "negative ids are the pseudonyms of erased people"),
        (["admin", "add", "99999999999999999999"], "not its @username"),
        (["user", "show", "99999999999999999999"], "not its @username"),
        (["user", "erase", "99999999999999999999", "--yes"], "not its @username"),
        (["digest", "--now", "--manager", "99999999999999999999"], "not its @username"),
    ],
)
def test_a_telegram_id_that_no_account_can_have_is_refused_in_one_line(
    argv: list[str],
    why: str,
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `admin add -17` made an erased person's pseudonym an admin; a number too large for
    # SQLite ended in a traceback (OverflowError).
    _use_db(monkeypatch, db_url)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    given = next(arg for arg in argv if arg[-1].isdigit() or arg.startswith("@"))
    assert f"not a Telegram id: {given}" in err
    assert why in err


def test_user_show_still_takes_an_erased_persons_pseudonym(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _use_db(monkeypatch, db_url)
    assert main(["user", "show", "--", "-17"]) == 2
    assert "nobody has the Telegram id -17" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["invite", "revoke", "99999999999999999999"], "not a number fieldbot can use"),
        (
            ["invite", "--role", "manager", "--countries", "HT", "--uses", "99999999999999999999"],
            "not a number fieldbot can use",
        ),
        (["sandbox", "--port", "99999"], "not a port: 99999 (0-65535"),
    ],
)
def test_a_number_out_of_range_is_refused_by_the_command_line(
    argv: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # They ended in a traceback: OverflowError from SQLite, or from bind().
    _use_db(monkeypatch, db_url)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert expected in err


def test_the_sandbox_on_a_port_in_use_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The README's `fieldbot sandbox --port 8081 &` when another sandbox already listens there.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sandbox", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    last = err.splitlines()[-1]
    assert last.startswith("fieldbot: sandbox cannot listen: ")
    assert "address already in use; another fieldbot, sandbox or program listens there" in last


def test_db_downgrade_to_a_revision_that_does_not_exist_lists_those_that_do(
    monkeypatch: pytest.MonkeyPatch, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Alembic's "Can't locate revision identified by '12'" came as a traceback.
    _use_db(monkeypatch, db_url)
    assert main(["db", "downgrade", "12"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("fieldbot: no migration 12: give one of base, 0001, 0002")
    assert err.count("\n") == 1
    assert main(["db", "current"]) == 0  # nothing was undone
    assert "0001" not in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["user", "revoke"], "take a role (--role, repeatable) or every role from a person"),
        (["user", "erase"], "forget a person's name and Telegram id"),
        (["invite", "revoke"], "revoke an invitation (its #id)"),
        (["digest"], "preview or send this week's digest now"),
        (["admin", "add"], "make a Telegram user an admin (all countries)"),
        (["outbox"], "scheduled messages: rows, attempts, errors"),
    ],
)
def test_a_commands_own_help_says_what_it_does(
    command: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert says in " ".join(capsys.readouterr().out.split())


def test_every_command_has_a_description_in_its_own_help() -> None:
    def undescribed(parser: argparse.ArgumentParser) -> list[str]:
        missing = [] if parser.description else [parser.prog]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    missing += undescribed(child)
        return missing

    assert undescribed(_parser()) == []


def test_every_argument_says_what_it_takes_in_help() -> None:
    # `fieldbot db restore --help` listed a bare "file", `reports export --help` a bare
    # "--from DATE_FROM", "--output OUTPUT", `indicator set --help` "indicator_id value".
    plain = (argparse._HelpAction, argparse._VersionAction)

    def unexplained(parser: argparse.ArgumentParser) -> list[str]:
        missing: list[str] = []
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    missing += unexplained(child)
            elif not isinstance(action, plain) and not action.help:
                missing.append(f"{parser.prog} {'/'.join(action.option_strings) or action.dest}")
        return missing

    assert unexplained(_parser()) == []
