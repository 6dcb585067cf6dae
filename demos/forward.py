# %% [markdown]
# # 4. Forward propagation
#
# An MLP computes layer after layer, a⁽ˡ⁾ = f(W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾) with a⁽⁰⁾ = x, so the whole
# network is y'(x) = f³(W³ f²(W² f¹(W¹ x))). Every node is named as on the slides:
# w⁽ˡ⁾ₖ,ⱼ is the weight from input j to neuron k of layer l.

# %%
from autograd.notation.labels import sup
from autograd.show.viz import draw_layers
from demos.context import save_graph, settings, signed
from nn import MLP

settings()
model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
print(model)
x = [0.5, -1.0]
layers = model.activations(x)


def fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{signed(v):+.4f}" for v in values) + "]"


# %%
print(f"a⁽⁰⁾ = x = {fmt([v.data for v in layers[0]])}")
for l, (layer, a) in enumerate(zip(model.layers, layers[1:]), start=1):
    W = [[w.data for w in n.w] for n in layer.neurons]
    b = [n.b.data for n in layer.neurons]
    z = [act.parents[0].data if act.op != "wsum" else act.data for act in a]
    print(f"\nlayer {l} ({layer.activation_name}):")
    print(f"  W⁽{sup(l)}⁾ = " + "  ".join(fmt(row) for row in W))
    print(f"  b⁽{sup(l)}⁾ = {fmt(b)}")
    print(f"  z⁽{sup(l)}⁾ = W⁽{sup(l)}⁾ a⁽{sup(l - 1)}⁾ + b⁽{sup(l)}⁾ = {fmt(z)}")
    print(f"  a⁽{sup(l)}⁾ = {layer.activation_name}(z⁽{sup(l)}⁾) = {fmt([v.data for v in a])}")

# %%
y_hat = layers[-1][0]
print(f"\ny'(x) = f³(W³ f²(W² f¹(W¹ x))) = {signed(y_hat.data):.6f}")
weights = [[n.w for n in layer.neurons] for layer in model.layers]
biases = [[n.b for n in layer.neurons] for layer in model.layers]
svg, png = save_graph(draw_layers(layers, weights, biases=biases), "04_forward")
