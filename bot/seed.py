"""Realistic synthetic reports for demonstrations (`fieldbot seed-demo-data`).

Every report is built question by question with the form engine and checked as the chat checks
an answer, so the demo data is data the bot could have collected. The data is deliberately
uneven, so that the indicator screens have something to say:

- the field "emergencies" stays well under its 25 % minimum share;
- advocacy reaches only a handful of countries, and few decisions are adopted with our
  contribution (indicators 2.1a, 2.1b off track), while trainings spread over ~20 countries.

Ids are uuid5(rng_seed, index) and the n-th report only depends on the ones before it, so
seeding again (even with a larger count) creates no duplicates.

The reports are written by synthetic staff, "Demo officer 1" to "Demo officer 5", each covering
a few countries. They hold no role, so nothing is ever sent to them, and their Telegram ids lie
above 2**53: Telegram's user ids have at most 52 significant bits (Bot API, User.id), so no real
person can have one (negative ids are taken: they are erased people, models.people.is_erased).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from uuid import UUID, uuid5

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.forms.definitions import ADVOCACY, TRAINING
from bot.forms.engine import (
    answer_errors,
    check_value,
    computed_values,
    missing_required,
    next_question,
    set_answer,
)
from bot.forms.model import Form
from models.queries import ensure_user
from models.reports import NewReport, insert_reports
from models.tables import Report, User

SEED_NAMESPACE = UUID("6a0f2d4c-93b1-5e8f-8c2e-2f4b7d9e1a35")
DEFAULT_RNG_SEED = 7

# Synthetic staff (see the module's docstring): ids from DEMO_TELEGRAM_ID_BASE + 1.
DEMO_TELEGRAM_ID_BASE = 2**53
DEMO_OFFICERS = 5

# Countries where the organisation works, with towns where trainings happen, and how many
# trainings each gets relative to the others.
PLACES: dict[str, tuple[tuple[str, ...], int]] = {
    "HT": (("Port-au-Prince", "Cap-Haïtien", "Jacmel", "Les Cayes"), 10),
    "NE": (("Niamey", "Zinder", "Maradi"), 6),
    "SN": (("Dakar", "Saint-Louis", "Ziguinchor", "Thiès"), 8),
    "ML": (("Bamako", "Ségou", "Mopti"), 5),
    "BF": (("Ouagadougou", "Bobo-Dioulasso", "Koudougou"), 7),
    "CD": (("Kinshasa", "Goma", "Bukavu", "Lubumbashi"), 7),
    "MG": (("Antananarivo", "Toamasina", "Mahajanga"), 4),
    "CM": (("Yaoundé", "Douala", "Bamenda"), 5),
    "CI": (("Abidjan", "Bouaké", "Yamoussoukro"), 6),
    "BJ": (("Cotonou", "Porto-Novo", "Parakou"), 4),
    "TG": (("Lomé", "Kara", "Sokodé"), 3),
    "GN": (("Conakry", "Kankan", "Labé"), 3),
    "TD": (("N'Djamena", "Abéché"), 2),
    "MA": (("Rabat", "Casablanca", "Marrakech"), 4),
    "TN": (("Tunis", "Sfax", "Sousse"), 3),
    "YE": (("Aden", "Marib"), 2),
    "JO": (("Amman", "Zarqa", "Irbid"), 4),
    "CR": (("San José", "Limón"), 2),
    "HN": (("Tegucigalpa", "San Pedro Sula"), 3),
    "CA": (("Montréal", "Québec", "Ottawa", "Winnipeg"), 5),
}
# Advocacy happens in a few countries only: "countries receiving advocacy support" lags.
ADVOCACY_COUNTRIES: dict[str, int] = {"SN": 4, "HT": 4, "BF": 2, "JO": 2, "CD": 1, "CA": 1}
ADVOCACY_SHARE = 0.18
# Emergencies well below the 25 % minimum share.
FIELDS: dict[str, int] = {"justice": 50, "violence_exploitation": 38, "emergencies": 12}

_PARTNERS = (
    "UNICEF",
    "Ministry of Justice",
    "Ministry of Social Affairs",
    "National Police School",
    "Bar Association",
    "Save the Children",
    "Plan International",
    "National Human Rights Commission",
    "Magistrates' Training School",
)
_INSTITUTIONS = (
    "Ministry of Justice",
    "National Assembly",
    "Ministry of Social Affairs",
    "National Police Directorate",
    "Juvenile Court",
    "Ministry of Education",
)
_NETWORKS = (
    "Child protection working group",
    "Network of child-friendly police units",
    "Civil society coalition for children's rights",
    "Juvenile justice practitioners' network",
)
_KEY_EVENTS = (
    "Day of the African Child forum",
    "National conference on juvenile justice",
    "Regional workshop on child-friendly justice",
    "World Day against Child Labour event",
)
_NOTES = (
    "Pre- and post-tests done on paper.",
    "Session co-facilitated with the partner's trainers.",
    "Follow-up visit planned in three months.",
)
# Target groups: (weight, share of women among participants).
_TARGET_GROUPS: dict[str, tuple[int, float]] = {
    "police": (18, 0.25),
    "defence_security": (6, 0.15),
    "justice_personnel": (14, 0.45),
    "social_workers": (16, 0.7),
    "teachers": (10, 0.65),
    "health_workers": (7, 0.7),
    "civil_society": (10, 0.55),
    "private_sector": (2, 0.45),
    "community_leaders": (8, 0.3),
    "government": (5, 0.4),
    "media": (3, 0.5),
    "other": (1, 0.5),
}
_TRAINING_TYPES = {"session": 62, "train_the_trainer": 16, "curriculum": 8, "coaching": 12}
_EVENT_KINDS = {
    "campaign": 26,
    "partnership": 18,
    "key_event": 18,
    "network": 12,
    "other": 10,
    "decision": 4,
    "legislative_reform": 2,
    "sop": 2,
    "budget": 1,
}
_CANADA_SECTORS = (
    "justice",
    "education",
    "health_social",
    "police",
    "youth_protection",
    "community",
)
_LEVELS = {"local": 35, "national": 45, "regional": 15, "international": 5}

T = TypeVar("T")

# Answers one question, given the answers so far; None skips an optional question.
Generator = Callable[[Mapping[str, Any]], Any]


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _maybe(rng: random.Random, probability: float, value: T) -> T | None:
    return value if rng.random() < probability else None


def _random_day(rng: random.Random, start: dt.date, end: dt.date) -> str:
    return (start + dt.timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def _participants(rng: random.Random, target_group: Any) -> tuple[int, int, int]:
    """(women, men, other) for a session of 8 to 45 people, by the target group's profile."""
    total = rng.randint(8, 45)
    _, women_share = _TARGET_GROUPS.get(str(target_group), (0, 0.5))
    other = rng.choices((0, 1, 2), weights=(80, 15, 5))[0]
    women = round((total - other) * min(1.0, max(0.0, rng.gauss(women_share, 0.1))))
    return women, total - other - women, other


