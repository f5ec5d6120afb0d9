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
from urllib.parse import parse_qsl, urlencode

from aiogram.utils.web_app import safe_parse_webapp_init_data

# Telegram's clock and ours may differ a little: an auth_date this far in the future is fine.
CLOCK_SKEW = dt.timedelta(seconds=60)


class AuthError(Exception):
    """initData that does not sign a user in; `reason` is a short code for the audit log.

    `telegram_id`: who it was signed for, when the signature holds (an expired page);
    `language_code`: the language it claims, signed or not (it only picks a refusal's words).
    """

    def __init__(
        self, reason: str, *, telegram_id: int | None = None, language_code: str | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.telegram_id = telegram_id
        self.language_code = language_code


def claimed_language(init_data: str) -> str | None:
    """The user's language_code as the string says it, unverified: words for a refusal only."""
    try:
        fields = dict(parse_qsl(init_data))
        user = json.loads(fields.get("user", "{}"))
    except (ValueError, RecursionError):
        return None
    code = user.get("language_code") if isinstance(user, dict) else None
    return code[:16] if isinstance(code, str) else None


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
        raise AuthError("signature", language_code=claimed_language(init_data)) from None
    if parsed.user is None:
        raise AuthError("no_user")
    auth_date = parsed.auth_date
    if auth_date.tzinfo is None:
        auth_date = auth_date.replace(tzinfo=dt.UTC)
    if now - auth_date > max_age or auth_date - now > CLOCK_SKEW:
        user = parsed.user
        raise AuthError("expired", telegram_id=user.id, language_code=user.language_code)
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
