"""An export does not write over an existing file unless --force (last month's export, a file
someone edited, a workbook shared with a donor: `reports export` without --output is named by
the day, so running it twice a day replaced the first silently), and a failed export (a full
disk, Ctrl-C) leaves neither half a file nor a changed one: it is written beside its name, then
renamed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.cli import EXIT_USAGE, main
from bot.reports_io import SheetWriter, WorkbookWriter
from tests.integration.cli.environment import cli_on

KEPT = "what someone typed\n"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_url: str) -> None:
    cli_on(monkeypatch, tmp_path, db_url)


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["reports", "export", "--output", "out.csv"], "out.csv"),
        (["reports", "export", "--output", "out.xlsx"], "out.xlsx"),
        (["indicators", "--export", "sheet.csv"], "sheet.csv"),
        (["forms", "export-xlsform", "training", "training.xlsx"], "training.xlsx"),
        (["forms", "export-xlsform", "forms"], "forms/advocacy.xlsx"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_an_existing_file_is_kept_unless_forced(
    argv: list[str], name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / name
    existing.parent.mkdir(exist_ok=True)
    existing.write_text(KEPT, encoding="utf-8")

    assert main(argv) == EXIT_USAGE

    assert existing.read_text(encoding="utf-8") == KEPT
    assert f"fieldbot: {Path(name)} exists already (" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0
    assert existing.read_bytes() != KEPT.encode()
    assert sorted(p.name for p in existing.parent.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["reports", "export", "--output", "out.csv", "--force"],
        ["reports", "export", "--output", "out.xlsx", "--force"],
        ["indicators", "--export", "out.csv", "--force"],
        ["forms", "export-xlsform", "training", "out.xlsx", "--force"],
    ],
    ids=" ".join,
)
def test_a_file_written_again_keeps_its_permissions(argv: list[str], tmp_path: Path) -> None:
    """An export kept readable by its owner only (it names field staff and places) became
    readable by everyone once written again with --force: the new file took the umask's mode."""
    existing = tmp_path / argv[argv.index("--force") - 1]
    existing.write_text(KEPT, encoding="utf-8")
    existing.chmod(0o600)

    assert main(argv) == 0

    assert existing.read_bytes() != KEPT.encode()
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600


def test_a_folder_is_no_file_to_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out.csv").mkdir()
    assert main(["reports", "export", "--output", "out.csv", "--force"]) == EXIT_USAGE
    assert capsys.readouterr().err == (
        "fieldbot: out.csv is a folder: give the name of a file to write\n"
    )


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("name", ["out.csv", "out.xlsx"])
def test_a_file_that_fails_halfway_leaves_the_previous_one_as_it_was(
    name: str, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    existing = folder / name
    existing.write_text(KEPT, encoding="utf-8")

    def halfway() -> None:
        with SheetWriter(existing, ["a", "b"]) as writer:
            writer.append(["1", "2"])
            raise Interrupted

    with pytest.raises(Interrupted):
        halfway()
    assert existing.read_text(encoding="utf-8") == KEPT
    assert [p.name for p in folder.iterdir()] == [name]


def test_a_workbook_that_fails_halfway_leaves_the_previous_one_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    existing = folder / "out.xlsx"
    existing.write_text(KEPT, encoding="utf-8")

    def halfway() -> None:
        with WorkbookWriter(existing) as workbook:
            workbook.sheet("reports", ["a"]).append(["1"])
            raise Interrupted

    with pytest.raises(Interrupted):
        halfway()
    assert existing.read_text(encoding="utf-8") == KEPT
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]
    with WorkbookWriter(existing) as workbook:  # a finished one takes its name
        workbook.sheet("reports", ["a"]).append(["1"])
    assert existing.read_bytes().startswith(b"PK")
    assert [p.name for p in folder.iterdir()] == ["out.xlsx"]
