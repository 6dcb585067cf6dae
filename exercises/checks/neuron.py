"""Exercise 1: the artificial neuron, z = Σ w·a + b and a = φ(z), for given numbers."""

from __future__ import annotations

from autograd import Value, weighted_sum
from autograd.notation.numbers import factor, number
from exercises.checks.sheet import Item, check_sheet, given
from exercises.student import Answers
from exercises.verdict import Verdict, Wrong

TITLE = "The artificial neuron: z = Σ w·a + b, a = φ(z)"
ANSWERS = ("z", "a_sigmoid", "a_tanh", "a_relu")
HINT = (
    "z = w₁·a₁ + w₂·a₂ + w₃·a₃ + b: each input times its own weight, the products added, then "
    "the bias. Then put that z into each activation function: σ(z) = 1/(1 + e⁻ᶻ), tanh(z), "
    "ReLU(z) = max(z, 0)."
)


SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU"}


def check(answers: Answers) -> Verdict:
    a_in, w, (b,) = given(answers, "a_in"), given(answers, "w"), given(answers, "b")
    if len(a_in) != len(w):
        raise Wrong("keep the given a_in and w: one weight for each input")
    # The engine computes the right numbers: the neuron's weighted sum as one node, then φ.
    z = weighted_sum([Value(wk) for wk in w], a_in, Value(b))
    terms = " + ".join(f"{factor(wk)}·{factor(ak)}" for wk, ak in zip(w, a_in))
    without_b = z.data - b
    # If the student's z is off, their a may still be φ of *their* z: say so.
    theirs = answers.namespace.get("z")
    own = (
        float(theirs) if isinstance(theirs, (int, float)) and not isinstance(theirs, bool) else None
    )

    def own_z(phi: str) -> list[tuple[float, str]]:
        if own is None:
            return []
        a = getattr(Value(own), phi)().data
        return [(a, f"that is {SYMBOL[phi]}(z) of your z = {number(own)}: right once z is.")]

    items = [
        Item(
            "z",
            "z",
            z.data,
            f"Σₖ wₖ·aₖ + b = {terms} + {factor(b)}",
            [
                (without_b, "that is Σₖ wₖ·aₖ without the bias: add b."),
                (without_b - b, "the bias is added, z = Σₖ wₖ·aₖ + b, not subtracted."),
                (
                    without_b + len(w) * b,
                    "the bias is added once, after the sum, not once per input (is your + b "
                    "inside the loop?).",
                ),
                (sum(a_in) * sum(w) + b, "each input is multiplied by its own weight, then added."),
                (sum(a_in) + sum(w) + b, "multiply each input by its weight before adding."),
            ],
        ),
        Item(
            "a_sigmoid",
            "a = σ(z)",
            z.sigmoid().data,
            "1/(1 + e⁻ᶻ)",
            [
                *own_z("sigmoid"),
                (Value(-z.data).sigmoid().data, "σ(z) = 1/(1 + e⁻ᶻ): mind the minus in e⁻ᶻ."),
            ],
        ),
        Item("a_tanh", "a = tanh(z)", z.tanh().data, "(e²ᶻ − 1)/(e²ᶻ + 1)", own_z("tanh")),
        Item(
            "a_relu",
            "a = ReLU(z)",
            z.relu().data,
            "max(z, 0)",
            [
                *own_z("relu"),
                (z.data, "ReLU(z) = max(z, 0): for a negative z it is 0."),
            ],
        ),
    ]
    return check_sheet(answers, items, "numbers")
