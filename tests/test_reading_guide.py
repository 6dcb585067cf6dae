"""docs/reading_guide.md stays true: every link to a line of the code opens a line that holds the
link's text (``[`def backward(`](../autograd/value.py#L61)``), its REPL session runs as a
doctest, the README links to it, and the student's path it promises — value.py up to the end of
backward() plus backward.py — is at most 150 lines."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

ROOT = Path(__file__).parents[1]
GUIDE = ROOT / "docs" / "reading_guide.md"
LINK = re.compile(r"\[`([^`]+)`\]\(\.\./([\w/.]+\.py)#L(\d+)\)")


def test_every_line_link_opens_the_line_it_names() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    links = LINK.findall(text)
    assert len(links) >= 15
    wrong = []
    for shown, path, line in links:
        lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
        n = int(line)
        if not (1 <= n <= len(lines) and shown in lines[n - 1]):
            found = [k + 1 for k, ln in enumerate(lines) if shown in ln]
            wrong.append(f"{path}#L{line}: `{shown}` is not there (it is on line(s) {found})")
        elif _a_stub(lines, n - 1):  # `def one_minus_square` once opened an @overload's `...`
            wrong.append(f"{path}#L{line}: `{shown}` is an @overload stub, not the function")
    assert wrong == [], "\n".join(wrong)


def _a_stub(lines: list[str], k: int) -> bool:
    """Line k is a def with no body of its own: an @overload, or ``def f(...): ...``."""
    return lines[k].lstrip().startswith("def ") and (
        lines[k].rstrip().endswith(": ...") or lines[k - 1].strip() == "@overload"
    )


def test_the_guides_session_runs() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "reading_guide", str(GUIDE), 0)
    assert test.examples
    assert doctest.DocTestRunner().run(test).failed == 0


def test_the_readme_links_to_the_guide() -> None:
    assert "docs/reading_guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_students_path_is_at_most_150_lines_in_two_files() -> None:
    value = (ROOT / "autograd" / "value.py").read_text(encoding="utf-8").splitlines()
    end = next(k for k, ln in enumerate(value) if "walk_fast(order" in ln)  # backward()'s last
    backward = (ROOT / "autograd" / "backward.py").read_text(encoding="utf-8").splitlines()
    assert (end + 1) + len(backward) <= 150
    # and Value.backward() itself reads like the lecture in at most 20 lines
    start = next(k for k, ln in enumerate(value) if "def backward(" in ln)
    assert end - start + 1 <= 20
