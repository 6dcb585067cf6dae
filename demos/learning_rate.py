# %% [markdown]
# # 7c. The learning rate η
#
# W ← W − η·∂C/∂W: the gradient says which way is downhill, η says how far to step. The cost
# of the lecture's network over the five samples of the update demo, as a landscape over
# (W₁, W₂) — b₁ = 0.1 and b₂ = 0.3 held fixed so that it is a 2-D picture — and three runs of
# gradient descent from the slides' W₁ = 0.8, W₂ = −1.2. Each arrow is one step, −η·∇C.
#
# What to expect: an η too small crawls; a good η reaches the valley floor in a few dozen
# steps; an η too large jumps clean over the valley. This network's cost is bounded (σ keeps
# a₂ in (0, 1), so C < 1), so "too large" does not run off to infinity here: the big jump lands
# where both σ are saturated, the gradient there is almost a hundred times smaller (demo 9's
# vanishing gradient), and the cost stops falling on that plateau. Near the bottom, the classic
# limit η < 2/λₘₐₓ (λₘₐₓ the largest curvature of C) says when the steps start to overshoot
# and grow instead of shrink: started just beside the bottom, an η 30 % past that limit
# *diverges* from it — each step lands further up the other side, C grows a hundredfold in six
# steps, then bounces far above the bottom (the cost is bounded, so it cannot run off to ∞).

# %%
import math

import matplotlib.pyplot as plt

from autograd.notation.numbers import number
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import START, cost, descend, gradient, largest_curvature

cfg = settings()
slide_style()
steps = 15 if cfg.quick else 40
grid_n = 15 if cfg.quick else 55
RUNS = {3.0: "too small", 30.0: "good", 300.0: "too large"}
COLORS = {3.0: "#e67e22", 30.0: "#27ae60", 300.0: "#c0392b"}
DIVERGE_COLOR = "#8e44ad"
paths = {eta: descend(START, eta, steps, names=("W1", "W2")) for eta in RUNS}
for eta, path in paths.items():
    p, c = path[-1]
    print(
        # as a slide writes a number (3 significant digits, not 5 decimals: η = 30 ends near
        # 2e−6, which .5f prints as 0)
        f"η = {signed(eta):5g} ({RUNS[eta]:9}): C {number(path[0][1])} → "
        f"{number(c)} after {steps} steps, "
        f"(W₁, W₂) = ({signed(p['W1']):+.3f}, {signed(p['W2']):+.3f})"
    )

# %%
landed = paths[300.0][1][0]
slopes = [math.hypot(g["W1"], g["W2"]) for g in (gradient(START)[1], gradient(landed)[1])]
flatter = slopes[0] / slopes[1]
print(
    f"η = 300: the first step lands at (W₁, W₂) = ({signed(landed['W1']):+.2f}, "
    f"{signed(landed['W2']):+.2f}), "
    f"where |∇C| = {signed(slopes[1]):.1e}, {flatter:.0f}× smaller than at the start "
    f"({signed(slopes[0]):.1e})"
)

# %% [markdown]
# ## How large is too large? The curvature at the bottom
#
# The bottom is where the good run ends. Its curvature matrix (the Hessian of C over W₁, W₂)
# is measured by finite differences of backward()'s gradient; along its steepest direction C
# is a parabola ½·λₘₐₓ·d², and a step d ← d − η·λₘₐₓ·d shrinks only while η < 2/λₘₐₓ.

# %%
bottom = paths[30.0][-1][0]
lam_max = largest_curvature(bottom)
print(
    f"bottom (W₁, W₂) = ({signed(bottom['W1']):+.3f}, {signed(bottom['W2']):+.3f}), C "
    f"= {signed(cost(bottom)):.2e}"
)
print(f"largest curvature λₘₐₓ = {lam_max:.5f}: steps overshoot for η > 2/λₘₐₓ = {2 / lam_max:.0f}")

# %% [markdown]
# ## Diverging: η past 2/λₘₐₓ, started beside the bottom
#
# The same network, started a small step away from the bottom, with η = 1.3 · 2/λₘₐₓ. Each
# step overshoots the valley floor by more than the last: the cost grows instead of falling.

