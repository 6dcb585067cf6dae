"""The tables of `autograd.numerics.crfast`, computed here from ``decimal`` at 80 digits.

``python -m tests.autograd.crfast_tables`` writes autograd/numerics/exp_table.py and
log_table.py; tests/autograd/test_crfast.py checks that the shipped ones are these, digit for
digit, so a table can never drift from its definition.
"""

from __future__ import annotations

import decimal
import math
from pathlib import Path

D = decimal.Decimal
CTX = decimal.Context(prec=80, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
LN2 = CTX.ln(D(2))
ROOT = Path(__file__).parents[2] / "autograd" / "numerics"


def on_grid(v: D, bits: int) -> float:
    """v rounded to a multiple of 2^−bits (ties to even)."""
    k = CTX.multiply(v, D(2) ** bits).to_integral_value(decimal.ROUND_HALF_EVEN)
    return math.ldexp(float(int(k)), -bits)


def split(v: D, hi: float) -> tuple[float, float]:
    return hi, float(CTX.subtract(v, D(hi)))


def constants() -> dict[str, float]:
    """ln 2/1024 and ln 2 as a high part on a coarse grid (so n·hi and e·hi are exact) and
    the float nearest the rest."""
    step = CTX.divide(LN2, 1024)
    l1, l2 = split(step, on_grid(step, 42))  # 32 bits: n·L1 is exact for |n| < 2²¹
    ln2_hi, ln2_lo = split(LN2, on_grid(LN2, 42))  # 42 bits: e·LN2_HI exact for |e| < 2¹¹
    return {"L1": l1, "L2": -l2, "LN2_HI": ln2_hi, "LN2_LO": ln2_lo}


def exp_table() -> list[tuple[float, float]]:
    """2^(j/1024) = hi + lo, j = 0 … 1023: hi the nearest float, lo the nearest to the rest."""
    rows = []
    for j in range(1024):
        t = CTX.exp(CTX.multiply(LN2, CTX.divide(j, 1024)))
        rows.append(split(t, float(t)))
    return rows


def log_table() -> list[tuple[float, float, float, float]]:
    """For j = 256 … 512 (m ≈ j/512): 1/c rounded to 26 bits (so m_hi·(1/c) is exact), the
    shift that splits m (0 where 1/c is 1 or 2, as m·(1/c) − 1 is then exact without it), and
    ln c = −ln(1/c) as a high part on the 2⁻⁴² grid plus the nearest float to the rest."""
    rows = []
    for j in range(256, 513):
        m, e = math.frexp(512 / j)
        inv_c = math.ldexp(round(m * 2**26), e - 26)
        ln_c = CTX.minus(CTX.ln(D(inv_c)))
        shift = 0.0 if inv_c in (1.0, 2.0) else 1.5 * 2**26
        rows.append((inv_c, shift, *split(ln_c, on_grid(ln_c, 42))))
    return rows


# --- tanh: Taylor polynomials on a grid, each with its proven error bound -------------------

U = D(2) ** -53  # the unit roundoff: |fl(z) − z| ≤ U·|z| for every rounded operation here
# The grids of crfast.tanh: (the smallest a a row meets, first centre, last centre, spacing w).
# NEAR: one row per interval [k/128, (k + 1)/128), k = 4 … 511, its centre c = (k + ½)/128 (x
# reaches it at the index ⌊128·x⌋, exact); FAR, FARTHEST: a reaches the entry of the grid point
# c nearest it. Either way |a − c| ≤ w/2 (plus 2⁻⁴⁰·w: the index arithmetic is exact, but the
# slack costs nothing and covers a tie)
TANH_GRIDS = {
    "NEAR": (2.0**-5, 2.0**-5 + 2.0**-8, 4.0 - 2.0**-8, 2.0**-7),
    "FAR": (4.0, 4.0, 8.0, 2.0**-5),
    "FARTHEST": (8.0, 8.0, 19.125, 2.0**-3),
}
TANH_DEGREE = 6


def tanh_taylor(c: float, terms: int) -> list[D]:
    """The Taylor coefficients Tₘ of tanh at c (tanh(c + d) = Σ Tₘ dᵐ), from y′ = 1 − y²:
    T₁ = 1 − T₀², (m + 1)·Tₘ₊₁ = −Σᵢ Tᵢ·Tₘ₋ᵢ."""
    e = CTX.exp(CTX.multiply(2, D(c)))
    t = [CTX.divide(CTX.subtract(e, 1), CTX.add(e, 1))]
    t.append(CTX.subtract(1, CTX.multiply(t[0], t[0])))
    for m in range(1, terms - 1):
        s = sum((CTX.multiply(t[i], t[m - i]) for i in range(m + 1)), D(0))
        t.append(CTX.divide(CTX.minus(s), m + 1))
    return t


def _tail(c: float, h: D, first: int) -> D:
    """A bound on Σ_{m ≥ first} |Tₘ|·hᵐ by Cauchy's estimate |Tₘ| ≤ M/rᵐ, M the largest |f| on the
    circle |z − c| = r < π/2 (no pole of tanh inside): f = tanh, |tanh z| ≤ tan r where
    |Im z| ≤ r, or f = tanh − 1 = −2/(e²ᶻ + 1), |f| ≤ 2/(e^(2(c − r)) − 1) (same Tₘ, m ≥ 1)."""
    best = D("inf")
    for r in (D(1), D("1.25"), D("1.5")):
        m = CTX.divide(D(math.tan(float(r))) * D("1.0001"), 1)
        if c > r:
            far = CTX.divide(2, CTX.subtract(CTX.exp(CTX.multiply(2, D(c) - r)), 1))
            m = min(m, far * D("1.0001"))
        q = CTX.divide(h, r)
        best = min(best, CTX.divide(CTX.multiply(m, q**first), 1 - q))
    return best


def _short(v: D, bits: int) -> float:
    """v rounded to `bits` significant bits."""
    e = math.frexp(float(v))[1]
    return on_grid(v, bits - e)


# Chebyshev's C₇, C₈ and C₉ (leading coefficients 2ⁿ⁻¹), the coefficient of xᵏ at index k
_CHEBYSHEV = {
    7: [0, -7, 0, 56, 0, -112, 0, 64],
    8: [1, 0, -32, 0, 160, 0, -256, 0, 128],
    9: [0, 9, 0, -120, 0, 432, 0, -576, 0, 256],
}


def tanh_polynomial(c: float, h: D) -> tuple[list[D], D]:
    """The degree-6 polynomial p(d) of crfast.tanh near c, and a bound on |tanh(c + d) − p(d)|
    for |d| ≤ h: Taylor's to d⁹ with d⁹, d⁸ and d⁷ economized in turn — pₙ·dⁿ replaced by pₙ·(dⁿ −
    hⁿ·Cₙ(d/h)/2ⁿ⁻¹), of degree n − 2 and within |Tₙ|·hⁿ/2ⁿ⁻¹ of it (|Cₙ| ≤ 1 on [−1, 1])."""
    t = tanh_taylor(c, 10)
    p = t[:]
    bound = _tail(c, h, 10)
    for n in range(9, TANH_DEGREE, -1):
        scale = CTX.divide(p[n] * h**n, 2 ** (n - 1))
        bound += abs(scale)
        for k, ck in enumerate(_CHEBYSHEV[n]):
            p[k] -= scale * ck / h**k
        assert abs(p[n]) < D(10) ** -60
    return p[: TANH_DEGREE + 1], bound


def _roundings(h: D, t0: float, c1h: float, coef: list[float], tl: float) -> tuple[D, D]:
    """A bound on the rounding errors of crfast.tanh's s = (t − hi) + d·c1h + (tl + d·P(d)),
    P(d) = c1l + c2·d + … + c6·d⁵ by Horner, for |d| ≤ h; and a bound on |s|."""
    # Horner's rounding errors: p ← cₖ + d·p, |p| ≤ A, error ε ≤ h·ε′ + U·h·A′ + U·A
    big, eps = abs(D(coef[-1])), D(0)
    for ck in reversed(coef[:-1]):
        nxt = (abs(D(ck)) + h * big * (1 + U)) * (1 + U)
        eps, big = h * eps + U * h * big + U * nxt, nxt
    r = h * big * (1 + U)  # d·P
    eps = h * eps + U * r
    w_ = (abs(D(tl)) + r) * (1 + U)  # tl + d·P
    eps += U * w_
    lo = U * (abs(D(t0)) + h * abs(D(c1h))) * (1 + U)  # |lo| ≤ U·|t + d·c1h|
    s_max = (lo + w_) * (1 + U)  # s = lo + (tl + d·P)
    return eps + U * s_max, s_max


def tanh_entry(c: float, w: float, low: float, shifted: bool = False) -> tuple[float, ...]:
    """(c, t, tl, c1h, c1l, c2 … c6, b) for the centre c: p(d) = Σ pₘ·dᵐ of tanh_polynomial
    with p₀ = t + tl, p₁ = c1h + c1l, c1h short enough that d·c1h is exact, cₘ the float
    nearest pₘ, for |d| ≤ w/2. With E a proven bound on the error of crfast.tanh's s against
    tanh(c + d) − hi: b = 2E (twice the bound, either side: the test is hi + (s ± b)); or,
    ``shifted``, tl is p₀ − t lowered by β = 2E, so that tanh(c + d) lies between hi + s + E and
    hi + s + 3E, and b = 4E: the test is hi + s against hi + (s + b), one float operation less."""
    h = CTX.multiply(D(w) / 2, 1 + D(2) ** -40)
    p, err = tanh_polynomial(c, h)
    t0 = float(p[0])
    tl_exact = CTX.subtract(p[0], D(t0))
    # d = a − c is a multiple of ulp(a) with |d| ≤ h: at most `dbits` bits
    a_min = max(c - float(h), low)
    dbits = int(h / D(math.ulp(a_min))).bit_length()
    c1h = _short(p[1], min(53 - dbits, 26))
    c1l = float(CTX.subtract(p[1], D(c1h)))
    coef = [c1l] + [float(v) for v in p[2:]]  # P(d) = c1l + c2·d + … + c6·d⁵
    # what the stored numbers miss of p (but p₀'s rest, below)
    err += h * abs(p[1] - D(c1h) - D(c1l))
    err += sum((h**m * abs(p[m] - D(coef[m - 1])) for m in range(2, TANH_DEGREE + 1)), D(0))
    if not shifted:
        tl = float(tl_exact)
        eps, s_max = _roundings(h, t0, c1h, coef, tl)
        error = err + abs(CTX.subtract(tl_exact, D(tl))) + eps
        # the test rounds s ± b: b ≥ (error + U·(|s| + b)) keeps s − b below, s + b above
        bound = CTX.divide(error + U * s_max, 1 - 2 * U) * 2
    else:
        eps, _ = _roundings(h, t0, c1h, coef, float(tl_exact))
        beta = (err + eps) * 2 * (1 + D(2) ** -8)  # 2E, with room for tl's own change
        tl = float(CTX.subtract(tl_exact, beta))
        eps, s_max = _roundings(h, t0, c1h, coef, tl)
        # s now stands for tanh(c + d) − hi − beta, within E (tl's rounding included)
        error = err + abs(CTX.subtract(CTX.subtract(tl_exact, beta), D(tl))) + eps
        assert beta >= 2 * error
        # hi + s ≤ v − E, and v + E ≤ hi + (s + b) rounded: b ≥ beta + 2E + U·(|s| + b)
        bound = CTX.divide(beta + 2 * error + U * s_max, 1 - U)
    b = float(bound)
    b = math.nextafter(b, math.inf) if D(b) < bound else b
    return (c, t0, tl, c1h, c1l, *coef[1:], b)


# The grids whose rows are ``shifted`` (tanh_entry): crfast.tanh's own
TANH_SHIFTED = {"NEAR"}


def tanh_table(grid: str) -> list[tuple[float, ...]]:
    low, first, last, w = TANH_GRIDS[grid]
    n = round((last - first) / w)
    with decimal.localcontext(CTX):  # 80 digits for every operator, not the default 28
        shifted = grid in TANH_SHIFTED
        return [tanh_entry(first + j * w, w, low, shifted) for j in range(n + 1)]


EXP_HEADER = '''"""2^(j/1024) for j = 0 … 1023, each as hi + lo (hi the nearest float, lo the
nearest float to the rest): the table of `autograd.numerics.crfast`'s eˣ. Generated by
``python -m tests.autograd.crfast_tables``; tests/autograd/test_crfast.py recomputes it."""

# fmt: off
EXP2 = (
'''

TANH_HEADER = '''"""tanh near c = (k + ½)/128 for |x| in the interval [k/128, (k + 1)/128), k = 4 …
511, row k − 4 a line: (c, t, tl, c1h, c1l, c2, …, c6, b) — the table of
`autograd.numerics.crfast`'s tanh x, which mirrors it for x < 0 (tanh_far_table.py: |x| ≥ 4).
tanh(c + d) ≈ p(d) = (t + tl) + (c1h + c1l)·d + c2·d² + … + c6·d⁶ for |d| ≤ w/2, c1h short
enough that d·c1h is exact, and b twice a proven bound on the error of p as crfast.tanh
evaluates it. Generated by ``python -m tests.autograd.crfast_tables`` (which derives each
bound); tests/autograd/test_crfast.py recomputes it."""

# fmt: off
'''

TANH_FAR_HEADER = '''"""tanh a for 4 ≤ a < 19.125, as tanh_table.py, near c = first + j·w on two
grids (a reaches the row of the grid point nearest it). Generated by
``python -m tests.autograd.crfast_tables``; tests/autograd/test_crfast.py recomputes it."""

# fmt: off
'''

# Each tanh table file and its grids
TANH_FILES = {"tanh_table.py": (TANH_HEADER, ["NEAR"]),
              "tanh_far_table.py": (TANH_FAR_HEADER, ["FAR", "FARTHEST"])}  # fmt: skip

LOG_HEADER = '''"""For m ≈ j/512, j = 256 … 512: (1/c, the shift that splits m, ln c = hi + lo) —
the table of `autograd.numerics.crfast`'s ln x (1/c has 26 bits, so m_hi·(1/c) is exact; hi lies
on the 2⁻⁴² grid, so e·ln 2 + hi is exact). Generated by ``python -m tests.autograd.crfast_tables``;
tests/autograd/test_crfast.py recomputes it."""

S = 1.5 * 2**26  # the shift: (m + S) − S is m rounded to 26 bits

# fmt: off
LOG = (
'''


def render_exp() -> str:
    rows = exp_table()
    lines = [
        "    " + " ".join(f"({a!r}, {b!r})," for a, b in rows[k : k + 2])
        for k in range(0, len(rows), 2)
    ]
    return EXP_HEADER + "\n".join(lines) + "\n)\n# fmt: on\n"


def render_tanh(file: str = "tanh_table.py") -> str:
    header, grids = TANH_FILES[file]
    parts = [header]
    for grid in grids:
        _, first, last, w = TANH_GRIDS[grid]
        parts.append(f"# c = {first!r} + j·{w!r}, up to {last!r}\n{grid} = (\n")
        parts += [f"    ({', '.join(map(repr, row))}),\n" for row in tanh_table(grid)]
        parts.append(")\n")
    return "".join(parts) + "# fmt: on\n"


def render_log() -> str:
    lines = [f"    ({a!r}, {'S' if b else '0.0'}, {c!r}, {d!r})," for a, b, c, d in log_table()]
    return LOG_HEADER + "\n".join(lines) + "\n)\n# fmt: on\n"


if __name__ == "__main__":
    (ROOT / "exp_table.py").write_text(render_exp(), encoding="utf-8")
    (ROOT / "log_table.py").write_text(render_log(), encoding="utf-8")
    for file in TANH_FILES:
        (ROOT / file).write_text(render_tanh(file), encoding="utf-8")
    print(constants())
