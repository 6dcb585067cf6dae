"""Exercise 11: a property-based test written by the student — hypothesis draws x, the test
checks tanh's derivative at x. The checker runs it against the engine's tanh (it must pass)
and against deliberately wrong derivatives of tanh (it must fail on each), and says which bugs
it missed, and what about the test let each one through."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import re
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import settings
from hypothesis.errors import HypothesisException

from autograd import OPS, Value, apply
from autograd.notation.numbers import number
from exercises.student import Answers, StudentError, stopped
from exercises.verdict import Verdict, Wrong, count, passed
from nn.activations import ACTIVATIONS

TITLE = "A property-based test for tanh's derivative"
ANSWERS = ("test_tanh_derivative",)
HINT = (
    "Draw x from a range wide enough to meet every bug: negative and positive x, and large "
    "|x|, where tanh saturates. At x: v = Value(x), v.tanh().backward(), then compare v.grad "
    "with the derivative measured from tanh itself, (tanh(x + ε) − tanh(x − ε))/2ε, within a "
    "tolerance finite differences meet (math.isclose with rel_tol and abs_tol). A test must "
    "be able to fail: it needs an assert."
)


@dataclasses.dataclass(frozen=True)
class Bug:
    """A wrong local derivative of tanh, and what a test that misses it does not look at."""

    what: str
    partial: Callable[[Any, Any], Any]
    missed_because: str


BUGS = [
    Bug("1 − tanh(x), the square forgotten", lambda x, out: 1 - out,
        "does your test compare the gradient with anything?"),
    Bug("−(1 − tanh²(x)), the sign flipped", lambda x, out: -(1 - out * out),
        "a flipped sign is as far off as it gets: is there an assert?"),
    Bug("1 − x², the input squared instead of tanh(x)", lambda x, out: 1 - x * x,
        "near 0, 1 − x² ≈ 1 − tanh²(x): try x further from 0, or a tighter tolerance."),
    Bug("1 − tanh(x)·|tanh(x)|: wrong only for x < 0", lambda x, out: 1 - out * abs(out),
        "it is right for every x ≥ 0: does your test try negative x?"),
    Bug("(1 − tanh²(x))·1.01: 1 % too large", lambda x, out: (1 - out * out) * 1.01,
        "is your tolerance tighter than 1 %? Finite differences are good to about 10⁻⁸."),
    Bug("nan for |x| > 20 (a formula whose eˣ overflows): wrong only for large |x|",
        lambda x, out: (1 - out * out) if abs(x) <= 20 else math.nan,
        "it is right for |x| ≤ 20: does your test try large |x|, where tanh saturates? "
        "(every comparison with nan is False, so an assert that reaches it fails.)"),
]  # fmt: skip


@contextlib.contextmanager
def _tanh_with(partial: Callable[[Any, Any], Any] | None) -> Iterator[None]:
    """While inside, Value.tanh (and apply("tanh", …), and nn's "tanh" activation)
    differentiate with ``partial``; the forward value stays right, so only the derivative is
    wrong."""
    if partial is None:
        yield
        return
    right = OPS["tanh"]
    wrong = dataclasses.replace(right, partials=lambda x, out: (partial(x, out),), backward=None)
    method = Value.tanh

    def tanh(self: Value) -> Value:
        return apply(wrong, self)

    Value.tanh = tanh  # type: ignore[method-assign]
    OPS["tanh"] = wrong
    ACTIVATIONS["tanh"] = tanh
    try:
        yield
    finally:
        Value.tanh = method  # type: ignore[method-assign]
        OPS["tanh"] = right
        ACTIVATIONS["tanh"] = method


def _failure(exc: BaseException) -> str:
    """hypothesis's falsifying example, in one line: ``test_tanh_derivative(x=0.5)``."""
    notes = [n for n in getattr(exc, "__notes__", []) if "(" in n]
    if not notes:
        return ""
    text = " ".join(notes[0].split())
    for lead in ("Falsifying example: ", "Failing test case: "):
        text = text.replace(lead, "")
    return text.replace("( ", "(").replace(", )", ")")


def _why_right_fails(example: str) -> str:
    """Why a test fails on the right tanh, from hypothesis's example: x not a number, or a
    tolerance finite differences cannot meet where tanh′ is tiny."""
    found = re.search(r"=\s*([-+]?(?:nan|inf|[0-9.e+-]+))\s*[,)]", example)
    try:
        x = float(found.group(1)) if found else None
    except ValueError:
        x = None
    if x is not None and not math.isfinite(x):
        return (
            f"x = {x}: st.floats() draws nan and ±inf too, where tanh has no derivative to "
            "compare; draw finite x, e.g. st.floats(-50, 50) (or allow_nan=False, "
            "allow_infinity=False)."
        )
    advice = "is the tolerance wide enough for finite differences (rel_tol=1e-5, abs_tol=1e-8)?"
    if x is None:
        return "a test must pass on a right derivative: " + advice
    v = Value(x)
    v.tanh().backward()
    eps = 1e-6
    measured = (Value(x + eps).tanh().data - Value(x - eps).tanh().data) / (2 * eps)
    return (
        f"at x = {number(x)} backward() gives {number(v.grad)} and (tanh(x + ε) − tanh(x − ε))"
        f"/2ε with ε = 10⁻⁶ gives {number(measured)}: they differ by "
        f"{number(abs(v.grad - measured), 2)}, the rounding error of finite differences — " + advice
    )


def _run(
    test: Callable[[], None], partial: Callable[[Any, Any], Any] | None
) -> BaseException | None:
    """Run the student's test with tanh's derivative replaced by ``partial`` (None: the right
    one); the exception it failed with, or None if it passed."""
    with _tanh_with(partial):
        try:
            test()
        except Exception as exc:  # an AssertionError, or anything else: the test failed
            return exc
    return None


def check(answers: Answers) -> Verdict:
    test = answers.value("test_tanh_derivative")
    if not callable(test):
        raise Wrong("test_tanh_derivative should be a function")
    if not getattr(test, "is_hypothesis_test", False):
        raise Wrong(
            "test_tanh_derivative is not a property-based test yet: decorate it with "
            "@given(st.floats(…)), so that hypothesis draws the x it is tried at."
        )
    # The same examples on every run, no example database, no deadline for a slow first call
    # (read by hypothesis when the test runs; the student's own settings are kept otherwise).
    own = getattr(test, "_hypothesis_internal_use_settings", None) or settings()
    test._hypothesis_internal_use_settings = settings(  # type: ignore[attr-defined]
        own, derandomize=True, database=None, deadline=None, max_examples=min(own.max_examples, 500)
    )
    failed = _run(test, None)
    if failed is not None:
        example = _failure(failed)
        if isinstance(failed, HypothesisException):
            first = str(failed).strip().splitlines()[0]
            raise Wrong(f"hypothesis stopped your test on the engine's tanh: {first}")
        error = stopped(failed, answers.files, "it")
        at = f"at {example} " if example else ""
        raise StudentError(
            f"your test fails on the engine's own tanh, which is right: {at}{error.summary}",
            [*error.details, _why_right_fails(example)],
        )
    caught, missed = [], []
    for bug in BUGS:
        (caught if _run(test, bug.partial) is not None else missed).append(bug)
    if not caught:
        raise Wrong(
            f"your test passes on the engine's tanh — and on all {count(len(BUGS))} wrong "
            f"derivatives too: it checks nothing yet.",
            "A test must be able to fail: assert that the gradient backward() gives equals the "
            "derivative measured from tanh itself, (tanh(x + ε) − tanh(x − ε))/2ε.",
        )
    if missed:
        raise Wrong(
            f"your test passes on the engine's tanh and catches {count(len(caught))} of the "
            f"{count(len(BUGS))} wrong derivatives; it missed {count(len(missed))}:",
            *[f"{bug.what} — {bug.missed_because}" for bug in missed],
        )
    return passed(
        f"your test passes on the engine's tanh and fails on each of the {count(len(BUGS))} "
        "wrong derivatives:",
        *[bug.what for bug in BUGS],
    )
