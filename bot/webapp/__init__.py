"""The Telegram Mini App: the one-screen report form and the indicators dashboard.

Served by the bot itself (bot.webapp.server): under /webapp/ of the webhook server, or by a
server of its own in polling mode. Like handlers/, it reads and writes through models/ and the
domain, and never imports handlers/ or scheduler/.
"""

from bot.webapp.server import WebAppDeps, add_webapp, create_webapp

__all__ = ["WebAppDeps", "add_webapp", "create_webapp"]
