"""Where each node and edge of a view goes on the page, computed once, before any browser sees it.

The lecture draws a network left to right, inputs first, the cost last. Graphviz's ``dot`` (the
system one or graphviz-pure, see `render`) places boxes sized from their text and routes
the edges; its ``-Tplain`` output gives the coordinates. Without any renderer, a simple layout
by depth (a node one column right of its deepest input) keeps the page working.
"""

from __future__ import annotations

import math
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "ARROW",
    "NORMAL",
    "PRESENT",
    "Box",
    "Layout",
    "Style",
    "layout",
    "midpoint",
    "node_lines",
]

_CHAR = 7.0  # px per character of 13-px text: boxes sized from their text, so no font metrics
LINE = 17.0
PAD = 10.0
ARROW = 9.0
_NUMBER = 7  # room for a number of 7 characters (−0.0409): the live pages change them


@dataclass(frozen=True)
class Style:
    """How large a layout draws its text: px per character, line height and padding of a box,
    the edge labels' px; ``present`` boxes (the projector's) hold the name, the value and the
    gradient as bare numbers (`node_lines`)."""

    char: float = _CHAR
    line: float = LINE
    pad: float = PAD
    label_px: int = 13
    present: bool = False


NORMAL = Style()
# Presentation mode: 25-px text (every text ≥ 24 px on a 1280×720 projector, the lecture's
# network still one screen wide — hence bare numbers, the gradient told apart by its colour).
PRESENT = Style(char=13.6, line=31.0, pad=11.0, label_px=25, present=True)


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


def node_lines(n: dict[str, Any], present: bool = False) -> list[str]:
    """A node box's text, top to bottom: name, "= definition" (clipped), value, grad; for
    presentation the name, the value and the gradient only, as bare numbers."""
    if present:
        return [n["name"], n["value_text"], n["grad_text"]]
    lines = [n["name"]]
    if n["definition"] and n["definition"] != n["name"]:
        lines.append("= " + _clip(n["definition"]))
    lines.append(f"value {n['value_text']}")
    lines.append(f"grad {n['grad_text']}")
    return lines


def _clip(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _size(n: dict[str, Any], style: Style = NORMAL) -> tuple[float, float]:
    lines = node_lines(n, style.present)
    # the name is set in bold, a little larger; a number's line has room for a longer number
    room = [len(t) + max(0, _NUMBER - len(n[k])) for t, k in
            zip(lines[-2:], ("value_text", "grad_text"))]  # fmt: skip
    width = max(len(lines[0]) * 1.15, *(len(t) for t in lines[1:-2]), *room) * style.char
    return max(width + 2 * style.pad, 70.0), len(lines) * style.line + style.pad


def layout(view: dict[str, Any], rankdir: str = "LR", style: Style = NORMAL) -> Layout:
    """Lay the view out once: Graphviz ``dot`` (or graphviz-pure) when found, else layers by
    depth (a node one column right of its deepest input), so the page is always made. The
    ``style`` says how large the text is (`NORMAL`, or `PRESENT` for the projector)."""
    from autograd.show.render import find_renderer

    found = find_renderer()
    if found is not None:
        kind, program = found
        try:
            return _graphviz_layout(view, program, kind, rankdir, style)
        except (OSError, RuntimeError, ValueError, subprocess.SubprocessError):
            pass  # a broken renderer must not break the page: fall back to layers
    return _layered_layout(view, style)


def _graphviz_layout(
    view: dict[str, Any], program: Path, kind: str, rankdir: str, style: Style = NORMAL
) -> Layout:
    lines = [
        "digraph G {",
        f"rankdir={rankdir}; nodesep=0.3; ranksep=0.4;",
        'node [shape=box, fixedsize=true, label=""];',
        # Edge labels as placeholders of the value's length: dot then keeps them clear of nodes
        # and tells us where it put them.
        f"edge [fontsize={style.label_px}, fontname=Helvetica];",
    ]
    for n in view["nodes"]:
        w, h = _size(n, style)
        lines.append(f"{n['id']} [width={w / 72:.3f}, height={h / 72:.3f}];")
    for e in view["edges"]:
        lines.append(f'{e["parent"]} -> {e["child"]} [label="{"0" * len(e["value_text"])}"];')
    lines += _neuron_order(view)
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


def _neuron_order(view: dict[str, Any]) -> list[str]:
    """Neurons of one layer in index order, z⁽ˡ⁾₁ above z⁽ˡ⁾₂ above z⁽ˡ⁾₃, as the lecture draws
    them: each layer's z (and a) nodes in one rank, chained first to last by invisible edges
    (the order within a rank, top to bottom once rankdir=LR turns it)."""
    from autograd.notation.labels import parse_label

    groups: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for n in view["nodes"]:
        parsed = parse_label(n["name"])
        if parsed is not None and parsed[0] in ("z", "a") and len(parsed[2]) == 1:
            groups.setdefault((parsed[0], parsed[1]), []).append((parsed[2][0], n["id"]))
    out = []
    for members in groups.values():
        ids = [nid for _, nid in sorted(members)]
        if len(ids) > 1:
            chain = " -> ".join(ids)
            out.append(f"{{rank=same; {chain} [style=invis];}}")
    return out


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
            spot = midpoint(pts)
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
    tip = (x1 + (x1 - x0) / d * ARROW, y1 + (y1 - y0) / d * ARROW)
    # graphviz-pure may already end on the box; never overshoot into it
    inside = abs(x1 - head.x) <= head.w / 2 + 0.5 and abs(y1 - head.y) <= head.h / 2 + 0.5
    return pts if inside else [*pts, tip, tip, tip]


def _layered_layout(view: dict[str, Any], style: Style = NORMAL) -> Layout:
    """Columns by depth (longest route from a leaf), in topological order, top to bottom."""
    depth: dict[str, int] = {}
    parents: dict[str, list[str]] = {n["id"]: [] for n in view["nodes"]}
    for e in view["edges"]:
        parents[e["child"]].append(e["parent"])
    for n in view["nodes"]:  # topological order: parents first
        depth[n["id"]] = 1 + max((depth[p] for p in parents[n["id"]]), default=-1)
    sizes = {n["id"]: _size(n, style) for n in view["nodes"]}
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
    labels = {k: midpoint(v) for k, v in splines.items()}
    return Layout(width, height, boxes, splines, labels, "layers")


def midpoint(pts: Sequence[tuple[float, float]]) -> tuple[float, float]:
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
