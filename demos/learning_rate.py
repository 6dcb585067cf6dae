# %% [markdown]
# # 7c. The learning rate η
#
# W ← W − η·∂C/∂W: the gradient says which way is downhill, η says how far to step. The
# running example's network and data (four samples, the first the slides' x = 0.5, y = 1), as
# a curve: C as a function of W₁ alone, with b₁, W₂, b₂ held where training ends (the bottom
# of C, `demos.lecture_net.bottom`), so that the curve is a valley. Gradient descent on W₁,
# started at the slides' W₁ = 0.8, with three learning rates:
#
# * too small: it crawls — after 12 steps W₁ has hardly moved;
# * good: it reaches the bottom of the valley in a few steps;
# * too large: it jumps clean over the valley and lands high on the far side.
#
# (σ flattens C far from the valley, so every run starts slowly: a small gradient times η is a
# small step. The advanced figure, `advanced/07c_learning_rate_surface.png`, draws the same
# over (W₁, W₂), with the curvature limit η < 2/λₘₐₓ.) Holding the others at the bottom, not at
# the slides' b₁ = 0.1, W₂ = −1.2, b₂ = 0.3, changes the start's cost: C = 0.175 on the curve,
# not the slides' 0.162 — the figure says what it holds, and the demo prints both.

# %%
import math

import matplotlib.pyplot as plt

from autograd.notation.numbers import number
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import (
    PRETTY,
    START,
    bottom,
    cost,
    descend,
    gradient,
    largest_curvature,
    per_sample_gradients,
)
from demos.plots import label_end

cfg = settings()
slide_style()
held = bottom()  # b₁, W₂, b₂ where training ends: C(W₁) is a valley


def held_at(*names: str) -> str:
    """The held parameters as the slides write them: "b₁ = −7.53, W₂ = −4.42"."""
    return ", ".join(f"{PRETTY[k]} = {number(held[k])}" for k in names)


print(f"held at the bottom: {held_at('b1', 'W2', 'b2')}; C there = {number(cost(held))}")
(C0, g0), *_ = per_sample_gradients(START)
C_start, g_start = gradient(START)
print(
    f"at the slides' start: sample 0 (x = 0.5, y = 1) has C₀ = {number(C0)}, ∂C₀/∂W₁ = "
    f"{number(g0['W1'])}; the mean over all four, C = {number(C_start)}, ∂C/∂W₁ = "
    f"{number(g_start['W1'])}"
)
C_curve = cost({**held, "W1": START["W1"]})
print(
    f"the figure's start: the slides' W₁ = {number(START['W1'])} with b₁, W₂, b₂ held at the "
    f"bottom, C = {number(C_curve)} (not {number(C_start)}: only W₁ is the slides')"
)

GOOD = "good, reaches the bottom"  # one word for the η that works, in both figures
RUNS_1D = {3.0: "too small", 20.0: GOOD, 60.0: "too large, jumps over the valley"}
STEPS_1D = 12


def run_1d(eta: float, steps: int = STEPS_1D) -> list[tuple[float, float]]:
    """(W₁, C) before each of ``steps`` steps W₁ ← W₁ − η·∂C/∂W₁ and after the last."""
    path = descend({**held, "W1": START["W1"]}, eta, steps, names=("W1",))
    return [(p["W1"], c) for p, c in path]


# %%
n = 61 if cfg.quick else 241
ws = [-2.0 + 12.0 * i / (n - 1) for i in range(n)]
curve = [cost({**held, "W1": w}) for w in ws]
fig, axes = plt.subplots(1, 3, sharey=True, layout="constrained")
colors_1d = dict(zip(RUNS_1D, palette.SERIES[1:4]))
for ax, (eta, name) in zip(axes, RUNS_1D.items()):
    color = colors_1d[eta]
    path = run_1d(eta)
    ax.plot(ws, curve, color=palette.SERIES[0], ls="-")
    xs, cs = [w for w, _ in path], [c for _, c in path]
    # the start a hollow star *under* the steps: η = 3's twelve steps all lie inside it
    ax.plot([xs[0]], [cs[0]], "*", mfc="none", mec=palette.INK, mew=1.5, ms=26, zorder=2)
    ax.plot(xs, cs, "o", color=color, ms=8, zorder=3)
    for k in range(len(path) - 1):  # each step an arrow, −η·∂C/∂W₁
        ax.annotate("", xy=(xs[k + 1], cs[k + 1]), xytext=(xs[k], cs[k]),
                    arrowprops={"arrowstyle": "->", "color": color, "lw": 2})  # fmt: skip
    moved = f"W₁ {number(xs[0])} → {number(xs[-1])}"  # the step count is in the suptitle
    said = name.replace(", ", ",\n")  # a third of the slide wide: what happens on its own line
    ax.set_title(f"η = {number(eta)}: {said}\n{moved}", color=color, fontweight="bold")
    ax.set_xlabel("W₁")
    print(f"η = {signed(eta):3g} ({name}): C {number(cs[0])} → {number(cs[-1])} after "
          f"{STEPS_1D} steps, W₁ {number(xs[0])} → {number(xs[-1])}")  # fmt: skip
