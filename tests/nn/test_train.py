"""Training: micrograd's demo loop reaches ≥ 97 % on two-moons; fit() works and is quiet."""

from __future__ import annotations

import random

import pytest

from autograd import Value
from nn import MLP, SGD, Adam, fit
from nn.datasets import moons, nonlinear, spirals


def test_micrograds_demo_loop_with_only_imports_changed() -> None:
    # micrograd's demo.ipynb loop; its sklearn/numpy/micrograd imports swapped for ours.
    random.seed(1337)
    X, y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
    model = MLP(2, [16, 16, 1])

    def loss(batch_size: int | None = None) -> tuple[Value, float]:
        Xb, yb = X, y
        inputs = [list(map(Value, xrow)) for xrow in Xb]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(yb, scores)]  # type: ignore[operator]
        data_loss = sum(losses) * (1.0 / len(losses))
        alpha = 1e-4
        reg_loss = alpha * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        accuracy = [(yi > 0) == (scorei.data > 0) for yi, scorei in zip(yb, scores)]  # type: ignore[union-attr]
        return total_loss, sum(accuracy) / len(accuracy)  # type: ignore[return-value]

    acc = 0.0
    for k in range(60):
        total_loss, acc = loss()
        model.zero_grad()
        total_loss.backward()
        learning_rate = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= learning_rate * p.grad
    total_loss, acc = loss()
    assert acc >= 0.97


def test_fit_hinge_full_batch_with_schedule() -> None:
    X, y = moons(n=60, seed=2, labels="pm1")
    model = MLP(2, [8, 8, 1], seed=0)
    opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)
    h = fit(model, X, y, loss="hinge", optimizer=opt, epochs=40, alpha=1e-4, progress=False)
    assert len(h.loss) == len(h.accuracy) == len(h.lr) == 40
    assert h.loss[-1] < h.loss[0]
    assert h.accuracy[-1] >= 0.9
    assert h.lr[-1] == pytest.approx(1.0 - 0.9 * 39 / 100)


def test_fit_minibatch_bce_and_adam() -> None:
    X, y = nonlinear(n=80, seed=1)
    model = MLP(2, [8, 1], activation="tanh", seed=1)
    h = fit(
        model, X, y, loss="bce", optimizer=Adam(model.parameters(), lr=0.05),
        epochs=30, batch_size=16, progress=False,
    )  # fmt: skip
    assert h.loss[-1] < h.loss[0] and h.accuracy[-1] > 0.8


def test_fit_softmax_multiclass() -> None:
    X, y = spirals(n=60, classes=3, seed=0)
    model = MLP(2, [12, 3], activation="tanh", seed=0)
    h = fit(model, X, y, loss="softmax", lr=0.5, epochs=15, progress=False)
    assert h.loss[-1] < h.loss[0]


def test_fit_shows_a_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = moons(n=20, seed=0, labels="pm1")
    fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "loss=" in err and "acc=" in err


def test_fit_bad_input() -> None:
    model = MLP(2, [2], seed=0)
    with pytest.raises(ValueError, match="one output"):
        fit(model, [[0.0, 1.0]], [1], loss="hinge", progress=False)
    with pytest.raises(ValueError, match="equally long"):
        fit(model, [[0.0, 1.0]], [], progress=False)
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        fit(MLP(2, [1], seed=0), [[0.0, 1.0]], [1], loss="l1", progress=False)


def test_accuracy_thresholds() -> None:
    from nn import accuracy

    scores = [Value(0.7), Value(0.3), Value(-0.2)]
    assert accuracy(scores, [1, 1, -1]) == 1.0  # hinge scores: sign
    assert accuracy(scores, [1, 0, 0], threshold=0.5) == 1.0  # mse on 0/1 targets: 0.5
    assert accuracy(scores, [1, 0, 0]) == pytest.approx(2 / 3)
    assert accuracy([[Value(0.1), Value(2.0)], [Value(3.0), Value(1.0)]], [1, 0]) == 1.0


def test_fit_mse_on_01_targets_reports_accuracy_at_one_half() -> None:
    X, y = moons(n=40, seed=0)  # labels 0/1
    model = MLP(2, [8, 1], activation="tanh", seed=0)
    h = fit(model, X, y, loss="mse", lr=0.2, epochs=60, progress=False)
    assert h.accuracy[-1] > 0.8
