"""The README's REPL sessions run as doctests, so the docs cannot drift from the code."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).parents[1] / "README.md"


def blank_lines_marked(text: str) -> str:
    """The README as doctest reads it: a blank line inside a session's output (explain()'s text
    has some) marked ``<BLANKLINE>``, so the README itself shows the output as the REPL does.
    In a code block, a blank line followed by a line that is no prompt, no blank line and not
    the closing fence can only be output: doctest would otherwise end the output there."""
    lines = text.split("\n")
    in_block = False
    for i, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_block = not in_block
        elif in_block and line == "" and i + 1 < len(lines):
            after = lines[i + 1]
            if after and not after.lstrip().startswith((">>>", "```")):
                lines[i] = "<BLANKLINE>"
    return "\n".join(lines)


class _TrailingNewlines(doctest.OutputChecker):
    """Output that ends in blank lines (``print(cf.source)``: the source ends with a newline)
    matches the README without them — a reader sees no difference; every line shown is
    still compared."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if got.endswith("\n\n"):
            got = got.rstrip("\n") + "\n"
        return super().check_output(want, got, optionflags)


def test_readme_sessions() -> None:
    text = README.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(blank_lines_marked(text), {}, "README.md", str(README), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(checker=_TrailingNewlines(), optionflags=doctest.ELLIPSIS)
    result = runner.run(test)
    assert result.failed == 0


def test_readme_shows_no_doctest_markers() -> None:
    # A reader copies what the README shows; "<BLANKLINE>" is doctest's, not Python's.
    assert "<BLANKLINE>" not in README.read_text(encoding="utf-8")


def test_blank_lines_in_output_are_marked_and_only_those() -> None:
    block = "```python\n>>> print('a\\n\\nb')\na\n\nb\n\n>>> 1\n1\n\n```\nprose\n\nmore"
    assert blank_lines_marked(block) == block.replace("a\n\nb", "a\n<BLANKLINE>\nb", 1)


def test_readme_names_the_two_commands_and_the_import_names() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    assert "`autograd`" in text and "`nn`" in text
    assert "docs/chain_rule_W1.png" in text and (README.parent / "docs/chain_rule_W1.png").exists()


def test_readme_demo_table_lists_every_demo_and_counts_them() -> None:
    # A new user reads "runs all N" and the table; a demo added to demos/ must appear in both.
    from demos import DEMOS

    text = README.read_text(encoding="utf-8")
    words = "zero one two three four five six seven eight nine ten eleven twelve thirteen"
    words += " fourteen fifteen sixteen seventeen eighteen nineteen twenty"
    assert f"`make demo` runs all {words.split()[len(DEMOS)]} " in text
    table = text.split("| lecture concept | demo |", 1)[1].split("\n\n", 1)[0]
    for name in DEMOS:
        assert f"| `{name}` |" in table, name


def test_readme_images_exist() -> None:
    import re

    text = README.read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert images
    for image in images:
        assert (README.parent / image).exists(), image


def test_readme_code_blocks_run_as_written(tmp_path: Path) -> None:
    # A student pastes each ```python block that is not a REPL session into a file and runs
    # it; each must run as it stands (no name it forgot to import or define).
    import re
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if ">>> " not in b]
    assert len(blocks) >= 2
    (tmp_path / "out").mkdir()
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=120,
        )
        assert result.returncode == 0, (block, result.stderr)
        # a print whose comment shows its output prints that (the fit example's accuracy)
        # (a comment line right under it continues that output, a long line cut in two)
        for shown, more in re.findall(r"^print\(.*\)  # (.*)\n((?:# .*\n)*)", block, re.M):
            for part in [shown, *(line.removeprefix("# ") for line in more.splitlines())]:
                assert part in result.stdout, (block, part, result.stdout)
    assert (tmp_path / "out" / "training.html").exists()


def test_readme_first_picture_is_todays_drawing_in_the_one_palette() -> None:
    # docs/chain_rule_W1.{svg,png} are out/05_chain_rule_W1.* copied by hand: the README's
    # first picture must show what `make demo` draws — only the palette's colours, and each of
    # the five factors of ∂C₀/∂W₁ in its own colour.
    import re

    from autograd.show import palette

    hexes = re.compile(r"#[0-9a-fA-F]{6}\b")
    allowed = {c.lower() for c in hexes.findall(Path(palette.__file__).read_text("utf-8"))}
    svg = (README.parent / "docs" / "chain_rule_W1.svg").read_text(encoding="utf-8")
    used = {c.lower() for c in hexes.findall(svg)}
    assert used <= allowed, sorted(used - allowed)
    assert set(palette.SERIES[: palette.DISTINCT]) <= used


