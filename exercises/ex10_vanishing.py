# %% [markdown]
# # Exercise 10. Vanishing gradients: the layer 1 / layer 10 ratio for σ and ReLU
#
# The lecture: sigmoid and tanh "are moving towards value of 1 or 0/−1. It means that for
# further values, derivatives of these functions are getting closer to zero. And that means
# vanishing of the gradients." ReLU "isn't affect of this problem": its derivative is 0 for
# x ≤ 0 and 1 for x > 0.
#
# Measure it. The network: an MLP with 10 hidden layers of 8 neurons and one linear output,
# the mean squared error on 32 two-moons points. After backward(), compare the gradient that
# reaches hidden layer 1 with the one that reaches layer 10, the last hidden layer:
#
#     ratio = mean |∂C/∂w| over layer 1's weights  /  mean |∂C/∂w| over layer 10's weights
#
# Write `gradient_ratio(activation)`, then answer: whose gradient vanishes — the ratio far
# below 1, under 10⁻²? Then: `.venv/bin/python -m exercises check 10`.

# %%
from nn import MLP, mse
from nn.datasets import moons

X, y = moons(32, seed=0)


def gradient_ratio(activation: str) -> float:
    """mean |∂C/∂w| of hidden layer 1 over that of hidden layer 10, for φ = ``activation``."""
    model = MLP(2, [8] * 10 + [1], activation=activation, seed=0)
    C = mse([model(x) for x in X], y)
    C.backward()
    # model.layers[0] is hidden layer 1 … model.layers[9] is layer 10 (layers[10]: the
    # output); layer.neurons are its neurons, neuron.w a neuron's weights (Values).
    return ...  # TODO: the ratio


vanishes = ...  # TODO: "sigmoid", "relu", "both" or "neither"

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 10` in a terminal. Once it passes,
# it prints both ratios.

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/ex10_vanishing.py
if __name__ == "__main__":
    from exercises import check_here

    if check_here(10, globals()):
        print(f"σ: {gradient_ratio('sigmoid'):.3g}, ReLU: {gradient_ratio('relu'):.3g}")
