"""Synthetic demo reports: valid for their form, idempotent, and uneven as intended."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.forms.definitions import ADVOCACY, FORMS, TRAINING
from bot.forms.engine import answer_errors, missing_required
from bot.seed import advocacy_generators, build_answers, seed_demo_reports, training_generators
from models.queries import ensure_user
from models.tables import Report

PLAN_START = dt.date(2025, 1, 1)
AS_OF = dt.date(2026, 11, 28)
COUNT = 150


async def _seed(session: AsyncSession, count: int = COUNT) -> int:
    author = await ensure_user(session, 5550002, "Seeder", "en")
    created = await seed_demo_reports(
        session, count=count, plan_start=PLAN_START, as_of=AS_OF, author_user_id=author.id
    )
    await session.commit()
    return created


async def _reports(session: AsyncSession) -> list[Report]:
    return list((await session.execute(select(Report))).scalars())


async def test_seeding_twice_creates_no_duplicates(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        first = await _seed(session, count=40)
    async with session_factory() as session:
        second = await _seed(session, count=40)
        more = await _seed(session, count=50)  # the first 40 are the same reports
        total = (await session.execute(select(func.count()).select_from(Report))).scalar_one()

    assert (first, second, more, total) == (40, 0, 10, 50)


async def test_every_seeded_report_is_valid_for_its_form(session: AsyncSession) -> None:
    await _seed(session)

    reports = await _reports(session)

    assert len(reports) == COUNT
    for report in reports:
        form = FORMS[report.form_id]
        assert report.kind == form.kind
        assert missing_required(form, report.answers) == []
        assert answer_errors(form, report.answers, today=AS_OF) == []
        assert PLAN_START <= report.event_date <= AS_OF
        assert report.submitted_at.date() >= report.event_date


async def test_seeded_data_is_uneven_as_intended(session: AsyncSession) -> None:
    await _seed(session)

    reports = await _reports(session)

    fields = Counter(report.field for report in reports)
    assert set(fields) == {"justice", "violence_exploitation", "emergencies"}
    assert fields["emergencies"] / len(reports) < 0.2
    assert min(fields["justice"], fields["violence_exploitation"]) / len(reports) > 0.25
    trainings = [r for r in reports if r.kind == "training"]
    advocacy = [r for r in reports if r.kind == "advocacy_event"]
    assert len({r.country for r in trainings}) >= 15
    assert len({r.country for r in advocacy if r.country != "CA"}) <= 5
    decisions = [r for r in advocacy if r.is_decision and r.contributed]
    assert len(decisions) < len(advocacy) * 0.2
    assert any(r.is_network for r in advocacy)
    assert any(r.is_key_event for r in advocacy)
    assert any(r.training_type == "train_the_trainer" and r.trainers_trained for r in trainings)
    assert all(8 <= (r.participants_total or 0) <= 45 for r in trainings)


@pytest.mark.parametrize("seed", range(30))
def test_generated_answers_pass_the_form_for_any_seed(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(10):
        training = build_answers(
            TRAINING, training_generators(rng, PLAN_START, AS_OF), today=AS_OF
        )
        advocacy = build_answers(
            ADVOCACY, advocacy_generators(rng, PLAN_START, AS_OF), today=AS_OF
        )
        assert missing_required(TRAINING, training) == []
        assert missing_required(ADVOCACY, advocacy) == []
