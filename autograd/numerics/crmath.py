"""Correctly rounded eˣ, ln x, tanh x, σ(x) and softplus(x): the float nearest the exact value.

The forward pass of a neuron a = φ(z) with φ = tanh or σ, and softplus, exp and log, need these
functions. CPython's ``math`` module calls the C library, which promises no correct rounding:
glibc's tanh is up to about 2 ulps off (one x in eight lands on a neighbour of the nearest
float), and its exp and log are very rarely an ulp off; σ = 1/(1 + e⁻ˣ) and log1p(eˣ) written
out round twice. PyTorch's vector routines (SLEEF) have their own, different last-bit errors.
So two engines that both "compute tanh" disagree in the last bit, and neither is the exact
answer. Here every result is the correctly rounded one — round to nearest, ties to even — so
where our value and PyTorch's differ, ours is the float nearest the true value, and a test can
check that against exact arithmetic.

How (Ziv's method, in integers): eˣ or ln x is computed in binary fixed point, 130 fraction bits
(Python ints, tables of 2^(i/32), 2^(j/1024) and ln(1 + j/64), and a short Taylor series), with
a proven bound on its error; tanh, σ and softplus are exact ratios or logarithms of that eˣ.
Both ends of the error interval are rounded to float with CPython's int / int division, which
rounds correctly (subnormals too); when they round to the same float, that float is the
correctly rounded value. They differ only when the exact value lies within about 2⁻¹¹⁸ of a
midpoint between two floats (odds ≈ 2⁻⁶⁵ for a random x, far higher for short inputs where a
function is nearly linear: σ(k·2⁻⁵²) and σ(−k·2⁻⁵³) for 2 in 3 odd k < 2¹⁵, ln(1 ± k·2⁻⁵²) for
1 in 2000 k < 2¹⁷); then ``decimal``'s correctly rounded exp and ln are used at ever higher
precision until the ends agree (10–20 µs). None of these functions is ever exactly a
midpoint for a float x (they are transcendental except at x = 0 or 1), so this ends.
About 1.7 µs a call (softplus 3 µs), against 0.05 µs for ``math.tanh``.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable

__all__ = ["SOFTPLUS_THRESHOLD", "exp", "log", "sigmoid", "softplus", "tanh"]

_INF = math.inf
_NAN = math.nan

_P = 130  # fixed-point fraction bits: a number v is the int round(v · 2¹³⁰)
_ONE = 1 << _P
_ERR = 1 << 9  # bound on the fixed-point results' error, in units of 2⁻¹³⁰: eˣ reaches 440
# of it (the r⁹/9! Taylor remainder, ≈ 208 units at |r| = ln 2/2048, times a table value ≈ 2)
_SLACK = 8 * _ERR  # the margin `_settle` allows

# exp(x) = 2^(N/1024) · eʳ, N = round(1024·x / ln 2), |r| ≤ ln 2 / 2048 < 2⁻¹¹·⁵, so the Taylor
# series of eʳ to r⁸/8! leaves less than 2⁻¹²² (2⁸ units). 2^(N/1024) = 2^⌊N/1024⌋ · 2^(i/32) ·
# 2^(j/1024) from two tables of 32. ln 2 / 1024 is kept with 20 more bits, as N·(ln 2 / 1024)
# must be right to a unit for |N| up to 1.1·10⁶ (|x| < 746): off by ≤ ½·|N|·2⁻¹⁵⁰ < 0.53 units.
_CONSTANTS_PRECISION = 60  # decimal digits: 2⁻¹⁹⁹, beyond every constant's last bit


def _decimal(digits: int) -> decimal.Context:
    """A fresh decimal context: ``localcontext()`` alone would copy the caller's, whose
    precision, rounding or traps (Inexact, in a lesson on decimal) are not ours to inherit."""
    return decimal.Context(
        prec=digits,
        rounding=decimal.ROUND_HALF_EVEN,
        Emax=decimal.MAX_EMAX,
        Emin=decimal.MIN_EMIN,
        traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
    )


def _fixed(d: decimal.Decimal, bits: int) -> int:
    return int((d * (1 << bits)).to_integral_value(decimal.ROUND_HALF_EVEN))


with decimal.localcontext(_decimal(_CONSTANTS_PRECISION)):
    _D_LN2 = decimal.Decimal(2).ln()
    _LN2_1024 = _fixed(_D_LN2 / 1024, _P + 20)  # ln 2 / 1024 · 2¹⁵⁰
    _LN2 = _fixed(_D_LN2, _P + 20)  # ln 2 · 2¹⁵⁰: (e − 1)·ln 2 right to a unit for |e| ≤ 1075
    _EXP2_HI = [_fixed((_D_LN2 * i / 32).exp(), _P) for i in range(32)]  # 2^(i/32)
    _EXP2_LO = [_fixed((_D_LN2 * j / 1024).exp(), _P) for j in range(32)]  # 2^(j/1024)
    _LOG1P = [_fixed((1 + decimal.Decimal(j) / 64).ln(), _P) for j in range(65)]  # ln(1 + j/64)
_K = 1024 / math.log(2)  # only to choose N: any nearby integer would do
_C2, _C3, _C4, _C5, _C6, _C7, _C8 = (_ONE // math.factorial(k) for k in range(2, 9))
_A3, _A5, _A7, _A9, _A11, _A13, _A15 = (_ONE // k for k in range(3, 16, 2))
_C6_INV = _ONE // 6


def _round(m: int, e: int) -> float:
    """The float nearest m · 2ᵉ (ties to even), ±inf past the largest float."""
    if e >= 0:
        try:
            return float(m << e)
        except OverflowError:
            return math.copysign(_INF, m)
    return _ratio(m, 1 << -e)


def _ratio(n: int, d: int) -> float:
    """The float nearest n / d for ints n, d > 0 — CPython's int / int rounds correctly, also
    into the subnormals — and ±inf past the largest float."""
    try:
        return n / d
    except OverflowError:
        return math.copysign(_INF, n)


def _settle(m: int, err: int, e: int) -> float | None:
    """The float nearest the exact value v if it is certain: v lies in (m − err, m + err) · 2ᵉ,
    and both ends round to the same float. None when v is too near a midpoint to tell."""
    lo = _round(m - err, e)
    hi = _round(m + err, e)
    return lo if lo == hi else None


def _settle_ratio(n_lo: int, d_lo: int, n_hi: int, d_hi: int) -> float | None:
    """As `_settle`, for a value known to lie between n_lo/d_lo and n_hi/d_hi."""
    lo = _ratio(n_lo, d_lo)
    hi = _ratio(n_hi, d_hi)
    return lo if lo == hi else None


def _ziv(value: Callable[[], decimal.Decimal], digits: int, margin: int) -> float:
    """The slow path: ``value()`` evaluated in ``decimal`` at ``digits`` significant digits,
    trusted to within 10^(margin − digits) relatively, at doubling precision until both ends of
    that interval round to the same float (Decimal → float rounds correctly)."""
    while True:
        with decimal.localcontext(_decimal(digits)):
            v = value()
            err = abs(v).scaleb(margin - digits)
            lo, hi = float(v - err), float(v + err)
        if lo == hi:
            return lo
        digits *= 2


def _exp_fixed(x: float) -> tuple[int, int]:
    """eˣ as m · 2^(k − 130) with |error| < 2⁹ units of m, for finite |x| < 746."""
    num, den = x.as_integer_ratio()
    xf = (num << _P) // den  # x · 2¹³⁰, off by < 1 unit (den is a power of two)
    n = round(x * _K)
    r = xf - (n * _LN2_1024 >> 20)
    # eʳ by Horner's rule, written out: 1 + r(1 + r(1/2 + r(1/6 + … + r/8!)))
    p = _C7 + (r * _C8 >> _P)
    p = _C6 + (r * p >> _P)
    p = _C5 + (r * p >> _P)
    p = _C4 + (r * p >> _P)
    p = _C3 + (r * p >> _P)
    p = _C2 + (r * p >> _P)
    p = _ONE + (r * p >> _P)
    p = _ONE + (r * p >> _P)
    return (_EXP2_HI[n >> 5 & 31] * _EXP2_LO[n & 31] >> _P) * p >> _P, n >> 10


def exp(x: float) -> float:
    """eˣ, correctly rounded; exp(±0) = 1, exp(−inf) = 0, exp(inf) = inf, nan → nan."""
    if not x == x:
        return x
    if x > 709.8:  # e^709.79 > the largest float
        return _INF
    if x < -745.2:  # below half the smallest subnormal
        return 0.0
    if x == 0.0:
        return 1.0
    m, k = _exp_fixed(x)
    y = _settle(m, _SLACK, k - _P)
    return _ziv(lambda: decimal.Decimal(x).exp(), 50, 2) if y is None else y


def _ln_fixed(mant: int, e: int) -> int:
    """ln(mant · 2ᵉ) · 2¹³⁰ for an int mant > 0 of any length, |error| < 2⁹ units (plus the
    truncation of mant to 131 bits, < 2⁻¹³⁰ relatively)."""
    bits = mant.bit_length() - 1  # mant · 2ᵉ = y · 2^(e + bits), y ∈ [1, 2)
    y = mant >> (bits - _P) if bits > _P else mant << (_P - bits)
    # the table point c = 1 + j/64 nearest y, and s = (y − c)/(y + c), |s| < 1/257:
    # ln y = ln c + ln(y/c) = ln c + 2 atanh s
    j = (y - _ONE + (1 << (_P - 7))) >> (_P - 6)
    c = (64 + j) << (_P - 6)
    s = ((y - c) << _P) // (y + c)
    s2 = s * s >> _P
    # atanh s = s(1 + s²/3 + s⁴/5 + … + s¹⁴/15): the rest is below 2⁻¹⁴⁰
    q = _A13 + (s2 * _A15 >> _P)
    q = _A11 + (s2 * q >> _P)
    q = _A9 + (s2 * q >> _P)
    q = _A7 + (s2 * q >> _P)
    q = _A5 + (s2 * q >> _P)
    q = _A3 + (s2 * q >> _P)
    q = _ONE + (s2 * q >> _P)
    return ((e + bits) * _LN2 >> 20) + _LOG1P[j] + (s * q >> (_P - 1))


def _log_fixed(x: float) -> int:
    """ln x · 2¹³⁰, |error| < 2⁹ units, for finite x > 0."""
    num, den = x.as_integer_ratio()  # den is a power of two
    return _ln_fixed(num, 1 - den.bit_length())


def log(x: float) -> float:
    """ln x, correctly rounded; log(0) = −inf, log(x < 0) = nan, log(inf) = inf."""
    if not x > 0.0:
        return -_INF if x == 0.0 else _NAN
    if x == _INF:
        return x
    if x == 1.0:
        return 0.0
    y = _settle(_log_fixed(x), _SLACK, -_P)
    return _ziv(lambda: decimal.Decimal(x).ln(), 50, 2) if y is None else y


_TANH_ONE = 22.0  # tanh x rounds to ±1 from here (1 − tanh 22 ≈ 2e−19 < 2⁻⁵⁴)
_TANH_X = 2.0**-28  # below it, tanh x rounds to x (x − tanh x < x·2⁻⁵⁷, the gap is ≥ x·2⁻⁵⁴)


def _tanh_decimal(a: float) -> decimal.Decimal:
    e = (2 * decimal.Decimal(a)).exp()
    return (e - 1) / (e + 1)


def tanh(x: float) -> float:
    """tanh x, correctly rounded; tanh(±0) = ±0, tanh(±inf) = ±1, nan → nan."""
    a = abs(x)
    if not a >= _TANH_X:  # also nan and ±0
        return x
    if a >= _TANH_ONE:
        return math.copysign(1.0, x)
    m, k = _exp_fixed(2.0 * a)  # e^2a = m · 2^(k−130), 0 ≤ k ≤ 64
    # tanh a = (e^2a − 1)/(e^2a + 1) = (m·2ᵏ − 2¹³⁰)/(m·2ᵏ + 2¹³⁰), increasing in m
    ef, err = m << k, _SLACK << k
    y = _settle_ratio(ef - err - _ONE, ef - err + _ONE, ef + err - _ONE, ef + err + _ONE)
    if y is None:  # e^2a − 1 loses about log10(1/a) digits to cancellation
        y = _ziv(lambda: _tanh_decimal(a), 60 + max(0, -math.frexp(a)[1]) // 3, 40)
    return y if x > 0.0 else -y


_SIGMOID_ONE = 38.0  # σ(x) rounds to 1 from here (1 − σ(38) ≈ 3e−17 < 2⁻⁵⁴)


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e⁻ˣ), correctly rounded; σ(0) = ½, σ(−inf) = 0, σ(inf) = 1, nan → nan."""
    if not x == x:
        return x
    if x >= _SIGMOID_ONE:
        return 1.0
    if x < -745.2:  # σ(x) < eˣ: below half the smallest subnormal
        return 0.0
    if x == 0.0:
        return 0.5
    m, k = _exp_fixed(-abs(x))  # e^−|x| = m · 2^(k−130) = m / d, k ≤ 0
    d = 1 << (_P - k)
    err = _SLACK
    if x > 0.0:  # σ(x) = 1/(1 + e⁻ˣ) = d/(d + m), decreasing in m
        y = _settle_ratio(d, d + m + err, d, d + m - err)
    else:  # σ(x) = eˣ/(1 + eˣ) = m/(d + m), increasing in m
        y = _settle_ratio(m - err, d + m - err, m + err, d + m + err)
    if y is None:
        # Decimal(−x), not −Decimal(x): unary minus rounds to the context's digits
        y = _ziv(lambda: 1 / (1 + decimal.Decimal(-x).exp()), 50, 3)
    return y


