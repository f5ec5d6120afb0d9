"""Issue 16: the Mini App's JSON API over HTTP, without a browser (a newcomer's machine without
Chromium still runs these): authentication, the engine's checks, one report per report id,
the scope of the role that grants each call; and the polling mode's own web server."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
import time_machine
from aiogram.utils.i18n import I18n
from sqlalchemy import func, select, update

from bot.domain.enums import Role
from bot.runner import serve_webapp
from bot.sandbox import SandboxServer
from bot.webapp.auth import sign_init_data
from models import people
from models.tables import AuditEntry, OutboxMessage, Report, User
from tests.e2e.harness import BotUnderTest, bot_settings

YESTERDAY = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)).isoformat()
EVENT = {
    "country": "SN",
    "level": "local",
    "field": "justice",
    "event_kind": "campaign",
    "event_date": YESTERDAY,
}


@dataclass
class Api:
    bot: BotUnderTest
    base: str
    http: aiohttp.ClientSession

    def init(self, telegram_id: int, *, token: str | None = None, age: float = 5) -> str:
        assert self.bot.app is not None
        return sign_init_data(
            token or self.bot.app.bot.token,
            user={"id": telegram_id, "first_name": "T", "language_code": "en"},
            auth_date=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=age),
        )

    async def call(
        self, path: str, init: str, body: dict[str, Any] | None = None
    ) -> tuple[int, Any]:
        headers = {"X-Telegram-Init-Data": init}
        if body is None:
            response = await self.http.get(self.base + path, headers=headers)
        else:
            response = await self.http.post(self.base + path, headers=headers, json=body)
        async with response:
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.read()

    async def count(self, model: Any) -> int:
        assert self.bot.app is not None
        async with self.bot.app.session_factory() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
async def api(sandbox: SandboxServer, db_url: str) -> AsyncIterator[Api]:
    settings = bot_settings(sandbox, db_url)
    settings.webapp.public_url = "https://fieldbot.example.org/webapp/"
    bot = BotUnderTest(settings, sandbox, "webhook")
    await bot.start()
    base = bot.webhook_url.removesuffix(settings.webhook.path) + "/webapp/"
    try:
        async with aiohttp.ClientSession() as http:
            yield Api(bot, base, http)
    finally:
        await bot.stop()
        await bot.control.close()


async def test_one_report_for_a_report_id_sent_twice(api: Api) -> None:
    await api.bot.member(11, "Ana", Role.FIELD_STAFF, ["SN"])
    init = api.init(11)
    body = {"report_id": str(uuid.uuid4()), "values": EVENT}
    first = await api.call("api/forms/advocacy/submit", init, body)
    again = await api.call("api/forms/advocacy/submit", init, body)
    assert first[0] == again[0] == 200
    assert (first[1]["created"], again[1]["created"]) == (True, False)
    assert first[1]["reference"] == again[1]["reference"]
    assert await api.count(Report) == 1
    assert await api.count(OutboxMessage) == 1


async def test_the_engine_checks_every_field_and_submit_refuses_a_missing_answer(
    api: Api,
) -> None:
    await api.bot.member(12, "Ana", Role.FIELD_STAFF, ["SN"])
    init = api.init(12)
    report_id = str(uuid.uuid4())
    status, checked = await api.call(
        "api/forms/advocacy/check",
        init,
        {"report_id": report_id, "values": {**EVENT, "audience": "-3"}},
    )
    assert status == 200
    assert list(checked["errors"]) == ["audience"]
    status, refused = await api.call(
        "api/forms/advocacy/submit",
        init,
        {"report_id": report_id, "values": {**EVENT, "event_date": ""}},
    )
    assert status == 422
    assert refused["errors"]["event_date"] == "This question needs an answer."
    assert await api.count(Report) == 0


async def test_an_erased_person_is_no_longer_named_by_their_refused_mini_app_calls(
    api: Api,
) -> None:
    """Revoked, Ana opened the Mini App from an old message: the refusal is audited under her
    Telegram id. Erased, she is the pseudonym there too, as everywhere else."""
    await api.bot.member(130013, "Ana", Role.FIELD_STAFF, ["SN"])
    app = api.bot.app
    assert app is not None
    async with app.session_factory() as session:
        await people.revoke(session, 130013, None, actor_user_id=None)
        await session.commit()
    assert (await api.call("api/me", api.init(130013)))[0] == 403
    async with app.session_factory() as session:
        await people.erase(session, 130013, actor_user_id=None)
        await session.commit()
        ana = await people.find_person(session, -1)
        entries = (await session.scalars(select(AuditEntry))).all()
    assert ana is not None
    assert not [e for e in entries if "130013" in f"{e.target_id} {e.details}"]
    refused = [e for e in entries if e.details.get("reason") == "not_a_member"]
    assert [(e.target_type, e.target_id) for e in refused] == [("user", str(ana.id))]


async def test_refusals(api: Api) -> None:
    await api.bot.member(13, "Ana", Role.FIELD_STAFF, ["SN"])
    await api.bot.member(14, "Max", Role.MANAGER, ["SN"])
    other_bot = "123456789:AAotherBOTotherBOTotherBOTotherBOT00"
    assert (await api.call("api/me", api.init(13, token=other_bot)))[0] == 401
    assert (await api.call("api/me", api.init(13, age=7200)))[0] == 401
    assert (await api.call("api/me", ""))[0] == 401
    assert (await api.call("api/me", api.init(99)))[0] == 403  # not a member
    # Each call needs the role that grants it, within that role's countries.
    assert (await api.call("api/indicators", api.init(13)))[0] == 403
    assert (await api.call("api/forms/training", api.init(14)))[0] == 403
    assert (await api.call("api/indicators?country=HT", api.init(14)))[0] == 403
    status, body = await api.call("api/indicators?country=SN", api.init(14))
    assert status == 200
    assert body["indicators"]
    first = body["indicators"][0]["id"]
    status, png = await api.call(f"api/indicators/{first}/chart", api.init(14))
    assert status == 200
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # Canada's sectors cannot be counted in Senegal: not listed, and no chart.
    assert "1.3" not in {row["id"] for row in body["indicators"]}
    assert (await api.call("api/indicators/1.3/chart", api.init(14)))[0] == 404


async def test_polling_mode_serves_the_mini_app_on_its_own_server(api: Api) -> None:
    assert api.bot.app is not None
    async with serve_webapp(api.bot.app, "127.0.0.1", 0) as url:
        page = await api.http.get(url, headers={"Accept-Encoding": "gzip"})
        async with page:
            assert page.status == 200
            assert "telegram-web-app.js" in await page.text()
            # Only our script and Telegram's may run on the page.
            policy = page.headers["Content-Security-Policy"]
            assert "script-src 'self' https://telegram.org/js/telegram-web-app.js;" in policy
        script = await api.http.get(url + "static/app.js")
        async with script:
            assert script.status == 200
            assert script.headers["Content-Encoding"] == "gzip"


async def test_a_report_id_sent_before_with_other_answers_is_refused_not_dropped(
    api: Api,
) -> None:
    """A page that kept an old report's id (sent meanwhile from the chat), or someone else's
    id: "saved" would have dropped these answers. 409, a new id, and the answers sent with it
    make a report."""
    await api.bot.member(21, "Ana", Role.FIELD_STAFF, ["SN"])
    await api.bot.member(22, "Ben", Role.FIELD_STAFF, ["SN"])
    report_id = str(uuid.uuid4())
    sent = await api.call(
        "api/forms/advocacy/submit", api.init(21), {"report_id": report_id, "values": EVENT}
    )
    assert sent[0] == 200
    status, local = await api.call(f"api/forms/advocacy?local={report_id}", api.init(21))
    assert status == 200
    assert local["local_sent"] is True  # the page drops the copy it kept

    for who, notes in ((21, "A second event, the next day"), (22, "Ben's own event")):
        values = {**EVENT, "notes": notes}
        status, refused = await api.call(
            "api/forms/advocacy/submit", api.init(who), {"report_id": report_id, "values": values}
        )
        assert status == 409
        assert "already sent" in refused["error"]
        fresh = {"report_id": refused["report_id"], "values": values}
        status, saved = await api.call("api/forms/advocacy/submit", api.init(who), fresh)
        assert status == 200
        assert saved["created"] is True
    assert await api.count(Report) == 3


async def test_opening_another_form_on_the_page_leaves_the_chats_report_alone(
    api: Api,
) -> None:
    from models.drafts import chat_key, read_draft
    from models.fsm import use_session

    assert api.bot.app is not None
    ana = await api.bot.member(23, "Ana", Role.FIELD_STAFF, ["HT"])
    await ana.send("/report")
    await ana.tap("Training")
    await ana.send("Jacmel")
    status, page = await api.call("api/forms/advocacy", api.init(23))
    assert status == 200
    draft = {"report_id": page["draft"]["report_id"], "values": page["draft"]["values"]}
    assert (await api.call("api/forms/advocacy/check", api.init(23), draft))[0] == 200
    key = chat_key(api.bot.app.bot.id, 23)
    async with api.bot.app.session_factory() as session:
        with use_session(session):
            kept = await read_draft(api.bot.app.dispatcher.fsm.storage, key)
    assert kept is not None
    assert (kept["form"], kept["answers"]["place"]) == ("training", "Jacmel")


async def test_a_body_too_large_or_nested_too_deep_is_refused_cleanly(api: Api) -> None:
    await api.bot.member(24, "Ana", Role.FIELD_STAFF, ["SN"])
    huge = {"report_id": str(uuid.uuid4()), "values": EVENT, "pad": "x" * 900_000}
    assert (await api.call("api/forms/advocacy/submit", api.init(24), huge))[0] == 413
    deep = b"[" * 20_000 + b"]" * 20_000  # 40 KB: within the limit, too deep for json
    response = await api.http.post(
        api.base + "api/forms/advocacy/check",
        data=deep,
        headers={"X-Telegram-Init-Data": api.init(24), "Content-Type": "application/json"},
    )
    async with response:
        assert response.status == 422
    assert await api.count(Report) == 0


async def test_a_nul_character_in_an_answer_is_left_out(api: Api) -> None:
    """No keyboard types one, and PostgreSQL's text cannot hold it: dropped, not a 500."""
    await api.bot.member(25, "Ana", Role.FIELD_STAFF, ["SN"])
    body = {"report_id": str(uuid.uuid4()), "values": {**EVENT, "notes": "a\x00b"}}
    assert (await api.call("api/forms/advocacy/submit", api.init(25), body))[0] == 200
    assert api.bot.app is not None
    async with api.bot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert report.answers["notes"] == "ab"


