"""backward_steps: one step per node, the += at shared nodes visible, same result as backward()."""

from __future__ import annotations

import math
import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd import OPS, Value, apply, backward_steps, detect_anomaly
from autograd.backward import topological_order
from autograd.checks.strategies import Expression, expressions
from autograd.ops import Op
from tests.autograd.lecture import lecture_network


def test_steps_end_where_backward_ends() -> None:
    n = lecture_network()
    steps = list(backward_steps(n.C0))
    m = lecture_network()
    m.C0.backward()
    for name in ("x", "y", "W1", "b1", "W2", "b2", "z1", "a1", "z2", "a2", "C0"):
        assert getattr(n, name).grad == getattr(m, name).grad, name  # bit for bit
    # every node processed once, each after all its users (a reverse topological order)
    order = steps[0].order
    assert len(order) == len(set(order)) == 14
    place = {v: i for i, v in enumerate(order)}
    assert all(place[v] < place[p] for v in order for p in v.parents)
    assert steps[0].node is n.C0 and steps[0].upstream == 1.0


def test_shared_node_accumulation_is_visible() -> None:
    a = Value(3.0, label="a")
    s = a * a
    s.label = "s"
    steps = list(backward_steps(s))
    (first,) = steps  # a leaf gets no step of its own: it is final in its consumer's
    assert first.node is s and first.finalised == (a,)
    c0, c1 = first.contributions
    assert (c0.parent, c1.parent) == (a, a) and (c0.child, c0.upstream) == (s, 1.0)
    assert (c0.local, c0.added, c0.before, c0.after) == (3.0, 3.0, 0.0, 3.0)
    assert (c1.before, c1.after) == (3.0, 6.0)  # the second edge adds to the first: +=
    assert a.grad == 6.0


def test_snapshots_record_grads_per_step() -> None:
    n = lecture_network()
    steps = list(backward_steps(n.C0))
    assert steps[0].grads is not None
    assert steps[0].grads[n.W1] == 0.0
    assert steps[-1].grads is not None and steps[-1].grads[n.W1] != 0.0


def test_the_lectures_steps_go_from_the_last_layer_to_the_first() -> None:
    """Five steps, one per named node from C₀ back (the five factors of ∂C₀/∂W₁ multiply in
    one per step); layer 2's W₂ and b₂ are final at step 3, before anything of layer 1 is
    processed; no step is at a leaf; x and y are data."""
    n = lecture_network()
    steps = backward_steps(n.C0)
    assert [s.node for s in steps] == [n.C0, n.a2, n.z2, n.a1, n.z1]
    assert [s.finalised for s in steps] == [(n.y,), (), (n.W2, n.b2), (), (n.W1, n.x, n.b1)]
    assert [s.data for s in steps] == [(n.y,), (), (), (), (n.x,)]
    assert [s.inputs for s in steps] == [
        (n.a2, n.y), (n.z2,), (n.W2, n.a1, n.b2), (n.z1,), (n.W1, n.x, n.b1)
    ]  # fmt: skip
    # the unnamed (a₂ − y), W₂·a₁, W₁·x are processed within their named node's step
    assert [len(s.nodes) for s in steps] == [2, 1, 2, 1, 2]
    assert all(s.node.parents for s in steps)
    order = steps[0].order
    layer1 = [n.z1, n.a1, n.W1, n.b1, n.x]
    assert max(order.index(v) for v in (n.W2, n.b2)) < min(order.index(v) for v in layer1)
    assert str(steps[2]) == (
        "step 3 of 5: at z₂, ∂C₀/∂z₂ = −0.29 flows to W₂, a₁, b₂, "
        "times each edge's local derivative; final: W₂, b₂"
    )
    assert str(steps[0]).endswith("; y is data: not updated")
    assert len(backward_steps(n.C0, by="op")) == 8  # one per op node: the unnamed ones too
    with pytest.raises(ValueError, match="by is 'name'"):
        backward_steps(n.C0, by="node")  # type: ignore[arg-type]


def test_an_mlps_steps_finish_each_layer_before_the_previous_one() -> None:
    from autograd.notation.labels import lecture_label
    from nn import MLP, mse

    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)
    C = mse([model([0.6, -0.4])], [1.0])
    steps = backward_steps(C)
    order = steps[0].order
    heads = [str(s.node.label) for s in steps]
    assert heads[:3] == ["C", "C₀", lecture_label("z", 3, 1)]
    for l in range(len(model.layers), 1, -1):  # layer l's weights final before layer l − 1 starts
        layer = model.layers[l - 1]
        weights = [p for nrn in layer.neurons for p in (*nrn.w, nrn.b)]
        below = [lecture_label(kind, l - 1, k + 1) for kind in "za" for k in range(3)]
        earlier = [s.node for s in steps if s.node.label in below]
        assert earlier and max(map(order.index, weights)) < min(map(order.index, earlier))
        # and in the steps: every weight of layer l final in a step before layer l − 1's first
        final_at = {v: s.index for s in steps for v in s.finalised}
        first = min(s.index for s in steps if s.node in earlier)
        assert max(final_at[w] for w in weights) < first


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or struct.pack("<d", a) == struct.pack("<d", b)


