"""One running example, the lecture network on the slides' sample (x = 0.5, y = 1, W₁ = 0.8,
b₁ = 0.1, W₂ = −1.2, b₂ = 0.3, σ, C₀ = (a₂ − y)² = 0.372, ∂C₀/∂W₁ = 0.0409), in every lecture
figure from the neuron to the update and the backward steps; a figure that needs another model
says which, with its cost; the advanced figures live in ``out/advanced/``, apart."""

from __future__ import annotations

import runpy
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

import demos.context as context

SVG = "{http://www.w3.org/2000/svg}"

ADVANCED = {
    "04_forward_mlp.svg",
    "05b_nudge_rounding.png",
    "07c_learning_rate_surface.png",
    "09_vanishing_all.png",
    "09_factors.png",
    "09_init_sweep.png",
    "why_backward_time.png",
    "why_backward_derivative_graph.svg",
}


def _texts(svg: Path) -> list[str]:
    """Every text run of a drawing, in order."""
    root = ET.fromstring(svg.read_text(encoding="utf-8"))
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def _joined(svg: Path) -> str:
    return " ".join(t.strip() for t in _texts(svg) if t.strip())


def test_the_running_examples_numbers_in_every_lecture_figure(
    every_demo: tuple[str, Path, Path],
) -> None:
    stdout, _, out = every_demo
    # 1: the lecture network's first neuron, forward
    neuron = _texts(out / "01_neuron.svg")
    for shown in ("x = 0.5", "W₁ = 0.8", "b₁ = 0.1", "z₁ = W₁·x + b₁ = 0.5", "a₁ = σ(z₁) = 0.622"):
        assert shown in neuron, shown
    assert "(the whole network: a₂ = 0.39, C₀ = (a₂ − y)² = 0.372)" in stdout
    # 2: σ at the example's z₁ and z₂ (∂a₁/∂z₁ = 0.235, ∂a₂/∂z₂ = 0.238 of the chain rule)
    assert "z₁ = 0.5: σ(z₁) = 0.622, σ′(z₁) = 0.235" in stdout
    assert "z₂ = −0.447: σ(z₂) = 0.39, σ′(z₂) = 0.238" in stdout
    # 4: forward through the layers to the cost
    forward = _joined(out / "04_forward.svg")  # C₀'s value may stand below its formula
    for shown in ("x = 0.5", "a₁ = 0.622", "y′ = a₂ = 0.39", "C₀ = (a₂ − y)² = 0.372", "y = 1"):
        assert shown in forward, shown
    # 5: the chain rule, each figure with its givens; W₁'s product is 0.0409
    given = "given: x = 0.5, y = 1 W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3"
    for name in ("W1", "W2", "b2"):
        drawn = _joined(out / f"05_chain_rule_{name}.svg")
        assert given in drawn and "C₀ = (a₂ − y)² = 0.372" in drawn, name
    assert "× (−1.22) = 0.0409" in _joined(out / "05_chain_rule_W1.svg")
    flow = _texts(out / "05_chain_rule_flow.svg")
    assert "← 0.0409" in flow and "C₀ = (a₂ − y)² = 0.372" in flow
    # 5b: the nudge, at the example's W₁
    assert "C₀ = 0.372 (0.371995), ∂C₀/∂W₁ from backward() = 0.0409" in stdout
    # 6: the example with a second output: path 1 is its chain
    paths = _joined(out / "06_many_paths.svg")
    assert "path 1: 0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409" in paths
    # … and the new neuron's numbers, so that path 2 can be re-derived by hand from the slide
    assert "W₂₂ = 0.9, b₂₂ = −0.2, y₂ = 0" in paths
    # 7, 7b, 7c: the data set starts with the example's sample
    assert "sample 0: x = +0.5, y = 1.0   C₀ = 0.372   ∂C₀/∂W₁ = 0.0409" in stdout
    assert "sample 0 (the slides'): C₀ = 0.372, ∂C₀/∂W₁ = 0.0409" in stdout
    assert "sample 0 (x = 0.5, y = 1) has C₀ = 0.372, ∂C₀/∂W₁ = 0.0409" in stdout
    # 10: the backward steps end at the same ∂C₀/∂W₁
    frames = sorted(out.glob("10_step_*.svg"))
    assert any("C₀ = (a₂ − y)² = 0.372" in _texts(f) for f in frames)
    assert "∂C₀/∂W₁ = 0.5 × 0.0818 = 0.0409" in _texts(frames[-1])


def test_the_backward_steps_go_layer_by_layer_on_the_slides(
    every_demo: tuple[str, Path, Path],
) -> None:
    """Five steps after the seed, from C₀ back to z₁; layer 2's weights final at step 3, before
    layer 1's; the explorer's page, the PNG series and the README count them alike."""
    stdout, _, out = every_demo
    frames = sorted(out.glob("10_step_*.svg"))
    assert len(frames) == 1 + 5
    heads = [next(t for t in _texts(f) if t.startswith("step ")) for f in frames]
    assert [h.split(",")[0] for h in heads] == [
        "step 0: the seed",
        "step 1: at C₀",
        "step 2: at a₂",
        "step 3: at z₂",
        "step 4: at a₁",
        "step 5: at z₁",
    ]
    final = [" ".join(_texts(f)) for f in frames]
    assert all("final" not in text for text in final[:3]) and "final" in final[3]  # W₂, b₂
    assert "5 steps, from the last layer to the first: C₀, a₂, z₂, a₁, z₁" in stdout


def test_lecture_and_advanced_figures_apart(every_demo: tuple[str, Path, Path]) -> None:
    _, _, out = every_demo
    advanced = {p.name for p in (out / "advanced").iterdir() if p.suffix in (".png", ".svg")}
    assert {name for name in ADVANCED} <= advanced
    lecture = {p.name for p in out.iterdir() if p.suffix in (".png", ".svg")}
    assert not lecture & ADVANCED
    assert {"07c_learning_rate.png", "09_vanishing.png", "05b_nudge.png"} <= lecture


@pytest.mark.parametrize(
    ("demo", "figure", "says"),
    [
        ("nonlinear", "03_nonlinear", ("Another model: a 2-8-8-1 MLP, hinge loss",)),
        ("many_paths", "06_path_products", ("another model: MLP 2-8-8-1", "C₀ = (y′ − y)²")),
        ("train", "08_train", ("Another model: MLP 2-16-16-1", "C = 1/n Σᵢ max(0, 1 − yᵢ·y′ᵢ)")),
        ("vanishing", "09_vanishing", ("another model: 10 hidden layers × 8 neurons, MSE",)),
    ],
)
def test_a_figure_of_another_model_says_which_with_its_cost(
    demo: str,
    figure: str,
    says: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    titles: dict[str, str] = {}

    def keep(fig: Any, name: str, *, advanced: bool = False) -> Path:
        titles[name] = " ".join(t.get_text() for t in fig.findobj(Text))
        import matplotlib.pyplot as plt

        plt.close(fig)
        return tmp_path / f"{name}.png"

    context.configure(tmp_path, quick=True)
    monkeypatch.setattr(context, "save_figure", keep)
    runpy.run_module(f"demos.{demo}", run_name="__main__")
    for words in says:
        assert words in titles[figure], (figure, words)
