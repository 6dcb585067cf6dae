# %% [markdown]
# # Exercise 8. The gradient averaged over the data set: ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W
#
# "But this is only for one training sample. To calculate a gradient of a given weight we need
# to average over whole dataset":
#
#     ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W
#
# Below is the lecture's network (one neuron per layer, σ in both) with its weights shared by
# every sample, and a data set of n = 4 samples (xᵢ, yᵢ); sample i's cost is
# Cᵢ = (a₂(xᵢ) − yᵢ)². With backward() — one call per sample — find ∂Cᵢ/∂W₁ for each
# sample, then their average ∂C/∂W₁. Then: `.venv/bin/python -m exercises check 8`.

# %%
from autograd import Value

data = [(0.5, 1.0), (-1.0, 0.0), (2.0, 1.0), (1.5, 0.0)]  # (xᵢ, yᵢ), i = 0 … 3
W1, b1 = Value(0.8, label="W₁"), Value(0.1, label="b₁")
W2, b2 = Value(-1.2, label="W₂"), Value(0.3, label="b₂")


def cost(x: float, y: float) -> Value:
    """Cᵢ = (a₂ − y)² for the sample (x, y): z₁ = W₁·x + b₁, a₁ = σ(z₁), z₂ = W₂·a₁ + b₂,
    a₂ = σ(z₂)."""
    a1 = (W1 * x + b1).sigmoid()
    a2 = (W2 * a1 + b2).sigmoid()
    return (a2 - y) ** 2


# %%
per_sample = []
for x, y in data:
    W1.grad = 0.0  # a leaf's grad adds up over backward() calls: start each sample from 0
    C_i = cost(x, y)
    C_i.backward()
    per_sample.append(W1.grad)

dC_dW1 = sum(per_sample) / len(per_sample)

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 8` in a terminal.

# %%
if __name__ == "__main__":
    from exercises import check_here

    check_here(8, globals())
