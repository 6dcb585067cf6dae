# %% [markdown]
# # Exercise 5. ∂C₀/∂W₂ and ∂C₀/∂b₂ on the lecture's network
#
# The lecture's network (as in exercise 4):
#
#     z₁ = W₁·x + b₁    a₁ = σ(z₁)    z₂ = W₂·a₁ + b₂    a₂ = σ(z₂)    C₀ = (a₂ − y)²
#
# The numbers below are exercise 4's, not the running example's of demo 5 (which prints its
# factors): demo 5 shows the method, these numbers are yours.
#
# The lecture first asks for the impact of the second layer's weight W₂ and bias b₂ on C₀:
#
#     ∂C₀/∂W₂ = ∂z₂/∂W₂ · ∂a₂/∂z₂ · ∂C₀/∂a₂          ∂C₀/∂b₂ = ∂z₂/∂b₂ · ∂a₂/∂z₂ · ∂C₀/∂a₂
#
# Work out each factor as a number (the two products share their last two), then both
# products. Three significant digits are enough; a number or a Python expression of the
# forward pass's numbers will do. Then: `.venv/bin/python -m exercises check 5`.

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
dz2_dW2 = a1  # z₂ = W₂·a₁ + b₂
dz2_db2 = 1.0
da2_dz2 = a2 * (1 - a2)  # σ′(z₂) = σ(z₂)·(1 − σ(z₂))
dC0_da2 = 2 * (a2 - y)  # C₀ = (a₂ − y)²

dC0_dW2 = dz2_dW2 * da2_dz2 * dC0_da2
dC0_db2 = dz2_db2 * da2_dz2 * dC0_da2

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 5` in a terminal.

# %%
if __name__ == "__main__":
    from exercises import check_here

    print(f"z₁ = {z1:.4g}, a₁ = {a1:.4g}, z₂ = {z2:.4g}, a₂ = {a2:.4g}, C₀ = {C0:.4g}")
    check_here(5, globals())
