"""The report forms field officers fill in: training sessions and advocacy events.

Why Python data rather than a YAML or XLSForm file:

- Extraction: every label, hint and message is a msgid wrapped in `N_`, so the standard
  `pybabel extract --keywords=N_` finds them; no custom extractor, no custom loader.
- Checking: mypy and `validate_form` (run when a `Form` is built, so at import) catch a typo in a
  type, a missing choice list or a duplicate id before the bot starts.
- Readability: an M&E officer edits declarative data — one `Question(...)` per question, in
  the order asked, with skip logic and rules written next to the question they belong to.
- KoBoToolbox/ODK: `fieldbot forms export-xlsform` writes each form as an XLSForm
  (bot/forms/xlsform.py); a rule written in Python carries its XLSForm expression next to it
  (`xlsform=`), and a test fails when one is missing or says something else.

Question ids are the typed column names the storage uses: renaming one is a migration. Bump a
form's `version` whenever its questions, choices or rules change, so every stored report says
which version of the form produced it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from bot.forms.model import (
    N_,
    AnswerIn,
    Answers,
    Choice,
    Computed,
    Constraint,
    Form,
    FormError,
    Nn_,
    QType,
    Question,
)


def _number(answers: Answers, qid: str) -> Decimal:
    """An earlier numeric answer, 0 when skipped, missing or not a number."""
    value = answers.get(qid)
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        return Decimal(0)
    try:
        number = Decimal(value)
    except InvalidOperation:
        return Decimal(0)
    return number if number.is_finite() else Decimal(0)


def _is(qid: str, *values: str) -> AnswerIn:
    """Skip logic: the question applies when the earlier answer `qid` is one of `values`."""
    return AnswerIn(qid, values)


# ------------------------------------------------------------------------- shared pieces

FIELD_CHOICES = (
    Choice("justice", N_("Justice")),
    Choice("violence_exploitation", N_("Violence and exploitation")),
    Choice("emergencies", N_("Emergency situations")),
)

NOTES = Question(
    "notes",
    QType.TEXT,
    N_("Anything else to note?"),
    required=False,
    hint=N_("No names or contact details of children or participants."),
    max_length=1000,
    screen=True,
    summary=N_("Notes"),
    on_repeat="drop",
)


# ------------------------------------------------------------------------------ training

PARTICIPANTS = ("participants_women", "participants_men", "participants_other")


def participants_total(answers: Answers) -> int:
    return int(sum(_number(answers, qid) for qid in PARTICIPANTS))


def _with_other(value: Any, answers: Answers) -> dict[str, Any]:
    """Answers as they will be once `value` is stored as participants_other."""
    return {**answers, "participants_other": value}


_DURATION_LIMITS = {"days": 365, "hours": 2000}


def _duration_within_unit(value: Any, answers: Answers) -> bool:
    unit = answers.get("duration_unit")
    limit = _DURATION_LIMITS.get(unit, 2000) if isinstance(unit, str) else 2000
    return Decimal(value) <= limit


TRAINING = Form(
    id="training",
    version=1,
    kind="training",
    title=N_("Training"),
    questions=(
        Question(
            "country",
            QType.COUNTRY,
            N_("In which country did the training take place?"),
            hint=N_("Type a few letters of the country's name."),
            summary=N_("Country"),
        ),
        Question(
            "place",
            QType.TEXT,
            N_("In which town or place?"),
            required=False,
            max_length=120,
            screen=True,
            summary=N_("Place"),
        ),
        Question(
            "field",
            QType.SELECT_ONE,
            N_("Which field of activity?"),
            choices=FIELD_CHOICES,
            summary=N_("Field"),
        ),
        Question(
            "target_group",
            QType.SELECT_ONE,
            N_("Who was trained?"),
            choices=(
                Choice("police", N_("Police officers")),
                Choice("defence_security", N_("Defence and security forces")),
                Choice("justice_personnel", N_("Justice personnel")),
                Choice("social_workers", N_("Social sector workers")),
                Choice("teachers", N_("Teachers and education staff")),
                Choice("health_workers", N_("Health workers")),
                Choice("civil_society", N_("Civil society")),
                Choice("private_sector", N_("Private sector")),
                Choice("community_leaders", N_("Community, religious and traditional leaders")),
                Choice("government", N_("Government and policy makers")),
                Choice("media", N_("Media")),
                Choice("other", N_("Other")),
            ),
            summary=N_("Target group"),
        ),
        Question(
            "training_type",
            QType.SELECT_ONE,
            N_("What kind of training was it?"),
            choices=(
                Choice("session", N_("Training session")),
                Choice("train_the_trainer", N_("Train-the-trainer")),
                Choice(
                    "curriculum",
                    N_("Course integrated into a national or professional curriculum"),
                ),
                Choice("coaching", N_("Coaching or mentoring")),
                Choice("other", N_("Other")),
            ),
            summary=N_("Type of training"),
        ),
        Question(
            "national_programme",
            QType.YES_NO,
            N_("Is it part of a national training programme?"),
            summary=N_("National programme"),
        ),
        Question(
            "start_date",
            QType.DATE,
            N_("When did the training start?"),
            summary=N_("Start date"),
            on_repeat="ask",
        ),
        Question(
            "duration_unit",
            QType.SELECT_ONE,
            N_("Will you give its length in days or in hours?"),
            choices=(Choice("days", N_("Days")), Choice("hours", N_("Hours"))),
            summary=N_("Duration unit"),
        ),
        Question(
            "duration",
            QType.DECIMAL,
            N_("How long did the training last?"),
            hint=N_("A number, for example 3 or 2.5."),
            maximum=2000,
            constraints=(
                Constraint(
                    lambda value, _answers: Decimal(value) > 0,
                    FormError(N_("The duration must be more than 0.")),
                    xlsform=". > 0",
                ),
                Constraint(
                    _duration_within_unit,
                    FormError.counted(
                        Nn_(
                            "A training cannot last more than {max} day.",
                            "A training cannot last more than {max} days.",
                        ),
                        "max",
                    ),
                    params=lambda _value, _answers: {"max": _DURATION_LIMITS["days"]},
                    reads=("duration_unit",),
                    # Hours are bounded by `maximum` (2000) already.
                    xlsform=f"${{duration_unit}} != 'days' or . <= {_DURATION_LIMITS['days']}",
                    xlsform_params={"max": _DURATION_LIMITS["days"]},
                ),
            ),
            # "6" means 6 hours or 6 days: a new unit makes the number meaningless.
            depends_on=("duration_unit",),
            summary=N_("Duration"),
        ),
        Question(
            "participants_women",
            QType.INTEGER,
            N_("How many women took part?"),
            minimum=0,
            maximum=10000,
            summary=N_("Participants (women)"),
            on_repeat="ask",
            counts="women",
        ),
        Question(
            "participants_men",
            QType.INTEGER,
            N_("How many men took part?"),
            minimum=0,
            maximum=10000,
            summary=N_("Participants (men)"),
            on_repeat="ask",
            counts="men",
        ),
        Question(
            "participants_other",
            QType.INTEGER,
            N_("How many other participants, or participants whose gender was not given?"),
            on_repeat="ask",
            counts="other",
            minimum=0,
            maximum=10000,
            constraints=(
                Constraint(
                    lambda value, answers: participants_total(_with_other(value, answers)) > 0,
                    FormError(
                        N_("At least one participant is needed: the three numbers add up to 0.")
                    ),
                    reads=("participants_women", "participants_men"),
                    # `.`, not ${participants_total}: ODK checks the value before storing it.
                    xlsform=(
                        "coalesce(${participants_women}, 0) + coalesce(${participants_men}, 0)"
                        " + . > 0"
                    ),
                ),
            ),
            summary=N_("Participants (other or undisclosed)"),
        ),
        Question(
            "trainers_trained",
            QType.INTEGER,
            N_("How many of them were trained to train others?"),
            minimum=0,
            maximum=10000,
            relevant=_is("training_type", "train_the_trainer"),
            constraints=(
                Constraint(
                    lambda value, answers: value <= participants_total(answers),
                    FormError.counted(
                        Nn_(
                            "Trainers trained cannot be more than the {total} participant.",
                            "Trainers trained cannot be more than the {total} participants.",
                        ),
                        "total",
                    ),
                    params=lambda _value, answers: {"total": participants_total(answers)},
                    reads=PARTICIPANTS,
                    xlsform=". <= ${participants_total}",
                    xlsform_params={"total": "${participants_total}"},
                ),
            ),
            summary=N_("Trainers trained"),
        ),
        Question(
            "partner",
            QType.TEXT,
            N_("Which partner organisation took part, if any?"),
            required=False,
            max_length=200,
            screen=True,
            summary=N_("Partner"),
        ),
        Question(
            "canada_sector",
            QType.SELECT_ONE,
            N_("Which sector of Canada's child protection system did it strengthen?"),
            choices=(
                Choice("justice", N_("Justice")),
                Choice("education", N_("Education")),
                Choice("health_social", N_("Health and social services")),
                Choice("police", N_("Police")),
                Choice("youth_protection", N_("Youth protection")),
                Choice("community", N_("Community organisations")),
                Choice("other", N_("Other")),
            ),
            relevant=_is("country", "CA"),
            summary=N_("Sector in Canada"),
        ),
        Question(
            "pre_score",
            QType.DECIMAL,
            N_("What was the average pre-test score (%)?"),
            required=False,
            minimum=0,
            maximum=100,
            summary=N_("Pre-test score (%)"),
            on_repeat="drop",
        ),
        Question(
            "post_score",
            QType.DECIMAL,
            N_("What was the average post-test score (%)?"),
            required=False,
            minimum=0,
            maximum=100,
            summary=N_("Post-test score (%)"),
            on_repeat="drop",
        ),
        NOTES,
    ),
    computed=(
        Computed(
            "participants_total",
            participants_total,
            xlsform=" + ".join(f"coalesce(${{{qid}}}, 0)" for qid in PARTICIPANTS),
        ),
    ),
)


# ------------------------------------------------------------------------------ advocacy

DECISION_KINDS = ("decision", "legislative_reform", "sop", "budget")
NETWORK_KINDS = ("network", "key_event")

ADVOCACY = Form(
    id="advocacy",
    version=1,
    kind="advocacy_event",
    title=N_("Advocacy"),
    questions=(
        Question(
            "country",
            QType.COUNTRY,
            N_("In which country did it happen?"),
            hint=N_("Type a few letters of the country's name."),
            summary=N_("Country"),
        ),
        Question(
            "level",
            QType.SELECT_ONE,
            N_("At what level?"),
            choices=(
                Choice("local", N_("Local")),
                Choice("national", N_("National")),
                Choice("regional", N_("Regional")),
                Choice("international", N_("International")),
            ),
            summary=N_("Level"),
        ),
        Question(
            "field",
            QType.SELECT_ONE,
            N_("Which field of activity?"),
            choices=FIELD_CHOICES,
            summary=N_("Field"),
        ),
        Question(
            "event_kind",
            QType.SELECT_ONE,
            N_("What happened?"),
            choices=(
                Choice("decision", N_("Decision or policy change adopted")),
                Choice("legislative_reform", N_("Legislative reform")),
                Choice("sop", N_("Standard operating procedure adopted")),
                Choice("budget", N_("Budget for children adopted")),
                Choice("network", N_("Network created or supported")),
                Choice("key_event", N_("Key event organised or supported")),
                Choice("campaign", N_("Awareness campaign")),
                Choice("partnership", N_("Partnership or alliance")),
                Choice("other", N_("Other")),
            ),
            summary=N_("Type of event"),
        ),
        Question(
            "institution",
            QType.TEXT,
            N_("Which institution adopted it?"),
            max_length=200,
            screen=True,
            relevant=_is("event_kind", *DECISION_KINDS),
            summary=N_("Institution"),
        ),
        Question(
            "contributed",
            QType.YES_NO,
            N_("Did our support contribute to it?"),
            relevant=_is("event_kind", *DECISION_KINDS),
            summary=N_("Our contribution"),
        ),
        Question(
            "network_name",
            QType.TEXT,
            N_("Name of the network or event"),
            max_length=200,
            screen=True,
            relevant=_is("event_kind", *NETWORK_KINDS),
            summary=N_("Network or event"),
        ),
        Question(
            "partner_organisations",
            QType.INTEGER,
            N_("How many partner organisations took part?"),
            minimum=0,
            maximum=1000,
            relevant=_is("event_kind", *NETWORK_KINDS),
            summary=N_("Partner organisations"),
        ),
        Question(
            "audience",
            QType.INTEGER,
            N_("How many people did it reach?"),
            required=False,
            minimum=0,
            maximum=10_000_000,
            summary=N_("Audience reached"),
            on_repeat="ask",
        ),
        Question(
            "event_date",
            QType.DATE,
            N_("On what date did it happen?"),
            summary=N_("Date"),
            on_repeat="ask",
        ),
        NOTES,
    ),
    computed=(
        Computed(
            "is_decision",
            lambda answers: answers.get("event_kind") in DECISION_KINDS,
            xlsform=" or ".join(f"${{event_kind}} = '{kind}'" for kind in DECISION_KINDS),
        ),
        Computed(
            "is_network",
            lambda answers: answers.get("event_kind") == "network",
            xlsform="${event_kind} = 'network'",
        ),
        Computed(
            "is_key_event",
            lambda answers: answers.get("event_kind") == "key_event",
            xlsform="${event_kind} = 'key_event'",
        ),
    ),
)

FORMS: dict[str, Form] = {form.id: form for form in (TRAINING, ADVOCACY)}