SOFTPLUS_THRESHOLD = 20.0  # PyTorch's: above it softplus(x) is x itself
_SOFTPLUS_SERIES = -20.0  # below it, ln(1 + eˣ) by its series in eˣ < 2⁻²⁸
_LN10 = math.log(10)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + eˣ), correctly rounded for x ≤ 20; x itself above 20, as PyTorch
    defines it; softplus(−inf) = 0, nan → nan."""
    if not x <= SOFTPLUS_THRESHOLD:  # also nan
        return x
    if x < -745.2:  # ln(1 + eˣ) < eˣ: below half the smallest subnormal
        return 0.0
    m, k = _exp_fixed(x)  # eˣ = m · 2^(k−130)
    if x < _SOFTPLUS_SERIES:
        # ln(1 + E) = E·(1 − E/2 + E²/3 − E³/4 + E⁴/5 − …), E = eˣ < 2⁻²⁸: to E⁴ the rest is
        # below 2⁻¹⁴⁰ relatively, so the factor f is computed from E in fixed point
        e_fixed = m >> -k
        f = _A5 - (e_fixed * _C6_INV >> _P)
        f = _ONE // 4 - (e_fixed * f >> _P)
        f = _A3 - (e_fixed * f >> _P)
        f = (_ONE >> 1) - (e_fixed * f >> _P)
        f = _ONE - (e_fixed * f >> _P)
        n, d = m * f, 1 << (2 * _P - k)  # softplus = m · f / d
        err = _SLACK * f + 4 * m
        y = _settle_ratio(n - err, d, n + err, d)
    else:
        # ln(1 + E) with 1 + E = (2¹³⁰ + m·2ᵏ) · 2⁻¹³⁰, known to (_SLACK·2ᵏ + 1) units
        one_plus = _ONE + (m << k if k >= 0 else m >> -k)
        err = ((_SLACK << k if k >= 0 else _SLACK >> -k) + 2 << _P) // one_plus + _SLACK
        y = _settle(_ln_fixed(one_plus, -_P), err, -_P)
    if y is None:
        # At d digits, 1 + eˣ keeps only d − ⌈−x/ln 10⌉ of eˣ's digits (x < 0): the result is
        # then good to about 10^(1 + lost − d) relatively, not 10^(1 − d). So the margin grows
        # with the digits added, or _ziv would trust an interval 10^lost times too narrow
        # (10³⁰⁰ at x = −700) and could settle on the wrong side of a midpoint.
        lost = max(0, math.ceil(-x / _LN10))
        y = _ziv(lambda: (1 + decimal.Decimal(x).exp()).ln(), 50 + lost, 3 + lost)
    return y
