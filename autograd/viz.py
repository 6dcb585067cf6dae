"""Drawing the graph and the chain rule on it.

`draw_graph` draws a computation graph: each node with its label, value and gradient, and each
edge with its local derivative ∂child/∂parent — the factor the chain rule multiplies there.
`draw_paths` draws only the paths from one weight w to the cost C, each edge with its formula
and value, and a legend with each path's product and their sum, ∂C/∂w. `draw_step` draws one
step of `backward_steps`. All return a `graphviz.Digraph` (Jupyter shows it inline;
``.pipe()``/``.render()`` or `autograd.render.render` write files). Every formula comes from the
op table; every user label is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from autograd.engine import Value
from autograd.graph import topological_order
from autograd.labels import to_html
from autograd.paths import Path, PathGraph, collapse_graph, node_name, path_graph, whole_graph
from autograd.render import use_renderer

if TYPE_CHECKING:
    import graphviz

    from autograd.steps import BackwardStep, Contribution

__all__ = ["draw_graph", "draw_paths", "draw_step"]

MAX_NODES = 120
DRAWN_PATHS = 12

# Colours chosen to read on a projector and in greyscale print.
_PARAM = "#dbe9f6"
_INPUT = "#eeeeee"
_COST = "#fde0c5"
_PLAIN = "#ffffff"
_PATH = "#1f4e8c"
_BEST = "#c0392b"
_GREY = "#b0b0b0"
_STEP = "#e67e22"
_FONT = "Helvetica"
# Sub/superscript sizes for 14-pt titles and 10-pt formulas (about three quarters of the text).
_SCRIPT_TITLE = 10
_SCRIPT_SMALL = 8


def _num(x: float) -> str:
    if not math.isfinite(x):
        return str(x)
    if x == 0.0:
        return "0"
    if abs(x) >= 1e4 or abs(x) < 1e-3:
        return f"{x:.3e}"
    return f"{x:.4g}"


def _signed(x: float) -> str:
    """A number to add: (−2) in parentheses, so "0 + (−2)" never reads "0 + -2"."""
    return f"({_num(x)})" if x < 0 else _num(x)


def _kind(v: Value, root: Value, params: set[Value] | None) -> str:
    if v is root:
        return "cost"
    if v.parents:
        return "op"
    if params is not None:
        return "param" if v in params else "input"
    label = v.label or ""
    return "input" if (not label or label[0] in "xy") else "param"


_FILL = {"cost": _COST, "param": _PARAM, "input": _INPUT, "op": _PLAIN}


def _definition(v: Value) -> str:
    op = v.op_spec
    if op is None:
        return ""
    text = op.describe([node_name(p) for p in v.parents], v.const)
    if len(text) > 38:
        text = f"{op.symbol.format(*['…'] * len(v.parents), c='c')} ({len(v.parents)} inputs)"
    return text


def _node_html(v: Value, kind: str, grad: float | None, *, highlight: str | None = None) -> str:
    title = to_html(v.label if v.label is not None else node_name(v), _SCRIPT_TITLE)
    rows = [f'<tr><td><b><font point-size="14">{title}</font></b></td></tr>']
    definition = _definition(v)
    if definition and v.label is not None:
        html = to_html(definition, _SCRIPT_SMALL)
        rows.append(f'<tr><td><font point-size="10">= {html}</font></td></tr>')
    rows.append(f'<tr><td><font point-size="11">value {_num(v.data)}</font></td></tr>')
    if grad is not None:
        rows.append(f'<tr><td><font point-size="11">grad {_num(grad)}</font></td></tr>')
    if highlight:
        rows.append(f'<tr><td><font point-size="11" color="{_STEP}">{highlight}</font></td></tr>')
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="1">'
        + "".join(rows)
        + "</table>>"
    )


def _boxed(html: str) -> str:
    """An edge label on a white box, so the edge line never runs through its text."""
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="1" bgcolor="white">'
        f"<tr><td>{html}</td></tr></table>>"
    )


def _new_graph(name: str, rankdir: str) -> graphviz.Digraph:
    import graphviz

    use_renderer()
    g = graphviz.Digraph(name)
    g.attr(rankdir=rankdir, nodesep="0.25", ranksep="0.5", fontname=_FONT)
    g.attr("node", shape="box", style="rounded,filled", fontname=_FONT, margin="0.08,0.04")
    g.attr("edge", fontname=_FONT, fontsize="10", arrowsize="0.7")
    return g


def _add_node(
    g: graphviz.Digraph,
    ident: str,
    v: Value,
    kind: str,
    grad: float | None,
    *,
    color: str = "#333333",
    penwidth: str = "1",
    highlight: str | None = None,
) -> None:
    g.node(
        ident,
        label=_node_html(v, kind, grad, highlight=highlight),
        fillcolor=_FILL[kind],
        color=color,
        penwidth=penwidth,
    )


def _labelled_view(full: PathGraph) -> PathGraph:
    """The neuron-level view of a whole graph: labelled nodes and the root, joined by the total
    derivative over unlabelled routes (the same collapse `chain_paths` uses)."""
    keep = {v for v in full.order if v.label is not None} | {full.C}
    return collapse_graph(full, keep)


def draw_graph(
    root: Value,
    *,
    max_nodes: int = MAX_NODES,
    collapse: bool | None = None,
    params: Iterable[Value] | None = None,
    rankdir: str = "LR",
    step: BackwardStep | None = None,
    show_grad: bool = True,
) -> graphviz.Digraph:
    """The computation graph of ``root``: nodes with label, value and gradient (parameters,
    inputs and the cost in distinct colours), each op's formula, and every edge labelled with
    its local derivative ∂child/∂parent.

    ``collapse=True`` keeps labelled nodes only (edges then carry total derivatives);
    ``None`` collapses automatically when the graph has more than ``max_nodes`` nodes. A graph
    still too large raises `ValueError` instead of producing an unreadable drawing. ``params``
    says which leaves are parameters (default: labelled leaves not named x… or y…).
    ``show_grad=False`` leaves the gradients out (a forward-pass figure).
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value, not {type(root).__name__}")
    full = whole_graph(root)
    view = full
    if collapse or (collapse is None and len(full.order) > max_nodes):
        view = _labelled_view(full)
    if len(view.order) > max_nodes:
        raise ValueError(
            f"the graph has {len(full.order):,} nodes ({len(view.order):,} labelled), more "
            f"than max_nodes={max_nodes}: a drawing that size is unreadable. Draw one weight's "
            f"paths with draw_paths(C, w), or pass a larger max_nodes="
        )
    param_set = set(params) if params is not None else None
    grads = step.grads if (step is not None and step.grads is not None) else None
    g = _new_graph("graph", rankdir)
    ids = {v: f"n{i}" for i, v in enumerate(view.order)}
    touched: dict[Value, list[Contribution]] = {}
    for c in step.contributions if step is not None else ():
        touched.setdefault(c.parent, []).append(c)
    for v in view.order:
        grad: float | None = grads.get(v, v.grad) if grads is not None else v.grad
        if not show_grad:
            grad = None
        kind = _kind(v, root, param_set)
        if step is not None and v is step.node:
            if v.parents:
                note = f"step {step.index + 1}: upstream {_num(step.upstream)} passed to parents"
            else:
                note = f"step {step.index + 1}: a leaf, its grad {_num(step.upstream)} is final"
            _add_node(g, ids[v], v, kind, grad, color=_STEP, penwidth="3", highlight=note)
        elif v in touched:
            notes = [
                f"grad {_num(c.before)} + {_signed(c.added)} = {_num(c.after)}" for c in touched[v]
            ]
            if len(notes) > 1:  # one parent, several edges: the += made visible
                notes = [f"edge {i}: {t}" for i, t in enumerate(notes, start=1)]
            note = "<br/>".join(notes)
            _add_node(g, ids[v], v, kind, grad, color=_STEP, penwidth="2", highlight=note)
        else:
            _add_node(g, ids[v], v, kind, grad)
    for e in view.edges():
        if e.u not in ids or e.v not in ids:
            continue
        active = step is not None and e.v is step.node and e.u in touched
        label = _num(e.factor)
        if active and step is not None:
            label = f"{_num(e.factor)} × {_num(step.upstream)}"
        g.edge(
            ids[e.u],
            ids[e.v],
            label=_boxed(to_html(label, _SCRIPT_SMALL)),
            color=_STEP if active else "#555555",
            penwidth="2.5" if active else "1",
            fontcolor=_STEP if active else "#222222",
        )
    return g


