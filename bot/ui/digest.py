"""The digest's buttons as a manager meets them in the chat: the snooze choice."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.utils.i18n import ngettext

from bot.domain.languages import (
    ltr,
)
from bot.ui.callbacks import DigestAction, DigestCB
from bot.ui.keyboard import Keyboard

# "Snooze…" offers every indicator the digest listed (worst first), up to Telegram's limit of
# 100 buttons in one keyboard (it offered the first 8: a ninth listed could never be snoozed).
MAX_SNOOZE_CHOICES = 100


def snooze_choice(
    period: str, indicator_ids: Sequence[str], weeks: int, locale: str
) -> dict[str, Any]:
    """The message "Snooze…" opens: one button per indicator listed in that digest."""
    text = ngettext(
        "Which indicator should leave your digest for {count} week?",
        "Which indicator should leave your digest for {count} weeks?",
        weeks,
    ).format(count=ltr(str(weeks), locale))
    kb = Keyboard()
    for indicator_id in indicator_ids[:MAX_SNOOZE_CHOICES]:
        kb.button(
            text="💤 " + indicator_id,
            callback_data=DigestCB(a=DigestAction.SNOOZE, i=indicator_id, p=period),
        )
    kb.adjust(4)
    return {"text": text, "reply_markup": kb.as_markup()}


def listed_in(payload: dict[str, Any]) -> list[str]:
    """The indicators a digest's payload listed: its "listed"; a digest made before payloads
    kept that list (late November 2026) had a snooze button per indicator in its keyboard,
    and those buttons, still in the chat, snooze what they name."""
    if "listed" in payload:
        listed = payload["listed"]
        return [i for i in listed if isinstance(i, str)] if isinstance(listed, list) else []
    keyboard = payload.get("reply_markup")
    rows = keyboard.get("inline_keyboard") if isinstance(keyboard, dict) else None
    named: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        for button in row if isinstance(row, list) else []:
            data = button.get("callback_data") if isinstance(button, dict) else None
            try:
                tap = DigestCB.unpack(data) if isinstance(data, str) else None
            except (TypeError, ValueError):
                continue
            if tap is not None and tap.a == DigestAction.SNOOZE:
                named.append(tap.i)
    return named
