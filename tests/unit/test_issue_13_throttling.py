"""Issue 13, part 4: what the throttle counts, its windows, its settings and its message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.domain.languages import SUPPORTED_LOCALES
from bot.i18n import create_i18n
from bot.settings import Settings
from bot.throttle import (
    Kind,
    Limit,
    MemoryCounters,
    Rule,
    classify,
    notice_text,
    rules_from_settings,
)
from tests.factories import MovableClock

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
JEAN = User(id=7, is_bot=False, first_name="Jean", language_code="fr")


def message(text: str | None) -> Update:
    return Update(
        update_id=1,
        message=Message(
            message_id=1, date=T0, chat=Chat(id=7, type="private"), from_user=JEAN, text=text
        ),
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("/start AbC-12_x", Kind.INVITE),
        ("/start@fieldbot_bot AbC", Kind.INVITE),
        ("/start <script>", Kind.INVITE),  # malformed codes are attempts too
        ("/START AbC", Kind.INVITE),  # the /start filter ignores case: so must the limit
        ("/Start@Fieldbot_bot AbC", Kind.INVITE),
        ("/start", Kind.MESSAGE),
        ("/help", Kind.MESSAGE),
        ("douze", Kind.MESSAGE),
        (None, Kind.MESSAGE),  # a photo, a sticker...
    ],
)
def test_what_is_an_invitation_attempt_and_what_a_message(text: str | None, kind: Kind) -> None:
    assert classify(message(text)) is kind


def test_button_taps_are_not_counted() -> None:
    tap = Update(
        update_id=2,
        callback_query=CallbackQuery(id="1", from_user=JEAN, chat_instance="c", data="x"),
    )
    assert classify(tap) is None


async def test_a_window_starts_at_its_first_hit_and_ends_after_its_length() -> None:
    clock = MovableClock(T0)
    counters = MemoryCounters(clock)
    assert (await counters.hit("k", 600)).count == 1
    clock.now += timedelta(minutes=4)
    hit = await counters.hit("k", 600)
    assert (hit.count, hit.reset_in) == (2, 360)
    await counters.undo("k")
    assert (await counters.hit("k", 600)).count == 2
    clock.now += timedelta(minutes=6)
    assert (await counters.hit("k", 600)).count == 1  # a new window


async def test_remembered_values_end_with_their_window_and_ended_windows_are_swept() -> None:
    clock = MovableClock(T0)
    counters = MemoryCounters(clock)
    await counters.remember("entry", 41, 60)
    await counters.hit("other", 60)
    assert await counters.recall("entry") == 41
    clock.now += timedelta(seconds=61)
    assert await counters.recall("entry") is None
    await counters.hit("fresh", 60)
    clock.now += timedelta(seconds=MemoryCounters.SWEEP_SECONDS)
    await counters.hit("fresh", 600)
    assert set(counters._windows) == {"fresh"}  # memory stays bounded by the live windows
    assert counters._values == {}


def test_the_default_limits_and_their_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = rules_from_settings(Settings(_env_file=None))
    assert rules[Kind.INVITE] == Rule(account=Limit(5, 600), everybody=Limit(30, 60))
    assert rules[Kind.MESSAGE] == Rule(account=Limit(20, 60), everybody=Limit(600, 60))
    monkeypatch.setenv("FIELDBOT_THROTTLE__INVITE_PER_ACCOUNT", "3")
    monkeypatch.setenv("FIELDBOT_THROTTLE__INVITE_ACCOUNT_WINDOW_MINUTES", "30")
    monkeypatch.setenv("FIELDBOT_THROTTLE__MESSAGES_GLOBAL_PER_MINUTE", "0")
    rules = rules_from_settings(Settings(_env_file=None))
    assert rules[Kind.INVITE].account == Limit(3, 1800)
    assert rules[Kind.MESSAGE].everybody.count == 0  # off


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
@pytest.mark.parametrize("kind", list(Kind))
def test_the_notice_is_translated_and_says_how_long_to_wait(locale: str, kind: Kind) -> None:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        english = notice_text(kind, 10, "en")
    with i18n.context(), i18n.use_locale(locale):
        one, ten = notice_text(kind, 1, locale), notice_text(kind, 10, locale)
    assert "10" in ten
    assert one != ten
    if locale != "en":
        assert ten != english
