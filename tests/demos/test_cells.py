"""The demos as notebook cells (jupytext "percent" scripts, `# %%`): Jupyter echoes the value of
a cell's last expression, so a cell that ends in ``save_figure(...)`` would print a stray path
under the figure. Saving is for its side effect; the path is kept in a name instead."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(p for p in (ROOT / "demos").glob("*.py") if "# %%" in p.read_text())
SAVERS = {"save_figure", "save_graph"}


def code_cells(text: str) -> list[tuple[int, str]]:
    """(first line, source) of each code cell, as jupytext splits a percent script."""
    cells: list[tuple[int, str]] = []
    head: str | None = None
    start, body = 0, []
    for number, line in enumerate([*text.splitlines(), "# %%"], start=1):
        if re.match(r"# %%", line):
            if head is not None and "[markdown]" not in head:
                cells.append((start, "\n".join(body)))
            head, start, body = line, number + 1, []
        else:
            body.append(line)
    return cells


def _echoed_call(source: str) -> str | None:
    """The function whose result Jupyter would print after this cell, if it is a call."""
    tree = ast.parse(source)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return None
    call = tree.body[-1].value
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
        return call.func.id
    return None


def test_the_cell_splitter_sees_a_trailing_save() -> None:
    text = "# %% [markdown]\n# text\n\n# %%\nx = 1\nsave_figure(fig, 'a')\n\n# %%\ny = 2\n"
    cells = code_cells(text)
    assert [start for start, _ in cells] == [5, 9]
    assert _echoed_call(cells[0][1]) == "save_figure"
    assert _echoed_call(cells[1][1]) is None


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_no_cell_echoes_a_saved_path(script: Path) -> None:
    assert SCRIPTS, "no jupytext scripts found in demos/"
    for start, source in code_cells(script.read_text()):
        name = _echoed_call(source)
        assert name not in SAVERS, f"{script.name}:{start}: the cell ends in {name}(...)"
