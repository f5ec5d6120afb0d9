"""`fieldbot demo`: the sandbox and the bot in one process, a scripted conversation, a transcript.

Everything is real except Telegram: HTTP to the sandbox, webhook delivery with the secret
token, a fresh SQLite database at var/demo.db (kept afterwards, for a look inside).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import re
import secrets
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from pydantic import SecretStr

from bot.app import App, build_app
from bot.domain.clock import utc_today, utcnow
from bot.runner import announce, create_poller, serve_webhook, webhook_kwargs
from bot.sandbox import SandboxControl, SandboxServer, SimUser
from bot.services import add_admin, import_missions_file, seed_demo_data
from bot.settings import (
    SANDBOX_TOKEN,
    BotSection,
    DatabaseSection,
    Settings,
    WebAppSection,
    WebhookSection,
)
from bot.webapp.auth import sign_init_data
from models.db import upgrade_database
from scheduler.jobs import DigestOptions, Runtime, run_digests
from scheduler.outbox import OutboxSender, create_outbox_bot

DEMO_DB = Path("var/demo.db")
DEMO_REPORTS = 400
_INVITE = re.compile(r"start=([A-Za-z0-9_-]+)")


class DemoFailed(Exception):
    """The scenario did not go as scripted (the transcript shows where)."""


def demo_settings(base: Settings, api_base: str, db_path: Path) -> Settings:
    return base.model_copy(
        update={
            "bot": BotSection(token=SecretStr(SANDBOX_TOKEN), api_base=api_base),
            "db": DatabaseSection(url=f"sqlite+aiosqlite:///{db_path}"),
            "webhook": WebhookSection(
                host="127.0.0.1", port=0, secret_token=SecretStr(secrets.token_urlsafe(32))
            ),
            "redis_url": None,
        }
    )


@dataclass(frozen=True)
class SandboxBot:
    """The production app, serving the Bot API at its settings' api_base (the sandbox)."""

    app: App
    webhook_url: str  # where the sandbox posts updates ("" in polling mode)


@contextlib.asynccontextmanager
async def bot_on_sandbox(
    settings: Settings,
    *,
    mode: str = "webhook",
    port: int = 0,
    menus: bool = True,
    poll_timeout: int = 1,
) -> AsyncIterator[SandboxBot]:
    """The bot as production builds it (`build_app`), served to the sandbox until the block
    exits, then closed: the one way the demo, the end-to-end tests (tests/e2e/harness.py) and
    the benchmarks (bench/) start it.

    webhook: the webhook server listens on 127.0.0.1:`port` (0: a free one) and is registered
    with setWebhook (the settings' secret token); polling: the webhook is removed and the
    production poller runs with `poll_timeout`. `menus` sets the command menus (and the Mini
    App's menu button) first, as `fieldbot run` does; the benchmarks leave them out.
    """
    if mode not in ("webhook", "polling"):
        raise ValueError(f"mode must be webhook or polling, not {mode!r}")
    app = await build_app(settings)
    try:
        if menus:
            await announce(app)
        if mode == "webhook":
            async with serve_webhook(app, "127.0.0.1", port) as server:
                await app.bot.set_webhook(server.url, **webhook_kwargs(settings))
                yield SandboxBot(app, server.url)
        else:
            await app.bot.delete_webhook(drop_pending_updates=False)
            stop = asyncio.Event()
            poller = asyncio.create_task(create_poller(app, timeout=poll_timeout).run(stop))
            try:
                yield SandboxBot(app, "")
            finally:
                stop.set()
                await poller
    finally:
        await app.close()


def _fresh_database_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


