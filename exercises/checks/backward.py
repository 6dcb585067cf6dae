"""Exercise 7: backward() written by the student over Value nodes with the op table's local
derivatives, checked against the engine's backward() on random graphs from
`autograd.strategies` — a node used twice among them — and on the lecture's network. The
smallest graph where they differ is listed, with the node whose gradient is wrong and the
likely reason (a contribution overwritten instead of added, the seed forgotten, …)."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterator
from typing import Any

from autograd import Value
from autograd.backward import topological_order
from autograd.notation.names import definition, node_name
from autograd.strategies import expressions
from exercises.checks.graphs import Graph, lettered, listing, users
from exercises.checks.search import smallest_failure
from exercises.student import Answers
from exercises.verdict import Verdict, Wrong, count, numbers, passed
from nn.lecture import lecture_network

TITLE = "backward(): the chain rule, node by node"
ANSWERS = ("backward",)
HINT = (
    "Three steps, as the lecture's backward pass: order the graph, seed ∂C/∂C = 1 (C.grad = "
    "1.0), then walk the order in reverse and at each node v give each parent p its "
    "contribution, local derivative × upstream ∂C/∂v — zip(v.parents, v.local_derivatives()) "
    "pairs them. Add, never assign: a node used twice gets a contribution from each use."
)

Backward = Callable[[Value], Any]


@contextlib.contextmanager
def _engine_refused() -> Iterator[None]:
    """While the student's backward() runs, the engine's own refuses to: the point is to
    write it."""
    original = Value.backward

    def refuse(self: Value, *args: object, **kwargs: object) -> None:
        raise RuntimeError(
            "this is the engine's own backward(): write the walk yourself, with "
            "topological_order, v.parents and v.local_derivatives()"
        )

    Value.backward = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        Value.backward = original  # type: ignore[method-assign]


def _same(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _engine(graph: Graph) -> list[float]:
    graph.root.backward()
    return [v.grad for v in graph.nodes]


def _theirs(backward: Backward, graph: Graph) -> list[float]:
    with _engine_refused():
        backward(graph.root)
    return [v.grad for v in graph.nodes]


def _walk(
    graph: Graph,
    *,
    add: bool = True,
    reverse: bool = True,
    upstream: bool = True,
    value: bool = False,
) -> list[float]:
    """The gradients a backward() with one slip gives (``add=False``: ``=`` instead of ``+=``;
    ``reverse=False``: the order walked forward; ``upstream=False``: the local derivative
    alone; ``value=True``: times v.data, the node's value, instead of v.grad), computed without
    touching ``.grad``."""
    order = topological_order(graph.root)
    grad = {id(v): 0.0 for v in order}
    grad[id(graph.root)] = 1.0
    for v in reversed(order) if reverse else order:
        for p, local in zip(v.parents, v.local_derivatives()):
            part = local * (v.data if value else grad[id(v)]) if upstream else local
            grad[id(p)] = grad[id(p)] + part if add else part
    return [grad[id(v)] for v in graph.nodes]


def _differs(got: list[float], want: list[float]) -> bool:
    return not all(_same(a, b) for a, b in zip(got, want))


def _reason(graph: Graph, got: list[float], wrong: Value) -> str:
    """Why the student's gradients are what they are, where one slip explains them all."""
    if not _same(graph.root.grad, 1.0):
        C = node_name(graph.root)
        seed = (
            "" if wrong is graph.root else f"your ∂{C}/∂{C} = {numbers(graph.root.grad, 1.0)[0]}: "
        )
        return f"{seed}the walk starts from the seed ∂C/∂C = 1 (C.grad = 1.0)."
    uses = users(graph, wrong)
    where = ", ".join(sorted({f"{node_name(u)} = {definition(u)}" for u in uses}))
    times = {1: "once", 2: "twice"}.get(len(uses), f"{count(len(uses))} times")
    if not _differs(got, _walk(graph, add=False)):
        return (
            f"{node_name(wrong)} is used {times} ({where}): did you add both contributions? "
            f"p.grad += local × upstream, not p.grad = …"
        )
    if not _differs(got, _walk(graph, reverse=False)):
        return (
            "your walk went forward, from the leaves: a node's gradient was passed on before "
            "it was complete. Walk the order in reverse, from C back to the leaves."
        )
    if not _differs(got, _walk(graph, upstream=False)):
        return (
            "you added the local derivative alone: the chain rule multiplies it by the "
            "upstream gradient, p.grad += local × v.grad."
        )
    if not _differs(got, _walk(graph, value=True)):
        return (
            "you multiplied by v.data, the node's value from the forward pass: the upstream "
            "gradient is v.grad = ∂C/∂v, p.grad += local × v.grad."
        )
    if len(uses) > 1:
        return f"{node_name(wrong)} is used {times} ({where}): does every use add its contribution?"
    return ""


def _report(backward: Backward, graph: Graph, where: str) -> None:
    """Raise `Wrong` if the student's backward() differs from the engine's on ``graph``."""
    want = _engine(graph)
    for v in graph.nodes:
        v.grad = 0.0
    got = _theirs(backward, graph)
    if not _differs(got, want):
        return
    # The wrong node nearest the root: the first the backward walk gets wrong.
    place = {id(v): k for k, v in enumerate(topological_order(graph.root))}
    k = max(
        (k for k, (a, b) in enumerate(zip(got, want)) if not _same(a, b)),
        key=lambda k: place[id(graph.nodes[k])],
    )
    node, C = graph.nodes[k], node_name(graph.root)
    mine, right = numbers(got[k], want[k])
    head = f"{where}, your ∂{C}/∂{node_name(node)} = {mine}; backward() gives {right}"
    reason = _reason(graph, got, node)
    raise Wrong(
        head + (f": {reason}" if reason else "."),
        f"the graph ({C} is the root):",
        *[f"    {line}" for line in listing(graph.nodes)],
    )


def _probes() -> list[Graph]:
    """The smallest graphs that show the usual slips, smallest first: b = eˣ (the seed), a
    node used twice (b = a + a: the +=), a chain (c = e^|a|: the order and the upstream)."""
    a = Value(1.5, label="a")
    b = a.exp()
    twice = Value(1.5, label="a")
    c = twice + twice
    x = Value(-0.5, label="a")
    y = abs(x)
    z = y.exp()
    for v, name in ((b, "b"), (c, "b"), (y, "b"), (z, "c")):
        v.label = name
    return [Graph([a, b]), Graph([twice, c]), Graph([x, y, z])]


def check(answers: Answers) -> Verdict:
    backward = answers.function("backward")
    for graph in _probes():
        _report(backward, graph, "on the smallest graph where it differs")

    def fails(expression: Any) -> bool:
        graph = lettered(expression)
        want = _engine(graph)
        for v in graph.nodes:
            v.grad = 0.0
        return _differs(_theirs(backward, graph), want)

    # Small graphs first (a slip shows there, and shrinks fast), then larger ones.
    smallest = smallest_failure(expressions(max_leaves=2, max_steps=4), fails, examples=100)
    if smallest is None:
        smallest = smallest_failure(expressions(max_leaves=3, max_steps=10), fails, examples=50)
    if smallest is not None:
        _report(backward, lettered(smallest), "on the smallest graph where it differs")
    net = lecture_network()
    _report(backward, Graph(topological_order(net.C0)), "on the lecture's network")
    return passed(
        "your backward() gives every node the engine's gradient: on 150 random graphs (nodes "
        "used twice among them) and on the lecture's network."
    )
