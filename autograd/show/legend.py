"""The legend beside a drawing of w's paths: what is given, and the chain rule's product with
every factor in its edge's colour.

3Blue1Brown colours each factor of ∂C₀/∂W₁ like its edge, so "0.238" is found at a glance as
∂a₂/∂z₂: here each symbol stands over its number in one column, both in the colour of their
edge in the drawing (`autograd.show.palette.SERIES`). With several paths each path has one
colour — in the drawing, in its product and in its line of the legend — and the legend lists
them in the drawing's order, left to right; a factor on an edge the paths share is in ink.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from autograd.show.draw import GREY, TEXT_PT, TITLE_PT, Line, grid, table
from autograd.show.palette import GRADIENT
from autograd.show.text import counted, number, operands, partial
from autograd.show.view import GraphView, NodeView, PathsView

__all__ = ["MAX_GIVEN", "given_box", "paths_legend", "paths_sum"]

MAX_GIVEN = 8  # leaves listed in the "given" box; a network with more has no box


def given_box(leaves: Sequence[NodeView]) -> str | None:
    """The numbers a student needs to redo the figure by hand, in a framed box: "given:" and
    every leaf of C's graph, the data (x, y) on one row, the parameters on the next; None when
    there are more than `MAX_GIVEN` (an MLP's, which no one recomputes by hand)."""
    if not leaves or len(leaves) > MAX_GIVEN:
        return None
    data = [f"{n.name} = {number(n.value)}" for n in leaves if n.kind == "input"]
    params = [f"{n.name} = {number(n.value)}" for n in leaves if n.kind != "input"]
    # the data on one row, the parameters on the next (four to a row): a box no taller than
    # the node it stands beside; each number a cell of its own, so that a browser's wider
    # subscripts never push a long line out of the frame
    groups = ([data] if data else []) + [params[i : i + 4] for i in range(0, len(params), 4)]
    width = max(len(group) for group in groups)
    rows: list[list[Line | str]] = []
    for i, group in enumerate(groups):
        cells = [Line(text + ("," if k < len(group) - 1 else "")) for k, text in enumerate(group)]
        head = Line("given:" if i == 0 else " ", bold=True, color=GREY)
        rows.append([head, *cells, *[Line(" ")] * (width - len(group))])
    return grid(rows, border=GREY, pad=2)


def _product(
    factors: Sequence[float], colors: Sequence[str], product: float | None, size: int
) -> list[Line | str]:
    """``0.5 × 0.235 × (−1.2) …`` as cells, each factor in its colour, then ``= product``."""
    row: list[Line | str] = []
    shown = operands(factors, math.prod, math.prod(factors) if product is None else product)
    for i, (f, c) in enumerate(zip(shown, colors)):
        if i:
            row.append(Line("×", size=size))
        row.append(Line(f, size=size, color=c, bold=True))
    if product is not None:
        row.append(Line(f"= {number(product)}", size=size, bold=True))
    return row


def paths_legend(
    view: GraphView,
    pv: PathsView,
    edge_colors: dict[str, str],
    path_colors: Sequence[str],
    *,
    with_sum: bool = True,
) -> str:
    """∂C/∂w written out for the paths drawn: one path as the lecture's product, each symbol
    over its number in its edge's colour; several as one row per path ("path 1:" in its
    colour, numbered as the drawing shows them, left to right; each factor in its edge's
    colour, a shared edge's in ink) and their sum. The sum is backward()'s w.grad, which w's
    node shows beside it (∂C₀/∂W₁ = 0.0409); should they ever differ, a last line says so:
    ``≠ W₁.grad = … from backward() (DIFFERS)``. ``with_sum=False``: the paths only, their
    sum and that check left to `paths_sum` (several paths)."""
    names = {n.id: n.name for n in view.nodes}
    symbols = {e.id: e.symbol for e in view.edges}
    c_w = partial(names[view.root], names[pv.node])
    blocks: list[list[Line | str]] = []
    paths = pv.paths
    if len(paths) == 1 and pv.count == 1:
        p = paths[0]
        colors = [edge_colors[e] for e in p.edges]
        check = _check(names[pv.node], pv)
        # "=" a cell of its own, as "×" is: "∂C₀/∂W₁ =∂z₁/∂W₁" lost its space at the cell's edge
        head: list[Line | str] = [Line(c_w, bold=True), Line("=", bold=True)]
        for i, e in enumerate(p.edges):
            if i:  # the numbers' ×: centred on both renderers (a "·" read as a full stop)
                head.append(Line("×"))
            head.append(Line(symbols[e], color=colors[i], bold=True))
        numbers = [Line(" "), Line("="), *_product(p.factors, colors, p.product, TEXT_PT)]
        blocks.append([table([head, numbers], pad=1)])
        if check:
            blocks.append([Line(check, color=GRADIENT, bold=True)])
    else:
        rows: list[list[Line | str]] = []
        for i, (p, color) in enumerate(zip(paths, path_colors), start=1):
            # one row per path, in its colour, its factors lined up in columns with the others'
            colors = [edge_colors[e] for e in p.edges]
            name = Line(f"path {i}:", color=color, bold=True)
            rows.append([name, *_product(p.factors, colors, p.product, TEXT_PT)])
        blocks.append([table(rows, pad=2)])  # "path 1:", "0.5" and "×" apart
        if pv.count > len(paths):
            more = pv.count - len(paths)
            adds = "adds" if more == 1 else "add"
            blocks.append([Line(f"… and {counted(more, 'more path')} {adds} {number(pv.rest)}")])
        blocks += _sum_rows(view, pv) if with_sum else []
    return grid(blocks, pad=0)


def paths_sum(view: GraphView, pv: PathsView) -> str:
    """The sum of several paths' products, Σ = ∂C/∂w (and the check against w.grad), for a
    drawing that sets it apart from the paths' rows (``paths_legend(..., with_sum=False)``)."""
    return grid(_sum_rows(view, pv), pad=0)


def _sum_rows(view: GraphView, pv: PathsView) -> list[list[Line | str]]:
    """Σ = ∂C/∂w, and below it the check against w.grad should they differ."""
    names = {n.id: n.name for n in view.nodes}
    c_w = partial(names[view.root], names[pv.node])
    rows: list[list[Line | str]] = [[Line(f"Σ = {c_w} = {number(pv.total)}", size=TITLE_PT,
                                          bold=True)]]  # fmt: skip
    check = _check(names[pv.node], pv)
    return rows + ([[Line(check, color=GRADIENT, bold=True)]] if check else [])


def _check(w: str, pv: PathsView) -> str:
    """Empty while the sum is backward()'s w.grad (or backward() has not run), else the
    difference: ``≠ W₁.grad = 0.04 from backward() (DIFFERS)``."""
    if (pv.grad == 0.0 and pv.total != 0.0) or pv.agrees:
        return ""
    return f"≠ {w}.grad = {number(pv.grad)} from backward() (DIFFERS)"
