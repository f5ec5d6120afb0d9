"""Issue 14, items 2 and 3: /metrics and /readyz on the webhook server, moved by real updates
through the sandbox."""

from __future__ import annotations

import datetime as dt

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App
from bot.domain.enums import Role
from models.tables import JobRun
from scheduler.setup import Intervals, start_scheduler
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training


def base_url(fieldbot: BotUnderTest) -> str:
    return fieldbot.webhook_url.removesuffix(fieldbot.settings.webhook.path)


async def scrape(fieldbot: BotUnderTest) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of /metrics: (name, labels) -> value."""
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{base_url(fieldbot)}/metrics") as response,
    ):
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        body = await response.text()
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_the_counters_move_with_real_updates(fieldbot: BotUnderTest) -> None:
    before = await scrape(fieldbot)
    assert value(before, "fieldbot_updates_total", kind="message", outcome="handled") == 0
    assert value(before, "fieldbot_reports", kind="training") == 0

    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    assert "Counted for Haiti" in (await jean.last()).text
    # Someone who blocked the bot: the reply fails with 403, counted by method and code.
    stranger = fieldbot.user(2002, "Stranger")
    await fieldbot.control.block(2002)
    await stranger.send("/start")

    after = await scrape(fieldbot)
    messages = value(after, "fieldbot_updates_total", kind="message", outcome="handled")
    taps = value(after, "fieldbot_updates_total", kind="callback_query", outcome="handled")
    assert messages >= 8  # every typed answer, /report and /start
    assert taps >= 8  # every button of the form, and Submit
    timed = value(after, "fieldbot_update_duration_seconds_count", kind="message")
    assert timed >= messages  # every update is timed
    assert value(after, "fieldbot_update_duration_seconds_sum", kind="message") > 0
    assert value(after, "fieldbot_reports", kind="training") == 1
    assert value(after, "fieldbot_bot_api_errors_total", method="sendMessage", code="403") == 1
    # The outbox's figures are served even with nothing in it.
    assert ("fieldbot_outbox_messages", frozenset({("status", "pending")})) in after


async def test_a_redelivered_update_counts_as_a_duplicate(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/help")
    app = fieldbot.app
    assert app is not None
    update = {
        "update_id": 777_001,
        "message": {
            "message_id": 9001,
            "date": int(dt.datetime.now(dt.UTC).timestamp()),
            "chat": {"id": 2001, "type": "private", "first_name": "Jean"},
            "from": {"id": 2001, "is_bot": False, "first_name": "Jean"},
            "text": "/help",
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": webhook_secret(app)}
    async with aiohttp.ClientSession() as http:
        for _ in range(2):
            async with http.post(fieldbot.webhook_url, json=update, headers=headers) as response:
                assert response.status == 200
    samples = await scrape(fieldbot)
    assert value(samples, "fieldbot_updates_total", kind="message", outcome="duplicate") == 1


def webhook_secret(app: App) -> str:
    secret = app.settings.webhook.secret_token
    assert secret is not None
    return secret.get_secret_value()


async def test_readyz_names_what_is_wrong_and_is_green_once_the_scheduler_runs(
    fieldbot: BotUnderTest,
) -> None:
    app = fieldbot.app
    assert app is not None
    url = f"{base_url(fieldbot)}/readyz"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{base_url(fieldbot)}/healthz") as response:
            assert response.status == 200  # alive, whatever readiness says
        async with http.get(url) as response:
            assert response.status == 503
            body = await response.json()
        assert body["ready"] is False
        assert body["checks"]["database"]["ok"] is True
        assert body["checks"]["migrations"]["ok"] is True
        assert [p.split(":")[0] for p in body["problems"]] == ["scheduler"]
        assert "no scheduler has run" in body["problems"][0]

        running = await start_scheduler(
            app.settings,
            session_factory=app.session_factory,
            plan=app.dispatcher["plan"],
            i18n=app.i18n,
            send=False,
            intervals=Intervals(first_run_seconds=3600),
        )
        try:
            async with http.get(url) as response:
                assert response.status == 200, await response.text()
                assert (await response.json())["problems"] == []
            # A job that has not succeeded for hours is named.
            long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
            async with app.session_factory() as session:
                job = await session.get(JobRun, "fieldbot.digest")
                assert job is not None
                job.last_success_at = long_ago
                await session.commit()
            async with app.session_factory() as session:
                scheduler_row = await session.get(JobRun, "fieldbot.scheduler")
                assert scheduler_row is not None
                # Started long ago, its heartbeat fresh: the job alone is late.
                scheduler_row.last_started_at = long_ago
                scheduler_row.last_success_at = dt.datetime.now(dt.UTC)
                await session.commit()
            async with http.get(url) as response:
                assert response.status == 503
                body = await response.json()
            assert body["checks"]["scheduler"]["ok"] is False
            assert "fieldbot.digest" in body["checks"]["scheduler"]["detail"]
        finally:
            await running.shutdown()
