"""The lecture's small network, built by hand with the slide's labels (shared by the tests)."""

from __future__ import annotations

from dataclasses import dataclass

from autograd import Value


@dataclass
class Lecture:
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


def lecture_network(
    x: float = 0.5,
    y: float = 1.0,
    W1: float = 0.8,
    b1: float = 0.1,
    W2: float = -1.2,
    b2: float = 0.3,
) -> Lecture:
    """x → W₁, b₁ → σ → a₁ → W₂, b₂ → σ → a₂ → C₀ = (a₂ − y)²."""
    xv, yv = Value(x, label="x"), Value(y, label="y")
    w1, c1 = Value(W1, label="W₁"), Value(b1, label="b₁")
    w2, c2 = Value(W2, label="W₂"), Value(b2, label="b₂")
    z1 = w1 * xv + c1
    z1.label = "z₁"
    a1 = z1.sigmoid()
    a1.label = "a₁"
    z2 = w2 * a1 + c2
    z2.label = "z₂"
    a2 = z2.sigmoid()
    a2.label = "a₂"
    C0 = (a2 - yv) ** 2
    C0.label = "C₀"
    return Lecture(xv, yv, w1, c1, w2, c2, z1, a1, z2, a2, C0)
