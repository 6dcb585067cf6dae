"""``make bench``: our engine and micrograd on micrograd's own demo step, interleaved in one
process, plus memory per recorded op, a 10⁶-node backward() and a hand-written float floor."""

from __future__ import annotations

import gc
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from benchmarks import floor
from nn.datasets import moons

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")


def demo_step(Value: Any, model: Any) -> Callable[[int], None]:
    """micrograd's demo.ipynb step, verbatim but for the data: forward, hinge + L2, backward,
    SGD. The same function runs on both engines."""

    def step(k: int) -> None:
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(Y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward()
        lr = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= lr * p.grad

    return step


def idiomatic_step() -> Callable[[int], None]:
    """The same step written with nn's own losses and optimiser."""
    from nn import MLP, SGD, hinge, l2

    model = MLP(2, [16, 16, 1], seed=1337)
    opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)

    def step(k: int) -> None:
        scores = [model(x) for x in X]
        cost = hinge(scores, Y) + l2(model.parameters(), 1e-4)  # type: ignore[arg-type]
        opt.zero_grad()
        cost.backward()
        opt.step()

    return step


def timed(step: Callable[[int], None], k: int) -> float:
    # micrograd's closures make reference cycles that only the cyclic GC frees; collect before
    # each timed step so one engine's garbage is not charged to the other.
    gc.collect()
    t = time.perf_counter()
    step(k)
    return time.perf_counter() - t


def bytes_per_op(Value: Any) -> float:
    """tracemalloc over v = v * 1.0001 + 0.5, 10⁵ iterations = 2·10⁵ recorded ops."""
    gc.collect()
    tracemalloc.start()
    v = Value(1.0)
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(100_000):
        v = v * 1.0001 + 0.5
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del v
    return (after - before) / 200_000


def chain_backward(Value: Any, n: int) -> float:
    x = Value(1.0)
    v = x
    for _ in range(n):
        v = v * 1.0
    t = time.perf_counter()
    v.backward()
    return time.perf_counter() - t


def main() -> None:
    try:
        import micrograd.engine as mg_engine
        import micrograd.nn as mg_nn
    except ImportError:
        sys.exit("micrograd is not installed: run `make bench` (it installs the bench extra)")
    import autograd
    import nn

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"micrograd's demo step: MLP(2, [16, 16, 1]), {len(X)} two-moons points, hinge + L2, "
          f"full batch; {RUNS} interleaved runs, medians\n")  # fmt: skip
    random.seed(1337)
    ours = demo_step(autograd.Value, nn.MLP(2, [16, 16, 1], seed=1337))
    random.seed(1337)
    theirs = demo_step(mg_engine.Value, mg_nn.MLP(2, [16, 16, 1]))
    idiom = idiomatic_step()
    net = floor.make_net()
    hand: Callable[[int], None] = lambda k: floor.step(net, X, Y, 1.0 - 0.9 * k / 100)  # noqa: E731
    for warm in (ours, theirs, idiom, hand):
        warm(0)
    times: dict[str, list[float]] = {"micrograd": [], "ours": [], "ours (nn API)": [], "floor": []}
    for k in range(1, RUNS + 1):
        times["micrograd"].append(timed(theirs, k))
        times["ours"].append(timed(ours, k))
        times["ours (nn API)"].append(timed(idiom, k))
        times["floor"].append(timed(hand, k))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    print("| demo step | median s/step | vs micrograd |")
    print("| --- | ---: | ---: |")
    for name, m in med.items():
        ratio = "1×" if name == "micrograd" else f"{med['micrograd'] / m:.1f}× faster"
        print(f"| {name} | {m:.4f} | {ratio} |")

    ours_b = bytes_per_op(autograd.Value)
    theirs_b = bytes_per_op(mg_engine.Value)
    print("\n| memory per recorded op (v = v·1.0001 + 0.5, 2·10⁵ ops) | bytes |")
    print("| --- | ---: |")
    print(f"| ours | {ours_b:.0f} |")
    print(f"| micrograd | {theirs_b:.0f} |")

    chain = chain_backward(autograd.Value, 1_000_000)
    try:
        chain_backward(mg_engine.Value, 5_000)
        mg_chain = "ok"
    except RecursionError:
        mg_chain = "RecursionError (recursive topological sort)"
    print("\n| backward() on a chain | result |")
    print("| --- | --- |")
    print(f"| ours, 10⁶ nodes | {chain:.2f} s |")
    print(f"| micrograd, 5·10³ nodes | {mg_chain} |")


if __name__ == "__main__":
    main()
