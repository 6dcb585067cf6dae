"""The lecture's ∂-strings: numbers as a slide prints them, partials, products, gradients."""

from __future__ import annotations

import math

import pytest

from autograd import Value
from autograd.show.paths import path_graph
from autograd.show.text import edge_text, factor, grad_text, number, partial, product_text
from tests.autograd.lecture import lecture_network


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.5, "0.5"),
        (-1.2, "−1.2"),
        (0.04092169, "0.0409"),
        (-0.0, "0"),
        (3.1e-5, "3.1e−5"),
        (123456.7, "1.23e5"),
        (123456.0, "123456"),  # an integer exactly
        (1e-4, "1e−4"),
        (math.inf, "∞"),
        (-math.inf, "−∞"),
        (math.nan, "nan"),
    ],
)
def test_number(x: float, text: str) -> None:
    assert number(x) == text


def test_factor_wraps_negatives() -> None:
    assert factor(-1.22) == "(−1.22)" and factor(0.5) == "0.5"


def test_the_lecture_path_as_the_slide_writes_it() -> None:
    n = lecture_network()
    n.C0.backward()
    (path,) = path_graph(n.C0, n.W1, collapse=True).paths()
    assert [edge_text(e) for e in path.edges] == [
        "∂z₁/∂W₁ = x = 0.5",
        "∂a₁/∂z₁ = σ(z₁)·(1−σ(z₁)) = 0.235",
        "∂z₂/∂a₁ = W₂ = −1.2",
        "∂a₂/∂z₂ = σ(z₂)·(1−σ(z₂)) = 0.238",
        "∂C₀/∂a₂ = 2·(a₂ − y) = −1.22",
    ]
    text = product_text(path)
    assert text == "0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409"
    assert number(n.W1.grad) == text.rsplit(" = ", 1)[1]  # the product is W₁.grad
    assert grad_text(n.C0, n.z1, n.z1.grad) == "∂C₀/∂z₁ = 0.0818"
    assert partial(n.C0, n.a2) == path.edges[-1].symbol()  # the paths module's own name


def test_a_constant_partial_is_not_repeated() -> None:
    n = lecture_network()
    (path,) = path_graph(n.C0, n.b1, collapse=True).paths()
    assert edge_text(path.edges[0]) == "∂z₁/∂b₁ = 1"  # never "1 = 1"


def test_product_of_plain_numbers() -> None:
    assert product_text([2.0, -3.0]) == "2 × (−3) = −6"
    assert product_text([]) == "1"
    a = Value(2.0, label="a")
    assert product_text(path_graph(a * 3.0, a).paths()[0]) == "3 = 3"


def test_a_formula_outside_the_grammar_is_shown_as_written() -> None:
    """A new op whose display formula the simplifier cannot read still draws: as written."""
    from autograd import apply
    from autograd.notation.names import edge_formula
    from autograd.ops import Domain, Op

    op = Op(
        name="sin_prime_test",
        symbol="sin({0})",
        arity=1,
        forward=math.sin,
        partials=lambda x, out: (math.cos(x),),
        formulas=("sin′({0})",),  # ′ is not in autograd.notation.formulas' grammar
        domain=(Domain(-3, 3),),
    )
    y = apply(op, Value(0.5, label="x"))
    assert edge_formula(y, 0) == "sin′(x)"