async def test_an_answer_sent_as_a_number_is_kept_and_one_of_another_kind_is_refused(
    api: Api,
) -> None:
    """`"audience": 500` was dropped without a word and the report saved without it."""
    await api.bot.member(26, "Ana", Role.FIELD_STAFF, ["SN"])
    body = {"report_id": str(uuid.uuid4()), "values": {**EVENT, "audience": 500}}
    assert (await api.call("api/forms/advocacy/submit", api.init(26), body))[0] == 200
    assert api.bot.app is not None
    async with api.bot.app.session_factory() as session:
        report = (await session.scalars(select(Report))).one()
    assert report.answers["audience"] == 500
    odd = {"report_id": str(uuid.uuid4()), "values": {**EVENT, "audience": {"n": 5}}}
    status, answer = await api.call("api/forms/advocacy/submit", api.init(26), odd)
    assert status == 422
    assert "audience" in str(answer)
    assert await api.count(Report) == 1


async def test_the_dashboard_takes_a_day_of_the_plan_and_says_what_its_percent_is(
    api: Api,
) -> None:
    """A year typed 0202 (or 9999) made a chart run for minutes, or fail with a 500."""
    await api.bot.member(27, "Max", Role.MANAGER, ["SN"], language_code="fr")
    for day in ("0202-12-01", "9999-12-31", "2024-12-31"):
        status, body = await api.call(f"api/indicators?as_of={day}", api.init(27))
        assert status == 422, day
        status, _png = await api.call(f"api/indicators/1.1a/chart?as_of={day}", api.init(27))
        assert status == 422, day
    status, body = await api.call("api/indicators?as_of=2026-06-30", api.init(27))
    assert status == 200
    assert (body["as_of_min"], body["as_of_max"]) == ("2025-01-01", "2029-12-31")
    count = next(row for row in body["indicators"] if row["id"] == "1.1a")
    assert count["percent_text"].endswith("of expected") or "attendue" in count["percent_text"]
    yearly = next(row for row in body["indicators"] if row["id"] == "3.1")
    assert "2026" in yearly["text"]  # which year's annual report (in January, last year's)


