"""Large graphs under `autograd.compile`: how the time per edge, the compile time and the compile
memory grow with the network, from MLP(2, [16]·2, 1) to MLP(2, [128]·8, 1), and a chain of 10⁶
nodes.

Each size runs in a fresh process (``python -m benchmarks.large SIZE``), so its memory is its
own: compile memory is the growth of the process's peak RSS while the first call traces fn,
generates the code and compiles it, over the number of generated lines; "of it, compile()" is
the peak that CPython's compile() alone allocates for the same text (tracemalloc, afterwards: the
whole function, or the largest chunk), over the same lines — most of the memory of one function.
ns/edge is the time of ``cf.mean(rows)`` over the graph's edges (parents of every node) times
the rows, median of ``runs`` calls.
"""

from __future__ import annotations

import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

SIZES = [(16, 2), (32, 2), (64, 4), (128, 8)]
# 64 × 4 and 128 × 8 are past chunks.CHUNKED lines: cut into chunks (less compile memory,
# ~1.1× the time per edge); the last row is 128 × 8 as one function (CHUNKED raised), to compare
CHAIN = 1_000_000


def _rss_kb() -> int:
    """The process's peak RSS in KB: VmHWM where Linux gives it (ru_maxrss would carry over the
    parent's peak across fork and exec, hiding what this process adds), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


_PARAM_IO = re.compile(r"\s*(\w+ = _P\[\d+\]\._(data|grad)|_P\[\d+\]\._grad = \w+)$")


def _lines(cf: object) -> int:
    """Generated lines that compute, counted alike for one function and for chunks: a row's
    lines, and 3 per parameter (read .data and .grad, write .grad), as one function has them.
    Not counted: the chunks' scaffolding (chunks.unit, the generators' loop) and the chunks'
    own reads and writes of the parameters (a parameter two chunks use is read by both)."""
    source = cf.source  # type: ignore[attr-defined]
    programs = next(iter(cf._programs.values()))  # type: ignore[attr-defined]
    skip = ("def _unit", "nonlocal ", "return _", "while (yield):", "if _zero:", "else:")
    own = sum(
        1
        for line in source.splitlines()
        if line.strip()
        and not line.strip().startswith(skip)
        and not line.endswith(" = None")
        and not _PARAM_IO.match(line)
    )
    return own + 3 * len(programs[0].trace.params)


def _compile_peak(cf: object) -> int:
    """Bytes CPython's compile() allocates at its peak for the generated text, compiled as the
    first call compiled it: whole, or chunk by chunk (`chunks.build`: then the largest)."""
    source = cf.source  # type: ignore[attr-defined]
    units = [source] if "def _unit():" not in source else source.split("def _unit():")[1:]
    peak = 0
    for unit in units:
        text = unit if len(units) == 1 else "def _unit():" + unit
        tracemalloc.start()
        compile(text, "<autograd.compile>", "exec")
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak


def _edges(cf: object) -> int:
    programs = next(iter(cf._programs.values()))  # type: ignore[attr-defined]
    return sum(len(v.parents) for v in programs[0].trace.order)


def measure_mlp(width: int, depth: int, runs: int, whole: bool = False) -> dict[str, float]:
    import autograd
    from autograd import chunks

    if whole:
        chunks.CHUNKED = 10**9
    from nn import MLP
    from nn.datasets import moons

    rows_n = 100 if width * depth <= 64 else 20
    X, Y = moons(n=rows_n, noise=0.1, seed=1337, labels="pm1")
    rows = [(x, float(y)) for x, y in zip(X, Y)]
    model = MLP(2, [width] * depth + [1], seed=1337)
    cf = autograd.compile(lambda x, y: (1 + -y * model(x)).relu())
    before = _rss_kb()
    t = time.process_time()
    cf.mean(rows[:1])
    compile_s = time.process_time() - t
    grown = _rss_kb() - before
    lines = _lines(cf)
    times = []
    for _ in range(runs):
        t = time.process_time()
        cf.mean(rows)
        times.append(time.process_time() - t)
    edges = _edges(cf) * len(rows)
    return {
        "ns_per_edge": statistics.median(times) / edges * 1e9,
        "compile_s": compile_s,
        "lines": lines,
        "bytes_per_line": grown * 1024 / lines,
        "compile_bytes_per_line": _compile_peak(cf) / lines,
        "edges_per_row": _edges(cf),
        "chunked": "def _unit():" in cf.source,
    }


def measure_chain(n: int) -> dict[str, float]:
    import autograd
    from autograd import Value

    w = Value(0.5, label="w")

    def chain(x: Value) -> Value:
        v = w * x
        for _ in range(n - 1):
            v = v * 1.0000001
        return v

    cf = autograd.compile(chain)
    before = _rss_kb()
    t = time.process_time()
    cf(1.5)
    compile_s = time.process_time() - t
    grown = _rss_kb() - before
    lines = _lines(cf)
    chunked = "def _unit():" in cf.source
    return {"compile_s": compile_s, "lines": lines, "bytes_per_line": grown * 1024 / lines,
            "compile_bytes_per_line": _compile_peak(cf) / lines, "chunked": chunked}  # fmt: skip


def ratios(runs: int) -> dict[str, float]:
    """For the table of every Python: ns/edge at 128×8 (in chunks, as compiled by default) over
    16×2."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    got = []
    for width, depth, how in [(16, 2, ""), (128, 8, "")]:
        command = [sys.executable, "-m", "benchmarks.large", str(width), str(depth), str(runs)]
        out = subprocess.run([*command, how], capture_output=True, text=True, env=env, check=True)
        got.append(json.loads(out.stdout))
    return {"compile: ns/edge 128×8 ÷ 16×2": got[1]["ns_per_edge"] / got[0]["ns_per_edge"]}


