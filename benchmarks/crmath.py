"""The price of correct rounding: `autograd.numerics.crmath` against the C library (``math``).

exp, ln, tanh, σ and softplus are correctly rounded here (README, "Semantics and numerics").
This measures what that costs, interleaved in one process, medians with min–max:
- per call, each function against its ``math`` counterpart (σ and softplus written out with
  ``math.exp``/``math.log1p``, as they would be without crmath), at inputs x ~ N(0, 3);
- a whole eager training step of a tanh MLP(2, [16, 16, 1]) on 100 two-moons points (forward,
  mean squared error, backward), once with the tanh op's forward as it is and once with
  ``math.tanh`` swapped in for the duration of the step.
The ReLU step of the main benchmark uses none of these functions.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import random
import statistics
import time
import timeit
from collections.abc import Callable, Iterator

from autograd.numerics import crmath


def _sigmoid_libm(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _softplus_libm(x: float) -> float:
    return x if x > 20.0 else math.log1p(math.exp(x))


PAIRS: list[tuple[str, Callable[[float], float], Callable[[float], float]]] = [
    ("exp", crmath.exp, math.exp),
    ("log", crmath.log, math.log),
    ("tanh", crmath.tanh, math.tanh),
    ("sigmoid", crmath.sigmoid, _sigmoid_libm),
    ("softplus", crmath.softplus, _softplus_libm),
]


def per_call(runs: int, n: int = 2000) -> dict[str, tuple[list[float], list[float]]]:
    """µs per call of each pair, ``runs`` interleaved rounds over the same n inputs."""
    rng = random.Random(15)
    xs = [rng.gauss(0.0, 3.0) for _ in range(n)]
    positive = [abs(x) + 1e-3 for x in xs]
    out: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name, _, _ in PAIRS}
    for _ in range(runs):
        for name, ours, libm in PAIRS:
            args = positive if name == "log" else xs
            for k, fn in enumerate((ours, libm)):
                t = timeit.timeit(lambda fn=fn, args=args: [fn(x) for x in args], number=5)
                out[name][k].append(t / (5 * n) * 1e6)
    return out


@contextlib.contextmanager
def _tanh_forward(fn: Callable[[float], float]) -> Iterator[None]:
    """The tanh op with another forward, for one measurement (Value.tanh binds its op when
    made, so the table entry and the method are swapped, and restored after)."""
    from autograd import Value
    from autograd.ops import OPS
    from autograd.record import unary

    saved, method = OPS["tanh"], Value.tanh
    OPS["tanh"] = dataclasses.replace(saved, forward=fn)
    Value.tanh = unary("tanh")  # type: ignore[method-assign]
    try:
        yield
    finally:
        OPS["tanh"], Value.tanh = saved, method  # type: ignore[method-assign]


def tanh_step(runs: int) -> tuple[list[float], list[float]]:
    """CPU seconds per eager step of a tanh MLP: (correctly rounded, math.tanh), interleaved."""
    from nn import MLP, mse
    from nn.datasets import moons

    X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
    model = MLP(2, [16, 16, 1], activation="tanh", seed=1337)

    def step() -> float:
        t = time.process_time()
        cost = mse([model(x) for x in X], Y)  # type: ignore[arg-type]
        model.zero_grad()
        cost.backward()
        return time.process_time() - t

    cr: list[float] = []
    libm: list[float] = []
    step()
    for _ in range(runs):
        cr.append(step())
        with _tanh_forward(math.tanh):
            libm.append(step())
    return cr, libm


def _cell(ts: list[float], unit: float, fmt: str) -> str:
    return f"{statistics.median(ts) * unit:{fmt}} ({min(ts) * unit:{fmt}}–{max(ts) * unit:{fmt}})"


def report(runs: int) -> None:
    print("\n| correctly rounded vs math, µs per call (x ~ N(0, 3)) | crmath | math | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, (ours, libm) in per_call(runs).items():
        ratio = statistics.median(ours) / statistics.median(libm)
        print(f"| {name} | {_cell(ours, 1, '.2f')} | {_cell(libm, 1, '.3f')} | {ratio:.0f}× |")
    cr, libm = tanh_step(runs)
    ratio = statistics.median(cr) / statistics.median(libm)
    print("\n| eager step, tanh MLP(2, [16, 16, 1]), 100 points, mse | CPU ms (min–max) |")
    print("| --- | ---: |")
    print(f"| tanh correctly rounded (as shipped) | {_cell(cr, 1e3, '.1f')} |")
    print(f"| math.tanh swapped in | {_cell(libm, 1e3, '.1f')} |")
    print(f"| ratio | {ratio:.2f}× |")
