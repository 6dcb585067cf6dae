"""Training: forward propagation, the cost averaged over the data (or a mini-batch), backward,
and one gradient-descent step — repeated, with a progress line and a history of the cost.

When the step η·∂C/∂W is too large, gradient descent overshoots the minimum and the cost grows
instead of shrinking, until numbers overflow to inf and nan. `fit` watches for that: it warns
when the cost grows by orders of magnitude and stops with `DivergenceError` when the cost or a
parameter stops being a finite number.
"""

from __future__ import annotations

import math
import random
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from autograd import Value
from autograd.show.text import counted, number
from nn.arrays import ArrayLike, check_numbers, is_array, labels, rows
from nn.layers import MLP
from nn.losses import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy
from nn.optim import SGD, Optimizer
from nn.progress import Progress

__all__ = [
    "DivergenceError",
    "History",
    "Snapshot",
    "accuracy",
    "batch_cost",
    "choose_loss",
    "fit",
]

LossFn = Callable[[list[Value], list[float]], Value]
_SCALAR_LOSSES: dict[str, LossFn] = {
    "hinge": hinge,
    "mse": mse,
    "bce": binary_cross_entropy,
}


@dataclass(frozen=True)
class Snapshot:
    """One epoch of a recorded run (``fit(..., record=True)``): the parameters at the epoch's
    start — those its cost was measured at — and ∂C/∂w from the epoch's last backward()."""

    epoch: int
    params: tuple[float, ...]
    grads: tuple[float, ...]