def training_generators(rng: random.Random, start: dt.date, end: dt.date) -> dict[str, Generator]:
    """Generators for one training report (they share its participants and scores)."""
    shared: dict[str, Any] = {}

    def participants(index: int) -> Generator:
        def generate(answers: Mapping[str, Any]) -> int:
            if "participants" not in shared:
                shared["participants"] = _participants(rng, answers.get("target_group"))
            value: int = shared["participants"][index]
            return value

        return generate

    def duration(answers: Mapping[str, Any]) -> str:
        if answers.get("duration_unit") == "hours":
            return str(rng.choice((2, 3, 4, 6, 8)))
        return rng.choice(("1", "1.5", "2", "3", "3", "4", "5", "10"))

    def _decimal(value: float) -> str:
        """One decimal, written as the form engine stores a typed number ("54", "54.5")."""
        text = f"{value:.1f}"
        return text.removesuffix(".0")

    def score(index: int) -> Generator:
        def generate(_answers: Mapping[str, Any]) -> str | None:
            if "scores" not in shared:
                before = rng.uniform(30, 65)
                after = min(100.0, before + rng.uniform(8, 35))
                tested = rng.random() < 0.6
                shared["scores"] = (_decimal(before), _decimal(after)) if tested else None
            pair: tuple[str, str] | None = shared["scores"]
            return None if pair is None else pair[index]

        return generate

    def trainers(answers: Mapping[str, Any]) -> int:
        return rng.randint(1, max(1, sum(shared["participants"]) // 2))

    return {
        "country": lambda _a: _pick(rng, {code: weight for code, (_, weight) in PLACES.items()}),
        "place": lambda a: _maybe(rng, 0.85, rng.choice(PLACES[a["country"]][0])),
        "field": lambda _a: _pick(rng, FIELDS),
        "target_group": lambda _a: _pick(
            rng, {group: weight for group, (weight, _) in _TARGET_GROUPS.items()}
        ),
        "training_type": lambda _a: _pick(rng, _TRAINING_TYPES),
        "national_programme": lambda _a: rng.random() < 0.3,
        "start_date": lambda _a: _random_day(rng, start, end),
        "duration_unit": lambda _a: _pick(rng, {"days": 70, "hours": 30}),
        "duration": duration,
        "participants_women": participants(0),
        "participants_men": participants(1),
        "participants_other": participants(2),
        "trainers_trained": trainers,
        "partner": lambda _a: _maybe(rng, 0.6, rng.choice(_PARTNERS)),
        "canada_sector": lambda _a: rng.choice(_CANADA_SECTORS),
        "pre_score": score(0),
        "post_score": score(1),
        "notes": lambda _a: _maybe(rng, 0.1, rng.choice(_NOTES)),
    }


def advocacy_generators(rng: random.Random, start: dt.date, end: dt.date) -> dict[str, Generator]:
    """Generators for one advocacy-event report."""

    def name(answers: Mapping[str, Any]) -> str:
        return rng.choice(_NETWORKS if answers.get("event_kind") == "network" else _KEY_EVENTS)

    def audience(answers: Mapping[str, Any]) -> int | None:
        high = 300 if answers.get("level") == "local" else 5000
        return _maybe(rng, 0.7, rng.randint(20, high))

    return {
        "country": lambda _a: _pick(rng, ADVOCACY_COUNTRIES),
        "level": lambda _a: _pick(rng, _LEVELS),
        "field": lambda _a: _pick(rng, FIELDS),
        "event_kind": lambda _a: _pick(rng, _EVENT_KINDS),
        "institution": lambda _a: rng.choice(_INSTITUTIONS),
        "contributed": lambda _a: rng.random() < 0.6,
        "network_name": name,
        "partner_organisations": lambda _a: rng.randint(3, 25),
        "audience": audience,
        "event_date": lambda _a: _random_day(rng, start, end),
        "notes": lambda _a: _maybe(rng, 0.1, rng.choice(_NOTES)),
    }


class SeedError(RuntimeError):
    """A generated answer was refused by the form: the generator and the form disagree."""


def build_answers(
    form: Form, generators: Mapping[str, Generator], *, today: dt.date
) -> dict[str, Any]:
    """Answer the form's active questions in order, each checked as the chat checks it."""
    answers: dict[str, Any] = {}
    while (question := next_question(form, answers)) is not None:
        generate = generators.get(question.id)
        value = True if generate is None else generate(answers)  # a note: read
        error = check_value(question, value, answers, today=today)
        if error is not None:
            raise SeedError(f"{form.id}.{question.id} = {value!r}: {error.msgid}")
        answers = set_answer(form, answers, question.id, value)
    problems = [q.id for q in missing_required(form, answers)]
    problems += [q.id for q, _ in answer_errors(form, answers, today=today)]
    if problems:
        raise SeedError(f"{form.id}: invalid answers to {', '.join(problems)}")
    return answers


def demo_report_id(index: int, rng_seed: int = DEFAULT_RNG_SEED) -> UUID:
    """The id of the index-th synthetic report of a seed."""
    return uuid5(SEED_NAMESPACE, f"{rng_seed}/{index}")


def build_demo_reports(
    *,
    count: int,
    plan_start: dt.date,
    as_of: dt.date,
    author_user_id: int,
    rng_seed: int = DEFAULT_RNG_SEED,
    officer_ids: Sequence[int] = (),
) -> list[NewReport]:
    """`count` synthetic reports dated between plan_start and as_of (pure: no database).

    With officer_ids, each country's reports are by one of those users (countries dealt in
    turn); otherwise every report is by author_user_id.
    """
    if count < 0 or as_of < plan_start:
        raise ValueError("count must be >= 0 and as_of on or after plan_start")
    countries = {code: index for index, code in enumerate(PLACES)}
    rng = random.Random(rng_seed)  # noqa: S311 - demo data, reproducible on purpose
    reports: list[NewReport] = []
    for index in range(count):
        advocacy = rng.random() < ADVOCACY_SHARE
        form = ADVOCACY if advocacy else TRAINING
        generators = (advocacy_generators if advocacy else training_generators)(
            rng, plan_start, as_of
        )
        answers = build_answers(form, generators, today=as_of)
        event_day = dt.date.fromisoformat(answers.get("start_date") or answers["event_date"])
        submitted = dt.datetime.combine(
            min(as_of, event_day + dt.timedelta(days=rng.randint(0, 6))),
            dt.time(rng.randint(7, 19), rng.randint(0, 59)),
            tzinfo=dt.UTC,
        )
        author = author_user_id
        if officer_ids:
            author = officer_ids[countries[answers["country"]] % len(officer_ids)]
        reports.append(
            NewReport(
                id=demo_report_id(index, rng_seed),
                kind=form.kind,
                form_id=form.id,
                form_version=form.version,
                author_user_id=author,
                answers=answers,
                computed=computed_values(form, answers),
                submitted_at=submitted,
            )
        )
    return reports


async def store_demo_reports(
    session: AsyncSession, reports: Sequence[NewReport], *, now: dt.datetime
) -> int:
    """Insert the reports built by build_demo_reports in a few multi-row statements; returns
    how many were new (0 when this seed was already stored). Never commits."""
    return len(await insert_reports(session, reports, now=now))


async def seed_demo_reports(
    session: AsyncSession,
    *,
    count: int,
    plan_start: dt.date,
    as_of: dt.date,
    author_user_id: int,
    rng_seed: int = DEFAULT_RNG_SEED,
) -> int:
    """Store `count` synthetic reports dated between plan_start and as_of; returns how many
    were new (0 when this seed was already stored). Never commits."""
    reports = build_demo_reports(
        count=count,
        plan_start=plan_start,
        as_of=as_of,
        author_user_id=author_user_id,
        rng_seed=rng_seed,
    )
    return await store_demo_reports(session, reports, now=utcnow())


# --- A database of its own: the demo staff, and the refusal to mix with real reports ---------


async def ensure_demo_officers(session: AsyncSession) -> list[int]:
    """The user ids of the synthetic staff, created when missing (no role). Never commits."""
    officers = [
        await ensure_user(session, DEMO_TELEGRAM_ID_BASE + number, f"Demo officer {number}", None)
        for number in range(1, DEMO_OFFICERS + 1)
    ]
    return [officer.id for officer in officers]


async def holds_real_reports(
    session: AsyncSession, *, count: int, rng_seed: int = DEFAULT_RNG_SEED
) -> bool:
    """Whether the database holds a report this seed would not have written: neither by the
    demo staff nor one of its `count` ids (an older seed-demo-data signed its reports with the
    first admin's name: they are its own)."""
    not_demo = or_(User.id.is_(None), User.telegram_id <= DEMO_TELEGRAM_ID_BASE)
    # One more than the seed's ids: if they are all the seed's, there is no other.
    by_others = (
        select(Report.id)
        .outerjoin(User, Report.author_user_id == User.id)
        .where(not_demo)
        .limit(count + 1)
    )
    ids = set((await session.execute(by_others)).scalars())
    return bool(ids - {demo_report_id(index, rng_seed) for index in range(count)})
