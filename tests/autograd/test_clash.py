"""A HIPS autograd mixed into our `autograd` folder fails at import, saying what and how to fix.

Here the mix is built by copying files into a scratch site-packages (fast); `make test-install`
(tests/install/) does it for real with pip, HIPS autograd from PyPI and our wheel.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import autograd
from autograd._clash import FOREIGN

ROOT = Path(autograd.__file__).resolve().parents[1]


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site-packages"
    skip = shutil.ignore_patterns("__pycache__")
    for package in ("autograd", "nn"):
        shutil.copytree(ROOT / package, site / package, ignore=skip)
    return site


def _python(site: Path, code: str) -> subprocess.CompletedProcess[str]:
    # -S: no site-packages, so neither the venv's editable install nor anything else is found;
    # only the scratch folder on PYTHONPATH.
    return subprocess.run(
        [sys.executable, "-S", "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=site.parent,
        timeout=120,
    )


def test_our_own_folder_imports_cleanly(tmp_path: Path) -> None:
    done = _python(_site(tmp_path), "import autograd, nn; print((autograd.Value(2.0) * 3).data)")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "6.0\n"


def _hips_files(folder: Path) -> None:
    (folder / "core.py").write_text("def make_vjp(): pass\n", encoding="utf-8")
    (folder / "tracer.py").write_text("", encoding="utf-8")
    (folder / "differential_operators.py").write_text("def grad(f): return f\n", encoding="utf-8")
    (folder / "numpy").mkdir()
    (folder / "numpy" / "__init__.py").write_text("", encoding="utf-8")


def test_hips_installed_first_then_ours_every_import_explains(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _hips_files(site / "autograd")  # HIPS's modules stay; our __init__.py overwrote HIPS's
    for code in ("import autograd", "from autograd import grad", "import nn"):
        done = _python(site, code)
        assert done.returncode == 1
        assert "AutogradClashError: two different packages named 'autograd'" in done.stderr
        assert "core.py, differential_operators.py, numpy, tracer.py lie beside ours" in (
            done.stderr
        )
        assert "virtual environment of its own" in done.stderr
        assert "pip uninstall chainrule-autograd autograd" in done.stderr


def test_ours_installed_first_then_hips_nn_explains(tmp_path: Path) -> None:
    site = _site(tmp_path)
    _hips_files(site / "autograd")
    (site / "autograd" / "__init__.py").write_text(  # HIPS's __init__.py replaced ours
        "from .differential_operators import grad\n", encoding="utf-8"
    )
    done = _python(site, "from autograd import grad; import nn")
    assert done.returncode == 1
    assert "AutogradClashError: two different packages named 'autograd'" in done.stderr
    assert "'import autograd' loaded the other package's __init__.py" in done.stderr


def test_the_foreign_list_names_none_of_our_files() -> None:
    ours = {p.name for p in (ROOT / "autograd").iterdir()}
    assert not FOREIGN & ours
