"""/missions' buttons: one action each (MissionAction), the same data as before the split, and
an action the bot never makes does not unpack (the fallback answers "no longer active")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from bot.domain.enums import AssignmentStatus, MissionStatus
from bot.domain.missions import AssignmentView, MissionCounts, MissionView, count_current
from bot.i18n import create_i18n
from bot.ui.callbacks import (
    ASSIGN_SEARCH_BYTES,
    AssignAction,
    AssignSearchCB,
    MissionAction,
    MissionCB,
)
from bot.ui.missions import PAGE, acknowledge_keyboard, counts_text, missions_list

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("en"):
        yield


def _mission(mission_id: int, status: MissionStatus = MissionStatus.CONFIRMED) -> MissionView:
    return MissionView(
        id=mission_id,
        code=f"MG-{mission_id}",
        title=f"Mission {mission_id}",
        country="MG",
        place="Toamasina",
        start_date=dt.date(2026, 12, mission_id),
        end_date=dt.date(2026, 12, mission_id + 2),
        project=None,
        role=None,
        supervisor_name=None,
        supervisor_handle=None,
        notes=None,
        status=status,
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


def _buttons(markup: object) -> list[tuple[str, str]]:
    rows = getattr(markup, "inline_keyboard", [])
    return [(button.text, button.callback_data) for row in rows for button in row]


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (MissionCB(a=MissionAction.OPEN, m=12, p=1), "ms:open:12:1"),
        (MissionCB(a=MissionAction.ACK, m=12), "ms:ack:12:0"),
        (MissionCB(a=MissionAction.PAGE, p=2), "ms:page:0:2"),
        (MissionCB(a=MissionAction.PAST), "ms:past:0:0"),
    ],
)
def test_each_action_packs_as_before_and_round_trips(button: MissionCB, data: str) -> None:
    assert button.pack() == data
    assert MissionCB.unpack(data) == button


@pytest.mark.parametrize("data", ["ms:delete:12:0", "ms::12:0", "ms:OPEN:12:0"])
def test_an_action_the_bot_never_makes_does_not_unpack(data: str) -> None:
    with pytest.raises(ValueError, match="validation error"):
        MissionCB.unpack(data)


def test_a_first_page_of_several_offers_the_later_ones_and_past() -> None:
    """Upcoming missions run soonest first: the next page holds later ones, not "older"."""
    missions = [_mission(n) for n in range(1, PAGE + 1)]
    text, markup = missions_list(missions, 0, PAGE + 1, False, "en")
    assert text == "Your current and upcoming missions:"
    buttons = _buttons(markup)
    assert buttons[0] == ("Dec 1, 2026 · \u2068Mission 1\u2069", "ms:open:1:0")
    # "Next ›" turns from the last mission shown (5), to page 1 should it be gone.
    assert buttons[PAGE:] == [("Next ›", "ms:next:5:1"), ("Past missions", "ms:past:0:0")]
    _text, later = missions_list([_mission(6)], PAGE, PAGE + 1, False, "en")
    assert _buttons(later)[1:] == [("‹ Previous", "ms:prev:6:0"), ("Past missions", "ms:past:0:0")]


def test_a_missions_date_on_its_button_reads_one_way_only() -> None:
    """English short dates are month first ("12/8/26"): volunteers in most countries read the
    8th of December as the 12th of August. The month is a word in English, and the year has
    its four digits in every language."""
    _text, markup = missions_list([_mission(8)], 0, 1, False, "en")
    assert _buttons(markup)[0][0].startswith("Dec 8, 2026 · ")
    _text, markup = missions_list([_mission(8)], 0, 1, False, "fr")
    assert _buttons(markup)[0][0].startswith("08/12/2026 · ")


def test_a_later_page_of_past_missions_turns_within_the_past() -> None:
    text, markup = missions_list([_mission(1)], PAGE, PAGE + 1, True, "en")
    assert text == "Your past missions:"
    assert _buttons(markup)[1:] == [("‹ Newer", "ms:newer:1:0")]


@pytest.mark.parametrize(
    ("past", "expected"),
    [(False, "You have no current or upcoming mission."), (True, "You have no past missions.")],
)
def test_no_mission_is_said_and_past_ones_are_offered(past: bool, expected: str) -> None:
    text, markup = missions_list([], 0, 0, past, "en")
    assert text == expected
    assert _buttons(markup) == ([] if past else [("Past missions", "ms:past:0:0")])
    assert markup is not None or past


def test_acknowledge_is_offered_until_done_and_never_for_a_cancelled_mission() -> None:
    # The button carries the version of the mission its card shows (1 here).
    assert _buttons(acknowledge_keyboard(_mission(3), False)) == [("✅ Acknowledge", "ms:ack:3:1")]
    assert _buttons(acknowledge_keyboard(_mission(3), True)) == []
    cancelled = _mission(3, MissionStatus.CANCELLED)
    assert _buttons(acknowledge_keyboard(cancelled, False)) == []
    # Completed (early, or its end not yet reached): nothing to acknowledge either; the
    # button was offered, then refused ("no longer planned").
    completed = _mission(3, MissionStatus.COMPLETED)
    assert _buttons(acknowledge_keyboard(completed, False)) == []


def _assigned(mission: MissionView, acknowledged: bool = False) -> AssignmentView:
    return AssignmentView(
        id=mission.id,
        mission_id=mission.id,
        volunteer_user_id=1,
        volunteer_telegram_id=4001,
        invite_id=None,
        status=AssignmentStatus.ASSIGNED,
        acknowledged_at=NOW if acknowledged else None,
        created_at=NOW,
    )


def test_a_volunteers_missions_are_counted_on_their_local_date() -> None:
    """On 4 December: mission 1 ended on the 3rd, 3 and 4 are under way (4 from today), 6 and
    7 are to come, 8 is cancelled; 3 and 6 are acknowledged."""
    views = [_mission(n) for n in (1, 3, 4, 6, 7)] + [_mission(8, MissionStatus.CANCELLED)]
    acknowledged = {3, 6}
    counts = count_current(
        [(view, _assigned(view, view.id in acknowledged)) for view in views], dt.date(2026, 12, 4)
    )
    assert counts == MissionCounts(under_way=2, upcoming=2, cancelled=1, unacknowledged=2)


def test_the_heading_says_how_many_of_each_and_leaves_out_what_there_is_none_of() -> None:
    counts = MissionCounts(under_way=1, upcoming=4, cancelled=1, unacknowledged=2)
    text, _markup = missions_list([_mission(1)], 0, 6, False, "en", counts)
    assert text == (
        "Your current and upcoming missions:\n"
        "1 mission under way, 4 upcoming missions, and 1 cancelled mission\n"
        "2 missions not yet acknowledged"
    )
    assert counts_text(MissionCounts(upcoming=1), "en") == "1 upcoming mission"
    assert counts_text(MissionCounts(under_way=2, unacknowledged=1), "en") == (
        "2 missions under way\n1 mission not yet acknowledged"
    )
    assert counts_text(MissionCounts(), "en") == ""


@pytest.mark.parametrize("words", ["x" * ASSIGN_SEARCH_BYTES, "é" * (ASSIGN_SEARCH_BYTES // 2)])
def test_a_mission_picked_on_a_search_fits_telegrams_64_bytes(words: str) -> None:
    """The pick of /unassign's search, the longest: the largest id and the longest words."""
    button = AssignSearchCB(a=AssignAction.UNASSIGN_MISSION, m=2**31 - 1, w=words)
    assert len(button.pack().encode()) == 62
    assert AssignSearchCB.unpack(button.pack()) == button