def draw_step(step: BackwardStep, **kwargs: object) -> graphviz.Digraph:
    """The graph at one step of `backward_steps`: the node being processed, each edge to its
    parents as local × upstream, and each parent's grad before and after the ``+=``."""
    return draw_graph(step.root, step=step, **kwargs)  # type: ignore[arg-type]


def _legend(paths: Sequence[Path], n_total: int, C: Value, w: Value, total: float) -> str:
    c_name, w_name = to_html(node_name(C), _SCRIPT_TITLE), to_html(node_name(w), _SCRIPT_TITLE)
    rows = [
        f'<tr><td colspan="2" align="left"><b>∂{c_name}/∂{w_name} = Σ over paths of the '
        f"product of local derivatives</b></td></tr>"
    ]
    for i, p in enumerate(paths, start=1):
        chain = " → ".join(to_html(node_name(v), _SCRIPT_TITLE) for v in p.nodes)
        color = _BEST if i == 1 and len(paths) > 1 else _PATH
        rows.append(
            f'<tr><td align="left"><font color="{color}">path {i}: {chain}</font></td>'
            f'<td align="right"><font color="{color}">{_num(p.product)}</font></td></tr>'
        )
    if n_total > len(paths):
        shown = math.fsum(p.product for p in paths)
        rows.append(
            f'<tr><td align="left"><i>… and {n_total - len(paths):,} more paths</i></td>'
            f'<td align="right"><i>{_num(total - shown)}</i></td></tr>'
        )
    rows.append(
        f'<tr><td align="left"><b>sum = ∂{c_name}/∂{w_name}</b></td>'
        f'<td align="right"><b>{_num(total)}</b></td></tr>'
    )
    if w.grad != 0.0 or total == 0.0:
        # words, not ✓/✗: the fallback renderer's fonts lack those glyphs
        same = math.isclose(w.grad, total, rel_tol=1e-9, abs_tol=1e-12)
        ok = "(equal)" if same else "(differs)"
        rows.append(
            f'<tr><td align="left">{w_name}.grad from backward()</td>'
            f'<td align="right">{_num(w.grad)} {ok}</td></tr>'
        )
    return (
        '<<table border="1" cellborder="0" cellspacing="2" cellpadding="3" color="#999999">'
        + "".join(rows)
        + "</table>>"
    )