def test_a_node_used_at_several_depths_sums_as_backward_does() -> None:
    """x feeds nodes near C and far from it; layer by layer takes the near ones first, which
    would add x's four terms in another order (…863807 instead of …86381): the users of x take
    their turns as in backward(), so the last bit agrees."""

    def build() -> tuple[Value, Value]:
        x = Value(0.7, label="x")
        v0 = (x * 0.5).exp()
        v0.label = "v0"
        v1 = x * x
        v1.label = "v1"
        root = (v0 + x) + v0 * 0.37 + v1 * 0.37
        return x, root

    (x1, r1), (x2, r2) = build(), build()
    r1.backward()
    steps = backward_steps(r2)
    assert x2.grad == x1.grad == 2.490061270786381
    assert [str(s.node.label) for s in steps][1:] == ["v1", "v0"]


@settings(max_examples=150, deadline=None)
@given(expressions(max_leaves=4, max_steps=14), st.integers(0, 2**32 - 1), st.booleans())
def test_steps_give_backwards_grads_bit_for_bit_in_any_layering(
    expr: Expression, seed_: int, accumulate: bool
) -> None:
    """Layer by layer is another order than backward()'s, yet every .grad is the same float:
    a node's users take their turns as in backward() (a sum of three terms, or a leaf's grad
    from an earlier pass plus two terms, depends on the order) — also with random labels and
    grads left from a previous pass."""
    rng = random.Random(seed_)
    built = [expr.build(*[Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)])
             for _ in range(2)]  # fmt: skip
    names = [rng.random() < 0.5 for _ in range(1000)]
    for root in built:
        for i, v in enumerate(topological_order(root)):
            if v.parents and names[i % 1000]:
                v.label = f"v{i}"
            if accumulate and not v.parents:
                v.grad = 0.1 * (i + 1)  # as if from an earlier backward()
    a_root, b_root = built
    a_root.backward()
    by = "op" if rng.random() < 0.3 else "name"
    steps = backward_steps(b_root, by=by)
    for va, vb in zip(topological_order(a_root), topological_order(b_root)):
        assert _same(va.grad, vb.grad), (va, vb)
    place = {v: i for i, v in enumerate(steps[0].order)}
    assert len(place) == len(topological_order(b_root))
    assert all(place[v] < place[p] for v in place for p in v.parents)
    assert all(s.node.parents or s.node is b_root for s in steps)  # never a step at a leaf


@given(expressions(max_leaves=3, max_steps=10))
def test_steps_match_backward_on_random_dags(expr: Expression) -> None:
    a = [Value(x) for x in expr.inputs]
    b = [Value(x) for x in expr.inputs]
    expr.build(*a).backward()
    for _ in backward_steps(expr.build(*b)):
        pass
    assert [v.grad for v in b] == pytest.approx([v.grad for v in a], nan_ok=True)


def _outcome(run: str, op: Op, xs: list[float], c: float | None) -> tuple[object, ...]:
    """Run one op's backward under detect_anomaly() by ``backward()`` or ``backward_steps()``;
    the outcome is the error message, or every leaf's gradient."""
    leaves = [Value(x, label=f"x{k}") for k, x in enumerate(xs)]
    with detect_anomaly():
        try:
            out = apply(op, *leaves, c=c)
            if run == "backward":
                out.backward()
            else:
                for _ in backward_steps(out):
                    pass
        except FloatingPointError as e:
            return ("raised", str(e))
    return ("grads", *[repr(v.grad) for v in leaves])


EDGE_INPUTS = [0.0, -0.0, 1e-310, 1.0, -1.0, 710.0, -710.0, 1e308]


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=lambda o: o.name)
def test_backward_and_backward_steps_take_the_same_step(op: Op) -> None:
    """One backward step serves both: under detect_anomaly() they raise (or not) alike, with the
    same message, on every table op at inputs where local derivatives overflow (√0, 1/0, …)."""
    n = op.arity if op.arity is not None else op.example_arity
    c = op.default_const if op.default_const is not None else (2.0 if op.const else None)
    seen_raise = False
    for x in EDGE_INPUTS:
        xs = [x] * n
        a, b = _outcome("backward", op, xs, c), _outcome("steps", op, xs, c)
        assert a == b, (op.name, x)
        seen_raise |= a[0] == "raised"
    if op.name in ("sqrt", "log", "rdiv_c", "div"):
        assert seen_raise, f"{op.name}: expected an anomaly at some edge input"
