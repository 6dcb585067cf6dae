"""Every demo runs (in --quick mode) and writes the files it says it wrote."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from demos import DEMOS, lecture_number

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    # The wheel does not ship `demos`; it runs from the checkout, put on the path here.
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "demos", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=600,
    )


def _claimed(stdout: str) -> list[Path]:
    tail = stdout.rsplit("Wrote ", 1)[1]
    count = int(tail.split(" ", 1)[0])
    files = [Path(line.strip()) for line in tail.splitlines()[1:] if line.strip()]
    assert len(files) == count
    return files


def test_every_demo_runs_quick_and_writes_its_files(every_demo: tuple[str, Path, Path]) -> None:
    stdout, tmp_path, out = every_demo
    files = _claimed(stdout)
    figures = [f for f in files if f.suffix in (".png", ".svg")]
    assert len(figures) >= 10
    for f in files:
        path = f if f.is_absolute() else tmp_path / f
        assert path.exists() and path.stat().st_size > 0, f
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if path.suffix == ".svg":
            ET.fromstring(path.read_text(encoding="utf-8"))
    page = (out / "10_backward_steps.html").read_text(encoding="utf-8")
    assert page.count('class="frame"') == len([f for f in files if f.match("10_*step_*.svg")])
    # its tooltips say what a box or an edge is, in words: never Graphviz's n0, n7, n0->n7
    titles = re.findall(r"<title>([^<]*)</title>", page)
    assert "W₁ = 0.8; ∂C₀/∂W₁ = 0.5 × 0.0818 = 0.0409; final" in titles
    assert any(t.endswith(": not reached yet") for t in titles)
    assert not [t for t in titles if re.fullmatch(r"n\d+(?:&#45;&gt;n\d+)?|graph", t)]
    # and so do the stand-alone drawings' (a browser shows them too): no internal name, and
    # lines joined as sentences — never "y,; times" or "derivative;; y"
    internal = r"n\d+(?:&#45;&gt;n\d+)?|graph|caption|strut|key|legend|cluster_\w+|\w+&#45;&gt;\w+"
    for f in [*figures, out / "10_backward_steps.html"]:
        path = f if f.is_absolute() else tmp_path / f
        if path.suffix == ".png":
            continue
        said = re.findall(r"<title>([^<]*)</title>", path.read_text(encoding="utf-8"))
        assert not [t for t in said if re.fullmatch(internal, t)], (path.name, said)
        assert not [t for t in said if ";," in t or ";;" in t], (path.name, said)
    # the printed chain rule is checked against backward() and finite differences
    assert "∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂" in stdout
    pairs = re.findall(r"backward\(\) ([+−][\d.]+)\s+finite differences ([+−][\d.]+)", stdout)
    assert len(pairs) == 4
    assert all(abs(_float(a) - _float(b)) < 1e-7 for a, b in pairs)
    # every printed negative number (and exponent) has the slides' minus "−", never "-"
    ascii_minus = re.findall(r".{0,30}(?:(?<![\w.\-])-\d|\de-\d).{0,10}", stdout)
    assert ascii_minus == [], ascii_minus


def _float(text: str) -> float:
    return float(text.replace("−", "-"))


@pytest.fixture(scope="module")
def average_alone(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``python -m demos average --quick``: one demo, by name; its stdout."""
    tmp_path = tmp_path_factory.mktemp("average")
    result = _run("average", "--quick", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_one_demo_by_name(average_alone: str) -> None:
    assert [f.name for f in _claimed(average_alone)] == ["07_average.png"]
    assert "1/n Σᵢ ∂Cᵢ/∂W" in average_alone


# --- what the demos say: numbers as in the lecture, plurals, the chain written as on the slide --


def test_a_demo_run_alone_is_numbered_as_in_the_lecture(average_alone: str) -> None:
    # its files are 07_…; it was announced as "1." when run alone
    assert f"\n7. {DEMOS['average']}  (demos/average.py)\n" in average_alone
    assert f"1. {DEMOS['average']}" not in average_alone


def test_all_demos_run_together_are_numbered_as_in_the_lecture(
    every_demo: tuple[str, Path, Path],
) -> None:
    stdout = every_demo[0]
    headers = re.findall(r"^(\d+[a-z]?)\. (.*)  \(demos/(\w+)\.py\)$", stdout, re.M)
    assert [name for *_, name in headers] == list(DEMOS)
    assert [(number, title) for number, title, _ in headers] == [
        (lecture_number(name), DEMOS[name]) for name in DEMOS
    ]
    numbers = [number for number, *_ in headers]
    assert numbers[:6] == ["1", "2", "3", "4", "5", "5b"] and "10b" in numbers


@pytest.mark.parametrize("name", list(DEMOS))
def test_each_demos_files_carry_its_lecture_number(name: str) -> None:
    """05_chain_rule_W1.svg comes from the demo numbered 5, 05b_nudge.png from 5b."""
    source = (ROOT / "demos" / f"{name}.py").read_text(encoding="utf-8")
    number = lecture_number(name)
    digits, letter = re.fullmatch(r"(\d+)([a-z]?)", number).groups()  # type: ignore[union-attr]
    prefixes = set(re.findall(r"[\"'](\d+[a-z]?)_\w", source))
    assert prefixes <= {f"{int(digits):02d}{letter}"}, (number, prefixes)


def test_one_of_anything_is_singular(
    every_demo: tuple[str, Path, Path], average_alone: str
) -> None:
    assert "\nWrote 1 file in " in average_alone and "1 files" not in average_alone
    for stdout in (every_demo[0], average_alone):
        nouns = "files|paths|steps|epochs|seeds|nodes|updates|parameters|samples|layers|"
        nouns += "sweeps|edges|weights|runs|frames|pages|figures|neurons|units"
        assert re.findall(rf"(?<![\d.,−-])1 (?:more )?(?:{nouns})\b", stdout) == []
        assert "(s)" not in stdout  # "1 seed(s)": a count knows its number


def test_the_running_product_reads_as_the_lecture_writes_it(
    every_demo: tuple[str, Path, Path],
) -> None:
    """Each node's gradient is the local derivative there times the one above it, in the
    slide's order (∂C₀/∂W₁ = ∂z₁/∂W₁ · … · ∂C₀/∂a₂): never "∂C₀/∂a₂ = … × (−1.22)"."""
    from autograd.show.text import factor, number
    from nn.lecture import lecture_network

    stdout = every_demo[0]
    assert "= … ×" not in stdout
    n = lecture_network(x=0.5, y=1.0, W1=0.8, b1=0.1, W2=-1.2, b2=0.3)  # as the demo builds it
    n.C0.backward()
    first = f"∂C₀/∂a₂ = 2·(a₂ − y) = {number(n.a2.grad)}"
    assert re.search(rf"^{re.escape(first)} +\(a₂\.grad = {re.escape(number(n.a2.grad))}\)$",
                     stdout, re.M)  # fmt: skip
    chain = [(n.a2, n.z2), (n.z2, n.a1), (n.a1, n.z1), (n.z1, n.W1)]
    for above, node in chain:
        local = node.grad / above.grad  # what this step multiplies in
        line = (
            f"∂C₀/∂{node.label} = ∂{above.label}/∂{node.label} · ∂C₀/∂{above.label} = "
            f"{factor(local, zeros=True)} × {factor(above.grad, zeros=True)} = {number(node.grad)}"
        )
        assert re.search(rf"^{re.escape(line)} +\({node.label}\.grad = ", stdout, re.M), line


def test_the_neuron_demo_writes_the_weighted_sum_as_the_slide_does(tmp_path: Path) -> None:
    result = _run("neuron", "--quick", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # negative numbers in parentheses with a true minus: never "+ -0.4·2"; inputs x, not a
    assert "z = Σ w·x + b = 0.8·0.5 + 0.2·(−1) + (−0.4)·2 + 0.1 = −0.5\n" in result.stdout


def test_unknown_demo_lists_the_valid_ones(tmp_path: Path) -> None:
    result = _run("nope", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown demo 'nope'" in result.stderr and "chain_rule" in result.stderr
    assert "did you mean" not in result.stderr  # nothing is close to "nope"


def test_a_misspelt_demo_name_gets_the_one_meant(tmp_path: Path) -> None:
    for typed in ("chain-rule", "chainrule", "Backward_Steps"):
        result = _run(typed, cwd=tmp_path)
        assert result.returncode == 2
        meant = "backward_steps" if typed.startswith("B") else "chain_rule"
        assert f"unknown demo {typed!r}; did you mean {meant!r}?" in result.stderr


@pytest.mark.parametrize("name", list(DEMOS))
def test_each_demo_is_a_percent_format_notebook(name: str) -> None:
    source = (Path(__file__).parents[2] / "demos" / f"{name}.py").read_text(encoding="utf-8")
    assert source.startswith("# %% [markdown]")
    assert source.count("# %%") >= 3


_WITHOUT = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # as if not installed: importing it raises ModuleNotFoundError
from demos.__main__ import main
sys.exit(main(["--quick", "--out", sys.argv[2]]))
"""


@pytest.mark.parametrize(
    ("absent", "named"),
    [
        ("matplotlib", "matplotlib is not installed"),
        ("graphviz", "graphviz is not installed"),
        ("matplotlib,graphviz", "matplotlib and graphviz are not installed"),
    ],
)
def test_missing_extras_are_named_with_the_command_that_installs_them(
    tmp_path: Path, absent: str, named: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT, absent, str(tmp_path / "figs")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "ModuleNotFoundError" not in result.stderr
    assert named in result.stderr
    extra = {"matplotlib": "'demos' extra", "graphviz": "'viz' extra"}.get(absent, "extras")
    assert extra in result.stderr
    assert "make demo" in result.stderr and "-m pip install -e '.[demos,viz]'" in result.stderr
    assert not (tmp_path / "figs").exists()  # stopped before any demo ran


def test_a_notebook_writes_to_the_repositorys_out_not_demos_out() -> None:
    # Jupyter starts a notebook's kernel in demos/; the default out folder must not follow it.
    code = "from demos.context import Settings; print(Settings().out)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT / "demos",
        env=_env(),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "out"


def test_missing_extras_point_at_the_checkouts_venv_when_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After `make demo`, a student types `python -m demos chain_rule` with the system Python:
    # the hint names the .venv Python that has everything, with the same arguments.
    import demos.__main__ as runner

    venv_python = tmp_path / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    venv_python.touch()
    monkeypatch.setattr(runner, "CHECKOUT", tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "elsewhere"))
    hint = runner.missing_extras(["chain_rule"])
    assert hint is not None and "matplotlib is not installed" in hint
    assert ".venv/bin/python -m demos chain_rule\n" in hint
    # run by that .venv's own Python, the hint does not send the student in a circle
    monkeypatch.setattr(sys, "prefix", str(tmp_path / ".venv"))
    hint = runner.missing_extras(["chain_rule"])
    assert hint is not None and "run the demos with its Python" not in hint


def test_a_demo_that_writes_nothing_says_so(tmp_path: Path) -> None:
    # `compiled` only prints: the run ends with what happened, not "Wrote 0 files" and a colon
    result = _run("compiled", "--quick", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Wrote" not in result.stdout
    done = r"\nDone in \d+\.\d s \(it prints only: no files written\)\.\n$"
    assert re.search(done, result.stdout), result.stdout


def test_each_page_is_named_when_it_is_written(every_demo: tuple[str, Path, Path]) -> None:
    # A page shows nothing in the terminal: the demo that writes it says, then and there, which
    # file to open, not only in the list of every file at the end.
    stdout = every_demo[0]
    before, _ = stdout.rsplit("\nWrote ", 1)
    pages = [f for f in _claimed(stdout) if f.suffix == ".html"]
    assert {f.name for f in pages} >= {"explore_lecture.html", "10_backward_steps.html"}
    said = [line for line in before.splitlines() if line.startswith("open ")]
    for page in pages:
        assert [line for line in said if line.startswith(f"open {page} in a browser ")], page


def test_forward_and_many_paths_say_which_network_they_show(
    every_demo: tuple[str, Path, Path],
) -> None:
    # Printed, not only in the notebook's markdown: `make demo` shows only what is printed.
    stdout = every_demo[0]
    # 4: the MLP is another model, its input is shown, each layer in the slides' fˡ notation,
    # and why the slide's y′ without biases is exact here
    assert "\nAnother model: MLP(2 → [3 tanh, 2 tanh, 1 sigmoid], 20 parameters)\n" in stdout
    assert "a⁽⁰⁾ = x = [+0.5000, −1.0000]\nlayer 1: a⁽¹⁾ = f¹(W¹ a⁽⁰⁾ + b¹), f¹ = tanh: " in stdout
    assert "layer 3: a⁽³⁾ = f³(W³ a⁽²⁾ + b³), f³ = σ: [+0.4019]" in stdout
    assert "(the slide's formula has no b⁽ˡ⁾: a new MLP's biases are all 0)" in stdout
    # 6: two paths from W₁ on a network that is said to be another one, its C₀ with two terms
    said = stdout.split("The running example with a second output neuron", 1)[1]
    assert said.index("C₀ = (a₂₁ − y₁)² + (a₂₂ − y₂)²") < said.index("2 paths from W₁ to C₀")
    assert "path 2, through the new neuron, adds 0.0302" in said
    assert "Another model, MLP 2-8-8-1 (tanh, σ output), C₀ = (y′ − y)²: the first-layer" in said
