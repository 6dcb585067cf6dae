# %% [markdown]
# # Exercise 4. ∂C₀/∂W₁ on the lecture's network, factor by factor
#
# The lecture's network has one neuron per layer, σ in both, and C₀, the cost of the first
# sample x:
#
#     z₁ = W₁·x + b₁    a₁ = σ(z₁)    z₂ = W₂·a₁ + b₂    a₂ = σ(z₂)    C₀ = (a₂ − y)²
#
# The weights below are not the running example's of demo 5 (W₁ = 0.8, b₁ = 0.1, W₂ = −1.2,
# b₂ = 0.3), whose factors it prints: demo 5 shows the method, these numbers are yours.
#
# The impact of the first layer's weight W₁ on C₀ is, by the chain rule, the product of the
# five local derivatives that "appear" between W₁ and C₀:
#
#     ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂
#
# Work out each factor as a number — by hand, with σ′(z) = σ(z)·(1 − σ(z)) from exercise 2 —
# and then their product. Three significant digits are enough; you may write a number or a
# Python expression of the forward pass's numbers below. Each factor is checked on its own.
# Then: `.venv/bin/python -m exercises check 4`.

# %%
import math

x, y = 0.5, 1.0  # the sample and its label
W1, b1 = 1.4, 0.3  # the first layer
W2, b2 = 1.5, -0.4  # the second layer


def sigma(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# The forward pass, given (exercise 1 was about it):
z1 = W1 * x + b1
a1 = sigma(z1)
z2 = W2 * a1 + b2
a2 = sigma(z2)
C0 = (a2 - y) ** 2

# %%
dz1_dW1 = x  # z₁ = W₁·x + b₁
da1_dz1 = a1 * (1 - a1)  # σ′(z₁) = σ(z₁)·(1 − σ(z₁))
dz2_da1 = W2  # z₂ = W₂·a₁ + b₂
da2_dz2 = a2 * (1 - a2)  # σ′(z₂)
dC0_da2 = 2 * (a2 - y)  # C₀ = (a₂ − y)²

dC0_dW1 = dz1_dW1 * da1_dz1 * dz2_da1 * da2_dz2 * dC0_da2

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 4` in a terminal.

# %%
if __name__ == "__main__":
    from exercises import check_here

    print(f"z₁ = {z1:.4g}, a₁ = {a1:.4g}, z₂ = {z2:.4g}, a₂ = {a2:.4g}, C₀ = {C0:.4g}")
    check_here(4, globals())
