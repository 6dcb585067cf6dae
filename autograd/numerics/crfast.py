"""Correctly rounded eˣ, ln x, tanh x, σ(x) and softplus(x), fast: `crmath`'s floats, bit for
bit, in a fraction of its time. Skip on first reading: the op table's activations call these.

`crmath` computes every value in 130-bit integers (about 2 µs a call). Most of that precision is
needed only near a midpoint between two floats, so here each function first computes its value v
in ordinary floats — as a sum hi + lo of two floats with about 61 correct bits ("double-double":
Cody and Waite's range reduction, a table of 2^(j/1024), of ln c or of tanh's polynomials, a
short polynomial, and Veltkamp's split where a product must be exact) — with a proven bound b on
|v − (hi + lo)|. Then Ziv's rounding test: hi + (lo − b) and hi + (lo + b) are rounded; as
rounding is monotonic, when both give the same float, v (between them) rounds to it too, and that
float is the correctly rounded value. When they differ, v lies within b of a midpoint (1 input in
40 to 1 in 500, by function) and `crmath` decides. So every result is the correctly rounded one,
and is `crmath`'s.

Error bounds (each term a rounding or a truncation; the constants ``_*_ERR`` are the bounds
with a margin of 1.5–2×, and tests/autograd/test_crfast.py measures each against ``decimal``):

* eˣ = 2ᵏ·T·eʳ, T = 2^(j/1024) = th + tl (table, to 2⁻¹⁰⁶), r = x − n·ln 2/1024 with n·L1 exact
  (L1 has 32 bits) so |r| ≤ ρ = 2^−11.52. q = eʳ − 1 − r_hi to 2⁻⁷⁴ (Taylor to r⁵: r⁶/720 <
  2⁻⁷⁸; roundings of r, the polynomial, q and r_lo). lo = tl + th·(r_hi + q): three roundings of
  numbers below 2^−11.4·th, and the dropped tl·(r_hi + q), each < 2^−64.4·th. Total < 2^−62.3·th.
* tanh x, 2⁻⁵ ≤ |x| < 4: a degree-6 polynomial p(d) in d = x − c, c the centre of x's interval
  [k/128, (k + 1)/128), k = ⌊128·x⌋ (tanh_table.py; for x < 0 its mirror, at Python's negative
  index k — tanh is odd, so the mirrored row and every step after it are exact negations). From
  4 to 19.125, the same in a = |x| at the nearest point of a grid 2⁻⁵, 2⁻³ apart from 4, 8 on
  (tanh_far_table.py). p: Taylor's to d⁹ with d⁹, d⁸, d⁷ economized (Chebyshev), within
  Σ|pₙ|·hⁿ/2ⁿ⁻¹ + Cauchy's bound on the rest of tanh. p's constant and linear terms are split,
  t + d·c1h summed exactly (Fast2Sum; d·c1h exact as c1h is short), the rest in floats; each
  row's E, the sum of every rounding and truncation, is derived row by row by
  tests/autograd/crfast_tables.py. From 4 on, b = 2E and the test rounds hi + (s ± b); below 4
  the row's tl is lowered by 2E, so that tanh x lies between hi + s + E and hi + s + 3E, and b =
  4E: the test rounds hi + s and hi + (s + b), one float operation fewer. Below 2⁻⁵ (the rows
  there have b = nan, so their test fails), tanh a = a + a³·Q(a²) to a¹¹ (the rest < 2⁻⁶⁸·a),
  five roundings of a term ≤ a³/3: < 2^−62·a. From 19.125 on, 1 − tanh a < 2⁻⁵⁴: ±1; below
  2⁻²⁸, x itself (crmath's thresholds).
* σ(x) = 1/(1 + e⁻ˣ) or eˣ/(1 + eˣ) (the e^−|x| of eˣ's bound): < 2^−61.8. For −2.5 < x < 4
  and |x| ≥ 1/16, σ(x) = ½ ± ½·tanh(|x|/2) from tanh's rows instead: the centre of the row's
  window, ½·(tanh's bound), ½ ± ½·hi exact by Fast2Sum, and two roundings of numbers < 2⁻¹³:
  < b/8 + 2⁻⁶⁶ (below −2.5, σ < 0.08, and the smaller σ the more inputs that absolute 2⁻⁶⁶
  would send to crmath).
* ln x = e·ln 2 + ln c + ln(1 + z), m = x/2ᵉ, c ≈ m from a table (1/c has 26 bits, so z = m/c − 1
  is exact as zh + zl, |z| ≤ 2⁻⁹), e·LN2_HI + ln c_hi exact (both on the 2⁻⁴² grid). The series of
  ln(1 + z) − z to z⁷ (z⁸/8 < 2⁻⁷⁵) and four roundings of numbers ≤ z²/2 ≤ 2⁻¹⁹: < 2^−70.2,
  which is 2^−60.2 of the smallest |ln x| it meets (2⁻¹⁰, next to c = 1); where c is 1 or ½ and
  e cancels it (x within 2⁻⁹ of 1) the sum is zh + tail alone, < 2^−61.4 relatively.
* softplus(x) = ln(1 + eˣ): 1 + eˣ as dh + dl (its error ≤ 1.44·eˣ's relative to the result), ln
  dh as above, ln(1 + dl/dh) = u − u²/2; below x = −36, eˣ − e²ˣ/2: < 2^−59.4 (2^−62 below −36).

The tables are constants (exp_table.py, log_table.py, tanh_table.py, tanh_far_table.py;
importing this module takes 2–4 ms from bytecode, of which the mirror of tanh's rows, made by
negations, 0.3 ms; 30–40 ms where Python must compile the tables from source, as with
PYTHONDONTWRITEBYTECODE), made and checked by tests/autograd/crfast_tables.py. Everything
outside each fast range (nan, ±inf, overflow, subnormal results, |x| tiny or large) goes to
`crmath` as it is.
"""