async def test_after_the_plans_end_the_dashboard_says_what_the_chat_says(api: Api) -> None:
    """On 10 January 2030, 3.3a's 2029 report (due on 31 December, the plan's last day) is late:
    /indicators said "off track" and "The plan ended on…", the dashboard showed the plan's last
    day, where it was "due soon, at risk", and said nothing of the end."""
    max_ = await api.bot.member(27, "Max", Role.MANAGER, [])
    with time_machine.travel(dt.datetime(2030, 1, 10, 9, tzinfo=dt.UTC), tick=True):
        await max_.send("/indicators")
        chat = (await max_.last()).text
        status, body = await api.call("api/indicators", api.init(27))
        assert status == 200
        again, picked = await api.call("api/indicators?as_of=2030-01-10", api.init(27))
    line = next(line for line in chat.splitlines() if "3.3a" in line)
    assert "🔴" in line, chat
    assert "The plan ended on Dec 31, 2029" in chat, chat
    row = next(row for row in body["indicators"] if row["id"] == "3.3a")
    assert (row["status"], row["status_label"]) == ("off_track", "off track")
    assert body["as_of"] == body["as_of_max"] == "2030-01-10"  # the date picker sends it back
    assert body["note"] == "The plan ended on Dec 31, 2029: these are its final figures."
    assert again == 200
    assert picked["indicators"] == body["indicators"]


