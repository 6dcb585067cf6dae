# %% [markdown]
# # 12. Backpropagation written out as code: `autograd.compile`
#
# The engine builds a graph of Values and walks it backwards. `autograd.compile(fn)` walks it
# once, then writes the same computation as plain Python: one line per node for forward
# propagation, one line per edge for backpropagation — `dC_dw += (local derivative) × (upstream)`,
# the chain rule literally, each local derivative taken from the op table's formula. No graph is
# built any more when it runs, so it is much faster: fast enough to train a bigger network in
# class.

# %%
import time

import autograd
from autograd import Value
from demos.context import settings, signed
from nn import MLP, Adam, fit
from nn.datasets import moons

cfg = settings()

# %% [markdown]
# ## The lecture's network, as code
#
# z₁ = W₁·x + b₁, a₁ = σ(z₁), z₂ = W₂·a₁ + b₂, a₂ = σ(z₂), C₀ = (a₂ − y)². The parameters are
# read from outside; x and y are the arguments.

# %%
W1, b1 = Value(0.8, label="W₁"), Value(0.1, label="b₁")
W2, b2 = Value(-1.2, label="W₂"), Value(0.3, label="b₂")


def lecture_cost(x: Value, y: Value) -> Value:
    z1 = W1 * x + b1
    z1.label = "z₁"
    a1 = z1.sigmoid()
    a1.label = "a₁"
    z2 = W2 * a1 + b2
    z2.label = "z₂"
    a2 = z2.sigmoid()
    a2.label = "a₂"
    C0 = (a2 - y) ** 2
    C0.label = "C₀"
    return C0


cost = autograd.compile(lecture_cost)
C0 = cost(0.5, 1.0)
print(cost.source)
compiled_grads = [p.grad for p in (W1, b1, W2, b2)]
for p in (W1, b1, W2, b2):
    p.grad = 0.0
lecture_cost(Value(0.5), Value(1.0)).backward()  # the engine, for comparison
print(f"C₀ = {C0:.6f}; compiled vs backward():")
for p, g in zip((W1, b1, W2, b2), compiled_grads):
    print(f"  ∂C₀/∂{p.label} = {signed(g):+.10f}  vs  {signed(p.grad):+.10f}")

# %% [markdown]
# ## A bigger network than eager code could train in class time
#
# MLP(2, [64, 64, 1]) — 4,417 parameters — on 1,000 two-moons points, hinge loss + L2, full
# batch, Adam. First one eager step for comparison, then `fit(..., compile=True)`. The times are
# CPU seconds (`time.process_time`) of this one run: they depend on the machine, the Python and
# what else is running, so yours will differ from the README's — the ratio moves less.

# %%
n, sizes, epochs = (60, [8, 8, 1], 3) if cfg.quick else (1000, [64, 64, 1], 40)
X, y = moons(n=n, noise=0.1, seed=7, labels="pm1")
model = MLP(2, sizes, seed=1, init="scaled")
print(model)

t = time.process_time()  # CPU time: a busy machine slows it less than the wall clock
fit(model, X, y, epochs=1, lr=0.0, alpha=1e-4, progress=False)  # lr 0: only to time a step
eager_step = time.process_time() - t

t = time.process_time()
adam = Adam(model.parameters(), lr=0.02)
history = fit(model, X, y, epochs=epochs, optimizer=adam, alpha=1e-4, progress=False, compile=True)
compiled_total = time.process_time() - t
per_step = compiled_total / epochs
print(f"CPU time, this run: one eager step {eager_step:.2f} s; compiled, {epochs} steps in "
      f"{compiled_total:.2f} s ({per_step:.3f} s/step, "
      f"{eager_step / per_step:.1f}× faster)")  # fmt: skip
print(f"after {epochs} steps: cost {history.loss[-1]:.4f}, accuracy {history.accuracy[-1]:.1%}")
if not cfg.quick and history.accuracy[-1] < 0.97:
    raise SystemExit("training did not reach 97 % accuracy")
