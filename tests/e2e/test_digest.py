"""The weekly digest, from the job to the manager's phone, through the outbox and the sandbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.domain.enums import Role
from models import digest as store
from models.tables import OutboxMessage
from scheduler.jobs import Runtime, run_digests
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import seed_trainings, user_id


async def send_digests(fieldbot: BotUnderTest, now: dt.datetime) -> list[str]:
    app = fieldbot.app
    assert app is not None
    runtime = Runtime(
        session_factory=app.session_factory, plan=app.dispatcher["plan"], i18n=app.i18n
    )
    outcomes = await run_digests(runtime, now=now)
    await fieldbot.drain_outbox()
    return [outcome.status for outcome in outcomes]


async def test_a_manager_gets_one_digest_a_week_and_can_snooze_and_acknowledge(
    fieldbot: BotUnderTest,
) -> None:
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"], language_code="fr")
    await mona.send("/help")  # the chat exists; Telegram only lets a bot write to known chats
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)  # after Monday 08:00 UTC
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    digest = await mona.last()
    assert "Récapitulatif hebdomadaire" in digest.text
    assert not digest.protect_content  # forwarding allowed by default (issue 15)
    assert digest.media is not None  # with the chart of the worst indicator
    # A second run in the same week (a restart, a second scheduler): nothing more
    assert await send_digests(fieldbot, monday_noon + dt.timedelta(hours=3)) == ["exists"]
    assert len([m for m in await mona.messages() if m.media]) == 1
    assert [b.text for row in digest.buttons for b in row if "pause" in b.text] == [
        "💤 Mettre en pause…"
    ]
    await mona.tap("💤 Mettre en pause…")
    choice = await mona.last()
    assert "4 semaines" in choice.text
    await mona.tap(choice.buttons[0][0].text)
    assert "en pause jusqu" in (await mona.callback_answers())[-1]["text"]
    await mona.tap("Bien reçu")
    assert "noté" in (await mona.callback_answers())[-1]["text"]
    await mona.press("dg:snooze:9.9:2026-W48", forge=True)
    assert "plus actif" in (await mona.callback_answers())[-1]["text"]


async def test_every_indicator_the_digest_lists_can_be_snoozed(fieldbot: BotUnderTest) -> None:
    """The digest listed nine indicators, "Snooze…" offered the first eight: the ninth (the
    yearly report 3.2, at risk) could never leave the digest."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"], language_code="ar")
    await mona.send("/help")
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    digest = await mona.last()
    listed = [
        line.split()[1].strip("\u2066\u2069") for line in digest.text.splitlines()[3:] if line
    ]
    listed = [indicator for indicator in listed if indicator[0].isdigit()]
    assert len(listed) > 8
    await mona.tap("💤")
    offered = [b.text.removeprefix("💤 ") for row in (await mona.last()).buttons for b in row]
    assert offered == listed
    await mona.tap(f"💤 {listed[-1]}")
    assert listed[-1] in (await mona.callback_answers())[-1]["text"]


async def test_forged_digest_buttons_snooze_and_acknowledge_only_what_the_digest_listed(
    fieldbot: BotUnderTest,
) -> None:
    """A snooze button carries its indicator and week: a forged one snoozed any indicator of
    the plan (one the digest never listed, on track or not due, or with no week at all), and a
    forged "Acknowledge" recorded a week that never had a digest. Both now answer that the
    button is no longer active, and nothing is stored."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"])
    await mona.send("/help")
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    await mona.tap("💤 Snooze…")
    listed = [b.text.removeprefix("💤 ") for row in (await mona.last()).buttons for b in row]
    app = fieldbot.app
    assert app is not None
    plan = app.dispatcher["plan"]
    unlisted = next(d.id for d in plan.indicators if d.id not in listed)
    for forged in (
        f"dg:snooze:{unlisted}:2026-W48",  # not in that digest
        f"dg:snooze:{listed[0]}:",  # no week
        f"dg:snooze:{listed[0]}:2026-W40",  # a week without a digest
        "dg:ack::2026-W40",
    ):
        await mona.press(forged, forge=True)
        assert "no longer active" in (await mona.callback_answers())[-1]["text"], forged
    mona_id = await user_id(fieldbot, 3001)
    async with app.session_factory() as session:
        assert await store.snoozed_indicators(session, mona_id, now=monday_noon) == set()
        assert await store.acknowledged_at(session, mona_id, "2026-W40") is None
    await mona.press(f"dg:snooze:{listed[0]}:2026-W48", forge=True)  # as the button has it
    assert "Snoozed" in (await mona.callback_answers())[-1]["text"]


async def test_the_digest_day_and_time_are_chosen_in_settings(fieldbot: BotUnderTest) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/settings")
    assert "Monday at 08:00" in (await mona.last()).text
    await mona.tap("Digest day and time")
    await mona.tap("Wednesday")
    await mona.tap("07:00")
    assert "Wednesday at 07:00" in (await mona.last()).text
    await mona.send("/settings")
    assert "Wednesday at 07:00" in (await mona.last()).text


async def test_once_the_digest_slot_is_saved_settings_are_done_with(
    fieldbot: BotUnderTest,
) -> None:
    """What Mona types next is not taken for a time zone, and /cancel has nothing to cancel."""
    mona = await fieldbot.member(3002, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/settings")
    await mona.tap("Digest day and time")
    await mona.tap("Friday")
    await mona.tap("09:00")
    await mona.send("thanks")
    assert "time zone" not in (await mona.last()).text
    await mona.send("/cancel")
    assert (await mona.last()).text == "There is nothing to cancel."


async def test_a_digest_made_before_digests_kept_their_list_still_snoozes_what_it_offered(
    fieldbot: BotUnderTest,
) -> None:
    """Digests made in late November 2026 had a snooze button per indicator and no "listed"
    in their payload; since forged snoozes are refused, those buttons, still in the chats,
    answered "This button is no longer active". Their keyboard tells what they offered."""
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await seed_trainings(fieldbot, await user_id(fieldbot, 2001), ["HT"])
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"])
    await mona.send("/help")
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    assert await send_digests(fieldbot, monday_noon) == ["enqueued"]
    app = fieldbot.app
    assert app is not None
    async with app.session_factory() as session:
        row = (await session.scalars(select(OutboxMessage))).one()
        listed = list(row.payload["listed"])
        unlisted = next(d.id for d in app.dispatcher["plan"].indicators if d.id not in listed)
        old = {key: value for key, value in row.payload.items() if key != "listed"}
        snooze = [
            [{"text": f"💤 {i}", "callback_data": f"dg:snooze:{i}:2026-W48"}] for i in listed[:8]
        ]
        old["reply_markup"] = {"inline_keyboard": snooze}  # as the digests of then had it
        row.payload = old
        await session.commit()
    await mona.press(f"dg:snooze:{unlisted}:2026-W48", forge=True)  # never offered
    assert "no longer active" in (await mona.callback_answers())[-1]["text"]
    await mona.press(f"dg:snooze:{listed[0]}:2026-W48", forge=True)  # as the button has it
    assert "Snoozed" in (await mona.callback_answers())[-1]["text"]
    async with app.session_factory() as session:
        snoozed = await store.snoozed_indicators(
            session, await user_id(fieldbot, 3001), now=monday_noon
        )
    assert snoozed == {listed[0]}
