"""The layers hold (README, "How it is built"), and handlers stay small.

`make lint` runs the import contracts of pyproject.toml ([tool.importlinter]); these tests show
that a wrong arrow breaks them, on a copy of the tree so the real one is never touched. The
size check reads every function of handlers/ with radon: each stays within 30 lines and a
cyclomatic complexity of 8.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "models", "scheduler")
MAX_LINES = 30
MAX_COMPLEXITY = 8


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(  # noqa: S603 - our own venv's tool on our own copy
        [str(lint), "--no-cache", str(tree / "pyproject.toml")],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the packages and of pyproject.toml, to break on purpose."""
    copy = tmp_path_factory.mktemp("tree")
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package,
            copy / package,
            ignore=shutil.ignore_patterns("__pycache__", "static", "plans", "*.png"),
        )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def _with_extra_import(tree: Path, module: str, line: str) -> Path:
    path = tree / (module.replace(".", "/") + ".py")
    original = path.read_text()
    path.write_text(original + "\n" + line + "  # noqa\n")
    return path


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = _lint_imports(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        # a router reaching into the scheduler
        ("handlers.start", "import scheduler.jobs", "handlers is not allowed to import scheduler"),
        # the ui layer querying the database
        ("bot.ui.render", "import models.queries", "bot.ui.render -> models.queries"),
        # one router importing another
        ("handlers.digest", "import handlers.reports", "handlers.digest -> handlers.reports"),
        # the runtime importing the sandbox
        ("bot.app", "import bot.sandbox.server", "bot.app -> bot.sandbox"),
        # the domain talking to Telegram
        ("bot.forms.engine", "import aiogram", "bot.forms.engine -> aiogram"),
    ],
)
def test_a_wrong_arrow_fails_the_lint(tree: Path, module: str, line: str, broken: str) -> None:
    path = _with_extra_import(tree, module, line)
    original = path.read_text().removesuffix("\n" + line + "  # noqa\n")
    try:
        result = _lint_imports(tree)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    assert broken in result.stdout, result.stdout


def _handler_functions() -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    for path in sorted((ROOT / "handlers").glob("*.py")):
        for block in cc_visit(path.read_text()):
            if block.letter in ("F", "M"):
                lines = block.endline - block.lineno + 1
                found[f"{path.stem}.{block.name}"] = (lines, block.complexity)
    return found


def test_handlers_stay_small() -> None:
    too_large = {
        name: shape
        for name, shape in _handler_functions().items()
        if shape[0] > MAX_LINES or shape[1] > MAX_COMPLEXITY
    }
    assert too_large == {}, "split these into smaller handlers (lines, complexity)"


def test_the_size_check_sees_every_handler() -> None:
    """The check reads the routers' functions (an empty reading would check nothing)."""
    functions = _handler_functions()
    assert len(functions) > 100
    assert "reports.answer_tap" in functions


def test_who_may_run_a_command_is_declared_once() -> None:
    """Every command of the menu registry is routed with handlers.filters.command (its roles
    from the registry), never with a role filter of its own; /missions answers any member."""
    from bot.ui.menu import COMMANDS

    sources = {p.stem: p.read_text() for p in (ROOT / "handlers").glob("*.py")}
    routed = "".join(sources.values())
    by_hand = {"missions"}  # explains itself to members who are not volunteers
    for entry in COMMANDS:
        if entry.name in by_hand:
            assert f'Command("{entry.name}", ignore_case=True)' in routed
        else:
            assert f'*command("{entry.name}")' in routed, entry.name
    own_filters = [
        name
        for name, text in sources.items()
        if name not in ("filters", "start", "forget")  # open to everybody, in no role's menu
        and 'Command("' in text.replace('Command("missions", ignore_case=True)', "")
    ]
    assert own_filters == []
