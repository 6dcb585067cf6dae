# %% [markdown]
# # 10b. Why backpropagation runs backward: a count
#
# The chain rule can be applied in either direction. **Forward mode** starts at one weight w
# with ṫ(w) = 1 and pushes a tangent through the graph, ṫ(v) = Σ ∂v/∂parent · ṫ(parent), until
# it reaches C: one sweep gives ∂C/∂w for *that one* w. **Reverse mode** (backpropagation) starts
# at C with ∂C/∂C = 1 and pushes ∂C/∂v back to every node: one sweep gives ∂C/∂w for *every*
# w. Both read the same local derivatives from the op table; here we count their work.

# %%
import statistics
import time

import matplotlib.pyplot as plt

from autograd import count_paths, derivative, explain, grad, hessian
from autograd.backward import topological_order
from autograd.notation.numbers import number
from autograd.show import palette
from autograd.show.text import counted
from autograd.show.viz import draw_graph
from demos.context import save_figure, save_graph, settings, signed, slide_style
from nn import MLP, mse
from nn.lecture import lecture_network

cfg = settings()
slide_style()
repeats = 3 if cfg.quick else 5


def measure(C, ws):
    """Both modes, run alternately `repeats` times (so a busy machine slows both alike):
    {mode: (the first run's result, the median time, (the fastest, the slowest))}. The graph is
    built once, beforehand; only the sweeps are timed."""
    runs = {"forward": [], "reverse": []}
    for _ in range(repeats):
        for mode in runs:
            runs[mode].append(derivative(C, ws, mode=mode))
    times = {m: [x.seconds for x in r] for m, r in runs.items()}
    return {m: (runs[m][0], statistics.median(t), (min(t), max(t))) for m, t in times.items()}


# %% [markdown]
# ## The lecture's network: 4 parameters (W₁, b₁, W₂, b₂)

# %%
net = lecture_network()
lecture_params = [net.W1, net.b1, net.W2, net.b2]
rows = []
spread = {}  # the lecture network's fastest and slowest run of each mode
for d, seconds, spread[d.mode] in measure(net.C0, lecture_params).values():
    rows.append(("lecture network", len(lecture_params), d, seconds))

# %% [markdown]
# ## micrograd's network, MLP(2, [16, 16, 1]): 337 parameters
#
# One data point (x = (0.5, −0.3), y = 1), C = (y′ − y)². Forward mode must sweep once per
# parameter, 337 times; reverse mode sweeps once.

# %%
model = MLP(2, [16, 16, 1], seed=1)
C = mse([model([0.5, -0.3])], [1.0])
params = model.parameters()
mlp = {}
for mode, (d, seconds, _) in measure(C, params).items():
    mlp[mode] = d
    rows.append(("MLP(2, [16, 16, 1])", len(params), d, seconds))
worst = max(abs(a - b) for a, b in zip(mlp["forward"].values, mlp["reverse"].values))


def small_words(seconds: dict[str, float], spread: dict[str, tuple[float, float]]) -> str:
    """What this run measured on the 4-parameter network, in words: the title and the printed
    line say it from the same medians, so they hold whichever mode the clock favoured; where
    the two modes' runs overlap (fastest to slowest), neither is said to win."""
    f, r = seconds["forward"], seconds["reverse"]
    (f_lo, f_hi), (r_lo, r_hi) = spread["forward"], spread["reverse"]
    if f_lo <= r_hi and r_lo <= f_hi:
        return (f"with 4 parameters neither mode won clearly:\nthe two modes' {repeats} runs "
                "overlap, within this machine's noise")  # fmt: skip
    if f < r:
        return ("with 4 parameters forward mode won this run:\n4 forward sweeps took less time "
                "than one reverse pass, which also orders the graph")  # fmt: skip
    return ("with 4 parameters reverse mode won this run, as on the MLP:\none reverse pass, "
            "ordering the graph included, took less time than 4 forward sweeps")  # fmt: skip