from __future__ import annotations

import math

from autograd.numerics import crmath
from autograd.numerics.exp_table import EXP2
from autograd.numerics.log_table import LOG
from autograd.numerics.tanh_far_table import FAR, FARTHEST
from autograd.numerics.tanh_table import NEAR

__all__ = ["SOFTPLUS_THRESHOLD", "exp", "log", "sigmoid", "softplus", "tanh"]

SOFTPLUS_THRESHOLD = crmath.SOFTPLUS_THRESHOLD

# 2ᵏ for k = −1022 … 1023 at index k + 2048 (index = N >> 10, N = n + 2²¹); 0.0 where unused.
_POW2 = [math.ldexp(1.0, i - 2048) if -1022 <= i - 2048 <= 1023 else 0.0 for i in range(4096)]

# The reduction x = n·(ln 2/1024) + r, written out in each function below (a shared helper's
# call would cost a fifth of the time). The numbers, from tests/autograd/crfast_tables.py:
#   n = (x·1024/ln 2 + 1.5·2⁵²) − 1.5·2⁵²           n = round(x·1024/ln 2), as a float
#   N = ⌊n + 2²¹⌋                                   the same + 2²¹, as an int, for |x| < 1400
#   r_hi = x − n·L1       exact: L1 = ln 2/1024 to 32 bits, 0.0006769015435565962
#   r_lo = n·L2           L2 = −(ln 2/1024 − L1), 4.1024561256651217e-14
#   q = r_lo + r²·(1/2 + r/6 + r²/24 + r³/120)         eʳ − 1 − r_hi, r = r_hi + r_lo
# and eˣ = 2^(N >> 10 − 2048) · T[N & 1023] · (1 + r_hi + q).
_EXP_ERR = 2.0**-61
_TANH_TINY_ERR = 2.0**-61  # a < 2⁻⁵: relative to a
_floor = math.floor  # bound once: a global load and a call, cheaper than int(…)
_SIGMOID_ERR = 2.0**-60
_LOG_ERR = 2.0**-59
_SOFTPLUS_ERR = 2.0**-59
_SOFTPLUS_TINY_ERR = 2.0**-60  # x < −20: eˣ − e²ˣ/2 + e³ˣ/3
_SPLIT = 134217729.0  # 2²⁷ + 1: c = y·_SPLIT, y_hi = c − (c − y) keeps y's top 26 bits (Veltkamp)
# ln 2 = LN2_HI + LN2_LO, LN2_HI on the 2⁻⁴² grid: e·LN2_HI is exact for |e| < 2¹¹
_LN2_HI = 0.6931471805598903
_LN2_LO = 5.497923018708371e-14


