"""Every display formula of the op table, evaluated from its text, equals the table's partials
at random points inside the op's domain — and the checker rejects a wrong formula."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from autograd import OPS
from autograd.notation.formulas import check_formulas, evaluate, parse
from autograd.ops import Domain, Op

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)


def _sample(rng: random.Random, d: Domain) -> float:
    while True:
        x = rng.uniform(d.lo, d.hi)
        if all(abs(x - k) > 1e-3 for k in d.kinks):
            return x


def points(op: Op, n: int = 60, seed: int = 0) -> list[tuple[list[float], float | None]]:
    """n random (inputs, c) points inside the op's domain, away from its kinks."""
    rng = random.Random(seed)
    arity = op.arity if op.arity is not None else op.example_arity
    out: list[tuple[list[float], float | None]] = []
    for _ in range(n):
        inputs = [_sample(rng, op.input_domain(k)) for k in range(arity)]
        c = _sample(rng, op.const_domain) if op.const else None
        out.append((inputs, c))
    return out


@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_every_display_formula_equals_its_partial(op: Op) -> None:
    assert check_formulas(op, points(op)) == []


@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_every_display_formula_parses(op: Op) -> None:
    arity = op.arity if op.arity is not None else op.example_arity
    for k in range(arity):
        parse(op.template(k, arity))


@pytest.mark.parametrize(
    ("name", "wrong"),
    [
        ("sigmoid", "σ({0})"),  # forgot the (1−σ) factor
        ("tanh", "1−tanh({0})"),  # forgot the square
        ("sqrt", "1/√{0}"),  # forgot the 2
        ("relu", "0 if {0}≤0 else 0"),  # wrong on the positive side
        ("leaky_relu", "1 if {0}>0 else 1"),  # forgot the slope c
        ("rpow_c", "{c}^{0}"),  # forgot ln c
    ],
)
def test_the_checker_rejects_a_wrong_formula(name: str, wrong: str) -> None:
    bad = dataclasses.replace(OPS[name], formulas=(wrong,))
    problems = check_formulas(bad, points(bad))
    assert problems and name in problems[0] and wrong in problems[0]


def test_the_checker_rejects_a_wrong_nary_formula() -> None:
    bad = dataclasses.replace(OPS["mean"], formula_for=lambda k, n: "1")  # forgot the 1/n
    assert check_formulas(bad, points(bad))


def test_the_grammar_refuses_what_it_does_not_know() -> None:
    for text in ["__import__('os')", "ln {0}", "1 +", "foo({0})", "{0} ** 2; x"]:
        with pytest.raises(ValueError):
            parse(text)


def test_evaluate_reads_the_lecture_notation() -> None:
    env = {"0": 0.3, "c": 2.0, "out": 0.0}
    assert evaluate(parse("1−tanh²({0})"), env) == pytest.approx(1 - 0.2913126124515909**2)
    assert evaluate(parse("e^{0}"), env) == pytest.approx(1.3498588075760032)
    assert evaluate(parse("1/(2·√{0})"), env) == pytest.approx(0.9128709291752769)
    assert evaluate(parse("1 if {0}>0 else {c}"), {"0": -1.0, "c": 0.5}) == 0.5


# The README's "Adding an op" example, one table entry (test_compile registers it too).
README_SIN = Op(
    name="sin",
    symbol="sin({0})",
    arity=1,
    forward=math.sin,
    partials=lambda x, out: (math.cos(x),),
    formulas=("cos({0})",),
    domain=(Domain(-3, 3),),
)


def test_the_readmes_new_op_is_checked_too() -> None:
    # README "Adding an op": sin with the formula cos({0}) passes; a sign slip is caught.
    sin = README_SIN
    assert check_formulas(sin, points(sin)) == []
    assert check_formulas(dataclasses.replace(sin, formulas=("−cos({0})",)), points(sin))