@dataclass
class History:
    """Per epoch: the cost (with the L2 penalty), the training accuracy and the learning rate;
    with ``record=True`` also a `Snapshot` per epoch, parameters in ``names`` order."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)

    def __repr__(self) -> str:
        """A summary, as PyTorch's and Keras's objects print (every number of every epoch was
        a screenful): the epochs, the first and last cost and accuracy, where the lists are."""
        if not self.loss:
            return (
                "<History: no epochs yet; per epoch: cost C in .loss, accuracy in .accuracy, "
                "lr in .lr>"
            )
        said = [counted(len(self.loss), "epoch")]
        said.append(f"cost C {number(self.loss[0])} → {number(self.loss[-1])}")
        if self.accuracy:
            said.append(f"training accuracy {self.accuracy[0]:.0%} → {self.accuracy[-1]:.0%}")
        if self.lr:
            ends = self.lr[:1] if self.lr[0] == self.lr[-1] else [self.lr[0], self.lr[-1]]
            said.append("lr " + " → ".join(number(x) for x in ends))
        if self.snapshots:
            said.append(f"{counted(len(self.snapshots), 'snapshot')} (.snapshots)")
        # "cost" here and in fit's progress line, .loss in the code: say the one is the other
        where = "per epoch: cost C in .loss, accuracy in .accuracy, lr in .lr"
        return f"<History: {', '.join(said)}; {where}>"

    if not TYPE_CHECKING:  # (mypy still flags a misspelt attribute)

        def __getattr__(self, name: str) -> Any:
            # Only for names the class lacks: history.cost is what the summary calls .loss.
            if name in ("cost", "costs", "C"):
                raise AttributeError(
                    f"History has no .{name}: the cost C of each epoch is in history.loss"
                )
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


GROWTH_WARNING = 100.0  # warn when an epoch's cost exceeds 100 × the lowest so far


class DivergenceError(FloatingPointError):
    """Training diverged: the cost or a parameter became inf or nan. ``history`` holds the
    epochs completed before it (plot ``history.loss`` to see the cost blow up)."""

    def __init__(self, message: str, history: History) -> None:
        super().__init__(message)
        self.history = history


def _diverged(what: str, step: int, epoch: int, lr: float, history: History) -> DivergenceError:
    if step == 1:  # before any update: the data or the loss, not the step size
        cause = (
            "before any update, so the learning rate is not the cause: check the inputs and "
            "targets for inf/nan and that the targets suit the loss"
        )
    else:
        cause = (
            f"the likely cause is a learning rate too large (lr = {lr:g}): each step "
            f"W ← W − η·∂C/∂W overshoots and the cost grows until it overflows; "
            f"try lr = {lr / 10:g} or smaller"
        )
    return DivergenceError(f"fit: {what} at step {step} (epoch {epoch + 1}); {cause}", history)


def _check_cost(cost: float, step: int, epoch: int, lr: float, history: History) -> None:
    if not math.isfinite(cost):
        raise _diverged(f"the cost is {cost}", step, epoch, lr, history)


def _check_parameters(model: MLP, step: int, epoch: int, lr: float, history: History) -> None:
    for name, p in model.named_parameters():
        if not math.isfinite(p.data):
            raise _diverged(f"parameter {name} became {p.data}", step, epoch, lr, history)


def accuracy(
    outputs: Sequence[Value | list[Value]], y: Sequence[int | float], threshold: float = 0.0
) -> float:
    """Share of samples classified right: the largest output's index for several outputs; for
    one output, score > ``threshold`` ⇔ class 1 (or +1). The threshold is 0 for hinge scores
    and logits, the midpoint of the two target values for a regression (mse) output."""
    right = 0
    for out, t in zip(outputs, y):
        if isinstance(out, list):
            guess = max(range(len(out)), key=lambda k: out[k].data)
            right += guess == t
        else:
            right += (out.data > threshold) == (t > 0)
    return right / len(y)


def _forward(model: MLP, xs: Sequence[Sequence[float]]) -> list[Value | list[Value]]:
    return [model(x) for x in xs]


def _cost(loss: str | LossFn, outputs: list[Value | list[Value]], y: list[float]) -> Value:
    if loss == "softmax":
        logits = [o if isinstance(o, list) else [o] for o in outputs]
        return softmax_cross_entropy(logits, [int(t) for t in y])
    scores: list[Value] = []
    for o in outputs:
        if isinstance(o, list):
            raise ValueError(f"loss {loss!r} needs a model with one output; use loss='softmax'")
        scores.append(o)
    if callable(loss):
        return loss(scores, y)
    if loss not in _SCALAR_LOSSES:
        valid = ", ".join(repr(k) for k in [*_SCALAR_LOSSES, "softmax"])
        raise ValueError(f"unknown loss {loss!r}; valid: {valid} or a callable")
    return _SCALAR_LOSSES[loss](scores, y)


def _step_cost(
    model: MLP, loss: str | LossFn, xb: Sequence[Any], yb: list[float], alpha: float
) -> tuple[Value, list[Value | list[Value]]]:
    """One step's cost, C = 1/n Σᵢ Cᵢ over the batch (+ α·Σ w²), and the outputs."""
    outputs = _forward(model, xb)
    cost = _cost(loss, outputs, yb)
    if alpha:
        cost = cost + l2(model.parameters(), alpha)
    return cost, outputs


def batch_cost(
    model: MLP,
    X: Sequence[Sequence[float]] | ArrayLike,
    y: Sequence[int | float] | ArrayLike,
    *,
    loss: str | LossFn | None = None,
    alpha: float = 0.0,
) -> Value:
    """The graph one full-batch step of `fit` differentiates: C = 1/n Σᵢ Cᵢ over all of X, plus
    α·Σ w² when ``alpha`` (`l2`); ``loss`` as `fit` takes it (left out: `choose_loss`). A page
    that trains in the browser (`autograd.show.playground`) runs exactly this graph."""
    X, targets = _data(model, X, y)
    if loss is None:
        loss = choose_loss(targets, model.nouts[-1], model.output_activation)
    _check_labels(loss, targets, model.nouts[-1])
    return _step_cost(model, loss, X, targets, alpha)[0]


def _listed(found: list[float]) -> str:
    return ", ".join(number(t) for t in found[:5]) + (", …" if len(found) > 5 else "")


