"""The correctly rounded eˣ, ln x, tanh x, σ(x) and softplus(x) of autograd.numerics.crmath, and
of autograd.numerics.crfast (its fast first approximation, crmath where that cannot decide), against
exact arithmetic: every oracle test runs on both.

The oracle is ``decimal`` at 90 significant digits — its exp and ln are correctly rounded at any
precision, so the value is exact to 10⁻⁹⁰ — and Decimal → float conversion rounds correctly: the
float it gives is the correctly rounded result (no float is within 10⁻⁹⁰ of a midpoint here).
Every comparison is bit for bit.
"""

from __future__ import annotations

import decimal
import math
import random
import subprocess
import sys
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from autograd.numerics import crfast, crmath

D = decimal.Decimal


def _context() -> decimal.Context:
    return decimal.Context(prec=90, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def exact_exp(x: float) -> D:
    return _context().exp(D(x))


def exact_log(x: float) -> D:
    return _context().ln(D(x))


def exact_tanh(x: float) -> D:
    ctx = _context()
    ctx.prec = 90 + 330  # e^2x − 1 loses up to log10(1/x) ≈ 324 digits for the tiniest x
    e = ctx.exp(ctx.multiply(2, D(x)))
    return ctx.divide(ctx.subtract(e, 1), ctx.add(e, 1))


def exact_sigmoid(x: float) -> D:
    ctx = _context()
    return ctx.divide(1, ctx.add(1, ctx.exp(D(-x))))


def exact_softplus(x: float) -> D:
    ctx = _context()
    ctx.prec = 90 + 360  # 1 + eˣ keeps eˣ's digits only at this precision for x ≥ −800
    return ctx.ln(ctx.add(1, ctx.exp(D(x))))


def nearest(d: D) -> float:
    return float(d)


def want_exp(x: float) -> float:
    if math.isnan(x):
        return x
    if x == math.inf:
        return math.inf
    if x > 710.0:
        return math.inf
    if x == -math.inf or x < -746.0:
        return 0.0
    return nearest(exact_exp(x))


def want_log(x: float) -> float:
    if math.isnan(x) or x < 0.0:
        return math.nan
    if x == 0.0:
        return -math.inf
    if x == math.inf:
        return math.inf
    return nearest(exact_log(x))


def want_tanh(x: float) -> float:
    if math.isnan(x) or x == 0.0:
        return x  # ±0 keeps its sign
    if math.isinf(x):
        return math.copysign(1.0, x)
    if abs(x) > 40.0:
        return math.copysign(1.0, x)  # 1 − tanh 40 ≈ 4e−35: rounds to 1
    return nearest(exact_tanh(x))


def want_sigmoid(x: float) -> float:
    if math.isnan(x):
        return x
    if x > 60.0:
        return 1.0  # 1 − σ(60) ≈ 9e−27
    if x < -800.0:
        return 0.0
    return nearest(exact_sigmoid(x))


def want_softplus(x: float) -> float:
    if math.isnan(x) or x > crmath.SOFTPLUS_THRESHOLD:
        return x  # PyTorch's definition above the threshold
    if x < -800.0:
        return 0.0
    return nearest(exact_softplus(x))


WANT = {"exp": want_exp, "log": want_log, "tanh": want_tanh, "sigmoid": want_sigmoid,
        "softplus": want_softplus}  # fmt: skip
# (module.name, the function, its oracle), crmath's and crfast's
CASES: list[tuple[str, Callable[[float], float], Callable[[float], float]]] = [
    (f"{module.__name__.rsplit('.', 1)[1]}.{name}", getattr(module, name), want)
    for module in (crmath, crfast)
    for name, want in WANT.items()
]
BY_NAME = {c[0]: (c[1], c[2]) for c in CASES}


def same(a: float, b: float) -> bool:
    if a != a or b != b:
        return a != a and b != b
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


# The thresholds and regions where a shortcut or a range change sits.
EDGES = [
    0.0, -0.0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-300, 2.0**-28, 2.0**-28 * (1 - 2**-53),
    3.725290298461914e-09, 1e-10, 0.5, 1.0, -1.0, 1.0 + 2**-52, 1.0 - 2**-53, 2.0, 0.1,
    0.6931471805599453, 19.06, 21.99999999, 22.0, 22.000000001, 40.0, 100.0,
    709.782712893384, 709.7827128933841, 709.79, 709.8, -708.3964185322641, -708.4,
    -744.44007192138122, -745.1332191019411, -745.1332191019412, -745.2, 1e308,
    -19.999999999, -20.0, -20.000000001, 20.0, 20.000000000000004, 36.7, 37.5, 38.0, -37.5,
    math.inf, -math.inf, math.nan,
]  # fmt: skip
# Values where the C library's (glibc's) tanh, or σ and softplus composed of the C library's
# exp and log1p, is NOT the nearest float, found by the differential fuzz against PyTorch
# (issue 15): crmath must give the nearest one.
LIBM_MISSES = [
    ("sigmoid", -12.331426479902195),
    ("sigmoid", -4.653619331870447),
    ("softplus", 1.714866497038082),
    ("softplus", -0.9999993248928605),
    ("softplus", 2.238635296251289),
    ("tanh", 0.0039008791155825022),
    ("tanh", 0.4223187982515182),
    ("tanh", 0.5614222927755411),
    ("tanh", 0.8726936208978296),
    ("tanh", -0.8009556225880949),
]


@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("x", EDGES)
def test_edges(
    name: str, fn: Callable[[float], float], want: Callable[[float], float], x: float
) -> None:
    assert same(fn(x), want(x)), (name, x, fn(x), want(x))
    assert same(fn(-x), want(-x)), (name, -x, fn(-x), want(-x))


@pytest.mark.parametrize("module", ["crmath", "crfast"])
@pytest.mark.parametrize("name,x", LIBM_MISSES)
def test_where_the_c_library_misses(module: str, name: str, x: float) -> None:
    fn, want = BY_NAME[f"{module}.{name}"]
    assert fn(x) == want(x)


def _sample(seed: int, n: int) -> list[float]:
    """Inputs a network sees (N(0, 3)), the whole exponent range, and uniform over exp's range."""
    rng = random.Random(seed)
    xs: list[float] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            x = rng.gauss(0.0, 3.0)
        elif kind == 1:
            x = math.ldexp(rng.random(), rng.randint(-1074, 1024))
        elif kind == 2:
            x = rng.uniform(-745.5, 710.0)
        else:
            x = rng.uniform(-25.0, 25.0)
        xs.append(x if rng.random() < 0.5 else -x)
    return xs


@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_a_thousand_seeded_inputs(
    name: str, fn: Callable[[float], float], want: Callable[[float], float]
) -> None:
    wrong = [(x, fn(x), want(x)) for x in _sample(15, 1000) if not same(fn(x), want(x))]
    assert not wrong, wrong[:5]


@given(x=st.floats(allow_nan=True, allow_infinity=True))
def test_any_float(x: float) -> None:
    for _, fn, want in CASES:
        assert same(fn(x), want(x)), (fn.__name__, x)


@pytest.mark.parametrize("name,fn,want", CASES, ids=[c[0] for c in CASES])
def test_the_slow_path_alone(
    name: str,
    fn: Callable[[float], float],
    want: Callable[[float], float],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the fixed-point error bound made huge (and crfast's bounds too), no result can be
    settled fast, so every value comes from the ``decimal`` fallback, which must also be
    correctly rounded."""
    monkeypatch.setattr(crmath, "_SLACK", 1 << 100)
    for bound in [n for n in vars(crfast) if n.endswith("_ERR")]:
        monkeypatch.setattr(crfast, bound, 1.0)
    for x in [*_sample(16, 60), 1e-300, 2.0**-27, 0.5, 709.78, -745.1]:
        assert same(fn(x), want(x)), (name, x)


# Inputs whose exact value lies so near a midpoint between two floats that the fast path cannot
# decide (they need more than the ~118 bits it carries): the decimal fallback must take over.
NEEDS_THE_SLOW_PATH = [
    ("sigmoid", 2.0**-52),  # ½ + x/4 − x³/48: 2⁻¹⁶¹ below the midpoint ½ + 2⁻⁵⁴
    ("sigmoid", -(2.0**-53)),  # 2⁻¹⁶⁴ above the midpoint ½ − 2⁻⁵⁵
    ("log", 1.0 - 2.0**-52),  # −2⁻⁵² − 2⁻¹⁰⁵ − …: 2⁻¹⁰⁵ is half an ulp here
    ("log", 1.0 + 6 * 2.0**-52),
    # hard-to-round tanh inputs from V. Lefèvre's published worst-case list (≥ 49 identical
    # bits after the rounding bit): e²ˣ − 1 cancels, so the fast path is short of bits
    ("tanh", float.fromhex("0x1.0a402fcc79299p-25")),
    ("tanh", float.fromhex("0x1.61246d6ad9aefp-25")),
    ("tanh", -float.fromhex("0x1.02a3ad2ef6f4ap-24")),
]


@pytest.mark.parametrize("module", ["crmath", "crfast"])
@pytest.mark.parametrize("name,x", NEEDS_THE_SLOW_PATH)
def test_inputs_that_need_the_slow_path(
    module: str, name: str, x: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    fn, want = BY_NAME[f"{module}.{name}"]
    calls: list[int] = []
    real = crmath._ziv

    def spy(value: Callable[[], D], digits: int, margin: int) -> float:
        calls.append(digits)
        return real(value, digits, margin)

    monkeypatch.setattr(crmath, "_ziv", spy)
    assert fn(x) == want(x), (name, x)
    assert calls, (
        f"{name}({x!r}) was settled by the fast path: this test no longer tests the fallback"
    )


def test_the_callers_decimal_context_is_not_used() -> None:
    """crmath's decimal work must not inherit the caller's context: a notebook that traps
    Inexact or rounds toward −∞ for a decimal lesson must still get the nearest floats, on the
    slow path and in the tables built at import."""
    wanted = [
        (BY_NAME[f"{module}.{name}"][0], x, WANT[name](x))
        for module in ("crmath", "crfast")
        for name, x in NEEDS_THE_SLOW_PATH
    ]
    with decimal.localcontext() as ctx:
        ctx.traps[decimal.Inexact] = True
        ctx.rounding = decimal.ROUND_FLOOR
        ctx.prec = 5
        got = [fn(x) for fn, x, _ in wanted]
    assert got == [w for _, _, w in wanted]
    code = (
        "import decimal\n"
        "decimal.getcontext().traps[decimal.Inexact] = True\n"
        "decimal.getcontext().rounding = decimal.ROUND_FLOOR\n"
        "from autograd.numerics import crmath\n"
        "print(crmath._LN2, crmath._EXP2_HI[31], crmath._LOG1P[63])\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.split() == [
        str(crmath._LN2),
        str(crmath._EXP2_HI[31]),
        str(crmath._LOG1P[63]),
    ]


# Where each caller of the slow path is most exposed: cancellation in 1 + eˣ (softplus, very
# negative x) and in e²ˣ − 1 (tanh, small x), σ and exp/ln at both ends of their ranges.
SLOW_PATH_CLAIMS = [
    ("exp", 0.1), ("exp", -708.5), ("exp", 709.7), ("exp", 2.0**-60),
    ("log", 0.1), ("log", 1.0 - 2.0**-53), ("log", 5e-324), ("log", 1e300),
    ("tanh", 2.0**-28), ("tanh", 1e-5), ("tanh", 0.3), ("tanh", 5.0),
    ("sigmoid", 0.1), ("sigmoid", -31.987654321987654), ("sigmoid", -700.5), ("sigmoid", 10.0),
    ("softplus", 19.9), ("softplus", 0.1), ("softplus", -0.5), ("softplus", -5.3),
    ("softplus", -19.99), ("softplus", -20.5), ("softplus", -100.3), ("softplus", -700.123),
]  # fmt: skip


@pytest.mark.parametrize("name,x", SLOW_PATH_CLAIMS)
def test_the_slow_path_error_claims_hold(
    name: str, x: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`_ziv(value, digits, margin)` rounds both ends of value() ± |value()|·10^(margin − digits)
    and trusts the float when they agree: so value() at `digits` digits must be within that of
    the exact value, for every caller, or a result could be settled on the wrong side of a
    midpoint. Checked at the caller's first precision (the later, doubled ones use the same
    formula), where every claim is far above the oracles' 10⁻⁹⁰."""
    exact = {"exp": exact_exp, "log": exact_log, "tanh": exact_tanh}.get(name)
    exact = exact or {"sigmoid": exact_sigmoid, "softplus": exact_softplus}[name]
    calls: list[tuple[Callable[[], D], int, int]] = []
    real = crmath._ziv

    def spy(value: Callable[[], D], digits: int, margin: int) -> float:
        calls.append((value, digits, margin))
        return real(value, digits, margin)

    monkeypatch.setattr(crmath, "_ziv", spy)
    monkeypatch.setattr(crmath, "_SLACK", 1 << 100)  # nothing settles fast
    getattr(crmath, name)(x)
    value, digits, margin = calls[0]
    truth = exact(x)
    with decimal.localcontext(_context()) as ctx:
        ctx.prec = digits
        v = value()
    with decimal.localcontext(_context()):
        ratio = abs(v - truth) / abs(v).scaleb(margin - digits)
    assert ratio < 1, (name, x, digits, margin, f"error {ratio:.2e} × the claimed bound")


def test_the_fixed_point_error_bound_holds() -> None:
    """The fast path's claim: its result m is within `_ERR` (2⁹) units of the exact value · 2¹³⁰.
    Checked on exp, ln and tanh's e^2x: if the error grew past the slack, results could be
    settled wrongly, so the true error is measured here against decimal."""
    ctx = _context()

    def units(v: D, shift: int) -> D:  # v · 2^shift, exactly as far as 90 digits go
        return ctx.multiply(v, D(2**shift)) if shift >= 0 else ctx.divide(v, D(2**-shift))

    # eʳ's Taylor remainder r⁹/9! is largest where |r| = ln 2 / 2048 (x halfway between two
    # multiples of ln 2 / 1024) and is doubled there by a table value 2^(N/1024 mod 1) near 2:
    # about 440 units, near the bound, where random inputs show fewer than 10.
    ln2_1024 = ctx.divide(ctx.ln(D(2)), 1024)
    halfway = [
        float(ctx.multiply(ctx.add(D(n), D(f)), ln2_1024))
        for n in (1023, -1, 1023 + 1024 * 600, -1024 * 300 - 1, -716801)
        for f in ("0.4999999", "-0.4999999")
    ]
    worst = D(0)
    for x in [*_sample(17, 400), *halfway]:
        if -745.0 < x < 709.0 and x != 0.0:
            m, k = crmath._exp_fixed(x)
            worst = max(worst, abs(D(m) - units(exact_exp(x), crmath._P - k)))
        if x > 0.0 and math.isfinite(x):
            worst = max(worst, abs(D(crmath._log_fixed(x)) - units(exact_log(x), crmath._P)))
    assert worst < crmath._ERR, worst
    assert crmath._SLACK >= 2 * crmath._ERR


def test_value_ops_use_it() -> None:
    """The op table's forwards (and so every drawing, explain() and compile) give these."""
    for x in (0.4223187982515182, 0.8726936208978296, 3.3, -1.7, -4.653619331870447):
        assert Value(x).tanh().data == want_tanh(x)
        assert Value(x).exp().data == want_exp(x)
        assert Value(abs(x)).log().data == want_log(abs(x))
        assert Value(x).sigmoid().data == want_sigmoid(x)
        assert Value(x).softplus().data == want_softplus(x)
