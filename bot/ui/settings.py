"""/settings as people see it: the three taps that choose the weekly digest's day and hour."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.domain.languages import ltr, weekday_name
from bot.ui.callbacks import DigestTimeCB
from bot.ui.keyboard import Keyboard

# The hours a digest may be set to arrive at (the reader's time zone).
DIGEST_HOURS = (6, 7, 8, 9, 10, 12, 14, 16, 18)


def digest_day_choice(locale: str) -> tuple[str, InlineKeyboardMarkup]:
    """The first tap: one button per weekday."""
    kb = Keyboard()
    for day in range(7):
        kb.button(text=weekday_name(day, locale), callback_data=DigestTimeCB(d=day))
    kb.adjust(2)
    return _("Which day should your weekly digest arrive?"), kb.as_markup()


def digest_hour_choice(day: int) -> tuple[str, InlineKeyboardMarkup]:
    """The second tap: one button per hour of DIGEST_HOURS, for the day chosen."""
    kb = Keyboard()
    for hour in DIGEST_HOURS:
        kb.button(text=f"{hour:02d}:00", callback_data=DigestTimeCB(d=day, h=hour))
    kb.adjust(3)
    return _("At what time (your time zone)?"), kb.as_markup()


def digest_saved_text(day: int, hour: int, locale: str) -> str:
    """The last tap: the day and hour saved."""
    return "✅ " + _("Your digest will arrive on {day} at {time}.").format(
        day=weekday_name(day, locale), time=ltr(f"{hour:02d}:00", locale)
    )
