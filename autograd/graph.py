"""Walking the graph: the order in which backpropagation visits nodes.

Backpropagation must reach a node only after every node that uses it, i.e. in reverse
topological order. The order is built with an explicit stack — never by recursion — so a graph
as deep as a million nodes needs no more Python stack than a graph of three.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autograd.engine import Value

__all__ = ["topological_order"]


def topological_order(root: Value) -> list[Value]:
    """Every node ``root`` depends on, itself included, each after all of its parents."""
    order: list[Value] = []
    visited: set[Value] = set()
    # A stack of (node, done) pairs: a node is pushed once to expand its parents and once,
    # below them, to be emitted after they are. Bound methods: this loop is the hot spot of
    # every backward().
    stack: list[tuple[Value, bool]] = [(root, False)]
    pop, push, seen, emit = stack.pop, stack.append, visited.add, order.append
    while stack:
        node, parents_done = pop()
        if parents_done:
            emit(node)
            continue
        if node in visited:
            continue
        seen(node)
        push((node, True))
        # Reversed, so the first parent is finished first: x before w, neuron 1 before neuron 2.
        for p in reversed(node.parents):
            if p not in visited:
                push((p, False))
    return order
