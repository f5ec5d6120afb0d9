"""PNG charts for the indicator reports: progress towards a target, and shares by field.

Built on matplotlib's object API (`Figure` + the Agg canvas), never pyplot: no global state, so
charts can be drawn from several threads or tasks at once. Every visible string comes in
translated; numbers and dates are formatted here with Babel in the caller's locale.

Arabic: matplotlib 3.11 lays text out with libraqm (HarfBuzz shaping, FriBiDi reordering), so
Arabic labels are passed as they are; reshaping them beforehand (arabic_reshaper, python-bidi)
would reorder them a second time. DejaVu Sans, bundled with matplotlib, has the Arabic glyphs.
Right-to-left languages also get a mirrored layout where direction carries meaning: the bars
of the shares chart grow from the right with their names on the right, labels sit on the
reading side of their lines (placed by offsets, never by leading spaces, which the bidi
algorithm moves), the legend puts its keys after the words, and the footer is right-aligned.
The time axis stays left to right, as Arabic dashboards draw it.

Every chart says what it shows: a title wrapped to the image's width, and a footer with the
as-of date and the scope (the caller formats it). `*_figure` functions return the laid-out
figure (tests measure its text boxes for overlaps); `*_chart` functions return the PNG.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from babel.dates import format_skeleton
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from bot.domain.languages import cldr_locale, number_text, percent_text
from bot.ui.palette import GREY, WHITE, Palette

# ~1000×700 px: fills a phone screen in landscape and stays legible in portrait.
_SIZE_INCHES = (10.0, 7.0)
_DPI = 100
_FONT = "DejaVu Sans"
_TITLE_SIZE = 24
_LABEL_SIZE = 18
_GROUP_NAME_WIDTH = 24  # characters on a line of a group's name beside its bar
_TICK_SIZE = 16
_FOOTER_SIZE = 13
_LINE_WIDTH = 4.5
# At most this many date ticks: about 70 px each, room for "sept." or "2027" at 16 pt.
_MAX_DATE_TICKS = 12
# Month steps between two year ticks, the finest that fits first.
_MONTH_STEPS = (1, 2, 3, 4, 6, 12)
# The least room between two date labels, in pixels (a word space at 16 pt).
_DATE_LABEL_GAP = 6
# The footer's band at the bottom of the image and a margin at the top (figure fractions),
# kept out of the layout: Arabic glyphs reach higher than the extent the layout measures.
_FOOTER_BAND = 0.085
# A long footer (a manager's many countries) wraps onto a second line, in smaller type if it
# must; the band grows by the lines beyond the first (one line of 13 pt: 0.03 of the height).
_FOOTER_MAX_LINES = 2
_FOOTER_MIN_SIZE = 10
_FOOTER_LINE = 0.03
_TOP_MARGIN = 0.025
# Bidi isolates and embeddings: libraqm misplaces the text inside them ("20/05/2026" comes
# out as "/202026/05"), and without them it orders dates and numbers right by itself.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"))
_TITLE_MAX_LINES = 3

# Colour-blind-safe (Okabe-Ito) colours.
_BLUE = "#0072B2"
_ORANGE = "#E69F00"
_VERMILION = "#D55E00"
_GREEN = "#009E73"
_GREY = GREY
# Okabe-Ito's sky blue: its blue on a dark page (contrast about 3) is hard to see.
_SKY_BLUE = "#56B4E9"
_RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def _paint(figure: Figure, palette: Palette) -> None:
    """Redraw a laid-out chart's neutral colours (background, black text, grey) in the
    palette's; in a dark one, the blue turns sky blue. The signal colours stay."""
    if palette == WHITE:
        return
    names = {"#000000": palette.text, _GREY.lower(): palette.hint}
    if palette.dark:
        names[_BLUE.lower()] = _SKY_BLUE

    def recolour(colour: Any) -> str | None:
        return names.get(to_hex(colour))

    figure.set_facecolor(palette.background)
    for axes in figure.axes:
        axes.set_facecolor(palette.background)
        axes.tick_params(colors=palette.text)
        for spine in axes.spines.values():
            spine.set_edgecolor(palette.hint)
    for text in figure.findobj(Text):
        colour = recolour(text.get_color())
        if colour is not None:
            text.set_color(colour)
        patch = text.get_bbox_patch()
        if patch is not None:  # a label's backing, white on the chat's charts
            patch.set_facecolor(palette.background)
    for line in figure.findobj(Line2D):
        colour = recolour(line.get_color())
        if colour is not None:
            line.set_color(colour)
            line.set_markerfacecolor(colour)
            line.set_markeredgecolor(colour)
    for axes in figure.axes:
        for bar in axes.patches:
            if isinstance(bar, Rectangle):
                colour = recolour(bar.get_facecolor())
                if colour is not None:
                    bar.set_facecolor(colour)


