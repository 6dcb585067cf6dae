"""codegen_skip: which contributions are ±0 for a zero upstream given which values, and which
forward expressions vouch for their arguments' finiteness (the flat-hinge test's values)."""

from __future__ import annotations

import ast

import pytest

from autograd.codegen_skip import factor, strict_operands


def _e(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("__A0__", 0),  # an addition's: the upstream itself
        ("-__A0__", 0),
        ("2.0 * __A0__", 0),  # c·u with c finite
        ("(-0.5) * __A0__", 0),
        ("__A2__ * __A0__", 2),  # a weight's: the input × the upstream
        ("__A0__ * __A3__", 3),
        ("_inf * __A0__", None),  # ∞·0 = nan whatever the values
        ("(__A1__ + __A2__) * __A0__", None),  # a finite sum of finite values may overflow
        ("__A1__ * __A2__ * __A0__", None),
        ("0.0 if __A1__ <= 0.0 else __A0__", None),
        ("_t__T__[0]", None),
        ("__A1__ / __A0__", None),
    ],
)
def test_factor(text: str, want: int | None) -> None:
    assert factor(_e(text)) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("__A0__ + __A1__ * __A2__ + __A3__ * __A4__", (0, 1, 2, 3, 4)),  # a neuron's z
        ("__A0__ * __A0__", (0,)),
        ("-__A1__ + 1.0", (1,)),
        ("__A0__ - 2.5", (0,)),
        ("__A0__ / __A1__", None),  # x / ∞ = 0: finite from an infinite argument
        ("0.0 if __A0__ < 0.0 else __A0__", None),  # ReLU(−∞) = 0
        ("__A0__ + _inf", None),
        ("__A0__ ** 2.0", None),
        ("_exp(__A0__)", None),
    ],
)
def test_strict_operands(text: str, want: tuple[int, ...] | None) -> None:
    assert strict_operands(_e(text)) == want
