"""Exercise 9: one step of gradient descent, W ← W − η·∂C/∂W (checked on the lecture's network,
parameter by parameter), then a training loop of the student's own that classifies ≥ 95 % of
the two-moons points right — watched while it runs, so that a loop that forgets to reset the
gradients, or never calls backward() or update(), is told so."""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

from autograd import Value
from autograd.notation.numbers import factor, number
from exercises.student import Answers
from exercises.verdict import Verdict, Wrong, numbers, passed
from nn import MLP
from nn.datasets import moons
from nn.lecture import lecture_network

TITLE = "Gradient descent: W ← W − η·∂C/∂W, then training on two moons"
ANSWERS = ("update", "train")
HINT = (
    "update: for each parameter p, p.data = p.data − eta·p.grad (the number, .data, is what "
    "changes). train: repeat for some epochs — scores = [model(x) for x in X], C = hinge(scores, "
    "y), set every p.grad = 0.0 (model.zero_grad()), C.backward(), update(model.parameters(), "
    "eta). With η = 0.5, 50 epochs reach 99 % in under a second."
)
ETA = 0.5
TARGET = 0.95
N_POINTS, SEED = 100, 0


def _check_update(answers: Answers) -> None:
    update = answers.function("update")
    net = lecture_network()
    net.C0.backward()
    params = {"W₁": net.W1, "b₁": net.b1, "W₂": net.W2, "b₂": net.b2}
    before = {name: (p.data, p.grad) for name, p in params.items()}
    C_before = net.C0.data
    update(list(params.values()), ETA)
    for name, p in params.items():
        w, g = before[name]
        want = w - ETA * g
        if math.isclose(p.data, want, rel_tol=1e-12, abs_tol=1e-15):
            continue
        mine, right = numbers(p.data, want)
        head = (
            f"after your update(params, η = {number(ETA)}) on the lecture's network, {name} = "
            f"{mine}; {name} − η·∂C₀/∂{name} = {number(w)} − {number(ETA)}·{factor(g)} = {right}"
        )
        slips = [
            (w, f"{name}.data did not change: assign the new number to p.data (p = p − … only "
                f"renames p inside your function)."),
            (w + ETA * g, "gradient descent goes against the gradient: W − η·∂C/∂W, not +."),
            (w - g, "the learning rate η is missing: W − η·∂C/∂W."),
            (w - ETA * ETA * g, "η is applied twice."),
        ]  # fmt: skip
        said = [m for v, m in slips if math.isclose(p.data, v, rel_tol=1e-12, abs_tol=1e-15)]
        raise Wrong(head, *said[:1])
    net2 = lecture_network(**{k: v.data for k, v in zip(("W1", "b1", "W2", "b2"), params.values())})
    if not net2.C0.data < C_before:
        after = number(net2.C0.data)
        raise Wrong(f"the cost did not fall: C₀ was {number(C_before)}, after your update {after}")


@dataclass
class _Watch:
    """What the student's loop did: backward() calls, and how many found stale gradients."""

    backwards: int = 0
    stale: int = 0


@contextlib.contextmanager
def _watched(model: MLP) -> Iterator[_Watch]:
    watch = _Watch()
    original = Value.backward
    params = model.parameters()

    def counted(self: Value, *args: object, **kwargs: object) -> None:
        watch.backwards += 1
        if watch.backwards > 1 and any(p.grad != 0.0 for p in params):
            watch.stale += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    Value.backward = counted  # type: ignore[method-assign]
    try:
        yield watch
    finally:
        Value.backward = original  # type: ignore[method-assign]


def accuracy(model: MLP, X: list[list[float]], y: list[int]) -> float:
    """The share of points whose score s = model(x) has the label's sign (s > 0 ↔ y = +1)."""
    right = sum((model(x).data > 0.0) == (t > 0) for x, t in zip(X, y))  # type: ignore[union-attr]
    return right / len(y)


def _check_train(answers: Answers) -> tuple[float, list[str]]:
    train = answers.function("train")
    X, y = moons(N_POINTS, labels="pm1", seed=SEED)
    model = MLP(2, [16, 16, 1], seed=SEED)
    start = [p.data for p in model.parameters()]
    began = time.process_time()
    with _watched(model) as watch:
        train(model, X, y)
    took = time.process_time() - began
    got = accuracy(model, X, y)
    if got >= TARGET:
        Xt, yt = moons(200, labels="pm1", seed=SEED + 1)
        return got, [
            f"after your train(): {got:.0%} of the {N_POINTS} training points right "
            f"({watch.backwards} backward() calls, {took:.1f} s CPU);",
            f"on 200 points it never saw: {accuracy(model, Xt, yt):.0%}.",
        ]
    head = (
        f"after your train(), the network classifies {got:.0%} of the points right; the goal "
        f"is {TARGET:.0%}"
    )
    moved = any(p.data != s for p, s in zip(model.parameters(), start))
    if watch.backwards == 0:
        raise Wrong(head, "your train() never called backward(): no gradient, no descent.")
    if not moved:
        raise Wrong(
            head,
            "the weights never changed: call update(model.parameters(), eta) after each "
            "backward().",
        )
    if watch.stale:
        raise Wrong(
            head,
            f"{watch.stale} of your {watch.backwards} backward() calls found the gradients of the "
            "step before still in .grad: backward() adds to them — set every p.grad = 0.0 "
            "(model.zero_grad()) before each backward().",
        )
    raise Wrong(head, f"{watch.backwards} gradient steps: try more epochs, or another η (0.1 … 1).")


def check(answers: Answers) -> Verdict:
    _check_update(answers)
    if "train" in answers.blanks(["train"]):
        return Verdict("not done", "update() is right; still TODO: train")
    reached, lines = _check_train(answers)
    return passed(f"update() is right, and your training reaches {reached:.0%}.", *lines)