def exp(x: float) -> float:
    """eˣ, correctly rounded (`crmath.exp`'s value, bit for bit)."""
    if -708.0 < x < 709.0:  # the result is a normal float: 2ᵏ·(…) scales exactly
        n = (x * 1477.3197218702985 + 6755399441055744.0) - 6755399441055744.0  # rounded
        N = _floor(n + 2097152.0)  # n + 2²¹ as an int, for the table's bits
        r_hi = x - n * 0.0006769015435565962
        r_lo = n * 4.1024561256651217e-14
        r = r_hi + r_lo
        q = 0.041666666666666664 + r * 0.008333333333333333
        q = r_lo + r * r * (0.5 + r * (0.16666666666666666 + r * q))
        th, tl = EXP2[N & 1023]
        lo = tl + th * (r_hi + q)
        b = th * _EXP_ERR
        y = th + (lo - b)
        if y == th + (lo + b):
            return y * _POW2[N >> 10]
    return crmath.exp(x)


def _mirror(row: tuple[float, ...]) -> tuple[float, ...]:
    """The row of −c from that of c: tanh is odd, so tanh(−c + d) = −tanh(c − d) and the
    coefficient of dᵐ changes sign for even m (t, tl, c2, c4, c6), as do c and the test's b.
    Exact, and so is every step of `tanh` then: tanh(−x) is −tanh(x) to the bit, its window
    [hi + s − |b|, hi + s] the mirror of [hi + s, hi + s + b]."""
    c, t, tl, c1h, c1l, c2, c3, c4, c5, c6, b = row
    return (-c, -t, -tl, c1h, c1l, -c2, c3, -c4, c5, -c6, -b)


# tanh's rows by ⌊128·x⌋ = k, for −4 ≤ x < 4: NEAR's row k − 4 at index k ≥ 4 (x ≥ 1/32), its
# mirror for x < 0 at k < 0 — Python's own negative index, len − |k| — and for |x| < 1/32 a row
# whose b is nan, so that the rounding test fails and x goes on to `_tanh_rest` (its own series)
_NO_ROW = (0.0,) * 10 + (math.nan,)
_POSITIVE = (_NO_ROW,) * 4 + NEAR
_TANH = _POSITIVE + tuple(_mirror(row) for row in reversed(_POSITIVE))


def tanh(x: float) -> float:
    """tanh x, correctly rounded (`crmath.tanh`'s value, bit for bit)."""
    if x < 4.0 and x >= -4.0:
        # tanh(c + d), c the centre of x's interval [k/128, (k + 1)/128), |d| ≤ 1/256 (d = x − c
        # exact: x and c within a factor 2, both multiples of ulp(x))
        c, t, tl, c1h, c1l, c2, c3, c4, c5, c6, b = _TANH[_floor(x * 128.0)]
        d = x - c
        e = d * c1h  # exact: c1h is short (tanh_table.py)
        hi = t + e  # and t + e = hi + ((t − hi) + e) exactly (Fast2Sum: |t| > |e|)
        s = (t - hi) + e + (tl + d * (c1l + d * (c2 + d * (c3 + d * (c4 + d * (c5 + d * c6))))))
        # tanh x lies between hi + s and hi + s + b (tl is lowered by half that: tanh_table.py),
        # at least b/4 inside: when both round alike, so does tanh x
        y = hi + s
        if y == hi + (s + b):
            return y
    return _tanh_rest(x)


def _tanh_rest(x: float) -> float:
    """tanh x where `tanh`'s rows do not reach (|x| < 1/32, |x| ≥ 4, nan) or could not decide."""
    a = abs(x)
    if a < 0.03125:
        if a >= 3.725290298461914e-09:  # 2⁻²⁸ ≤ a < 2⁻⁵: tanh a = a + a³·Q(a²)
            z = a * a
            p = -0.05396825396825397 + z * (0.021869488536155203 + z * -0.008863235529902197)
            p = a * z * (-0.3333333333333333 + z * (0.13333333333333333 + z * p))
            b = a * _TANH_TINY_ERR
            y = a + (p - b)
            if y == a + (p + b):
                return y if x > 0.0 else -y
            return crmath.tanh(x)
        return x  # tanh x rounds to x (and ±0 is ±0)
    # a reaches the row of the grid point c nearest it, |a − c| ≤ w/2, at the index
    # ⌊a/w − (first/w − ½)⌋ (exact: a/w ≥ first/w and w = 2⁻ᵏ)
    if a < 4.0:  # the row's test could not decide (or x = −1/32, in the row of −4/128 ≤ x < −3/128)
        return crmath.tanh(x)
    elif a < 8.0:
        row = FAR[_floor(a * 32.0 - 127.5)]
    elif a < 19.125:
        row = FARTHEST[_floor(a * 8.0 - 63.5)]
    elif a >= 19.125:  # 1 − tanh a < 2e^−38.25 < 2⁻⁵⁴: rounds to 1
        return 1.0 if x > 0.0 else -1.0
    else:  # nan
        return x
    c, t, tl, c1h, c1l, c2, c3, c4, c5, c6, b = row
    d = a - c  # exact: a and c are multiples of ulp(a), |d| ≤ w/2
    e = d * c1h
    hi = t + e
    s = (t - hi) + e + (tl + d * (c1l + d * (c2 + d * (c3 + d * (c4 + d * (c5 + d * c6))))))
    y = hi + (s - b)
    if y == hi + (s + b):
        return y if x > 0.0 else -y
    return crmath.tanh(x)


