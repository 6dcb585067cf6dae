"""Numerics at the extremes, without PyTorch: the single-op repros of issue 15, the op table's
own ``backward`` rules against its partials, structural zeros masked, quotients and tanh′
rounded once, and every op at hostile inputs against the `math` module and exact rational
arithmetic (`fractions.Fraction`). The differential fuzz against PyTorch itself is
tests/torch/test_fuzz.py (``make test-torch``); it checks the same repros against PyTorch.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value, apply
from autograd.backward import contributions
from autograd.checks.strategies import op_inputs
from autograd.ops import Op
from tests.autograd.hostile import random_case, run_ours
from tests.autograd.test_ops import ORACLE as SLIDE_ORACLE

# At hostile inputs the slide formulas for tanh and softplus lose everything to cancellation
# (e²ˣ−1 at x = 1e−10); the math module has the exact functions, and 1 − y² is exact in
# fractions.
ORACLE = {
    **SLIDE_ORACLE,
    "tanh": math.tanh,
    "softplus": lambda x: math.log1p(math.exp(x)),
    "one_minus_square": lambda y: rounded(1 - Fraction(y) ** 2) if math.isfinite(y) else -y * y,
}

INF, NAN = math.inf, math.nan


def rounded(exact: Fraction) -> float:
    """The float nearest to an exact rational (Python's int / int rounds correctly)."""
    try:
        return exact.numerator / exact.denominator
    except OverflowError:
        return INF if exact > 0 else -INF


def same(a: float, b: float) -> bool:
    """Bit-for-bit the same number: nan matches nan, and 0.0 does not match −0.0."""
    if a != a or b != b:
        return a != a and b != b
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


@dataclass(frozen=True)
class Repro:
    """One op alone: inputs, constant, upstream gradient → value and each parent's gradient.
    The expected numbers are PyTorch float64's (tests/torch checks that), written as the `math`
    or exact arithmetic that gives them. ``more_exact``: PyTorch's value differs and ours is the
    correctly rounded one (listed in the op's notes and the README)."""

    name: str
    op: str
    inputs: tuple[float, ...]
    c: float | None
    upstream: float
    value: float
    grads: tuple[float, ...]
    more_exact: bool = False


_Y = math.tanh(8.91821357999022)

REPROS = [
    # PyTorch masks where the local derivative is structurally zero: no 0·inf = nan.
    Repro("relu(-1).backward(inf)", "relu", (-1.0,), None, INF, 0.0, (0.0,)),
    Repro("relu(0).backward(nan)", "relu", (0.0,), None, NAN, 0.0, (0.0,)),
    Repro("relu(-0.0) is -0.0", "relu", (-0.0,), None, 1.0, -0.0, (0.0,)),
    Repro("(2**0).backward(inf)", "pow_c", (2.0,), 0.0, INF, 1.0, (0.0,)),
    Repro("pow(2, 0).backward(inf)", "pow", (2.0, 0.0), None, INF, 1.0, (0.0, INF)),
    # upstream / x, not upstream · (1/x)
    Repro(
        "(x/1e-310).backward(1e-20)",
        "div_c",
        (1e-300,),
        1e-310,
        1e-20,
        1e-300 / 1e-310,
        (1e-20 / 1e-310,),
    ),
    Repro("(x/1e-310).backward(0)", "div_c", (1e-300,), 1e-310, 0.0, 1e-300 / 1e-310, (0.0,)),
    Repro(
        "(x/y).backward(1e-20), y=1e-310",
        "div",
        (1e-300, 1e-310),
        None,
        1e-20,
        1e-300 / 1e-310,
        (1e-20 / 1e-310, -(1e-20 * ((1e-300 / 1e-310) / 1e-310))),
    ),
    Repro(
        "log(1e-310).backward(1e-10)",
        "log",
        (1e-310,),
        None,
        1e-10,
        math.log(1e-310),
        (1e-10 / 1e-310,),
    ),
    Repro("(1e300/x).backward(1e-300), x=1e-10", "rdiv_c", (1e-10,), 1e300, 1e-300, INF, (-1e20,)),
    Repro(
        "sqrt(1e-320).backward(1e-300)",
        "sqrt",
        (1e-320,),
        None,
        1e-300,
        math.sqrt(1e-320),
        (1e-300 / (2 * math.sqrt(1e-320)),),
    ),
    # tanh′ = 1 − y² rounded once; softplus′ overflows with a huge upstream, as in PyTorch
    Repro(
        "tanh(8.918…).backward()",
        "tanh",
        (8.91821357999022,),
        None,
        1.0,
        _Y,
        (rounded(1 - Fraction(_Y) ** 2),),
    ),
    Repro(
        "softplus(1.82).backward(1e308)",
        "softplus",
        (1.82,),
        None,
        1e308,
        math.log1p(math.exp(1.82)),
        (INF,),
    ),
    # forward at the edges
    Repro("1e155 ** -2 underflows as in PyTorch", "pow_c", (1e155,), -2.0, 1.0, 0.0, (0.0,)),
    Repro("0 / 5e-324 = 0", "rdiv_c", (5e-324,), 0.0, 1.0, 0.0, (NAN,), more_exact=True),
    Repro(
        "1e-10 / 1e-310 = 1e300",
        "rdiv_c",
        (1e-310,),
        1e-10,
        1.0,
        1e-10 / 1e-310,
        (-INF,),
        more_exact=True,
    ),
]


def run(repro: Repro) -> tuple[float, tuple[float, ...]]:
    leaves = [Value(x) for x in repro.inputs]
    out = apply(repro.op, *leaves, c=repro.c)
    out.backward(repro.upstream)
    return out.data, tuple(v.grad for v in leaves)


@pytest.mark.parametrize("repro", REPROS, ids=[r.name for r in REPROS])
def test_issue_15_single_op_repros(repro: Repro) -> None:
    value, grads = run(repro)
    assert same(value, repro.value), (value, repro.value)
    assert all(same(g, e) for g, e in zip(grads, repro.grads)), (grads, repro.grads)


def test_one_over_relu_of_minus_zero() -> None:
    assert (1 / Value(-0.0).relu()).data == -INF  # PyTorch: relu(−0.0) = −0.0


# --- the table's own backward rules -----------------------------------------------------------

RULED = sorted((op for op in OPS.values() if op.backward is not None), key=lambda op: op.name)


def _contributions(op: Op, xs: tuple[float, ...], c: float | None, upstream: float) -> list[float]:
    out = apply(op, *[Value(x) for x in xs], c=c)
    out.grad = upstream
    return list(contributions(out))


@pytest.mark.parametrize("op", RULED, ids=[op.name for op in RULED])
@given(data=st.data(), upstream=st.floats(-1e3, 1e3).filter(lambda g: abs(g) > 1e-3))
def test_backward_rule_is_upstream_times_partial(
    op: Op, data: st.DataObject, upstream: float
) -> None:
    """An op's ``backward`` only changes how the product is rounded: on finite, normal inputs
    it equals upstream × (the partial the drawings and explain() show)."""
    xs, c = data.draw(op_inputs(op))
    out = apply(op, *[Value(x) for x in xs], c=c)
    local = out.local_derivatives()
    got = _contributions(op, xs, c, upstream)
    assert got == pytest.approx([d * upstream for d in local], rel=1e-14, abs=0.0)


HUGE = [INF, -INF, NAN, 1e308, -1e308]


@pytest.mark.parametrize("upstream", HUGE)
@pytest.mark.parametrize("x", [-1.0, 0.0, -0.0, -INF, -1e308, -5e-324])
def test_relu_masks_where_its_derivative_is_zero(x: float, upstream: float) -> None:
    assert same(_contributions(OPS["relu"], (x,), None, upstream)[0], 0.0)


@pytest.mark.parametrize("upstream", HUGE)
@pytest.mark.parametrize("x", [2.0, 0.0, -3.0, INF, NAN, 1e-310])
def test_power_zero_masks_its_base(x: float, upstream: float) -> None:
    assert same(_contributions(OPS["pow_c"], (x,), 0.0, upstream)[0], 0.0)
    assert same(_contributions(OPS["pow"], (x, 0.0), None, upstream)[0], 0.0)


# --- hostile numbers --------------------------------------------------------------------------

EDGE = [
    *(0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 2.2250738585072014e-308, 1e-300, -1e-300),
    *(1e-10, 1e155, -1e155, 1e300, 1e308, -1e308, 1.7976931348623157e308, 710.0, -710.0),
    *(-745.0, 20.0, 1.0, -1.0, 2.0, 0.5, -0.5, 3.0),
]
nasty = st.one_of(st.sampled_from(EDGE), st.floats(allow_nan=False, allow_infinity=False))
nonzero = nasty.filter(lambda x: x != 0.0)


@given(upstream=nasty, x=nasty, y=nonzero)
def test_quotient_rules_round_once(upstream: float, x: float, y: float) -> None:
    """∂(x/y)/∂x · upstream, ∂(x/c) · upstream and ∂ln y · upstream are upstream / y: one
    correctly rounded division, finite wherever the exact quotient is (never upstream · (1/y))."""
    want = rounded(Fraction(upstream) / Fraction(y))
    assert _contributions(OPS["div"], (x, y), None, upstream)[0] == want
    assert _contributions(OPS["div_c"], (x,), y, upstream)[0] == want
    assert _contributions(OPS["log"], (y,), None, upstream)[0] == want


@given(upstream=nasty, n=st.integers(1, 9))
def test_mean_divides_by_n(upstream: float, n: int) -> None:
    want = rounded(Fraction(upstream) / n)
    assert _contributions(OPS["mean"], (1.0,) * n, None, upstream) == [want] * n


@given(x=st.one_of(st.sampled_from(EDGE), st.floats(-40.0, 40.0), st.floats(allow_nan=False)))
def test_tanh_derivative_rounds_once(x: float) -> None:
    y = Value(x).tanh()
    assert y.local_derivatives()[0] == rounded(1 - Fraction(y.data) ** 2)


@given(x=nonzero, c=nasty)
def test_reciprocal_division_is_correctly_rounded(x: float, c: float) -> None:
    """c / x is one division: the float nearest to the exact quotient, also where 1/x overflows."""
    assert (c / Value(x)).data == rounded(Fraction(c) / Fraction(x))


def _bound(name: str, args: tuple[float, ...]) -> float:
    """How far plain float arithmetic may honestly land from the exact value: sums add one
    rounding per term (n·ε·Σ|terms|); every other op is within a few ulps of it."""
    eps = 2.0**-52
    if name == "softplus" and args[0] > 20.0:
        return (
            math.exp(-args[0]) + 1e-15 * args[0]
        )  # PyTorch's threshold: x itself, off by ln(1 + e⁻ˣ) < e⁻ˣ
    if name in ("sum", "mean"):
        return (
            len(args) * eps * math.fsum(abs(a) for a in args) / (len(args) if name == "mean" else 1)
        )
    if name == "wsum":
        terms = [args[k] * args[k + 1] for k in range(0, len(args) - 1, 2)] + [args[-1]]
        return len(args) * eps * math.fsum(abs(t) for t in terms)
    return 0.0


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=sorted(OPS))
@given(data=st.data())
def test_forward_at_hostile_inputs_matches_math(op: Op, data: st.DataObject) -> None:
    """Every op at hostile inputs (subnormals, ±1e308, ±710, huge constants) agrees with the
    `math` module wherever that gives a finite answer without raising."""
    n = op.arity if op.arity is not None else op.example_arity
    xs = tuple(data.draw(nasty) for _ in range(n))
    c = data.draw(nasty) if op.const else None
    args = (*xs, c) if op.const else xs
    got = apply(op, *[Value(x) for x in xs], c=c).data
    assert agrees_with_math(op.name, args, got)


