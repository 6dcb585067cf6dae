"""Checking gradients the way the lecture defines them: as limits of difference quotients.

`gradcheck` compares what `backward()` computes with central finite differences
(f(x + ε) − f(x − ε)) / 2ε, one input at a time. It is the oracle our own tests use, and the one
a student can point at any function built from Values.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from autograd.modes import no_grad
from autograd.value import Value

__all__ = ["GradcheckError", "gradcheck", "numerical_gradient"]


class GradcheckError(AssertionError):
    """`gradcheck` found an input whose analytic gradient disagrees with finite differences."""

    def __init__(self, index: int, analytic: float, numeric: float) -> None:
        self.index = index
        self.analytic = analytic
        self.numeric = numeric
        super().__init__(
            f"gradient mismatch for input {index}: analytic (backward) {analytic!r}, "
            f"numeric (finite differences) {numeric!r}"
        )


def _call(f: Callable[..., Value], xs: Sequence[float]) -> float:
    with no_grad():
        out = f(*[Value(x) for x in xs])
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, not {type(out).__name__}")
    return out.data


def numerical_gradient(
    f: Callable[..., Value], inputs: Sequence[float], eps: float = 1e-6
) -> list[float]:
    """∂f/∂xᵢ ≈ (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε for each input i."""
    xs = [float(x) for x in inputs]
    grads = []
    for i, x in enumerate(xs):
        up = list(xs)
        down = list(xs)
        up[i] = x + eps
        down[i] = x - eps
        grads.append((_call(f, up) - _call(f, down)) / (2.0 * eps))
    return grads


def gradcheck(
    f: Callable[..., Value],
    inputs: Sequence[float],
    *,
    eps: float = 1e-6,
    rtol: float = 1e-4,
    atol: float = 1e-6,
) -> bool:
    """Check ∂f/∂xᵢ from `backward()` against central finite differences at ``inputs``.

    ``f`` takes one Value per input and returns a Value. Returns True, or raises
    `GradcheckError` (an AssertionError) naming the first input whose gradients differ by more
    than ``atol + rtol·|numeric|``, with both values.
    """
    xs = [Value(float(x), label=f"x{i}") for i, x in enumerate(inputs)]
    out = f(*xs)
    if not isinstance(out, Value):
        raise TypeError(f"gradcheck: f must return a Value, not {type(out).__name__}")
    out.backward()
    numeric = numerical_gradient(f, [x.data for x in xs], eps)
    for i, (x, n) in enumerate(zip(xs, numeric)):
        if not math.isclose(x.grad, n, rel_tol=rtol, abs_tol=atol):
            raise GradcheckError(i, x.grad, n)
    return True
