"""The explorer's layered view of an MLP (autograd.show.layered): the lecture's columns, each
neuron's z over its a, every node and edge of the view hooked once, a weight drawn as its line;
a graph that is not an MLP named by `nn` gets no layered view."""

from __future__ import annotations

import html
import re
from collections import Counter

from autograd import Value
from autograd.show.layered import layered_svg
from autograd.show.view import graph_view
from nn import MLP, mse
from nn.lecture import lecture_network


def _view(model: MLP) -> dict:  # type: ignore[type-arg]
    C = mse([model([0.6, -0.4])], [1.0])
    C.label = "C"
    return graph_view(C, params=model.parameters()).to_dict()


def _hooks(svg: str, attr: str) -> Counter[str]:
    return Counter(html.unescape(s) for s in re.findall(rf'{attr}="([^"]*)"', svg))


def test_every_node_once_every_drawn_edge_once() -> None:
    view = _view(MLP(2, [3, 2, 1], activation="tanh", seed=3))
    svg = layered_svg(view)
    assert svg is not None
    assert _hooks(svg, "data-node") == Counter(n["name"] for n in view["nodes"])
    names = {n["id"]: n["name"] for n in view["nodes"]}
    weights = {n["id"] for n in view["nodes"] if n["name"].startswith("w")}
    drawn = Counter(e["key"] for e in view["edges"] if e["parent"] not in weights)
    assert _hooks(svg, "data-edge") == drawn  # w → z is the weight's own line
    # the weight w⁽²⁾₁,₃ is the line that carries a⁽¹⁾₃ → z⁽²⁾₁
    line = re.search(r'data-node="w⁽²⁾₁,₃"[^>]*>(.*?)</g>', svg)
    assert line is not None and 'data-edge="a⁽¹⁾₃→z⁽²⁾₁"' in line.group(1)
    assert "y′ = z⁽³⁾₁" in svg and "f¹ = tanh" in svg
    assert names  # (the ids are the view's)


def test_a_wide_layer_has_one_line_neurons() -> None:
    narrow = layered_svg(_view(MLP(2, [3, 1], seed=1)))
    wide = layered_svg(_view(MLP(2, [16, 1], seed=1)))
    assert narrow is not None and wide is not None
    assert 'class="grad"' in narrow.split('data-node="z⁽¹⁾₁"')[1].split("</g>")[0]
    assert 'class="grad"' not in wide.split('data-node="z⁽¹⁾₁"')[1].split("</g>")[0]
    ys = [float(re.search(rf'data-node="z⁽¹⁾{k}".*?y="([\d.]+)"', wide).group(1))  # type: ignore[union-attr]
          for k in ("₁", "₂", "₁₅", "₁₆")]  # fmt: skip
    assert ys == sorted(ys) and ys[-1] - ys[0] < 720  # all sixteen fit a slide's height


def test_no_layers_for_a_graph_that_is_not_an_mlp() -> None:
    assert layered_svg(graph_view(lecture_network().C0).to_dict()) is None
    a, b = Value(1.0, label="a"), Value(2.0, label="b")
    C = a * b
    C.label = "C"
    assert layered_svg(graph_view(C).to_dict()) is None