def agrees_with_math(name: str, args: tuple[float, ...], got: float) -> bool:
    """True unless the math module gives a finite value that ``got`` is honestly far from (the
    math module raises where IEEE gives inf or nan: test_ops checks those edges)."""
    try:
        want = ORACLE[name](*args)
        bound = _bound(name, args)
    except (ArithmeticError, ValueError):  # also Σ|terms| overflowing: any float is honest
        return True
    if not math.isfinite(want):
        return True
    return abs(got - want) <= max(bound, 1e-15 * abs(want), 1e-300)


# --- the slice of the PyTorch fuzz that runs in `make test` -----------------------------------

# Where an op's local derivative is structurally zero, as PyTorch masks it: (op, slot) → test.
MASKED = {
    ("relu", 0): lambda args: args[0] <= 0.0,
    ("pow_c", 0): lambda args: args[1] == 0.0,
    ("pow", 0): lambda args: args[1] == 0.0,
}


def _normal(x: float) -> bool:
    return 1e-290 < abs(x) < 1e290


@pytest.mark.parametrize("index", range(0, 400, 40))
def test_hostile_graphs_node_by_node(index: int) -> None:
    """Forty random 5–60-node graphs per batch, fed hostile numbers: every node's value agrees
    with the math module, every backward contribution is upstream × local (up to rounding)
    where that product is a normal number, and exactly 0 where PyTorch masks."""
    for i in range(index, index + 40):
        case = random_case(random.Random(15 * 1_000_003 + i))
        nodes, _, _ = run_ours(case)
        for v in nodes[len(case.leaves) :]:
            op = v.op_spec
            assert op is not None
            args = (*[p.data for p in v.parents], *([] if v.const is None else [v.const]))
            assert agrees_with_math(op.name, args, v.data), (i, op.name, args, v.data)
            added, local = contributions(v), v.local_derivatives()
            for k, (a, d) in enumerate(zip(added, local)):
                if MASKED.get((op.name, k), lambda _: False)(args):
                    assert same(a, 0.0), (i, op.name, args, v.grad, a)
                elif _normal(d * v.grad) and _normal(d) and _normal(v.grad):
                    assert a == pytest.approx(d * v.grad, rel=1e-14), (i, op.name, args, a)


def test_an_exactly_zero_gradient_is_plus_zero() -> None:
    """.grad starts at 0.0 and contributions are added: a lone −0.0 contribution leaves 0.0
    (PyTorch would store −0.0; the README lists this difference)."""
    x = Value(2.0)
    y = x * 1.0
    z = y * -0.0
    z.backward()
    assert same(y.grad, 0.0) and same(x.grad, 0.0)


def test_sum_and_mean_add_left_to_right_on_every_python() -> None:
    # 1e16 + 1 rounds back to 1e16, so left to right the 1 is lost and the sum is 0.0; the
    # built-in sum() of floats is compensated from Python 3.12 on and would give 1.0. The ops
    # give the same number on every Python, and the page's JavaScript adds as they do.
    xs = [1e16, 1.0, -1e16]
    assert apply("sum", *map(Value, xs)).data == 0.0
    assert apply("mean", *map(Value, xs)).data == 0.0
    assert apply("sum", *map(Value, [0.1, 0.2, 0.3])).data == (0.1 + 0.2) + 0.3
