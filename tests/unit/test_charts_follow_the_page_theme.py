"""A chart for the Mini App is drawn in the colours of Telegram's theme: in the dark theme a
white chart glared in the dark page, a manager's eyes on it at night."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
from matplotlib.image import imread

from bot.ui.charts import progress_chart, shares_chart
from bot.ui.palette import WHITE, Palette

DARK = Palette.of("#232E3C", "#F5F5F5", "#708499")


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(imread(io.BytesIO(png), format="png"))[..., :3]


def _share(colour: str, pixels: np.ndarray) -> float:
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return float((np.abs(pixels - rgb).max(axis=-1) < 0.02).mean())


def _progress(palette: Palette) -> bytes:
    return progress_chart(
        palette=palette,
        title="People trained",
        actual=[(date(2025, 10, 31), 120.0), (date(2026, 2, 28), 800.0)],
        pace=[(date(2025, 10, 1), 0.0), (date(2026, 9, 30), 2000.0)],
        target=2000,
        target_label="Target",
        actual_label="Achieved",
        pace_label="Steady pace",
        today_label="Today",
        as_of=date(2026, 3, 15),
        locale="en",
        footer="Kenya · 15/03/2026",
    )


def test_a_chart_in_the_dark_theme_sits_on_the_themes_colour_with_its_text() -> None:
    pixels = _pixels(_progress(DARK))
    assert _share("#232e3c", pixels) > 0.8  # the page's card, not white
    assert _share("#ffffff", pixels) < 0.001
    assert _share("#f5f5f5", pixels) > 0.002  # the title, ticks and legend in the theme's text
    assert _share("#000000", pixels) < 0.001  # no black text on the dark page


def test_a_shares_chart_in_the_dark_theme_too() -> None:
    png = shares_chart(
        palette=DARK,
        title="Share of each field",
        shares={"justice": 48.3, "emergencies": 12.5},
        labels={"justice": "Justice", "emergencies": "Emergencies"},
        minimum=25,
        minimum_label="Minimum",
        locale="ar",
    )
    pixels = _pixels(png)
    assert _share("#232e3c", pixels) > 0.6
    assert _share("#ffffff", pixels) < 0.001
    assert _share("#56b4e9", pixels) > 0.01  # the bar in a blue that shows on a dark page


def test_the_chat_keeps_its_white_charts() -> None:
    assert _share("#ffffff", _pixels(_progress(WHITE))) > 0.8


def test_colours_the_page_did_not_send_as_hex_are_not_used() -> None:
    assert Palette.of("red", "#f5f5f5", "#708499") == WHITE
    assert Palette.of("#232e3c", "#f5f5f5", "") == WHITE
    assert Palette.of("#232e3c;x", "#f5f5f5", "#708499") == WHITE
    assert Palette.of("#232E3C", "#F5F5F5", "#708499").dark
    assert not Palette.of("#f4f4f5", "#000000", "#707579").dark
