"""Figures shown next to a status never contradict it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bot.i18n import create_i18n
from bot.indicators.logic import Status
from bot.indicators.plan import MetricKind
from bot.indicators.results import IndicatorResult
from bot.ui.indicators import indicator_list, summary_line
from tests.factories import shipped_plan


def _line(result: IndicatorResult) -> str:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        return summary_line(result, "en")


def _count(percent: str) -> IndicatorResult:
    return IndicatorResult(
        id="1.1a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal(9),
        target=Decimal(50),
        expected=Decimal("10.03"),
        status=Status.AT_RISK,
        percent_of_expected=Decimal(percent),
        projection=None,
        per_month_needed=None,
    )


def test_just_under_the_threshold_reads_under_it() -> None:
    """89.75 % of expected is at risk (under 90 %): it read "90% of expected"."""
    assert "89% of expected" in _line(_count("89.75"))
    assert "90% of expected" in _line(_count("90"))


def test_a_share_without_any_report_is_no_share() -> None:
    """With no report, the lowest share read 0 %: it is none yet."""
    empty = IndicatorResult(
        id="1.2",
        label="Share by field",
        metric=MetricKind.SHARE,
        value=None,
        target=Decimal("0.25"),
        expected=None,
        status=Status.NOT_STARTED,
        percent_of_expected=None,
        projection=None,
        per_month_needed=None,
        shares={"justice": Decimal(0), "emergencies": Decimal(0)},
        reports=0,
    )
    assert "lowest share —" in _line(empty)
    some = IndicatorResult(**{**empty.__dict__, "reports": 25, "shares": {"a": Decimal("0.249")}})
    assert "lowest share 24%" in _line(some)


def _growth(rate: str) -> IndicatorResult:
    return IndicatorResult(
        id="3.3b",
        label="Annual budget growth",
        metric=MetricKind.GROWTH,
        value=Decimal(rate),
        target=Decimal("0.10"),
        target_high=Decimal("0.20"),
        expected=None,
        status=Status.AT_RISK,
        percent_of_expected=None,
        projection=None,
        per_month_needed=None,
    )


def test_a_pro_rated_target_missed_by_a_fraction_does_not_read_met() -> None:
    """A manager of 2 of 7 countries: 50 x 2/7 = 14.29 trainings. With 14 at the plan's end
    (off track: short of it) the chat, the digest and the dashboard read "🔴 14 / 14" next to
    "To reach the target: 1 more"; 15 are needed, and the target reads 15."""
    from bot.ui.indicators import value_of_target

    missed = IndicatorResult(
        id="1.1a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal(14),
        target=Decimal(50) * 2 / 7,
        expected=Decimal(50) * 2 / 7,
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(98),
        projection=None,
        per_month_needed=None,
        partial=True,
    )
    assert "🔴 <b>1.1a</b> Trainings: 14 / 15 · 98% of expected" in _line(missed)
    assert "Value: 14 of 15" in _detail(missed)
    met = IndicatorResult(**{**missed.__dict__, "value": Decimal(15), "status": Status.ON_TRACK})
    assert value_of_target(met, "en") == "15 / 15"
    whole = IndicatorResult(**{**missed.__dict__, "target": Decimal(14)})
    assert value_of_target(whole, "en") == "14 / 14"


def test_a_growth_just_outside_its_range_shows_it_and_the_whole_range() -> None:
    """20.4 % is above 10-20 % (at risk): it read "20% / 10%", in the range it is above."""
    assert "20.4% / 10%–20%" in _line(_growth("0.204"))
    assert "9.95% / 10%–20%" in _line(_growth("0.0995"))
    assert "15% / 10%–20%" in _line(_growth("0.15"))


def test_a_yearly_value_reads_as_it_was_entered() -> None:
    """ "Saved: 3.3a = 0.04 for 2026." then /indicators read "0 / 2", and a yearly report 0.95
    done "🟡 1 / 1" (at risk, under its target): every decimal entered is shown."""

    def manual(value: str, target: str = "2") -> IndicatorResult:
        return IndicatorResult(
            id="3.3a",
            label="New sponsors",
            metric=MetricKind.MANUAL,
            value=Decimal(value),
            target=Decimal(target),
            expected=None,
            status=Status.AT_RISK,
            percent_of_expected=Decimal(value) * 100 / Decimal(target),
            projection=None,
            per_month_needed=None,
            period="2026",
        )

    assert "0.04 / 2 in 2026" in _line(manual("0.04"))
    assert "0.95 / 1 in 2026" in _line(manual("0.95", "1"))
    assert "2 / 2 in 2026" in _line(manual("2.0000"))  # as PostgreSQL gives it back
    assert "1,250,000.5 / 2 in 2026" in _line(manual("1250000.5000"))


def test_a_growth_a_hair_outside_its_range_does_not_read_inside_it() -> None:
    """A budget of 100,000 then 120,004 grew 20.004 %: above 10-20 %, at risk, it read
    "20% / 10%–20%" (rounded to a hundredth of a percent), and 9.99996 % read "10%"."""
    assert "20.01% / 10%–20%" in _line(_growth("0.20004"))
    assert "9.99% / 10%–20%" in _line(_growth("0.0999996"))
    assert "20% / 10%–20%" in _line(_growth("0.2"))  # the range's own bound: inside it
    assert "12.35% / 10%–20%" in _line(_growth("0.123456"))  # inside: to the nearest


def test_a_tiny_growth_does_not_read_as_none() -> None:
    """A budget grown 0.0004 % (below 10-20 %, at risk) read "0% / 10%–20%", as if it had not
    grown, in /indicators, /indicator, the digest and the dashboard: "<0.01%"."""
    import dataclasses

    from bot.ui.indicators import figure_text

    assert "🟡 <b>3.3b</b> Annual budget growth: <0.01% / 10%–20%" in _line(_growth("0.000004"))
    assert "<0.01% / 10%–20%" in _line(_growth("0.00004"))  # inside 0-0.005 %: still not 0
    assert "-0.01% / 10%–20%" in _line(_growth("-0.0000001"))  # rounded away from the range
    wide = dataclasses.replace(_growth("-0.0000001"), target=Decimal("-0.05"))
    assert ">-0.01% / -5%–20%" in _line(wide)  # inside it
    assert "0% / 10%–20%" in _line(_growth("0"))
    assert "<0" not in _line(_growth("0"))
    assert "0.01% / 10%–20%" in _line(_growth("0.0001"))
    assert "<0" not in _line(_growth("0.0001"))
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("fr"):
        assert figure_text(_growth("0.000004"), Decimal("0.000004"), "fr") == "<0,01\u00a0%"


def test_a_growth_range_with_decimals_reads_as_it_is() -> None:
    """A plan's range of 2.5-5 % read "2%–5%" (whole, rounded half to even): 2.4 %, below it
    and at risk, read "2.4% / 2%–5%", as if inside it."""
    from dataclasses import replace

    narrow = replace(_growth("0.024"), target=Decimal("0.025"), target_high=Decimal("0.05"))
    assert "2.4% / 2.5%–5%" in _line(narrow)
    assert "4.99% / 4.99%–5.01%" in _line(
        replace(_growth("0.0499"), target=Decimal("0.0499"), target_high=Decimal("0.0501"))
    )


def _detail(result: IndicatorResult) -> list[str]:
    from bot.indicators.plan import load_plan
    from bot.ui.indicators import detail_text

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        return detail_text(result, load_plan(), "en")


def test_less_than_one_more_a_month_is_not_said_to_be_one_a_month() -> None:
    """2 more countries in 37 months read "To reach the target: 1 more per month" (37 more)."""
    countries = IndicatorResult(
        id="1.1b",
        label="Countries",
        metric=MetricKind.DISTINCT_COUNT,
        value=Decimal(1),
        target=Decimal(3),
        expected=Decimal("1.15"),
        status=Status.AT_RISK,
        percent_of_expected=Decimal(87),
        projection=Decimal("2.6"),
        per_month_needed=Decimal(2) / Decimal(37),
    )
    assert "To reach the target: 2 more by Dec 31, 2029" in _detail(countries)
    trainings = IndicatorResult(
        id="1.1a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal(3),
        target=Decimal(50),
        expected=Decimal(19),
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(15),
        projection=Decimal(7),
        per_month_needed=Decimal(47) / Decimal(37),
    )
    assert "To reach the target: 2 more per month" in _detail(trainings)  # 1.27: rounded up


def test_the_value_expected_by_now_never_reads_as_reached_when_it_is_not() -> None:
    """1 country of 1.15 expected, at risk, read "Value: 1 of 3 / Expected by now at a steady
    pace: 1": the expected count rounded down to the value, next to "at risk"."""
    countries = IndicatorResult(
        id="1.1b",
        label="Countries",
        metric=MetricKind.DISTINCT_COUNT,
        value=Decimal(1),
        target=Decimal(3),
        expected=Decimal("1.15"),
        status=Status.AT_RISK,
        percent_of_expected=Decimal(87),
        projection=Decimal("2.6"),
        per_month_needed=None,
    )
    assert "Expected by now at a steady pace: 1.15" in _detail(countries)  # not 1


