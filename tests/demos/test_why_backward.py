"""The why_backward demo: its table says what derivative() measured, and it is true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    tmp_path = tmp_path_factory.mktemp("why_backward")
    result = subprocess.run(
        [sys.executable, "-m", "demos", "why_backward", "--quick", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result, tmp_path


def test_why_backward_table_counts_and_figures(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, tmp_path = demo
    rows = re.findall(
        r"^(lecture network|MLP\(2, \[16, 16, 1\]\))\s+(\d+) (forward|reverse)\s+(\d+)\s+([\d,]+)"
        r"\s+([\d,]+)\s+[\d.]+ ms$",
        result.stdout,
        flags=re.M,
    )
    table = {
        (r[0], r[2]): [int(x.replace(",", "")) for x in (r[1], r[3], r[4], r[5])] for r in rows
    }
    # one number format in the time column: 3 significant digits, trailing zeros kept (a
    # "0.03 ms" once stood beside "0.0295 ms")
    times = re.findall(r"\s([\d.]+) ms$", result.stdout, flags=re.M)
    assert len(times) == 5  # the table's four and one backward pass
    for t in times:
        assert len(t.replace(".", "").lstrip("0")) == 3 or float(t) >= 1000, times
    assert table[("lecture network", "forward")][:2] == [4, 4]
    assert table[("lecture network", "reverse")][:2] == [4, 1]
    params, sweeps, visits, products = table[("MLP(2, [16, 16, 1])", "forward")]
    r_params, r_sweeps, r_visits, r_products = table[("MLP(2, [16, 16, 1])", "reverse")]
    assert (params, sweeps, r_params, r_sweeps) == (337, 337, 337, 1)
    assert visits == 337 * r_visits and products > r_products
    # the paths argument: 16^(depth−1) paths, one multiply-add per edge
    m = re.search(r"paths from .* to C: ([\d,]+) = 16\^(\d+)", result.stdout)
    assert m and int(m.group(1).replace(",", "")) == 16 ** int(m.group(2))
    edges = re.search(r"edges in the whole graph: ([\d,]+)", result.stdout)
    once = re.search(r"one backward pass: ([\d,]+) multiply-adds", result.stdout)
    assert edges and once and edges.group(1) == once.group(1)
    # the second derivative agrees with finite differences, and explain() checks its sum
    d2 = re.search(r"∂²C₀/∂W₁² = ([+−][\d.]+) .*finite differences ([+−][\d.]+)", result.stdout)
    assert d2
    assert abs(float(d2.group(1).replace("−", "-")) - float(d2.group(2).replace("−", "-"))) < 1e-8
    assert "✓ equal" in result.stdout
    assert (tmp_path / "why_backward.png").read_bytes()[:4] == b"\x89PNG"
    svg = (tmp_path / "advanced" / "why_backward_derivative_graph.svg").read_text(encoding="utf-8")
    assert "∂C" in svg and "/∂a" in svg


def test_the_second_derivative_check_says_which_graph_it_is(
    demo: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    """Printed after ∂C₀/∂W₁ = +0.0409, "check: W₁.grad = −0.00402885" must be preceded by a
    line saying this W₁.grad comes from backward() on the graph of ∂C₀/∂W₁, not C₀'s."""
    lines = demo[0].stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("∂C₀/∂W₁ = +0.0409"))
    check = next(i for i, line in enumerate(lines) if line.startswith("check: W₁.grad = −0.004"))
    d2 = next(line for line in lines if line.startswith("∂²C₀/∂W₁² = ")).split()[2]
    said = [line for line in lines[first + 1 : check] if "W₁.grad" in line]
    assert len(said) == 1, lines[first:check]
    assert "runs backward() on the graph of ∂C₀/∂W₁" in said[0] and "not on C₀" in said[0]
    assert f"W₁.grad now holds ∂(∂C₀/∂W₁)/∂W₁ = ∂²C₀/∂W₁² = {d2}" in said[0]
    # In a terminal nothing is drawn "above": the line names the file the graph is drawn in.
    drawn = demo[1] / "advanced" / "why_backward_derivative_graph.svg"
    assert f"the graph of ∂C₀/∂W₁ drawn in {drawn} " in said[0] and drawn.exists()
    assert "above" not in said[0]


@pytest.mark.parametrize("faster", ["forward", "reverse", "neither"])
def test_the_small_network_words_follow_the_measured_times(
    faster: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    kept_figures: dict[str, Any],
) -> None:
    """The title of why_backward_time and the printed line say which mode this run's clock
    favoured on the 4-parameter network: a busy machine once drew reverse mode's bar lower
    under a title saying forward mode wins. Here the clock is made to favour each mode."""
    import dataclasses
    import itertools
    import runpy

    import matplotlib

    matplotlib.use("Agg")

    import autograd
    import demos.context as context

    real = autograd.derivative
    # "neither": forward's median is the slower, but its runs overlap reverse mode's
    overlapping = {
        "forward": itertools.cycle([1e-3, 3e-3, 2.6e-3]),
        "reverse": itertools.repeat(2.5e-3),
    }

    def timed(C: Any, w: Any, mode: str = "reverse") -> Any:
        d = real(C, w, mode=mode)  # type: ignore[arg-type]
        if faster == "neither":
            return dataclasses.replace(d, seconds=next(overlapping[mode]))
        return dataclasses.replace(d, seconds=1e-3 if mode == faster else 2e-3)

    figures = kept_figures
    monkeypatch.setattr(autograd, "derivative", timed)
    monkeypatch.setattr(context, "save_graph", lambda *a, **k: ([tmp_path / "g.svg"], None))
    with matplotlib.rc_context():
        runpy.run_module("demos.why_backward", run_name="__main__")
    out = capsys.readouterr().out
    (ax,) = figures["why_backward_time"].get_axes()
    title = ax.get_title().replace("\n", " ")
    said = (
        "with 4 parameters neither mode won clearly"
        if faster == "neither"
        else f"with 4 parameters {faster} mode won this run"
    )
    assert said in title, title
    line = next(s for s in out.splitlines() if s.startswith("The lecture network's times:"))
    assert said in line, line
    assert "can win" not in title + line
    assert (" won this run" in title) == (faster != "neither"), title
