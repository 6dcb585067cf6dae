# %% [markdown]
# # 8. Gradient descent on two moons
#
# micrograd's classic: an MLP 2-16-16-1 (ReLU), hinge loss plus a small L2 penalty, full-batch
# gradient descent with the learning rate decaying from 1.0 to 0.1. Each epoch is forward
# propagation over all 100 points, C = 1/n Σᵢ Cᵢ + α·Σw², backward(), W ← W − η·∂C/∂W.

# %%
import matplotlib.pyplot as plt
from matplotlib.ticker import PercentFormatter

from autograd.show import palette
from demos.context import save_figure, settings, slide_style
from demos.plots import classes_legend, decision_boundary
from nn import MLP, SGD, fit
from nn.datasets import moons

cfg = settings()
slide_style()
n, epochs, grid = (30, 5, 20) if cfg.quick else (100, 100, 70)
X, y = moons(n=n, noise=0.1, seed=1337, labels="pm1")
model = MLP(2, [16, 16, 1], seed=1337)
print(model)
opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)
history = fit(model, X, y, loss="hinge", alpha=1e-4, optimizer=opt, epochs=epochs)
print(
    f"after {epochs} epochs: cost {history.loss[-1]:.4f}, "
    f"training accuracy {history.accuracy[-1]:.1%}"
)
if not cfg.quick and history.accuracy[-1] < 0.97:
    raise SystemExit("training did not reach 97 % accuracy")

# %%
fig, (ax1, ax3) = plt.subplots(1, 2, width_ratios=[1, 1.1], layout="constrained")
epochs_run = list(range(len(history.loss)))
cost_color, accuracy_color = palette.SERIES[0], palette.SERIES[1]
ax1.plot(epochs_run, history.loss, color=cost_color, ls="-")
ax1.set_yscale("log")
ax1.set_xlabel("epoch (one gradient-descent step)")
ax1.set_ylabel("cost C (log scale)", color=cost_color)
ax2 = ax1.twinx()
ax2.plot(epochs_run, history.accuracy, lw=2.5, color=accuracy_color, ls="--")
ax2.set_ylabel("training accuracy", color=accuracy_color)
ax2.set_ylim(0.4, 1.02)
ax2.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))  # as the title's "100% right"
ax2.grid(False)
mid = len(epochs_run) // 2  # direct labels inside the plot, each over its own curve
ax1.annotate("cost C", (mid, history.loss[mid]), xytext=(6, 24), textcoords="offset points",
             color=cost_color, fontweight="bold")  # fmt: skip
ax2.text(mid, 0.95, "accuracy", color=accuracy_color, fontweight="bold", va="top")
ax1.set_title("The cost falls, the accuracy rises")
title = f"Decision boundary, {history.accuracy[-1]:.0%} right"
decision_boundary(ax3, model, X, y, title, grid)
classes_legend(fig, ax3)  # under the figure: inside, it covered the boundary or a few moons
fig.suptitle(
    "Another model: MLP 2-16-16-1 (ReLU) on two moons, hinge loss + L2:\n"
    "C = 1/n Σᵢ max(0, 1 − yᵢ·y′ᵢ) + α·Σ w², full-batch gradient descent"
)
png = save_figure(fig, "08_train")