def test_a_list_of_countries_cut_short_says_so() -> None:
    """12 countries with staff and nothing yet listed 10, as if they were all: the list ends
    with "…" when it is cut (the by-country counts too, top 8)."""
    from bot.indicators.plan import load_plan
    from bot.indicators.results import Breakdown
    from bot.ui.indicators import breakdown_lines

    codes = ("BF", "BJ", "CD", "CI", "CM", "GN", "HT", "MA", "ML", "NE", "SN", "TN")
    silent = IndicatorResult(
        id="1.1b",
        label="Countries",
        metric=MetricKind.DISTINCT_COUNT,
        value=Decimal(0),
        target=Decimal(25),
        expected=Decimal(9),
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(0),
        projection=None,
        per_month_needed=None,
        missing_countries=codes,
    )
    line = next(x for x in _detail(silent) if x.startswith("Countries with staff"))
    assert "Mali, Niger, …" in line
    parts = Breakdown({c: 12 - n for n, c in enumerate(codes)}, {}, ())
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        counts = breakdown_lines(load_plan().indicator("1.1a"), parts, "en")[-1]
    assert counts.endswith(", …")
    with i18n.context(), i18n.use_locale("en"):
        few = breakdown_lines(load_plan().indicator("1.1a"), Breakdown({"HT": 2}, {}, ()), "en")
    assert few[-1] == "By country: Haiti 2"


