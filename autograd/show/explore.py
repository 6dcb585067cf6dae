"""The explorer: the chain rule on the student's own graph, as one page to click through.

Click a weight w and every path w → C lights up, each in its own colour, with the lecture's
factors (∂z₁/∂W₁ = x = 0.5 …), each path's product, their sum and w.grad from backward(); step
through the backward pass node by node with ← and →; drag a leaf's slider and the page
recomputes every number with the op table's rules written out as JavaScript
(`autograd.show.live`). The page is one self-contained HTML file (`autograd.show.page`) — the
layout computed once by Graphviz (`autograd.show.layout`; an MLP also in layers,
`autograd.show.layered`), the data (`autograd.show.view`) embedded as JSON, plain JavaScript
and CSS — so it opens from ``file://``, offline, and inline in a notebook. The training replay,
`explore_training` (`autograd.show.replay`), and live training, `playground`
(`autograd.show.playground`), are importable from here too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from autograd.show.layered import layered_svg
from autograd.show.layout import ARROW, NORMAL, PRESENT, Layout, Style, layout, node_lines
from autograd.show.live import explorer_live, program, script
from autograd.show.page import Page, page
from autograd.show.playground import Playground, playground
from autograd.show.replay import TrainingExplorer, explore_training
from autograd.show.text import counted
from autograd.show.view import GraphView, graph_view
from autograd.value import Value

__all__ = [
    "Explorer",
    "Playground",
    "TrainingExplorer",
    "explore",
    "explore_training",
    "playground",
    "svg",
]

_DENSE = 40  # more edges than this: edge values only on highlighted edges
# More nodes than this and "whole graph in view" starts unticked: shrunk to a 1280×800 window,
# an MLP's node text is ≈ 7 px; at ¾ of dot's size or more it reads, and the canvas scrolls.
_FIT_NODES = 20


def _path_d(pts: Sequence[tuple[float, float]]) -> str:
    d = f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"
    for i in range(1, len(pts) - 2, 3):
        (x1, y1), (x2, y2), (x3, y3) = pts[i : i + 3]
        d += f" C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}"
    return d


def _arrow(pts: Sequence[tuple[float, float]]) -> str:
    tip = pts[-1]
    back = next((p for p in reversed(pts[:-1]) if p != tip), pts[0])
    dx, dy = tip[0] - back[0], tip[1] - back[1]
    d = math.hypot(dx, dy) or 1.0
    ux, uy = dx / d, dy / d
    bx, by = tip[0] - ux * ARROW, tip[1] - uy * ARROW
    left = (bx - uy * 4, by + ux * 4)
    right = (bx + uy * 4, by - ux * 4)
    return (
        f"M{tip[0]:.1f},{tip[1]:.1f} L{left[0]:.1f},{left[1]:.1f} L{right[0]:.1f},{right[1]:.1f} Z"
    )


def svg(view: dict[str, Any], lay: Layout, style: Style = NORMAL) -> str:
    """The graph as SVG with the test hooks: ``data-node`` = label on each node, ``data-edge``
    = "parent→child" on each edge (names as in the view). With the `PRESENT` style (a layout
    made with it), the presentation mode's graph: drawn at its own size, text 25 px."""
    esc = html.escape
    names = {n["id"]: n["name"] for n in view["nodes"]}
    dense = len(view["edges"]) > _DENSE
    fit = fits(view)
    w, h = lay.width + 12, lay.height + 12
    # Fit the canvas, but never below ¾ of the size dot drew (then the canvas scrolls, and the
    # text stays readable), and at most 1.5× larger on a wide screen. Presentation: its size.
    size = f"width:100%;min-width:{0.75 * w:.0f}px;max-width:{1.5 * w:.0f}px;height:auto"
    kind = f"graph{' fit' if fit else ''}"
    if style.present:
        size, kind = f"width:{w:.0f}px;height:auto", "present-graph"
    out = [
        f'<svg class="{kind}{" dense" if dense else ""}" '
        'xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="-6 -6 {w:.0f} {h:.0f}" style="{size}" role="img">',
        '<g class="edges">',
    ]
    for e in view["edges"]:
        pts = lay.splines[e["id"]]
        mx, my = lay.labels[e["id"]]
        key = esc(f"{names[e['parent']]}→{names[e['child']]}")
        out.append(
            f'<g class="edge" data-edge="{key}" data-id="{e["id"]}">'
            f'<path class="hit" d="{_path_d(pts)}"/>'
            f'<path class="line" d="{_path_d(pts)}"/>'
            f'<path class="head" d="{_arrow(pts)}"/>'
            f'<text class="elabel" x="{mx:.1f}" y="{my + 4:.1f}">{esc(e["value_text"])}</text>'
            "</g>"
        )
    out.append('</g><g class="nodes">')
    for n in view["nodes"]:
        b = lay.boxes[n["id"]]
        lines = node_lines(n, style.present)
        top = b.y - b.h / 2
        texts = []
        for i, t in enumerate(lines):
            cls = "name" if i == 0 else ("grad" if i == len(lines) - 1 else "sub")
            if i == len(lines) - 2:
                cls = "val"
            if style.present and i > 0:  # bare numbers, updated live as such
                cls = "show-val" if i == 1 else "grad show-grad"
            ty = top + style.pad / 2 + style.line * (i + 0.78)
            texts.append(f'<text class="{cls}" x="{b.x:.1f}" y="{ty:.1f}">{esc(t)}</text>')
        out.append(
            f'<g class="node kind-{n["kind"]}" data-node="{esc(n["name"])}" '
            f'data-id="{n["id"]}" tabindex="0">'
            f'<rect x="{b.x - b.w / 2:.1f}" y="{top:.1f}" width="{b.w:.1f}" '
            f'height="{b.h:.1f}" rx="7" style="fill:{view["fills"][n["kind"]]}"/>'
            + "".join(texts)
            + "</g>"
        )
    out.append("</g></svg>")
    return "".join(out)


