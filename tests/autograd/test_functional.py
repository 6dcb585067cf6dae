"""grad / create_graph / hvp / hessian / jvp / derivative, against backward(), finite differences
and the `math` module."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Op, Value, apply, derivative, explain, grad, hessian, hvp, jvp
from autograd.backward import topological_order
from autograd.checks.gradcheck import numerical_gradient
from autograd.checks.strategies import Expression, expressions
from tests.autograd.lecture import lecture_network


def _leaves(expr: Expression) -> list[Value]:
    return [Value(x, label=f"x{i}") for i, x in enumerate(expr.inputs)]


@given(expressions(max_leaves=3, max_steps=10))
def test_grad_equals_backward_and_leaves_grad_alone(expr: Expression) -> None:
    xs = _leaves(expr)
    C = expr.build(*xs)
    got = grad(C, xs)
    assert all(x.grad == 0.0 for x in topological_order(C))  # nothing written
    C.backward()
    assert list(got) == pytest.approx([x.grad for x in xs], nan_ok=True, rel=0, abs=0)


@given(expressions(max_leaves=3, max_steps=8))
def test_create_graph_first_derivatives_are_the_same_numbers(expr: Expression) -> None:
    xs = _leaves(expr)
    C = expr.build(*xs)
    floats = grad(C, xs)
    values = grad(C, xs, create_graph=True)
    assert all(isinstance(g, Value) for g in values)
    # the same numbers to the last bit: each node of the derivative's graph is built by the
    # op's own backward rule (tanh′ by the fused one_minus_square op), as PyTorch's are
    assert [g.data for g in values] == pytest.approx(list(floats), nan_ok=True, rel=0, abs=0)


@given(expressions(max_leaves=2, max_steps=6))
def test_second_derivatives_match_finite_differences_of_the_gradient(expr: Expression) -> None:
    xs = _leaves(expr)
    H = hessian(expr.build(*xs), xs)

    def gradient_at(point: list[float]) -> tuple[float, ...]:
        leaves = [Value(p) for p in point]
        return grad(expr.build(*leaves), leaves)

    eps = 1e-5
    for j in range(len(xs)):
        up = list(expr.inputs)
        down = list(expr.inputs)
        up[j] += eps
        down[j] -= eps
        numeric = [(a - b) / (2 * eps) for a, b in zip(gradient_at(up), gradient_at(down))]
        for i in range(len(xs)):
            assert H[i][j] == pytest.approx(numeric[i], rel=1e-3, abs=1e-4)


@pytest.mark.parametrize(
    ("build", "second"),
    [
        (lambda x: x.tanh(), lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2)),
        (
            lambda x: x.sigmoid(),
            lambda x: (s := 1 / (1 + math.exp(-x))) * (1 - s) * (1 - 2 * s),
        ),
        (lambda x: x.exp(), math.exp),
        (lambda x: x.log(), lambda x: -1 / x**2),
        (lambda x: x.sqrt(), lambda x: -0.25 * x**-1.5),
        (lambda x: x**3, lambda x: 6 * x),
        (lambda x: 1 / x, lambda x: 2 / x**3),
        (lambda x: x.softplus(), lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2),
        (lambda x: 2.0**x, lambda x: math.log(2.0) ** 2 * 2.0**x),
        (lambda x: x * x.exp(), lambda x: (x + 2) * math.exp(x)),
    ],
    ids=["tanh", "sigmoid", "exp", "log", "sqrt", "cube", "inverse", "softplus", "rpow", "xex"],
)
def test_second_derivatives_against_the_math_module(build, second) -> None:  # type: ignore[no-untyped-def]
    for x0 in (0.3, 0.9, 1.7):
        x = Value(x0)
        (g,) = grad(build(x), x, create_graph=True)
        (h,) = grad(g, x)
        assert h == pytest.approx(second(x0), rel=1e-12, abs=1e-14)


def test_third_and_fourth_derivatives_of_a_power() -> None:
    x = Value(1.5)
    f = x**4
    (d1,) = grad(f, x, create_graph=True)
    (d2,) = grad(d1, x, create_graph=True)
    (d3,) = grad(d2, x, create_graph=True)
    (d4,) = grad(d3, x)
    assert (d1.data, d2.data, d3.data, d4) == pytest.approx((4 * 1.5**3, 12 * 1.5**2, 36.0, 24.0))


def test_kinks_follow_pytorch_second_derivative_zero() -> None:
    # ReLU, abs: the first derivative is a constant (0 or ±1) on each side, so the second is 0;
    # at x = 0 PyTorch takes ReLU′(0) = 0 and abs′(0) = 0, with second derivative 0.
    for x0 in (-1.0, 0.0, 2.0):
        for f in (Value.relu, Value.abs):
            x = Value(x0)
            (g,) = grad(f(x) * 3.0, x, create_graph=True)
            (h,) = grad(g, x)
            assert h == 0.0
    x = Value(0.0)
    (g,) = grad(x.relu(), x, create_graph=True)
    assert g.data == 0.0


def test_hessian_is_symmetric_and_hvp_is_its_product() -> None:
    n = lecture_network()
    ws = [n.W1, n.b1, n.W2, n.b2]
    H = hessian(n.C0, ws)
    for i in range(4):
        for j in range(4):
            assert H[i][j] == pytest.approx(H[j][i], rel=1e-12)
    v = [0.5, -1.0, 2.0, 0.25]
    Hv = hvp(n.C0, ws, v)
    assert list(Hv) == pytest.approx([sum(H[i][j] * v[j] for j in range(4)) for i in range(4)])
    assert all(w.grad == 0.0 for w in ws)


def test_hessian_refuses_large_inputs() -> None:
    xs = [Value(1.0) for _ in range(65)]
    with pytest.raises(ValueError, match="hvp"):
        hessian(xs[0] * xs[1], xs)


def test_derivative_graph_is_labelled_in_the_lecture_names() -> None:
    n = lecture_network()
    (g,) = grad(n.C0, n.W1, create_graph=True)
    assert g.label == "∂C₀/∂W₁"
    labels = {v.label for v in topological_order(g)}
    assert {"∂C₀/∂a₂", "∂C₀/∂z₂", "∂C₀/∂a₁", "∂C₀/∂z₁", "∂C₀/∂C₀"} <= labels
    by_label = {v.label: v for v in topological_order(g)}
    m = lecture_network()
    m.C0.backward()
    assert by_label["∂C₀/∂a₁"].data == pytest.approx(m.a1.grad)
    assert by_label["∂C₀/∂z₂"].data == pytest.approx(m.z2.grad)
    # a gradient node shared by two names gets its own node: ∂C₀/∂b₂ = 1 · ∂C₀/∂z₂
    (gb2,) = grad(n.C0, n.b2, create_graph=True)
    assert gb2.label == "∂C₀/∂b₂" and gb2.data == pytest.approx(m.b2.grad)


def test_explain_works_on_a_derivative_and_sums_to_the_second_derivative() -> None:
    n = lecture_network()
    (g,) = grad(n.C0, n.W1, create_graph=True)
    text = explain(g, n.W1)
    shown = text.rsplit("Σ products = ", 1)[1].split()[0]
    total = float(shown.replace("−", "-"))  # explain() writes a true minus
    assert total == pytest.approx(hessian(n.C0, [n.W1])[0][0], rel=1e-5)
    assert "∂C₀/∂z₁" in text and "∂C₀/∂a₂" in text


def test_draw_graph_shows_the_derivative_nodes() -> None:
    from autograd.show.viz import draw_graph

    n = lecture_network()
    (g,) = grad(n.C0, n.W1, create_graph=True)
    source = draw_graph(g, collapse=True).source
    # The drawing may write subscripts as <sub>…</sub> or as Unicode: read it as plain text.
    text = re.sub(r"<[^>]+>", "", source).translate(str.maketrans("₀₁₂", "012"))
    for name in ("C0/∂a1", "C0/∂a2", "C0/∂z1", "C0/∂z2", "C0/∂W1", "C0/∂C0"):
        assert f"∂{name}" in text


def test_grad_options_and_errors() -> None:
    a, b = Value(2.0), Value(3.0)
    p, q = a * b, a + b
    assert grad([p, q], [a, b], grad_outputs=[2.0, -1.0]) == (2 * 3 - 1, 2 * 2 - 1)
    assert grad(p, [a, Value(7.0)]) == (3.0, 0.0)  # unused input: 0
    (zero,) = grad(p, Value(7.0, label="u"), create_graph=True)
    assert zero.data == 0.0 and zero.label == "∂C/∂u"
    with pytest.raises(TypeError):
        grad(p, [2.0])  # type: ignore[list-item]
    with pytest.raises(ValueError):
        grad(p, a, grad_outputs=[1.0, 2.0])
    with pytest.raises(ValueError):
        grad(p, [])


def test_jvp_is_the_directional_derivative() -> None:
    n = lecture_network()
    ws = [n.W1, n.b1, n.W2, n.b2]
    g = grad(n.C0, ws)
    t = [1.0, -2.0, 0.5, 3.0]
    (d,) = jvp(n.C0, ws, t)
    assert d == pytest.approx(sum(gi * ti for gi, ti in zip(g, t)), rel=1e-12)


@given(expressions(max_leaves=3, max_steps=10))
def test_forward_and_reverse_mode_agree(expr: Expression) -> None:
    xs = _leaves(expr)
    C = expr.build(*xs)
    fwd = derivative(C, xs, mode="forward")
    rev = derivative(C, xs, mode="reverse")
    assert list(fwd.values) == pytest.approx(list(rev.values), rel=1e-9, abs=1e-12)
    assert (fwd.sweeps, rev.sweeps) == (len(xs), 1)
    numeric = numerical_gradient(expr.build, list(expr.inputs))
    assert list(rev.values) == pytest.approx(numeric, rel=1e-4, abs=1e-5)


def test_counts_on_the_lecture_network() -> None:
    n = lecture_network()
    ws = [n.W1, n.b1, n.W2, n.b2]
    rev = derivative(n.C0, ws, mode="reverse")
    fwd = derivative(n.C0, ws, mode="forward")
    # Reverse: one product per parent slot of each op node that C depends on:
    # C₀ = (a₂−y)² [1], a₂−y [2], σ [1], + [2], W₂·a₁ [2], σ [1], + [2], W₁·x [2] = 13.
    assert rev.multiply_adds == 13
    # Forward: W₁ passes through 7 ops (one product each), b₁ through 6, W₂ through 6, b₂ 5.
    assert fwd.multiply_adds == 7 + 6 + 6 + 5
    assert derivative(n.C0, n.W1, mode="forward").value == pytest.approx(rev.values[0])
    with pytest.raises(ValueError):
        derivative(n.C0, ws, mode="sideways")  # type: ignore[arg-type]


def test_counts_on_an_mlp_grow_with_the_number_of_weights() -> None:
    from nn import MLP, mse

    model = MLP(2, [16, 16, 1], seed=1)
    C = mse([model([0.5, -0.3])], [1.0])
    ws = model.parameters()
    assert len(ws) == 337
    rev = derivative(C, ws, mode="reverse")
    fwd = derivative(C, ws, mode="forward")
    assert (rev.sweeps, fwd.sweeps) == (1, 337)
    assert fwd.multiply_adds > 5 * rev.multiply_adds
    assert list(fwd.values) == pytest.approx(list(rev.values), rel=1e-9, abs=1e-12)


def test_a_derivative_of_a_derivative_reads_with_parentheses() -> None:
    """The gradient's own graph is named in the lecture's notation; differentiating it again
    writes ∂(∂C₀/∂W₁)/∂W₁ — in grad()'s labels, in explain() and on the drawings' edges."""
    from autograd import explain
    from autograd.functional import grad
    from nn.lecture import lecture_network

    n = lecture_network()
    (g,) = grad(n.C0, [n.W1], create_graph=True)
    (h,) = grad(g, [n.W1], create_graph=True)
    assert g.label == "∂C₀/∂W₁"
    assert h.label == "∂(∂C₀/∂W₁)/∂W₁"
    text = explain(g, n.W1)
    assert text.startswith("∂(∂C₀/∂W₁)/∂W₁: ")
    assert "∂∂" not in text


# --- jvp masks as backward() does ----------------------------------------------------------------

INF, NAN = math.inf, math.nan


def _x_over_itself() -> tuple[Value, list[Value], list[float]]:
    x = y = Value(1e-320)
    return x / y, [x, y], [0.0, 0.0]


def _log_of_the_smallest() -> tuple[Value, list[Value], list[float]]:
    x = Value(5e-324)
    return x.log(), [x], [0.0]


def _relu_off(
    tangent: float, at: float = -1.0
) -> Callable[[], tuple[Value, list[Value], list[float]]]:
    def build() -> tuple[Value, list[Value], list[float]]:
        x = Value(at)
        return x.relu(), [x], [tangent]

    return build


def _power_zero() -> tuple[Value, list[Value], list[float]]:
    x, y = Value(2.0), Value(0.0)
    return x**y, [x, y], [INF, 0.0]


def _pow_c_zero() -> tuple[Value, list[Value], list[float]]:
    x = Value(2.0)
    return x**0.0, [x], [INF]


def _exp_overflow() -> tuple[Value, list[Value], list[float]]:
    x = Value(710.0)
    return x.exp(), [x], [0.0]


def _behind_a_relu() -> tuple[Value, list[Value], list[float]]:
    x, w = Value(-2.0), Value(3.0)
    return x.relu() * w, [x, w], [INF, 0.0]


MASKED = {
    "x/y, x = y = 1e-320, tangents 0": _x_over_itself,
    "ln x at 5e-324, tangent 0": _log_of_the_smallest,
    "ReLU at -1, tangent inf": _relu_off(INF),
    "ReLU at -1, tangent -inf": _relu_off(-INF),
    "ReLU at -1, tangent nan": _relu_off(NAN),
    "ReLU at 0, tangent inf": _relu_off(INF, at=0.0),
    "x^y at y = 0, tangent inf on x": _power_zero,
    "x^0, tangent inf": _pow_c_zero,
    "exp(710) = inf, tangent 0": _exp_overflow,
    "ReLU(x)·w, x < 0, tangent inf on x": _behind_a_relu,
}


@pytest.mark.parametrize("build", MASKED.values(), ids=MASKED.keys())
def test_jvp_masked_cases_give_exactly_zero(
    build: Callable[[], tuple[Value, list[Value], list[float]]],
) -> None:
    out, inputs, tangents = build()
    assert jvp(out, inputs, tangents) == (0.0,)


def test_jvp_divides_as_backward_does_where_the_local_derivative_overflows() -> None:
    x = Value(1e-310)
    (d,) = jvp(x.log(), [x], [1e-10])
    assert d == 1e-10 / 1e-310 == grad(x.log(), [x], grad_outputs=[1e-10])[0]  # not inf


EDGES = st.sampled_from(
    [0.0, -0.0, 5e-324, 1e-320, -1e-300, 1.0, -2.5, 710.0, -710.0, 1e308, -1e308, INF, -INF, NAN]
)


def _arity(op: Op) -> int:
    return op.arity if op.arity is not None else op.example_arity


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=lambda o: o.name)
@given(data=st.data())
def test_jvp_zero_tangents_give_zero_whatever_the_inputs(op: Op, data: st.DataObject) -> None:
    xs = [data.draw(EDGES) for _ in range(_arity(op))]
    c = data.draw(EDGES) if op.const else None
    leaves = [Value(x) for x in xs]
    out = apply(op, *leaves, c=c)
    assert jvp(out, leaves, [0.0] * len(leaves)) == (0.0,)


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=lambda o: o.name)
@given(data=st.data())
def test_jvp_of_an_inf_or_nan_tangent_is_backwards_contribution(
    op: Op, data: st.DataObject
) -> None:
    """Along one edge, forward and reverse mode multiply the same two numbers: the tangent of an
    input and ∂out/∂input, or the upstream and ∂out/∂input. Where that product is not finite,
    jvp takes what backward() adds — the table's rule, masked where the rule masks."""
    xs = [data.draw(EDGES) for _ in range(_arity(op))]
    c = data.draw(EDGES) if op.const else None
    k = data.draw(st.integers(0, len(xs) - 1))
    t = data.draw(st.sampled_from([INF, -INF, NAN]))
    leaves = [Value(x) for x in xs]
    out = apply(op, *leaves, c=c)
    tangents = [t if i == k else 0.0 for i in range(len(leaves))]
    (forward,) = jvp(out, leaves, tangents)
    reverse = grad(out, leaves, grad_outputs=[t])[k]
    assert forward == reverse or (math.isnan(forward) and math.isnan(reverse))


