"""What checking one answer costs, as a 10,000-row reports import checks 150,000 of them.

Checking a 10,000-row file took 9.7 s of CPU (71 s on a loaded machine): Babel parsed the
locale anew twice for every number read, the words of the Skip button were folded again for
every answer, and every answer stored worked out three times which questions apply. Each is
now done once (per locale, per label, per answer stored).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

import bot.domain.languages as languages
import bot.forms.engine as engine
from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import parse_answer, set_answer

TODAY = dt.date(2026, 11, 28)
ANSWERS: dict[str, Any] = {
    "country": "HT",
    "place": "Jacmel",
    "field": "justice",
    "target_group": "police",
    "training_type": "session",
    "national_programme": False,
    "start_date": "2026-04-14",
    "duration_unit": "hours",
    "duration": "6.5",
}


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[object]:
    calls: list[object] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_locale_s_number_symbols_are_read_from_babel_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for cached in (languages.number_symbols, languages.group_symbols_read):
        clear = getattr(cached, "cache_clear", None)  # what an earlier test read is forgotten
        if clear is not None:
            clear()
    decimal = _counting(monkeypatch, languages, "get_decimal_symbol")
    group = _counting(monkeypatch, languages, "get_group_symbol")
    question = TRAINING.question("participants_women")
    for n in range(50):
        parsed = parse_answer(question, str(n), ANSWERS, locale="fr", today=TODAY)
        assert parsed.error is None
    assert len(decimal) == 1
    assert len(group) <= 2  # French's own, and a second reading locale's if it has one


def test_the_skip_button_s_words_are_folded_once_not_per_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keys = _counting(monkeypatch, engine, "_search_key")
    question = ADVOCACY.question("institution")
    assert question.required  # the Skip button's words are refused for it
    for _ in range(50):
        parsed = parse_answer(question, "Ministry of Justice", {}, locale="en", today=TODAY)
        assert parsed.error is None
    assert len(keys) <= 50 + 2  # the typed text each time, the label once


def test_storing_an_answer_works_out_once_which_questions_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    active = _counting(monkeypatch, engine, "active_questions")
    answers = set_answer(TRAINING, ANSWERS, "participants_women", 12)
    assert answers["participants_women"] == 12
    assert len(active) == 1
