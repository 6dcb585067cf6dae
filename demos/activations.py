# %% [markdown]
# # 2. Activation functions and their derivatives
#
# Sigmoid(x) = 1/(1+e⁻ˣ), range (0, 1) · Tanh(x) = (e²ˣ−1)/(e²ˣ+1), range (−1, 1) ·
# ReLU(x) = max(x, 0), range [0, ∞). (The slides write ⟨0;1⟩ and ⟨−1;1⟩; σ and tanh only
# approach their ends, and ReLU has no upper end at all.)
#
# The derivatives below are not typed in: each point is a `Value`, and `backward()` computes
# φ′(x) from the op table — the same rule the engine uses in every network. The running
# example's two neurons are marked on σ: z₁ = 0.5 and z₂ = −0.447, where σ′ is the factor
# ∂a/∂z of the chain rule in demo 5.

# %%
import matplotlib.pyplot as plt

from autograd import Value
from autograd.notation.numbers import number
from autograd.show import palette
from demos.context import save_figure, settings, signed, slide_style
from demos.plots import label_end
from nn.lecture import lecture_network

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
net = lecture_network()  # the running example: z₁ = 0.5, z₂ = −0.447
net.C0.backward()
marks = [(net.z1, net.a1, "z₁"), (net.z2, net.a2, "z₂")]
fig, axes = plt.subplots(1, 3, layout="constrained")
ranges = {"sigmoid": "(0, 1)", "tanh": "(−1, 1)", "relu": "[0, ∞)"}
titles = {"sigmoid": "σ(x)", "tanh": "tanh(x)", "relu": "ReLU(x)"}
value_color, slope_color = palette.SERIES[0], palette.SERIES[1]
for ax, name in zip(axes, ("sigmoid", "tanh", "relu")):
    values, slopes = curve(name)
    ax.plot(xs, values, color=value_color, ls="-")
    ax.plot(xs, slopes, color=slope_color, ls="--")
    label_end(ax, xs, values, titles[name].replace("(x)", ""), value_color)
    # σ′ and tanh′ end on the zero line: their names sit above it
    label_end(ax, xs, slopes, titles[name].replace("(x)", "′"), slope_color, above=True)
    ax.set_title(f"{titles[name]}, range {ranges[name]}")
    ax.set_xlabel("x")
    ax.set_ylabel(f"{titles[name]}, {titles[name].replace('(x)', '′(x)')}")
    ax.set_xlim(-5, 6.6 if name == "sigmoid" else 9.8)  # room for "tanh′", "ReLU′" in the frame
    ax.axhline(0, color=palette.INK, lw=0.8)
    print(
        f"{name:8} range [{signed(min(values)):+.3f}, {signed(max(values)):+.3f}]"
        f"   largest derivative {max(slopes):.3f}"
    )
sig = axes[0]
sig.set_ylim(-0.1, 1.15)
for z, a, zname in marks:
    slope = a.local_derivatives()[0]  # ∂a/∂z = σ′(z), from the op table
    sig.plot([z.data], [a.data], "o", color=value_color, ms=10)
    sig.plot([z.data], [slope], "o", color=slope_color, ms=10)
    at = f"{zname} = {number(z.data)}"
    print(f"{at}: σ({zname}) = {number(a.data)}, σ′({zname}) = {number(slope)}")
# Each label in two lines, in the empty space left and right of the σ curve (on one line they
# ran into the curve and the panel's frame): a₁ and σ′(z₂) on the left, a₂ and σ′(z₁) right.
z1, z2 = net.z1.data, net.z2.data
s1, s2 = net.a1.local_derivatives()[0], net.a2.local_derivatives()[0]
for text, at, xytext, color in (
    (f"a₁ = σ(z₁)\n= {number(net.a1.data)}", (z1, net.a1.data), (-4.8, 0.86), value_color),
    (f"σ′(z₂)\n= {number(s2)}", (z2, s2), (-4.8, 0.5), slope_color),
    (f"a₂ = σ(z₂)\n= {number(net.a2.data)}", (z2, net.a2.data), (1.3, 0.5), value_color),
    (f"σ′(z₁)\n= {number(s1)}", (z1, s1), (1.3, 0.25), slope_color),
):
    sig.annotate(text, at, xytext=xytext, color=color, arrowprops={"arrowstyle": "-"})
fig.suptitle("φ (solid) and φ′ by backward() (dashed); on σ the running example's z₁, z₂")
png = save_figure(fig, "02_activations")

# %% [markdown]
# The largest slope of σ is 1/4 and of tanh is 1; ReLU's slope is exactly 1 wherever x > 0.
# Remember these numbers for demo 9: a gradient passing through many layers is multiplied by
# one such slope per layer.
