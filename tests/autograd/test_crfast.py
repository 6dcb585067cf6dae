"""autograd.numerics.crfast gives crmath's floats bit for bit, and its error bounds hold.

The oracle tests of test_crmath.py (edges, the C library's misses, seeded and hypothesis inputs,
hard cases that need the slow path) run on both modules. Here: crfast against crmath on many
inputs across each function's ranges (``CRFAST_CASES`` per function, 20,000 in ``make test``,
10⁶ in ``make test-crfast``), hard-to-round families where the fast path must give way, the
tables against their definition, and the fast path's error bound, measured against ``decimal``.
"""

from __future__ import annotations

import decimal
import inspect
import math
import os
import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from autograd.numerics import crfast, crmath, exp_table, log_table, tanh_far_table, tanh_table
from tests.autograd import crfast_tables
from tests.autograd.test_crmath import (
    exact_exp,
    exact_log,
    exact_sigmoid,
    exact_softplus,
    exact_tanh,
    same,
    want_tanh,
)

NAMES = ["exp", "log", "tanh", "sigmoid", "softplus"]
CASES = int(os.environ.get("CRFAST_CASES", "20000"))
D = decimal.Decimal


def _signed(rng: random.Random, x: float) -> float:
    return x if rng.random() < 0.5 else -x


def inputs(name: str, n: int, seed: int = 24) -> Iterator[float]:
    """n inputs for one function, in equal shares: what a network feeds it (N(0, σ)), the
    whole range the fast path covers (uniform), every binade (log-uniform magnitudes), and
    around the places where the fast path switches (its range ends, k = 0 / k ≥ 1, −20)."""
    rng = random.Random(f"{seed}-{name}")
    lo, hi = {"exp": (-708.5, 709.5), "log": (0.0, 4.0), "tanh": (-23.0, 23.0),
              "sigmoid": (-709.0, 39.0), "softplus": (-709.0, 21.0)}[name]  # fmt: skip
    switches = {"exp": [-708.0, 709.0, 0.0], "log": [1.0, 0.5, 2.0, 0.75],
                "tanh": [0.0, 2.0**-28, 2.0**-5, 0.25, 1.0, 4.0, 8.0, 19.125, 22.0, -2.0**-5,
                         -4.0, 37 / 128, -301 / 128, 3.99609375],
                "sigmoid": [-708.0, 38.0, 0.0, -2.5, 4.0, -2.0, 2.0, -0.5, 0.5, 0.0625],
                "softplus": [-708.0, -20.0, 0.0, 20.0]}[name]  # fmt: skip
    for i in range(n):
        kind = i % 4
        if kind == 0:
            x = rng.gauss(0.0, 3.0)
        elif kind == 1:
            x = rng.uniform(lo, hi)
        elif kind == 2:
            x = _signed(rng, math.ldexp(rng.random(), rng.randint(-60, 10)))
        else:
            x = rng.choice(switches) + _signed(rng, math.ldexp(rng.random(), rng.randint(-50, -1)))
        if name == "log":
            x = abs(x) if kind != 2 else math.ldexp(rng.random(), rng.randint(-1074, 1024))
        yield x


@pytest.mark.parametrize("name", NAMES)
def test_agrees_with_crmath_bit_for_bit(name: str) -> None:
    fast, slow = getattr(crfast, name), getattr(crmath, name)
    wrong = [x for x in inputs(name, CASES) if not same(fast(x), slow(x))]
    if CASES > 100_000:  # make test-crfast: say what was checked
        print(f"\ncrfast.{name}: {CASES:,} inputs, {len(wrong)} differ from crmath.{name}")
    assert wrong == [], [(x, fast(x), slow(x)) for x in wrong[:5]]


