"""`backward.walk`, made faster (skip on first reading): the same steps, the same numbers.

`Value.backward` runs `walk_fast`, which gives every gradient `backward.walk` gives, bit for
bit (tests/autograd/test_backward.py checks it on random graphs), and differs only in speed:

* **zero skip**: a node whose upstream ∂C/∂node is exactly 0 (behind a ReLU that is off: 63 %
  of the demo step's nodes) would add only ±0 to its parents when its op promises finite local
  derivatives (``Op.finite_partials``), so it is skipped; ``skip_zeros=True`` skips every such
  node whatever its op (then 0·∞ gives 0 instead of nan, PyTorch's answer);
* **every step inside the walk's loop**, with no argument lists for one or two parents;
* **the cyclic garbage collector paused** during the walk, which only updates floats;
* **the order without its leaves** (`order_fast`): `backward.topological_order` less the nodes
  no op made, which the walk passes over anyway, with no (node, flag) pairs on the stack, and a
  node whose parents are all placed already placed at once, by one test in C;
* under `detect_anomaly()`, each step is checked (`autograd.show.anomaly`).

`one_at_a_time` is the lock that makes backward() from several threads run in sequence.
"""

from __future__ import annotations

import gc
import math
import sys
import threading
from collections.abc import Sequence

from autograd.backward import backward_step
from autograd.modes import _mode
from autograd.node import N, Node

__all__ = ["one_at_a_time", "order_fast", "walk_fast"]

# backward() writes .grad all over its graph: it zeroes every intermediate node's, then adds into
# each node's in turn. Two calls interleaved by threads on one graph — or on two graphs sharing
# leaves, a model's weights — would mix their sums (and gc.disable/enable is process-wide). This
# lock runs them one after another, as if they had been called in sequence; reentrant, so a rule
# that itself calls backward() cannot hang. Uncontended it costs well under a microsecond.
one_at_a_time = threading.RLock()


# From 3.11 `set.issuperset(a_tuple)` looks each item up in C; 3.10 first copies them into a new
# set, which costs more than the test saves (measured on the demo step's graph).
_SUBSET_IN_C = sys.version_info >= (3, 11)


def order_fast(root: N) -> list[N]:
    """`backward.topological_order(root)` without the leaves: the nodes made by ops, in the same
    order (the same depth-first search, so the walk adds into each gradient in the same order)."""
    order: list[N] = []
    visited: set[N] = set()
    stack: list[N | None] = [root]  # a node to place, or None: "place the node below me now"
    pop, push, seen, emit = stack.pop, stack.append, visited.add, order.append  # the hot loop
    placed_already = visited.issuperset if _SUBSET_IN_C else None
    while stack:
        node = pop()
        if node is None:  # its parents are placed: it follows them
            emit(pop())  # type: ignore[arg-type]
            continue
        while node not in visited:
            seen(node)
            parents = node.parents
            if not parents:  # a leaf: in the search, not in the order
                break
            if len(parents) == 1:  # ReLU of z …: z next (seldom placed already: no C test first)
                push(node)
                push(None)
                node = parents[0]  # type: ignore[assignment]
                continue
            if placed_already is not None and placed_already(parents):
                emit(node)  # what the search would do after finding every parent visited
                break
            push(node)
            push(None)
            for p in reversed(parents):  # reversed: the first parent is placed first
                if p not in visited:
                    push(p)  # type: ignore[arg-type]
            break
    return order


def walk_fast(order: Sequence[Node], skip_zeros: bool = False) -> None:
    """`backward.walk` over ``order`` (C last), leaving out the nodes that would add only ±0."""
    checker = _mode.anomaly
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        if checker is not None:  # every step runs, and is checked
            for v in reversed(order):
                if v.parents:
                    backward_step(v)
                    checker.backward(v)
        else:
            _walk(order, skip_zeros)
    finally:
        if collecting:
            gc.enable()


def _walk(order: Sequence[Node], skip_all: bool) -> None:
    """`backward.backward_step` at each node, from C back, with the arguments of its op's rule
    passed as they are (no lists for one parent), except at a node whose upstream is 0 and whose
    op promises finite local derivatives — or, ``skip_all``, whatever its op."""
    isfinite = math.isfinite
    for v in reversed(order):
        op = v._op
        if op is None:  # a leaf (order_fast's order has none; backward.walk's may)
            continue
        up = v._grad
        if up == 0.0 and (skip_all or (op.finite_partials and isfinite(v._data))):
            continue  # it would add only ±0 to its parents (nan == 0 is False: nan goes on)
        parents = v.parents
        rule = op.backward
        if len(parents) == 1:  # ReLU, x + c, …: most steps
            p = parents[0]
            c = v._c
            if rule is not None:
                p._grad += (
                    rule(up, p._data, v._data) if c is None else rule(up, p._data, c, v._data)
                )[0]
            else:
                partials = op.partials
                p._grad += (
                    partials(p._data, v._data) if c is None else partials(p._data, c, v._data)
                )[0] * up
            continue
        if len(parents) == 2 and v._c is None:  # x + y, x·y, …: the rest of the commonest
            p, q = parents
            if rule is not None:
                added = rule(up, p._data, q._data, v._data)
                p._grad += added[0]
                q._grad += added[1]
            else:
                both = op.partials(p._data, q._data, v._data)
                p._grad += both[0] * up
                q._grad += both[1] * up
            continue
        args = [p._data for p in parents]  # backward.rule_args
        if op.const:
            args.append(v._c)  # type: ignore[arg-type]
        args.append(v._data)
        if rule is not None:
            for p, a in zip(parents, rule(up, *args)):
                p._grad += a
        else:
            for p, local in zip(parents, op.partials(*args)):
                p._grad += local * up


def _step(v: Node) -> None:
    """`backward.backward_step` at ``v`` the fast way (nothing if it would add only ±0)."""
    _walk((v,), skip_all=False)
