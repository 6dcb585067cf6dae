"""Training: micrograd's demo loop reaches ≥ 97 % on two-moons; fit() works and is quiet."""

from __future__ import annotations

import io
import itertools
import math
import random
import re
import subprocess
import sys
import types
from typing import Any

import pytest

import nn.progress
from autograd import Value
from autograd.show.text import number
from nn import MLP, SGD, Adam, fit
from nn.datasets import moons, nonlinear, spirals, xor
from nn.progress import Progress, progress_line
from nn.train import choose_loss


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


# --- progress: stdout, no tqdm; a terminal, a pipe, Jupyter ---------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_fit_progress_in_a_pipe_is_a_few_plain_lines_on_stdout_in_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    X, y = moons(n=20, seed=0, labels="pm1")
    h = fit(MLP(2, [4, 1], seed=0), X, y, epochs=20, progress=True)
    out, err = capsys.readouterr()  # pytest's capture is no terminal, like a pipe or a log
    assert err == "" and "\r" not in out
    # every tenth of the epochs, and the last: 2, 4, …, 20 of 20
    expected = [progress_line(e, 20, h.loss[e - 1], h.accuracy[e - 1]) for e in range(2, 21, 2)]
    assert out.splitlines() == expected
    assert expected[-1] == f"training: epoch 20/20, cost C = {number(h.loss[-1], 4)}, " + (
        f"accuracy {h.accuracy[-1]:.1%}"
    )


@pytest.mark.parametrize(
    ("epochs", "shown"), [(3, [1, 2, 3]), (25, [3, 5, 8, 10, 13, 15, 18, 20, 23, 25])]
)
def test_plain_progress_lines_fall_on_every_tenth_of_the_epochs(
    epochs: int, shown: list[int]
) -> None:
    out = io.StringIO()
    with Progress(epochs, out=out) as progress:
        for e in range(1, epochs + 1):
            progress.update(e, 1.0, 0.5)
    assert [int(line.split()[2].split("/")[0]) for line in out.getvalue().splitlines()] == shown


def test_fit_progress_in_a_terminal_is_one_line_rewritten_in_place(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    term = Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    monkeypatch.setattr(nn.progress, "MIN_INTERVAL", 0.0)  # draw every epoch
    X, y = moons(n=20, seed=0, labels="pm1")
    h = fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    shown = term.getvalue()
    assert shown.startswith("\r") and shown.count("\r") == 3 and shown.count("\n") == 1
    assert shown.endswith("\n")  # the next output starts on a line of its own
    last = shown.rstrip("\n").split("\r")[-1]
    assert last.rstrip() == progress_line(3, 3, h.loss[-1], h.accuracy[-1])
    # a shorter line covers the longer one before it: no stale characters at the end
    drawn = shown.rstrip("\n").split("\r")[1:]
    assert all(len(b) >= len(a.rstrip()) for a, b in itertools.pairwise(drawn))
    assert capsys.readouterr().err == ""


def test_terminal_progress_is_throttled_but_always_shows_the_last_epoch() -> None:
    term = Terminal()
    with Progress(1000, out=term) as progress:  # 1000 updates in far less than 0.1 s each
        for e in range(1, 1001):
            progress.update(e, 1.0 / e, 0.5)
    shown = term.getvalue()
    assert shown.count("\r") < 50  # not 1000 redraws
    assert shown.rstrip("\n").split("\r")[-1].rstrip() == progress_line(1000, 1000, 1e-3, 0.5)


def test_fit_trains_with_tqdm_unimportable_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # pip install chainrule-autograd (no extras) has no tqdm: fit must not need it.
    monkeypatch.setitem(sys.modules, "tqdm", None)  # importing tqdm raises ImportError
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    term = Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    monkeypatch.setattr(sys, "stderr", Terminal())
    X, y = moons(n=20, seed=0, labels="pm1")
    h = fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    assert len(h.loss) == 3 and "training: epoch 3/3" in term.getvalue()


def test_fit_with_progress_false_prints_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    X, y = moons(n=20, seed=0, labels="pm1")
    fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)
    assert capsys.readouterr() == ("", "")
    term = Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)
    assert term.getvalue() == ""


def test_terminal_progress_ends_its_line_when_training_stops_with_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nn import DivergenceError

    term = Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    X, y = moons(n=40, seed=0)
    with pytest.warns(RuntimeWarning), pytest.raises(DivergenceError):
        fit(MLP(2, [8, 1], seed=0), X, y, loss="mse", lr=1e6, epochs=200, progress=True)
    assert term.getvalue().endswith("\n") and "training: epoch" in term.getvalue()


