"""Rules that compute a derivative the way PyTorch float64 does, and its masks.

``local × upstream`` is the lecture's rule, and the op table uses it wherever PyTorch computes
the same number. The rules here are the places where PyTorch rounds in another order
(``upstream / y``, not ``upstream · (1/y)``: 1e−20 / 1e−310 is 1e290, 1e−20 · (1/1e−310) is inf),
or *masks* a structurally zero derivative (ReLU′ where x ≤ 0 is exactly 0, even for an infinite
upstream, where 0·∞ would be nan). Each is named in its op's entry (autograd/ops.py) and checked
against the op's partials by the tests, and against PyTorch by ``make test-torch``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import overload

from autograd.numerics import crmath
from autograd.numerics.ieee import Scalar, div, exp, log, one_minus_square, pow_, sqrt

__all__ = [
    "SOFTPLUS_THRESHOLD",
    "divide_upstream_by_c",
    "divide_upstream_by_x",
    "divide_upstream_by_y",
    "mean_backward",
    "pow_backward",
    "pow_c",
    "pow_c_backward",
    "pow_c_partials",
    "pow_partials",
    "rdiv_c",
    "rdiv_c_backward",
    "rdiv_c_partials",
    "relu",
    "relu_backward",
    "relu_partials",
    "rpow_c_partials",
    "sigmoid_backward",
    "softplus_backward",
    "softplus_partials",
    "sqrt_backward",
    "tanh_partials",
]


# --- division: PyTorch divides the upstream instead of multiplying by a reciprocal ----------


def divide_upstream_by_y(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    """x / y: (upstream / y, −upstream · (x/y)/y), PyTorch's div backward."""
    return (div(upstream, y), -upstream * div(out, y))


