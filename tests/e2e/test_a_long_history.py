"""The history of a report corrected many times over the years still reaches the reader."""

from __future__ import annotations

import datetime as dt

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from models.reports import edit_report
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_indicators import user_id
from tests.factories import TRAINING_ANSWERS, TRAINING_COMPUTED, stored_report

EDITS = 120


async def test_a_history_of_many_versions_fits_one_message(fieldbot: BotUnderTest) -> None:
    """120 corrections (a sheet imported again and again, say) made a history of about 6,000
    characters: Telegram refused it ("message is too long") and the tap on History showed
    nothing. Now the first version and the newest ones are shown, "…" in between."""
    mona = await fieldbot.member(3001, "Mona 👩🏽‍💼", Role.MANAGER, ["HT"])
    author = await user_id(fieldbot, 3001)
    assert fieldbot.app is not None
    now = utcnow() - dt.timedelta(days=EDITS + 1)
    async with fieldbot.app.session_factory() as session:
        stored = await stored_report(session, author, now=now)
        for version in range(1, EDITS + 1):
            await edit_report(
                session,
                stored.report.id,
                editor_user_id=author,
                answers={**TRAINING_ANSWERS, "notes": f"🌍📚 correction {version} " * 4},
                computed=TRAINING_COMPUTED,
                form_version=1,
                now=now + dt.timedelta(days=version),
                expected_version=version,
            )
        await session.commit()
    await mona.send("/reports")
    await mona.tap("Haiti")
    await mona.tap("History")
    history = (await mona.last()).text
    assert history.startswith(f"History of {stored.report.reference}")
    assert "Version 1:" in history  # the submission
    assert f"Version {EDITS + 1}:" in history  # and the newest, with what it changed
    assert f"correction {EDITS} " in history
    assert "\n…\n" in history
    assert len(history.encode("utf-16-le")) // 2 <= 4096
