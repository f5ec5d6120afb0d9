"""/people: an admin offboards someone by chat; it takes effect on that person's next message."""

from __future__ import annotations

import asyncio
import datetime as dt
import json

from sqlalchemy import select

from bot.domain.enums import AuditAction, Role
from bot.ui.keyboard import side_by_side
from models.queries import audit_entries, get_user, grant_role, set_timezone
from models.tables import FsmRecord, ProcessedUpdate, Report, User
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training, start_training
from tests.factories import member


async def test_an_admin_revokes_narrows_and_erases_by_chat(fieldbot: BotUnderTest) -> None:
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)  # all countries
    jean = await fieldbot.member(2001, "Jean <b>", Role.FIELD_STAFF, ["HT"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 2001, Role.VOLUNTEER, ["NE"], False, actor_user_id=None)
        await session.commit()
    await fill_training(jean)
    await jean.tap("Submit")
    await start_training(jean)  # a draft in progress (his one country taken without asking)

    await admin.send("/people")
    listing = await admin.last()
    assert "People" in listing.text
    await admin.tap("Jean <b>")
    card = await admin.last()
    assert "Jean &lt;b&gt;" not in card.text  # escaped for Telegram, shown as typed
    assert "Jean <b>" in card.text
    assert "• field staff for Haiti" in card.text
    assert "• volunteer for Niger" in card.text
    assert "You are" not in card.text  # the admin reads about Jean, not about themselves

    await admin.tap("Revoke: volunteer")
    assert "volunteer" not in (await admin.last()).text

    await admin.tap("Countries: field staff")
    await admin.send("HT <NE>")
    assert "I don't know these country codes: <NE>." in (await admin.last()).text
    await admin.send("ht, cm")
    assert "field staff for Cameroon and Haiti" in (await admin.last()).text

    # Revoking the last role: Jean's next message finds him a guest, his draft discarded.
    await admin.tap("Revoke: field staff")
    await jean.send("/report")
    assert "You no longer hold a role here." in (await jean.last()).text
    async with fieldbot.app.session_factory() as session:
        records = (await session.scalars(select(FsmRecord))).all()
        assert all(record.state is None and not record.data for record in records)
        revoked = await audit_entries(session, action=AuditAction.ROLE_REVOKED)
        awa = await get_user(session, 1001)
        assert awa is not None
        assert {entry.actor_user_id for entry in revoked} == {awa.id}

    # Erasing: two taps, then the name and the account are gone, the report stays counted.
    # With no role left Jean is still in the list, so that he can be erased when he leaves.
    await admin.send("/people")
    await admin.tap("Jean <b> · no role")
    assert "No role left." in (await admin.last()).text
    await admin.tap("Erase this person…")
    assert "This cannot be undone." in (await admin.last()).text
    await admin.tap("Erase for good")
    async with fieldbot.app.session_factory() as session:
        assert await get_user(session, 2001) is None
        report = (await session.scalars(select(Report))).one()
        author = await session.get(User, report.author_user_id)
        assert author is not None
        assert author.telegram_id < 0
        assert "Jean" not in author.display_name


async def test_an_admin_of_one_country_manages_only_people_there(fieldbot: BotUnderTest) -> None:
    haiti_admin = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT"])
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    niger = await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"])
    await haiti_admin.send("/people")
    listing = await haiti_admin.last()
    assert "Jean" in str(listing.buttons)
    assert "Amina" not in str(listing.buttons)
    assert "Awa" not in str(listing.buttons)  # never oneself

    # A forged button for Amina (or for oneself) is refused.
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        amina = await get_user(session, 2002)
        awa = await get_user(session, 1001)
    assert amina is not None
    assert awa is not None
    for target in (amina.id, awa.id):
        await haiti_admin.press(f"pp:rev:{target}:0:field_staff", forge=True)
        assert "no longer in your list" in (await haiti_admin.callback_answers())[-1]["text"]
    async with fieldbot.app.session_factory() as session:
        still = await get_user(session, 2002)
    assert still is not None
    assert still.has_role(Role.FIELD_STAFF)

    # Nor can a partial admin give a country beyond their own: told which they may give, and
    # asked again (the question ended there: 'HT' typed next read 'I did not understand').
    await haiti_admin.tap("Jean")
    await haiti_admin.tap("Countries: field staff")
    await haiti_admin.send("Kenya")
    assert (await haiti_admin.last()).text == (
        "You can give only the countries of your own admin role.\nCountries: Haiti."
    )
    await haiti_admin.send("HT")
    assert "• field staff for Haiti" in (await haiti_admin.last()).text
    await niger.send("/help")
    assert "field staff for Niger" in (await niger.last()).text


async def test_someone_with_no_role_left_is_managed_by_an_admin_of_all_countries_only(
    fieldbot: BotUnderTest,
) -> None:
    """Amina of Niger, her roles all revoked from the command line, has no country left to be
    within: a forged erase button from Haiti's admin does nothing."""
    from bot.ui.callbacks import PeopleAction, PeopleCB
    from models import people

    haiti_admin = await fieldbot.member(1001, "Awa", Role.ADMIN, ["HT"])
    await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await people.revoke(session, 2002, None, actor_user_id=None)  # `fieldbot user revoke`
        await session.commit()
        amina = await get_user(session, 2002)
    assert amina is not None

    await haiti_admin.send("/people")
    assert "Amina" not in str((await haiti_admin.last()).buttons)
    erase = PeopleCB(a=PeopleAction.ERASE_CONFIRMED, u=amina.id).pack()
    await haiti_admin.press(erase, forge=True)
    assert "no longer in your list" in (await haiti_admin.callback_answers())[-1]["text"]
    async with fieldbot.app.session_factory() as session:
        still = await get_user(session, 2002)
    assert still is not None
    assert still.display_name == "Amina"  # not erased


async def test_names_keep_their_own_direction_in_the_people_list(fieldbot: BotUnderTest) -> None:
    """An Arabic name first on a button would turn an English label right to left, and a Latin
    name an Arabic one left to right: each name is isolated."""
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN, language_code="ar")
    await fieldbot.member(2001, "سارة", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2002, "Jean", Role.FIELD_STAFF, ["HT"])
    await admin.send("/people")
    labels = (await admin.last()).button_texts()
    assert any(label.startswith("\u2068سارة\u2069 · ") for label in labels)
    assert any(label.startswith("\u2068Jean\u2069 · ") for label in labels)
    await admin.tap("سارة")  # tapped as it looks
    assert "سارة" in (await admin.last()).text
    # Asked for Jean's countries, in Arabic: his name isolated there too (it stood bare).
    await admin.send("/people")
    await admin.tap("Jean")
    countries = (await admin.last()).button_texts()[1]  # 'Countries: field staff'
    await admin.tap(countries)
    assert "\u2068Jean\u2069" in (await admin.last()).text


