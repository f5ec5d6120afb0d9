"""`fieldbot demo`: the story the README promises a newcomer still holds as the bot changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


def test_the_demo_runs_the_main_job_end_to_end_with_its_mistakes_explained(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # var/demo.db lands in the temporary directory
    for name in ("FIELDBOT_DB__URL", "FIELDBOT_REDIS_URL", "FIELDBOT_PLAN_FILE"):
        monkeypatch.delenv(name, raising=False)

    assert main(["demo"]) == 0
    out = capsys.readouterr().out

    assert "DEMO FAILED" not in out
    # Jean types the women in words: read, and shown back.
    assert "Jean: douze\n[#18] bot: • Participants (femmes)\u202f: 12\n" in out
    # ...and the men as a bound: explained in French, and asked again.
    bound = out.index("Jean: plus de 10")
    assert "Veuillez indiquer le nombre exact" in out[bound : bound + 400]
    # The report counts what he meant: 12 women, 8 men, none other, 5 trainers trained.
    assert "• Participants (femmes)\u202f: 12\n• Participants (hommes)\u202f: 8\n" in out
    assert "• Formateurs formés\u202f: 5\n• Partenaire\u202f: Non renseigné" in out
    assert "20 participants comptés." in out
    assert "Demo finished" in out
    assert (tmp_path / "var" / "demo.db").exists()
