"""The student's walk and the fast one give the same gradients, bit for bit: `backward.walk`
(order, seed, then backward_step at every node from C back) against `Value.backward()` (which
runs `fast_backward.walk_fast`: zero skip, no argument lists, collector paused) — on hostile
random graphs (±0, subnormals, ±inf, nan, every op) and on random MLP costs."""

from __future__ import annotations

import random
import struct

import pytest

from autograd import Value, apply
from autograd.backward import seed, topological_order, walk
from autograd.fast_backward import order_fast
from nn import MLP, hinge
from tests.autograd.hostile import random_case


def _bits(x: float) -> bytes:
    return b"nan" if x != x else struct.pack("<d", x)


def _build(case, seed_grads):  # type: ignore[no-untyped-def]
    nodes = [Value(x) for x in case.leaves]
    for v, g in zip(nodes, seed_grads):
        v.grad = g
    for s in case.steps:
        nodes.append(apply(s.op, *[nodes[i] for i in s.operands], c=s.c))
    return nodes


@pytest.mark.parametrize("seed_value", range(6))
def test_the_plain_walk_and_the_fast_walk_agree_bit_for_bit(seed_value: int) -> None:
    rng = random.Random(seed_value)
    for _ in range(150):
        case = random_case(rng)
        start = [rng.choice([0.0, 1.5, -2.0]) for _ in case.leaves]
        fast = _build(case, start)
        fast[-1].backward(case.seed)
        plain = _build(case, start)
        order = topological_order(plain[-1])
        seed(order, plain[-1], case.seed)
        walk(order)
        # every node's gradient: ±0 may differ where the fast walk skipped a zero upstream
        # (0 + (−0.0) is +0.0: the sum is the same number), so 0.0 == −0.0 here, nothing else
        for a, b in zip(fast, plain):
            assert _bits(a.grad) == _bits(b.grad) or a.grad == b.grad == 0.0, case


@pytest.mark.parametrize("seed_value", range(3))
def test_order_fast_is_the_topological_order_without_its_leaves(seed_value: int) -> None:
    # the same nodes in the same order (so every gradient sums its shares in the same order)
    rng = random.Random(seed_value)
    roots = [_build(random_case(rng), [])[-1] for _ in range(100)]
    model = MLP(2, [4, 4, 1], seed=seed_value)
    rows = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(5)]
    roots.append(hinge([model(x) for x in rows], [1.0, -1.0, 1.0, -1.0, 1.0]))
    roots.append(Value(2.0))  # a leaf: nothing to walk
    for root in roots:
        interior = [v for v in topological_order(root) if v.parents]
        fast = order_fast(root)
        assert len(fast) == len(interior) and all(a is b for a, b in zip(fast, interior))


def test_on_a_network_every_weight_is_bit_identical() -> None:
    model = MLP(2, [8, 8, 1], seed=3)
    rows = [[0.3, -1.2], [2.0, 0.5], [-0.7, 0.1], [1.1, 1.1]]
    C = hinge([model(x) for x in rows], [1.0, -1.0, 1.0, -1.0])
    model.zero_grad()
    C.backward()
    fast = [p.grad for p in model.parameters()]
    model.zero_grad()
    order = topological_order(C)
    seed(order, C)
    walk(order)
    assert [_bits(g) for g in fast] == [_bits(p.grad) for p in model.parameters()]