# the 4-parameter network, where the figures' point may not hold: said from this run's times
why_small = small_words({d.mode: s for name, _, d, s in rows if name == "lecture network"}, spread)
header = ("network", "params", "mode", "sweeps", "node visits", "multiply-adds", "time")
print(
    f"{header[0]:<20} {header[1]:>6} {header[2]:<8} {header[3]:>6} {header[4]:>11} "
    f"{header[5]:>13} {header[6]:>10}"
)
for name, n, d, seconds in rows:
    print(
        f"{name:<20} {n:>6} {d.mode:<8} {d.sweeps:>6} {d.visits:>11,} {d.multiply_adds:>13,} "
        f"{number(seconds * 1e3, zeros=True):>7} ms"
    )
f, r = mlp["forward"], mlp["reverse"]
print(
    f"\nMLP: forward mode walks the graph {f.sweeps} times ({f.visits / r.visits:.0f}× the node "
    f"visits) and does {f.multiply_adds / r.multiply_adds:.1f}× the multiply-adds of reverse "
    f"mode; the two agree to {signed(worst):.1e} (rounding: the same products, summed "
    f"in another order)."
)
print(
    "Forward mode's products are few per sweep (one weight touches only what lies downstream of "
    "it), but every sweep walks the whole graph: its cost is 337 forward passes."
)
print(f"The lecture network's times: {why_small.replace(chr(10), ' ')}.")

# %% [markdown]
# The same numbers as a figure (logarithmic axes: the bars differ by orders of magnitude).

# %%
labels = ["lecture network\n(4 params)", "MLP 2-16-16-1\n(337 params)"]
colours = {"forward": palette.SERIES[1], "reverse": palette.SERIES[0]}
hatches = {"forward": "//", "reverse": ""}


def bars(axes: list, panels: tuple) -> None:
    """Forward and reverse mode side by side, one panel per measure (its title, the y-axis's
    unit), log scale; the x axis names the two networks."""
    for ax, (title, unit, height_of, fmt) in zip(axes, panels):
        for offset, mode in ((-0.2, "forward"), (0.2, "reverse")):
            picked = [r for r in rows if r[2].mode == mode]
            heights = [height_of(r[2], r[3]) for r in picked]
            sweeps = "one sweep per parameter" if mode == "forward" else "one sweep for all"
            drawn = ax.bar([i + offset for i in range(len(picked))], heights, width=0.4,
                           color=colours[mode], hatch=hatches[mode], edgecolor=palette.INK,
                           label=f"{mode} mode ({sweeps})")  # fmt: skip
            texts = [number(h, zeros=True) if fmt is None else fmt.format(h) for h in heights]
            ax.bar_label(drawn, labels=texts, padding=3)
        ax.set_yscale("log")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels)
        ax.set_title(title)
        ax.set_ylabel(f"{unit} (log scale)")
        ax.set_xlabel("network (parameters: one ∂C/∂w each)")
        ax.margins(y=0.3)


fig, axes = plt.subplots(1, 2, layout="constrained")  # a 16:9 slide (slide_style)
bars(
    axes,
    (
        ("node visits (sweeps × nodes)", "node visits", lambda d, s: d.visits, "{:,.0f}"),
        (
            "multiply-adds (local × gradient)",
            "multiply-adds",
            lambda d, s: d.multiply_adds,
            "{:,.0f}",
        ),
    ),
)
handles, names = axes[0].get_legend_handles_labels()
fig.legend(handles, names, loc="outside lower center", ncol=2)
fig.suptitle("∂C/∂w for every parameter:\nforward mode against reverse mode (backpropagation)")
png = save_figure(fig, "why_backward")

# %% [markdown]
# The time each took, an advanced figure: a machine's milliseconds move from run to run (another
# program, a busy core), the counts above do not.

# %%
slide_style(advanced=True)
fig, ax = plt.subplots(layout="constrained")
# 3 significant digits, as the table prints them (0.0250 ms, not 0.02): `number`, the one format
timed = f"wall time for every ∂C/∂w on this machine (median of {counted(repeats, 'timing')})"
bars([ax], ((f"{timed}\n{why_small}", "time, ms", lambda d, s: s * 1e3, None),))  # fmt: skip
ax.legend(loc="upper left")
png = save_figure(fig, "why_backward_time", advanced=True)

