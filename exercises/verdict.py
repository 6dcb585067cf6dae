"""What a check says: passed or not, one line, and the lines that explain it — in the lecture's
notation, with numbers as the slides print them (`autograd.notation.numbers`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autograd.notation.numbers import number

if TYPE_CHECKING:
    from exercises import Exercise

__all__ = ["HAND", "MARK", "Verdict", "Wrong", "close", "count", "numbers", "passed", "show"]

# A status's symbol, the same in the list and in a check's verdict; any other status (wrong,
# timeout, not passing) is ✗.
MARK = {"done": "✓", "not started": "·", "not done": "…"}

# Numbers worked out by hand are right to three significant digits (the slides' precision).
HAND = 5e-3


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check. ``status``: "done", "not started" (every answer still TODO),
    "not done" (some still TODO), "wrong" (an answer is wrong, or the student's code stopped),
    "timeout"."""

    status: str
    summary: str
    details: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return self.status == "done"


class Wrong(Exception):
    """Raised by a check that found a mistake: ``summary`` in one line, then ``details``."""

    def __init__(self, summary: str, *details: str) -> None:
        super().__init__(summary)
        self.summary = summary
        self.details = details


def passed(summary: str, *details: str) -> Verdict:
    """The verdict of a check that found everything right."""
    return Verdict("done", summary, details)


def close(got: float, want: float, rel: float = HAND, abs_: float = 1e-9) -> bool:
    """``got`` is ``want`` to the relative precision ``rel`` (inf equals inf, nan never)."""
    if not isinstance(got, (int, float)) or isinstance(got, bool):
        return False
    if math.isinf(want) or math.isinf(got):
        return got == want
    return math.isclose(got, want, rel_tol=rel, abs_tol=abs_)


def numbers(got: float, want: float) -> tuple[str, str]:
    """Both numbers as the slides print them, with as many digits as it takes to tell them
    apart (0.235 and 0.236; 0.2350 and 0.2351)."""
    for digits in range(3, 18):
        a, b = number(got, digits), number(want, digits)
        if a != b:
            return a, b
    return number(got, 17), number(want, 17)


WORDS = "zero one two three four five six seven eight nine ten".split()


def count(n: int, noun: str = "") -> str:
    """A count as a sentence writes it: ``four factors``, ``one factor``, ``12 graphs``."""
    word = WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"
    if not noun:
        return word
    return f"{word} {noun if n == 1 else noun + 's'}"


def show(exercise: Exercise, verdict: Verdict, path: Path | None) -> str:
    """The verdict as printed: one line (its `MARK`: ``✓``, ``·`` not started, ``…`` not done,
    else ``✗``; the exercise; what was found), then the details, indented. ``path``: the file
    checked, named when it did not pass."""
    mark = MARK.get(verdict.status, "✗")
    where = f" [{_shown(path)}]" if path is not None and not verdict.passed else ""
    lines = [f"{mark} {exercise.number}. {exercise.title}{where} — {verdict.summary}"]
    lines += [f"    {line}" if line else "" for line in verdict.details]
    return "\n".join(lines)


def _shown(path: Path) -> str:
    """A path as short as it can be typed from the current folder."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
