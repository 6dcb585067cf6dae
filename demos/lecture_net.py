"""The lecture's own network over a small data set — the numbers behind the average, update,
learning rate and nudge demos (``demos/average.py``, ``update.py``, ``learning_rate.py``,
``nudge.py``), in functions their tests import. Sample 0 is the slides' own x = 0.5, y = 1, so
C₀ = 0.372 and ∂C₀/∂W₁ = 0.0409 are the same numbers in every figure.

    x → (W₁, b₁) → σ → a₁ → (W₂, b₂) → σ → a₂,   Cᵢ = (a₂ − yᵢ)²,   C = 1/n Σᵢ Cᵢ

Every derivative here comes from `backward()`; gradient descent is the slide's
W ← W − η·∂C/∂W, written out.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

from autograd import Value, no_grad
from autograd.notation.labels import lecture_label
from nn import mse
from nn.lecture import lecture_network

__all__ = [
    "NAMES",
    "PRETTY",
    "START",
    "TRAINED",
    "Params",
    "X",
    "Y",
    "bottom",
    "cost",
    "descend",
    "forward_difference",
    "gradient",
    "hessian",
    "largest_curvature",
    "per_sample_gradients",
]

Params = dict[str, float]

NAMES = ("W1", "b1", "W2", "b2")
"""The parameters in the order of the slide's gradient vector [∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂]."""
PRETTY = {name: lecture_label(name[0], None, int(name[1:])) for name in NAMES}
"""Each as the slides write it, W₁ … b₂ (`autograd.notation.labels`): the code's keys are ASCII."""

START: Params = {"W1": 0.8, "b1": 0.1, "W2": -1.2, "b2": 0.3}
"""Where training starts: the values `nn.lecture.lecture_network` draws on the slides."""

X = [0.5, -1.0, 1.5, 3.0]
Y = [1.0, 0.8, 0.7, 0.1]
"""Four samples, the first the slides' (x = 0.5, y = 1). They rise, then fall; the network's
output is monotone in x (σ of σ of a line), so it can fit them only approximately, and the best
weights are finite: the cost surface has a bottom (`bottom`)."""

TRAINED = (10.0, 3000)
"""Where `bottom` comes from: gradient descent with η = 10 from `START`, 3000 updates."""


def _cost_graph(p: Params, xs: Sequence[float], ys: Sequence[float]) -> tuple[Value, list[Value]]:
    """C = 1/n Σᵢ (a₂ − yᵢ)² as one graph whose four parameter leaves every sample shares."""
    leaves = [Value(p[name], label=PRETTY[name]) for name in NAMES]
    W1, b1, W2, b2 = leaves
    preds = [(W2 * (W1 * x + b1).sigmoid() + b2).sigmoid() for x in xs]
    return mse(preds, list(ys)), leaves


def cost(p: Params, xs: Sequence[float] = X, ys: Sequence[float] = Y) -> float:
    """C(W₁, b₁, W₂, b₂) = 1/n Σᵢ (a₂ − yᵢ)², forward propagation only."""
    with no_grad():
        return _cost_graph(p, xs, ys)[0].data


def gradient(p: Params, xs: Sequence[float] = X, ys: Sequence[float] = Y) -> tuple[float, Params]:
    """(C, {name: ∂C/∂name}) from one backward() through the averaged cost."""
    C, leaves = _cost_graph(p, xs, ys)
    C.backward()
    return C.data, {name: v.grad for name, v in zip(NAMES, leaves)}


def per_sample_gradients(
    p: Params, xs: Sequence[float] = X, ys: Sequence[float] = Y
) -> list[tuple[float, Params]]:
    """For each sample i, (Cᵢ, {name: ∂Cᵢ/∂name}) from its own lecture network and backward()."""
    out = []
    for x, y in zip(xs, ys):
        net = lecture_network(x, y, **p)
        net.C0.backward()
        grads = {"W1": net.W1.grad, "b1": net.b1.grad, "W2": net.W2.grad, "b2": net.b2.grad}
        out.append((net.C0.data, grads))
    return out


def descend(
    p: Params,
    eta: float,
    steps: int,
    names: Sequence[str] = NAMES,
    xs: Sequence[float] = X,
    ys: Sequence[float] = Y,
) -> list[tuple[Params, float]]:
    """Gradient descent on the parameters ``names`` (the others stay fixed): ``steps`` times
    W ← W − η·∂C/∂W. Returns (parameters, C at those parameters) before each step and after
    the last, so ``steps + 1`` entries."""
    path = []
    current = dict(p)
    for _ in range(steps):
        C, grads = gradient(current, xs, ys)
        path.append((dict(current), C))
        for name in names:
            current[name] = current[name] - eta * grads[name]
    path.append((dict(current), cost(current, xs, ys)))
    return path


@functools.lru_cache(maxsize=1)
def _bottom() -> tuple[tuple[str, float], ...]:
    eta, steps = TRAINED
    end, _ = descend(START, eta, steps)[-1]  # W ← W − η·∂C/∂W, every parameter
    return tuple(end.items())


def bottom() -> Params:
    """The bottom of C over all four parameters, where training ends (`TRAINED`): the values
    the learning-rate figures hold the other parameters at, so that C(W₁) is a valley."""
    return dict(_bottom())


def hessian(p: Params, names: Sequence[str] = ("W1", "W2"), h: float = 1e-4) -> list[list[float]]:
    """∂²C/∂Wᵢ∂Wⱼ over ``names``, by central differences of the gradient from backward()."""
    rows = []
    for a in names:
        up = gradient({**p, a: p[a] + h})[1]
        down = gradient({**p, a: p[a] - h})[1]
        rows.append([(up[b] - down[b]) / (2 * h) for b in names])
    return rows


def largest_curvature(p: Params) -> float:
    """λₘₐₓ, the largest eigenvalue of the 2×2 Hessian of C over (W₁, W₂) at ``p``: along that
    direction C is a parabola ½·λₘₐₓ·d², and a descent step d ← (1 − η·λₘₐₓ)·d shrinks d
    only while η < 2/λₘₐₓ."""
    (h11, h12), (_, h22) = hessian(p)
    return (h11 + h22) / 2 + math.sqrt(((h11 - h22) / 2) ** 2 + h12 * h12)


def forward_difference(W1: float, h: float, x: float = 0.5, y: float = 1.0) -> float:
    """(C₀(W₁ + h) − C₀(W₁)) / h on the lecture network at its slide values: the effect of a
    nudge h of W₁ on C₀, per unit of nudge."""
    with no_grad():
        up = lecture_network(x, y, W1=W1 + h).C0.data
        here = lecture_network(x, y, W1=W1).C0.data
    return (up - here) / h
