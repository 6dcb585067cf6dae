"""A graph as a page recomputes it: the nodes as data, the op table's rules as JavaScript.

The live pages (drag a weight, train in the page) run the graph again in the browser: every node
in the order `backward()` walks it, with its op, its parents and its constant c; the rules of the
ops it uses written out from the op table by `autograd.emit_js`; and ``engine.js``, which does
what backward() does with them. A program holds no derivative of its own: only which op made
which node.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from autograd.backward import topological_order
from autograd.emit_js import op_key, ops_source
from autograd.notation.names import node_name
from autograd.show.paths import PathGraph, incoming, region_behind, whole_graph
from autograd.show.text import edge_parts, step_text
from autograd.show.view import GraphView, lecture_view
from autograd.value import Value

__all__ = ["Program", "edges_live", "encode", "explorer_live", "program", "script"]


def encode(x: float) -> float | str:
    """A number for the page's JSON, which has no inf or nan: those as "inf", "-inf", "nan"
    (engine.js reads them back)."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


@dataclass(frozen=True)
class Program:
    """The graph of ``root`` as the page runs it: ``order`` (topological, as backward() walks it
    reversed) and each node's ``index`` in it."""

    root: Value
    order: tuple[Value, ...]
    index: dict[Value, int]

    def keys(self) -> set[tuple[str, int]]:
        """(op name, number of parents) of every op node: the rules the page needs."""
        return {(v._op.name, len(v.parents)) for v in self.order if v._op is not None}

    def to_dict(self, names: bool = True) -> dict[str, Any]:
        """``op`` (the op's page name, `autograd.emit_js.op_key`, or None for a leaf),
        ``parents`` (indices), ``c`` (the op's constant or None), ``value`` (now), ``root``;
        with ``names``, each node's ``name`` (`node_name`)."""
        index = self.index
        out: dict[str, Any] = {
            "op": [None if v._op is None else op_key(v._op, len(v.parents)) for v in self.order],
            "parents": [[index[p] for p in v.parents] for v in self.order],
            "c": [None if v._c is None else encode(v._c) for v in self.order],
            "value": [encode(v.data) for v in self.order],
            "root": index[self.root],
        }
        if names:
            out["name"] = [node_name(v) for v in self.order]
        return out


def program(root: Value) -> Program:
    """The program of ``root``'s graph: its nodes in the order backward() walks them (reversed),
    so the page's gradients add up in the same order as Python's."""
    if not isinstance(root, Value):
        raise TypeError(f"program() takes a Value, not {type(root).__name__}")
    order = tuple(topological_order(root))
    return Program(root, order, {v: i for i, v in enumerate(order)})


def script(programs: Iterable[Program]) -> str:
    """The JavaScript of the rules these programs use (``var OPS = …``), from the op table."""
    used: set[tuple[str, int]] = set()
    for p in programs:
        used |= p.keys()
    code = ops_source(used)
    if "</" in code:  # it goes inside a <script> element (rules hold numbers and names only)
        raise ValueError("generated code holds '</', which would end its script element")
    return code


# --- the explorer, live: which program node each drawn node and edge stands for ----------------


def _dp_steps(full: PathGraph, keep: set[Value], v: Value, index: dict[Value, int]) -> list[Any]:
    """How `collapse_graph` sums the routes into kept node ``v``: the op-level edges of the
    unlabelled region behind v, in the order its dynamic programme adds them — each as
    [x, slot, u]: ∂v/∂u += (∂x/∂u, the op's local derivative at that slot) · ∂v/∂x. The page
    runs the same sums on its own local derivatives, so its factors are Python's, bit for bit."""
    _, edges = region_behind(full, keep, v, incoming(full))
    steps = []
    for e in edges:
        assert e.slot is not None
        steps.append([index[e.v], e.slot, index[e.u]])
    return steps