def sigmoid(x: float) -> float:
    """σ(x) = 1/(1 + e⁻ˣ), correctly rounded (`crmath.sigmoid`'s value, bit for bit)."""
    if -2.5 < x < 4.0:  # σ(x) = ½ ± ½·tanh a, a = |x|/2: tanh as in `tanh` (written out again:
        a = 0.5 * abs(x)  # a call would cost a sixth of the time)
        if a >= 0.03125:
            c, t, tl, c1h, c1l, c2, c3, c4, c5, c6, b = _TANH[_floor(a * 128.0)]
            d = a - c
            e = d * c1h
            hi = t + e
            s = (t - hi) + e + (tl + d * (c1l + d * (c2 + d * (c3 + d * (c4 + d * (c5 + d * c6))))))
            # tanh a = hi + s within b/4 after s += b/2 (the row's window [hi + s, hi + s + b],
            # b/4 inside), which rounds by < 2⁻⁶⁶ (|s| < 2⁻¹³); ½·hi is exact, ½ ± ½·hi = H + L
            # by Fast2Sum, and L + ½·s rounds by < 2⁻⁶⁷ (|L| < 2⁻¹⁴): twice b/8 + 2⁻⁶⁷ + 2⁻⁶⁷ +
            # 2⁻⁶⁷ (the test's roundings) = b/4 + 3·2⁻⁶⁶
            s += 0.5 * b
            h = 0.5 * hi
            if x > 0.0:
                H = 0.5 + h
                L = (0.5 - H) + h + 0.5 * s
            else:
                H = 0.5 - h
                L = (0.5 - H) - h - 0.5 * s
            b = 0.25 * b + 4.0657581468206416e-20  # b/4 + 3·2⁻⁶⁶
            y = H + (L - b)
            if y == H + (L + b):
                return y
            return crmath.sigmoid(x)
    if -708.0 < x < 38.0:  # σ(x) a normal float, below 1
        v = -x if x > 0.0 else x  # e^v = e^−|x| ≤ 1
        n = (v * 1477.3197218702985 + 6755399441055744.0) - 6755399441055744.0  # rounded
        N = _floor(n + 2097152.0)  # n + 2²¹ as an int, for the table's bits
        r_hi = v - n * 0.0006769015435565962
        r_lo = n * 4.1024561256651217e-14
        r = r_hi + r_lo
        q = 0.041666666666666664 + r * 0.008333333333333333
        q = r_lo + r * r * (0.5 + r * (0.16666666666666666 + r * q))
        th, lo = EXP2[N & 1023]
        lo += th * (r_hi + q)
        s = _POW2[N >> 10]  # e^v = s·(th + lo)
        e = s * th
        dh = 1.0 + e  # 1 + e^v, by Fast2Sum
        dl = ((1.0 - dh) + e) + s * lo
        if x > 0.0:  # σ = 1/(1 + e^v)
            th, lo, s = 1.0, 0.0, 1.0
        # else σ = e^v/(1 + e^v) = s·(th + lo)/(1 + e^v): the numerator unscaled, s applied last
        y = th / dh  # below
        c = y * 134217729.0
        y = c - (c - y)
        c = dh * 134217729.0
        dhh = c - (c - dh)
        corr = (((th - y * dhh) - y * (dh - dhh)) + (lo - y * dl)) / (dh + dl)
        b = y * _SIGMOID_ERR
        z = y + (corr - b)
        if z == y + (corr + b):
            return z * s
    return crmath.sigmoid(x)