class _Handle:
    def __init__(self, calls: list[tuple[str, Any, dict[str, Any]]]) -> None:
        self.calls = calls

    def update(self, obj: Any, **kwargs: Any) -> None:
        self.calls.append(("update", obj, kwargs))


def _fake_kernel(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, dict[str, Any]]]:
    """IPython in sys.modules with a running kernel, as in Jupyter; records display() calls."""
    calls: list[tuple[str, Any, dict[str, Any]]] = []

    def display(obj: Any, **kwargs: Any) -> _Handle:
        calls.append(("display", obj, kwargs))
        return _Handle(calls)

    shell = types.SimpleNamespace(kernel=object())
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    shown = types.ModuleType("IPython.display")
    shown.display = display  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "IPython.display", shown)
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    return calls


def test_fit_progress_in_jupyter_is_one_text_output_updated_in_place(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_kernel(monkeypatch)
    monkeypatch.setitem(sys.modules, "tqdm", None)
    X, y = moons(n=20, seed=0, labels="pm1")
    h = fit(MLP(2, [4, 1], seed=0), X, y, epochs=5, progress=True)
    assert capsys.readouterr() == ("", "")  # nothing on stdout or stderr: no stray text, no warning
    (first, *updates) = calls
    assert first[0] == "display" and first[2] == {"raw": True, "display_id": True}
    assert [kind for kind, _, _ in updates] == ["update"] * len(updates) and updates
    for _, bundle, kwargs in calls:
        assert set(bundle) == {"text/plain"} and kwargs["raw"] is True  # text only: no widget
    assert calls[-1][1]["text/plain"] == progress_line(5, 5, h.loss[-1], h.accuracy[-1])


def test_ipython_without_a_kernel_is_a_terminal_or_a_pipe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = _fake_kernel(monkeypatch)
    sys.modules["IPython"].get_ipython = lambda: None  # type: ignore[attr-defined]
    X, y = moons(n=20, seed=0, labels="pm1")
    fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=True)
    assert calls == [] and capsys.readouterr().out.count("training: epoch") == 3


_NO_NUMPY = """
import sys
from nn import MLP, fit
from nn.datasets import moons
X, y = moons(30)
fit(MLP(2, [4, 1], seed=0), X, y, epochs=2)
print(MLP(2, [1], seed=0)([0.5, 1.0]).data)
print(sorted(m for m in ("numpy", "tqdm", "IPython", "matplotlib") if m in sys.modules))
"""


def test_fit_on_lists_imports_neither_numpy_nor_tqdm() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _NO_NUMPY], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


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


# --- defaults that fit together: the loss chosen from the labels ------------------------------


def test_fit_trains_on_the_data_sets_as_they_come() -> None:
    # The datasets' labels are 0/1 and fit's loss used to default to hinge (±1): both calls
    # stopped with "loss 'hinge' needs labels −1 and +1". fit now picks bce for 0/1 labels.
    # Measured after the default 100 epochs: moons 87-94 % (MLP(2, [16, 16, 1]), seeds 0-9);
    # xor 100 % (MLP(2, [16, 16, 1]) or MLP(2, [8, 1]), seeds 0-4; the smaller one is 4× faster).
    h = fit(MLP(2, [16, 16, 1], seed=0), *moons(100), progress=False)
    assert h.accuracy[-1] >= 0.9 and h.loss[-1] < 0.5 * h.loss[0]
    h = fit(MLP(2, [8, 1], seed=0), *xor(), progress=False)
    assert h.accuracy[-1] >= 0.95


@pytest.mark.parametrize(
    ("y", "outputs", "loss"),
    [
        ([0, 1, 1], 1, "bce"),
        ([-1, 1, 1], 1, "hinge"),
        ([1, 1, 1], 1, "hinge"),
        ([0.0, 1.0, 0.0], 1, "bce"),
        ([0.5, 2.25, -1.0], 1, "mse"),
        ([0, 1, 2], 3, "softmax"),
        ([0, 1, 1], 2, "softmax"),
    ],
)
def test_the_default_loss_follows_the_labels_and_the_outputs(
    y: list[float], outputs: int, loss: str
) -> None:
    assert choose_loss([float(t) for t in y], outputs) == loss


