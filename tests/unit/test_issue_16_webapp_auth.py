"""Issue 16: the Mini App's initData is checked as Telegram specifies, with a maximum age."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.webapp.auth import AuthError, sign_init_data, validate_init_data

TOKEN = "123456:AAbbccddeeffgghhiijjkkllmmnnooppqqr"
OTHER_BOT = "654321:ZZyyxxwwvvuuttssrrqqppoonnmmllkkjji"
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
USER = {"id": 42, "first_name": "Amina", "language_code": "ar"}


def signed(age: dt.timedelta = dt.timedelta(minutes=5), token: str = TOKEN) -> str:
    return sign_init_data(token, user=USER, auth_date=NOW - age)


def reason(init_data: str, max_age: dt.timedelta = HOUR) -> str:
    with pytest.raises(AuthError) as refused:
        validate_init_data(TOKEN, init_data, max_age=max_age, now=NOW)
    return refused.value.reason


def test_a_fresh_init_data_signs_the_user_in() -> None:
    init = validate_init_data(TOKEN, signed(), max_age=HOUR, now=NOW)
    assert init.telegram_id == 42
    assert init.language_code == "ar"
    assert init.auth_date == NOW - dt.timedelta(minutes=5)


def test_init_data_signed_for_another_bot_is_refused() -> None:
    assert reason(signed(token=OTHER_BOT)) == "signature"


def test_a_changed_user_id_breaks_the_signature() -> None:
    fields = dict(parse_qsl(signed()))
    fields["user"] = fields["user"].replace('"id":42', '"id":43')
    assert reason(urlencode(fields)) == "signature"


def test_init_data_without_a_hash_or_not_a_query_string_is_refused() -> None:
    fields = dict(parse_qsl(signed()))
    del fields["hash"]
    assert reason(urlencode(fields)) == "signature"
    assert reason("%%%not-a-query") == "signature"
    assert reason("") == "missing"


def test_init_data_older_than_the_maximum_age_is_refused() -> None:
    assert reason(signed(age=HOUR + dt.timedelta(seconds=1))) == "expired"
    validate_init_data(TOKEN, signed(age=HOUR - dt.timedelta(seconds=1)), max_age=HOUR, now=NOW)


def test_init_data_from_the_future_is_refused_beyond_a_little_clock_skew() -> None:
    validate_init_data(TOKEN, signed(age=-dt.timedelta(seconds=30)), max_age=HOUR, now=NOW)
    assert reason(signed(age=-dt.timedelta(minutes=10))) == "expired"


def test_signed_init_data_without_a_user_is_refused() -> None:
    fields = {"auth_date": str(int(NOW.timestamp())), "query_id": "AAF"}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    import hashlib
    import hmac

    secret = hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    assert reason(urlencode(fields)) == "no_user"


def test_refusals_are_audited_once_per_kind_and_client_per_minute() -> None:
    from bot.webapp.server import RefusalLog

    log = RefusalLog()
    assert log.first(("expired", "10.0.0.1", None), 0.0)
    assert not log.first(("expired", "10.0.0.1", None), 30.0)
    assert log.first(("signature", "10.0.0.1", None), 30.0)
    assert log.first(("expired", "10.0.0.2", None), 30.0)
    assert log.first(("expired", "10.0.0.1", None), 61.0)
