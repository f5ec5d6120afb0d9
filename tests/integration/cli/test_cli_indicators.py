"""The M&E officer's command line: indicators, manual values, report files, demo data."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli import main
from models.tables import OutboxMessage
from tests.factories import run_on
from tests.integration.cli.environment import cli_on


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)
    assert main(["admin", "add", "1001", "--name", "Amina"]) == 0


def test_seeded_data_gives_the_same_figures_as_a_table_and_as_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["seed-demo-data", "--reports", "120"]) == 0
    assert main(["seed-demo-data", "--reports", "120"]) == 0  # nothing twice
    out = capsys.readouterr().out
    assert "120 synthetic reports created" in out
    assert "0 synthetic reports created" in out
    assert main(["indicators", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_id = {row["id"]: row for row in data["indicators"]}
    assert {"1.1a", "1.2", "2.1b", "3.3a"} <= set(by_id)
    assert main(["indicators"]) == 0
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("1.1a "))
    # Fractions read as percentages, as in the chat: 1.2's minimum share is 25%, not 0.2.
    shares = next(line for line in table.splitlines() if line.startswith("1.2 ")).split()
    assert shares[4] == "25%"
    growth = next(line for line in table.splitlines() if line.startswith("3.3b ")).split()
    assert growth[3].endswith("%")
    value = by_id["1.1a"]["value"]
    assert f" {value:.0f} " in row
    assert main(["indicators", "--country", "HT", "--json"]) == 0
    partial = json.loads(capsys.readouterr().out)
    assert all(row["partial"] for row in partial["indicators"])


def test_a_manual_value_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicator", "set", "3.3b", "1,250,000", "--period", "2026"]) == 0
    assert "3.3b = 1250000 for 2026" in capsys.readouterr().out
    assert main(["indicator", "set", "3.3a", "2", "--period", "2026"]) == 0
    assert "3.3a = 2 for 2026" in capsys.readouterr().out
    assert main(["indicators", "--as-of", "2026-06-30", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["indicators"]}
    assert rows["3.3a"]["value"] == 2
    assert main(["indicator", "set", "1.1a", "2", "--period", "2026"]) == 2
    assert "not a manual indicator" in capsys.readouterr().err
    assert main(["indicator", "set", "3.3a", "two", "--period", "2026"]) == 2
    capsys.readouterr()
    # A budget of 0: no growth is computed from it (3.3b would read "—", off track).
    assert main(["indicator", "set", "3.3b", "0", "--period", "2025"]) == 2
    assert "none can be computed from 0" in capsys.readouterr().err
    assert main(["indicator", "set", "3.3a", "0", "--period", "2026"]) == 0  # no sponsor: 0
    capsys.readouterr()


def test_a_value_for_a_year_to_come_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    next_year = str(dt.datetime.now(dt.UTC).year + 1)
    assert main(["indicator", "set", "3.3a", "2", "--period", next_year]) == 2
    error = capsys.readouterr().err
    assert f"{next_year} has not begun" in error or "is not a year of the plan" in error


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "is not a value: give a number from 0 to"),
        ("10000000000000000", "has more digits than are kept exactly: give at most 11"),
        ("0.00001", "has more digits than are kept exactly"),  # PostgreSQL stored 0
        ("NaN", "not a number: NaN"),
        ("Infinity", "not a number: Infinity"),
        ("1e3", "not a number: 1e3"),  # the chat refuses it too
        ("12 mil", "not a number: 12 mil"),
    ],
)
def test_the_command_line_refuses_what_the_chat_refuses(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """One reading and one rule for a manual value (bot.forms.engine.parse_number,
    bot.indicators.logic.valid_manual_value): the CLI used to store a negative value, crash
    on NaN, and read "1e3" that the chat refused."""
    assert main(["indicator", "set", "3.3a", value, "--period", "2026"]) == 2
    assert message in capsys.readouterr().err
    assert main(["indicators", "--as-of", "2026-06-30", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["indicators"]}
    assert rows["3.3a"]["value"] is None


@pytest.mark.parametrize("year", ["0000", "1900", "2100"])
def test_a_year_outside_the_plan_is_refused(year: str, capsys: pytest.CaptureFixture[str]) -> None:
    """It was stored, and showed in v_indicator_values as year 0 or 1900."""
    assert main(["indicator", "set", "3.3a", "2", "--period", year]) == 2
    assert f"{year} is not a year of the plan: give a year from 2024 to 2029" in (
        capsys.readouterr().err
    )
    assert main(["indicator", "set", "3.3b", "100", "--period", "2024"]) == 0  # a baseline


def test_template_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "template.csv"
    assert main(["reports", "template", str(template)]) == 0
    assert main(["reports", "import", str(template)]) == 0
    assert "created: 2" in capsys.readouterr().out
    assert main(["reports", "import", str(template)]) == 0
    assert "created: 0; already there: 2" in capsys.readouterr().out
    exported = tmp_path / "out.xlsx"
    assert main(["reports", "export", "--format", "xlsx", "--output", str(exported)]) == 0
    assert "2 reports written" in capsys.readouterr().out
    assert main(["reports", "import", str(exported)]) == 0
    assert "created: 0" in capsys.readouterr().out


def test_a_bad_file_is_refused_whole_with_row_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "template.csv"
    assert main(["reports", "template", str(template)]) == 0
    lines = template.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "\n".join([lines[0], lines[1].replace("HT", "XX"), lines[2]]) + "\n", encoding="utf-8"
    )
    assert main(["reports", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "row 2" in err
    assert err.splitlines()[-1] == "fieldbot: 1 problem; nothing was imported"
    assert main(["indicators", "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["indicators"]}
    assert rows["1.1a"]["value"] == 0


def test_digest_now_for_an_unknown_manager_sends_nothing_before_refusing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["digest", "--now", "--manager", "999"]) == 2
    refused = capsys.readouterr()
    assert "no active manager or admin has the Telegram id 999" in refused.err
    # Refused as a mistyped command: the outbox was not drained on the way out.
    assert "outbox:" not in refused.out
    assert refused.out.splitlines() == ["No active manager or admin with id 999."]


def test_digest_now_previews_then_outbox_lists(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["seed-demo-data", "--reports", "60"]) == 0
    assert main(["digest", "--now", "--dry-run"]) == 0
    preview = capsys.readouterr().out  # Amina is an admin: she oversees, she gets one
    assert "manager 1001: 20" in preview
    assert "Weekly digest" in preview
    assert main(["digest", "--now", "--dry-run", "--manager", "999"]) == 2
    refused = capsys.readouterr()
    assert "No active manager or admin with id 999." in refused.out
    assert "no active manager or admin has the Telegram id 999" in refused.err
    assert main(["outbox"]) == 0
    assert "pending: 0" in capsys.readouterr().out
    assert main(["outbox", "--status", "failed"]) == 0


class _ClosedPipe(io.StringIO):
    """Standard output read by `head`, which has stopped reading."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_output_read_by_head_ends_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fieldbot indicators | head -3` printed 'unexpected error', a traceback and
    'indicators failed: BrokenPipeError' under the lines head showed."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["indicators", "--as-of", "2026-06-30"]) == 1
    assert capsys.readouterr().err == ""


