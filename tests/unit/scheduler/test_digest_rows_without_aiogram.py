"""A digest's outbox row is the same, byte for byte, whether it is written with aiogram (the
bot's scheduler, as it always was) or without it (`fieldbot digest --now`, which no longer
loads aiogram): the catalogs, the text and every button and its data."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from bot.catalogs import Catalogs
from bot.i18n import create_i18n
from bot.indicators.logic import Status
from bot.indicators.plan import MetricKind
from bot.indicators.results import IndicatorResult
from bot.ui.callbacks import DigestAction, DigestCB
from bot.ui.keyboard import Keyboard
from bot.ui.translate import translating
from scheduler.digest import DigestContent, digest_payload, on_track_payload
from tests.factories import shipped_plan

LOCALES = ("en", "fr", "es", "pt", "ar", "sw", "mg")
# Compiled once (every .po, each time: seconds).
aiogram_i18n = cache(create_i18n)
catalogs = cache(Catalogs)


def _content(attention: bool) -> DigestContent:
    definition = shipped_plan().indicators[0]
    result = IndicatorResult(
        id=definition.id,
        label=definition.label,
        metric=MetricKind.COUNT,
        value=Decimal(3),
        target=Decimal(50),
        expected=Decimal(30),
        status=Status.OFF_TRACK,
        percent_of_expected=Decimal(10),
        projection=Decimal(5),
        per_month_needed=Decimal(4),
    )
    return DigestContent(
        period="2026-W49",
        results=[result] if attention else [],
        silent=("NE",),
        partial=True,
        received={"HT": 2},
    )


def _aiogram_keyboard(content: DigestContent | None, locale: str) -> dict[str, Any]:
    """The buttons as aiogram built them before (its builder and DigestCB)."""
    i18n = aiogram_i18n()
    with i18n.context(), i18n.use_locale(locale):
        kb = Keyboard()
        kb.button(
            text="📊 " + i18n.gettext("Open indicators"),
            callback_data=DigestCB(a=DigestAction.OPEN),
        )
        if content is not None:
            if content.results:
                kb.button(
                    text="💤 " + i18n.gettext("Snooze…"),
                    callback_data=DigestCB(a=DigestAction.CHOOSE, p=content.period),
                )
            kb.button(
                text="✅ " + i18n.gettext("Acknowledge"),
                callback_data=DigestCB(a=DigestAction.ACK, p=content.period),
            )
        kb.adjust(1)
        return kb.as_markup().model_dump(mode="json", exclude_none=True)


def _rows(locale: str, attention: bool, *, with_aiogram: bool) -> list[str]:
    plan, content = shipped_plan(), _content(attention)
    if with_aiogram:  # the bot's scheduler: aiogram's I18n
        i18n: Any = aiogram_i18n()
    else:  # `fieldbot digest --now`
        i18n = catalogs("en")
    with translating(i18n, locale):
        rows = [
            digest_payload(content, plan, locale, chart_png=b"png", seen={"1.1a": {}}),
            on_track_payload("2026-W49", locale, left_out=2, ended=plan),
        ]
    return [json.dumps(row, ensure_ascii=False, sort_keys=False) for row in rows]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("attention", [True, False])
def test_a_digest_row_is_the_same_with_or_without_aiogram(locale: str, attention: bool) -> None:
    assert _rows(locale, attention, with_aiogram=False) == _rows(
        locale, attention, with_aiogram=True
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("attention", [True, False])
def test_the_digest_buttons_are_those_aiogram_built(locale: str, attention: bool) -> None:
    content = _content(attention)
    with translating(catalogs("en"), locale):
        digest = digest_payload(content, shipped_plan(), locale, chart_png=None)
        on_track = on_track_payload(content.period, locale)
    assert json.dumps(digest["reply_markup"]) == json.dumps(_aiogram_keyboard(content, locale))
    assert json.dumps(on_track["reply_markup"]) == json.dumps(_aiogram_keyboard(None, locale))
    assert DigestCB.unpack(digest["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]) == (
        DigestCB(a=DigestAction.ACK, p="2026-W49")
    )