def _hard(name: str) -> list[float]:
    """Inputs whose exact value lies within ~2⁻¹⁰⁰ of a midpoint between two floats: near 0 and
    1 the functions are nearly linear, and short inputs land next to midpoints (crmath's
    docstring: σ(k·2⁻⁵²) and σ(−k·2⁻⁵³) for 2 in 3 odd k, ln(1 ± k·2⁻⁵²) for 1 in 2000 k);
    eˣ = 1 + x + x²/2 at x = ±k·2⁻⁵³; tanh from V. Lefèvre's worst-case list."""
    ks = range(1, 4000, 2)  # odd k
    if name == "sigmoid":
        return [k * 2.0**-52 for k in ks] + [-k * 2.0**-53 for k in ks] + _sigmoid_at_the_switches()
    if name == "log":
        return [1.0 + k * 2.0**-52 for k in range(1, 40000, 7)] + [1.0 - k * 2.0**-53 for k in ks]
    if name == "exp":  # 1 ± k·ulp/2 + k²·ulp²/8: next to the midpoint 1 ± k·ulp/2
        return [k * 2.0**-53 for k in ks] + [-k * 2.0**-54 for k in ks]
    if name == "softplus":
        return _softplus_next_to_midpoints()
    lefevre = [float.fromhex(h) for h in ("0x1.0a402fcc79299p-25", "0x1.61246d6ad9aefp-25",
                                          "-0x1.02a3ad2ef6f4ap-24")]  # fmt: skip
    xs = lefevre + _tanh_next_to_midpoints() + _tanh_next_to_one() + _tanh_at_the_switches()
    return xs + [-x for x in xs]  # x < 0: tanh's mirrored rows


def _softplus_next_to_midpoints() -> list[float]:
    """softplus x = x + ln(1 + e⁻ˣ), and for x ∈ [16, 20] x is a float of y's own binade (last
    place 2⁻⁴⁸): y lies t = ln(1 + e⁻ˣ)/2⁻⁴⁸ units of the last place above a float, which
    changes by ~e⁻ˣ < 10⁻⁷ units per step of x. The x where t = i + ½ are hard."""
    ctx = decimal.Context(prec=50)
    found = []
    for i in range(600_000, 30_000_000, 300_000):
        t = ctx.multiply(ctx.add(D(i), D("0.5")), ctx.power(2, -48))
        x = float(ctx.minus(ctx.ln(ctx.subtract(ctx.exp(t), 1))))
        found += [x, math.nextafter(x, 0.0), math.nextafter(x, 30.0)]
    return found


def _tanh_next_to_midpoints() -> list[float]:
    """tanh x = x − x³/3 + …: for x = k·2^(e−52) in the binade [2ᵉ, 2ᵉ⁺¹), x³/3 is g(k) =
    k³·2^(2e−104)/3 units of the last place, and g grows by only ~2⁻⁵¹ per step of k — so the k
    where g(k) is nearest i + ½ puts tanh x within ~2⁻¹⁰⁴ of a midpoint."""
    found = []
    for e in (-26, -25, -24):
        for target in range(1, 40, 2):  # g(k) = target/2
            k = round((3 * target * 2 ** (103 - 2 * e)) ** (1 / 3))  # k³ = 3·(target/2)·2^(104−2e)
            if 2**52 <= k < 2**53:
                found += [math.ldexp(k + d, e - 52) for d in range(-2, 3)]
    return found


def _atanh(v: D) -> float:
    ctx = decimal.Context(prec=60)
    return float(ctx.divide(ctx.ln(ctx.divide(1 + v, 1 - v)), 2))


def _tanh_next_to_one() -> list[float]:
    """Near 1, tanh a = 1 − 2e⁻²ᵃ + … moves by only ~k·2⁻⁹⁹ per step of a where it is k·2⁻⁵³
    below 1: the float a nearest atanh of the midpoint 1 − (k + ½)·2⁻⁵³ (or (k + ½)·2⁻⁵⁴ below
    ½ an ulp: the last floats below 1) puts tanh a within ~k·2⁻⁹⁹ of it. Up to a ≈ 19.06, past
    which tanh rounds to 1 (crfast returns ±1 from 19.125 on, without asking)."""
    found = []
    for k in [*range(0, 24), *range(40, 4000, 97)]:
        a = _atanh(1 - (D(k) + D("0.5")) * D(2) ** -53)
        found += [a, math.nextafter(a, 0.0), math.nextafter(a, 30.0)]
    return found


