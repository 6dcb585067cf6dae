# %% [markdown]
# # 8. Gradient descent on two moons
#
# micrograd's classic: an MLP 2-16-16-1 (ReLU), hinge loss plus a small L2 penalty, full-batch
# gradient descent with the learning rate decaying from 1.0 to 0.1. Each epoch is forward
# propagation over all 100 points, C = 1/n Σᵢ Cᵢ + α·Σw², backward(), W ← W − η·∂C/∂W.

# %%
import matplotlib.pyplot as plt

from demos.context import save_figure, settings, slide_style
from demos.plots import decision_boundary
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
ax1.plot(history.loss, color="#1f4e8c", label="cost C")
ax1.set_yscale("log")
ax1.set_xlabel("epoch (one gradient-descent step)")
ax1.set_ylabel("cost C (log scale)")
ax2 = ax1.twinx()
ax2.plot(history.accuracy, lw=2, color="#c0392b", label="accuracy")
ax2.set_ylabel("training accuracy")
ax2.set_ylim(0.4, 1.02)
ax2.grid(False)
lines = ax1.get_lines() + ax2.get_lines()
ax1.legend(lines, [str(line.get_label()) for line in lines], loc="center right")
ax1.set_title("Training: the cost falls, the accuracy rises")
decision_boundary(ax3, model, X, y, f"Decision boundary, {history.accuracy[-1]:.0%} correct", grid)
fig.suptitle(f"Gradient descent on two moons: {model}")
png = save_figure(fig, "08_train")
