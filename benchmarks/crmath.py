"""The price of correct rounding: `autograd.numerics.crfast` (what the op table runs) and
`autograd.numerics.crmath` (its fallback, 130-bit integers) against the C library (``math``).

exp, ln, tanh, σ and softplus are correctly rounded here (README, "Semantics and numerics").
This measures what that costs, interleaved in one process, medians with min–max:
- CPU time per call, each function against its ``math`` counterpart (σ and softplus written out
  with ``math.exp``/``math.log1p``, as they would be without correct rounding), at inputs
  x ~ N(0, 3), and tanh also at the 3,200 inputs the compiled step below gives it;
- a whole eager training step of a tanh MLP(2, [16, 16, 1]) on 100 two-moons points (forward,
  mean squared error, backward), once with the tanh op's forward as it is and once with
  ``math.tanh`` swapped in for the duration of the step;
- the same step compiled (`autograd.compile`, ``mean`` over the points), with crfast's tanh (as
  shipped), crmath's (as before crfast) and ``math.tanh``: the share of the step that correct
  rounding takes is 1 − (step with math.tanh) / (step).
The ReLU step of the main benchmark uses none of these functions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import random
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

from autograd.numerics import crfast, crmath


def _sigmoid_libm(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _softplus_libm(x: float) -> float:
    return x if x > 20.0 else math.log1p(math.exp(x))


NAMES = ["exp", "log", "tanh", "sigmoid", "softplus"]
LIBM: dict[str, Callable[[float], float]] = {
    "exp": math.exp,
    "log": math.log,
    "tanh": math.tanh,
    "sigmoid": _sigmoid_libm,
    "softplus": _softplus_libm,
}


def _cpu_per_call(fn: Callable[[float], float], args: list[float], repeat: int = 5) -> float:
    """CPU µs per call of fn over args (process time: steadier than wall time when the machine
    is shared)."""
    t = time.process_time()
    for _ in range(repeat):
        for x in args:
            fn(x)
    return (time.process_time() - t) / (repeat * len(args)) * 1e6


def per_call(runs: int, n: int = 2000) -> dict[str, tuple[list[float], ...]]:
    """µs per call of (crfast, crmath, math) for each function, ``runs`` interleaved rounds over
    the same n inputs x ~ N(0, 3) (|x| + 0.001 for ln), and for tanh also over the inputs its
    compiled step below gives it ("tanh, step's inputs")."""
    rng = random.Random(15)
    xs = [rng.gauss(0.0, 3.0) for _ in range(n)]
    positive = [abs(x) + 1e-3 for x in xs]
    rows = {name: (name, positive if name == "log" else xs) for name in NAMES}
    rows["tanh, step's inputs"] = ("tanh", step_tanh_inputs())
    out: dict[str, tuple[list[float], ...]] = {row: ([], [], []) for row in rows}
    for _ in range(runs):
        for row, (name, args) in rows.items():
            fns = (getattr(crfast, name), getattr(crmath, name), LIBM[name])
            for k, fn in enumerate(fns):
                out[row][k].append(_cpu_per_call(fn, args))
    return out


@contextlib.contextmanager
def _tanh_forward(fn: Callable[[float], float]) -> Iterator[None]:
    """The tanh op with another forward, for what is made inside: Value.tanh binds its op when
    made, and a neuron its activation (nn.activations.ACTIVATIONS) — so the table entry, the
    method and the activation are swapped, and restored after. A model made inside keeps it."""
    from autograd import Value
    from autograd.ops import OPS
    from autograd.record import unary
    from nn.activations import ACTIVATIONS

    saved, method = OPS["tanh"], Value.tanh
    OPS["tanh"] = dataclasses.replace(saved, forward=fn)
    Value.tanh = unary("tanh")  # type: ignore[method-assign]
    ACTIVATIONS["tanh"] = Value.tanh
    try:
        yield
    finally:
        OPS["tanh"], Value.tanh = saved, method  # type: ignore[method-assign]
        ACTIVATIONS["tanh"] = method


def tanh_step(runs: int) -> tuple[list[float], list[float]]:
    """CPU seconds per eager step of a tanh MLP: (correctly rounded, math.tanh), interleaved."""
    from nn import MLP, mse
    from nn.datasets import moons

    X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
    model = MLP(2, [16, 16, 1], activation="tanh", seed=1337)
    with _tanh_forward(math.tanh):
        model_libm = MLP(2, [16, 16, 1], activation="tanh", seed=1337)

    def step(model: Any) -> float:
        t = time.process_time()
        cost = mse([model(x) for x in X], Y)  # type: ignore[arg-type]
        model.zero_grad()
        cost.backward()
        return time.process_time() - t

    cr: list[float] = []
    libm: list[float] = []
    step(model)
    step(model_libm)
    for _ in range(runs):
        cr.append(step(model))
        libm.append(step(model_libm))
    return cr, libm


def _tanh_model_and_rows() -> tuple[Any, list[tuple[Any, float]]]:
    from nn import MLP
    from nn.datasets import moons

    X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
    return MLP(2, [16, 16, 1], activation="tanh", seed=1337), [(x, float(y)) for x, y in zip(X, Y)]


def step_tanh_inputs() -> list[float]:
    """The 3,200 arguments tanh gets in one compiled step below (32 neurons × 100 points)."""
    import autograd

    seen: list[float] = []

    def spy(x: float) -> float:
        seen.append(x)
        return crfast.tanh(x)

    with _tanh_forward(spy):
        model, rows = _tanh_model_and_rows()
        cost = autograd.compile(lambda x, y, model=model: (model(x) - y) ** 2)
        cost.mean(rows[:1])
    seen.clear()
    cost.mean(rows)
    return seen


def compiled_tanh_steps(runs: int) -> dict[str, list[float]]:
    """CPU seconds per compiled step of the tanh MLP (C = 1/n Σᵢ (y'ᵢ − yᵢ)², ``mean`` over the
    points, then SGD), its tanh forward from crfast, crmath or math, interleaved. Each variant
    is compiled while its forward is in the op table, so its generated code calls that one."""
    import autograd

    steps = {}
    for label, fn in [("crfast", crfast.tanh), ("crmath", crmath.tanh), ("math", math.tanh)]:
        with _tanh_forward(fn):
            model, rows = _tanh_model_and_rows()
            cost = autograd.compile(lambda x, y, model=model: (model(x) - y) ** 2)
            cost.mean(rows[:1])  # traced and generated now, with this forward
        params = model.parameters()

        def step(
            cost: Any = cost, params: Any = params, model: Any = model, rows: Any = rows
        ) -> float:
            t = time.process_time()
            model.zero_grad()
            cost.mean(rows)
            for p in params:
                p.data -= 0.05 * p.grad
            return time.process_time() - t

        steps[label] = step
    times: dict[str, list[float]] = {label: [] for label in steps}
    for step in steps.values():
        step()
    for _ in range(runs):
        for label, step in steps.items():
            times[label].append(step())
    return times


def _cell(ts: list[float], unit: float, fmt: str) -> str:
    return f"{statistics.median(ts) * unit:{fmt}} ({min(ts) * unit:{fmt}}–{max(ts) * unit:{fmt}})"


def report(runs: int) -> dict[str, float]:
    """Prints the tables; returns the ratios (for ``benchmarks.pythons``)."""
    ratios: dict[str, float] = {}
    print("\n| CPU µs per call, x ~ N(0, 3) | crfast (as shipped) | crmath (fallback) | math | "
          "crfast vs math | crmath vs crfast |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, (fast, slow, libm) in per_call(runs).items():
        f, c, m = (statistics.median(t) for t in (fast, slow, libm))
        ratios[f"{name} crfast/math"] = f / m
        print(f"| {name} | {_cell(fast, 1, '.2f')} | {_cell(slow, 1, '.2f')} | "
              f"{_cell(libm, 1, '.3f')} | {f / m:.0f}× | {c / f:.1f}× |")  # fmt: skip
    cr, libm = tanh_step(runs)
    ratio = statistics.median(cr) / statistics.median(libm)
    ratios["eager tanh step / with math.tanh"] = ratio
    print("\n| eager step, tanh MLP(2, [16, 16, 1]), 100 points, mse | CPU ms (min–max) |")
    print("| --- | ---: |")
    print(f"| tanh correctly rounded (as shipped) | {_cell(cr, 1e3, '.1f')} |")
    print(f"| math.tanh swapped in | {_cell(libm, 1e3, '.1f')} |")
    print(f"| ratio | {ratio:.2f}× |")
    times = compiled_tanh_steps(runs)
    base = statistics.median(times["math"])
    print(
        "\nshare of the step in correctly rounded tanh = 1 − t_math / t, t_math the same "
        "compiled step with math.tanh in the op table (as generated code calls it)"
    )
    print("| compiled step, same tanh MLP (cf.mean + SGD) | CPU ms (min–max) | share of the "
          "step in correctly rounded tanh |")  # fmt: skip
    print("| --- | ---: | ---: |")
    variants = [("crfast", "crfast.tanh (as shipped)"),
                ("crmath", "crmath.tanh (before crfast)"), ("math", "math.tanh")]  # fmt: skip
    for label, what in variants:
        med = statistics.median(times[label])
        share = "" if label == "math" else f"{1 - base / med:.0%}"
        if label != "math":
            ratios[f"compiled tanh step: {label} share"] = 1 - base / med
        print(f"| {what} | {_cell(times[label], 1e3, '.2f')} | {share} |")
    return ratios