def is_rtl(locale: str) -> bool:
    return locale.replace("-", "_").split("_")[0] in _RTL_LANGUAGES


def _text(**extra: Any) -> dict[str, Any]:
    """Font settings passed to every text element, so that no rcParams are relied on."""
    return {"fontfamily": _FONT, **extra}


def _x(day: date) -> float:
    """A date as an x coordinate: its day number (ticks and labels are placed by hand)."""
    return float(day.toordinal())


def _new_figure(footer: str, rtl: bool) -> Figure:
    figure = Figure(figsize=_SIZE_INCHES, dpi=_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    # The layout keeps out of the footer's band and the top margin (left, bottom, w, h).
    bottom = _footer(figure, footer, rtl) if footer else 0.0
    engine = figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)
    engine.set(rect=(0, bottom, 1, 1 - bottom - _TOP_MARGIN))
    return figure


def _wrap(widths: Sequence[float], space: float, limit: float) -> list[int]:
    """How many words go on each line, filled greedily into lines no wider than `limit` (a
    word wider than the limit on a line of its own), from the words' widths."""
    counts: list[int] = []
    used = 0.0
    for width in widths:
        if counts and used + space + width <= limit:
            counts[-1] += 1
            used += space + width
        else:
            counts.append(1)
            used = width
    return counts


def _footer(figure: Figure, footer: str, rtl: bool) -> float:
    """Write the footer at the bottom of the image, on at most _FOOTER_MAX_LINES lines that fit
    its width (smaller type, then "…", for a long list of countries); return the height of its
    band (a figure fraction) for the layout to keep out of."""
    text = figure.text(
        0.99 if rtl else 0.01,
        0.006,
        plain(footer),
        ha="right" if rtl else "left",
        va="bottom",
        color=_GREY,
        **_text(fontsize=_FOOTER_SIZE),
    )
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    prop = text.get_fontproperties()

    def measure(piece: str) -> float:
        return float(renderer.get_text_width_height_descent(piece, prop, ismath=False)[0])

    # Each word is measured once, at the footer's size (widths scale with the size): laying
    # out the whole text again for every candidate line took Arabic footers a second.
    limit = figure.bbox.width * 0.97
    words = plain(footer).split()
    widths = [measure(word) for word in words]
    space = measure("a a") - 2 * measure("a")
    for size in range(_FOOTER_SIZE, _FOOTER_MIN_SIZE - 1, -1):
        scale = size / _FOOTER_SIZE
        counts = _wrap([w * scale for w in widths], space * scale, limit)
        if len(counts) <= _FOOTER_MAX_LINES:
            break
    else:
        # Still too long at the smallest size: the words that fit on the last line, then "…".
        counts = counts[:_FOOTER_MAX_LINES]
        first = sum(counts[:-1])
        room = limit / scale - measure(" …")
        while counts[-1] > 1 and (
            sum(widths[first : first + counts[-1]]) + space * (counts[-1] - 1) > room
        ):
            counts[-1] -= 1
    lines, at = [], 0
    for count in counts:
        lines.append(" ".join(words[at : at + count]))
        at += count
    if at < len(words):
        lines[-1] += " …"
    text.set_fontsize(size)
    text.set_text("\n".join(lines))
    height = text.get_window_extent(renderer).height / figure.bbox.height
    return max(_FOOTER_BAND, height + _FOOTER_BAND - _FOOTER_LINE)


def _png(figure: Figure, palette: Palette = WHITE) -> bytes:
    _paint(figure, palette)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=_DPI, facecolor=palette.background)
    return buffer.getvalue()


def _number(value: float, locale: str, *, integer: bool = False) -> str:
    return number_text(round(value) if integer else round(value, 1), locale)


