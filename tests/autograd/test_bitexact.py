"""Speed-ups must not change a single bit: the parameters after 5 SGD steps of micrograd's demo
step (and of the same step written with nn's losses and optimiser) equal a fixture recorded from
the engine *before* any fast path was added (commit abb38bd), compared as exact float.hex text.

Re-record only when a change of results is intended and explained:
``python -m tests.autograd.test_bitexact --record``. The record is the same on every Python:
the ``sum``/``mean`` ops add left to right (``ieee.left_sum``), not with the built-in ``sum()``,
which is compensated for floats from Python 3.12 on.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from autograd import Value, backward_steps, weighted_sum
from nn import MLP, SGD, Neuron, hinge, l2
from nn.datasets import moons

FIXTURE = Path(__file__).with_name("data") / "sgd5_fixture.json"
STEPS = 5


def _micrograd_demo_step(model: MLP, skip_zeros: bool) -> Callable[[int], float]:
    # micrograd's demo.ipynb step on 100 moons points: hinge + L2, full batch, Python sum().
    X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")

    def step(k: int) -> float:
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(Y, scores)]  # type: ignore[operator]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward(skip_zeros=skip_zeros)
        lr = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= lr * p.grad
        return total_loss.data

    return step


def _nn_step(model: MLP, skip_zeros: bool) -> Callable[[int], float]:
    X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
    opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)

    def step(k: int) -> float:
        scores = [model(x) for x in X]
        cost = hinge(scores, Y) + l2(model.parameters(), 1e-4)  # type: ignore[arg-type]
        opt.zero_grad()
        cost.backward(skip_zeros=skip_zeros)
        opt.step()
        return cost.data

    return step


def run(kind: str, skip_zeros: bool = False) -> dict[str, list[str]]:
    """Losses and final parameters (and their last gradients) as float.hex strings."""
    random.seed(1337)
    model = MLP(2, [16, 16, 1], seed=1337)
    step = (_micrograd_demo_step if kind == "micrograd_demo" else _nn_step)(model, skip_zeros)
    losses = [step(k) for k in range(STEPS)]
    params = model.parameters()
    return {
        "loss": [x.hex() for x in losses],
        "data": [p.data.hex() for p in params],
        "grad": [p.grad.hex() for p in params],
    }


KINDS = ("micrograd_demo", "nn_api")


@pytest.mark.parametrize("skip_zeros", [False, True])
def test_five_sgd_steps_are_bit_identical_to_the_recorded_engine(skip_zeros: bool) -> None:
    # skip_zeros=True skips the nodes whose upstream gradient is exactly 0 (63 % of this
    # step's nodes sit behind a ReLU that is off): still identical, every local is finite here.
    expected = json.loads(FIXTURE.read_text())
    for kind in KINDS:
        got = run(kind, skip_zeros)
        for key in ("loss", "data", "grad"):
            assert got[key] == expected[kind][key], f"{kind}: {key} differs from the fixture"


def test_the_fixture_is_not_trivial() -> None:
    # The parameters moved and the losses differ: a fixture of zeros would prove nothing.
    expected = json.loads(FIXTURE.read_text())
    for kind in KINDS:
        assert len(expected[kind]["data"]) == 337
        assert len(set(expected[kind]["loss"])) == STEPS
        assert any(float.fromhex(g) != 0.0 for g in expected[kind]["grad"])


def _plain_backward(root: Value) -> None:
    # The unoptimised walk: backward_steps() runs backward_step at every node, skips nothing and
    # leaves the collector alone.
    for _ in backward_steps(root):
        pass


def test_fast_paths_equal_the_plain_engine_bit_for_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same 5 steps with the fast paths (checked wsum forward, zero-upstream skip, collector
    # pause) and without them. Unlike the fixture, this survives an intended change of the
    # table's rules (the numerics of an op), since both sides run the same table.
    fast = run("micrograd_demo")
    monkeypatch.setattr(Value, "backward", lambda self, gradient=1.0, **kw: _plain_backward(self))
    monkeypatch.setattr(Neuron, "forward", _generic_neuron_forward)
    plain = run("micrograd_demo")
    assert plain == fast


def _generic_neuron_forward(self: Neuron, inputs: Sequence[Value]) -> Value:
    z = weighted_sum(self.w, inputs, self.b)  # the checked, general path
    z.label = self.z_label
    if self.phi is None:
        return z
    a = self.phi(z)
    a.label = self.a_label
    return a


if __name__ == "__main__" and "--record" in sys.argv:
    FIXTURE.write_text(json.dumps({kind: run(kind) for kind in KINDS}, indent=1) + "\n")
    print(f"recorded {FIXTURE}")