def choose_loss(y: Sequence[float], outputs: int, output_activation: object = "linear") -> str:
    """fit's loss when none is given, read off the labels and the model's outputs, so that
    ``fit(model, *nn.datasets.moons(100))`` trains as it is:

    * several outputs → ``"softmax"`` (labels are the class numbers 0…K−1);
    * one output, labels 0/1 → ``"bce"`` (the datasets' default labels) on the output as a
      logit — or ``"mse"``, the lecture's C = (a − y)², when the output is already a
      probability a = σ(z) (``output_activation="sigmoid"``);
    * one output, labels −1/+1 → ``"hinge"`` (``labels="pm1"``, micrograd's demo);
    * one output, targets that are not all whole numbers → ``"mse"`` (a regression).

    Whole numbers other than 0/1 or ±1 with one output (classes 0, 1, 2? counts?) are a
    ValueError saying how to choose."""
    found = sorted(set(y))
    if outputs > 1:
        return "softmax"
    if set(found) <= {0.0, 1.0} and 0.0 in found:
        return "mse" if output_activation == "sigmoid" else "bce"
    if set(found) <= {-1.0, 1.0}:
        return "hinge"
    if all(t.is_integer() for t in found):
        raise ValueError(
            f"fit cannot tell which loss to use: y holds {_listed(found)} and the model has one "
            f"output. For classes, give the model one output per class "
            f"(MLP(nin, [16, {len(found)}])): fit then uses loss='softmax'; to fit the numbers "
            f"themselves (a regression), pass loss='mse'"
        )
    return "mse"


def _check_labels(loss: str | LossFn, y: Sequence[float], outputs: int) -> None:
    """Refuse labels the loss cannot learn from, saying what to change. The trap: with y = 0
    the hinge Cᵢ = max(0, 1 − 0·sᵢ) = 1 has no gradient, so class 0 is never learned, silently;
    a class label 0.5 would be truncated to class 0."""
    named: dict[LossFn, str] = {hinge: "hinge", binary_cross_entropy: "bce"}
    name = loss if isinstance(loss, str) else named.get(loss)
    if name == "softmax":
        classes = ", ".join(map(str, range(outputs))) if outputs <= 4 else f"0, 1, …, {outputs - 1}"
        for i, t in enumerate(y):
            if not (t.is_integer() and 0 <= t < outputs):
                what = "not a whole number" if not t.is_integer() else "no class of this model"
                raise ValueError(
                    f"loss 'softmax' needs class labels {classes} (one per output "
                    f"of the model), but y[{i}] = {number(t)} is {what}: map the labels to "
                    f"class numbers, or give the model one output per class"
                )
        return
    found = sorted(set(y))
    shown = _listed(found)
    if name == "hinge" and not set(found) <= {-1.0, 1.0}:
        raise ValueError(
            f"loss 'hinge' needs labels −1 and +1 (Cᵢ = max(0, 1 − yᵢ·sᵢ)), but y holds {shown}: "
            f"take the data with labels='pm1' (moons(n, labels='pm1')), or use loss='bce' "
            f"for 0/1 labels (fit's choice when no loss is given)"
        )
    if name == "bce" and not set(found) <= {0.0, 1.0}:
        raise ValueError(
            f"loss 'bce' needs labels 0 and 1 (y is the probability of class 1), but y holds "
            f"{shown}: take the data with labels='01', or use loss='hinge' for −1/+1 labels"
        )


def _data(model: MLP, X: Any, y: Any) -> tuple[Sequence[Any], list[float]]:
    """X and y as fit reads them: numpy arrays become lists (shapes checked); every row has
    ``model.nin`` inputs; y is one number per sample, as floats."""
    if is_array(X):
        X = rows(X)
    if is_array(y):
        y = labels(y)
    for what, data in (("X", X), ("y", y)):
        if isinstance(data, (str, bytes)) or not isinstance(data, Sequence):
            raise ValueError(
                f"{what} must be a list (or a numpy array) with one entry per sample, "
                f"not {type(data).__name__}"
            )
    if len(X) != len(y) or not X:
        raise ValueError(f"X and y must be non-empty and equally long: {len(X)} vs {len(y)}")
    check_numbers(y)
    for i, row in enumerate(X):
        if is_array(row) or isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            continue  # model(row) reads a numpy row, or says what is wrong
        if len(row) != model.nin:
            raise ValueError(
                f"X[{i}] has {len(row)} inputs, but the model takes {model.nin} "
                f"(MLP({model.nin}, …)): every row of X is one sample's inputs"
            )
    return X, [float(t) for t in y]