def report(runs: int) -> None:
    """The table of ``make bench``: each size in a fresh process."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    results = []
    for width, depth, how in [*((w, d, "") for w, d in SIZES), (128, 8, "whole")]:
        command = [sys.executable, "-m", "benchmarks.large", str(width), str(depth), str(runs)]
        out = subprocess.run([*command, how], capture_output=True, text=True, env=env, check=True)
        results.append(((width, depth, how), json.loads(out.stdout)))
    base = results[0][1]["ns_per_edge"]
    print("\n| autograd.compile, MLP(2, [w]·d, 1), hinge, cf.mean | edges/row | ns/edge | vs "
          "16×2 | compile s | lines | compile bytes/line | of it, compile() |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for (width, depth, how), r in results:
        chunks = " in chunks" if r["chunked"] else (", one function" if how else "")
        print(f"| {width} wide × {depth} deep{chunks} | {r['edges_per_row']:,.0f} | "
              f"{r['ns_per_edge']:.1f} | {r['ns_per_edge'] / base:.2f}× | {r['compile_s']:.2f} | "
              f"{r['lines']:,.0f} | {r['bytes_per_line']:,.0f} | "
              f"{r['compile_bytes_per_line']:,.0f} |")  # fmt: skip
    out = subprocess.run([sys.executable, "-m", "benchmarks.large", "chain"], capture_output=True,
                         text=True, env=env, check=True)  # fmt: skip
    r = json.loads(out.stdout)
    print(
        f"| a chain of {CHAIN:,} nodes (cf(x)) | | | | {r['compile_s']:.2f} | "
        f"{r['lines']:,.0f} | {r['bytes_per_line']:,.0f} | {r['compile_bytes_per_line']:,.0f} |"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["chain"]:
        print(json.dumps(measure_chain(int(os.environ.get("CHAIN_NODES", CHAIN)))))
    elif len(sys.argv) in (4, 5):
        w, d, runs = map(int, sys.argv[1:4])
        print(json.dumps(measure_mlp(w, d, runs, whole=sys.argv[4:] == ["whole"])))
    else:
        report(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
