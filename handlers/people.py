"""/people: an admin sees who holds which role where, revokes a role, changes a role's countries,
or erases a person who left (their reports stay counted under a pseudonym).

States:
    PeopleForm.countries → type ISO codes ("HT, NE") or "all" for the chosen role

An admin manages the people whose countries their admin role covers (an admin of all countries
manages everyone), never themselves: that is for another admin or the CLI. A change takes effect
on the person's next update.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F
from aiogram.filters import CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.domain.grants import may_grant
from bot.domain.languages import (
    country_name,
    format_number,
    isolate,
    list_text,
    ltr,
    own_direction,
    short_date,
)
from bot.domain.paging import position_of, turned_start, within
from bot.domain.people import UserView
from bot.domain.scope import Scope, ScopeError
from bot.domain.search import matches, name_order, name_parts, search_key
from bot.domain.timezones import today_in
from bot.forms.engine import country_named, read_scope
from bot.settings import Settings
from bot.ui.callbacks import (
    PEOPLE_SEARCH_BYTES,
    PeopleAction,
    PeopleCB,
    role_and_search,
    role_with_search,
)
from bot.ui.forms import draft_waiting_note
from bot.ui.keyboard import Keyboard, side_by_side
from bot.ui.menu import ROLE_NAMES, refresh_menu
from bot.ui.render import (
    beyond_reach,
    country_codes_error,
    grant_lines,
    role_name,
    scope_text,
)
from bot.ui.replies import ALERT_MAX, Replies
from bot.ui.text import safe, shortened, telegram_length, unparsed
from bot.usecases.drafts import leave_side_flow
from bot.usecases.missions import revoke_roles, set_role_countries
from handlers.filters import command
from handlers.routing import Router
from models import people

PAGE = 8


class PeopleForm(StatesGroup):
    countries = State()


def may_manage(admin: UserView, person: UserView) -> bool:
    """An admin manages people within their admin countries, and never themselves. A person
    with no role left has no country to be within: only an admin of all countries manages
    them (else any country's admin could erase anyone whose roles were all revoked)."""
    if person.id == admin.id or people.is_erased(person):
        return False
    reach = admin.scope(Role.ADMIN)
    if reach.all_countries:
        return True
    theirs = person.any_scope
    if theirs.all_countries or not theirs.countries:
        return False
    return all(reach.covers(c) for c in theirs.countries)


async def _manageable(session: AsyncSession, admin: UserView) -> list[UserView]:
    everyone, _total = await people.list_people(session, with_roleless=True)
    mine = [person for person in everyone if may_manage(admin, person)]
    # The order of the list and of its page turns: "José" before "Joseph", "Émile" among the E.
    return sorted(mine, key=lambda person: name_order(person.display_name or "", person.id))


def _list_markup(
    found: list[UserView], start: int, total: int, locale: str, search: str
) -> InlineKeyboardMarkup:
    kb = Keyboard()
    page = start // PAGE  # where "Back to the list" returns from a card
    for person in found:
        # A button's text is not parsed: plain names, not the escaped HTML of roles_text.
        held = [str(name) for role, name in ROLE_NAMES.items() if role in person.roles]
        name = own_direction(shortened(person.display_name or "—", 32))
        roles = list_text(held, locale) if held else _("no role")
        label = f"{name} · {roles}"
        kb.button(
            text=shortened(label, 64),
            callback_data=PeopleCB(a=PeopleAction.OPEN, u=person.id, p=page, r=search),
        )
    kb.adjust(1)
    nav = Keyboard()
    if start > 0:
        to = max(start - PAGE, 0) // PAGE
        back = PeopleCB(a=PeopleAction.PREVIOUS, u=found[0].id, p=to, r=search)
        nav.button(text=_("‹ Previous"), callback_data=back)
    if start + len(found) < total:
        to = (start + len(found)) // PAGE
        on = PeopleCB(a=PeopleAction.NEXT, u=found[-1].id, p=to, r=search)
        nav.button(text=_("Next ›"), callback_data=on)
    kb.attach(nav)
    return kb.as_markup()


def _start(everyone: list[UserView], turn: PeopleCB | None) -> int:
    """Where a page of the list starts: after (Next ›) or a page before (‹ Previous) the
    person the button was drawn from, wherever they are now; else the page the button says."""
    if turn is None:
        return 0
    at = None
    if turn.a in (PeopleAction.NEXT, PeopleAction.PREVIOUS):
        at = position_of([person.id for person in everyone], turn.u)
    return turned_start(at, turn.a == PeopleAction.NEXT, turn.p, PAGE)


def _heading(
    search: str, counts: str, total: int, locale: str, country: str = "", named: bool = False
) -> str:
    """What a list is: everyone the admin manages, those whose name matches `search`, or the
    people of a `country` (and, when there are, those `named` so: 'Jordan', 'Chad')."""
    words = safe(search, locale, limit=64)
    head: str | None = None
    if country:
        place = safe(country_name(country, locale), locale, limit=64)
        head = (
            _("People in {country} or named “{words}”").format(country=place, words=words)
            if named
            else _("People in {country}").format(country=place)
        )
    else:
        head = _("People matching “{words}”").format(words=words) if search else None
    everyone = _("People")  # not inside the f-string: pybabel would not see it there
    text = f"<b>{head or everyone}</b> ({counts})\n" + _("Tap a person to manage their roles.")
    if total > PAGE and not search:  # hundreds of people: say how to find one
        text += "\n" + _("Looking for someone? Send /people and part of their name, or a country.")
    return text


def _country_search(typed: str) -> str:
    """The search a button carries for words that name a country ('Kenya', 'Quénia', 'كينيا',
    'KE'): its code in capitals, then the words folded (a person may be named 'Jordan'); ''
    when they name none. A code only in capitals: 'al' or 'ken' is part of a name (and 'BEN'
    may be Ben: he is listed with Benin's people)."""
    words = " ".join(typed.split())
    if len(words) <= 3 and not (words.isupper() and words.isalpha()):
        return ""
    code = country_named(words)
    if code is None:
        return ""
    # A code too: a phone in capitals writes 'BEN' (Benin's) for Ben, 'JO' for Jo.
    return f"{code} {search_key(words, PEOPLE_SEARCH_BYTES - len(code) - 1)}"


def _searched_country(search: str) -> tuple[str, str]:
    """The country a search is for (_country_search) and the words of a name; ('', search)
    for a search of names only (folded: never a capital)."""
    code, _space, words = search.partition(" ")
    if len(code) == 2 and code.isalpha() and code.isupper():
        return code, words
    return "", search


def _found(everyone: list[UserView], search: str) -> tuple[list[UserView], str, str, bool]:
    """Whom a search finds: for a country (_searched_country), its people and anyone so
    named (_of_country); else those whose name matches. With the country, the words of a
    name, and whether anyone was found by name only (the heading says so)."""
    country, words = _searched_country(search)
    if country:
        found, named = _of_country(everyone, country, words)
        return found, country, words, named
    if search:
        everyone = [person for person in everyone if matches(search, person.display_name)]
    return everyone, "", words, False


def _of_country(everyone: list[UserView], country: str, words: str) -> tuple[list[UserView], bool]:
    """The people holding a role in `country` (all countries' too) and those named `words`;
    whether any is there by name only."""
    there = {person.id for person in everyone if person.any_scope.covers(country)}
    named = {person.id for person in everyone if _named(person, words)}
    found = [person for person in everyone if person.id in there | named]
    return found, bool(named - there)


def _named(person: UserView, words: str) -> bool:
    """Is the person named `words`, word for word: 'Jordan Lee' for Jordan, not 'Roman' for
    Oman nor 'Malik' or 'Amalia' for Mali (those a search of part of a name finds)?"""
    parts = set(name_parts(words))
    return bool(parts) and parts <= set(name_parts(person.display_name or ""))


def _nobody(country: str, words: str, locale: str) -> str:
    """Nobody the admin manages is found: in the country, or by the words typed."""
    if country:
        text = _(
            "Nobody you manage holds a role in {country}. Send /people alone to list everyone."
        )
        return text.format(country=safe(country_name(country, locale), locale, limit=64))
    text = _("Nobody you manage matches “{words}”. Send /people alone to list everyone.")
    return text.format(words=safe(words, locale, limit=64))


async def _listing(
    session: AsyncSession,
    admin: UserView,
    turn: PeopleCB | None,
    locale: str,
    search: str = "",
    typed: str = "",
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The people the admin manages (whose name matches `search`, when there is one) from the
    start of the list, or from where `turn` (a page turn or a way back) says. The heading
    shows the words as `typed` when there are (a button brings back only the folded key)."""
    everyone = await _manageable(session, admin)
    if not everyone:
        return _("Nobody you can manage holds a role yet. Invite people with /invite."), None
    everyone, country, words, named = _found(everyone, search)
    if not everyone:
        return _nobody(country, typed or search, locale), None
    total = len(everyone)
    start = within(_start(everyone, turn), total, PAGE)
    shown = everyone[start : start + PAGE]
    first, last = start + 1, start + len(shown)
    counts = ltr(
        f"{format_number(first, locale)}–{format_number(last, locale)} / "
        f"{format_number(total, locale)}",
        locale,
    )
    shown_words = typed or (words if country else search)
    text = _heading(shown_words, counts, total, locale, country, named)
    return text, _list_markup(shown, start, total, locale, search)


def _card(
    person: UserView,
    page: int,
    locale: str,
    erasable: bool = True,
    search: str = "",
    *,
    zone: str,
) -> tuple[str, InlineKeyboardMarkup]:
    """A person's roles and when they joined (_card_lines), and what the admin may do."""
    name = safe(person.display_name or "—", locale, limit=64)
    text = "\n".join([f"<b>{name}</b>", *_card_lines(person, locale, erasable, zone)])
    kb = Keyboard()
    for role in person.grants:
        kept = role_with_search(role, search)  # the way back after the action: the search
        kb.button(
            text=_("Revoke: {role}").format(role=ROLE_NAMES[role]),
            callback_data=PeopleCB(a=PeopleAction.REVOKE, u=person.id, p=page, r=kept),
        )
        kb.button(
            text=_("Countries: {role}").format(role=ROLE_NAMES[role]),
            callback_data=PeopleCB(a=PeopleAction.COUNTRIES, u=person.id, p=page, r=kept),
        )
    if erasable:
        erase = PeopleCB(a=PeopleAction.ERASE, u=person.id, p=page, r=search)
        kb.button(text=_("Erase this person…"), callback_data=erase)
    back = PeopleCB(a=PeopleAction.PAGE, p=page, r=search)
    kb.button(text=_("‹ Back to the list"), callback_data=back)
    kb.adjust(side_by_side(*(button.text for button in kb.buttons)))
    return text, kb.as_markup()


def _card_lines(person: UserView, locale: str, erasable: bool, zone: str) -> list[str]:
    """The roles, or that none is left (only an admin of all countries manages, and erases,
    someone with no role); then the day they joined on the admin's calendar (`zone`), which
    tells two accounts of one name apart (an old phone's and a new one's)."""
    lines = grant_lines(person, locale) or [
        _("No role left. Erase them once they have left: their reports stay counted.")
        if erasable
        else _("No role left. An admin of all countries can erase them once they have left.")
    ]
    if person.joined is not None:
        day = short_date(today_in(zone, person.joined), locale)
        lines.append(_("Joined on {date}.").format(date=day))
    return lines


async def _person(
    session: AsyncSession, admin: UserView, callback_data: PeopleCB
) -> UserView | None:
    person = await people.get_person(session, callback_data.u)
    if person is None or not may_manage(admin, person):
        return None
    return person


def _role(callback_data: PeopleCB, person: UserView) -> Role | None:
    try:
        role = Role(role_and_search(callback_data.r)[0])
    except ValueError:
        return None
    return role if person.has_role(role) else None


def _search(callback_data: PeopleCB) -> str:
    """The search the list behind a card was made of (none: everyone)."""
    if callback_data.a in (PeopleAction.REVOKE, PeopleAction.COUNTRIES):
        return role_and_search(callback_data.r)[1]
    return callback_data.r


def _show(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None, reply: Replies
) -> None:
    if query.message is not None and isinstance(query.message, Message):
        reply(query.message.edit_text(text, reply_markup=markup))
    elif query.from_user is not None:
        reply(SendMessage(chat_id=query.from_user.id, text=text, reply_markup=markup))


async def _end_countries_prompt(state: FSMContext) -> None:
    """Another list, card or action: a "which countries?" asked for someone else ends (typed
    later, "NE" changed the person whose card was no longer on screen). A report in progress
    under it stays (leave_side_flow)."""
    if await state.get_state() == PeopleForm.countries.state:
        await leave_side_flow(state)


async def people_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _end_countries_prompt(state)
    # "/people jose": the people whose name matches, as a button can carry the words again.
    typed = " ".join((command.args or "").split())  # shown as typed, carried folded
    # "/people Kenya" (or Quénia, كينيا, KE): the people of a country, and anyone so named.
    search = _country_search(typed) or search_key(typed, PEOPLE_SEARCH_BYTES)
    text, markup = await _listing(session, user, None, i18n.current_locale, search, typed)
    reply(message.answer(text, reply_markup=markup))


async def people_page(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _end_countries_prompt(state)
    reply(query.answer())
    locale = i18n.current_locale
    text, markup = await _listing(session, user, callback_data, locale, callback_data.r)
    _show(query, text, markup, reply)


def _gone(
    query: CallbackQuery,
    reply: Replies,
    person: UserView | None = None,
    locale: str = "en",
    turn: PeopleCB | None = None,
    zone: str = "UTC",
) -> None:
    """The person is no longer the admin's to manage; or, still there, no longer holds the
    role the button was for (revoked meanwhile): their card is shown as it is now."""
    if person is None:
        reply(query.answer(_("This person is no longer in your list."), show_alert=True))
        return
    reply(query.answer(_("This button is no longer active."), show_alert=True))
    page, search = (turn.p, _search(turn)) if turn else (0, "")
    _show(query, *_card(person, page, locale, search=search, zone=zone), reply)


async def person_open(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _end_countries_prompt(state)
    person = await _person(session, user, callback_data)
    if person is None:
        _gone(query, reply)
        return
    reply(query.answer())
    locale, search = i18n.current_locale, callback_data.r
    text, markup = _card(person, callback_data.p, locale, search=search, zone=user.timezone)
    _show(query, text, markup, reply)


async def person_revoke(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    bot: Bot,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    await _end_countries_prompt(state)
    person = await _person(session, user, callback_data)
    role = _role(callback_data, person) if person else None
    if person is None or role is None:
        _gone(query, reply, person, i18n.current_locale, callback_data, user.timezone)
        return
    done = await _revoke(session, query, reply, person, role, user, i18n)
    if done is None:
        return
    if role not in done.revoked:  # another admin revoked it at the same time, first
        _gone(query, reply, done.user, i18n.current_locale, callback_data, user.timezone)
        return
    reply(query.answer(_("Done: the role is revoked.")))
    app_url = settings.webapp.public_url
    reply.later(lambda: refresh_menu(bot, person.telegram_id, done.user, i18n, app_url))
    _show_card(query, reply, done.user, user, callback_data, i18n.current_locale)


async def _revoke(
    session: AsyncSession,
    query: CallbackQuery,
    reply: Replies,
    person: UserView,
    role: Role,
    admin: UserView,
    i18n: I18n,
) -> people.Offboarded | None:
    """The role taken (a volunteer taken off their missions is told: revoke_roles); None
    when nothing was done (the admin is told why)."""
    try:
        return await revoke_roles(
            session, person.telegram_id, [role], actor_user_id=admin.id, i18n=i18n, now=utcnow()
        )
    except people.LastAdmin as last:  # the other admins left meanwhile (PostgreSQL: at once)
        _refuse_last_admin(query, reply, last.person, i18n.current_locale)
    except LookupError:  # another admin erased them at the same time, first (PostgreSQL)
        _gone(query, reply)
    return None


def _refuse_last_admin(
    query: CallbackQuery, reply: Replies, person: UserView, locale: str
) -> None:
    """Nothing changed: the person is the last admin (the admin who tapped lost that role at
    the same time), and nobody would be left to manage people by chat."""
    reply(query.answer(last_admin_alert(person, locale), show_alert=True))


def last_admin_alert(person: UserView, locale: str) -> str:
    """The alert's text, within Telegram's 200: the name is shortened to what the sentence
    leaves, so that a long name never cuts off '(/invite)' and 'Nothing was changed.' (in
    French and Spanish a 64-character name did); isolated in Arabic, as in a message."""
    sentence = _(
        "{name} is the last admin: nobody would be left to manage people. Make someone else "
        "admin first (/invite). Nothing was changed."
    )
    room = ALERT_MAX - telegram_length(sentence.format(name=isolate("", locale)))
    name = shortened(person.display_name or "—", 64)
    return sentence.format(name=unparsed(name, locale, limit=max(room, 12)))


def _show_card(
    query: CallbackQuery,
    reply: Replies,
    person: UserView,
    admin: UserView,
    callback_data: PeopleCB,
    locale: str,
) -> None:
    """The person's card as it is now, in place of the one tapped (its page, its search)."""
    erasable = may_manage(admin, person)
    search = _search(callback_data)
    text, markup = _card(person, callback_data.p, locale, erasable, search, zone=admin.timezone)
    _show(query, text, markup, reply)


async def person_countries(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    person = await _person(session, user, callback_data)
    role = _role(callback_data, person) if person else None
    if person is None or role is None:
        _gone(query, reply, person, i18n.current_locale, callback_data, user.timezone)
        return
    await state.set_state(PeopleForm.countries)
    back = {"page": callback_data.p, "search": _search(callback_data)}  # the card's way back
    await state.update_data(back, person=person.id, role=role.value)
    reply(query.answer())
    reply(
        SendMessage(
            chat_id=user.telegram_id,
            text=_(
                "Type the countries of {name} as {role}: ISO codes such as HT, NE, or all."
            ).format(
                name=safe(person.display_name or "—", i18n.current_locale, limit=64),
                role=role_name(role),
            ),
        )
    )


async def typed_person_countries(
    message: Message,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    bot: Bot,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    locale = i18n.current_locale
    try:
        scope = read_scope(message.text or "", locale)
    except ScopeError as error:
        reply(message.answer(country_codes_error(error, locale)))
        return
    if not may_grant(user, scope):  # asked again, as /invite asks: the question stays open
        reply(message.answer(beyond_reach(user, locale)))
        return
    data = await state.get_data()
    note = draft_waiting_note(await leave_side_flow(state))
    chosen = await _chosen_grant(session, user, data)
    if chosen is None or not chosen[0].has_role(chosen[1]):  # revoked while the admin typed
        reply(_no_longer(message, user, chosen, data, locale, note))
        return
    person, role = chosen
    saved = await _set_countries(session, message, user, person, role, scope, data, i18n, note)
    reply(saved[0])
    _menu_after_countries(person, saved[1], reply, bot, i18n, settings)


def _menu_after_countries(
    person: UserView,
    updated: UserView | None,
    reply: Replies,
    bot: Bot,
    i18n: I18n,
    settings: Settings,
) -> None:
    """A manager now of every country, or no longer: /indicator joins or leaves their menu
    (once the change is committed)."""
    if updated is None:
        return
    if updated.acts_for_the_whole_organisation() != person.acts_for_the_whole_organisation():
        app_url = settings.webapp.public_url
        reply.later(lambda: refresh_menu(bot, person.telegram_id, updated, i18n, app_url))


async def _set_countries(
    session: AsyncSession,
    message: Message,
    admin: UserView,
    person: UserView,
    role: Role,
    scope: Scope,
    data: dict[str, Any],
    i18n: I18n,
    note: str,
) -> tuple[SendMessage, UserView | None]:
    """Save the countries typed for the person's role: the card as it is now, saved or not,
    and the person as saved (None: nothing was)."""
    locale = i18n.current_locale
    try:
        updated = await set_role_countries(
            session, person, role, scope, actor_user_id=admin.id, i18n=i18n, now=utcnow()
        )
    except people.RoleGone as gone:  # another admin revoked it at the same time, first
        found = None if gone.person is None else (gone.person, role)
        return _no_longer(message, admin, found, data, locale, note), None
    except people.LastAdmin as last:  # the other admins left meanwhile (PostgreSQL: at once)
        return _only_admin(message, admin, last, data, locale, note), None
    text, markup = _card_again(updated, data, locale, admin.timezone)
    saved = message.answer("✅ " + _("Saved.") + note + "\n\n" + text, reply_markup=markup)
    return saved, updated


def _only_admin(
    message: Message,
    admin: UserView,
    last: people.LastAdmin,
    data: dict[str, Any],
    locale: str,
    note: str,
) -> SendMessage:
    """Nothing changed: with fewer countries, a country (or all of them) would have no admin
    left to manage its people by chat; the person's card as it is."""
    person, lost = last.person, last.uncovered
    said = _(
        "{name} is the only admin of {countries}: with these countries, nobody would be left "
        "to manage people there. Make someone else admin there first (/invite). Nothing was "
        "changed."
    ).format(
        name=safe(person.display_name or "—", locale, limit=64),
        countries=scope_text(lost.countries, lost.all_countries, locale),
    )
    text, markup = _card_again(person, data, locale, admin.timezone, may_manage(admin, person))
    return message.answer(said + note + "\n\n" + text, reply_markup=markup)


def _no_longer(
    message: Message,
    admin: UserView,
    chosen: tuple[UserView, Role] | None,
    data: dict[str, Any],
    locale: str,
    note: str,
) -> SendMessage:
    """Nothing changed: the person left the admin's list, or no longer holds the role."""
    if chosen is None or not may_manage(admin, chosen[0]):
        return message.answer(_("This person is no longer in your list.") + note)
    return _role_gone(message, admin, chosen[0], chosen[1], data, locale, note)


def _role_gone(
    message: Message,
    admin: UserView,
    person: UserView,
    role: Role,
    data: dict[str, Any],
    locale: str,
    note: str,
) -> SendMessage:
    """Nothing changed: the person no longer holds the role; their card as it is now."""
    text, markup = _card_again(person, data, locale, admin.timezone, may_manage(admin, person))
    said = _("{name} is no longer {role}: the role was revoked meanwhile. Nothing was changed.")
    name = safe(person.display_name or "—", locale, limit=64)
    said = said.format(name=name, role=role_name(role))
    return message.answer(said + note + "\n\n" + text, reply_markup=markup)


def _card_again(
    person: UserView, data: dict[str, Any], locale: str, zone: str, erasable: bool = True
) -> tuple[str, InlineKeyboardMarkup]:
    """The card a countries prompt was asked from, with its way back (a page, a search)."""
    page, search = int(data.get("page", 0)), str(data.get("search", ""))
    return _card(person, page, locale, erasable, search, zone=zone)


async def _chosen_grant(
    session: AsyncSession, admin: UserView, data: dict[str, Any]
) -> tuple[UserView, Role] | None:
    """The person and role whose countries the admin is typing, while they still manage
    that person (who may no longer hold that role)."""
    person = await people.get_person(session, int(data.get("person", 0)))
    role = Role(str(data.get("role"))) if data.get("role") in set(Role) else None
    if person is None or role is None or not may_manage(admin, person):
        return None
    return person, role


async def person_erase_ask(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    state: FSMContext,
    i18n: I18n,
    *,
    reply: Replies,
) -> None:
    await _end_countries_prompt(state)
    person = await _person(session, user, callback_data)
    if person is None:
        _gone(query, reply)
        return
    reply(query.answer())
    kb = Keyboard()
    kb.button(
        text=_("Erase for good"),
        callback_data=callback_data.model_copy(update={"a": PeopleAction.ERASE_CONFIRMED}),
    )
    keep = callback_data.model_copy(update={"a": PeopleAction.OPEN})  # the card, the search kept
    kb.button(text=_("Keep"), callback_data=keep)
    text = _(
        "Erase {name}? Their name and Telegram account are forgotten and every role is revoked; "
        "their reports stay counted under a pseudonym. This cannot be undone."
    ).format(name=safe(person.display_name or "—", i18n.current_locale, limit=64))
    _show(query, text, kb.as_markup(), reply)


async def person_erase(
    query: CallbackQuery,
    callback_data: PeopleCB,
    session: AsyncSession,
    user: UserView,
    i18n: I18n,
    bot: Bot,
    settings: Settings,
    *,
    reply: Replies,
) -> None:
    person = await _person(session, user, callback_data)
    if person is None:
        _gone(query, reply)
        return
    try:
        await people.erase(session, person.telegram_id, actor_user_id=user.id)
    except people.LastAdmin as last:  # the other admins left meanwhile (PostgreSQL: at once)
        _refuse_last_admin(query, reply, last.person, i18n.current_locale)
        return
    except LookupError:  # another admin erased them at the same time, first (PostgreSQL)
        _gone(query, reply)
        return
    reply(query.answer(_("Done: the person is erased.")))
    app_url = settings.webapp.public_url
    reply.later(lambda: refresh_menu(bot, person.telegram_id, None, i18n, app_url))
    locale = i18n.current_locale
    text, markup = await _listing(session, user, callback_data, locale, callback_data.r)
    _show(query, text, markup, reply)


def router() -> Router:
    r = Router(name="people")
    r.message.register(people_command, *command("people"))
    r.message.register(
        typed_person_countries, StateFilter(PeopleForm.countries), F.text, ~F.text.startswith("/")
    )
    on = PeopleCB.filter
    for turn in (PeopleAction.PAGE, PeopleAction.NEXT, PeopleAction.PREVIOUS):
        r.callback_query.register(people_page, on(F.a == turn))
    r.callback_query.register(person_open, on(F.a == PeopleAction.OPEN))
    r.callback_query.register(person_revoke, on(F.a == PeopleAction.REVOKE))
    r.callback_query.register(person_countries, on(F.a == PeopleAction.COUNTRIES))
    r.callback_query.register(person_erase_ask, on(F.a == PeopleAction.ERASE))
    r.callback_query.register(person_erase, on(F.a == PeopleAction.ERASE_CONFIRMED))
    return r
