"""Issue 13, observation 10: numbers in callback data are bounded where they are parsed."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import annotated_types
import pytest
from aiogram.filters.callback_data import CallbackData
from pydantic import BeforeValidator

import handlers
from bot.ui.callbacks import (
    AssignCB,
    DigestCB,
    DigestTimeCB,
    InviteExpiryCB,
    MissionCB,
    ReportsCB,
)


def _all_callback_data() -> list[type[CallbackData]]:
    for module in pkgutil.iter_modules(handlers.__path__):
        importlib.import_module(f"handlers.{module.name}")
    assert issubclass(DigestCB, CallbackData)  # defined outside handlers/
    found: list[type[CallbackData]] = []
    pending = list(CallbackData.__subclasses__())
    while pending:
        kind = pending.pop()
        pending.extend(kind.__subclasses__())
        if kind.__module__.startswith(("handlers.", "scheduler.", "bot.")):
            found.append(kind)
    return found


def test_every_int_field_of_every_callback_data_is_bounded_both_ways() -> None:
    kinds = _all_callback_data()
    assert {MissionCB, AssignCB, ReportsCB, DigestTimeCB, InviteExpiryCB} <= set(kinds)
    for kind in kinds:
        for name, field in kind.model_fields.items():
            if field.annotation is not int:
                continue
            lower = [m for m in field.metadata if isinstance(m, annotated_types.Ge)]
            upper = [m for m in field.metadata if isinstance(m, annotated_types.Le)]
            assert lower, f"{kind.__name__}.{name} has no lower bound"
            assert upper, f"{kind.__name__}.{name} has no upper bound"
            # ... and only the canonical digits our own buttons carry are read as a number.
            assert any(isinstance(m, BeforeValidator) for m in field.metadata), name


@pytest.mark.parametrize(
    "data",
    [
        "ms:open:" + "9" * 30 + ":0",
        f"ms:open:{2**63}:0",
        f"ms:open:{2**31}:0",
        "ms:open:-1:0",
        "ms:open:nan:0",
        "ms:open:inf:0",
        "ms:open:1e3:0",
        "ms:open:0x10:0",
        "ms:open:1_0:0",
        "ms:open: 1:0",
        "ms:open:+1:0",
        "ms:open:1.0:0",
        "ms:open:007:0",
        "ms:open:١:0",  # an Arabic-Indic digit: int() would take it
        "ms:page:0:10001",
        "dgt:7:-1",
        "dgt:-2:-1",
        "dgt:0:24",
        "inv_exp:0",
        "inv_exp:367",
        "as:mission:1:" + "9" * 19 + ":0",
        "as:mpage:0:0:10001",  # a page beyond any list
        "rv:page:m:-1:",
    ],
)
def test_an_out_of_range_or_odd_number_does_not_unpack(data: str) -> None:
    kind: Any = {"ms": MissionCB, "dgt": DigestTimeCB, "inv_exp": InviteExpiryCB}.get(
        data.split(":")[0], AssignCB if data.startswith("as:") else ReportsCB
    )
    # The filter's "not this button": CallbackData.unpack raising ValueError (pydantic's).
    with pytest.raises(ValueError, match="validation error"):
        kind.unpack(data)


@pytest.mark.parametrize(
    "button",
    [
        MissionCB(a="open", m=2**31 - 1, p=10_000),
        MissionCB(a="page"),
        AssignCB(a="volunteer", m=12, u=345),
        DigestTimeCB(),
        DigestTimeCB(d=6, h=23),
        InviteExpiryCB(days=30),
        ReportsCB(a="open", p=3, r="ab" * 16),
    ],
)
def test_the_buttons_the_bot_makes_still_round_trip(button: CallbackData) -> None:
    assert type(button).unpack(button.pack()) == button
