"""The Mini App's HTTP side: its page and assets, and a small JSON API under /webapp/api/.

Every API call carries Telegram's initData in the `X-Telegram-Init-Data` header; it is checked
(bot.webapp.auth) and the user must be a member (one who blocked the bot still is). Refusals
are audited (ids and a reason code, never the data). Each call reads or writes in one short
transaction (models.uow.run_transaction) and makes no Bot API call: the chat's confirmation of
a report goes through the outbox, committed with the report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import logging
import math
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiogram import Bot
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.clock import utcnow
from bot.domain.enums import OVERSEERS, REPORTERS, AuditAction
from bot.domain.languages import (
    format_date,
    html_lang,
    is_rtl,
    resolve_locale,
)
from bot.domain.people import UserView
from bot.domain.reports import ReportView, report_reference
from bot.domain.scope import Scope
from bot.forms.definitions import FORMS
from bot.forms.engine import active_questions, computed_values
from bot.forms.model import N_, Form
from bot.forms.screening import PLACEHOLDER
from bot.indicators.plan import Plan, indicator
from bot.settings import Settings
from bot.ui.forms import saved_text
from bot.ui.palette import Palette
from bot.usecases.drafts import Draft, ReportFlow
from bot.usecases.indicators import indicator_chart
from bot.usecases.reports import store_new_report
from bot.webapp import dashboard
from bot.webapp.auth import AuthError, InitData, validate_init_data
from bot.webapp.forms import (
    CHOOSE,
    NEEDS_ANSWER,
    OFFER,
    OPTIONAL,
    USE_TEXT,
    check,
    describe,
    page_values,
)
from models.drafts import chat_key, clear_draft, read_draft, write_draft
from models.fsm import use_session
from models.indicators import applies_to, evaluate_indicator
from models.outbox import enqueue
from models.people import TELEGRAM_USER
from models.queries import add_audit, get_user
from models.reports import get_report, report_history
from models.uow import run_transaction

log = logging.getLogger(__name__)

TELEGRAM_JS = "https://telegram.org/js/telegram-web-app.js"
INIT_HEADER = "X-Telegram-Init-Data"
PREFIX = "/webapp"
# The outbox kind of the chat's confirmation; its period is the report id (one per report).
CONFIRMATION = "report_confirmation"
STATIC = ("app.js", "app.css")
MAX_BODY = 64 * 1024  # a whole report is a few KB
COMPRESS_ABOVE = 1024  # bytes of JSON worth compressing


@dataclass
class WebAppDeps:
    """What the Mini App needs from the bot process (built by the composition root)."""

    settings: Settings
    bot: Bot
    session_factory: async_sessionmaker[AsyncSession]
    storage: BaseStorage
    isolation: BaseEventIsolation
    i18n: I18n
    plan: Plan
    telegram_js: str = TELEGRAM_JS
    clock: Callable[[], dt.datetime] = utcnow  # the product's clock (bot.domain.clock)


DEPS = web.AppKey("fieldbot_webapp", WebAppDeps)
ASSETS = web.AppKey("fieldbot_webapp_assets", dict)


@dataclass(frozen=True)
class Caller:
    user: UserView
    init: InitData
    locale: str


# -- assets --------------------------------------------------------------------------------------


def _asset(name: str) -> bytes:
    return resources.files("bot.webapp").joinpath("static", name).read_bytes()


def _assets(telegram_js: str) -> dict[str, tuple[bytes, bytes, str]]:
    """name → (body, gzipped body, content type), read once from the package."""
    version = uuid.uuid5(uuid.NAMESPACE_URL, "".join(_asset(n).hex() for n in STATIC)).hex[:10]
    page = _asset("index.html").decode().replace("{{TELEGRAM_JS}}", telegram_js)
    page = page.replace("{{VERSION}}", version)
    bodies = {"index.html": page.encode(), **{n: _asset(n) for n in STATIC}}
    types = {"html": "text/html", "js": "text/javascript", "css": "text/css"}
    return {
        name: (body, gzip.compress(body, 9, mtime=0), types[name.rsplit(".", 1)[1]])
        for name, body in bodies.items()
    }


def _serve(request: web.Request, name: str, cache: str) -> web.Response:
    body, packed, content_type = request.app[ASSETS][name]
    headers = {
        "Cache-Control": cache,
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
        # Our script and Telegram's only; no inline script; charts arrive as blob: images.
        "Content-Security-Policy": (
            f"default-src 'self'; script-src 'self' {request.app[DEPS].telegram_js}; "
            "img-src 'self' blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
            "base-uri 'none'; "
            "form-action 'none'"
        ),
    }
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        headers["Content-Encoding"] = "gzip"
        body = packed
    return web.Response(body=body, content_type=content_type, charset="utf-8", headers=headers)


async def page(request: web.Request) -> web.Response:
    return _serve(request, "index.html", "no-cache")


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name not in STATIC:
        raise web.HTTPNotFound()
    return _serve(request, name, "public, max-age=86400")


# -- authentication ------------------------------------------------------------------------------


# What the page shows when it sent what no page of this version sends (an old link to a form
# that is gone, an older page's answers): the page's text, and a code for the logs.
REOPEN = N_("This page has expired. Close it and open it again from the chat.")
TOO_LONG = N_("Your answers are too long to send. Please shorten them.")
# The chat's own words for a failure (handlers.errors).
FAILED = N_(
    "Sorry, something went wrong on my side. What you saved before is safe; please try the "
    "last step again."
)


def _stale(reason: str, status: int = 422) -> web.HTTPException:
    """A refusal of what the page did not send itself, in the request's language."""
    return _error(status, _(REOPEN), reason=reason)


