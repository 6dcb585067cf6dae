"""The exercise files as the tests use them: the blank ones as committed (a student's edits to
their own copy do not change what is tested), the reference solutions, and variants of either
with a line changed — a typical wrong answer."""

from __future__ import annotations

import subprocess
from pathlib import Path

from exercises import EXERCISES, FOLDER
from exercises.runner import check_here_file
from exercises.verdict import Verdict

ROOT = FOLDER.parent


def blank(n: int) -> str:
    """Exercise n's file as committed (HEAD), or as it is outside a git checkout."""
    path = EXERCISES[n].path()
    try:
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"HEAD:exercises/{path.name}"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return path.read_text(encoding="utf-8")
    return shown.stdout if shown.returncode == 0 else path.read_text(encoding="utf-8")


def solution(n: int) -> str:
    return EXERCISES[n].path(solutions=True).read_text(encoding="utf-8")


def variant(tmp: Path, n: int, source: str, *changes: tuple[str, str]) -> Path:
    """``source`` with each (old, new) replaced (old must be there), as exercise n's file in
    ``tmp``."""
    for old, new in changes:
        assert old in source, old
        source = source.replace(old, new)
    path = tmp / EXERCISES[n].path().name
    path.write_text(source, encoding="utf-8")
    return path


def check(tmp: Path, n: int, source: str, *changes: tuple[str, str]) -> Verdict:
    """The verdict on ``source`` with ``changes``, checked in this process."""
    return check_here_file(EXERCISES[n], variant(tmp, n, source, *changes))


def text(verdict: Verdict) -> str:
    return "\n".join([verdict.summary, *verdict.details])
