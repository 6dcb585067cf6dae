"""The vectorised path: ``autograd.compile(fn, backend="numpy")`` against hand-written numpy and
PyTorch on the demo's model (MLP(2, [16, 16, 1]), ReLU, hinge), the mean cost and its gradient
over the whole batch, interleaved in one process, medians (min–max), at 100 points (the demo)
and at 10,000.

Hand-written numpy is the same forward and backward as matrix products (X·W₁ᵀ + b₁, …; the
backward by hand). PyTorch: float64 tensors, ``requires_grad``, ``.backward()`` — measured only
where torch is installed (the ``torch`` extra; ``make test-torch`` puts it in .venv).
``backend="numpy"`` is timed twice: given the rows as a list (converted to arrays on each call)
and given the arrays (``cf.mean(columns=(X, Y))``, as numpy by hand and PyTorch get them).
Ours also reads each parameter's ``.data`` and adds to its ``.grad`` (337 Values) on each call,
where by hand and PyTorch keep the weights in arrays.

Two ways of timing, both printed. One call a round: each step once per round, in turn with the
others (the default backend's ~3 ms among them), so each call starts with caches the other
steps filled — a call made now and then. Warm (at 100 points): ``WARM`` calls of one step in a
row per timing, the steps in turn — a training loop, which calls the same step again and again;
there the fixed per-call cost (reading and adding to 337 Values, numpy's per-call overhead)
weighs more, and ours is further behind by hand. The warm ratio is the one a training loop sees.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

BY_HAND = "numpy by hand (matrix products)"
TORCH = "PyTorch float64, vectorised"
COLUMNS = "autograd.compile(backend='numpy'), cf.mean(columns=(X, Y))"
WARM = 200  # calls per warm timing, at 100 points


def _model(n: int) -> tuple[Any, list[Any], list[tuple[Any, float]]]:
    import nn
    from nn.datasets import moons

    X, Y = moons(n=n, noise=0.1, seed=1337, labels="pm1")
    model = nn.MLP(2, [16, 16, 1], seed=1337)
    return model, model.parameters(), [(x, float(y)) for x, y in zip(X, Y)]


def _layers(params: list[Any]) -> list[tuple[Any, Any]]:
    """(W, b) per layer as numpy arrays, from the parameters in model.parameters()' order."""
    import numpy as np

    out, k = [], 0
    for nin, nout in [(2, 16), (16, 16), (16, 1)]:
        rows = []
        for _ in range(nout):
            rows.append([p.data for p in params[k : k + nin + 1]])
            k += nin + 1
        table = np.array(rows)
        out.append((table[:, :nin].copy(), table[:, nin].copy()))
    return out


def numpy_by_hand(layers: list[tuple[Any, Any]], X: Any, Y: Any) -> tuple[float, list[Any]]:
    """C = mean(relu(1 − y·score)) and (∂C/∂W, ∂C/∂b) per layer, as matrix products."""
    import numpy as np

    (W1, b1), (W2, b2), (W3, b3) = layers
    n = len(Y)
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ W2.T + b2
    A2 = np.maximum(Z2, 0.0)
    S = (A2 @ W3.T + b3)[:, 0]
    M = 1.0 - Y * S
    cost = float(np.maximum(M, 0.0).mean())
    dS = np.where(M > 0.0, -Y / n, 0.0)[:, None]
    dZ2 = (dS @ W3) * (Z2 > 0.0)
    dZ1 = (dZ2 @ W2) * (Z1 > 0.0)
    grads = [(dZ1.T @ X, dZ1.sum(0)), (dZ2.T @ A1, dZ2.sum(0)), (dS.T @ A2, dS.sum(0))]
    return cost, grads


def _torch_step(layers: list[tuple[Any, Any]], X: Any, Y: Any) -> Callable[[], float] | None:
    try:
        import torch
    except ImportError:
        return None
    tensors = [torch.tensor(a, dtype=torch.float64, requires_grad=True)
               for W, b in layers for a in (W, b)]  # fmt: skip
    x = torch.tensor(X, dtype=torch.float64)
    y = torch.tensor(Y, dtype=torch.float64)

    def step() -> float:
        for t in tensors:
            t.grad = None
        W1, b1, W2, b2, W3, b3 = tensors
        a1 = torch.relu(x @ W1.T + b1)
        a2 = torch.relu(a1 @ W2.T + b2)
        s = (a2 @ W3.T + b3)[:, 0]
        cost = torch.relu(1.0 - y * s).mean()
        cost.backward()
        return float(cost.detach())

    return step


