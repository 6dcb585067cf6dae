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
    "Walk the path from W₁ to C₀ one node at a time and differentiate each step on its own: "
    "z₁ = W₁·x + b₁ gives ∂z₁/∂W₁ = x; a₁ = σ(z₁) gives σ′(z₁) = σ(z₁)·(1 − σ(z₁)) = "
    "a₁·(1 − a₁); z₂ = W₂·a₁ + b₂ gives ∂z₂/∂a₁ = W₂; then σ′(z₂); and C₀ = (a₂ − y)² gives "
    "2·(a₂ − y). The chain rule multiplies the five."
)


def check(answers: Answers) -> Verdict:
    net = network(answers)
    items = factors(net, "W1", FACTORS)
    return check_sheet(answers, items, "factors", [Product("dC0_dW1", "∂C₀/∂W₁", FACTORS)])
