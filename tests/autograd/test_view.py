"""autograd.show.view: the one "what to show" layer — checked against chain_paths, count_paths,
backward_steps, backward() and finite differences, never against a copy of a formula."""

from __future__ import annotations

import json
import math
import random
import struct
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, backward_steps, chain_paths, count_paths
from autograd.checks.strategies import Expression, expressions
from autograd.show.text import number
from autograd.show.view import GraphView, graph_view
from autograd.show.weight_paths import path_listing
from nn import MLP, mse
from tests.autograd.lecture import lecture_network


def _names(view: GraphView) -> dict[str, str]:
    return {n.id: n.name for n in view.nodes}


def _edge_pairs(view: GraphView, edge_ids: tuple[str, ...] | list[str]) -> Counter[tuple[str, str]]:
    names = _names(view)
    by_id = {e.id: e for e in view.edges}
    return Counter((names[by_id[i].parent], names[by_id[i].child]) for i in edge_ids)


def _labelled(values: list[Value]) -> list[Value]:
    return [v for v in values if v.label is not None]


def test_lecture_view_lists_the_slides_factors_in_the_lectures_notation() -> None:
    n = lecture_network()
    view = graph_view(n.C0)
    assert {v.name for v in view.nodes} == {
        "x", "y", "W₁", "b₁", "W₂", "b₂", "z₁", "a₁", "z₂", "a₂", "C₀"
    }  # fmt: skip
    assert view.nodes[-1].id == view.root and view.nodes[-1].kind == "cost"
    kinds = {v.name: v.kind for v in view.nodes}
    assert kinds["W₁"] == kinds["b₂"] == "param" and kinds["x"] == kinds["y"] == "input"
    texts = {e.symbol: e.text for e in view.edges}
    assert texts["∂z₁/∂W₁"] == "∂z₁/∂W₁ = x = 0.5"
    assert texts["∂z₂/∂a₁"] == "∂z₂/∂a₁ = W₂ = −1.2"
    assert texts["∂z₁/∂b₁"] == "∂z₁/∂b₁ = 1"  # formula "1" = value: written once
    pv = view.paths[view.node("W₁").id]
    assert pv.count == 1 and len(pv.paths) == 1
    names = _names(view)
    assert [names[i] for i in pv.paths[0].nodes] == ["W₁", "z₁", "a₁", "z₂", "a₂", "C₀"]
    (p,) = chain_paths(n.C0, n.W1, collapse=True)
    assert pv.paths[0].factors == p.factors and pv.paths[0].product == p.product


def test_every_nodes_paths_are_chain_paths_and_sum_to_its_backward_grad() -> None:
    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)
    C = mse([model([0.6, -0.4])], [1.0])
    for collapse in (True, False):
        view = graph_view(C, params=model.parameters(), collapse=collapse)
        C.backward()
        for w in model.parameters():
            pv = view.paths[view.node(str(w.label)).id]
            paths = chain_paths(C, w, collapse=collapse)
            assert pv.count == count_paths(C, w, collapse=collapse) == len(paths)
            expected = Counter(
                (e.u.label or "", e.v.label or "") for e in {e for p in paths for e in p.edges}
            )
            if collapse:  # every drawn node is labelled: names identify edges
                assert _edge_pairs(view, pv.edges) == expected
            assert pv.total == pytest.approx(math.fsum(p.product for p in paths), rel=1e-12)
            assert pv.grad == w.grad and pv.agrees
            listed = pv.paths
            assert [p.product for p in listed] == sorted(
                (p.product for p in listed), key=abs, reverse=True
            )
            assert math.fsum(p.product for p in listed) + pv.rest == pytest.approx(pv.total)
        for v in model.parameters():
            v.grad = 0.0


def test_many_paths_are_listed_top_k_and_the_rest_counted() -> None:
    model = MLP(2, [4, 4, 4, 1], activation="tanh", seed=1)
    C = mse([model([0.3, 0.9])], [0.5])
    view = graph_view(C, params=model.parameters(), top=5)
    w = model.layers[0].neurons[0].w[0]
    pv = view.paths[view.node(str(w.label)).id]
    assert pv.count == 16 and len(pv.paths) == 5
    top = chain_paths(C, w, collapse=True, limit=5)
    assert [p.product for p in pv.paths] == [p.product for p in top]
    everything = chain_paths(C, w, collapse=True)
    assert pv.rest == pytest.approx(
        math.fsum(p.product for p in everything) - math.fsum(p.product for p in top), abs=1e-15
    )


def test_viewing_leaves_every_grad_as_it_was() -> None:
    n = lecture_network()
    nodes = [n.x, n.y, n.W1, n.b1, n.W2, n.b2, n.z1, n.a1, n.z2, n.a2, n.C0]
    for i, v in enumerate(nodes):
        v.grad = 100.0 + i  # as if accumulated from earlier passes
    view = graph_view(n.C0)
    assert [v.grad for v in nodes] == [100.0 + i for i in range(len(nodes))]
    for v in nodes:
        v.grad = 0.0
    n.C0.backward()
    assert {v.name: v.grad for v in view.nodes} == {str(v.label): v.grad for v in nodes}


