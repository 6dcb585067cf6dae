# %% [markdown]
# # 1. The artificial neuron
#
# A neuron takes inputs x₁ … xₙ, weighs each by wⱼ, adds a bias b, and passes the sum through
# an activation function φ:
#
#     z = Σⱼ wⱼ·xⱼ + b        a = φ(z)
#
# (The lecture writes the inputs as x, or as a — the activations of the layer before; here they
# are x₁, x₂, x₃, so that a₁, a₂ stay the names of the lecture network's activations.) Every
# number is an `autograd.Value`, so the graph of the computation is recorded as we go.

# %%
from autograd import Value, weighted_sum
from autograd.show.text import factor, number
from autograd.show.viz import draw_graph
from demos.context import save_graph, settings, signed
from nn.lecture import lecture_network

settings()

x = [Value(0.5, label="x₁"), Value(-1.0, label="x₂"), Value(2.0, label="x₃")]
w = [Value(0.8, label="w₁"), Value(0.2, label="w₂"), Value(-0.4, label="w₃")]
b = Value(0.1, label="b")

# %% [markdown]
# The weighted sum is **one node** of the graph (op `wsum`): its local derivatives are
# ∂z/∂wⱼ = xⱼ, ∂z/∂xⱼ = wⱼ and ∂z/∂b = 1.

# %%
z = weighted_sum(w, x, b)
z.label = "z"
# factor(): a negative number in parentheses and with a true minus, as the slide writes it
terms = " + ".join(f"{factor(wj.data)}·{factor(xj.data)}" for wj, xj in zip(w, x))
print(f"z = Σ w·x + b = {terms} + {factor(b.data)} = {number(z.data)}")

# %% [markdown]
# The same z through the lecture's three activation functions:

# %%
for name in ("sigmoid", "tanh", "relu"):
    a = getattr(z, name)()
    print(f"a = {name}(z) = {signed(a.data):.6f}")

# %% [markdown]
# ## The running example: the first neuron of the lecture's network
#
# From here to the backward pass every figure uses one network, the slides':
# x → (W₁, b₁) → σ → a₁ → (W₂, b₂) → σ → a₂, with C₀ = (a₂ − y)² on the sample x = 0.5, y = 1.
# Its first neuron has one input: z₁ = W₁·x + b₁ = 0.8·0.5 + 0.1 = 0.5 and a₁ = σ(z₁) = 0.622.
# The figure shows the forward pass only: each node's value (the gradients come in demo 5).

# %%
net = lecture_network()  # x = 0.5, y = 1, W₁ = 0.8, b₁ = 0.1, W₂ = −1.2, b₂ = 0.3
print(
    f"z₁ = W₁·x + b₁ = {factor(net.W1.data)}·{factor(net.x.data)} + {factor(net.b1.data)} "
    f"= {number(net.z1.data)},   a₁ = σ(z₁) = {number(net.a1.data)}"
)
print(f"(the whole network: a₂ = {number(net.a2.data)}, C₀ = (a₂ − y)² = {number(net.C0.data)})")
drawing = draw_graph(
    net.a1,
    params=[net.W1, net.b1],
    collapse=True,  # the lecture's view: z₁ = W₁·x + b₁ as one node
    show_grad=False,
    local_derivatives=False,
    rankdir="TB",
)
svg, png = save_graph(drawing, "01_neuron")
