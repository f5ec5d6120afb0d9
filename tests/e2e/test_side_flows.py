"""A short errand in the middle of a report (a time zone, a withdrawal, an indicator's value)
and a second tap on a button that starts a report: the report in progress is never lost."""

from __future__ import annotations

import asyncio
import datetime as dt

from bot.domain import clock
from bot.domain.enums import Role
from bot.sandbox import SimUser
from tests.e2e.harness import BotUnderTest

STILL_THERE = "Your unfinished report is still there: send /report to go on with it."


# An advocacy report, answered the short way and submitted: taps, the audience typed, taps.
ADVOCACY_EN = (
    "Advocacy", "Local", "Justice", "Awareness campaign",
    "300", "Yesterday", "Skip", "Submit",
)  # fmt: skip
ADVOCACY_FR = (
    "Plaidoyer", "Local", "Justice", "Campagne de sensibilisation",
    "300", "Hier", "Passer", "Envoyer",
)  # fmt: skip


async def submit_advocacy(user: SimUser, steps: tuple[str, ...]) -> None:
    await user.send("/report")
    for tap in steps[:4]:
        await user.tap(tap)
    await user.send(steps[4])
    for tap in steps[5:]:
        await user.tap(tap)


async def begin_training(jean: SimUser, training: str = "Training") -> None:
    await jean.send("/report")
    await jean.tap(training)
    await jean.send("Jacmel")