def test_op_level_steps_are_backward_steps() -> None:
    a = Value(0.5, label="a")
    b = Value(-1.5, label="b")
    e = (a * b + a).tanh()
    e.label = "e"
    view = graph_view(e, collapse=False)
    steps = list(backward_steps(e))
    assert len(view.steps) == len(steps)
    ids = {v: n.id for v, n in zip(_order(e), view.nodes)}
    for frame, step in zip(view.steps, steps):
        assert frame.node == ids[step.node] and frame.upstream == step.upstream
        assert [(c.parent, c.local, c.added, c.before, c.after) for c in frame.contributions] == [
            (ids[c.parent], c.local, c.added, c.before, c.after) for c in step.contributions
        ]
        assert step.grads is not None
        assert frame.grads == {ids[v]: g for v, g in step.grads.items()}
    # a is used twice: a step adds to a gradient that was already nonzero (the +=)
    a_id = ids[a]
    adds = [c for f in view.steps for c in f.contributions if c.parent == a_id]
    assert len(adds) == 2 and adds[1].before == adds[0].after != 0.0


def _order(root: Value) -> list[Value]:
    from autograd.backward import topological_order

    return topological_order(root)


def test_a_times_a_has_two_edges_and_two_paths() -> None:
    a = Value(1.5, label="a")
    c = a * a
    c.label = "c"
    view = graph_view(c, collapse=False)
    (e1, e2) = view.edges
    assert (e1.parent, e1.child) == (e2.parent, e2.child) and {e1.slot, e2.slot} == {0, 1}
    pv = view.paths[view.node("a").id]
    assert pv.count == 2 and pv.total == pytest.approx(3.0) == pv.grad


@given(expressions(max_leaves=3, max_steps=10), st.booleans(), st.integers(0, 1000))
def test_property_view_grads_paths_and_steps_agree_with_backward(
    expr: Expression, collapse: bool, seed: int
) -> None:
    rng = random.Random(seed)
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)]
    root = expr.build(*leaves)
    order = _order(root)
    for i, v in enumerate(order):  # label a random half of the computed nodes
        if v.parents and rng.random() < 0.5:
            v.label = f"v{i}"
    root.label = root.label or "C"
    view = graph_view(root, collapse=collapse, max_nodes=10_000)
    json.dumps(view.to_dict())  # JSON-ready
    root.backward()
    by_name = {n.name: n for n in view.nodes}
    for v in order:
        if v.label is None and collapse:
            continue
        if v.label is not None:
            assert by_name[v.label].grad == v.grad
    final = view.steps[-1].grads
    for n in view.nodes:
        # the backward frames end at backward()'s gradients, collapsed or not
        assert final[n.id] == pytest.approx(n.grad, rel=1e-9, abs=1e-9)
        if n.id != view.root:
            pv = view.paths[n.id]
            assert pv.total == pytest.approx(n.grad, rel=1e-7, abs=1e-9)
    # each frame's upstream is that node's final ∂C/∂node: its consumers all came before it
    for frame in view.steps:
        assert frame.upstream == pytest.approx(final[frame.node], rel=1e-9, abs=1e-9)


def test_collapsed_steps_pass_total_derivatives_along_drawn_edges() -> None:
    n = lecture_network()
    view = graph_view(n.C0)
    names = _names(view)
    assert names[view.steps[0].node] == "C₀" and view.steps[0].upstream == 1.0
    first = {names[c.parent]: c for c in view.steps[0].contributions}
    assert set(first) == {"a₂", "y"}  # the unlabelled (a₂ − y) is folded into the edges
    n.C0.backward()
    assert first["a₂"].added == pytest.approx(n.a2.grad) and first["y"].added == pytest.approx(
        n.y.grad
    )


def test_numbers_are_written_one_way() -> None:
    # the view writes every number with autograd.show.text, as the drawings and explain() do
    view = graph_view(lecture_network().C0)
    d = view.to_dict()
    for node in d["nodes"]:
        assert node["value_text"] == number(node["value"])
        assert float(node["grad_text"].replace("−", "-")) == pytest.approx(node["grad"], rel=5e-3)
    assert {e["value_text"] for e in d["edges"]} >= {"0.5", "−1.2", "1"}


def test_too_large_a_graph_is_refused_with_advice() -> None:
    model = MLP(3, [8, 8, 1], seed=0)
    C = mse([model([0.1, 0.2, 0.3])], [1.0])
    with pytest.raises(ValueError, match="max_nodes"):
        graph_view(C, max_nodes=20)
    with pytest.raises(TypeError):
        graph_view(1.0)  # type: ignore[arg-type]
    plain = graph_view(C, with_paths=False, max_nodes=1000)
    assert plain.paths == {} and len(plain.steps) == len(plain.nodes)


