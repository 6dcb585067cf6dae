"""What to show of the chain rule, as plain data: the graph, every path w → C, the backward pass.

The lecture computes ∂C/∂w as a product of local derivatives along a path, summed over paths,
and backpropagation as a walk from C back to the inputs. This module builds exactly that, once,
as small frozen records with no drawing in them — nodes (name, value, ∂C/∂node), edges (∂v/∂u as
symbol, formula and value), paths (factors, product, their sum next to ``w.grad``) and backward
steps (upstream, each ``+=``). Every number, formula and name comes from `autograd.show.paths` and
`autograd.show.steps` (hence from the one op table); every number and partial shown is written by
`autograd.show.text`, as the drawings and ``explain()`` write them.
A renderer (the explorer page, a Graphviz drawing, ``explain()``, TikZ, ASCII) only lays these
records out; `GraphView.to_dict` gives them as JSON-ready dicts. What every output shares is
decided here once: which nodes the lecture's collapsed view keeps (`lecture_view`), each node's
kind (`node_kind`) and fill (`KIND_FILLS`), and each path's colour (`PATH_COLORS`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd.backward import contributions
from autograd.notation.names import definition, node_name
from autograd.show.paths import Edge, Path, PathGraph, collapse_graph, path_graph, whole_graph
from autograd.show.steps import BackwardStep, backward_steps
from autograd.show.text import edge_text, factor, number, product_text, step_text
from autograd.value import Value

__all__ = [
    "DRAWN_PATHS",
    "KINDS",
    "KIND_FILLS",
    "MAX_NODES",
    "PATH_COLORS",
    "TOP_PATHS",
    "ContributionView",
    "EdgeView",
    "GraphView",
    "NodeView",
    "PathView",
    "PathsView",
    "StepView",
    "edge_view",
    "graph_view",
    "lecture_view",
    "node_kind",
    "node_view",
    "path_view",
]

# The one node cap, for the drawings and the explorer alike: more nodes than this make a picture
# nobody can read, on a slide or on a page — draw or explore one weight's paths instead.
MAX_NODES = 150
TOP_PATHS = 8  # paths listed one by one (the explorer, explain()); the rest counted and summed
DRAWN_PATHS = 12  # paths drawn one by one, each in its own colour (`weight_paths.paths_view`)

KINDS: dict[str, str] = {
    "param": "parameter (weight w or bias b): gradient descent changes it",
    "input": "input x or target y: data, fixed",
    "op": "computed: z = Σ w·a + b, a = φ(z), …",
    "cost": "the cost C, where backward() starts with ∂C/∂C = 1",
}


# How each kind and each path looks, in the drawings and on the explorer page alike (projector and
# greyscale print; paths: Okabe–Ito first, distinct for colour-blind readers, then more).
KIND_FILLS: dict[str, str] = {
    "param": "#dbe9f6",
    "input": "#eeeeee",
    "op": "#ffffff",
    "cost": "#fde0c5",
}
PATH_COLORS = (
    "#0072b2",
    "#d55e00",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#7f3c8d",
    "#8c564b",
    "#3969ac",
    "#11a579",
    "#e73f74",
    "#6b6b00",
)


def node_kind(v: Value, root: Value, params: set[Value] | None = None) -> str:
    """ "cost" for the root, "op" for a computed node; a leaf is a "param" if it is in
    ``params`` — or, with no ``params`` given, if its label does not start with x or y."""
    if v is root:
        return "cost"
    if v.parents:
        return "op"
    if params is not None:
        return "param" if v in params else "input"
    label = v.label or ""
    return "input" if (not label or label[0] in "xy") else "param"


@dataclass(frozen=True)
class NodeView:
    """One drawn node: ``id`` (n0, n1, … in topological order), its ``name`` (label or
    `node_name`), ``kind`` (a key of `KINDS`), what it computes (``definition``, "" for a leaf),
    its ``value`` and ``grad`` = ∂C/∂node (see `graph_view` for which backward pass), and
    whether it is ``labelled`` (the student named it)."""

    id: str
    name: str
    kind: str
    definition: str
    value: float
    grad: float
    labelled: bool = False

    @property
    def leaf(self) -> bool:
        """A leaf: made by no op (a weight, an input, a constant)."""
        return not self.definition


@dataclass(frozen=True)
class EdgeView:
    """One drawn edge ``parent`` → ``child`` (node ids) with its local derivative ∂child/∂parent:
    ``symbol`` (∂z₁/∂W₁), ``formula`` (x), ``value``, and ``text`` = `edge_text`. ``slot`` is the
    parent's position among the child's inputs (op-level views; None when collapsed)."""

    id: str
    parent: str
    child: str
    slot: int | None
    symbol: str
    formula: str
    value: float
    text: str


@dataclass(frozen=True)
class PathView:
    """One path w → … → C: node ids, edge ids, the factors and their product."""

    nodes: tuple[str, ...]
    edges: tuple[str, ...]
    factors: tuple[float, ...]
    product: float


@dataclass(frozen=True)
class PathsView:
    """∂C/∂w as a sum over paths, for one node w: ``count`` paths in all (`count_paths`), the
    ``paths`` with the largest |product| (at most `TOP_PATHS`), what the ``count − len(paths)``
    others add (``rest``), ``total`` = Σ all products, ``grad`` = w.grad from backward(), and
    ``edges``: every edge on some path (ids), the set the page highlights."""

    node: str
    count: int
    paths: tuple[PathView, ...]
    rest: float
    total: float
    grad: float
    edges: tuple[str, ...]
    # Where the drawn paths split (a node with several drawn edges out, by id): every
    # (∂u/∂v, ∂C/∂u) over the nodes u it feeds — backward() sums their products there.
    splits: dict[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)

    @property
    def agrees(self) -> bool:
        """Σ products = w.grad, up to rounding."""
        return math.isclose(self.total, self.grad, rel_tol=1e-9, abs_tol=1e-12)


@dataclass(frozen=True)
class ContributionView:
    """One ``parent.grad += local × upstream`` of a backward step, along ``edge``."""

    parent: str
    edge: str
    local: float
    added: float
    before: float
    after: float


@dataclass(frozen=True)
class StepView:
    """Backward step ``index`` (0 = the cost, ∂C/∂C = 1): at ``node``, whose gradient is
    ``upstream`` = ∂C/∂node, the ``contributions`` to its parents; ``grads``: every drawn node's
    grad after the step (node id → grad), ``caption``: the step in words, counted from 1 as the
    step slides count ("step 1: start at C₀ …")."""

    index: int
    node: str
    upstream: float
    contributions: tuple[ContributionView, ...]
    grads: dict[str, float]
    caption: str


@dataclass(frozen=True)
class GraphView:
    """Everything a renderer needs, for the graph of ``root`` (a node id): the ``nodes`` in
    topological order, the ``edges``, for every node that reaches C its ``paths``, the backward
    ``steps`` from C, and the ``legend`` (kind → meaning). ``collapsed``: labelled nodes and
    leaves only, each edge a total derivative over the unlabelled routes it stands for."""

    root: str
    collapsed: bool
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    paths: dict[str, PathsView]
    steps: tuple[StepView, ...]
    legend: dict[str, str]
    whole: int = 0  # nodes in the whole graph of ops (more than ``nodes`` when collapsed)

    def node(self, name: str) -> NodeView:
        """The node called ``name`` (its label)."""
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def reached(self, index: int) -> set[str]:
        """The nodes backward() has reached once step ``index`` is done (−1: the seed, C only):
        C and every node a step has added to. Any other node's gradient is not known yet."""
        out = {self.root}
        for step in self.steps[: index + 1]:
            out.update(c.parent for c in step.contributions)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The view as JSON-ready dicts and lists; every number also as the text shown. Steps
        carry their contributions only (not every node's grad after each step): replaying
        the ``after`` values from ∂C/∂C = 1 and all others 0 gives those grads again."""
        names = {n.id: n.name for n in self.nodes}
        return {
            "root": self.root,
            "collapsed": self.collapsed,
            "legend": dict(self.legend),
            "fills": dict(KIND_FILLS),
            "colors": list(PATH_COLORS),
            "nodes": [
                {
                    "id": n.id,
                    "name": n.name,
                    "kind": n.kind,
                    "definition": n.definition,
                    "value": n.value,
                    "grad": n.grad,
                    "value_text": number(n.value),
                    "grad_text": number(n.grad),
                }
                for n in self.nodes
            ],
            "edges": [
                {
                    "id": e.id,
                    "parent": e.parent,
                    "child": e.child,
                    "key": f"{names[e.parent]}→{names[e.child]}",
                    "slot": e.slot,
                    "symbol": e.symbol,
                    "formula": e.formula,
                    "value": e.value,
                    "value_text": number(e.value),
                    "text": e.text,
                }
                for e in self.edges
            ],
            "paths": {
                key: {
                    "node": pv.node,
                    "count": pv.count,
                    "rest": pv.rest,
                    "rest_text": number(pv.rest),
                    "total": pv.total,
                    "total_text": number(pv.total),
                    "grad": pv.grad,
                    "grad_text": number(pv.grad),
                    "agrees": pv.agrees,
                    "edges": list(pv.edges),
                    "paths": [
                        {
                            "nodes": list(p.nodes),
                            "edges": list(p.edges),
                            "factors": list(p.factors),
                            "product": p.product,
                            "product_text": number(p.product),
                            "product_line": product_text(p.factors),
                        }
                        for p in pv.paths
                    ],
                }
                for key, pv in self.paths.items()
            },
            "steps": [
                {
                    "index": s.index,
                    "node": s.node,
                    "upstream": s.upstream,
                    "upstream_text": number(s.upstream),
                    "caption": s.caption,
                    "contributions": [
                        {
                            "parent": c.parent,
                            "edge": c.edge,
                            "local": c.local,
                            "added": c.added,
                            "before": c.before,
                            "after": c.after,
                            "after_text": number(c.after),
                            "text": _contribution_text(names[c.parent], c, s.upstream),
                        }
                        for c in s.contributions
                    ],
                }
                for s in self.steps
            ],
        }


def _contribution_text(parent: str, c: ContributionView, upstream: float) -> str:
    """``a.grad += local × upstream: before + added = after`` — the chain rule's += in numbers."""
    return (
        f"{parent}.grad += {number(c.local)} × {factor(upstream)}: "
        f"{number(c.before)} + {factor(c.added)} = {number(c.after)}"
    )


# --- building the view ---------------------------------------------------------------------------


def _fresh_grads(root: Value, order: list[Value]) -> tuple[dict[Value, float], list[Any]]:
    """Every node's ∂root/∂node from a backward pass run on zeroed leaves, and the pass's steps;
    the graph's ``.grad`` fields are put back as they were, so viewing changes nothing."""
    saved = [v.grad for v in order]
    for v in order:
        v.grad = 0.0
    try:
        steps = list(backward_steps(root))
        grads = {v: v.grad for v in order}
    finally:
        for v, g in zip(order, saved):
            v.grad = g
    return grads, steps


def lecture_view(full: PathGraph) -> PathGraph:
    """The lecture's view of a whole graph — the one choice of what "collapsed" keeps, for the
    drawings and the explorer alike: the labelled nodes, the leaves and C, each edge u → v the
    total derivative ∂v/∂u over the unlabelled routes between them."""
    # Leaves stay even unlabelled: every w the student may click keeps its node, and no route
    # passes through a leaf, so each w's edges are those of chain_paths(C, w, collapse=True).
    keep = {v for v in full.order if v.label is not None or not v.parents} | {full.C}
    return collapse_graph(full, keep)


EXPLORE_INSTEAD = "Explore a smaller network, or label fewer nodes (collapse=True keeps them)"


def graph_view(
    C: Value,
    *,
    params: Iterable[Value] | None = None,
    collapse: bool | None = True,
    max_nodes: int = MAX_NODES,
    top: int = TOP_PATHS,
    with_paths: bool = True,
    fresh: bool = True,
    steps: Sequence[BackwardStep] | None = None,
    instead: str = EXPLORE_INSTEAD,
) -> GraphView:
    """The view of C's graph: nodes, edges with ∂child/∂parent, for every drawn node w the paths
    w → C with Σ products = ∂C/∂w beside w.grad, and the backward pass step by step.

    ``collapse=True`` (the lecture's view) draws labelled nodes, the leaves and C, each edge
    the total derivative over the unlabelled routes between its ends, as ``chain_paths(…,
    collapse=True)``; its backward steps then pass ∂C/∂v along those edges. ``None`` collapses
    only a graph of more than ``max_nodes`` nodes. ``params``: which leaves are parameters
    (default: labelled leaves not named x… or y…). More than ``max_nodes`` drawn nodes raise
    `ValueError`, saying what to do ``instead``. ``with_paths=False`` skips the per-node path
    listings (``paths`` is then empty) — all a plain drawing of the graph needs.

    The gradients: those of a fresh ``C.backward()``, the graph's own ``.grad`` fields left
    untouched (the explorer); with ``fresh=False`` each node's ``.grad`` as it is — what the
    last backward() left, 0 before any — and no steps (a drawing of the graph); with
    ``steps`` (a `backward_steps` run from C) that run's, step by step (the step drawings: every
    op's node, so ``collapse`` must not be True).
    """
    if not isinstance(C, Value):
        raise TypeError(f"graph_view takes a Value, not {type(C).__name__}")
    if steps is not None:
        if not steps or steps[0].root is not C:
            raise ValueError(
                f"the steps given are not those of backward() from {node_name(C)}: pass "
                f"backward_steps({node_name(C)}), or draw a step with draw_step(step)"
            )
        if collapse:
            raise ValueError(
                "backward steps are drawn on the graph of every op (collapse=True keeps the "
                "labelled nodes only, and a step may be at any node): leave collapse out"
            )
        collapse = False
    full = whole_graph(C)
    shown = full
    if collapse or (collapse is None and len(full.order) > max_nodes):
        shown = lecture_view(full)
    if len(shown.order) > max_nodes:
        labelled = "" if shown is full else f", {len(shown.order):,} of them labelled"
        raise ValueError(
            f"The graph has {len(full.order):,} nodes{labelled}, more than "
            f"max_nodes={max_nodes}: too many to read. {instead}, or pass a larger max_nodes."
        )
    run: list[BackwardStep] | None
    if steps is not None:
        run = list(steps)
        grads = run[-1].grads
    elif fresh:
        grads, run = _fresh_grads(C, full.order)
    else:
        grads, run = {v: v.grad for v in full.order}, None
    param_set = set(params) if params is not None else None
    ids = {v: f"n{i}" for i, v in enumerate(shown.order)}
    nodes = tuple(node_view(v, ids[v], C, param_set, grads[v]) for v in shown.order)
    edge_ids: dict[tuple[Value, Value, int | None], str] = {}
    edges: list[EdgeView] = []
    for e in shown.edges():
        eid = f"e{len(edges)}"
        edge_ids[(e.u, e.v, e.slot)] = eid
        edges.append(edge_view(e, eid, ids))
    collapsed = shown is not full
    paths = {
        ids[w]: _paths_view(C, w, ids, edge_ids, grads[w], collapsed, top)
        for w in shown.order
        if w is not C and with_paths
    }
    if run is None:
        frames: tuple[StepView, ...] = ()
    elif collapsed:
        frames = _collapsed_steps(shown, ids, edge_ids)
    else:
        frames = _op_steps(run, ids, edge_ids)
    return GraphView(
        ids[C], collapsed, nodes, tuple(edges), paths, frames, dict(KINDS), len(full.order)
    )


def node_view(v: Value, ident: str, C: Value, params: set[Value] | None, grad: float) -> NodeView:
    """``v``'s record, called ``ident``, in the graph of ``C``, with gradient ``grad``."""
    kind = node_kind(v, C, params)
    return NodeView(
        ident, node_name(v), kind, definition(v), v.data, grad, labelled=v.label is not None
    )


def edge_view(e: Edge, ident: str, ids: dict[Value, str]) -> EdgeView:
    """``e``'s record, called ``ident``, its ends by the ids in ``ids``."""
    return EdgeView(
        ident, ids[e.u], ids[e.v], e.slot, e.symbol(), e.formula(), e.factor, edge_text(e)
    )


def path_view(
    p: Path, ids: dict[Value, str], edge_ids: dict[tuple[Value, Value, int | None], str]
) -> PathView:
    """``p``'s record, its nodes and edges by id (edges by (parent, child, slot))."""
    return PathView(
        tuple(ids[v] for v in p.nodes),
        tuple(edge_ids[(e.u, e.v, e.slot)] for e in p.edges),
        p.factors,
        p.product,
    )


def _paths_view(
    C: Value,
    w: Value,
    ids: dict[Value, str],
    edge_ids: dict[tuple[Value, Value, int | None], str],
    grad: float,
    collapse: bool,
    top: int,
) -> PathsView:
    g: PathGraph = path_graph(C, w, collapse=collapse)
    count = g.count()
    listed = g.top(min(top, count)) if count else []
    total = g.total()
    shown = math.fsum(p.product for p in listed)
    views = tuple(path_view(p, ids, edge_ids) for p in listed)
    on = tuple(edge_ids[(e.u, e.v, e.slot)] for e in g.edges())
    return PathsView(
        ids[w], count, views, total - shown if count > len(listed) else 0.0, total, grad, on
    )


def _op_steps(
    steps: list[Any], ids: dict[Value, str], edge_ids: dict[tuple[Value, Value, int | None], str]
) -> tuple[StepView, ...]:
    """backward_steps as they ran, one frame per node."""
    out = []
    for s in steps:
        contributions = tuple(
            ContributionView(
                ids[c.parent],
                edge_ids[(c.parent, s.node, c.slot)],
                c.local,
                c.added,
                c.before,
                c.after,
            )
            for c in s.contributions
        )
        grads = {ids[v]: g for v, g in s.grads.items() if v in ids}
        # Numbered from 1, as `autograd.show.viz.step_frames` numbers its slides (its step 0 is the
        # seed), so "step 3" is the same step, in the same words, on a slide and in the page.
        inputs = [c.parent for c in s.contributions]
        caption = step_text(s.index + 1, s.node, s.upstream, s.root, inputs)
        out.append(StepView(s.index, ids[s.node], s.upstream, contributions, grads, caption))
    return tuple(out)


def _collapsed_steps(
    shown: PathGraph, ids: dict[Value, str], edge_ids: dict[tuple[Value, Value, int | None], str]
) -> tuple[StepView, ...]:
    """The backward pass on the labelled nodes, as the lecture does it by hand: from C back, at
    each node v with ∂C/∂v known, every u with an edge u → v gets ∂C/∂u += (∂v/∂u) · ∂C/∂v,
    ∂v/∂u being the edge's total derivative. Every route from u to C meets a first labelled node,
    so the sums are the same ∂C/∂u as backward() finds through the unlabelled nodes."""
    into: dict[Value, list[Edge]] = {v: [] for v in shown.order}
    for e in shown.edges():
        into[e.v].append(e)
    grad = {v: 0.0 for v in shown.order}
    root = shown.C
    grad[root] = 1.0
    out = []
    for index, v in enumerate(reversed(shown.order)):
        upstream = grad[v]
        added_up = []
        for e in into[v]:
            before = grad[e.u]
            added = _passed(e, upstream)
            grad[e.u] = before + added
            added_up.append(
                ContributionView(
                    ids[e.u], edge_ids[(e.u, e.v, e.slot)], e.factor, added, before, grad[e.u]
                )
            )
        snapshot = {ids[u]: g for u, g in grad.items()}
        caption = step_text(index + 1, v, upstream, root, [e.u for e in into[v]])
        out.append(StepView(index, ids[v], upstream, tuple(added_up), snapshot, caption))
    return tuple(out)


def _passed(e: Edge, upstream: float) -> float:
    """What the step at e.v adds to e.u's gradient along a collapsed edge. An edge that is one
    op's edge adds what backward() adds there: `autograd.backward.contributions`, the one step
    (the op's own rule where PyTorch orders local × upstream another way), so a graph whose every
    node is labelled gets backward()'s gradients bit for bit. A total derivative over unlabelled
    routes is no op's: it adds factor × upstream, the lecture's step by hand — the one
    difference, so those sums agree with backward()'s up to rounding only."""
    if len(e.routes) == 1 and len(e.routes[0]) == 1:
        (op_edge,) = e.routes[0]
        assert op_edge.slot is not None
        return contributions(op_edge.v, upstream)[op_edge.slot]
    return e.factor * upstream
