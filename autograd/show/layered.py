"""An MLP's graph drawn as the lecture draws the network: layers as columns, neurons in order.

The lecture's forward propagation slide (and `viz.draw_layers`, demo 4) draws the input layer,
the hidden layers and the output layer side by side, neuron 1 at the top; each weight w⁽ˡ⁾ₖ,ⱼ is
the line from unit j of layer l − 1 to neuron k of layer l. `layered_svg` draws the explorer's
view of a graph built by `nn` that way: each neuron its z⁽ˡ⁾ₖ above its a⁽ˡ⁾ₖ = fˡ(z⁽ˡ⁾ₖ), its bias
b⁽ˡ⁾ₖ over it, the output marked y′, then the cost. Every node and edge of the view keeps its
``data-node`` / ``data-edge`` hook, so the page's clicks, paths and live numbers work here as on
the graph of ops; a weight is its line. A graph not made of such layers gets None.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from autograd.notation.labels import parse_label, sup

__all__ = ["layered_svg"]

_GAP, _TAIL = 62.0, 92.0  # the room for the weights' lines, the narrowest box
_LINE, _PAD, _CHAR = 15.0, 5.0, 6.8
_TOP = 44.0  # the layer titles above


@dataclass
class _Neuron:
    z: str
    a: str | None
    b: str | None


def _layers(view: dict[str, Any]) -> tuple[list[str], list[list[_Neuron]], list[str]] | None:
    """(inputs x₁ …, per layer its neurons in index order, the nodes after the output) — or None
    when the view is not an MLP's graph named as `nn` names it."""
    by_name = {n["name"]: n["id"] for n in view["nodes"]}
    kind = {n["id"]: n["kind"] for n in view["nodes"]}
    parsed = {n["id"]: parse_label(n["name"]) for n in view["nodes"]}
    zs: dict[tuple[int, int], str] = {}
    for nid, p in parsed.items():
        if p is not None and p[0] == "z" and len(p[2]) == 1:
            zs[(p[1], p[2][0])] = nid
    if not zs:
        return None
    depth = max(layer for layer, _ in zs)
    layers: list[list[_Neuron]] = []
    for layer in range(1, depth + 1):
        ks = sorted(k for (l2, k) in zs if l2 == layer)
        if ks != list(range(1, len(ks) + 1)):
            return None
        layers.append([_Neuron(zs[(layer, k)], by_name.get(f"a⁽{sup(layer)}⁾{_sub(k)}"),
                               by_name.get(f"b⁽{sup(layer)}⁾{_sub(k)}")) for k in ks])  # fmt: skip
    inputs = sorted(
        (nid for nid, p in parsed.items() if p is None and _input_index(view, nid) is not None),
        key=lambda nid: _input_index(view, nid) or 0,
    )
    placed = set(inputs)
    for neurons in layers:
        for n in neurons:
            placed.update(x for x in (n.z, n.a, n.b) if x is not None)
    weights = {
        nid for nid, p in parsed.items() if p is not None and p[0] == "w" and kind[nid] != "op"
    }
    tail = [n["id"] for n in view["nodes"] if n["id"] not in placed and n["id"] not in weights]
    if not inputs or any(kind[t] == "param" for t in tail) or len(tail) > 6:
        return None
    return inputs, layers, tail