def test_path_listing_is_chain_paths_by_name() -> None:
    model = MLP(2, [4, 4, 1], activation="tanh", seed=1)
    C = mse([model([0.3, 0.9])], [0.5])
    C.label = "C"
    w = model.layers[0].neurons[1].w[0]
    listing = path_listing(C, w, top=3)
    top = chain_paths(C, w, collapse=True, limit=3)
    everything = chain_paths(C, w, collapse=True)
    assert listing.count == len(everything) == 4 and len(listing.paths) == 3
    assert [p.nodes for p in listing.paths] == [tuple(str(v.label) for v in p.nodes) for p in top]
    assert listing.paths[0].factors[0] == f"∂{top[0].nodes[1].label}/∂{w.label} = x₁ = 0.3"
    assert listing.total == pytest.approx(math.fsum(p.product for p in everything))
    assert listing.rest == pytest.approx(listing.total - math.fsum(p.product for p in top))
    C.backward()
    assert listing.total == pytest.approx(w.grad, rel=1e-12)
    assert json.loads(json.dumps(listing.to_dict()))["total_text"] == number(w.grad)


def test_an_unlabelled_graph_still_shows_every_leaf_and_its_paths() -> None:
    a, b = Value(1.5), Value(-0.5)
    C = a * a + a * b  # nothing labelled: the collapsed view keeps the leaves and C
    view = graph_view(C)
    assert sorted(n.name for n in view.nodes) == sorted(["1.5", "−0.5", view.nodes[-1].name])
    C.backward()
    for leaf, name in ((a, "1.5"), (b, "−0.5")):  # named by value, with a true minus sign
        pv = view.paths[view.node(name).id]
        paths = chain_paths(C, leaf, collapse=True)
        assert pv.count == len(paths) == 1  # one collapsed edge, the total derivative
        assert pv.total == pytest.approx(leaf.grad) and pv.grad == leaf.grad


def test_step_captions_count_as_the_step_slides_do() -> None:
    """The page's step k and the slides' step k are the same node: both count from 1 (the
    slides' step 0 is the seed, before any node is processed)."""
    from autograd.notation.names import node_name
    from autograd.show.viz import step_frames

    a = Value(0.5, label="a")
    b = Value(-1.5, label="b")
    c = a * b
    c.label = "c"
    e = (c + a).tanh()
    e.label = "e"
    view = graph_view(e, collapse=False, with_paths=False)
    captions = [caption for caption, _ in step_frames(e)]
    names = _names(view)
    assert len(captions) == len(view.steps) + 1
    for s in view.steps:
        k = s.index + 1
        assert s.caption.startswith(f"step {k}: "), s.caption
        assert captions[k].startswith(f"step {k}: at {names[s.node]},"), (captions[k], s.caption)
        assert captions[k] == s.caption  # one wording (notation.step_text), slide and page
        assert names[s.node] == node_name(list(backward_steps(e))[s.index].node)


def _same_float(a: float, b: float) -> bool:
    """Bit for bit: the same float, the sign of a zero included (any nan is a nan)."""
    return (math.isnan(a) and math.isnan(b)) or struct.pack("<d", a) == struct.pack("<d", b)


def test_collapsed_steps_add_what_backward_adds() -> None:
    """Every node labelled: the lecture's view is the graph of ops, and each collapsed step adds
    what backward() adds there (`backward.contributions`: the division's own rule, upstream / y,
    where (1/y) × upstream is another float) — so the last frame holds backward()'s grads."""
    x, y, k = Value(5.0, label="x"), Value(3.0, label="y"), Value(5.0, label="k")
    q = x / y
    q.label = "q"
    C = q * k
    C.label = "C"
    view = graph_view(C)
    C.backward()
    final = view.steps[-1].grads
    assert final[view.node("x").id] == x.grad == 5.0 / 3.0 != (1.0 / 3.0) * 5.0
    assert all(_same_float(final[n.id], n.grad) for n in view.nodes)


@given(expressions(max_leaves=3, max_steps=10))
def test_property_collapsed_steps_of_a_labelled_graph_are_backwards_bit_for_bit(
    expr: Expression,
) -> None:
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)]
    root = expr.build(*leaves)
    order = _order(root)
    for i, v in enumerate(order):
        if v.parents:
            v.label = f"v{i}"
    view = graph_view(root, max_nodes=10_000, with_paths=False)
    assert view.collapsed and len(view.nodes) == len(order)  # nothing to fold away
    root.backward()
    final = view.steps[-1].grads
    by_name = {n.name: n.id for n in view.nodes}
    # A parent used twice by one node (a·a) is one collapsed edge, whose factor sums both
    # slots: that node adds (f₁ + f₂)·upstream where backward() adds f₁·upstream, then
    # f₂·upstream — equal up to rounding only (the difference `view._passed` names).
    repeated = any(len(set(map(id, v.parents))) < len(v.parents) for v in order)
    for v in order:
        got = final[by_name[str(v.label)]]
        if repeated:
            assert got == pytest.approx(v.grad, rel=1e-9, abs=1e-12, nan_ok=True)
        else:
            assert _same_float(got, v.grad), (v.label, got, v.grad)
