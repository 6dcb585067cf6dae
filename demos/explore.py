# %% [markdown]
# # 11. The explorer: click a weight, see every chain-rule path to C
#
# Four pages, each one self-contained HTML file that opens in any browser, offline:
#
# * the lecture's network — click W₁ and its one path x → z₁ → a₁ → z₂ → a₂ → C₀ lights up,
#   with the five factors ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂, their product, and
#   W₁.grad from backward(); ← → step through backward() node by node;
# * a 2-3-2-1 MLP — a first-layer weight reaches C along several paths: ∂C/∂w is their sum;
# * two moons, trained live in the page (▶ play, η, every edge clickable), as `fit` trains;
# * the same, trained with `fit(..., record=True)` — a slider replays the epochs.
#
# In a notebook, `explore(C)` on its own line shows the page inline.

# %%
from autograd.notation.numbers import number
from autograd.show.explore import explore, explore_training, playground
from autograd.show.text import counted
from demos.context import record_page, settings
from nn import MLP, SGD, batch_cost, fit, hinge, mse
from nn.datasets import moons
from nn.lecture import lecture_network

cfg = settings()
net = lecture_network()
lecture = explore(net.C0, title="The lecture's network: click W₁, W₂, b₁ or b₂ — or press →")
record_page(lecture.save(cfg.out / "explore_lecture.html"), "and click W₁, or press →")
lecture  # noqa: B018 (shown inline when run as a notebook)

# %% [markdown]
# A first-layer weight of a 2-3-2-1 MLP reaches the cost through both second-layer neurons.

# %%
model = MLP(2, [3, 2, 1], activation="tanh", seed=3)
C = mse([model([0.6, -0.4])], [1.0])
C.label = "C"
mlp = explore(C, params=model.parameters(), title="A 2-3-2-1 MLP: click a weight w⁽¹⁾ₖ,ⱼ")
record_page(mlp.save(cfg.out / "explore_mlp.html"), "and click a first-layer weight")
w = model.layers[0].neurons[0].w[0]
C.backward()
paths = counted(mlp.view.paths[mlp.view.node(str(w.label)).id].count, "path")
print(f"{w.label}: {paths}, grad {number(w.grad)}")
mlp  # noqa: B018

# %% [markdown]
# Training on two moons, live: the page runs gradient descent itself, on the very graph `fit`
# differentiates (`batch_cost`), so from these initial weights its cost after k epochs is
# `fit`'s. Press ▶ and watch the boundary form; click an edge for that weight's paths.

# %%
n, epochs, grid = (30, 5, 10) if cfg.quick else (100, 100, 24)
X, y = moons(n=n, noise=0.1, seed=1337, labels="pm1")
live_model = MLP(2, [16, 16, 1], seed=1337)
cost = batch_cost(live_model, X, y, loss="hinge", alpha=1e-4)
live = playground(live_model, X, y, loss=hinge, cost=cost, lr=0.3, grid=grid)
record_page(live.save(cfg.out / "explore_live.html"), "and press ▶")
live  # noqa: B018

# %% [markdown]
# The same model trained by `fit(..., record=True)`, then replayed epoch by epoch.

# %%
moons_model = MLP(2, [16, 16, 1], seed=1337)
opt = SGD(moons_model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)
history = fit(
    moons_model,
    X,
    y,
    loss="hinge",
    alpha=1e-4,
    optimizer=opt,
    epochs=epochs,
    record=True,
    progress=False,
)
training = explore_training(history, moons_model, X, y, loss=hinge, grid=grid)
record_page(
    training.save(cfg.out / "explore_training.html"), "and drag the slider through the epochs"
)
print(f"recorded {counted(len(history.snapshots), 'epoch')}; final cost {history.loss[-1]:.4f}")
training  # noqa: B018
