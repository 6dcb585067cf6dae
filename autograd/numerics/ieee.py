"""IEEE-754 arithmetic for the op table's rules: what PyTorch float64 does where Python raises.

Python's ``math`` raises "math range error", "math domain error" and ZeroDivisionError where a
float64 tensor quietly gives ±inf or nan. The table's forward and partial rules use these helpers
so that no rule ever raises. Handed Values instead of floats (a rule evaluated on Values, for a
gradient of a gradient) they fall back to the Values' own ops, so every rule works on both.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable
from functools import reduce
from typing import Any, overload

from autograd.numerics import crfast

__all__ = [
    "Scalar",
    "div",
    "exp",
    "is_odd_integer",
    "left_sum",
    "log",
    "one_minus_square",
    "pow_",
    "sign",
    "sqrt",
]

_INF = math.inf
_NAN = math.nan

Scalar = Any  # a float, or a Value when a rule is evaluated on Values


@overload
def div(a: float, b: float) -> float: ...
@overload
def div(a: Scalar, b: Scalar) -> Scalar: ...
def div(a: Scalar, b: Scalar) -> Scalar:
    """a / b with IEEE semantics: x/0 → ±inf, 0/0 → nan (Python raises ZeroDivisionError)."""
    if isinstance(b, float) and b == 0.0 and isinstance(a, float):
        if a == 0.0 or a != a:
            return _NAN
        return math.copysign(_INF, a) * math.copysign(1.0, b)
    return a / b


@overload
def exp(x: float) -> float: ...
@overload
def exp(x: Scalar) -> Scalar: ...
def exp(x: Scalar) -> Scalar:
    """eˣ, correctly rounded (`autograd.numerics.crfast`); overflows to inf instead of raising."""
    if not isinstance(x, float):
        return x.exp()
    return crfast.exp(x)


@overload
def log(x: float) -> float: ...
@overload
def log(x: Scalar) -> Scalar: ...
def log(x: Scalar) -> Scalar:
    """ln x, correctly rounded (`autograd.numerics.crfast`); log(0) = −inf, log(x < 0) = nan, as in
    PyTorch."""
    if not isinstance(x, float):
        return x.log()
    return crfast.log(x)


def sign(x: float) -> float:
    """sgn x: 1 for x > 0, −1 for x < 0, and 0 at ±0 and at nan — the derivative of |x| that
    PyTorch float64's backward uses, 0 at the kink. The one sign of the project."""
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0)


def is_odd_integer(y: float) -> bool:
    return math.isfinite(y) and y == math.floor(y) and math.fmod(y, 2.0) != 0.0


@overload
def pow_(x: float, y: float) -> float: ...
@overload
def pow_(x: Scalar, y: Scalar) -> Scalar: ...
def pow_(x: Scalar, y: Scalar) -> Scalar:
    """xʸ with C99 ``pow`` semantics: overflow → ±inf, 0⁻¹ → inf, (−8)^(1/3) → nan."""
    if not (isinstance(x, float) and isinstance(y, float)):
        return x**y
    if x == 0.0 and y < 0.0:
        return math.copysign(_INF, x) if is_odd_integer(y) else _INF
    try:
        return math.pow(x, y)
    except OverflowError:
        return -_INF if x < 0.0 and is_odd_integer(y) else _INF
    except ValueError:
        return _NAN


@overload
def sqrt(x: float) -> float: ...
@overload
def sqrt(x: Scalar) -> Scalar: ...
def sqrt(x: Scalar) -> Scalar:
    """√x; nan for x < 0 (Python raises "math domain error")."""
    if not isinstance(x, float):
        return x.sqrt()
    return math.sqrt(x) if x >= 0.0 else _NAN


_FMA = getattr(math, "fma", None)  # Python ≥ 3.13


@overload
def one_minus_square(y: float) -> float: ...
@overload
def one_minus_square(y: Scalar) -> Scalar: ...
def one_minus_square(y: Scalar) -> Scalar:
    """1 − y², rounded once — what a fused multiply-add fma(−y, y, 1) gives, and so what
    PyTorch's compiled tanh backward computes. ``1.0 - y * y`` rounds twice and can be off by
    far more than an ulp when y² is close to 1 (tanh′(8.9) is ≈ 7e−8: 6e−10 relative error)."""
    if not isinstance(y, float):  # a Value: its op of the same name, so the node is fused too
        return y.one_minus_square()
    if not math.isfinite(y):  # nan, ±inf: 1 − inf = −inf
        return 1.0 - y * y
    if _FMA is not None:
        try:
            return float(_FMA(-y, y, 1.0))
        except OverflowError:  # y² past the largest float
            return -_INF
    # Exact in integers: y = n/d with d a power of two, and int / int rounds correctly.
    n, d = y.as_integer_ratio()
    try:
        return (d * d - n * n) / (d * d)
    except OverflowError:  # y² past the largest float
        return -_INF


@overload
def left_sum(xs: Iterable[float], start: float = 0.0) -> float: ...
@overload
def left_sum(xs: Iterable[Scalar], start: Scalar = 0.0) -> Scalar: ...
def left_sum(xs: Iterable[Scalar], start: Scalar = 0.0) -> Scalar:
    """start + x₁ + x₂ + … + xₙ, added left to right with one rounding per +, on every Python.

    The built-in sum() of floats is compensated from Python 3.12 on, so its last bits would depend
    on the Python version (and differ from the page's JavaScript); this sum is the same on all."""
    return reduce(operator.add, xs, start)
