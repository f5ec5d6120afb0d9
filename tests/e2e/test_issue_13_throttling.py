"""Issue 13, part 4: invitation codes and messages cannot be tried without limit.

Observed: 200 wrong codes from one account in 35 s and 300 from 300 accounts in 4.5 s were all
answered, each adding an audit row. Now a flood gets one polite message in the sender's
language, then silence until its window has passed, and one audit entry."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.domain.clock import utcnow
from bot.domain.enums import AuditAction, Role
from bot.throttle import Throttle
from models.tables import AuditEntry
from tests.e2e.harness import BotUnderTest
from tests.factories import MovableClock


def clock_of(fieldbot: BotUnderTest) -> MovableClock:
    assert fieldbot.app is not None
    throttle: Throttle = fieldbot.app.dispatcher["throttle"]
    clock = MovableClock(utcnow())
    throttle.clock = clock
    return clock


async def audit(fieldbot: BotUnderTest, action: AuditAction) -> list[dict[str, Any]]:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        statement = select(AuditEntry.details).where(AuditEntry.action == action.value)
        return list((await session.scalars(statement)).all())


async def test_wrong_codes_in_french_get_answers_then_one_notice_then_silence_until_later(
    fieldbot: BotUnderTest,
) -> None:
    clock = clock_of(fieldbot)
    code = await fieldbot.invite_code(Role.FIELD_STAFF)
    jean = fieldbot.user(2101, "Jean", language_code="fr")
    for attempt in range(12):
        await jean.send(f"/start FAUX{attempt:018d}")
    texts = [m.text for m in await jean.messages()]
    assert len(texts) == 6
    assert all("code d’invitation n’est pas valide" in text for text in texts[:5])
    assert texts[5] == (
        "Trop de tentatives avec des codes d’invitation. Réessayez dans 10 minutes."
    )

    clock.now += timedelta(minutes=9, seconds=59)
    await jean.send(f"/start {code}")  # even the right code waits for the window's end
    assert len(await jean.messages()) == 6

    clock.now += timedelta(seconds=1)
    await jean.send(f"/start {code}")
    assert any("Bienvenue, Jean" in m.text for m in (await jean.messages())[6:])


async def test_two_hundred_wrong_codes_from_one_account_get_six_answers_and_six_audit_rows(
    fieldbot: BotUnderTest,
) -> None:
    mallory = fieldbot.user(2201, "Mallory", language_code="en")
    for attempt in range(200):
        await mallory.send(f"/start WRONG{attempt:017d}")
    texts = [m.text for m in await mallory.messages()]
    assert len(texts) == 6
    assert texts[-1] == (
        "Too many attempts with invitation codes. Please try again in 10 minutes."
    )
    assert len(await audit(fieldbot, AuditAction.INVITE_REJECTED)) == 5
    [flood] = await audit(fieldbot, AuditAction.INVITE_THROTTLED)
    assert (flood["scope"], flood["attempts"]) == ("account", 195)


async def test_three_hundred_accounts_get_sixty_answers_and_thirty_one_audit_rows(
    fieldbot: BotUnderTest,
) -> None:
    crowd = [fieldbot.user(3000 + i, f"U{i}", language_code="es") for i in range(300)]
    await asyncio.gather(*(u.send(f"/start WRONG{i:017d}") for i, u in enumerate(crowd)))
    received = [await u.messages() for u in crowd]
    answers = [m.text for messages in received for m in messages]
    # 30 wrong codes a minute are checked and answered; 30 more people are told to wait.
    assert len(answers) == 60
    assert sum("no es válido" in text for text in answers) == 30
    assert sum("Demasiados intentos" in text for text in answers) == 30
    assert max(len(messages) for messages in received) == 1
    assert len(await audit(fieldbot, AuditAction.INVITE_REJECTED)) == 30
    [flood] = await audit(fieldbot, AuditAction.INVITE_THROTTLED)
    assert (flood["scope"], flood["attempts"]) == ("all", 270)


async def test_a_member_typing_too_fast_gets_one_notice_and_is_read_again_a_minute_later(
    fieldbot: BotUnderTest,
) -> None:
    clock = clock_of(fieldbot)
    amina = await fieldbot.member(2301, "Amina", Role.FIELD_STAFF, ["HT"], language_code="pt")
    for i in range(30):
        await amina.send(f"resposta {i}")
    texts = [m.text for m in await amina.messages()]
    assert len(texts) == 21
    assert texts[-1].startswith("Demasiadas mensagens de uma vez. Aguarde 1 minuto")
    assert len(await audit(fieldbot, AuditAction.MESSAGES_THROTTLED)) == 1

    clock.now += timedelta(minutes=1)
    await amina.send("/help")
    assert len(await amina.messages()) == 22
    assert "Demasiadas" not in (await amina.last()).text


async def test_an_album_counts_as_one_message_not_one_per_photo(fieldbot: BotUnderTest) -> None:
    """Ten photos of the attendance sheets sent at once are ten messages: counted each, with
    the answers typed after them, the officer was told to wait and the answers were dropped."""
    amina = await fieldbot.member(2302, "Amina", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await amina.send("/report")
    await amina.tap("Formation")
    for album in ("13800000000000001", "13800000000000002"):
        for _ in range(10):
            await amina.send_photo(media_group_id=album)
    for place in ("Jacmel", "Les Cayes", "Jérémie", "Hinche"):
        await amina.send("/help")
        await amina.send(place)  # refused as a place would be fine; silence is not
    said = [m.text for m in await amina.messages()]
    assert not any(text.startswith("Trop de messages") for text in said), said[-1]
    assert len(await audit(fieldbot, AuditAction.MESSAGES_THROTTLED)) == 0


async def test_a_guest_s_album_still_counts_one_message_per_photo(fieldbot: BotUnderTest) -> None:
    """Each photo of a guest is answered: each counts, album or not."""
    guest = fieldbot.user(2303, "Visitor", language_code="fr")
    for _ in range(3):
        for _ in range(10):
            await guest.send_photo(media_group_id="13800000000000009")
    assert len(await guest.messages()) == 21
    assert (await guest.last()).text.startswith("Trop de messages")
