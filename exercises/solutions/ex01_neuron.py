# %% [markdown]
# # Exercise 1. The artificial neuron: z = Σ w·a + b, a = φ(z)
#
# The lecture's neuron weighs each activation aₖ reaching it (or each input x) by its weight
# wₖ, adds the products and its bias b, and passes the sum through an activation function φ:
#
#     z = Σₖ wₖ·aₖ + b        a = φ(z)
#
# For the neuron below, compute z, and then a for each of the lecture's three activations
# (demo 1 shows the method on a neuron of its own; these numbers are yours to work out):
#
#     σ(z) = 1/(1 + e⁻ᶻ)      tanh(z) = (e²ᶻ − 1)/(e²ᶻ + 1)      ReLU(z) = max(z, 0)
#
# By hand (three significant digits are enough) or in Python (`import math`: `math.exp`,
# `math.tanh`). Replace each `...` marked TODO with your answer, then check:
# `.venv/bin/python -m exercises check 1` (or run the last cell).

# %%
import math

a_in = [1.5, -0.5, 2.0]  # a₁, a₂, a₃: the activations reaching the neuron
w = [0.4, -0.6, -0.7]  # w₁, w₂, w₃: its weights
b = 0.2  # its bias

# %%
z = sum(wk * ak for wk, ak in zip(w, a_in)) + b

a_sigmoid = 1 / (1 + math.exp(-z))
a_tanh = math.tanh(z)
a_relu = max(z, 0.0)

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 1` in a terminal.

# %%
if __name__ == "__main__":
    from exercises import check_here

    check_here(1, globals())
