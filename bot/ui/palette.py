"""The colours of the page a chart is shown on (no matplotlib here: the Mini App's server
reads them from a request without loading it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

GREY = "#6E6E6E"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class Palette:
    """White for the chat; Telegram's theme for the Mini App (a white chart in a dark theme
    glares). Colours are "#rrggbb"."""

    background: str = "#ffffff"
    text: str = "#000000"
    hint: str = GREY

    @property
    def dark(self) -> bool:
        red, green, blue = (int(self.background[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.5

    @classmethod
    def of(cls, background: str, text: str, hint: str) -> Palette:
        """The theme's colours as the page sends them; white where one is not "#rrggbb"
        (the page's values are not trusted)."""
        if not all(_HEX.fullmatch(c) for c in (background, text, hint)):
            return WHITE
        return cls(background.lower(), text.lower(), hint.lower())


WHITE = Palette()