async def test_a_countries_question_ends_when_the_admin_opens_someone_else(
    fieldbot: BotUnderTest,
) -> None:
    """Asked Jean's countries, the admin opens Marie's card instead, then types "NE": Jean's
    countries stay (it changed them, with Marie's card on screen)."""
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fieldbot.member(2002, "Marie", Role.FIELD_STAFF, ["HT"])
    await admin.send("/people")
    await admin.tap("Jean")
    await admin.tap("Countries: field staff")
    await admin.send("/people")
    await admin.tap("Marie")
    await admin.send("NE")
    assert "Saved" not in (await admin.last()).text
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        jean = await get_user(session, 2001)
    assert jean is not None
    assert jean.scope(Role.FIELD_STAFF).countries == ("HT",)


async def test_an_erased_person_leaves_no_reply_behind_in_the_processed_updates(
    fieldbot: BotUnderTest,
) -> None:
    """The replies of recent updates wait in processed_updates (sent, cleared a batch at a
    time, or owed after a crash): once Jean is erased, none of them names him or is addressed
    to his chat, in a backup taken the next minute or sent to him on a redelivery."""
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    jean = await fieldbot.member(2001, "Jean-Ély", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    await admin.send("/people")
    await admin.tap("Jean-Ély")
    await admin.tap("Erase this person…")
    await admin.tap("Erase for good")
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        replies = (await session.scalars(select(ProcessedUpdate.replies))).all()
    left = json.dumps([r for r in replies if r], ensure_ascii=False)
    assert '"chat_id": 2001' not in left
    assert "Jean-Ély" not in left


async def test_a_revoked_or_erased_persons_command_menu_follows(fieldbot: BotUnderTest) -> None:
    """Jean's Telegram menu listed /missions and /report: revoked as a volunteer, /missions
    leaves it; erased, his chat has no member menu left (the guests' one shows)."""
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 2001, Role.VOLUNTEER, ["NE"], False, actor_user_id=None)
        await session.commit()
    await jean.send("/start")

    async def jeans_menu(changed_from: list[str] | None = None) -> list[str] | None:
        """Jean's menu, once it differs from `changed_from` (it is sent after the admin's
        reply) or after a few seconds."""
        for _ in range(50):
            menus = await fieldbot.control.commands()
            mine = [m for m in menus if m["scope"].get("chat_id") == 2001]
            menu = [c["command"] for c in mine[0]["commands"]] if mine else None
            if menu != changed_from:
                return menu
            await asyncio.sleep(0.1)
        return changed_from

    before = await jeans_menu()
    assert before is not None
    assert {"missions", "report"} <= set(before)
    await admin.send("/people")
    await admin.tap("Jean")
    await admin.tap("Revoke: volunteer")
    menu = await jeans_menu(before)
    assert menu is not None
    assert "report" in menu
    assert "missions" not in menu
    await admin.tap("Erase this person…")
    await admin.tap("Erase for good")
    assert await jeans_menu(menu) is None


