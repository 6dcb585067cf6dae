"""fit(..., compile=True) trains as fit(...) does: same costs, accuracies and parameters to
~1e-12 relative, full batch and mini-batches — only faster."""

from __future__ import annotations

import pytest

from nn import MLP, Adam, fit
from nn.datasets import moons


def _train(compile_: bool, **kw: object) -> tuple[list[float], list[float], list[float]]:
    X, y = moons(n=40, noise=0.1, seed=2, labels=kw.pop("labels", "pm1"))  # type: ignore[arg-type]
    model = MLP(2, [6, 5, 1], seed=4)
    h = fit(model, X, y, epochs=6, progress=False, compile=compile_, **kw)  # type: ignore[arg-type]
    return h.loss, h.accuracy, [p.data for p in model.parameters()]


def _close(a: list[float], b: list[float], rel: float = 1e-12) -> bool:
    scale = max(abs(x) for x in b)
    return all(abs(x - y) <= rel * max(abs(y), scale) for x, y in zip(a, b))


@pytest.mark.parametrize(
    "kw",
    [
        {"loss": "hinge", "lr": 0.3, "alpha": 1e-3},
        {"loss": "hinge", "lr": 0.3, "batch_size": 8, "seed": 5},
        {"loss": "bce", "lr": 0.5, "labels": "01"},
        {"loss": "mse", "lr": 0.1, "labels": "01", "batch_size": 16},
    ],
)
def test_compiled_fit_follows_eager_fit(kw: dict[str, object]) -> None:
    loss_e, acc_e, params_e = _train(False, **dict(kw))
    loss_c, acc_c, params_c = _train(True, **dict(kw))
    assert _close(loss_c, loss_e)
    assert acc_c == acc_e
    assert _close(params_c, params_e)
    assert loss_e[-1] < loss_e[0]  # it did train


def test_compiled_fit_with_adam() -> None:
    X, y = moons(n=30, noise=0.1, seed=1, labels="pm1")
    runs = []
    for compile_ in (False, True):
        model = MLP(2, [5, 1], seed=0)
        opt = Adam(model.parameters(), lr=0.05)
        fit(model, X, y, epochs=4, optimizer=opt, progress=False, compile=compile_)
        runs.append([p.data for p in model.parameters()])
    assert _close(runs[1], runs[0])


def test_compiled_fit_refuses_what_it_cannot_compile() -> None:
    X, y = moons(n=20, seed=0)
    with pytest.raises(ValueError, match="softmax"):
        fit(MLP(2, [3, 2], seed=0), X, y, loss="softmax", epochs=1, progress=False, compile=True)
    X, _ = moons(n=50, seed=0)
    targets = [0.01 * i for i in range(50)]  # a regression: every target different
    with pytest.raises(ValueError, match="distinct targets"):
        fit(MLP(2, [3, 1], seed=0), X, targets, loss="mse", epochs=1, progress=False, compile=True)
