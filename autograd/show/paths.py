"""The chain rule as a sum over paths: ∂C/∂w = Σ over paths w → C of Π (local derivatives).

The lecture writes one path, ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂. In a
wider network a weight reaches the cost along many paths, and its gradient is the sum of their
products. `chain_paths` lists those paths with their factors (read from the op table),
`count_paths` counts them without listing, and ``collapse=True`` gives the lecture's view, where
only labelled nodes remain and each edge carries the total derivative between two of them.

Everything here walks the graph with explicit stacks and topological order, never recursion,
and none of it needs `backward()` to have run.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from autograd.backward import topological_order
from autograd.notation.names import (  # node_name re-exported: autograd.show.paths.node_name
    edge_formula,
    node_name,
    partial_of,
    route_formula,
)
from autograd.notation.numbers import SUPERSCRIPT
from autograd.value import Value

__all__ = [
    "DEFAULT_PATH_CAP",
    "Edge",
    "Path",
    "PathGraph",
    "chain_paths",
    "collapse_graph",
    "count_paths",
    "format_count",
    "node_name",
    "op_edges",
    "path_graph",
    "total_derivative",
    "whole_graph",
]

DEFAULT_PATH_CAP = 10_000
MAX_SHOWN_ROUTES = 8
MAX_SHOWN_ROUTE_EDGES = 40  # a longer product is no formula a reader can follow
EXACT_COUNT_BELOW = 10**15


def format_count(n: int) -> str:
    """A path count for people: exact with thousands separators below 10¹⁵ (``1,048,576``),
    scientific beyond (``≈ 2.82 × 10⁴⁵¹⁵`` for 2¹⁵⁰⁰⁰). Counts double with each ``v = v + v``,
    so they outgrow Python's int → str limit (4300 digits); this never converts the whole int."""
    if n < EXACT_COUNT_BELOW:
        return f"{n:,}"
    exponent = int(math.log10(n))  # math.log10 takes ints of any size; may be 1 off near 10^k
    while 10**exponent > n:
        exponent -= 1
    while 10 ** (exponent + 1) <= n:
        exponent += 1
    hundredths = (n * 100 + 10**exponent // 2) // 10**exponent  # 3 significant digits, rounded
    if hundredths >= 1000:  # 9.995… rounds up to 10.0
        hundredths //= 10
        exponent += 1
    mantissa = f"{hundredths // 100}.{hundredths % 100:02d}"
    return f"≈ {mantissa} × 10{str(exponent).translate(SUPERSCRIPT)}"


@dataclass(frozen=True, eq=False)
class Edge:
    """One edge u → v of the (op-level or collapsed) graph, with its local derivative ∂v/∂u.

    ``slot`` is the parent position of ``u`` in ``v.parents`` for an op-level edge (so the two
    edges of ``a * a`` differ); it is None for a collapsed edge. ``routes`` lists, for a collapsed
    edge, the op-level routes it sums (each a tuple of op-level Edges) when there are at most
    `MAX_SHOWN_ROUTES` of them with at most `MAX_SHOWN_ROUTE_EDGES` edges in all; ``n_routes``
    says how many routes there are and ``n_edges`` how many edges they have together.
    """

    u: Value
    v: Value
    factor: float
    slot: int | None = None
    routes: tuple[tuple[Edge, ...], ...] = ()
    n_routes: int = 1
    n_edges: int = 1

    def formula(self) -> str:
        """The local derivative's formula in the nodes' names, from the op table."""
        if self.slot is not None:
            return edge_formula(self.v, self.slot)
        if not self.routes:
            if self.n_routes == 1:
                return f"Π of {format_count(self.n_edges)} local derivatives along one route"
            return f"Σ over {format_count(self.n_routes)} routes"
        return route_formula([[_child_slot(e) for e in route] for route in self.routes])

    def symbol(self) -> str:
        """∂v/∂u in the nodes' names."""
        return partial_of(node_name(self.v), node_name(self.u))


def _child_slot(e: Edge) -> tuple[Value, int]:
    """An op-level edge (one on a collapsed edge's route) as (child, slot)."""
    assert e.slot is not None, "a route is made of op-level edges"
    return e.v, e.slot


@dataclass(frozen=True, eq=False)
class Path:
    """One path w → … → C: its ``nodes`` (w first, C last), its ``edges`` and their local
    derivatives ``factors`` (∂nodeᵢ₊₁/∂nodeᵢ), and their ``product``."""

    nodes: tuple[Value, ...]
    edges: tuple[Edge, ...]
    factors: tuple[float, ...] = field(init=False)
    product: float = field(init=False)

    def __post_init__(self) -> None:
        factors = tuple(e.factor for e in self.edges)
        product = 1.0
        for f in factors:
            product *= f
        object.__setattr__(self, "factors", factors)
        object.__setattr__(self, "product", product)

    def symbols(self) -> list[str]:
        """Each factor as ∂nodeᵢ₊₁/∂nodeᵢ."""
        return [e.symbol() for e in self.edges]

    def formulas(self) -> list[str]:
        """Each factor's formula, from the op table."""
        return [e.formula() for e in self.edges]

    def __repr__(self) -> str:
        chain = " → ".join(node_name(v) for v in self.nodes)
        return f"Path({chain}; product={self.product!r})"


# --- the subgraph between w and C -------------------------------------------------------------


@dataclass
class PathGraph:
    """The part of C's graph on some route from w to C, in topological order, with its edges
    (``out[u]``: edges leaving u toward C). ``collapsed`` graphs keep labelled nodes only."""

    w: Value
    C: Value
    order: list[Value]
    out: dict[Value, list[Edge]]
    collapsed: bool

    def edges(self) -> Iterator[Edge]:
        for u in self.order:
            yield from self.out.get(u, ())

    def count(self) -> int:
        """The number of paths w → C: paths(v) = Σ over edges u → v of paths(u)."""
        return int(self._sum_over_paths(lambda e: 1))

    def total(self) -> float:
        """∂C/∂w = Σ over paths of their products, by the same dynamic programme (forward mode
        from w) — on a collapsed graph too, since each collapsed edge already sums its routes."""
        return float(self._sum_over_paths(lambda e: e.factor))

    def _sum_over_paths(self, weight: Callable[[Edge], float]) -> float:
        if not self.order:
            return 0
        acc: dict[Value, float] = {self.w: 1}
        for u in self.order:
            au = acc.get(u, 0)
            for e in self.out[u]:
                acc[e.v] = acc.get(e.v, 0) + weight(e) * au
        return acc.get(self.C, 0)

    def paths(self, cap: int = DEFAULT_PATH_CAP) -> list[Path]:
        """Every path, first edges first; more than ``cap`` raise `ValueError`."""
        n = self.count()
        if n > cap:
            raise ValueError(
                f"{node_name(self.w)} reaches {node_name(self.C)} along {format_count(n)} paths, "
                f"more than the cap of {cap:,}; pass limit=k for the k largest, "
                "or use count_paths()"
            )
        if not self.order:
            return []
        if self.w is self.C:
            return [Path((self.w,), ())]
        return [Path((self.w, *(e.v for e in r)), r) for r in _routes(self, self.w, self.C)]

    def top(self, k: int) -> list[Path]:
        """The k paths with the largest |product|, largest first (see `_top_k`)."""
        return _top_k(self, k)


def op_edges(order: list[Value]) -> dict[Value, list[Edge]]:
    """The op-level edges among ``order``'s nodes, each with its local derivative from the op
    table: ``out[u]`` lists the edges leaving u (one per parent slot, so ``a * a`` has two)."""
    out: dict[Value, list[Edge]] = {v: [] for v in order}
    for v in order:
        if v.parents:
            for slot, (p, d) in enumerate(zip(v.parents, v.local_derivatives())):
                if p in out:
                    out[p].append(Edge(p, v, float(d), slot))
    return out


def whole_graph(root: Value) -> PathGraph:
    """Every node of ``root``'s graph in topological order, with its op-level edges."""
    order = topological_order(root)
    return PathGraph(root, root, order, op_edges(order), False)


def _op_level(C: Value, w: Value) -> PathGraph:
    order = topological_order(C)
    reach: set[Value] = {w}  # nodes w reaches (descendants of w, in the direction of C)
    for v in order:
        if v is not w and any(p in reach for p in v.parents):
            reach.add(v)
    if C not in reach:
        return PathGraph(w, C, [], {}, False)
    useful: set[Value] = {C}  # nodes on a route w → C
    for v in reversed(order):
        if v in useful:
            for p in v.parents:
                if p in reach:
                    useful.add(p)
    kept = [v for v in order if v in useful]
    return PathGraph(w, C, kept, op_edges(kept), False)


def incoming(g: PathGraph) -> dict[Value, list[Edge]]:
    """Each node's edges in, in topological order of their sources."""
    into: dict[Value, list[Edge]] = {v: [] for v in g.order}
    for u in g.order:
        for e in g.out[u]:
            into[e.v].append(e)
    return into


def region_behind(
    g: PathGraph, keep: set[Value], v: Value, into: dict[Value, list[Edge]]
) -> tuple[set[Value], list[Edge]]:
    """The unlabelled region behind kept node v (the nodes with a route to v that meets no kept
    node) and its edges in the order `collapse_graph` adds them, from v backwards: edge e adds
    (its factor) · ∂v/∂(e.v) to ∂v/∂(e.u). The live explorer replays this order."""
    inner: set[Value] = set()
    stack = [v]
    while stack:
        for e in into[stack.pop()]:
            if e.u not in keep and e.u not in inner:
                inner.add(e.u)
                stack.append(e.u)
    pos = {x: i for i, x in enumerate(g.order)}
    edges = [e for x in [v, *sorted(inner, key=pos.__getitem__, reverse=True)] for e in into[x]]
    return inner, edges


def collapse_graph(g: PathGraph, keep: set[Value]) -> PathGraph:
    """Keep only the nodes in ``keep``; join two of them, u → v, when some route from u to v
    has no kept node inside, with the total derivative over those routes (their products'
    sum) as the edge's factor.

    Worked backwards from each kept node v (reverse mode over the unlabelled region behind it),
    so an unlabelled chain fed by many labelled leaves is walked once, not once per leaf."""
    kept = [v for v in g.order if v in keep]
    out: dict[Value, list[Edge]] = {v: [] for v in kept}
    into = incoming(g)
    for v in kept:  # ascending, so each out[u] lists its targets in topological order
        inner, edges = region_behind(g, keep, v, into)
        # For each node u there (and each kept u joined to it): ∂v/∂u over those routes, their
        # number and their total length, by dynamic programming from v backwards.
        deriv: dict[Value, float] = {v: 1.0}
        count: dict[Value, int] = {v: 1}
        length: dict[Value, int] = {v: 0}
        sources: list[Value] = []
        for e in edges:
            x, u = e.v, e.u
            if u not in deriv:
                deriv[u], count[u], length[u] = 0.0, 0, 0
                if u in keep:
                    sources.append(u)
            deriv[u] += e.factor * deriv[x]
            count[u] += count[x]
            length[u] += length[x] + count[x]
        for u in sources:
            routes: tuple[tuple[Edge, ...], ...] = ()
            if count[u] <= MAX_SHOWN_ROUTES and length[u] <= MAX_SHOWN_ROUTE_EDGES:
                routes = _routes(g, u, v, inner)  # every node of inner leads to v: no dead ends
            out[u].append(Edge(u, v, deriv[u], None, routes, count[u], length[u]))
    return PathGraph(g.w, g.C, kept, out, True)


# A route under construction is a linked list (edge, rest-of-route), newest edge first: extending
# it is O(1), where copying a tuple per step made a route of length L cost O(L²).
_Link = tuple[Edge, "_Link"] | None


def _routes(
    g: PathGraph, u: Value, v: Value, allowed: set[Value] | None = None
) -> tuple[tuple[Edge, ...], ...]:
    """Every route u → v (u ≠ v), first edges first, by an explicit stack of partial routes.
    ``allowed`` (when given) are the only nodes a route may pass through; it must contain only
    nodes that reach v, so no partial route is a dead end and the work is linear in the output."""
    found: list[tuple[Edge, ...]] = []
    stack: list[tuple[Value, _Link]] = [(u, None)]
    while stack:
        node, link = stack.pop()
        if node is v:
            route: list[Edge] = []
            while link is not None:
                route.append(link[0])
                link = link[1]
            found.append(tuple(reversed(route)))
            continue
        for e in reversed(g.out[node]):  # reversed: the first edge is explored first
            if e.v is v or allowed is None or e.v in allowed:
                stack.append((e.v, (e, link)))
    return tuple(found)


def path_graph(C: Value, w: Value, *, collapse: bool = False) -> PathGraph:
    """The subgraph of routes from ``w`` to ``C`` (collapsed to labelled nodes if asked)."""
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("C and w must be Values")
    g = _op_level(C, w)
    if collapse and g.order:
        g = collapse_graph(g, {v for v in g.order if v.label is not None} | {g.w, g.C})
    return g


# --- counting, the sum, enumeration -----------------------------------------------------------


def count_paths(C: Value, w: Value, *, collapse: bool = False) -> int:
    """The exact number of paths from ``w`` to ``C``, by dynamic programming over the graph:
    paths(v) = Σ over edges u → v of paths(u). Parallel edges (``a * a``) count separately."""
    return path_graph(C, w, collapse=collapse).count()


def total_derivative(C: Value, w: Value) -> float:
    """∂C/∂w as the sum over all paths of their products, computed by dynamic programming
    (forward mode from w), without listing paths and without touching any ``.grad``."""
    return path_graph(C, w).total()


def _top_k(g: PathGraph, k: int) -> list[Path]:
    """The k paths with the largest |product|: for each node, the k best partial paths to C
    (best-first merge over its out-edges), built from C backwards in reverse topological order."""
    if not g.order:
        return []
    if g.w is g.C:
        return [Path((g.w,), ())]
    # best[v]: up to k entries (|product|, product, edge or None, index into best[edge.v])
    best: dict[Value, list[tuple[float, float, Edge | None, int]]] = {g.C: [(1.0, 1.0, None, 0)]}
    for u in reversed(g.order):
        if u is g.C:
            continue
        candidates: list[tuple[float, float, Edge | None, int]] = []
        for e in g.out[u]:
            for i, (mag, prod, _, _) in enumerate(best.get(e.v, ())):
                candidates.append((abs(e.factor) * mag, e.factor * prod, e, i))
        best[u] = heapq.nlargest(k, candidates, key=lambda t: t[0])
    paths = []
    for entry in best[g.w]:
        route: list[Edge] = []
        node, cur = g.w, entry
        while cur[2] is not None:
            e = cur[2]
            route.append(e)
            node = e.v
            cur = best[node][cur[3]]
        paths.append(Path((g.w, *(e.v for e in route)), tuple(route)))
    # The search multiplied from C backwards, a Path multiplies from w forwards: equal products
    # can round apart in the last bit, so order by the products the caller will see.
    paths.sort(key=lambda p: abs(p.product), reverse=True)
    return paths


def chain_paths(
    C: Value,
    w: Value,
    *,
    collapse: bool = False,
    limit: int | None = None,
    cap: int = DEFAULT_PATH_CAP,
) -> list[Path]:
    """Every path from ``w`` to ``C`` with its local derivatives; Σ products = ∂C/∂w.

    ``collapse=True`` keeps only labelled nodes (and w, C): each edge's factor is the total
    derivative over the unlabelled routes between its ends — the lecture's view.
    ``limit=k`` returns the k paths with the largest |product|, largest first, found without
    listing the others. Without ``limit``, more than ``cap`` paths raise `ValueError` (count
    them with `count_paths`). Does not need `backward()` to have run.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive int, got {limit!r}")
    g = path_graph(C, w, collapse=collapse)
    return g.top(limit) if limit is not None else g.paths(cap)
