"""chain_paths / count_paths / total_derivative: the chain rule as a sum over paths."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, chain_paths, count_paths, explain, total_derivative
from autograd.checks.strategies import Expression, expressions
from autograd.show.paths import format_count
from nn import MLP, mse
from tests.autograd.lecture import lecture_network


def sig(t: float) -> float:
    return 1.0 / (1.0 + math.exp(-t))


def dsig(t: float) -> float:
    return sig(t) * (1.0 - sig(t))


def test_lecture_network_collapsed_is_the_slides_five_factors() -> None:
    n = lecture_network()
    z1 = 0.8 * 0.5 + 0.1
    a1 = sig(z1)
    z2 = -1.2 * a1 + 0.3
    a2 = sig(z2)
    (p,) = chain_paths(n.C0, n.W1, collapse=True)
    assert [v.label for v in p.nodes] == ["W₁", "z₁", "a₁", "z₂", "a₂", "C₀"]
    assert p.symbols() == ["∂z₁/∂W₁", "∂a₁/∂z₁", "∂z₂/∂a₁", "∂a₂/∂z₂", "∂C₀/∂a₂"]
    assert p.factors == pytest.approx([0.5, dsig(z1), -1.2, dsig(z2), 2 * (a2 - 1.0)], rel=1e-12)
    assert p.formulas() == ["x", "σ(z₁)·(1−σ(z₁))", "W₂", "σ(z₂)·(1−σ(z₂))", "2·(a₂ − y)"]
    n.C0.backward()
    assert p.product == pytest.approx(n.W1.grad, rel=1e-12)


def test_lecture_network_w2_and_b2_have_three_factors() -> None:
    n = lecture_network()
    n.C0.backward()
    (pw,) = chain_paths(n.C0, n.W2, collapse=True)
    (pb,) = chain_paths(n.C0, n.b2, collapse=True)
    assert pw.symbols() == ["∂z₂/∂W₂", "∂a₂/∂z₂", "∂C₀/∂a₂"]
    assert pb.symbols() == ["∂z₂/∂b₂", "∂a₂/∂z₂", "∂C₀/∂a₂"]
    assert pb.factors[0] == 1.0 and pb.formulas()[0] == "1"
    assert pw.factors[0] == pytest.approx(n.a1.data)
    assert pw.product == pytest.approx(n.W2.grad) and pb.product == pytest.approx(n.b2.grad)


def test_lecture_network_with_nn_labels() -> None:
    model = MLP(1, [1, 1], activation="sigmoid", output_activation="sigmoid", seed=0)
    out = model([0.5])
    assert isinstance(out, Value)
    C = mse([out], [1.0])
    C0 = C.parents[0]
    assert C0.label == "C₀"
    w1 = model.layers[0].neurons[0].w[0]
    (p,) = chain_paths(C0, w1, collapse=True)
    assert [v.label for v in p.nodes] == ["w⁽¹⁾₁,₁", "z⁽¹⁾₁", "a⁽¹⁾₁", "z⁽²⁾₁", "a⁽²⁾₁", "C₀"]
    assert len(p.factors) == 5
    C0.backward()
    assert p.product == pytest.approx(w1.grad)


def test_no_backward_needed_and_no_grad_touched() -> None:
    n = lecture_network()
    total = total_derivative(n.C0, n.W1)
    assert n.W1.grad == 0.0 and n.C0.grad == 0.0
    n.C0.backward()
    assert total == pytest.approx(n.W1.grad, rel=1e-12)


def test_parallel_edges_are_distinct_paths() -> None:
    a = Value(3.0, label="a")
    s = a * a
    paths = chain_paths(s, a)
    assert len(paths) == 2 == count_paths(s, a)
    assert [p.edges[0].slot for p in paths] == [0, 1]
    assert sum(p.product for p in paths) == 6.0
    (collapsed,) = chain_paths(s, a, collapse=True)  # a and s only: one edge, factor 2a
    assert collapsed.factors == (6.0,)
    assert "3 + 3" in collapsed.edges[0].formula() or collapsed.edges[0].formula() == "a + a"


def test_shared_node_b_is_a_plus_a() -> None:
    a = Value(1.0, label="a")
    b = a + a
    c = b + b
    assert count_paths(c, a) == 4
    assert sum(p.product for p in chain_paths(c, a)) == 4.0


def test_unrelated_node_has_no_paths() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a.exp()
    assert chain_paths(c, b) == [] and count_paths(c, b) == 0 and total_derivative(c, b) == 0.0


def test_path_from_a_node_to_itself() -> None:
    a = Value(2.0)
    (p,) = chain_paths(a, a)
    assert p.nodes == (a,) and p.factors == () and p.product == 1.0


def test_count_paths_of_a_deep_wide_mlp_without_listing() -> None:
    model = MLP(2, [16] * 11 + [1], seed=0)
    out = model([0.1, 0.2])
    assert isinstance(out, Value)
    w = model.layers[0].neurons[0].w[0]
    assert count_paths(out, w) == 16**10  # 11 layers of 16 above w's neuron: 10 branchings
    C = mse([out], [0.0])
    assert count_paths(C, w) == 16**10
    model12 = MLP(2, [16] * 12 + [1], seed=0)
    out12 = model12([0.1, 0.2])
    assert isinstance(out12, Value)
    assert count_paths(out12, model12.layers[0].neurons[0].w[0]) == 16**11


def test_cap_raises_with_the_count_and_a_hint() -> None:
    model = MLP(2, [16, 16, 16, 16, 1], seed=0)
    out = model([0.1, 0.2])
    assert isinstance(out, Value)
    w = model.layers[0].neurons[0].w[0]
    with pytest.raises(ValueError, match=r"4,096 paths.*limit="):
        chain_paths(out, w, cap=1_000)
    top = chain_paths(out, w, limit=5)
    assert len(top) == 5
    assert [abs(p.product) for p in top] == sorted((abs(p.product) for p in top), reverse=True)


def test_limit_validation() -> None:
    a = Value(1.0)
    with pytest.raises(ValueError, match="limit"):
        chain_paths(a.exp(), a, limit=0)
    with pytest.raises(TypeError):
        chain_paths(1.0, a)  # type: ignore[arg-type]


def _label_some(root: Value, rng: random.Random) -> None:
    from autograd.backward import topological_order

    for i, v in enumerate(topological_order(root)):
        if v.parents and rng.random() < 0.5:
            v.label = f"n{i}"


@given(expressions(max_leaves=3, max_steps=10), st.booleans(), st.integers(0, 1000))
def test_sum_of_path_products_is_the_gradient(expr: Expression, collapse: bool, seed: int) -> None:
    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)]
    root = expr.build(*leaves)
    _label_some(root, random.Random(seed))
    root.backward()
    for leaf in leaves:
        paths = chain_paths(root, leaf, collapse=collapse)
        assert count_paths(root, leaf, collapse=collapse) == len(paths)
        total = math.fsum(p.product for p in paths)
        assert total == pytest.approx(leaf.grad, rel=1e-9, abs=1e-9)
        for p in paths:
            assert len(p.factors) == len(p.nodes) - 1
            assert p.nodes[0] is leaf and p.nodes[-1] is root


@given(expressions(max_leaves=3, max_steps=10), st.integers(0, 1000))
def test_collapsed_edges_agree_with_the_routes_they_sum(expr: Expression, seed: int) -> None:
    # Each collapsed edge u → v: its listed routes go u → … → v through unlabelled nodes only,
    # there are n_routes of them with n_edges edges in all, and their products sum to its factor.
    from autograd.show.paths import collapse_graph, whole_graph

    leaves = [Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)]
    root = expr.build(*leaves)
    _label_some(root, random.Random(seed))
    g = whole_graph(root)
    keep = {v for v in g.order if v.label is not None} | {root}
    cg = collapse_graph(g, keep)
    assert cg.order == [v for v in g.order if v in keep]
    for u in cg.order:
        targets = [e.v for e in cg.out[u]]
        assert len(set(targets)) == len(targets)
        assert targets == sorted(targets, key=g.order.index)  # in topological order
        for e in cg.out[u]:
            assert e.n_routes >= 1 and e.n_edges >= e.n_routes
            if not e.routes:
                assert e.n_routes > 8 or e.n_edges > 40
                continue
            assert len(e.routes) == e.n_routes
            assert sum(len(r) for r in e.routes) == e.n_edges
            products = []
            for r in e.routes:
                assert r[0].u is u and r[-1].v is e.v
                assert all(a.v is b.u for a, b in itertools.pairwise(r))
                assert all(step.v not in keep for step in r[:-1])
                products.append(math.prod(step.factor for step in r))
            scale = math.fsum(abs(p) for p in products)  # terms may cancel: error ∝ their size
            if math.isfinite(scale):  # (an overflowing product has no error bound to check)
                assert abs(math.fsum(products) - e.factor) <= 1e-12 * scale


@given(expressions(max_leaves=3, max_steps=12), st.integers(1, 6))
def test_top_k_is_sorted_and_starts_with_the_true_maximum(expr: Expression, k: int) -> None:
    leaves = [Value(x) for x in expr.inputs]
    root = expr.build(*leaves)
    for leaf in leaves:
        everything = chain_paths(root, leaf)
        top = chain_paths(root, leaf, limit=k)
        assert len(top) == min(k, len(everything))
        mags = [abs(p.product) for p in top]
        assert mags == sorted(mags, reverse=True)
        if everything:
            assert mags[0] == pytest.approx(max(abs(p.product) for p in everything))
            best = sorted((abs(p.product) for p in everything), reverse=True)[: len(top)]
            assert mags == pytest.approx(best)


@given(
    st.lists(st.integers(1, 3), min_size=1, max_size=3),
    st.sampled_from(["tanh", "sigmoid", "relu"]),
    st.integers(0, 10_000),
    st.booleans(),
)
def test_random_mlps_path_sums_equal_grads(
    sizes: list[int], act: str, seed: int, collapse: bool
) -> None:
    model = MLP(2, [*sizes, 1], activation=act, seed=seed)
    out = model([0.4, -0.9])
    assert isinstance(out, Value)
    C = mse([out], [0.25])
    C.backward()
    for p in model.parameters():
        total = math.fsum(q.product for q in chain_paths(C, p, collapse=collapse))
        assert total == pytest.approx(p.grad, rel=1e-9, abs=1e-12)


def test_top_k_order_survives_rounding() -> None:
    """Hypothesis found this: two paths whose products differ only in the last bit."""
    from autograd.checks.strategies import Step

    expr = Expression(
        (1.8293684913796717,),
        (
            Step("mul_c", (0,), 0.6875),
            Step("abs", (0,), None),
            Step("div", (0, 1), None),
            Step("pow", (0, 3), None),
        ),
    )
    x = Value(expr.inputs[0])
    root = expr.build(x)
    mags = [abs(p.product) for p in chain_paths(root, x, limit=3)]
    assert mags == sorted(mags, reverse=True)


# --- scale: long chains, many routes, huge counts ---------------------------------------------


def _chain(n: int) -> tuple[Value, Value]:
    w = Value(0.5, label="w")
    v = w
    for _ in range(n):
        v = v * 1.0001 + 0.25
    v.label = "C"
    return v, w


@pytest.mark.parametrize("collapse", [False, True])
def test_a_long_chain_is_one_path_with_every_factor(collapse: bool) -> None:
    # 6,000 op nodes: a size that runs fast; benchmarks/paths_scale.py measures the growth.
    C, w = _chain(3_000)
    (p,) = chain_paths(C, w, collapse=collapse)
    C.backward()
    if collapse:  # one collapsed edge over one op-level route of 6,000 edges, too long to list
        (e,) = p.edges
        assert p.nodes == (w, C) and (e.n_routes, e.n_edges, e.routes) == (1, 6_000, ())
        assert e.formula() == "Π of 6,000 local derivatives along one route"
    else:
        assert len(p.nodes) == 6_001 and p.nodes[0] is w and p.nodes[-1] is C
        assert p.factors == (1.0001, 1.0) * 3_000
    assert p.product == pytest.approx(w.grad, rel=1e-12)
    assert p.product == pytest.approx(1.0001**3_000, rel=1e-9)


class _CountingOut(dict):  # type: ignore[type-arg]
    """g.out that counts its lookups: the work collapse_graph does, without timing anything."""

    lookups = 0

    def __getitem__(self, key: object) -> object:
        _CountingOut.lookups += 1
        return super().__getitem__(key)


def test_collapse_lists_routes_without_walking_routes_to_other_targets() -> None:
    # x reaches T1 by one route and T2 by 2¹⁶ routes through a ladder of diamonds. Listing the
    # one route to T1 must not walk the 65,536 routes into the ladder.
    from autograd.show.paths import _op_level, collapse_graph

    x = Value(0.3, label="x")
    v = x
    for _ in range(16):
        v = v * 1.1 + v * 0.9
    v.label = "T2"
    t1 = x * 2.0 + 1.0
    t1.label = "T1"
    C = t1 + v
    C.label = "C"
    g = _op_level(C, x)
    g.out = _CountingOut(g.out)
    _CountingOut.lookups = 0
    cg = collapse_graph(g, {x, t1, v, C})
    assert _CountingOut.lookups < 10 * len(g.order)  # linear in the graph, not in the routes
    e1, e2 = cg.out[x]
    assert (e1.v, e1.n_routes, len(e1.routes)) == (t1, 1, 1)
    assert (e2.v, e2.n_routes, e2.routes) == (v, 2**16, ())
    assert e1.factor == 2.0 and e2.factor == pytest.approx(2.0**16, rel=1e-12)


def test_collapsing_a_chain_fed_by_many_leaves_walks_the_chain_once() -> None:
    # draw_graph's view: 100 labelled leaves feeding an unlabelled chain of 4,000 ops. Each
    # leaf's edge to C sums the rest of the chain; that chain must not be walked once per leaf.
    from autograd.show.paths import collapse_graph, whole_graph

    xs = [Value(0.01 * i, label=f"x{i}") for i in range(100)]
    v = Value(1.0)
    for i in range(2_000):
        v = v * 1.0001 + (xs[i // 20] if i % 20 == 0 else 0.0)
    v.label = "C"
    g = whole_graph(v)
    g.out = _CountingOut(g.out)
    _CountingOut.lookups = 0
    cg = collapse_graph(g, {u for u in g.order if u.label is not None})
    assert _CountingOut.lookups <= 2 * len(g.order)  # not 100 × the chain
    v.backward()
    for x in xs:
        (e,) = cg.out[x]
        assert e.v is v and e.n_routes == 1 and e.factor == pytest.approx(x.grad, rel=1e-12)


def test_format_count_exact_then_scientific() -> None:
    assert format_count(0) == "0" and format_count(4096) == "4,096"
    assert format_count(10**15 - 1) == "999,999,999,999,999"
    assert format_count(10**15) == "≈ 1.00 × 10¹⁵"
    assert format_count(2**64) == "≈ 1.84 × 10¹⁹"  # 18,446,744,073,709,551,616
    assert format_count(99_950_000_000_000_000) == "≈ 1.00 × 10¹⁷"  # 9.995 rounds up
    assert format_count(2**15_000) == "≈ 2.82 × 10⁴⁵¹⁵"  # past the int → str limit


def _doubled(n: int) -> tuple[Value, Value]:
    w = Value(1.0, label="w")
    v = w
    for _ in range(n):  # v = v + v: the path count doubles each time, to 2ⁿ
        v = v + v
    v.label = "C"
    return v, w


def test_explain_every_op_shows_huge_counts_in_scientific_notation() -> None:
    v, w = _doubled(60)
    text = explain(v, w, collapse=False, limit=2)
    assert "∂C/∂w: ≈ 1.15 × 10¹⁸ paths from w to C" in text  # 1,152,921,504,606,846,976
    assert "and ≈ 1.15 × 10¹⁸ more paths" in text
    from autograd.show.viz import draw_paths

    assert "… and ≈ 1.15 × 10¹⁸ more paths" in draw_paths(v, w, collapse=False, limit=2).source


def test_a_count_beyond_the_int_to_str_limit_is_explained_and_refused_readably() -> None:
    v, w = _doubled(15_000)  # 2¹⁵⁰⁰⁰ has 4,516 digits, past Python's 4,300-digit str limit
    assert count_paths(v, w) == 2**15_000
    text = explain(v, w)  # one collapsed edge that sums 2¹⁵⁰⁰⁰ routes
    assert "1 path from w to C" in text and "Σ over ≈ 2.82 × 10⁴⁵¹⁵ routes" in text
    with pytest.raises(ValueError, match=r"along ≈ 2\.82 × 10⁴⁵¹⁵ paths"):
        chain_paths(v, w)
    from autograd.show.viz import draw_paths

    source = draw_paths(v, w).source  # the drawing's edge label carries the same count
    assert "Σ over ≈ 2.82 × 10" in source
    assert "10⁴⁵¹⁵" in source or ">4515<" in source  # as text, or as a <sup> in the label
