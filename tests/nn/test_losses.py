"""Every loss through gradcheck, against hand values, and stable at extreme logits."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from autograd import Value
from autograd.checks.gradcheck import gradcheck
from nn import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy

Y_PM1 = [1.0, -1.0, 1.0]
Y_01 = [1.0, 0.0, 1.0]

SCALAR_LOSSES: list[tuple[str, Callable[..., Value], list[float]]] = [
    ("mse", mse, [0.5, -1.0, 2.0]),
    ("bce", binary_cross_entropy, Y_01),
    ("hinge", hinge, Y_PM1),
]


@pytest.mark.parametrize(("name", "loss", "y"), SCALAR_LOSSES, ids=[s[0] for s in SCALAR_LOSSES])
def test_scalar_losses_pass_gradcheck(
    name: str, loss: Callable[..., Value], y: list[float]
) -> None:
    assert gradcheck(lambda *s: loss(list(s), y), [0.3, -0.45, 1.7])


def test_softmax_cross_entropy_passes_gradcheck() -> None:
    def f(*s: Value) -> Value:
        return softmax_cross_entropy([list(s[0:3]), list(s[3:6])], [2, 0])

    assert gradcheck(f, [0.1, -0.3, 0.8, 2.0, 1.0, -1.0])


def test_l2_passes_gradcheck() -> None:
    assert gradcheck(lambda *p: l2(p, alpha=0.01), [0.5, -2.0, 3.0])


def test_hand_values_are_means_over_samples() -> None:
    s = [Value(0.5), Value(-2.0)]
    assert mse(s, [1.0, 0.0]).data == pytest.approx((0.25 + 4.0) / 2)
    assert hinge(s, [1.0, 1.0]).data == pytest.approx((0.5 + 3.0) / 2)
    bce = binary_cross_entropy(s, [1.0, 0.0]).data
    sig = [1 / (1 + math.exp(-0.5)), 1 / (1 + math.exp(2.0))]
    assert bce == pytest.approx((-math.log(sig[0]) - math.log(1 - sig[1])) / 2)
    ce = softmax_cross_entropy([[Value(1.0), Value(2.0), Value(3.0)]], [0]).data
    assert ce == pytest.approx(-math.log(math.exp(1) / (math.exp(1) + math.exp(2) + math.exp(3))))
    assert l2([Value(3.0), Value(4.0)], alpha=0.5).data == pytest.approx(12.5)


def test_gradient_is_averaged_over_the_data_set() -> None:
    """∂C/∂w = 1/n Σᵢ ∂Cᵢ/∂w, the lecture's average."""
    w = Value(0.7)
    xs, ys = [1.0, 2.0, -1.0, 0.5], [1.0, 0.0, 2.0, -1.0]
    per_sample = []
    for x, t in zip(xs, ys):
        w.grad = 0.0
        mse([w * x], [t]).backward()
        per_sample.append(w.grad)
    w.grad = 0.0
    mse([w * x for x in xs], ys).backward()
    assert w.grad == pytest.approx(sum(per_sample) / len(per_sample))


def test_losses_are_stable_at_extreme_logits() -> None:
    big = [Value(1000.0), Value(-1000.0)]
    bce = binary_cross_entropy(big, [0.0, 1.0])
    bce.backward()
    assert bce.data == pytest.approx(1000.0)
    assert [v.grad for v in big] == pytest.approx([0.5, -0.5])
    row = [Value(1000.0), Value(-1000.0), Value(999.0)]
    ce = softmax_cross_entropy([row], [2])
    ce.backward()
    assert ce.data == pytest.approx(1.0 + math.log1p(math.exp(-1.0)))
    assert all(math.isfinite(v.grad) for v in row)


def test_bad_input() -> None:
    with pytest.raises(ValueError, match="2 predictions but 1 targets"):
        mse([Value(1.0), Value(2.0)], [1.0])
    with pytest.raises(ValueError, match="no samples"):
        hinge([], [])
    with pytest.raises(ValueError, match="class 3"):
        softmax_cross_entropy([[Value(1.0), Value(2.0)]], [3])
