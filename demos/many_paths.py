# %% [markdown]
# # 6. Many paths: ∂C/∂w is a sum
#
# In the lecture's network each weight reaches the cost along one path. In a wider network a
# first-layer weight w⁽¹⁾ₖ,ⱼ feeds neuron k, which feeds *every* neuron of layer 2, … so w
# reaches C along many paths, and the chain rule adds them up:
#
#     ∂C/∂w = Σ over paths  Π (local derivatives along the path)

# %%
import time

import matplotlib.pyplot as plt

from autograd import chain_paths, count_paths, explain
from autograd.show.viz import draw_paths
from demos.context import save_figure, save_graph, settings, signed, slide_style
from nn import MLP, mse

cfg = settings()
slide_style()
model = MLP(2, [3, 3, 1], activation="tanh", seed=3)
y_hat = model([0.6, -0.4])
C = (y_hat - 1.0) ** 2  # one example's cost, C₀ = (ŷ − y)², as on the slide
C.label = "C₀"
C.backward()
w = model.layers[0].neurons[0].w[0]
print(explain(C, w))
svg, png = save_graph(draw_paths(C, w), "06_many_paths")

# %% [markdown]
# Each path's product, and their sum — which is exactly `w.grad` from `backward()`.

# %%
wide = MLP(2, [8, 8, 1], activation="tanh", seed=5)
out = wide([0.6, -0.4])
C_wide = mse([out], [1.0])
C_wide.backward()
w8 = wide.layers[0].neurons[1].w[0]
paths = chain_paths(C_wide, w8, collapse=True)
products = [p.product for p in paths]
fig, ax = plt.subplots(layout="constrained")  # a 16:9 slide, as every figure
ax.bar(
    range(1, len(products) + 1),
    products,
    color=["#1f4e8c" if p >= 0 else "#c0392b" for p in products],
)
ax.axhline(sum(products), color="k", ls="--", lw=2, label=f"sum = {signed(sum(products)):+.4f}")
ax.axhline(
    w8.grad, color="#e67e22", ls=":", lw=3, label=f"w.grad = {signed(w8.grad):+.4f} (backward)"
)
ax.set_xlabel("path through neuron k of layer 2")
ax.set_ylabel("product of local derivatives")
ax.set_title(f"∂C/∂{w8.label}: {len(paths)} paths, one per second-layer neuron")
ax.legend()
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
    f"{depth}-layer, 16-wide MLP: {n_paths:,} paths (= 16^{depth - 1}), "
    f"counted in {time.perf_counter() - t:.3f} s"
)
t = time.perf_counter()
top = chain_paths(C_deep, w_deep, collapse=True, limit=3)
print(f"the 3 largest |products| found in {time.perf_counter() - t:.3f} s:")
for p in top:
    via = " → ".join(str(v.label) for v in p.nodes[1:-1] if str(v.label).startswith("a"))
    print(f"  {signed(p.product):+.3e}  via {via}")
