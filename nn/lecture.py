"""The lecture's small network, built by hand from Values with the slide's labels.

    x → (W₁, b₁) → σ → a₁ → (W₂, b₂) → σ → a₂ → C₀ = (a₂ − y)²

One neuron per layer, so ∂C₀/∂W₁ has exactly one path, the slide's product of five factors:
∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂.
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Value

__all__ = ["LectureNetwork", "lecture_network"]


@dataclass
class LectureNetwork:
    """Every node of the lecture's network, by its slide name."""

    x: Value
    y: Value
    W1: Value
    b1: Value
    W2: Value
    b2: Value
    z1: Value
    a1: Value
    z2: Value
    a2: Value
    C0: Value


def _named(v: Value, label: str) -> Value:
    v.label = label
    return v


def lecture_network(
    x: float = 0.5,
    y: float = 1.0,
    W1: float = 0.8,
    b1: float = 0.1,
    W2: float = -1.2,
    b2: float = 0.3,
) -> LectureNetwork:
    """Build z₁ = W₁·x + b₁, a₁ = σ(z₁), z₂ = W₂·a₁ + b₂, a₂ = σ(z₂), C₀ = (a₂ − y)²."""
    xv, yv = Value(x, label="x"), Value(y, label="y")
    w1, c1 = Value(W1, label="W₁"), Value(b1, label="b₁")
    w2, c2 = Value(W2, label="W₂"), Value(b2, label="b₂")
    z1 = _named(w1 * xv + c1, "z₁")
    a1 = _named(z1.sigmoid(), "a₁")
    z2 = _named(w2 * a1 + c2, "z₂")
    a2 = _named(z2.sigmoid(), "a₂")
    C0 = _named((a2 - yv) ** 2, "C₀")
    return LectureNetwork(xv, yv, w1, c1, w2, c2, z1, a1, z2, a2, C0)
