"""The indicators benchmark runs against the schema of today (it broke silently when the
users' roles moved to role_grants): a small size, end to end, its JSON line last."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_indicators_benchmark_runs_on_the_current_schema() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.indicators", "--sizes", "500"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["bench"] == "indicators"
    assert figures["seconds_500"] > 0
