"""`fieldbot` (and `python -m bot`): run the bot, the sandbox, the demo; manage the database
and people. Every command reads the same Settings (FIELDBOT_* variables or .env)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import errno
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

from pydantic import ValidationError
from pydantic_settings import SettingsError

from bot import redaction
from bot.domain.clock import utc_today, utcnow
from bot.settings import Settings, unknown_variables

if TYPE_CHECKING:
    from bot.domain.scope import Scope, ScopeError
    from bot.reports_io import RowError

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C (128 + SIGINT)
ROLES = ["field_staff", "manager", "volunteer", "admin"]
_ID_HELP = "the person's Telegram id, as `fieldbot user list` shows it"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fieldbot")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="fieldbot", description=__doc__)
    p.add_argument("--version", action="version", version=f"fieldbot {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument("--webhook", action="store_true", help="serve a webhook instead of polling")

    sandbox = sub.add_parser("sandbox", help="serve the offline Bot API sandbox")
    sandbox.add_argument("--host", default="127.0.0.1", help="address to listen on")
    sandbox.add_argument("--port", type=_port, default=8081, help="port to listen on")

    sub.add_parser("demo", help="play the scripted demo against the sandbox and print it")

    db = sub.add_parser("db", help="database migrations, backup and restore")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="migrate to the newest schema")
    down = db_sub.add_parser("downgrade", help="migrate back to a revision")
    down.add_argument(
        "revision",
        help="a revision such as 0012, or base (`fieldbot db current` shows the one now)",
    )
    db_sub.add_parser("current", help="show the database's revision")
    backup = db_sub.add_parser(
        "backup", help="write a checked copy of the SQLite database (the bot may keep running)"
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="where to write the copy")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    restore = db_sub.add_parser(
        "restore",
        help="replace the SQLite database with a checked backup (stop the bot first); "
        "the previous one is kept as <name>.before-restore",
    )
    restore.add_argument(
        "file", type=Path, metavar="FILE", help="a copy written by `fieldbot db backup`"
    )

    invite = sub.add_parser(
        "invite",
        help="create an invitation link (--role, --countries); or: list, revoke ID",
    )
    invite.add_argument("--role", choices=ROLES, help="the role the invitation gives")
    invite.add_argument(
        "--countries", help="ISO codes or names separated by commas (HT,NE; Haïti,Niger) or 'all'"
    )
    invite.add_argument("--expires", default="7d", help="lifetime such as 12h, 7d, 2w")
    invite.add_argument("--uses", type=_bounded, default=1, help="how many people may use it")
    invite_sub = invite.add_subparsers(dest="invite_command", metavar="ACTION")
    invite_list = invite_sub.add_parser("list", help="invitations that can still be used")
    invite_list.add_argument("--all", action="store_true", help="also used, expired, revoked")
    invite_revoke = invite_sub.add_parser("revoke", help="revoke an invitation (its #id)")
    invite_revoke.add_argument(
        "invite_id", type=_bounded, help="its number, as `fieldbot invite list` shows it"
    )

    user = sub.add_parser("user", help="people: list, show, revoke, set-countries, erase")
    user_sub = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    user_list = user_sub.add_parser("list", help="everyone with an account, and their roles")
    user_list.add_argument("--role", choices=ROLES, help="only people who hold this role")
    user_list.add_argument(
        "--country", help="only people whose role covers this country (ISO code or name)"
    )
    user_show = user_sub.add_parser("show", help="one person's roles and countries")
    user_show.add_argument("telegram_id", type=_account_id, help=_ID_HELP)
    user_revoke = user_sub.add_parser(
        "revoke", help="take a role (--role, repeatable) or every role from a person"
    )
    user_revoke.add_argument("telegram_id", type=_account_id, help=_ID_HELP)
    user_revoke.add_argument(
        "--role",
        action="append",
        choices=ROLES,
        default=[],
        help="a role to take (repeat for several); without --role, every role",
    )
    user_revoke.add_argument(
        "--force", action="store_true", help="even the last admin's role (nobody left to manage)"
    )
    user_countries = user_sub.add_parser("set-countries", help="replace a role's countries")
    user_countries.add_argument("telegram_id", type=_telegram_id, help=_ID_HELP)
    user_countries.add_argument(
        "--role", required=True, choices=ROLES, help="the role whose countries change"
    )
    user_countries.add_argument(
        "--countries", required=True, help="HT,NE (codes or names: Haïti,Niger) or 'all'"
    )
    user_countries.add_argument(
        "--force",
        action="store_true",
        help="even fewer countries for their last admin (nobody left to manage there)",
    )
    user_erase = user_sub.add_parser(
        "erase", help="forget a person's name and Telegram id (their reports stay counted)"
    )
    user_erase.add_argument("telegram_id", type=_account_id, help=_ID_HELP)
    user_erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    user_erase.add_argument(
        "--force", action="store_true", help="even the last admin (nobody left to manage)"
    )

    ind = sub.add_parser("indicators", help="where every indicator of the plan stands")
    ind.add_argument(
        "--as-of", type=_date, default=None, help="YYYY-MM-DD, today at most (default: today)"
    )
    ind.add_argument(
        "--country",
        action="append",
        default=[],
        help="restrict to these countries, ISO codes or names (repeat or separate by commas)",
    )
    ind.add_argument("--json", action="store_true", help="machine-readable output")
    ind.add_argument(
        "--export",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the indicator sheet (each indicator x country x month) to a .csv or .xlsx "
        "file instead, as of --as-of; every country",
    )
    ind.add_argument(
        "--locale", type=_locale, default=None, help="language of the labels (with --export)"
    )
    ind.add_argument(
        "--force", action="store_true", help="with --export: replace FILE if it exists"
    )

    one = sub.add_parser("indicator", help="manual indicator values")
    one_sub = one.add_subparsers(dest="indicator_command", required=True, metavar="ACTION")
    set_value = one_sub.add_parser("set", help="record a manual value (replaces the year's)")
    set_value.add_argument("indicator_id", help="a manual indicator of the plan, such as 3.1")
    set_value.add_argument("value", help="a number, such as 12 or 4.5")
    set_value.add_argument("--period", required=True, help="the year, e.g. 2026")

    rep = sub.add_parser("reports", help="import, export, template")
    rep_sub = rep.add_subparsers(dest="reports_command", required=True, metavar="ACTION")
    imp = rep_sub.add_parser("import", help="import reports from CSV or XLSX (all or nothing)")
    imp.add_argument("file", type=Path, help="a .csv or .xlsx file (see `reports template`)")
    imp.add_argument(
        "--author",
        type=_author,
        default=None,
        help="the Telegram id of the person recorded as the author, someone the bot knows "
        "(`fieldbot user list`; default: the first admin)",
    )
    tpl = rep_sub.add_parser("template", help="write an import template")
    tpl.add_argument(
        "file",
        type=Path,
        nargs="?",
        default=Path("reports-template.csv"),
        metavar="FILE",
        help="a .csv or .xlsx file (default: reports-template.csv)",
    )
    tpl.add_argument("--force", action="store_true", help="replace FILE if it exists")
    exp = rep_sub.add_parser("export", help="export reports to CSV or XLSX")
    exp.add_argument(
        "--format", choices=["csv", "xlsx"], default=None, help="default: --output's, else csv"
    )
    exp.add_argument(
        "--from", dest="date_from", type=_date, default=None, help="first event date, YYYY-MM-DD"
    )
    exp.add_argument(
        "--to", dest="date_to", type=_date, default=None, help="last event date, YYYY-MM-DD"
    )
    exp.add_argument(
        "--output",
        type=Path,
        default=None,
        help="a .csv or .xlsx file (default: reports-<today>.csv)",
    )
    exp.add_argument("--force", action="store_true", help="replace the file if it exists")
    exp.add_argument(
        "--kind",
        choices=["training", "advocacy_event"],
        default=None,
        help="one kind of report only",
    )
    exp.add_argument(
        "--include-withdrawn",
        action="store_true",
        help="also withdrawn reports, flagged in the column withdrawn (an import skips them)",
    )
    exp.add_argument(
        "--locale",
        type=_locale,
        default=None,
        help="language of the XLSX labels row and indicator labels",
    )
    exp.add_argument(
        "--as-of",
        type=_date,
        default=None,
        help="XLSX: the indicator sheet's date, today at most (default: --to, today at most)",
    )

    seed = sub.add_parser(
        "seed-demo-data",
        help="fill a fresh database with realistic synthetic reports by demo staff",
    )
    seed.add_argument("--reports", type=int, default=500, help="how many (default: 500)")
    seed.add_argument(
        "--force",
        action="store_true",
        help="seed even a database that holds real reports (they would be counted together)",
    )

    dg = sub.add_parser("digest", help="preview or send this week's digest now")
    dg.add_argument(
        "--now", action="store_true", required=True, help="required: build it now, not at its slot"
    )
    dg.add_argument("--manager", type=_telegram_id, default=None, help="one manager's Telegram id")
    dg.add_argument("--dry-run", action="store_true", help="print, enqueue nothing")
    sub.add_parser(
        "scheduler", help="run the scheduler and the outbox sender alone (one per database)"
    )
    sub.add_parser("jobs", help="scheduled jobs: last start, success, failure; late ones")
    sub.add_parser(
        "status",
        help="is the bot ready? database, migrations, scheduler, outbox (as /readyz); "
        "exit status 1 when not",
    )
    ob = sub.add_parser("outbox", help="scheduled messages: rows, attempts, errors")
    ob.add_argument(
        "--status",
        choices=["pending", "sending", "sent", "failed", "blocked"],
        help="only the messages in this state",
    )

    ms = sub.add_parser("missions", help="volunteer missions: import, template")
    ms_sub = ms.add_subparsers(dest="missions_command", required=True, metavar="ACTION")
    ms_imp = ms_sub.add_parser("import", help="create or update missions from CSV or XLSX")
    ms_imp.add_argument("file", type=Path, help="a .csv or .xlsx file (see `missions template`)")
    ms_tpl = ms_sub.add_parser("template", help="write a missions template")
    ms_tpl.add_argument(
        "file",
        type=Path,
        nargs="?",
        default=Path("missions-template.csv"),
        metavar="FILE",
        help="a .csv or .xlsx file (default: missions-template.csv)",
    )
    ms_tpl.add_argument("--force", action="store_true", help="replace FILE if it exists")

    forms = sub.add_parser("forms", help="the report forms: export-xlsform")
    forms_sub = forms.add_subparsers(dest="forms_command", required=True, metavar="ACTION")
    xlsform = forms_sub.add_parser(
        "export-xlsform",
        help="write a form as an XLSForm workbook (KoBoToolbox, ODK), in every language",
    )
    xlsform.add_argument("form", nargs="?", help="a form id (default: every form)")
    xlsform.add_argument(
        "file", type=Path, help="the .xlsx to write; without FORM, a folder for <form>.xlsx"
    )
    xlsform.add_argument("--force", action="store_true", help="replace workbooks that exist")

    admin = sub.add_parser("admin", help="manage admins")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True, metavar="ACTION")
    add = admin_sub.add_parser("add", help="make a Telegram user an admin (all countries)")
    add.add_argument(
        "telegram_id", type=_telegram_id, help="their Telegram id (a number, not the @username)"
    )
    add.add_argument(
        "--name", default="Admin", help="for someone who has not written to the bot yet"
    )
    _describe(p)
    return p


def _describe(parser: argparse.ArgumentParser) -> None:
    """Every command's own --help starts with the line its parent lists it with: argparse
    shows a subcommand's `help` only in the parent's list, so `fieldbot user revoke --help`
    used to say nothing of what revoking does."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for listed in action._choices_actions:
                child = action.choices[listed.dest]
                if child.description is None and listed.help:
                    child.description = listed.help
                _describe(child)


