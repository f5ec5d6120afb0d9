"""PNG charts for the indicator reports: progress towards a target, and shares by field.

Built on matplotlib's object API (`Figure` + the Agg canvas), never pyplot: no global state, so
charts can be drawn from several threads or tasks at once. Every visible string comes in
translated; numbers and dates are formatted here with Babel in the caller's locale.

Arabic: matplotlib 3.11 lays text out with libraqm (HarfBuzz shaping, FriBiDi reordering), so
Arabic labels are passed as they are; reshaping them beforehand (arabic_reshaper, python-bidi)
would reorder them a second time. DejaVu Sans, bundled with matplotlib, has the Arabic glyphs.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# ~1000×700 px: fills a phone screen in landscape and stays legible in portrait.
_SIZE_INCHES = (10.0, 7.0)
_DPI = 100
_FONT = "DejaVu Sans"
_TITLE_SIZE = 24
_LABEL_SIZE = 18
_TICK_SIZE = 16
_LINE_WIDTH = 4.5
_MAX_DATE_TICKS = 7

# Colour-blind-safe (Okabe-Ito) colours.
_BLUE = "#0072B2"
_ORANGE = "#E69F00"
_VERMILION = "#D55E00"
_GREEN = "#009E73"
_GREY = "#6E6E6E"


@dataclass(frozen=True)
class ProgressSeries:
    title: str
    points: Sequence[tuple[date, float]]  # cumulative actual values by date


def _text(**extra: Any) -> dict[str, Any]:
    """Font settings passed to every text element, so that no rcParams are relied on."""
    return {"fontfamily": _FONT, **extra}


def _x(day: date) -> float:
    """A date as an x coordinate: its day number (ticks and labels are placed by hand)."""
    return float(day.toordinal())


def _new_figure() -> Figure:
    figure = Figure(figsize=_SIZE_INCHES, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor="white")
    return buffer.getvalue()


def _number(value: float, locale: str) -> str:
    return str(format_decimal(round(value, 1), locale=locale))


def _percent(value: float, locale: str) -> str:
    """A share given in percent (25.0) as the locale writes it ("25 %", "25%")."""
    return str(format_percent(value / 100, locale=locale))


def _month_ticks(first: date, last: date) -> list[date]:
    """First days of the months within [first, last], thinned to at most _MAX_DATE_TICKS."""
    months: list[date] = []
    current = date(first.year, first.month, 1)
    if current < first:
        current = (current + timedelta(days=32)).replace(day=1)
    while current <= last:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    if not months:
        return [first, last] if first != last else [first]
    step = -(-len(months) // _MAX_DATE_TICKS)  # ceiling division
    return months[::step]


def _month_label(day: date, first_tick: bool, locale: str) -> str:
    # The year on the first tick and on each January, the month alone elsewhere.
    skeleton = "MMMy" if first_tick or day.month == 1 else "MMM"
    return str(format_skeleton(skeleton, day, locale=locale))


def progress_chart(
    *,
    title: str,
    actual: Sequence[tuple[date, float]],
    pace: Sequence[tuple[date, float]],
    target: float,
    target_label: str,
    actual_label: str,
    pace_label: str,
    today_label: str,
    as_of: date,
    locale: str,
) -> bytes:
    """PNG: the cumulative actual line against the expected pace and the target."""
    figure = _new_figure()
    axes = figure.add_subplot()
    days = [day for day, _ in (*actual, *pace)] + [as_of]
    first, last = min(days), max(days)
    if first == last:
        last = first + timedelta(days=1)

    if pace:
        axes.plot(
            [_x(day) for day, _ in pace],
            [value for _, value in pace],
            color=_GREY,
            linestyle="--",
            linewidth=_LINE_WIDTH * 0.7,
            label=pace_label,
        )
    if actual:
        xs = [_x(day) for day, _ in actual]
        ys = [value for _, value in actual]
        axes.plot(xs, ys, color=_BLUE, linewidth=_LINE_WIDTH, label=actual_label)
        axes.plot(xs[-1:], ys[-1:], marker="o", markersize=12, color=_BLUE)
        axes.annotate(
            _number(ys[-1], locale),
            (xs[-1], ys[-1]),
            xytext=(0, 14),
            textcoords="offset points",
            ha="center",
            color=_BLUE,
            fontweight="bold",
            **_text(fontsize=_LABEL_SIZE),
        )
    axes.axhline(
        target, color=_GREEN, linestyle=":", linewidth=_LINE_WIDTH * 0.8, label=target_label
    )
    axes.axvline(_x(as_of), color=_VERMILION, linewidth=2)
    axes.annotate(
        _number(target, locale),
        (1, target),
        xycoords=("axes fraction", "data"),
        xytext=(-4, 6),
        textcoords="offset points",
        ha="right",
        va="bottom",
        color=_GREEN,
        fontweight="bold",
        **_text(fontsize=_LABEL_SIZE),
    )

    values = [value for _, value in (*actual, *pace)] + [target, 0.0]
    top = max(values) * 1.12 or 1.0
    axes.set_ylim(0, top)
    axes.set_xlim(_x(first), _x(last))
    axes.text(
        _x(as_of),
        top,
        f" {today_label} ",
        color=_VERMILION,
        ha="right" if as_of > first + (last - first) / 2 else "left",
        va="top",
        **_text(fontsize=_TICK_SIZE),
    )

    ticks = _month_ticks(first, last)
    axes.set_xticks(
        [_x(day) for day in ticks],
        [_month_label(day, i == 0, locale) for i, day in enumerate(ticks)],
        **_text(fontsize=_TICK_SIZE),
    )
    y_ticks = [y for y in MaxNLocator(nbins=6).tick_values(0, top) if 0 <= y <= top]
    axes.set_yticks(y_ticks, [_number(y, locale) for y in y_ticks], **_text(fontsize=_TICK_SIZE))
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(_wrapped(title), **_text(fontsize=_TITLE_SIZE, fontweight="bold"), pad=16)
    figure.legend(
        loc="outside lower center",
        ncols=3,
        frameon=False,
        prop={"family": _FONT, "size": _LABEL_SIZE},
    )
    return _png(figure)


def shares_chart(
    *,
    title: str,
    shares: Mapping[str, float],
    labels: Mapping[str, str],
    minimum: float,
    minimum_label: str,
    locale: str,
) -> bytes:
    """PNG: one horizontal bar per group with its share (0–100 %), and the minimum share.

    Groups are drawn top to bottom in the order of `shares`; a bar below the minimum is drawn
    in a warning colour. `labels` maps a group to its visible name (the key when absent).
    """
    figure = _new_figure()
    axes = figure.add_subplot()
    keys = list(shares)
    positions = list(range(len(keys)))[::-1]  # the first group at the top
    values = [float(shares[key]) for key in keys]
    colours = [_VERMILION if value < minimum else _BLUE for value in values]
    axes.barh(positions, values, height=0.6, color=colours)
    for position, value in zip(positions, values, strict=True):
        axes.text(
            value + 1.5,
            position,
            _percent(value, locale),
            va="center",
            ha="left",
            fontweight="bold",
            # Readable where the label crosses the minimum line.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            **_text(fontsize=_LABEL_SIZE),
        )
    axes.axvline(minimum, color=_ORANGE, linestyle="--", linewidth=3.5)
    axes.text(
        minimum,
        len(keys) - 0.45,
        f" {minimum_label}",
        color=_ORANGE,
        ha="left",
        va="bottom",
        fontweight="bold",
        **_text(fontsize=_TICK_SIZE),
    )
    axes.set_xlim(0, 112)  # room for the label of a bar at 100 %
    axes.set_ylim(-0.6, len(keys) - 0.1)
    axes.set_yticks(
        positions, [labels.get(key, key) for key in keys], **_text(fontsize=_LABEL_SIZE)
    )
    x_ticks = [0, 25, 50, 75, 100]
    axes.set_xticks(x_ticks, [_percent(x, locale) for x in x_ticks], **_text(fontsize=_TICK_SIZE))
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(_wrapped(title), **_text(fontsize=_TITLE_SIZE, fontweight="bold"), pad=16)
    return _png(figure)


def _wrapped(title: str, width: int = 48) -> str:
    """Long titles (indicator labels) on two lines rather than cut off at the image's edge."""
    return textwrap.fill(title, width=width, break_long_words=False)
