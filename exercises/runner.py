"""Running a check. Each exercise file is checked in a child process of its own
(``python -m exercises.runner N FILE REPORT``), so that a loop that never ends is stopped after
the exercise's time limit, and nothing the student's code changes (the op table, a class, the
random seed) can leak into the next check. The child writes its verdict as JSON to REPORT.

The last verdict on each student file is remembered, with a hash of the file, in
``exercises/.last_check.json`` (git-ignored), so that ``.venv/bin/python -m exercises`` can list
every exercise's status without running anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from exercises import EXERCISES, FOLDER, Exercise
from exercises.student import Answers, NotDone, StudentError, blank_lines, load, stopped
from exercises.verdict import Verdict, Wrong

__all__ = ["check_answers", "check_file", "check_namespace", "last_check", "remember", "status"]

CHECKOUT = FOLDER.parent
MEMORY = FOLDER / ".last_check.json"


def _not_started(exercise: Exercise, first: int | None) -> Verdict:
    where = f" (the first on line {first})" if first else ""
    return Verdict("not started", f"not started: replace each ... marked TODO{where}")


def check_answers(exercise: Exercise, answers: Answers) -> Verdict:
    """Run exercise's check on the student's answers; whatever happens, a `Verdict`."""
    module = exercise.module()
    todo = answers.blanks(module.ANSWERS)
    if len(todo) == len(module.ANSWERS):
        lines = [line for line in todo.values() if line]
        return _not_started(exercise, min(lines) if lines else None)
    try:
        verdict: Verdict = module.check(answers)
        return verdict
    except NotDone as e:
        return Verdict("not done", f"not done yet: {e}")
    except Wrong as e:
        return Verdict("wrong", e.summary, e.details)
    except StudentError as e:
        return Verdict("wrong", e.summary, e.details)
    except Exception as exc:  # the student's code, called where the check did not expect it
        error = stopped(exc, answers.files, "your code")
        if "stopped at line" in error.summary:
            return Verdict("wrong", error.summary, error.details)
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return Verdict(
            "error",
            "the checker itself failed (a bug in the exercises: please report it)",
            (last,),
        )


def check_namespace(exercise: Exercise, namespace: dict[str, Any]) -> Verdict:
    """Check the names defined in a notebook (or any namespace), in this process."""
    # The student's code: functions defined there (not the ones it imported), and the file.
    mine = [
        f for f in namespace.values() if getattr(f, "__module__", None) == namespace.get("__name__")
    ]
    files = {f.__code__.co_filename for f in mine if hasattr(f, "__code__")}
    files.add(str(exercise.path()))
    return check_answers(exercise, Answers(namespace, files))


def check_here_file(exercise: Exercise, path: Path) -> Verdict:
    """Load the file and check it, in this process (what the child does)."""
    try:
        answers = load(path)
    except StudentError as e:
        source = path.read_text(encoding="utf-8") if path.exists() else ""
        try:
            todo = blank_lines(source, exercise.module().ANSWERS)
        except SyntaxError:
            todo = {}
        if len(todo) == len(exercise.module().ANSWERS):
            return _not_started(exercise, min(todo.values()))
        return Verdict("wrong", e.summary, e.details)
    return check_answers(exercise, answers)


def check_file(exercise: Exercise, path: Path, seconds: float | None = None) -> Verdict:
    """Check ``path`` in a child process, stopped after ``seconds`` (the exercise's limit).
    A file whose every answer is still TODO needs no child: it is not started."""
    answers = exercise.module().ANSWERS
    try:
        todo = blank_lines(path.read_text(encoding="utf-8"), answers)
    except (OSError, UnicodeDecodeError, SyntaxError):
        todo = {}  # the child says what is wrong with the file
    if len(todo) == len(answers):
        return _not_started(exercise, min(todo.values()))
    limit = exercise.seconds if seconds is None else seconds
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(CHECKOUT), os.environ.get("PYTHONPATH", "")]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "verdict.json"
        command = [
            sys.executable,
            "-m",
            "exercises.runner",
            str(exercise.number),
            str(path),
            str(report),
        ]
        posix = os.name == "posix"
        child = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=posix,  # its own process group: stopped with all it started
        )
        try:
            _, err = child.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            if posix:
                os.killpg(child.pid, signal.SIGKILL)
            else:
                child.kill()
            child.communicate()
            return Verdict(
                "timeout",
                f"stopped after {limit:g} s: does a loop in your code never end, or run "
                f"far longer than it needs to?",
            )
        if report.exists():
            data = json.loads(report.read_text(encoding="utf-8"))
            return Verdict(data["status"], data["summary"], tuple(data["details"]))
    tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
    return Verdict(
        "error", f"the check stopped without a verdict (exit code {child.returncode})", tuple(tail)
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _memory() -> dict[str, Any]:
    try:
        data = json.loads(MEMORY.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(exercise: Exercise, path: Path, verdict: Verdict) -> None:
    """Keep the verdict on the student's file (with its hash) for the status list."""
    data = _memory()
    data[exercise.stem] = {
        "sha256": _digest(path),
        "status": verdict.status,
        "summary": verdict.summary,
    }
    try:
        MEMORY.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    except OSError:
        pass  # a read-only checkout: the list then says "not checked"


def last_check(exercise: Exercise) -> dict[str, Any] | None:
    """The remembered verdict on the student's file, if the file has not changed since."""
    path = exercise.path()
    seen = _memory().get(exercise.stem)
    if not isinstance(seen, dict) or not path.exists() or seen.get("sha256") != _digest(path):
        return None
    return seen


def status(exercise: Exercise) -> str:
    """The student's file's status, without running it: "done", "not passing", "not done",
    "not started" (every answer still TODO) or "not checked" (edited since the last check)."""
    seen = last_check(exercise)
    if seen is not None:
        return {"done": "done", "not started": "not started", "not done": "not done"}.get(
            seen["status"], "not passing"
        )
    path = exercise.path()
    if not path.exists():
        return "missing"
    answers = exercise.module().ANSWERS
    try:
        todo = blank_lines(path.read_text(encoding="utf-8"), answers)
    except SyntaxError:
        return "not checked"
    return "not started" if len(todo) == len(answers) else "not checked"


def main(argv: list[str]) -> int:
    """The child: check exercise ``argv[0]`` on the file ``argv[1]``, write to ``argv[2]``."""
    number, path, report = int(argv[0]), Path(argv[1]), Path(argv[2])
    verdict = check_here_file(EXERCISES[number], path)
    data = {"status": verdict.status, "summary": verdict.summary, "details": list(verdict.details)}
    report.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
