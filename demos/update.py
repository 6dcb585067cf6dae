# %% [markdown]
# # 7b. The update slide, on the lecture's network
#
# "When we calculate gradient for all weights and biases we get a vector of gradients
# [∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂], which we use to update these weights and biases":
#
#     W₁ = W₁ − η·∂C/∂W₁    b₁ = b₁ − η·∂C/∂b₁    W₂ = W₂ − η·∂C/∂W₂    b₂ = b₂ − η·∂C/∂b₂
#
# The network is the slides' x → (W₁, b₁) → σ → a₁ → (W₂, b₂) → σ → a₂ with Cᵢ = (a₂ − yᵢ)²,
# starting from the slides' values W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3, on four samples,
# the first the slides' own x = 0.5, y = 1 (C₀ = 0.372, ∂C₀/∂W₁ = 0.0409).

# %%
import matplotlib.pyplot as plt

from autograd import Value
from autograd.notation.numbers import number
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import NAMES, PRETTY, START, X, Y, descend, gradient, per_sample_gradients
from nn import SGD

cfg = settings()
slide_style()
eta = 10.0
steps = 10 if cfg.quick else 40

# %% [markdown]
# ## One gradient per sample, then their average
#
# Each sample gets its own network and its own backward(); the lecture's
# ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W averages them. One backward() through C = 1/n Σᵢ Cᵢ gives the same
# vector, because the mean's local derivative is 1/n on every sample's edge.

# %%
samples = per_sample_gradients(START)
C0, g0 = samples[0]
print(f"sample 0 (the slides'): C₀ = {number(C0)}, ∂C₀/∂W₁ = {number(g0['W1'])}")
print("sample   x      y      Cᵢ      " + "  ".join(f"∂Cᵢ/∂{PRETTY[k]:3}" for k in NAMES))
for i, ((Ci, g), x, y) in enumerate(zip(samples, X, Y)):
    row = "  ".join(f"{signed(g[k]):+.5f} " for k in NAMES)
    print(f"  {i}    {signed(x):+.1f}   {y:.2f}   {Ci:.5f}  {row}")
average = {k: sum(g[k] for _, g in samples) / len(samples) for k in NAMES}
C, grads = gradient(START)
print("1/n Σᵢ                         " + "  ".join(f"{signed(average[k]):+.5f} " for k in NAMES))
print("backward() on C = 1/n Σᵢ Cᵢ    " + "  ".join(f"{signed(grads[k]):+.5f} " for k in NAMES))
vector = ", ".join(f"{signed(grads[k]):+.5f}" for k in NAMES)
print(f"\n[∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂] = [{vector}]   (C = {C:.5f})")

# %% [markdown]
# ## The four updates, with numbers (η = 10)
#
# The same step done by the optimiser `nn.SGD` lands on the same four numbers.


# %%
# `signed` writes the rule's own minus sign (−) for a negative number too, so a line reads
# "− 10·(−0.01498)" on the slide, never "− 10·(-0.01498)".
after = {k: START[k] - eta * grads[k] for k in NAMES}
lines = []
for k in NAMES:
    name = PRETTY[k]
    lines.append(
        f"{name} = {name} − η·∂C/∂{name} = {signed(START[k]):+.4f} − {eta:g}·"
        f"({signed(grads[k]):+.5f}) = {signed(after[k]):+.4f}"
    )
print("\n".join(lines))
params = [Value(START[k]) for k in NAMES]
for p, k in zip(params, NAMES):
    p.grad = grads[k]
SGD(params, lr=eta).step()
print(
    "nn.SGD gives   "
    + "  ".join(f"{PRETTY[k]} = {signed(p.data):+.4f}" for k, p in zip(NAMES, params))
)

# %% [markdown]
# ## A few steps of training: the cost falls

# %%
path = descend(START, eta, steps)
costs = [c for _, c in path]
for step in (0, 1, 2, 3, 5, steps):
    p, c = path[step]
    values = "  ".join(f"{PRETTY[k]} = {signed(p[k]):+.3f}" for k in NAMES)
    updates = "update:" if step == 1 else "updates:"  # "after 1 update", aligned with the rest
    print(f"after {step:2} {updates:8} C = {c:.5f}   {values}")

fig = plt.figure(layout="constrained")
grid = fig.add_gridspec(2, 2, width_ratios=[1.4, 1], height_ratios=[1, 0.8])
bars = fig.add_subplot(grid[0, 0])
curve = fig.add_subplot(grid[:, 1])
text = fig.add_subplot(grid[1, 0])
positions = range(len(NAMES))
for i, (_, g) in enumerate(samples):
    bars.scatter(
        [j + (i - 1.5) * 0.12 for j in positions],
        [g[k] for k in NAMES],
        s=70 if i == 0 else 45,
        color=palette.SERIES[1] if i == 0 else palette.GREY,
        marker="D" if i == 0 else "o",
        zorder=3,
        label="∂C₀/∂· (the slides' sample)"
        if i == 0
        else ("∂Cᵢ/∂·, i = 1 … 3" if i == 1 else None),
    )
bars.bar(positions, [grads[k] for k in NAMES], width=0.6, color=palette.SERIES[0], alpha=0.8,
         label="∂C/∂· = their mean")  # fmt: skip
bars.axhline(0, color=palette.INK, lw=1)
bars.set_xticks(list(positions), [f"∂C/∂{PRETTY[k]}" for k in NAMES])
bars.set_ylabel("∂C/∂w")
bars.set_title("The gradient vector:\nthe mean of 4 samples' gradients")
bars.margins(y=0.15)
text.axis("off")
short = [f"{PRETTY[k]}: {signed(START[k]):+.2f} − {eta:g}·({signed(grads[k]):+.4f}) = "
         f"{signed(after[k]):+.3f}" for k in NAMES]  # fmt: skip
text.text(
    0.0,
    1.0,
    f"W ← W − η·∂C/∂W, η = {eta:g}:\n" + "\n".join(short),
    va="top",
    family="DejaVu Sans Mono",
)
# the legend in one row under both panels, not over the update's text: at slide sizes the
# text fills its panel
fig.legend(*bars.get_legend_handles_labels(), loc="outside lower center", ncol=3)
curve.plot(range(len(costs)), costs, "o-", color=palette.SERIES[1], ms=5)
curve.set_yscale("log")
curve.set_xlabel(f"number of updates (η = {number(eta)})")
curve.set_ylabel("C = 1/n Σᵢ Cᵢ (log scale)")
curve.set_title(f"The cost falls:\n{number(costs[0])} → {number(costs[-1])}")
fig.suptitle("Backpropagation's gradient vector, and the update it drives\n(the running example)")
png = save_figure(fig, "07b_update")
