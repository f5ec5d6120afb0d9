"""The weekly digest of a manager of many countries fits what Telegram accepts."""

from __future__ import annotations

from decimal import Decimal

from bot.i18n import create_i18n
from bot.indicators.logic import Status
from bot.indicators.plan import MetricKind
from bot.indicators.results import IndicatorResult
from bot.ui.text import plain_text, telegram_length
from scheduler.digest import (
    CAPTION_LIMIT,
    TEXT_LIMIT,
    DigestContent,
    digest_payload,
    fit_caption,
    render_digest_text,
)
from tests.factories import shipped_plan

# The 45 countries of a large organisation.
COUNTRIES = [
    "HT", "NE", "CM", "SN", "ML", "BF", "CI", "GN", "TG", "BJ", "CD", "CG", "GA", "TD", "CF",
    "MG", "KE", "TZ", "UG", "RW", "BI", "ET", "SO", "SD", "SS", "MZ", "MW", "ZM", "ZW", "AO",
    "BR", "CO", "PE", "BO", "EC", "GT", "HN", "NI", "SV", "MX", "LB", "JO", "SY", "YE", "IQ",
]  # fmt: skip


def _everything_off_track() -> list[IndicatorResult]:
    return [
        IndicatorResult(
            id=definition.id,
            label=definition.label,
            metric=MetricKind.COUNT,
            value=Decimal(1),
            target=Decimal(50),
            expected=Decimal(30),
            status=Status.OFF_TRACK,
            percent_of_expected=Decimal(3),
            projection=Decimal(2),
            per_month_needed=Decimal(4),
            missing_countries=tuple(COUNTRIES),
        )
        for definition in shipped_plan().indicators
    ]


def test_the_caption_fits_counted_as_telegram_counts() -> None:
    """Every line starts with a status mark (🔴, two UTF-16 units): a caption of 1,019
    characters was 1,029 units, Telegram refused the photo and the manager got no digest that
    week, whichever countries had gone silent."""
    plan, results, i18n = shipped_plan(), _everything_off_track(), create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        for silent in range(len(COUNTRIES) + 1):
            content = DigestContent(
                period="2026-W49",
                results=results,
                silent=COUNTRIES[:silent],
                partial=True,
                received=dict.fromkeys(COUNTRIES[silent:], 7),
            )
            caption = plain_text(fit_caption(content, plan, "en"))
            assert telegram_length(caption) <= CAPTION_LIMIT, silent


def test_without_a_chart_the_digest_fits_a_message() -> None:
    """When no chart is drawn (it failed, or nothing to chart) the digest is a message of its
    own: with every indicator off track and described in full it ran to 5,000 characters and
    more, Telegram refused it ("message is too long") and the outbox gave up on it."""
    plan, results, i18n = shipped_plan(), _everything_off_track(), create_i18n()
    for locale in ("en", "fr", "mg"):
        with i18n.context(), i18n.use_locale(locale):
            content = DigestContent(
                period="2026-W49",
                results=results,
                silent=COUNTRIES[:20],
                partial=True,
                received=dict.fromkeys(COUNTRIES[20:], 12),
            )
            payload = digest_payload(content, plan, locale, chart_png=None)
        text = plain_text(payload["text"])
        assert telegram_length(text) <= TEXT_LIMIT, locale
        assert all(result.id in text for result in results)  # one line each still fits


def test_a_digest_after_the_plans_end_says_its_figures_are_final() -> None:
    """In January 2030 the 2025-2029 plan is over, yet the digest went on with "3 indicators
    need attention" and no word of why nothing can change them any more: a count's target is
    met or missed from the plan's last day on."""
    plan, results, i18n = shipped_plan(), _everything_off_track()[:3], create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        texts = {
            period: plain_text(
                render_digest_text(
                    DigestContent(period=period, results=results, silent=(), partial=False),
                    plan,
                    "en",
                )
            )
            for period in ("2029-W52", "2030-W01", "2030-W02")
        }
    ended = "The plan ended on Dec 31, 2029: these are its final figures."
    # 2030-W01 starts on Monday 31 December 2029, the plan's last day.
    assert [ended in texts[p] for p in ("2029-W52", "2030-W01", "2030-W02")] == [
        False,
        False,
        True,
    ]