def _locale(text: str) -> str:
    """A language of the bot's catalogs, written as people do: 'fr', 'FR', 'fr-CA', 'pt_BR'."""
    from bot.domain.languages import SUPPORTED_LOCALES, base_language

    language = base_language(text.strip())
    if language not in SUPPORTED_LOCALES:
        raise argparse.ArgumentTypeError(
            f"not a language of the bot: {text} (one of {', '.join(SUPPORTED_LOCALES)})"
        )
    return language


# Telegram's user ids are positive and fit in 52 bits; an erased person's pseudonym is negative.
TELEGRAM_ID_MAX = 2**52


def _account_id(text: str) -> int:
    """A person's id as `user` commands take it: a Telegram id, or an erased one's pseudonym.
    A number SQLite cannot bind used to end in a traceback (OverflowError)."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not 0 < abs(value) < TELEGRAM_ID_MAX:
        raise argparse.ArgumentTypeError(
            f"not a Telegram id: {text} (the number of the account, such as 123456789, "
            "not its @username)"
        )
    return value


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"not a port: {text} (0-65535; 0: any free port)")
    return int(text)


def _bounded(text: str) -> int:
    """An #id or a count as the database stores it (SQLite's integers stop at 2**63)."""
    if not text.lstrip("-").isdigit() or abs(int(text)) >= 2**63:
        raise argparse.ArgumentTypeError(f"not a number fieldbot can use: {text}")
    return int(text)


