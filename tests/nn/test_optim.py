"""Each optimiser's step against hand arithmetic."""

from __future__ import annotations

import math

import pytest

from autograd import Value
from nn import MLP, SGD, Adam, Optimizer


def test_sgd_is_the_slides_update() -> None:
    w = Value(1.0)
    w.grad = 0.5
    SGD([w], lr=0.1).step()
    assert w.data == pytest.approx(1.0 - 0.1 * 0.5)


def test_sgd_momentum_by_hand() -> None:
    w = Value(1.0)
    opt = SGD([w], lr=0.1, momentum=0.9)
    w.grad = 1.0
    opt.step()  # v = 1
    assert w.data == pytest.approx(0.9)
    w.grad = 0.5
    opt.step()  # v = 0.9·1 + 0.5 = 1.4
    assert w.data == pytest.approx(0.9 - 0.14)


def test_adam_by_hand() -> None:
    w = Value(1.0)
    opt = Adam([w], lr=0.1)
    w.grad = 2.0
    opt.step()
    # m = 0.2, v = 0.004; m̂ = 2, v̂ = 4 → step = 0.1·2/(2 + 1e-8)
    assert w.data == pytest.approx(1.0 - 0.1 * 2.0 / (2.0 + 1e-8))
    w.grad = -1.0
    opt.step()
    m = 0.9 * 0.2 + 0.1 * -1.0
    v = 0.999 * 0.004 + 0.001 * 1.0
    mh, vh = m / (1 - 0.9**2), v / (1 - 0.999**2)
    assert w.data == pytest.approx(1.0 - 0.1 - 0.1 * mh / (math.sqrt(vh) + 1e-8), rel=1e-6)


def test_schedule_sets_lr_each_step_and_zero_grad() -> None:
    w = Value(0.0)
    opt = SGD([w], lr=123.0, schedule=lambda k: 1.0 - 0.9 * k / 100)
    for _ in range(3):
        w.grad = 1.0
        opt.step()
    assert opt.lr == pytest.approx(1.0 - 0.9 * 2 / 100)
    assert w.data == pytest.approx(-(1.0 + 0.991 + 0.982))
    opt.zero_grad()
    assert w.grad == 0.0


def test_optimiser_validation() -> None:
    with pytest.raises(ValueError, match="no parameters"):
        SGD([], lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        SGD([Value(1.0)], lr=-1.0)
    with pytest.raises(ValueError, match="momentum"):
        SGD([Value(1.0)], lr=0.1, momentum=1.5)
    with pytest.raises(TypeError):
        SGD([1.0], lr=0.1)  # type: ignore[list-item]


@pytest.mark.parametrize("make", [SGD, Adam])
def test_every_optimiser_takes_a_model_as_its_parameters(make: type[Optimizer]) -> None:
    # SGD(model, lr=0.1) used to stop with "'MLP' object is not iterable"
    model = MLP(2, [3, 1], seed=0)
    opt = make(model, lr=0.1)
    assert opt.params == model.parameters()  # the same Values, in the same order
    C = model([0.5, -1.0])
    assert isinstance(C, Value)
    C.backward()
    before = [p.data for p in model.parameters()]
    opt.step()
    assert [p.data for p in model.parameters()] != before  # it updates the model's own weights
    opt.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


def test_an_optimiser_given_something_else_says_what_to_pass() -> None:
    with pytest.raises(TypeError, match=r"pass model\.parameters\(\) \(or the model itself\)"):
        SGD(3, lr=0.1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not one Value: SGD\(\[w\], lr=0\.1\)"):
        SGD(Value(1.0), lr=0.1)  # type: ignore[arg-type]


def test_the_readme_names_what_has_zero_grad() -> None:
    # "call zero_grad()" on what? The README says, and it stays true.
    from pathlib import Path

    from nn import Module

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    text = " ".join(readme.split())
    assert "`opt.zero_grad()` (every optimiser) or `model.zero_grad()` (every `Module`)" in text
    assert "a `Value` has none, set `v.grad = 0.0`" in text
    assert callable(Optimizer.zero_grad) and callable(Module.zero_grad)
    assert not hasattr(Value, "zero_grad")