def _target_number(target: float, locale: str, *, integer: bool = False) -> str:
    """A count's target rounded up, what meets it, as the text beside the chart reads it
    (bot.ui.indicators.target_text): a pro-rated 14.29 trainings read "14" above "14 / 15".
    A float's 5.000000000000001 is 5."""
    if integer:
        return number_text(math.ceil(round(target, 6)), locale)
    return _number(target, locale)


def _percent(value: float, locale: str) -> str:
    """A share given in percent (25.0) as the locale writes it ("25 %", "25%")."""
    return percent_text(value / 100, locale)


def _percent_down(value: float, locale: str) -> str:
    """A share's bar label, rounded down as the text next to the chart is (24.6 % reads 24 %,
    under a 25 % minimum, not 25 %); a float's 28.999999 is 29."""
    return _percent(math.floor(round(value, 6)), locale)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def date_ticks(first: date, last: date) -> list[tuple[date, bool]]:
    """(day, is a year tick) within [first, last]: the 1st of January of every year, and
    between them the 1st of every step-th month, the finest step of _MONTH_STEPS that keeps
    at most _MAX_DATE_TICKS ticks (only the year ticks on a long span)."""
    months: list[date] = []
    current = first if first.day == 1 else _next_month(first)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    if not months:
        return [(first, False)]
    for step in _MONTH_STEPS:
        chosen = [(d, d.month == 1) for d in months if d.month == 1 or (d.month - 1) % step == 0]
        if len(chosen) <= _MAX_DATE_TICKS:
            return chosen
    return [(d, True) for d in months if d.month == 1] or [(months[0], False)]


def _date_labels(ticks: Sequence[tuple[date, bool]], locale: str) -> list[str]:
    """The year on each year tick; short month names between. With no year tick at all (a
    span inside one year) the first tick carries the year, so that no month is ambiguous."""
    any_year = any(is_year for _, is_year in ticks)
    labels = []
    for index, (day, is_year) in enumerate(ticks):
        if is_year:
            skeleton = "y"
        elif index == 0 and not any_year:
            skeleton = "MMMy"
        else:
            skeleton = "MMM"
        labels.append(str(format_skeleton(skeleton, day, locale=cldr_locale(locale))))
    return labels