def _telegram_id(text: str) -> int:
    """A living account's Telegram id (positive): never 0, never an erased person's pseudonym."""
    value = _account_id(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"not a Telegram id: {text} (negative ids are the pseudonyms of erased people)"
        )
    return value


def _author(text: str) -> int:
    """Who an import records as the author: someone the bot knows, by Telegram id (or a demo
    officer's id, beyond Telegram's); never an erased person's pseudonym. A number SQLite
    cannot bind ended in a traceback (OverflowError)."""
    value = _bounded(text) if text.lstrip("-").isdigit() else None
    if value is None or value <= 0:
        raise argparse.ArgumentTypeError(
            f"not a Telegram id: {text} (the number `fieldbot user list` shows, such as "
            "123456789; an erased person authors nothing)"
        )
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from error


def main(argv: Sequence[str] | None = None) -> int:
    """The one entry point (`fieldbot`, `python -m bot`): no secret reaches the output.

    Once the settings are read, every error goes through bot.redaction: one a command
    expects is one line on stderr; any other is its traceback with the token, the webhook
    secret and URL passwords masked, then one line saying what failed (exit status 1).
    """
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except (ValidationError, SettingsError) as error:
        for line in _settings_problems(error):
            print(f"fieldbot: invalid setting {line}", file=sys.stderr)
        return EXIT_USAGE
    for line in unknown_variables(_variable_names()):
        print(f"fieldbot: {line}", file=sys.stderr)
    with redaction.installed(redaction.Redactor.from_settings(settings)):
        try:
            from bot.logs import setup_logging

            setup_logging(settings, stream=sys.stderr)
            return asyncio.run(_dispatch(args, settings))
        except KeyboardInterrupt:
            if args.command in _SERVERS:  # Ctrl-C is how they are stopped
                return EXIT_INTERRUPTED
            # Each write is one transaction: one cut short is rolled back, not half saved.
            return _fail(
                f"{args.command} interrupted (Ctrl-C); what it had not finished writing was "
                "not saved",
                EXIT_INTERRUPTED,
            )
        except BrokenPipeError:
            # Whoever read the output has stopped (`fieldbot indicators | head`): nothing
            # failed that a person needs told, and no traceback goes to the terminal.
            _stdout_closed()
            return EXIT_FAILURE
        except (Exception, asyncio.CancelledError) as error:
            problem = _database_url_problem(settings.db.url)
            if problem:  # what failed was most likely opening the database
                return _fail(problem)
            if _address_in_use(error):
                message = f"{args.command} cannot listen: {error.strerror}; {_BIND_HINT}"
                return _fail(message, EXIT_FAILURE)
            if _database_busy(error):
                return _fail(_BUSY.format(command=args.command), EXIT_FAILURE)
            redaction.report_uncaught(error, what="fieldbot: unexpected error (secrets masked):")
            print(f"fieldbot: {args.command} failed: {redaction.summary(error)}", file=sys.stderr)
            return EXIT_FAILURE


