"""The explorer: the chain rule on the student's own graph, as one page to click through.

Click a weight w and every path w → C lights up, each in its own colour, with the lecture's
factors (∂z₁/∂W₁ = x = 0.5 …), each path's product, their sum and w.grad from backward(); step
through the backward pass node by node with ← and →. The page is one self-contained HTML file —
the layout computed once here by Graphviz, the data (`autograd.view`) embedded as JSON, plain
JavaScript and CSS — so it opens from ``file://``, offline, and inline in a notebook.
"""

from __future__ import annotations

import html
import json
import math
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from autograd.engine import Value
from autograd.view import GraphView, graph_view

__all__ = ["Explorer", "Layout", "explore", "layout", "page"]

_CHAR = 7.0  # px per character of 13-px text: boxes sized from their text, so no font metrics
_LINE = 17.0
_PAD = 10.0
_ARROW = 9.0
_DENSE = 40  # more edges than this: edge values only on highlighted edges


@dataclass(frozen=True)
class Box:
    """A node's box: centre (x, y), width, height, in px, y downwards."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True)
class Layout:
    """Where everything goes: node boxes and edge splines (cubic Bézier control points, the
    last one at the arrow's tip), by id; ``engine`` says who computed it ("dot",
    "graphviz-pure" or "layers", the fallback)."""

    width: float
    height: float
    boxes: dict[str, Box]
    splines: dict[str, list[tuple[float, float]]]
    labels: dict[str, tuple[float, float]]
    engine: str


def _node_lines(n: dict[str, Any]) -> list[str]:
    lines = [n["name"]]
    if n["definition"] and n["definition"] != n["name"]:
        lines.append("= " + _clip(n["definition"]))
    lines.append(f"value {n['value_text']}")
    lines.append(f"grad {n['grad_text']}")
    return lines


def _clip(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(n: dict[str, Any]) -> tuple[float, float]:
    lines = _node_lines(n)
    # the name is set in 15-px bold, the rest in 12–13 px
    width = max(len(lines[0]) * 1.15, *(len(t) for t in lines[1:])) * _CHAR + 2 * _PAD
    return max(width, 70.0), len(lines) * _LINE + _PAD


def layout(view: dict[str, Any], rankdir: str = "LR") -> Layout:
    """Lay the view out once: Graphviz ``dot`` (or graphviz-pure) when found, else layers by
    depth (a node one column right of its deepest input), so the page is always made."""
    from autograd.render import find_renderer

    found = find_renderer()
    if found is not None:
        kind, program = found
        try:
            return _graphviz_layout(view, program, kind, rankdir)
        except (OSError, RuntimeError, ValueError, subprocess.SubprocessError):
            pass  # a broken renderer must not break the page: fall back to layers
    return _layered_layout(view)


def _graphviz_layout(view: dict[str, Any], program: Path, kind: str, rankdir: str) -> Layout:
    lines = [
        "digraph G {",
        f"rankdir={rankdir}; nodesep=0.3; ranksep=0.4;",
        'node [shape=box, fixedsize=true, label=""];',
        # Edge labels as placeholders of the value's length: dot then keeps them clear of nodes
        # and tells us where it put them.
        "edge [fontsize=13, fontname=Helvetica];",
    ]
    for n in view["nodes"]:
        w, h = _size(n)
        lines.append(f"{n['id']} [width={w / 72:.3f}, height={h / 72:.3f}];")
    for e in view["edges"]:
        lines.append(f'{e["parent"]} -> {e["child"]} [label="{"0" * len(e["value_text"])}"];')
    lines.append("}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "graph.gv"
        src.write_text("\n".join(lines), encoding="utf-8")
        result = subprocess.run(
            [str(program), "-Tplain", str(src)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return _parse_plain(result.stdout, view, kind)


def _parse_plain(text: str, view: dict[str, Any], kind: str) -> Layout:
    """Graphviz's ``-Tplain``: inches, y upwards; edges by (tail, head), in any order."""
    height = 0.0
    width = 0.0
    boxes: dict[str, Box] = {}
    curves: dict[tuple[str, str], list[tuple[list[tuple[float, float]], tuple[float, float]]]] = {}
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "graph":
            width, height = float(parts[2]) * 72, float(parts[3]) * 72
        elif parts[0] == "node":
            x, y, w, h = (float(p) * 72 for p in parts[2:6])
            boxes[parts[1]] = Box(x, height - y, w, h)
        elif parts[0] == "edge":
            count = int(parts[3])
            nums = [float(p) * 72 for p in parts[4 : 4 + 2 * count]]
            pts = [(nums[i], height - nums[i + 1]) for i in range(0, len(nums), 2)]
            rest = parts[4 + 2 * count :]
            spot = _midpoint(pts)
            if len(rest) >= 5:  # label, x, y, style, colour
                spot = (float(rest[1]) * 72, height - float(rest[2]) * 72)
            curves.setdefault((parts[1], parts[2]), []).append((pts, spot))
    if len(boxes) != len(view["nodes"]):
        raise ValueError("the renderer's layout lacks nodes")
    splines: dict[str, list[tuple[float, float]]] = {}
    labels: dict[str, tuple[float, float]] = {}
    for e in view["edges"]:
        pts, spot = curves[(e["parent"], e["child"])].pop(0)
        splines[e["id"]] = _with_tip(pts, boxes[e["child"]])
        labels[e["id"]] = spot
    return Layout(width, height, boxes, splines, labels, kind)


