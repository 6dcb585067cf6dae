"""The README's REPL sessions run as doctests, so the docs cannot drift from the code."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def test_readme_sessions() -> None:
    text = README.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {}, "README.md", str(README), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0


def test_readme_names_the_two_commands_and_the_import_names() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    assert "`autograd`" in text and "`nn`" in text
    assert "docs/chain_rule_W1.png" in text and (README.parent / "docs/chain_rule_W1.png").exists()
