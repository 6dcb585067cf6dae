"""Exercise 5: ∂C₀/∂W₂ and ∂C₀/∂b₂ on the lecture's network, three factors each."""

from __future__ import annotations

from exercises.checks.lecture_factors import factors, network
from exercises.checks.sheet import Product, check_sheet
from exercises.student import Answers
from exercises.verdict import Verdict

TITLE = "∂C₀/∂W₂ and ∂C₀/∂b₂ on the lecture's network"
W2_FACTORS = ["dz2_dW2", "da2_dz2", "dC0_da2"]
B2_FACTORS = ["dz2_db2", "da2_dz2", "dC0_da2"]
ANSWERS = ("dz2_dW2", "da2_dz2", "dC0_da2", "dz2_db2", "dC0_dW2", "dC0_db2")
HINT = (
    "Both products end the same way, through a₂: ∂a₂/∂z₂ = σ′(z₂), and ∂C₀/∂a₂, the "
    "derivative of (a₂ − y)² with respect to a₂. They start from z₂ = W₂·a₁ + b₂: how much "
    "does z₂ grow for each unit of W₂? For each unit of b₂?"
)


def check(answers: Answers) -> Verdict:
    net = network(answers)
    w2 = factors(net, "W2", W2_FACTORS)
    b2 = factors(net, "b2", B2_FACTORS)
    items = [*w2, b2[0]]  # ∂a₂/∂z₂ and ∂C₀/∂a₂ are shared
    products = [
        Product("dC0_dW2", "∂C₀/∂W₂", W2_FACTORS),
        Product("dC0_db2", "∂C₀/∂b₂", B2_FACTORS),
    ]
    return check_sheet(answers, items, "factors", products)
