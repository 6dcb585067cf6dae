# %% [markdown]
# # 9. Vanishing and exploding gradients
#
# The lecture: "both functions sigmoid and tanh are moving towards value of 1 or 0/−1 … for
# further values, derivatives of these functions are getting closer to zero. And that means
# vanishing of the gradients." ReLU's derivative is "0 for x ≤ 0, 1 for x > 0".
#
# Backpropagation carries the gradient from layer l back to layer l − 1 by the chain rule,
#
#     ∂C/∂a⁽ˡ⁻¹⁾ⱼ = Σₖ w⁽ˡ⁾ₖ,ⱼ · φ′(z⁽ˡ⁾ₖ) · ∂C/∂a⁽ˡ⁾ₖ
#
# so every layer multiplies it by factors **w·φ′(z)** — not φ′ alone. Mostly below 1, the
# first layers' gradients *vanish*; mostly above 1, they *explode*. Saturation (|z| large,
# φ′ ≈ 0) makes the factors small; large weights make them large.
#
# The network: an MLP with 10 hidden layers of 8 neurons, one linear output, mean squared
# error on two-moons points. We measure, layer by layer, from `backward()`:
# the mean |∂C/∂w|, the backward factor, and the share of saturated (|φ′| < 0.01) or dead
# (ReLU, z ≤ 0) units, under three initialisations — the default U(−1, 1), saturated (every
# hidden bias set to +2), Xavier (tanh, sigmoid) or He (ReLU) — and over a sweep of the
# weights' scale. (No panel letters: the cases are named, in every legend, by what they are.)

# %%
import matplotlib.pyplot as plt

from autograd.notation.numbers import number
from autograd.show import palette
from autograd.show.text import counted
from demos.context import save_figure, settings, signed, slide_style
from demos.gradient_flow import FLAT, VANISH, WITHIN, Profile, profile, ratio_words, sweep
from demos.plots import label_end

cfg = settings()
slide_style()
DEPTH, WIDTH = 10, 8
n = 8 if cfg.quick else 32
ACTS = ("sigmoid", "tanh", "relu")
SHOWN = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}  # as a figure writes them
GOOD_INIT = {"sigmoid": "xavier", "tanh": "xavier", "relu": "he"}
COLORS = dict(zip(("default", "saturated", "good"), palette.SERIES[:3]))
STYLES = dict(zip(("default", "saturated", "good"), palette.LINESTYLES[:3]))

cases: dict[str, dict[str, Profile]] = {}
for act in ACTS:
    cases[act] = {
        "default": profile(act, depth=DEPTH, width=WIDTH, n=n),
        "saturated": profile(act, depth=DEPTH, width=WIDTH, n=n, bias=2.0),
        "good": profile(act, depth=DEPTH, width=WIDTH, n=n, init=GOOD_INIT[act]),
    }
case_names = {
    "default": "default U(−1, 1)",
    "saturated": "hidden biases +2",
    "good": "Xavier / He",
}  # the sweep of the weights' scale is a figure of its own, 09_init_sweep

# %% [markdown]
# ## The three initialisations: the gradient reaching each layer
#
# "ratio" is mean |∂C/∂w| in layer 1 over that in layer 10: below 10⁻² the first layer
# learns a hundred times slower than the last (vanishing), above 10² a hundred times faster
# (exploding); a 10–100× change is said with its number ("shrinks 41×"), a smaller one is
# "within 10×" — in the table and every figure alike (`gradient_flow.VANISH`, `WITHIN`).

# %%
print(
    f"ratio = layer 1 / layer {DEPTH}: under 1/{VANISH:g} it vanishes, over {VANISH:g} it "
    f"explodes, a {WITHIN:g}–{VANISH:g}× change is said with its number"
)
print(f"{'φ':8} {'init':8} scale bias   mean |∂C/∂w|: layer 1 … layer {DEPTH}")
for act in ACTS:
    for case in cases[act].values():
        print(case.describe())
for act in ACTS:
    d = cases[act]["default"]
    factors = " ".join(f"{f:.2f}" for f in d.factor)
    print(f"{act:8} mean |w·φ′(z)| per layer (default init): {factors}")
relu = cases["relu"]["default"]
print(
    f"relu     dead units (z ≤ 0) per layer: {' '.join(f'{f:.0%}' for f in relu.flat)}; "
    f"through each, ∂C/∂z = 0 exactly: {relu.dead_grads_exactly_zero}"
)


