# %% [markdown]
# # Exercise 9. Gradient descent: W ← W − η·∂C/∂W, then training on two moons
#
# With the gradient [∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂] the lecture updates every weight and
# bias:
#
#     W₁ = W₁ − η·∂C/∂W₁      b₁ = b₁ − η·∂C/∂b₁      W₂ = W₂ − η·∂C/∂W₂      b₂ = b₂ − η·∂C/∂b₂
#
# 1. Write `update(params, eta)`: one such step for every parameter in `params` (each a
#    Value: `.data` is its number, `.grad` holds ∂C/∂W after `C.backward()`).
# 2. Write `train(model, X, y)`: repeat forward propagation over all the points, the cost,
#    backward() and your update, until the network classifies at least 95 % of the two-moons
#    points right. A point x is classified by the sign of its score s = model(x): +1 for
#    s > 0, −1 otherwise; the labels y are −1 and +1. The hinge loss, `hinge(scores, y)`,
#    is a good cost for such labels (`mse` works too).
#
# The check runs your `train` on a fresh `MLP(2, [16, 16, 1])` and 100 points of two moons:
# a few seconds with a good η and number of epochs. Then: `.venv/bin/python -m exercises check 9`.

# %%
from autograd import Value
from nn import MLP, hinge, mse
from nn.datasets import moons


def update(params: list[Value], eta: float) -> None:
    """One step of gradient descent: W ← W − η·∂C/∂W for every parameter W in params."""
    ...  # TODO


# %%
def train(model: MLP, X: list[list[float]], y: list[int]) -> None:
    """Gradient descent on the points X with labels y (−1/+1), until ≥ 95 % are right."""
    ...  # TODO


# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 9` in a terminal.

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/ex09_gradient_descent.py
if __name__ == "__main__":
    from exercises import check_here

    check_here(9, globals())
