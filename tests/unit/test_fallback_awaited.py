"""Every step that waits for typed words has its own line for what is awaited, when a photo,
a location, a sticker or a colleague's forward comes instead (bot.ui.forms.AWAITED, read by
state name; a report form asks its question again itself)."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup

from bot.ui.forms import AWAITED
from bot.usecases.drafts import ReportFlow
from handlers import admin, common, indicators, missions, people, report_views


def test_every_side_flow_step_says_what_it_waits_for() -> None:
    steps = {
        value.state
        for module in (admin, common, indicators, missions, people, report_views)
        for group in vars(module).values()
        if isinstance(group, type) and hasattr(group, "__all_states__") and group is not ReportFlow
        for value in group.__all_states__
        if isinstance(value, State)
    }
    assert steps  # the states were found
    assert steps <= set(AWAITED)


def test_every_side_flow_but_the_time_zone_names_its_roles() -> None:
    """bot.ui.forms.FLOW_ROLES names state groups as strings: one renamed, or a new side flow
    of some roles only, would outlive a revocation of them unseen."""
    from bot.ui.forms import FLOW_ROLES

    groups = {
        group.__name__
        for module in (admin, common, indicators, missions, people, report_views)
        for group in vars(module).values()
        if isinstance(group, type)
        and issubclass(group, StatesGroup)
        and group not in (StatesGroup, ReportFlow)
    }
    assert set(FLOW_ROLES) == groups - {"SettingsForm"}  # a time zone: anyone's