def draw_paths(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int | None = None,
    context: bool = False,
    max_nodes: int = MAX_NODES,
    params: Iterable[Value] | None = None,
    rankdir: str = "LR",
) -> graphviz.Digraph:
    """The chain rule for ∂C/∂w, drawn: every path from ``w`` to ``C``, each edge with its local
    derivative's formula (from the op table) and value, and a legend with each path's product
    and their sum = ∂C/∂w (checked against ``w.grad`` when backward() has run).

    ``collapse=True`` (default) is the lecture's view, labelled nodes only. When w reaches C
    along more than ``DRAWN_PATHS`` paths (or ``limit`` is given) only the largest |product|
    paths are drawn and the legend counts the rest. ``context=True`` also draws the rest of
    C's graph, greyed, when it fits in ``max_nodes``.
    """
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("draw_paths(C, w) takes two Values")
    pg = path_graph(C, w, collapse=collapse)
    n_total = pg.count()
    if n_total == 0:
        raise ValueError(f"{node_name(C)} does not depend on {node_name(w)}: there is no path")
    paths = pg.top(limit if limit is not None else min(n_total, DRAWN_PATHS))
    total = pg.total()
    param_set = set(params) if params is not None else None

    nodes: list[Value] = []
    seen: set[Value] = set()
    for p in paths:
        for v in p.nodes:
            if v not in seen:
                seen.add(v)
                nodes.append(v)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"the {len(paths)} paths drawn cross {len(nodes)} nodes, more than "
            f"max_nodes={max_nodes}; pass a smaller limit="
        )
    g = _new_graph("paths", rankdir)
    order = topological_order(C) if context else pg.order
    ids = {v: f"n{i}" for i, v in enumerate(order)}
    position = {v: i for i, v in enumerate(pg.order)}
    nodes.sort(key=position.__getitem__)  # creation order: neuron k above neuron k + 1
    best_edges = {id(e) for e in paths[0].edges} if len(paths) > 1 else set()

    if context and len(order) <= max_nodes:
        for v in order:
            if v not in seen:
                g.node(
                    ids[v],
                    label=f"<{to_html(node_name(v), _SCRIPT_TITLE)}>",
                    color=_GREY,
                    fontcolor=_GREY,
                    fillcolor="#fafafa",
                )
        for v in order:
            for parent in v.parents:
                if not (parent in seen and v in seen):
                    g.edge(ids[parent], ids[v], color=_GREY)

    for v in nodes:
        kind = _kind(v, C, param_set)
        if v is w:
            _add_node(
                g,
                ids[v],
                v,
                "param" if kind != "cost" else kind,
                v.grad,
                color=_BEST,
                penwidth="2.5",
            )
        else:
            _add_node(g, ids[v], v, kind, v.grad)
    drawn: set[int] = set()
    for p in paths:
        for e in p.edges:
            if id(e) in drawn:
                continue
            drawn.add(id(e))
            color = _BEST if id(e) in best_edges else _PATH
            label = f"{to_html(e.formula(), _SCRIPT_SMALL)}<br/>= {_num(e.factor)}"
            g.edge(
                ids[e.u],
                ids[e.v],
                label=_boxed(label),
                color=color,
                fontcolor=color,
                penwidth="2",
            )
    g.node("legend", label=_legend(paths, n_total, C, w, total), shape="plaintext", style="")
    g.edge(ids[C], "legend", style="invis")
    return g