def _error(status: int, message: str, **extra: Any) -> web.HTTPException:
    if "locale" in extra:  # a refusal in the reader's language: the page's lang with it
        extra["lang"] = html_lang(extra["locale"])
    body = json.dumps({"error": message, **extra}, ensure_ascii=False)
    if status == 413:
        return web.HTTPRequestEntityTooLarge(
            MAX_BODY, MAX_BODY + 1, text=body, content_type="application/json"
        )
    cls = {401: web.HTTPUnauthorized, 403: web.HTTPForbidden, 404: web.HTTPNotFound}.get(
        status, web.HTTPUnprocessableEntity
    )
    return cls(text=body, content_type="application/json")


def _hint_locale(deps: WebAppDeps, request: web.Request) -> str:
    """A language for a refusal: the page's own hint (not trusted, it only picks words)."""
    return resolve_locale(
        None,
        request.headers.get("Accept-Language", "")[:2] or None,
        default=deps.i18n.default_locale,
    )


def _locale_of(deps: WebAppDeps, user: UserView | None, telegram_hint: str | None) -> str:
    """Their /language choice, else the language of their Telegram (this page's, else the
    one stored), as the chat picks it."""
    if user is None:
        return resolve_locale(None, telegram_hint, default=deps.i18n.default_locale)
    hint = telegram_hint or user.telegram_language
    return resolve_locale(user.language, hint, default=deps.i18n.default_locale)


async def _refused_locale(deps: WebAppDeps, request: web.Request, error: AuthError) -> str:
    """The language of a refused page: the member's own when Telegram signed who they are
    (a page left open too long), else the language the page claims, else the phone's."""
    chosen, hint = None, error.language_code
    if error.telegram_id is not None:  # as `authenticate` picks it
        async with deps.session_factory() as session:
            user = await get_user(session, error.telegram_id)
        if user is not None:
            chosen, hint = user.language, hint or user.telegram_language
    if resolve_locale(None, hint, default="") == "":
        hint = _hint_locale(deps, request)
    return resolve_locale(chosen, hint, default=deps.i18n.default_locale)


class RefusalLog:
    """One audit entry per kind of refusal, per client and per minute: a flood of forged calls
    must not become a flood of database writes (each refusal is still logged)."""

    WINDOW = 60.0

    def __init__(self) -> None:
        self._last: dict[tuple[str, str, int | None], float] = {}

    def first(self, key: tuple[str, str, int | None], now: float) -> bool:
        if len(self._last) > 10_000:  # forget the old ones now and then
            self._last = {k: t for k, t in self._last.items() if now - t < self.WINDOW}
        last = self._last.get(key)
        if last is not None and now - last < self.WINDOW:
            return False
        self._last[key] = now
        return True


REFUSALS = web.AppKey("fieldbot_webapp_refusals", RefusalLog)


