"""One weight's paths w → C: as a drawing lays them out (`paths_view`), as text lists them
(`path_listing`).

The lecture's ∂C/∂w is a sum over the paths from w to C of the products of their local
derivatives. `autograd.show.viz.draw_paths` draws the largest of them from `paths_view` — the
records of `autograd.show.view`, for the subgraph those paths cross — and ``explain()`` and the
training replay write them out from `path_listing`, by name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from autograd.backward import topological_order
from autograd.notation.names import node_name
from autograd.show.paths import op_edges, path_graph
from autograd.show.text import edge_parts, number, product_text
from autograd.show.view import (
    DRAWN_PATHS,
    KINDS,
    MAX_NODES,
    TOP_PATHS,
    EdgeView,
    GraphView,
    PathsView,
    edge_view,
    node_view,
    path_view,
)
from autograd.value import Value

__all__ = ["ListedPath", "PathListing", "path_listing", "paths_view"]


def paths_view(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int | None = None,
    params: Iterable[Value] | None = None,
    max_nodes: int = MAX_NODES,
    context: bool = False,
) -> GraphView:
    """The view of the paths from ``w`` to ``C`` that a drawing draws: the ``limit`` (default up
    to `DRAWN_PATHS`) with the largest |product|, their nodes (in C's topological order, ids as
    there) and edges, and ``paths[w's id]`` with the count of all paths, their sum and where the
    drawn paths split. Every gradient is the graph's ``.grad`` as it is (what backward() left).
    ``context=True`` adds the rest of C's graph of ops (nodes and edges on no drawn path) when it
    has at most ``max_nodes`` nodes. No path at all: a view with no nodes. More than
    ``max_nodes`` nodes on the drawn paths raise `ValueError`."""
    pg = path_graph(C, w, collapse=collapse)
    count = pg.count()
    if count == 0:
        return GraphView("", collapse, (), (), {}, (), dict(KINDS), 0)
    listed = pg.top(limit if limit is not None else min(count, DRAWN_PATHS))
    total = pg.total()
    drawn: list[Value] = []
    seen: set[Value] = set()
    for p in listed:
        for v in p.nodes:
            if v not in seen:
                seen.add(v)
                drawn.append(v)
    if len(drawn) > max_nodes:
        raise ValueError(
            f"The {len(listed)} paths drawn cross {len(drawn)} nodes, more than "
            f"max_nodes={max_nodes}; pass a smaller limit= to draw fewer of them."
        )
    order = topological_order(C) if context else pg.order
    ids = {v: f"n{i}" for i, v in enumerate(order)}
    position = {v: i for i, v in enumerate(pg.order)}
    drawn.sort(key=position.__getitem__)  # creation order: neuron k above neuron k + 1
    param_set = set(params) if params is not None else None
    nodes = [node_view(v, ids[v], C, param_set, v.grad) for v in drawn]
    edge_ids: dict[tuple[Value, Value, int | None], str] = {}
    edges: list[EdgeView] = []
    out_drawn: dict[Value, int] = {}
    for p in listed:  # each edge once, in the order the paths first take it
        for e in p.edges:
            if (e.u, e.v, e.slot) not in edge_ids:
                edge_ids[(e.u, e.v, e.slot)] = f"e{len(edges)}"
                edges.append(edge_view(e, f"e{len(edges)}", ids))
                out_drawn[e.u] = out_drawn.get(e.u, 0) + 1
    on = tuple(e.id for e in edges)
    if context and len(order) <= max_nodes:
        nodes += [node_view(v, ids[v], C, param_set, v.grad) for v in order if v not in seen]
        out = op_edges(order)
        for v in order:
            for slot, parent in enumerate(v.parents):
                if not (parent in seen and v in seen):
                    (e,) = [e for e in out[parent] if e.v is v and e.slot == slot]
                    edge_ids[(parent, v, slot)] = f"e{len(edges)}"
                    edges.append(edge_view(e, f"e{len(edges)}", ids))
    splits = {
        ids[v]: tuple((e.factor, e.v.grad) for e in pg.out[v])
        for v in drawn
        if out_drawn.get(v, 0) > 1
    }
    shown = math.fsum(p.product for p in listed)
    rest = total - shown if count > len(listed) else 0.0
    views = tuple(path_view(p, ids, edge_ids) for p in listed)
    pv = PathsView(ids[w], count, views, rest, total, w.grad, on, splits)
    return GraphView(
        ids[C], collapse, tuple(nodes), tuple(edges), {ids[w]: pv}, (), dict(KINDS), len(pg.order)
    )


# --- one weight's paths as text: what explain() prints and the training replay lists -------------


@dataclass(frozen=True)
class ListedPath:
    """One path by name: ``nodes`` (w first, C last), each factor's `edge_parts` (``parts``;
    ``factors`` joins them into `edge_text`), their ``values`` and the product."""

    nodes: tuple[str, ...]
    parts: tuple[tuple[str, ...], ...]
    values: tuple[float, ...]
    product: float

    @property
    def factors(self) -> tuple[str, ...]:
        """Each factor as `edge_text`: ``∂z₁/∂W₁ = x = 0.5``."""
        return tuple(" = ".join(p) for p in self.parts)


@dataclass(frozen=True)
class PathListing:
    """∂C/∂w as a sum over paths, in names and text only (no graph ids): ``count`` paths in
    all, the ``paths`` with the largest |product|, what the others add (``rest``) and
    ``total`` = Σ all products = ∂C/∂w."""

    w: str
    C: str
    count: int
    paths: tuple[ListedPath, ...]
    rest: float
    total: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, every number also as the text shown."""
        return {
            "w": self.w,
            "C": self.C,
            "count": self.count,
            "rest_text": number(self.rest),
            "total": self.total,
            "total_text": number(self.total),
            "paths": [
                {
                    "nodes": list(p.nodes),
                    "factors": list(p.factors),
                    "product_text": number(p.product),
                    "product_line": product_text(p.values),
                }
                for p in self.paths
            ],
        }


def path_listing(C: Value, w: Value, *, collapse: bool = True, top: int = TOP_PATHS) -> PathListing:
    """The paths w → C with their factors in the lecture's notation, the ``top`` largest
    |product| listed and the rest summed: ∂C/∂w = Σ over paths of Π ∂v/∂u."""
    g = path_graph(C, w, collapse=collapse)
    count = g.count()
    listed = g.top(min(top, count)) if count else []
    total = g.total()
    rest = total - math.fsum(p.product for p in listed) if count > len(listed) else 0.0
    paths = tuple(
        ListedPath(
            tuple(node_name(v) for v in p.nodes),
            tuple(edge_parts(e) for e in p.edges),
            p.factors,
            p.product,
        )
        for p in listed
    )
    return PathListing(node_name(w), node_name(C), count, paths, rest, total)
