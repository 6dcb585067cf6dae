"""The Value contract: graph recording, backward semantics, no_grad, detect_anomaly, bad input."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable

import pytest

from autograd import OPS, Value, apply, detect_anomaly, is_grad_enabled, no_grad, weighted_sum
from autograd.backward import topological_order
from autograd.checks.gradcheck import gradcheck
from autograd.notation.names import describe, formula


def test_value_basics() -> None:
    v = Value(3, label="x")
    assert v.data == 3.0 and isinstance(v.data, float)
    assert v.grad == 0.0 and isinstance(v.grad, float)
    assert v.label == "x" and v.parents == () and v.op is None and v.is_leaf()
    v.label = "x₁"
    assert v.label == "x₁"
    with pytest.raises(AttributeError):
        v.colour = "red"  # type: ignore[attr-defined]


def test_repr_shows_data_grad_label_and_op() -> None:
    a = Value(2.0, label="a")
    b = (a * a).tanh()
    b.label = "b"
    assert repr(a) == "Value(data=2.0, grad=0.0, label='a')"
    assert "op='tanh'" in repr(b) and "label='b'" in repr(b) and "data=0.999" in repr(b)


def test_parents_are_ordered_and_keep_duplicates() -> None:
    a, b = Value(2.0), Value(3.0)
    assert (a - b).parents == (a, b)
    assert (b - a).parents == (b, a)
    sq = a * a
    assert sq.parents == (a, a)
    sq.backward()
    assert a.grad == 4.0


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        (lambda x: 2 * x, 6.0),
        (lambda x: 1 - x, -2.0),
        (lambda x: 1 + x, 4.0),
        (lambda x: 3 / x, 1.0),
        (lambda x: 2**x, 8.0),
        (lambda x: x**2, 9.0),
        (lambda x: -x, -3.0),
        (lambda x: x / 2, 1.5),
        (lambda x: x - 1, 2.0),
    ],
)
def test_reflected_and_number_operands(expr, expected) -> None:  # type: ignore[no-untyped-def]
    x = Value(3.0)
    out = expr(x)
    assert isinstance(out, Value) and out.data == pytest.approx(expected)
    assert gradcheck(expr, [3.0])


def test_value_exponent() -> None:
    def f(x: Value, y: Value) -> Value:
        return x**y

    x, y = Value(2.0), Value(3.0)
    out = f(x, y)
    out.backward()
    assert x.grad == pytest.approx(12.0)
    assert y.grad == pytest.approx(8.0 * math.log(2.0))
    assert gradcheck(f, [1.7, -0.6])


def test_node_reuse_accumulates() -> None:
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0
    a.grad = 0.0
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0 and b.grad == 2.0


def test_backward_twice_leaves_accumulate_intermediates_do_not() -> None:
    """PyTorch's semantics: leaf grads sum over calls; an intermediate's grad is ∂root/∂node."""
    x = Value(2.0, label="x")
    h = x * x
    y = h * 3.0
    y.backward()
    assert (x.grad, h.grad, y.grad) == (12.0, 3.0, 1.0)
    y.backward()
    assert x.grad == 24.0
    assert h.grad == 3.0 and y.grad == 1.0


def test_backward_from_an_intermediate_after_a_larger_backward() -> None:
    x = Value(2.0)
    h = x * x
    y = h * 3.0
    y.backward()
    x.grad = 0.0
    h.backward()
    assert h.grad == 1.0 and x.grad == 4.0


def test_backward_gradient_argument_and_leaf_root() -> None:
    x = Value(1.5)
    y = x.exp()
    y.backward(2.0)
    assert x.grad == pytest.approx(2.0 * math.exp(1.5))
    x.backward()
    assert x.grad == pytest.approx(2.0 * math.exp(1.5) + 1.0)


def test_million_node_chain() -> None:
    x = Value(1.0, label="x")
    v = x
    for _ in range(1_000_000):
        v = v * 1.0
    v.backward()
    assert x.grad == 1.0
    assert len(topological_order(v)) == 1_000_001
    del v  # freeing a deep chain must not crash either


def test_no_grad_records_nothing() -> None:
    x = Value(2.0)
    with no_grad():
        assert not is_grad_enabled()
        y = x * x + 1.0
    assert is_grad_enabled()
    assert y.data == 5.0 and y.parents == () and y.op is None
    z = x * x
    assert z.parents == (x, x)


def test_no_grad_is_thread_local() -> None:
    seen: list[bool] = []
    with no_grad():
        t = threading.Thread(target=lambda: seen.append(is_grad_enabled()))
        t.start()
        t.join()
    assert seen == [True]


def test_no_grad_restores_after_exception() -> None:
    with pytest.raises(RuntimeError), no_grad():
        raise RuntimeError("boom")
    assert is_grad_enabled()


def test_detect_anomaly_forward_names_op_and_inputs() -> None:
    x = Value(-1.0, label="z₁")
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"'log'.*z₁"):
        x.log()
    assert math.isnan(x.log().data)  # outside the block nothing is raised


def test_detect_anomaly_does_not_report_inherited_nan_twice() -> None:
    bad = Value(math.nan, label="given")
    with detect_anomaly():
        y = bad * 2.0  # nan in, nan out: not a new anomaly
    assert math.isnan(y.data)


def test_detect_anomaly_backward_names_op_and_label() -> None:
    x = Value(0.0, label="x")
    r = x.sqrt()
    r.label = "r"
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"'sqrt'.*'r'"):
        r.backward()


def test_detect_anomaly_quiet_on_finite_graph() -> None:
    x = Value(0.3)
    with detect_anomaly():
        y = (x.sigmoid() * x.tanh()).exp()
        y.backward()
    assert math.isfinite(x.grad)


@pytest.mark.parametrize("bad", ["3", None, 1 + 2j, [1.0], (1.0,), {"a": 1}])
def test_bad_data_raises_type_error_naming_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        Value(bad)  # type: ignore[arg-type]


def test_value_of_value_is_refused() -> None:
    with pytest.raises(TypeError, match=r"\.data"):
        Value(Value(1.0))  # type: ignore[arg-type]


def test_bad_label() -> None:
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["x", None, [1.0], 1j])
def test_bad_operands_raise_type_error(bad: object) -> None:
    x = Value(1.0)
    for f in (
        lambda: x + bad,
        lambda: bad + x,
        lambda: x * bad,
        lambda: bad * x,
        lambda: x - bad,
        lambda: x / bad,
        lambda: bad / x,
        lambda: x**bad,
        lambda: bad**x,
    ):
        with pytest.raises(TypeError):
            f()


def test_apply_validates() -> None:
    x = Value(1.0)
    with pytest.raises(ValueError, match="takes 1 parent"):
        apply("exp", x, x)
    with pytest.raises(ValueError, match="no constant"):
        apply("exp", x, c=2.0)
    with pytest.raises(TypeError, match="float"):
        apply("exp", 1.0)  # type: ignore[arg-type]
    assert apply("leaky_relu", Value(-1.0)).data == pytest.approx(-0.01)


def test_weighted_sum_is_one_node() -> None:
    w = [Value(0.5), Value(-2.0)]
    a = [Value(3.0), 4.0]
    b = Value(0.25)
    z = weighted_sum(w, a, b)
    assert z.op == "wsum" and len(z.parents) == 5 and z.data == 0.5 * 3 - 2 * 4 + 0.25
    z.backward()
    assert [wk.grad for wk in w] == [3.0, 4.0]
    assert a[0].grad == 0.5  # type: ignore[union-attr]
    assert b.grad == 1.0
    with pytest.raises(ValueError, match="2 w, 1 a"):
        weighted_sum(w, [1.0], b)
    with pytest.raises(TypeError, match="bias"):
        weighted_sum(w, a, 1.0)  # type: ignore[arg-type]


def test_micrograd_sanity_expression() -> None:
    """micrograd's test_more_ops, with the values PyTorch computes for it."""
    a, b = Value(-4.0), Value(2.0)
    c = a + b
    d = a * b + b**3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g += 10.0 / f
    g.backward()
    assert g.data == pytest.approx(24.70408163265306, abs=1e-12)
    assert a.grad == pytest.approx(138.83381924198252, abs=1e-10)
    assert b.grad == pytest.approx(645.5772594752186, abs=1e-10)


