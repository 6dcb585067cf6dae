"""One "what to show" layer: explain(), the drawings and the explorer say the same thing.

Each edge's partial is written once (`autograd.show.text.edge_text`, read through
`autograd.show.view`), so the REPL text, the Graphviz source and the page's embedded JSON must hold
the very same string for the same edge — e.g. ``∂z₁/∂W₁ = x = 0.5`` on the lecture network.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

from autograd import Value, explain
from autograd.notation.labels import html_line
from autograd.show.text import product_text
from autograd.show.view import KIND_FILLS, MAX_NODES, PATH_COLORS, GraphView, graph_view
from autograd.show.viz import draw_graph, draw_paths, explore
from autograd.show.weight_paths import path_listing
from tests.autograd.lecture import lecture_network

_DATA = re.compile(r'<script type="application/json" class="explorer-data">(.*?)</script>')


def _page_edges(page_html: str) -> list[dict[str, Any]]:
    """The edges of the view the explorer page embeds as JSON."""
    m = _DATA.search(page_html)
    assert m is not None
    edges = json.loads(m.group(1))["edges"]
    assert isinstance(edges, list)
    return edges


def _normalised_lines(text: str) -> list[str]:
    """explain() pads its columns; the words are the same with single spaces."""
    return [" ".join(line.split()) for line in text.splitlines()]


def test_the_lecture_edge_reads_the_same_in_explain_drawing_and_explorer() -> None:
    n = lecture_network()
    n.C0.backward()
    text = "∂z₁/∂W₁ = x = 0.5"
    assert text in _normalised_lines(explain(n.C0, n.W1))
    assert html_line(text) in draw_paths(n.C0, n.W1).source
    assert html_line(text) in draw_graph(n.C0, collapse=True).source
    edges = _page_edges(explore(n.C0).html)
    assert {"key": "W₁→z₁", "text": text} in [{k: e[k] for k in ("key", "text")} for e in edges]


@pytest.mark.parametrize("name", ["W1", "b1", "W2", "b2"])
def test_every_factor_of_every_path_is_one_string_in_all_three(name: str) -> None:
    n = lecture_network()
    n.C0.backward()
    w = getattr(n, name)
    factors = [f for p in path_listing(n.C0, w).paths for f in p.factors]
    assert len(factors) >= 3  # the lecture's chain: at least w → z → … → C
    explained = _normalised_lines(explain(n.C0, w))
    drawn = draw_paths(n.C0, w).source
    page_texts = {e["text"] for e in _page_edges(explore(n.C0).html)}
    for f in factors:
        assert f in explained, f
        assert html_line(f) in drawn, f
        assert f in page_texts, f
    # and each path's product, written out with its numbers, is the same line in both
    (p,) = path_listing(n.C0, w).paths
    written = product_text(p.values)
    assert "product = " + written in explained
    assert html_line(written) in drawn


def test_paths_and_kinds_look_the_same_in_the_drawing_and_on_the_page() -> None:
    n = lecture_network()
    n.C0.backward()
    page = explore(n.C0).html
    m = _DATA.search(page)
    assert m is not None
    data = json.loads(m.group(1))
    assert data["colors"] == list(PATH_COLORS) and data["fills"] == KIND_FILLS
    # the page paints each node with its kind's fill; the drawing fills it the same
    assert f'style="fill:{KIND_FILLS["param"]}"' in page
    assert f'fillcolor="{KIND_FILLS["param"]}"' in draw_graph(n.C0).source
    assert f'color="{PATH_COLORS[0]}"' in draw_paths(n.C0, n.W1).source


def test_collapsed_drawing_and_explorer_keep_the_same_nodes() -> None:
    x = Value(0.5, label="x")
    k = Value(3.0)  # an unlabelled leaf: kept by both (a student may click it)
    h = x * k + 1.0
    h.label = "h"
    C = (h * h) * 2.0
    C.label = "C"
    shown = {n.name for n in graph_view(C, collapse=True, with_paths=False).nodes}
    assert shown == {"x", "3", "h", "C"}
    source = draw_graph(C, collapse=True).source
    assert source.count("fillcolor=") == len(shown)
    assert all(html_line(f"{name} = ") in source for name in ("x", "3", "h", "C"))


def test_old_import_paths_still_work() -> None:
    # The public module names of the README, now thin names for the folders by concern.
    import autograd.explore
    import autograd.render
    import autograd.strategies
    import autograd.testing
    import autograd.viz
    from autograd.checks import gradcheck, strategies
    from autograd.show import explore, render, viz

    assert autograd.viz.draw_graph is viz.draw_graph
    assert autograd.render.render is render.render
    assert autograd.explore.explore is explore.explore
    assert autograd.testing.gradcheck is gradcheck.gradcheck
    assert autograd.strategies.expressions is strategies.expressions


@pytest.mark.parametrize("collapse", [False, True])
def test_every_edge_of_the_view_is_drawn_with_the_same_text(collapse: bool) -> None:
    n = lecture_network()
    n.C0.backward()
    view = graph_view(n.C0, collapse=collapse, with_paths=False)
    source = draw_graph(n.C0, collapse=collapse).source
    assert len(view.edges) >= 10
    for e in view.edges:
        # a long edge label wraps after its symbol: "∂a₁/∂z₁" over "= σ(z₁)·(1−σ(z₁)) = 0.235"
        symbol, rest = e.text.split(" = ", 1)
        assert html_line(e.text) in source or (
            html_line(symbol) in source and html_line("= " + rest) in source
        ), e.text


def test_the_drawings_take_no_private_keyword_arguments() -> None:
    import inspect

    from autograd.show.viz import draw_step, step_frames

    for drawing in (draw_graph, draw_paths, draw_step, step_frames):
        hidden = [p for p in inspect.signature(drawing).parameters if p.startswith("_")]
        assert hidden == [], (drawing.__name__, hidden)


def test_the_drawings_and_the_explorer_share_one_node_cap() -> None:
    """A graph of 131 nodes, under the one cap: drawn node by node, as the explorer shows it —
    not collapsed (with a warning) by a cap of the drawings' own."""
    import inspect
    import warnings

    from autograd.show import view as view_module
    from autograd.show.weight_paths import paths_view

    x = Value(0.5, label="x")
    v = x
    for _ in range(65):
        v = v * 1.01 + 0.01
    v.label = "C"
    assert 120 < len(graph_view(v, collapse=False, with_paths=False).nodes) <= MAX_NODES
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        source = draw_graph(v).source
    assert source.count("fillcolor=") == 131 and "collapsed" not in source
    for f in (draw_graph, draw_paths, graph_view, paths_view):
        assert inspect.signature(f).parameters["max_nodes"].default == MAX_NODES
    assert view_module.MAX_NODES == MAX_NODES  # one constant, in the view model


