"""``make bench``: our engine and micrograd on micrograd's own demo step, interleaved in one
process, beside the floor (the same step as straight-line Python with locals only,
benchmarks/floor.py); plus memory per recorded op, a 10⁶-node backward() and the price of
correctly rounded exp/ln/tanh/σ/softplus (benchmarks/crmath.py)."""

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

from benchmarks import crmath, floor, large, tape, vectorized
from benchmarks.data import X, Y

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
FLOOR = "floor: straight-line Python, locals only"
COMPILED = "ours, autograd.compile: cf.step(rows, lr, plus=l2)"


def demo_step(Value: Any, model: Any, **backward: bool) -> Callable[[int], object]:
    """micrograd's demo.ipynb step, verbatim but for the data: forward, hinge + L2, backward,
    SGD. The same function runs on both engines. It returns the cost, so that `timed` frees
    the step's graph after its clock stops, on both engines alike."""

    def step(k: int) -> object:
        inputs = [list(map(Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * scorei).relu() for yi, scorei in zip(Y, scores)]
        data_loss = sum(losses) * (1.0 / len(losses))
        reg_loss = 1e-4 * sum(p * p for p in model.parameters())
        total_loss = data_loss + reg_loss
        model.zero_grad()
        total_loss.backward(**backward)
        lr = 1.0 - 0.9 * k / 100
        for p in model.parameters():
            p.data -= lr * p.grad
        return total_loss

    return step


def idiomatic_step() -> Callable[[int], object]:
    """The same step written with nn's own losses and optimiser (returning its cost, as
    `demo_step`)."""
    from nn import MLP, SGD, hinge, l2

    model = MLP(2, [16, 16, 1], seed=1337)
    opt = SGD(model.parameters(), lr=1.0, schedule=lambda k: 1.0 - 0.9 * k / 100)

    def step(k: int) -> object:
        scores = [model(x) for x in X]
        cost = hinge(scores, Y) + l2(model.parameters(), 1e-4)  # type: ignore[arg-type]
        opt.zero_grad()
        cost.backward()
        opt.step()
        return cost

    return step


def compiled_step(api: str = "step") -> tuple[Callable[[int], None], Any, list[Any]]:
    """The demo step with `autograd.compile`: the per-sample cost written out as Python once,
    run over the 100 points (C = 1/n Σᵢ Cᵢ), plus the L2 term. ``api="step"``: one call,
    ``cf.step(rows, lr, plus=l2)`` — zero_grad, the mean, the L2 term and the SGD update in
    generated code; ``api="mean"``: ``zero_grad()``, ``cf.mean(rows) + l2()`` (the L2 term
    compiled alike) and the update loop in Python. Returns (step, the compiled per-sample cost,
    the parameters)."""
    import autograd
    from nn import MLP

    model = MLP(2, [16, 16, 1], seed=1337)
    params = model.parameters()
    per_sample = autograd.compile(lambda x, y: (1 + -y * model(x)).relu())
    rows = [(x, float(y)) for x, y in zip(X, Y)]

    def l2() -> Any:
        return 1e-4 * sum(p * p for p in params)

    if api == "step":

        def step(k: int) -> None:
            per_sample.step(rows, 1.0 - 0.9 * k / 100, plus=l2)

        return step, per_sample, params
    reg = autograd.compile(l2)

    def step_by_parts(k: int) -> None:
        model.zero_grad()
        per_sample.mean(rows) + reg()
        lr = 1.0 - 0.9 * k / 100
        for p in params:
            p.data -= lr * p.grad

    return step_by_parts, per_sample, params


def floor_step() -> tuple[Callable[[int], None], list[float]]:
    """The floor (benchmarks/floor.py) on the same model's weights: (step, the weights)."""
    import nn

    run = floor.make()
    weights = [p.data for p in nn.MLP(2, [16, 16, 1], seed=1337).parameters()]
    rows = [(tuple(x), float(y)) for x, y in zip(X, Y)]

    def step(k: int) -> None:
        run(weights, rows, 1.0 - 0.9 * k / 100)

    return step, weights


def compiled_vs_floor(rounds: int, steps: int = 5) -> tuple[float, float, float]:
    """compiled step ÷ floor from rounds of their own, interleaved (A B, B A, …; ``steps``
    steps a timing, CPU time): (ratio of the medians, the smallest and largest per round). Not
    from the table's rounds: there each short step follows a long one (micrograd's, eager)
    that leaves the caches cold, and the compiled step follows eager ones, the floor does not."""
    comp, _, _ = compiled_step()
    hand, _ = floor_step()
    for warm in (comp, hand, comp, hand):  # the second compiled step makes its one function
        warm(0)
    times: dict[Callable[[int], None], list[float]] = {comp: [], hand: []}
    for k in range(1, rounds + 1):
        for step in (comp, hand) if k % 2 else (hand, comp):
            gc.collect()
            c = time.process_time()
            for _ in range(steps):
                step(k)
            times[step].append((time.process_time() - c) / steps)
    per_round = [a / b for a, b in zip(times[comp], times[hand])]
    ratio = statistics.median(times[comp]) / statistics.median(times[hand])
    return ratio, min(per_round), max(per_round)


def without_gc(step: Callable[[int], object]) -> Callable[[int], object]:
    """The step with the cyclic garbage collector switched off inside it (its garbage is then
    collected before the next timed step, outside the timing)."""

    def run(k: int) -> object:
        gc.disable()
        try:
            return step(k)
        finally:
            gc.enable()

    return run


def timed(step: Callable[[int], object], k: int) -> tuple[float, float]:
    # Collect leftovers first, so one engine's garbage is never charged to the next one; the
    # collector stays ON inside the step (as users run it) unless the step switches it off.
    # The step's graph (the cost it returns) is freed after the clocks stop, for both engines:
    # micrograd's graph is a heap of reference cycles that only that gc.collect() frees, never
    # inside its timing, while ours (no cycles) would otherwise be freed, node by node, as the
    # step returns — inside it. Returns (CPU time, wall time): on a shared machine the
    # process's CPU time is the steadier measure; the wall time is what a user waits.
    gc.collect()
    c, t = time.process_time(), time.perf_counter()
    graph = step(k)
    cpu, wall = time.process_time() - c, time.perf_counter() - t
    del graph
    return cpu, wall


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


LEGEND = (
    "mg = micrograd 0.1.0. 'as run': Python's cyclic garbage collector on inside its step, as its\n"
    "users run it (its closures make reference cycles only the collector frees); 'GC off': the\n"
    "collector disabled inside its step, that garbage collected between steps, untimed.\n"
    "Every engine's graph is freed after its step's timing (micrograd's only by the collector).\n"
    "Ratios are of CPU-time medians (steadier than wall time on a shared machine)."
)


def print_table(
    med: dict[str, float], times: dict[str, list[float]], wall: dict[str, list[float]]
) -> None:
    """The demo-step table: both micrograd columns are the reference of a ratio each."""
    base, base_off = (
        med["micrograd, as run (collector on)"],
        med["micrograd, collector off in its step"],
    )
    print(
        "| demo step | CPU s/step: median (min–max) | wall s/step | vs mg as run | vs mg, GC off |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, m in med.items():
        spread = f"{min(times[name]):.4f}–{max(times[name]):.4f}"
        w = statistics.median(wall[name])
        print(f"| {name} | {m:.4f} ({spread}) | {w:.4f} | {base / m:.1f}× | {base_off / m:.1f}× |")
    print(LEGEND)


def chain_backward(Value: Any, n: int) -> tuple[float, float]:
    """backward() on a chain of n nodes: (CPU seconds, wall seconds)."""
    x = Value(1.0)
    v = x
    for _ in range(n):
        v = v * 1.0
    c, t = time.process_time(), time.perf_counter()
    v.backward()
    return time.process_time() - c, time.perf_counter() - t


def main() -> None:
    as_json = "--json" in sys.argv
    try:
        import micrograd.engine as mg_engine
        import micrograd.nn as mg_nn
    except ImportError:
        sys.exit("micrograd is not installed: run `make bench` (it installs the bench extra)")
    import autograd
    import nn

    random.seed(1337)
    ours = demo_step(autograd.Value, nn.MLP(2, [16, 16, 1], seed=1337))
    random.seed(1337)
    theirs = demo_step(mg_engine.Value, mg_nn.MLP(2, [16, 16, 1]))
    random.seed(1337)
    theirs_nogc = without_gc(demo_step(mg_engine.Value, mg_nn.MLP(2, [16, 16, 1])))
    random.seed(1337)
    skipping = demo_step(autograd.Value, nn.MLP(2, [16, 16, 1], seed=1337), skip_zeros=True)
    idiom = idiomatic_step()
    comp, per_sample, _ = compiled_step()
    comp_parts, _, _ = compiled_step("mean")
    gc.collect()
    c, t = time.process_time(), time.perf_counter()
    comp(0)  # the first call traces fn twice, generates the code and execs it, then runs it
    first_cpu, first_wall = time.process_time() - c, time.perf_counter() - t
    hand, _ = floor_step()
    steps = {
        "micrograd, as run (collector on)": theirs,
        "micrograd, collector off in its step": theirs_nogc,
        "ours, eager (micrograd's demo code)": ours,
        "ours, eager (nn API)": idiom,
        "ours, eager, backward(skip_zeros=True)": skipping,
        COMPILED: comp,
        "ours, autograd.compile: cf.mean + l2 + SGD loop": comp_parts,
        FLOOR: hand,
    }
    for warm in steps.values():
        warm(0)
    times: dict[str, list[float]] = {name: [] for name in steps}
    wall: dict[str, list[float]] = {name: [] for name in steps}
    for k in range(1, RUNS + 1):  # interleaved: every engine once per round
        for name, step in steps.items():
            cpu, w = timed(step, k)
            times[name].append(cpu)
            wall[name].append(w)
    med = {name: statistics.median(ts) for name, ts in times.items()}
    if as_json:
        import json

        ratios = {"compiled step ÷ floor": compiled_vs_floor(4 * RUNS + 1)[0]}
        ratios.update(crmath.report(RUNS))
        ratios.update(vectorized.report(RUNS))
        ratios.update(tape.report(RUNS))
        ratios.update(large.ratios(3))
        print(json.dumps({"python": platform.python_version(), "median": med,
                          "min": {n: min(t) for n, t in times.items()},
                          "max": {n: max(t) for n, t in times.items()},
                          "wall": {n: statistics.median(t) for n, t in wall.items()},
                          "first_cpu": first_cpu, "first_wall": first_wall,
                          "ratios": ratios}))  # fmt: skip
        return
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"micrograd's demo step: MLP(2, [16, 16, 1]), {len(X)} two-moons points, hinge + L2, "
          f"full batch; {RUNS} interleaved runs, medians (min–max)\n")  # fmt: skip
    print_table(med, times, wall)
    name = COMPILED
    later_wall = statistics.median(wall[name])
    ratio, low, high = compiled_vs_floor(4 * RUNS + 1)
    print(f"\nautograd.compile ÷ floor (benchmarks/floor.py: the same step's arithmetic as "
          f"generated straight-line code, locals only): {ratio:.2f}× (per round "
          f"{low:.2f}–{high:.2f}×; {4 * RUNS + 1} rounds of their own, interleaved, 5 steps "
          f"each; in the table's rounds {med[name] / med[FLOOR]:.2f}×)")  # fmt: skip
    print(f"\nautograd.compile: the first compiled step (compiling the per-sample cost, "
          f"{per_sample.source.count(chr(10))} lines, and the L2 term) took "
          f"{first_cpu * 1e3:.0f} ms CPU / {first_wall * 1e3:.0f} ms wall; later steps "
          f"{med[name] * 1e3:.1f} ms CPU / {later_wall * 1e3:.1f} ms wall")  # fmt: skip

    ours_b = bytes_per_op(autograd.Value)
    theirs_b = bytes_per_op(mg_engine.Value)
    print("\n| memory per recorded op (v = v·1.0001 + 0.5, 2·10⁵ ops) | bytes |")
    print("| --- | ---: |")
    print(f"| ours | {ours_b:.0f} |")
    print(f"| micrograd | {theirs_b:.0f} |")

    chain_cpu, chain_wall = chain_backward(autograd.Value, 1_000_000)
    try:
        chain_backward(mg_engine.Value, 5_000)
        mg_chain = "ok"
    except RecursionError:
        mg_chain = "RecursionError (recursive topological sort)"
    print("\n| backward() on a chain | result |")
    print("| --- | --- |")
    print(f"| ours, 10⁶ nodes | {chain_cpu:.2f} s CPU, {chain_wall:.2f} s wall |")
    print(f"| micrograd, 5·10³ nodes | {mg_chain} |")

    crmath.report(RUNS)
    vectorized.report(RUNS)
    large.report(max(3, RUNS // 2))
    tape.report(RUNS)


if __name__ == "__main__":
    main()