async def _audit_refusal(request: web.Request, reason: str, telegram_id: int | None) -> None:
    deps = request.app[DEPS]
    key = (reason, request.remote or "", telegram_id)
    if not request.app[REFUSALS].first(key, time.monotonic()):
        return

    async def work(session: AsyncSession) -> None:
        await add_audit(
            session,
            actor_user_id=None,
            action=AuditAction.WEBAPP_REFUSED,
            target_type=TELEGRAM_USER if telegram_id is not None else None,
            target_id=None if telegram_id is None else str(telegram_id),
            details={"reason": reason},
        )

    await run_transaction(deps.session_factory, work, what="webapp audit")


@contextmanager
def _in_locale(deps: WebAppDeps, locale: str) -> Iterator[None]:
    with deps.i18n.context(), deps.i18n.use_locale(locale):
        yield


async def authenticate(request: web.Request) -> Caller:
    """The signed-in member calling, or 401 (bad initData) / 403 (not a member: a stranger,
    every role revoked, erased)."""
    deps = request.app[DEPS]
    raw = request.headers.get(INIT_HEADER, "")
    try:
        init = validate_init_data(
            deps.bot.token,
            raw,
            max_age=dt.timedelta(seconds=deps.settings.webapp.max_init_data_age),
            now=deps.clock(),
        )
    except AuthError as error:
        log.info("Mini App call refused: %s initData (401)", error.reason)
        await _audit_refusal(request, error.reason, None)
        locale = await _refused_locale(deps, request, error)
        with _in_locale(deps, locale):
            message = _(REOPEN)
        raise _error(
            401, message, reason=error.reason, locale=locale, dir=_direction(locale)
        ) from None

    async def load(session: AsyncSession) -> UserView | None:
        return await get_user(session, init.telegram_id)

    async with deps.session_factory() as session:
        user = await load(session)
    # Inactive (they blocked the bot) is not gone: their roles stand, and so do the reports
    # kept on their phone, which the page would forget on this refusal. They may send them
    # (the chat's confirmation then finds the bot blocked, as any message to them does).
    if user is None or not user.is_known():
        log.info("Mini App call refused: not a member (403)")
        await _audit_refusal(request, "not_a_member", init.telegram_id)
        locale = _locale_of(deps, user, init.language_code)  # a role just revoked: theirs
        with _in_locale(deps, locale):
            message = _("This page is for the organisation's staff. Send /start to the bot.")
        # The reason: the page forgets the answers it kept for them (not on a page refused).
        raise _error(403, message, reason="not_a_member", locale=locale, dir=_direction(locale))
    locale = _locale_of(deps, user, init.language_code)
    deps.i18n.current_locale = locale  # the rest of the request, its refusals included
    return Caller(user=user, init=init, locale=locale)


# What a member is told when their roles do not grant a page: whose page it is, and /help
# (the chat's list of what they can do). Not "for staff": they are staff.
NOT_YOUR_PAGE = {
    OVERSEERS: N_(
        "The indicators are for managers and the M&E team. Send /help in the chat to see what "
        "you can do."
    ),
    REPORTERS: N_(
        "Reports are sent by field staff and the M&E team. Send /help in the chat to see what "
        "you can do."
    ),
}
NOTHING_HERE = N_(
    "There is nothing for your role in this app. Send /help in the chat to see what you can do."
)


def _refusal(caller: Caller, status: int, message: str) -> web.HTTPException:
    """A refusal to a member, with their language and direction for the page (Arabic: RTL)."""
    return _error(status, message, locale=caller.locale, dir=_direction(caller.locale))


def _direction(locale: str) -> str:
    return "rtl" if is_rtl(locale) else "ltr"


def _require(caller: Caller, roles: tuple[Any, ...]) -> None:
    """Inside the caller's locale: 403 unless one of `roles` gives them a country."""
    if not caller.user.scope(*roles).is_empty:
        return
    raise _refusal(caller, 403, _(NOT_YOUR_PAGE[roles]))


