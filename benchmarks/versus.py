"""``python -m benchmarks.versus OLD NEW``: the eager demo step of two checkouts of this project
(e.g. ``git worktree add /tmp/before abb38bd``), run alternately in fresh processes, medians of
CPU time and wall time — how much faster one commit made the engine, with the load of a shared
machine mostly taken out (CPU time counts only our own process).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys

CHILD = r"""
import gc, json, random, sys, time
sys.path.insert(0, sys.argv[1])
import autograd, nn
from nn.datasets import moons
X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
model = nn.MLP(2, [16, 16, 1], seed=1337)
kw = {"skip_zeros": True} if sys.argv[2] == "skip" else {}
def step(k):
    inputs = [list(map(autograd.Value, xrow)) for xrow in X]
    scores = list(map(model, inputs))
    losses = [(1 + -yi * s).relu() for yi, s in zip(Y, scores)]
    total = sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())
    model.zero_grad()
    total.backward(**kw)
    for p in model.parameters():
        p.data -= (1.0 - 0.9 * k / 100) * p.grad
step(0)
cpu, wall = [], []
for k in range(1, 10):
    gc.collect()
    c, w = time.process_time(), time.perf_counter()
    step(k)
    cpu.append(time.process_time() - c)
    wall.append(time.perf_counter() - w)
print(json.dumps([cpu, wall]))
"""


def run(path: str, mode: str) -> tuple[list[float], list[float]]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, os.path.abspath(path), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout
    cpu, wall = json.loads(out)
    return cpu, wall


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit("usage: python -m benchmarks.versus OLD_CHECKOUT NEW_CHECKOUT [rounds]")
    old, new = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    cases = [(old, "plain"), (new, "plain"), (new, "skip")]
    cpu: dict[tuple[str, str], list[float]] = {c: [] for c in cases}
    wall: dict[tuple[str, str], list[float]] = {c: [] for c in cases}
    for _ in range(rounds):  # alternate, so load changes hit all alike
        for case in cases:
            c, w = run(*case)
            cpu[case] += c
            wall[case] += w
    base_c, base_w = statistics.median(cpu[cases[0]]), statistics.median(wall[cases[0]])
    print("| checkout | backward | CPU s/step (median) | speed-up | wall s/step | speed-up |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for path, mode in cases:
        mc, mw = statistics.median(cpu[path, mode]), statistics.median(wall[path, mode])
        how = "skip_zeros=True" if mode == "skip" else "default"
        print(f"| {path} | {how} | {mc:.4f} | {base_c / mc:.2f}× | {mw:.4f} | {base_w / mw:.2f}× |")


if __name__ == "__main__":
    main()