_SERVERS = ("run", "sandbox", "scheduler", "demo")

_BIND_HINT = (
    "another fieldbot, sandbox or program listens there: stop it, or choose another port "
    "with --port, FIELDBOT_WEBHOOK__PORT, FIELDBOT_HEALTH__PORT or FIELDBOT_WEBAPP__PORT"
)


_BUSY = (
    "{command} gave up: the database stayed locked by another process (the bot, `fieldbot "
    "scheduler`, a backup or another fieldbot command) through every retry, so what it was "
    "writing was not saved. Run the command again, once that other work is done."
)


def _database_busy(error: BaseException) -> bool:
    """A write that a lock held elsewhere refused through all of run_transaction's retries
    (SQLite's "database is locked", PostgreSQL's lock or serialization conflicts): a
    traceback and 'OperationalError: database is locked [SQL: ...]' used to say it."""
    from models.uow import is_transient

    return is_transient(error)


def _address_in_use(error: BaseException) -> TypeGuard[OSError]:
    """A server of ours could not listen: asyncio says 'error while attempting to bind on
    address ('127.0.0.1', 8081): address already in use', which used to come as a traceback."""
    return (
        isinstance(error, OSError)
        and error.errno == errno.EADDRINUSE
        and "attempting to bind" in str(error)
    )


def _variable_names() -> list[str]:
    """The names set in the environment and in ./.env (where Settings reads them)."""
    import os

    from dotenv import dotenv_values

    env_file = Path(".env")
    from_file = list(dotenv_values(env_file)) if env_file.is_file() else []
    return [*os.environ, *from_file]


def _settings_problems(error: ValidationError | SettingsError) -> list[str]:
    """What is wrong in the settings, one line per variable, without the values a variable
    was given (one of them may be a secret): what our validators say is written for this."""
    if isinstance(error, SettingsError):
        # pydantic-settings names the field, not the variable: 'error parsing value for field
        # "pii_patterns" from source "EnvSettingsSource"' (a list or object that is not JSON).
        field = re.search(r'field "(\w+)"', str(error))
        if field is not None:
            return [f"FIELDBOT_{field.group(1).upper()}: is not valid JSON"]
        return [redaction.redact(str(error))]
    return [
        redaction.redact(
            f"FIELDBOT_{'__'.join(str(part) for part in e['loc']).upper()}: "
            f"{e['msg'].removeprefix('Value error, ')}"
        )
        for e in error.errors(include_url=False, include_input=False)
    ]


def _database_url_problem(url: str) -> str | None:
    """Why fieldbot cannot use this database URL, or None when it can."""
    from models.db import DatabaseNotReady, check_database_url

    try:
        check_database_url(url)
    except DatabaseNotReady as problem:
        return str(problem)
    return None


def _scope(text: str) -> Scope:
    """The countries an option names: ISO codes or 'all' (`parse_scope`), or, between commas,
    a country's whole name in one of the bot's languages, any case and accents ('Haïti',
    'haiti', 'Madagasikara', 'هايتي'), when it names one country only ('Congo' names two).
    ScopeError lists, as typed, the entries that name no country."""
    from bot.domain.scope import Scope, ScopeError, parse_scope
    from bot.forms.engine import country_named

    try:
        return parse_scope(text)
    except ScopeError as error:
        if not error.codes:
            raise
    codes: list[str] = []
    wrong: list[str] = []
    for part in filter(None, (part.strip() for part in re.split(r"[,;،]+", text))):
        try:
            scope = parse_scope(part)
        except ScopeError:
            scope = None
        if scope is not None and not scope.all_countries:
            codes.extend(scope.countries)
        elif (code := country_named(part)) is not None:
            codes.append(code)
        else:
            wrong.append(part)
    if wrong or not codes:
        raise ScopeError(tuple(wrong))
    return Scope(tuple(dict.fromkeys(codes)), all_countries=False)


def _countries_problem(error: ScopeError) -> str:
    """What is wrong with a typed country list, and how to write one."""
    how = "use two-letter ISO codes such as HT,NE, a country's name such as Haïti, or all"
    if not error.codes:
        return f"no country given: {how}"
    return f"unknown countries: {', '.join(error.codes)}; {how}"


