"""The chain rule for one weight, drawn: every path from w to C, each edge's local derivative,
each path's product in the legend (`autograd.show.legend`) and the numbers it is computed from.

`draw_paths` lays out the paths of `autograd.show.weight_paths.paths_view`; for a slide it
tries a few arrangements with the renderer in use (`best_arrangement`) and keeps the one whose
text is largest on a 1280×720 slide — a renderer that sets text wider (graphviz-pure) gets the
arrangement that suits it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from autograd.backward import topological_order
from autograd.notation.names import node_name
from autograd.show.draw import (
    BEST,
    EDGE_WRAP,
    GREY,
    INK,
    PAD_IN,
    SLIDE_PX,
    TEXT_PT,
    TITLE_PT,
    Line,
    add_node,
    edge_label,
    edge_lines,
    grid,
    html,
    lines,
    new_graph,
    node_lines,
    node_title,
    slanted,
    table,
)
from autograd.show.legend import MAX_GIVEN, given_box, paths_legend, paths_sum
from autograd.show.paths import path_graph
from autograd.show.text import counted, number, operands, partial
from autograd.show.view import (
    KIND_FILLS,
    MAX_NODES,
    PATH_COLORS,
    GraphView,
    NodeView,
    PathsView,
    node_view,
)
from autograd.show.weight_paths import paths_view
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz

__all__ = ["SHORT_EDGE_WRAP", "best_arrangement", "draw_paths", "slide_text_px"]

SHORT_EDGE_WRAP = 30  # an edge's label on two lines from this length: narrower, one line taller


def slide_text_px(graph: graphviz.Digraph) -> float:
    """The font size, px, of the drawing's smallest text (`TEXT_PT`) once it fills a 1280×720
    slide, as the renderer in use lays it out (the slide preset then stretches it to 16:9)."""
    from autograd.show.render import drawing_size

    width, height = (size + 2 * PAD_IN * 72 for size in drawing_size(graph))
    return TEXT_PT * min(SLIDE_PX[0] / width, SLIDE_PX[1] / height)


def best_arrangement(
    arrangements: Sequence[tuple[int, bool]], drawing: Callable[[int, bool, bool], graphviz.Digraph]
) -> tuple[int, bool]:
    """Of ``arrangements`` (the first two arguments of ``drawing(wrap, split, stretch)``), the
    one whose text comes out tallest on a slide; the first when no renderer lays them out."""
    from autograd.show.render import RendererFailed, RendererNotFound

    try:
        return max(arrangements, key=lambda a: slide_text_px(drawing(a[0], a[1], False)))
    except (RendererNotFound, RendererFailed):
        return arrangements[0]


def draw_paths(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int | None = None,
    context: bool = False,
    max_nodes: int = MAX_NODES,
    params: Iterable[Value] | None = None,
    rankdir: str = "TB",
    slide: bool = True,
    given: bool | None = None,
    title: str | None = None,
) -> graphviz.Digraph:
    """The chain rule for ∂C/∂w, drawn: every path from ``w`` to ``C``, each edge with its
    partial as the lecture writes it (``∂z₁/∂W₁ = x = 0.5``: symbol, formula from the op table,
    value), each node with ∂C/∂node, and a legend with each path's product written out,
    ``0.5 × 0.235 × (−1.2) × … = 0.0409``; their sum = ∂C/∂w, checked against ``w.grad`` when
    backward() has run. Colours link the legend to the drawing (`autograd.show.legend`): one
    path, each factor in its edge's colour; several, each path in its own, numbered left to
    right as drawn. Where paths split (a node with several drawn edges out), the node is
    marked: backward() sums there, ∂C/∂v = Σₖ ∂uₖ/∂v · ∂C/∂uₖ. ``given`` (default: when C's
    graph has at most `autograd.show.legend.MAX_GIVEN` leaves) heads the legend with every
    leaf's value — x, y, the weights and biases — the numbers the figure is computed from.
    ``title`` (which model, which cost) stands beside w, at the top.

    ``collapse=True`` (default) is the lecture's view, labelled nodes only. When w reaches C
    along more than ``DRAWN_PATHS`` (12) paths (or ``limit`` is given) only the largest
    |product| paths are drawn and the legend counts the rest. ``context=True`` also draws the
    rest of C's graph, greyed, when it fits in ``max_nodes``. The chain runs top to bottom
    (``rankdir="TB"``), so a long one fits a 16:9 slide with the legend beside it; with
    ``slide=True`` a few arrangements (long edge labels on one line or two, the legend beside
    the middle of the chain or above the first split) are laid out by the renderer in use, and
    the one whose text comes out largest on a 1280×720 slide is drawn.
    """
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("draw_paths(C, w) takes two Values")
    view = paths_view(
        C, w, collapse=collapse, limit=limit, params=params, max_nodes=max_nodes, context=context
    )
    if not view.nodes:
        c_name, w_name = node_name(C), node_name(w)
        swapped = (
            f"; {w_name} depends on {c_name} — the cost comes first: draw_paths(C, w), so did "
            f"you mean draw_paths({w_name}, {c_name})?"
            if path_graph(w, C, collapse=False).count()  # the other way round there are paths
            else ""
        )
        raise ValueError(f"{c_name} does not depend on {w_name}: there is no path{swapped}")
    (pv,) = view.paths.values()
    pv = _left_to_right(view, pv)
    box = given_box(_leaves(C, params)) if given is not False else None
    if given and box is None:
        raise ValueError(f"given=True lists at most {MAX_GIVEN} leaves; C's graph has more")

    def drawing(wrap: int, split: bool, stretch: bool) -> graphviz.Digraph:
        return _paths_figure(view, pv, rankdir, stretch, box, title, wrap, split)

    if not slide:
        return drawing(EDGE_WRAP, True, False)
    arrangements = [(EDGE_WRAP, True), (EDGE_WRAP, False), (SHORT_EDGE_WRAP, True)]
    wrap, split = best_arrangement(arrangements, drawing)
    return drawing(wrap, split, True)


def _paths_figure(
    view: GraphView,
    pv: PathsView,
    rankdir: str,
    slide: bool,
    box: str | None,
    title: str | None,
    wrap: int,
    before_split: bool,
) -> graphviz.Digraph:
    """The drawing of `draw_paths`: edge labels wrapped at ``wrap`` characters, the legend
    beside the middle of the chain or (``before_split``) beside the node before the paths
    split."""
    root = _name(view, view.root)
    colors = [PATH_COLORS[i % len(PATH_COLORS)] for i in range(len(pv.paths))]
    on = {v for p in pv.paths for v in p.nodes}
    g = new_graph("paths", rankdir, slide=slide)
    g.attr(nodesep="0.15")  # the legend close beside the chain: width is what a slide lacks
    drawn = "" if len(pv.paths) == pv.count else f" ({len(pv.paths)} drawn)"
    shown = counted(len(on), "node")
    g.what = (
        f"the {counted(pv.count, 'path')} from {_name(view, pv.node)} to {root}{drawn}, {shown}"
    )
    # Which drawn paths use each edge: an edge on one path takes its colour, a shared one ink;
    # a single path gives each edge (each factor of the product) a colour of its own.
    users: dict[str, list[int]] = {}
    for i, p in enumerate(pv.paths):
        for eid in p.edges:
            users.setdefault(eid, []).append(i)
    if len(pv.paths) == 1:  # counted from C's end: ∂C₀/∂a₂, ∂a₂/∂z₂ keep their colours from
        # one weight's figure to the next (W₁'s, W₂'s, b₂'s), whatever the path's length
        edges = pv.paths[0].edges
        edge_colors = {
            e: PATH_COLORS[(len(edges) - 1 - i) % len(PATH_COLORS)] for i, e in enumerate(edges)
        }
    else:
        edge_colors = {e: colors[u[0]] if len(u) == 1 else INK for e, u in users.items()}
    for n in view.nodes:  # the rest of C's graph (context=True), greyed
        if n.id not in on:
            g.node(
                n.id, label=html([Line(n.name, color=GREY)]), color=GREY, fillcolor=KIND_FILLS["op"]
            )
    for e in view.edges:
        if e.id not in users:
            g.edge(e.parent, e.child, color=GREY)
    shows_grads = pv.grad != 0.0 or pv.total == 0.0  # backward() has run
    for n in view.nodes:
        if n.id in on:
            # C's own ∂C/∂C = 1 says nothing about w: its box keeps its value only (one line
            # less in a figure whose height is what a slide runs out of)
            grad = n.grad if shows_grads and n.id != view.root else None
            _path_node(g, view, n, root, pv, grad, edge_colors)
    slant = slanted([e for e in view.edges if e.id in users])
    for e in view.edges:
        if e.id in users:
            color = edge_colors[e.id]
            # no padding: a label on its white ground needs none, and every point of a
            # label's height is taken from a long chain's text size on a slide
            label = edge_label(edge_lines(e, color, wrap), pad=0, slant=e.id in slant)
            g.edge(e.parent, e.child, label=label, color=color, penwidth="2.5")
    # Beside the middle of the chain; where paths split, beside the node before (the split
    # node's box holds the sum backward() forms there, and is wide enough already), and the
    # paths' sum Σ apart, one row down beside the split node: the legend no taller than the
    # box beside it.
    first = pv.paths[0].nodes
    middle = (len(first) - 1) // 2
    splits = [i for i, v in enumerate(first) if v in pv.splits]
    early = bool(splits) and before_split
    apart = early and len(pv.paths) > 1 and 0 < splits[0] <= middle
    legend = paths_legend(view, pv, edge_colors, colors, with_sum=not apart)
    g.node("legend", label=legend, shape="plaintext", style="")
    beside = first[max(0, min(middle, splits[0] - 1))] if early else first[middle]
    with g.subgraph() as row:  # the legend beside the middle of the chain, not under it
        row.attr(rank="same")
        row.node(beside)
        row.node("legend")
    if apart:
        g.node("sum", label=paths_sum(view, pv), shape="plaintext", style="")
        with g.subgraph() as row:
            row.attr(rank="same")
            row.node(first[splits[0]])
            row.node("sum")
    top = [pv.node]
    if title is not None:
        g.node("title", label=html(lines(title, 56, size=TITLE_PT, bold=True)), shape="plaintext",
               style="")  # fmt: skip
        top.append("title")
    if box is not None:  # beside w, at the top: the numbers the figure comes from
        g.node("given", label=box, shape="plaintext", style="")
        top.append("given")
    with g.subgraph() as row:
        row.attr(rank="same")
        for ident in top:
            row.node(ident)
    return g


def _left_to_right(view: GraphView, pv: PathsView) -> PathsView:
    """The drawn paths in the order the drawing shows them, left to right (nodes in the view's
    order, neuron k before neuron k + 1), so path 1 of the legend is the leftmost."""
    place = {n.id: i for i, n in enumerate(view.nodes)}
    ordered = sorted(pv.paths, key=lambda p: [place[v] for v in p.nodes])
    return dataclasses.replace(pv, paths=tuple(ordered))


def _sum_of_products(v: Sequence[float]) -> float:
    """``Σᵤ ∂u/∂v · ∂C/∂u`` over the pairs of ``v``: the sum a split node writes out."""
    return sum(v[i] * v[i + 1] for i in range(0, len(v), 2))


def _leaves(C: Value, params: Iterable[Value] | None) -> list[NodeView]:
    """Every leaf of C's graph as a view record, parameters by layer (W₁, b₁, W₂, b₂)."""
    param_set = set(params) if params is not None else None
    leaves = [v for v in topological_order(C) if not v.parents]
    records = [node_view(v, f"given{i}", C, param_set, v.grad) for i, v in enumerate(leaves)]
    return sorted(records, key=lambda n: (n.kind != "input", _layer(n.name), n.name))


