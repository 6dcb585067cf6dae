"""Exercise 2: the local derivatives σ′, tanh′ and ReLU′ as formulas, checked against the op
table's partials at every float z hypothesis tries — 0, the kinks, and large |z|."""

from __future__ import annotations

import math
from collections.abc import Callable

from hypothesis import strategies as st

from autograd import OPS, Value
from autograd.notation.names import formula
from exercises.checks.search import smallest_failure
from exercises.student import Answers, StudentError
from exercises.verdict import Verdict, numbers, passed

TITLE = "The local derivatives σ′, tanh′ and ReLU′, as formulas"
ANSWERS = ("sigmoid_prime", "tanh_prime", "relu_prime")
HINT = (
    "Differentiate σ(z) = 1/(1 + e⁻ᶻ) by the chain rule, then write the result with σ(z) "
    "itself: e⁻ᶻ/(1 + e⁻ᶻ)² is σ(z) times something simple. The same trick works for tanh. "
    "Written with σ and tanh, which stay within [0, 1] and [−1, 1], nothing overflows; e⁻ᶻ "
    "itself overflows for z < −709."
)

# Each answer's op in the table (its partial is the right number) and its name on the slide.
OP = {"sigmoid_prime": "sigmoid", "tanh_prime": "tanh", "relu_prime": "relu"}
PRIME = {"sigmoid_prime": "σ′", "tanh_prime": "tanh′", "relu_prime": "ReLU′"}
# The derivative agrees with the table to this precision (tanh′ = 1 − tanh² cancels digits).
REL, ABS = 1e-6, 1e-12


def _right(answer: str, z: float) -> float:
    op = OPS[OP[answer]]
    return float(op.partials(z, op.forward(z))[0])


def _slips(answer: str, z: float) -> list[tuple[float, str]]:
    """(a wrong value at z, what it is) for the usual slips."""
    s, t, r = Value(z).sigmoid().data, Value(z).tanh().data, Value(z).relu().data
    if answer == "sigmoid_prime":
        return [
            (s, "that is σ(z) itself: the function, not its derivative."),
            (1.0 - s, "that is 1 − σ(z): the factor σ(z) is missing."),
            (s * (1.0 + s), "σ′(z) = σ(z)·(1 − σ(z)): a minus, not a plus."),
            (s * s, "σ′(z) = σ(z)·(1 − σ(z)), not σ(z)²."),
            (s * (1.0 - z), "σ′(z) = σ(z)·(1 − σ(z)): 1 − σ(z), not 1 − z."),
        ]
    if answer == "tanh_prime":
        return [
            (t, "that is tanh(z) itself: the function, not its derivative."),
            (1.0 - t, "the square is missing: 1 − tanh²(z)."),
            (1.0 + t * t, "tanh′(z) = 1 − tanh²(z): a minus, not a plus."),
            (1.0 - z * z, "that is 1 − z²: square tanh(z), not z."),
        ]
    return [
        (
            1.0 if z == 0 else _right(answer, z),  # right everywhere but at the kink
            "the lecture's ReLU′ is 0 for z ≤ 0, so ReLU′(0) = 0.",
        ),
        (r, "that is ReLU(z) itself: the function, not its derivative."),
        (1.0 - _right(answer, z), "0 for z ≤ 0, 1 for z > 0: you have them the other way round."),
    ]


def _number(answer: str, fn: Callable[[float], object], z: float) -> float:
    out = fn(z)
    if isinstance(out, Value):
        raise StudentError(f"your {answer}({z!r}) returned a Value; return a float (its .data)")
    if isinstance(out, bool) or not isinstance(out, (int, float)):
        what = "None: did you forget `return`?" if out is None else type(out).__name__
        raise StudentError(f"your {answer}({z!r}) returned {what}; return a number")
    return float(out)


def _differs(answer: str, fn: Callable[[float], object], z: float) -> bool:
    got = _number(answer, fn, z)
    return not math.isclose(got, _right(answer, z), rel_tol=REL, abs_tol=ABS)


def _feedback(answer: str, fn: Callable[[float], object], z: float) -> tuple[str, list[str]]:
    """What is wrong at the counterexample z: the student's number, the right one and its
    formula (from the op table), and what the wrong number probably is."""
    want = _right(answer, z)
    try:
        got = _number(answer, fn, z)
    except StudentError as e:
        extra = []
        if "OverflowError" in " ".join(e.details) and answer != "relu_prime":
            base = "σ" if answer == "sigmoid_prime" else "tanh"
            extra = [f"write {PRIME[answer]} from {base}(z), which is given and never overflows."]
        return e.summary, [*e.details, *extra]
    shown = formula(OPS[OP[answer]], 0, ["z"])
    gave, right = numbers(got, want)
    head = (
        f"at z = {numbers(z, math.nan)[0]} your {PRIME[answer]}(z) = {gave}; the chain rule "
        f"needs {PRIME[answer]}(z) = {shown} = {right}"
    )
    # A slip is named only if the student's function is that slip wherever it is defined among
    # a few more z: at z = 0, σ(z)·(1 − z) equals σ(z) itself, and is not that slip.
    slips = [
        m
        for k, (_, m) in enumerate(_slips(answer, z))
        if _matches(answer, fn, z, k, strict=True)
        and all(_matches(answer, fn, p, k) for p in PROBES)
    ]
    return head, slips[:1]


# Besides the counterexample, where a slip must match too: ordinary z, either sign.
PROBES = (0.5, -1.5, 2.0)


def _matches(
    answer: str, fn: Callable[[float], object], z: float, k: int, strict: bool = False
) -> bool:
    """The student's function is slip k at z (true where slip k has no value at z, unless
    ``strict``)."""
    v = _slips(answer, z)[k][0]
    if math.isnan(v):
        return not strict
    try:
        got = _number(answer, fn, z)
    except StudentError:
        return False
    return math.isclose(got, v, rel_tol=1e-9, abs_tol=1e-15)


def check(answers: Answers) -> Verdict:
    todo = answers.blanks(ANSWERS)
    problems: list[tuple[str, list[str]]] = []
    right = []
    floats = st.floats(allow_nan=False, allow_infinity=False)
    for answer in ANSWERS:
        if answer in todo:
            continue
        fn = answers.function(answer)
        z = smallest_failure(floats, lambda z, a=answer, f=fn: _differs(a, f, z))
        if z is None:
            right.append(PRIME[answer])
        else:
            problems.append(_feedback(answer, fn, z))
    if todo and not problems:
        lines = [line for line in todo.values() if line]
        still = f"still TODO: {', '.join(todo)}" + (f" (line {min(lines)})" if lines else "")
        done = f"{' and '.join(right)} {'are' if len(right) > 1 else 'is'} right; " if right else ""
        return Verdict("not done", done + still)
    if problems:
        head, details = problems[0]
        more = [line for h, d in problems[1:] for line in (h, *d)]
        ok = f" ({' and '.join(right)} {'are' if len(right) > 1 else 'is'} right)" if right else ""
        return Verdict("wrong", head + ok, (*details, *more))
    return passed(
        "σ′, tanh′ and ReLU′ equal the op table's local derivatives at every z tried.",
        "(300 floats each from −1.8·10³⁰⁸ to 1.8·10³⁰⁸, 0 and large |z| among them)",
    )
