"""Every button payload of the bot (aiogram CallbackData), with bounded fields: a forged or
stale button fails to unpack and reaches no handler."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator, Field

from bot.domain.enums import ExportFormat, Role
from bot.domain.periods import Period
from bot.domain.search import search_key

# Numbers in callback data are checked where the data is parsed. A button's data comes back
# from the user's client, so it can be forged: a number our own buttons never carry (huge,
# negative, "nan", "0x10", "1_0") fails CallbackData.unpack, the button's filter does not
# match, and the user gets the fallback's "no longer active" like any other forged button,
# instead of the number reaching SQL (SQLite cannot bind beyond 64 bits: OverflowError).
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,18})")


def _canonical_int(value: object) -> object:
    """Only the decimal text our own buttons carry (what `pack()` writes) is a number."""
    if isinstance(value, str) and not _CANONICAL_INT.fullmatch(value):
        raise ValueError("not a plain decimal number")
    return value


_Canonical = BeforeValidator(_canonical_int)


# Every int field of a CallbackData uses one of these (a test checks that none is a bare int).
DbId = Annotated[int, _Canonical, Field(ge=0, le=2**31 - 1)]  # a row id (PostgreSQL integer)
Page = Annotated[int, _Canonical, Field(ge=0, le=10_000)]  # a page of a list
WeekdayOrUnset = Annotated[int, _Canonical, Field(ge=-1, le=6)]  # 0 = Monday; -1: not chosen
HourOrUnset = Annotated[int, _Canonical, Field(ge=-1, le=23)]  # -1: not chosen
Days = Annotated[int, _Canonical, Field(ge=1, le=366)]
Year = Annotated[int, _Canonical, Field(ge=1, le=9999)]
DayOrdinal = Annotated[int, _Canonical, Field(ge=1, le=dt.date.max.toordinal())]  # a date


class LanguageCB(CallbackData, prefix="lang"):
    code: str


class TimezoneCB(CallbackData, prefix="tz"):
    zone: str


class InviteRoleCB(CallbackData, prefix="inv_role"):
    role: Role


class InviteExpiryCB(CallbackData, prefix="inv_exp"):
    days: Days


class InviteWithdrawCB(CallbackData, prefix="inv_wd"):
    """Withdraw the invitation `i`: its link was sent to the wrong person, or forwarded."""

    i: DbId


class DigestTimeCB(CallbackData, prefix="dgt"):
    d: WeekdayOrUnset = -1  # weekday 0-6; -1: not chosen yet
    h: HourOrUnset = -1  # hour; -1: not chosen yet


class AssignAction(StrEnum):
    MISSION = "mission"  # a mission was picked to assign: list its country's volunteers
    VOLUNTEER = "volunteer"  # ... and a volunteer: assign
    UNASSIGN_MISSION = "umission"  # a mission was picked to unassign: list its volunteers
    UNASSIGN_VOLUNTEER = "uvolunteer"  # ... and a volunteer: unassign
    # Page turns (`p`), in place: the missions to assign from / to unassign from, and the
    # volunteers of the picked mission (`m`) to assign / to unassign.
    MISSIONS_PAGE = "mpage"
    UNASSIGN_MISSIONS_PAGE = "umpage"
    VOLUNTEERS_PAGE = "vpage"
    UNASSIGN_VOLUNTEERS_PAGE = "uvpage"
    # Next ›, ‹ Previous of those lists: the choices just after (before) the mission `m` (for
    # the missions) or the volunteer `u` (for the volunteers of the mission `m`), wherever it
    # now is, so that one added or removed between two taps shifts nothing; `p` is the page
    # meant, for when it has left the list (bot.domain.paging).
    MISSIONS_NEXT = "mnext"
    MISSIONS_PREVIOUS = "mprev"
    UNASSIGN_MISSIONS_NEXT = "umnext"
    UNASSIGN_MISSIONS_PREVIOUS = "umprev"
    VOLUNTEERS_NEXT = "vnext"
    VOLUNTEERS_PREVIOUS = "vprev"
    UNASSIGN_VOLUNTEERS_NEXT = "uvnext"
    UNASSIGN_VOLUNTEERS_PREVIOUS = "uvprev"


class AssignCB(CallbackData, prefix="as"):
    a: AssignAction
    m: DbId = 0
    u: DbId = 0  # the volunteer's user id
    p: Page = 0  # a page of a list


# What AssignSearchCB.w carries at most, in UTF-8 bytes ("asf:umprev:2147483647:10000:" takes
# 28 of 64).
ASSIGN_SEARCH_BYTES = 36


class AssignSearchCB(CallbackData, prefix="asf"):
    """‹ Previous / Next › under the missions found by a search of /assign or /unassign (the
    words after the command, or typed while the list was open): the turn `a` (MISSIONS_NEXT,
    UNASSIGN_MISSIONS_PREVIOUS...) from the mission `m`, the page meant `p`, and the search
    `w` (folded), so that every page is of the same search. A prefix of its own: the buttons
    of AssignCB drawn before searches had pages still unpack as they did."""

    a: AssignAction
    m: DbId = 0
    p: Page = 0
    w: Annotated[str, Field(max_length=ASSIGN_SEARCH_BYTES)] = ""


class MissionAction(StrEnum):
    PAGE = "page"  # a page of the current and upcoming missions
    PAST = "past"  # a page of the past ones
    # Next ›, ‹ Previous (current and upcoming), Older ›, ‹ Newer (past): the missions just
    # after (before) the mission `m`, wherever it now is in the list, so that a mission
    # assigned or removed between two taps shifts nothing; `p` is the page meant, for when
    # `m` has left the list (bot.domain.paging).
    NEXT = "next"
    PREVIOUS = "prev"
    OLDER = "older"
    NEWER = "newer"
    OPEN = "open"  # a mission's card
    ACK = "ack"  # the volunteer acknowledges the mission


class MissionCB(CallbackData, prefix="ms"):
    a: MissionAction
    m: DbId = 0  # mission id
    # The page of a list; for ACK, the mission's version on the card (0: a button from before
    # versions were carried), so that a card older than the mission is not acknowledged.
    p: Page = 0


def card_version(version: int) -> int:
    """A mission's version as an ACK button carries it (within Page's bound)."""
    return min(version, 10_000)


class IndicatorAction(StrEnum):
    OPEN = "open"
    CHART = "chart"
    MANUAL = "manual"  # enter the year's value of a manual indicator


class IndicatorCB(CallbackData, prefix="ind"):
    a: IndicatorAction
    i: str  # indicator id


class IndicatorYearCB(CallbackData, prefix="indy"):
    """Enter a manual indicator's value for another year than the one asked first."""

    i: str  # indicator id
    y: Year


