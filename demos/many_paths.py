# %% [markdown]
# # 6. Many paths: ∂C/∂w is a sum
#
# In the lecture's network each weight reaches the cost along one path. Give it a second output
# neuron — the running example's layer 2 neuron (W₂₁ = W₂ = −1.2, b₂₁ = b₂ = 0.3, target
# y₁ = 1) and a new one (W₂₂ = 0.9, b₂₂ = −0.2, target y₂ = 0), named z_lk, a_lk as the lecture
# names neuron k of layer l, with C₀ = (a₂₁ − y₁)² + (a₂₂ − y₂)² — and W₁ reaches C₀ along two
# paths, one through each output. The chain rule adds them up:
#
#     ∂C/∂w = Σ over paths  Π (local derivatives along the path)
#
# Path 1 is the running example's chain, the same five factors, product 0.0409.

# %%
import time

import matplotlib.pyplot as plt

from autograd import Value, chain_paths, count_paths, explain
from autograd.notation.labels import sup
from autograd.show import palette
from autograd.show.text import number
from autograd.show.viz import draw_paths
from demos.context import save_figure, save_graph, settings, signed, slide_style
from nn import MLP, mse

cfg = settings()
slide_style()


def named(value: float, label: str) -> Value:
    return Value(value, label=label)


def neuron(w: Value, a: Value, b: Value, k: str) -> tuple[Value, Value]:
    """z = w·a + b and its activation σ(z), named z_lk, a_lk."""
    z = w * a + b
    z.label = f"z{k}"
    out = z.sigmoid()
    out.label = f"a{k}"
    return z, out


x, W1, b1 = named(0.5, "x"), named(0.8, "W₁"), named(0.1, "b₁")
z1, a1 = neuron(W1, x, b1, "₁")
W21, b21, W22, b22 = named(-1.2, "W₂₁"), named(0.3, "b₂₁"), named(0.9, "W₂₂"), named(-0.2, "b₂₂")
z21, a21 = neuron(W21, a1, b21, "₂₁")
z22, a22 = neuron(W22, a1, b22, "₂₂")
y1, y2 = named(1.0, "y₁"), named(0.0, "y₂")
C0 = (a21 - y1) ** 2 + (a22 - y2) ** 2
C0.label = "C₀"
C0.backward()
# Said in the output too: after demo 5's "1 path from W₁ to C₀", "2 paths" must not read as
# a contradiction — this is another network, and its C₀ has a second term.
print(
    f"The running example with a second output neuron (W₂₂ = {number(W22.data)}, "
    f"b₂₂ = {number(b22.data)}, target y₂ = {number(y2.data)});\nthe first output is the running "
    f"example's (W₂₁ = W₂, b₂₁ = b₂, y₁ = y), and C₀ = (a₂₁ − y₁)² + (a₂₂ − y₂)²:\n"
)
print(explain(C0, W1))
paths = chain_paths(C0, W1, collapse=True)
print(
    f"path 1 is the running example's chain: its product {number(paths[0].product)} is demo 5's "
    f"∂C₀/∂W₁, and its cost (a₂₁ − y₁)² = {number(((a21 - 1.0) ** 2).data)} the first term of "
    f"this C₀;\npath 2, through the new neuron, adds {number(paths[1].product)}"
)
# its givens in the title (the graph has too many leaves for a "given" box): with them a
# student can re-derive path 2, 0.5 × 0.235 × 0.9 × 0.242 × 1.18, by hand; two lines, so that
# the text stays 24 px on a slide
title = (
    f"A 2nd output neuron: W₂₂ = {number(W22.data)}, b₂₂ = {number(b22.data)}, "
    f"y₂ = {number(y2.data)}\nC₀ = (a₂₁ − y₁)² + (a₂₂ − y₂)²"
)
svg, png = save_graph(draw_paths(C0, W1, title=title), "06_many_paths")

