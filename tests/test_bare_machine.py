"""`make test` runs on a student's bare machine: no test depends on where one developer's
machine keeps a system tool. A test that needs system Graphviz, Chromium or PyTorch skips with
its reason when the tool is absent (tests/browser and tests/torch have their own targets, which
require them); `.ci/run` runs `make test` with those tools hidden (`.ci/bare`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[1]
# Folders whose tests `make test` runs (the dedicated targets' folders may require tools).
OWN_TARGETS = {"browser", "torch", "install"}
MACHINE_PATH = re.compile(r"[\"'](/opt/|/usr/(local/)?bin/|/home/|/root/|/snap/)")


def _make_test_files() -> list[Path]:
    files = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        rel = path.relative_to(ROOT / "tests")
        if rel.parts[0] not in OWN_TARGETS:
            files.append(path)
    return files


def test_no_test_of_make_test_names_a_machine_path_or_fails_on_a_missing_tool() -> None:
    offenders = []
    for path in _make_test_files():
        text = path.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line) or "pytest.fail(" in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    offenders = [o for o in offenders if "test_bare_machine.py" not in o]
    assert offenders == [], "\n".join(offenders)


def test_ci_runs_the_two_user_commands_first_with_graphviz_and_chromium_hidden() -> None:
    lines = [
        ln.strip()
        for ln in (ROOT / ".ci" / "run").read_text().splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    commands = [ln for ln in lines if ln.startswith((".ci/", "make", "BENCH", "apt", "if"))]
    assert commands[:2] == [".ci/bare make test", ".ci/bare make demo"], commands
    first_install = next(i for i, ln in enumerate(lines) if "apt-get install" in ln)
    first_bare = lines.index(".ci/bare make test")
    assert first_bare < first_install


def test_bare_runner_hides_graphviz_and_chromium(tmp_path: Path) -> None:
    # A machine that has both (fakes on PATH): the runner's PATH must not show either.
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("dot", "chromium", "neato", "python-like-tool"):
        exe = tools / name
        exe.write_text("#!/bin/sh\nexit 0\n")
        exe.chmod(0o755)
    env = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
    bare = tmp_path / "ci"
    bare.mkdir()
    (bare / "bare").write_text((ROOT / ".ci" / "bare").read_text())
    (bare / "bare").chmod(0o755)
    seen = subprocess.run(
        [str(bare / "bare"), "sh", "-c",
         "command -v dot; command -v chromium; command -v neato; command -v python-like-tool"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert seen.returncode == 0, seen.stderr
    found = seen.stdout.split()
    assert [Path(p).name for p in found] == ["python-like-tool"], seen


def test_bare_runs_at_once_each_see_a_whole_path(tmp_path: Path) -> None:
    # One run looks its tools up again and again while others start: none may find a folder
    # half rebuilt (the old runner emptied and refilled one folder in place).
    tools = tmp_path / "tools"
    tools.mkdir()
    for k in range(300):  # a folder that takes a while to fill
        exe = tools / f"tool{k}"
        exe.write_text("#!/bin/sh\nexit 0\n")
        exe.chmod(0o755)
    system = tmp_path / "system"  # what the runner and the looking run need, and no more
    system.mkdir()
    for name in "bash sh true seq dirname flock mktemp mkdir find ln mv rm chmod".split():
        found = shutil.which(name)
        assert found, name
        (system / name).symlink_to(found)
    env = dict(os.environ, PATH=os.pathsep.join([str(tools), str(system)]))
    bare = tmp_path / "ci" / "bare"
    bare.parent.mkdir()
    bare.write_text((ROOT / ".ci" / "bare").read_text())
    bare.chmod(0o755)
    looking = subprocess.Popen(
        [str(bare), "sh", "-c",
         "for k in $(seq 300); do command -v tool7 >/dev/null || echo missed; done"],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    for _ in range(2):
        subprocess.run([str(bare), "true"], env=env, check=True)
    out, _ = looking.communicate(timeout=120)
    assert looking.returncode == 0
    assert "missed" not in out, out.count("missed")