def _fit_title(figure: Figure, title: Text, raw: str) -> None:
    """Wrap `raw` on as few lines as fit the figure's width (at most _TITLE_MAX_LINES)."""
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    limit = figure.bbox.width * 0.94
    for width in range(max(len(raw), 1), 9, -2):
        text = textwrap.fill(raw, width=width, break_long_words=False)
        title.set_text(text)
        if title.get_window_extent(renderer).width <= limit:
            if text.count("\n") < _TITLE_MAX_LINES:
                return
            break
    # Still too wide on three lines: smaller type rather than words cut off at the edge.
    lines = textwrap.wrap(raw, width=max(10, -(-len(raw) // _TITLE_MAX_LINES)))
    title.set_text("\n".join(lines))
    size = float(title.get_fontsize())
    while title.get_window_extent(renderer).width > limit and size > 12:
        size -= 1
        title.set_fontsize(size)


def plain(text: str) -> str:
    """Text for the chart's text engine: without bidi isolates and embeddings."""
    return text.translate(_BIDI_CONTROLS)


def _title(figure: Figure, raw: str) -> None:
    # The figure's title, centred on the image (an axes title is centred on the plot, which
    # the tick labels push aside: a wrapped title could then run off the image).
    raw = plain(raw)
    title = figure.suptitle(raw, **_text(fontsize=_TITLE_SIZE, fontweight="bold"))
    _fit_title(figure, title, raw)


def progress_figure(
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
    footer: str = "",
    integer: bool = True,
) -> Figure:
    """The laid-out figure of `progress_chart`."""
    rtl = is_rtl(locale)
    figure = _new_figure(footer, rtl)
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
    axes.axhline(
        target, color=_GREEN, linestyle=":", linewidth=_LINE_WIDTH * 0.8, label=target_label
    )
    axes.axvline(_x(as_of), color=_VERMILION, linewidth=2)

    values = [value for _, value in (*actual, *pace)] + [target, 0.0]
    top = max(values) * 1.15 or 1.0
    if integer:
        top = max(top, 1.0)
    axes.set_ylim(0, top)
    axes.set_xlim(_x(first), _x(last))
    # "Today" on the side of its line with the most room; an offset, not spaces, keeps it off
    # the line in every script.
    today_left = as_of > first + (last - first) / 2
    today = axes.annotate(
        today_label,
        (_x(as_of), top),
        xytext=(-6 if today_left else 6, -4),
        textcoords="offset points",
        color=_VERMILION,
        ha="right" if today_left else "left",
        va="top",
        **_text(fontsize=_TICK_SIZE),
    )
    latest = None
    if actual:
        # The value above and to the left of its point: the "Today" line is on its right.
        latest = axes.annotate(
            _number(ys[-1], locale, integer=integer),
            (xs[-1], ys[-1]),
            xytext=(-10, 12),
            textcoords="offset points",
            ha="right",
            va="bottom",
            color=_BLUE,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1, "alpha": 0.85},
            **_text(fontsize=_LABEL_SIZE),
        )
    # The target's value at the far end of its line, above it (below when the line is at the
    # top of the plot, where "Today" is written).
    goal = axes.annotate(
        _target_number(target, locale, integer=integer),
        (0 if rtl else 1, target),
        xycoords=("axes fraction", "data"),
        xytext=(4 if rtl else -4, 6),
        textcoords="offset points",
        ha="left" if rtl else "right",
        va="bottom",
        color=_GREEN,
        fontweight="bold",
        **_text(fontsize=_LABEL_SIZE),
    )

    ticks = date_ticks(first, last)
    axes.set_xticks(
        [_x(day) for day, _ in ticks], _date_labels(ticks, locale), **_text(fontsize=_TICK_SIZE)
    )
    # A date label on a corner of the plot starts there rather than straddling it, where it
    # would run into the y axis's "0" (or out of the image on the right).
    for (day, _is_year), label in zip(ticks, axes.get_xticklabels(), strict=True):
        if day <= first:
            label.set_horizontalalignment("left")
        elif day >= last:
            label.set_horizontalalignment("right")
    locator = MaxNLocator(nbins=6, integer=integer, min_n_ticks=2)
    y_ticks = [y for y in locator.tick_values(0, top) if 0 <= y <= top]
    axes.set_yticks(
        y_ticks,
        [_number(y, locale, integer=integer) for y in y_ticks],
        **_text(fontsize=_TICK_SIZE),
    )
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    _title(figure, title)
    handles, labels = axes.get_legend_handles_labels()
    if rtl:
        handles, labels = handles[::-1], labels[::-1]
    # Under the plot, as the axes' own legend: the layout then keeps it clear of the tick
    # labels and of the footer's band.
    legend_options: dict[str, Any] = {
        "loc": "upper center",
        "bbox_to_anchor": (0.5, -0.09),
        "frameon": False,
        "markerfirst": not rtl,
        "prop": {"family": _FONT, "size": _LABEL_SIZE},
    }
    legend = axes.legend(handles, labels, ncols=3, **legend_options)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    if legend.get_window_extent(renderer).width > 0.95 * figure.bbox.width:
        # Labels too long for one row (a longer translation): the layout squeezed the plot to
        # a strip, or to nothing, and the row still ran off the picture. One key a line keeps
        # the plot whole.
        axes.legend(handles, labels, ncols=1, **legend_options)
    figure.canvas.draw()
    moved = _thin_date_labels(axes, [is_year for _, is_year in ticks], renderer)
    if latest is not None and _near(latest, today, renderer, 0):
        # A value at the top of the plot, with "Today" written left of its line (late in the
        # plan): the value went over "Today". It moves beside its point, to the left.
        latest.xyann = (-14, 0)
        latest.set_verticalalignment("center")
        moved = True
    today_x = axes.transData.transform((_x(as_of), 0))[0]
    box = goal.get_window_extent(renderer)
    if box.x0 - _DATE_LABEL_GAP <= today_x <= box.x1 + _DATE_LABEL_GAP:
        # "Today" at the end of the plan: its line ran through the target's digits. The
        # target's value goes to the other end of its line.
        goal.xy = (1 if rtl else 0, target)
        goal.xyann = (-4 if rtl else 4, 6)
        goal.set_horizontalalignment("right" if rtl else "left")
        moved = True
    if moved:
        figure.canvas.draw()
    return figure


def _near(a: Text, b: Text, renderer: Any, padding: float) -> bool:
    """Whether two texts overlap, or come closer than `padding` pixels."""
    box_a, box_b = a.get_window_extent(renderer), b.get_window_extent(renderer)
    return bool(box_a.padded(padding).overlaps(box_b))


def _thin_date_labels(axes: Any, years: Sequence[bool], renderer: Any) -> bool:
    """Hide the month labels that would touch a neighbour (the year at the plot's corner,
    which starts there rather than straddling its tick, takes twice the room: "2025mars");
    year labels always stay. Whether any label was hidden."""
    labels = axes.get_xticklabels()
    shown = [label for label, is_year in zip(labels, years, strict=True) if is_year]
    hidden = False
    for label, is_year in zip(labels, years, strict=True):
        if is_year:
            continue
        if any(_near(label, other, renderer, _DATE_LABEL_GAP) for other in shown):
            label.set_visible(False)
            hidden = True
        else:
            shown.append(label)
    return hidden


def progress_chart(*, palette: Palette = WHITE, **kwargs: Any) -> bytes:
    """PNG: the cumulative actual line against the expected pace and the target (arguments:
    those of `progress_figure`), in `palette`'s colours."""
    return _png(progress_figure(**kwargs), palette)


def shares_figure(
    *,
    title: str,
    shares: Mapping[str, float],
    labels: Mapping[str, str],
    minimum: float,
    minimum_label: str,
    locale: str,
    footer: str = "",
) -> Figure:
    """The laid-out figure of `shares_chart`."""
    rtl = is_rtl(locale)
    figure = _new_figure(footer, rtl)
    axes = figure.add_subplot()
    keys = list(shares)
    positions = list(range(len(keys)))[::-1]  # the first group at the top
    values = [float(shares[key]) for key in keys]
    colours = [_VERMILION if value < minimum else _BLUE for value in values]
    axes.barh(positions, values, height=0.6, color=colours)
    # Right to left: the x axis runs from the right, so "after the bar" is to its left.
    after, away = ("right", -1) if rtl else ("left", 1)
    for position, value, colour in zip(positions, values, colours, strict=True):
        axes.annotate(
            _percent_down(value, locale),
            (value, position),
            xytext=(8 * away, 0),
            textcoords="offset points",
            va="center",
            ha=after,
            fontweight="bold",
            # In the bar's colour: a share of 0 has no bar to show it is under the minimum.
            color="black" if colour == _BLUE else _VERMILION,
            # Readable where the label crosses the minimum line.
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            **_text(fontsize=_LABEL_SIZE),
        )
    axes.axvline(minimum, color=_ORANGE, linestyle="--", linewidth=3.5)
    # Beside the line on the reading side, at the top, by an offset: never crossed by it.
    axes.annotate(
        minimum_label,
        (minimum, len(keys) - 0.45),
        xytext=(8 * away, 0),
        textcoords="offset points",
        color=_ORANGE,
        ha=after,
        va="bottom",
        fontweight="bold",
        **_text(fontsize=_TICK_SIZE),
    )
    axes.set_xlim(0, 118)  # room for the label of a bar at 100 %
    if rtl:
        axes.invert_xaxis()
        axes.yaxis.tick_right()
    axes.set_ylim(-0.6, len(keys) + 0.1)
    # A long group name on lines of its own: on one line it squeezed the bars to a strip.
    names = [
        textwrap.fill(labels.get(key, key), _GROUP_NAME_WIDTH, break_long_words=False)
        for key in keys
    ]
    axes.set_yticks(positions, names, **_text(fontsize=_LABEL_SIZE))
    x_ticks = [0, 25, 50, 75, 100]
    axes.set_xticks(x_ticks, [_percent(x, locale) for x in x_ticks], **_text(fontsize=_TICK_SIZE))
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "left" if rtl else "right"]].set_visible(False)
    _title(figure, title)
    figure.canvas.draw()
    return figure


def shares_chart(*, palette: Palette = WHITE, **kwargs: Any) -> bytes:
    """PNG: one horizontal bar per group with its share (0–100 %), and the minimum share
    (arguments: those of `shares_figure`).

    Groups are drawn top to bottom in the order of `shares`; a bar below the minimum is drawn
    in a warning colour. `labels` maps a group to its visible name (the key when absent).
    """
    return _png(shares_figure(**kwargs), palette)