# %% [markdown]
# ## The paths argument
#
# ∂C/∂w is a sum over every path from w to C of the product of the local derivatives along it.
# In a 12-layer MLP 16 neurons wide, a first-layer weight reaches C along 16¹¹ paths — far too
# many to list. Backpropagation never lists them: each node's `+=` adds up the paths through it
# once, so one backward pass costs one multiply-add per *edge* of the graph.

# %%
depth = 4 if cfg.quick else 12
deep = MLP(2, [16] * depth + [1], activation="tanh", init="scaled", seed=0)
C_deep = mse([deep([0.6, -0.4])], [1.0])
w = deep.layers[0].neurons[0].w[0]
n_paths = count_paths(C_deep, w)
edges = sum(len(v.parents) for v in topological_order(C_deep))
start = time.perf_counter()
back = derivative(C_deep, deep.parameters(), mode="reverse")
elapsed = time.perf_counter() - start
print(f"{depth}-layer, 16-wide MLP, weight {w.label}:")
print(f"  paths from {w.label} to C: {n_paths:,} = 16^{depth - 1}")
print(f"  edges in the whole graph: {edges:,}")
print(
    f"  one backward pass: {back.multiply_adds:,} multiply-adds (one per edge) for all "
    f"{len(deep.parameters()):,} parameters, in {number(elapsed * 1e3, zeros=True)} ms"
)

# %% [markdown]
# ## The derivative is a graph too
#
# With `create_graph=True`, `grad` returns ∂C₀/∂W₁ as a Value built from the same nodes: each
# node a local derivative × upstream product, labelled as in the lecture (∂C₀/∂a₂, ∂C₀/∂z₂, …).
# It can be drawn, explained, and differentiated again: ∂²C₀/∂W₁². In the drawing the forward
# pass runs down to a₂ and the backward chain climbs back up beside it, ∂C₀/∂a₂ at the bottom
# to ∂C₀/∂W₁ at the top: the arrows go the way backward() goes.

# %%
net = lecture_network()
(dW1,) = grad(net.C0, net.W1, create_graph=True)
# fold=True: the forward pass runs down, the backward chain ∂C₀/∂a₂ → … → ∂C₀/∂W₁ back up
# beside it. params=: the weights and biases are the parameters; the seed ∂C₀/∂C₀ = 1 is an input.
params = [net.W1, net.b1, net.W2, net.b2]
drawing = draw_graph(
    dW1,
    collapse=True,
    show_grad=False,
    rankdir="TB",
    params=params,
    fold=True,
    local_derivatives=False,  # each node says how it is computed; explain() below lists the edges
)
drawn, _ = save_graph(drawing, "why_backward_derivative_graph", advanced=True)  # .svg, .png
(d2,) = grad(dW1, net.W1)
H = hessian(net.C0, [net.W1])
eps = 1e-6
fd = (
    grad((n := lecture_network(W1=0.8 + eps)).C0, n.W1)[0]
    - grad((m := lecture_network(W1=0.8 - eps)).C0, m.W1)[0]
) / (2 * eps)
print(f"∂C₀/∂W₁ = {signed(dW1.data):+.10f}")
print(
    f"∂²C₀/∂W₁² = {signed(d2):+.10f} (hessian {signed(H[0][0]):+.10f}, finite "
    f"differences {signed(fd):+.10f})"
)
dW1.backward()  # so that explain() can check its sum against W₁.grad = ∂²C₀/∂W₁²
# W₁.grad is not ∂C₀/∂W₁ here: this backward() ran on the graph of ∂C₀/∂W₁, so say which.
print(
    f"\ndW1.backward() runs backward() on the graph of ∂C₀/∂W₁ drawn in {drawn} (not on "
    f"C₀'s network): W₁.grad now holds ∂(∂C₀/∂W₁)/∂W₁ = ∂²C₀/∂W₁² = {signed(net.W1.grad):+.10f}, "
    f"not ∂C₀/∂W₁ = {signed(dW1.data):+.10f}."
)
print()
print(explain(dW1, net.W1, limit=2))