async def test_a_time_zone_chosen_mid_report_leaves_the_report_where_it_was(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(3501, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await begin_training(jean, "Formation")
    asked = (await jean.last()).text  # the field of activity
    await jean.send("/settings")
    await jean.send("Port-au-Prince")
    done = (await jean.last()).text
    assert "America/Port-au-Prince" in done
    assert "Votre rapport inachevé vous attend\u202f: envoyez /report pour le poursuivre." in done

    await jean.send("/report")
    assert "rapport inachevé (Formation)" in (await jean.last()).text
    await jean.tap("Continuer")
    assert (await jean.last()).text == asked  # Étape 3/16, Dans quel domaine d’activité ?
    await jean.tap("Justice")  # the form goes on from there
    assert (await jean.last()).text.startswith("Étape 4/16\nQui a été formé")


async def test_a_time_zone_tapped_mid_report_or_cancelled_keeps_the_report(
    fieldbot: BotUnderTest,
) -> None:
    ana = await fieldbot.member(3502, "Ana", Role.FIELD_STAFF, ["HT"], language_code="es")
    await begin_training(ana, "Capacitación")
    await ana.send("/settings")
    await ana.send("Policías")  # the next answer of the form, typed at the time zone question
    assert "/cancel" in (await ana.last()).text
    await ana.send("/cancel")
    cancelled = (await ana.last()).text
    assert "Su informe sin terminar sigue guardado: envíe /report para continuarlo." in cancelled

    await ana.send("/settings")
    zones = await ana.last()
    await ana.press(zones.buttons[0][0].callback_data or "", message_id=zones.message_id)
    assert "/report" in (await ana.last()).text  # the edited message says where it is
    await ana.send("/report")
    assert "Capacitación" in (await ana.last()).text
    assert (await ana.last()).has_button("Continuar")


async def test_withdrawing_an_earlier_report_mid_report_keeps_the_new_one(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(3503, "Jean", Role.FIELD_STAFF, ["HT"])
    await submit_advocacy(jean, ADVOCACY_EN)
    await jean.send("/report")  # a second one begins…
    for tap in ("Advocacy", "National", "Justice"):
        await jean.tap(tap)
    await jean.send("/myreports")  # …and the first, entered twice, is withdrawn meanwhile
    await jean.tap("Haiti")
    await jean.tap("⊘ Withdraw")
    await jean.send("Entered twice by mistake")
    withdrawn = next(m.text for m in await jean.messages() if "is withdrawn" in m.text)
    assert STILL_THERE in withdrawn

    await jean.send("/report")
    await jean.tap("Continue")
    assert (await jean.last()).text.startswith("Step 4/7\nWhat happened?")  # where it was
    await jean.tap("Awareness campaign")
    assert (await jean.last()).text.startswith("Step 5/7\nHow many people did it reach?")


async def test_an_indicator_value_entered_mid_report_keeps_the_report(
    fieldbot: BotUnderTest,
) -> None:
    amina = await fieldbot.member(3504, "Amina", Role.ADMIN)  # all countries; she reports too
    await amina.send("/report")
    await amina.tap("Training")
    await amina.send("/indicator")
    await amina.tap("3.3a")
    await amina.send("2")
    saved = (await amina.last()).text
    assert "Saved" in saved
    assert STILL_THERE in saved
    await amina.send("/report")
    assert (await amina.last()).has_button("Continue")


async def test_a_double_tap_on_a_repeat_button_starts_one_report_and_asks_nothing_else(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(3505, "Jean", Role.FIELD_STAFF, ["HT"], language_code="fr")
    await submit_advocacy(jean, ADVOCACY_FR)
    saved = await jean.last()
    again = saved.buttons[0][0].callback_data or ""
    before = len(await jean.messages())
    await asyncio.gather(
        jean.press(again, message_id=saved.message_id),
        jean.press(again, message_id=saved.message_id, forge=True),
    )
    texts = [m.text for m in (await jean.messages())[before:]]
    assert not any("rapport inachevé" in text for text in texts), texts
    assert len(texts) == 1  # the one question the repeat asks


async def test_another_report_tapped_right_after_starting_one_is_answered_not_ignored(
    fieldbot: BotUnderTest,
) -> None:
    """Marie tapped Advocacy by mistake, then at once "↻ Training · Niger" on her last report
    (or the Training of another menu): within the double tap's 30 seconds the tap was taken
    for a second tap on Advocacy and met with nothing at all, so she tapped on and on."""
    marie = await fieldbot.member(3507, "Marie", Role.FIELD_STAFF, ["NE"], language_code="fr")
    await submit_advocacy(marie, ADVOCACY_FR)
    saved = await marie.last()
    await marie.send("/report")
    menu = await marie.last()
    await marie.tap("Formation")
    again = saved.button_texts()[0]
    assert again.startswith("↻ Plaidoyer")
    await marie.tap(again, message_id=saved.message_id)  # another kind: not a double tap
    offer = await marie.last()
    assert "Vous avez un rapport inachevé (Formation)" in offer.text
    assert offer.has_button("Continuer")
    advocacy = next(b for row in menu.buttons for b in row if b.text == "Plaidoyer")
    await marie.press(advocacy.callback_data or "", message_id=menu.message_id, forge=True)
    offers = [m for m in await marie.messages() if "rapport inachevé" in m.text]
    assert len(offers) == 2


async def test_an_old_report_menu_tapped_later_offers_the_report_in_progress(
    fieldbot: BotUnderTest,
) -> None:
    jean = await fieldbot.member(3506, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    menu = await jean.last()
    await jean.tap("Training")
    await jean.send("Jacmel")
    in_a_minute = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    with clock.using(lambda: in_a_minute):  # not a double tap any more
        advocacy = next(b for row in menu.buttons for b in row if b.text == "Advocacy")
        await jean.press(advocacy.callback_data or "", message_id=menu.message_id, forge=True)
    offer = await jean.last()
    assert "You have an unfinished report (Training)" in offer.text
    assert offer.has_button("Continue")
    assert offer.has_button("Discard")


async def test_an_old_discard_button_does_not_throw_away_a_report_that_went_on(
    fieldbot: BotUnderTest,
) -> None:
    """Jean is offered "continue or discard?", answers the question instead, fills the whole
    report, then taps the Discard still higher up in the chat: his answers stay."""
    jean = await fieldbot.member(4501, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    await jean.send("Jacmel")
    await jean.send("/report")
    prompt = (await jean.messages())[-1]
    assert "unfinished report" in prompt.text
    await jean.send("Justice")  # he answers the question asked before the prompt
    assert "Who was trained?" in (await jean.last()).text
    await jean.tap("Discard", message_id=prompt.message_id)
    assert "out of date" in (await jean.last()).text
    await jean.send("/report")
    assert "unfinished report" in (await jean.last()).text  # still there

    # Offered at this step and tapped at it, Discard discards.
    await jean.tap("Discard")
    assert "The draft was discarded." in (await jean.last()).text
    await jean.send("/report")
    assert "unfinished report" not in (await jean.last()).text


async def test_a_report_button_tapped_during_a_withdrawal_keeps_the_withdrawal_open(
    fieldbot: BotUnderTest,
) -> None:
    """Asked why a report is withdrawn, Jean scrolls up and taps an answer of the report in
    progress: told to finish first; the reason he types next still withdraws."""
    jean = await fieldbot.member(3507, "Jean", Role.FIELD_STAFF, ["HT"])
    await submit_advocacy(jean, ADVOCACY_EN)
    await jean.send("/report")
    for tap in ("Advocacy", "National", "Justice"):
        await jean.tap(tap)
    question = await jean.last()  # What happened?
    await jean.send("/myreports")
    await jean.tap("Haiti")
    await jean.tap("⊘ Withdraw")
    await jean.tap("Awareness campaign", message_id=question.message_id)
    said = (await jean.callback_answers())[-1]["text"]
    assert "Finish what you started first" in said
    await jean.send("Entered twice by mistake")
    assert any("is withdrawn" in m.text for m in await jean.messages())


async def test_an_invitation_opened_mid_report_says_the_report_waits(
    fieldbot: BotUnderTest,
) -> None:
    """Jean, half-way through a report, opens a link that adds a role, then opens it again:
    both welcomes say his report waits, as a plain /start does (they said nothing of it)."""
    jean = await fieldbot.member(3501, "Jean", Role.FIELD_STAFF, ["HT"])
    await begin_training(jean)
    asked = (await jean.last()).text
    code = await fieldbot.invite_code(Role.VOLUNTEER, ["HT"])
    await jean.send(f"/start {code}")
    welcome = next(m.text for m in await jean.replies() if "Welcome" in m.text)
    assert welcome.endswith(STILL_THERE)
    await jean.send(f"/start {code}")
    assert (await jean.last()).text.startswith("You have already joined with this invitation.")
    assert (await jean.last()).text.endswith(STILL_THERE)
    await jean.send("/report")
    await jean.tap("Continue")
    assert (await jean.last()).text == asked
