# %% [markdown]
# # 3. Why non-linearity
#
# Class +1 lies in a diagonal band, class −1 on both sides of it. A linear model
# y' = w₁x₁ + w₂x₂ + b draws one straight line: it cannot put the band on one side and both
# outer strips on the other. An MLP with non-linear activations bends its boundary around
# the band.

# %%
import matplotlib.pyplot as plt

from demos.context import save_figure, settings, slide_style
from demos.plots import decision_boundary
from nn import MLP, SGD, fit
from nn.datasets import nonlinear

cfg = settings()
slide_style()
n, epochs, grid = (60, 15, 25) if cfg.quick else (200, 150, 70)
X, y = nonlinear(n=n, seed=0, labels="pm1")

# %% [markdown]
# Both models are trained the same way: hinge loss, full-batch gradient descent.

# %%
linear = MLP(2, [1], seed=0)  # no hidden layer: y' = w·x + b
mlp = MLP(2, [16, 16, 1], activation="relu", seed=0)
results = {}
for name, model in (("linear model", linear), ("MLP 2-16-16-1, ReLU", mlp)):
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = fit(model, X, y, loss="hinge", optimizer=opt, epochs=epochs, progress=False)
    results[name] = history.accuracy[-1]
    print(f"{name:22} training accuracy {history.accuracy[-1]:.1%}")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 5.8), layout="constrained")
for ax, (name, model) in zip(axes, (("linear model", linear), ("MLP 2-16-16-1, ReLU", mlp))):
    decision_boundary(ax, model, X, y, f"{name}: {results[name]:.0%}", grid)
fig.suptitle("A straight line cannot solve this; a non-linear network can")
save_figure(fig, "03_nonlinear")
