"""Constants and types shared by the sandbox tests."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

BOT_ID = 123456
TOKEN = f"{BOT_ID}:AAHsandboxTOKENforTESTSabcdefghijkl"

ApiCaller = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]