def test_readme_repl_section_says_its_network_is_not_the_running_example() -> None:
    # The session's one neuron is named as the running example is (W₁, z₁, C₀) but has another
    # ∂C₀/∂W₁: a student comparing it with the figures' 0.0409 is told which network is which,
    # with both numbers as the engine computes them.
    from autograd.show.text import number
    from nn.lecture import lecture_network

    text = README.read_text(encoding="utf-8")
    intro = text.split("## A REPL session", 1)[1].split("```python", 1)[0]
    net = lecture_network()
    net.C0.backward()
    one = lecture_network()  # its first neuron alone, a₁ taken as the prediction
    C0 = (one.a1 - one.y) ** 2
    C0.backward()
    assert f"∂C₀/∂W₁ = {number(one.W1.grad)}" in intro and "C₀ = (a₁ − y)²" in intro
    assert f"∂C₀/∂W₁ = {number(net.W1.grad)}" in intro and "C₀ = (a₂ − y)²" in intro
    assert "running example" in intro


def test_readme_shows_compile_before_the_speed_section() -> None:
    # A user meets compile in the API table and in fit(compile=True): a runnable example there,
    # not only at line 1,000 in "Speed".
    text = README.read_text(encoding="utf-8")
    first = text.index(">>> cf = autograd.compile(")
    assert first < text.index("## Speed") and first < text.index("## The lecture, demo by demo")


def fences_that_break_a_list(text: str) -> list[int]:
    """Line numbers of code fences written inside a list item but not indented to its content:
    Markdown ends the list there, and the item after the block starts a new list (the fit
    section's bullets were once cut in two so). A fence counts as inside an item when the
    item's text leads into it ("… on the REPL session's neuron:") and the same section's list
    goes on after it; a block between two lists, after an item's last sentence, is left be."""
    lines = text.split("\n")
    broken = []
    item_indent: int | None = None  # the content column of the list item being read
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip())
        if line.lstrip().startswith("```"):
            close = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == "```")
            before = next(s for s in reversed(lines[:i]) if s.strip())
            if item_indent is not None and indent < item_indent and before.endswith(":"):
                rest = lines[close + 1 :]
                section = rest[: next((k for k, s in enumerate(rest) if s.startswith("#")), None)]
                if any(s.startswith("- ") for s in section):
                    broken.append(i + 1)
            i = close + 1
            continue
        if line.startswith("- "):
            item_indent = 2
        elif line.strip() and (item_indent is None or indent < item_indent):
            item_indent = None
        i += 1
    return broken


def test_code_blocks_inside_list_items_keep_the_list_whole() -> None:
    assert fences_that_break_a_list(README.read_text(encoding="utf-8")) == []
    broken = "- a\n  text:\n\n```python\n>>> 1\n1\n```\n\nmore\n- b\n"
    assert fences_that_break_a_list(broken) == [4]
    kept = broken.replace(
        "```python\n>>> 1\n1\n```\n\nmore", "  ```python\n  >>> 1\n  1\n  ```\n\n  more"
    )
    assert fences_that_break_a_list(kept) == []


def test_readme_test_counts_are_the_suites_within_five_percent() -> None:
    # "about 2,300 tests" and "2,335 tests" went stale as tests were added: every count the
    # README gives is "about N", and N is within 5 % of what `make test` collects.
    import re
    import subprocess
    import sys

    text = README.read_text(encoding="utf-8")
    said = re.findall(r"([\d,]+) tests\b", text)
    assert said and all(re.search(rf"about {re.escape(n)} tests\b", text) for n in said), said
    ignore = ["--ignore=tests/torch", "--ignore=tests/browser", "--ignore=tests/install"]
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", *ignore],
        capture_output=True,
        text=True,
        cwd=README.parent,
        timeout=300,
    ).stdout
    m = re.search(r"(\d+) tests? collected", collected)
    assert m, collected[-500:]
    for n in said:
        assert abs(int(n.replace(",", "")) - int(m.group(1))) <= 0.05 * int(m.group(1)), (n, m[0])
