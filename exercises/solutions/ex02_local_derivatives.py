# %% [markdown]
# # Exercise 2. The local derivatives σ′, tanh′ and ReLU′, as formulas
#
# Backpropagation multiplies local derivatives. For an activation a = φ(z) the local
# derivative is ∂a/∂z = φ′(z): write φ′ for the lecture's three activations,
#
#     σ(z) = 1/(1 + e⁻ᶻ)      tanh(z) = (e²ᶻ − 1)/(e²ᶻ + 1)      ReLU(z) = max(z, 0)
#
# as Python functions of a float z. They are checked at hundreds of z from the whole range a
# float can hold — 0, and large |z|, where σ and tanh "are moving towards value of 1 or 0/−1"
# and their derivatives towards 0 — against the engine's op table. ReLU′ is the lecture's,
# in this file's letter z: 0 for z ≤ 0, 1 for z > 0.
#
# σ and tanh are given: `sigmoid` as the engine computes it (for any z, e⁻ᶻ never
# overflows), `tanh` from Python's math module. Replace each `...` marked TODO, then check:
# `.venv/bin/python -m exercises check 2`.

# %%
from math import tanh

from autograd import Value


def sigmoid(z: float) -> float:
    """σ(z) = 1/(1 + e⁻ᶻ) for any float z (the engine's σ: it never overflows)."""
    return Value(z).sigmoid().data


# %%
def sigmoid_prime(z: float) -> float:
    """σ′(z) = ∂σ/∂z, at z."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z: float) -> float:
    """tanh′(z) = ∂tanh/∂z, at z."""
    return 1.0 - tanh(z) ** 2


def relu_prime(z: float) -> float:
    """ReLU′(z) = ∂ReLU/∂z, at z (the lecture's: 0 for z ≤ 0, 1 for z > 0)."""
    return 1.0 if z > 0 else 0.0


# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 2` in a terminal. Once it passes, it
# prints σ′(0), tanh′(0) and ReLU′(0).

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/solutions/ex02_local_derivatives.py
if __name__ == "__main__":
    from exercises import check_here

    if check_here(2, globals()):
        for z in (0.0, 2.0):
            print(f"z = {z}: σ′ = {sigmoid_prime(z):.4g}, tanh′ = {tanh_prime(z):.4g}")