def verdict(act: str) -> str:
    """The honest one-line headline of each panel, from the measured ratios."""
    vanish = [name for name, p in cases[act].items() if p.verdict() == "vanishes"]
    if len(vanish) == len(cases[act]):
        return "vanishes in every case"
    if vanish:
        return "vanishes only when " + " and ".join(
            {"default": "default", "saturated": "saturated", "good": "Xavier"}[v] for v in vanish
        )
    # a 10–100× drop is no vanishing, but it is not flat either: the table's word, its number
    smallest = min(p.ratio for p in cases[act].values())
    drop = f"; shrinks ≤ {1 / smallest:.0f}×" if smallest < 1 / WITHIN else ""
    if act == "relu":  # φ′ is exactly 1 wherever the unit is alive, exactly 0 where it is dead
        return "no saturation for z > 0,\nbut dead units" + drop  # two lines: a third of a slide
    return "does not vanish here" + drop


layers = list(range(1, DEPTH + 1))
fig, ax = plt.subplots(layout="constrained")  # the lecture's figure: σ against ReLU
shown = {"sigmoid": "σ", "relu": "ReLU"}
for (act, name), color, style in zip(shown.items(), palette.SERIES[1::-1], ("-", "--")):
    p = cases[act]["default"]
    ax.semilogy(layers, p.grad_w[:DEPTH], "o" + style, color=color, ms=9)
    says = "vanishes" if p.verdict() == "vanishes" else "does not vanish"
    label_end(ax, layers, p.grad_w[:DEPTH], f"{name}: {says}", color, dot=9)
# ℓ, not l: a sans-serif "layer l" reads as "layer 1"
ax.set_xlabel("hidden layer ℓ (1 = next to the input, 10 = next to the output)")
ax.set_ylabel("mean |∂C/∂w| in layer ℓ (log scale)")
ax.set_xticks(layers)
ax.set_xlim(0.7, DEPTH + 4.6)  # room for "ReLU: does not vanish" inside the frame


def compared(name: str, p: Profile) -> str:
    """``name``'s layer-1/layer-10 ratio in `ratio_words`' words, as the table says it, with the
    number where the word has none: "σ's vanishes (40349× smaller)", "ReLU's is within 10×"."""
    words = p.verdict()
    if words == "vanishes":
        words += f" ({number(1 / p.ratio)}× smaller)"
    elif words == "explodes":
        words += f" ({number(p.ratio)}× larger)"
    elif words.startswith("within"):
        words = "is " + words
    return f"{name}'s {words}"


ax.set_title(
    f"The gradient in layer 1 against layer 10:\n{compared('σ', cases['sigmoid']['default'])}, "
    f"{compared('ReLU', cases['relu']['default'])}\n"
    "(another model: 10 hidden layers × 8 neurons, MSE, default init)"
)
png = save_figure(fig, "09_vanishing")

slide_style(advanced=True)  # the figures below are among the advanced ones
fig, axes = plt.subplots(1, 3, sharey=True, layout="constrained")
for ax, act in zip(axes, ACTS):
    for key, p in cases[act].items():
        label = case_names[key].replace("Xavier / He", "He" if act == "relu" else "Xavier")
        ax.semilogy(layers, p.grad_w[:DEPTH], "o" + STYLES[key], color=COLORS[key],
                    label=f"{label}: {signed(p.ratio):.1e}")  # fmt: skip
    ax.set_title(f"{SHOWN[act]}: {verdict(act)}")
    ax.set_xlabel("hidden layer ℓ (1 = next to the input)")
    ax.set_xticks(layers)
    # below the panel, not on it: the curves fill every corner of the plot in some panel
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), borderaxespad=0,
              title="ratio layer 1 / layer 10")  # fmt: skip
axes[0].set_ylabel("mean |∂C/∂w⁽ˡ⁾| (log scale)")
fig.suptitle(f"Gradient reaching each layer of an MLP with {DEPTH} hidden layers × {WIDTH} units "
             "(ratio = layer 1 / layer 10)")  # fmt: skip
png = save_figure(fig, "09_vanishing_all", advanced=True)

# %% [markdown]
# ## Why: the factor each layer multiplies by, and the units that stopped passing it on
#
# Top: how much one layer of backward multiplies the gradient by, mean |∂C/∂a⁽ˡ⁻¹⁾| over
# mean |∂C/∂a⁽ˡ⁾| (the sum of the factors w·φ′(z) above). Below 1 (dashed line) it shrinks.
# Bottom: the share of (unit, sample) pairs with |φ′(z)| < 0.01 — saturated σ or tanh, or a
# dead ReLU whose φ′ is exactly 0, so every path through it contributes exactly 0.