async def _body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, at most MAX_BODY bytes. Read here, with its own cap: the
    sub-application's client_max_size is not applied by aiohttp (the parent's is)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise _error(413, _(TOO_LONG), reason="too_large")
    raw = await request.content.read(MAX_BODY + 1)  # chunked bodies have no length to check
    if len(raw) > MAX_BODY:
        raise _error(413, _(TOO_LONG), reason="too_large")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # RecursionError: "[[[[...]]]]" nested too deep
        raise _stale("not_json") from None
    if not isinstance(data, dict):
        raise _stale("not_an_object")
    return data


def _form(request: web.Request) -> Form:
    form = FORMS.get(request.match_info["kind"])
    if form is None:
        raise _stale("no_such_form", 404)
    return form


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The page's answers: text, none, or lists of text; NUL characters left out (a text
    column cannot hold one on PostgreSQL, and no keyboard types one)."""
    values = data.get("values")
    if not isinstance(values, dict):
        return {}
    answers: dict[str, Any] = {}
    for key, value in values.items():
        answers[str(key)] = _no_nul(_as_text(str(key), value))
    return answers


def _as_text(key: str, value: Any) -> str | list[str] | None:
    """An answer as the page sends it; a number or a yes/no sent as JSON is its text (500 is
    "500", true is "yes"). Anything else is refused (422), never dropped: a report is not
    saved without an answer that was sent."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):  # a yes/no as JSON has it
        return "yes" if value else "no"
    if isinstance(value, int | float) and math.isfinite(value):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise _error(422, _(REOPEN), reason="not_an_answer", field=key)


def _no_nul(value: str | list[str] | None) -> str | list[str] | None:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [item.replace("\x00", "") for item in value]
    return value


