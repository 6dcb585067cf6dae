"""Every op in the table, automatically: forward vs the math module, every local partial vs
finite differences inside its domain, PyTorch's values at the edges, and no op ever raising."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value, apply
from autograd.checks.gradcheck import gradcheck
from autograd.checks.strategies import op_inputs
from autograd.notation.names import describe, formula
from autograd.ops import Op

# Forward oracles from the math module. An op added to the table without one fails
# test_every_op_has_an_oracle — that is how a new op enrols in these tests.
ORACLE: dict[str, Callable[..., float]] = {
    "add": lambda x, y: x + y,
    "sub": lambda x, y: x - y,
    "mul": lambda x, y: x * y,
    "div": lambda x, y: x / y,
    "pow": math.pow,
    "add_c": lambda x, c: x + c,
    "sub_c": lambda x, c: x - c,
    "rsub_c": lambda x, c: c - x,
    "mul_c": lambda x, c: x * c,
    "div_c": lambda x, c: x / c,
    "rdiv_c": lambda x, c: c / x,
    "pow_c": math.pow,
    "rpow_c": lambda x, c: math.pow(c, x),
    "leaky_relu": lambda x, c: x if x > 0 else c * x,
    "neg": lambda x: -x,
    "exp": math.exp,
    "log": math.log,
    "tanh": lambda x: (math.exp(2 * x) - 1) / (math.exp(2 * x) + 1),  # the slide's formula
    "sigmoid": lambda x: 1 / (1 + math.exp(-x)),
    "one_minus_square": lambda y: 1 - y * y,
    "relu": lambda x: max(x, 0.0),
    "sqrt": math.sqrt,
    "abs": math.fabs,
    "softplus": lambda x: math.log(1 + math.exp(x)),
    "sum": lambda *v: math.fsum(v),
    "mean": lambda *v: math.fsum(v) / len(v),
    "wsum": lambda *v: math.fsum(v[k] * v[k + 1] for k in range(0, len(v) - 1, 2)) + v[-1],
}

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)
IDS = [op.name for op in ALL_OPS]


def _arity(op: Op) -> int:
    return op.arity if op.arity is not None else op.example_arity


def test_every_op_has_an_oracle() -> None:
    assert sorted(ORACLE) == sorted(OPS)


@pytest.mark.parametrize("op", ALL_OPS, ids=IDS)
def test_table_entry_is_complete(op: Op) -> None:
    n = _arity(op)
    names = [f"p{k}" for k in range(n)]
    for k in range(n):
        assert formula(op, k, names, 2.0), f"{op.name}: no formula for parent {k}"
    assert describe(op, names, 2.0)
    xs = [0.5] * n + ([op.default_const or 0.5] if op.const else [])
    assert len(op.partials(*xs, op.forward(*xs))) == n


@pytest.mark.parametrize("op", ALL_OPS, ids=IDS)
@given(data=st.data())
def test_forward_matches_math(op: Op, data: st.DataObject) -> None:
    xs, c = data.draw(op_inputs(op))
    args = (*xs, c) if op.const else xs
    out = apply(op, *[Value(x) for x in xs], c=c)
    assert out.data == pytest.approx(ORACLE[op.name](*args), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("op", ALL_OPS, ids=IDS)
@given(data=st.data())
def test_each_partial_matches_finite_differences(op: Op, data: st.DataObject) -> None:
    xs, c = data.draw(op_inputs(op))
    assert gradcheck(lambda *v: apply(op, *v, c=c), xs, rtol=1e-5, atol=1e-7)


EXTREMES = [0.0, -0.0, 1e-300, -1e-300, 1.0, -1.0, 710.0, -710.0, 1e308, -1e308]
SPECIAL = [*EXTREMES, math.inf, -math.inf, math.nan]


@pytest.mark.parametrize("op", ALL_OPS, ids=IDS)
@given(data=st.data())
def test_no_op_ever_raises(op: Op, data: st.DataObject) -> None:
    """Not "math range error", not "math domain error", not ZeroDivisionError: IEEE values."""
    anything = st.one_of(st.sampled_from(SPECIAL), st.floats(allow_nan=True, allow_infinity=True))
    xs = [data.draw(anything) for _ in range(_arity(op))]
    c = data.draw(anything) if op.const else None
    args = [*xs] + ([c] if op.const else [])
    out = op.forward(*args)
    local = op.partials(*args, out)
    assert isinstance(out, float)
    assert all(isinstance(d, float) for d in local)


# PyTorch float64 at the edges (each checked by hand against torch 2.13.0):
# (op, inputs, c, value, local partials)
INF, NAN = math.inf, math.nan
EDGES = [
    ("sigmoid", (1e308,), None, 1.0, (0.0,)),
    ("sigmoid", (-1e308,), None, 0.0, (0.0,)),
    ("sigmoid", (-745.0,), None, 0.0, (0.0,)),
    ("sigmoid", (0.0,), None, 0.5, (0.25,)),
    ("tanh", (1e308,), None, 1.0, (0.0,)),
    ("tanh", (-1e308,), None, -1.0, (0.0,)),
    ("tanh", (400.0,), None, 1.0, (0.0,)),
    ("exp", (1000.0,), None, INF, (INF,)),
    ("exp", (-1000.0,), None, 0.0, (0.0,)),
    ("log", (0.0,), None, -INF, (INF,)),
    ("log", (-1.0,), None, NAN, (-1.0,)),
    ("relu", (0.0,), None, 0.0, (0.0,)),
    ("relu", (-2.0,), None, 0.0, (0.0,)),
    ("relu", (3.0,), None, 3.0, (1.0,)),
    ("relu", (NAN,), None, NAN, (1.0,)),
    ("sqrt", (0.0,), None, 0.0, (INF,)),
    ("sqrt", (-1.0,), None, NAN, (NAN,)),
    ("abs", (0.0,), None, 0.0, (0.0,)),
    ("softplus", (1000.0,), None, 1000.0, (1.0,)),
    ("softplus", (-1000.0,), None, 0.0, (0.0,)),
    ("leaky_relu", (0.0,), 0.01, 0.0, (0.01,)),
    ("div", (1.0, 0.0), None, INF, (INF, -INF)),
    ("div", (0.0, 0.0), None, NAN, (INF, NAN)),
    ("rdiv_c", (0.0,), 1.0, INF, (-INF,)),
    ("pow_c", (0.0,), -1.0, INF, (-INF,)),
    ("pow_c", (-0.0,), -1.0, -INF, (-INF,)),
    ("pow_c", (-8.0,), 1 / 3, NAN, (NAN,)),
    ("pow_c", (10.0,), 400.0, INF, (INF,)),
    ("pow_c", (2.0,), 0.0, 1.0, (0.0,)),
    ("pow", (0.0, 2.0), None, 0.0, (0.0, 0.0)),
    ("pow", (-2.0, 2.0), None, 4.0, (-4.0, NAN)),
    ("rpow_c", (3.0,), 0.0, 0.0, (0.0,)),
    ("pow_c", (-INF,), 0.5, NAN, (NAN,)),
    ("rdiv_c", (1e-300,), 0.0, 0.0, (NAN,)),
]


def _same(a: float, b: float) -> bool:
    if math.isnan(b):
        return math.isnan(a)
    return a == pytest.approx(b, rel=1e-12, abs=1e-300) and math.copysign(1, a) == math.copysign(
        1, b
    )


@pytest.mark.parametrize(("name", "xs", "c", "value", "local"), EDGES)
def test_pytorch_values_at_the_edges(
    name: str, xs: tuple[float, ...], c: float | None, value: float, local: tuple[float, ...]
) -> None:
    out = apply(name, *[Value(x) for x in xs], c=c)
    assert _same(out.data, value), (out.data, value)
    got = out.local_derivatives()
    assert all(_same(g, e) for g, e in zip(got, local)), (got, local)


@pytest.mark.parametrize("op", ALL_OPS, ids=IDS)
@given(data=st.data())
def test_partials_evaluate_on_values_too(op: Op, data: st.DataObject) -> None:
    """Rules are plain arithmetic: handed Values they build a graph (for a gradient of a
    gradient) and agree with the float evaluation."""
    xs, c = data.draw(op_inputs(op))
    leaves = [Value(x) for x in xs]
    out = apply(op, *leaves, c=c)
    args_v = [*leaves] + ([c] if op.const else [])
    args_f = [*xs] + ([c] if op.const else [])
    on_values = op.partials(*args_v, out)
    on_floats = op.partials(*args_f, out.data)
    got = [d.data if isinstance(d, Value) else d for d in on_values]
    assert got == pytest.approx(list(on_floats), rel=1e-12, abs=1e-12)


def test_ordering_compares_values_and_equality_is_identity() -> None:
    a, b = Value(1.0), Value(2.0)
    assert a < b and b > a and a <= 1 and b >= 2.0 and 0 < a
    assert a != Value(1.0) and a == a
    assert len({a, Value(1.0)}) == 2
    with pytest.raises(TypeError):
        _ = a < "x"  # type: ignore[operator]


@pytest.mark.parametrize(
    ("c", "expected"),
    [
        (None, "c·x^(c−1)"),
        (3.0, "3·x²"),
        (2.0, "2·x"),
        (-1.0, "(−1)·x⁻²"),
        (0.5, "0.5·x^(−0.5)"),
        (-0.5, "(−0.5)·x^(−1.5)"),
    ],
)
def test_power_rule_formula_reads_naturally(c: float | None, expected: str) -> None:
    assert formula(OPS["pow_c"], 0, ["x"], c) == expected


def test_negative_numbers_in_names_and_formulas_read_as_on_a_slide() -> None:
    # The slides write −1.2 (a true minus) and put a negative operand in parentheses; names
    # and formulas used to print 2·-3, z + -0.5 and -2 beside values printed −2.
    from autograd.notation.names import edge_formula, node_name

    x = Value(1.5, label="x")
    scaled = x * -2.0
    shifted = scaled + -0.5
    assert node_name(Value(-3.0)) == "−3"
    assert node_name(Value(2.0) * Value(-3.0)) == "(2·(−3))"
    assert node_name(shifted) == "((−2)·x + (−0.5))"
    assert edge_formula(scaled, 0) == "−2"  # a lone constant needs no parentheses
    assert node_name(x**-1.0) == "(x⁻¹)" and edge_formula(x**-1.0, 0) == "−x⁻²"
    assert node_name(Value(-2.5e-7)) == "−2.5e−7"
    for v in (scaled, shifted, x**-1.0, Value(2.0) * Value(-3.0)):
        assert "-" not in node_name(v) and all("-" not in edge_formula(v, k) for k in (0,))
