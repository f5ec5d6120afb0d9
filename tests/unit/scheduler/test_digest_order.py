"""The digest lists what needs attention worst first: by how far each is from what it needs."""

from __future__ import annotations

from decimal import Decimal

from bot.indicators.logic import Status
from bot.indicators.plan import MetricKind
from bot.indicators.results import IndicatorResult
from scheduler.digest import needs_attention


def _result(
    indicator: str,
    metric: MetricKind,
    status: Status,
    *,
    percent: str | None = None,
    shares: dict[str, Decimal] | None = None,
    target: str = "50",
) -> IndicatorResult:
    return IndicatorResult(
        id=indicator,
        label=indicator,
        metric=metric,
        value=Decimal(0),
        target=Decimal(target),
        expected=None,
        status=status,
        percent_of_expected=None if percent is None else Decimal(percent),
        projection=None,
        per_month_needed=None,
        shares=shares or {},
    )


def test_a_count_at_half_of_what_is_expected_comes_before_a_share_just_short() -> None:
    """Emergencies at 24 % against a 25 % minimum came first (a share has no percent of
    expected, read as 0); trainings at 52 % of what is expected came last."""
    share = _result(
        "1.2",
        MetricKind.SHARE,
        Status.OFF_TRACK,
        shares={"emergencies": Decimal("0.24"), "justice": Decimal("0.40")},
        target="0.25",
    )
    count = _result("1.1b", MetricKind.COUNT, Status.OFF_TRACK, percent="52")
    near = _result("1.3", MetricKind.COUNT, Status.OFF_TRACK, percent="85")
    risk = _result("2.1a", MetricKind.COUNT, Status.AT_RISK, percent="20")
    fine = _result("2.2", MetricKind.COUNT, Status.ON_TRACK, percent="100")
    ordered = needs_attention([share, risk, fine, near, count], set())
    assert [r.id for r in ordered] == ["1.1b", "1.3", "1.2", "2.1a"]


def test_a_value_counted_another_way_since_the_last_digest_is_not_compared() -> None:
    """2.3a counted meetings (9), now networks (2): the digest said "−7" once."""
    from bot.i18n import create_i18n
    from scheduler.digest import Seen, change_text

    networks = _result("2.3a", MetricKind.DISTINCT_COUNT, Status.OFF_TRACK, percent="40")
    networks = IndicatorResult(**{**networks.__dict__, "value": Decimal(2)})
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        before_the_change = Seen(Decimal(9), Status.ON_TRACK, "count")
        old_payload = Seen(Decimal(9), Status.ON_TRACK, None)
        same_way = Seen(Decimal(1), Status.OFF_TRACK, "distinct_count")
        assert "−7" not in (change_text(networks, before_the_change, "en") or "")
        assert "−7" not in (change_text(networks, old_payload, "en") or "")
        assert "+1" in (change_text(networks, same_way, "en") or "")


def test_a_yearly_value_changed_since_the_last_digest_says_by_every_decimal() -> None:
    """0.04 then 0.0425 read "0.0425 / 2 · since the last digest: +0.002" (three decimals at
    most, rounded); PostgreSQL's 2.5000 after 2.0000 is +0.5."""
    from bot.i18n import create_i18n
    from scheduler.digest import Seen, change_text

    yearly = _result("3.3a", MetricKind.MANUAL, Status.AT_RISK, target="2")
    i18n = create_i18n()
    for locale, before, now, said in (
        ("en", "0.04", "0.0425", "+0.0025"),
        ("fr", "0.04", "0.0425", "+0,0025"),
        ("en", "0.0401", "0.04", "−0.0001"),
        ("en", "2.0000", "2.5000", "+0.5"),
    ):
        result = IndicatorResult(**{**yearly.__dict__, "value": Decimal(now)})
        with i18n.context(), i18n.use_locale(locale):
            text = change_text(result, Seen(Decimal(before), Status.AT_RISK, "manual"), locale)
        assert (text or "").endswith(f" {said}"), text