def _uuid_or_none(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _report_id(data: dict[str, Any]) -> uuid.UUID:
    try:
        return uuid.UUID(str(data.get("report_id", "")))
    except ValueError:
        raise _stale("not_a_report_id") from None


# -- the page's strings ----------------------------------------------------------------------


def _strings() -> dict[str, str]:
    """The words of the page itself (the JS has none of its own)."""
    return {
        "what": _("What would you like to report?"),
        "indicators": _("Indicators"),
        "submit": _("Send the report"),
        "sending": _("Sending…"),
        "optional": _(OPTIONAL),
        "choose": _(CHOOSE),
        "needs_answer": _(NEEDS_ANSWER),
        "fix": _("Please correct the answers marked in red."),
        "offline": _(
            "No connection: your answers are kept on this phone. Send again when you are online."
        ),
        # A check that found no connection, before any send failed: nothing to send again.
        "kept": _("No connection: your answers are kept on this phone."),
        "not_sent": _("The connection is back, but your report has not been sent yet."),
        "unreachable": _("No connection. This page opens as soon as the connection is back."),
        "country": _("Country"),
        "all_countries": _("All countries"),
        "date": _("Date"),
        "show": _("Show"),
        "another": _("Report another"),
        # The page's answers are another report than the chat's unfinished one of this form.
        # The same form open in two windows: one copy on the phone, the last answers typed.
        "other_window": _(
            "This form is open in another window too: the answers shown are the last ones "
            "typed in either window."
        ),
        # The same report sent from the other window (or its copy found sent from the chat):
        # this one says so, not its form to send again as a second report.
        "sent_elsewhere": _("This report was sent meanwhile, from another window or the chat."),
        "sent_without": _(
            "This report was sent meanwhile, from another window or the chat, without the "
            "answers changed here since: send them to make them a new report."
        ),
        "chat_draft": _(
            "The chat also has an unfinished report of this form. It stays there: send /report "
            "in the chat to continue it."
        ),
        "offer": _(OFFER).format(placeholder=PLACEHOLDER),
        "use_text": _(USE_TEXT),
    }


def _base(caller: Caller) -> dict[str, Any]:
    return {
        "locale": caller.locale,
        "lang": html_lang(caller.locale),
        "dir": _direction(caller.locale),
        "strings": _strings(),
    }


# -- API: who am I, forms ------------------------------------------------------------------------


async def me(request: web.Request) -> web.Response:
    deps = request.app[DEPS]
    caller = await authenticate(request)
    key = chat_key(deps.bot.id, caller.user.telegram_id)
    async with deps.session_factory() as session:
        with use_session(session):
            draft = await read_draft(deps.storage, key)
    with _in_locale(deps, caller.locale):
        reporter = not caller.user.scope(*REPORTERS).is_empty
        overseer = not caller.user.scope(*OVERSEERS).is_empty
        if not reporter and not overseer:  # a volunteer: the page would be empty
            raise _refusal(caller, 403, _(NOTHING_HERE))
        body = {
            **_base(caller),
            "name": caller.user.display_name,
            "forms": [{"id": f.id, "title": _(f.title)} for f in FORMS.values()]
            if reporter
            else [],
            "dashboard": overseer,
            "draft_form": _draft_to_continue(draft) if reporter else None,
        }
    return web.json_response(body)


def _draft_to_continue(draft: dict[str, Any] | None) -> str | None:
    """The form of the chat's report in progress, which the page opens at once: only for who
    may send it (not a reporter made manager), a form that still exists, and not an edit of
    a sent report (the chat's own; the page would start a second report)."""
    if draft is None or draft.get("editing"):
        return None
    form = draft.get("form")
    return form if isinstance(form, str) and form in FORMS else None


def _draft_dict(
    form: Form,
    report_id: uuid.UUID,
    answers: dict[str, Any],
    old: dict[str, Any] | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """The chat's own Draft (bot.usecases.drafts), with the page's answers."""
    draft: Draft | None = None
    if old is not None and old.get("report_id") == str(report_id) and old.get("form") == form.id:
        with contextlib.suppress(TypeError):  # a draft of an older shape: started afresh
            draft = Draft(**old)
    if draft is None:
        draft = Draft.new(form, now)
        draft.report_id = str(report_id)
    draft.answers = answers
    # The question the chat is asking stays asked while it applies (its buttons answer it);
    # else the chat asks the first unanswered question when continued.
    if draft.current not in {q.id for q in active_questions(form, answers)}:
        draft.current = None
    draft.reasked = {}
    draft.touch(now)
    return draft.as_data()


async def get_form(request: web.Request) -> web.Response:
    deps = request.app[DEPS]
    caller = await authenticate(request)
    form = _form(request)
    scope = caller.user.scope(*REPORTERS)
    key = chat_key(deps.bot.id, caller.user.telegram_id)
    local = _uuid_or_none(request.query.get("local", ""))
    async with deps.session_factory() as session:
        with use_session(session):
            draft = await read_draft(deps.storage, key)
        # The report the phone kept locally was sent meanwhile (say from the chat): stale.
        local_sent = local is not None and await get_report(session, local) is not None
    with _in_locale(deps, caller.locale):
        _require(caller, REPORTERS)
        body = {
            **_base(caller),
            "form": describe(form, scope, caller.locale),
            "local_sent": local_sent,
        }
        if draft and draft.get("form") == form.id and not draft.get("editing"):
            answers = draft.get("answers") or {}
            body["draft"] = {
                "report_id": draft.get("report_id"),
                "values": page_values(form, answers, caller.locale),
            }
        else:
            body["draft"] = {"report_id": str(uuid.uuid4()), "values": {}}
        if not scope.all_countries and len(scope.countries) == 1:
            body["draft"]["values"].setdefault("country", scope.countries[0])
    return web.json_response(body)


async def check_form(request: web.Request) -> web.Response:
    """The page's answers through the engine; the valid ones become the shared draft."""
    deps = request.app[DEPS]
    caller = await authenticate(request)
    form = _form(request)
    data = await _body(request)
    report_id = _report_id(data)
    with _in_locale(deps, caller.locale):
        _require(caller, REPORTERS)
        checked = check(
            form,
            _values(data),
            locale=caller.locale,
            today=caller.user.today(),
            scope=caller.user.scope(*REPORTERS),
            screen_patterns=deps.settings.pii_patterns,
        )
        body = checked.as_json()
        if data.get("locale") != caller.locale:
            # Their language changed in the chat while the page was open: its words and
            # the form's, for the page to speak the language its errors now come in.
            scope = caller.user.scope(*REPORTERS)
            body.update(_base(caller), form=describe(form, scope, caller.locale))
    key = chat_key(deps.bot.id, caller.user.telegram_id)
    now = deps.clock()

    async def save(session: AsyncSession) -> None:
        report = await get_report(session, report_id)
        if report is not None:
            # A check that arrived after its submit: no draft of a sent report. Whether the
            # report stored holds these answers (a phone's copy of a report sent from the
            # chat, or made before the report was corrected there: the copy may go), or the
            # phone has answers the report never had.
            body["sent"] = report.author_user_id == caller.user.id and await _copy_of(
                session, report, checked.answers, whole=False
            )
            return
        with use_session(session):
            old = await read_draft(deps.storage, key)
            if old is not None and old.get("editing"):
                return  # an edit of a sent report is going on in the chat: leave it alone
            if _another_draft(old, form, report_id):
                return  # the chat's report in progress stays; /report offers it
            draft = _draft_dict(form, report_id, checked.answers, old, now)
            # The chat asking a question of this very report (the page's report continued
            # there, the page still open): it stays asked, its buttons still answer it.
            asking = await deps.storage.get_state(key) == ReportFlow.filling.state
            state = ReportFlow.filling.state if asking and draft["current"] else None
            await write_draft(deps.storage, key, draft, state)

    async with deps.isolation.lock(key):
        await run_transaction(deps.session_factory, save, what="webapp draft")
    return web.json_response(body)


def _another_draft(old: dict[str, Any] | None, form: Form, report_id: uuid.UUID) -> bool:
    """The chat holds another report in progress (another form or id, answered beyond the
    country taken without asking): the page's answers must not replace it."""
    if old is None or (old.get("form") == form.id and old.get("report_id") == str(report_id)):
        return False
    answers = old.get("answers")
    return isinstance(answers, dict) and len(answers) > 1


async def _copy_of(
    session: AsyncSession, report: ReportView, answers: dict[str, Any], *, whole: bool
) -> bool:
    """The answers are those of the report stored, now or in one of its earlier versions (a
    phone's copy made before the report was corrected in the chat): `whole`, all of them;
    else the answers given so far (a copy of the draft the chat then finished)."""

    def holds(stored: dict[str, Any]) -> bool:
        if whole:
            return dict(stored) == answers
        return all(stored.get(k) == v for k, v in answers.items())

    if holds(report.answers):
        return True
    if report.version == 1:
        return False
    return any(holds(version.answers) for version in await report_history(session, report.id))


def _confirmation(
    form: Form, answers: dict[str, Any], report_id: uuid.UUID, locale: str, plan: Plan
) -> str:
    """The chat's confirmation, the same as the chat's own submit (bot.ui.forms.saved_text)."""
    computed, period = computed_values(form, answers), (plan.period_start, plan.period_end)
    return saved_text(form, answers, computed, report_id, locale, period=period)


async def submit(request: web.Request) -> web.Response:
    """The same idempotent submit as the chat: one report per report id, however many tries."""
    deps = request.app[DEPS]
    caller = await authenticate(request)
    form = _form(request)
    data = await _body(request)
    report_id = _report_id(data)
    user = caller.user
    with _in_locale(deps, caller.locale):
        _require(caller, REPORTERS)
        checked = check(
            form,
            _values(data),
            locale=caller.locale,
            today=user.today(),
            scope=user.scope(*REPORTERS),
            screen_patterns=deps.settings.pii_patterns,
        )
        if not checked.ready:
            for qid in checked.missing:
                checked.errors[qid] = _(NEEDS_ANSWER)
            body = {**checked.as_json(), "error": _("Please correct the answers marked in red.")}
            return web.json_response(body, status=422)
        text = _confirmation(form, checked.answers, report_id, caller.locale, deps.plan)
        thanks = text.split("\n")
    key = chat_key(deps.bot.id, user.telegram_id)
    answers = checked.answers

    async def store(session: AsyncSession) -> bool | None:
        """True: stored now; False: stored before with these answers; None: stored before,
        and corrected since (in the chat) from these answers."""
        now = deps.clock()
        with use_session(session):
            result = await store_new_report(session, form, report_id, user, answers, now=now)
            stored = result.report
            if not result.created and (
                stored.author_user_id != user.id or dict(stored.answers) != answers
            ):
                if stored.author_user_id == user.id and await _copy_of(
                    session, stored, answers, whole=True
                ):
                    # A phone's copy of this report as it was before it was corrected in the
                    # chat (sent offline, its answer lost): the same report, not a new one.
                    # Its confirmation would show the answers the correction replaced.
                    return None
                # This id was sent before with other answers (a page that kept an old
                # draft), or by someone else: answering "saved" would drop these answers.
                raise _AlreadySent
            draft = await read_draft(deps.storage, key)
            if draft is not None and draft.get("report_id") == str(report_id):
                await clear_draft(deps.storage, key)
            if result.created:  # stored before: confirmed then (by the chat, or the page)
                await enqueue(
                    session,
                    recipient_telegram_id=user.telegram_id,
                    recipient_user_id=user.id,
                    kind=CONFIRMATION,
                    period=str(report_id),
                    payload={"text": text, "parse_mode": "HTML"},
                    now=now,
                )
        return result.created

    # Committed before anything is sent: the outbox sender posts the confirmation in the chat.
    try:
        async with deps.isolation.lock(key):
            created = await run_transaction(deps.session_factory, store, what="webapp submit")
    except _AlreadySent:
        with _in_locale(deps, caller.locale):
            message = _(
                "This report was already sent. Your answers are still here: check them and send "
                "again to make them a new report."
            )
        # A new id for the page: sending again is a new report, by the officer's own choice.
        return web.json_response({"error": message, "report_id": str(uuid.uuid4())}, status=409)
    if created is None:
        with _in_locale(deps, caller.locale):
            said = _(
                "Report {reference} was already sent, and corrected in the chat since: it "
                "stays as corrected."
            ).format(reference=report_reference(report_id))
        return web.json_response(
            {
                "ok": True,
                "created": False,
                "reference": report_reference(report_id),
                "message": [said],
            }
        )
    return web.json_response(
        {
            "ok": True,
            "created": created,
            "reference": report_reference(report_id),
            # The page's green box says it; the chat's ✅ is left out.
            "message": [_plain(line).removeprefix("✅ ") for line in thanks],
        }
    )


class _AlreadySent(Exception):
    """A submit whose report id is stored already with other answers or another author."""


def _plain(line: str) -> str:
    """A confirmation line for the page (textContent): without the chat's HTML escapes."""
    import html

    return html.unescape(line)


# -- API: indicators -----------------------------------------------------------------------------


def _dashboard_days(caller: Caller, plan: Plan) -> tuple[dt.date, dt.date]:
    """The days the dashboard may show: the plan's, and the user's today (the default) before
    or after it, as /indicators shows it. The plan's last day stood for every day after it and
    said "due soon, at risk" of a yearly value due that day, which the chat called late."""
    today = caller.user.today()
    return min(plan.period_start, today), max(plan.period_end, today)


def _dashboard_scope(caller: Caller, request: web.Request, plan: Plan) -> tuple[Scope, dt.date]:
    """The countries asked for (within the overseeing roles' scope) and the as-of date: a
    day of `_dashboard_days` (a chart runs month by month from the plan's start to it; year
    0202 or 9999 took minutes, or failed), the user's today by default."""
    scope = caller.user.scope(*OVERSEERS)
    country = request.query.get("country", "").upper()
    if country:
        if not scope.covers(country):
            raise _error(403, _("You can see only your countries."))
        chosen = Scope(countries=(country,), all_countries=False)
    else:
        chosen = scope
    as_of_text = request.query.get("as_of", "")
    first, last = _dashboard_days(caller, plan)
    try:  # a phone without a date picker has a text field: "01/12/2026"
        as_of = dt.date.fromisoformat(as_of_text) if as_of_text else None
    except ValueError:
        as_of = dt.date.min
    if as_of is None:
        return chosen, caller.user.today()
    if not first <= as_of <= last:
        text = _("Choose a date from {start} to {end}.").format(
            start=format_date(first, caller.locale), end=format_date(last, caller.locale)
        )
        raise _error(422, text)
    return chosen, as_of


async def get_indicators(request: web.Request) -> web.Response:
    deps = request.app[DEPS]
    caller = await authenticate(request)
    with _in_locale(deps, caller.locale):
        _require(caller, OVERSEERS)
        scope, as_of = _dashboard_scope(caller, request, deps.plan)
        async with deps.session_factory() as session:
            rows = await dashboard.indicators(
                session, deps.plan, as_of=as_of, scope=scope, locale=caller.locale
            )
        overseen = caller.user.scope(*OVERSEERS)
        from bot.webapp.forms import country_choices

        first, last = _dashboard_days(caller, deps.plan)
        body = {
            **_base(caller),
            "as_of": as_of.isoformat(),
            "as_of_min": first.isoformat(),
            "as_of_max": last.isoformat(),
            "as_of_text": dashboard.as_of_text(as_of, caller.locale),
            "title": _("Strategic plan indicators on {date}").format(
                date=dashboard.as_of_text(as_of, caller.locale)
            ),
            # As /indicators says it, after the plan's last day: its figures are final.
            "note": dashboard.plan_note(deps.plan, as_of, caller.locale),
            # As /indicators says it to a manager of some countries (whatever the filter: a
            # manager of all countries who picks one sees that one by choice).
            "partial": "" if overseen.all_countries else _("Partial view: only your countries."),
            "countries": country_choices(overseen, caller.locale),
            "country": scope.countries[0]
            if scope.countries and len(scope.countries) == 1 and request.query.get("country")
            else "",
            "indicators": rows,
        }
    return web.json_response(body)


def _palette(request: web.Request) -> Palette:
    """The colours of the page's theme (Telegram's themeParams), for the chart to sit on the
    page's card rather than glare white in a dark theme."""
    query = request.query
    return Palette.of(query.get("bg", ""), query.get("fg", ""), query.get("hint", ""))


async def get_chart(request: web.Request) -> web.Response:
    deps = request.app[DEPS]
    caller = await authenticate(request)
    with _in_locale(deps, caller.locale):
        _require(caller, OVERSEERS)
        scope, as_of = _dashboard_scope(caller, request, deps.plan)
        try:
            item = indicator(deps.plan, request.match_info["id"])
        except KeyError:
            raise _stale("no_such_indicator", 404) from None
        if not applies_to(item, scope):  # the dashboard does not list it for these countries
            raise _stale("no_such_indicator", 404)
        async with deps.session_factory() as session:
            result = await evaluate_indicator(
                session, deps.plan, item.id, as_of=as_of, scope=scope
            )
            # The chat's own chart use case (drawn in a worker thread; no network here).
            png = await indicator_chart(
                session, deps.plan, item, result, scope, as_of, caller.locale, _palette(request)
            )
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})


