"""/missions (volunteers: where, when, with whom; acknowledge) and /assign, /unassign (admins).

Every mission id in a button is checked again against the user: a volunteer sees only the
missions they are assigned to, whatever the button says.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.domain.languages import ltr
from bot.domain.missions import (
    LIVE,
    AssignmentView,
    MissionCounts,
    MissionView,
    count_current,
    is_over,
    soonest_first,
)
from bot.domain.paging import position_of, turned_start, within
from bot.domain.people import UserView
from bot.domain.search import by_name, compact, matches, search_key
from bot.forms.screening import screen_text
from bot.ui.callbacks import (
    ASSIGN_SEARCH_BYTES,
    AssignAction,
    AssignCB,
    AssignSearchCB,
    MissionAction,
    MissionCB,
    card_version,
)
from bot.ui.forms import draft_waiting_note
from bot.ui.missions import (
    CHOICES_PAGE,
    PAGE,
    acknowledge_keyboard,
    choices_page,
    mission_card,
    missions_list,
    volunteer_choices,
)
from bot.ui.replies import Replies
from bot.ui.text import safe
from bot.usecases.drafts import leave_side_flow
from bot.usecases.missions import assign_volunteer, unassign_volunteer
from handlers.filters import HasRole, command
from handlers.routing import Router
from models import missions as store
from models.queries import get_user_by_id, users_with_role


async def missions_command(
    message: Message, session: AsyncSession, user: UserView, i18n: I18n, *, reply: Replies
) -> None:
    if not user.has_role(Role.VOLUNTEER):
        reply(
            message.answer(
                _("/missions is for volunteers: it shows the missions you are assigned to.")
            )
        )
        return
    await _send_list(session, user, offset=0, past=False, locale=i18n.current_locale, reply=reply)


# The volunteer's lists a page turn is in, and which way it goes (True: later in the list).
PAST_LISTS = {MissionAction.PAST, MissionAction.OLDER, MissionAction.NEWER}
FORWARD = {MissionAction.NEXT, MissionAction.OLDER}
ANCHORED = {MissionAction.NEXT, MissionAction.PREVIOUS, MissionAction.OLDER, MissionAction.NEWER}


async def _turned_to(session: AsyncSession, user: UserView, turn: MissionCB) -> int:
    """Where a page turn starts: from the mission its button was drawn from, wherever that
    mission now is in the list (bot.domain.paging); else the page the button says."""
    at = None
    if turn.a in ANCHORED:
        past = turn.a in PAST_LISTS
        at = await store.mission_position(
            session, user.id, turn.m, today=user.today(), include_past=past
        )
    return turned_start(at, turn.a in FORWARD, turn.p, PAGE)


async def _send_list(
    session: AsyncSession, user: UserView, *, offset: int, past: bool, locale: str, reply: Replies
) -> None:
    async def listed(start: int) -> tuple[list[tuple[MissionView, AssignmentView]], int]:
        return await store.missions_of_volunteer(
            session, user.id, today=user.today(), include_past=past, offset=start, limit=PAGE
        )

    items, total = await listed(offset)
    if not items and offset >= total > 0:  # an old button, once the list shrank: its last page
        offset = within(offset, total, PAGE)
        items, total = await listed(offset)
    missions = [mission for mission, _assignment in items]
    counts = None if past or not total else await _counted(session, user)
    text, markup = missions_list(missions, offset, total, past, locale, counts)
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


async def _counted(session: AsyncSession, user: UserView) -> MissionCounts:
    """The volunteer's current and upcoming missions, counted (all of them, not a page)."""
    today = user.today()
    every, _total = await store.missions_of_volunteer(session, user.id, today=today, limit=10_000)
    return count_current(every, today)


class VolunteersMission(Filter):
    """The button's mission (`mission`) and the user's assignment to it (`assignment`); a
    mission not assigned to the user (a forged or out-of-date button) does not pass."""

    async def __call__(
        self, query: CallbackQuery, callback_data: MissionCB, session: AsyncSession, user: UserView
    ) -> bool | dict[str, Any]:
        found = await store.mission_for_volunteer(session, callback_data.m, user.id)
        if found is None:
            return False
        mission, assignment = found
        return {"mission": mission, "assignment": assignment}