def _as_of_problem(as_of: dt.date | None) -> str | None:
    """An --as-of on a day that has not come anywhere yet: the indicators would judge today's
    figures against that day's pace (a plan's pace for June when it is December: 'at risk'),
    so it is refused, not clamped, and the command writes nothing."""
    from bot.domain.timezones import latest_today

    if as_of is None or as_of <= latest_today(None, utcnow()):
        return None
    return (
        f"--as-of {as_of.isoformat()} has not come yet (today is {utc_today().isoformat()}): "
        "the indicators can only be judged on a day that has come; give a date up to today"
    )


def _fail(message: str, status: int = EXIT_USAGE) -> int:
    # One write: a log record from another thread cannot land between the line and its end.
    sys.stderr.write(redaction.redact(f"fieldbot: {message}") + "\n")
    return status


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    # An error no task awaited (a callback, a forgotten task) is redacted too.
    asyncio.get_running_loop().set_exception_handler(redaction.loop_exception_handler)
    try:
        return await _COMMANDS[args.command](args, settings)
    except Exception as error:
        status = _expected_failure(error)
        if status is None:
            raise
        return status


# The errors a command expects, each one line on stderr (exit status 2 unless said): by module
# and name, so that a command loads only what it uses (aiogram alone takes seconds to import,
# and `fieldbot user list` never needs it). A module not loaded raised nothing of its own.
_EXPECTED: tuple[tuple[str, str, int], ...] = (
    ("models.db", "DatabaseNotReady", EXIT_USAGE),
    ("bot.runner", "ConfigurationError", EXIT_USAGE),
    ("bot.services", "ServiceError", EXIT_USAGE),
    ("bot.indicators.plan", "PlanError", EXIT_USAGE),
    ("bot.reports_io", "ReportsFileError", EXIT_USAGE),
    ("bot.runner", "StartupError", EXIT_FAILURE),
)


def _expected_failure(error: Exception) -> int | None:
    """One line for an error a command expects (its exit status); None for any other."""
    for module, name, status in _EXPECTED:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(error, getattr(loaded, name)):
            return _fail(str(error), status)
    if "aiogram.exceptions" in sys.modules:
        from aiogram.exceptions import TelegramAPIError

        if isinstance(error, TelegramAPIError):
            # Its text may hold the request URL, /bot<token>/method: redacted by _fail.
            return _fail(
                f"the Bot API call {error.method.__api_method__} failed: {error.message} "
                "(check FIELDBOT_BOT__TOKEN and FIELDBOT_BOT__API_BASE)",
                EXIT_FAILURE,
            )
    return None


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run_polling, run_webhook

    await (run_webhook(settings) if args.webhook else run_polling(settings))
    return 0


async def _sandbox(args: argparse.Namespace, settings: Settings) -> int:
    from bot.sandbox.server import serve

    print(f"Bot API sandbox on http://{args.host}:{args.port} (Ctrl-C to stop)", file=sys.stderr)
    await serve(args.host, args.port)
    return 0


async def _demo(args: argparse.Namespace, settings: Settings) -> int:
    from bot.demo import run_demo

    return await run_demo(settings)


async def _db(args: argparse.Namespace, settings: Settings) -> int:
    from bot.backup import backup_database, restore_database
    from models.db import (
        check_database_url,
        create_engine,
        downgrade_database,
        known_revisions,
        reachable_revision,
        upgrade_database,
    )

    url = settings.db.url
    if args.db_command == "upgrade":
        await upgrade_database(url)
        print("The database is up to date.")
    elif args.db_command == "downgrade":
        revisions = sorted(known_revisions())
        if args.revision not in (*revisions, "base") and not re.fullmatch(r"-\d+", args.revision):
            # Alembic's CommandError ("Can't locate revision") came as a traceback.
            return _fail(
                f"no migration {args.revision}: give one of base, {', '.join(revisions)} "
                "(`fieldbot db current` shows where the database is)"
            )
        await downgrade_database(url, args.revision)
        print(f"The database is at revision {args.revision}.")
    elif args.db_command == "backup":
        copy = await backup_database(url, args.file, force=args.force)
        print(f"Backup written to {copy.path}: {copy.describe()}")
    elif args.db_command == "restore":
        restored = await restore_database(url, args.file)
        print(f"Restored {args.file} into {restored.target}: {restored.copy.describe()}")
        if restored.previous is not None:
            print(f"The database it replaced is kept as {restored.previous}.")
        if restored.erased_again:
            count = restored.erased_again
            who = "1 person" if count == 1 else f"{count} people"
            print(
                f"{who} erased since this backup was taken {'is' if count == 1 else 'are'} "
                "erased again."
            )
        if restored.to_erase:
            print(
                f"{len(restored.to_erase)} erased since this backup was taken: after "
                "`fieldbot db upgrade`, erase them again (`fieldbot user erase ID --yes`): "
                + ", ".join(str(telegram_id) for telegram_id in restored.to_erase)
            )
        if not restored.copy.current:
            print("Run `fieldbot db upgrade` before starting the bot.")
    else:
        check_database_url(url)
        engine = create_engine(url, create=False)
        try:
            print(await reachable_revision(engine) or "(not migrated)")
        finally:
            await engine.dispose()
    return 0