axes[0].set_ylabel("C(W₁); b₁, W₂, b₂ held")
axes[0].text(-2.2, 0.01, "☆ start:\n   the slides'\n   W₁ = 0.8")
# η = 3's twelve steps span 0.12 in W₁, inside the star's width: the same steps, W₁
# magnified, C at the panel's own scale (magnified too, a 0.0003 fall would look like a dive)
small, eta_small = axes[0], min(RUNS_1D)
crawl = run_1d(eta_small)
w1s_crawl = [w for w, _ in crawl]
zoom = small.inset_axes((0.44, 0.68, 0.46, 0.12))  # the empty top right
zoom.plot(w1s_crawl, [c for _, c in crawl], "o-", color=colors_1d[eta_small], ms=6, lw=1.5)
low, high = small.get_ylim()
half = (high - low) * 0.12 / 2  # the inset's height at the panel's scale of C
zoom.set_ylim(crawl[0][1] - half, crawl[0][1] + half)
zoom.set_yticks([])
zoom.grid(False)
zoom.set_xticks([crawl[0][0], crawl[-1][0]], [number(crawl[0][0]), number(crawl[-1][0])])
# its name on two lines at its right, and the lines from the star to the inset's left
# corners, which pass left of the name (to the top corners they crossed it)
zoom.set_title(f"η = {number(eta_small)},\nW₁ magnified", fontsize=plt.rcParams["xtick.labelsize"],
               loc="right", pad=8)  # fmt: skip
around = (min(w1s_crawl) - 0.05, crawl[0][1] - 0.004, max(w1s_crawl) - min(w1s_crawl) + 0.1, 0.008)
spot = small.indicate_inset(around, inset_ax=zoom, edgecolor=palette.GREY)  # the star's spot
for line, left in zip(spot.connectors, (True, True, False, False)):  # lower, upper left; right
    line.set_visible(left)
fig.suptitle(
    "The learning rate η on the running example: C over W₁ alone,\n"
    f"{STEPS_1D} steps W₁ ← W₁ − η·∂C/∂W₁; {held_at('b1', 'W2', 'b2')} held\n"
    f"(the bottom of C): at the start, W₁ = {number(START['W1'])}, C = {number(C_curve)}"
)
png = save_figure(fig, "07c_learning_rate")

# %% [markdown]
# ## Advanced: the same over (W₁, W₂), and how large is too large
#
# The cost as a landscape over (W₁, W₂), b₁ and b₂ held at the bottom, three runs from the
# slides' W₁ = 0.8, W₂ = −1.2. Near the bottom, the classic limit η < 2/λₘₐₓ (λₘₐₓ the largest
# curvature of C, the largest eigenvalue of its Hessian, here measured by finite differences of
# backward()'s gradient) says when the steps start to overshoot and grow instead of shrink:
# started just beside the bottom, an η twice that limit is *thrown out* of it — each step lands
# further up the other side, until one throws it off the map. (The cost is bounded, σ keeping
# a₂ in (0, 1), so it cannot run off to infinity as a divergence on a bowl would: it bounces
# far above the bottom instead, not back down in the 40 steps drawn.)

# %%
slide_style(advanced=True)
steps = 15 if cfg.quick else 40
grid_n = 15 if cfg.quick else 55
RUNS = {3.0: "too small", 30.0: GOOD, 300.0: "too large, leaves the map"}
COLORS = dict(zip(RUNS, palette.SERIES[1:4]))
START_2D = {**held, "W1": START["W1"], "W2": START["W2"]}
paths = {eta: descend(START_2D, eta, steps, names=("W1", "W2")) for eta in RUNS}
for eta, path in paths.items():
    p, c = path[-1]
    print(
        f"η = {signed(eta):5g} ({RUNS[eta]}): C {number(path[0][1])} → "
        f"{number(c)} after {steps} steps, "
        f"(W₁, W₂) = ({signed(p['W1']):+.3f}, {signed(p['W2']):+.3f})"
    )
