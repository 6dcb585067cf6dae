# %% [markdown]
# # Exercise 6. A topological order of the graph
#
# "Backward propagation … uses an information (signal) obtained from the forward propagation
# and use it to move back from the last to the first layer of a network." To move back, the
# gradient of a node must be complete before it is passed on to the node's parents (the
# inputs of the op that made it) — and a node can be used by several others. So backward()
# first lists the graph's nodes in a *topological order*: every node after all of its
# parents. Walked in reverse, from C back to the leaves, that list visits every node after
# every node that uses it.
#
# Write `topological_order(root)`: every node `root` depends on, `root` included, each
# exactly once, each after all of its parents. A node's parents are `v.parents`, a tuple (a
# node made by `a * a` lists `a` twice); a leaf's is empty.
#
# It is checked on random graphs from `autograd.strategies` (nodes shared, used twice), on
# the lecture's network, and on a chain of 5,000 nodes, deeper than Python lets a function
# call itself (about 1,000 calls): keep the nodes still to visit in a list. Then:
# `.venv/bin/python -m exercises check 6`.

# %%
from autograd import Value


def topological_order(root: Value) -> list[Value]:
    """Every node that ``root`` depends on, itself included: each once, after its parents."""
    order: list[Value] = []
    visited: set[Value] = set()
    stack = [(root, False)]  # (node, are its parents in the order already?)
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            for parent in node.parents:
                if parent not in visited:
                    stack.append((parent, False))
    return order


# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 6` in a terminal. Once it passes, it
# lists the lecture's network in your order.

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/solutions/ex06_topological_order.py
if __name__ == "__main__":
    from exercises import check_here
    from nn.lecture import lecture_network

    if check_here(6, globals()):
        net = lecture_network()
        print(
            "the lecture's network in your order:",
            [v.label or f"({v.op})" for v in topological_order(net.C0)],
        )
