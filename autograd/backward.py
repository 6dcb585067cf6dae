"""Backpropagation, the chain rule node by node: 1. order the graph (`topological_order`);
2. seed ∂C/∂C = 1 (`seed`); 3. from C back to the leaves (`walk`), add local derivative ×
upstream into each parent's gradient (`backward_step`) — every user of a node comes first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd.node import N, Node

__all__ = ["backward_step", "contributions", "rule_args", "seed", "topological_order", "walk"]


def topological_order(root: N) -> list[N]:
    """Every node ``root`` depends on, itself included, each after all of its parents (an
    explicit stack, not recursion: a chain of a million nodes works)."""
    order: list[Any] = []
    visited: set[Any] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]  # (node, its parents are done)
    pop, push, seen, emit = stack.pop, stack.append, visited.add, order.append  # the hot loop
    while stack:
        node, parents_done = pop()
        if parents_done:
            emit(node)
        elif node not in visited:
            seen(node)
            push((node, True))
            for p in reversed(node.parents):  # reversed: the first parent is finished first
                if p not in visited:
                    push((p, False))
    return order


def seed(order: Sequence[Node], root: Node, gradient: float = 1.0) -> None:
    """∂C/∂C = ``gradient`` (1 for the cost); every other node made by an op starts at 0 (it is
    recomputed); a leaf keeps its ``.grad``: leaves accumulate over calls, as in PyTorch."""
    for v in order:
        if v.parents:
            v._grad = 0.0
    root._grad = gradient if root.parents else root._grad + gradient


def rule_args(v: Node, *, as_values: bool = False) -> list[object]:
    """What v's op rules take: the parents' numbers (or, ``as_values``, the parents), then c."""
    args: list[object] = list(v.parents) if as_values else [p._data for p in v.parents]
    if v._op is not None and v._op.const:
        args.append(v._c)
    return args


def contributions(v: Node, upstream: float | None = None) -> Sequence[float]:
    """What the chain rule at ``v`` adds to each parent's gradient: local derivative ∂v/∂parent ×
    upstream ∂C/∂v (``v.grad`` unless given) — or the op's own ``backward`` rule, where PyTorch
    computes that product another way (its order, or a mask: autograd/numerics/pytorch.py)."""
    op = v._op
    if op is None:
        return ()
    up = v._grad if upstream is None else upstream
    if op.backward is not None:
        return op.backward(up, *rule_args(v), v._data)
    return [local * up for local in op.partials(*rule_args(v), v._data)]


def backward_step(v: Node) -> Sequence[float]:
    """One step of backpropagation: at node ``v``, each parent's ``.grad`` += its contribution.
    ``+=``, not ``=``: a node used twice (``a * a``, or two paths meeting) gets both."""
    added = contributions(v)
    for parent, a in zip(v.parents, added):
        parent._grad += a
    return added


def walk(order: Sequence[Node]) -> None:
    """`backward_step` at every node made by an op, from C back (`Value.backward` runs
    `fast_backward.walk_fast`: the same steps, faster)."""
    for v in reversed(order):
        if v.parents:
            backward_step(v)
