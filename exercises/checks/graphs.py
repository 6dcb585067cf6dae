"""Small graphs for exercises 6 and 7: random expression DAGs from `autograd.strategies`
(shared nodes, a node used twice, every op of the table) built with their nodes lettered
a, b, c … in the order they were made, and listed as a student reads them."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass

from autograd import Value, apply
from autograd.notation.names import definition
from autograd.notation.numbers import number
from autograd.strategies import Expression

SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

__all__ = ["Graph", "chain", "lettered", "listing", "reachable", "users"]


@dataclass(frozen=True)
class Graph:
    """The nodes the root depends on (leaves first, then in the order they were made) and the
    root, the last of them."""

    nodes: list[Value]

    @property
    def root(self) -> Value:
        return self.nodes[-1]


def reachable(root: Value) -> set[int]:
    """The ids of every node ``root`` depends on, itself included (an explicit stack)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen.add(id(v))
            stack.extend(v.parents)
    return seen


def lettered(expression: Expression) -> Graph:
    """``expression`` built from fresh leaves, keeping the nodes its root depends on, each
    labelled by a letter in the order it was made (leaves first)."""
    nodes = [Value(x) for x in expression.inputs]
    for step in expression.steps:
        nodes.append(apply(step.op, *[nodes[i] for i in step.operands], c=step.c))
    keep = reachable(nodes[-1])
    kept = [v for v in nodes if id(v) in keep]
    for v, letter in zip(kept, string.ascii_lowercase):
        v.label = letter
    return Graph(kept)


def chain(length: int) -> Graph:
    """x₀, x₁ = x₀ + 1, x₂ = x₁ + 1, …: a graph as deep as it is long."""
    nodes = [Value(0.0, label="x₀")]
    for k in range(1, length + 1):
        v = nodes[-1] + 1.0
        v.label = f"x{str(k).translate(SUBSCRIPT)}"
        nodes.append(v)
    return Graph(nodes)


def listing(nodes: Iterable[Value]) -> list[str]:
    """One line per node: ``a = 1.5`` for a leaf, ``c = a·b`` for a node made by an op."""
    return [f"{v.label} = {definition(v) if v.parents else number(v.data)}" for v in nodes]


def users(graph: Graph, node: Value) -> list[Value]:
    """The nodes that use ``node`` as an input, once per use (``a·a`` uses ``a`` twice)."""
    return [v for v in graph.nodes for p in v.parents if p is node]
