"""A mission's card fits in one Telegram message, whatever was stored."""

from __future__ import annotations

import datetime as dt

from bot.domain.enums import MissionStatus
from bot.domain.missions import NOTES_MAX, MissionView
from bot.i18n import create_i18n
from bot.ui.missions import mission_card

TELEGRAM_LIMIT = 4096


def mission(notes: str) -> MissionView:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return MissionView(
        id=1,
        code="HT-01",
        title="T" * 200,
        country="HT",
        place="P" * 200,
        start_date=dt.date(2027, 1, 10),
        end_date=dt.date(2027, 1, 20),
        project="J" * 200,
        role="R" * 200,
        supervisor_name="S" * 128,
        supervisor_handle="@marie_joseph",
        notes=notes,
        status=MissionStatus.CONFIRMED,
        version=1,
        created_at=now,
        updated_at=now,
    )


def test_notes_stored_before_the_limit_are_shortened_on_the_card() -> None:
    i18n = create_i18n("en")
    with i18n.context(), i18n.use_locale("ar"):
        card = mission_card(mission("& " * 5000), False, dt.date(2026, 12, 1), "ar")
    shown = card.replace("&amp;", "&")  # Telegram counts the text after its HTML is parsed
    assert len(shown) < TELEGRAM_LIMIT
    assert "…" in shown
    assert shown.count("&") <= NOTES_MAX // 2


def test_notes_within_the_limit_are_shown_whole() -> None:
    i18n = create_i18n("en")
    notes = "Bring boots." * (NOTES_MAX // 12)
    with i18n.context(), i18n.use_locale("en"):
        card = mission_card(mission(notes), False, dt.date(2026, 12, 1), "en")
    assert notes in card