# %%
ETA_DIVERGE = round(1.3 * 2 / lam_max)
near = {**bottom, "W1": bottom["W1"] + 0.05, "W2": bottom["W2"] - 0.05}
diverging = descend(near, ETA_DIVERGE, 8 if cfg.quick else 14, names=("W1", "W2"))
costs = [c for _, c in diverging]
print(
    f"η = {ETA_DIVERGE} (1.3 · 2/λₘₐₓ) from beside the bottom: C "
    + " → ".join(f"{signed(c):.1e}" for c in costs[:7])
    + f" …: {max(costs) / costs[0]:.0f}× the start at its worst"
)


# %%
def landscape(lo1: float, hi1: float, lo2: float, hi2: float) -> tuple[list, list, list]:
    """log₁₀ C on a grid over (W₁, W₂), b₁ and b₂ at their start values."""
    w1s = [lo1 + (hi1 - lo1) * i / (grid_n - 1) for i in range(grid_n)]
    w2s = [lo2 + (hi2 - lo2) * j / (grid_n - 1) for j in range(grid_n)]
    logC = [[math.log10(cost({**START, "W1": a, "W2": b})) for a in w1s] for b in w2s]
    return w1s, w2s, logC


def draw_runs(ax, arrows: int) -> None:
    for eta, path in paths.items():
        xs = [p["W1"] for p, _ in path]
        ys = [p["W2"] for p, _ in path]
        ax.plot(xs, ys, "o", color=COLORS[eta], ms=3.5)
        for k in range(min(len(path) - 1, arrows)):  # the first steps as arrows: −η·∇C
            ax.annotate(
                "",
                xy=(xs[k + 1], ys[k + 1]),
                xytext=(xs[k], ys[k]),
                arrowprops={"arrowstyle": "->", "color": COLORS[eta], "lw": 2},
            )
        ax.plot([], [], "-", color=COLORS[eta], label=f"η = {number(eta)} ({RUNS[eta]})")
    xs = [p["W1"] for p, _ in diverging]
    ys = [p["W2"] for p, _ in diverging]
    ax.plot(xs, ys, "-o", color=DIVERGE_COLOR, ms=3.5, lw=1.5,
            label=f"η = {ETA_DIVERGE} from beside the bottom (diverges)")  # fmt: skip
    ax.plot(START["W1"], START["W2"], "k*", ms=16, label="start: slides' W₁, W₂")
    ax.plot(bottom["W1"], bottom["W2"], "wX", ms=13, mec="k", label="bottom")
    ax.set_xlabel("W₁")


fig, (wide, zoom, right) = plt.subplots(1, 3, width_ratios=[1, 1, 0.9], layout="constrained")
views = ((wide, (-0.5, 6.5, -17.5, 1.0), 12), (zoom, (0.6, 2.4, -3.9, -0.9), 25))
for ax, box, arrows in views:
    w1s, w2s, logC = landscape(*box)
    ax.contourf(w1s, w2s, logC, levels=18, cmap="Blues_r")
    ax.contour(w1s, w2s, logC, levels=18, colors="white", linewidths=0.5, alpha=0.6)
    draw_runs(ax, arrows)
    ax.set_xlim(box[0], box[1])
    ax.set_ylim(box[2], box[3])
wide.add_patch(plt.Rectangle((0.6, -3.9), 1.8, 3.0, fill=False, ec="k", lw=1.5, ls="--", zorder=5))
wide.text(
    -0.3,
    -17.0,
    f"η = 300 lands where\nboth σ saturate: |∇C|\n{flatter:.0f}× smaller, C stalls",
    fontsize=12,
    color="#c0392b",
)
wide.set_ylabel("W₂")
wide.set_title("C over (W₁, W₂), darker = lower")
zoom.set_title("Zoom (dashed box): arrows = −η·∇C")
handles, labels = wide.get_legend_handles_labels()
fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=12)
for eta, path in paths.items():
    right.plot([c for _, c in path], "o-", ms=3, color=COLORS[eta], label=f"η = {number(eta)}")
right.plot(costs, "o-", ms=3, color=DIVERGE_COLOR, label=f"η = {ETA_DIVERGE}")
right.set_yscale("log")
right.set_xlabel("step")
right.set_ylabel("cost C (log scale)")
right.set_title("Cost curves")
fig.suptitle(f"Learning rate: crawl, converge, overshoot, diverge (η > 2/λₘₐₓ ≈ {2 / lam_max:.0f})")
png = save_figure(fig, "07c_learning_rate")
