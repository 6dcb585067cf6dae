"""Backpropagation one node at a time, so the student can watch the chain rule work.

Each step takes one node in reverse topological order and passes its upstream gradient ∂C/∂node
to its parents: parent.grad += (local derivative) × (upstream). Where a node is used twice, the
second step's ``+=`` is visible as a contribution added to a gradient that was already nonzero.
The step itself is `autograd.engine.backward_step`, the very one `Value.backward()` runs, so the
two can never disagree (not even under `detect_anomaly()`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from autograd.engine import Value, backward_step, is_anomaly_enabled, prepare_backward

__all__ = ["BackwardStep", "Contribution", "backward_steps"]

SNAPSHOT_LIMIT = 2_000  # record every node's grad after each step only for graphs this small


@dataclass(frozen=True)
class Contribution:
    """What one step added to one parent: ``added`` = ``local`` × upstream; ``before``/``after``
    are that parent's grad around the ``+=``."""

    parent: Value
    slot: int
    local: float
    added: float
    before: float
    after: float


@dataclass(frozen=True, eq=False)
class BackwardStep:
    """Step ``index`` (0 = the root) of the backward pass from ``root``: at ``node``, whose
    gradient is ``upstream`` = ∂root/∂node, the ``contributions`` to its parents. ``grads`` is a
    snapshot of every node's grad after the step (None for graphs over `SNAPSHOT_LIMIT` nodes);
    ``order`` is the reverse topological order the steps follow."""

    index: int
    root: Value
    node: Value
    upstream: float
    contributions: tuple[Contribution, ...]
    grads: dict[Value, float] | None
    order: tuple[Value, ...]


def backward_steps(root: Value, gradient: float = 1.0) -> Iterator[BackwardStep]:
    """Run ``root.backward(gradient)`` one node at a time, yielding a `BackwardStep` after each.

    Exhausting the generator leaves every ``.grad`` exactly as ``root.backward()`` would (leaves
    accumulate, intermediate nodes are recomputed). Leaves get a step too, with no contributions:
    at that point their gradient is final.
    """
    order = prepare_backward(root, gradient)
    reverse = tuple(reversed(order))
    snap = len(order) <= SNAPSHOT_LIMIT
    anomaly = is_anomaly_enabled()
    for index, v in enumerate(reverse):
        upstream = v.grad
        contributions: list[Contribution] = []
        if v.parents:
            before = {p: p.grad for p in v.parents}
            local = v.local_derivatives()
            added = backward_step(v, anomaly)
            # Replay the += slot by slot (same order, same float additions) to show, for a parent
            # used twice, its grad between the two additions.
            running = dict(before)
            for slot, (p, d, a) in enumerate(zip(v.parents, local, added)):
                b = running[p]
                running[p] = b + a
                contributions.append(Contribution(p, slot, d, a, b, running[p]))
        grads = {u: u.grad for u in order} if snap else None
        yield BackwardStep(index, root, v, upstream, tuple(contributions), grads, reverse)
