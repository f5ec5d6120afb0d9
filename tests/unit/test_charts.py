"""The PNG charts: valid images of a phone-friendly size, in any language, without warnings.

pytest turns warnings into errors, so matplotlib's "Glyph ... missing from font" warning fails
these tests: French accents, narrow no-break spaces and Arabic must all have glyphs.
"""

from __future__ import annotations

import struct
from datetime import date, timedelta

import matplotlib.ft2font
import pytest

from bot.ui.charts import progress_chart, shares_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PLAN_START = date(2025, 10, 1)
AS_OF = date(2026, 5, 20)
SHARES = {"justice": 48.3, "violence_exploitation": 39.2, "emergencies": 12.5}


def _size(png: bytes) -> tuple[int, int]:
    """(width, height) from the PNG's IHDR chunk."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _actual() -> list[tuple[date, float]]:
    points, total, day = [], 0.0, PLAN_START
    while day <= AS_OF:
        total += 17
        points.append((day, total))
        day += timedelta(days=7)
    return points


def _progress(locale: str, **labels: str) -> bytes:
    return progress_chart(
        title=labels.get("title", "People trained"),
        actual=_actual(),
        pace=[(PLAN_START, 0.0), (date(2026, 9, 30), 2000.0)],
        target=2000,
        target_label=labels.get("target", "Target: 2,000"),
        actual_label=labels.get("actual", "Actual"),
        pace_label=labels.get("pace", "Expected pace"),
        today_label=labels.get("today", "Today"),
        as_of=AS_OF,
        locale=locale,
    )


def _assert_phone_png(png: bytes) -> None:
    assert png.startswith(PNG_SIGNATURE)
    assert 10_000 < len(png) < 1_000_000
    assert _size(png) == (1000, 700)


def test_progress_chart_is_a_phone_sized_png() -> None:
    _assert_phone_png(_progress("en"))


def test_shares_chart_is_a_phone_sized_png() -> None:
    png = shares_chart(
        title="Share of each field",
        shares=SHARES,
        labels={"justice": "Justice", "violence_exploitation": "Violence and exploitation"},
        minimum=25,
        minimum_label="Minimum 25%",
        locale="en",
    )
    _assert_phone_png(png)


def test_french_and_arabic_charts_render_without_missing_glyphs() -> None:
    french = _progress(
        "fr",
        title="Personnes formées",
        target="Cible : 2\u202f000",
        actual="Réalisé",
        pace="Rythme attendu",
        today="Aujourd’hui",
    )
    arabic = _progress(
        "ar",
        title="الأشخاص المدربون",
        target="الهدف: \u20662000\u2069",
        actual="المنجز",
        pace="الوتيرة المتوقعة",
        today="اليوم",
    )
    shares = shares_chart(
        title="حصة كل مجال — Part de chaque domaine",
        shares=SHARES,
        labels={
            "justice": "العدالة",
            "violence_exploitation": "Violence et exploitation",
            "emergencies": "حالات الطوارئ",
        },
        minimum=25,
        minimum_label="الحد الأدنى 25%",
        locale="ar",
    )
    for png in (french, arabic, shares):
        _assert_phone_png(png)


def test_matplotlib_shapes_arabic_itself() -> None:
    # bot.ui.charts passes Arabic as it is, which is right only with libraqm (matplotlib >= 3.11);
    # an older matplotlib would draw the letters unjoined and left to right.
    assert getattr(matplotlib.ft2font, "__libraqm_version__", None)


@pytest.mark.parametrize("locale", ["en", "fr", "es", "ar"])
def test_charts_handle_edge_cases(locale: str) -> None:
    # No reports yet, everything on one day, a share of 0 and one of 100.
    empty = progress_chart(
        title="t",
        actual=[],
        pace=[],
        target=0,
        target_label="target",
        actual_label="actual",
        pace_label="pace",
        today_label="today",
        as_of=AS_OF,
        locale=locale,
    )
    shares = shares_chart(
        title="t",
        shares={"a": 0.0, "b": 100.0},
        labels={},
        minimum=25,
        minimum_label="min",
        locale=locale,
    )
    assert empty.startswith(PNG_SIGNATURE)
    assert shares.startswith(PNG_SIGNATURE)


def test_a_share_bar_reads_as_the_text_beside_it() -> None:
    """1 report in 6 read "16 %" in the text and "17 %" on its bar; 24.6 % read 25 %, at a
    25 % minimum, next to a text saying 24 %."""
    from bot.ui.charts import _percent_down

    assert _percent_down(100 / 6, "en") == "16%"
    assert _percent_down(24.6, "en") == "24%"
    assert _percent_down(0.29 * 100, "en") == "29%"  # 28.999999999999996 in floats


def test_a_share_under_the_minimum_says_so_even_without_a_bar() -> None:
    """A field with no activity at all, the worst case, had no bar to draw in the warning
    colour: its "0 %" read like the others, in black. The label of a share under the minimum
    is in the warning colour too (bold 18 pt on white: contrast 3.9, above 3 for large type)."""
    from matplotlib.colors import same_color

    from bot.ui.charts import shares_figure

    figure = shares_figure(
        title="Share of each field",
        shares={"justice": 0.0, "violence_exploitation": 24.6, "emergencies": 75.4},
        labels={},
        minimum=25,
        minimum_label="Minimum",
        locale="fr",
    )
    (axes,) = figure.axes
    colours = {t.get_text(): t.get_color() for t in axes.texts}
    assert same_color(colours["0\u00a0%"], "#D55E00")
    assert same_color(colours["24\u00a0%"], "#D55E00")
    assert same_color(colours["75\u00a0%"], "black")


@pytest.mark.parametrize(("target", "shown"), [(50 * 2 / 7, "15"), (14.5, "15"), (15.0, "15")])
def test_a_counts_target_on_the_chart_reads_as_in_the_text(target: float, shown: str) -> None:
    """A pro-rated target of 14.29 trainings read "14" at the end of its line (rounded to the
    nearest; 14.5 too, a float rounded half to even) above "🔴 14 / 15" in the caption: it
    reads rounded up, what meets it, as /indicators, the digest and the dashboard say it."""
    from bot.ui.charts import progress_figure

    figure = progress_figure(
        title="Trainings",
        actual=[(PLAN_START, 0.0), (AS_OF, 14.0)],
        pace=[(PLAN_START, 0.0), (AS_OF, target)],
        target=target,
        target_label="Target",
        actual_label="Achieved",
        pace_label="Steady pace",
        today_label="Today",
        as_of=AS_OF,
        locale="en",
        integer=True,
    )
    (axes,) = figure.axes
    texts = [t.get_text() for t in axes.texts]
    assert shown in texts
    assert "14" in texts  # the value achieved


async def test_the_steady_pace_runs_forward_before_the_plans_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before the plan's start the chart of /indicator and of the dashboard (the same use
    case) was given today between the plan's start and end: the steady pace ran start → today
    → end, back across the chart. Its days now run in order, today kept within the plan."""
    from decimal import Decimal
    from typing import Any, cast

    from sqlalchemy.ext.asyncio import AsyncSession

    import bot.ui.charts
    import bot.usecases.indicators
    from bot.domain.scope import EVERYWHERE
    from bot.i18n import create_i18n
    from bot.indicators.logic import Status
    from bot.indicators.plan import MetricKind
    from bot.indicators.results import Breakdown, IndicatorResult
    from bot.usecases.indicators import indicator_chart
    from tests.factories import shipped_plan

    async def no_reports(*args: Any, **kwargs: Any) -> Breakdown:
        return Breakdown({}, {}, ())

    drawn: dict[str, Any] = {}

    def progress(**kwargs: Any) -> bytes:
        drawn.update(kwargs)
        return b""

    monkeypatch.setattr(bot.usecases.indicators, "breakdown", no_reports)
    monkeypatch.setattr(bot.ui.charts, "progress_chart", progress)
    plan = shipped_plan()
    definition = next(d for d in plan.indicators if d.metric is MetricKind.COUNT)
    result = IndicatorResult(
        id=definition.id,
        label=definition.label,
        metric=definition.metric,
        value=Decimal(0),
        target=Decimal(50),
        expected=Decimal(0),
        status=Status.NOT_STARTED,
        percent_of_expected=None,
        projection=None,
        per_month_needed=None,
    )
    before = plan.period_start - timedelta(days=20)
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        await indicator_chart(
            cast(AsyncSession, None), plan, definition, result, EVERYWHERE, before, "en"
        )
    days = [day for day, _ in drawn["pace"]]
    assert days == sorted(days), days
    assert days[0] == plan.period_start
    assert days[-1] == plan.period_end
    assert drawn["as_of"] == before  # "Today" still drawn where it is


