"""`detect_anomaly()`: the first nan or ±inf, named where it is made, with its likely cause.

Inside the block, each op's result (in `autograd.record`) and each backward step (in
`autograd.fast_backward`) is checked; the message is read by a student mid-exercise, so it says
what went wrong, why, and what to try — in the lecture's notation (`autograd.notation.names`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager

from autograd.modes import _mode
from autograd.notation.names import describe, edge_formula, node_name, partial_of
from autograd.ops import Op
from autograd.value import Value

__all__ = ["detect_anomaly"]


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Inside this block (in this thread) the first nan or ±inf that an op produces — in the
    forward pass, or as a gradient in `backward()` — raises `FloatingPointError` naming the op
    and the node, the likely cause and the next step to try. Inputs that are already nan/inf
    are not reported again."""
    previous = _mode.anomaly
    _mode.anomaly = _Checker()
    try:
        yield
    finally:
        _mode.anomaly = previous


class _Checker:
    """What the engine calls inside `detect_anomaly()`."""

    def forward(self, op: Op, parents: tuple[Value, ...], c: float | None, data: float) -> None:
        _check_forward(op, parents, c, data)

    def backward(self, v: Value) -> None:
        _check_backward(v)


def _name(v: Value) -> str:
    return repr(v.label) if v.label is not None else f"(unlabelled {v.op or 'leaf'} node)"


def _check_forward(op: Op, parents: tuple[Value, ...], c: float | None, data: float) -> None:
    inputs = [p.data for p in parents] + ([] if c is None else [c])
    if all(math.isfinite(x) for x in inputs):
        shown = ", ".join(f"{_name(p)}={p.data!r}" for p in parents)
        const = "" if c is None else f" and constant {c!r}"
        what = describe(op, [node_name(p) for p in parents], c)
        # The message is read by a student mid-exercise: what went wrong, why, what to try.
        if math.isnan(data):
            cause = (
                f"{what} is not defined at these inputs: they lie outside the op's domain "
                "(the logarithm or square root of a negative number, or 0/0)"
            )
            todo = "keep the input inside the domain, for example clamp it or add a small ε"
        elif 0.0 in inputs:
            cause = f"{what} is infinite at an input of 0 (1/0, ln 0, 0 to a negative power)"
            todo = "keep that input away from 0, for example add a small ε"
        else:
            cause = (
                f"{what} is larger than the largest float (about 1.8e308): the inputs have grown "
                "too large, in training usually because the learning rate η is too large and "
                "the weights diverge"
            )
            todo = "lower the learning rate (try η/10) or scale the inputs down"
        raise FloatingPointError(
            f"detect_anomaly: op {op.name!r} returned {data!r} from {shown}{const}. "
            f"Likely cause: {cause}. Next step: {todo}. To see where the inputs came from, "
            "draw one of them with draw_graph()."
        )


def _check_backward(v: Value) -> None:
    if not math.isfinite(v.grad):
        return  # reported where it first appeared
    for k, p in enumerate(v.parents):
        if not math.isfinite(p.grad):
            d = v.local_derivatives()[k]
            local = f"{partial_of(node_name(v), node_name(p))} = {edge_formula(v, k)}"
            if not math.isfinite(d):
                cause = (
                    f"the local derivative {local} is {d!r} at {node_name(p)} = {p.data!r}: "
                    f"op {v.op!r} has no finite derivative there (as √x and ln x at 0)"
                )
                todo = (
                    f"keep {node_name(p)} away from that point (for example √(x + ε)) or use "
                    "an op that is differentiable there"
                )
            elif not math.isfinite(d * v.grad):
                cause = (
                    f"local × upstream = {d!r} × {v.grad!r} is larger than the largest float: "
                    "the gradients are exploding, usually because the weights have diverged"
                )
                todo = "lower the learning rate η (try η/10) or scale the inputs down"
            else:
                cause = (
                    f"adding this step's {d * v.grad!r} to the gradient {node_name(p)} already "
                    "held overflowed: gradients pile up over several backward() calls, or many "
                    f"large ones meet at {node_name(p)}"
                )
                todo = (
                    "call zero_grad() (or set .grad = 0) before each backward(); if you do, "
                    "lower the learning rate η"
                )
            raise FloatingPointError(
                f"detect_anomaly: backward of op {v.op!r} at node {_name(v)} (data={v.data!r}) "
                f"gave parent {k} {_name(p)} the gradient {p.grad!r} "
                f"(local derivative {d!r}, upstream {v.grad!r}). Likely cause: {cause}. "
                f"Next step: {todo}."
            )
