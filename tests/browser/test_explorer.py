"""The explorer pages in a real browser (headless Chromium, driven by Playwright from PyPI):
written by ``python -m demos explore`` as a student would, opened from file:// with the network
cut off, then clicked, stepped with the keyboard and slid. Oracles: chain_paths / backward() on
the same graphs rebuilt here, backward_steps, and the History of the same training run.
Run by ``make test-browser`` (never by ``make test``)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from autograd import Value, backward_steps, chain_paths
from autograd.notation.names import node_name
from autograd.show.explore import explore
from autograd.show.text import number
from nn import MLP, SGD, fit, hinge, mse
from nn.datasets import moons
from nn.lecture import lecture_network
from tests.browser.explorer_support import Opened, opened

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three pages, written by the demo exactly as a student runs it."""
    out = tmp_path_factory.mktemp("explore")
    result = subprocess.run(
        [sys.executable, "-m", "demos", "explore", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("explore_lecture", "explore_mlp", "explore_live", "explore_training"):
        assert (out / f"{name}.html").stat().st_size > 0
    return out


def _lecture() -> tuple[Value, list[Value]]:
    n = lecture_network()
    return n.C0, [n.W1, n.b1, n.W2, n.b2]


def _mlp() -> tuple[Value, list[Value]]:
    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)  # as demos/explore.py builds it
    C = mse([model([0.6, -0.4])], [1.0])
    C.label = "C"
    return C, model.parameters()


def _embedded(op: Opened) -> dict[str, Any]:
    text = op.page.locator("script.explorer-data").text_content()
    return json.loads(text)


def _clean(op: Opened) -> None:
    assert op.errors == [], op.errors
    assert op.outside() == [] and op.refused == [], op.requests
    assert len(op.requests) == 1  # the page itself, nothing else


@pytest.mark.parametrize(("name", "build"), [("lecture", _lecture), ("mlp", _mlp)])
def test_clicking_each_weight_lights_its_chain_paths_and_sums_to_its_grad(
    chromium: Any, pages: Path, name: str, build: Any
) -> None:
    C, params = build()
    C.backward()
    with opened(chromium, pages / f"explore_{name}.html") as op:
        data = _embedded(op)
        shown = {n["name"]: n["value"] for n in data["nodes"]}
        assert shown[C.label] == C.data  # the page was drawn from this very graph
        if name == "mlp":  # it opens in layers (tests/browser/test_live_explorer.py): the ops
            op.page.click("[data-action=view][data-view=graph]")
        for w in params:
            op.page.click(f'svg.graph [data-node="{w.label}"]')
            on = Counter(
                op.page.eval_on_selector_all(
                    "svg.graph [data-edge][data-on]",
                    "els => els.map(e => e.getAttribute('data-edge'))",
                )
            )
            paths = chain_paths(C, w, collapse=True)
            expected = Counter(
                f"{node_name(e.u)}→{node_name(e.v)}" for e in {e for p in paths for e in p.edges}
            )
            assert on == expected, w.label
            total = sum(p.product for p in paths)
            sum_text = op.page.text_content("[data-sum]")
            grad_text = op.page.text_content(".panel [data-grad]")
            assert sum_text == number(total) and grad_text == number(w.grad)
            exact = op.page.get_attribute("[data-sum]", "data-value")
            assert float(exact or "nan") == pytest.approx(w.grad, rel=1e-9, abs=1e-15)
            assert float(sum_text.replace("−", "-")) == pytest.approx(w.grad, rel=5e-3, abs=1e-12)
            listed = op.page.locator(".panel .path").count()
            assert listed == min(len(paths), 8)
            assert op.page.locator(f'svg.graph [data-node="{w.label}"].selected').count() == 1
        _clean(op)


def test_each_factor_reads_as_the_lecture_writes_it(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="W₁"]')
        factors = op.page.locator(".panel .factor").all_text_contents()
        assert factors == [
            "∂z₁/∂W₁ = x = 0.5",
            "∂a₁/∂z₁ = σ(z₁)·(1−σ(z₁)) = 0.235",
            "∂z₂/∂a₁ = W₂ = −1.2",
            "∂a₂/∂z₂ = σ(z₂)·(1−σ(z₂)) = 0.238",
            "∂C₀/∂a₂ = 2·(a₂ − y) = −1.22",
        ]
        op.page.hover('[data-edge="W₁→z₁"] .hit')
        tip = op.page.locator("[data-role=tip]")
        assert tip.is_visible() and tip.text_content() == "∂z₁/∂W₁ = x = 0.5"
        _clean(op)


def _step_through(op: Opened, count: int) -> list[tuple[int, str, str]]:
    frames = []
    op.page.locator("body").click(position={"x": 5, "y": 790})  # focus the page, not a node
    for _ in range(count):
        op.page.keyboard.press("ArrowRight")
        frames.append(
            (
                int(op.page.get_attribute("[data-step-index]", "data-step-index") or "-1"),
                op.page.get_attribute("[data-step-node]", "data-step-node") or "",
                op.page.text_content("[data-upstream]") or "",
            )
        )
    return frames


def test_backward_steps_by_keyboard_on_the_collapsed_lecture(chromium: Any, pages: Path) -> None:
    C, _ = _lecture()
    C.backward()
    grads = {}
    stack, seen = [C], set()
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v.parents)
            if v.label is not None:
                grads[v.label] = v.grad
    # one step per named node an op computed (a leaf is final in its consumer's step)
    named = {v.label for v in seen if v.label is not None and v.parents}
    with opened(chromium, pages / "explore_lecture.html") as op:
        data = _embedded(op)
        frames = _step_through(op, len(data["steps"]) + 2)  # two extra: it stops at the last
        assert [f[0] for f in frames] == [*range(len(data["steps"])), *[len(data["steps"]) - 1] * 2]
        n = len(data["steps"])  # the header counts from 1, as the step slides do: "step n of n"
        assert op.page.text_content("[data-role=panel] h2") == f"backward(), step {n} of {n}"
        visited = [f[1] for f in frames[: len(data["steps"])]]
        assert visited == ["C₀", "a₂", "z₂", "a₁", "z₁"] and sorted(visited) == sorted(named)
        for _, node, upstream in frames:
            assert upstream == number(grads[node]), node  # ∂C₀/∂node from backward()
        # every node is stepped after each node it feeds: reverse topological order
        pos = {name: i for i, name in enumerate(visited)}
        for e in data["edges"]:
            names = e["key"].split("→")
            if names[0] in pos:
                assert pos[names[1]] < pos[names[0]]
        # after the last step every box shows backward()'s gradient
        for name, g in grads.items():
            assert op.page.text_content(f'[data-node="{name}"] text.grad') == f"grad {number(g)}"
        op.page.keyboard.press("ArrowLeft")
        assert op.page.get_attribute("[data-step-index]", "data-step-index") == str(n - 2)
        assert op.page.text_content("[data-step-index]") == str(n - 1)
        _clean(op)


