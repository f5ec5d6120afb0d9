"""An admin gives only the countries of their own admin role (bot/domain/grants.py)."""

from __future__ import annotations

import pytest

from bot.domain.enums import Role
from bot.domain.grants import may_grant
from bot.domain.scope import EVERYWHERE, Scope
from tests.factories import person

HT_NE = Scope(("HT", "NE"), all_countries=False)


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        (Scope(("HT",), all_countries=False), True),
        (HT_NE, True),
        (Scope(("HT", "CA"), all_countries=False), False),
        (Scope(("CA",), all_countries=False), False),
        (EVERYWHERE, False),
    ],
)
def test_an_admin_of_some_countries_gives_only_those(scope: Scope, allowed: bool) -> None:
    admin = person(roles={Role.ADMIN: ["HT", "NE"]})
    assert may_grant(admin, scope) is allowed


@pytest.mark.parametrize("scope", [HT_NE, Scope(("CA",), all_countries=False), EVERYWHERE])
def test_an_admin_of_all_countries_gives_any(scope: Scope) -> None:
    assert may_grant(person(roles={Role.ADMIN: EVERYWHERE}), scope)


def test_only_the_admin_role_counts() -> None:
    """A manager of Canada who is an admin of Haiti gives Haiti, not Canada."""
    admin = person(roles={Role.ADMIN: ["HT"], Role.MANAGER: ["CA"]})
    assert may_grant(admin, Scope(("HT",), all_countries=False))
    assert not may_grant(admin, Scope(("CA",), all_countries=False))
