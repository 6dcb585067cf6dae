# %% [markdown]
# # 1. The artificial neuron
#
# A neuron takes inputs a₁ … aₙ, weighs each by wⱼ, adds a bias b, and passes the sum through an
# activation function φ:
#
#     z = Σⱼ wⱼ·aⱼ + b        a = φ(z)
#
# Here a neuron with three inputs; every number is an `autograd.Value`, so the graph of the
# computation is recorded as we go.

# %%
from autograd import Value, weighted_sum
from autograd.show.text import factor, number
from autograd.show.viz import draw_graph
from demos.context import save_graph, settings, signed

settings()

x = [Value(0.5, label="a₁"), Value(-1.0, label="a₂"), Value(2.0, label="a₃")]
w = [Value(0.8, label="w₁"), Value(0.2, label="w₂"), Value(-0.4, label="w₃")]
b = Value(0.1, label="b")

# %% [markdown]
# The weighted sum is **one node** of the graph (op `wsum`): its local derivatives are
# ∂z/∂wⱼ = aⱼ, ∂z/∂aⱼ = wⱼ and ∂z/∂b = 1.

# %%
z = weighted_sum(w, x, b)
z.label = "z"
# factor(): a negative number in parentheses and with a true minus, as the slide writes it
terms = " + ".join(f"{factor(wj.data)}·{factor(aj.data)}" for wj, aj in zip(w, x))
print(f"z = Σ w·a + b = {terms} + {factor(b.data)} = {number(z.data)}")

# %% [markdown]
# The same z through the lecture's three activation functions:

# %%
for name in ("sigmoid", "tanh", "relu"):
    a = getattr(z, name)()
    print(f"a = {name}(z) = {signed(a.data):.6f}")

# %% [markdown]
# Backpropagation from a = σ(z) gives ∂a/∂wⱼ = σ′(z)·aⱼ for each weight. The drawing shows
# each node's value and gradient, and each edge's local derivative.

# %%
a = z.sigmoid()
a.label = "a"
a.backward()
for wj, aj in zip(w, x):
    print(f"∂a/∂{wj.label} = σ′(z)·{aj.label} = {signed(wj.grad):.6f}")
svg, png = save_graph(draw_graph(a, params=[*w, b]), "01_neuron")
