"""The explorer page without a browser: one self-contained file whose embedded JSON is the view,
whose SVG carries the test hooks, laid out by dot, graphviz-pure or the fallback layers; and
the training record behind the replay page."""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd.show.render
from autograd import Value, chain_paths
from autograd.notation.labels import lecture_label, parse_label
from autograd.show.explore import explore, explore_training
from autograd.show.layout import Layout, layout
from autograd.show.replay import _spread
from autograd.show.text import number
from nn import MLP, SGD, fit, hinge, mse
from nn.datasets import moons
from tests.autograd.lecture import lecture_network


def embedded(page: str) -> dict:
    m = re.search(
        r'<script type="application/json" class="explorer-data">(.*?)</script>', page, re.S
    )
    assert m is not None
    return json.loads(m.group(1))


def test_page_embeds_exactly_the_view_and_hooks_every_node_and_edge(tmp_path: Path) -> None:
    n = lecture_network()
    ex = explore(n.C0)
    data = embedded(ex.html)
    expected = ex.view.to_dict()
    assert data.pop("layout_engine") == ex.layout.engine
    live = data.pop("live")  # how the page recomputes it (tests/autograd/test_live.py)
    assert set(live["nodes"]) == {n.id for n in ex.view.nodes}
    assert data == json.loads(json.dumps(expected))
    # two drawings of the graph: the page's and the projector's (presentation mode)
    nodes = Counter(html.unescape(s) for s in re.findall(r'data-node="([^"]*)"', ex.html))
    assert nodes == Counter(2 * [v.name for v in ex.view.nodes])
    edges = Counter(html.unescape(s) for s in re.findall(r'data-edge="([^"]*)"', ex.html))
    assert edges == Counter(2 * [e["key"] for e in expected["edges"]])
    assert "W₁→z₁" in edges and "a₂→C₀" in edges
    out = ex.save(tmp_path / "sub" / "page.html")
    assert out.read_text(encoding="utf-8") == ex.html


def test_page_is_self_contained_and_requests_nothing() -> None:
    page = explore(lecture_network().C0).html
    assert page.startswith("<!doctype html>")
    for pattern in (r"\ssrc=", r"\shref=", r"<link", r"@import", r"url\(", r"fetch\(", r"XMLHttp"):
        assert re.search(pattern, page) is None, pattern
    # the only URL is the SVG namespace, an identifier nothing fetches
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "default-src 'none'" in page  # and the browser is told to refuse any request


def test_a_label_cannot_break_out_of_the_page() -> None:
    x = Value(2.0, label="</script><script>alert(1)</script>")
    w = Value(3.0, label='w"<b>')
    C = x * w
    C.label = "C"
    page = explore(C).html
    assert page.count("<script") == 2  # the data and our code, nothing from a label
    data = embedded(page)
    assert {n["name"] for n in data["nodes"]} == {"C", x.label, w.label}
    assert f'data-node="{html.escape(str(w.label))}"' in page


def test_notebook_display_is_the_page_in_an_iframe() -> None:
    ex = explore(lecture_network().C0)
    shown = ex._repr_html_()
    m = re.fullmatch(r'<iframe class="chainrule-explorer" srcdoc="([^"]*)" .*</iframe>', shown)
    assert m is not None and html.unescape(m.group(1)) == ex.html