# the bottom of the drawn slice is the held 4-parameter bottom (b₁, b₂ are held there), not
# where the η = 30 run happens to stop after its steps
bottom_2d = held
lam_max = largest_curvature(bottom_2d)
print(
    f"bottom (W₁, W₂) = ({signed(bottom_2d['W1']):+.3f}, {signed(bottom_2d['W2']):+.3f}), C "
    f"= {signed(cost(bottom_2d)):.2e}"
)
print(
    f"largest curvature λₘₐₓ = {lam_max:.5f} (how sharply C curves at the bottom, in its "
    f"steepest direction): steps overshoot (cross the valley) for η > 1/λₘₐₓ = "
    f"{1 / lam_max:.0f}, and grow instead of shrinking for η > 2/λₘₐₓ = {2 / lam_max:.0f}"
)  # fmt: skip
ETA_DIVERGE = round(2 * 2 / lam_max)
# black, not SERIES[4]: that orange-brown is hard to tell from η = 3's vermillion
DIVERGE_COLOR = palette.OKABE_ITO["black"]
near = {**bottom_2d, "W1": bottom_2d["W1"] + 0.05, "W2": bottom_2d["W2"] - 0.05}
diverging = descend(near, ETA_DIVERGE, steps, names=("W1", "W2"))  # as long as the others
costs = [c for _, c in diverging]
print(
    f"η = {ETA_DIVERGE} (2 · 2/λₘₐₓ) from beside the bottom: C "
    + " → ".join(f"{signed(c):.1e}" for c in costs[:6])
    + f" …: {max(costs) / costs[0]:.0f}× the start at its worst"
)


# %%
def landscape(lo1: float, hi1: float, lo2: float, hi2: float) -> tuple[list, list, list]:
    """log₁₀ C on a grid over (W₁, W₂), b₁ and b₂ held."""
    w1s = [lo1 + (hi1 - lo1) * i / (grid_n - 1) for i in range(grid_n)]
    w2s = [lo2 + (hi2 - lo2) * j / (grid_n - 1) for j in range(grid_n)]
    logC = [[math.log10(cost({**START_2D, "W1": a, "W2": b})) for a in w1s] for b in w2s]
    return w1s, w2s, logC


fig, (surface, right) = plt.subplots(1, 2, width_ratios=[1.3, 1], layout="constrained")
w1s, w2s, logC = landscape(-2.0, 8.0, -8.0, 0.5)
surface.contourf(w1s, w2s, logC, levels=18, cmap="Blues_r")
surface.contour(w1s, w2s, logC, levels=18, colors="white", linewidths=0.5, alpha=0.6)
# each run its colour, line and marker; η = 3's 40 short steps (W₁ 0.8 → 0.91) drawn on top and
# largest, over a hollow start, so that the other runs' first steps do not hide them
surface.plot(START_2D["W1"], START_2D["W2"], "*", mfc="none", mec=palette.INK, mew=1.5, ms=22,
             label="start")  # fmt: skip
for (eta, path), style, mark in zip(paths.items(), palette.LINESTYLES, ("s", "o", "^")):
    xs = [p["W1"] for p, _ in path]
    ys = [p["W2"] for p, _ in path]
    crawls = eta == min(RUNS)
    surface.plot(xs, ys, ls=style, marker=mark, color=COLORS[eta], ms=9 if crawls else 5, lw=2,
                 zorder=4 if crawls else 3, label=f"η = {number(eta)} ({RUNS[eta]})")  # fmt: skip


def leaves(path: list[tuple[dict[str, float], float]], key: str, edge: float) -> int:
    """The first step of ``path`` past the map's ``edge`` in ``key`` (W1 or W2)."""
    inside = path[0][0][key] - edge
    return next(k for k, (p, _) in enumerate(path) if (p[key] - edge) * inside < 0)