def _tanh_at_the_switches() -> list[float]:
    """At each end of crfast.tanh's ranges and grids, the floats a whose tanh lies nearest the
    midpoints next to tanh of that end (within ~2⁻⁶⁰ relatively, not 2⁻⁷⁰: tanh moves by more
    than that per step of a), on both sides."""
    found = []
    for end in (2.0**-5, 0.25, 1.0, 2.0, 4.0, 8.0, 19.125):
        y = float(exact_tanh(end))
        for k in range(-12, 12):
            lo = math.nextafter(y, 0.0) if k < 0 else y
            for _ in range(abs(k)):
                lo = math.nextafter(lo, 0.0 if k < 0 else 2.0)
            hi = math.nextafter(lo, 2.0)
            if hi > 1.0:
                continue
            a = _atanh((D(lo) + D(hi)) / 2)
            found += [a, math.nextafter(a, 0.0), math.nextafter(a, 30.0)]
    return found


def _sigmoid_at_the_switches() -> list[float]:
    """As for tanh: the floats x whose σ(x) lies nearest the midpoints next to σ at each end of
    the range where crfast.sigmoid takes tanh(|x|/2) from tanh's grids (±1/16, ±½, ±2, −2.5, 4)."""
    ctx = decimal.Context(prec=60)
    found = []
    for end in (-2.5, -2.0, -0.5, -0.0625, 0.0625, 0.5, 2.0, 4.0):
        y = float(exact_sigmoid(end))
        for k in range(-12, 12):
            lo = y
            for _ in range(abs(k)):
                lo = math.nextafter(lo, 0.0 if k < 0 else 1.0)
            m = (D(lo) + D(math.nextafter(lo, 1.0))) / 2
            x = float(ctx.ln(ctx.divide(m, 1 - m)))  # σ⁻¹(m)
            found += [x, math.nextafter(x, -5.0), math.nextafter(x, 5.0)]
    return found


def test_sigmoid_from_tanh_needs_small_tails() -> None:
    """crfast.sigmoid's bound takes |s| < 2⁻¹³ for tanh's rows it uses (a < 2), after s += b/2:
    here |s| ≤ |lo| + |tl| + h·(|c1l| + h·(|c2| + …)) + b/2, lo the Fast2Sum remainder (≤
    2⁻⁵³·|t + d·c1h|)."""
    h = crfast_tables.TANH_GRIDS["NEAR"][3] / 2
    rows = [row for row in tanh_table.NEAR if row[0] < 2.0]
    assert len(rows) == 256 - 4
    for row in rows:
        t, tl, c1h, *rest = row[1:-1]
        tail = 0.0
        for ck in reversed(rest):
            tail = abs(ck) + h * tail
        bound = 2.0**-53 * (t + h * c1h) + abs(tl) + h * tail + row[-1] / 2
        assert bound * 1.001 < 2.0**-13, row[0]


def test_tanh_next_to_one_is_decided_right() -> None:
    """Where tanh a rounds to the floats just below 1, and where it starts to round to 1
    (a ≈ 19.06; crfast returns ±1 without computing from a = 19.125): exact, bit for bit."""
    xs = _tanh_next_to_one() + [19.0 + k / 64 for k in range(0, 17)] + [19.125, 21.9, 22.0]
    xs += [math.nextafter(19.125, 0.0)]
    for x in xs + [-x for x in xs]:
        assert same(crfast.tanh(x), want_tanh(x)), x
    assert float(exact_tanh(19.125)) == 1.0 and float(exact_tanh(19.06)) < 1.0