def _no_overlap(lay: Layout) -> None:
    boxes = list(lay.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = abs(a.x - b.x) >= (a.w + b.w) / 2 - 1 or abs(a.y - b.y) >= (a.h + b.h) / 2 - 1
            assert apart, (a, b)


def _check_layout(lay: Layout, data: dict) -> None:
    assert set(lay.boxes) == {n["id"] for n in data["nodes"]}
    assert set(lay.splines) == {e["id"] for e in data["edges"]}
    _no_overlap(lay)
    for e in data["edges"]:
        tail, head = lay.boxes[e["parent"]], lay.boxes[e["child"]]
        (x0, _), (x1, _) = lay.splines[e["id"]][0], lay.splines[e["id"]][-1]
        assert x0 <= x1 and tail.x < head.x  # left to right, as the lecture draws it
        for x, y in lay.splines[e["id"]]:
            assert -1 <= x <= lay.width + 1 and -1 <= y <= lay.height + 1


@pytest.mark.parametrize("which", ["graphviz-pure", "dot", "none"])
def test_layout_by_each_renderer_or_none(which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if which == "dot":
        # Optional system tool: a student's machine usually has none (`make test-browser`
        # requires it and renders every demo figure with it).
        if autograd.show.render.shutil.which("dot") is None:
            pytest.skip("no system Graphviz `dot` on PATH (optional; apt-get install graphviz)")
    else:
        monkeypatch.setenv("PATH", os.pathsep.join(
            p for p in os.environ["PATH"].split(os.pathsep) if not Path(p, "dot").exists()
        ))  # fmt: skip
    if which == "none":
        monkeypatch.setattr(autograd.show.render, "find_renderer", lambda: None)
    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)
    C = mse([model([0.6, -0.4])], [1.0])
    ex = explore(C, params=model.parameters())
    assert ex.layout.engine == {"none": "layers"}.get(which, which)
    _check_layout(ex.layout, embedded(ex.html))
    # the neurons of a layer in the lecture's order, top to bottom (they came out z₁, z₃, z₂)
    for symbol, layer, count in (("z", 1, 3), ("a", 1, 3), ("z", 2, 2)):
        ys = [ex.layout.boxes[ex.view.node(lecture_label(symbol, layer, k)).id].y
              for k in range(1, count + 1)]  # fmt: skip
        assert ys == sorted(ys), (symbol, layer, ys)


def test_layout_survives_a_broken_renderer(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(autograd.show.render, "find_renderer", lambda: ("dot", fake))
    data = explore(lecture_network().C0).view.to_dict()
    assert layout(data).engine == "layers"


# --- training record and replay -------------------------------------------------------------


def test_fit_records_each_epochs_parameters_and_gradients() -> None:
    X, y = moons(n=20, noise=0.1, seed=3, labels="pm1")
    model = MLP(2, [4, 1], seed=2)
    first = [p.data for p in model.parameters()]
    history = fit(model, X, y, epochs=4, lr=0.05, progress=False, record=True)
    names = [name for name, _ in model.named_parameters()]
    assert history.names == names and len(history.snapshots) == 4
    assert list(history.snapshots[0].params) == first
    for k in range(3):  # full batch, plain SGD: the next epoch starts at W − η·∂C/∂W
        now, nxt = history.snapshots[k], history.snapshots[k + 1]
        for w, g, w_next in zip(now.params, now.grads, nxt.params):
            assert w_next == pytest.approx(w - 0.05 * g, abs=1e-15)
    assert fit(model, X, y, epochs=2, progress=False).snapshots == []


def test_training_page_holds_the_recorded_run() -> None:
    X, y = moons(n=16, noise=0.1, seed=3, labels="pm1")
    model = MLP(2, [4, 3, 1], seed=2)
    opt = SGD(model.parameters(), lr=0.5)
    history = fit(model, X, y, epochs=6, optimizer=opt, progress=False, record=True)
    before = [p.data for p in model.parameters()]
    grads = [p.grad for p in model.parameters()]
    page = explore_training(history, model, X, y, loss=hinge, grid=6, max_frames=4, path_frames=3)
    assert [p.data for p in model.parameters()] == before  # replay leaves the model trained
    assert [p.grad for p in model.parameters()] == grads
    data = embedded(page.html)
    assert data["cost"] == history.loss
    assert data["cost_text"] == [number(c) for c in history.loss]
    assert [float(t) for t in data["cost_text"]] == pytest.approx(history.loss, rel=5e-3)
    assert len(data["params_text"]) == 6 and data["names"] == history.names
    assert [len(layer["values"]) for layer in data["layers"]] == [6, 6, 6]
    w = data["net"]["weights"]
    assert len(w) == 2 * 4 + 4 * 3 + 3 * 1
    b = data["boundary"]
    assert b["frames"] == [0, 2, 4, 5] and len(b["values"][0]) == 36
    sp = data["sample_paths"]
    assert sp["frames"] == [0, 3, 5]
    for f, listing in zip(sp["frames"], sp["listings"]):
        fresh = MLP(2, [4, 3, 1], seed=2)  # the same network, set to that epoch's parameters
        for p, d in zip(fresh.parameters(), history.snapshots[f].params):
            p.data = d
        C1 = hinge([fresh(X[0])], [float(y[0])]).parents[0]  # C₀, the first sample's cost
        C1.backward()
        for p, row in zip(fresh.parameters(), listing["rows"]):
            paths = chain_paths(C1, p, collapse=True)
            assert row["count"] == len(paths)
            assert row["total"] == pytest.approx(sum(q.product for q in paths), abs=1e-12)
            assert row["grad_text"] == number(p.grad)
            listed = [listing["texts"][q["nodes"]] for q in row["paths"]]
            best = chain_paths(C1, p, collapse=True, limit=3)
            assert listed == [" → ".join(str(v.label) for v in q.nodes) for q in best]
    assert "data-cost" in page.html and 'type="range"' in page.html
    with pytest.raises(ValueError, match="record=True"):
        explore_training(fit(model, X, y, epochs=1, progress=False))


@given(st.integers(1, 120), st.integers(1, 120), st.integers(1, 120), st.sampled_from("wbza"))
def test_parse_label_inverts_lecture_label(layer: int, k: int, j: int, symbol: str) -> None:
    assert parse_label(lecture_label(symbol, layer, k, j)) == (symbol, layer, (k, j))
    assert parse_label(lecture_label(symbol, layer, k)) == (symbol, layer, (k,))
    assert parse_label("x₁") is None and parse_label("W₁") is None


@given(st.integers(1, 500), st.integers(1, 60))
def test_spread_picks_at_most_k_epochs_first_and_last(n: int, k: int) -> None:
    picked = _spread(n, k)
    assert picked == sorted(set(picked)) and picked[-1] == n - 1 and len(picked) <= max(k, 1)
    assert k == 1 or picked[0] == 0


def test_infinite_values_and_a_lone_leaf_still_make_a_valid_page() -> None:
    big = Value(1e308, label="w")
    C = big * Value(10.0, label="x")  # overflows to inf
    C.label = "C"
    page = explore(C).html
    m = re.search(r'class="explorer-data">(.*?)</script>', page, re.S)
    assert m is not None

    def strict(token: str) -> None:
        raise AssertionError(f"{token} is not JSON: the browser's JSON.parse would fail")

    data = json.loads(m.group(1), parse_constant=strict)
    (node,) = [n for n in data["nodes"] if n["name"] == "C"]
    assert node["value"] is None and node["value_text"] == "∞"
    lone = Value(3.0, label="C")
    data = embedded(explore(lone).html)
    assert [n["name"] for n in data["nodes"]] == ["C"] and data["edges"] == []
    assert [s["upstream"] for s in data["steps"]] == [1.0]


def test_explore_is_reachable_beside_the_drawings() -> None:
    """The issue's spelling, autograd.show.viz.explore, is the same function."""
    import autograd.show.explore
    import autograd.show.viz

    assert autograd.show.viz.explore is autograd.show.explore.explore
    assert autograd.show.viz.explore_training is autograd.show.explore.explore_training