def test_grad_outputs_take_the_numbers_a_value_takes() -> None:
    """A seed in grad_outputs is a real number as `Value(data)` takes one — a numpy scalar
    too — and a bool is refused with the same words."""
    np = pytest.importorskip("numpy")
    a = Value(2.0)
    p = a * a
    assert grad(p, a, grad_outputs=np.float32(2.0)) == (8.0,)
    assert grad(p, a, grad_outputs=[np.int64(3)]) == (12.0,)
    with pytest.raises(TypeError, match=r"grad_outputs needs a real number, got a bool"):
        grad(p, a, grad_outputs=[True])
    with pytest.raises(TypeError, match=r"grad_outputs needs a real number .* got str"):
        grad(p, a, grad_outputs=["1"])


def test_a_derivatives_repr_is_one_line_not_every_value() -> None:
    # repr(derivative(C, model.parameters())) dumped all 337 values
    from nn import MLP, mse

    model = MLP(2, [16, 16, 1], seed=0)
    C = mse([model([0.5, -0.3])], [1.0])
    d = derivative(C, model.parameters())
    assert repr(d) == (
        f"<Derivative: 337 values ∂C/∂w by reverse mode (1 sweep, {d.multiply_adds:,} "
        "multiply-adds); in .values[i] = ∂C/∂wᵢ>"
    )
    w = Value(2.0, label="w")
    C0 = w * w
    C0.label = "C₀"
    said = repr(derivative(C0, w, mode="forward"))
    assert said.startswith("<Derivative: 1 value ∂C₀/∂w by forward mode (1 sweep,"), said
    assert said.endswith("in .value>")
