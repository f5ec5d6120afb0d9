"""Issue 15: /export by chat. A manager picks a period and a format and receives the file as a
document, with the reports of their own countries only; the export is audited; a forged
export button is refused in the user's language."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from bot.domain.enums import AuditAction, Role
from bot.sandbox import BotMessage, SimUser
from bot.usecases import exports
from models.queries import audit_entries
from models.tables import User
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training


def _period_button() -> str:
    """The period that holds yesterday's training (the reports are dated "Yesterday")."""
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    return "This year" if yesterday.year == dt.datetime.now(dt.UTC).year else "Last year"


async def _document(user: SimUser, wait_seconds: float = 20.0) -> BotMessage:
    """The document the bot sends once the export is built (after the tap was answered)."""
    deadline = asyncio.get_running_loop().time() + wait_seconds
    while True:
        for message in await user.messages():
            if message.media and message.media.get("type") == "document":
                return message
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"no document\n{await user.transcript()}")
        await asyncio.sleep(0.05)


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """Copies of the files the bot builds (the sandbox, like Telegram, keeps no file's bytes;
    the bot deletes its own copy once sent)."""
    copies: list[Path] = []
    build = exports.build_export

    async def keep(*args: Any, **kwargs: Any) -> int:
        count = await build(*args, **kwargs)
        path: Path = args[1]
        copies.append(Path(shutil.copy(path, tmp_path / path.name)))
        return count

    monkeypatch.setattr(exports, "build_export", keep)
    return copies


async def _two_trainings(fieldbot: BotUnderTest) -> None:
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await fill_training(jean)
    await jean.tap("Submit")
    amina = await fieldbot.member(2002, "Amina", Role.FIELD_STAFF, ["NE"])
    await fill_training(amina, country="Niger")
    await amina.tap("Submit")


async def test_a_haiti_manager_receives_haiti_reports_only_as_csv(
    fieldbot: BotUnderTest, kept: list[Path]
) -> None:
    await _two_trainings(fieldbot)
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/help")
    assert "/export" in (await mona.last()).text  # listed for managers

    await mona.send("/export")
    question = await mona.last()
    assert "Export the reports of your countries: which period?" in question.text
    assert question.button_texts() == ["This month", "Last month", "This year", "Last year"]
    await mona.tap(_period_button())
    formats = await mona.last()
    assert "which format?" in formats.text
    await mona.tap("CSV (one table)")

    document = await _document(mona)
    assert document.media is not None
    assert str(document.media["file_name"]).endswith(".csv")
    assert "(Haiti): 1 report." in document.text  # the caption: one, in the singular
    assert "Preparing your export (CSV)" in (await mona.messages())[-2].text

    [path] = kept
    # The bot's own copy was deleted once sent.
    temp = Path(tempfile.gettempdir())
    assert await asyncio.to_thread(lambda: list(temp.glob("fieldbot-export-*"))) == []
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["country"] for row in rows] == ["HT"]  # never Niger's
    assert rows[0]["author"] == "Jean"
    assert rows[0]["reference"].startswith("R-")

    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        [entry] = await audit_entries(session, action=AuditAction.REPORTS_EXPORTED)
    assert entry.target_id == "csv"
    assert entry.details["countries"] == ["HT"]
    assert entry.details["all_countries"] is False
    assert entry.details["reports"] == 1


async def test_an_xlsx_export_has_the_kinds_and_the_indicators_of_the_scope(
    fieldbot: BotUnderTest, kept: list[Path]
) -> None:
    await _two_trainings(fieldbot)
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="fr")

    await mona.send("/export")
    assert "quelle période" in (await mona.last()).text
    await mona.tap("Cette année" if _period_button() == "This year" else "L’année dernière")
    await mona.tap("Excel (une feuille par type, et les indicateurs)")
    document = await _document(mona)
    assert document.media is not None
    assert str(document.media["file_name"]).endswith(".xlsx")
    assert "(Haïti)" in document.text

    [path] = kept
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["training", "advocacy_event", "indicators"]
    training = list(book["training"].iter_rows(values_only=True))
    header, labels, *rows = training
    assert "Référence" in labels  # the labels in Mona's language
    countries = [row[header.index("country")] for row in rows]
    assert countries == ["HT"]
    indicators = list(book["indicators"].iter_rows(values_only=True))
    assert len({row[2] for row in indicators[2:]} - {"HT"}) == 1  # all her countries
    assert "ALL" not in {row[2] for row in indicators[2:]}
    book.close()


