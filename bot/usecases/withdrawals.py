"""Finding the report a button or a conversation names, and withdrawing one."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.people import UserView
from bot.domain.reports import ReportView, may_withdraw
from models.reports import get_report, withdraw_report


async def report_by_hex(session: AsyncSession, hex_id: str) -> ReportView | None:
    """The report whose id is `hex_id` (as buttons carry it); None for no such report or for
    text that is not an id."""
    try:
        report_id = uuid.UUID(hex=hex_id)
    except ValueError:
        return None
    return await get_report(session, report_id)


async def withdraw(
    session: AsyncSession, user: UserView, hex_id: str, reason: str, now: dt.datetime
) -> ReportView | None:
    """Withdraw the report `hex_id` with a checked reason, if the user still may (the author
    within the edit window, or a manager of its country); None if not, and nothing changes."""
    report = await report_by_hex(session, hex_id)
    if report is None or not may_withdraw(user, report, now):
        return None
    return await withdraw_report(session, report.id, by_user_id=user.id, reason=reason, now=now)
