"""Exercise 4: ∂C₀/∂W₁ on the lecture's network, as its five factors worked out by hand — each
checked on its own, then their product."""

from __future__ import annotations

from exercises.checks.lecture_factors import factors, network
from exercises.checks.sheet import Product, check_sheet
from exercises.student import Answers
from exercises.verdict import Verdict

TITLE = "∂C₀/∂W₁ on the lecture's network, factor by factor"
FACTORS = ["dz1_dW1", "da1_dz1", "dz2_da1", "da2_dz2", "dC0_da2"]
ANSWERS = (*FACTORS, "dC0_dW1")
HINT = (
    "Walk the path W₁ → z₁ → a₁ → z₂ → a₂ → C₀ one step at a time: each factor is the "
    "derivative of one line of the forward pass with respect to the node before it, the other "
    "numbers held fixed. z₁ = W₁·x + b₁ grows by x for each unit of W₁, so ∂z₁/∂W₁ = x. "
    "σ′(z) = σ(z)·(1 − σ(z)), and σ(z₁) is a₁."
)


def check(answers: Answers) -> Verdict:
    net = network(answers)
    items = factors(net, "W1", FACTORS)
    return check_sheet(answers, items, "factors", [Product("dC0_dW1", "∂C₀/∂W₁", FACTORS)])
