"""A missing optional extra is a sentence, never a bare ``No module named 'graphviz'``: each entry
point that needs one names the extra and the commands that install it, in a fresh interpreter
(an earlier import in the same process would hide the absence); the extras named are those
pyproject.toml declares."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograd import extras

ROOT = Path(__file__).resolve().parents[2]


def _run_without(module: str, code: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh Python where ``import module`` fails as if it were not installed."""
    prelude = f"import sys\nsys.modules[{module!r}] = None  # as if not installed\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"},
        cwd=ROOT,
        timeout=120,
    )


ENTRY_POINTS = """\
from autograd import backward_steps
from autograd.show.render import new_digraph, use_renderer
from autograd.show.viz import draw_graph, draw_layers, draw_paths, draw_step, step_frames
from nn.lecture import lecture_network

n = lecture_network()
calls = {
    "draw_graph": lambda: draw_graph(n.C0),
    "draw_paths": lambda: draw_paths(n.C0, n.W1),
    "draw_layers": lambda: draw_layers([[n.x], [n.a1]], [[[n.W1]]]),
    "draw_step": lambda: draw_step(backward_steps(lecture_network().C0)[0]),
    "step_frames": lambda: step_frames(lecture_network().C0),
    "new_digraph": lambda: new_digraph("g"),
    "use_renderer": use_renderer,
}
for name, call in calls.items():
    try:
        call()
        print(f"{name}|no error")
    except Exception as e:
        print(f"{name}|{type(e).__name__}|" + str(e).replace("\\n", " / "))
"""


def test_every_drawing_entry_point_without_graphviz_names_the_viz_extra() -> None:
    result = _run_without("graphviz", ENTRY_POINTS)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split("|", 2) for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == [
        "draw_graph", "draw_paths", "draw_layers", "draw_step", "step_frames", "new_digraph",
        "use_renderer",
    ]  # fmt: skip
    for name, kind, message in rows:
        assert kind == "ModuleNotFoundError", (name, kind, message)
        assert "needs the Python package 'graphviz'" in message, (name, message)
        assert "'viz' extra" in message, (name, message)
        assert "pip install 'chainrule-autograd[viz]'" in message, (name, message)
        assert "pip install -e '.[viz]'" in message, (name, message)


def test_the_explorer_needs_no_graphviz_package() -> None:
    # explore() lays out with a dot program (or its own layers), never the Python package
    result = _run_without(
        "graphviz",
        "from autograd.show.explore import explore\nfrom nn.lecture import lecture_network\n"
        "print(repr(explore(lecture_network().C0))[:10])",
    )
    assert result.returncode == 0 and result.stdout.startswith("<Explorer"), result.stderr


def test_strategies_without_hypothesis_names_the_testing_extra() -> None:
    result = _run_without("hypothesis", "import autograd.strategies")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()
    message = "\n".join(last[-4:])
    assert last[-4].startswith("ModuleNotFoundError: autograd.strategies needs the Python "
                               "package 'hypothesis'"), message  # fmt: skip
    assert "'testing' extra" in message
    assert "pip install 'chainrule-autograd[testing]'" in message
    assert "pip install -e '.[testing]'" in message


def test_a_failure_inside_an_installed_package_is_not_called_missing(tmp_path: Path) -> None:
    # graphviz is there, but something it imports is not: its own error is the better one
    (tmp_path / "brokenpkg").mkdir()
    (tmp_path / "brokenpkg" / "__init__.py").write_text("import not_a_module_anywhere\n")
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(ModuleNotFoundError, match="not_a_module_anywhere") as info:
            extras.require("brokenpkg", "a test")
        assert "extra" not in str(info.value)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("brokenpkg", None)


def test_the_extras_named_are_the_ones_pyproject_declares() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library ≥ 3.11")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == extras.DISTRIBUTION
    declared = project["optional-dependencies"]
    for module, extra in extras.EXTRAS.items():
        names = [req.split(">")[0].split("=")[0].split("[")[0].strip() for req in declared[extra]]
        assert module in names, (module, extra, declared[extra])
    # `make test` installs dev, which brings the testing extra (hypothesis) with it
    assert f"{extras.DISTRIBUTION}[testing]" in declared["dev"]
