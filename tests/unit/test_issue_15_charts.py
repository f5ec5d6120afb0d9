"""Issue 15, item 5: charts that read at a glance, in every language.

Each chart is laid out in each of the seven languages with the bot's own translated labels,
then the text boxes are measured with the figure's renderer: no two texts overlap, none
leaves the image, y ticks of counts are whole numbers, every year boundary has a tick labelled
with the year.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from aiogram.utils.i18n import gettext as _
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.domain.scope import Scope
from bot.i18n import create_i18n
from bot.ui.charts import date_ticks, plain, progress_figure, shares_figure
from bot.ui.indicators import FIELDS, chart_footer

LOCALES = ["en", "fr", "es", "pt", "ar", "sw", "mg"]
START, END, AS_OF = date(2025, 1, 1), date(2029, 12, 31), date(2026, 5, 20)
LONG_TITLE = "Decisions for significant change in Canada and Canadian foreign-policy countries"


def _texts(figure: Figure) -> Iterator[tuple[str, object]]:
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for text in figure.findobj(Text):
        assert isinstance(text, Text)
        if text.get_visible() and text.get_text().strip():
            yield text.get_text(), text.get_window_extent(renderer)


def _assert_readable(figure: Figure) -> None:
    boxes = list(_texts(figure))
    assert len(boxes) > 5
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), f"{name_a!r} overlaps {name_b!r}"  # type: ignore[attr-defined]
    whole = figure.bbox
    for name, box in boxes:
        inside = (
            box.x0 >= whole.x0 - 1  # type: ignore[attr-defined]
            and box.x1 <= whole.x1 + 1  # type: ignore[attr-defined]
            and box.y0 >= whole.y0 - 1  # type: ignore[attr-defined]
            and box.y1 <= whole.y1 + 1  # type: ignore[attr-defined]
        )
        assert inside, f"{name!r} is cut off at the edge of the image"


def _actual(per_month: float) -> list[tuple[date, float]]:
    points: list[tuple[date, float]] = []
    day, total = START, 0.0
    while day <= AS_OF:
        total += per_month
        points.append((min(day + timedelta(days=30), AS_OF), float(round(total))))
        day += timedelta(days=31)
    return points


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(("target", "per_month"), [(50, 2.2), (5, 0.1), (25, 3.0)])
def test_progress_chart_labels_never_overlap(locale: str, target: int, per_month: float) -> None:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        figure = progress_figure(
            title=_(LONG_TITLE),
            actual=_actual(per_month),
            pace=[(START, 0.0), (AS_OF, target * 0.3), (END, float(target))],
            target=target,
            target_label=_("Target"),
            actual_label=_("Achieved"),
            pace_label=_("Steady pace"),
            today_label=_("Today"),
            as_of=AS_OF,
            locale=locale,
            footer=_("As of {date} · {scope}").format(date="20 May 2026", scope="Haiti, Niger"),
        )
    _assert_readable(figure)
    (axes,) = figure.axes
    # Counts: whole-number ticks only ("1,5 decisions" is not a thing).
    assert all(float(y).is_integer() for y in axes.get_yticks())
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert {"2026", "2027", "2028", "2029"} <= set(labels)


@pytest.mark.parametrize("locale", LOCALES)
def test_shares_chart_labels_never_overlap(locale: str) -> None:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        figure = shares_figure(
            title=_("Share of each field of activity in the programming"),
            shares={"justice": 62.0, "violence_exploitation": 27.0, "emergencies": 11.0},
            labels={
                "justice": _("Justice"),
                "violence_exploitation": _("Violence and exploitation"),
                "emergencies": _("Emergency situations"),
            },
            minimum=25,
            minimum_label=_("Minimum"),
            locale=locale,
            footer="As of 20 May 2026 · Haiti",
        )
    _assert_readable(figure)
    (axes,) = figure.axes
    # Right to left: the bars grow from the right, their names on the right.
    assert bool(axes.xaxis_inverted()) is (locale == "ar")


def test_a_tick_at_every_year_boundary_and_short_months_between() -> None:
    ticks = date_ticks(START, END)
    years = [day for day, is_year in ticks if is_year]
    assert years == [date(y, 1, 1) for y in range(2025, 2030)]
    assert len(ticks) <= 12
    # One year or less: every month or every other month, the year on January.
    short = date_ticks(date(2025, 10, 1), date(2026, 5, 20))
    assert [d for d, is_year in short if is_year] == [date(2026, 1, 1)]
    assert [d.month for d, _ in short] == [10, 11, 12, 1, 2, 3, 4, 5]


def test_chart_text_has_no_bidi_isolates() -> None:
    assert plain("حتى \u206620/05/2026\u2069") == "حتى 20/05/2026"


# A manager of twelve countries, and one of thirty: the footer names them all, or as many as
# two lines hold.
TWELVE = ("HT", "NE", "MG", "BF", "CD", "CI", "SN", "ML", "TD", "CM", "JO", "KE")
THIRTY = (
    *TWELVE,
    *("MA", "TN", "BJ", "TG", "GN", "GH", "NG", "UG", "TZ"),
    *("RW", "BI", "ET", "SO", "SD", "LB", "IQ", "YE", "PE"),
)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("countries", [TWELVE, THIRTY], ids=["12", "30"])
def test_a_long_list_of_countries_in_the_footer_stays_inside_the_image(
    locale: str, countries: tuple[str, ...]
) -> None:
    """The footer ran off the image after the seventh country or so ("... Mali, Niger, RD K",
    and in Arabic off its left edge): it wraps onto a second line, in smaller type if it
    must, and ends with "…" where even that cannot hold every country."""
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        footer = chart_footer(Scope(countries, all_countries=False), AS_OF, locale)
        progress = progress_figure(
            title=_(LONG_TITLE),
            actual=_actual(2.2),
            pace=[(START, 0.0), (END, 50.0)],
            target=50,
            target_label=_("Target"),
            actual_label=_("Achieved"),
            pace_label=_("Steady pace"),
            today_label=_("Today"),
            as_of=AS_OF,
            locale=locale,
            footer=footer,
        )
        shares = shares_figure(
            title=_("Share of each field of activity in the programming"),
            shares={"justice": 0.0, "violence_exploitation": 75.4, "emergencies": 24.6},
            labels={key: _(label) for key, label in FIELDS.items()},
            minimum=25,
            minimum_label=_("Minimum"),
            locale=locale,
            footer=footer,
        )
    for figure in (progress, shares):
        _assert_readable(figure)
        (text,) = [t for t in figure.texts if t.get_position()[1] < 0.05]  # the footer
        shown = text.get_text().replace("\n", " ")
        assert text.get_text().count("\n") <= 1
        full = " ".join(plain(footer).split())
        if countries is TWELVE:  # every country is named
            assert shown == full
        else:  # the countries that fit, then "…"
            assert shown == full or (shown.endswith(" …") and full.startswith(shown[:-2]))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("per_month", [5.5, 0.1], ids=["far-ahead", "far-behind"])
def test_late_in_a_two_year_plan_the_labels_never_overlap(locale: str, per_month: float) -> None:
    """A two-year plan in its last month: 126 events against a target of 50 wrote "126"
    over "Today" (both at the top, left of the line), and the corner's "2025" ran into "mars"
    (French, Portuguese, Arabic). The value moves beside its point; a month label that would
    touch a neighbour is left out, never a year."""
    start, end, as_of = date(2025, 1, 1), date(2026, 12, 31), date(2026, 12, 1)
    actual, total = [], 0.0
    for month in range(1, 24):
        total += per_month
        day = min(date(2025 + month // 12, month % 12 + 1, 1) - timedelta(days=1), as_of)
        actual.append((day, float(round(total))))
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale(locale):
        figure = progress_figure(
            title=_("Key events on children's rights supported"),
            actual=actual,
            pace=[(start, 0.0), (as_of, 47.5), (end, 50.0)],
            target=50,
            target_label=_("Target"),
            actual_label=_("Achieved"),
            pace_label=_("Steady pace"),
            today_label=_("Today"),
            as_of=as_of,
            locale=locale,
            footer=chart_footer(Scope(("HT", "NE"), all_countries=False), as_of, locale),
        )
    _assert_readable(figure)
    (axes,) = figure.axes
    shown = [t.get_text() for t in axes.get_xticklabels() if t.get_visible()]
    assert {"2025", "2026"} <= set(shown)
    assert len(shown) >= 10  # a label left out, not the months


def test_fitting_a_long_footer_lays_out_each_word_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrapping thirty countries laid out the growing line again after every word: an Arabic
    chart took up to a second longer. Each word is laid out once (plus the final text)."""
    from matplotlib.backends.backend_agg import RendererAgg

    from bot.ui.charts import _new_figure

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("ar"):
        footer = chart_footer(Scope(THIRTY, all_countries=False), AS_OF, "ar")
    laid_out: list[str] = []
    original: Any = RendererAgg.get_text_width_height_descent

    def counting(self: RendererAgg, text: str, *args: Any, **kwargs: Any) -> Any:
        laid_out.append(text)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", counting)
    _new_figure(footer, rtl=True)
    assert sum(map(len, laid_out)) <= 3 * len(footer)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_today_line_never_runs_through_the_targets_value(locale: str) -> None:
    """In the last weeks of a plan the "Today" line, near the right edge, ran through the
    target's "50" written at the end of its line. The value goes to the other end then."""
    start, end, as_of = date(2025, 1, 1), date(2026, 12, 31), date(2026, 12, 20)
    figure = progress_figure(
        title="Key events on children's rights supported",
        actual=[(date(2025, 6, 30), 1.0), (as_of, 2.0)],
        pace=[(start, 0.0), (end, 50.0)],
        target=50,
        target_label="Target",
        actual_label="Achieved",
        pace_label="Steady pace",
        today_label="Today",
        as_of=as_of,
        locale=locale,
    )
    _assert_readable(figure)
    (axes,) = figure.axes
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    today_x = axes.transData.transform((as_of.toordinal(), 0))[0]
    (goal,) = [t for t in axes.texts if t.get_text() == "50"]
    box = goal.get_window_extent(renderer)
    assert not box.x0 - 2 <= today_x <= box.x1 + 2
