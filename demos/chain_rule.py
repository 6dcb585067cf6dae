# %% [markdown]
# # 5. The chain rule on the lecture's network
#
#     x → (W₁, b₁) → σ → a₁ → (W₂, b₂) → σ → a₂ → C₀ = (a₂ − y)²,   x = 0.5, y = 1
#
# ∂C₀/∂W₂ = ∂z₂/∂W₂ · ∂a₂/∂z₂ · ∂C₀/∂a₂,  ∂C₀/∂b₂ = ∂z₂/∂b₂ · ∂a₂/∂z₂ · ∂C₀/∂a₂ (with
# ∂z₂/∂b₂ = 1), and one layer further back
# ∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂.
# Each factor is a local derivative from the op table; the drawings show each on its edge, in
# that edge's colour, and the product with every factor in the same colour, beside the numbers
# it is computed from ("given").

# %%
from autograd import Value, explain
from autograd.checks.gradcheck import numerical_gradient
from autograd.show.text import number
from autograd.show.viz import draw_graph, draw_paths
from demos.context import save_graph, settings, signed
from nn.lecture import lecture_network

settings()
net = lecture_network(x=0.5, y=1.0, W1=0.8, b1=0.1, W2=-1.2, b2=0.3)
net.C0.backward()
print(f"C₀ = (a₂ − y)² = {number(net.C0.data)}")

# %%
for w, name in ((net.W2, "W2"), (net.b2, "b2"), (net.W1, "W1")):
    print(explain(net.C0, w))
    print()
    save_graph(draw_paths(net.C0, w), f"05_chain_rule_{name}")

# %% [markdown]
# The same numbers as CS231n draws a circuit: on each edge the value going forward, and beside
# it, in the gradient's colour, what flows back along it — each node's ∂C₀/∂(node), passed
# from C₀ back to the weights one edge at a time. x and y pass theirs back in grey: they are
# data, never updated.

# %%
flow = draw_graph(net.C0, collapse=True, flow=True, rankdir="TB")
svg, png = save_graph(flow, "05_chain_rule_flow")

# %% [markdown]
# Three independent answers agree: the product of local derivatives along the path,
# `backward()`, and finite differences (C₀(W + ε) − C₀(W − ε)) / 2ε.

# %%


def C0_of(W1: Value, b1: Value, W2: Value, b2: Value) -> Value:
    """C₀ as a function of the four parameters (the network rebuilt from their values)."""
    return lecture_network(0.5, 1.0, W1.data, b1.data, W2.data, b2.data).C0


numeric = numerical_gradient(C0_of, [0.8, 0.1, -1.2, 0.3])
for (name, v), fd in zip((("W₁", net.W1), ("b₁", net.b1), ("W₂", net.W2), ("b₂", net.b2)), numeric):
    print(f"∂C₀/∂{name}: backward() {signed(v.grad):+.10f}   finite differences {signed(fd):+.10f}")