def test_answers_sent_as_json_are_read_as_their_text() -> None:

    from bot.i18n import create_i18n
    from bot.webapp.server import _as_text

    with create_i18n().context():  # a refusal is in the request's language
        _check_answers_as_text(_as_text)


def _check_answers_as_text(_as_text: Any) -> None:
    from aiohttp import web

    assert _as_text("audience", 500) == "500"
    assert _as_text("duration", 2.5) == "2.5"
    assert _as_text("contributed", True) == "yes"
    assert _as_text("contributed", False) == "no"
    assert _as_text("field", ["justice"]) == ["justice"]
    for odd in ({"n": 5}, [1, 2], float("nan")):
        with pytest.raises(web.HTTPException):
            _as_text("audience", odd)


async def test_a_check_that_arrives_after_its_submit_leaves_no_draft(api: Api) -> None:
    """On 2G the page's last check can reach the bot after the submit: it made the sent report
    a chat draft again, whose Submit answered "saved" and stored nothing."""
    ana = await api.bot.member(91, "Ana", Role.FIELD_STAFF, ["SN"])
    init, report_id = api.init(91), str(uuid.uuid4())
    sent = {"report_id": report_id, "values": {**EVENT, "audience": "99"}}
    late = {"report_id": report_id, "values": {**EVENT, "audience": "9"}}
    assert (await api.call("api/forms/advocacy/submit", init, sent))[0] == 200
    assert (await api.call("api/forms/advocacy/check", init, late))[0] == 200
    await ana.send("/report")
    assert not (await ana.last()).has_button("Continue")  # no report in progress
    assert await api.count(Report) == 1


# -- each role, in its language ----------------------------------------------------------

STAFF_ONLY = "This page is for the organisation's staff. Send /start to the bot."


def opened(api: Api, telegram_id: int, language: str) -> str:
    assert api.bot.app is not None
    return sign_init_data(
        api.bot.app.bot.token,
        user={"id": telegram_id, "first_name": "T", "language_code": language},
        auth_date=dt.datetime.now(dt.UTC),
    )


def words(api: Api, msgid: str, locale: str) -> str:
    assert api.bot.app is not None
    i18n: I18n = api.bot.app.i18n
    return i18n.gettext(msgid, locale=locale)


async def test_a_field_officer_opening_the_dashboard_is_told_it_is_for_managers(
    api: Api,
) -> None:
    """As in the chat, where /indicators is not theirs: told whose page it is and where to
    look, never that the page "is for staff" and to send /start (they are staff)."""
    await api.bot.member(41, "Awa", Role.FIELD_STAFF, ["SN"], language_code="fr")
    for path in ("api/indicators", "api/indicators/1.1a/chart", "api/indicators?country=SN"):
        status, body = await api.call(path, opened(api, 41, "fr"))
        assert status == 403
        assert body["error"] == words(
            api,
            "The indicators are for managers and the M&E team. Send /help in the chat to see "
            "what you can do.",
            "fr",
        )
    status, me = await api.call("api/me", opened(api, 41, "fr"))
    assert (status, me["dashboard"], len(me["forms"])) == (200, False, 2)