async def _invite(args: argparse.Namespace, settings: Settings) -> int:
    from bot import offboarding
    from bot.domain.enums import Role
    from bot.domain.scope import ScopeError, parse_duration
    from bot.services import bot_username, create_invite_link

    if args.invite_command == "list":
        print(await offboarding.list_invites(settings, include_inactive=args.all))
        return 0
    if args.invite_command == "revoke":
        print(await offboarding.revoke_invite(settings, args.invite_id))
        return 0
    if args.role is None or args.countries is None:
        print(
            "fieldbot: invite needs --role and --countries (or: list, revoke ID)", file=sys.stderr
        )
        return EXIT_USAGE

    try:
        scope = _scope(args.countries)
    except ScopeError as error:
        return _fail(_countries_problem(error))
    try:
        lifetime = parse_duration(args.expires)
    except ValueError:
        print(
            "fieldbot: --expires takes a lifetime such as 12h, 7d or 2w (at most 90d)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.uses < 1:
        print("fieldbot: --uses must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    username = await bot_username(settings)
    link, code, expires_at = await create_invite_link(
        settings,
        username,
        role=Role(args.role),
        scope=scope,
        expires_at=utcnow() + lifetime,
        max_uses=args.uses,
    )
    print(link)
    print(f"code: {code}")
    print(
        f"role: {args.role}; countries: {offboarding.scope_label(scope)}; uses: {args.uses}; "
        f"expires: {expires_at:%Y-%m-%d %H:%M} UTC"
    )
    return 0


async def _user(args: argparse.Namespace, settings: Settings) -> int:
    from bot import offboarding
    from bot.domain.enums import Role
    from bot.domain.scope import ScopeError

    command = args.user_command
    if command == "list":
        country = None
        if args.country:
            try:
                named = _scope(args.country)
            except ScopeError:
                named = None
            if named is None or len(named.countries) != 1:
                return _fail(f"--country {args.country}: not a country's code or name")
            country = named.countries[0]
        role = Role(args.role) if args.role else None
        print(await offboarding.list_users(settings, role=role, country=country))
    elif command == "show":
        print(await offboarding.show_user(settings, args.telegram_id))
    elif command == "revoke":
        roles = [Role(value) for value in args.role]
        print(await offboarding.revoke_user(settings, args.telegram_id, roles, force=args.force))
    elif command == "set-countries":
        try:
            scope = _scope(args.countries)
        except ScopeError as error:
            return _fail(_countries_problem(error))
        role = Role(args.role)
        print(
            await offboarding.set_user_countries(
                settings, args.telegram_id, role, scope, force=args.force
            )
        )
    else:
        if not args.yes:
            print(
                "fieldbot: erasing cannot be undone; run again with --yes to confirm",
                file=sys.stderr,
            )
            return EXIT_USAGE
        print(await offboarding.erase_user(settings, args.telegram_id, force=args.force))
    return 0


async def _admin(args: argparse.Namespace, settings: Settings) -> int:
    from bot import offboarding
    from bot.services import add_admin

    await add_admin(settings, args.telegram_id, args.name)
    print(f"User {args.telegram_id} is an admin for all countries. They can now send /start.")
    print(await offboarding.menu_of(settings, args.telegram_id))
    return 0


def _stdout_closed() -> None:
    """Standard output goes nowhere from now on: Python flushing it at exit would raise the
    broken pipe again ('Exception ignored ... BrokenPipeError')."""
    # Not a real file (a test's capture: io.UnsupportedOperation): no pipe to flush into.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


async def _indicators(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.scope import ScopeError
    from bot.services import indicator_report

    codes = ",".join(args.country)
    try:
        scope = _scope(codes) if codes else None
    except ScopeError as error:
        return _fail(_countries_problem(error))
    # "all": every country, as without --country.
    countries = None if scope is None or scope.all_countries else scope.countries
    if problem := _as_of_problem(args.as_of):
        return _fail(problem)
    if args.export is not None:
        from bot.services import export_indicators_file

        if countries is not None or args.json:
            print("fieldbot: --export covers every country, without --json", file=sys.stderr)
            return EXIT_USAGE
        if _kept(args.export, args.force, "an earlier export?"):
            return EXIT_USAGE
        as_of = args.as_of or utc_today()
        count = await export_indicators_file(
            settings, args.export, as_of=as_of, locale=args.locale
        )
        print(f"{count} indicator rows as of {as_of.isoformat()} written to {args.export}")
        return 0
    print(
        await indicator_report(
            settings, as_of=args.as_of or utc_today(), countries=countries, as_json=args.json
        )
    )
    return 0


async def _indicator(args: argparse.Namespace, settings: Settings) -> int:
    from bot.forms.engine import parse_number
    from bot.services import set_indicator_value

    # Read as the chat reads it ("1,250,000", "12.5"; not "1e3", "12 mil").
    value = parse_number(args.value, "en")
    if value is None:
        print(f"fieldbot: not a number: {args.value}", file=sys.stderr)
        return EXIT_USAGE
    if not (args.period.isdigit() and len(args.period) == 4):
        print("fieldbot: --period takes a year such as 2026", file=sys.stderr)
        return EXIT_USAGE
    problem = await set_indicator_value(settings, args.indicator_id, args.period, value)
    if problem:
        print(f"fieldbot: {problem}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{args.indicator_id} = {value} for {args.period} (recorded in the audit log)")
    return 0


def _kept(path: Path, force: bool, what: str = "a template filled in?") -> bool:
    """A file is not written over (a template filled in, last month's export) unless --force,
    and never a folder: True (and said) when it is kept."""
    if path.is_dir():
        _fail(f"{path} is a folder: give the name of a file to write")
        return True
    if force or not path.exists():
        return False
    _fail(f"{path} exists already ({what}): choose another name, or add --force")
    return True


def _export_path(output: Path | None, fmt: str | None) -> Path | None:
    """Where `reports export` writes: --output, whose ending names the format (a --format that
    says otherwise is refused, not ignored), or reports-<today>.<format>."""
    if output is None:
        return Path(f"reports-{utc_today():%Y%m%d}.{fmt or 'csv'}")
    ending = output.suffix.lower().lstrip(".")
    if ending not in ("csv", "xlsx"):
        print(f"fieldbot: --output must end in .csv or .xlsx: {output}", file=sys.stderr)
        return None
    if fmt is not None and fmt != ending:
        print(f"fieldbot: --format {fmt} but --output ends in .{ending}", file=sys.stderr)
        return None
    return output


async def _reports(args: argparse.Namespace, settings: Settings) -> int:
    from bot import services

    if args.reports_command == "template":
        if _kept(args.file, args.force):
            return EXIT_USAGE
        services.write_reports_template(args.file)
        print(f"Template written to {args.file}. Columns are explained in the README.")
        return 0
    if args.reports_command == "export":
        if args.date_from and args.date_to and args.date_from > args.date_to:
            return _fail(f"--from {args.date_from} is after --to {args.date_to}: no report fits")
        if problem := _as_of_problem(args.as_of):
            return _fail(problem)
        output = _export_path(args.output, args.format)
        if output is None or _kept(output, args.force, "an earlier export?"):
            return EXIT_USAGE
        count = await services.export_reports_file(
            settings,
            output,
            date_from=args.date_from,
            date_to=args.date_to,
            kind=args.kind,
            include_withdrawn=args.include_withdrawn,
            locale=args.locale,
            as_of=args.as_of,
        )
        print(f"{count} reports written to {output}")
        return 0
    if not args.file.exists():
        print(f"fieldbot: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    result = await services.import_reports_file(settings, args.file, author=args.author)
    if result.errors:
        _print_row_errors(args.file, result.errors)
        return 1
    print(
        f"created: {result.created}; already there: {result.unchanged}; "
        f"write phase: {result.write_seconds:.2f} s"
    )
    if result.created:
        print(f"author of the reports created: {result.author}")
    if result.repeated:  # said, not silently merged: two sessions may have been meant
        pairs = ", ".join(
            (f"sheet {sheet}, " if sheet else "") + f"row {row} (= row {first})"
            for row, first, sheet in result.repeated
        )
        print(f"imported once, as the same report as an earlier row: {pairs}")
    if result.withdrawn_skipped:  # an export made with --include-withdrawn
        rows = "row" if result.withdrawn_skipped == 1 else "rows"
        print(
            f"skipped: {result.withdrawn_skipped} {rows} flagged withdrawn "
            "(a withdrawn report counts nowhere)"
        )
    return 0


async def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from bot.seed import DEMO_OFFICERS, DEMO_TELEGRAM_ID_BASE
    from bot.services import seed_demo_data

    if args.reports < 0:
        print("fieldbot: --reports must be 0 or more", file=sys.stderr)
        return EXIT_USAGE
    created = await seed_demo_data(settings, args.reports, force=args.force)
    print(f"{created} synthetic reports created (re-running creates no duplicates)")
    print(
        f"Their authors are demo staff: Demo officer 1 to {DEMO_OFFICERS}, Telegram ids "
        f"{DEMO_TELEGRAM_ID_BASE + 1} to {DEMO_TELEGRAM_ID_BASE + DEMO_OFFICERS} (no real "
        "account can have these; they hold no role and are never messaged)."
    )
    return 0


async def _scheduler(args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run_scheduler

    await run_scheduler(settings)
    return 0


def _print_row_errors(path: Path, errors: Sequence[RowError]) -> None:
    """Each problem of a refused import on its line, then how many (nothing was written)."""
    for error in errors:
        where = (f"sheet {error.sheet}, " if error.sheet else "") + f"row {error.row}"
        where += f", column {error.column}" if error.column else ""
        print(f"{path}: {where}: {error.message}", file=sys.stderr)
    count = f"{len(errors)} problem" + ("" if len(errors) == 1 else "s")
    print(f"fieldbot: {count}; nothing was imported", file=sys.stderr)


async def _digest(args: argparse.Namespace, settings: Settings) -> int:
    """Exit status 1 when some managers' digests could not be enqueued, 2 when --manager names
    nobody who gets one."""
    from bot.services import digest_now

    run = await digest_now(settings, manager=args.manager, dry_run=args.dry_run)
    for line in run.lines:
        print(line)
    if run.unknown:
        return _fail(f"no active manager or admin has the Telegram id {args.manager}", EXIT_USAGE)
    if run.failed:
        ids = ", ".join(str(telegram_id) for telegram_id in run.failed)
        return _fail(
            f"the digest of {len(run.failed)} manager(s) could not be "
            f"{'built' if args.dry_run else 'enqueued'} ({ids}; the log says why); "
            "run the command again: nobody gets a digest twice",
            EXIT_FAILURE,
        )
    return 0


async def _jobs(args: argparse.Namespace, settings: Settings) -> int:
    """Exit status 1 when a job (or the scheduler itself) is late, or none has ever run (a
    scheduler that never started is as much a problem as a late one; /readyz says so too)."""
    from bot.domain.clock import utcnow
    from bot.services import session_factory
    from models.jobruns import job_health

    async with session_factory(settings) as factory, factory() as session:
        health = await job_health(session, now=utcnow())
    if not health:
        print("No job has run yet (is a scheduler running?)")
        return 1

    def when(value: dt.datetime | None) -> str:
        return value.strftime("%Y-%m-%d %H:%M:%S") if value else "-"

    print(f"{'job':<24} {'every':>7} {'last start':<19} {'last success':<19} state")
    for job in health:
        state = "LATE" if job.late else "ok"
        if job.consecutive_failures:
            state += f", {job.consecutive_failures} failures: {job.last_error}"
        print(
            f"{job.job_id:<24} {job.interval_seconds:>6}s {when(job.last_started_at):<19} "
            f"{when(job.last_success_at):<19} {state}"
        )
    return 1 if any(job.late for job in health) else 0


async def _status(args: argparse.Namespace, settings: Settings) -> int:
    """What /readyz says, for a person; exit status 1 (and the problems) when not ready."""
    from bot.readiness import check_readiness
    from models.db import check_database_url, create_engine, create_session_factory

    check_database_url(settings.db.url)  # the URL's own problem first, then the file's
    engine = create_engine(
        settings.db.url, busy_timeout_ms=settings.db.busy_timeout_ms, create=False
    )
    try:
        readiness = await check_readiness(
            settings, engine, create_session_factory(engine), now=utcnow()
        )
    finally:
        await engine.dispose()
    print(f"fieldbot {_version()}: {'ready' if readiness.ready else 'NOT READY'}")
    for check in readiness.checks:
        mark = {True: "ok", False: "FAIL", None: "-"}[check.ok]
        print(f"  {check.name:<11} {mark:<5} {check.detail}")
    if readiness.ready:
        return 0
    return _fail(f"not ready: {'; '.join(readiness.problems())}", EXIT_FAILURE)


async def _outbox(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services import outbox_table

    print(await outbox_table(settings, args.status))
    return 0


async def _missions(args: argparse.Namespace, settings: Settings) -> int:
    from bot import services

    if args.missions_command == "template":
        if _kept(args.file, args.force):
            return EXIT_USAGE
        services.write_missions_template(args.file)
        print(f"Template written to {args.file}. Columns are explained in the README.")
        return 0
    if not args.file.exists():
        print(f"fieldbot: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    result = await services.import_missions_file(settings, args.file)
    if result.errors:
        _print_row_errors(args.file, result.errors)
        return 1
    print(f"created: {result.created}; updated: {result.updated}; unchanged: {result.unchanged}")
    return 0


async def _forms(args: argparse.Namespace, settings: Settings) -> int:
    from bot.catalogs import Catalogs
    from bot.forms.definitions import FORMS
    from bot.forms.xlsform import catalog_translate, write_xlsform

    if args.form is not None and args.form not in FORMS:
        return _fail(f"no form {args.form!r}; the forms are: {', '.join(sorted(FORMS))}")
    workbook = args.file.suffix.lower() == ".xlsx"
    if args.form is not None and not workbook:
        return _fail(f"{args.file}: an XLSForm is an .xlsx workbook; give a path ending in .xlsx")
    if args.form is None and workbook:
        return _fail(
            f"{args.file}: name the form ({', '.join(sorted(FORMS))}) or give a folder "
            "for every form's workbook"
        )
    translate = catalog_translate(Catalogs(settings.default_locale))
    if args.form is None:
        targets = [(form, args.file / f"{form.id}.xlsx") for form in FORMS.values()]
    else:
        targets = [(FORMS[args.form], args.file)]
    if any(_kept(path, args.force, "an earlier workbook?") for _form, path in targets):
        return EXIT_USAGE
    try:
        if args.form is None:
            args.file.mkdir(parents=True, exist_ok=True)
        for form, path in targets:
            write_xlsform(form, path, translate, settings.default_locale)
            print(f"{form.id} (version {form.version}) written to {path}")
    except OSError as error:
        message = f"cannot write {error.filename or args.file}: {error.strerror or error}"
        return _fail(message, EXIT_FAILURE)
    return 0


_COMMANDS = {
    "run": _run,
    "sandbox": _sandbox,
    "demo": _demo,
    "db": _db,
    "invite": _invite,
    "user": _user,
    "admin": _admin,
    "indicators": _indicators,
    "indicator": _indicator,
    "reports": _reports,
    "seed-demo-data": _seed,
    "digest": _digest,
    "scheduler": _scheduler,
    "jobs": _jobs,
    "status": _status,
    "outbox": _outbox,
    "missions": _missions,
    "forms": _forms,
}
