"""Telegram's `initData`: who opened the Mini App, signed by Telegram with the bot's token.

Every API call of the page carries the initData string Telegram gave it. It is checked here
as Telegram specifies (HMAC-SHA256 keyed with the bot token, through aiogram's
`safe_parse_webapp_init_data`) and refused when older than the configured age: a forged
string, one signed for another bot or one replayed long after fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiogram.utils.web_app import safe_parse_webapp_init_data

# Telegram's clock and ours may differ a little: an auth_date this far in the future is fine.
CLOCK_SKEW = dt.timedelta(seconds=60)


class AuthError(Exception):
    """initData that does not sign a user in; `reason` is a short code for the audit log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InitData:
    """What a valid initData says about the person who opened the page."""

    telegram_id: int
    language_code: str | None
    auth_date: dt.datetime


def validate_init_data(
    token: str, init_data: str, *, max_age: dt.timedelta, now: dt.datetime
) -> InitData:
    """The signed-in user, or AuthError ("missing", "signature", "no_user", "expired")."""
    if not init_data:
        raise AuthError("missing")
    try:
        parsed = safe_parse_webapp_init_data(token, init_data)
    except ValueError:  # a bad signature, or a signed string that is not initData
        raise AuthError("signature") from None
    if parsed.user is None:
        raise AuthError("no_user")
    auth_date = parsed.auth_date
    if auth_date.tzinfo is None:
        auth_date = auth_date.replace(tzinfo=dt.UTC)
    if now - auth_date > max_age or auth_date - now > CLOCK_SKEW:
        raise AuthError("expired")
    return InitData(
        telegram_id=parsed.user.id,
        language_code=parsed.user.language_code,
        auth_date=auth_date,
    )


def sign_init_data(
    token: str, *, user: Mapping[str, Any], auth_date: dt.datetime, query_id: str = "AAF"
) -> str:
    """initData as Telegram builds it for `user` (the sandbox, the demo and the tests)."""
    fields = {
        "auth_date": str(int(auth_date.timestamp())),
        "query_id": query_id,
        "user": json.dumps(dict(user), separators=(",", ":"), ensure_ascii=False),
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)
