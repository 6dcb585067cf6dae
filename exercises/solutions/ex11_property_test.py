# %% [markdown]
# # Exercise 11. A property-based test for tanh's derivative
#
# How do we know the engine's tanh′ is right? A property: at every x, the gradient
# backward() gives equals the derivative measured from tanh itself,
#
#     ∂tanh/∂x ≈ (tanh(x + ε) − tanh(x − ε)) / 2ε        (ε small, e.g. 10⁻⁶)
#
# and hypothesis checks it at hundreds of x it draws for you — the simple and the nasty —
# and, when it fails, shrinks x to the simplest failing one.
#
# Write the test: decorate it with `@given(…)` (which x should it try?) and check the
# property. The checker runs your test on the engine's tanh — it must pass — and on several
# deliberately wrong derivatives of tanh — it must fail on each — and tells you which bugs
# your test let through. Then: `.venv/bin/python -m exercises check 11` (or run it with pytest:
# `.venv/bin/python -m pytest exercises/ex11_property_test.py`).

# %%
import math

from hypothesis import given
from hypothesis import strategies as st

from autograd import Value


@given(st.floats(-50.0, 50.0))  # negative and positive x, and large |x|, where tanh saturates
def test_tanh_derivative(x: float) -> None:
    """backward() through tanh gives, at x, the derivative measured from tanh itself."""
    v = Value(x)
    v.tanh().backward()
    eps = 1e-6
    measured = (math.tanh(x + eps) - math.tanh(x - eps)) / (2 * eps)
    assert math.isclose(v.grad, measured, rel_tol=1e-5, abs_tol=1e-8)


# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 11` in a terminal.

# %%
if __name__ == "__main__":
    from exercises import check_here

    check_here(11, globals())
