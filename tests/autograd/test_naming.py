"""Node names read as the slides write them: z = Σ w·a + b, brackets only where precedence needs
them — and the name still means the node's value (parsed back by the formula grammar)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from autograd import Value
from autograd.notation.formulas import evaluate, parse
from autograd.notation.names import definition, edge_formula, node_name

W, X, B = 0.5, 2.0, -0.25
Build = Callable[[Value, Value, Value], Value]

CASES: list[tuple[str, Build, str]] = [
    ("product in a sum", lambda w, x, b: w * x + b, "(w·x + b)"),
    ("product in a difference", lambda w, x, b: w * x - b * 2.0, "(w·x − 2·b)"),
    ("power in a sum", lambda w, x, b: w**2 + x, "(w² + x)"),
    ("product after 1 −", lambda w, x, b: 1.0 - w * x, "(1 − w·x)"),
    ("sum in a product", lambda w, x, b: (w + x) * b, "((w + x)·b)"),
    ("negated difference", lambda w, x, b: -(w - x), "(−(w − x))"),
    ("sum after a minus", lambda w, x, b: w - (x + b), "(w − (x + b))"),
    ("negation in a sum", lambda w, x, b: w + (-x), "(w + (−x))"),
    ("product in a quotient's divisor", lambda w, x, b: w / (x * b), "(w / (x·b))"),
    ("product squared", lambda w, x, b: (w * x) ** 2, "((w·x)²)"),
    ("sum in a call", lambda w, x, b: (w * x + b).sigmoid(), "(σ((…) + b))"),
    ("number in a sum", lambda w, x, b: w + -3.0, "(w + (−3))"),
]


def _leaves() -> tuple[Value, Value, Value]:
    return Value(W, label="w"), Value(X, label="x"), Value(B, label="b")


@pytest.mark.parametrize("build, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_brackets_only_where_precedence_needs_them(build: Build, expected: str) -> None:
    out = build(*_leaves())
    assert node_name(out) == expected
    if "…" not in expected:  # the name still computes the node's value
        text = expected.replace("w", "{0}").replace("x", "{1}").replace("b", "{2}")
        value = evaluate(parse(text), {"0": W, "1": X, "2": B})
        assert value == pytest.approx(out.data, rel=1e-12)


def test_the_lecture_neuron_reads_z_equals_w_x_plus_b() -> None:
    w, x, b = _leaves()
    z = w * x + b
    z.label = "z₁"
    a = z.sigmoid()
    assert definition(z) == "w·x + b"  # was (w·x) + b
    assert definition(a) == "σ(z₁)"
    pre = w * x + b
    assert definition(pre.sigmoid()) == "σ(w·x + b)"  # not σ((w·x + b))
    assert edge_formula(pre.sigmoid(), 0) == "σ(w·x + b)·(1−σ(w·x + b))"
    assert edge_formula(pre.exp(), 0) == "e^(w·x + b)"  # e^ has no brackets of its own
