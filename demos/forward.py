# %% [markdown]
# # 4. Forward propagation
#
# A network computes layer after layer, a⁽ˡ⁾ = fˡ(W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾) with a⁽⁰⁾ = x, so the
# whole network is the lecture's y′(x) = f^L(W^L f^(L−1)(… f¹(W¹ x))). On the running example
# (L = 2, one neuron per layer, f¹ = f² = σ): y′ = σ(W₂·σ(W₁·x + b₁) + b₂), and the cost of the
# sample, C₀ = (y′ − y)², closes the forward pass.

# %%
from autograd.notation.labels import sup
from autograd.show.draw import ADVANCED_TEXT_PX
from autograd.show.text import factor, number
from autograd.show.viz import draw_layers
from demos.context import save_graph, settings, signed
from nn import MLP
from nn.lecture import lecture_network


def fmt(values: list[float]) -> str:
    return "[" + ", ".join(f"{signed(v):+.4f}" for v in values) + "]"


settings()
net = lecture_network()  # x = 0.5, y = 1, W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3
print(f"a⁽⁰⁾ = x = {number(net.x.data)}")
# a₁ to 4 digits: it is an operand on the next line, whose result a student re-derives from
# what is shown ((−1.2)·0.622 + 0.3 = −0.446, not −0.447; (−1.2)·0.6225 + 0.3 = −0.447)
print(f"layer 1: z₁ = W₁·x + b₁ = {factor(net.W1.data)}·{factor(net.x.data)} + "
      f"{factor(net.b1.data)} = {number(net.z1.data)},   a₁ = f¹(z₁) = σ(z₁) = "
      f"{number(net.a1.data, 4)}")  # fmt: skip
print(f"layer 2: z₂ = W₂·a₁ + b₂ = {factor(net.W2.data)}·{factor(net.a1.data, 4)} + "
      f"{factor(net.b2.data)} = {number(net.z2.data)},   y′ = a₂ = f²(z₂) = σ(z₂) = "
      f"{number(net.a2.data)}")  # fmt: skip
print(f"cost: C₀ = (y′ − y)² = ({number(net.a2.data)} − {number(net.y.data)})² = "
      f"{number(net.C0.data)}")  # fmt: skip
layers = [[net.x], [net.a1], [net.a2]]
# below the drawing, the lecture's y′(x) = f^L(W^L … f¹(W¹x)) for this network, in numbers
composed = (
    f"y′ = f²(W₂·f¹(W₁·x + b₁) + b₂) = σ({factor(net.W2.data)}·σ({factor(net.W1.data)}·"
    f"{factor(net.x.data)} + {factor(net.b1.data)}) + {factor(net.b2.data)}) = "
    f"{number(net.a2.data)}"
)
print(composed)
drawing = draw_layers(layers, [[[net.W1]], [[net.W2]]], biases=[[net.b1], [net.b2]], cost=net.C0,
                      caption=composed)  # fmt: skip
svg, png = save_graph(drawing, "04_forward")

# %% [markdown]
# The same rule with several neurons per layer: every node is named as on the slides,
# w⁽ˡ⁾ₖ,ⱼ the weight from input j to neuron k of layer l. (Another model: an MLP 2-3-2-1 with
# f¹ = f² = tanh and f³ = σ, drawn among the advanced figures: with 14 weights on its edges
# its text is too small for the back of the room.)

# %%
model = MLP(2, [3, 2, 1], activation="tanh", output_activation="sigmoid", seed=7)
x = [0.5, -1.0]
print(f"\nAnother model: {model}")
print(f"a⁽⁰⁾ = x = {fmt(x)}")


acts = model.activations(x)
for l, (layer, a) in enumerate(zip(model.layers, acts[1:]), start=1):
    f, s = {"tanh": "tanh", "sigmoid": "σ"}[layer.activation_name], sup(l)
    rule = f"a⁽{s}⁾ = f{s}(W{s} a⁽{sup(l - 1)}⁾ + b{s}), f{s} = {f}"
    print(f"layer {l}: {rule}: {fmt([v.data for v in a])}")
# The slide's y′ leaves the biases out; a new MLP's are all 0, so here it is exactly that.
print(
    f"y′(x) = f³(W³ f²(W² f¹(W¹ x))) = {signed(acts[-1][0].data):.6f}   "
    "(the slide's formula has no b⁽ˡ⁾: a new MLP's biases are all 0)"
)
weights = [[n.w for n in layer.neurons] for layer in model.layers]
# the biases are all 0 here: one line less per neuron
mlp = draw_layers(
    acts,
    weights,
    caption=f"y′(x) = f³(W³ f²(W² f¹(W¹x))) = {number(acts[-1][0].data)}",
    min_px=ADVANCED_TEXT_PX,
)
svg, png = save_graph(mlp, "04_forward_mlp", advanced=True)