def measure(n: int, runs: int) -> tuple[dict[str, list[float]], dict[str, Callable[[], Any]]]:
    import numpy as np

    import autograd

    model, params, rows = _model(n)
    cf = autograd.compile(lambda x, y: (1 + -y * model(x)).relu())
    model_np, _, _ = _model(n)
    cf_np = autograd.compile(lambda x, y: (1 + -y * model_np(x)).relu(), backend="numpy")
    X = np.array([r[0] for r in rows])
    Y = np.array([r[1] for r in rows])
    layers = _layers(params)
    steps: dict[str, Callable[[], Any]] = {
        "autograd.compile (python), cf.mean": lambda: cf.mean(rows),
        "autograd.compile(backend='numpy'), cf.mean(rows)": lambda: cf_np.mean(rows),
        COLUMNS: lambda: cf_np.mean(columns=(X, Y)),
        BY_HAND: lambda: numpy_by_hand(layers, X, Y),
    }
    torch_step = _torch_step(layers, X, Y)
    if torch_step is not None:
        steps[TORCH] = torch_step
    for step in steps.values():
        step()
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        for name, step in steps.items():
            t = time.process_time()
            step()
            times[name].append(time.process_time() - t)
    return times, steps


def measure_warm(steps: dict[str, Callable[[], Any]], rounds: int) -> dict[str, list[float]]:
    """CPU seconds a call, each timing ``WARM`` calls of one step in a row; the steps in turn,
    in the other order every other round."""
    names = list(steps)
    times: dict[str, list[float]] = {name: [] for name in names}
    for k in range(rounds):
        for name in names if k % 2 == 0 else names[::-1]:
            step = steps[name]
            t = time.process_time()
            for _ in range(WARM):
                step()
            times[name].append((time.process_time() - t) / WARM)
    return times


def report(runs: int) -> dict[str, float]:
    ratios: dict[str, float] = {}
    for n in (100, 10_000):
        times, steps = measure(n, runs if n == 100 else max(3, runs // 2))
        _table(f"mean cost + gradient, {n:,} points, one call a round", times)
        if TORCH not in times:
            print("PyTorch: not installed here (the `torch` extra; `make test-torch` installs it)")
        ratios.update(_ratios(times, f"{n} points"))
        if n == 100:  # the steps that take a few µs; the default backend's ms would dominate
            warm = {k: steps[k] for k in (COLUMNS, BY_HAND, TORCH) if k in steps}
            times = measure_warm(warm, max(5, runs))
            _table(f"the same, warm: {WARM} calls a timing", times)
            ratios.update(_ratios(times, f"{n} points, warm"))
    return ratios


def _ratios(times: dict[str, list[float]], where: str) -> dict[str, float]:
    by_hand = statistics.median(times[BY_HAND])
    return {f"{name}, {where}: speed vs numpy by hand": by_hand / statistics.median(ts)
            for name, ts in times.items()}  # fmt: skip


def _table(title: str, times: dict[str, list[float]]) -> None:
    by_hand = statistics.median(times[BY_HAND])
    torch = statistics.median(times[TORCH]) if TORCH in times else None
    head = f"\n| {title} | CPU ms: median (min–max) |"
    print(head + " speed vs numpy by hand |" + (" speed vs PyTorch |" if torch else ""))
    print("| --- | ---: | ---: |" + (" ---: |" if torch else ""))
    for name, ts in times.items():
        m = statistics.median(ts)
        vs_torch = f" {torch / m:.2f}× |" if torch else ""
        print(f"| {name} | {m * 1e3:.3f} ({min(ts) * 1e3:.3f}–{max(ts) * 1e3:.3f}) | "
              f"{by_hand / m:.2f}× |{vs_torch}")  # fmt: skip


if __name__ == "__main__":
    import os

    report(int(os.environ.get("BENCH_RUNS", "7")))