def _marked(view: GraphView) -> GraphView:
    """The view with every edge's text and every node's gradient changed: what a renderer
    that reads the view shows instead of what it would compute itself."""
    edges = tuple(dataclasses.replace(e, text=f"{e.text} [view]") for e in view.edges)
    nodes = tuple(dataclasses.replace(n, grad=42.0) for n in view.nodes)
    return dataclasses.replace(view, nodes=nodes, edges=edges)


def test_the_drawings_lay_out_the_view_models_records(monkeypatch: pytest.MonkeyPatch) -> None:
    from autograd.show import viz

    real_graph, real_paths = viz.graph_view, viz.paths_view
    monkeypatch.setattr(viz, "graph_view", lambda *a, **k: _marked(real_graph(*a, **k)))
    monkeypatch.setattr(viz, "paths_view", lambda *a, **k: _marked(real_paths(*a, **k)))
    n = lecture_network()
    n.C0.backward()
    graph = draw_graph(n.C0, collapse=True).source
    assert html_line("∂z₁/∂W₁ = x = 0.5 [view]") in graph and "∂C₀/∂W₁ = 42<" in graph
    paths = draw_paths(n.C0, n.W1).source
    assert html_line("∂z₁/∂W₁ = x = 0.5 [view]") in paths and "∂C₀/∂z₁ = 42<" in paths
    steps = viz.step_frames(lecture_network().C0)
    assert html_line("∂(W₁·x)/∂W₁ = x = 0.5 [view]") in steps[-1][1].source


def test_a_backward_step_is_drawn_on_the_graph_of_every_op() -> None:
    """A step may be at an unlabelled node, which the collapsed view leaves out: drawing one
    collapsed is refused, saying why, instead of a figure where the step is not to be seen."""
    from autograd import backward_steps
    from autograd.show.viz import draw_step

    n = lecture_network()
    steps = backward_steps(n.C0)
    with pytest.raises(ValueError, match=r"every op.*collapse=True"):
        draw_step(steps[1], collapse=True)
    assert "backward step 2 of 14" in repr(draw_step(steps[1]))


def test_a_step_of_another_graph_is_refused() -> None:
    from autograd import backward_steps

    a = Value(1.5, label="a")
    s, t = a * a, a + a
    with pytest.raises(ValueError, match=r"not those of backward\(\) from \(a \+ a\)"):
        draw_graph(t, step=backward_steps(s)[0])