def test_label_set_later_is_checked_when_set() -> None:
    v = Value(1.0) * 2.0
    with pytest.raises(TypeError, match="label must be a str"):
        v.label = 123  # type: ignore[assignment]
    v.label = "z₁"
    assert v.label == "z₁"
    v.label = None
    assert v.label is None


def test_labels_are_inserted_into_formulas_literally() -> None:
    """A label with ^ or braces is a name, never a template: w^1 stays w^1."""
    w = Value(2.0, label="w^1")
    x = Value(3.0, label="{x}")
    z = w * x
    assert formula(OPS["mul"], 0, ["w^1", "{x}"]) == "{x}"
    assert formula(OPS["mul"], 1, ["w^1", "{x}"]) == "w^1"
    assert formula(OPS["pow_c"], 0, ["w^1"], 3.0) == "3·w^1²"
    assert describe(OPS["mul"], ["w^1", "{x}"]) == "w^1·{x}"
    assert z.data == 6.0


def _anomaly(make: Callable[[], object]) -> str:
    with detect_anomaly(), pytest.raises(FloatingPointError) as caught:
        make()
    text = str(caught.value)
    # Complete sentences: what happened, the likely cause, what to do next.
    assert "Likely cause: " in text and "Next step: " in text and text.endswith("."), text
    return text


def test_detect_anomaly_says_why_and_what_next_outside_the_domain() -> None:
    z = Value(-0.5, label="z₁")
    text = _anomaly(z.log)
    assert "ln z₁ is not defined" in text and "outside the op's domain" in text
    assert "keep the input inside the domain" in text


def test_detect_anomaly_says_why_and_what_next_at_zero() -> None:
    z = Value(0.0, label="z₁")
    text = _anomaly(z.log)
    assert "returned -inf" in text and "infinite at an input of 0" in text
    assert "away from 0" in text


def test_detect_anomaly_suggests_a_smaller_learning_rate_on_overflow() -> None:
    z = Value(1000.0, label="z")
    text = _anomaly(z.exp)
    assert "exp(z) is larger than the largest float" in text
    assert "lower the learning rate" in text


def test_detect_anomaly_backward_names_the_local_derivative_formula() -> None:
    x = Value(0.0, label="x")
    r = x.sqrt()
    r.label = "r"
    text = _anomaly(r.backward)
    assert "∂r/∂x = 1/(2·√x) is inf at x = 0.0" in text  # the op table's formula
    assert "no finite derivative" in text and "keep x away from that point" in text


def test_detect_anomaly_backward_calls_an_overflowing_product_exploding() -> None:
    x = Value(1.0, label="x")
    y = x * 1e300
    y.label = "y"
    text = _anomaly(lambda: y.backward(1e10))
    assert "local × upstream = 1e+300 × 10000000000.0" in text and "exploding" in text
    assert "lower the learning rate" in text


def test_detect_anomaly_backward_points_at_piled_up_gradients() -> None:
    a = Value(3.0, label="a")
    a.grad = 1.7e308  # left over from earlier backward() calls
    b = a * 1.0
    b.label = "b"
    text = _anomaly(lambda: b.backward(1e308))
    assert "to the gradient a already held overflowed" in text and "zero_grad()" in text
