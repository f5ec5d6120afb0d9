"""The Mini App in a real headless browser: Debian's Chromium driven by Playwright.

Skipped, with the reason, on a machine without /usr/bin/chromium or without the playwright
package (`make test` on a newcomer's laptop); CI installs Chromium (.ci/run). Playwright's own
browser download is never used: the tests launch the system Chromium.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.domain.enums import Role
from bot.sandbox import SandboxServer
from bot.webapp.auth import sign_init_data
from tests import factories
from tests.e2e.harness import BotUnderTest, bot_settings

if TYPE_CHECKING:
    from playwright.async_api import Browser, Page

CHROMIUM = Path(os.environ.get("FIELDBOT_TEST_CHROMIUM", "/usr/bin/chromium"))
TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
STAND_IN = Path(__file__).with_name("telegram-web-app.js")
# Screenshots: a fresh directory per run (printed), and a copy in FIELDBOT_TEST_SHOTS when set
# (a place for people to look at them).
SHOTS = Path(tempfile.mkdtemp(prefix="fieldbot-webapp-shots-"))
COPY_SHOTS = os.environ.get("FIELDBOT_TEST_SHOTS")

_why_not = None
if not CHROMIUM.exists():
    _why_not = f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
elif importlib.util.find_spec("playwright") is None:
    _why_not = "the playwright package is not installed (pip install -e '.[dev]')"


# CI sets this (.ci/run): there a missing browser is an error, never a silent skip.
if _why_not is not None and os.environ.get("FIELDBOT_TEST_REQUIRE_CHROMIUM"):
    raise pytest.UsageError(f"browser tests required (FIELDBOT_TEST_REQUIRE_CHROMIUM): {_why_not}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _why_not is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=f"browser tests: {_why_not}"))


def save_shot(name: str, png: bytes) -> Path:
    """Write a screenshot to this run's directory (and to FIELDBOT_TEST_SHOTS)."""
    path = SHOTS / f"{name}.png"
    path.write_bytes(png)
    print(f"screenshot: {path}")
    if COPY_SHOTS:
        Path(COPY_SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(COPY_SHOTS) / path.name)
    return path


@dataclass
class MiniApp:
    """The bot (webhook mode, with the Mini App) and a way to open its page as someone."""

    bot: BotUnderTest
    base_url: str
    browser: Browser
    pages: list[Page] = field(default_factory=list)

    def init_data(
        self,
        telegram_id: int,
        language_code: str = "en",
        *,
        age: dt.timedelta = dt.timedelta(seconds=5),
        token: str | None = None,
    ) -> str:
        assert self.bot.app is not None
        return sign_init_data(
            token or self.bot.app.bot.token,
            user={"id": telegram_id, "first_name": "Test", "language_code": language_code},
            auth_date=dt.datetime.now(dt.UTC) - age,
        )

    async def member(
        self,
        telegram_id: int,
        role: Role,
        countries: tuple[str, ...],
        *,
        language: str,
        timezone: str = "UTC",
    ) -> None:
        assert self.bot.app is not None
        async with self.bot.app.session_factory() as session:
            await factories.member(
                session,
                telegram_id,
                role,
                countries,
                name="Test",
                telegram_language=language,
                language=language,
            )

    async def open(
        self, init_data: str, query: str = "", *, locale: str = "en-US", **context: Any
    ) -> Page:
        """A fresh browser context (own localStorage) with the page open as `init_data`."""
        context.setdefault("viewport", {"width": 420, "height": 860})
        ctx = await self.browser.new_context(locale=locale, **context)
        await ctx.add_init_script(f"window.__FIELDBOT_INIT_DATA__ = {init_data!r};")

        async def stand_in(route: Any) -> None:
            await route.fulfill(
                body=STAND_IN.read_text(), content_type="text/javascript", status=200
            )

        await ctx.route(TELEGRAM_JS, stand_in)
        page = await ctx.new_page()
        await page.goto(self.base_url + query)
        self.pages.append(page)
        return page


@pytest.fixture
async def sandbox() -> AsyncIterator[SandboxServer]:
    async with SandboxServer(settle_seconds=0.0) as server:
        yield server


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def miniapp(sandbox: SandboxServer, db_url: str, browser: Browser) -> AsyncIterator[MiniApp]:
    settings = bot_settings(sandbox, db_url)
    settings.webapp.public_url = "https://fieldbot.example.org/webapp/"
    bot = BotUnderTest(settings, sandbox, "webhook")
    await bot.start()
    base = bot.webhook_url.removesuffix(settings.webhook.path) + "/webapp/"
    app = MiniApp(bot=bot, base_url=base, browser=browser)
    print(f"Mini App at {base}; screenshots in {SHOTS}")
    try:
        yield app
    finally:
        for page in app.pages:
            await page.context.close()
        await bot.stop()
        await bot.control.close()