# %%
# one scale per row, its numbers named once, at the left
fig, axes = plt.subplots(2, 3, sharex=True, sharey="row", layout="constrained")
NOTES = {
    "sigmoid": "σ′ ≤ ¼: below 1\neven unsaturated",
    "tanh": "tanh′ ≈ 1 near 0:\nsmall only if saturated",
    "relu": "φ′ is 0 or 1: dead units\n(z ≤ 0) pass exactly 0",
}
for col, act in enumerate(ACTS):
    top, bottom = axes[0, col], axes[1, col]
    for i, (key, p) in enumerate(cases[act].items()):
        top.semilogy(range(2, DEPTH + 1), p.gain, "o" + STYLES[key], color=COLORS[key],
                     label=case_names[key])  # fmt: skip
        bottom.bar(
            [l + (i - 1) * 0.28 for l in layers],
            [100 * f for f in p.flat],
            width=0.28,
            color=COLORS[key],
            hatch=["", "//", ".."][i],
            edgecolor=palette.INK,
        )
    top.axhline(1.0, color=palette.INK, ls="--", lw=1.5)
    top.set_yscale("log")
    top.set_ylim(0.03, 40)  # the note clear of the highest dots
    top.set_yticks([0.03, 0.1, 0.3, 1, 3, 10, 30], ["0.03", "0.1", "0.3", "1", "3", "10", "30"])
    top.minorticks_off()
    edge = sum(cases[act]["default"].factor) / DEPTH  # one edge's factor, default init
    note = f"{NOTES[act]}\none edge: mean |w·φ′(z)| = {edge:.2f}"
    top.text(0.03, 0.96, note, transform=top.transAxes, va="top")
    top.set_title(SHOWN[act])
    bottom.set_xlabel("hidden layer ℓ")
    bottom.set_ylim(0, 100)
    bottom.set_xticks(layers)
    kind = "dead units (φ′ = 0 exactly)" if act == "relu" else f"saturated units (|φ′| < {FLAT})"
    bottom.set_title(f"% {kind}")
axes[0, 0].set_ylabel("|∂C/∂a⁽ˡ⁻¹⁾| / |∂C/∂a⁽ˡ⁾|\n(log scale)")
axes[1, 0].set_ylabel("% of (unit, sample) pairs")
handles, labels_ = axes[0, 0].get_legend_handles_labels()
fig.legend(handles, labels_, loc="outside lower center", ncols=3)
fig.suptitle("∂C/∂aⱼ⁽ˡ⁻¹⁾ = Σₖ wₖⱼ⁽ˡ⁾·φ′(zₖ⁽ˡ⁾)·∂C/∂aₖ⁽ˡ⁾: what shrinks is the factor w·φ′(z)")
png = save_figure(fig, "09_factors", advanced=True)

# %% [markdown]
# ## Sweeping the scale of the weights, from vanishing to exploding
#
# Every weight is drawn as for Xavier (σ, tanh) or He (ReLU), then multiplied by a scale.
# Left: the mean |∂C/∂w| of layer 1 — ReLU's grows without bound (exploding), small scales
# make every layer's gradient tiny. Right: the ratio layer 1 / layer 10. ReLU's ratio hardly
# moves (between 0.8 and 1.3): a ReLU net with zero biases is homogeneous — scaling every
# weight by s multiplies every layer's ∂y'/∂w by the same s^(L−1) — so its gradients explode
# (or vanish) in *all* layers at once, and only the size of the error (y' − y) differs.

# %%
scales = [0.25, 0.5, 1.0, 2.0, 4.0] if cfg.quick else [0.25, 0.35, 0.5, 0.7, 1, 1.4, 2, 3, 4, 6]
seeds = [0] if cfg.quick else [0, 1, 2]
sweeps = {
    act: sweep(
        act, scales, init=GOOD_INIT[act], seeds=seeds, depth=DEPTH, width=WIDTH, n=min(n, 16)
    )
    for act in ACTS
}
over = counted(len(seeds), "seed")
for act, points in sweeps.items():
    print(f"{act:8} weights = {GOOD_INIT[act]} × scale (geometric mean over {over}):")
    for pt in points:
        print(
            f"           ×{signed(pt.scale):<4g}  mean |∂C/∂w|: layer 1 {signed(pt.first):8.1e}, "
            f"layer {DEPTH} {signed(pt.last):8.1e}, ratio {signed(pt.ratio):8.1e}"
        )