def test_a_sigmoid_output_with_0_1_labels_gets_the_lectures_squared_error() -> None:
    # bce reads the output as a logit: on a probability σ(z) > 0 every sample would count as
    # class 1 at the logit threshold 0. mse compares a with y and thresholds at ½.
    assert choose_loss([0.0, 1.0], 1, "sigmoid") == "mse"
    assert choose_loss([-1.0, 1.0], 1, "sigmoid") == "hinge"
    X, y = moons(n=40, seed=0)
    model = MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=0)
    h = fit(model, X, y, lr=1.0, epochs=40, progress=False)
    named = fit(
        MLP(2, [8, 1], activation="tanh", output_activation="sigmoid", seed=0), X, y,
        loss="mse", lr=1.0, epochs=40, progress=False,
    )  # fmt: skip
    assert h.loss == named.loss and h.accuracy[-1] > 0.8


def test_the_chosen_loss_is_the_one_fit_trains_with() -> None:
    # same costs as naming it: bce for 0/1, hinge for ±1, softmax for several outputs
    X, y01 = moons(n=20, seed=0)
    _, ypm = moons(n=20, seed=0, labels="pm1")
    for y, loss, outs in ((y01, "bce", 1), (ypm, "hinge", 1), (y01, "softmax", 2)):
        chosen = fit(MLP(2, [4, outs], seed=0), X, y, epochs=2, progress=False)
        named = fit(MLP(2, [4, outs], seed=0), X, y, loss=loss, epochs=2, progress=False)
        assert chosen.loss == named.loss


def test_whole_number_labels_other_than_two_classes_need_a_choice() -> None:
    with pytest.raises(ValueError, match=r"cannot tell which loss.*y holds 0, 1, 2.*one output"):
        fit(MLP(2, [4, 1], seed=0), [[0.0, 0.0]] * 3, [0, 1, 2], progress=False)
    # both ways out train
    fit(MLP(2, [4, 3], seed=0), [[0.0, 0.0]] * 3, [0, 1, 2], epochs=1, progress=False)
    fit(MLP(2, [4, 1], seed=0), [[0.0, 0.0]] * 3, [0, 1, 2], loss="mse", epochs=1, progress=False)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        (0.5, r"needs class labels 0, 1, 2 \(one per output of the model\), but y\[1\] = 0\.5 is "
         r"not a whole number"),
        (3, r"but y\[1\] = 3 is no class of this model"),
        (-1, r"but y\[1\] = −1 is no class of this model"),
    ],
)  # fmt: skip
def test_softmax_refuses_labels_that_are_no_class(label: float, message: str) -> None:
    # 0.5 used to become class 0 without a word (int(0.5) == 0)
    X, _ = spirals(n=6, classes=3, seed=0)
    y: list[float] = [0, label, 1, 2, 0, 1]
    with pytest.raises(ValueError, match=message):
        fit(MLP(2, [4, 3], seed=0), X, y, loss="softmax", epochs=1, progress=False)
    with pytest.raises(ValueError, match=message):  # the loss fit picks for 3 outputs
        fit(MLP(2, [4, 3], seed=0), X, y, epochs=1, progress=False)
    # whole numbers stored as floats are classes
    fit(MLP(2, [4, 3], seed=0), X, [0.0, 1.0, 1.0, 2.0, 0.0, 1.0], loss="softmax", epochs=1,
        progress=False)  # fmt: skip


def test_printing_a_history_summarises_it() -> None:
    # print(history) dumped every epoch's cost, accuracy and lr: a screenful for 100 epochs
    from nn.train import History

    history = fit(MLP(2, [4, 1], seed=0), *moons(20), lr=0.5, epochs=30, progress=False)
    said = str(history)
    assert said == repr(history) and "\n" not in said and len(said) < 200, said
    first, last = history.loss[0], history.loss[-1]
    assert said.startswith(f"<History: 30 epochs, cost C {number(first)} → {number(last)}, ")
    acc = f"training accuracy {history.accuracy[0]:.0%} → {history.accuracy[-1]:.0%}"
    assert acc in said and "lr 0.5;" in said
    # where every number is, the summary's "cost" linked to the list's name .loss
    assert said.endswith("; per epoch: cost C in .loss, accuracy in .accuracy, lr in .lr>")
    assert "no epochs yet" in repr(History()) and "cost C in .loss" in repr(History())


def test_history_cost_says_the_costs_are_in_loss() -> None:
    import pytest

    from nn.train import History

    with pytest.raises(AttributeError, match=r"the cost C of each epoch is in history\.loss"):
        History().cost  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'costt'"):
        History().costt  # noqa: B018
    assert not hasattr(History(), "cost")  # a hint, not a second name for the data


def test_fit_with_lr_as_text_says_to_pass_the_number() -> None:
    import pytest

    with pytest.raises(TypeError, match=r"got the text '0\.1': pass float\('0\.1'\)"):
        fit(MLP(2, [3, 1]), *moons(8), lr="0.1", epochs=1, progress=False)  # type: ignore[arg-type]
