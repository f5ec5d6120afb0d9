"""Application settings: environment variables with the FIELDBOT_ prefix, or a .env file."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The sandbox accepts any well-formed token; this one is only ever used offline.
SANDBOX_TOKEN = "123456789:SANDBOX-fieldbot-offline-token-00000"  # noqa: S105
DEFAULT_SQLITE_URL = "sqlite+aiosqlite:///var/fieldbot.db"


class BotSection(BaseModel):
    """How to reach the Bot API."""

    token: SecretStr = SecretStr(SANDBOX_TOKEN)
    # None means Telegram itself; set it to a sandbox or a local Bot API server.
    api_base: str | None = None
    # The bot's @username for invitation links; asked from the Bot API (getMe) when unset.
    username: str | None = None
    request_timeout: float = Field(default=30.0, gt=0)
    # Bot API calls that fail with 429, 5xx or a timeout are retried this many times.
    max_retries: int = Field(default=5, ge=0)
    max_backoff: float = Field(default=30.0, ge=0)

    @field_validator("api_base")
    @classmethod
    def _api_base(cls, value: str | None) -> str | None:
        # "127.0.0.1:8081" (no scheme) used to start, then retry getMe for a minute.
        if value is None or not value.strip():
            return None
        parsed = urlsplit(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(
                "must be an http:// or https:// address, e.g. http://127.0.0.1:8081 for the "
                "sandbox (empty: Telegram itself)"
            )
        return value.strip()

    @field_validator("token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        # @BotFather's shape, "123456789:AAE…"; the token itself is never quoted back.
        if not re.fullmatch(r"[0-9]+:[A-Za-z0-9_-]+", value.get_secret_value().strip()):
            raise ValueError("is not a bot token (digits, a colon, then letters: @BotFather's)")
        return SecretStr(value.get_secret_value().strip())


class DatabaseSection(BaseModel):
    url: str = DEFAULT_SQLITE_URL
    echo: bool = False
    busy_timeout_ms: int = Field(default=5000, ge=0)


class WebhookSection(BaseModel):
    """`fieldbot run --webhook`: where to listen and what to tell Telegram."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    path: str = "/telegram/webhook"
    # The public HTTPS URL Telegram posts to (setWebhook); None leaves the webhook as it is.
    public_url: str | None = None
    secret_token: SecretStr | None = None

    @field_validator("public_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        return _https_url(value, "Telegram posts webhooks to HTTPS addresses only")

    @field_validator("secret_token")
    @classmethod
    def _secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for setWebhook; the secret itself is never quoted back.
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError(
                "must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)"
            )
        return value

    @field_validator("path")
    @classmethod
    def _absolute(cls, value: str) -> str:
        # aiohttp refuses a route without it, with a traceback at start.
        if not value.startswith("/"):
            raise ValueError("must start with /, e.g. /telegram/webhook")
        return value


class WebAppSection(BaseModel):
    """The Telegram Mini App (bot/webapp): the one-screen report form and the indicators
    dashboard. Served next to the webhook (`fieldbot run --webhook`), or by a web server of its
    own on `host`:`port` in polling mode; off while `public_url` is None."""

    # The HTTPS address Telegram opens (behind the reverse proxy), e.g.
    # https://bot.example.org/webapp/ ; None: no Mini App, /report offers only the chat form.
    public_url: str | None = None
    # Polling mode only: where the Mini App's own web server listens.
    host: str = "127.0.0.1"
    port: int = Field(default=8090, ge=0, le=65535)
    # A page older than this (Telegram's auth_date in initData) must be opened again.
    max_init_data_age: int = Field(default=3600, gt=0)

    @field_validator("public_url")
    @classmethod
    def _https(cls, value: str | None) -> str | None:
        # An http:// address made every /report fail: Telegram refuses a Web App button to it.
        return _https_url(value, "Telegram opens Mini Apps from HTTPS addresses only")


def _https_url(value: str | None, why: str) -> str | None:
    """A public address Telegram uses: https://host/..., or None (not set). http:// is left to
    this machine's own addresses (the offline sandbox, `make demo`), which Telegram never sees."""
    if value is None or not value.strip():
        return None
    parsed = urlsplit(value.strip())
    local = parsed.scheme == "http" and parsed.hostname in ("127.0.0.1", "localhost", "::1")
    if not parsed.hostname or (parsed.scheme != "https" and not local):
        raise ValueError(f"must be an https:// address ({why}), not {value!r}")
    return value.strip()


class OutboxSection(BaseModel):
    """The outbox sender (scheduler/outbox.py): Telegram's limits, and what a crash can repeat."""

    # About 30 messages/s overall and 1/s per chat; with several senders, give each its share.
    global_per_second: float = Field(default=30.0, gt=0)
    per_chat_per_second: float = Field(default=1.0, gt=0)
    # Calls in flight, and so claimed rows held, at once; None: enough to fill the global rate.
    concurrency: int | None = Field(default=None, ge=1)
    # A claimed row's lease, renewed while the row waits; a crashed sender's rows are sent
    # again by another sender (or after a restart) once their lease has run out.
    lease_seconds: float = Field(default=60.0, gt=0)
    # A message Telegram cannot take (5xx, timeouts, the network down) is tried again, less
    # and less often (every 5 min at most), for this long: an outage of hours is waited out.
    retry_for_seconds: float = Field(default=86_400.0, gt=0)
    max_attempts: int = Field(default=400, ge=1)


class ImportLimits(BaseModel):
    """`fieldbot reports import` and `missions import`: a bigger file is refused, by its size
    before anything is read, by its rows as soon as one too many is read."""

    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    max_rows: int = Field(default=50_000, gt=0)  # non-blank rows under the header


class HealthSection(BaseModel):
    """/healthz, /readyz and /metrics (bot.health). The webhook server always serves them; in
    polling and `fieldbot scheduler` modes a small server of their own does, when `port` is set."""

    host: str = "127.0.0.1"
    port: int | None = Field(default=None, ge=0, le=65535)  # None: no health server
    # Not ready when a due outbox message has waited longer than this (the sender is stuck).
    outbox_max_age_seconds: float = Field(default=900.0, gt=0)


class LeaderSection(BaseModel):
    """Several workers on PostgreSQL: the advisory lock that names the one scheduler
    (scheduler/leader.py)."""

    # The leader checks its lock's connection this often, and stops its scheduler at once
    # when the lock is lost; a new leader waits twice this long before starting its own.
    check_seconds: float = Field(default=5.0, gt=0)
    # A worker without the lock tries to take it this often.
    retry_seconds: float = Field(default=15.0, gt=0)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ThrottleSection(BaseModel):
    """How many invitation attempts and messages one account, and everybody together, may send
    (bot/throttle.py). Beyond a limit the sender gets one polite message, then silence until the
    window has passed; 0 turns a limit off."""

    # Wrong invitation codes (a right code is not counted), per account and per window.
    invite_per_account: int = Field(default=5, ge=0)
    invite_account_window_minutes: float = Field(default=10, gt=0)
    # Wrong invitation codes from everybody together, per minute.
    invite_global_per_minute: int = Field(default=30, ge=0)
    # Messages (typed answers, commands, anything but button taps) per account per minute.
    messages_per_account_per_minute: int = Field(default=20, ge=0)
    # Messages from everybody together per minute; beyond it only people without a role are
    # refused (staff are never silenced by somebody else's flood).
    messages_global_per_minute: int = Field(default=600, ge=0)


class RetentionSection(BaseModel):
    """What the daily retention job forgets, and when (scheduler/jobs.py, models/retention.py);
    processed update ids follow `dedupe_window_hours`. The audit log is kept."""

    # A sent (or failed, or blocked) outbox message keeps its row and loses its payload (the
    # text, a chart) this many days after it was sent.
    outbox_payload_days: int = Field(default=30, ge=1)
    # An invitation is deleted this many days after it expired or was revoked (until then a
    # late click is told "expired", after it "not valid").
    invite_days: int = Field(default=30, ge=0)
    # Rows changed per short transaction (the write lock is held for one batch at a time):
    # update ids and invitations, and outbox payloads (up to ~60 KB each, so fewer).
    batch_size: int = Field(default=200, ge=1)
    outbox_batch_size: int = Field(default=20, ge=1)


class Settings(BaseSettings):
    """All configuration, read once at start-up (nothing is created at import time)."""

    model_config = SettingsConfigDict(
        env_prefix="FIELDBOT_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    bot: BotSection = Field(default_factory=BotSection)
    db: DatabaseSection = Field(default_factory=DatabaseSection)
    webhook: WebhookSection = Field(default_factory=WebhookSection)
    webapp: WebAppSection = Field(default_factory=WebAppSection)
    outbox: OutboxSection = Field(default_factory=OutboxSection)
    throttle: ThrottleSection = Field(default_factory=ThrottleSection)
    retention: RetentionSection = Field(default_factory=RetentionSection)
    redis_url: str | None = None
    default_locale: str = "en"
    health: HealthSection = Field(default_factory=HealthSection)
    leader: LeaderSection = Field(default_factory=LeaderSection)
    log_level: str = "INFO"  # DEBUG, INFO, WARNING, ERROR or CRITICAL
    # "text": one readable line per record; "json": one JSON object per line (log collectors).
    log_format: Literal["text", "json"] = "text"
    # How long processed update ids are remembered (Telegram keeps updates for 24 h: a shorter
    # window would let a redelivered update be handled twice).
    dedupe_window_hours: int = Field(default=48, ge=24)
    # Extra regular expressions that free-text answers must not match (besides phone numbers,
    # e-mail addresses and ID-like numbers), e.g. a national ID format: '["[A-Z]{2}\\d{7}"]'.
    pii_patterns: list[str] = Field(default_factory=list)
    # The strategic plan (indicators, targets, period); None means the plan shipped with the bot.
    plan_file: Path | None = None
    imports: ImportLimits = Field(default_factory=ImportLimits)
    # Weekly digest and reminders (see scheduler/). A manager's own choice in /settings wins.
    digest_when_on_track: bool = True  # send the one-line "all on track" digest; False: skip
    digest_weekday: int = Field(default=0, ge=0, le=6)  # 0 = Monday, in the manager's time zone
    digest_hour: int = Field(default=8, ge=0, le=23)
    silent_country_days: int = Field(default=30, ge=1)
    reminder_quiet_days: int = Field(default=14, ge=1)
    # Sent with protect_content (no forwarding, no saving); False lets a manager forward it.
    digest_protect_content: bool = False
    # False when a separate `fieldbot scheduler` process runs the jobs for several workers.
    scheduler_in_process: bool = True

    @field_validator("redis_url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if urlsplit(value.strip()).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must be a redis://, rediss:// or unix:// address")
        return value.strip()

    @field_validator("plan_file")
    @classmethod
    def _plan_file(cls, value: Path | None) -> Path | None:
        if value is not None and not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return level

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_format(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        from bot.domain.languages import SUPPORTED_LOCALES

        locale = value.strip()
        if locale not in SUPPORTED_LOCALES:
            raise ValueError(
                f"{locale!r} has no catalog; use one of {', '.join(SUPPORTED_LOCALES)}"
            )
        return locale

    @field_validator("pii_patterns")
    @classmethod
    def _compilable(cls, patterns: list[str]) -> list[str]:
        for number, pattern in enumerate(patterns, start=1):
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(
                    f"pattern {number} ({pattern!r}) is not a valid regular expression: {error}"
                ) from None
        return patterns


def setting_names() -> tuple[list[str], list[str]]:
    """Every variable Settings reads: the settings themselves (FIELDBOT_X and
    FIELDBOT_SECTION__FIELD), and the sections, read whole as JSON (FIELDBOT_BOT='{...}')."""
    settings, sections = [], []
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and issubclass(section, BaseModel):
            sections.append(f"FIELDBOT_{name.upper()}")
            settings += [f"FIELDBOT_{name.upper()}__{sub.upper()}" for sub in section.model_fields]
        else:
            settings.append(f"FIELDBOT_{name.upper()}")
    return settings, sections


def unknown_variables(names: Iterable[str]) -> list[str]:
    """One line for each FIELDBOT_ name (from the environment or .env) that no setting reads,
    with the setting it most likely meant: a typo (FIELDBOT_DB_URL) was silently ignored, and
    the bot ran on the default database or the sandbox token. FIELDBOT_TEST_* are the tests'."""
    settings, sections = setting_names()
    lines = []
    for name in sorted({name.upper() for name in names}):
        if not name.startswith("FIELDBOT_") or name.startswith("FIELDBOT_TEST_"):
            continue
        if name in settings or name in sections:
            continue
        close = difflib.get_close_matches(name, settings, n=1, cutoff=0.8)
        hint = f" (did you mean {close[0]}?)" if close else " (.env.example lists every setting)"
        lines.append(f"{name} is not a setting and is ignored{hint}")
    return lines
