"""Exercise 10: vanishing gradients, measured — the ratio of the gradient reaching the first
hidden layer to the one reaching the last, for σ and for ReLU, and which of them vanishes."""

from __future__ import annotations

import math
from collections.abc import Callable

from exercises.student import Answers
from exercises.verdict import Verdict, Wrong, numbers, passed
from nn import MLP, mse
from nn.datasets import moons

TITLE = "Vanishing gradients: the layer 1 / layer 10 ratio for σ and ReLU"
ANSWERS = ("gradient_ratio", "vanishes")
HINT = (
    "After C.backward(), every weight's w.grad holds ∂C/∂w. For a layer, collect the weights "
    "of all its neurons, [w for n in layer.neurons for w in n.w], and average their |w.grad|. "
    "The ratio is that mean for model.layers[0] (layer 1) over the one for model.layers[9] "
    "(layer 10). It vanishes when it is far below 1 (under 10⁻²): σ′ ≤ ¼ at every layer."
)
DEPTH, WIDTH, POINTS, SEED = 10, 8, 32, 0
ACTIVATIONS = ("sigmoid", "relu")
VANISHED = 1e-2  # a first layer learning a hundred times slower than the last
CHOICES = ("sigmoid", "relu", "both", "neither")
NAMES = {"sigmoid": "σ", "relu": "ReLU"}


def _mean_abs(values: list[float]) -> float:
    return sum(abs(v) for v in values) / len(values)


def measured(activation: str) -> dict[str, float]:
    """The exercise's network after backward(), and the ratio with its usual slips."""
    X, y = moons(POINTS, seed=SEED)
    model = MLP(2, [WIDTH] * DEPTH + [1], activation=activation, seed=SEED)
    C = mse([model(x) for x in X], y)  # type: ignore[misc]
    C.backward()

    def weights(k: int) -> list[float]:
        return [w.grad for n in model.layers[k].neurons for w in n.w]

    def data(k: int) -> list[float]:
        return [w.data for n in model.layers[k].neurons for w in n.w]

    def with_biases(k: int) -> list[float]:
        return weights(k) + [n.b.grad for n in model.layers[k].neurons]

    first, last = _mean_abs(weights(0)), _mean_abs(weights(DEPTH - 1))
    return {
        "right": first / last,
        "that is layer 10 over layer 1: the ratio is layer 1 over layer 10.": last / first,
        "that is the output layer's, model.layers[10]; layer 10 is the last hidden layer, "
        "model.layers[9].": first / _mean_abs(weights(DEPTH)),
        "the mean of ∂C/∂w without |…|: positive and negative gradients cancel; average "
        "|w.grad|.": (sum(weights(0)) / len(weights(0)))
        / (sum(weights(DEPTH - 1)) / len(weights(DEPTH - 1))),
        "that is the ratio of the weights |w| themselves; the gradient is w.grad.": _mean_abs(
            data(0)
        )
        / _mean_abs(data(DEPTH - 1)),
        "that includes the biases' gradients: the ratio is over the weights w.": _mean_abs(
            with_biases(0)
        )
        / _mean_abs(with_biases(DEPTH - 1)),
        "that is layer 2 over layer 10: layer 1 is model.layers[0].": _mean_abs(weights(1)) / last,
    }


def _check_ratio(ratio: Callable[[str], object], activation: str) -> float:
    values = measured(activation)
    want = values["right"]
    got = ratio(activation)
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        raise Wrong(f"your gradient_ratio({activation!r}) returned {got!r:.40}; return a number")
    if math.isclose(float(got), want, rel_tol=1e-6):
        return want
    mine, right = numbers(float(got), want)
    said = [
        m for m, v in values.items() if m != "right" and math.isclose(float(got), v, rel_tol=1e-6)
    ]
    raise Wrong(
        f"your gradient_ratio({activation!r}) = {mine}; mean |∂C/∂w| of layer 1 over that of "
        f"layer 10 is {right}",
        *(
            said[:1]
            or ["keep the given network and data; average |w.grad| over each layer's weights."]
        ),
    )


def check(answers: Answers) -> Verdict:
    ratio = answers.function("gradient_ratio")
    found = {a: _check_ratio(ratio, a) for a in ACTIVATIONS}
    vanished = [a for a in ACTIVATIONS if found[a] < VANISHED]
    want = vanished[0] if len(vanished) == 1 else ("both" if vanished else "neither")
    if "vanishes" in answers.blanks(["vanishes"]):
        return Verdict("not done", "gradient_ratio is right; still TODO: vanishes")
    said = answers.value("vanishes")
    shown = ", ".join(f"{NAMES[a]}: {numbers(found[a], math.nan)[0]}" for a in ACTIVATIONS)
    if said not in CHOICES:
        raise Wrong(f"vanishes should be one of {', '.join(map(repr, CHOICES))}, not {said!r:.40}")
    if said != want:
        raise Wrong(
            f"your ratios are right ({shown}), but vanishes = {said!r}: a gradient vanishes "
            f"when layer 1 gets less than 1/100 of what layer 10 gets, so it is {want!r}",
            "σ′(z) ≤ ¼ multiplies the gradient at every layer; ReLU′ is 1 wherever the unit is on.",
        )
    return passed(
        f"ratios {shown}: the {NAMES.get(want, want)} network's first layer learns "
        f"{1 / found[want]:,.0f} times slower than its tenth."
    )
