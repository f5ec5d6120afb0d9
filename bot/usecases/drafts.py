"""A report in progress: the draft kept in the reporter's FSM data, and the states of its flow."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup

from bot.domain.clock import utcnow
from bot.domain.reports import ReportView, report_reference
from bot.forms.definitions import FORMS
from bot.forms.engine import active_questions, next_question, repeated_answers, set_answer
from bot.forms.model import Form, QType, Question
from bot.forms.screening import screen_text
from bot.ui.forms import draft_token
from models.drafts import DRAFT  # the one key of the draft, shared with the Mini App

DRAFT_STALE_AFTER = dt.timedelta(hours=1)
# A second tap on a button that starts a report, this soon after the first one started it, is
# the same person's double tap: it is ignored, not met with "you have an unfinished report".
DOUBLE_TAP_WITHIN = dt.timedelta(seconds=30)


@dataclass(frozen=True)
class Passed:
    """A question answered on the way to the next one: a note, or the only country."""

    question: Question
    value: Any
    answers: dict[str, Any]  # the answers right after it


class ReportFlow(StatesGroup):
    filling = State()
    review = State()


@dataclass
class Draft:
    """A report in progress, as stored in the FSM data (JSON only)."""

    form: str
    form_version: int
    report_id: str
    answers: dict[str, Any] = field(default_factory=dict)
    current: str | None = None
    multi: list[str] = field(default_factory=list)
    editing: bool = False
    expected_version: int | None = None
    started: str = ""
    updated: str = ""
    changing: str | None = None  # "Change: X" from the review card: « Back returns to the card
    reviewed: bool = False  # the card was shown: Cancel asks before discarding the answers
    # Answers a change dropped to ask them again: qid → {"old": answer, "because": qid}.
    reasked: dict[str, Any] = field(default_factory=dict)
    held: str = ""  # typed while the "unfinished report" prompt was shown, used on Continue
    held_for: str = ""  # the question it answers
    album: str = ""  # the media group (album) already refused: its other items pass in silence

    @property
    def token(self) -> str:
        # An edit's buttons are its own: every edit of a report corrects the same report id,
        # and a card left from an earlier edit must not save (or cancel) the one open now.
        if self.editing:
            return draft_token(f"{self.report_id}:{self.expected_version}:{self.started}")
        return draft_token(self.report_id)

    @property
    def step(self) -> str:
        """Where the report stands (its answers and the question asked), in six hex digits:
        a Discard shown at one step is out of date once the report has gone on."""
        where = json.dumps([self.current, self.answers], sort_keys=True, default=str)
        return hashlib.sha256(where.encode()).hexdigest()[:6]

    def hold(self, text: str, screen_patterns: Sequence[str]) -> None:
        """Keep `text`, typed while the "unfinished report" prompt was shown, for Continue to
        use; never what the screening refuses (a child's name, a phone number): that would sit
        in the conversation state unscreened. It is asked again instead."""
        if self.current and not screen_text(text, screen_patterns):
            self.held, self.held_for = text, self.current

    def as_data(self) -> dict[str, Any]:
        """The draft as the FSM stores it: its fields, by name (what dataclasses.asdict gives,
        without its deep copies through the dataclass machinery, some 3% of a form step; the
        storage copies the data it is given, models.fsm)."""
        return {name: getattr(self, name) for name in _DRAFT_FIELDS}

    def spec(self) -> Form:
        return FORMS[self.form]

    def advance(self, only_country: str | None) -> tuple[list[Passed], Question | None]:
        """Move on to the question to ask. A question that no longer applies (an earlier answer
        changed) is left; notes are acknowledged and the country is answered when the reporter
        has only one (the review card can still change it). Returns what was answered on the
        way, in order, and the question to ask (None: the review card)."""
        form = self.spec()
        if self.current and self.current not in {
            q.id for q in active_questions(form, self.answers)
        }:
            self.current = None
        passed: list[Passed] = []
        while True:
            question = (
                form.question(self.current) if self.current else next_question(form, self.answers)
            )
            if question is None:
                return passed, None
            if question.type is QType.NOTE:
                value: Any = True
            elif question.type is QType.COUNTRY and not self.current and only_country is not None:
                value = only_country
            else:
                return passed, question
            self.answers = set_answer(form, self.answers, question.id, value)
            self.current = None
            passed.append(Passed(question, value, dict(self.answers)))

    @property
    def corrected_reference(self) -> str:
        """The reference of the sent report this draft corrects ('R-7F3K2A'); '' for a new
        report."""
        if not self.editing or not self.report_id:
            return ""
        return report_reference(uuid.UUID(self.report_id))

    def start_question(self, question: Question) -> None:
        """Ask `question` now (a multiple choice starts from its previous answer)."""
        self.current = question.id
        if question.type is QType.SELECT_MULTIPLE:
            previous = self.answers.get(question.id)
            self.multi = list(previous) if isinstance(previous, list) else []

    def to_review(self) -> None:
        """Leave the questions for the review card (Cancel on the card asks before discarding)."""
        self.current = None
        self.changing = None
        self.reasked = {}
        self.reviewed = True

    def touch(self, now: dt.datetime) -> None:
        self.updated = now.isoformat()

    def just_started(self, now: dt.datetime) -> bool:
        """Started by a tap a moment ago (DOUBLE_TAP_WITHIN)."""
        return bool(self.started) and (
            now - dt.datetime.fromisoformat(self.started) <= DOUBLE_TAP_WITHIN
        )

    def is_stale(self, now: dt.datetime) -> bool:
        return (
            bool(self.updated)
            and now - dt.datetime.fromisoformat(self.updated) > DRAFT_STALE_AFTER
        )

    @classmethod
    def correcting(cls, report: ReportView, now: dt.datetime) -> Draft:
        """A draft that corrects a stored report: its answers, checked against its version."""
        form = FORMS[report.form_id]
        return cls(
            form=form.id,
            form_version=form.version,
            report_id=str(report.id),
            answers=dict(report.answers),
            editing=True,
            expected_version=report.version,
            started=now.isoformat(),
        )

    @classmethod
    def repeating(
        cls, source: ReportView, day: dt.date, now: dt.datetime
    ) -> tuple[Draft, Question]:
        """A new report like `source` on `day`: each question's on_repeat says whether its
        answer is kept, asked again or dropped. Returns the draft and its date question."""
        form = FORMS[source.form_id]
        dated = next(q for q in form.questions if q.type is QType.DATE and q.on_repeat == "ask")
        draft = cls.new(form, now)
        draft.answers = repeated_answers(form, source.answers, dated.id, day.isoformat())
        return draft, dated

    @classmethod
    def new(cls, form: Form, now: dt.datetime) -> Draft:
        return cls(
            form=form.id,
            form_version=form.version,
            report_id=str(uuid.uuid4()),
            started=now.isoformat(),
            updated=now.isoformat(),
        )


_DRAFT_FIELDS = tuple(f.name for f in fields(Draft))


async def load_draft(state: FSMContext) -> Draft | None:
    data = (await state.get_data()).get(DRAFT)
    if not isinstance(data, dict) or data.get("form") not in FORMS:
        return None
    return Draft(**data)


async def save_draft(state: FSMContext, draft: Draft, mode: State) -> None:
    draft.touch(utcnow())
    await state.set_state(mode)
    await state.set_data({DRAFT: draft.as_data()})  # the draft is all this flow keeps


async def leave_side_flow(state: FSMContext, *, withdrawn: uuid.UUID | None = None) -> bool:
    """End a short flow taken on the side (a time zone, a withdrawal's reason, an indicator's
    value, an invitation, a person's countries): the report in progress, if there is one, is
    kept as it was, at its question or on its review card. True when there is one (the user is
    told how to go back to it); else the state is cleared. An edit of the report `withdrawn`
    goes: a withdrawn report can no longer be corrected."""
    draft = await load_draft(state)
    if draft is None or (
        draft.editing and withdrawn is not None and draft.report_id == str(withdrawn)
    ):
        await state.clear()
        return False
    await state.set_state(ReportFlow.filling if draft.current else ReportFlow.review)
    await state.set_data({DRAFT: draft.as_data()})  # the side flow's keys go
    return True


def in_report_flow(state_name: str | None) -> bool:
    return state_name in (ReportFlow.filling.state, ReportFlow.review.state)
