# %% [markdown]
# # 7. Averaging over the data set, then one step of gradient descent
#
# The cost of the whole data set is the mean of the per-sample costs, C = 1/n Σᵢ Cᵢ, so its
# gradient is the mean of the per-sample gradients:
#
#     ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W
#
# and gradient descent moves every weight against it: W ← W − η·∂C/∂W.

# %%
import matplotlib.pyplot as plt

from autograd import Value
from autograd.notation.labels import lecture_label
from demos.context import save_figure, settings, signed, slide_style
from nn import SGD, mse

settings()
slide_style()
X = [0.5, -1.0, 2.0, 1.5]
Y = [1.0, 0.0, 1.0, 0.0]
w = Value(0.8, label="W")
b = Value(-0.2, label="b")


def predict(x: float) -> Value:
    a = (w * x + b).sigmoid()
    a.label = "a"
    return a


# %% [markdown]
# Each sample's gradient on its own (a separate backward() per cost Cᵢ):

# %%
per_sample = []
for i, (x, t) in enumerate(zip(X, Y)):
    w.grad = 0.0
    Ci = mse([predict(x)], [t])
    Ci.backward()
    per_sample.append(w.grad)
    Ci_name = lecture_label("C", None, i)
    print(
        f"sample {i}: x = {signed(x):+.1f}, y = {t:.0f}   {Ci_name} = {Ci.data:.4f}   "
        f"∂{Ci_name}/∂W = {signed(w.grad):+.5f}"
    )
mean_grad = sum(per_sample) / len(per_sample)
print(f"1/n Σᵢ ∂Cᵢ/∂W = {signed(mean_grad):+.5f}")

# %% [markdown]
# The gradient of the averaged cost, by one backward() — the same number, because the cost's
# `mean` node has local derivative 1/n on each sample's edge.

# %%
w.grad = b.grad = 0.0
C = mse([predict(x) for x in X], Y)
C.backward()
print(f"∂C/∂W from backward() on C = 1/n Σ Cᵢ: {signed(w.grad):+.5f}")
eta = 1.0
before_w, before_C = w.data, C.data
SGD([w, b], lr=eta).step()
after_C = mse([predict(x) for x in X], Y).data
print(
    f"W ← W − η·∂C/∂W:  {signed(before_w):.5f} − {eta}·({signed(w.grad):+.5f}) = "
    f"{signed(w.data):.5f}"
)
print(f"cost before {before_C:.5f}, after one step {after_C:.5f}")

# %%
fig, ax = plt.subplots(layout="constrained")
names = [
    f"∂{lecture_label('C', None, i)}/∂W\n(x = {signed(x):+.1f}, y = {t:.0f})"
    for i, (x, t) in enumerate(zip(X, Y))
]
bars = ax.bar(names, per_sample, color="#1f4e8c", width=0.6)
ax.bar_label(bars, fmt=lambda v: f"{signed(v):+.4f}", padding=4, fontsize=13)
ax.axhline(
    mean_grad, color="#c0392b", lw=2.5, ls="--", label=f"mean = ∂C/∂W = {signed(mean_grad):+.4f}"
)
ax.axhline(0, color="k", lw=1)
ax.set_ylabel("gradient of each sample's cost")
ax.set_title("Per-sample gradients and their average: ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W")
ax.legend(loc="upper left")
png = save_figure(fig, "07_average")
