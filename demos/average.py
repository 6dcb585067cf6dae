# %% [markdown]
# # 7. Averaging over the data set, then one step of gradient descent
#
# "This is only for one training sample. To calculate a gradient of a given weight we need to
# average over the whole data set": the cost of the data set is the mean of the per-sample
# costs, C = 1/n Σᵢ Cᵢ, so its gradient is the mean of the per-sample gradients,
#
#     ∂C/∂W₁ = 1/n Σᵢ ∂Cᵢ/∂W₁
#
# and gradient descent moves every weight against it: W ← W − η·∂C/∂W. The network is the
# running example's; its data set starts with the running example's sample, x = 0.5, y = 1,
# whose C₀ = 0.372 and ∂C₀/∂W₁ = 0.0409 are those of the chain-rule slides.

# %%
import matplotlib.pyplot as plt

from autograd.notation.labels import lecture_label
from autograd.notation.numbers import number
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.lecture_net import START, X, Y, cost, gradient, per_sample_gradients

settings()
slide_style()

# %% [markdown]
# Each sample's gradient on its own (a separate network and backward() per cost Cᵢ):

# %%
samples = per_sample_gradients(START)
per_sample = [g["W1"] for _, g in samples]
for i, ((Ci, g), x, t) in enumerate(zip(samples, X, Y)):
    Ci_name = lecture_label("C", None, i)
    print(
        f"sample {i}: x = {signed(x):+.1f}, y = {t:.1f}   {Ci_name} = {number(Ci)}   "
        f"∂{Ci_name}/∂W₁ = {number(g['W1'])}  ({signed(g['W1']):+.5f})"
    )
mean_grad = sum(per_sample) / len(per_sample)
print(f"1/n Σᵢ ∂Cᵢ/∂W₁ = {signed(mean_grad):+.5f}")

# %% [markdown]
# The gradient of the averaged cost, by one backward() — the same number, because the cost's
# `mean` node has local derivative 1/n on each sample's edge. Then one step, η = 10.

# %%
C, grads = gradient(START)
print(f"∂C/∂W₁ from backward() on C = 1/n Σ Cᵢ: {signed(grads['W1']):+.5f}")
eta = 10.0
after = {**START, "W1": START["W1"] - eta * grads["W1"]}
print(
    f"W₁ ← W₁ − η·∂C/∂W₁:  {signed(START['W1']):.5f} − {eta:g}·({signed(grads['W1']):+.5f}) = "
    f"{signed(after['W1']):.5f}"
)
print(f"cost before {C:.5f}, after one step {cost(after):.5f}")

# %%
fig, ax = plt.subplots(layout="constrained")
names = [
    f"∂{lecture_label('C', None, i)}/∂W₁\nx = {number(x)}, y = {number(t)}"
    for i, (x, t) in enumerate(zip(X, Y))
]
shades = [palette.SERIES[1]] + [palette.SERIES[0]] * (len(X) - 1)  # sample 0: the slides'
bars = ax.bar(names, per_sample, color=shades, width=0.6, edgecolor=palette.INK)
marks = [number(v) + (" (the slides')" if i == 0 else "") for i, v in enumerate(per_sample)]
ax.bar_label(bars, labels=marks, padding=4)
mean_color = palette.SERIES[4]
ax.axhline(mean_grad, color=mean_color, lw=3, ls="--")
# in the empty space above the last (negative) bar, an arrow down to its line: on the line it
# sat over a bar and ran into the frame
ax.annotate(f"mean = ∂C/∂W₁\n= {number(mean_grad)}", (len(X) - 1, mean_grad),
            xytext=(len(X) - 1, 0.8 * max(per_sample)), ha="center", va="center",
            color=mean_color, fontweight="bold",
            arrowprops={"arrowstyle": "->", "color": mean_color, "lw": 2})  # fmt: skip
ax.axhline(0, color=palette.INK, lw=1)
ax.set_ylabel("∂Cᵢ/∂W₁, each sample's own")
ax.margins(y=0.25)
ax.set_title("One gradient per sample, Cᵢ = (a₂ − yᵢ)², and their mean:\n∂C/∂W₁ = 1/n Σᵢ ∂Cᵢ/∂W₁")
png = save_figure(fig, "07_average")
