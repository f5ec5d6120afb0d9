"""Issue 13, observation 2: text that is not ours never breaks a message.

HTML-like and entity-like text goes through every flow where a person's words, an imported cell
or a display name reach a message: the invitation (its countries step included), the report
answers (the review card, /myreports, the history), a mission import (/missions, the assignment
notification through the outbox), names shown to others (/assign), the weekly digest. The
sandbox parses HTML as Telegram does: not one call may be refused, and each reader sees the
words exactly as they were typed. A message Telegram still refuses for its formatting reaches
the reader as plain text.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.domain.enums import OutboxStatus, Role
from bot.sandbox import SimUser
from bot.services import import_missions_file
from models.tables import OutboxMessage
from tests.e2e.harness import BotUnderTest, members_today
from tests.e2e.test_digest import send_digests
from tests.e2e.test_indicators import seed_trainings, user_id

# Each one alone makes Telegram answer 400 "can't parse entities", or shows the wrong words.
SAMPLES = ("<b>", "<6253740", "a & b", "&lt;", "</i>", "<a href=x>", ">")
# All of them in one text.
NASTY = " ".join(SAMPLES)  # '<b> <6253740 a & b &lt; </i> <a href=x> >'
LINK = re.compile(r"https://t\.me/\w+\?start=([A-Za-z0-9_-]+)")


async def assert_nothing_refused(fieldbot: BotUnderTest) -> None:
    """No Bot API call of the whole test was refused (no 400, no "can't parse entities")."""
    refused = [
        (call.method, call.status, call.error)
        for call in await fieldbot.control.calls()
        if call.status is None or call.status >= 400
    ]
    assert refused == []


async def outbox_statuses(fieldbot: BotUnderTest) -> list[str]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        rows = (await session.scalars(select(OutboxMessage.status))).all()
    return [str(OutboxStatus(status).value) for status in rows]


async def test_invitation_by_chat_with_html_in_the_countries_and_the_name(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(1001, NASTY, Role.ADMIN)
    await amina.send("/start")
    assert f"Welcome back, {NASTY}!" in (await amina.last()).text
    await amina.send("/invite")
    await amina.tap("Field staff")
    await amina.send("HT <NE>")  # observation 2, word for word
    assert "I don't know these country codes: <NE>." in (await amina.last()).text
    for sample in (*SAMPLES, NASTY):
        await amina.send(sample)
        refusal = (await amina.last()).text
        assert "I don't know these country codes" in refusal, sample
    await amina.send(" ".join(f"<X{n}>" for n in range(40)))  # many: only the first few echoed
    assert "<X9>, …." in (await amina.last()).text
    await amina.send("HT, NE")
    await amina.tap("7 days")
    card = (await amina.last()).text
    match = LINK.search(card)
    assert match is not None, card

    newcomer = fieldbot.user(2001, "<b>Jean", last_name="& </i>")
    await newcomer.send(f"/start {match.group(1)}")
    assert "Welcome, <b>Jean!" in (await newcomer.messages())[-2].text
    await assert_nothing_refused(fieldbot)


async def _answer_training(officer: SimUser) -> None:
    """A training whose every typed answer is HTML-like, up to the review card."""
    await officer.send("/report")
    await officer.tap("Training")
    await officer.send("<6253740")  # the country, by typing: no match, echoed back
    assert "No country matches “<6253740”" in (await officer.last()).text
    await officer.send("<0> & <1>")
    assert "No country matches “<0> & <1>”" in (await officer.last()).text
    await officer.tap("Haiti")
    await officer.send(NASTY)  # place
    await officer.tap("Justice")
    await officer.tap("Social sector workers")
    await officer.tap("Training session")
    await officer.tap("Yes")
    await officer.tap("Yesterday")
    await officer.tap("Days")
    await officer.send("<b>2</b>")  # not a number: refused and asked again
    await officer.send("2")
    await officer.send("12")
    await officer.send("8")
    await officer.send("0")
    await officer.send("a & b </i> &lt;")  # partner organisation
    await officer.tap("Skip")  # pre-test score
    await officer.tap("Skip")  # post-test score
    await officer.send("<a href=x> > <6253740")  # notes


async def test_report_answers_on_the_review_card_in_myreports_and_in_the_history(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(2001, "<i>Jean &amp;", Role.FIELD_STAFF, ["HT", "NE"])
    await _answer_training(jean)
    review = (await jean.last()).text
    assert "Check this report" in review
    assert f"Place: {NASTY}" in review
    assert "Partner: a & b </i> &lt;" in review
    assert "<a href=x> > <6253740" in review
    await jean.tap("Submit")
    assert "Counted for Haiti" in (await jean.last()).text

    await jean.send("/myreports")
    await jean.tap("Haiti")
    card = (await jean.last()).text
    assert f"Place: {NASTY}" in card
    assert "<a href=x> > <6253740" in card
    await jean.tap("Edit")
    await jean.tap("Change: Place")
    await jean.send("</i> &amp; <6253740 <b>")
    assert "Place: </i> &amp; <6253740 <b>" in (await jean.last()).text
    await jean.tap("Save changes")
    assert "version 2" in (await jean.last()).text

    mona = await fieldbot.member(3001, "<b>Mona", Role.MANAGER, ["HT"])
    await mona.send("/reports")
    await mona.tap("Haiti")
    assert "Place: </i> &amp; <6253740 <b>" in (await mona.last()).text
    await mona.tap("History")
    history = (await mona.last()).text
    assert "Version 2" in history
    assert "Place: </i> &amp; <6253740 <b>" in history  # the answer that changed
    await assert_nothing_refused(fieldbot)


HEADER = (
    "code,title,country,place,start_date,end_date,project,role,supervisor_name,"
    "supervisor_handle,notes,status,volunteers\n"
)


async def test_an_imported_mission_reaches_its_volunteers_and_missions_works(
    fieldbot: BotUnderTest, tmp_path: Path
) -> None:
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN)  # imports are done by an admin
    lova = await fieldbot.member(4001, "<6253740", Role.VOLUNTEER, ["MG"])
    await lova.send("/help")  # the chat exists
    start = (members_today() + dt.timedelta(days=20)).isoformat()
    end = (members_today() + dt.timedelta(days=30)).isoformat()
    title = "Formation <6253740"  # observation 2, word for word
    sheet = tmp_path / "missions.csv"
    cells = [
        "MG-<1> & b",
        title,
        "MG",
        "<b>Toamasina",
        start,
        end,
        "</i> project",
        "<a href=x>",
        "a & b >",
        "@hery_ibcr",
        "&lt;notes&gt; <6253740",
        "confirmed",
        "4001",
    ]
    sheet.write_text(HEADER + ",".join(f'"{cell}"' for cell in cells) + "\n", encoding="utf-8")
    result = await import_missions_file(fieldbot.settings, sheet)
    assert (result.created, result.errors) == (1, [])

    await fieldbot.drain_outbox()
    assert await outbox_statuses(fieldbot) == ["sent"]  # not pending for ever
    notice = await lova.last()
    assert "You are assigned to a mission." in notice.text
    for cell in (title, "MG-<1> & b", "<b>Toamasina", "</i> project", "<a href=x>", "a & b >"):
        assert cell in notice.text
    assert "&lt;notes&gt; <6253740" in notice.text

    await lova.send("/missions")
    listing = await lova.last()
    assert any(title in text for text in listing.button_texts())
    await lova.tap(title)
    card = (await lova.last()).text
    assert title in card
    assert "&lt;notes&gt; <6253740" in card
    await lova.tap("Acknowledge")
    assert "You have acknowledged this mission." in (await lova.last()).text

    # An admin assigns another volunteer, whose name is shown in the list and the answer.
    eve = await fieldbot.member(4002, "</i> & <b>Eve", Role.VOLUNTEER, ["MG"])
    await eve.send("/help")
    await amina.send("/assign")
    await amina.tap("MG-<1> & b")
    assert "\u2068</i> & <b>Eve\u2069" in (await amina.last()).button_texts()  # isolated
    await amina.tap("</i> & <b>Eve")
    assert "</i> & <b>Eve is assigned to MG-<1> & b." in (await amina.last()).text
    await fieldbot.drain_outbox()
    assert title in (await eve.last()).text
    assert await outbox_statuses(fieldbot) == ["sent", "sent"]
    await assert_nothing_refused(fieldbot)


async def test_the_digest_of_a_manager_with_an_html_like_name(fieldbot: BotUnderTest) -> None:
    await fieldbot.member(2001, "<b>Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    mona = await fieldbot.member(3001, NASTY, Role.MANAGER, ["HT", "NE"], language_code="ar")
    await mona.send("/help")
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    assert (await mona.last()).media is not None
    assert await outbox_statuses(fieldbot) == ["sent"]
    await assert_nothing_refused(fieldbot)


async def test_a_reply_telegram_cannot_parse_arrives_as_plain_text(
    fieldbot: BotUnderTest, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The last resort: a template gone wrong still reaches the reader, without formatting."""
    import handlers.fallback

    broken = "<b>Hello</b> <6253740 &amp; <i>welcome</i>"
    monkeypatch.setattr(handlers.fallback, "guest_text", lambda: broken)
    guest = fieldbot.user(5001, "Guest")
    await guest.send("hello")
    reply = await guest.last()
    assert reply.text == "Hello <6253740 & welcome"
    assert reply.parse_mode is None
    calls = [(c.method, c.status) for c in await fieldbot.control.calls("sendMessage")]
    assert calls == [("sendMessage", 400), ("sendMessage", 200)]
    refused = [c.error for c in await fieldbot.control.calls("sendMessage") if c.error]
    assert "can't parse entities" in refused[0]
    assert any(
        r.levelname == "WARNING" and "as plain text" in r.getMessage() for r in caplog.records
    )


