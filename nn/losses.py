"""Cost functions C: how wrong the network is. Each returns the mean over the samples,
C = 1/n Σᵢ Cᵢ — one ``mean`` node whose local derivatives are all 1/n, so the gradient is the
per-sample gradients averaged over the data set, as in the lecture. Built from engine ops only.

The nodes are labelled for drawings and `explain()`: the cost of sample i is ``Cᵢ`` (i from 0,
so one sample's cost is the lecture's C₀) and their mean is ``C``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from autograd import Value, mean, sum_
from autograd.notation.labels import lecture_label

__all__ = ["binary_cross_entropy", "hinge", "l2", "mse", "softmax_cross_entropy"]

Target = float | int | Value


def _target(t: Target) -> Value | float:
    """A target as the cost uses it: a number, or a Value kept in the graph (a Value's number
    is never taken out: that would warn, and under `autograd.compile` fix it to one row's)."""
    return t if isinstance(t, Value) else float(t)


def _pairs(preds: Sequence[Value], targets: Sequence[Target], what: str) -> None:
    if len(preds) != len(targets):
        raise ValueError(f"{what}: {len(preds)} predictions but {len(targets)} targets")
    if not preds:
        raise ValueError(f"{what}: no samples")


def _average(costs: list[Value]) -> Value:
    for i, c in enumerate(costs):
        c.label = lecture_label("C", None, i)
    C = mean(costs)
    C.label = "C"
    return C


def mse(preds: Sequence[Value], targets: Sequence[Target]) -> Value:
    """Mean squared error C = 1/n Σᵢ (y'ᵢ − yᵢ)²."""
    _pairs(preds, targets, "mse")
    return _average([(p - _target(t)) ** 2 for p, t in zip(preds, targets)])


def binary_cross_entropy(logits: Sequence[Value], targets: Sequence[Target]) -> Value:
    """Binary cross-entropy on logits s (y ∈ {0, 1}): Cᵢ = −y·ln σ(s) − (1−y)·ln(1−σ(s)).

    Computed as softplus(s) − y·s, which never takes the log of 0 and whose gradient is exactly
    σ(s) − y (PyTorch's ``binary_cross_entropy_with_logits``)."""
    _pairs(logits, targets, "binary_cross_entropy")
    return _average([s.softplus() - _target(y) * s for s, y in zip(logits, targets)])


def hinge(scores: Sequence[Value], targets: Sequence[Target]) -> Value:
    """The SVM max-margin loss of micrograd's demo (y ∈ {−1, +1}): Cᵢ = max(0, 1 − yᵢ·sᵢ)."""
    _pairs(scores, targets, "hinge")
    return _average([(1.0 - _target(y) * s).relu() for s, y in zip(scores, targets)])


def softmax_cross_entropy(logits: Sequence[Sequence[Value]], targets: Sequence[int]) -> Value:
    """Softmax cross-entropy for classes 0…K−1: Cᵢ = ln Σₖ e^{sₖ} − s_yᵢ.

    The largest logit m is subtracted first (ln Σ e^{sₖ} = m + ln Σ e^{sₖ−m}), so no eˣ
    overflows; m is a constant, so the gradient is unchanged."""
    if len(logits) != len(targets):
        raise ValueError(
            f"softmax_cross_entropy: {len(logits)} predictions but {len(targets)} targets"
        )
    if not logits:
        raise ValueError("softmax_cross_entropy: no samples")
    losses = []
    for row, y in zip(logits, targets):
        if not 0 <= y < len(row):
            raise ValueError(f"softmax_cross_entropy: class {y} is outside 0…{len(row) - 1}")
        m = max(s.data for s in row)
        lse = sum_([(s - m).exp() for s in row]).log() + m
        losses.append(lse - row[y])
    return _average(losses)


def l2(params: Iterable[Value], alpha: float = 1e-4) -> Value:
    """The L2 penalty α·Σ p² over the parameters (not a mean: it does not depend on the data)."""
    ps = list(params)
    if not ps:
        raise ValueError("l2: no parameters")
    penalty = alpha * sum_([p * p for p in ps])
    penalty.label = "L2"
    return penalty
