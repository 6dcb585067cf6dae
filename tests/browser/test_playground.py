"""The live training page (explore_live.html, `autograd.show.playground`) in a real browser:
from the same initial weights, k epochs in the page give `nn.fit`'s cost with the same model,
data, loss and η; a clicked weight shows its value, ∂C/∂w and its paths to one sample's cost
Cᵢ at the current epoch, as backward() computes them. Oracles: `nn.fit`, `nn.batch_cost` and
backward() on the same graphs rebuilt here (the demo's quick data: 30 moons)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autograd.notation.numbers import number
from nn import MLP, batch_cost, fit, hinge
from nn.datasets import moons
from tests.browser.explorer_support import Opened, opened

ALPHA = 1e-4  # as demos/explore.py builds the page


def _data() -> tuple[list[list[float]], list[float]]:
    X, y = moons(n=30, noise=0.1, seed=1337, labels="pm1")  # the demo's --quick data
    return [list(map(float, r)) for r in X], [float(t) for t in y]


def _fitted(eta: float, epochs: int) -> tuple[MLP, Any]:
    X, y = _data()
    model = MLP(2, [16, 16, 1], seed=1337)
    history = fit(model, X, y, loss="hinge", alpha=ALPHA, lr=eta, epochs=epochs, progress=False)
    return model, history


def clean(op: Opened) -> None:
    assert op.errors == [], op.errors
    assert op.outside() == [] and op.refused == [], op.requests


def _steps(op: Opened, k: int) -> None:
    for _ in range(k):
        op.page.click("[data-action=step]")


@pytest.mark.parametrize("eta", [0.3, 0.05, 1.0])
def test_twenty_epochs_in_the_page_cost_what_fit_says(
    browser: Any, quick_pages: Path, eta: float
) -> None:
    _, history = _fitted(eta, 21)  # history.loss[k]: the cost at the start of epoch k
    model, _ = _fitted(eta, 20)  # the weights after 20 updates
    X, y = _data()
    exact = batch_cost(model, X, y, loss="hinge", alpha=ALPHA).data
    with opened(
        browser, quick_pages / "explore_live.html", viewport={"width": 1280, "height": 720}
    ) as op:
        assert float(op.page.text_content("[data-cost]") or "nan") == history.loss[0]
        op.page.fill("input[data-eta]", str(eta))
        _steps(op, 3)
        op.page.click("[data-action=reset]")
        assert op.page.text_content("[data-epoch]") == "0"
        _steps(op, 20)
        assert op.page.text_content("[data-epoch]") == "20"
        cost = float(op.page.text_content("[data-cost]") or "nan")
        assert cost == pytest.approx(history.loss[20], rel=5e-5)  # ≥ 4 significant digits
        assert cost == exact  # in fact bit for bit: ReLU, the hinge, + − × only (fit reports
        # its C·n/n, which may be an ulp off)
        assert op.page.text_content("[data-accuracy]") == f"{history.accuracy[20]:.1%}"
        clean(op)


def test_a_clicked_weight_shows_its_gradient_and_paths_now(browser: Any, quick_pages: Path) -> None:
    model, _ = _fitted(0.3, 12)  # the weights after 12 updates
    X, y = _data()
    for p in model.parameters():
        p.grad = 0.0  # fit leaves the last epoch's gradients
    C = batch_cost(model, X, y, loss="hinge", alpha=ALPHA)
    C.backward()
    name = "w⁽²⁾₃,₄"
    w = dict(model.named_parameters())[name]
    g = w.grad
    with opened(
        browser, quick_pages / "explore_live.html", viewport={"width": 1280, "height": 720}
    ) as op:
        op.page.fill("input[data-eta]", "0.3")
        _steps(op, 12)
        op.page.dispatch_event(f'[data-weight="{name}"]', "click")  # edges cross: this one
        assert op.page.text_content(".panel h2") == f"{name} at epoch 12"
        assert op.page.text_content("[data-w]") == number(w.data)
        assert float(op.page.get_attribute("[data-dw]", "data-value") or "nan") == g
        # its paths to the cost of sample 3 alone, by backward() on C₃ at these weights
        op.page.fill("input[data-sample]", "3")
        for p in model.parameters():
            p.grad = 0.0
        Ci = hinge([model(X[3])], [y[3]])
        Ci.backward()
        got = float(op.page.get_attribute("[data-sample-grad]", "data-value") or "nan")
        assert got == pytest.approx(w.grad, rel=1e-12, abs=1e-300)
        total = float(op.page.get_attribute("[data-sample-sum]", "data-value") or "nan")
        assert total == pytest.approx(w.grad, rel=1e-9, abs=1e-15)
        assert "Its paths to C₃" in (op.page.text_content(".panel") or "")
        # play on: the panel follows the epoch
        op.page.click("[data-action=play]")
        op.page.wait_for_function("() => +document.querySelector('[data-epoch]').textContent > 20")
        op.page.click("[data-action=pause]")
        epoch = op.page.text_content("[data-epoch]")
        assert op.page.text_content(".panel h2") == f"{name} at epoch {epoch}"
        clean(op)


def test_the_weights_as_matrices_are_clickable_cells(browser: Any, quick_pages: Path) -> None:
    with opened(
        browser, quick_pages / "explore_live.html", viewport={"width": 1280, "height": 720}
    ) as op:
        op.page.click("[data-action=view]")
        cells = op.page.locator(".matrix rect[data-weight]")
        assert cells.count() == 2 * 16 + 16 * 16 + 16
        op.page.click('.matrix rect[data-weight="w⁽³⁾₁,₁₆"]')
        assert op.page.text_content(".panel h2") == "w⁽³⁾₁,₁₆ at epoch 0"
        clean(op)


def test_a_divergent_eta_is_said_to_diverge(browser: Any, quick_pages: Path) -> None:
    with opened(browser, quick_pages / "explore_live.html") as op:
        op.page.fill("input[data-eta]", "1e200")
        _steps(op, 3)
        assert "diverged" in (op.page.text_content(".panel") or "")
        op.page.fill("input[data-eta]", "much")  # not a number: refused, marked
        assert "bad" in (op.page.get_attribute("input[data-eta]", "class") or "")
        clean(op)