def test_op_level_steps_are_backward_steps_frame_by_frame(chromium: Any, tmp_path: Path) -> None:
    a = Value(0.5, label="a")
    b = Value(-1.5, label="b")
    c = a * b
    c.label = "c"
    e = (c + a).tanh()
    e.label = "e"
    path = explore(e, collapse=False).save(tmp_path / "steps.html")
    steps = list(backward_steps(e))
    with opened(chromium, path) as op:
        op.page.locator("body").click(position={"x": 5, "y": 790})
        for s in steps:
            op.page.keyboard.press("ArrowRight")
            assert op.page.get_attribute("[data-step-index]", "data-step-index") == str(s.index)
            header = f"backward(), step {s.index + 1} of {len(steps)}"
            assert op.page.locator("h2", has_text="backward(), step").text_content() == header
            caption = op.page.text_content("[data-step-node]") or ""
            assert caption.startswith(f"step {s.index + 1}: "), caption  # as the slides number it
            assert op.page.get_attribute("[data-step-node]", "data-step-node") == node_name(s.node)
            assert op.page.text_content("[data-upstream]") == number(s.upstream)
            assert s.grads is not None  # every box reads its grad from this step's snapshot
            done = [u for t in steps[: s.index + 1] for u in t.nodes]  # a step: several nodes
            reached = {e, *(p for u in done for p in u.parents)}
            for v, g in s.grads.items():
                if v.label is not None:
                    box = f'[data-node="{v.label}"] text.grad'
                    # a node backward() has not reached says so, not "grad 0", as the slides
                    shown = f"grad {number(g)}" if v in reached else "not reached"
                    assert op.page.text_content(box) == shown, (s.index, v.label)
            if s.node is c:  # a already holds ∂e/∂a along d; here the second "+=" reaches it
                (to_a,) = [x for x in s.contributions if x.parent is a]
                assert to_a.before != 0.0
                assert op.page.locator('svg.graph [data-node="a"].touched').count() == 1
                texts = op.page.locator(".contrib").all_text_contents()
                assert any(t.startswith(f"a.grad += {number(to_a.local)} × ") for t in texts)
        _clean(op)