async def list_tap(
    query: CallbackQuery,
    callback_data: MissionCB,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """Another page of the current and upcoming missions, or of the past ones."""
    reply(query.answer())
    past, locale = callback_data.a in PAST_LISTS, i18n.current_locale
    offset = await _turned_to(session, user, callback_data)
    await _send_list(session, user, offset=offset, past=past, locale=locale, reply=reply)


async def open_tap(
    query: CallbackQuery,
    mission: MissionView,
    assignment: AssignmentView,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    acknowledged = assignment.acknowledged_at is not None
    text = mission_card(mission, acknowledged, user.today(), i18n.current_locale)
    # Over on the volunteer's own date: nothing left to acknowledge.
    markup = acknowledge_keyboard(mission, acknowledged or is_over(mission, user.today()))
    reply(SendMessage(chat_id=user.telegram_id, text=text, reply_markup=markup))


def _show_again(
    query: CallbackQuery, mission: MissionView, user: UserView, i18n: I18n, *, reply: Replies
) -> None:
    """The mission as it is now, in place of a card it changed since, to acknowledge anew."""
    reply(query.answer(_("This mission has changed since: read it again."), show_alert=True))
    if isinstance(query.message, Message):
        text = mission_card(mission, False, user.today(), i18n.current_locale)
        markup = acknowledge_keyboard(mission, False)
        reply(query.message.edit_text(text, reply_markup=markup))


async def ack_tap(
    query: CallbackQuery,
    callback_data: MissionCB,
    mission: MissionView,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    if mission.status not in LIVE or is_over(mission, user.today()):  # cancelled, done, over
        reply(query.answer(_("This mission is no longer planned: nothing to acknowledge.")))
        return
    if callback_data.p and callback_data.p != card_version(mission.version):
        # The card is older than the mission: what it showed is not what would be recorded.
        _show_again(query, mission, user, i18n, reply=reply)
        return
    await store.acknowledge(session, mission.id, user.id, now=utcnow())
    reply(query.answer(_("Thank you, acknowledged.")))
    if isinstance(query.message, Message):
        text = mission_card(mission, True, user.today(), i18n.current_locale)
        reply(query.message.edit_text(text))


async def not_yours_tap(query: CallbackQuery, *, reply: Replies) -> None:
    """A mission that is not assigned to the user: forged, or out of date."""
    reply(query.answer(_("This mission is not available to you."), show_alert=True))


# -- admins ---------------------------------------------------------------------------------------


async def _missions_in_reach(session: AsyncSession, user: UserView) -> list[MissionView]:
    """The active missions in the countries of the user's admin role, soonest first."""
    reach = user.scope(Role.ADMIN)
    live = await store.list_missions(session, active_only=True)
    return soonest_first([m for m in live if reach.covers(m.country)], user.today())


# What a tap on a page turn lists (the pick its buttons make), and which way it turns from the
# choice it was drawn from (None: to the page `p`, a button from before they were anchored).
TURNS: dict[AssignAction, tuple[AssignAction, bool | None]] = {
    AssignAction.MISSIONS_PAGE: (AssignAction.MISSION, None),
    AssignAction.MISSIONS_NEXT: (AssignAction.MISSION, True),
    AssignAction.MISSIONS_PREVIOUS: (AssignAction.MISSION, False),
    AssignAction.UNASSIGN_MISSIONS_PAGE: (AssignAction.UNASSIGN_MISSION, None),
    AssignAction.UNASSIGN_MISSIONS_NEXT: (AssignAction.UNASSIGN_MISSION, True),
    AssignAction.UNASSIGN_MISSIONS_PREVIOUS: (AssignAction.UNASSIGN_MISSION, False),
    AssignAction.VOLUNTEERS_PAGE: (AssignAction.VOLUNTEER, None),
    AssignAction.VOLUNTEERS_NEXT: (AssignAction.VOLUNTEER, True),
    AssignAction.VOLUNTEERS_PREVIOUS: (AssignAction.VOLUNTEER, False),
    AssignAction.UNASSIGN_VOLUNTEERS_PAGE: (AssignAction.UNASSIGN_VOLUNTEER, None),
    AssignAction.UNASSIGN_VOLUNTEERS_NEXT: (AssignAction.UNASSIGN_VOLUNTEER, True),
    AssignAction.UNASSIGN_VOLUNTEERS_PREVIOUS: (AssignAction.UNASSIGN_VOLUNTEER, False),
}
PICK_OF_PAGE = {turn: pick for turn, (pick, _way) in TURNS.items()}
# The list of missions that a list of volunteers was opened from.
MISSIONS_OF_VOLUNTEERS = {
    AssignAction.VOLUNTEER: AssignAction.MISSION,
    AssignAction.UNASSIGN_VOLUNTEER: AssignAction.UNASSIGN_MISSION,
}
_MISSION_PICKS = set(MISSIONS_OF_VOLUNTEERS.values())  # a mission picked on the list
TURN_OF_PICK = {(pick, way): turn for turn, (pick, way) in TURNS.items() if way is not None}


# A page turn of the missions: of the whole list (AssignCB), or of a search (AssignSearchCB).
Turn = AssignCB | AssignSearchCB


class PickerForm(StatesGroup):
    """The missions of /assign or /unassign are on screen: words typed then search them, as
    `/assign <words>` does, until a mission is picked, or a command (handlers.common's
    side_flow_closer) or /cancel ends it."""

    missions = State()


PICKER = "picker"  # PickerForm's data: the list open (AssignAction.MISSION or UNASSIGN_MISSION)


def _start(ids: list[int], tap: Turn | None, anchor: int) -> int:
    """Where the choices a tap lists start: from the choice `anchor` its turn was drawn from,
    wherever it now is (bot.domain.paging); else the page the button says."""
    if tap is None:
        return 0
    _pick, way = TURNS.get(tap.a, (tap.a, None))
    at = None if way is None else position_of(ids, anchor)
    return turned_start(at, way is True, tap.p, CHOICES_PAGE)


async def _open_picker(state: FSMContext, picking: AssignAction) -> None:
    """The missions just listed are what typed words search now. A flow taken on the side
    before (a time zone, an invitation's countries) ends; a report in progress stays under
    the list (leave_side_flow), as under any side flow, and comes back once it closes."""
    await leave_side_flow(state)
    await state.set_state(PickerForm.missions)
    await state.update_data({PICKER: picking.value})


async def _close_picker(state: FSMContext) -> str:
    """A mission picked: typed words no longer search the list. The note that a report in
    progress is still there, when there is one."""
    if await state.get_state() != PickerForm.missions.state:
        return ""
    return draft_waiting_note(await leave_side_flow(state))


async def _search_reply(
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    picking: AssignAction,
    typed: str,
    i18n: I18n,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The missions of the list `picking` whose code or title holds the words `typed` (all of
    them when there are none), the list left open to typed words while there are missions to
    search (none at all: it closes, with the note of a report waiting under it)."""
    typed = " ".join(typed.split())  # shown as typed, carried folded on the page turns
    search = search_key(typed, ASSIGN_SEARCH_BYTES)
    missions = await _missions_in_reach(session, user)
    text, markup = _missions_menu(missions, picking, None, i18n, search, typed)
    if not missions:
        return text + await _close_picker(state), markup
    await _open_picker(state, picking)
    return text, markup


async def assign_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """/assign or /unassign, alone or with words (/assign MG-07: the missions whose code or
    title holds them)."""
    unassign = command.command.lower() == "unassign"
    picking = AssignAction.UNASSIGN_MISSION if unassign else AssignAction.MISSION
    words = command.args or ""
    text, markup = await _search_reply(session, user, state, picking, words, i18n)
    _answer_search(bot, message, words, message.answer(text, reply_markup=markup), reply)


async def typed_search(
    message: Message,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """Words typed while the missions of /assign or /unassign are open: as after the command."""
    open_list = (await state.get_data()).get(PICKER)
    picking = AssignAction.UNASSIGN_MISSION
    if open_list != picking.value:
        picking = AssignAction.MISSION
    typed = message.text or ""
    text, markup = await _search_reply(session, user, state, picking, typed, i18n)
    _answer_search(bot, message, typed, message.answer(text, reply_markup=markup), reply)


def _answer_search(
    bot: Bot, message: Message, typed: str, answer: SendMessage, reply: Replies
) -> None:
    """The missions found for the words `typed`, which the answer quotes (and its buttons
    carry). Words that seem to hold personal data (a report's note, a child's name in it,
    typed while the list was open) are not stored with the update's replies: sent once the
    update is committed, as a refusal quoting them is."""
    if screen_text(typed):
        reply.unstored(bot, answer, "A search quoting personal data")
    else:
        reply(answer)


async def missions_page_tap(
    query: CallbackQuery,
    callback_data: Turn,
    session: AsyncSession,
    user: UserView,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """‹ Previous / Next › under the missions of /assign or /unassign (all of them, or those a
    search found: the button carries its words): that page, in place. A page of a search
    quotes its words folded, which the screening can no longer read (a child's name in
    lower case): it is never stored with the update's replies."""
    reply(query.answer())
    picking = PICK_OF_PAGE[callback_data.a]
    search = callback_data.w if isinstance(callback_data, AssignSearchCB) else ""
    missions = await _missions_in_reach(session, user)
    text, markup = _missions_menu(missions, picking, callback_data, i18n, search)
    if not isinstance(query.message, Message):
        return
    page = query.message.edit_text(text, reply_markup=markup)
    if search:
        reply.unstored(bot, page, "A page of a search")
    else:
        reply(page)


def _mission_choices(
    missions: list[MissionView], action: AssignAction, start: int, locale: str, search: str
) -> tuple[str, InlineKeyboardMarkup]:
    def turn(way: bool, anchor: int, to: int) -> Turn:
        turned = TURN_OF_PICK[action, way]
        if search:  # every page of a search is of the same search
            return AssignSearchCB(a=turned, m=anchor, p=to, w=search)
        return AssignCB(a=turned, m=anchor, p=to)

    return choices_page(
        [(m.id, f"{m.code} · {m.title}") for m in missions],
        start,
        pick=lambda mission_id: _pick(action, mission_id, search),
        turn=turn,
        columns=1,
        locale=locale,
    )


def _pick(action: AssignAction, mission_id: int, search: str) -> AssignCB | AssignSearchCB:
    """A mission's button; on a page of a search, with its words, so that a mission gone by
    the time it is tapped redraws that search ("asf:umission:2147483647:0:" and 36 bytes of
    words: 62 of Telegram's 64)."""
    if search:
        return AssignSearchCB(a=action, m=mission_id, w=search)
    return AssignCB(a=action, m=mission_id)


def _missions_menu(
    missions: list[MissionView],
    action: AssignAction,
    tap: Turn | None,
    i18n: I18n,
    search: str = "",
    typed: str = "",
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The live missions in the admin's countries (`missions`, those whose code or title holds
    the words of `search`) as buttons, a page at a time, or why there are none. The heading
    quotes the words as `typed` when there are (a page turn brings back only the folded key)."""
    locale = i18n.current_locale
    if not missions:
        text = _("There is no active mission. Load them with: fieldbot missions import FILE")
        return text, None
    words = safe(typed or search, locale, limit=64)
    found = _matching(missions, search)
    if not found:
        return _nothing_found(action, words), None
    start = _start([m.id for m in found], tap, tap.m if tap else 0)
    counts, markup = _mission_choices(found, action, start, locale, search)
    return _missions_heading(action, counts, words if search else "", len(found)), markup


def _matching(missions: list[MissionView], search: str) -> list[MissionView]:
    """The missions whose code or title holds every word of `search` (all: no search)."""
    if not search:
        return missions
    return [m for m in missions if matches(search, m.code, m.title, compact(m.code))]


def _nothing_found(action: AssignAction, words: str) -> str:
    text = _(
        "No active mission in your countries matches “{words}”. "
        "Send {command} alone to list them all."
    )
    slash = "/assign" if action is AssignAction.MISSION else "/unassign"
    return text.format(words=words, command=slash)


def _missions_heading(action: AssignAction, counts: str, words: str, total: int) -> str:
    """Which mission (where the page is in the list), of those matching `words` when a search
    found them; a long list of them all says how to search."""
    question = (
        _("Which mission?")
        if action is AssignAction.MISSION
        else _("Remove a volunteer from which mission?")
    )
    if words:
        counts += "\n" + _("Missions matching “{words}”").format(words=words)
    elif total > CHOICES_PAGE:  # hundreds of missions: say how to find one
        counts += "\n" + _("To find a mission, type part of its code or title.")
    return question + counts


class MissionInReach(Filter):
    """The button's mission (`mission`): live, and in the countries of the admin role."""

    async def __call__(
        self, query: CallbackQuery, callback_data: AssignCB, session: AsyncSession, user: UserView
    ) -> bool | dict[str, Any]:
        mission = await store.get_mission(session, callback_data.m)
        if mission is None or mission.status not in LIVE:
            return False
        return user.scope(Role.ADMIN).covers(mission.country) and {"mission": mission}


class ChosenVolunteer(Filter):
    """The button's volunteer (`volunteer`) while they are still on the list the button was
    drawn from (MissionInReach runs first): to assign, their volunteer role covers the
    mission's country; to remove, they are still on the mission."""

    async def __call__(
        self, query: CallbackQuery, callback_data: AssignCB, session: AsyncSession, mission: Any
    ) -> bool | dict[str, Any]:
        volunteer = await get_user_by_id(session, callback_data.u)
        if volunteer is None:
            return False
        if callback_data.a == AssignAction.VOLUNTEER:
            role = volunteer.has_role(Role.VOLUNTEER)
            listed = role and volunteer.scope(Role.VOLUNTEER).covers(mission.country)
        else:
            listed = volunteer.id in {
                v.user_id for v in await store.volunteers_of(session, mission.id)
            }
        return listed and {"volunteer": volunteer}


def _which_volunteer(
    people: list[tuple[int, str]],
    mission: MissionView,
    action: AssignAction,
    tap: AssignCB,
    locale: str,
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not people:
        return _("No volunteer to choose."), None
    counts, markup = choices_page(
        people,
        _start([person_id for person_id, _name in people], tap, tap.u),
        pick=lambda person_id: AssignCB(a=action, m=mission.id, u=person_id),
        turn=lambda way, anchor, to: AssignCB(
            a=TURN_OF_PICK[action, way], m=mission.id, u=anchor, p=to
        ),
        columns=2,
        locale=locale,
    )
    return _("Which volunteer?") + counts, markup


async def _show_volunteers(
    query: CallbackQuery,
    callback_data: AssignCB,
    chat_id: int,
    shown: tuple[str, Any],
    state: FSMContext,
    reply: Replies,
) -> None:
    """A mission just picked: a new message, and typed words no longer search the missions;
    a page turn: the same message, redrawn."""
    text, markup = shown
    if callback_data.a in PICK_OF_PAGE and isinstance(query.message, Message):
        reply(query.message.edit_text(text, reply_markup=markup))
        return
    text += await _close_picker(state)
    reply(SendMessage(chat_id=chat_id, text=text, reply_markup=markup))


async def _assignable(
    session: AsyncSession, mission: MissionView, admin: UserView, locale: str
) -> list[tuple[int, str]]:
    """The volunteers whose volunteer role covers the mission's country, by name."""
    views = await users_with_role(session, Role.VOLUNTEER, active_only=True)
    found = [
        (v.id, v.display_name or str(v.telegram_id), v.joined)
        for v in views
        if v.scope(Role.VOLUNTEER).covers(mission.country)
    ]
    return by_name(volunteer_choices(found, admin.timezone, locale))


async def _assigned(
    session: AsyncSession, mission: MissionView, admin: UserView, locale: str
) -> list[tuple[int, str]]:
    """The volunteers on the mission, by name (namesakes told apart as in _assignable)."""
    assigned = await store.volunteers_of(session, mission.id)
    found = [(v.user_id, v.display_name or str(v.telegram_id), v.joined) for v in assigned]
    return by_name(volunteer_choices(found, admin.timezone, locale))


def _unsearched(tap: AssignCB | AssignSearchCB) -> AssignCB:
    """A mission picked on a page of a search: its volunteers are listed as for any pick."""
    if isinstance(tap, AssignSearchCB):
        return AssignCB(a=tap.a, m=tap.m, p=tap.p)
    return tap


async def pick_to_assign(
    query: CallbackQuery,
    callback_data: AssignCB | AssignSearchCB,
    mission: MissionView,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """The volunteers whose volunteer role covers the mission's country."""
    reply(query.answer())
    tap = _unsearched(callback_data)
    people = await _assignable(session, mission, user, i18n.current_locale)
    shown = _which_volunteer(people, mission, AssignAction.VOLUNTEER, tap, i18n.current_locale)
    await _show_volunteers(query, tap, user.telegram_id, shown, state, reply)


async def pick_to_unassign(
    query: CallbackQuery,
    callback_data: AssignCB | AssignSearchCB,
    mission: MissionView,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """The volunteers assigned to the mission."""
    reply(query.answer())
    tap, locale = _unsearched(callback_data), i18n.current_locale
    people = await _assigned(session, mission, user, locale)
    shown = _which_volunteer(people, mission, AssignAction.UNASSIGN_VOLUNTEER, tap, locale)
    await _show_volunteers(query, tap, user.telegram_id, shown, state, reply)


def _about(text: str, volunteer: UserView, mission: MissionView, locale: str) -> str:
    # A name that shows nothing is stored empty: the number, as on the button just tapped.
    name = safe(volunteer.display_name or str(volunteer.telegram_id), locale)
    return text.format(name=name, mission=ltr(safe(mission.code), locale))


async def assign_volunteer_tap(
    query: CallbackQuery,
    mission: MissionView,
    volunteer: UserView,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    changed = await assign_volunteer(
        session, mission, volunteer, actor_user_id=user.id, i18n=i18n, now=utcnow()
    )
    if not changed:
        text = _("{name} was already assigned to {mission}.")
    elif is_over(mission, volunteer.today()):  # recorded, not announced: nothing to travel to
        text = _("{name} is assigned to {mission}. It is over where they are: they are not told.")
    else:
        text = _("{name} is assigned to {mission}. They will be told.")
    text = _about(text, volunteer, mission, i18n.current_locale)
    reply(SendMessage(chat_id=user.telegram_id, text=text))


async def unassign_volunteer_tap(
    query: CallbackQuery,
    mission: MissionView,
    volunteer: UserView,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    reply(query.answer())
    changed = await unassign_volunteer(
        session, mission, volunteer, actor_user_id=user.id, i18n=i18n, now=utcnow()
    )
    if not changed:
        text = _("{name} was not assigned to {mission}.")
    elif is_over(mission, volunteer.today()):
        text = _(
            "{name} is no longer assigned to {mission}. It is over where they are: they are not "
            "told."
        )
    else:
        text = _("{name} is no longer assigned to {mission}.")
    text = _about(text, volunteer, mission, i18n.current_locale)
    reply(SendMessage(chat_id=user.telegram_id, text=text))


async def volunteer_gone_tap(
    query: CallbackQuery,
    callback_data: AssignCB,
    mission: MissionView,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A volunteer who left the list while it was open (their volunteer role revoked, or its
    countries narrowed; erased): said, and the list redrawn as it is now, in place."""
    text = _("This volunteer is no longer on the list. Here it is as it is now.")
    reply(query.answer(text, show_alert=True))
    assigning = callback_data.a == AssignAction.VOLUNTEER
    locale = i18n.current_locale
    if assigning:
        people = await _assignable(session, mission, user, locale)
    else:
        people = await _assigned(session, mission, user, locale)
    shown = _which_volunteer(people, mission, callback_data.a, callback_data, locale)
    if isinstance(query.message, Message):
        reply(query.message.edit_text(shown[0], reply_markup=shown[1]))


async def _missions_again(
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    picking: AssignAction,
    search: str,
    i18n: I18n,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The missions (those of `search`) as they are now: open to typed words again, unless
    another flow was opened since (that flow goes on)."""
    if await state.get_state() in (None, PickerForm.missions.state):
        return await _search_reply(session, user, state, picking, search, i18n)
    missions = await _missions_in_reach(session, user)
    return _missions_menu(missions, picking, None, i18n, search)


async def mission_gone_tap(
    query: CallbackQuery,
    callback_data: AssignCB | AssignSearchCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    bot: Bot,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    """A mission that left the list while it was open (cancelled, done, or out of the admin's
    countries now), tapped there or on the list of its volunteers: said, and the missions
    redrawn as they are now, in place, open to typed words unless another flow was opened
    since (an invitation asking for countries, a report): the list is redrawn only, and that
    flow goes on. Tapped on a search, that search is redrawn (its words folded, which the
    screening can no longer read: never stored with the update's replies)."""
    text = _("This mission is no longer on the list. Here it is as it is now.")
    reply(query.answer(text, show_alert=True))
    pick = PICK_OF_PAGE.get(callback_data.a, callback_data.a)
    picking = MISSIONS_OF_VOLUNTEERS.get(pick, pick)
    search = callback_data.w if isinstance(callback_data, AssignSearchCB) else ""
    shown = await _missions_again(session, user, state, picking, search, i18n)
    if isinstance(query.message, Message):
        redrawn = query.message.edit_text(shown[0], reply_markup=shown[1])
        if search:
            reply.unstored(bot, redrawn, "A search redrawn")
        else:
            reply(redrawn)


async def inactive_tap(query: CallbackQuery, *, reply: Replies) -> None:
    """A mission beyond the admin's countries, or a volunteer who no longer fits: refused."""
    reply(query.answer(_("This button is no longer active."), show_alert=True))


def router() -> Router:
    r = Router(name="missions")
    # Any member may ask: someone who is not a volunteer is told what /missions is for.
    r.message.register(missions_command, Command("missions", ignore_case=True))
    volunteer, theirs = HasRole(Role.VOLUNTEER), VolunteersMission()
    turns = MissionCB.filter(F.a.in_({MissionAction.PAGE, MissionAction.PAST, *ANCHORED}))
    r.callback_query.register(list_tap, turns, volunteer)
    r.callback_query.register(
        open_tap, MissionCB.filter(F.a == MissionAction.OPEN), volunteer, theirs
    )
    r.callback_query.register(
        ack_tap, MissionCB.filter(F.a == MissionAction.ACK), volunteer, theirs
    )
    r.callback_query.register(not_yours_tap, MissionCB.filter(), volunteer)
    _admin_routes(r)
    return r


def _turns_to(*picks: AssignAction) -> set[AssignAction]:
    """The page turns of the lists whose buttons make these picks."""
    return {turn for turn, pick in PICK_OF_PAGE.items() if pick in picks}


def _pickers(r: Router, admin: Filter) -> None:
    """/assign and /unassign (with words: a search), and the list of missions they open:
    its pages, and words typed while it is open (a search of it; a command is a command)."""
    r.message.register(assign_command, *command("assign"))
    r.message.register(assign_command, *command("unassign"))
    pages = _turns_to(AssignAction.MISSION, AssignAction.UNASSIGN_MISSION)
    for turn in (AssignCB, AssignSearchCB):  # all the missions, or those a search found
        r.callback_query.register(missions_page_tap, turn.filter(F.a.in_(pages)), admin)
    typed = StateFilter(PickerForm.missions), F.text, ~F.text.startswith("/")
    r.message.register(typed_search, *typed, admin)


def _admin_routes(r: Router) -> None:
    """/assign and /unassign: a mission, then a volunteer, each list a page at a time."""
    admin, mission = HasRole(Role.ADMIN), MissionInReach()
    _pickers(r, admin)
    picks = {
        pick_to_assign: {AssignAction.MISSION, *_turns_to(AssignAction.VOLUNTEER)},
        pick_to_unassign: {
            AssignAction.UNASSIGN_MISSION,
            *_turns_to(AssignAction.UNASSIGN_VOLUNTEER),
        },
    }
    for pick, actions in picks.items():
        r.callback_query.register(pick, AssignCB.filter(F.a.in_(actions)), admin, mission)
        on_search = AssignSearchCB.filter(F.a.in_(actions & _MISSION_PICKS))  # a search's pick
        r.callback_query.register(pick, on_search, admin, mission)
    choices = {
        AssignAction.VOLUNTEER: assign_volunteer_tap,
        AssignAction.UNASSIGN_VOLUNTEER: unassign_volunteer_tap,
    }
    for action, choose in choices.items():
        on_tap = AssignCB.filter(F.a == action)
        r.callback_query.register(choose, on_tap, admin, mission, ChosenVolunteer())
        r.callback_query.register(volunteer_gone_tap, on_tap, admin, mission)
    # A button of a list whose mission has left it: the missions (of a search too: its words
    # on the button), or that mission's volunteers (one of them, or a page turn).
    volunteers = {*MISSIONS_OF_VOLUNTEERS, *_turns_to(*MISSIONS_OF_VOLUNTEERS)}
    gone = {*MISSIONS_OF_VOLUNTEERS.values(), *volunteers}
    for button, actions in ((AssignCB, gone), (AssignSearchCB, _MISSION_PICKS)):
        r.callback_query.register(mission_gone_tap, button.filter(F.a.in_(actions)), admin)
        r.callback_query.register(inactive_tap, button.filter(), admin)
