"""The explorer recomputes in the page: a leaf set by its number box or its slider changes every
value, gradient, factor, product and sum, as the Python engine computes them at that value
(relative 1e−12: JavaScript's Math.exp is not correctly rounded, crmath's is); the nudge's secant
is Python's; one update with η = 10 gives the update slide's numbers; each recomputation takes
under 50 ms. Oracles: lecture_network(...) and an MLP rebuilt here, backward(), backward_steps.
Run by ``make test-browser``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from autograd import Value, backward_steps
from autograd.notation.numbers import factor, number
from nn import MLP, mse
from nn.lecture import lecture_network
from tests.browser.explorer_support import SMALLEST_TEXT, Opened, opened


@pytest.fixture(scope="module")
def pages(quick_pages: Path) -> Path:
    return quick_pages


def clean(op: Opened) -> None:
    assert op.errors == [], op.errors
    assert op.outside() == [] and op.refused == [], op.requests
    assert len(op.requests) == 1  # the page itself, nothing else


def shown(op: Opened, name: str, what: str) -> float:
    text = op.page.get_attribute(f'svg.graph [data-node="{name}"]', f"data-{what}")
    assert text is not None, (name, what)
    return float(text)


def set_leaf(op: Opened, name: str, x: float | str) -> None:
    op.page.fill(f'input[data-input="{name}"]', str(x))


def _labelled(C: Value) -> dict[str, Value]:
    out, stack, seen = {}, [C], set()
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v.parents)
            if v.label is not None:
                out[v.label] = v
    return out


@pytest.mark.parametrize("W1", [-0.3, 2.5, 0.0, 1e-3, 0.8])
def test_w1_set_by_its_number_box_gives_pythons_c0_and_gradients(
    chromium: Any, pages: Path, W1: float
) -> None:
    net = lecture_network(W1=W1)
    net.C0.backward()
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="W₁"]')
        set_leaf(op, "W₁", W1)
        assert shown(op, "C₀", "value") == pytest.approx(net.C0.data, rel=1e-12)
        assert shown(op, "W₁", "grad") == pytest.approx(net.W1.grad, rel=1e-12, abs=1e-300)
        for name, v in _labelled(net.C0).items():  # every node, value and gradient
            assert shown(op, name, "value") == pytest.approx(v.data, rel=1e-12), name
            assert shown(op, name, "grad") == pytest.approx(v.grad, rel=1e-12, abs=1e-300), name
        # the panel: the five factors, their product, the sum, the check — all at this W₁
        assert op.page.text_content(".panel [data-grad]") == number(net.W1.grad)
        assert float(op.page.get_attribute("[data-sum]", "data-value") or "nan") == pytest.approx(
            net.W1.grad, rel=1e-9, abs=1e-15
        )
        assert op.page.text_content('svg.graph [data-node="C₀"] text.val') == (
            f"value {number(net.C0.data)}"
        )
        factors = op.page.locator(".panel .factor").all_text_contents()
        assert factors[0] == f"∂z₁/∂W₁ = x = {number(net.x.data)}"
        assert factors[2] == f"∂z₂/∂a₁ = W₂ = {number(net.W2.data)}"
        assert op.page.locator(".panel .ok").count() == 1  # Σ products = W₁.grad ✓
        clean(op)


def test_the_slider_moves_every_number(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="b₂"]')
        slider = op.page.locator('input[type=range][data-slider="b₂"]')
        assert slider.is_visible()
        slider.evaluate("el => { el.value = '-1.25'; el.dispatchEvent(new Event('input')); }")
        net = lecture_network(b2=-1.25)
        net.C0.backward()
        assert op.page.input_value('input[data-input="b₂"]') == "−1.25"  # the slides' minus sign
        assert shown(op, "C₀", "value") == pytest.approx(net.C0.data, rel=1e-12)
        assert shown(op, "b₂", "grad") == pytest.approx(net.b2.grad, rel=1e-12)
        assert shown(op, "a₂", "value") == pytest.approx(net.a2.data, rel=1e-12)
        clean(op)


def test_a_typed_number_out_of_the_sliders_range_widens_it(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="x"]')
        set_leaf(op, "x", "−40")  # a true minus sign, as the page writes numbers
        assert op.page.get_attribute('input[data-slider="x"]', "min") == "-40"
        assert shown(op, "x", "value") == -40.0
        set_leaf(op, "x", "not a number")  # refused, said so, nothing changes
        assert "bad" in (op.page.get_attribute('input[data-input="x"]', "class") or "")
        assert shown(op, "x", "value") == -40.0
        clean(op)


def test_the_nudge_is_the_secant_python_computes(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="W₁"]')
        for h in (0.1, 1e-4):
            op.page.fill('input[data-nudge="W₁"]', str(h))
            C0 = lecture_network().C0.data
            C1 = lecture_network(W1=0.8 + h).C0.data
            got = float(op.page.get_attribute('[data-secant="W₁"]', "data-value") or "nan")
            assert got == pytest.approx((C1 - C0) / h, rel=1e-8)
            text = op.page.text_content('[data-secant="W₁"]') or ""
            assert f"= {number((C1 - C0) / h)} ≈ ∂C₀/∂W₁ = 0.0409" in text
        clean(op)


def test_one_update_with_eta_10_gives_the_update_slides_numbers(chromium: Any, pages: Path) -> None:
    net = lecture_network()
    net.C0.backward()
    params = {"W₁": net.W1, "b₁": net.b1, "W₂": net.W2, "b₂": net.b2}
    after = {k: p.data - 10.0 * p.grad for k, p in params.items()}
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.fill("input[data-eta]", "10")
        op.page.click("[data-action=update]")
        lines = op.page.locator("[data-update]").all_text_contents()
        assert lines == [
            f"{k} ← {k} − η·∂C₀/∂{k} = {number(p.data)} − 10 × {factor(p.grad)} = "
            f"{number(after[k])}"
            for k, p in sorted(params.items(), key=lambda kv: list(params).index(kv[0]))
        ]
        for k, w in after.items():
            assert shown(op, k, "value") == pytest.approx(w, rel=1e-12)
        moved = lecture_network(W1=after["W₁"], b1=after["b₁"], W2=after["W₂"], b2=after["b₂"])
        assert shown(op, "C₀", "value") == pytest.approx(moved.C0.data, rel=1e-12)
        assert moved.C0.data < net.C0.data  # the step went downhill
        op.page.keyboard.press("u")  # the key does it too: a second step, from there
        moved.C0.backward()
        w1 = after["W₁"] - 10.0 * moved.W1.grad
        assert shown(op, "W₁", "value") == pytest.approx(w1, rel=1e-12)
        op.page.click("[data-action=reset]")
        assert shown(op, "W₁", "value") == 0.8 and shown(op, "C₀", "value") == net.C0.data
        clean(op)


def test_backward_steps_follow_a_changed_leaf(chromium: Any, pages: Path) -> None:
    net = lecture_network(W2=0.7)
    net.C0.backward()
    grads = {k: v.grad for k, v in _labelled(net.C0).items()}
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.click('[data-node="W₂"]')
        set_leaf(op, "W₂", 0.7)
        op.page.locator("body").click(position={"x": 5, "y": 700})
        for _ in range(len(grads)):
            op.page.keyboard.press("ArrowRight")
            node = op.page.get_attribute("[data-step-node]", "data-step-node") or ""
            assert op.page.text_content("[data-upstream]") == number(grads[node]), node
        clean(op)


def _small(a_value: float) -> Value:
    a, b = Value(a_value, label="a"), Value(-1.5, label="b")
    c = a * b
    c.label = "c"
    e = (c + a).tanh()
    e.label = "e"
    return e


def test_op_level_steps_recomputed_are_backward_steps(chromium: Any, tmp_path: Path) -> None:
    from autograd.show.explore import explore

    path = explore(_small(0.5), collapse=False).save(tmp_path / "steps.html")
    steps = list(backward_steps(_small(2.0)))
    with opened(chromium, path) as op:
        op.page.click('[data-node="a"]')
        set_leaf(op, "a", 2.0)
        op.page.locator("body").click(position={"x": 5, "y": 700})
        for s in steps:
            op.page.keyboard.press("ArrowRight")
            got = float(op.page.get_attribute("[data-upstream]", "data-value") or "nan")
            assert got == pytest.approx(s.upstream, rel=1e-12)
        clean(op)


@pytest.mark.parametrize("name", ["lecture", "mlp"])
def test_a_change_is_recomputed_within_50_ms(chromium: Any, pages: Path, name: str) -> None:
    leaf = "W₁" if name == "lecture" else "w⁽¹⁾₁,₁"
    with opened(chromium, pages / f"explore_{name}.html") as op:
        op.page.dispatch_event(f'[data-node="{leaf}"]', "click")
        times = op.page.evaluate(
            """leaf => {
              const box = document.querySelector(`input[data-input="${leaf}"]`);
              const out = [];
              for (let k = 0; k < 20; k++) {
                const t0 = performance.now();
                box.value = String(0.1 * k - 1);
                box.dispatchEvent(new Event('input'));
                out.push(performance.now() - t0);
              }
              return out;
            }""",
            leaf,
        )
        assert max(times) < 50, times
        clean(op)


def test_the_mlp_page_recomputes_as_python(chromium: Any, pages: Path) -> None:
    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)  # as demos/explore.py builds it
    w = model.layers[0].neurons[1].w[0]
    w.data = -0.75
    C = mse([model([0.6, -0.4])], [1.0])
    C.label = "C"
    C.backward()
    with opened(chromium, pages / "explore_mlp.html") as op:
        op.page.dispatch_event(f'svg.layered [data-node="{w.label}"]', "click")
        set_leaf(op, str(w.label), -0.75)
        assert shown(op, "C", "value") == pytest.approx(C.data, rel=1e-12)
        for p in model.parameters():
            assert shown(op, str(p.label), "grad") == pytest.approx(p.grad, rel=1e-12), p.label
        clean(op)


def test_the_mlp_opens_in_layers_neurons_in_order_all_in_view(chromium: Any, pages: Path) -> None:
    with opened(
        chromium, pages / "explore_mlp.html", viewport={"width": 1280, "height": 720}
    ) as op:
        layers = op.page.locator("svg.layered")
        assert layers.is_visible() and not op.page.locator("svg.graph").is_visible()
        for symbol, layer, count in (("z", 1, 3), ("a", 1, 3), ("z", 2, 2)):
            ys = []
            for k in range(1, count + 1):
                box = op.page.locator(
                    f'svg.layered [data-node="{symbol}⁽{"¹²"[layer - 1]}⁾{"₁₂₃"[k - 1]}"]'
                ).bounding_box()
                assert box is not None
                ys.append(box["y"])
            assert ys == sorted(ys), (symbol, layer, ys)  # top to bottom: 1, 2, 3
        # nothing cropped: every node and its text inside the 1280×720 window, text readable
        boxes = op.page.eval_on_selector_all(
            "svg.layered [data-node]",
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [r.left, r.top, r.right, r.bottom]; })",
        )
        assert boxes and all(0 <= a and 0 <= b and c <= 1280 and d <= 720 for a, b, c, d in boxes)
        sizes = op.page.eval_on_selector_all(
            "svg.layered text",
            "els => els.filter(e => e.getBBox().width > 0).map(e =>"
            " parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a)",
        )
        assert min(sizes) >= 11, min(sizes)
        titles = op.page.locator("svg.layered .layer-f").all_text_contents()
        assert titles == ["f¹ = tanh", "f² = tanh", "y′ = z⁽³⁾"]
        assert "y′ = z⁽³⁾₁" in (op.page.text_content('svg.layered [data-node="z⁽³⁾₁"]') or "")
        clean(op)


def test_a_weight_in_layers_lights_the_paths_the_graph_lights(chromium: Any, pages: Path) -> None:
    with opened(chromium, pages / "explore_mlp.html") as op:
        lit = {}
        for view in ("layers", "graph"):
            op.page.click(f"[data-action=view][data-view={view}]")
            scope = "svg.layered" if view == "layers" else "svg.graph"
            # lines cross in the middle: the weight's own element, not a point on the screen
            op.page.dispatch_event(f'{scope} [data-node="w⁽¹⁾₂,₁"]', "click")
            lit[view] = set(
                op.page.eval_on_selector_all(
                    f"{scope} [data-edge][data-on]", "els => els.map(e => e.dataset.edge)"
                )
            )
            assert op.page.locator(f'{scope} [data-node="w⁽¹⁾₂,₁"].selected').count() == 1
        # in layers the weight is its line: its own edge w → z is not drawn apart
        assert lit["layers"] == lit["graph"] - {"w⁽¹⁾₂,₁→z⁽¹⁾₂"}
        assert "a⁽¹⁾₂→z⁽²⁾₁" in lit["layers"] and "a⁽¹⁾₂→z⁽²⁾₂" in lit["layers"]
        clean(op)


@pytest.mark.parametrize("name", ["lecture", "mlp"])
def test_presentation_mode_text_is_24_px_or_more(chromium: Any, pages: Path, name: str) -> None:
    leaf = "W₁" if name == "lecture" else "w⁽¹⁾₁,₁"
    with opened(
        chromium, pages / f"explore_{name}.html", viewport={"width": 1280, "height": 720}
    ) as op:
        op.page.locator("body").click(position={"x": 5, "y": 5})
        op.page.keyboard.press("p")  # the key; the button does the same
        assert "present" in (op.page.get_attribute(".explorer", "class") or "")
        op.page.dispatch_event(f'[data-node="{leaf}"]', "click")
        set_leaf(op, leaf, 1.6)  # W₁ dragged: every number changed
        sizes = op.page.evaluate(SMALLEST_TEXT)
        assert sizes[0][0] >= 24, sizes[:5]
        op.page.locator("body").click(position={"x": 1275, "y": 60})
        op.page.keyboard.press("ArrowRight")  # a backward step, its panel at 24 px too
        assert op.page.evaluate(SMALLEST_TEXT)[0][0] >= 24
        if name == "lecture":  # the lecture's network whole on one 1280×720 screen
            graph = op.page.locator("svg.present-graph").bounding_box()
            assert graph is not None and graph["x"] >= 0 and graph["x"] + graph["width"] <= 1280
            assert graph["y"] >= 0 and graph["y"] + graph["height"] <= 720
            panel = op.page.locator(".panel").bounding_box()  # under the graph, not over it
            assert panel is not None and panel["y"] >= graph["y"] + graph["height"]
        op.page.keyboard.press("h")  # the explanation hides, and comes back
        assert not op.page.locator(".panel").is_visible()
        op.page.click("[data-action=overlay] >> visible=true")
        assert op.page.locator(".panel").is_visible()
        op.page.click("[data-action=present]")  # the button leaves it
        assert "present" not in (op.page.get_attribute(".explorer", "class") or "").split()
        clean(op)


def test_a_node_not_reached_yet_says_so_inside_its_presentation_box(
    chromium: Any, pages: Path
) -> None:
    """Stepping backward() in presentation mode: the boxes backward() has not reached say so in
    grey, inside the box — "not reached" at 25 px spilled out of a box sized for a number, and
    took the gradient's brown (the grey is the palette's MUTED: GREY had 3.7:1 on W₁'s fill)."""
    with opened(
        chromium, pages / "explore_lecture.html", viewport={"width": 1280, "height": 720}
    ) as op:
        op.page.locator("body").click(position={"x": 5, "y": 5})
        op.page.keyboard.press("p")
        for _ in range(3):  # at z₂: W₁, x, b₁ and z₁ are not reached yet
            op.page.keyboard.press("ArrowRight")
        boxes = op.page.eval_on_selector_all(
            "svg.present-graph .node.waiting",
            """els => els.map(el => {
              const r = el.querySelector("rect").getBoundingClientRect();
              const t = el.querySelector("text.grad");
              const b = t.getBoundingClientRect();
              return [el.dataset.node, t.textContent, getComputedStyle(t).fill,
                      b.left >= r.left && b.right <= r.right];
            })""",
        )
        assert sorted(b[0] for b in boxes) == ["W₁", "b₁", "x", "z₁"], boxes
        for name, text, fill, inside in boxes:
            assert text == "not yet" and inside, (name, text)
            assert fill == "rgb(102, 102, 102)", (name, fill)  # palette.MUTED: 4.5:1 on a fill
        clean(op)


