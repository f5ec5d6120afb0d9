"""The pure parts of the data layer: codes, hashes, views, time, FSM keys."""

from __future__ import annotations

import enum
import hashlib
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import make_url
from sqlalchemy.dialects import sqlite

from bot.domain.clock import utcnow
from bot.domain.enums import OVERSEERS, REPORTERS, Role
from bot.domain.people import UserView
from bot.domain.scope import EVERYWHERE, NOWHERE, Scope
from models.base import UTCDateTime
from models.fsm import _json_data
from models.fsm_records import storage_key_string
from models.queries import hash_invite_code, is_invite_code_shaped, new_invite_code
from tests.factories import person


def _user(grants: dict[Role, Scope] | None = None) -> UserView:
    return person(
        telegram_id=42,
        display_name="Alice",
        language=None,
        telegram_language="fr",
        roles=grants,
    )


HT_SN = Scope(("HT", "SN"), all_countries=False)


def test_invite_code_hash_is_sha256_hex() -> None:
    assert hash_invite_code("abc") == hashlib.sha256(b"abc").hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", hash_invite_code("x"))
    assert hash_invite_code("abc") != hash_invite_code("abd")


def test_new_codes_fit_a_deep_link_and_do_not_repeat() -> None:
    codes = {new_invite_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", code)
        assert is_invite_code_shaped(code)


@pytest.mark.parametrize("code", ["", "a b", "a" * 65, "é", "abc=", "../etc"])
def test_strings_that_cannot_be_a_deep_link_are_not_codes(code: str) -> None:
    assert not is_invite_code_shaped(code)


def test_a_user_with_a_role_is_known() -> None:
    stranger = _user()
    manager = _user({Role.MANAGER: HT_SN})
    assert not stranger.is_known()
    assert manager.is_known()
    assert manager.has_role(Role.MANAGER)
    assert not manager.has_role(Role.ADMIN)
    assert manager.roles == frozenset({Role.MANAGER})


def test_each_role_has_its_own_countries() -> None:
    user = _user({Role.FIELD_STAFF: HT_SN, Role.VOLUNTEER: EVERYWHERE})
    reporting = user.scope(*REPORTERS)
    assert reporting.covers("HT")
    assert reporting.covers("sn")
    assert not reporting.covers("NE")  # the volunteer's "all" does not widen reporting
    assert user.scope(*OVERSEERS) == NOWHERE  # no overseeing role at all
    assert user.scope(Role.VOLUNTEER).covers("NE")
    assert user.any_scope.all_countries


def test_a_check_joins_the_scopes_of_the_roles_that_grant_it() -> None:
    niger = Scope(("NE",), all_countries=False)
    admin_and_staff = _user({Role.FIELD_STAFF: HT_SN, Role.ADMIN: niger})
    assert admin_and_staff.scope(*REPORTERS) == Scope(("HT", "NE", "SN"), all_countries=False)
    assert admin_and_staff.scope(*OVERSEERS) == niger


def test_utcnow_is_aware_utc() -> None:
    now = utcnow()
    assert now.tzinfo is UTC


def test_utc_datetime_stores_utc_and_loads_aware() -> None:
    column = UTCDateTime()
    haiti = timezone(timedelta(hours=-5))
    local = datetime(2025, 3, 10, 4, 0, tzinfo=haiti)

    lite = column.process_bind_param(local, sqlite.dialect())
    assert lite == datetime(2025, 3, 10, 9, 0)  # UTC wall time, as SQLite stores it
    assert column.process_result_value(lite, sqlite.dialect()) == local
    loaded = column.process_result_value(lite, sqlite.dialect())
    assert loaded is not None
    assert loaded.tzinfo is UTC

    pg = column.process_bind_param(local, make_url("postgresql+asyncpg://").get_dialect()())
    assert pg == local
    assert pg is not None
    assert pg.tzinfo is UTC
    assert column.process_bind_param(None, sqlite.dialect()) is None


def test_utc_datetime_refuses_naive_values() -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2025, 1, 1), sqlite.dialect())


def test_storage_keys_are_distinct_for_every_field() -> None:
    base = StorageKey(bot_id=1, chat_id=2, user_id=3)
    variants = [
        base,
        StorageKey(bot_id=9, chat_id=2, user_id=3),
        StorageKey(bot_id=1, chat_id=2, user_id=3, thread_id=4),
        StorageKey(bot_id=1, chat_id=2, user_id=3, business_connection_id="b:c"),
        StorageKey(bot_id=1, chat_id=2, user_id=3, destiny="scene"),
        StorageKey(bot_id=1, chat_id=3, user_id=2),
    ]
    assert len({storage_key_string(key) for key in variants}) == len(variants)
    assert storage_key_string(base) == storage_key_string(StorageKey(1, 2, 3))


class _Colour(enum.StrEnum):
    RED = "red"


class _Size(enum.IntEnum):
    BIG = 3


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"answers": {"women": 12, "men": 3.5, "ok": True, "note": None, "ages": (5, 9)}},
        {"runs": [{"day": "2026-11-30", "hours": [1, 2]}, ("a", ("b", []))]},
        {"colour": _Colour.RED, "size": _Size.BIG, "nested": {"list": [_Colour.RED]}},
        {"keys": {7: "int", 2.5: "float", True: "bool", None: "none", "s": "str"}},
        {"big": 10**20, "emoji": "🙂", "rtl": "مرحبا"},
    ],
)
def test_fsm_data_reads_back_exactly_as_a_json_round_trip_gives_it(data: dict[str, Any]) -> None:
    copied = _json_data(data)
    assert copied == json.loads(json.dumps(data))
    assert type(copied.get("colour", "")) is str  # an enum is stored as its value


def test_fsm_data_shares_no_object_with_what_the_caller_keeps() -> None:
    inner = {"a": [1, 2]}
    copied = _json_data({"inner": inner})
    copied["inner"]["a"].append(3)
    assert inner == {"a": [1, 2]}


def test_fsm_data_that_refers_to_itself_is_refused_as_not_json() -> None:
    looped: dict[str, Any] = {}
    looped["self"] = looped
    with pytest.raises(TypeError, match="JSON-serialisable"):
        _json_data(looped)
