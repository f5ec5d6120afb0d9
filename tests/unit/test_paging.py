"""Where a page turn starts (bot.domain.paging), shared by /people, /reports, /missions,
/assign and /unassign."""

from __future__ import annotations

from bot.domain.paging import position_of, turned_start, within


def test_a_turn_starts_next_to_its_anchor_wherever_it_now_is() -> None:
    assert turned_start(9, True, 1, 10) == 10  # just after the last one shown
    assert turned_start(12, True, 1, 10) == 13  # three were added before it meanwhile
    assert turned_start(12, False, 0, 10) == 2  # a page before the first one shown
    assert turned_start(4, False, 0, 10) == 0  # never before the start


def test_a_turn_whose_anchor_left_the_list_goes_to_the_page_it_meant() -> None:
    assert turned_start(None, True, 2, 10) == 20
    assert position_of([3, 5, 8], 5) == 1
    assert position_of([3, 5, 8], 4) is None


def test_a_start_past_the_end_is_the_last_page() -> None:
    assert within(30, 23, 10) == 20
    assert within(13, 23, 10) == 13
    assert within(5, 0, 10) == 5