# -- the application -----------------------------------------------------------------------------


@web.middleware
async def _json_errors(request: web.Request, handler: Any) -> web.StreamResponse:
    """Compresses large JSON; answers a failure with JSON in the caller's language (until
    `authenticate` knows it, the page's own hint)."""
    deps = request.app[DEPS]
    with _in_locale(deps, _hint_locale(deps, request)):
        return await _answer(request, handler)


async def _answer(request: web.Request, handler: Any) -> web.StreamResponse:
    try:
        response: web.StreamResponse = await handler(request)
        if (
            isinstance(response, web.Response)
            and response.content_type == "application/json"
            and len(response.body or b"") > COMPRESS_ABOVE  # type: ignore[arg-type]
        ):
            response.enable_compression()  # gzip when the client accepts it: 2G links
        return response
    except web.HTTPException:
        raise
    except Exception:
        log.exception("Mini App call failed: %s %s", request.method, request.path)
        return web.json_response({"error": _(FAILED), "reason": "internal"}, status=500)


def create_webapp(deps: WebAppDeps) -> web.Application:
    """The Mini App as an aiohttp application, mounted at /webapp/ (see `add_webapp`)."""
    app = web.Application(middlewares=[_json_errors], client_max_size=MAX_BODY)
    app[DEPS] = deps
    app[ASSETS] = _assets(deps.telegram_js)
    app[REFUSALS] = RefusalLog()
    app.router.add_get("/", page)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/api/me", me)
    app.router.add_get("/api/forms/{kind}", get_form)
    app.router.add_post("/api/forms/{kind}/check", check_form)
    app.router.add_post("/api/forms/{kind}/submit", submit)
    app.router.add_get("/api/indicators", get_indicators)
    app.router.add_get("/api/indicators/{id}/chart", get_chart)
    return app


def add_webapp(parent: web.Application, deps: WebAppDeps) -> None:
    """Serve the Mini App under /webapp/ of `parent` (the webhook server, or its own)."""
    parent.add_subapp(PREFIX + "/", create_webapp(deps))