@pytest.mark.parametrize("name", NAMES)
def test_hard_cases_go_to_crmath(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the fast path cannot decide it must ask crmath — and on these it must not decide
    wrongly: the results are crmath's, and crmath was asked for the hardest of them."""
    slow = getattr(crmath, name)
    asked: list[float] = []

    def spy(x: float) -> float:
        asked.append(x)
        return slow(x)

    xs = _hard(name)
    want = [slow(x) for x in xs]
    monkeypatch.setattr(crmath, name, spy)
    got = [getattr(crfast, name)(x) for x in xs]
    assert got == want
    # where the exact value v lies nearer a midpoint than b/2 (b: the fast path's bound, at
    # least twice its error), the midpoint lies between (hi + lo) ± b: the rounding test
    # cannot pass, and crmath was asked
    hardest = []
    for x in xs:
        fast = captured(name, x)
        if fast is not None:
            _, _, b, scale, shifted = fast
            # a window [hi + lo, hi + lo + b] holds v at least b/4 inside it
            near = abs(D(b) * D(scale)) / (4 if shifted else 2)
            if _from_midpoint(name, x) * abs(EXACT[name](x)) < near:
                hardest.append(x)
    assert len(hardest) >= 10, "hardly any input in the list is hard: the test tests little"
    assert set(hardest) <= set(asked)


def _from_midpoint(name: str, x: float) -> D:
    """|v − m|/|v|: how far the exact value v lies from the nearest midpoint m between floats."""
    ctx = decimal.Context(prec=90, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    v = EXACT[name](x)
    y = float(v)
    midpoints = [ctx.divide(ctx.add(D(y), D(math.nextafter(y, t))), 2) for t in (-1e309, 1e309)]
    gaps = [abs(ctx.subtract(v, m)) for m in midpoints]
    return ctx.divide(min(gaps), abs(v))


# --- the tables and constants are their definitions -------------------------------------


def test_the_tables_are_their_definition() -> None:
    root = Path(crfast.__file__).parent
    assert (root / "exp_table.py").read_text(encoding="utf-8") == crfast_tables.render_exp()
    assert (root / "log_table.py").read_text(encoding="utf-8") == crfast_tables.render_log()
    for file in crfast_tables.TANH_FILES:
        assert (root / file).read_text(encoding="utf-8") == crfast_tables.render_tanh(file)
    assert list(exp_table.EXP2) == crfast_tables.exp_table()
    assert list(log_table.LOG) == crfast_tables.log_table()
    assert list(tanh_table.NEAR) == crfast_tables.tanh_table("NEAR")
    for grid in ("FAR", "FARTHEST"):
        assert list(getattr(tanh_far_table, grid)) == crfast_tables.tanh_table(grid)


def test_tanh_reads_the_row_of_its_interval() -> None:
    """crfast._TANH[⌊128·x⌋] for −4 ≤ x < 4: NEAR's row of the interval's centre for x ≥ 1/32,
    its mirror for x ≤ −1/32 (at the negative index), a row that fails the test (b = nan) for
    |x| < 1/32; the mirror is tanh's odd symmetry, coefficient by coefficient."""
    for k in range(-512, 512):
        row = crfast._TANH[k]
        if -4 <= k < 4:
            assert math.isnan(row[-1]), k
            continue
        assert row[0] == (k + 0.5) / 128, k
        if k >= 4:
            assert row == tanh_table.NEAR[k - 4]
        else:
            m = tanh_table.NEAR[-k - 1 - 4]
            assert row == (-m[0], -m[1], -m[2], m[3], m[4], -m[5], m[6], -m[7], m[8], -m[9], -m[10])


def test_the_constants_written_in_the_code_are_the_generated_ones() -> None:
    c = crfast_tables.constants()
    for fn in (crfast.exp, crfast.sigmoid, crfast.softplus):  # each reduces x
        source = inspect.getsource(fn)
        for v in (c["L1"], c["L2"], 1024 / math.log(2), 1 / 6, 1 / 24, 1 / 120):
            assert repr(v) in source, (fn.__name__, v)
    assert (crfast._LN2_HI, crfast._LN2_LO) == (c["LN2_HI"], c["LN2_LO"])
    for fn in (crfast.log, crfast.softplus):  # the series of ln(1 + z)
        source = inspect.getsource(fn)
        for v in (1 / 3, 1 / 5, -1 / 6, 1 / 7):
            assert repr(v) in source, (fn.__name__, v)
    # tanh a = a − a³/3 + 2a⁵/15 − 17a⁷/315 + 62a⁹/2835 − 1382a¹¹/155925 − … (its Taylor series)
    source = inspect.getsource(crfast._tanh_rest)
    for v in (-1 / 3, 2 / 15, -17 / 315, 62 / 2835, -1382 / 155925):
        assert repr(v) in source, v
    # the tables' grids, as the index arithmetic of crfast.tanh reads them
    low, first, last, w = crfast_tables.TANH_GRIDS["NEAR"]
    assert (low, first - w / 2, last + w / 2, w) == (2.0**-5, 2.0**-5, 4.0, 1 / 128)
    assert "_TANH[_floor(x * 128.0)]" in inspect.getsource(crfast.tanh)
    assert "if x < 4.0 and x >= -4.0:" in inspect.getsource(crfast.tanh)
    for grid in ("FAR", "FARTHEST"):
        _, first, last, w = crfast_tables.TANH_GRIDS[grid]
        index = f"{grid}[_floor(a * {1 / w!r} - {first / w - 0.5!r})]"
        assert index in source, index
        assert f"{last!r}" in source


# --- the error bound of the fast path -----------------------------------------------------

EXACT: dict[str, Callable[[float], D]] = {
    "exp": exact_exp,
    "log": exact_log,
    "tanh": exact_tanh,
    "sigmoid": exact_sigmoid,
    "softplus": exact_softplus,
}
_TEST = re.compile(r"if (\w+) == (\w+) \+ \((\w+) \+ b\):")


def _rounding_tests(fn: Callable[[float], float]) -> dict[int, tuple[str, str, bool]]:
    """Line number → (hi, lo, shifted) of each rounding test ``if y == hi + (lo + b):`` in fn:
    shifted when y is hi + lo (the window [hi + lo, hi + lo + b]), not hi + (lo − b)."""
    code = fn.__code__
    lines = Path(code.co_filename).read_text(encoding="utf-8").splitlines()
    found = {}
    for number in range(code.co_firstlineno, len(lines) + 1):
        m = _TEST.search(lines[number - 1])
        if m:
            y, hi, lo = m.groups()
            shifted = f"{y} = {hi} + {lo}" in lines[number - 2]
            assert shifted or f"{y} = {hi} + ({lo} - b)" in lines[number - 2], number
            found[number] = (hi, lo, shifted)
        if number > code.co_firstlineno and lines[number - 1].startswith("def "):
            break
    return found


def captured(name: str, x: float) -> tuple[float, float, float, float, bool] | None:
    """(hi, lo, b, scale, shifted) at the first rounding test x meets: the value it claims,
    (hi + lo)·scale, within b·scale/2 of the exact one, or (shifted) below it by b/4 to 3b/4
    times scale; None when x meets none. tanh's tests are in `tanh` and `_tanh_rest`."""
    fns = [getattr(crfast, name)] + ([crfast._tanh_rest] if name == "tanh" else [])
    tests = {fn.__code__: _rounding_tests(fn) for fn in fns}
    seen: list[dict[str, Any]] = []

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        if frame.f_code not in tests:
            return None
        if event == "line" and frame.f_lineno in tests[frame.f_code]:
            local = dict(frame.f_locals)
            local["_test"] = tests[frame.f_code][frame.f_lineno]
            local["_rest"] = frame.f_code is crfast._tanh_rest.__code__
            seen.append(local)
        return tracer

    sys.settrace(tracer)
    try:
        getattr(crfast, name)(x)
    finally:
        sys.settrace(None)
    seen = [local for local in seen if not math.isnan(local["b"])]  # tanh's rows for |x| < 1/32
    if not seen:
        return None
    local = seen[0]
    hi_name, lo_name, shifted = local["_test"]
    if local["_rest"]:  # _tanh_rest computes tanh |x|: tanh x = −tanh |x| for x < 0
        scale = math.copysign(1.0, x)
    elif hi_name in ("s", "H") or name == "tanh":  # ln, softplus (ln), tanh, σ from tanh: unscaled
        scale = 1.0
    elif name == "exp":
        scale = crfast._POW2[local["N"] >> 10]
    else:  # σ and softplus below −20: s = 2ᵏ
        scale = local["s"]
    return local[hi_name], local[lo_name], local["b"], scale, shifted


def _adversarial(name: str) -> list[float]:
    """Where the bounds are tightest: r near ±ln 2/2048 (x halfway between two multiples of
    ln 2/1024), e²ᵃ − 1 smallest next to a table entry (tanh, 2a ≈ ln 2/2048), ln x next to
    1 (|ln x| ≈ 2⁻¹⁰ with c ≠ 1), the range ends."""
    step = math.log(2) / 1024
    halfway = [(n + f) * step for n in (1, 2, 3, 511, 1023, 1024, 1025, 40000, -1, -2, -1024,
               -40000, -1045000) for f in (0.4999999, -0.4999999, 0.5, -0.5)]  # fmt: skip
    if name == "exp":
        return [x for x in halfway if -708 < x < 709] + [-707.9, 708.9, 1e-300]
    if name == "tanh":  # the ends of each grid interval (|d| = w/2) and of each range
        ends = [2.0**-28, 2.0**-5, 0.25, 1.0, 4.0, 8.0, 19.125]
        xs = [v for e in ends for v in (e, math.nextafter(e, 0.0), math.nextafter(e, 1.0))]
        for _, first, last, w in crfast_tables.TANH_GRIDS.values():
            for j in range(0, round((last - first) / w) + 1, 7):
                c = first + j * w
                xs += [c + w / 2, c - w / 2, math.nextafter(c + w / 2, 0.0), c + w / 4]
        xs = [x for x in xs if 0 < x < 19.125]
        return xs + [-x for x in xs if x < 4.0]
    if name == "sigmoid":  # and, where σ comes from tanh(|x|/2), its grids' interval ends
        ends = [2 * v for v in _adversarial("tanh") if 0.0 < v < 2.0] + [4.0, 2.0**-4]
        ends += [math.nextafter(v, 0.0) for v in ends]
        return (
            [x for x in halfway if -708 < x < 38]
            + [-707.9, 37.9, 1e-10]
            + ends
            + [-v for v in ends]
        )
    if name == "softplus":
        return [x for x in halfway if -708 < x <= 20] + [-19.999, -20.001, 19.99, -707.9, 1e-9]
    near_one = [1 + k * 2.0**-11 for k in range(-8, 9)] + [0.99805, 0.9990234, 1.00098, 1.0039]
    return [*near_one, 5e-324, 1e-310, 2.2e-308, 1e308, 0.5, 2.0 - 2.0**-52, 3.0]


@pytest.mark.parametrize("name", NAMES)
def test_the_error_bound_holds(name: str) -> None:
    """|v − (hi + lo)·scale| ≤ b·scale/2 for the exact v (``decimal``, 90 digits): the bound b
    the rounding test uses is at least twice the error, whatever the input; for a shifted test
    (tanh's rows for |x| < 4: the window [hi + lo, hi + lo + b]), v lies within b/4 of its centre.
    (The docstring of crfast derives each; b has a margin of 2× or more over the derivation.
    tanh's rows' b is exactly twice theirs, which the economized terms all but reach at
    |d| = w/2.)"""
    rng = random.Random(2024)
    xs = _adversarial(name) + list(inputs(name, 1000, seed=7))
    xs += [rng.uniform(-3, 3) for _ in range(300)] if name != "log" else []
    ctx = decimal.Context(prec=90, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    worst, measured = D(0), 0
    for x in xs:
        got = captured(name, x)
        if got is None:
            continue
        hi, lo, b, scale, shifted = got
        measured += 1
        exact = ctx.divide(EXACT[name](x), D(scale))
        centre = ctx.add(ctx.add(D(hi), D(lo)), D(b) / 2 if shifted else 0)
        error = abs(ctx.subtract(exact, centre)) * (2 if shifted else 1)
        if error == 0:  # ln 1 = 0 exactly, with b = 0
            continue
        ratio = ctx.divide(error, abs(D(b))) if b else D("inf")
        worst = max(worst, ratio)
        assert ratio <= D("0.5"), (name, x, f"error {float(ratio):.3f} × the bound")
    assert measured > 1000
    print(f"\ncrfast.{name}: the largest error is {float(worst):.3f} × its bound")


def test_the_bound_check_sees_a_wrong_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check is checked: with eˣ's bound made 2¹⁰ times too small, it fails."""
    monkeypatch.setattr(crfast, "_EXP_ERR", crfast._EXP_ERR / 1024)
    with pytest.raises(AssertionError, match="the bound"):
        test_the_error_bound_holds("exp")
