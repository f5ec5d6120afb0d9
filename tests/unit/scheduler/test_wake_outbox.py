"""scheduler.jobs.wake_outbox: what the bot's unit of work calls after queueing owed replies."""

from __future__ import annotations

from typing import Any, cast

from scheduler import jobs


def test_wake_outbox_drains_now_when_this_process_sends_and_is_a_no_op_otherwise() -> None:
    woken: list[bool] = []
    runtime = jobs.Runtime(
        session_factory=cast(Any, None), plan=cast(Any, None), i18n=cast(Any, None)
    )
    try:
        jobs.configure(None)
        jobs.wake_outbox()  # no scheduler in this process (another one sends)
        jobs.configure(runtime)
        jobs.wake_outbox()  # a scheduler that does not send
        runtime.wake = lambda: woken.append(True)
        jobs.wake_outbox()
    finally:
        jobs.configure(None)
    assert woken == [True]
