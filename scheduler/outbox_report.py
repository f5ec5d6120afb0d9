"""`fieldbot outbox`: what the outbox holds, as a table. Apart from scheduler.outbox, the
sender, so that the command does not load aiogram (seconds of imports) only to read rows."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.domain.enums import OutboxStatus
from models import outbox


def _cell(value: object, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


async def outbox_report(
    session_factory: async_sessionmaker[AsyncSession], status: str | None, limit: int = 50
) -> str:
    """`fieldbot outbox [--status S]`: counts by status, then the most recent rows."""
    if status is not None:
        status = OutboxStatus(status).value  # ValueError for an unknown status
    async with session_factory() as session:
        counts = await outbox.counts_by_status(session)
        rows = await outbox.list_outbox(session, status=status, limit=limit)
    lines = ["  ".join(f"{name}: {count}" for name, count in counts.items())]
    if not rows:
        lines.append("No outbox message" + (f" with status {status}." if status else "."))
        return "\n".join(lines)
    headers = ("id", "recipient", "kind", "period", "status", "attempts", "last error")
    widths = (8, 14, 16, 16, 8, 8, 60)
    table = [headers] + [
        (
            str(row.id),
            str(row.recipient_telegram_id),
            row.kind,
            row.period,
            row.status.value,
            str(row.attempts),
            row.last_error or "",
        )
        for row in rows
    ]
    for cells in table:
        line = "  ".join(_cell(c, w).ljust(w) for c, w in zip(cells, widths, strict=True))
        lines.append(line.rstrip())
    return "\n".join(lines)
