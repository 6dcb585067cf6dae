"""The floor: micrograd's demo step (MLP 2-16-16-1, ReLU, hinge + L2, full batch, SGD) written
as straight-line Python with local variables only — no Value objects, no calls in the loop, no
attribute access — for the same model and weights.

It does the very arithmetic `autograd.compile`'s step does (`benchmarks.__main__.compiled_step`:
``cf.mean(rows)`` from the last row to the first, then the L2 term's gradient, then w ← w − η·g),
in the same order, so after each step its weights are the same floats (tests/test_benchmarks.py
checks it); it only skips what a hand-written program would: a neuron's edges where its ReLU is
off, the backward pass of a row whose hinge is flat. So it is what pure Python can do at best
here, and compiled ÷ floor is what the engine's machinery costs on top.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

ALPHA = 1e-4  # the L2 term's factor in micrograd's demo

Step = Callable[[list[float], Sequence[Any], float], float]


def _names(sizes: Sequence[int]) -> list[list[tuple[list[str], str]]]:
    """Per layer, per neuron: (weight names, bias name) — model.parameters()' order."""
    return [
        [([f"w{l}_{k}_{j}" for j in range(1, sizes[l - 1] + 1)], f"b{l}_{k}")
         for k in range(1, sizes[l] + 1)]
        for l in range(1, len(sizes))
    ]  # fmt: skip


def source(sizes: Sequence[int] = (2, 16, 16, 1), alpha: float = ALPHA) -> str:
    """The step's Python text for an MLP of these sizes (ReLU hidden layers, one linear output,
    hinge loss on targets ±1, L2 term ``alpha``·Σw², SGD)."""
    layers = _names(sizes)
    params = [n for layer in layers for ws, b in layer for n in [*ws, b]]
    L = ["def floor_step(W, rows, lr):"]
    # each row's names first: CPython reads its first 256 local variables fastest
    per_row = [f"x{j}" for j in range(1, sizes[0] + 1)] + ["y", "t", "m"]
    for l, layer in enumerate(layers, start=1):
        for k in range(1, len(layer) + 1):
            per_row += [f"z{l}_{k}", f"dz{l}_{k}"] + (
                [f"a{l}_{k}", f"da{l}_{k}"] if l < len(layers) else []
            )
    for k in range(0, len(per_row), 8):
        L.append(f"    {' = '.join(per_row[k : k + 8])} = 0.0")
    L.append(f"    {', '.join(params)}, = W")
    L.append("    " + " = ".join(f"g{p}" for p in params) + " = 0.0")
    L.append("    n = len(rows)")
    L.append("    seed = 1.0 / n  # ∂C/∂Cᵢ of the mean")
    L.append("    total = 0.0")
    L.append("    for i in range(n - 1, -1, -1):  # from the last row, as backward() of a mean")
    inputs = [f"x{j}" for j in range(1, sizes[0] + 1)]
    L.append(f"        ({', '.join(inputs)},), y = rows[i]")
    acts = inputs
    for l, layer in enumerate(layers, start=1):
        last = l == len(layers)
        for k, (ws, b) in enumerate(layer, start=1):
            terms = " + ".join(f"{w} * {a}" for w, a in zip(ws, acts))
            L.append(f"        z{l}_{k} = {b} + {terms}")
            if not last:
                L.append(f"        a{l}_{k} = 0.0 if z{l}_{k} < 0.0 else z{l}_{k}")
        acts = [f"a{l}_{k}" for k in range(1, len(layer) + 1)]
    out = f"z{len(layers)}_1"
    L.append("        t = -y")
    L.append(f"        m = t * {out} + 1.0  # hinge: max(0, 1 − y·score)")
    L.append("        if m > 0.0:")
    L.append("            total += m")
    L.append(f"            d{out} = t * seed")
    ind = "            "
    for l in range(len(layers), 0, -1):
        layer = layers[l - 1]
        below = [f"a{l - 1}_{j}" for j in range(1, sizes[l - 1] + 1)] if l > 1 else inputs
        if l > 1:
            L.append(ind + " = ".join(f"d{a}" for a in below) + " = 0.0")
        for k in range(len(layer), 0, -1):
            ws, b = layer[k - 1]
            z = f"z{l}_{k}"
            inner = ind
            if l < len(layers):  # a ReLU: its edges only where it is on
                L.append(f"{ind}if {z} > 0.0:")
                L.append(f"{ind}    d{z} = da{l}_{k}")
                inner = ind + "    "
            for w, a in zip(ws, below):
                L.append(f"{inner}g{w} += {a} * d{z}")
                if l > 1:
                    L.append(f"{inner}d{a} += {w} * d{z}")
            L.append(f"{inner}g{b} += d{z}")
    L.append("    cost = total / n")
    L.append("    # the L2 term α·Σw²: its value as Python's sum() of the squares, its gradient")
    L.append("    # 2 edges of w·w per weight, each w·α, added as backward() adds them")
    squares = " + ".join(f"{p} * {p}" for p in params)
    L.append(f"    cost += (0.0 + {squares}) * {alpha!r}")
    for p in params:
        L.append(f"    g{p} += {p} * {alpha!r}")
        L.append(f"    g{p} += {p} * {alpha!r}")
    L.append("    # gradient descent: w ← w − η·∂C/∂w")
    L.append(f"    W[:] = [{', '.join(f'{p} - lr * g{p}' for p in params)}]")
    L.append("    return cost")
    return "\n".join(L) + "\n"


def make(sizes: Sequence[int] = (2, 16, 16, 1), alpha: float = ALPHA) -> Step:
    """The generated step as a function ``floor_step(W, rows, lr) -> cost``: ``W`` the weights
    as a flat list in model.parameters()' order (updated in place), ``rows`` ((x₁, x₂), y)."""
    namespace: dict[str, Any] = {}
    exec(compile(source(sizes, alpha), "<floor>", "exec"), namespace)
    step: Step = namespace["floor_step"]
    return step
