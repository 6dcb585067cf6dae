# %% [markdown]
# # 3. Why non-linearity
#
# The lecture: "operations performed by neurons are linear combinations of inputs and
# weights … are linear functions sufficient to solve complex problems?" Class +1 lies in a
# diagonal band, class −1 on both sides of it; no straight line separates them.
#
# Take ONE network — input layer (x₁, x₂) → hidden layer 1 (8 neurons) → hidden layer 2
# (8 neurons) → output layer (1 neuron) — and build it twice from the same initial weights:
# once with φ = identity (a = z), once with φ = ReLU. Without φ, every layer is z = W·a + b,
# and a linear function of a linear function is linear: the whole network collapses to
# y′ = w·x + b, one straight line, however many layers it has. With φ it can bend.

# %%
import itertools

import matplotlib.pyplot as plt

from autograd import Value
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.plots import classes_legend, decision_boundary
from nn import MLP, SGD, fit
from nn.datasets import nonlinear

cfg = settings()
slide_style()
n, epochs, grid = (40, 10, 25) if cfg.quick else (100, 80, 60)
X, y = nonlinear(n=n, seed=0, labels="pm1")
HIDDEN = [8, 8]

# %% [markdown]
# All three models are trained the same way: hinge loss, full-batch gradient descent with
# momentum, the same number of epochs.

# %%
models = {
    "same MLP, φ = identity": MLP(2, [*HIDDEN, 1], activation="linear", seed=0),
    "same MLP, φ = ReLU": MLP(2, [*HIDDEN, 1], activation="relu", seed=0),
    "linear model y′ = w·x + b": MLP(2, [1], seed=0),
}
accuracy = {}
for name, model in models.items():
    # identity layers multiply their gains, so that network takes a smaller step to stay stable
    lr = 0.01 if "identity" in name else 0.1
    opt = SGD(model.parameters(), lr=lr, momentum=0.9)
    history = fit(model, X, y, loss="hinge", optimizer=opt, epochs=epochs, progress=False)
    accuracy[name] = history.accuracy[-1]
    print(f"{name:27} training accuracy {accuracy[name]:.1%}")

# %% [markdown]
# The identity network really is one straight line: the gradient of its output with respect
# to the input, ∂y′/∂x (by backward()), is the same vector w at every point x.


# %%
def input_gradient(model: MLP, point: list[float]) -> tuple[float, float]:
    """∂y′/∂x₁ and ∂y′/∂x₂ at ``point``, by backward()."""
    xs = [Value(point[0], label="x₁"), Value(point[1], label="x₂")]
    out = model(xs)
    assert isinstance(out, Value)
    out.backward()
    return xs[0].grad, xs[1].grad


for name in ("same MLP, φ = identity", "same MLP, φ = ReLU"):
    grads = [input_gradient(models[name], p) for p in ([-1.0, -1.0], [0.0, 0.5], [1.2, 0.3])]
    shown = "  ".join(f"({signed(g1):+.4f}, {signed(g2):+.4f})" for g1, g2 in grads)
    print(f"{name:23} ∂y′/∂x at three points: {shown}")


# %%
def draw_network(ax: plt.Axes) -> None:
    """The architecture, layers named as in the lecture."""
    columns = [("x₁,\nx₂", 2), ("1", 8), ("2", 8), ("y′", 1)]
    spots = []
    for c, (label, count) in enumerate(columns):
        ys = [(i - (count - 1) / 2) * 0.75 for i in range(count)]
        spots.append([(c, v) for v in ys])
        ax.text(c, -3.1, label, ha="center", va="top")
    for left, right in itertools.pairwise(spots):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color=palette.LIGHT_GREY, lw=0.8, ls="-", zorder=1)
    for c, column in enumerate(spots):
        color = palette.FILLS["cost"] if c in (1, 2) else palette.FILLS["param"]
        ax.scatter([p[0] for p in column], [p[1] for p in column], s=260, color=color,
                   edgecolors=palette.INK, zorder=2)  # fmt: skip
    ax.set_xlim(-0.6, 3.6)
    ax.set_ylim(-5.2, 5.2)
    ax.axis("off")
    # in the title, not a text above the neurons: the title row grows with the panels' titles
    ax.set_title("2-8-8-1, built twice:\nhidden layers 1, 2:\nφ = identity or ReLU")


fig, axes = plt.subplots(1, 3, width_ratios=[0.8, 1, 1], layout="constrained")
draw_network(axes[0])
line = accuracy["linear model y′ = w·x + b"]
said = {  # the comment in the title: the axis label says only what the axis is, x₁
    "same MLP, φ = identity": f"a straight line\n(a linear model gets {line:.0%})",
    "same MLP, φ = ReLU": "the boundary bends\naround the band",
}
for ax, (name, comment) in zip(axes[1:], said.items()):
    short = name.removeprefix("same MLP, ")
    title = f"{short}: {accuracy[name]:.0%} right,\n{comment}"
    decision_boundary(ax, models[name], X, y, title, grid)
classes_legend(fig, axes[1])
fig.suptitle(
    "Another model: a 2-8-8-1 MLP, hinge loss.\nWithout φ it is just a line; with φ it bends"
)
png = save_figure(fig, "03_nonlinear")
