"""Drawings, rendered for real (with a `dot` on PATH and with the graphviz-pure fallback) and
checked by what the SVG says."""

from __future__ import annotations

import html
import math
import os
import re
import shutil
import stat
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograd import Value, backward_steps
from autograd.notation.labels import MAX_LABEL
from autograd.show import render as render_mod
from autograd.show.draw import ADVANCED_TEXT_PX, GREY, STEP
from autograd.show.render import RendererNotFound, find_renderer, render
from autograd.show.text import number
from autograd.show.view import MAX_NODES
from autograd.show.viz import draw_graph, draw_paths, draw_step
from nn import MLP, hinge
from tests.autograd.lecture import lecture_network

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<b>"x" & {y}|\nnext line'


def _pure_binary() -> Path:
    for d in render_mod._scripts_dirs():
        if (d / "graphviz-pure").exists():
            return d / "graphviz-pure"
    found = shutil.which("graphviz-pure")
    assert found, "the viz extra (graphviz-pure) must be installed for the tests"
    return Path(found)


@pytest.fixture(params=["dot-on-path", "graphviz-pure-fallback"])
def renderer(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Either a `dot` on PATH (a logging shim in front of the system dot when there is one,
    else in front of graphviz-pure), or a PATH with no dot at all."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    if request.param == "dot-on-path":
        target = shutil.which("dot") or str(_pure_binary())
        log = tmp_path / "dot.log"
        shim = bindir / "dot"
        shim.write_text(f'#!/bin/sh\necho called >> "{log}"\nexec "{target}" "$@"\n')
        shim.chmod(shim.stat().st_mode | stat.S_IEXEC)
        monkeypatch.setenv("PATH", str(bindir))
        yield "dot"
        assert log.exists(), "the dot on PATH was not used"
    else:
        monkeypatch.setenv("PATH", str(bindir))
        found = find_renderer()
        assert found is not None and found[0] == "graphviz-pure"
        yield "graphviz-pure"


def _groups(svg: str, cls: str) -> list[str]:
    """The text of each <g class=cls> (a node or an edge), its pieces joined, lines split by |."""
    root = ET.fromstring(svg)
    out = []
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == cls:
            out.append("".join(t.text or "" for t in g.iter(f"{SVG}text")))
    return out


def _runs(svg: str, node: str) -> list[str]:
    """The text runs of the node called ``node`` (its title), in order, empty ones left out."""
    root = ET.fromstring(svg)
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node" and (g.findtext(f"{SVG}title") or "") == node:
            return [t.text for t in g.iter(f"{SVG}text") if t.text and t.text.strip()]
    raise KeyError(node)


def _colours(svg: str, node: str) -> dict[str, str]:
    """Each text run of node ``node`` → its colour."""
    root = ET.fromstring(svg)
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node" and (g.findtext(f"{SVG}title") or "") == node:
            return {t.text or "": t.get("fill") or "" for t in g.iter(f"{SVG}text")}
    raise KeyError(node)


def test_a_sum_that_differs_from_backward_says_so(renderer: str) -> None:
    n = lecture_network()
    n.C0.backward()
    n.W1.grad = 0.5  # as if changed after backward(): the figure must not hide it
    legend = " ".join(_runs(_svg(draw_paths(n.C0, n.W1)), "legend"))
    assert "≠ W₁.grad = 0.5 from backward() (DIFFERS)" in legend


def test_each_factor_of_the_product_has_its_edges_colour(renderer: str) -> None:
    """3Blue1Brown's colour link: 0.238 in the product is written in the colour of the edge
    ∂a₂/∂z₂ = … = 0.238, and so for each of the five factors, each colour a different one."""
    n = lecture_network()
    n.C0.backward()
    svg = _svg(draw_paths(n.C0, n.W1))
    colours = _colours(svg, "legend")
    root = ET.fromstring(svg)
    edge_colour = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "edge":
            label = "".join(t.text or "" for t in g.iter(f"{SVG}text"))
            stroke = next(p.get("stroke") for p in g.iter(f"{SVG}path"))
            edge_colour[label.rsplit(" = ", 1)[1]] = stroke
            symbol = label.split(" = ", 1)[0]
            assert colours[symbol] == stroke, symbol  # the symbol too, in the legend's first row
    factors = ["0.5", "0.235", "(−1.2)", "0.238", "(−1.22)"]
    assert [colours[f] for f in factors] == [edge_colour[f.strip("()")] for f in factors]
    assert len(set(edge_colour.values())) == 5 and "#222222" not in edge_colour.values()
    # "=" a cell of its own, spaced as "×" is (a run "∂C₀/∂W₁ =" lost its space: "=∂z₁/∂W₁")
    assert _runs(svg, "legend")[:3] == ["∂C₀/∂W₁", "=", "∂z₁/∂W₁"]


def test_a_factor_keeps_its_colour_from_one_weights_figure_to_the_next(renderer: str) -> None:
    """05_chain_rule_W1, _W2 and _b2 share the factors ∂a₂/∂z₂ and ∂C₀/∂a₂: each is drawn in
    one colour in all three (∂a₂/∂z₂ was orange for W₂ and b₂ but purple for W₁)."""
    n = lecture_network()
    n.C0.backward()
    seen: dict[str, set[str]] = {}
    for w in (n.W1, n.W2, n.b2):
        for g in ET.fromstring(_svg(draw_paths(n.C0, w))).iter(f"{SVG}g"):
            if g.get("class") == "edge":
                symbol = "".join(t.text or "" for t in g.iter(f"{SVG}text")).split(" = ")[0]
                stroke = next(p.get("stroke") for p in g.iter(f"{SVG}path"))
                seen.setdefault(symbol, set()).add(stroke or "")
    assert len(seen["∂a₂/∂z₂"]) == 1 and len(seen["∂C₀/∂a₂"]) == 1, seen
    assert all(len(colours) == 1 for colours in seen.values()), seen


def _svg(graph: object) -> str:
    return graph.pipe(format="svg").decode("utf-8")  # type: ignore[attr-defined,no-any-return]


def test_draw_paths_lecture_network(renderer: str) -> None:
    n = lecture_network()
    n.C0.backward()
    svg = _svg(draw_paths(n.C0, n.W1))
    nodes = " ".join(_groups(svg, "node"))
    edges = " ".join(_groups(svg, "edge"))
    for partial in (
        "∂z₁/∂W₁ = x = 0.5",
        "∂a₁/∂z₁ = σ(z₁)·(1−σ(z₁)) = 0.235",
        "∂z₂/∂a₁ = W₂ = −1.2",
    ):
        assert partial in edges
    assert "∂C₀/∂a₂ = 2·(a₂ − y) = −1.22" in edges
    legend = " ".join(_runs(svg, "legend"))  # one text run per symbol, per factor
    assert "= 0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409" in legend  # the product
    # the symbols multiplied by the numbers' ×: a "·" there sat on the baseline like a full
    # stop with graphviz-pure ("∂z₁/∂W₁ . ∂a₁/∂z₁"), and was a speck with dot
    assert "∂C₀/∂W₁ = ∂z₁/∂W₁ × ∂a₁/∂z₁ × ∂z₂/∂a₁ × ∂a₂/∂z₂ × ∂C₀/∂a₂" in legend
    assert "∂C₀/∂z₁ = 0.0818" in nodes and "W₁ = 0.8" in nodes  # gradients named as on the slide
    assert "DIFFERS" not in legend and "∂C₀/∂W₁ = 0.0409" in nodes  # W₁'s box: backward()'s
    given = " ".join(_runs(svg, "given"))  # the numbers the figure is computed from
    assert given == "given: x = 0.5, y = 1 W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3"
    assert "baseline-shift" not in svg and "<tspan" not in svg  # one plain text run per line


def test_draw_graph_edges_carry_local_derivatives(renderer: str) -> None:
    n = lecture_network()
    n.C0.backward()
    svg = _svg(draw_graph(n.C0))
    labels = sorted(float(t.rsplit(" = ", 1)[1].replace("−", "-")) for t in _groups(svg, "edge"))
    expected = sorted(
        float(f"{d:.3g}")
        for v in [n.z1, n.z2, n.a1, n.a2, n.C0]
        + [p for p in (n.z1.parents + n.z2.parents + n.C0.parents) if p.parents]
        for d in v.local_derivatives()
    )
    assert labels == pytest.approx(expected, rel=1e-3)
    nodes = " ".join(_groups(svg, "node"))
    assert "a₁ = σ(z₁) = 0.622" in nodes and "∂C₀/∂a₁ = 0.348" in nodes


def _width_pt(svg: str) -> float:
    return float(ET.fromstring(svg).get("width", "0").removesuffix("pt"))


def test_draw_graph_turns_a_deep_chain_top_to_bottom(renderer: str) -> None:
    # The lecture's network is 9 ranks deep and 2 wide: left to right, 16:9 was reached only
    # on a canvas ~5× too wide for its text to be read on a slide. "auto" draws it top to
    # bottom, and keeps a neuron (7 inputs into one node: wide, shallow) left to right.
    from autograd import weighted_sum

    n = lecture_network()
    n.C0.backward()
    auto, lr = draw_graph(n.C0), draw_graph(n.C0, rankdir="LR")
    assert "rankdir=TB" in auto.source and "rankdir=LR" in lr.source
    assert _width_pt(_svg(auto)) < 0.5 * _width_pt(_svg(lr))
    ws = [Value(0.1 * k, label=f"w{k}") for k in range(1, 4)]
    xs = [Value(1.0, label=f"a{k}") for k in range(1, 4)]
    a = weighted_sum(ws, xs, Value(0.1, label="b")).sigmoid()
    assert "rankdir=LR" in draw_graph(a).source
    assert "rankdir=TB" in draw_graph(a, rankdir="TB").source  # an explicit choice stands


def test_draw_paths_with_its_arguments_swapped_says_so() -> None:
    n = lecture_network()
    with pytest.raises(ValueError, match=r"did you mean draw_paths\(C₀, W₁\)\?"):
        draw_paths(n.W1, n.C0)  # the weight first, as in "from W₁ to C₀"
    with pytest.raises(ValueError, match=r"C₀ does not depend on q: there is no path$"):
        draw_paths(n.C0, Value(1.0, label="q"))  # unrelated: no hint


def test_render_writes_file_and_source(renderer: str, tmp_path: Path) -> None:
    n = lecture_network()
    out = render(draw_paths(n.C0, n.W2), tmp_path / "figs" / "w2.svg")
    assert out.exists() and "<svg" in out.read_text(encoding="utf-8")
    assert (tmp_path / "figs" / "w2.svg.gv").read_text(encoding="utf-8").startswith("digraph")
    png = render(draw_paths(n.C0, n.W2), tmp_path / "w2.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_small_drawing_as_png_fills_a_full_hd_slide_unscaled(
    renderer: str, tmp_path: Path
) -> None:
    # The neuron alone was 752×432 px at 200 dpi, soft when it filled a slide.
    import struct

    n = lecture_network()
    png = render(draw_graph(n.z1), tmp_path / "neuron.png").read_bytes()
    width, height = struct.unpack(">II", png[16:24])
    assert width >= 1920 or height >= 1080, (width, height)
    assert width < 1920 * 1.1 and height < 1080 * 1.1  # and no bigger than that needs


def test_hostile_labels_show_as_text(renderer: str) -> None:
    n = lecture_network()
    n.x.label = HOSTILE
    n.C0.label = "C & <C>"
    n.b1.label = "\\N \\G \\l \\ b"
    n.C0.backward()
    for graph in (draw_graph(n.C0), draw_paths(n.C0, n.b1)):
        svg = _svg(graph)
        nodes = _groups(svg, "node")
        assert any("C & <C>" in t for t in nodes)
        assert any("\\N \\G \\l \\ b" in t for t in nodes), nodes  # escapes drawn literally
    svg = _svg(draw_graph(n.C0))
    assert any('<b>"x" & {y}|' in t and "next line" in t for t in _groups(svg, "node"))
    paths_svg = _svg(draw_paths(n.C0, n.W1))
    assert '<b>"x" & {y}|' in " ".join(_groups(paths_svg, "edge"))  # ∂z₁/∂W₁ = x


def test_labels_are_cleaned_and_cut() -> None:
    from autograd.notation.labels import clean, html_line

    assert clean("a\ufffeb\uffffc") == "a\ufffdb\ufffdc"
    assert clean("x\ud800y") == "x\ufffdy"  # a lone surrogate
    assert clean("ok ✓") == "ok (ok)"  # a glyph the figure font lacks
    # a figure's text is wrapped, not cut: the names in it were cut where they are made
    assert clean("w" * 1000) == "w" * 1000
    assert clean("w" * 1000, limit=MAX_LABEL) == "w" * (MAX_LABEL - 1) + "…"
    assert html_line("\\N <b>") == "\\\\N &lt;b&gt;"
    with pytest.raises(ValueError):
        html_line("two\nlines")


def test_draw_step_shows_the_accumulation(renderer: str) -> None:
    a = Value(3.0, label="a")
    s = a * a
    s.label = "s"
    first = backward_steps(s)[0]
    svg = _svg(draw_step(first))
    nodes = " ".join(_groups(svg, "node"))
    assert "now: passes ∂s/∂s = 1 to its" in nodes  # (wrapped before "parents")
    assert "edge 1: ∂s/∂a = 3 × 1 = 3" in nodes and "edge 2: ∂s/∂a = 3 + 3 × 1 = 6" in nodes
    assert "final" in nodes  # a is a leaf: final in the step of its last consumer


def test_step_frames_keep_one_layout(renderer: str) -> None:
    from autograd.show.viz import step_frames

    n = lecture_network()
    frames = step_frames(n.C0)
    assert frames[0][0].startswith("step 0: the seed, ∂C₀/∂C₀ = 1")
    assert "at a₂" in " ".join(c for c, _ in frames)
    boxes = set()
    for _, graph in frames:
        root = ET.fromstring(_svg(graph))
        boxes.add(
            tuple(
                p.get("points")
                for g in root.iter(f"{SVG}g")
                if g.get("class") == "node"
                for p in g.iter(f"{SVG}polygon")
            )
        )
    assert len(boxes) == 1  # every node in the same place in every frame
    assert n.W1.grad == pytest.approx(0.04092169096516625)


def test_step_captions_break_between_clauses_never_inside_one() -> None:
    """A step's caption wraps onto two or three lines, each clause whole: "x is data: not
    updated" was split after "x is data:" (or after "x"), a title that read like an artifact."""
    from autograd.show.viz import step_frames

    n = lecture_network()
    for caption, graph in step_frames(n.C0):
        label = graph.source.split("caption [label=", 1)[1].split("shape=", 1)[0]
        rows = [html.unescape(r) for r in re.findall(r"<b>(.*?)</b>", label)]
        assert " ".join(rows) == caption  # all of it, broken only at spaces
        for clause in re.split(r"; |, (?=times )", caption)[1:]:
            assert any(clause in row for row in rows), (clause, rows)
    assert rows[-1] == "x is data: not updated"


def test_step_frames_say_not_reached_instead_of_a_zero_gradient() -> None:
    """Before backward reaches a node, its frame says so; it never shows ∂C₀/∂W₁ = 0, which a
    student would read as a real zero gradient. Once reached, the number appears."""
    from autograd.show.viz import step_frames

    n = lecture_network()
    frames = step_frames(n.C0)
    sources = [graph.source for _, graph in frames]
    assert "∂C₀/∂C₀ = 1" in sources[0] and "∂C₀/∂a₂: not reached yet" in sources[0]
    # a later frame too (which nodes a part shows depends on the renderer's text widths:
    # ∂C₀/∂z₁ with dot, ∂C₀/∂W₁ with graphviz-pure, whose parts are smaller)
    assert any(re.search(r"∂C₀/∂(W₁|b₁|z₁|a₁): not reached yet", src) for src in sources[1:-1])
    assert all(re.search(r"∂C₀/∂(W₁|b₁|z₁|a₁) = 0<", src) is None for src in sources)
    assert "not reached yet" not in sources[-1]
    assert "∂C₀/∂W₁ = 0.5 × 0.0818 = 0.0409" in sources[-1]


def test_mlp_weight_paths(renderer: str) -> None:
    model = MLP(2, [16, 16, 1], seed=4)
    out = model([0.5, -0.3])
    assert isinstance(out, Value)
    C = hinge([out], [-1])
    C.backward()
    w = model.layers[0].neurons[2].w[1]
    svg = _svg(draw_paths(C, w))
    nodes = " ".join(_groups(svg, "node"))
    assert "path 12:" in nodes and "and 4 more paths" in nodes and "DIFFERS" not in nodes
    # path 1 is the leftmost: numbered in the drawing's order, not by the size of its product
    root = ET.fromstring(svg)
    x_of = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node" and _text(g).startswith("z⁽²⁾"):
            k = re.match(r"z⁽²⁾([₀-₉]+)", _text(g)).group(1)  # type: ignore[union-attr]
            x_of[k] = float(next(g.iter(f"{SVG}text")).get("x", "0"))
    legend = _colours(svg, "legend")
    edge_of = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "edge" and _text(g).startswith("∂z⁽²⁾"):
            label = _text(g)
            k = re.match(r"∂z⁽²⁾([₀-₉]+)", label).group(1)  # type: ignore[union-attr]
            edge_of[k] = next(p.get("stroke") for p in g.iter(f"{SVG}path"))
    order = sorted(edge_of, key=x_of.__getitem__)  # the drawn neurons k, left to right
    assert [edge_of[k] for k in order] == [legend[f"path {i}:"] for i in range(1, 13)]


def test_big_graph_is_refused_with_a_clear_message() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    out = model([0.5, -0.3])
    assert isinstance(out, Value)
    with pytest.raises(ValueError, match=rf"nodes.*more than max_nodes={MAX_NODES}.*draw_paths"):
        draw_graph(out)


def test_big_unlabelled_graph_collapses_automatically() -> None:
    x = Value(0.5, label="x")
    v = x
    for i in range(300):
        v = v * 1.001 + 0.001
        if i % 100 == 99:
            v.label = f"h{i // 100}"
    with pytest.warns(UserWarning, match=r"601 nodes collapsed to 4 \(the labelled ones"):
        graph = draw_graph(v)
    assert graph.source.count("fillcolor=") == 4  # x, h0, h1, h2 (the root)
    assert "collapsed to 4" in graph.source  # said in the figure too


def test_no_renderer_error_keeps_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr(render_mod, "_scripts_dirs", lambda: [empty])
    n = lecture_network()
    with pytest.raises(RendererNotFound, match=r"(?s)pip install .*\[viz\].*w1\.svg\.gv"):
        render(draw_paths(n.C0, n.W1), tmp_path / "w1.svg")
    assert (tmp_path / "w1.svg.gv").read_text(encoding="utf-8").startswith("digraph")


def test_a_chain_collapsed_to_two_nodes_says_so() -> None:
    x = Value(0.5, label="x")
    v = x
    for _ in range(200):
        v = v * 1.001
    with pytest.warns(
        UserWarning, match=r"201 nodes collapsed to 2 \(the labelled ones, the leaves and the"
    ):
        graph = draw_graph(v)
    assert graph.source.count("fillcolor=") == 2 and "nodes to see more" in graph.source


def test_import_autograd_does_not_import_graphviz() -> None:
    import subprocess
    import sys

    code = "import autograd, nn, sys; print('graphviz' in sys.modules, 'tqdm' in sys.modules)"
    env = dict(os.environ)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip() == "False False"


def test_a_leaf_is_final_in_its_consumers_step_and_data_is_greyed(renderer: str) -> None:
    """No frame for a leaf alone: W₁ is final in z₁'s step, where its last += is made, and
    ∂C₀/∂x beside it is grey, "data: not updated" (gradient descent changes W and b only)."""
    n = lecture_network()
    steps = backward_steps(n.C0)
    at_z1 = next(s for s in steps if s.node is n.z1)
    assert all(s.node.parents for s in steps) and set(at_z1.finalised) == {n.W1, n.b1, n.x}
    root = ET.fromstring(_svg(draw_step(at_z1)))
    texts: dict[str, list[tuple[str, str | None]]] = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            runs = [(t.text or "", t.get("fill")) for t in g.iter(f"{SVG}text")]
            texts[runs[0][0].split(" =")[0]] = runs
    assert ("final", STEP) in texts["W₁"] and ("final", STEP) in texts["b₁"]
    assert ("data: not updated", GREY) in texts["x"]
    assert any(t.startswith("∂C₀/∂x = 0.8 × 0.0818") and c == GREY for t, c in texts["x"])
    assert ("data: not updated", GREY) in texts["y"]  # data, greyed in every later step too


def test_a_broken_dot_is_skipped_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `dot` that cannot draw SVG (as some minimal builds answer) must not break drawing."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    broken = bindir / "dot"
    broken.write_text("#!/bin/sh\necho 'Format: \"svg\" not recognized. Use one of:' >&2\nexit 1\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(bindir))
    with pytest.warns(RuntimeWarning, match=r"ignoring .*dot: .*Format: \"svg\" not recognized"):
        found = find_renderer()
    assert found is not None and found[0] == "graphviz-pure"
    n = lecture_network()
    out = render(draw_paths(n.C0, n.W1), tmp_path / "w1.svg")
    assert "(graphviz-pure)" in out.read_text(encoding="utf-8")


def test_renderer_noise_is_captured_and_failures_raise(
    capfd: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # graphviz-pure: it warns about non-ASCII widths
    n = lecture_network()
    graph = draw_paths(n.C0, n.W1)
    assert "<svg" in _svg(graph)
    graph._repr_mimebundle_()  # what Jupyter calls to show it inline
    render(graph, tmp_path / "w1.png")
    captured = capfd.readouterr()
    assert "Warning" not in captured.err and "Warning" not in captured.out
    bad = draw_paths(n.C0, n.W1)
    bad.body.append("this is not DOT {{{")
    with pytest.raises(render_mod.RendererFailed, match="syntax error"):
        render(bad, tmp_path / "bad.svg")


def test_missing_graphviz_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "graphviz", None)  # as if the viz extra were missing
    render_mod._drawing_class.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"(?s)'viz' extra.*pip install -e '\.\[viz\]'"):
            draw_graph(Value(1.0, label="x"))
    finally:
        render_mod._drawing_class.cache_clear()


def test_renderer_not_found_says_what_to_run() -> None:
    # Both forms: `pip install 'chainrule-autograd[viz]'` works wherever the project is
    # installed (pip keeps it and adds the extra's packages; no index need hold the project),
    # `pip install -e '.[viz]'` in a checkout. tests/autograd/test_extras.py runs the first.
    assert "pip install 'chainrule-autograd[viz]'" in render_mod.INSTALL_HINT
    assert "pip install -e '.[viz]'" in render_mod.INSTALL_HINT
    assert "make demo" in render_mod.INSTALL_HINT


def test_too_big_message_is_a_sentence() -> None:
    model = MLP(2, [16, 16, 1], seed=0)
    out = model([0.5, -0.3])
    assert isinstance(out, Value)
    with pytest.raises(ValueError) as info:
        draw_graph(out)
    message = str(info.value)
    assert message[0].isupper() and message.endswith(".")
    assert "draw_paths(C, w)" in message


def _node_groups(svg: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "node"]


def _text(g: ET.Element) -> str:
    return "".join(t.text or "" for t in g.iter(f"{SVG}text"))


def test_draw_layers_is_the_classic_forward_picture(renderer: str) -> None:
    from autograd.show.viz import draw_layers

    model = MLP(2, [3, 2, 1], activation="tanh", seed=7)
    layers = model.activations([0.5, -1.0])
    weights = [[n.w for n in layer.neurons] for layer in model.layers]
    svg = _svg(draw_layers(layers, weights))
    clusters = " ".join(_groups(svg, "cluster"))
    for name in ("input layer", "hidden layer 1", "hidden layer 2", "output layer"):
        assert name in clusters
    assert "∂" not in svg  # a forward figure: nothing backward
    edges = " ".join(_groups(svg, "edge"))
    for layer in model.layers:
        for neuron in layer.neurons:
            for w in neuron.w:
                # every weight on its edge: "w = v", or its value below its name (one text
                # run a line, read here end to end)
                assert re.search(rf"{re.escape(str(w.label))} ?= ", edges)
    # neurons 1 … k from top to bottom: SVG y grows downwards
    for layer_values in layers:
        ys = []
        for v in layer_values:
            (g,) = [g for g in _node_groups(svg) if re.match(rf"(y′ = )?{v.label} = ", _text(g))]
            ys.append(float(next(g.iter(f"{SVG}text")).get("y", "0")))
        assert ys == sorted(ys), [v.label for v in layer_values]


def test_draw_layers_names_f_and_y_and_ties_each_weight_to_its_edge(renderer: str) -> None:
    """04_forward: each layer headed by its fˡ (y′ = f³(W³ f²(W² f¹(W¹x)))), the output named
    y′, and each weight's label in its edge's colour — the colour of the neuron it leaves,
    which the input layer's header explains — so no label floats between two edges."""
    from autograd.show.viz import draw_layers

    model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
    layers = model.activations([0.5, -1.0])
    weights = [[n.w for n in layer.neurons] for layer in model.layers]
    svg = _svg(draw_layers(layers, weights))
    clusters = " ".join(_groups(svg, "cluster"))
    assert "f¹ = tanh" in clusters and "f² = tanh" in clusters and "f³ = σ" in clusters
    assert "edge colour:the neuron it leaves" in clusters  # two runs, joined
    assert any(_text(g).startswith("y′ = a⁽³⁾₁ = ") for g in _node_groups(svg))
    root = ET.fromstring(svg)
    leaving: dict[str, set[str]] = {}  # source node → the colours of its edges
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "edge":
            stroke = next(p.get("stroke") or "" for p in g.iter(f"{SVG}path"))
            for label in g.iter(f"{SVG}text"):  # one run, or the name over "= value"
                assert label.get("fill") == stroke, label.text  # in its edge's colour
            source = (g.findtext(f"{SVG}title") or "").split("&#45;")[0].split("-")[0]
            leaving.setdefault(source, set()).add(stroke)
    assert all(len(c) == 1 for c in leaving.values())  # one colour per neuron it leaves
    for l in range(2):  # and the neurons of a layer each their own
        layer = [c for source, (c,) in leaving.items() if source.startswith(f"l{l}n")]
        assert len(layer) == len(set(layer)) >= 2


def _height(g: ET.Element) -> float:
    """The height, in points, of the first outline (path or polygon) in ``g``."""
    shape = next(e for e in g.iter() if e.tag in (f"{SVG}path", f"{SVG}polygon"))
    ys = [float(y) for y in re.findall(r"[\d.-]+,([\d.-]+)", shape.get("d") or "")]
    ys += [float(y) for y in re.findall(r"[\d.-]+,([\d.-]+)", shape.get("points") or "")]
    return max(ys) - min(ys)


def test_the_forward_slide_is_16_9_with_each_layers_frame_as_tall_as_its_neurons(
    renderer: str,
) -> None:
    """04_forward on a slide: 16:9 by a margin, not by stretching the layout — the stretch made
    each one-neuron layer a frame six times as tall as its neuron, mostly empty."""
    from autograd.show.viz import draw_layers

    n = lecture_network()
    svg = _svg(draw_layers([[n.x], [n.a1], [n.a2]], [[[n.W1]], [[n.W2]]],
                           biases=[[n.b1], [n.b2]], cost=n.C0))  # fmt: skip
    m = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    assert m and float(m.group(1)) / float(m.group(2)) == pytest.approx(16 / 9, rel=0.02)
    root = ET.fromstring(svg)
    clusters = [g for g in root.iter(f"{SVG}g") if g.get("class") == "cluster"]
    assert len(clusters) == 4  # input, hidden 1, output, cost
    tallest = max(_height(g) for g in _node_groups(svg))
    for frame in clusters:
        # the frame holds its header (one or two lines, an inch at most) above one neuron
        assert _height(frame) <= tallest + 72, (_text(frame), _height(frame), tallest)


def _curve(points: list[list[float]], steps: int = 24) -> list[tuple[float, float]]:
    """Points along a chain of cubic Béziers (Graphviz's edges: p0, c1, c2, p1, c1, …)."""
    out = []
    for i in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[i : i + 4]
        for k in range(steps + 1):
            t = k / steps
            w = ((1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3)
            x = sum(c * p[0] for c, p in zip(w, (p0, p1, p2, p3)))
            y = sum(c * p[1] for c, p in zip(w, (p0, p1, p2, p3)))
            out.append((x, y))
    return out


def test_the_mlp_forward_figure_fills_the_slide_and_no_edge_crosses_a_header(
    renderer: str,
) -> None:
    """04_forward_mlp: the layers' neurons spread apart until the drawing is near 16:9 (it was
    a thin band, the weights' labels crowding one another's edges), and no edge runs through a
    layer's header — an edge into a top neuron from higher up crossed "f² = tanh". Measured on
    the renderer's own layout (its JSON gives each text's width)."""
    import json
    import subprocess

    from autograd.show.render import drawing_size, find_renderer
    from autograd.show.viz import draw_layers

    found = find_renderer()
    assert found is not None
    model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
    layers = model.activations([0.5, -1.0])
    weights = [[n.w for n in layer.neurons] for layer in model.layers]
    g = draw_layers(layers, weights, min_px=ADVANCED_TEXT_PX)
    width, height = drawing_size(g)
    assert height / width > 0.45, (width, height)  # 0.27 before: a band across the slide
    command = [str(found[1]), "-Tjson"]
    result = subprocess.run(command, input=g.source, capture_output=True, text=True, check=True)
    laid = json.loads(result.stdout)
    headers = []  # each line of a layer's header: its box, from dot's own text width
    for cluster in laid["objects"]:
        size = 14.0
        for op in cluster.get("_ldraw_", []) if cluster["name"].startswith("cluster") else []:
            size = op.get("size", size)
            if op["op"] == "T":
                (x, y), w = op["pt"], op["width"]
                left = {"l": x, "c": x - w / 2, "r": x - w}[op["align"]]
                headers.append((op["text"], left, y - 0.2 * size, left + w, y + 0.75 * size))
    assert len(headers) >= 8  # four layers' names, three f's, the colour key
    for edge in laid["edges"]:
        if edge.get("style") == "invis":
            continue
        bends = [p for op in edge["_draw_"] if op["op"] == "b" for p in op["points"]]
        for px, py in _curve(bends):
            crossed = [h[0] for h in headers if h[1] < px < h[3] and h[2] < py < h[4]]
            assert not crossed, (edge["tail"], edge["head"], crossed)


def test_draw_layers_says_what_weights_to_pass() -> None:
    # The usual first try passes model.parameters() (a flat list): the error must say the
    # shape draw_layers wants and how to build it from an MLP, not only that it is wrong.
    from autograd.show.viz import draw_layers

    model = MLP(2, [3, 1], seed=7)
    layers = model.activations([0.5, -1.0])
    recipe = r"\[\[n\.w for n in layer\.neurons\] for layer in model\.layers\]"
    with pytest.raises(ValueError, match=recipe + r".*Got 13 entries for 2 layers"):
        draw_layers(layers, model.parameters())  # type: ignore[arg-type]
    weights = [[n.w for n in layer.neurons] for layer in model.layers]
    with pytest.raises(ValueError, match=recipe + r".*weights\[1\] needs 1 rows"):
        draw_layers(layers, [weights[0], weights[0]])
    with pytest.raises(ValueError, match=recipe + r".*weights\[0\]\[2\] needs 2 weights"):
        draw_layers(layers, [[*weights[0][:2], weights[0][2][:1]], weights[1]])
    assert draw_layers(layers, weights) is not None  # the right shape draws


def test_many_paths_one_colour_each_and_the_split_marked(renderer: str) -> None:
    model = MLP(2, [3, 3, 1], activation="tanh", seed=3)
    y_hat = model([0.6, -0.4])
    assert isinstance(y_hat, Value)
    C = (y_hat - 1.0) ** 2
    C.label = "C₀"
    C.backward()
    w = model.layers[0].neurons[0].w[0]
    svg = _svg(draw_paths(C, w))
    colours = {
        p.get("stroke")
        for g in ET.fromstring(svg).iter(f"{SVG}g")
        if g.get("class") == "edge"
        for p in g.iter(f"{SVG}path")
    }
    assert len(colours - {"#222222"}) == 3  # three paths, three colours (shared edges in ink)
    # where the paths split, backward() sums: the terms in the order the nodes are drawn,
    # each in the colour of the edge it comes back along
    split = [g for g in _node_groups(svg) if "∂C₀/∂a⁽¹⁾₁ =" in _text(g)]
    assert len(split) == 1 and _text(split[0]).startswith("a⁽¹⁾₁")
    terms = [t for t in split[0].iter(f"{SVG}text") if " × " in (t.text or "")]
    assert len(terms) == 3 and len({t.get("fill") for t in terms}) == 3
    outlines = [e for e in split[0] if e.tag in (f"{SVG}path", f"{SVG}polygon")]
    assert len(outlines) == 2  # drawn with a double border
    assert f"= {number(w.grad)}" in " ".join(_groups(svg, "node"))
    # w, z, a, 3 × (z, a), z, C₀ and the legend, its sum Σ in it or (one arrangement) beside
    # the split node; Σ written once either way
    nodes = [_text(g) for g in _node_groups(svg)]
    sums = [t for t in nodes if "Σ = ∂C₀/∂" in t]
    assert len(sums) == 1 and len(nodes) == 11 + 1 + (not sums[0].startswith("path"))
    # each path's row of the legend: "path k:" in the colour its edges have in the drawing
    legend = _colours(svg, "legend")
    assert {legend[f"path {k}:"] for k in (1, 2, 3)} == colours - {"#222222"}


def test_unprintable_and_huge_labels_are_drawn_visibly(renderer: str) -> None:
    n = lecture_network()
    n.y.label = "y\ufffe\ud800" + "w" * 1000  # a noncharacter, a lone surrogate, 1000 more
    n.C0.backward()
    svg = _svg(draw_graph(n.C0))
    cut = MAX_LABEL - 4  # y, two replaced characters and the "…" make MAX_LABEL (200)
    assert "y\ufffd\ufffd" + "w" * cut + "…" in svg  # replaced visibly, cut at MAX_LABEL
    svg = _svg(draw_paths(n.C0, n.W2))  # y inside the formula ∂C₀/∂a₂ = 2·(a₂ − y)
    assert "\ufffd\ufffd" in svg and "…" in svg
    for drawn in (svg, _svg(draw_graph(n.C0))):
        assert "w" * (cut + 1) not in drawn


def test_graphviz_pure_text_is_centred_in_its_node(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """graphviz-pure starts each run at centre − (its own width estimate)/2, too far left for
    non-ASCII text; the SVG we hand out anchors every run at the centre instead."""
    monkeypatch.setenv("PATH", str(tmp_path))
    n = lecture_network()
    n.C0.backward()
    graph = draw_paths(n.C0, n.W1)
    piped = _svg(graph)  # .pipe(), which Jupyter uses too: <title> still Graphviz's name
    names = [g.findtext(f"{SVG}title") for g in _node_groups(piped)]
    for svg in (
        piped,
        render(graph, tmp_path / "w1.svg").read_text(encoding="utf-8"),
        Path(graph.render(tmp_path / "g", format="svg")).read_text(encoding="utf-8"),
    ):
        assert 'text-anchor="start"' not in svg
        checked = 0
        for name, g in zip(names, _node_groups(svg), strict=True):  # the files' titles: words
            if name in ("legend", "given"):  # tables of cells
                continue
            outline = next(e for e in g if e.tag in (f"{SVG}path", f"{SVG}polygon"))
            numbers = [float(t) for t in re.findall(r"-?\d+\.?\d*", outline.get("d") or "")]
            numbers = numbers or [
                float(t) for t in re.findall(r"-?\d+\.?\d*", outline.get("points") or "")
            ]
            xs = numbers[0::2]
            centre = (min(xs) + max(xs)) / 2
            for t in g.iter(f"{SVG}text"):
                assert abs(float(t.get("x", "0")) - centre) < 1.0, t.text
                checked += 1
        assert checked >= 11  # six boxes, two lines each but C₀'s


def test_a_wrapped_equation_never_leaves_its_value_alone_on_a_line() -> None:
    # The neuron of the first slide: z's formula is long, and its node used to read
    # "z = w₁·a₁ + w₂·a₂ + w₃·a₃ + b =" over "−0.5".
    w = [Value(v, label=f"w{i}") for i, v in enumerate((0.8, 0.2, -0.4), start=1)]
    a = [Value(v, label=f"a{i}") for i, v in enumerate((0.5, -1.0, 2.0), start=1)]
    b = Value(0.1, label="b")
    from autograd import weighted_sum

    z = weighted_sum(w, a, b)
    z.label = "z"
    source = draw_graph(z.sigmoid()).source
    assert "= −0.5" in source
    lines = re.findall(r">([^<>]*)</(?:TD|td|FONT|font|B|b)>", source)
    assert not [t for t in lines if t.rstrip().endswith(" =")], lines


def _derivative_graph() -> tuple[Value, list[Value]]:
    from autograd import grad

    net = lecture_network()
    (dW1,) = grad(net.C0, net.W1, create_graph=True)
    return dW1, [net.W1, net.b1, net.W2, net.b2]


def test_a_gradients_graph_shows_its_formulas_simplified() -> None:
    """∂C₀/∂a₂ = 2·(a₂ − y)·∂C₀/∂C₀ is built from x² (pow_c, c = 2): its edge to a₂ once read
    (1·(a₂ − y)⁰) · 2 · ∂C₀/∂C₀. Shown simplified, it is the 2 it equals."""
    dW1, params = _derivative_graph()
    source = draw_graph(dW1, collapse=True, show_grad=False, rankdir="TB", params=params).source
    assert "∂(∂C₀/∂a₂)/∂a₂ = 2<" in source
    assert "⁰" not in source and "· ∂C₀/∂C₀" not in source
    assert "((1 − a₁))" not in source and "−1 · a₁" not in source
    from autograd.show.paths import whole_graph
    from autograd.show.view import lecture_view

    # the collapsed edge a₁ → ∂C₀/∂z₁ sums two routes, one through 1 − a₁ (a factor −1)
    (edge,) = [
        e
        for e in lecture_view(whole_graph(dW1)).edges()
        if e.u.label == "a₁" and e.v.label == "∂C₀/∂z₁"
    ]
    formula = edge.formula()
    assert formula.startswith("−") and " + " in formula, formula  # (−1)·x written as −x
    assert "−1" not in formula and "((" not in formula, formula
    assert "= 2·(…) = −1.22<" in source  # a whole formula that is a product needs no brackets
    assert "<b>∂C₀/∂a₂ = 2·(…) = −1.22</b>" in source  # its heading drops the seed factor


def test_fold_draws_the_backward_chain_pointing_up() -> None:
    dW1, params = _derivative_graph()
    kwargs = {"collapse": True, "show_grad": False, "rankdir": "TB", "params": params}
    flat = draw_graph(dW1, **kwargs).source  # type: ignore[arg-type]
    folded = draw_graph(dW1, fold=True, **kwargs).source  # type: ignore[arg-type]
    names = dict(re.findall(r"\t(n\d+) \[label=<.*?<b>([^<=]+?) = ", folded))

    def edges(src: str) -> set[tuple[str, str, bool]]:
        found = re.findall(r"^\t(n\d+) -> (n\d+) \[(.*)\]$", src, flags=re.M)
        return {(names[a].strip(), names[b].strip(), "dir=back" in attrs) for a, b, attrs in found}

    chain = [("∂C₀/∂a₂", "∂C₀/∂z₂"), ("∂C₀/∂z₂", "∂C₀/∂a₁"), ("∂C₀/∂a₁", "∂C₀/∂z₁")]
    chain.append(("∂C₀/∂z₁", "∂C₀/∂W₁"))
    for u, v in chain:  # declared v → u, drawn with the arrow at v: the same edge, upwards
        assert (u, v, False) in edges(flat)
        assert (v, u, True) in edges(folded)
    # every other edge (forward pass, forward values into gradients, the seed) is unchanged
    assert {e for e in edges(folded) if not e[2]} == edges(flat) - {(u, v, False) for u, v in chain}


def test_a_wrapped_formula_keeps_each_parenthesised_term_whole() -> None:
    from autograd.show.draw import wrap as _wrap

    lines = _wrap("= −∂C₀/∂a₁ · a₁ + (∂C₀/∂a₁·(1 − a₁)) = −0.0853")
    assert len(lines) > 1
    assert all(line.count("(") == line.count(")") for line in lines), lines  # no "(1 −" / "a₁))"
    assert " ".join(lines) == "= −∂C₀/∂a₁ · a₁ + (∂C₀/∂a₁·(1 − a₁)) = −0.0853"
    # a prose aside in parentheses breaks like prose
    note = "25 nodes collapsed to 16 (the labelled ones, the leaves and the root); each edge"
    assert _wrap(note, 40)[0] == "25 nodes collapsed to 16 (the labelled"


def test_a_neurons_converging_edge_labels_are_tied_to_their_edges() -> None:
    """Seven edges converge left to right on z, and dot stacks their labels between them — a
    label can sit beside a neighbour's edge. Each such edge and its label share a colour of
    their own (no leader lines: on the slide they looked like stray marks); a lone edge, and a
    top-to-bottom drawing, stay in ink."""
    from autograd import weighted_sum

    x = [Value(0.5, label="x₁"), Value(-1.0, label="x₂"), Value(2.0, label="x₃")]
    w = [Value(0.8, label="w₁"), Value(0.2, label="w₂"), Value(-0.4, label="w₃")]
    b = Value(0.1, label="b")
    z = weighted_sum(w, x, b)
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    a.backward()
    source = draw_graph(a, params=[*w, b], rankdir="LR").source
    assert "decorate" not in source
    edges = re.findall(r"\t(n\d+) -> (n\d+) \[label=<(.*)> color=\"(#[0-9a-f]{6})\"", source)
    names = dict(re.findall(r"\t(n\d+) \[label=<.*?<b>([^<= ]+)", source))
    tinted = {names[u]: colour for u, v, label, colour in edges if f'color="{colour}"' in label}
    assert set(tinted) == {"w₁", "w₂", "w₃", "x₁", "x₂", "x₃", "b"}  # into z, not z → a
    assert len(set(tinted.values())) == 7  # each its own
    lecture = lecture_network()
    lecture.C0.backward()
    drawn = draw_graph(lecture.C0, collapse=True, rankdir="TB").source
    assert "decorate" not in drawn and all(c not in drawn for c in tinted.values())


def test_gradients_flow_on_the_edges_cs231n_style(renderer: str) -> None:
    """draw_graph(flow=True): on each edge u → v the value u passes forward, then, in the
    gradient's colour and behind a ←, what backward() passes back to u along it — on the
    lecture's network each node is used once, so that is ∂C₀/∂u itself."""
    from autograd.show.palette import GRADIENT

    n = lecture_network()
    n.C0.backward()
    svg = _svg(draw_graph(n.C0, collapse=True, flow=True, rankdir="TB"))
    root = ET.fromstring(svg)
    flows = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "edge":
            title = (g.findtext(f"{SVG}title") or "").replace("&#45;", "-")
            runs = [(t.text or "", t.get("fill")) for t in g.iter(f"{SVG}text")]
            flows[title] = runs
    names = {}
    for g in root.iter(f"{SVG}g"):
        if g.get("class") == "node":
            first = next(t.text or "" for t in g.iter(f"{SVG}text"))
            names[first.split(" =")[0]] = g.findtext(f"{SVG}title")
    assert len(flows) == 10
    for u in (n.x, n.y, n.W1, n.b1, n.z1, n.a1, n.W2, n.b2, n.z2, n.a2):
        (runs,) = [r for title, r in flows.items() if title.startswith(f"{names[u.label]}->")]
        (value, _), (back, colour) = [(t.strip(), c) for t, c in runs if t.strip()]
        assert value == number(u.data) and back == f"← {number(u.grad)}", u.label
        assert colour == (GREY if u.label in ("x", "y") else GRADIENT)  # data: never updated
    nodes = " ".join(_groups(svg, "node"))
    assert "z₁ = W₁·x + b₁" in nodes and "= 0.5" not in nodes.split("C₀")[0]  # values: on edges
    assert "C₀ = (a₂ − y)² = 0.372" in nodes and "∂C₀/∂C₀ = 1" in nodes


def test_a_step_too_wide_for_min_px_puts_each_sum_over_its_result(renderer: str) -> None:
    """A part of step_frames that cannot split further and still sets its text below
    ``min_px`` is drawn with each += on two lines, the result below the sum, when that makes
    the text larger (the wide step of the lecture's network, held to a 40-px bar here)."""
    from autograd.show.paths_drawing import slide_text_px
    from autograd.show.viz import step_frames

    n = lecture_network()
    wide = [g for _, g in step_frames(n.C0, min_px=None)]
    held = [g for _, g in step_frames(n.C0, min_px=40.0)]
    below = [i for i, g in enumerate(held) if any(t == "= −0.181" for t in _texts_of(_svg(g)))]
    assert below  # ∂C₀/∂W₂ = 0.6225 × (−0.2902) over = −0.181
    for i in below:
        assert "∂C₀/∂W₂ = 0.6225 × (−0.2902)" in _texts_of(_svg(held[i]))
    step = next(i for i, g in enumerate(wide) if "= −0.181" in " ".join(_texts_of(_svg(g))))
    assert max(slide_text_px(held[i]) for i in below) > slide_text_px(wide[step])


def test_draw_layers_below_min_px_puts_each_weight_over_its_value(renderer: str) -> None:
    """Where the one-line weights leave the text below ``min_px``, each weight's value goes
    below its name, when that makes the text larger; above ``min_px`` nothing changes."""
    from autograd.show.paths_drawing import slide_text_px
    from autograd.show.viz import draw_layers

    model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
    layers = model.activations([0.5, -1.0])
    weights = [[n.w for n in layer.neurons] for layer in model.layers]
    one_line = draw_layers(layers, weights, min_px=None)
    held = draw_layers(layers, weights, min_px=40.0)
    assert slide_text_px(held) > slide_text_px(one_line)
    assert sum(t.startswith("= ") for t in _texts_of(_svg(held))) == 14  # 14 weights
    assert not any(t.startswith("= ") for t in _texts_of(_svg(one_line)))


def _texts_of(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


# --- edge labels clear of the lines ----------------------------------------------------------

LABEL_GAP_PT = 2.5  # a label's text box to the centre line of any edge, points (14-pt text)


def _text_width(text: str, size: float, bold: bool) -> float | None:
    """``text``'s advance width, points, in an Arial-metric font (Arial, Arimo or Liberation
    Sans: what the drawings name and the renderers draw with); None where there is none."""
    from matplotlib import font_manager
    from PIL import ImageFont

    for family in ("Arial", "Arimo", "Liberation Sans"):
        prop = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
        try:
            path = font_manager.findfont(prop, fallback_to_default=False)
        except ValueError:
            continue
        return float(ImageFont.truetype(path, 100).getlength(text)) * size / 100
    return None


def _edge_lines(g: ET.Element) -> list[list[tuple[float, float]]]:
    """The points along an edge group's paths (its cubic Béziers sampled) and arrowheads."""
    out = []
    for path in g.iter(f"{SVG}path"):
        xy = [
            tuple(map(float, p.split(",")))
            for p in re.findall(r"-?[\d.]+,-?[\d.]+", path.get("d", ""))
        ]
        line = [xy[0]]
        for i in range(1, len(xy) - 2, 3):
            p0, p1, p2, p3 = xy[i - 1 : i + 3]
            for k in range(1, 33):
                t = k / 32
                line.append(
                    tuple(  # type: ignore[arg-type]
                        (1 - t) ** 3 * a
                        + 3 * (1 - t) ** 2 * t * b
                        + 3 * (1 - t) * t * t * c
                        + t**3 * d
                        for a, b, c, d in zip(p0, p1, p2, p3)
                    )
                )
        out.append(line)
    for head in g.iter(f"{SVG}polygon"):
        if head.get("stroke") not in (None, "transparent", "none"):  # not a label's ground
            out.append([tuple(map(float, p.split(","))) for p in head.get("points", "").split()])
    return out  # type: ignore[return-value]


def _label_clearances(svg: str) -> list[tuple[float, str]]:
    """For each edge label's text run, its distance (points) to the nearest edge line."""
    return [(min(own, other), text) for own, other, text in _label_distances(svg)]


def _label_distances(svg: str) -> list[tuple[float, float, str]]:
    """For each edge label's text run, its distance (points) to its own edge and to the nearest
    other edge (``inf`` where there is none)."""
    root = ET.fromstring(svg)
    lines: list[list[tuple[float, float]]] = []
    owner: list[int] = []  # the edge each line belongs to
    boxes = []
    edges = [g for g in root.iter(f"{SVG}g") if g.get("class") == "edge"]
    for edge, g in enumerate(edges):
        mine = _edge_lines(g)
        lines += mine
        owner += [edge] * len(mine)
        for t in g.iter(f"{SVG}text"):
            text = "".join(t.itertext())
            if not text.strip():
                continue
            size = float(t.get("font-size", "14"))
            width = _text_width(text, size, t.get("font-weight") == "bold")
            if width is None:
                pytest.skip("no Arial-metric font (Arial, Arimo, Liberation Sans) to measure text")
            x, y = float(t.get("x", "0")), float(t.get("y", "0"))
            anchor = t.get("text-anchor", "start")
            x0 = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
            boxes.append(
                (edge, text, (x0, y - 0.905 * size, x0 + width, y + 0.212 * size))
            )  # Arial's ascent, descent
    out = []
    for edge, text, (x0, y0, x1, y1) in boxes:
        near = {True: math.inf, False: math.inf}  # own edge, any other
        for line, of in zip(lines, owner):
            for px, py in line:
                d = math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1))
                near[of == edge] = min(near[of == edge], d)
        out.append((round(near[True], 1), round(near[False], 1), text))
    return out


def _two_outputs() -> tuple[Value, Value]:
    """06_many_paths' network, the lecture's with a second output neuron: C₀ and W₁."""
    x, W1, b1 = Value(0.5, label="x"), Value(0.8, label="W₁"), Value(0.1, label="b₁")
    z1 = W1 * x + b1
    z1.label = "z₁"
    a1 = z1.sigmoid()
    a1.label = "a₁"
    terms = []
    for k, w, b, y in (("₂₁", -1.2, 0.3, 1.0), ("₂₂", 0.9, -0.2, 0.0)):
        z = Value(w, label=f"W{k}") * a1 + Value(b, label=f"b{k}")
        z.label = f"z{k}"
        a = z.sigmoid()
        a.label = f"a{k}"
        terms.append((a - Value(y, label=f"y{k[1]}")) ** 2)
    C0 = terms[0] + terms[1]
    C0.label = "C₀"
    C0.backward()
    return C0, W1


def test_edge_labels_keep_clear_of_every_edge(renderer: str, tmp_path: Path) -> None:
    """No edge — its own or a neighbour's, line or arrowhead — comes within `LABEL_GAP_PT` of
    an edge label's text: once each label began on its own arrow ("∂z₁/∂W₁ = x = 0.5"), and
    06_many_paths' slanted a₁ → z₂₁ ran through "∂z₂₁/∂a₁"; the step frames' curved edges, and
    touched their labels' first characters."""
    from autograd.show.viz import step_frames

    # Without a system dot, graphviz-pure answers as "dot": its text, placed by its own width
    # estimate, is then re-centred here as it is when it runs under its own name.
    shim = tmp_path / "bin" / "dot"
    pure = renderer == "graphviz-pure" or "graphviz-pure" in shim.read_text(encoding="utf-8")
    n = lecture_network()
    n.C0.backward()
    drawings = [draw_paths(n.C0, n.W1), draw_paths(*_two_outputs())]
    drawings += [g for _, g in step_frames(n.C0)]
    flow = draw_graph(n.C0, collapse=True, flow=True, rankdir="TB")  # 05_chain_rule_flow
    drawings.append(flow)
    toy = [g for _, g in step_frames(_toy())]  # its own-edge check only (below)
    for graph in drawings + ([] if pure else toy):
        svg = _svg(graph)
        distances = _label_distances(render_mod._recentre_pure(svg) if pure else svg)
        assert distances
        too_near = [(min(d), text) for *d, text in distances if min(d) < LABEL_GAP_PT]
        assert not too_near, (renderer, too_near)
        # Each label nearer its own edge than any other, where edges converge: with system
        # Graphviz (10_step_02's "∂z₂/∂a₁ = W₂" sat 7 pt from b₂'s edge, 13.5 pt from its own).
        # Not with graphviz-pure: the room after the text that it takes there costs the step
        # frames their 24-px text (21.7 px).
        if not pure and graph is not flow:  # (the flow's "value ← gradient" runs: not yet)
            astray = [(own, other, text) for own, other, text in distances if other <= own]
            assert not astray, (renderer, astray)


def _toy() -> Value:
    """10_toy_step's graph, t = tanh(p·q + p): p used twice, two edges into s."""
    p, q = Value(0.5, label="p"), Value(-1.5, label="q")
    r = p * q
    r.label = "r"
    s = r + p
    s.label = "s"
    t = s.tanh()
    t.label = "t"
    return t