def fits(view: dict[str, Any]) -> bool:
    """Whether the page opens with the whole graph in view: a small graph (≤ 20 nodes, as the
    lecture's) fits the window; a larger one keeps its text readable and scrolls instead."""
    return len(view["nodes"]) <= _FIT_NODES


def _explorer_body(
    title: str,
    graph_svg: str,
    fit: bool = True,
    eta: float = 10.0,
    layers: str | None = None,
    root: str = "C",
) -> str:
    checked = " checked" if fit else ""
    views = (
        '<span class="views"><button type="button" data-action="view" data-view="layers" '
        'aria-pressed="true" title="the network in layers, as the lecture draws it">layers'
        '</button><button type="button" data-action="view" data-view="graph" '
        'aria-pressed="false" title="every labelled node of the graph">graph of ops</button>'
        "</span>"
        if layers
        else ""
    )
    canvases = f'<div class="canvas" data-view="graph">{graph_svg}</div>'
    if layers:
        canvases = f'<div class="canvas" data-view="layers">{layers}</div>' + canvases
    return f"""
<div class="explorer" data-shown="{"layers" if layers else "graph"}">
<header>
  <h1>{html.escape(title)}</h1>
  <div class="controls">
    {views}
    <button type="button" data-action="prev" title="previous backward step (←)">←</button>
    <button type="button" data-action="next" title="next backward step (→)">→<span
      class="long"> step backward</span></button>
    <label class="eta">η = <input type="text" inputmode="decimal" data-eta value="{eta:g}"
      size="4" aria-label="learning rate η"></label>
    <button type="button" data-action="update" title="one update W ← W − η·∂C/∂W (u)">update<span
      class="long"> W ← W − η·∂C/∂W</span></button>
    <button type="button" data-action="reset"
      title="the values the page was made with">reset</button>
    <button type="button" data-action="present" aria-pressed="false"
      title="presentation mode: large text for a projector (p)"><span
      class="long">present</span><span class="short">exit ✕</span></button>
    <button type="button" class="short" data-action="overlay"
      title="hide or show the explanation (h)">explanation</button>
    <span class="short present-legend">each box: name, value, <span
      class="g">∂{html.escape(root)}/∂node</span></span>
    <label><input type="checkbox" data-action="forward"> forward pass: values only</label>
    <label class="fit"><input type="checkbox" data-action="fit"{checked}>
      whole graph in view</label>
    <span class="hint">click a node · drag a leaf's slider · ← → step backward() · p present</span>
  </div>
</header>
<main>
  {canvases}
  <aside class="panel">
    <button type="button" class="overlay-toggle" data-action="overlay"
      title="hide or show the explanation (h)">hide ✕</button>
    <div class="leaves" data-role="leaves"></div>
    <div data-role="panel"></div>
  </aside>
</main>
<div class="tip" data-role="tip" hidden></div>
</div>"""


@dataclass(frozen=True, repr=False)
class Explorer(Page):
    """An explorer page: ``html`` (the whole file), ``view`` (the data it embeds) and the
    ``layout`` it was drawn with. Shows inline in a notebook; ``.save(path)`` writes it; in a
    plain REPL, one line: ``<Explorer: the chain-rule explorer of C₀, 14 nodes; …>``."""

    view: GraphView
    layout: Layout
    caption: ClassVar[str] = "chain-rule explorer"

    def summary(self) -> str:
        nodes = counted(len(self.view.nodes), "node")
        return f"the {self.caption} of {self.view.nodes[-1].name}, {nodes}"


def explore(
    C: Value,
    *,
    params: Iterable[Value] | None = None,
    collapse: bool = True,
    title: str | None = None,
    rankdir: str = "LR",
) -> Explorer:
    """An interactive page for C's graph: click a node w to light up every path w → C with its
    factors ∂v/∂u (symbol = formula = value), each path's product Π ∂v/∂u, their sum
    Σ = ∂C/∂w and w.grad from backward(); step the backward pass with ← →; hover an edge for
    its partial. Click a leaf for its slider and number box: the page recomputes every value,
    factor, product, sum and gradient (and the nudge (C(w + h) − C(w))/h beside ∂C/∂w); an η
    box and *update* (key u) take one step W ← W − η·∂C/∂W; *present* (key p) redraws it for a
    projector. An MLP built by `nn` opens in layers. ``collapse=True`` (default) shows
    labelled nodes only, as the lecture draws the network. ``params`` says which leaves are
    parameters. The graph's ``.grad`` and ``.data`` fields are left as they are.
    """
    params = None if params is None else list(params)  # read twice: the view, the leaves
    view = graph_view(C, params=params, collapse=collapse)
    data = view.to_dict()
    lay = layout(data, rankdir)
    data["layout_engine"] = lay.engine
    data["live"] = explorer_live(C, view, params)
    code = script([program(C)])
    root = view.nodes[-1].name
    heading = title or f"∂{root}/∂w for every w of this graph: click a node"
    # the projector's drawing of the same graph: text 25 px (presentation mode, key p)
    present = svg(data, layout(data, rankdir, PRESENT), PRESENT)
    body = _explorer_body(
        heading, svg(data, lay) + present, fits(data), layers=layered_svg(data), root=root
    )
    scripts = ["engine.js", "pages.js", "explorer.js"]
    return Explorer(page(heading, body, data, scripts, code), view, lay)