def log(x: float) -> float:
    """ln x, correctly rounded (`crmath.log`'s value, bit for bit)."""
    if 0.0 < x < math.inf:
        m, e = math.frexp(x)  # x = m·2ᵉ, m ∈ [½, 1)
        inv_c, shift, ln_c, ln_c_lo = LOG[_floor(m * 512.0 - 255.5)]  # c = j/512 nearest m
        mh = (m + shift) - shift  # m's top bits, so that mh·(1/c) is exact
        zh = mh * inv_c - 1.0
        zl = (m - mh) * inv_c  # z = m/c − 1 = zh + zl exactly, |z| ≤ 2⁻⁹
        z = zh + zl
        t = 0.2 + z * (-0.16666666666666666 + z * 0.14285714285714285)
        t = z * z * (-0.5 + z * (0.3333333333333333 + z * (-0.25 + z * t)))  # ln(1 + z) − z
        hi = e * _LN2_HI + ln_c  # exact
        s = hi + zh  # Fast2Sum: |hi| ≥ |zh| or hi = 0
        lo = ((hi - s) + zh) + (zl + (t + (e * _LN2_LO + ln_c_lo)))
        b = s * _LOG_ERR
        y = s + (lo - b)
        if y == s + (lo + b):
            return y
    return crmath.log(x)


def softplus(x: float) -> float:
    """softplus(x) = ln(1 + eˣ), correctly rounded for x ≤ 20, x itself above (PyTorch's
    threshold): `crmath.softplus`'s value, bit for bit."""
    if -708.0 < x <= SOFTPLUS_THRESHOLD:
        n = (x * 1477.3197218702985 + 6755399441055744.0) - 6755399441055744.0  # rounded
        N = _floor(n + 2097152.0)  # n + 2²¹ as an int, for the table's bits
        r_hi = x - n * 0.0006769015435565962
        r_lo = n * 4.1024561256651217e-14
        r = r_hi + r_lo
        q = 0.041666666666666664 + r * 0.008333333333333333
        q = r_lo + r * r * (0.5 + r * (0.16666666666666666 + r * q))
        th, lo = EXP2[N & 1023]
        lo += th * (r_hi + q)
        s = _POW2[N >> 10]  # eˣ = s·(th + lo)
        if x < -20.0:  # eˣ < 2⁻²⁸·⁸: ln(1 + eˣ) = eˣ − e²ˣ/2 + e³ˣ/3 (the rest < 2⁻⁸⁶ relatively)
            w = th + lo
            e = s * w
            lo -= e * w * (0.5 - e * 0.3333333333333333)
            b = th * _SOFTPLUS_TINY_ERR
            y = th + (lo - b)
            if y == th + (lo + b):
                return y * s
            return crmath.softplus(x)
        # eˣ = e + el with |el| ≤ ulp(e)/2 (Fast2Sum), so that u = dl/dh below is < 2⁻⁵²
        lo *= s
        e = s * th + lo
        el = (s * th - e) + lo
        if x <= 0.0:  # 1 + eˣ = dh + dl by Fast2Sum (the larger first)
            dh = 1.0 + e
            dl = ((1.0 - dh) + e) + el
        else:
            dh = e + 1.0
            dl = ((e - dh) + 1.0) + el
        # ln(dh + dl) = ln dh + ln(1 + u), u = dl/dh: ln dh as in `log`, ln(1 + u) = u (u²/2 <
        # 2⁻¹⁰⁵ where ln(1 + eˣ) > 2⁻²⁹)
        m, k = math.frexp(dh)
        inv_c, shift, ln_c, ln_c_lo = LOG[_floor(m * 512.0 - 255.5)]
        mh = (m + shift) - shift
        zh = mh * inv_c - 1.0
        zl = (m - mh) * inv_c
        z = zh + zl
        t = 0.2 + z * (-0.16666666666666666 + z * 0.14285714285714285)
        t = z * z * (-0.5 + z * (0.3333333333333333 + z * (-0.25 + z * t)))  # ln(1 + z) − z
        hi = k * _LN2_HI + ln_c
        s = hi + zh
        lo = ((hi - s) + zh) + (zl + (t + ((k * _LN2_LO + ln_c_lo) + dl / dh)))
        b = s * _SOFTPLUS_ERR
        y = s + (lo - b)
        if y == s + (lo + b):
            return y
    return crmath.softplus(x)