async def test_a_manager_opening_a_report_form_is_told_who_sends_reports(api: Api) -> None:
    await api.bot.member(42, "Max", Role.MANAGER, ["SN", "HT"], language_code="ar")
    status, body = await api.call("api/forms/training", opened(api, 42, "ar"))
    assert status == 403
    assert body["error"] == words(
        api,
        "Reports are sent by field staff and the M&E team. Send /help in the chat to see what "
        "you can do.",
        "ar",
    )
    assert body["error"] != words(api, STAFF_ONLY, "ar")


async def test_a_volunteer_opening_the_app_is_told_there_is_nothing_for_them_here(
    api: Api,
) -> None:
    """The chat's menu button opens the Mini App for everyone: a volunteer got a page headed
    "Indicators" with nothing on it."""
    await api.bot.member(43, "Vo", Role.VOLUNTEER, ["SN"], language_code="ar")
    status, body = await api.call("api/me", opened(api, 43, "ar"))
    assert status == 403
    assert body["error"] == words(
        api,
        "There is nothing for your role in this app. Send /help in the chat to see what you "
        "can do.",
        "ar",
    )
    assert (body["locale"], body["dir"]) == ("ar", "rtl")  # the page turns right-to-left


async def test_a_portuguese_page_is_marked_european_portuguese(api: Api) -> None:
    """The page said lang="pt", which a phone's screen reader reads with a Brazilian voice;
    the bot writes European Portuguese (CLDR pt_PT), and the page now says so, refusals too."""
    await api.bot.member(44, "Ana", Role.MANAGER, ["MZ"], language_code="pt")
    await api.bot.member(45, "Zito", Role.VOLUNTEER, ["MZ"], language_code="pt")
    status, body = await api.call("api/me", opened(api, 44, "pt"))
    assert status == 200
    assert (body["locale"], body["lang"]) == ("pt", "pt-PT")
    status, body = await api.call("api/me", opened(api, 45, "pt"))
    assert status == 403
    assert (body["locale"], body["lang"]) == ("pt", "pt-PT")


REOPEN = "This page has expired. Close it and open it again from the chat."