def divide_upstream_by_c(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    """x / c: upstream / c (1/c could overflow where upstream / c does not)."""
    return (div(upstream, c),)


def divide_upstream_by_x(upstream: float, x: float, out: float) -> tuple[float]:
    """ln x: upstream / x (log(1e−310) backward(1e−10) is 1e300, not inf)."""
    return (div(upstream, x),)


def sqrt_backward(upstream: float, x: float, out: float) -> tuple[float]:
    """√x: upstream / (2√x)."""
    return (div(upstream, 2.0 * out),)


def mean_backward(upstream: float, *inputs_and_out: float) -> list[float]:
    """1/n Σ: upstream / n for each input, not upstream · (1/n)."""
    n = len(inputs_and_out) - 1
    return [upstream / n] * n


def rdiv_c(x: float, c: float) -> float:
    """c / x as one correctly rounded division. (PyTorch's ``c / x`` is ``x.reciprocal() * c``:
    two roundings, and 0 / 5e−324 is inf·0 = nan there.)"""
    return div(c, x)


def rdiv_c_partials(x: float, c: float, out: float) -> tuple[float]:
    """∂(c/x)/∂x = −c·(1/x)², in PyTorch's order (0/x at tiny x gives nan, as there)."""
    r = div(1.0, x)
    return (-c * (r * r),)


def rdiv_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    """PyTorch's chain through r = 1/x: (upstream·c) first, then −(…)·r²."""
    r = div(1.0, x)
    return (-(upstream * c) * (r * r),)


# --- powers: PyTorch's conventions at 0, and x^c by products and roots -----------------------


def pow_partials(x: float, y: float, out: float) -> tuple[float, float]:
    """xʸ: ∂/∂x = y·x^(y−1), 0 where y = 0; ∂/∂y = xʸ·ln x, 0 where x = 0 and y ≥ 0."""
    dx = 0.0 if y == 0.0 else y * pow_(x, y - 1.0)
    dy = 0.0 if (x == 0.0 and y >= 0.0) else out * log(x)
    return (dx, dy)


def pow_backward(upstream: float, x: float, y: float, out: float) -> tuple[float, float]:
    """Masked where y = 0: ∂/∂x contributes exactly 0 even for an infinite upstream; ∂/∂y is
    not masked (as in PyTorch)."""
    dx, dy = pow_partials(x, y, out)
    return (0.0 if y == 0.0 else upstream * dx, upstream * dy)


@overload
def pow_c(x: float, c: float) -> float: ...
@overload
def pow_c(x: Scalar, c: float) -> Scalar: ...
def pow_c(x: Scalar, c: float) -> Scalar:
    """x^c as PyTorch float64 computes these exponents: x³ is x·x·x, x⁻² is 1/(x·x) (so
    1e155⁻² underflows to 0), (−inf)^0.5 = √(−inf) is nan; pow for the others."""
    if not isinstance(x, float):
        return x**c
    special = _POW_C_SPECIAL.get(c)
    return pow_(x, c) if special is None else special(x)


def _x0(x: float) -> float:
    return 1.0  # even nan⁰ = 1


def _x1(x: float) -> float:
    return x


def _x2(x: float) -> float:
    return x * x


def _x3(x: float) -> float:
    return x * x * x


def _x_minus1(x: float) -> float:
    return div(1.0, x)


def _x_minus2(x: float) -> float:
    return div(1.0, x * x)


def _x_minus_half(x: float) -> float:
    return div(1.0, sqrt(x))


_POW_C_SPECIAL: dict[float, Callable[[float], float]] = {
    0.0: _x0, 1.0: _x1, 2.0: _x2, 3.0: _x3, -1.0: _x_minus1, -2.0: _x_minus2,
    0.5: sqrt, -0.5: _x_minus_half,
}  # fmt: skip


def pow_c_partials(x: float, c: float, out: float) -> tuple[float]:
    """∂(x^c)/∂x = c·x^(c−1); 0 for c = 0."""
    return (0.0 if c == 0.0 else c * pow_c(x, c - 1.0),)


def pow_c_backward(upstream: float, x: float, c: float, out: float) -> tuple[float]:
    """x⁰ is constant: its contribution is exactly 0, even for an infinite upstream (a mask)."""
    return (0.0 if c == 0.0 else upstream * (c * pow_c(x, c - 1.0)),)


def rpow_c_partials(x: float, c: float, out: float) -> tuple[float]:
    """∂(cˣ)/∂x = cˣ·ln c; 0 where c = 0 and x ≥ 0."""
    return (0.0 if (c == 0.0 and x >= 0.0) else out * log(c),)


# --- activations -------------------------------------------------------------------------------


def relu(x: float) -> float:
    """max(x, 0) as PyTorch computes it: nan stays nan, and −0.0 stays −0.0."""
    return 0.0 if x < 0.0 else x


def relu_partials(x: float, out: float) -> tuple[float]:
    """ReLU′ = 0 for x ≤ 0 (the lecture's convention at 0, and PyTorch's), 1 for x > 0 (and nan)."""
    return (0.0 if x <= 0.0 else 1.0,)


def relu_backward(upstream: float, x: float, out: float) -> tuple[float]:
    """Masked, not multiplied: exactly 0 where x ≤ 0, even for an inf or nan upstream (0·inf
    would be nan) — PyTorch's threshold_backward."""
    return (0.0 if x <= 0.0 else upstream,)


def tanh_partials(x: float, out: float) -> tuple[float]:
    """tanh′ = 1 − y², rounded once, as PyTorch's fused multiply-add computes it."""
    return (one_minus_square(out),)


def sigmoid_backward(upstream: float, x: float, out: float) -> tuple[float]:
    """σ′·upstream in PyTorch's order: (upstream·(1 − σ))·σ."""
    return (upstream * (1.0 - out) * out,)


SOFTPLUS_THRESHOLD = crmath.SOFTPLUS_THRESHOLD  # PyTorch's default: above it softplus(x) = x


def softplus_partials(x: float, out: float) -> tuple[float]:
    """softplus′ = eˣ/(eˣ + 1) = σ(x); 1 above the threshold."""
    if x > SOFTPLUS_THRESHOLD:
        return (1.0,)
    e = exp(x)
    return (e / (e + 1.0),)


def softplus_backward(upstream: float, x: float, out: float) -> tuple[float]:
    """PyTorch's (upstream·eˣ)/(eˣ + 1): it overflows for a huge upstream, as there."""
    if x > SOFTPLUS_THRESHOLD:
        return (upstream,)
    e = exp(x)
    return (upstream * e / (e + 1.0),)
