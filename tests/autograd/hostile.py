"""Random expression DAGs fed hostile numbers, shared by the differential fuzz against PyTorch
(tests/torch/test_fuzz.py) and its small slice in `make test` (tests/autograd/test_numerics.py).

A case is a recipe: leaf values, then steps (an op of the table applied to earlier nodes, with
its constant), and the gradient to seed the root with. Inputs, constants and seeds are drawn from
issue 15's hostile numbers (±0, subnormals, ±1e308, ±710, ±inf, nan) half of the time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from autograd import OPS, Value, apply
from autograd.checks.strategies import Step  # one recipe step type for every random-graph test
from autograd.ops import Op

INF, NAN = math.inf, math.nan

# The hostile values of the issue, and a few that sit on PyTorch's special cases.
EDGE = [
    *(0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, 1e-300, -1e-300),
    *(1e-20, 1e-10, 1e155, -1e155, 1e300, 1e308, -1e308, 1.7976931348623157e308),
    *(710.0, -710.0, 709.78, -745.0, 20.0, 20.000000000000004, -20.0, 36.0, 8.91821357999022),
    *(1.0, -1.0, 2.0, -2.0, 3.0, 0.5, -0.5, 1.82, INF, -INF, NAN),
]
UPSTREAM = [1.0, 1.0, 1.0, -1.0, 0.0, -0.0, 1e-20, 1e-300, 5e-324, 1e308, INF, -INF, NAN, 0.7]


def _number(rng: random.Random) -> float:
    r = rng.random()
    if r < 0.45:
        return rng.choice(EDGE)
    if r < 0.8:
        return rng.gauss(0.0, 3.0)
    return rng.choice((-1.0, 1.0)) * 10.0 ** rng.uniform(-323.0, 308.2)


@dataclass(frozen=True)
class Case:
    leaves: tuple[float, ...]
    steps: tuple[Step, ...]
    seed: float


def _arity(op: Op, rng: random.Random) -> int:
    if op.arity is not None:
        return op.arity
    if op.name == "wsum":
        return rng.choice((3, 5, 7))  # (w, a) pairs and a bias
    return rng.randint(1, 4)


def random_case(rng: random.Random, ops: Sequence[str] = tuple(sorted(OPS))) -> Case:
    """A DAG of 5–60 nodes: 1–4 leaves, then ops whose operands are earlier nodes (recent ones
    more often, so chains grow deep, but any node may be shared)."""
    n_leaves = rng.randint(1, 4)
    n_nodes = rng.randint(max(5, n_leaves + 1), 60)
    steps = []
    for n in range(n_leaves, n_nodes):
        op = OPS[rng.choice(ops)]
        operands = tuple(
            n - 1 - min(int(rng.expovariate(0.7)), n - 1)
            if rng.random() < 0.7
            else rng.randrange(n)
            for _ in range(_arity(op, rng))
        )
        steps.append(Step(op.name, operands, _number(rng) if op.const else None))
    return Case(tuple(_number(rng) for _ in range(n_leaves)), tuple(steps), rng.choice(UPSTREAM))


def run_ours(case: Case) -> tuple[list[Value], list[float], list[float]]:
    """Build the case with Values and backpropagate its seed: (nodes, values, gradients)."""
    nodes = [Value(x) for x in case.leaves]
    for s in case.steps:
        nodes.append(apply(s.op, *[nodes[i] for i in s.operands], c=s.c))
    nodes[-1].backward(case.seed)
    return nodes, [v.data for v in nodes], [v.grad for v in nodes]