def fit(
    model: MLP,
    X: Sequence[Sequence[float]] | ArrayLike,
    y: Sequence[int | float] | ArrayLike,
    *,
    loss: str | LossFn | None = None,
    epochs: int = 100,
    lr: float = 0.1,
    optimizer: Optimizer | None = None,
    batch_size: int | None = None,
    alpha: float = 0.0,
    seed: int = 0,
    progress: bool = True,
    on_epoch: Callable[[int, History], None] | None = None,
    record: bool = False,
    compile: bool = False,
) -> History:
    """Train ``model`` by gradient descent; return the `History`.

    ``X``: one row of inputs per sample, ``y``: one label (or target) per sample — lists, or
    numpy arrays (X 2-D, y 1-D, any int or float dtype). ``loss``: "hinge" (y = ±1), "bce"
    (logits, y = 0/1), "softmax" (one output per class, y = 0…K−1), "mse", or a callable
    (scores, y) → Value. Left out, it is chosen from the labels and the model (`choose_loss`):
    several outputs → "softmax"; one output with labels 0/1 (the datasets' default) → "bce",
    with −1/+1 → "hinge", with targets that are not whole numbers → "mse". Labels the loss
    cannot learn from (0/1 for hinge, 0.5 as a class) raise ValueError. (A sigmoid output,
    a probability already, takes "mse" for 0/1 labels: the lecture's C = (a − y)².)

    Each step: C = 1/n Σᵢ Cᵢ over the batch (+ α·Σ w² if ``alpha``), backward, W ← W − η·∂C/∂W
    (or ``optimizer.step()``). ``batch_size=None`` is full batch (one step per epoch); otherwise
    the data are shuffled (with ``seed``) each epoch.

    Progress (``progress=True``): each epoch's cost C and training accuracy on stdout — in a
    terminal one line rewritten in place, in a pipe or a log a plain line at every tenth of
    the epochs and the last, in Jupyter one text output updated in place (`nn.progress`).
    ``progress=False`` prints nothing. ``on_epoch(epoch, history)`` is called after each epoch.

    Divergence: when the cost or a parameter becomes inf or nan, `DivergenceError` names the
    step and the likely cause (the learning rate); when an epoch's cost is more than 100 × the
    lowest so far, a `RuntimeWarning` says so once.

    ``record=True`` keeps a `Snapshot` of every parameter and its gradient per epoch in
    ``history.snapshots`` (for `autograd.show.explore.explore_training`). ``compile=True`` runs each
    step as code generated by `autograd.compile` (the per-sample cost written out as Python,
    one function per target value), many times faster; targets must be discrete. The numbers
    agree with ``compile=False`` to ~1e-14 relatively, not bit for bit: the samples are summed
    target by target, so the sums run in another order.
    """
    X, targets = _data(model, X, y)
    outputs_per_sample = model.nouts[-1]
    if loss is None:
        loss = choose_loss(targets, outputs_per_sample, model.output_activation)
    _check_labels(loss, targets, outputs_per_sample)
    if epochs < 0:
        raise ValueError(f"epochs must be ≥ 0, got {epochs}")
    if batch_size is not None and batch_size < 1:
        raise ValueError(f"batch_size must be ≥ 1, got {batch_size}")
    opt = optimizer if optimizer is not None else SGD(model.parameters(), lr=lr)
    threshold = (min(targets) + max(targets)) / 2.0 if loss == "mse" else 0.0
    rng = random.Random(seed)
    history = History()
    params = model.parameters()
    if record:
        history.names = [name for name, _ in model.named_parameters()]
    order = list(range(len(X)))
    compiled = _CompiledCost(model, loss, alpha) if compile else None
    step, warned, lowest = 0, False, math.inf
    with Progress(epochs, enabled=progress) as shown:
        for epoch in range(epochs):
            size = batch_size or len(X)
            if batch_size is not None:
                rng.shuffle(order)
            total, seen, right = 0.0, 0, 0.0
            at_start = tuple(p.data for p in params) if record else ()
            for start in range(0, len(X), size):
                idx = order[start : start + size]
                xb = [X[i] for i in idx]
                yb = [targets[i] for i in idx]
                if compiled is not None:
                    opt.zero_grad()
                    cost_data, outputs = compiled(xb, yb)
                    step += 1
                    _check_cost(cost_data, step, epoch, opt.lr, history)
                    opt.step()
                    _check_parameters(model, step, epoch, opt.lr, history)
                    total += cost_data * len(idx)
                    right += accuracy(outputs, yb, threshold) * len(idx)
                    seen += len(idx)
                    continue
                cost, outputs = _step_cost(model, loss, xb, yb, alpha)
                step += 1
                _check_cost(cost.data, step, epoch, opt.lr, history)
                opt.zero_grad()
                cost.backward()
                opt.step()
                _check_parameters(model, step, epoch, opt.lr, history)
                total += cost.data * len(idx)
                right += accuracy(outputs, yb, threshold) * len(idx)
                seen += len(idx)
            history.loss.append(total / seen)
            history.accuracy.append(right / seen)
            history.lr.append(opt.lr)
            if record:
                history.snapshots.append(Snapshot(epoch, at_start, tuple(p.grad for p in params)))
            shown.update(epoch + 1, history.loss[-1], history.accuracy[-1])
            if on_epoch is not None:
                on_epoch(epoch, history)
            lowest = min(lowest, history.loss[-1])
            if not warned and lowest > 0 and history.loss[-1] > GROWTH_WARNING * lowest:
                warned = True
                warnings.warn(
                    f"fit: the cost grew from {lowest:.3g} to {history.loss[-1]:.3g} by epoch "
                    f"{epoch + 1} — gradient descent is diverging; the learning rate "
                    f"(lr = {opt.lr:g}) is probably too large",
                    RuntimeWarning,
                    stacklevel=2,
                )
    return history