def test_a_yearly_value_names_its_year() -> None:
    """In January, 2026's missing annual report is still listed: "— / 1" read as if 2027's
    were late; the line and the details name the year."""
    from bot.indicators.plan import load_plan
    from bot.ui.indicators import detail_text

    missing = IndicatorResult(
        id="3.1",
        label="Annual report on actions to systematise performance analysis",
        metric=MetricKind.MANUAL,
        value=None,
        target=Decimal(1),
        expected=None,
        status=Status.OFF_TRACK,
        percent_of_expected=None,
        projection=None,
        per_month_needed=None,
        period="2026",
    )
    assert "— / 1 in 2026" in _line(missing)
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        details = detail_text(missing, load_plan(), "en")
    assert "Value for 2026: — of 1" in details
    assert " in " not in _line(_count("50"))  # a count over the plan has no year


def test_in_the_plans_last_month_what_is_left_is_due_by_its_end_not_per_month() -> None:
    """In December 2029 (and on the 31st itself) 45 trainings short read "To reach the target:
    45 more per month", as if months were left: there is one, it ends with the plan."""
    last_month = IndicatorResult(
        id="1.1a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal(5),
        target=Decimal(50),
        expected=Decimal(50),
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(10),
        projection=Decimal(5),
        per_month_needed=Decimal(45),  # what is left, over the one month left
    )
    assert "To reach the target: 45 more by Dec 31, 2029" in _detail(last_month)


def test_indicators_after_the_plans_end_say_the_figures_are_final() -> None:
    """/indicators on 7 January 2030 read "Strategic plan indicators on Jan 7, 2030" over the
    2025-2029 plan's figures, frozen on 31 December 2029, with nothing to say that the plan
    was over; now the plan's end is said under the heading, from the day after it."""
    plan, i18n = shipped_plan(), create_i18n()
    ended = "The plan ended on Dec 31, 2029: these are its final figures."
    results = [_count("90")]
    with i18n.context(), i18n.use_locale("en"):
        last_day = indicator_list(results, dt.date(2029, 12, 31), "en", plan)[0]
        text = indicator_list(results, dt.date(2030, 1, 7), "en", plan)[0]
    assert ended not in last_day
    assert ended in text, text


