"""Exercise 8: the gradient averaged over a data set, ∂C/∂W₁ = 1/n Σᵢ ∂Cᵢ/∂W₁, from one
backward() per sample on the lecture's network — with the slip every PyTorch user makes once
named when it shows: a leaf's .grad adds up over backward() calls."""

from __future__ import annotations

import itertools
import math
import numbers as numeric
from typing import Any

from autograd import Value, mean
from autograd.notation.numbers import factor, number
from exercises.student import Answers
from exercises.verdict import Verdict, Wrong, numbers, passed
from nn.lecture import lecture_network

TITLE = "The gradient averaged over the data set: ∂C/∂W = 1/n Σᵢ ∂Cᵢ/∂W"
ANSWERS = ("per_sample", "dC_dW1")
HINT = (
    "For each sample i: build its cost Cᵢ = cost(xᵢ, yᵢ), set W1.grad = 0.0, call "
    "Cᵢ.backward() and keep W1.grad — a leaf's .grad adds up over backward() calls (as in "
    "PyTorch), so without the reset it holds ∂C₀/∂W₁ + … + ∂Cᵢ/∂W₁. Then ∂C/∂W₁ is the mean: "
    "sum(per_sample) / len(per_sample)."
)
PRECISION = 1e-6  # computed by backward(), not by hand


def _real(x: Any) -> bool:
    return isinstance(x, numeric.Real) and not isinstance(x, bool)


def _given(answers: Answers) -> tuple[list[tuple[float, float]], dict[str, float]]:
    data = answers.namespace.get("data")
    if (
        not isinstance(data, list)
        or not data
        or not all(isinstance(p, tuple) and len(p) == 2 and all(_real(v) for v in p) for p in data)
    ):
        raise Wrong("keep the given data: a list of (xᵢ, yᵢ) pairs of numbers")
    weights = {}
    for name in ("W1", "b1", "W2", "b2"):
        v = answers.namespace.get(name)
        if not isinstance(v, Value):
            raise Wrong(f"keep the given {name}: a Value, the weight shared by every sample")
        weights[name] = v.data
    return [(float(x), float(y)) for x, y in data], weights


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=PRECISION, abs_tol=1e-12)


def check(answers: Answers) -> Verdict:
    data, weights = _given(answers)
    n = len(data)
    right = []
    for x, y in data:  # the engine's ∂Cᵢ/∂W₁, each on a network of its own
        net = lecture_network(x=x, y=y, **weights)
        net.C0.backward()
        right.append(net.W1.grad)
    want = sum(right) / n
    todo = answers.blanks(ANSWERS)
    if "per_sample" not in todo:
        got = answers.value("per_sample")
        if not isinstance(got, (list, tuple)) or len(got) != n or not all(_real(g) for g in got):
            raise Wrong(f"per_sample should be a list of {n} numbers, ∂Cᵢ/∂W₁ for each sample i")
        got = [float(g) for g in got]
        wrong = [i for i in range(n) if not _close(got[i], right[i])]
        if wrong:
            i = wrong[0]
            mine, theirs = numbers(got[i], right[i])
            x, y = data[i]
            head = (
                f"your ∂C{_sub(i)}/∂W₁ = {mine}; backward() gives {theirs} "
                f"(sample {i}: x = {number(x)}, y = {number(y)})"
            )
            summed = list(itertools.accumulate(right))
            if all(_close(a, b) for a, b in zip(got, summed)):
                raise Wrong(
                    head,
                    f"it is ∂C₀/∂W₁ + … + ∂C{_sub(i)}/∂W₁: W₁.grad adds up over backward() calls "
                    "(as in PyTorch) — set W1.grad = 0.0 before each sample's backward().",
                )
            right_ones = n - len(wrong)
            raise Wrong(head + (f"; {right_ones} of the {n} are right" if right_ones else ""))
    if "dC_dW1" in todo:
        return Verdict("not done", "per_sample is right; still TODO: dC_dW1")
    got_mean = answers.value("dC_dW1")
    if not _real(got_mean):
        raise Wrong(f"dC_dW1 should be a number, not {type(got_mean).__name__}")
    if not _close(float(got_mean), want):
        mine, theirs = numbers(float(got_mean), want)
        head = f"your ∂C/∂W₁ = {mine}; 1/n Σᵢ ∂Cᵢ/∂W₁ = {theirs}"
        if _close(float(got_mean), sum(right)):
            raise Wrong(
                head, "that is Σᵢ ∂Cᵢ/∂W₁: the average divides by n, the number of samples."
            )
        if _close(float(got_mean), sum(itertools.accumulate(right)) / n):
            raise Wrong(
                head,
                "your per-sample gradients added up: reset W1.grad = 0.0 before each backward().",
            )
        raise Wrong(head)
    if "per_sample" in todo:
        return Verdict("not done", "dC_dW1 is right; still TODO: per_sample")
    # The same number from one backward() through the cost's mean node (local derivative 1/n).
    for_all = [lecture_network(x=x, y=y, **weights) for x, y in data]
    shared = [net.W1 for net in for_all]
    C = mean([net.C0 for net in for_all])
    C.backward()
    through_mean = sum(w.grad for w in shared)
    terms = " + ".join(factor(g) for g in right)
    return passed(
        f"∂C/∂W₁ = 1/{n}·({terms}) = {number(want)}.",
        f"The same number comes from one backward() on C = 1/n Σᵢ Cᵢ: {number(through_mean)} "
        f"— the mean node's local derivative 1/n averages the samples' gradients for you.",
    )


def _sub(i: int) -> str:
    return str(i).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
