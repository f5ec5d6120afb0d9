"""Files written whole or not at all: beside their name, then renamed (exports, templates)."""

from __future__ import annotations

import contextlib
import secrets
import shutil
from pathlib import Path


def partial_path(path: Path) -> Path:
    """Where a file is written before it takes its name: beside it (a rename within a folder
    is atomic), hidden, and named so that nobody takes it for the file itself."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")


def put_in_place(partial: Path, path: Path) -> None:
    """The finished file takes its name at once, replacing what was there with that file's
    permissions (an export kept readable by its owner only stays so when written again);
    raises OSError, the partial file removed."""
    try:
        if path.exists():
            with contextlib.suppress(OSError):  # not ours to change: the default is kept
                shutil.copymode(path, partial)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