def _layer(name: str) -> str:
    """The subscripts and superscripts of a name, as digits: W₁ and b₁ are layer 1."""
    return "".join(ch for ch in name.translate(_DIGITS) if ch.isdigit())


_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹", "01234567890123456789")


def _name(view: GraphView, ident: str) -> str:
    return next(n.name for n in view.nodes if n.id == ident)


def _path_node(
    g: graphviz.Digraph,
    view: GraphView,
    n: NodeView,
    root: str,
    pv: PathsView,
    grad: float | None,
    edge_colors: dict[str, str],
) -> None:
    """A node on a drawn path; w in red; where the drawn paths split (a double border), the sum
    backward() forms there written out, ∂C/∂v = Σᵤ ∂u/∂v · ∂C/∂u over the nodes u that v feeds:
    each term read off the drawn edge and node, in its edge's colour — its path's."""
    if n.id in pv.splits and grad is not None:
        nodes = {m.id: m for m in view.nodes}
        place = {m.id: i for i, m in enumerate(view.nodes)}  # as drawn, left to right
        outs = sorted(
            (e for e in view.edges if e.parent == n.id and e.id in pv.edges),
            key=lambda e: place[e.child],
        )
        cells: list[Line | str] = [Line(f"{partial(root, n.name)} =", bold=True)]
        pairs = [v for e in outs for v in (e.value, nodes[e.child].grad)]
        shown = operands(pairs, _sum_of_products, grad)
        for i, e in enumerate(outs):
            term = f"{shown[2 * i]} × {shown[2 * i + 1]}"  # "0.9·0.285" read as one number
            cells += [Line("+")] if i else []
            cells.append(Line(term, color=edge_colors.get(e.id), bold=True))
        cells.append(Line(f"= {number(grad)}", bold=True))
        title = lines(f"{node_title(n)} = {number(n.value)}", size=TITLE_PT, bold=True)
        label = grid(
            [[Line(t.text, size=t.size, bold=True)] for t in title] + [[table([cells], pad=1)]],
            pad=1,
        )
        g.node(n.id, label=label, fillcolor=KIND_FILLS[n.kind], color=INK, peripheries="2")
        return
    rows = node_lines(n, root, grad)
    if n.id == pv.node:
        add_node(g, n.id, rows, "param" if n.kind != "cost" else n.kind, color=BEST, penwidth="3")
    else:
        add_node(g, n.id, rows, n.kind)