async def run_demo(base: Settings, out: Callable[[str], None] = print) -> int:
    _fresh_database_file(DEMO_DB)
    # The conversation is the output: the bot's routine INFO lines would only interleave it.
    for noisy in ("aiogram.event", "aiohttp.access", "bot.sandbox.server", "bot.metrics"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Webhook answers come after handling, so the sandbox needs no quiet period.
    async with SandboxServer(settle_seconds=0.0) as sandbox:
        settings = demo_settings(base, sandbox.base_url, DEMO_DB)
        # The Mini App is served next to the webhook, so its address needs the port first.
        port = _free_port()
        page_url = f"http://127.0.0.1:{port}/webapp/"
        settings = settings.model_copy(update={"webapp": WebAppSection(public_url=page_url)})
        await upgrade_database(settings.db.url)
        await add_admin(settings, 1001, "Amina")
        # A year and more of synthetic reports, so the indicators have something to show.
        await seed_demo_data(settings, DEMO_REPORTS)
        async with (
            bot_on_sandbox(settings, port=port) as served,
            SandboxControl(sandbox.base_url, served.app.bot.id) as control,
        ):
            app = served.app
            out(_mini_app_lines(app, page_url))
            try:
                await _scenario(control, out)
                await _weekly_digest(app, settings, control, out)
                await _volunteer_mission(app, settings, control, out)
            except DemoFailed as error:
                out(f"\nDEMO FAILED: {error}")
                return 1
    out("\nDemo finished: every step above went through the Bot API sandbox over HTTP.")
    out(f"The database is kept at {DEMO_DB}.")
    return 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _mini_app_lines(app: App, page_url: str) -> str:
    """Where the Mini App is served, and a link that opens it as Amina (the admin: the form
    and the dashboard) in a browser while the demo runs; Telegram passes initData this way."""
    init_data = sign_init_data(
        app.bot.token,
        user={"id": 1001, "first_name": "Amina", "language_code": "en"},
        auth_date=utcnow(),
    )
    return (
        f"== The Mini App (one-screen report form, indicators dashboard) is served at {page_url}"
        f" ==\nAs Amina, while the demo runs: {page_url}#tgWebAppData={quote(init_data)}\n"
    )


async def _scenario(control: SandboxControl, out: Callable[[str], None]) -> None:
    amina = control.user(1001, "Amina", language_code="en")
    jean = control.user(2001, "Jean", language_code="fr")
    layla = control.user(3001, "Layla", language_code="ar")
    stranger = control.user(4001, "Sam", language_code="en")

    karim = control.user(5001, "Karim", language_code="ar")

    out("== An admin (Amina, English) invites two field officers and a manager ==")
    await amina.send("/start")
    field_code = await _invite(amina, "Field staff", "HT", "7 days")
    niger_code = await _invite(amina, "Field staff", "NE", "7 days")
    manager_code = await _invite(amina, "Manager", "HT, NE", "30 days")
    out(await amina.transcript())

    out("\n== A French-speaking field officer (Jean) joins and reports a training ==")
    await jean.send(f"/start {field_code}")
    await jean.send("/report")
    await jean.tap("Formation")  # his one country, Haiti, is filled in without asking
    await jean.send("Jacmel")
    await jean.tap("Justice")
    await jean.tap("Policiers")
    await jean.tap("Formation de formateurs")
    await jean.tap("Non")
    await jean.tap("Hier")
    await jean.tap("Jours")
    await jean.send("2")
    await jean.send("douze")  # a number in words: read as 12
    await jean.send("plus de 10")  # men: a bound, not how many: explained, and asked again
    await jean.send("8")
    await jean.send("0")
    await jean.send("5")  # trainers trained
    for _ in range(4):  # partner, pre-test and post-test scores, notes
        await jean.tap("Passer")
    await jean.tap("Envoyer")
    out(await jean.transcript())

    out("\n== An Arabic-speaking field officer (Karim) reports an advocacy decision ==")
    await karim.send(f"/start {niger_code}")
    await karim.send("/report")
    await karim.tap("مناصرة")  # his one country, Niger, is filled in without asking
    await karim.tap("وطني")
    await karim.tap("العدالة")
    await karim.tap("قرار")
    await karim.send("وزارة العدل")
    await karim.tap("نعم")
    await karim.tap("تخطي")  # audience
    await karim.tap("اليوم")
    await karim.tap("تخطي")  # notes
    await karim.tap("إرسال")
    out(await karim.transcript())

    out("\n== An Arabic-speaking manager (Layla) joins, switches to French, checks the plan ==")
    await layla.send(f"/start {manager_code}")
    await layla.send("/language")
    await layla.tap("Français")
    await layla.send("/help")
    await layla.send("/indicators")
    await layla.tap("1.2")
    await layla.tap("Graphique")
    out(await layla.transcript())
    chart = await layla.last()
    if chart.media is None or chart.media.get("type") != "photo":
        raise DemoFailed("the manager did not receive the chart")

    out("\n== Someone without an invitation is turned away, and cannot reuse Jean's link ==")
    await stranger.send("hello")
    await stranger.send(f"/start {field_code}")
    out(await stranger.transcript())

    welcome = (await jean.messages())[0].text
    if "Bienvenue" not in welcome:
        raise DemoFailed(f"Jean was not welcomed in French: {welcome!r}")
    for officer in (jean, karim):
        if "✅" not in (await officer.last()).text:
            raise DemoFailed(f"{officer.name}'s report was not confirmed")


async def _invite(admin: SimUser, role: str, countries: str, lifetime: str) -> str:
    await admin.send("/invite")
    await admin.tap(role)
    await admin.send(countries)
    await admin.tap(lifetime)
    match = _INVITE.search((await admin.last()).text)
    if match is None:
        raise DemoFailed(f"no invitation link in: {(await admin.last()).text}")
    return match.group(1)


async def _weekly_digest(
    app: App, settings: Settings, control: SandboxControl, out: Callable[[str], None]
) -> None:
    """Monday morning: the scheduler's digest job runs, the outbox sends it to the manager."""
    runtime = Runtime(
        session_factory=app.session_factory,
        plan=app.dispatcher["plan"],
        i18n=app.i18n,
        options=DigestOptions.from_settings(settings),
    )
    layla = control.user(3001, "Layla", language_code="ar")
    await run_digests(runtime, now=utcnow(), force=True)
    bot = create_outbox_bot(settings)
    try:
        await OutboxSender(app.session_factory, bot).drain()
    finally:
        await bot.session.close()
    out("\n== The weekly digest reaches the manager, in French, with a chart ==")
    digest = await layla.last()  # drain() returned: Telegram (the sandbox) has accepted it
    if digest.media is None:
        raise DemoFailed("the weekly digest did not arrive with its chart")
    transcript = await layla.transcript()
    out(transcript[transcript.rfind("[#") :])


async def _volunteer_mission(
    app: App, settings: Settings, control: SandboxControl, out: Callable[[str], None]
) -> None:
    """A volunteer joins, missions are loaded from a spreadsheet, she checks and acknowledges."""
    amina = control.user(1001, "Amina", language_code="en")
    lova = control.user(6001, "Lova", language_code="fr")
    code = await _invite(amina, "Volunteer", "MG", "7 days")
    await lova.send(f"/start {code}")
    start = utc_today() + dt.timedelta(days=12)
    sheet = DEMO_DB.parent / "demo-missions.csv"
    sheet.write_text(
        "code,title,country,place,start_date,end_date,project,role,supervisor_name,"
        "supervisor_handle,notes,status,volunteers\n"
        f"MG-DEMO-1,Formation des policiers,MG,Toamasina,{start},{start + dt.timedelta(days=9)},"
        "Justice adaptée aux enfants,Assistante de formation,Hery,hery_demo,,confirmed,6001\n",
        encoding="utf-8",
    )
    result = await import_missions_file(settings, sheet)
    if result.errors:
        raise DemoFailed(f"the missions file was refused: {result.errors}")
    bot = create_outbox_bot(settings)
    try:
        await OutboxSender(app.session_factory, bot).drain()  # "you are assigned" notice
    finally:
        await bot.session.close()
    await lova.send("/missions")
    await lova.tap("Formation des policiers")
    await lova.tap("✅")
    out("\n== A volunteer (Lova, French) is assigned from a spreadsheet and acknowledges ==")
    out(await lova.transcript())