def _with_tip(pts: list[tuple[float, float]], head: Box) -> list[tuple[float, float]]:
    """dot stops a spline where the arrowhead starts; end it at the head box instead."""
    (x0, y0), (x1, y1) = pts[-2], pts[-1]
    d = math.hypot(x1 - x0, y1 - y0) or 1.0
    tip = (x1 + (x1 - x0) / d * _ARROW, y1 + (y1 - y0) / d * _ARROW)
    # graphviz-pure may already end on the box; never overshoot into it
    inside = abs(x1 - head.x) <= head.w / 2 + 0.5 and abs(y1 - head.y) <= head.h / 2 + 0.5
    return pts if inside else [*pts, tip, tip, tip]


def _layered_layout(view: dict[str, Any]) -> Layout:
    """Columns by depth (longest route from a leaf), in topological order, top to bottom."""
    depth: dict[str, int] = {}
    parents: dict[str, list[str]] = {n["id"]: [] for n in view["nodes"]}
    for e in view["edges"]:
        parents[e["child"]].append(e["parent"])
    for n in view["nodes"]:  # topological order: parents first
        depth[n["id"]] = 1 + max((depth[p] for p in parents[n["id"]]), default=-1)
    sizes = {n["id"]: _size(n) for n in view["nodes"]}
    columns: dict[int, list[str]] = {}
    for n in view["nodes"]:
        columns.setdefault(depth[n["id"]], []).append(n["id"])
    col_w = max(w for w, _ in sizes.values()) + 70.0
    boxes: dict[str, Box] = {}
    height = 0.0
    for d, ids in sorted(columns.items()):
        y = 10.0
        for i in ids:
            w, h = sizes[i]
            boxes[i] = Box(10 + d * col_w + w / 2, y + h / 2, w, h)
            y += h + 24.0
        height = max(height, y)
    width = (max(columns) + 1) * col_w
    splines: dict[str, list[tuple[float, float]]] = {}
    for e in view["edges"]:
        a, b = boxes[e["parent"]], boxes[e["child"]]
        p0 = (a.x + a.w / 2, a.y)
        p3 = (b.x - b.w / 2, b.y)
        mid = (p0[0] + p3[0]) / 2
        splines[e["id"]] = [p0, (mid, p0[1]), (mid, p3[1]), p3]
    labels = {k: _midpoint(v) for k, v in splines.items()}
    return Layout(width, height, boxes, splines, labels, "layers")


# --- the page ------------------------------------------------------------------------------------