def crossing(
    path: list[tuple[dict[str, float], float]], k: int, key: str, edge: float
) -> dict[str, float]:
    """Where the line from step k − 1 to step k crosses the map's ``edge`` in ``key``."""
    (a, _), (b, _) = path[k - 1], path[k]
    t = (edge - a[key]) / (b[key] - a[key])
    return {n: a[n] + t * (b[n] - a[n]) for n in ("W1", "W2")}


# the fourth run, from beside the bottom: its first steps, until it leaves the map
away = leaves(diverging, "W1", 8.0)
shown = diverging[: away + 1]
surface.plot([p["W1"] for p, _ in shown], [p["W2"] for p, _ in shown], ls=palette.LINESTYLES[3],
             marker="D", color=DIVERGE_COLOR, ms=5, lw=2,
             label=f"η = {ETA_DIVERGE}, from the bottom")  # fmt: skip
w1_out = diverging[away][0]["W1"]
exit_w2 = crossing(diverging, away, "W1", 8.0)["W2"]
# A pointer, not a path: curved, thin, a filled head at the exit (a straight thin line from
# the label down to the edge read as one more trajectory)
POINTER = {"arrowstyle": "-|>,head_length=0.6,head_width=0.3", "lw": 1.2,
           "connectionstyle": "arc3,rad=0.25", "shrinkA": 2, "shrinkB": 1}  # fmt: skip
surface.annotate(  # above its exit: the space below it is η = 300's label's
    f"η = {ETA_DIVERGE} leaves\nthe map at step {away}:\nW₁ = {number(w1_out)}",
    xy=(8.0, exit_w2), xytext=(7.8, exit_w2 + 1.2), ha="right", va="bottom",
    color=DIVERGE_COLOR,
    arrowprops={**POINTER, "color": DIVERGE_COLOR, "connectionstyle": "arc3,rad=-0.25"},
)  # fmt: skip
# η = 300 leaves the map too, at its bottom edge: annotated as η = 87 is
big = paths[max(RUNS)]
out = leaves(big, "W2", -8.0)
exit_w1 = crossing(big, out, "W2", -8.0)["W1"]
end, C_end = big[-1]
# next to its exit, a short arrow in ink: a long magenta one beside the magenta path read as
# one more path
surface.annotate(
    f"η = {number(max(RUNS))} leaves\nthe map at step {out}\n"
    f"ends: C = {number(C_end)}\nat ({number(end['W1'], 2)}, {number(end['W2'], 2)})",
    xy=(exit_w1, -8.0), xytext=(exit_w1 + 0.25, -6.3), ha="left", va="top",
    color=palette.INK, arrowprops={**POINTER, "color": palette.INK},
)  # fmt: skip
surface.plot(bottom_2d["W1"], bottom_2d["W2"], "X", color="white", ms=13, mec=palette.INK,
             zorder=5, label="bottom")  # fmt: skip
surface.set_xlim(-2.0, 8.0)
surface.set_ylim(-8.0, 0.5)
surface.set_xlabel("W₁")
surface.set_ylabel("W₂")
surface.set_title(f"C over (W₁, W₂), darker = lower; {held_at('b1', 'b2')} held")
surface.legend(loc="lower left")
# the runs in the map's colours, lines and markers, each named at its end (no legend to cover
# the curves, which fill the panel)
ends = {**{eta: [c for _, c in path] for eta, path in paths.items()}, ETA_DIVERGE: costs}
for (eta, cs), style, mark in zip(ends.items(), palette.LINESTYLES, ("s", "o", "^", "D")):
    color = COLORS.get(eta, DIVERGE_COLOR)
    right.plot(cs, ls=style, marker=mark, ms=4, color=color)
    label_end(right, range(len(cs)), cs, f"η = {number(eta)}", color)
right.set_xlim(-1, steps + 12)  # room for the names
right.set_xticks(range(0, steps + 1, 5 if cfg.quick else 10))
right.set_yscale("log")
right.set_xlabel("step")
right.set_ylabel("cost C (log scale)")
right.set_title(f"η = {ETA_DIVERGE} > 2/λₘₐₓ ≈ {2 / lam_max:.0f} leaves the bottom")
fig.suptitle("Learning rate over (W₁, W₂): too small crawls, good reaches the bottom,\n"
             f"too large leaves the map (η = {number(max(RUNS))}, {ETA_DIVERGE})")  # fmt: skip
png = save_figure(fig, "07c_learning_rate_surface", advanced=True)
