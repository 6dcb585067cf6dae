"""The exercises with their status; ``check [N …]`` checks your files (all, or exercise N) and
exits 0 only when every one asked passes; ``--hint`` adds a hint; ``--solutions`` checks the
reference solutions instead."""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import textwrap
import time
from pathlib import Path

from exercises import COMMAND, EXERCISES, Exercise
from exercises.verdict import MARK, show

CHECKOUT = Path(__file__).resolve().parent.parent

# What the checks import beyond the engine, and the extra of pyproject.toml that installs it.
NEEDS = {"hypothesis": "testing", "pytest": "testing"}


def missing_extras() -> str | None:
    """None when the checks can run in this Python; else what to install, and how."""
    missing = [m for m in NEEDS if importlib.util.find_spec(m) is None]
    if not missing:
        return None
    venv_python = CHECKOUT / ".venv" / "bin" / "python"
    use_venv = (
        f"The checkout's .venv has them: {venv_python} -m exercises {' '.join(sys.argv[1:])}\n"
        if venv_python.exists()
        else ""
    )
    return (
        f"python -m exercises: {' and '.join(missing)} "
        f"{'is' if len(missing) == 1 else 'are'} not installed in this Python "
        f"({sys.executable}); the checks need the project's 'testing' extra.\n"
        f"{use_venv}"
        f"From the checkout, either\n"
        f"    make exercises    # sets up .venv with everything, then checks your files\n"
        f"or install the extra into this Python:\n"
        f"    {Path(sys.executable).name} -m pip install -e '.[testing]'"
    )


STATUS_MARK = {
    "done": f"{MARK['done']} done",
    "not passing": "✗ not passing",
    "not done": f"{MARK['not done']} not done",
    "not started": f"{MARK['not started']} not started",
    "not checked": "? edited: check it",
    "missing": "! file missing",
}


def _hint(e: Exercise, indent: str) -> str:
    """The exercise's hint, wrapped to the width of a terminal."""
    text = f"hint: {e.module().HINT}"
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent + "  ")


def _newer_notebook(path: Path) -> str | None:
    """A warning when the exercise's notebook was saved after its .py, which is what is
    checked: edits made in an unpaired notebook do not reach the .py."""
    notebook = path.with_suffix(".ipynb")
    try:
        newer = notebook.stat().st_mtime > path.stat().st_mtime + 2.0
    except OSError:
        return None
    if not newer:
        return None
    return (
        f"{notebook.name} was saved after {path.name}, which is what is checked: pair them "
        f"(jupytext --set-formats ipynb,py:percent {notebook.name}), then Jupyter saves both"
    )


def list_exercises(numbers: list[int], hints: bool) -> int:
    from exercises.runner import status

    print(f"Exercises — edit the file, then check it: {COMMAND} check N\n")
    width = max(len(m) for m in STATUS_MARK.values())
    for n in numbers:
        e = EXERCISES[n]
        print(f"{n:>3}  {STATUS_MARK[status(e)]:<{width}}  {e.title}  (exercises/{e.stem}.py)")
        if hints:
            print(_hint(e, "     "))
    if not hints:
        print(f"\nStuck? {COMMAND} check N --hint adds a hint, in the lecture's words.")
    return 0


def check(numbers: list[int], solutions: bool, hints: bool) -> int:
    from exercises.runner import check_file, remember

    start = time.perf_counter()
    passed = 0
    first_open: Exercise | None = None
    for n in numbers:
        e = EXERCISES[n]
        path = e.path(solutions)
        verdict = check_file(e, path)
        if not solutions:
            remember(e, path, verdict)
        print(show(e, verdict, path), flush=True)
        stale = _newer_notebook(path)
        if stale and not solutions:
            print(f"    note: {stale}")
        if verdict.passed:
            passed += 1
        else:
            first_open = first_open or e
            if hints:
                print(_hint(e, "    "))
    took = time.perf_counter() - start
    which = "reference solutions" if solutions else "exercises"
    print(f"\n{passed} of {len(numbers)} {which} pass ({took:.1f} s).")
    if first_open is not None and not solutions:
        # with --hint the hint is printed above already: not offered a second time
        how = "" if hints else f" ({COMMAND} check {first_open.number} --hint for a hint)"
        print(f"Next: exercise {first_open.number}, exercises/{first_open.stem}.py{how}.")
    elif not solutions and (after := _next_open(max(numbers))) is not None:
        # `check 1` alone passed: say which one comes next, as checking them all does
        print(
            f"Next: exercise {after.number}, exercises/{after.stem}.py ({COMMAND} check "
            f"{after.number})."
        )
    return 0 if passed == len(numbers) else 1


def _next_open(last: int) -> Exercise | None:
    """The first exercise after ``last`` (then from the start) not yet done, by its last check."""
    from exercises.runner import status

    later = sorted(EXERCISES, key=lambda n: (n <= last, n))
    return next((EXERCISES[n] for n in later if status(EXERCISES[n]) != "done"), None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__)
    parser.add_argument(
        "words",
        nargs="*",
        metavar="[check] N",
        help="check: check the files (else list them); N: only exercise N (default: all)",
    )
    parser.add_argument("--hint", action="store_true", help="a hint for each exercise")
    parser.add_argument(
        "--solutions", action="store_true", help="check exercises/solutions/ instead"
    )
    args = parser.parse_args(argv)
    words = list(args.words)
    command = words.pop(0) if words and words[0] in ("check", "list") else "list"
    for word in words:
        if not word.isdigit() or int(word) not in EXERCISES:
            parser.error(f"no exercise {word!r}: they are numbered 1 … {len(EXERCISES)}")
    numbers = [int(w) for w in words] or list(EXERCISES)
    problem = missing_extras()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    if command == "check":
        return check(numbers, args.solutions, args.hint)
    return list_exercises(numbers, args.hint)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `.venv/bin/python -m exercises check | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