class _CompiledCost:
    """fit(compile=True): the batch cost C = 1/n Σᵢ Cᵢ (+ α·Σ w²) and its gradient, run as code
    generated by `autograd.compile`. A target becomes a constant of the generated code, so there
    is one compiled per-sample function per target value (±1 for hinge, 0/1, or each class).
    Summed group by group, C and every ∂C/∂w differ from the eager graph's in the last bits."""

    MAX_TARGETS = 32

    def __init__(self, model: MLP, loss: str | LossFn, alpha: float) -> None:
        import autograd

        if loss == "softmax":
            # Its log-sum-exp subtracts the largest logit, a number that changes with the data.
            raise ValueError("fit(compile=True) does not support loss='softmax'; use compile=False")
        self.model, self.loss = model, loss
        self.per_target: dict[float, autograd.Compiled] = {}
        params = model.parameters()
        self.reg = autograd.compile(lambda: l2(params, alpha)) if alpha else None

    def _for(self, t: float) -> Any:
        import autograd

        if t not in self.per_target:
            if len(self.per_target) >= self.MAX_TARGETS:
                raise ValueError(
                    f"fit(compile=True) compiles one function per target value; more than "
                    f"{self.MAX_TARGETS} distinct targets — use compile=False for regression"
                )

            def sample_cost(x: list[Value]) -> tuple[Value, ...]:
                out = self.model(x)
                outs = out if isinstance(out, list) else [out]
                return (_cost(self.loss, [out], [t]), *outs)

            self.per_target[t] = autograd.compile(sample_cost)
        return self.per_target[t]

    def __call__(
        self, xb: list[Sequence[float]], yb: list[float]
    ) -> tuple[float, list[Value | list[Value]]]:
        groups: dict[float, list[int]] = {}
        for i, t in enumerate(yb):
            groups.setdefault(t, []).append(i)
        outputs: list[Value | list[Value]] = [[] for _ in xb]
        total = 0.0
        for t, idx in groups.items():
            cf = self._for(t)
            total += cf.mean([(list(xb[i]),) for i in idx], n=len(xb))
            for i, out in zip(idx, cf.outputs):
                values = [Value(o) for o in out]
                outputs[i] = values if len(values) > 1 else values[0]
        if self.reg is not None:
            total += self.reg()
        return total, outputs
