# %% [markdown]
# # 9. Vanishing gradients
#
# Backpropagation multiplies one φ′(z) per layer into every path from a first-layer weight to
# the cost. σ′(z) is at most 1/4, so through L sigmoid layers that product is at most (1/4)ᴸ:
# the gradient of the early layers *vanishes*. tanh′ is at most 1 (and smaller wherever a
# neuron saturates); ReLU′ is exactly 1 for every active neuron, so its products do not shrink.
#
# Below: a 10-layer, 8-wide MLP with each activation (same data, same initialisation scheme),
# the mean |∂C/∂w| of each layer's weights, and the product of φ′(z) along one path. What to
# expect, honestly: sigmoid's product falls at least as fast as (1/4)ᵏ; tanh's falls only where
# neurons saturate (|z| ≫ 1), which with these weights few do; ReLU's is exactly 1 (or 0 for a
# dead neuron).

# %%
import matplotlib.pyplot as plt

from autograd import chain_paths
from demos.context import save_figure, settings, slide_style
from nn import MLP, mse
from nn.datasets import moons

cfg = settings()
slide_style()
depth, width, n = (8, 4, 8) if cfg.quick else (10, 8, 32)
X, y = moons(n=n, seed=0)
mean_grad: dict[str, list[float]] = {}
phi_products: dict[str, list[float]] = {}
for act in ("sigmoid", "tanh", "relu"):
    model = MLP(2, [width] * depth + [1], activation=act, seed=0)
    C = mse([model(x) for x in X], y)
    C.backward()
    mean_grad[act] = [
        sum(abs(w.grad) for n in layer.neurons for w in n.w) / (layer.nin * layer.nout)
        for layer in model.layers
    ]
    # one sample, the path with the largest |product| from a first-layer weight to its cost
    single = mse([model(X[0])], [y[0]])
    (path,) = chain_paths(single, model.layers[0].neurons[0].w[0], collapse=True, limit=1)
    phis = [f for e, f in zip(path.edges, path.factors) if e.v.op == act]
    running, products = 1.0, []
    for f in reversed(phis):  # from the last layer back towards layer 1
        running *= f
        products.append(abs(running))
    phi_products[act] = products

# %%
for act, grads in mean_grad.items():
    ratio = grads[0] / grads[-2] if grads[-2] else float("nan")
    verdict = "vanishes" if ratio < 1e-2 else "does not vanish"
    print(
        f"{act:8} mean |∂C/∂w| layer 1 = {grads[0]:.2e}, layer {depth} = {grads[-2]:.2e}"
        f"  (ratio {ratio:.1e}: {verdict})"
    )
for act, products in phi_products.items():
    print(
        f"{act:8} product of φ′(z) over the {len(products)} layers of one path: {products[-1]:.2e}"
    )

# %%
fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 5.4), layout="constrained")
colors = {"sigmoid": "#c0392b", "tanh": "#e67e22", "relu": "#1f4e8c"}
layers = list(range(1, depth + 2))
for act, grads in mean_grad.items():
    ax1.semilogy(layers, grads, "o-", lw=2.5, color=colors[act], label=act)
ax1.set_xlabel("layer l (1 = next to the input)")
ax1.set_ylabel("mean |∂C/∂w⁽ˡ⁾| (log scale)")
ax1.set_title("Gradient reaching each layer")
ax1.legend()
for act, products in phi_products.items():
    ax2.semilogy(range(1, len(products) + 1), [max(p, 1e-300) for p in products], "o-", lw=2.5,
                 color=colors[act], label=act)  # fmt: skip
ax2.semilogy(
    range(1, depth + 1), [0.25**k for k in range(1, depth + 1)], "k--", lw=1.5, label="(1/4)ᵏ"
)
ax2.set_xlabel("layers passed backwards from the output")
ax2.set_ylabel("|Π φ′(z)| along one path")
ax2.set_title("Product of φ′(z) along a path")
ax2.legend()
fig.suptitle(f"{depth}-layer MLP: sigmoid gradients vanish, ReLU's do not")
save_figure(fig, "09_vanishing")
