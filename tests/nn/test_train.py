"""Training: micrograd's demo loop reaches ≥ 97 % on two-moons; fit() works and is quiet."""

from __future__ import annotations

import math
import random
import re

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


def test_fit_progress_is_one_final_line_when_stderr_is_no_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    X, y = moons(n=20, seed=0, labels="pm1")
    h = fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    err = capsys.readouterr().err  # pytest's capture is no terminal, like a log file
    assert err == f"training: 3 epochs, C={h.loss[-1]:.4f}, acc={h.accuracy[-1]:.1%}\n"
    assert "\r" not in err


def test_fit_shows_a_progress_bar_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    X, y = moons(n=20, seed=0, labels="pm1")
    fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    err = term.getvalue()
    assert "training" in err and "C=" in err and "acc=" in err and "loss=" not in err
    assert "\r" in err and "3/3" in err  # tqdm's bar, redrawn in place


def test_fit_bad_input() -> None:
    model = MLP(2, [2], seed=0)
    with pytest.raises(ValueError, match="one output"):
        fit(model, [[0.0, 1.0]], [1], loss="hinge", progress=False)
    with pytest.raises(ValueError, match="equally long"):
        fit(model, [[0.0, 1.0]], [], progress=False)
    with pytest.raises(ValueError, match="unknown loss 'l1'"):
        fit(MLP(2, [1], seed=0), [[0.0, 1.0]], [1], loss="l1", progress=False)


def test_fit_refuses_labels_its_loss_cannot_learn_from() -> None:
    # fit's default loss is hinge (y = ±1), the datasets' default labels are 0/1: together they
    # trained on without a word, class 0 contributing a constant cost 1 and no gradient.
    from nn import binary_cross_entropy, hinge

    X, y01 = moons(n=20, seed=0)
    _, ypm = moons(n=20, seed=0, labels="pm1")
    model = MLP(2, [4, 1], seed=0)
    for loss in ("hinge", hinge):
        with pytest.raises(ValueError, match=r"needs labels −1 and \+1.*y holds 0, 1.*'pm1'"):
            fit(model, X, y01, loss=loss, epochs=1, progress=False)
    for loss in ("bce", binary_cross_entropy):
        with pytest.raises(ValueError, match=r"needs labels 0 and 1.*y holds −1, 1"):
            fit(model, X, [t * 1.0 for t in ypm], loss=loss, epochs=1, progress=False)
    with pytest.raises(ValueError, match=r"y holds 0, 1, 2, 3, 4, …"):
        fit(model, X, list(range(20)), loss="hinge", epochs=1, progress=False)
    # the right pairs train, and mse or a callable of one's own takes any targets
    assert fit(model, X, ypm, loss="hinge", epochs=1, progress=False).loss
    assert fit(model, X, y01, loss="bce", epochs=1, progress=False).loss
    assert fit(model, X, [2.0 * t for t in y01], loss="mse", epochs=1, progress=False).loss


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


# --- divergence: a learning rate far too large ------------------------------------------------


@pytest.mark.parametrize("loss", ["mse", "hinge", "bce"])
def test_fit_stops_when_training_diverges_and_names_step_and_cause(loss: str) -> None:
    from nn import DivergenceError

    X, y = moons(n=40, seed=0, labels="pm1" if loss == "hinge" else "01")
    model = MLP(2, [8, 1], seed=0)
    with pytest.warns(RuntimeWarning, match=r"cost grew from .* by epoch \d+ — .*lr = 1e\+06"):
        with pytest.raises(DivergenceError, match=r"at step \d+ \(epoch \d+\)") as info:
            fit(model, X, y, loss=loss, lr=1e6, epochs=200, progress=False)
    message = str(info.value)
    assert "learning rate too large (lr = 1e+06)" in message and "try lr = 100000" in message
    history = info.value.history  # the epochs before the blow-up, to plot
    assert len(history.loss) >= 1 and all(math.isfinite(c) for c in history.loss)
    assert history.loss[-1] > 100 * min(history.loss)


def test_compiled_fit_stops_on_divergence_too() -> None:
    from nn import DivergenceError

    X, y = moons(n=40, seed=0, labels="pm1")
    model = MLP(2, [8, 1], seed=0)
    with pytest.warns(RuntimeWarning, match="cost grew"):
        with pytest.raises(DivergenceError, match=r"learning rate too large \(lr = 1e\+06\)"):
            fit(model, X, y, loss="hinge", lr=1e6, epochs=200, progress=False, compile=True)


def test_fit_names_a_parameter_that_became_nan() -> None:
    from nn import DivergenceError
    from nn.optim import SGD

    class Poison(SGD):  # a step that writes nan into one weight, as 0·inf would
        def step(self) -> None:
            super().step()
            self.params[3].data = math.nan

    model = MLP(2, [2, 1], seed=0)
    name = [n for n, _ in model.named_parameters()][3]
    X, y = moons(n=10, seed=0, labels="pm1")
    with pytest.raises(DivergenceError, match=re.escape(f"parameter {name} became nan at step 1")):
        fit(model, X, y, optimizer=Poison(model.parameters(), lr=0.1), epochs=5, progress=False)


def test_fit_blames_the_data_when_the_cost_is_nan_before_any_update() -> None:
    from nn import DivergenceError

    with pytest.raises(DivergenceError, match=r"before any update.*inputs and targets"):
        fit(MLP(2, [1], seed=0), [[math.nan, 0.0]], [1.0], loss="mse", progress=False)


def test_fit_is_quiet_when_training_converges(recwarn: pytest.WarningsRecorder) -> None:
    X, y = moons(n=40, seed=0, labels="pm1")
    fit(MLP(2, [8, 1], seed=0), X, y, lr=0.1, epochs=30, progress=False)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]