def test_a_nodes_tooltip_is_in_words_and_hides_nothing_it_describes(
    chromium: Any, pages: Path
) -> None:
    with opened(chromium, pages / "explore_lecture.html") as op:
        for name, text in (("W₁", "W₁ = 0.8; ∂C₀/∂W₁ = 0.0409"),
                           ("z₁", "z₁ = W₁·x + b₁ = 0.5; ∂C₀/∂z₁ = 0.0818")):  # fmt: skip
            node = op.page.locator(f'svg.graph [data-node="{name}"]')
            node.hover()
            tip = op.page.locator("[data-role=tip]")
            assert tip.is_visible() and tip.text_content() == text
            a, b = node.bounding_box(), tip.bounding_box()
            assert a is not None and b is not None
            apart = (b["y"] >= a["y"] + a["height"] or b["y"] + b["height"] <= a["y"]
                     or b["x"] >= a["x"] + a["width"] or b["x"] + b["width"] <= a["x"])  # fmt: skip
            assert apart, (a, b)
        ids = op.page.eval_on_selector_all("[data-node]", "els => els.map(e => e.dataset.node)")
        assert not [i for i in ids if i.startswith("n") and i[1:].isdigit()]  # no internal ids
        clean(op)


def test_enter_in_a_number_box_gives_the_keys_back_to_the_page(chromium: Any, pages: Path) -> None:
    # A lecturer types W₁ = 1.4, presses Enter, then p: presentation mode, not "1.4p" in the box.
    with opened(chromium, pages / "explore_lecture.html") as op:
        op.page.dispatch_event('[data-node="W₁"]', "click")
        box = 'input[data-input="W₁"]'
        op.page.fill(box, "1.4")
        op.page.focus(box)
        op.page.keyboard.press("Enter")
        op.page.keyboard.press("p")
        assert op.page.input_value(box) == "1.4"
        assert "present" in (op.page.get_attribute(".explorer", "class") or "").split()
        clean(op)


def test_presentation_mode_text_stays_inside_its_boxes(chromium: Any, pages: Path) -> None:
    # Three backward steps in, every name, value and gradient of every box inside its box.
    with opened(
        chromium, pages / "explore_lecture.html", viewport={"width": 1280, "height": 720}
    ) as op:
        op.page.locator("body").click(position={"x": 5, "y": 5})
        for _ in range(3):
            op.page.keyboard.press("ArrowRight")
        op.page.keyboard.press("p")
        spills = op.page.evaluate(
            """() => [...document.querySelectorAll("svg.present-graph [data-node]")].flatMap(g => {
              const box = g.querySelector("rect").getBoundingClientRect();
              return [...g.querySelectorAll("text")].filter(t => {
                const r = t.getBoundingClientRect();
                return r.left < box.left || r.right > box.right;
              }).map(t => g.dataset.node + ": " + t.textContent);
            })"""
        )
        assert spills == []
        clean(op)
