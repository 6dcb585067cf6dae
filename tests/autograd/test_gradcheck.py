"""The checker is itself checked: it accepts right rules and rejects a deliberately wrong one."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value, apply
from autograd.checks.gradcheck import GradcheckError, gradcheck, numerical_gradient
from autograd.checks.strategies import Expression, expressions, op_inputs
from autograd.ops import OPS, Domain, Op


def _wrong_sin_partials(x: float, out: float) -> tuple[float]:
    return (-math.cos(x),)  # deliberately wrong sign


WRONG_SIN = Op(
    name="wrong_sin",
    symbol="sin({0})",
    arity=1,
    forward=math.sin,
    partials=_wrong_sin_partials,
    formulas=("cos({0})",),
    domain=(Domain(),),
)


def test_gradcheck_rejects_a_wrong_rule_naming_input_and_values() -> None:
    with pytest.raises(GradcheckError) as info:
        gradcheck(lambda a, b: a * apply(WRONG_SIN, b), [1.5, 0.5])
    err = info.value
    assert isinstance(err, AssertionError)
    assert err.index == 1
    assert err.analytic == pytest.approx(-1.5 * math.cos(0.5))
    assert err.numeric == pytest.approx(1.5 * math.cos(0.5), rel=1e-6)
    assert "input 1" in str(err) and repr(err.analytic) in str(err)


def test_gradcheck_accepts_a_right_function() -> None:
    assert gradcheck(lambda a, b: (a * b).tanh() + a.exp() / b, [0.3, -1.2])


def test_gradcheck_requires_a_value() -> None:
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda a: 3.0, [1.0])  # type: ignore[arg-type, return-value]


def test_numerical_gradient() -> None:
    g = numerical_gradient(lambda a, b: a * b * b, [2.0, 3.0])
    assert g == pytest.approx([9.0, 12.0], rel=1e-7)


@given(expressions())
def test_random_dags_match_finite_differences(expr: Expression) -> None:
    assert gradcheck(expr.build, expr.inputs, rtol=1e-4, atol=1e-5)


@given(expressions(max_leaves=2, max_steps=12))
def test_random_dags_backward_twice_doubles_leaf_grads(expr: Expression) -> None:
    leaves = [Value(x) for x in expr.inputs]
    root = expr.build(*leaves)
    root.backward()
    once = [v.grad for v in leaves]
    root.backward()
    assert [v.grad for v in leaves] == pytest.approx([2 * g for g in once], nan_ok=True)


@given(st.data())
def test_op_inputs_takes_an_op_name_as_apply_does(data: st.DataObject) -> None:
    # A teacher writes op_inputs("log") as they write apply("log", x): the name must draw
    # inputs inside that op's domain (log's is x > 0), and feed a passing gradcheck.
    for name in ("log", "sqrt", "tanh", "pow_c"):
        op = OPS[name]
        xs, c = data.draw(op_inputs(name))
        assert len(xs) == op.arity
        for k, x in enumerate(xs):
            d = op.input_domain(k)
            assert d.lo < x < d.hi
        assert (c is None) == (not op.const)
        assert gradcheck(lambda *v, name=name, c=c: apply(name, *v, c=c), xs)


@given(st.data())
def test_op_inputs_names_the_known_ops_for_an_unknown_name(data: st.DataObject) -> None:
    with pytest.raises(ValueError, match=r"no op named 'sine'.*tanh"):
        data.draw(op_inputs("sine"))
