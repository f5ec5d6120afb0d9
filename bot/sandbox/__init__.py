"""An offline Telegram Bot API sandbox: a faithful test double plus a control API."""

from bot.sandbox.client import ApiCall, BotMessage, Button, SandboxControl, SandboxError, SimUser
from bot.sandbox.server import SandboxServer, serve

__all__ = [
    "ApiCall",
    "BotMessage",
    "Button",
    "SandboxControl",
    "SandboxError",
    "SandboxServer",
    "SimUser",
    "serve",
]
