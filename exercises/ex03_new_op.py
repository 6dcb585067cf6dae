# %% [markdown]
# # Exercise 3. A new op in the table: SiLU(x) = x·σ(x)
#
# Every op of the engine is one entry of its op table (`autograd/ops.py`): the forward rule,
# the local derivative ∂out/∂x that backpropagation multiplies by the upstream gradient, and
# that derivative as text, which the drawings and `explain()` show. Add one:
#
#     SiLU(x) = x·σ(x)        (also called swish: an activation of today's networks)
#
# Its local derivative follows from the product rule and σ′ = σ·(1 − σ) (exercise 2). Write
# the three parts marked TODO. The checker tests each part on its own, then runs the
# project's own op-table tests on your entry — the tests every op of the table passes — and
# shows it with `explain()`, as every op is shown. Then: `.venv/bin/python -m exercises check 3`.
#
# Two rules every entry follows: a rule never raises, whatever its input (where PyTorch gives
# inf or nan, so does the table); and the partials also run on Values, for a gradient of a
# gradient. The given `sigmoid` does both.

# %%
from autograd import OPS, Value, apply, explain
from autograd.ops import Domain, Op


def sigmoid(x):
    """σ(x) for a float (never overflows) — or for a Value, as a node of the graph."""
    return x.sigmoid() if isinstance(x, Value) else OPS["sigmoid"].forward(x)


# %%
def silu(x: float) -> float:
    """The forward rule: SiLU(x) = x·σ(x)."""
    ...  # TODO


def silu_partials(x: float, out: float) -> tuple[float]:
    """The local derivative at x, as a tuple with one number: (∂out/∂x,). (out = SiLU(x),
    given too, as the table gives every rule: σ's is out·(1 − out).)"""
    ...  # TODO


# ∂out/∂x as text, for the drawings: {0} stands for the input, as in the table's
# "σ({0})·(1−σ({0}))" for σ. You may use + − · / ( ) ², σ(…), tanh(…), exp(…), ln(…)
# (copy σ, · and − from here; * and - work too).
SILU_FORMULA = ...  # TODO

SILU = Op(
    name="silu",
    symbol="SiLU({0})",
    arity=1,
    forward=silu,
    partials=silu_partials,
    formulas=(SILU_FORMULA,),
    domain=(Domain(-3.0, 3.0),),  # where the tests draw x
)

# %% [markdown]
# Check: run this cell, or `.venv/bin/python -m exercises check 3` in a terminal (which also runs
# the project's op-table tests). Once it passes, the cell shows your op in `explain()`;
# `apply(SILU, v)` applies it to any Value v.

# %%
# In Jupyter: run this cell. In a terminal:
#   .venv/bin/python exercises/ex03_new_op.py
if __name__ == "__main__":
    from exercises import check_here

    if check_here(3, globals()):
        z = Value(0.5, label="z")
        a = apply(SILU, z)
        a.label = "a"
        a.backward()
        print(explain(a, z))
