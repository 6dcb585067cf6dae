"""Training: forward propagation, the cost averaged over the data (or a mini-batch), backward,
and one gradient-descent step — repeated, with a progress bar and a history of the cost.

When the step η·∂C/∂W is too large, gradient descent overshoots the minimum and the cost grows
instead of shrinking, until numbers overflow to inf and nan. `fit` watches for that: it warns
when the cost grows by orders of magnitude and stops with `DivergenceError` when the cost or a
parameter stops being a finite number.
"""

from __future__ import annotations

import math
import random
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import Value
from autograd.notation import number
from nn.layers import MLP
from nn.losses import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy
from nn.optim import SGD, Optimizer

__all__ = ["DivergenceError", "History", "Snapshot", "accuracy", "fit"]

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


def _show_bar() -> bool:
    # A bar redraws itself with "\r": in a log file or a pipe it is one line of several KB.
    # Jupyter's stderr is no terminal, but tqdm.auto draws a widget there.
    return "ipykernel" in sys.modules or sys.stderr.isatty()


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
        rows = [o if isinstance(o, list) else [o] for o in outputs]
        return softmax_cross_entropy(rows, [int(t) for t in y])
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


def _check_labels(loss: str | LossFn, y: Sequence[int | float]) -> None:
    """Refuse labels the loss cannot learn from, saying what to change. The trap: fit's default
    loss is hinge (y = ±1) and the datasets' default labels are 0/1 — with y = 0 the hinge
    Cᵢ = max(0, 1 − 0·sᵢ) = 1 has no gradient, so class 0 is never learned, silently."""
    named: dict[LossFn, str] = {hinge: "hinge", binary_cross_entropy: "bce"}
    name = loss if isinstance(loss, str) else named.get(loss)
    found = sorted({float(t) for t in y})
    shown = ", ".join(number(t) for t in found[:5]) + (", …" if len(found) > 5 else "")
    if name == "hinge" and not set(found) <= {-1.0, 1.0}:
        raise ValueError(
            f"loss 'hinge' needs labels −1 and +1 (Cᵢ = max(0, 1 − yᵢ·sᵢ)), but y holds {shown}: "
            f"take the data with labels='pm1' (moons(n, labels='pm1')), or use loss='bce' "
            f"for 0/1 labels"
        )
    if name == "bce" and not set(found) <= {0.0, 1.0}:
        raise ValueError(
            f"loss 'bce' needs labels 0 and 1 (y is the probability of class 1), but y holds "
            f"{shown}: take the data with labels='01', or use loss='hinge' for −1/+1 labels"
        )


def fit(
    model: MLP,
    X: Sequence[Sequence[float]],
    y: Sequence[int | float],
    *,
    loss: str | LossFn = "hinge",
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

    Divergence: when the cost or a parameter becomes inf or nan, `DivergenceError` names the
    step and the likely cause (the learning rate); when an epoch's cost is more than 100 × the
    lowest so far, a `RuntimeWarning` says so once. The progress bar is drawn in a terminal or
    a notebook only; elsewhere (a log file, a pipe) one final line replaces it.

    Each step: C = 1/n Σᵢ Cᵢ over the batch (+ α·Σ w² if ``alpha``), backward, W ← W − η·∂C/∂W
    (or ``optimizer.step()``). ``batch_size=None`` is full batch (one step per epoch); otherwise
    the data are shuffled (with ``seed``) each epoch. ``loss`` is "hinge" (y = ±1), "mse", "bce"
    (logits, y = 0/1), "softmax" (one output per class) or a callable (scores, y) → Value; labels
    that hinge or bce cannot learn from (0/1 for hinge, the datasets' default) raise ValueError.
    ``progress`` shows a tqdm bar with the cost and accuracy; ``on_epoch(epoch, history)`` is
    called after each epoch. ``record=True`` keeps a `Snapshot` of every parameter and its
    gradient per epoch in ``history.snapshots`` (for `autograd.explore.explore_training`).
    ``compile=True`` runs each step as code generated by `autograd.compile` (the per-sample cost
    written out as Python, one function per target value), with the same results to ~1e-14 and
    many times faster; targets must be discrete.
    """
    if len(X) != len(y) or not X:
        raise ValueError(f"X and y must be non-empty and equally long: {len(X)} vs {len(y)}")
    _check_labels(loss, y)
    if epochs < 0:
        raise ValueError(f"epochs must be ≥ 0, got {epochs}")
    if batch_size is not None and batch_size < 1:
        raise ValueError(f"batch_size must be ≥ 1, got {batch_size}")
    opt = optimizer if optimizer is not None else SGD(model.parameters(), lr=lr)
    threshold = (min(y) + max(y)) / 2.0 if loss == "mse" else 0.0
    rng = random.Random(seed)
    history = History()
    params = model.parameters()
    if record:
        history.names = [name for name, _ in model.named_parameters()]
    order = list(range(len(X)))
    epoch_range = range(epochs)
    compiled = _CompiledCost(model, loss, alpha) if compile else None
    bar = None
    if progress and _show_bar():
        from tqdm.auto import tqdm

        bar = tqdm(epoch_range, desc="training", unit="epoch")
    step, warned, lowest = 0, False, math.inf
    for epoch in bar if bar is not None else epoch_range:
        size = batch_size or len(X)
        if batch_size is not None:
            rng.shuffle(order)
        total, seen, right = 0.0, 0, 0.0
        at_start = tuple(p.data for p in params) if record else ()
        for start in range(0, len(X), size):
            idx = order[start : start + size]
            xb = [X[i] for i in idx]
            yb = [float(y[i]) for i in idx]
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
            outputs = _forward(model, xb)
            cost = _cost(loss, outputs, yb)
            if alpha:
                cost = cost + l2(model.parameters(), alpha)
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
        if bar is not None:
            # the lecture's name for the cost: C, not "loss"
            bar.set_postfix({"C": f"{history.loss[-1]:.4f}", "acc": f"{history.accuracy[-1]:.1%}"})
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
    if bar is not None:
        bar.close()
    elif progress and history.loss:  # no bar: one line for the log
        print(
            f"training: {len(history.loss)} epochs, C={history.loss[-1]:.4f}, "
            f"acc={history.accuracy[-1]:.1%}",
            file=sys.stderr,
        )
    return history


class _CompiledCost:
    """fit(compile=True): the batch cost C = 1/n Σᵢ Cᵢ (+ α·Σ w²) and its gradient, run as code
    generated by `autograd.compile`. A target becomes a constant of the generated code, so there
    is one compiled per-sample function per target value (±1 for hinge, 0/1, or each class)."""

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
