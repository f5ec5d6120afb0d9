"""Long polling that confirms an update to Telegram only once it has been handled.

Telegram forgets every update below the `offset` of the next getUpdates call. aiogram's own
polling moves the offset past a batch as soon as it has read it, so a crash while an update is
being handled loses it. Here the offset never passes an update that is still being handled: a
crash means Telegram sends it again after the restart, and the processed-update row makes the
second delivery harmless (its effects are not repeated; the replies it still owed are sent).

While an update is in progress, getUpdates starts at it and returns at once (Telegram still has
it); those already being handled or done are skipped without being parsed (the answer is read
as plain JSON, and only new updates become aiogram objects), and the loop waits briefly for a
handler to finish instead of spinning. An update that is not a valid Update is logged and
dropped (confirmed), as the webhook does, instead of failing the whole answer. Updates of
different users are handled concurrently; one user's updates one at a time (the dispatcher's
per-chat lock).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError, TelegramNetworkError, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.types import Update
from aiogram.types.update import UpdateTypeLookupError
from pydantic import ValidationError

log = logging.getLogger(__name__)


class GetUpdatesRaw(TelegramMethod[list[dict[str, Any]]]):
    """getUpdates, its answer kept as JSON objects: each is parsed only if it is new."""

    __returning__ = list[dict[str, Any]]
    __api_method__ = "getUpdates"

    offset: int | None = None
    limit: int | None = None
    timeout: int | None = None
    allowed_updates: list[str] | None = None


class ConfirmingPoller:
    """Polls `bot` for updates and feeds them to `dispatcher`, confirming only handled ones."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        *,
        allowed_updates: Sequence[str],
        timeout: int = 30,
        max_in_flight: int = 200,
        recheck_seconds: float = 0.05,
        max_recheck: float = 0.25,
        max_backoff: float = 5.0,
    ) -> None:
        self.dispatcher = dispatcher
        self.bot = bot
        self.allowed_updates = list(allowed_updates)
        self.timeout = timeout
        self.max_in_flight = max_in_flight
        self.recheck_seconds = recheck_seconds
        self.max_recheck = max_recheck
        self.max_backoff = max_backoff
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        # Handled while an older update is still in progress: not confirmable yet.
        self._done: set[int] = set()
        self._next_offset: int | None = None  # one past the newest update seen

    LIMIT = 100  # Telegram's most updates per getUpdates answer

    def _offset(self) -> int | None:
        """Everything below the offset is confirmed: never an update still in progress."""
        if self._in_flight:
            return min(self._in_flight)
        return self._next_offset

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set, then finish the updates in progress and confirm them."""
        failures = 0
        recheck = self.recheck_seconds
        stopping = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set():
                if len(self._in_flight) >= self.max_in_flight:
                    await self._wait_for_one(stopping, at_most=None)
                    continue
                busy = bool(self._in_flight)
                fetch = asyncio.create_task(self._fetch(0 if busy else self.timeout))
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not fetch.done():
                    fetch.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await fetch
                    break
                try:
                    updates = fetch.result()
                except (TelegramNetworkError, TelegramServerError, TelegramConflictError) as error:
                    failures += 1
                    delay = min(self.max_backoff, 0.5 * 2 ** min(failures, 6))
                    log.warning("getUpdates failed (%s); again in %.1f s", error, delay)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), delay)
                    continue
                failures = 0
                started = self._start(updates)
                # Each answer while busy repeats the updates in progress (parsed again): ask
                # less often while nothing new comes, at once again when something does.
                recheck = self.recheck_seconds if started else min(recheck * 2, self.max_recheck)
                if busy and not started:
                    # Only updates already seen came back. Telegram answers from the offset, the
                    # oldest update in progress: when its answer was full (100), nothing new can
                    # show before that one is done; otherwise ask again in a short while, so a
                    # new update is not kept waiting behind a slow one.
                    full = len(updates) >= self.LIMIT
                    started_wait = time.monotonic()
                    await self._wait_for_oldest(stopping, at_most=None if full else recheck)
                    # Not more often than every `recheck` either: each answer is parsed whole.
                    left = recheck - (time.monotonic() - started_wait)
                    if left > 0 and not stop.is_set():
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(stop.wait(), left)
        finally:
            stopping.cancel()
            await self._drain()

    async def _fetch(self, wait: int) -> list[dict[str, Any]]:
        method = GetUpdatesRaw(
            offset=self._offset(), timeout=wait, allowed_updates=self.allowed_updates
        )
        return await self.bot(method, request_timeout=wait + 10)

    def _start(self, updates: list[dict[str, Any]]) -> int:
        started = 0
        for raw in updates:
            update_id = raw.get("update_id")
            if type(update_id) is not int:
                log.warning("Dropped a malformed update: no update_id")
                continue
            if self._next_offset is None or update_id >= self._next_offset:
                self._next_offset = update_id + 1
            if update_id in self._in_flight or update_id in self._done:
                continue
            update = self._parse(raw)
            if update is None:
                self._done.add(update_id)  # confirmed with the others: never handled
                continue
            task = asyncio.create_task(self._handle(update), name=f"update-{update_id}")
            self._in_flight[update_id] = task
            started += 1
        return started

    def _parse(self, raw: dict[str, Any]) -> Update | None:
        """The Update, or None (logged at WARNING without its content, as by the webhook)."""
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
            update.event_type  # noqa: B018 (raises for an update of no known kind)
        except UpdateTypeLookupError:
            log.warning("Dropped a malformed update: no known kind of event in it")
        except ValidationError as error:
            kinds = sorted({e["type"] for e in error.errors()})
            log.warning("Dropped a malformed update: not an Update (%s)", ", ".join(kinds))
        else:
            return update
        return None

    async def _handle(self, update: Update) -> None:
        try:
            await self.dispatcher.feed_update(self.bot, update)
        except Exception:  # the dispatcher's error handlers ran already; keep polling
            log.exception("Update %s failed", update.update_id)
        finally:
            self._in_flight.pop(update.update_id, None)
            self._done.add(update.update_id)
            # Everything below the oldest update in progress is confirmed by the next call.
            floor = self._offset()
            if floor is not None:
                self._done = {done for done in self._done if done >= floor}

    async def _wait_for_one(self, stopping: asyncio.Task[bool], at_most: float | None) -> None:
        waiting: set[asyncio.Task[Any]] = {*self._in_flight.values(), stopping}
        await asyncio.wait(waiting, timeout=at_most, return_when=asyncio.FIRST_COMPLETED)

    async def _wait_for_oldest(self, stopping: asyncio.Task[bool], at_most: float | None) -> None:
        """Until the update that holds the offset back is done (or `at_most` seconds)."""
        if not self._in_flight:
            return
        oldest = self._in_flight[min(self._in_flight)]
        await asyncio.wait(
            {oldest, stopping}, timeout=at_most, return_when=asyncio.FIRST_COMPLETED
        )

    async def _drain(self) -> None:
        """Finish what is in progress, then tell Telegram (best effort) it was all handled."""
        if self._in_flight:
            log.info("Stopping: finishing %d update(s) in progress", len(self._in_flight))
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
        if self._next_offset is not None:
            with contextlib.suppress(Exception):
                await self.bot(
                    GetUpdates(offset=self._next_offset, timeout=0, limit=1),
                    request_timeout=5,
                )
