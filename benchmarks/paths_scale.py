"""``python -m benchmarks.paths_scale``: how `chain_paths` and `explain` grow with the length of
a chain w → … → C (the lecture's path view on a deep graph), and how collapsing a whole graph
to its labelled nodes (what `draw_graph` shows) grows with a chain fed by 100 labelled leaves.
Linear means the time per node stays flat as n grows. Medians of ``BENCH_RUNS`` (default 3)
runs, sizes interleaved."""

from __future__ import annotations

import os
import statistics
import sys
import time

from autograd import Value, chain_paths, explain
from autograd.show.paths import collapse_graph, whole_graph

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,40000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def chain(n: int) -> tuple[Value, Value]:
    """w, then n multiply-add pairs (2n op nodes), then C."""
    w = Value(0.5, label="w")
    v = w
    for _ in range(n):
        v = v * 1.0001 + 0.0
    v.label = "C"
    return v, w


def leaves(n: int, k: int = 100) -> tuple[Value, Value]:
    """An unlabelled chain of n multiply-adds; the first k adds each take a labelled leaf."""
    xs = [Value(0.01 * i, label=f"x{i}") for i in range(k)]
    v = Value(1.0)
    step = n // k
    for i in range(n):
        v = v * 1.0001 + (xs[i // step] if i % step == 0 else 0.0)
    v.label = "C"
    return v, xs[0]


def collapse_whole(C: Value, w: Value) -> None:
    g = whole_graph(C)
    collapse_graph(g, {v for v in g.order if v.label is not None})


def main() -> int:
    tasks = {
        "chain_paths": lambda C, w: chain_paths(C, w),
        "chain_paths(collapse=True)": lambda C, w: chain_paths(C, w, collapse=True),
        "explain": lambda C, w: explain(C, w),
        "collapse whole, 100 leaves": collapse_whole,
    }
    times: dict[tuple[str, int], list[float]] = {}
    graphs = {n: chain(n) for n in SIZES}
    fed = {n: leaves(n) for n in SIZES}
    for _ in range(RUNS):
        for n in SIZES:  # interleaved: the machine's load hits every size alike
            for name, task in tasks.items():
                C, w = fed[n] if name.startswith("collapse whole") else graphs[n]
                t = time.perf_counter()
                task(C, w)
                times.setdefault((name, n), []).append(time.perf_counter() - t)
    print(f"Python {sys.version.split()[0]}, medians of {RUNS} runs")
    print(f"{'':28}" + "".join(f"{n:>12,} mul+add" for n in SIZES))
    for name in tasks:
        row = [statistics.median(times[(name, n)]) for n in SIZES]
        print(f"{name:28}" + "".join(f"{t:>18.3f} s" for t in row))
        per = [t / n * 1e6 for t, n in zip(row, SIZES)]
        print(f"{'  µs per mul+add':28}" + "".join(f"{p:>20.1f}" for p in per))
    return 0


if __name__ == "__main__":
    sys.exit(main())