MINE = "m"  # which list: my own reports


SCOPE = "s"  # or the reports of my scope


class ReportsAction(StrEnum):
    PAGE = "page"
    # Older ›, ‹ Newer: the reports just after (before) the report `r`, wherever it now is in
    # the list, so that a report submitted or removed between two taps shifts nothing.
    OLDER = "old"
    NEWER = "new"
    OPEN = "open"
    EDIT = "edit"
    HISTORY = "hist"
    WITHDRAW = "wd"
    RESTORE = "rs"


class ReportsCB(CallbackData, prefix="rv"):
    a: ReportsAction
    s: str = MINE  # which list: mine or my scope
    p: Page = 0  # page
    r: str = ""  # report id (hex)


class FormAction(StrEnum):
    """What a tap inside a form does."""

    PICK = "pick"  # a choice
    TOGGLE = "tog"  # a choice of several
    DONE = "done"  # ... the choices are made
    YES = "yes"
    NO = "no"
    TODAY = "today"
    YESTERDAY = "yday"
    COUNTRY = "ctry"
    BACK = "back"
    SKIP = "skip"
    REST = "rest"  # skip the optional questions that follow
    CANCEL = "cancel"
    DISCARD = "discard"  # cancel, confirmed
    KEEP = "keep"  # cancel, not confirmed
    CHANGE = "chg"  # change an answer from the review card
    SUBMIT = "submit"