def _special_points(op: Op) -> list[tuple[list[float], float | None]]:
    """The points where a drawing's formula simplifies (x⁰, x¹, 1·x, (−1)·x): every input and
    the constant c set, one at a time, to 0, 1, −1 or 2 where the domain allows."""

    def allowed(d: Domain, x: float) -> bool:
        return d.lo <= x <= d.hi and all(abs(x - k) > 1e-3 for k in d.kinks)

    out = []
    for inputs, c in points(op, n=4, seed=2):
        for x in (0.0, 1.0, -1.0, 2.0):
            for k in range(len(inputs)):
                if allowed(op.input_domain(k), x):
                    out.append(([*inputs[:k], x, *inputs[k + 1 :]], c))
            if c is not None and allowed(op.const_domain, x):
                out.append((inputs, x))
    return out


@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_simplified_formulas_equal_their_partials_where_they_simplify(op: Op) -> None:
    special = _special_points(op)
    assert check_formulas(op, special) == []


def test_simplify_drops_what_a_slide_would_not_write() -> None:
    from autograd.notation.formulas import simplify

    assert simplify("{c}·{0}^{cm1}", {"c": 1.0, "cm1": 0.0}) == "{c}"  # 1·x⁰ is 1
    assert simplify("{c}·{0}^{cm1}", {"c": 2.0, "cm1": 1.0}) == "{c}·{0}"  # x¹ is x
    assert simplify("{c}·{0}^{cm1}", {"c": 0.5, "cm1": -0.5}) == "{c}·{0}^{cm1}"  # unchanged
    assert simplify("{1}", {"1": 1.0}) == "1"  # ∂(x·s)/∂x = s, a seed s = ∂C₀/∂C₀ = 1
    assert simplify("{1}·{0}^({1}−1)", {"1": 1.0}) == "1"
    assert simplify("−{0}/{1}²", {"1": 1.0}) == "−{0}"
    assert simplify("{1}", {"1": -1.0}) == "−1"
    assert simplify("σ({0})·(1−σ({0}))", {}) == "σ({0})·(1−σ({0}))"  # untouched text


def test_the_checker_rejects_a_wrong_simplification(monkeypatch: pytest.MonkeyPatch) -> None:
    from autograd.notation import formulas

    right = formulas._simplified

    def wrong(n: formulas.Node, known: dict[str, float]) -> formulas.Node:
        if n.kind == "pow" and formulas._known(n.args[1], known) == 0.0:
            return formulas.Node("num", value=0.0)  # x⁰ = 0: a slip
        return right(n, known)

    monkeypatch.setattr(formulas, "_simplified", wrong)
    problems = check_formulas(OPS["pow_c"], _special_points(OPS["pow_c"]))
    assert problems and "pow_c" in problems[0]


def _parses(text: str) -> bool:
    try:
        parse(text)
    except ValueError:
        return False
    return True


# Symbols such as "ln {0}" or "ReLU({0})" are text outside the grammar: never simplified.
FORMULA_SYMBOLS = [op for op in ALL_OPS if op.describe_with is None and _parses(op.symbol)]


def test_most_symbols_are_formulas() -> None:
    assert {"mul", "mul_c", "pow_c", "add", "sigmoid"} <= {op.name for op in FORMULA_SYMBOLS}


@pytest.mark.parametrize("op", FORMULA_SYMBOLS, ids=[op.name for op in FORMULA_SYMBOLS])
def test_simplified_symbols_still_compute_the_forward(op: Op) -> None:
    """A node's heading is simplified too (∂C₀/∂a₂ = 2·(a₂ − y), not …·∂C₀/∂C₀): where the op's
    symbol is in the grammar, its simplified text computes what the op computes."""
    from autograd.notation.formulas import simplify

    for inputs, c in _special_points(op):
        env = {str(k): x for k, x in enumerate(inputs)}
        if c is not None:
            env.update(c=c, cm1=c - 1.0)
        args = inputs + ([] if c is None else [c])
        got = evaluate(parse(simplify(op.symbol, env)), env)
        assert got == pytest.approx(op.forward(*args), rel=1e-12, abs=1e-14), (op.name, env)


@pytest.mark.parametrize("x", [0.5, -1.0, 2.0, 1e-05, -3.2e-300, 1e300, 0.1])
def test_a_shown_number_reads_back_as_the_same_float(x: float) -> None:
    from autograd.notation.formulas import Node, show

    assert evaluate(parse(show(Node("num", value=x))), {}) == x