def _sub(k: int) -> str:
    return str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def _input_index(view: dict[str, Any], nid: str) -> int | None:
    for n in view["nodes"]:
        if n["id"] == nid and n["kind"] == "input" and n["name"].startswith("x"):
            digits = n["name"][1:].translate(str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789"))
            return int(digits) if digits.isdigit() else None
    return None


class _Svg:
    def __init__(self, view: dict[str, Any]) -> None:
        self.nodes = {n["id"]: n for n in view["nodes"]}
        self.out: list[str] = []
        self.anchor: dict[str, tuple[float, float, float, float]] = {}  # id → x, y, w, h

    def box(self, nid: str, x: float, y: float, w: float, lines: int, extra: str = "",
            label: str | None = None) -> None:  # fmt: skip
        """A node's box at (x, y) (top left): its name and value on the first line, its grad on
        the second (``lines`` = 2), or the name and value only (1)."""
        n = self.nodes[nid]
        h = lines * _LINE + _PAD
        esc = html.escape
        name = esc(label or n["name"])
        first = (
            f'<text class="vline" x="{x + 6:.1f}" y="{y + _LINE - 2:.1f}">'
            f'<tspan class="name-span">{name}</tspan> = <tspan class="show-val">'
            f"{esc(n['value_text'])}</tspan></text>"
        )
        second = (
            f'<text class="grad" x="{x + 6:.1f}" y="{y + 2 * _LINE - 2:.1f}">'
            f"grad {esc(n['grad_text'])}</text>"
            if lines > 1
            else ""
        )
        self.out.append(
            f'<g class="node kind-{n["kind"]}{extra}" data-node="{esc(n["name"])}" '
            f'data-id="{nid}" tabindex="0"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
            f'height="{h:.1f}" rx="6"/>{first}{second}</g>'
        )
        self.anchor[nid] = (x, y, w, h)

    def edge(self, eid: str, key: str, x0: float, y0: float, x1: float, y1: float,
             cls: str = "") -> str:  # fmt: skip
        d = f"M{x0:.1f},{y0:.1f} L{x1:.1f},{y1:.1f}"
        return (
            f'<g class="edge{cls}" data-edge="{html.escape(key)}" data-id="{eid}">'
            f'<path class="hit" d="{d}"/><path class="line" d="{d}"/></g>'
        )


def layered_svg(view: dict[str, Any]) -> str | None:
    """The view drawn in layers (see the module), or None when it is not an MLP's graph. The
    tallest layer decides the neurons' size: up to 5 neurons each shows z and a with their
    values and gradients; more, one line each (the gradients in the tooltip and the panel)."""
    found = _layers(view)
    if found is None:
        return None
    inputs, layers, tail = found
    nodes = {n["id"]: n for n in view["nodes"]}
    tallest = max(len(inputs), *(len(ns) for ns in layers))
    lines = 2 if tallest <= 5 else 1
    part = lines * _LINE + _PAD  # one of z, a
    bias = 17.0
    row = 2 * part + 6 + bias + 16 if lines == 2 else part + 8
    s = _Svg(view)

    def width(ids: list[str], prefix: int = 0) -> float:
        # "name = value" with room for a value of 7 characters (it changes live: −0.0123)
        longest = max(len(nodes[i]["name"]) + prefix for i in ids)
        return max(_TAIL - 10, (longest + 3 + 7) * _CHAR + 12)

    widths = [width(inputs)]
    for li, neurons in enumerate(layers, 1):
        ids = [x for n in neurons for x in (n.z, n.a) if x is not None]
        part_w = width(ids, 4 if li == len(layers) else 0)  # the output's "y′ = "
        widths.append(part_w if lines == 2 else 2 * part_w + 44)
    cols = [10.0]
    for w in widths[:-1]:
        cols.append(cols[-1] + w + _GAP)
    height = _TOP + tallest * row + 10
    titles = ["input layer"]
    for li, neurons in enumerate(layers, 1):
        a = nodes[neurons[0].a] if neurons[0].a else None
        f = a["definition"].split("(")[0] if a else ""
        last = li == len(layers)
        titles.append((f"output layer|f{sup(li)} = {f}" if f else f"output layer|y′ = z⁽{sup(li)}⁾")
                      if last else f"hidden layer {li}|f{sup(li)} = {f or 'none'}")  # fmt: skip

    def top(count: int, k: int) -> float:  # row k (from 1) of a column of count
        return _TOP + (tallest - count) * row / 2 + (k - 1) * row

    # inputs, neurons, biases
    for j, xid in enumerate(inputs, 1):
        s.box(xid, cols[0], top(len(inputs), j) + (row - part) / 2, widths[0], lines)
    for li, neurons in enumerate(layers, 1):
        x0, col_w = cols[li], widths[li]
        last = li == len(layers)
        for k, n in enumerate(neurons, 1):
            y = top(len(neurons), k)
            z_name = _y_prime(nodes, n.z, last and n.a is None)
            if lines == 2:
                yz = y + bias + 4
                s.box(n.z, x0, yz, col_w, 2, " neuron-z", z_name)
                if n.a:
                    s.box(n.a, x0, yz + part + 6, col_w, 2, " neuron-a", _y_prime(nodes, n.a, last))
                if n.b:
                    s.box(n.b, x0 + col_w - 64, y, 64, 1, " bias")
            else:
                half = (col_w - 44) / 2
                s.box(n.z, x0 + 40, y, half, 1, " neuron-z", z_name)
                if n.a:
                    s.box(n.a, x0 + 44 + half, y, half, 1, " neuron-a", _y_prime(nodes, n.a, last))
                if n.b:
                    s.box(n.b, x0, y, 36, 1, " bias")
    # the cost and what follows the output, left to right
    tx = cols[-1] + widths[-1] + _GAP
    tail_w = width(tail) if tail else _TAIL
    for i, t in enumerate(tail):
        s.box(t, tx + i * (tail_w + 24), _TOP + (tallest * row - part) / 2, tail_w, lines)
    full_width = tx + len(tail) * (tail_w + 24) + 10
    # edges: a weight is the line a⁽ˡ⁻¹⁾ⱼ → z⁽ˡ⁾ₖ, drawn in the weight's own node
    edges_out: list[str] = []
    weights_out: list[str] = []
    names = {n["id"]: n["name"] for n in view["nodes"]}
    weight_of = {}
    for e in view["edges"]:
        p = parse_label(names[e["parent"]])
        if p is not None and p[0] == "w" and e["parent"] not in s.anchor:
            weight_of[(e["child"], p[2][1] if len(p[2]) == 2 else 0)] = e["parent"]
    unit = {x: j for j, x in enumerate(inputs, 1)}
    for neurons in layers:
        for k, n in enumerate(neurons, 1):
            unit[n.a or n.z] = k
    for e in view["edges"]:
        u, v = e["parent"], e["child"]
        if u not in s.anchor or v not in s.anchor:
            continue  # a weight's own edge w → z: the weight is the line itself
        ux, uy, uw, uh = s.anchor[u]
        vx, vy, vw, vh = s.anchor[v]
        wid = weight_of.get((v, unit.get(u, -1)))
        if wid is not None:  # the line of weight w, carrying the edge aⱼ → zₖ (∂z/∂a = w)
            edge = s.edge(e["id"], e["key"], ux + uw, uy + uh / 2, vx, vy + vh / 2)
            wn = nodes[wid]
            mx, my = (ux + uw + vx) / 2, (uy + uh / 2 + vy + vh / 2) / 2
            weights_out.append(
                f'<g class="node wline kind-param" data-node="{html.escape(wn["name"])}" '
                f'data-id="{wid}" tabindex="0">{edge}<text class="wlabel" x="{mx:.1f}" '
                f'y="{my - 9:.1f}"><tspan x="{mx:.1f}">{html.escape(wn["name"])} =</tspan>'
                f'<tspan class="show-val" x="{mx:.1f}" dy="14">{html.escape(wn["value_text"])}'
                "</tspan></text></g>"
            )
        elif vx >= ux + uw - 1:  # left to right
            edges_out.append(s.edge(e["id"], e["key"], ux + uw, uy + uh / 2, vx, vy + vh / 2))
        else:  # within a neuron: z above a, or the bias above z
            edges_out.append(
                s.edge(e["id"], e["key"], ux + uw / 2, uy + uh, vx + vw / 2, vy, " inner")
            )
    heads = []
    for c, title in enumerate(titles):
        x = cols[c] + widths[c] / 2
        for i, line in enumerate(title.split("|")):
            cls = "layer-title" if i == 0 else "layer-f"
            heads.append(
                f'<text class="{cls}" x="{x:.1f}" y="{16 + 15 * i:.1f}">{html.escape(line)}</text>'
            )
    heads.append(f'<text class="layer-title" x="{tx + tail_w / 2:.1f}" y="16">cost</text>')
    return (
        f'<svg class="layered" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 '
        f'{full_width:.0f} {height:.0f}" style="--natural:{full_width:.0f};width:100%;'
        f'max-width:{1.6 * full_width:.0f}px;'
        'height:auto" role="img">'
        + "".join(heads)
        + '<g class="weights">' + "".join(weights_out) + "</g>"
        + '<g class="edges">' + "".join(edges_out) + "</g>"
        + '<g class="nodes">' + "".join(s.out) + "</g></svg>"
    )  # fmt: skip


def _y_prime(nodes: dict[str, Any], nid: str, output: bool) -> str | None:
    """The network's output shows as y′ = its name, as the forward propagation slide names it."""
    return f"y′ = {nodes[nid]['name']}" if output else None