# Six curves on the left, read in greyscale too: the activation is the colour *and* the
# marker's shape (as on the right); the layer is the line (layer 1 solid with filled markers,
# layer 10 dotted with hollow ones) — never the line's width alone.
ACT_COLORS = dict(zip(ACTS, palette.SERIES[:3]))
ACT_MARKERS = dict(zip(ACTS, ("o", "s", "^")))
LAYER_LINES = {"first": palette.LINESTYLES[0], "last": palette.LINESTYLES[2]}
fig, (left, right) = plt.subplots(1, 2, layout="constrained")
for act, points in sweeps.items():
    xs = [pt.scale for pt in points]
    mark = {"color": ACT_COLORS[act], "marker": ACT_MARKERS[act], "ms": 8}
    left.loglog(xs, [pt.first for pt in points], ls=LAYER_LINES["first"], **mark,
                label=f"{SHOWN[act]}, layer 1")  # fmt: skip
    left.loglog(xs, [pt.last for pt in points], ls=LAYER_LINES["last"], mfc=palette.BACKGROUND,
                mew=2, **mark, label=f"{SHOWN[act]}, layer {DEPTH}")  # fmt: skip
    right.loglog(xs, [pt.ratio for pt in points], ls=LAYER_LINES["first"], **mark,
                 label=SHOWN[act])  # fmt: skip
for ax in (left, right):
    ax.axvline(1.0, color=palette.GREY, lw=2.5, ls=":")
    ax.set_xlabel("weight scale (1 = Xavier for σ and tanh, He for ReLU)")
    ax.minorticks_off()
    ax.set_xticks([0.25, 0.5, 1, 2, 4], ["¼", "½", "1", "2", "4"])
right.axhspan(1e-14, 1 / VANISH, color=palette.OKABE_ITO["orange"], alpha=0.12)
right.axhspan(VANISH, 1e6, color=palette.OKABE_ITO["sky_blue"], alpha=0.15)
right.set_ylim(1e-13, 1e5)
# the bands are the table's words at the table's numbers (`ratio_words`). A ratio shows only
# how the gradient changes toward the input: growth in every layer at once (ReLU's) leaves it
# near 1, which the title says in numbers.
# set from the frame's right edge (at x = 1.3 a short quick-mode sweep ran it past the frame)
edge = right.get_yaxis_transform()  # x in the axes' width, y in the data's
right.text(0.98, 1e-12, f"vanishes:\nlayer 1 < layer {DEPTH} / {VANISH:g}", transform=edge,
           ha="right")  # fmt: skip
# right of the dotted line at 1 (across it, the line ran through the words), as "vanishes:"
right.text(0.98, 1e3, f"explodes:\nlayer 1 > {VANISH:g} × layer {DEPTH}", va="bottom",
           transform=edge, ha="right")  # fmt: skip
right.legend(loc="center left")
low, high = left.get_ylim()  # log scale: 45% more decades on top, the legend's, over no point
left.set_ylim(low, high * (high / low) ** 0.45)
left.legend(loc="upper left", ncols=2)
left.set_ylabel("mean |∂C/∂w| (log scale)")
right.set_ylabel("ratio layer 1 / layer 10")
left.set_title("Size of the gradient in layer 1 and layer 10")
right.set_title("Layer 1 compared with layer 10")
# the headline from the measured numbers, not from expectation (sig_max is reached: "at most",
# not "stays below")
sig_max = max(pt.ratio for pt in sweeps["sigmoid"])
relu_ratios = [pt.ratio for pt in sweeps["relu"]]
relu_first = {pt.scale: pt.first for pt in sweeps["relu"]}
grows = relu_first[max(relu_first)] / relu_first[1.0]
fig.suptitle(
    f"Scaling the initial weights: sigmoid's ratio is at most {number(sig_max)} "
    f"({ratio_words(sig_max)}); "
    f"ReLU's stays {number(min(relu_ratios))}–{number(max(relu_ratios))},\n"
    f"while every layer's gradient grows ×{number(grows)} at "
    f"{number(max(relu_first))}× He: all layers at once, which no ratio shows"
)
png = save_figure(fig, "09_init_sweep", advanced=True)
