"""The Mini App's weight and its load on a poor connection, in Debian's Chromium (issue 16).

    .venv/bin/python bench/webapp_load.py [--runs 3] [--kbps 250] [--latency-ms 300]

The bot serves the Mini App next to its webhook (talking to the Bot API sandbox); a field
officer's page is opened in headless Chromium with Chromium's own network emulation (CDP
Network.emulateNetworkConditions: 250 kbit/s both ways and 300 ms of latency by default, a
poor 2G/3G link), with a cold cache each run. Figures:

- page weight: the bytes that crossed the network for the first load of the page itself (HTML,
  JS, CSS; gzip-compressed as served), and those of the API calls until the form is ready;
- time from navigation to an interactive form (every field drawn, the first check of the
  answers back from the server), median and worst of the runs; the goal is <= 5 s.

Telegram's own telegram-web-app.js is not fetched (no Internet here): a local stand-in of the
same interface is served instead, outside the emulated link, so the figures are the bot's
share of the load; Telegram's clients cache their script.

Ends with one line of JSON holding the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bot.demo import bot_on_sandbox
from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from bot.settings import (
    SANDBOX_TOKEN,
    BotSection,
    DatabaseSection,
    Settings,
    WebAppSection,
    WebhookSection,
)
from bot.webapp.auth import sign_init_data
from models import queries
from models.db import upgrade_database

CHROMIUM = "/usr/bin/chromium"
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
STAND_IN = Path(__file__).resolve().parents[1] / "tests" / "browser" / "telegram-web-app.js"
OFFICER = 4242
GOAL_SECONDS = 5.0


async def _one_load(
    browser: Any, url: str, init_data: str, kbps: float, latency_ms: float
) -> dict[str, Any]:
    context = await browser.new_context(viewport={"width": 420, "height": 860})
    await context.add_init_script(f"window.__FIELDBOT_INIT_DATA__ = {init_data!r};")
    stand_in = STAND_IN.read_text()

    async def fulfil(route: Any) -> None:
        await route.fulfill(body=stand_in, content_type="text/javascript")

    await context.route(TELEGRAM_JS, fulfil)
    page = await context.new_page()
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    bytes_per_second = kbps * 1000 / 8
    await cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": bytes_per_second,
            "uploadThroughput": bytes_per_second,
        },
    )
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: urls.update({e["requestId"]: e["request"]["url"]}),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.update({e["requestId"]: int(e["encodedDataLength"])}),
    )
    started = time.perf_counter()
    await page.goto(url, wait_until="commit")
    await page.wait_for_selector("body[data-ready=form]", timeout=60_000)
    drawn = time.perf_counter() - started
    # Interactive: the first check (which questions apply) has come back and been applied.
    await page.wait_for_selector("#f_trainers_trained[hidden]", state="attached", timeout=60_000)
    await page.wait_for_load_state("networkidle")
    interactive = time.perf_counter() - started
    fields = await page.locator(".q").count()
    await context.close()
    page_bytes = sum(n for r, n in sizes.items() if "/api/" not in urls.get(r, ""))
    api_bytes = sum(n for r, n in sizes.items() if "/api/" in urls.get(r, ""))
    return {
        "drawn_s": round(drawn, 3),
        "interactive_s": round(interactive, 3),
        "page_bytes": page_bytes,
        "api_bytes": api_bytes,
        "requests": len(sizes),
        "fields": fields,
    }


async def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kbps", type=float, default=250.0)
    parser.add_argument("--latency-ms", type=float, default=300.0)
    args = parser.parse_args(argv)
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await upgrade_database(db_url)
        async with SandboxServer(settle_seconds=0.0) as sandbox:
            settings = Settings(
                bot=BotSection(token=SecretStr(SANDBOX_TOKEN), api_base=sandbox.base_url),
                db=DatabaseSection(url=db_url),
                webhook=WebhookSection(
                    host="127.0.0.1", port=0, secret_token=SecretStr(secrets.token_urlsafe(24))
                ),
                webapp=WebAppSection(public_url="https://bench.example.org/webapp/"),
                _env_file=None,
            )
            async with bot_on_sandbox(settings, menus=False) as served:
                app = served.app
                async with app.session_factory() as session:
                    await queries.ensure_user(session, OFFICER, "Bench", "fr")
                    await queries.grant_role(
                        session,
                        OFFICER,
                        Role.FIELD_STAFF,
                        ["HT", "CA"],
                        False,
                        actor_user_id=None,
                    )
                    await session.commit()
                url = (
                    served.webhook_url.removesuffix(settings.webhook.path)
                    + "/webapp/?form=training"
                )
                runs = []
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(
                        executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
                    )
                    try:
                        for _ in range(args.runs):
                            init = sign_init_data(
                                app.bot.token,
                                user={"id": OFFICER, "first_name": "B", "language_code": "fr"},
                                auth_date=dt.datetime.now(dt.UTC),
                            )
                            runs.append(
                                await _one_load(browser, url, init, args.kbps, args.latency_ms)
                            )
                    finally:
                        await browser.close()
    for number, run in enumerate(runs, start=1):
        print(
            f"run {number}: form drawn {run['drawn_s']:.2f} s, interactive "
            f"{run['interactive_s']:.2f} s, page {run['page_bytes']} B, API {run['api_bytes']} B, "
            f"{run['requests']} requests, {run['fields']} fields",
            file=sys.stderr,
        )
    interactive = [run["interactive_s"] for run in runs]
    figures = {
        "bench": "webapp_load",
        "kbps": args.kbps,
        "latency_ms": args.latency_ms,
        "runs": len(runs),
        "page_bytes_gzip": runs[0]["page_bytes"],
        "api_bytes_first_load": runs[0]["api_bytes"],
        "requests": runs[0]["requests"],
        "drawn_s_median": statistics.median(run["drawn_s"] for run in runs),
        "interactive_s_median": statistics.median(interactive),
        "interactive_s_max": max(interactive),
        "goal_s": GOAL_SECONDS,
        "within_goal": max(interactive) <= GOAL_SECONDS,
    }
    print(json.dumps(figures))
    return 0 if figures["within_goal"] else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
