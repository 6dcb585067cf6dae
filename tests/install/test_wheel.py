"""The real thing, slow and online (`make test-install`, run by .ci/run; not in `make test`):
build our wheel, check what it ships, and install it beside HIPS autograd from PyPI in scratch
virtual environments, in both orders, as a user would."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _sh(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=900
    )


def _ok(*args: str | Path) -> str:
    done = _sh(*args)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _ok(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out, ROOT)
    (path,) = out.glob("chainrule_autograd-*.whl")
    return path


def _venv(where: Path, *installs: str | Path) -> Path:
    _ok(sys.executable, "-m", "venv", where)
    python = where / "bin" / "python"
    for what in installs:  # one pip call each: the order is the point
        _ok(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", what)
    return python


def _run(python: Path, code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return _sh(python, "-c", code, cwd=cwd)  # cwd: outside the checkout


def test_the_wheel_ships_autograd_nn_and_the_license_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names}
    assert top == {"autograd", "nn", wheel.name.split("-")[0] + "-0.1.0.dist-info"}
    licenses = [n for n in names if n.endswith("/LICENSE")]
    assert len(licenses) == 1
    text = zipfile.ZipFile(wheel).read(licenses[0]).decode()
    assert "MIT License" in text and "chainrule-autograd contributors" in text
    assert "autograd/py.typed" in names and "nn/py.typed" in names


def test_alone_it_imports_and_demos_is_not_installed(wheel: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv", wheel)
    done = _run(python, "import autograd, nn; print(nn.MLP(2, [1], seed=0)([1, 2]).data)", tmp_path)
    assert done.returncode == 0, done.stderr
    done = _run(python, "import demos", tmp_path)
    assert done.returncode == 1 and "No module named 'demos'" in done.stderr
    done = _run(python, "import exercises", tmp_path)
    assert done.returncode == 1 and "No module named 'exercises'" in done.stderr


def test_hips_first_then_ours_every_import_explains(wheel: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv", "autograd", wheel)
    for code in ("import autograd", "from autograd import grad", "import nn"):
        done = _run(python, code, tmp_path)
        assert done.returncode == 1, code
        assert "AutogradClashError: two different packages named 'autograd'" in done.stderr
        assert "lie beside ours" in done.stderr and "virtual environment" in done.stderr


def test_ours_first_then_hips_nn_explains(wheel: Path, tmp_path: Path) -> None:
    python = _venv(tmp_path / "venv", wheel, "autograd")
    done = _run(python, "import nn", tmp_path)
    assert done.returncode == 1
    assert "AutogradClashError: two different packages named 'autograd'" in done.stderr
    assert "loaded the other package's __init__.py" in done.stderr
    # HIPS's own __init__.py runs first and cannot know about us: Python's plain error here,
    # which the README's section on the clash explains.
    done = _run(python, "from autograd import Value", tmp_path)
    assert done.returncode == 1 and "cannot import name 'Value'" in done.stderr


_FIT = """
import sys
import nn
from nn.datasets import moons
X, y = moons(60, as_numpy="numpy" in sys.argv)
history = nn.fit(nn.MLP(2, [8, 1], seed=0), X, y, epochs=20)
print(type(X).__module__, len(history.loss))
"""


def test_the_wheel_alone_trains_with_fit_on_lists_then_on_numpy(
    wheel: Path, tmp_path: Path
) -> None:
    # pip install chainrule-autograd (no extras), then fit: it used to need tqdm (demos extra)
    python = _venv(tmp_path / "venv", wheel)
    installed = _ok(python, "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check")
    assert "tqdm" not in installed and "numpy" not in installed  # nothing beyond the wheel
    done = _run(python, _FIT, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # progress goes to stdout; no warning
    lines = done.stdout.splitlines()
    assert lines[0].startswith("training: epoch  2/20, cost C = ")  # piped: plain lines
    assert lines[-2].startswith("training: epoch 20/20") and lines[-1] == "builtins 20"
    # a student's data is usually numpy: install it (not a dependency of ours), fit on arrays
    _ok(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "numpy")
    done = _sh(python, "-c", _FIT, "numpy", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "numpy 20"
