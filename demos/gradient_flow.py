"""How the gradient flows back through a deep MLP, layer by layer — the numbers behind the
vanishing- and exploding-gradient demo (``demos/vanishing.py``), in functions its test imports.

Backpropagation carries ∂C/∂a⁽ˡ⁾ from layer l to layer l − 1 by the chain rule:

    ∂C/∂a⁽ˡ⁻¹⁾ⱼ = Σₖ w⁽ˡ⁾ₖ,ⱼ · φ′(z⁽ˡ⁾ₖ) · ∂C/∂a⁽ˡ⁾ₖ

so every layer multiplies the signal by factors w·φ′(z). If they are mostly below 1 the early
layers' gradients vanish; mostly above 1, they explode. Everything here is measured from
`backward()`: φ′(z) is each activation node's local derivative from the op table, never a
formula typed in again.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Value
from demos.context import signed
from nn import MLP, mse
from nn.datasets import moons
from nn.layers import Init

__all__ = [
    "FLAT",
    "VANISH",
    "WITHIN",
    "Profile",
    "SweepPoint",
    "build_model",
    "profile",
    "ratio_words",
    "sweep",
]

FLAT = 0.01
"""A unit counts as saturated (σ, tanh) or dead (ReLU) on a sample when |φ′(z)| < FLAT."""

# The ratio r = mean |∂C/∂w| of layer 1 / of the last hidden layer, in words. Two notions, two
# numbers, each written here once and read by the table, the figures' labels, titles and bands:
VANISH = 100.0
"""Layer 1's gradient under 1/VANISH of the last layer's (r < 10⁻²): it *vanishes*; over VANISH
times it (r > 10²): it *explodes* toward the input."""
WITHIN = 10.0
"""Within WITHIN× both ways the change is no news: "within 10×". Between WITHIN and VANISH it
is said with its number, "shrinks 41×" or "grows 43×" — never called flat, nor vanishing."""


def ratio_words(r: float) -> str:
    """The ratio in words, honest to its size (`VANISH`, `WITHIN`): "vanishes", "explodes",
    "shrinks 41×", "grows 43×" or "within 10×"."""
    if r < 1 / VANISH:
        return "vanishes"
    if r > VANISH:
        return "explodes"
    if r < 1 / WITHIN:
        return f"shrinks {1 / r:.0f}×"
    if r > WITHIN:
        return f"grows {r:.0f}×"
    return f"within {WITHIN:g}×"


@dataclass(frozen=True)
class Profile:
    """Per-layer measurements of one deep MLP on one batch (hidden layers l = 1 … depth).

    ``grad_w[l−1]``: mean |∂C/∂w| over layer l's weights (the output layer last);
    ``phi_prime[l−1]``: mean |φ′(z⁽ˡ⁾)| over units and samples;
    ``factor[l−1]``: mean |w⁽ˡ⁾ₖ,ⱼ · φ′(z⁽ˡ⁾ₖ)| over the layer's edges and samples;
    ``gain[l−2]`` (l = 2 … depth): mean |∂C/∂a⁽ˡ⁻¹⁾| / mean |∂C/∂a⁽ˡ⁾| — how much one layer
    of backward multiplies the signal by (Σₖ over its factors w·φ′ times the upstream);
    ``flat[l−1]``: share of (unit, sample) pairs with |φ′(z)| < `FLAT` (ReLU: z ≤ 0, dead);
    ``dead_grads_exactly_zero``: every unit with φ′(z) = 0 got ∂C/∂z = 0.0 exactly.
    """

    activation: str
    init: str
    scale: float
    bias: float
    grad_w: list[float]
    phi_prime: list[float]
    factor: list[float]
    gain: list[float]
    flat: list[float]
    dead_grads_exactly_zero: bool

    @property
    def depth(self) -> int:
        """The number of hidden layers."""
        return len(self.phi_prime)

    @property
    def ratio(self) -> float:
        """mean |∂C/∂w| of layer 1 over that of the last hidden layer (layer ``depth``)."""
        last = self.grad_w[self.depth - 1]
        return self.grad_w[0] / last if last else float("inf")

    def verdict(self) -> str:
        """The ratio in words, as `ratio_words` says it: "vanishes", "shrinks 41×", …"""
        return ratio_words(self.ratio)

    def flat_words(self) -> str:
        """The worst layer's share of flat units, as a sentence: "in the worst layer, units are
        dead (φ′ = 0) on 83% of (unit, sample) pairs" — ReLU's units die (z ≤ 0), σ's and tanh's
        saturate (|φ′(z)| < `FLAT`)."""
        if self.activation == "relu":
            state, verb = "dead (φ′ = 0)", "dies"
        else:
            state, verb = f"saturated (|φ′| < {FLAT:g})", "saturates"
        worst = max(self.flat)
        if worst == 0:
            return f"no unit {verb} on any sample"
        return f"in the worst layer, units are {state} on {worst:.0%} of (unit, sample) pairs"

    def describe(self) -> str:
        """One line for the printed table."""
        verdict = self.verdict()
        return (
            f"{self.activation:8} {self.init:8} ×{signed(self.scale):<5g} "
            f"b={signed(self.bias):+g}  "
            f"layer 1 {signed(self.grad_w[0]):9.2e}  layer {self.depth} "
            f"{signed(self.grad_w[self.depth - 1]):9.2e}"
            f"  ratio {signed(self.ratio):9.2e} ({verdict}); {self.flat_words()}"
        )


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def build_model(
    activation: str,
    *,
    depth: int = 10,
    width: int = 8,
    init: Init = "uniform",
    scale: float = 1.0,
    bias: float = 0.0,
    seed: int = 0,
) -> MLP:
    """MLP(2, [width]·depth + [1]) with ``activation`` in the hidden layers, every weight
    drawn by ``init`` and then multiplied by ``scale``, every hidden bias set to ``bias``."""
    model = MLP(2, [width] * depth + [1], activation=activation, init=init, seed=seed)
    for layer in model.layers:
        for neuron in layer.neurons:
            for w in neuron.w:
                w.data *= scale
            if layer is not model.layers[-1]:
                neuron.b.data = bias
    return model


def profile(
    activation: str,
    *,
    depth: int = 10,
    width: int = 8,
    n: int = 32,
    init: Init = "uniform",
    scale: float = 1.0,
    bias: float = 0.0,
    seed: int = 0,
) -> Profile:
    """Build the deep MLP of `build_model` (b > 0 pushes σ and tanh into saturation), run
    C = 1/n Σᵢ (y'ᵢ − yᵢ)² on ``n`` two-moons points, backward(), and measure the gradient
    layer by layer (see `Profile`)."""
    model = build_model(
        activation, depth=depth, width=width, init=init, scale=scale, bias=bias, seed=seed
    )
    X, y = moons(n=n, seed=seed)
    per_sample = [model.activations(x) for x in X]  # a⁽⁰⁾ = x, a⁽¹⁾, …, a⁽ᴸ⁾ per sample
    C = mse([acts[-1][0] for acts in per_sample], y)
    C.backward()

    grad_w = [
        _mean([abs(w.grad) for nrn in layer.neurons for w in nrn.w]) for layer in model.layers
    ]
    phi_prime, factor, flat, upstream = [], [], [], []
    exact_zero = True
    for l in range(1, depth + 1):
        layer = model.layers[l - 1]
        slopes: list[float] = []
        edges: list[float] = []
        grads_a: list[float] = []
        for acts in per_sample:
            for neuron, a in zip(layer.neurons, acts[l]):
                (slope,) = a.local_derivatives()  # φ′(z) from the op table
                z: Value = a.parents[0]
                slopes.append(abs(slope))
                edges.extend(abs(w.data * slope) for w in neuron.w)
                grads_a.append(abs(a.grad))
                if slope == 0.0 and z.grad != 0.0:
                    exact_zero = False
        phi_prime.append(_mean(slopes))
        factor.append(_mean(edges))
        flat.append(sum(s < FLAT for s in slopes) / len(slopes))
        upstream.append(_mean(grads_a))
    gain = [
        upstream[l - 2] / upstream[l - 1] if upstream[l - 1] else 0.0 for l in range(2, depth + 1)
    ]
    return Profile(
        str(activation), init, scale, bias, grad_w, phi_prime, factor, gain, flat, exact_zero
    )


@dataclass(frozen=True)
class SweepPoint:
    """Geometric means over seeds (these numbers span twenty orders of magnitude)."""

    scale: float
    first: float  # mean |∂C/∂w| of layer 1
    last: float  # mean |∂C/∂w| of the last hidden layer
    ratio: float  # first / last


def _geomean(xs: list[float]) -> float:
    product = 1.0
    for x in xs:
        product *= x ** (1.0 / len(xs))
    return product


def sweep(
    activation: str,
    scales: list[float],
    *,
    init: Init,
    seeds: list[int],
    depth: int = 10,
    width: int = 8,
    n: int = 16,
) -> list[SweepPoint]:
    """`profile` at each weight scale (weights drawn by ``init``, then × scale), for each seed."""
    points = []
    for s in scales:
        runs = [
            profile(activation, depth=depth, width=width, n=n, init=init, scale=s, seed=seed)
            for seed in seeds
        ]
        first = _geomean([r.grad_w[0] for r in runs])
        last = _geomean([r.grad_w[depth - 1] for r in runs])
        points.append(SweepPoint(s, first, last, first / last))
    return points
