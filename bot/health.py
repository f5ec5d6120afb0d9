"""Liveness, readiness and metrics over HTTP.

- `/healthz` (liveness): the process answers. Nothing else is checked, so a supervisor that
  restarts on failure does not restart the bot because the database is down.
- `/readyz` (readiness): 200 when every check of bot.readiness holds (the same as `fieldbot
  status`), else 503; the JSON body names what is wrong, in English, for the operator.
- `/metrics`: Prometheus text format (bot.metrics).

The webhook server serves them next to the webhook; in polling mode and in `fieldbot scheduler`
a small server of their own does when FIELDBOT_HEALTH__PORT is set (off by default).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.metrics import CONTENT_TYPE, Metrics
from bot.readiness import Readiness, check_readiness
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class HealthSource:
    """What the health routes read: one process's database and metrics."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    metrics: Metrics = field(default_factory=Metrics)
    clock: Callable[[], datetime] = utcnow

    async def readiness(self) -> Readiness:
        return await check_readiness(
            self.settings, self.engine, self.session_factory, now=self.clock()
        )


def add_health_routes(web_app: web.Application, source: HealthSource) -> None:
    """GET /healthz, /readyz and /metrics on `web_app`."""

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_request: web.Request) -> web.Response:
        readiness = await source.readiness()
        if not readiness.ready:
            log.warning("Not ready: %s", "; ".join(readiness.problems()))
        return web.json_response(readiness.as_json(), status=200 if readiness.ready else 503)

    async def metrics(_request: web.Request) -> web.Response:
        body = await source.metrics.render(source.session_factory, now=source.clock())
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics)


@contextlib.asynccontextmanager
async def serve_health(source: HealthSource, host: str, port: int) -> AsyncIterator[str]:
    """A server of /healthz, /readyz and /metrics alone (port 0: a free one); yields its URL."""
    web_app = web.Application()
    add_health_routes(web_app, source)
    runner = web.AppRunner(web_app, handle_signals=False, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        actual = runner.addresses[0][1] if runner.addresses else port
        url = f"http://{host}:{actual}"
        log.info("Health and metrics at %s/healthz, /readyz, /metrics", url)
        yield url
    finally:
        await runner.cleanup()


@contextlib.asynccontextmanager
async def maybe_serve_health(source: HealthSource) -> AsyncIterator[str | None]:
    """serve_health on FIELDBOT_HEALTH__HOST/PORT when a port is set, else nothing."""
    section = source.settings.health
    if section.port is None:
        yield None
        return
    async with serve_health(source, section.host, section.port) as url:
        yield url


__all__ = [
    "HealthSource",
    "add_health_routes",
    "maybe_serve_health",
    "serve_health",
]