def _template(caption: str, number_text: str) -> list[str]:
    """A caption written with a stand-in number, split where the number goes."""
    before, found, after = caption.partition(f"= {number_text}")
    if not found:
        raise ValueError(f"no number in {caption!r}")
    return [before + "= ", after]


def _forward_order(leaves: list[Value], order: tuple[Value, ...]) -> list[Value]:
    """Leaves in the order forward propagation first uses them: W₁, b₁, W₂, b₂ — the order of
    the lecture's gradient vector [∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂]."""
    first: dict[Value, tuple[int, int]] = {}
    for i, v in enumerate(order):
        for slot, p in enumerate(v.parents):
            first.setdefault(p, (i, slot))
    return sorted(leaves, key=lambda v: first.get(v, (len(order), 0)))


def edges_live(
    full: PathGraph, shown: PathGraph, index: dict[Value, int], ident: dict[Value, str]
) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """How the page makes each edge of ``shown`` (``full`` itself, or its `lecture_view`): the
    edge's ``parts`` (symbol, formula) and ``op``: the one op-level edge it is, as [program
    node, slot] (its backward step adds that op's own contribution), or None; a collapsed edge
    also its ``dp``: [drawn node v, program u, program v], ∂v/∂u from the sums `_dp_steps`
    lists under v (the second result). ``u``, ``v``: the drawn ends, by ``ident``."""
    keep = set(shown.order)
    edges: list[dict[str, Any]] = []
    dps: dict[str, list[Any]] = {}
    for e in shown.edges():
        one = e.routes[0][0] if len(e.routes) == 1 and len(e.routes[0]) == 1 else None
        if e.slot is not None:
            one = e
        entry: dict[str, Any] = {
            "u": ident[e.u],
            "v": ident[e.v],
            "parts": list(edge_parts(e)[:-1]),
            "op": None if one is None else [index[one.v], one.slot],
        }
        if e.slot is None:
            vid = ident[e.v]
            if vid not in dps:
                dps[vid] = _dp_steps(full, keep, e.v, index)
            entry["dp"] = [vid, index[e.u], index[e.v]]
        edges.append(entry)
    return edges, dps


def explorer_live(
    C: Value, view: GraphView, params: Iterable[Value] | None = None
) -> dict[str, Any]:
    """What the explorer page needs to recompute ``view`` (made by `graph_view` of C): the
    program of C; for each drawn node its program node; for each drawn edge how its local
    derivative is made (one op's partial at a slot, or `collapse_graph`'s sum over unlabelled
    routes); the leaves a student may change; and each backward step's caption around its
    number. The leaves come in ``params``' order, then in the order forward propagation uses
    them. Nothing here is a number the page shows: it recomputes them all."""
    prog = program(C)
    full = whole_graph(C)
    shown = lecture_view(full) if view.collapsed else full
    if [node_name(v) for v in shown.order] != [n.name for n in view.nodes]:
        raise ValueError("the view was not made from this graph: pass the C it was drawn from")
    index = prog.index
    ident = {v: n.id for v, n in zip(shown.order, view.nodes)}
    edges, dps = edges_live(full, shown, index, ident)
    for entry, ev in zip(edges, view.edges):
        entry["id"] = ev.id
    nodes = {ident[v]: index[v] for v in shown.order}
    drawn = [v for v, n in zip(shown.order, view.nodes) if n.leaf]
    given = [p for p in params or () if p in ident]
    leaves = given + _forward_order([v for v in drawn if v not in set(given)], prog.order)
    steps = []
    for s in view.steps:
        v = shown.order[int(s.node[1:])]
        inputs = [shown.order[int(c.parent[1:])] for c in s.contributions]
        steps.append(_template(step_text(s.index + 1, v, math.nan, C, inputs), "nan"))
    return {
        "program": prog.to_dict(),
        "nodes": nodes,
        "edges": edges,
        "dps": dps,
        "leaves": [ident[v] for v in leaves],
        "captions": steps,
        "root_name": node_name(C),
    }