@pytest.mark.parametrize("width", [900, 1400])
def test_the_graph_keeps_the_width_in_a_notebook_sized_window(
    chromium: Any, pages: Path, width: int
) -> None:
    with opened(
        chromium, pages / "explore_lecture.html", viewport={"width": width, "height": 720}
    ) as op:
        op.page.click('[data-node="W₁"]')
        graph = op.page.locator("svg.graph").bounding_box()
        panel = op.page.locator(".panel").bounding_box()
        assert graph is not None and panel is not None
        if width < 1100:  # the panel moves below; the graph keeps (nearly) the whole width
            assert graph["width"] > 0.85 * width and panel["y"] >= graph["y"] + graph["height"]
        else:  # side by side
            assert panel["x"] >= graph["x"] + graph["width"]
        name = op.page.locator('svg.graph [data-node="W₁"] text.name').bounding_box()
        assert name is not None and name["height"] >= 12  # the box titles stay readable
        _clean(op)


def test_forward_toggle_shows_values_only(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        grad = op.page.locator('svg.graph [data-node="W₁"] text.grad')
        value = op.page.locator('svg.graph [data-node="W₁"] text.val')
        assert grad.is_visible() and value.is_visible()
        op.page.check("[data-action=forward]")
        assert not grad.is_visible() and value.is_visible()
        assert value.text_content() == "value 0.8"
        op.page.uncheck("[data-action=forward]")
        assert grad.is_visible()
        _clean(op)


def test_training_slider_shows_the_recorded_cost(chromium: Any, pages: Path) -> None:
    X, y = moons(n=100, noise=0.1, seed=1337, labels="pm1")  # as demos/explore.py trains
    model = MLP(2, [16, 16, 1], seed=1337)
    opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)
    history = fit(
        model, X, y, loss="hinge", alpha=1e-4, optimizer=opt, epochs=100, record=True,
        progress=False,
    )  # fmt: skip
    with opened(chromium, pages / "explore_training.html") as op:
        assert _embedded(op)["cost"] == history.loss  # the page holds this very run
        slider = op.page.locator("[data-role=epoch]")
        assert op.page.text_content("[data-cost]") == number(history.loss[0])
        slider.focus()
        for k in range(1, 6):  # by keyboard, as a student drags it
            op.page.keyboard.press("ArrowRight")
            assert op.page.text_content("[data-epoch]") == str(k)
            assert op.page.text_content("[data-cost]") == number(history.loss[k])
        for k in (17, 50, 99, 0):
            slider.evaluate("(el, k) => { el.value = k; el.dispatchEvent(new Event('input')); }", k)
            shown = op.page.text_content("[data-cost]") or ""
            assert shown == number(history.loss[k])
            assert float(shown) == pytest.approx(history.loss[k], rel=5e-3)
            assert op.page.text_content("[data-accuracy]") == f"{history.accuracy[k]:.1%}"
            # the boundary is drawn at recorded epochs: it says which, beside the slider's
            drawn = max(f for f in _embedded(op)["boundary"]["frames"] if f <= k)
            said = op.page.text_content("svg.chart text:text-matches('^at epoch')") or ""
            assert said == (f"at epoch {k}" if drawn == k else
                            f"at epoch {drawn}, the last drawn before {k}")  # fmt: skip
        captions = op.page.locator("figcaption").all_text_contents()
        assert not [c for c in captions if "vanishing" in c]  # bars relative to the largest
        i = history.names.index("w⁽²⁾₃,₄")
        # lines cross in the middle: click this one's own element, not a point on screen
        op.page.dispatch_event('[data-weight="w⁽²⁾₃,₄"]', "click")
        slider.evaluate("el => { el.value = 40; el.dispatchEvent(new Event('input')); }")
        assert op.page.text_content(".panel h2") == "w⁽²⁾₃,₄ at epoch 40"
        assert op.page.text_content("[data-w]") == number(history.snapshots[40].params[i])
        assert op.page.text_content("[data-dw]") == number(history.snapshots[40].grads[i])
        # and its paths to one sample's cost, at the recorded epoch at or before the slider's
        slider.evaluate("el => { el.value = 45; el.dispatchEvent(new Event('input')); }")
        assert op.page.text_content("[data-paths-epoch]") == "40"
        for p, d in zip(model.parameters(), history.snapshots[40].params):
            p.data, p.grad = d, 0.0
        C1 = hinge([model(X[0])], [float(y[0])])
        C1.backward()
        w = model.parameters()[i]
        paths = chain_paths(C1, w, collapse=True)
        assert op.page.text_content("[data-sample-sum]") == number(sum(q.product for q in paths))
        assert op.page.text_content("[data-sample-grad]") == number(w.grad)
        _clean(op)