@pytest.mark.parametrize("locale", ["mg", "ar"])
def test_a_legend_too_long_for_one_row_takes_one_key_a_line(locale: str) -> None:
    """Legend labels a longer translation makes too wide for one row squeezed the plot into a
    strip a third of the picture wide, its month names overlapping, and the row still ran off
    both edges. The keys now go one a line under a plot as wide as with short labels."""
    from bot.ui.charts import progress_figure

    def figure_with(pace_label: str) -> tuple[float, float, float]:
        figure = progress_figure(
            title="People trained",
            actual=_actual(),
            pace=[(PLAN_START, 0.0), (date(2026, 9, 30), 2000.0)],
            target=2000,
            target_label="Tanjona: 2 000 olona voaofana tamin'ity taona ity",
            actual_label="Zava-misy hatramin'izao",
            pace_label=pace_label,
            today_label="Androany",
            as_of=AS_OF,
            locale=locale,
        )
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        (axes,) = figure.axes
        legend = axes.get_legend()
        assert legend is not None
        box = legend.get_window_extent(renderer)
        return axes.get_window_extent(renderer).width, box.x0, box.x1 - figure.bbox.width

    short_width, _, _ = figure_with("Pace")
    width, left, overflow = figure_with("Hafainganam-pandeha andrasana araka ny drafitra")
    assert width > 0.9 * short_width
    assert left >= 0
    assert overflow <= 0


@pytest.mark.parametrize("locale", ["mg", "ar"])
def test_a_long_group_name_goes_on_lines_of_its_own_beside_its_bar(locale: str) -> None:
    """A group's name of 50 characters on one line squeezed the bars into a fifth of the
    picture, its percentages running into each other under them. Names now wrap."""
    from bot.ui.charts import shares_figure

    figure = shares_figure(
        title="Anjara isaky ny sehatra",
        shares=SHARES,
        labels={
            "justice": "Fitsarana namboarina ho an'ny ankizy sy ny tanora",
            "violence_exploitation": "Herisetra sy fanararaotana ankizy amin'ny endriny rehetra",
            "emergencies": "Toe-javatra maika sy loza voajanahary",
        },
        minimum=25,
        minimum_label="Farafahakeliny 25%",
        locale=locale,
    )
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    (axes,) = figure.axes
    assert axes.get_window_extent(renderer).width > 0.55 * figure.bbox.width
    names = [label.get_text() for label in axes.get_yticklabels()]
    assert all(len(line) <= 26 for name in names for line in name.splitlines())