def _midpoint(pts: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The middle Bézier segment at t = ½: where an edge's value is written."""
    segments = max(1, (len(pts) - 1) // 3)
    i = 3 * (segments // 2)
    if i + 3 >= len(pts):
        (ax, ay), (bx, by) = pts[0], pts[-1]
        return (ax + bx) / 2, (ay + by) / 2
    p0, p1, p2, p3 = pts[i : i + 4]
    return (
        (p0[0] + 3 * p1[0] + 3 * p2[0] + p3[0]) / 8,
        (p0[1] + 3 * p1[1] + 3 * p2[1] + p3[1]) / 8,
    )


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
    bx, by = tip[0] - ux * _ARROW, tip[1] - uy * _ARROW
    left = (bx - uy * 4, by + ux * 4)
    right = (bx + uy * 4, by - ux * 4)
    return (
        f"M{tip[0]:.1f},{tip[1]:.1f} L{left[0]:.1f},{left[1]:.1f} L{right[0]:.1f},{right[1]:.1f} Z"
    )


def svg(view: dict[str, Any], lay: Layout) -> str:
    """The graph as SVG with the test hooks: ``data-node`` = label on each node, ``data-edge``
    = "parent→child" on each edge (names as in the view)."""
    esc = html.escape
    names = {n["id"]: n["name"] for n in view["nodes"]}
    dense = len(view["edges"]) > _DENSE
    w, h = lay.width + 12, lay.height + 12
    # Fit the canvas, but never below ¾ of the size dot drew (then the canvas scrolls, and the
    # text stays readable), and at most 1.5× larger on a wide screen.
    size = f"width:100%;min-width:{0.75 * w:.0f}px;max-width:{1.5 * w:.0f}px;height:auto"
    out = [
        f'<svg class="graph fit{" dense" if dense else ""}" xmlns="http://www.w3.org/2000/svg" '
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
        lines = _node_lines(n)
        top = b.y - b.h / 2
        texts = []
        for i, t in enumerate(lines):
            cls = "name" if i == 0 else ("grad" if i == len(lines) - 1 else "sub")
            if i == len(lines) - 2:
                cls = "val"
            ty = top + _PAD / 2 + _LINE * (i + 0.78)
            texts.append(f'<text class="{cls}" x="{b.x:.1f}" y="{ty:.1f}">{esc(t)}</text>')
        out.append(
            f'<g class="node kind-{n["kind"]}" data-node="{esc(n["name"])}" '
            f'data-id="{n["id"]}" tabindex="0">'
            f'<rect x="{b.x - b.w / 2:.1f}" y="{top:.1f}" width="{b.w:.1f}" '
            f'height="{b.h:.1f}" rx="7"/>' + "".join(texts) + "</g>"
        )
    out.append("</g></svg>")
    return "".join(out)


def _asset(name: str) -> str:
    return files("autograd").joinpath("explorer").joinpath(name).read_text(encoding="utf-8")


def _finite(obj: Any) -> Any:
    """JSON has no NaN or ∞: such a number becomes null (its text, e.g. "inf", is shown)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _json_script(data: dict[str, Any], cls: str) -> str:
    text = json.dumps(_finite(data), ensure_ascii=False, allow_nan=False)
    # No "<" at all inside the script element, so a label holding "</script>" or "<!--" cannot
    # end it early or change how the browser reads it (\u003c is "<" to JSON.parse).
    text = text.replace("<", "\\u003c")
    return f'<script type="application/json" class="{cls}">{text}</script>'


def page(title: str, body: str, data: dict[str, Any], scripts: Sequence[str]) -> str:
    """A complete, self-contained HTML page: our CSS, the body, the data as JSON, our JS."""
    js = "\n".join(_asset(s) for s in scripts)
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{html.escape(title)}</title><style>{_asset('explorer.css')}</style></head>"
        f"<body>{body}{_json_script(data, 'explorer-data')}<script>{js}</script></body></html>\n"
    )


def _explorer_body(title: str, graph_svg: str) -> str:
    return f"""
<div class="explorer">
<header>
  <h1>{html.escape(title)}</h1>
  <div class="controls">
    <button type="button" data-action="prev" title="previous backward step (←)">←</button>
    <button type="button" data-action="next" title="next backward step (→)">→ step backward</button>
    <label><input type="checkbox" data-action="forward"> forward pass: values only</label>
    <label><input type="checkbox" data-action="fit" checked> whole graph in view</label>
    <span class="hint">click a node · hover an edge · ← → step through backward()</span>
  </div>
</header>
<main>
  <div class="canvas">{graph_svg}</div>
  <aside class="panel" data-role="panel"></aside>
</main>
<div class="tip" data-role="tip" hidden></div>
</div>"""


@dataclass(frozen=True)
class Explorer:
    """An explorer page: ``html`` (the whole file), ``view`` (the data it embeds) and the
    ``layout`` it was drawn with. Shows inline in a notebook; ``.save(path)`` writes it."""

    html: str
    view: GraphView
    layout: Layout
    height: int = 640

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page (one self-contained file) to ``path``; return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        # An iframe keeps the page's CSS and script to itself next to other outputs, and runs
        # the same in Jupyter, JupyterLab and VS Code.
        return (
            f'<iframe class="chainrule-explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ccc" '
            f'title="{html.escape(self.view.nodes[-1].name)} explorer"></iframe>'
        )


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
    its partial. ``collapse=True`` (default) shows labelled nodes only, as the lecture draws
    the network. ``params`` says which leaves are parameters. The graph's ``.grad`` fields are
    left as they are.
    """
    view = graph_view(C, params=params, collapse=collapse)
    data = view.to_dict()
    lay = layout(data, rankdir)
    data["layout_engine"] = lay.engine
    root = view.nodes[-1].name
    heading = title or f"∂{root}/∂w for every w of this graph: click a node"
    body = _explorer_body(heading, svg(data, lay))
    return Explorer(page(heading, body, data, ["explorer.js"]), view, lay)


# --- training replay -----------------------------------------------------------------------------

_SUP_DIGITS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
_SUB_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))


def parse_label(name: str) -> tuple[str, int, tuple[int, ...]] | None:
    """``w⁽²⁾₁,₃`` → ("w", 2, (1, 3)); None for a name not in the lecture's form."""
    if "⁽" not in name or "⁾" not in name:
        return None
    symbol, rest = name.split("⁽", 1)
    layer_text, subs = rest.split("⁾", 1)
    try:
        layer = int("".join(_SUP_DIGITS[c] for c in layer_text))
        idx = tuple(int("".join(_SUB_DIGITS[c] for c in part)) for part in subs.split(","))
    except (KeyError, ValueError):
        return None
    return symbol, layer, idx


@dataclass(frozen=True)
class TrainingExplorer:
    """A training replay page: ``html`` (the whole file) and ``data`` (the JSON it embeds)."""

    html: str
    data: dict[str, Any]
    height: int = 820

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page (one self-contained file) to ``path``; return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        return (
            f'<iframe class="chainrule-explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ccc" '
            'title="training replay"></iframe>'
        )


def _network(names: list[str]) -> dict[str, Any]:
    """Neurons in columns (inputs, then each layer) and one edge per weight w⁽ˡ⁾ₖ,ⱼ from unit
    j of layer l − 1 to neuron k of layer l, read from the parameters' lecture labels."""
    sizes: dict[int, int] = {}
    weights: list[dict[str, Any]] = []
    biases: dict[tuple[int, int], int] = {}
    n_in = 0
    for i, name in enumerate(names):
        parsed = parse_label(name)
        if parsed is None:
            continue
        symbol, layer, idx = parsed
        if symbol == "w" and len(idx) == 2:
            k, j = idx
            sizes[layer] = max(sizes.get(layer, 0), k)
            if layer == 1:
                n_in = max(n_in, j)
            weights.append({"name": name, "param": i, "layer": layer, "k": k, "j": j})
        elif symbol == "b" and len(idx) == 1:
            biases[(layer, idx[0])] = i
    columns = [n_in] + [sizes[layer] for layer in sorted(sizes)]
    tallest = max(columns, default=1)
    gap_x, gap_y, top = 190.0, 34.0, 24.0
    pos: dict[tuple[int, int], tuple[float, float]] = {}
    units = []
    for layer, count in enumerate(columns):
        offset = (tallest - count) * gap_y / 2
        for k in range(1, count + 1):
            pos[(layer, k)] = (50 + layer * gap_x, top + offset + (k - 1) * gap_y)
            name = f"x{_sub(k)}" if layer == 0 else f"a⁽{_sup(layer)}⁾{_sub(k)}"
            units.append(
                {
                    "name": name,
                    "x": pos[(layer, k)][0],
                    "y": pos[(layer, k)][1],
                    "bias": biases.get((layer, k)),
                    "input": layer == 0,
                }
            )
    for w in weights:
        (x0, y0), (x1, y1) = pos[(w["layer"] - 1, w["j"])], pos[(w["layer"], w["k"])]
        w.update(x0=x0, y0=y0, x1=x1, y1=y1)
    width = 100 + (len(columns) - 1) * gap_x
    return {"units": units, "weights": weights, "width": width, "height": 2 * top + tallest * gap_y}


def _sub(k: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(k))


def _sup(k: int) -> str:
    return "".join("⁰¹²³⁴⁵⁶⁷⁸⁹"[int(c)] for c in str(k))


def _boundary(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    history: Any,
    frames: list[int],
    grid: int,
) -> dict[str, Any]:
    """The model's score on a grid × grid lattice over the data, at each frame's parameters
    (put back afterwards), rounded: these numbers only colour the picture."""
    from autograd.engine import no_grad

    xs, ys = [p[0] for p in X], [p[1] for p in X]
    x0, x1, y0, y1 = min(xs) - 0.5, max(xs) + 0.5, min(ys) - 0.5, max(ys) + 0.5
    params = model.parameters()
    saved = [p.data for p in params]
    values = []
    try:
        with no_grad():
            for f in frames:
                for p, d in zip(params, history.snapshots[f].params):
                    p.data = d
                row = []
                for j in range(grid):
                    v = y1 - (y1 - y0) * (j + 0.5) / grid
                    for i in range(grid):
                        u = x0 + (x1 - x0) * (i + 0.5) / grid
                        row.append(round(float(model([u, v]).data), 3))
                values.append(row)
    finally:
        for p, d in zip(params, saved):
            p.data = d
    return {
        "frames": frames,
        "grid": grid,
        "box": [x0, x1, y0, y1],
        "values": values,
        "points": [[float(p[0]), float(p[1]), float(t)] for p, t in zip(X, y)],
    }


def _sample_paths(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    loss: Callable[[list[Value], list[float]], Value],
    history: Any,
    frames: list[int],
    top: int,
    sample: int,
) -> dict[str, Any]:
    """For one sample i, at each frame's parameters: Cᵢ = loss([ŷ(xᵢ)], [yᵢ]) and, for every
    weight and bias, its paths to Cᵢ (`path_listing`) beside ∂Cᵢ/∂w from backward()."""
    from autograd.view import number, path_listing

    params = model.parameters()
    saved = [(p.data, p.grad) for p in params]
    listings = []
    try:
        for f in frames:
            for p, d in zip(params, history.snapshots[f].params):
                p.data, p.grad = d, 0.0
            C1 = loss([model(list(X[sample]))], [float(y[sample])])
            if C1.label is None:
                C1.label = "C"
            C1.backward()
            # Paths of different weights share most factors: store each text once per frame.
            texts: dict[str, int] = {}
            rows = []
            for p in params:
                row = {**path_listing(C1, p, top=top).to_dict(), "grad_text": number(p.grad)}
                for q in row["paths"]:
                    q["factors"] = [texts.setdefault(t, len(texts)) for t in q["factors"]]
                    q["nodes"] = texts.setdefault(" → ".join(q["nodes"]), len(texts))
                rows.append(row)
            listings.append({"texts": list(texts), "rows": rows})
    finally:
        for p, (d, g) in zip(params, saved):
            p.data, p.grad = d, g
    return {
        "frames": frames,
        "sample": sample,
        "x_text": [number(float(v)) for v in X[sample]],
        "y_text": number(float(y[sample])),
        "listings": listings,
    }


def _spread(n: int, k: int) -> list[int]:
    """At most k indices from 0 … n−1, evenly spaced, first and last included."""
    if k <= 1 or n == 1:
        return [n - 1]
    step = max(1, math.ceil((n - 1) / (k - 1)))
    picked = list(range(0, n, step))
    return picked if picked[-1] == n - 1 else [*picked, n - 1]


def explore_training(
    history: Any,
    model: Any = None,
    X: Sequence[Sequence[float]] | None = None,
    y: Sequence[float] | None = None,
    *,
    loss: Callable[[list[Value], list[float]], Value] | None = None,
    title: str = "Training, replayed: W ← W − η·∂C/∂W, epoch by epoch",
    grid: int = 24,
    max_frames: int = 50,
    path_frames: int = 6,
    top: int = 3,
    sample: int = 0,
) -> TrainingExplorer:
    """A page replaying a run recorded by ``nn.fit(..., record=True)``: a slider over the
    epochs; the cost curve C(epoch); per layer the mean |∂C/∂w| (where gradients vanish); the
    network with each weight's edge width ∝ |w| and colour by sign, as in TensorFlow
    Playground — click a weight for its value, ∂C/∂w and the step it took. Given the ``model``
    and 2-D data ``X``, ``y``, also the decision boundary (score > 0) at up to ``max_frames``
    epochs. Given also the per-sample ``loss`` used in training ((scores, targets) → Value, e.g.
    ``nn.hinge``), a clicked weight lists its ``top`` paths to Cᵢ, the cost of sample i =
    ``sample`` + 1 alone, with their factors and sum = ∂Cᵢ/∂w, at ``path_frames`` epochs spread
    over the run.
    """
    from autograd.view import number

    snaps = history.snapshots
    if not snaps:
        raise ValueError("the history has no snapshots: train with fit(..., record=True)")
    names: list[str] = list(history.names)
    layers: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        parsed = parse_label(name)
        if parsed is not None and parsed[0] == "w":
            layers.setdefault(parsed[1], []).append(i)
    bars: list[dict[str, Any]] = []
    for layer, idx in sorted(layers.items()):
        means = [math.fsum(abs(s.grads[i]) for i in idx) / len(idx) for s in snaps]
        bars.append(
            {"name": f"layer {layer}", "values": means, "texts": [number(v) for v in means]}
        )
    data: dict[str, Any] = {
        "epochs": [s.epoch for s in snaps],
        "cost": list(history.loss),
        "cost_text": [number(c) for c in history.loss],
        "accuracy_text": [f"{a:.1%}" for a in history.accuracy],
        "lr_text": [number(r) for r in history.lr],
        "names": names,
        "params_text": [[number(p) for p in s.params] for s in snaps],
        "grads_text": [[number(g) for g in s.grads] for s in snaps],
        "layers": bars,
        "net": _network(names),
        "boundary": None,
        "sample_paths": None,
    }
    if model is not None and X is not None and y is not None and X and len(X[0]) == 2:
        frames = _spread(len(snaps), max_frames)
        data["boundary"] = _boundary(model, X, y, history, frames, grid)
    if model is not None and X is not None and y is not None and loss is not None and X:
        frames = _spread(len(snaps), path_frames)
        data["sample_paths"] = _sample_paths(model, X, y, loss, history, frames, top, sample)
    body = f"""
<div class="explorer training">
<header><h1>{html.escape(title)}</h1>
<div class="train-top">
  <label>epoch <input type="range" data-role="epoch" min="0" max="{len(snaps) - 1}" value="0"
    step="1"></label>
  <span>epoch <b data-epoch>0</b> of {len(snaps) - 1}</span>
  <span>cost C = <b data-cost>{data["cost_text"][0]}</b></span>
  <span>accuracy <b data-accuracy>{data["accuracy_text"][0]}</b></span>
  <span class="hint">← → move the slider</span>
</div></header>
<div class="charts" data-role="charts"></div>
<main>
  <div class="canvas" data-role="net"></div>
  <aside class="panel" data-role="panel"></aside>
</main>
</div>"""
    return TrainingExplorer(page(title, body, data, ["training.js"]), data)