def test_a_notebook_cell_shows_the_explorer(chromium: Any, tmp_path: Path) -> None:
    try:  # part of the browser extra: a missing one is a broken setup, not a reason to skip
        import nbclient
        import nbformat
    except ImportError as missing:
        raise AssertionError(f"{missing}: pip install -e '.[browser]'") from missing
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from nn.lecture import lecture_network\n"
            "from autograd.show.explore import explore\n"
            "explore(lecture_network().C0)"
        )
    ]
    nbclient.NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    (output,) = nb.cells[0].outputs
    shown = output["data"]["text/html"]
    m = re.search(r'srcdoc="([^"]*)"', shown)
    assert m is not None
    inner = html.unescape(m.group(1))
    assert inner == explore(lecture_network().C0).html
    with opened(chromium, html=shown) as op:
        frame = op.page.frame_locator("iframe.chainrule-explorer")
        frame.locator('svg.graph [data-node="W₁"]').click()
        n = lecture_network()
        n.C0.backward()
        assert frame.locator(".panel [data-grad]").text_content() == number(n.W1.grad)
        assert op.errors == [] and op.outside() == [] and op.refused == []


def test_a_large_graph_opens_readable_a_small_one_whole(chromium: Any, pages: Path) -> None:
    """At 1280×800 the MLP's 35 nodes shrunk into the window had ≈ 7 px text: a graph of more
    than 20 nodes opens with "whole graph in view" unticked (readable, scrolls); the lecture's
    11 nodes still open whole. Ticking the box still shrinks the large graph to fit."""
    size = {"width": 1280, "height": 800}
    with opened(chromium, pages / "explore_lecture.html", viewport=size) as op:
        assert len(_embedded(op)["nodes"]) <= 20
        assert op.page.is_checked("[data-action=fit]")
        assert "fit" in (op.page.locator("svg.graph").get_attribute("class") or "").split()
        _clean(op)
    with opened(chromium, pages / "explore_mlp.html", viewport=size) as op:
        op.page.click("[data-action=view][data-view=graph]")  # it opens in layers
        assert len(_embedded(op)["nodes"]) > 20
        assert not op.page.is_checked("[data-action=fit]")
        assert "fit" not in (op.page.locator("svg.graph").get_attribute("class") or "").split()
        name = op.page.locator("g.node text.name").first
        readable = name.bounding_box()
        assert readable is not None and readable["height"] >= 11
        op.page.check("[data-action=fit]")
        shrunk = name.bounding_box()
        assert shrunk is not None and shrunk["height"] < readable["height"]
        _clean(op)


HOSTILE = "<img src=x onerror=\"document.title='pwned'\">w"


def test_a_hostile_name_is_shown_as_text_never_run(chromium: Any, tmp_path: Path) -> None:
    """A label holding markup reaches the panels (innerHTML) as text: no element is made from
    it, its script never runs. The explorer's names are labels; the training replay's weight
    names are parsed lecture labels (no markup gets through today), so its data is edited to
    hold one, as a later change might let in."""
    from autograd.show.page import _json_script
    from autograd.show.replay import explore_training

    w = Value(0.5, label=HOSTILE)
    C = (w * Value(2.0, label="x")).tanh()
    C.label = "C"
    page = explore(C).save(tmp_path / "explorer.html")
    model = MLP(2, [2, 1], seed=0)
    X, y = moons(n=8, seed=0, labels="pm1")
    history = fit(model, X, y, loss="hinge", epochs=2, record=True, progress=False)
    replay = explore_training(history)
    data = json.loads(json.dumps(replay.data))
    data["net"]["weights"][0]["name"] = HOSTILE
    script = re.compile(r'<script type="application/json" class="explorer-data">.*?</script>', re.S)
    hostile_replay = script.sub(lambda _: _json_script(data, "explorer-data"), replay.html)
    (tmp_path / "training.html").write_text(hostile_replay, encoding="utf-8")
    with opened(chromium, page) as op:
        op.page.evaluate(
            "name => [...document.querySelectorAll('.node')]"
            ".find(e => e.getAttribute('data-node') === name)"
            ".dispatchEvent(new MouseEvent('click', {bubbles: true}))",
            HOSTILE,
        )
        assert HOSTILE in (op.page.text_content(".panel") or "")
        assert op.page.locator(".panel img").count() == 0 and op.page.title() != "pwned"
        _clean(op)
    with opened(chromium, tmp_path / "training.html") as op:
        op.page.locator("svg.net line").first.dispatch_event("click")
        assert op.page.text_content(".panel h2") == f"{HOSTILE} at epoch 0"
        assert op.page.locator(".panel img").count() == 0 and op.page.title() != "pwned"
        _clean(op)


def test_the_replays_network_is_whole_on_a_slide(chromium: Any, pages: Path) -> None:
    """16 neurons a layer: the network fits under the charts at 1280×720, not cropped at the
    bottom; the output is y′, as the lecture names it."""
    size = {"width": 1280, "height": 720}
    with opened(chromium, pages / "explore_training.html", viewport=size) as op:
        circles = op.page.eval_on_selector_all(
            "svg.net circle", "els => els.map(e => e.getBoundingClientRect().bottom)"
        )
        assert len(circles) == 2 + 16 + 16 + 1 and max(circles) <= 720
        assert "y′" in op.page.locator("svg.net text").all_text_contents()
        _clean(op)