async def test_every_refusal_the_page_shows_is_in_the_users_language(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An old link to a form that is gone, a page of an older version, an old phone's date
    typed by hand, a huge paste, a failure: the page shows `error` as it is, and these were
    English ("no such form", "as_of is not a date (YYYY-MM-DD)", "internal error")."""
    await api.bot.member(44, "Awa", Role.ADMIN, [], language_code="fr")
    init = opened(api, 44, "fr")
    status, body = await api.call("api/forms/sport", init)
    assert (status, body["error"]) == (404, words(api, REOPEN, "fr"))
    status, body = await api.call("api/indicators?as_of=01/12/2026", init)
    assert status == 422
    assert body["error"] == words(api, "Choose a date from {start} to {end}.", "fr").format(
        start="1 janv. 2025", end="31 déc. 2029"
    )
    for sent in (
        {"report_id": "42", "values": EVENT},
        {"report_id": str(uuid.uuid4()), "values": {**EVENT, "audience": {"n": 5}}},
    ):
        status, body = await api.call("api/forms/advocacy/submit", init, sent)
        assert (status, body["error"]) == (422, words(api, REOPEN, "fr"))
    huge = {"report_id": str(uuid.uuid4()), "values": {**EVENT, "notes": "x" * 70_000}}
    status, body = await api.call("api/forms/advocacy/submit", init, huge)
    too_long = "Your answers are too long to send. Please shorten them."
    assert (status, body["error"]) == (413, words(api, too_long, "fr"))

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("bot.webapp.dashboard.evaluate_plan", broken)
    status, body = await api.call("api/indicators", init)
    assert status == 500
    assert body["error"] == words(
        api,
        "Sorry, something went wrong on my side. What you saved before is safe; please try "
        "the last step again.",
        "fr",
    )
    assert await api.count(Report) == 0


async def test_an_expired_or_forged_page_is_refused_in_the_users_language(api: Api) -> None:
    """Telegram in Arabic on a phone set to English, the page left open overnight: "This page
    has expired" came in English, left to right (the phone's Accept-Language picked it)."""
    await api.bot.member(45, "Mariam", Role.FIELD_STAFF, ["SN"], language_code="ar")
    assert api.bot.app is not None
    overnight = sign_init_data(
        api.bot.app.bot.token,
        user={"id": 45, "first_name": "M", "language_code": "ar"},
        auth_date=dt.datetime.now(dt.UTC) - dt.timedelta(hours=10),
    )
    english_phone = {"X-Telegram-Init-Data": overnight, "Accept-Language": "en-US,en;q=0.9"}
    async with api.http.get(api.base + "api/me", headers=english_phone) as response:
        assert response.status == 401
        body = await response.json()
    assert body["error"] == words(api, REOPEN, "ar")
    assert (body["locale"], body["dir"]) == ("ar", "rtl")
    # Who chose French in the chat (/language) gets French.
    async with api.bot.app.session_factory() as session:
        await session.execute(update(User).where(User.telegram_id == 45).values(language="fr"))
        await session.commit()
    async with api.http.get(api.base + "api/me", headers=english_phone) as response:
        assert (await response.json())["error"] == words(api, REOPEN, "fr")
    # Forged (another bot's signature): nobody is known; its language only picks the words.
    forged = api.init(45, token="123456789:AAotherBOTotherBOTotherBOTotherBOT00")
    forged = forged.replace("%22language_code%22%3A%22en%22", "%22language_code%22%3A%22fr%22")
    async with api.http.get(api.base + "api/me", headers={"X-Telegram-Init-Data": forged}) as r:
        assert r.status == 401
        assert (await r.json())["error"] == words(api, REOPEN, "fr")


async def test_a_field_officer_made_manager_with_a_report_left_in_the_chat_gets_the_dashboard(
    api: Api,
) -> None:
    """The page opens the form of the chat's report in progress: for a field officer now a
    manager (field staff revoked) it opened a form they may not send, never the dashboard."""
    from models.queries import grant_role, revoke_role

    ana = await api.bot.member(46, "Ana", Role.FIELD_STAFF, ["SN"])
    await ana.send("/report")
    await ana.tap("Training")
    assert api.bot.app is not None
    async with api.bot.app.session_factory() as session:
        await grant_role(session, 46, Role.MANAGER, ["SN"], False, actor_user_id=None)
        await revoke_role(session, 46, Role.FIELD_STAFF, actor_user_id=None)
        await session.commit()
    status, me = await api.call("api/me", api.init(46))
    assert status == 200
    assert (me["forms"], me["dashboard"], me["draft_form"]) == ([], True, None)


async def test_the_chats_menu_button_opens_the_app_in_the_members_language_and_role(
    api: Api,
) -> None:
    """The button was set once for every chat, in English ("Open the form"): so for a French
    field officer, for a manager (it opens the indicators), and for a volunteer, whom it
    took to a page with nothing for them."""
    from aiogram.types import MenuButtonCommands, MenuButtonWebApp

    assert api.bot.app is not None
    telegram = api.bot.app.bot
    awa = await api.bot.member(47, "Awa", Role.FIELD_STAFF, ["SN"], language_code="fr")
    layla = await api.bot.member(48, "Layla", Role.MANAGER, ["SN", "HT"], language_code="ar")
    vo = await api.bot.member(49, "Vo", Role.VOLUNTEER, ["SN"], language_code="sw")
    for who in (awa, layla, vo):
        await who.send("/start")
    button = await telegram.get_chat_menu_button(chat_id=47)
    assert isinstance(button, MenuButtonWebApp)
    assert button.text == words(api, "Open the form", "fr")
    assert button.web_app.url == "https://fieldbot.example.org/webapp/"
    button = await telegram.get_chat_menu_button(chat_id=48)
    assert isinstance(button, MenuButtonWebApp)
    assert button.text == words(api, "Indicators", "ar")
    assert isinstance(await telegram.get_chat_menu_button(chat_id=49), MenuButtonCommands)
    # A new language: the button's words follow.
    await awa.send("/language")
    await awa.tap("Español")
    button = await telegram.get_chat_menu_button(chat_id=47)
    assert isinstance(button, MenuButtonWebApp)
    assert button.text == words(api, "Open the form", "es")


async def test_a_member_whose_role_was_revoked_is_refused_in_their_own_language(
    api: Api,
) -> None:
    """They chose Arabic in the chat; Telegram is in English: the refusal was English, and
    said nothing of the direction the page should take."""
    from models.queries import revoke_role

    await api.bot.member(50, "Mariam", Role.FIELD_STAFF, ["SN"], language_code="en")
    assert api.bot.app is not None
    async with api.bot.app.session_factory() as session:
        await session.execute(update(User).where(User.telegram_id == 50).values(language="ar"))
        await revoke_role(session, 50, Role.FIELD_STAFF, actor_user_id=None)
        await session.commit()
    status, body = await api.call("api/forms/training", opened(api, 50, "en"))
    assert status == 403
    assert body["error"] == words(api, STAFF_ONLY, "ar")
    assert (body["locale"], body["dir"]) == ("ar", "rtl")


@pytest.mark.parametrize(
    "draft",
    [
        {"form": "training", "editing": True, "report_id": str(uuid.uuid4()), "answers": {}},
        {"form": "sport_day", "report_id": str(uuid.uuid4()), "answers": {"country": "SN"}},
    ],
    ids=["an edit of a sent report", "a form that is gone"],
)
async def test_the_page_opens_only_a_chat_draft_it_can_continue(
    api: Api, draft: dict[str, Any]
) -> None:
    """The page went straight to the draft's form: for an edit of a sent report (which the
    page leaves to the chat) that was a blank form, a second report in the making; for a
    form gone since, "This page has expired" each time it was opened."""
    from models.drafts import chat_key, write_draft
    from models.fsm import use_session

    assert api.bot.app is not None
    await api.bot.member(60, "Ana", Role.FIELD_STAFF, ["SN"])
    key = chat_key(api.bot.app.bot.id, 60)
    async with api.bot.app.session_factory() as session:
        with use_session(session):
            await write_draft(api.bot.app.dispatcher.fsm.storage, key, draft, None)
        await session.commit()
    status, me = await api.call("api/me", api.init(60))
    assert (status, me["draft_form"]) == (200, None)


async def test_the_page_checking_a_report_the_chat_is_asking_about_leaves_its_question(
    api: Api,
) -> None:
    """The page's report continued in the chat, the page still open: each check of the page's
    answers cleared the chat's question, whose next tap said 'This button is no longer
    active.' The question now stays asked while it applies."""
    ana = await api.bot.member(95, "Ana", Role.FIELD_STAFF, ["SN"])
    await ana.send("/report")
    await ana.tap("Advocacy")
    assert "At what level?" in (await ana.last()).text
    status, page = await api.call("api/forms/advocacy", api.init(95))
    assert status == 200
    values = {**page["draft"]["values"], "notes": "Typed on the page"}
    body = {"report_id": page["draft"]["report_id"], "values": values}
    assert (await api.call("api/forms/advocacy/check", api.init(95), body))[0] == 200
    await ana.tap("Local")
    assert "Which field of activity?" in (await ana.last()).text

    # The page answered the chat's question meanwhile: the chat goes on to the next one.
    body["values"] = {**values, "level": "local", "field": "justice"}
    assert (await api.call("api/forms/advocacy/check", api.init(95), body))[0] == 200
    await ana.tap("Justice")
    assert "What happened?" in (await ana.last()).text


async def test_a_report_sent_from_the_chat_then_from_the_page_is_confirmed_once(api: Api) -> None:
    """The page's report finished and sent in the chat (which confirmed it), then Send tapped
    on the page still open with the same answers: one report, but a second '✅ saved' in the
    chat, from the page's confirmation (the officer counted two reports)."""
    ana = await api.bot.member(96, "Ana", Role.FIELD_STAFF, ["SN"])
    init = api.init(96)
    status, page = await api.call("api/forms/advocacy", init)
    body = {"report_id": page["draft"]["report_id"], "values": dict(EVENT)}
    assert (await api.call("api/forms/advocacy/check", init, body))[0] == 200
    await ana.send("/report")
    await ana.tap("Continue")
    for _ in range(6):  # the optional questions, then the card
        if (await ana.last()).has_button("✅ Submit"):
            break
        await ana.tap("Skip")
    await ana.tap("✅ Submit")
    assert await api.count(Report) == 1

    status, sent = await api.call("api/forms/advocacy/submit", init, body)
    assert (status, sent["created"]) == (200, False)
    assert await api.count(OutboxMessage) == 0  # the chat confirmed it already
