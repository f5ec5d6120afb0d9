"""Inline keyboards, built as aiogram's InlineKeyboardBuilder builds them, minus its cost.

aiogram's builder deep-copies every button laid out so far each time one is added (and again on
`adjust` and `as_markup`): a review card of 16 buttons took 5 ms of CPU per update. Buttons are
never changed once made, so copying the rows is enough.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.keyboard import InlineKeyboardBuilder

# Characters a button label shows on a phone at half the chat's width before Telegram cuts it
# with an ellipsis (about 20 on a 360 px screen).
HALF_WIDTH = 20


def side_by_side(*labels: str) -> int:
    """Buttons per row for these labels: two when every one of them shows whole at half width,
    otherwise one (a Malagasy "Revoke: <role>" of 50 characters was cut to its first words)."""
    return 2 if all(len(label) <= HALF_WIDTH for label in labels) else 1


class Keyboard(InlineKeyboardBuilder):
    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]