async def test_a_country_admin_is_not_offered_an_erasure_they_may_not_do(
    fieldbot: BotUnderTest,
) -> None:
    """Revoking Mona's last role, an admin of Haiti and Niger was shown "Erase them once they
    have left" and an Erase button that answered "This person is no longer in your list":
    only an admin of all countries may erase someone with no role."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["HT", "NE"])
    await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT", "NE"])
    await amina.send("/people")
    await amina.tap("Mona")
    await amina.tap("Revoke: manager")
    card = await amina.last()
    assert "No role left." in card.text
    assert "admin of all countries" in card.text
    assert [b.text for row in card.buttons for b in row] == ["‹ Back to the list"]
    awa = await fieldbot.member(1002, "Awa", Role.ADMIN)  # all countries: she may
    await awa.send("/people")
    await awa.tap("Mona · no role")
    assert "Erase this person…" in [b.text for row in (await awa.last()).buttons for b in row]


async def test_a_role_revoked_meanwhile_is_not_said_to_be_the_person_gone(
    fieldbot: BotUnderTest,
) -> None:
    """Awa revoked Mona's manager role while Amina had Mona's card open: Amina's "Revoke:
    manager" answered "This person is no longer in your list", yet Mona (a volunteer in Haiti)
    still was. The card is shown afresh instead."""
    amina = await fieldbot.member(1001, "Amina", Role.ADMIN, ["HT", "NE"])
    awa = await fieldbot.member(1002, "Awa", Role.ADMIN)
    await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        await grant_role(session, 3001, Role.VOLUNTEER, ["HT"], False, actor_user_id=None)
        await session.commit()
    await amina.send("/people")
    await amina.tap("Mona")
    card = await amina.last()
    await awa.send("/people")
    await awa.tap("Mona")
    await awa.tap("Revoke: manager")
    stale = {b.text: b.callback_data for row in card.buttons for b in row}
    for button in ("Revoke: manager", "Countries: manager"):  # the old card's, as it was
        data = stale[button]
        assert data is not None
        await amina.press(data, message_id=card.message_id, forge=True)
        assert "no longer active" in (await amina.callback_answers())[-1]["text"]
        shown = await amina.last()
        assert "manager" not in shown.text
        assert "volunteer" in shown.text


async def test_a_card_whose_role_buttons_would_be_cut_lays_them_one_per_row(
    fieldbot: BotUnderTest,
) -> None:
    """Two buttons side by side only when both show whole on a phone: 'Countries: admin (M&E
    officer)' (and the Malagasy labels, twice as long) were cut to their first words."""
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    await fieldbot.member(2001, "Hery", Role.ADMIN, ["MG"])
    await admin.send("/people")
    await admin.tap("Hery")
    rows = [[button.text for button in row] for row in (await admin.last()).buttons]
    assert ["Revoke: admin (M&E officer)"] in rows
    assert ["Countries: admin (M&E officer)"] in rows
    assert all(len(row) == 1 for row in rows)


def test_buttons_share_a_row_only_when_every_label_fits_half_the_width() -> None:
    assert side_by_side("Revoke: volunteer", "Countries: volunteer") == 2
    assert side_by_side("Revoke: volunteer", "Countries: field staff") == 1
    assert side_by_side() == 2


async def test_two_accounts_of_one_name_are_told_apart_by_when_they_joined(
    fieldbot: BotUnderTest,
) -> None:
    """Jean changed phones and joined again with a new Telegram account: /people listed two
    'Jean · field staff' whose cards read the same, and the admin could not tell which one to
    revoke. Each card says when that account joined, on the admin's calendar."""
    assert fieldbot.app is not None
    admin = await fieldbot.member(1001, "Awa", Role.ADMIN)
    async with fieldbot.app.session_factory() as session:
        await set_timezone(session, 1001, "Pacific/Honolulu")
        await session.commit()
        old = dt.datetime(2025, 3, 4, 2, 0, tzinfo=dt.UTC)  # still 3 March in Honolulu
        await member(session, 2001, Role.FIELD_STAFF, ["HT"], name="Jean", joined=old)
        new = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
        await member(session, 2002, Role.FIELD_STAFF, ["HT"], name="Jean", joined=new)
    await admin.send("/people")
    cards = []
    for index in range(2):
        listing = await admin.last()
        button = listing.buttons[index][0]
        assert button.callback_data is not None
        await admin.press(button.callback_data)
        cards.append((await admin.last()).text.splitlines()[-1])
        await admin.tap("‹ Back to the list")
    assert sorted(cards) == ["Joined on Mar 3, 2025.", "Joined on Nov 20, 2026."]
