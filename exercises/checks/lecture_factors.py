"""The lecture's network built from the numbers an exercise file gives, and the chain rule's
factors on it — symbol, formula and value from the engine (`autograd.chain_paths`) — with the
slips a student is likely to make in each (exercises 4 and 5)."""

from __future__ import annotations

from autograd import chain_paths
from exercises.checks.sheet import Item, given
from exercises.student import Answers
from nn.lecture import LectureNetwork, lecture_network

__all__ = ["factors", "network"]

GIVEN = ("x", "y", "W1", "b1", "W2", "b2")


def network(answers: Answers) -> LectureNetwork:
    """z₁ = W₁·x + b₁, a₁ = σ(z₁), z₂ = W₂·a₁ + b₂, a₂ = σ(z₂), C₀ = (a₂ − y)² with the
    file's numbers."""
    return lecture_network(**{name: given(answers, name)[0] for name in GIVEN})


def _slips(net: LectureNetwork) -> dict[str, list[tuple[float, str]]]:
    """For each factor's symbol, (a likely wrong number, what it is)."""
    x, W1, W2 = net.x.data, net.W1.data, net.W2.data
    a1, a2, y, C0 = net.a1.data, net.a2.data, net.y.data, net.C0.data
    s1, s2 = a1 * (1 - a1), a2 * (1 - a2)
    return {
        "∂z₁/∂W₁": [
            (W1, "that is W₁ itself; z₁ = W₁·x + b₁ grows by x for each unit of W₁."),
            (1.0, "that is ∂z₁/∂b₁; W₁ is multiplied by x in z₁ = W₁·x + b₁."),
        ],
        "∂a₁/∂z₁": [
            (a1, "that is σ(z₁) = a₁: the function, not its derivative σ′(z₁)."),
            (1 - a1, "that is 1 − σ(z₁): the factor σ(z₁) is missing."),
            (0.25, "that is σ′(0), σ′ at its peak; take it at z₁."),
        ],
        "∂z₂/∂a₁": [
            (a1, "that is ∂z₂/∂W₂ = a₁; with respect to a₁, z₂ = W₂·a₁ + b₂ gives W₂."),
            (-W2, "mind the sign of W₂."),
            (1.0, "that is ∂z₂/∂b₂; a₁ is multiplied by W₂ in z₂ = W₂·a₁ + b₂."),
        ],
        "∂a₂/∂z₂": [
            (a2, "that is σ(z₂) = a₂: the function, not its derivative σ′(z₂)."),
            (1 - a2, "that is 1 − σ(z₂): the factor σ(z₂) is missing."),
            (s1, "that is σ′(z₁); this factor is σ′ at z₂."),
        ],
        "∂C₀/∂a₂": [
            (a2 - y, "that is a₂ − y: the 2 of the square is missing, ∂(u²)/∂u = 2u."),
            (2 * (y - a2), "C₀ = (a₂ − y)², so the derivative is 2·(a₂ − y): mind the sign."),
            (C0, "that is C₀ itself, not its derivative."),
            (2 * a2, "the derivative of (a₂ − y)² is 2·(a₂ − y), not 2·a₂."),
        ],
        "∂z₂/∂W₂": [
            (W2, "that is W₂ itself; z₂ = W₂·a₁ + b₂ grows by a₁ for each unit of W₂."),
            (1.0, "that is ∂z₂/∂b₂; W₂ is multiplied by a₁ in z₂ = W₂·a₁ + b₂."),
            (x, "that is x; the input to the second layer is a₁."),
            (s2, "that is σ′(z₂), the next factor."),
        ],
        "∂z₂/∂b₂": [
            (0.0, "b₂ is added to z₂ = W₂·a₁ + b₂: z₂ grows by 1 for each unit of b₂."),
            (net.b2.data, "that is b₂ itself; z₂ grows by 1 for each unit of b₂."),
        ],
    }


def factors(net: LectureNetwork, weight: str, names: list[str]) -> list[Item]:
    """The factors of ∂C₀/∂``weight`` (the slide's order), as `Item`s named ``names``."""
    (path,) = chain_paths(net.C0, getattr(net, weight), collapse=True)
    slips = _slips(net)
    return [
        Item(name, e.symbol(), e.factor, e.formula(), slips.get(e.symbol(), []))
        for name, e in zip(names, path.edges, strict=True)
    ]
