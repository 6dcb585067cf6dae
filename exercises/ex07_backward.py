# %% [markdown]
# # Exercise 7. backward(): the chain rule, node by node
#
# "Because we use an information (signal) obtained from the forward propagation and use it
# to move back from the last to the first layer of a network." Write that move back,
# `backward(C)`, for any graph of Values. It sets every node's gradient, v.grad = ∂C/∂v, in
# three steps:
#
# 1. order the graph: `topological_order(C)` (exercise 6; the engine's is given here);
# 2. seed: ∂C/∂C = 1;
# 3. walk the order in reverse, from C back to the leaves; at each node v, for each of its
#    parents p, add local derivative × upstream gradient:  ∂C/∂p += ∂v/∂p · ∂C/∂v.
#
# `v.parents` are the inputs of the op that made v, and `v.local_derivatives()` their local
# derivatives ∂v/∂p, one per parent, from the op table. Every `.grad` starts at 0.0.
#
# The check builds random graphs from `autograd.strategies` — with nodes used twice — and
# compares your gradients with the engine's backward(); where they differ it lists the
# smallest such graph. Then: `.venv/bin/python -m exercises check 7`.

# %%
from autograd import Value
from autograd.backward import topological_order


def backward(C: Value) -> None:
    """Set v.grad = ∂C/∂v for every node v of C's graph (each .grad starts at 0.0)."""
    ...  # TODO


# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 7` in a terminal. Once it passes, it
# runs your backward() on the lecture's network (∂C₀/∂W₁ = 0.0409).

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/ex07_backward.py
if __name__ == "__main__":
    from exercises import check_here
    from nn.lecture import lecture_network

    if check_here(7, globals()):
        net = lecture_network()
        backward(net.C0)
        print(f"on the lecture's network, ∂C₀/∂W₁ = {net.W1.grad:.4g}")
