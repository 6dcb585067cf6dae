"""Exercise 6: a topological order of a graph — every node the root depends on, once, each
after all of its parents — on random graphs from `autograd.strategies` (the smallest one where
the student's order fails is shown), on the lecture's network, and on a chain too deep to
recurse down."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from autograd import Value
from autograd.backward import topological_order
from autograd.notation.names import definition, node_name
from autograd.strategies import expressions
from exercises.checks.graphs import Graph, chain, lettered, listing, reachable
from exercises.checks.search import smallest_failure
from exercises.student import Answers, StudentError
from exercises.verdict import Verdict, Wrong, passed
from nn.lecture import lecture_network

TITLE = "A topological order of the graph"
ANSWERS = ("topological_order",)
HINT = (
    "Visit the graph from the root, depth first, and put a node on the list only once all of "
    "its parents are on it: keep a set of the nodes already visited (a node used twice is "
    "listed once), and a stack of (node, its parents are done) pairs instead of calling "
    "yourself — a chain of 5,000 nodes is deeper than Python lets a function recurse."
)
DEEP = 5000


def _name(v: Value) -> str:
    return node_name(v)


def problem(order: Any, graph: Graph) -> str | None:
    """What is wrong with ``order`` as a topological order of ``graph`` (None: nothing)."""
    if not isinstance(order, Sequence) or isinstance(order, str):
        return f"your topological_order returned {type(order).__name__}, not a list of nodes"
    if not all(isinstance(v, Value) for v in order):
        odd = next(v for v in order if not isinstance(v, Value))
        return f"your list holds {odd!r:.30}, not only the graph's nodes (Values)"
    needed = reachable(graph.root)
    place: dict[int, int] = {}
    for k, v in enumerate(order):
        if id(v) in place:
            return f"{_name(v)} is in your list twice: each node comes once"
        place[id(v)] = k
    missing = [v for v in graph.nodes if id(v) not in place]
    if missing:
        root = _name(graph.root)
        return f"{_name(missing[0])} is missing from your list: it is a node {root} depends on"
    extra = [v for v in order if id(v) not in needed]
    if extra:
        return f"{_name(extra[0])} is in your list, but {_name(graph.root)} does not depend on it"
    for v in order:
        for p in v.parents:
            if place[id(p)] > place[id(v)]:
                return (
                    f"in your list {_name(v)} comes before {_name(p)}, but {_name(p)} is a "
                    f"parent of {_name(v)} ({_name(v)} = {definition(v)}): every node comes "
                    f"after all of its parents"
                )
    return None


def _wrong(order_of: Callable[[Value], Any], graph: Graph, where: str) -> None:
    found = problem(order_of(graph.root), graph)
    if found is not None:
        raise Wrong(
            f"{where}: {found}.", "the graph:", *[f"    {line}" for line in listing(graph.nodes)]
        )


def check(answers: Answers) -> Verdict:
    order_of = answers.function("topological_order")

    def fails(expression: Any) -> bool:
        graph = lettered(expression)
        return problem(order_of(graph.root), graph) is not None

    # Small graphs first (a slip shows there, and shrinks fast), then larger ones.
    smallest = smallest_failure(expressions(max_leaves=2, max_steps=4), fails, examples=100)
    if smallest is None:
        smallest = smallest_failure(expressions(max_leaves=3, max_steps=10), fails, examples=50)
    if smallest is not None:
        graph = lettered(smallest)
        _wrong(order_of, graph, "on this graph")
    net = lecture_network()
    found = problem(order_of(net.C0), Graph(topological_order(net.C0)))
    if found is not None:
        raise Wrong(f"on the lecture's network: {found}.")
    deep = chain(DEEP)
    try:
        order = order_of(deep.root)
    except StudentError as e:
        raise StudentError(
            e.summary,
            [
                *e.details,
                f"({deep.root.label} is the end of a chain of {DEEP:,} nodes: x₀, x₁ = x₀ + 1, "
                f"x₂ = x₁ + 1, …)",
            ],
        ) from None
    found = problem(order, deep)
    if found is not None:
        raise Wrong(f"on a chain of {DEEP:,} nodes (x₀, x₁ = x₀ + 1, x₂ = x₁ + 1, …): {found}.")
    return passed(
        "your order lists every node once, each after its parents: on 150 random graphs, the "
        f"lecture's network and a chain of {DEEP:,} nodes."
    )