# %% [markdown]
# With 8 neurons in each of two hidden layers, a first-layer weight reaches C along 8 paths, one
# through each second-layer neuron. Each path's product, and their sum — which is exactly
# `w.grad` from `backward()`. (Another model: an MLP 2-8-8-1, tanh, σ output,
# C₀ = (y′ − y)² for one sample.)

# %%
wide = MLP(2, [8, 8, 1], activation="tanh", output_activation="sigmoid", seed=5)
out = wide([0.6, -0.4])
C_wide = mse([out], [1.0])
C_wide.backward()
w8 = wide.layers[0].neurons[1].w[0]
paths8 = sorted(chain_paths(C_wide, w8, collapse=True), key=lambda p: str(p.nodes[3].label))
products = [p.product for p in paths8]
total = sum(products)
fig, ax = plt.subplots(layout="constrained")  # a 16:9 slide, as every figure
up, down = palette.SERIES[0], palette.SERIES[1]
colours = [up if p >= 0 else down for p in products]
hatches = ["" if p >= 0 else "//" for p in products]
bars = ax.bar(range(1, len(products) + 1), products, color=colours, hatch=hatches,
              edgecolor=palette.INK)  # fmt: skip
sum_bar = ax.bar([len(products) + 1.6], [total], width=0.9, color=palette.SERIES[4],
                 edgecolor=palette.INK)  # fmt: skip
ax.bar_label(sum_bar, labels=[f"Σ = {number(total)}\n= w.grad\n(backward())"], padding=6,
             color=palette.SERIES[4], fontweight="bold")  # fmt: skip
ax.axhline(0, color=palette.INK, lw=1)
ax.set_xticks([*range(1, len(products) + 1), len(products) + 1.6],
              [*(str(k) for k in range(1, len(products) + 1)), "Σ"])  # fmt: skip
ax.set_xlabel("path through neuron k of layer 2; Σ: their sum")
ax.set_ylabel("product of local derivatives")
top = max(max(products), total)
ax.set_ylim(min(0.0, min(products)) * 1.3, top * 1.9)
ax.set_title(f"∂C₀/∂{w8.label} = Σ of {len(paths8)} path products\n(another model: MLP "
             "2-8-8-1, tanh, σ out, C₀ = (y′ − y)²)")  # fmt: skip
print(
    f"\nAnother model, MLP 2-8-8-1 (tanh, σ output), C₀ = (y′ − y)²: the first-layer weight "
    f"{w8.label} reaches C₀ along {len(paths8)} paths, one through each neuron of layer 2;\n"
    f"Σ of their products = {signed(total):+.6f}, {w8.label}.grad from backward() = "
    f"{signed(w8.grad):+.6f}"
)
png = save_figure(fig, "06_path_products")

# %% [markdown]
# In a deep net the number of paths explodes: a first-layer weight of a 12-layer, 16-wide
# MLP has 16¹¹ of them. `count_paths` counts them by dynamic programming (paths into a node =
# sum of paths into its parents) without listing any; `limit=k` finds the k largest products
# without enumerating the rest.

# %%
depth = 6 if cfg.quick else 12
deep = MLP(2, [16] * depth + [1], activation="tanh", init="scaled", seed=0)
out = deep([0.6, -0.4])
C_deep = mse([out], [1.0])
w_deep = deep.layers[0].neurons[0].w[0]
t = time.perf_counter()
n_paths = count_paths(C_deep, w_deep)
print(
    f"\nA {depth}-layer, 16-wide MLP: its first-layer weight {w_deep.label} reaches C₀ along "
    f"{n_paths:,} paths (= 16{sup(depth - 1)}), counted in {time.perf_counter() - t:.3f} s"
)
t = time.perf_counter()
top = chain_paths(C_deep, w_deep, collapse=True, limit=3)
print(f"the 3 paths with the largest |product|, found in {time.perf_counter() - t:.3f} s:")
for p in top:
    via = " → ".join(str(v.label) for v in p.nodes[1:-1] if str(v.label).startswith("a"))
    print(f"  {signed(p.product):+.3e}  via {via}")
