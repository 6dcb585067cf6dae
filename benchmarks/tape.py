"""The issue's question for the eager engine: would a *tape* pay — every node recorded when made,
and backward() walking them in reverse creation order (PyTorch's order) instead of sorting the
graph depth-first first?

Measured on micrograd's demo step (forward, hinge + L2, backward), interleaved in one process:

* **sort** (as shipped): ``backward()`` = `topological_order` + `seed` + `walk_fast`;
* **tape**: the forward appends each new node to a list (``record`` and nn's one-loop layer,
  ``layer_checked``, wrapped); backward goes through the list from its end, marking what C
  needs (a node is needed when a needed node has it as a parent: creation order is a
  topological order, so that is known when its turn comes), then runs the same walk
  (`fast_backward._walk`, the same steps and zero skip) on the needed ones.

It also counts how many parameters' gradients differ in their bits between the two orders (a
node used by several others sums their shares in another order). It is an experiment: nothing
here is used by the engine (README, "Speed", says what it found and why it was not adopted).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import autograd.nodes as nodes_module
import autograd.record as record_module
import nn.layers as layers_module
from autograd.fast_backward import _walk
from autograd.node import Node

_TAPE: list[Node] = []


def _recording(real: Callable[..., Any]) -> Callable[..., Any]:
    def record(op: Any, parents: Any, c: Any, data: float) -> Any:
        out = real(op, parents, c, data)
        _TAPE.append(out)
        return out

    return record


def _recording_layer(real: Callable[..., Any]) -> Callable[..., Any]:
    def layer_checked(neurons: Any, a: Any, kind: Any) -> Any:
        out = real(neurons, a, kind)
        for y in out or ():  # each neuron's z, then its φ(z) (y is z itself without φ)
            if y.op != "wsum":
                _TAPE.append(y.parents[0])
            _TAPE.append(y)
        return out

    return layer_checked


def tape_backward(root: Node) -> None:
    """backward() by the tape: reverse creation order, no sort."""
    for v in _TAPE:
        if v.parents:
            v._grad = 0.0
    root._grad = 1.0
    needed = {root}
    walk = []
    for v in reversed(_TAPE):
        if v in needed:
            needed.update(v.parents)
            walk.append(v)
    walk.reverse()  # creation order: _walk goes from its end
    _walk(walk, skip_all=False)
    _TAPE.clear()


def _steps() -> dict[str, Callable[[int], float]]:
    import autograd
    import nn
    from benchmarks.data import X, Y

    models = {}
    for name in ("sort", "tape"):
        random.seed(1337)
        models[name] = nn.MLP(2, [16, 16, 1], seed=1337)

    def forward(model: Any) -> Any:
        inputs = [list(map(autograd.Value, xrow)) for xrow in X]
        scores = list(map(model, inputs))
        losses = [(1 + -yi * s).relu() for yi, s in zip(Y, scores)]
        return sum(losses) * (1.0 / len(losses)) + 1e-4 * sum(p * p for p in model.parameters())

    def sort_step(k: int) -> float:
        model = models["sort"]
        t = time.process_time()
        C = forward(model)
        model.zero_grad()
        C.backward()
        spent = time.process_time() - t
        for p in model.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        return spent

    def tape_step(k: int) -> float:
        model = models["tape"]
        real, real_layer = record_module.record, layers_module.layer_checked
        record_module.record = _recording(real)  # type: ignore[assignment]
        nodes_module.record = record_module.record  # type: ignore[attr-defined]
        layers_module.layer_checked = _recording_layer(real_layer)  # type: ignore[assignment]
        try:
            t = time.process_time()
            C = forward(model)
            model.zero_grad()
            tape_backward(C)
            spent = time.process_time() - t
        finally:
            record_module.record = real  # type: ignore[assignment]
            nodes_module.record = real  # type: ignore[attr-defined]
            layers_module.layer_checked = real_layer  # type: ignore[assignment]
        for p in model.parameters():
            p.data -= (1.0 - 0.9 * k / 100) * p.grad
        return spent

    steps: dict[str, Callable[[int], float]] = {"sort": sort_step, "tape": tape_step}
    steps["models"] = models  # type: ignore[assignment]
    return steps


def report(runs: int) -> dict[str, float]:
    steps = _steps()
    models = steps.pop("models")
    times: dict[str, list[float]] = {name: [] for name in steps}
    differ = []
    for k in range(runs + 1):
        for name, step in steps.items():
            gc.collect()
            times[name].append(step(k))
        a = [p.grad for p in models["sort"].parameters()]  # type: ignore[attr-defined]
        b = [p.grad for p in models["tape"].parameters()]  # type: ignore[attr-defined]
        differ.append(sum(x != y for x, y in zip(a, b)))
        for p, q in zip(models["sort"].parameters(), models["tape"].parameters()):  # type: ignore[attr-defined]
            q.data = p.data  # same weights from here on: compare one step at a time
    sort, tape = (statistics.median(times[n][1:]) for n in ("sort", "tape"))
    print("\n| eager demo step (forward + backward), CPU ms | median (min–max) |")
    print("| --- | ---: |")
    for name in ("sort", "tape"):
        ts = [t * 1e3 for t in times[name][1:]]
        print(f"| {name} | {statistics.median(ts):.2f} ({min(ts):.2f}–{max(ts):.2f}) |")
    print(f"| tape ÷ sort | {tape / sort:.3f}× |")
    print(f"parameters whose gradient differs in its bits, per step: {differ}")
    return {"eager step: tape ÷ sort": tape / sort}


if __name__ == "__main__":
    report(9)
