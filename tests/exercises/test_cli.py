"""``python -m exercises`` as a student runs it, on a copy of the package (so the student's
own edits and their status file are left alone): on a fresh clone every exercise is not done,
one line each; a file checked is remembered in the status list until it changes; a loop that
never ends is stopped; ``--solutions`` checks the reference solutions."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exercises import COMMAND, EXERCISES, FOLDER
from exercises.runner import check_file
from tests.exercises.files import blank, solution, variant


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A checkout with only the exercises package in it, its files as committed."""
    shutil.copytree(FOLDER, tmp_path / "exercises", ignore=shutil.ignore_patterns("*.ipynb", ".*"))
    for n, e in EXERCISES.items():
        (tmp_path / "exercises" / e.path().name).write_text(blank(n), encoding="utf-8")
    return tmp_path


def run(checkout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    return subprocess.run(
        [sys.executable, "-m", "exercises", *args],
        capture_output=True,
        text=True,
        cwd=checkout,
        env=env,
        timeout=300,
    )


def test_a_fresh_clone_reports_every_exercise_as_not_done_one_line_each(fresh: Path) -> None:
    done = run(fresh, "check")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    marked = [line for line in lines if line.startswith(("✓", "✗", "·"))]
    # "not started" has one symbol, the list's (·): a check once showed ✗ for it
    assert [line.split(".")[0] for line in marked] == [f"· {n}" for n in EXERCISES]
    assert "  1  · not started" in run(fresh).stdout
    for n, line in zip(EXERCISES, marked):
        first = int(line.split("(the first on line ")[1].rstrip(")"))
        assert "..." in blank(n).splitlines()[first - 1]  # the line it names is a TODO
        assert "TODO" in "\n".join(blank(n).splitlines()[first - 1 : first + 1])
    assert lines[len(marked)] == ""  # nothing between them: one line each
    assert lines[len(marked) + 1].startswith(f"0 of {len(EXERCISES)} exercises pass")
    assert "Next: exercise 1, exercises/ex01_neuron.py" in done.stdout
    assert done.stderr == ""


def test_the_list_shows_each_status_and_remembers_a_check(fresh: Path) -> None:
    student = fresh / "exercises" / EXERCISES[1].path().name
    student.write_text(solution(1), encoding="utf-8")
    checked = run(fresh, "check", "1")
    assert checked.returncode == 0 and checked.stdout.startswith("✓ 1. ")
    listed = run(fresh)
    assert listed.returncode == 0
    assert "  1  ✓ done" in listed.stdout and "  2  · not started" in listed.stdout
    student.write_text(solution(1).replace("+ b\n", "\n"), encoding="utf-8")
    assert "  1  ? edited: check it" in run(fresh).stdout  # changed since the check


def test_hints_unknown_numbers_and_the_solutions(fresh: Path) -> None:
    hinted = run(fresh, "--hint", "7")
    assert "hint: Three steps, as the lecture's backward pass" in hinted.stdout
    wrong = run(fresh, "check", "12")
    assert wrong.returncode == 2 and "no exercise '12': they are numbered 1 … 11" in wrong.stderr
    solved = run(fresh, "check", "1", "4", "--solutions")
    assert solved.returncode == 0, solved.stdout
    assert "2 of 2 reference solutions pass" in solved.stdout
    assert not (fresh / "exercises" / ".last_check.json").exists()  # solutions are not yours


def test_a_loop_that_never_ends_is_stopped(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        6,
        solution(6),
        (
            "    order: list[Value] = []\n    visited",
            "    while True:\n        pass\n    order: list[Value] = []\n    visited",
        ),
    )
    verdict = check_file(EXERCISES[6], path, seconds=0.5)
    assert verdict.status == "timeout"
    assert verdict.summary.startswith("stopped after 0.5 s: does a loop in your code never end")


def test_the_child_reports_a_crash_of_the_students_file_without_a_traceback(tmp_path: Path) -> None:
    path = variant(tmp_path, 1, solution(1), ("a_relu = max(z, 0.0)", "a_relu = 1 / 0"))
    verdict = check_file(EXERCISES[1], path)
    assert verdict.status == "wrong"
    assert "stopped at line" in verdict.summary and verdict.summary.endswith("a_relu = 1 / 0")
    assert verdict.details[0].startswith(
        "ZeroDivisionError: division by zero — can the denominator"
    )


def test_a_hint_is_offered_once(fresh: Path) -> None:
    # `check 4 --hint` printed the hint, then "Next: … (check 4 --hint for a hint)" again
    hinted = run(fresh, "check", "4", "--hint")
    assert hinted.stdout.count("hint: ") == 1 and "--hint" not in hinted.stdout, hinted.stdout
    plain = run(fresh, "check", "4")
    assert "hint: " not in plain.stdout
    assert plain.stdout.count(f"{COMMAND} check 4 --hint for a hint") == 1
    listed = run(fresh).stdout
    assert listed.count("--hint") == 1 and f"Stuck? {COMMAND} check N --hint" in listed


def test_one_spelling_of_the_command_everywhere() -> None:
    """The README tells a student to run `.venv/bin/python -m exercises` (a bare `python` may
    lack the engine): every exercise file, solution and message spells it so, once."""
    readme = (FOLDER.parent / "README.md").read_text(encoding="utf-8")
    assert f"{COMMAND} check 4 " in readme
    for path in sorted(FOLDER.rglob("*.py")):
        text = path.read_text(encoding="utf-8").replace(COMMAND, "")
        said = [line for line in text.splitlines() if "-m exercises check" in line]
        assert not said, (path.name, said)
    # Running a file is spelled the same way: a bare `python exercises/…` lacks the engine.
    for path in [FOLDER.parent / "README.md", *sorted(FOLDER.rglob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        bare = re.findall(r"(?<!\.venv/bin/)python3? exercises/", text)
        assert not bare, (path.name, "say .venv/bin/python exercises/…")
    assert ".venv/bin/python exercises/ex02_local_derivatives.py" in readme  # "run the file"


def test_checking_one_that_passes_names_the_next(fresh: Path) -> None:
    # `check 1` alone said "1 of 1 exercises pass" and stopped; checking them all names the next
    (fresh / "exercises" / EXERCISES[1].path().name).write_text(solution(1), encoding="utf-8")
    out = run(fresh, "check", "1").stdout
    assert "1 of 1 exercises pass" in out, out
    two = EXERCISES[2]
    assert f"Next: exercise 2, exercises/{two.stem}.py ({COMMAND} check 2)." in out, out