def test_a_long_history_stays_one_message_telegram_accepts() -> None:
    """Ten versions that each rewrite every long answer: the newest changes are shown, in a
    text well under Telegram's 4096 characters, and the HTML parses."""
    import uuid

    from bot.domain.reports import ReportView
    from bot.i18n import create_i18n
    from bot.sandbox.validation import parse_html
    from bot.ui.reports import history_text
    from models.reports import ReportVersionView

    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    answers = [
        {
            "country": "HT",
            "place": f"{n} {NASTY} " * 20,
            "partner": f"{n} <6253740 " * 30,
            "notes": f"{n} a & b " * 50,
        }
        for n in range(10)
    ]
    report = ReportView(
        id=uuid.uuid4(),
        kind="training",
        form_id="training",
        form_version=1,
        author_user_id=1,
        country="HT",
        field="justice",
        event_date=now.date(),
        answers=answers[-1],
        version=10,
        submitted_at=now,
        updated_at=now,
    )
    versions = [
        ReportVersionView(
            version=n + 1, answers=answers[n], form_version=1, edited_by_user_id=1, created_at=now
        )
        for n in range(10)
    ]
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        text = history_text(report, versions, "en")
    shown, _entities = parse_html(text)
    assert len(shown) < 4096
    assert "Version 10" in shown
    assert "Place: 9 <b> <6253740" in shown  # the newest change is shown, escaped
    assert shown.splitlines()[1:4] == [
        "Version 1: Nov 30, 2026, 12:00\u202fAM · —",
        "Version 2: Nov 30, 2026, 12:00\u202fAM · —",
        "…",
    ]
