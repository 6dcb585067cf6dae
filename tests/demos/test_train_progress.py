"""The training demo piped (``python -m demos train | cat``): fit's progress lands on stdout,
in order between the lines printed before and after training, never on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_train_demos_progress_is_in_order_on_stdout_when_piped(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "demos", "train", "--quick", "--out", str(tmp_path / "figs")],
        capture_output=True,  # a pipe, as `| cat` or a CI log: no terminal
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "training" not in done.stderr and "\r" not in done.stdout
    lines = done.stdout.splitlines()
    model = next(i for i, line in enumerate(lines) if line.startswith("MLP(2 → [16 relu"))
    after = next(i for i, line in enumerate(lines) if line.startswith("after 5 epochs"))
    progress = [line for line in lines if line.startswith("training: epoch")]
    assert progress == lines[model + 1 : after]  # right between, nothing interleaved
    assert [p.split(",")[0] for p in progress] == [f"training: epoch {e}/5" for e in range(1, 6)]