async def test_forged_export_buttons_are_refused(fieldbot: BotUnderTest, kept: list[Path]) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="es")
    await mona.send("/export")
    before = len(await mona.messages())

    await mona.press("xf:zz:csv", forge=True)  # no such period
    answer = (await mona.callback_answers())[-1]
    assert answer["text"] == "Este botón de exportación no es válido. Envíe /export de nuevo."
    await mona.press("xp:tm:exe", forge=True)  # a field too many
    assert "no es válido" in (await mona.callback_answers())[-1]["text"]

    # A field officer is no manager: a well-formed export button does nothing for him.
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT"])
    await jean.send("/help")
    today = dt.datetime.now(dt.UTC).date().toordinal()
    await jean.press(f"xf:ty:csv:{today}", forge=True)
    assert "no longer active" in (await jean.callback_answers())[-1]["text"]
    await asyncio.sleep(0.3)
    assert kept == []
    assert len(await mona.messages()) == before
    assert not any(message.media for message in await jean.messages())


async def test_a_file_too_large_for_telegram_is_not_sent(
    fieldbot: BotUnderTest, kept: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "MAX_DOCUMENT_BYTES", 10)  # Telegram's is 50 MB
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="pt")
    await mona.send("/export")
    await mona.tap("Este mês")
    await mona.tap("CSV (uma só tabela)")
    deadline = asyncio.get_running_loop().time() + 10
    while "demasiado grande" not in (await mona.last()).text:
        assert asyncio.get_running_loop().time() < deadline, await mona.transcript()
        await asyncio.sleep(0.05)
    assert (await mona.last()).text == (
        "O ficheiro é demasiado grande para ser enviado pelo Telegram. "
        "Escolha um período mais curto."
    )
    assert not any(message.media for message in await mona.messages())
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:  # nothing left: nothing audited
        assert await audit_entries(session, action=AuditAction.REPORTS_EXPORTED) == []


async def test_the_file_covers_the_dates_shown_even_after_midnight(
    fieldbot: BotUnderTest, kept: list[Path]
) -> None:
    """Mona reads "Nov 1 to Nov 30" at 23:59 on 30 November and taps CSV a minute later: she
    gets November, not December (empty). A button a month and more old asks for /export."""
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    with time_machine.travel(dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC), tick=True):
        await mona.send("/export")
        await mona.tap("This month")
        assert "Nov 1, 2026 to Nov 30, 2026" in (await mona.last()).text
        prompt = await mona.last()
    with time_machine.travel(dt.datetime(2026, 12, 1, 0, 1, tzinfo=dt.UTC), tick=True):
        await mona.tap("CSV (one table)", message_id=prompt.message_id)
        document = await _document(mona)
    assert document.media is not None
    assert document.media["file_name"] == "fieldbot-reports-2026-11-01-2026-11-30.csv"

    with time_machine.travel(dt.datetime(2027, 1, 15, 9, tzinfo=dt.UTC), tick=True):
        shown = dt.date(2026, 12, 1).toordinal()
        await mona.press(f"xf:tm:csv:{shown}", forge=True)
        assert "out of date" in (await mona.callback_answers())[-1]["text"]
    assert len(kept) == 1


async def test_a_double_tap_on_a_format_sends_one_file(
    fieldbot: BotUnderTest, kept: list[Path]
) -> None:
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send("/export")
    await mona.tap("This year")
    prompt = await mona.last()
    today = dt.datetime.now(dt.UTC).date().toordinal()
    await asyncio.gather(  # two taps before the bot has taken the buttons away
        mona.press(f"xf:ty:csv:{today}", message_id=prompt.message_id, forge=True),
        mona.press(f"xf:ty:csv:{today}", message_id=prompt.message_id, forge=True),
    )
    await _document(mona)
    await asyncio.sleep(0.5)
    assert len([m for m in await mona.messages() if m.media]) == 1
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        assert len(await audit_entries(session, action=AuditAction.REPORTS_EXPORTED)) == 1
    assert "already on its way" in str(await mona.callback_answers())


async def test_a_manager_who_blocks_the_bot_while_the_file_is_built_is_marked_away_not_an_error(
    fieldbot: BotUnderTest, kept: list[Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"], language_code="fr")
    await mona.send("/export")
    await mona.tap("Cette année")
    await fieldbot.control.inject_fault("sendDocument", "403", count=1)
    await mona.tap("CSV (un seul tableau)")

    assert fieldbot.app is not None
    deadline = asyncio.get_running_loop().time() + 10
    while await _active(fieldbot, 3001):  # the file is sent after the tap was answered
        assert asyncio.get_running_loop().time() < deadline, "still active"
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("blocked the bot" in r.getMessage() for r in caplog.records)
    assert not [m for m in await mona.messages() if "Désolé" in m.text]  # no apology tried


async def _active(fieldbot: BotUnderTest, telegram_id: int) -> bool:
    assert fieldbot.app is not None
    async with fieldbot.app.session_factory() as session:
        active = await session.scalar(select(User.active).where(User.telegram_id == telegram_id))
    return bool(active)
