"""Training: forward propagation, the cost averaged over the data (or a mini-batch), backward,
and one gradient-descent step — repeated, with a progress bar and a history of the cost."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from autograd import Value
from nn.layers import MLP
from nn.losses import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy
from nn.optim import SGD, Optimizer

__all__ = ["History", "Snapshot", "accuracy", "fit"]

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
) -> History:
    """Train ``model`` by gradient descent; return the `History`.

    Each step: C = 1/n Σᵢ Cᵢ over the batch (+ α·Σ w² if ``alpha``), backward, W ← W − η·∂C/∂W
    (or ``optimizer.step()``). ``batch_size=None`` is full batch (one step per epoch); otherwise
    the data are shuffled (with ``seed``) each epoch. ``loss`` is "hinge" (y = ±1), "mse", "bce"
    (logits, y = 0/1), "softmax" (one output per class) or a callable (scores, y) → Value.
    ``progress`` shows a tqdm bar with the cost and accuracy; ``on_epoch(epoch, history)`` is
    called after each epoch. ``record=True`` keeps a `Snapshot` of every parameter and its
    gradient per epoch in ``history.snapshots`` (for `autograd.explore.explore_training`).
    """
    if len(X) != len(y) or not X:
        raise ValueError(f"X and y must be non-empty and equally long: {len(X)} vs {len(y)}")
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
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(epoch_range, desc="training", unit="epoch")
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
            outputs = _forward(model, xb)
            cost = _cost(loss, outputs, yb)
            if alpha:
                cost = cost + l2(model.parameters(), alpha)
            opt.zero_grad()
            cost.backward()
            opt.step()
            total += cost.data * len(idx)
            right += accuracy(outputs, yb, threshold) * len(idx)
            seen += len(idx)
        history.loss.append(total / seen)
        history.accuracy.append(right / seen)
        history.lr.append(opt.lr)
        if record:
            history.snapshots.append(Snapshot(epoch, at_start, tuple(p.grad for p in params)))
        if bar is not None:
            bar.set_postfix(loss=f"{history.loss[-1]:.4f}", acc=f"{history.accuracy[-1]:.1%}")
        if on_epoch is not None:
            on_epoch(epoch, history)
    if bar is not None:
        bar.close()
    return history
