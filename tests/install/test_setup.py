"""What a student sees while `make demo` / `make test` set up .venv the first time (slow and
online, so `make test-install`, not `make test`): the [1/3]…[3/3] lines and nothing that is not
ours — yet a real error in the install still shows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _setup(project: Path, venv: Path) -> subprocess.CompletedProcess[str]:
    # --no-print-directory: under `make test-install` this make is a sub-make, which would
    # announce "make[1]: Entering directory …"; a student's `make demo` is not.
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), f"VENV={venv}", f"{venv}/.installed"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_setup_prints_our_stage_lines_and_no_foreign_notices(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    done = _setup(ROOT, venv)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    ours = lines  # everything printed must be ours
    assert [line.split(" ")[0] for line in ours] == ["[1/3]", "[2/3]", "[3/3]", "ready:"], ours
    assert "Editable installation" not in done.stderr
    assert (venv / "bin" / "python").exists()


def test_a_broken_install_still_shows_its_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    for pkg in ("autograd", "nn"):
        shutil.copytree(ROOT / pkg, project / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    toml = project / "pyproject.toml"
    toml.write_text(toml.read_text().replace('version = "0.1.0"', 'version = "not a version"'))
    done = _setup(project, tmp_path / "venv")
    assert done.returncode != 0
    assert "project.version" in done.stderr  # setuptools' own words about what is wrong