def test_the_value_expected_by_now_agrees_with_the_percentage_of_it() -> None:
    """1.3, 2 of 3 with 1.15 expected, read 'Value: 2 of 3 / Expected by now at a steady pace:
    2' next to '174 % of expected, ahead of plan' (and '173 %' on the summary line): the
    expected count is now shown to three significant figures, rounded up, so that the value
    divided by it is the percentage shown, itself rounded down everywhere."""
    from bot.ui.indicators import detail_text, expected_text

    sectors = IndicatorResult(
        id="1.3",
        label="Sectors",
        metric=MetricKind.DISTINCT_COUNT,
        value=Decimal(2),
        target=Decimal(3),
        expected=Decimal("1.15"),
        status=Status.ON_TRACK,
        percent_of_expected=Decimal(2) / Decimal("1.15") * 100,  # 173.9
        projection=Decimal("5.2"),
        per_month_needed=None,
    )
    detail = _detail(sectors)
    assert "Expected by now at a steady pace: 1.15" in detail
    assert "🚀 Ahead of plan: 173% of the value expected by now." in detail
    assert "173% of expected" in _line(sectors)
    i18n = create_i18n()
    for locale, shown in (("fr", "1,15"), ("ar", "1.15"), ("en", "1.15")):
        with i18n.context(), i18n.use_locale(locale):
            assert shown in expected_text(sectors, locale)
            assert any(shown in line for line in detail_text(sectors, shipped_plan(), locale))
    # Three significant figures, rounded up; whole when it is whole.
    for expected, shown in (
        ("14.31", "14.4"),
        ("143.2", "144"),
        ("0.3712", "0.372"),
        ("19", "19"),
    ):
        result = IndicatorResult(**{**sectors.__dict__, "expected": Decimal(expected)})
        assert expected_text(result, "en").strip("\u2066\u2069") == shown


def test_a_percentage_beyond_999_reads_more_than_999() -> None:
    """3.4 (target 1) entered as 1e15 read '100,000,000,000,000,000% of expected' and 'Ahead of
    plan: 100,000,000,000,000,000% of the value expected by now.': above 999 % it is '>999%'."""
    policy = IndicatorResult(
        id="1.1a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal("1e15"),
        target=Decimal(50),
        expected=Decimal(1),
        status=Status.ON_TRACK,
        percent_of_expected=Decimal("1e17"),
        projection=None,
        per_month_needed=None,
    )
    assert ">999% of expected · 🚀 ahead of plan" in _line(policy)
    assert "🚀 Ahead of plan: >999% of the value expected by now." in _detail(policy)
    exactly = IndicatorResult(**{**policy.__dict__, "percent_of_expected": Decimal("999.9")})
    assert "999% of expected" in _line(exactly)


def test_the_value_expected_at_the_plans_end_reads_as_the_target() -> None:
    """After the plan's end, 14 trainings of a pro-rated 14.29 read "Value: 14 of 15 /
    Expected by now at a steady pace: 14.3": the target expected, not as the target reads."""
    trainings = IndicatorResult(
        id="1.2a",
        label="Trainings",
        metric=MetricKind.COUNT,
        value=Decimal(14),
        target=Decimal(100) / Decimal(7),
        expected=Decimal(100) / Decimal(7),
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(98),
        projection=Decimal(14),
        per_month_needed=None,
    )
    lines = _detail(trainings)
    assert "Value: 14 of 15" in lines
    assert "Expected by now at a steady pace: 15" in lines


def test_a_saved_yearly_value_reads_as_the_indicators_read_it() -> None:
    """ "2.50000" typed for 3.3a was confirmed "Saved: 3.3a = 2.50000 for 2026.", as typed,
    where /indicators reads 2.5: the value stored, as everywhere, in the reader's language."""
    from bot.ui.indicators import saved_text

    i18n = create_i18n()
    for locale, value, shown in (
        ("en", "2.50000", "= 2.5 for"),
        ("fr", "2.50000", "2,5"),
        ("en", "12000.0", "= 12,000 for"),
        ("en", "0.0400", "= 0.04 for"),
    ):
        with i18n.context(), i18n.use_locale(locale):
            text = saved_text("3.3a", Decimal(value), "2026", locale).replace("\u2066", "")
        assert shown in text.replace("\u2069", ""), text
        assert "0000" not in text, text
