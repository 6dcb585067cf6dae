"""One quick run of every demo, as `make demo` runs them, shared by the tests that read its
output (its stdout and its figures): the demos run once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_demos(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m demos ARGS`` from the checkout (the wheel does not ship `demos`)."""
    return subprocess.run(
        [sys.executable, "-m", "demos", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )


@pytest.fixture(scope="session")
def every_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, Path]:
    """One quick run of all demos, as `make demo` runs them: (stdout, its folder, out)."""
    tmp_path = tmp_path_factory.mktemp("every_demo")
    out = tmp_path / "figs"
    result = run_demos("--quick", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout, tmp_path, out


@pytest.fixture
def kept_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Run a demo in-process (quick mode, figures under tmp_path): each figure it saves is kept
    here by name instead of written, for a test to read its texts; closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import demos.context as context

    figures: dict[str, Any] = {}

    def keep(fig: Any, name: str, *, advanced: bool = False) -> Path:
        figures[name] = fig
        return tmp_path / f"{name}.png"

    context.configure(tmp_path, quick=True)
    monkeypatch.setattr(context, "save_figure", keep)
    yield figures
    for fig in figures.values():
        plt.close(fig)
