"""A report's title in lists and on its card: a date that reads one way, with its year whole."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from bot.domain.reports import ReportView
from bot.i18n import create_i18n
from bot.ui.reports import report_title

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def training(day: dt.date) -> ReportView:
    return ReportView(
        id=uuid.uuid4(),
        kind="training",
        form_id="training",
        form_version=1,
        author_user_id=1,
        country="HT",
        field="justice",
        event_date=day,
        answers={},
        version=1,
        submitted_at=NOW,
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("en", "Nov 3, 2026 · Training · Haiti"),  # not 11/3/26: day or month first?
        ("fr", "03/11/2026 · Formation · Haïti"),
        ("es", "3/11/2026 · Capacitación · Haití"),
        ("mg", "03/11/2026 · Fiofanana · Haiti"),
    ],
)
def test_a_title_has_an_unambiguous_date_with_a_four_digit_year(locale: str, title: str) -> None:
    i18n = create_i18n("en")
    with i18n.context(), i18n.use_locale(locale):
        assert report_title(training(dt.date(2026, 11, 3)), locale) == title


@pytest.mark.parametrize(
    ("locale", "shown"),
    [
        ("en", "former member #12"),
        ("fr", "ancien membre n° 12"),
        ("ar", "عضو سابق رقم \u206612\u2069"),
    ],
)
def test_an_erased_persons_pseudonym_is_said_in_the_readers_language(
    locale: str, shown: str
) -> None:
    from bot.ui.reports import person_name

    i18n = create_i18n("en")
    with i18n.context(), i18n.use_locale(locale):
        assert person_name("former member #12", locale) == shown
        assert person_name("Jean <b>", "en") == "Jean &lt;b&gt;"
        assert person_name(None, locale) == "—"