def test_digest_now_without_a_bot_token_enqueues_and_sends_nothing(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No FIELDBOT_BOT__TOKEN (a shell without the bot's .env): the sandbox's token would have
    # been sent to api.telegram.org, each row's attempt counted as failed and retried.
    for name in ("FIELDBOT_BOT__TOKEN", "FIELDBOT_BOT__API_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FIELDBOT_DIGEST_WHEN_ON_TRACK", "true")  # never "skipped"
    capsys.readouterr()
    assert main(["digest", "--now"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("manager 1001: ")
    assert lines[0].endswith(" enqueued")
    assert lines[-1] == (
        "outbox: nothing sent now, FIELDBOT_BOT__TOKEN is not set; 1 pending (the bot's "
        "scheduler sends them; `fieldbot outbox` lists them)"
    )

    async def rows(session: AsyncSession) -> list[tuple[str, int, str | None]]:
        found = await session.execute(
            select(OutboxMessage.status, OutboxMessage.attempts, OutboxMessage.last_error)
        )
        return [(str(status), attempts, error) for status, attempts, error in found.all()]

    assert run_on(db_url, rows) == [("pending", 0, None)]


def test_countries_are_taken_by_their_name_in_any_of_the_bot_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`fieldbot indicators --country Haïti` was refused with 'HAÏTI is HT': a country's whole
    name in one of the seven languages, any case and accents, is taken as its code."""
    assert main(["indicators", "--country", "HT,NE", "--json"]) == 0
    by_code = capsys.readouterr().out
    for names in (["Haïti,Niger"], ["haiti", "NIGER"], ["هايتي, Niger"], ["Haïti", "NE"]):
        assert main(["indicators", *(a for n in names for a in ("--country", n)), "--json"]) == 0
        assert capsys.readouterr().out == by_code
    # A name two countries share is no country.
    assert main(["indicators", "--country", "Congo"]) == 2
    assert "unknown countries: Congo" in capsys.readouterr().err
    # Other options naming countries read them the same way.
    amina = ["user", "set-countries", "1001", "--role", "admin", "--countries", "Haïti"]
    assert main([*amina, "--force"]) == 0  # the only admin: forced
    capsys.readouterr()
    assert main(["user", "list", "--country", "haïti"]) == 0
    assert "Amina" in capsys.readouterr().out


def test_the_table_reads_a_yearly_value_and_a_growth_as_the_chat_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """'The same figures as /indicators': 3.3a's 0.04 new sponsors read '0.0', and a budget
    grown 20.004 % (above 10-20 %, at risk) '20.0%', where the chat reads 0.04 and 20.01 %."""
    for indicator, value, year in (("3.3a", "0.04", "2026"), ("3.3b", "100000", "2025")):
        assert main(["indicator", "set", indicator, value, "--period", year]) == 0
    assert main(["indicator", "set", "3.3b", "120004", "--period", "2026"]) == 0
    capsys.readouterr()
    assert main(["indicators", "--as-of", "2026-06-30"]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[3:]}
    assert rows["3.3a"][1:3] == ["at_risk", "0.04"]
    assert rows["3.3b"][1:3] == ["at_risk", "20.01%"]


def test_a_huge_manual_value_keeps_the_table_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    """3.4 (a yearly policy update, target 1) entered as 1e15 read '1000000000000000' and
    '100000000000000000%' and pushed its label out of line; a figure too wide for its column
    is now compact and a percentage above 999 % reads '>999%', as in the chat."""
    from bot.domain.clock import utc_today

    year = str(utc_today().year)
    assert main(["indicator", "set", "3.4", "99999999999", "--period", year]) == 0
    capsys.readouterr()
    assert main(["indicators"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("3.4 "))
    other = next(line for line in lines if line.startswith("3.1 "))
    assert row.split()[2:5] == ["100B", "1", "-"]
    assert ">999%" in row
    assert row.index("Annual update") == other.index("Annual report") == lines[1].index("label")


def test_a_tiny_growth_does_not_read_as_none(capsys: pytest.CaptureFixture[str]) -> None:
    """A budget of 1,000,000 then 1,000,004 grew 0.0004 % (below 10-20 %, at risk): it read
    '0%', as if it had not grown; as the chat reads it, '<0.01%'."""
    assert main(["indicator", "set", "3.3b", "1000000", "--period", "2025"]) == 0
    assert main(["indicator", "set", "3.3b", "1000004", "--period", "2026"]) == 0
    capsys.readouterr()
    assert main(["indicators", "--as-of", "2026-06-30"]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[3:]}
    assert rows["3.3b"][1:3] == ["at_risk", "<0.01%"]


PRORATED_PLAN = """\
period: {start: 2025-01-01, end: 2025-12-31}
indicators:
  - {id: "t", objective: "1", label: "Trainings", metric: count, source: [training],
     target: 100, prorate: true}
"""


def test_a_pro_rated_count_target_reads_as_in_the_chat(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Haiti, one of seven active countries, carries 100 / 7 = 14.29 trainings: the chat says
    15 (what meets it), the table said 14.3; and at the plan's end, when the target is what is
    expected, 14.3 as well."""
    from bot.domain.enums import Role
    from tests.factories import member

    plan = tmp_path / "plan.yaml"
    plan.write_text(PRORATED_PLAN, encoding="utf-8")
    monkeypatch.setenv("FIELDBOT_PLAN_FILE", str(plan))

    async def staff(session: AsyncSession) -> None:
        for number, country in enumerate(("HT", "NE", "SN", "ML", "BF", "KE", "MG")):
            await member(session, 7000 + number, Role.FIELD_STAFF, [country])

    run_on(db_url, staff)
    capsys.readouterr()
    for as_of, expected in (("2025-12-31", "15"), ("2025-07-02", "7.15")):
        assert main(["indicators", "--country", "HT", "--as-of", as_of]) == 0
        rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[3:]}
        assert rows["t"][3:5] == ["15", expected]