# The taps that answer the question asked.
ANSWERS = (
    FormAction.PICK,
    FormAction.DONE,
    FormAction.YES,
    FormAction.NO,
    FormAction.TODAY,
    FormAction.YESTERDAY,
    FormAction.COUNTRY,
)


class FormCB(CallbackData, prefix="f"):
    """A tap inside a form. `d` ties the button to one draft, `q` to one question."""

    a: FormAction
    q: str = ""
    v: str = ""
    d: str = ""


class DraftAction(StrEnum):
    CONTINUE = "continue"
    DISCARD = "discard"


class DraftCB(CallbackData, prefix="dr"):
    """Continue or discard the unfinished report `d` (its token), as it stood at step `s`
    (Draft.step) when the choice was offered."""

    a: DraftAction
    d: str = ""
    s: str = ""


class StartFormCB(CallbackData, prefix="rep"):
    form: str


class RepeatDay(StrEnum):
    TODAY = "t"
    YESTERDAY = "y"


class RepeatCB(CallbackData, prefix="again"):
    """Start a report like one of the officer's own (`r`, its id in hex), dated today or
    yesterday (`w`)."""

    r: str
    w: RepeatDay


# What PeopleCB.r carries at most, in UTF-8 bytes ("pp:next:2147483647:10000:" takes 25 of 64).
PEOPLE_SEARCH_BYTES = 38


class PeopleAction(StrEnum):
    PAGE = "page"
    # Next ›, ‹ Previous: the people just after (before) the person `u`, wherever they now
    # are in the list, so that someone joining or leaving between two taps shifts nothing.
    NEXT = "next"
    PREVIOUS = "prev"
    OPEN = "open"
    REVOKE = "rev"
    COUNTRIES = "ctry"
    ERASE = "erase"
    ERASE_CONFIRMED = "erase!"


class PeopleCB(CallbackData, prefix="pp"):
    a: PeopleAction
    u: DbId = 0  # the person's user id
    p: Page = 0  # the page of the list to go back to
    # The words of `/people <words>` the list is made of (folded), on its buttons and those of
    # a card opened from it; on a card's revoke and countries buttons, a Role value first
    # (role_with_search), so that the way back after the action still leads to the search.
    r: Annotated[str, Field(max_length=PEOPLE_SEARCH_BYTES)] = ""


def role_with_search(role: Role, search: str) -> str:
    """PeopleCB.r of a card's role button: the role, then as much of the search as fits (a
    shortened search finds the same people and more)."""
    room = PEOPLE_SEARCH_BYTES - len(role.value) - 1
    code, _space, words = search.partition(" ")
    if len(code) == 2 and code.isalpha() and code.isupper():  # a country's people: its code
        key = f"{code} {search_key(words, room - 3)}".strip()
    else:
        key = search_key(search, room)
    return f"{role.value} {key}" if key else role.value


def role_and_search(r: str) -> tuple[str, str]:
    """The role and the search a card's role button carries (role_with_search)."""
    role, _space, search = r.partition(" ")
    return role, search


class ForgetCB(CallbackData, prefix="fg"):
    """/forget's answer: erase one's own data (`yes`) or keep it."""

    yes: bool


class DigestAction(StrEnum):
    OPEN = "open"  # the indicators
    CHOOSE = "choose"  # "Snooze…": which indicator
    SNOOZE = "snooze"
    ACK = "ack"


class DigestCB(CallbackData, prefix="dg"):
    """A tap on a digest button. i: indicator id; p: the ISO week ("2026-W09")."""

    a: DigestAction
    i: str = ""
    p: Annotated[str, Field(max_length=8)] = ""


class ExportPeriodCB(CallbackData, prefix="xp"):
    p: Period


class ExportFileCB(CallbackData, prefix="xf"):
    """A format for the period `p` as it was shown on the user's day `d` (a date ordinal): the
    file covers the dates the user read, whenever the button is tapped."""

    p: Period
    f: ExportFormat
    d: DayOrdinal

    @property
    def shown_on(self) -> dt.date:
        return dt.date.fromordinal(self.d)


# Callback data prefixes of /export: a button with one of them that does not unpack (a forged
# period or format) is refused in the user's language.
EXPORT_PREFIXES = ("xp:", "xf:")
