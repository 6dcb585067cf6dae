# %% [markdown]
# # 2. Activation functions and their derivatives
#
# Sigmoid(x) = 1/(1+e⁻ˣ), range ⟨0;1⟩ · Tanh(x) = (e²ˣ−1)/(e²ˣ+1), range ⟨−1;1⟩ ·
# ReLU(x) = max(x, 0), range ⟨0;x⟩.
#
# The derivatives below are not typed in: each point is a `Value`, and `backward()` computes
# φ′(x) from the op table — the same rule the engine uses in every network.

# %%
import matplotlib.pyplot as plt

from autograd import Value
from demos.context import save_figure, settings, signed, slide_style

cfg = settings()
slide_style()
n = 81 if cfg.quick else 401
xs = [-5.0 + 10.0 * i / (n - 1) for i in range(n)]


def curve(name: str) -> tuple[list[float], list[float]]:
    """φ(x) and φ′(x) at every x, the derivative by backward()."""
    values, slopes = [], []
    for x0 in xs:
        x = Value(x0)
        a = getattr(x, name)()
        a.backward()
        values.append(a.data)
        slopes.append(x.grad)
    return values, slopes


# %%
fig, axes = plt.subplots(1, 3, layout="constrained")
ranges = {"sigmoid": "⟨0;1⟩", "tanh": "⟨−1;1⟩", "relu": "⟨0;x⟩"}
titles = {"sigmoid": "Sigmoid σ(x)", "tanh": "Tanh", "relu": "ReLU"}
for ax, name in zip(axes, ("sigmoid", "tanh", "relu")):
    values, slopes = curve(name)
    ax.plot(xs, values, lw=2.5, label=f"{name}(x)")
    ax.plot(xs, slopes, lw=2.5, ls="--", label=f"{name}′(x) by backward()")
    ax.set_title(f"{titles[name]}, range {ranges[name]}")
    ax.set_xlabel("x")
    ax.axhline(0, color="k", lw=0.8)
    print(
        f"{name:8} range [{signed(min(values)):+.3f}, {signed(max(values)):+.3f}]"
        f"   largest derivative {max(slopes):.3f}"
    )
fig.suptitle("The lecture's activation functions φ(x) (solid) and φ′(x) by backward() (dashed)")
png = save_figure(fig, "02_activations")

# %% [markdown]
# The largest slope of σ is 1/4 and of tanh is 1; ReLU's slope is exactly 1 wherever x > 0.
# Remember these numbers for demo 9: a gradient passing through many layers is multiplied by
# one such slope per layer.
