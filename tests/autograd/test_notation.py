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
        (1234.5, "1234"),  # not 1.23e+03 (half to even)
        (-9876.54, "−9877"),
        (999.5, "1000"),
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


@pytest.mark.parametrize(
    ("x", "text"),
    [(0.030004, "0.0300"), (0.0295, "0.0295"), (1.5004, "1.50"), (120.0, "120"),
     (-0.50001, "−0.500"), (3.00001e-5, "3.00e−5"), (0.125, "0.125"), (999.5, "1000"),
     (123.4, "123")],
)  # fmt: skip
def test_number_with_zeros_keeps_every_significant_digit(x: float, text: str) -> None:
    # a column of timings (rounded, never exact): 0.0300 under 0.0295, never 0.03
    assert number(x, zeros=True) == text


def test_an_operand_keeps_its_trailing_zeros_and_the_digits_it_needs() -> None:
    """−0.2902 as an operand is −0.290 (a student reads −0.29 as exact), an exact 0.5, −1.2 or
    3.1e−5 stays as it is; where 3 digits do not re-derive the printed result, more are shown."""
    from autograd.notation.numbers import operand_digits

    assert number(-0.2902201741254636, zeros=True) == "−0.290"
    assert number(-0.2902201741254636) == "−0.29"
    assert [number(x, zeros=True) for x in (0.5, -1.2, 3.1e-5, 1.0)] == [
        "0.5",
        "−1.2",
        "3.1e−5",
        "1",
    ]
    assert number(3.1001e-5, zeros=True) == "3.10e−5" and number(100.5, zeros=True) == "100"
    a1, dz2 = 0.6224593312018546, -0.2902201741254636
    assert operand_digits([a1, dz2], math.prod, a1 * dz2) == 4  # 0.622 × (−0.290) = −0.180
    assert operand_digits([0.238, -1.22], math.prod, 0.238 * -1.22) == 3


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


def _tables_into_superscripts() -> list[str]:
    """Every module of autograd/ and demos/ that builds a translation table into superscript
    digits (``str.maketrans(…, "⁰¹²…")``)."""
    import ast
    from pathlib import Path

    root = Path(__file__).parents[2]
    found = []
    for path in sorted([*(root / "autograd").rglob("*.py"), *(root / "demos").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "maketrans"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and "⁰" in str(node.args[1].value)
            ):
                found.append(path.relative_to(root).as_posix())
    return found


def test_superscripts_are_written_by_one_table() -> None:
    """x², a count's 10⁴⁵¹⁵ and a label's layer w⁽¹²⁾ all come from notation.numbers'
    SUPERSCRIPT, so a minus sign there is "⁻" in every one of them."""
    from autograd.notation.labels import sup
    from autograd.notation.names import node_name
    from autograd.notation.numbers import SUPERSCRIPT
    from autograd.show.paths import format_count

    assert _tables_into_superscripts() == ["autograd/notation/numbers.py"]
    assert sup("(−12)") == "(−12)".translate(SUPERSCRIPT) == "⁽⁻¹²⁾"
    assert format_count(2**15000).endswith("10⁴⁵¹⁵")
    assert node_name(Value(0.5, label="w") ** 2) == "(w²)"


def test_demos_write_the_minus_sign_as_the_notation_does() -> None:
    from autograd.notation.numbers import minus, number
    from demos.context import signed

    assert f"{signed(-0.04092):+.4f}" == minus("-0.0409") == "−0.0409"
    assert f"{signed(2.3e-6):.1e}" == minus("2.3e-06") == "2.3e−06"
    assert number(-2.3e-6) == "−2.3e−6"
