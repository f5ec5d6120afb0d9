"""Words typed where a step waits for a tap (an invitation's role, its lifetime, the digest's
day, the kind of report): what it waits for is said again or done, not "not understood"."""

from __future__ import annotations

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training

DIGEST_BUTTONS = "Please choose with the buttons when your digest arrives, or /cancel."


async def test_a_role_typed_instead_of_tapped_is_pointed_to_the_buttons(
    fieldbot: BotUnderTest,
) -> None:
    """Awa typed the role ("gestionnaire") under "Which role will the new person have?": "I
    did not understand that. Send /help to see what I can do.", as if the invitation she was
    making was not there any more."""
    awa = await fieldbot.member(3601, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/invite")
    await awa.send("gestionnaire")
    said = (await awa.last()).text
    assert "n’ai pas compris" not in said
    assert "Choisissez le rôle de la nouvelle personne avec les boutons, ou /cancel." in said
    await awa.tap("Gestionnaire")  # the invitation goes on
    assert "Quels pays" in (await awa.messages())[0].text


async def test_a_word_typed_with_nothing_open_is_still_not_understood(
    fieldbot: BotUnderTest,
) -> None:
    awa = await fieldbot.member(3602, "Awa", Role.ADMIN, language_code="ar")
    await awa.send("مرحبا")
    assert "لم أفهم رسالتك" in (await awa.last()).text


async def test_a_lifetime_typed_for_an_invitation_is_not_read_as_countries(
    fieldbot: BotUnderTest,
) -> None:
    """Asked "How long may the invitation be used?", Awa typed "7 jours": "I do not know these
    country codes: 7, jours", about countries she had already given. Countries typed there
    still correct the invitation's."""
    awa = await fieldbot.member(3603, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/invite")
    await awa.tap("Gestionnaire")
    await awa.send("HT")
    await awa.send("7 jours")
    said = (await awa.last()).text
    assert "codes pays" not in said
    assert "Choisissez avec les boutons combien de temps l’invitation reste valable" in said
    await awa.send("30")
    assert "combien de temps" in (await awa.last()).text
    await awa.send("HT, NE")  # a correction of the countries
    assert "Pays\u202f: Haïti et Niger." in (await awa.last()).text
    await awa.tap("7 jours")
    assert "t.me/" in (await awa.last()).text


async def test_a_lifetime_in_words_for_an_invitation_is_not_read_as_countries(
    fieldbot: BotUnderTest,
) -> None:
    """ "une semaine", "sept jours", "a week", "wiki moja" typed at the lifetime were answered
    as unknown country codes, while "7 jours" was pointed to the buttons."""
    awa = await fieldbot.member(3612, "Awa", Role.ADMIN, language_code="fr")
    await awa.send("/invite")
    await awa.tap("Gestionnaire")
    await awa.send("HT")
    for typed in ("une semaine", "sept jours", "a week", "wiki moja"):
        await awa.send(typed)
        said = (await awa.last()).text
        assert "codes pays" not in said, typed
        assert "Choisissez avec les boutons combien de temps l’invitation reste valable" in said
    await awa.send("Xyz")  # no lifetime: still about the countries
    assert "codes pays" in (await awa.last()).text
    await awa.send("HT")  # the lifetime asked again, with its buttons
    await awa.tap("7 jours")
    assert "t.me/" in (await awa.last()).text


async def test_a_day_typed_for_the_digest_is_not_read_as_a_time_zone(
    fieldbot: BotUnderTest,
) -> None:
    """Mona tapped "Digest day and time" in /settings and typed "Friday" at "Which day should
    your weekly digest arrive?", then "17:00" at the hour: "I don't know this time zone. Type a
    city such as Niamey...", twice, about a question she had not been asked."""
    mona = await fieldbot.member(3604, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/settings")
    await mona.tap("🗓 Digest day and time")
    await mona.send("Friday")
    said = (await mona.last()).text
    assert "time zone" not in said
    assert DIGEST_BUTTONS in said
    await mona.tap("Friday")
    await mona.send("17:00")
    assert DIGEST_BUTTONS in (await mona.last()).text
    await mona.tap("18:00")
    assert "Your digest will arrive on Friday at 18:00." in (await mona.messages())[0].text
    await mona.send("Niamey")  # /settings is done with: no time zone is read any more
    assert "I did not understand that." in (await mona.last()).text


async def test_a_day_typed_in_french_for_the_digest_is_not_read_as_a_time_zone_either(
    fieldbot: BotUnderTest,
) -> None:
    marie = await fieldbot.member(3605, "Marie", Role.MANAGER, ["NE"], language_code="fr")
    await marie.send("/settings")
    await marie.tap("🗓 Jour et heure du récapitulatif")
    await marie.send("vendredi")
    said = (await marie.last()).text
    assert "fuseau horaire" not in said
    assert "/cancel" in said  # how to leave, with the buttons
    await marie.send("/cancel")
    assert "Annulé. Rien n’a été enregistré." in (await marie.last()).text


async def test_the_kind_of_report_typed_under_the_report_menu_starts_it(
    fieldbot: BotUnderTest,
) -> None:
    """Under "What would you like to report?", Marie typed "Formation" instead of tapping it:
    "I did not understand that. Send /help to see what I can do." Amina typed "مناصرة"."""
    marie = await fieldbot.member(
        3606, "Marie", Role.FIELD_STAFF, ["NE", "HT"], language_code="fr"
    )
    await marie.send("/report")
    await marie.send("formation ")
    said = (await marie.last()).text
    assert "n’ai pas compris" not in said
    assert "Dans quel pays la formation a-t-elle eu lieu" in said
    await marie.tap("Niger")
    assert "Dans quelle ville" in (await marie.last()).text
    amina = await fieldbot.member(3607, "Amina", Role.FIELD_STAFF, ["NE"], language_code="ar")
    await amina.send("/report")
    await amina.send("مناصرة")
    said = (await amina.last()).text
    assert "لم أفهم" not in said
    assert "على أي مستوى؟" in said  # the advocacy's level (her only country taken)
    volunteer = await fieldbot.member(3608, "Lova", Role.VOLUNTEER, ["MG"], language_code="fr")
    await volunteer.send("Formation")  # no report of theirs: still not understood
    assert "n’ai pas compris" in (await volunteer.last()).text


async def test_cancel_typed_at_the_review_card_asks_to_discard_as_its_button_does(
    fieldbot: BotUnderTest,
) -> None:
    """Jean typed "cancel" at the review card, as he could at any question: "Please use the
    buttons below the card." At a question the word asks whether to discard the report."""
    jean = await fieldbot.member(3609, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    assert "Check this report" in (await jean.last()).text
    await jean.send("Cancel")
    asked = await jean.last()
    assert "Please use the buttons below the card." not in asked.text
    assert asked.has_button("🗑 Yes, discard the report")
    await jean.tap("No, keep the report")
    await jean.send("/report")  # "Continue it or discard it?"
    await jean.send("discard")  # the card waits: asked the same
    assert (await jean.last()).has_button("🗑 Yes, discard the report")
    await jean.tap("No, keep the report")
    await jean.tap("Submit")
    assert "Counted for Haiti" in (await jean.last()).text


async def test_continue_typed_at_the_unfinished_report_prompt_is_not_stored_as_the_answer(
    fieldbot: BotUnderTest,
) -> None:
    """Asked "You have an unfinished report (Training)... Continue it or discard it?", Marie
    typed "Continuer": it was stored as the town of her training, and the form went on to the
    field. "Abandonner" typed was "Please tap one of the options" at the next question."""
    marie = await fieldbot.member(
        3610, "Marie", Role.FIELD_STAFF, ["NE", "HT"], language_code="fr"
    )
    await marie.send("/report")
    await marie.tap("Formation")
    await marie.tap("Niger")
    await marie.send("/report")
    assert "Vous avez un rapport inachevé (Formation)" in (await marie.last()).text
    await marie.send("Continuer")
    said = (await marie.last()).text
    assert "Dans quelle ville ou localité" in said  # the question again, nothing stored
    assert "Dans quel domaine" not in said
    await marie.send("/report")
    await marie.send("abandonner")
    asked = await marie.last()
    assert asked.has_button("🗑 Oui, abandonner le rapport"), asked.button_texts()
    await marie.tap("🗑 Oui, abandonner le rapport")
    await marie.send("/report")
    assert "Que souhaitez-vous signaler" in (await marie.last()).text


async def test_a_reply_to_a_question_of_a_cancelled_report_does_not_speak_of_a_sent_one(
    fieldbot: BotUnderTest,
) -> None:
    """Jean cancelled his report, then swipe-replied "Jacmel" to its question "In which town
    or place?": "A reply to a question of a report already sent does not change the report.
    To correct it, open /myreports", and /myreports had no report at all."""
    jean = await fieldbot.member(3611, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/report")
    await jean.tap("Training")
    question = await jean.last()
    await jean.send("/cancel")
    await jean.send("Jacmel", reply_to=question.message_id)
    said = (await jean.last()).text
    assert "already sent" not in said
    assert "The draft was discarded. Send /report to start a new report." in said
    await fill_training(jean)  # a report sent since: a reply to its question is about it
    asked = next(m for m in await jean.messages() if "How many women" in m.text)
    await jean.tap("Submit")
    await jean.send("14", reply_to=asked.message_id)
    assert "already sent does not change the report" in (await jean.last()).text


async def test_at_the_digest_time_a_report_kind_or_a_correction_is_taken_as_with_nothing_open(
    fieldbot: BotUnderTest,
) -> None:
    """Awa opened "Digest day and time", then typed "Training", or swipe-replied "14" to a sent
    report's question: "Please tap one of the options.", with no word of /cancel, until she
    sent some command."""
    awa = await fieldbot.member(3613, "Awa", Role.ADMIN, ["HT"])
    await fill_training(awa)
    asked = next(m for m in await awa.messages() if "How many women" in m.text)
    await awa.tap("Submit")
    await awa.send("/settings")
    await awa.tap("🗓 Digest day and time")
    await awa.send("14", reply_to=asked.message_id)
    assert "already sent does not change the report" in (await awa.last()).text
    await awa.send("Training")
    assert "In which town or place?" in (await awa.last()).text  # her only country taken
