"""The floor: micrograd's demo step (MLP 2-16-16-1, ReLU, hinge + L2, full batch) written by
hand on plain floats — no graph, no Value objects, the backward pass derived on paper.

No engine can beat this in pure Python; how close one gets measures its overhead.
"""

from __future__ import annotations

import random


def make_net(seed: int = 1337) -> list[tuple[list[list[float]], list[float]]]:
    """[(W, b)] per layer for sizes 2 → 16 → 16 → 1, weights uniform(−1, 1), biases 0."""
    rng = random.Random(seed)
    sizes = [2, 16, 16, 1]
    return [
        (
            [[rng.uniform(-1, 1) for _ in range(sizes[i])] for _ in range(sizes[i + 1])],
            [0.0] * sizes[i + 1],
        )
        for i in range(3)
    ]


def step(
    net: list[tuple[list[list[float]], list[float]]],
    X: list[list[float]],
    y: list[int],
    lr: float,
    alpha: float = 1e-4,
) -> float:
    """One full-batch step; returns the cost before the update."""
    grads = [([[0.0] * len(row) for row in W], [0.0] * len(b)) for W, b in net]
    n = len(X)
    cost = 0.0
    for x, t in zip(X, y):
        acts = [x]
        zs = []
        for li, (W, b) in enumerate(net):
            a = acts[-1]
            z = [sum(wk * ak for wk, ak in zip(row, a)) + bk for row, bk in zip(W, b)]
            zs.append(z)
            acts.append(z if li == len(net) - 1 else [v if v > 0 else 0.0 for v in z])
        score = acts[-1][0]
        margin = 1.0 - t * score
        if margin <= 0:
            continue
        cost += margin / n
        delta = [-t / n]  # ∂C/∂z of the output layer
        for li in range(len(net) - 1, -1, -1):
            W, _ = net[li]
            gW, gb = grads[li]
            a = acts[li]
            for k, dk in enumerate(delta):
                gb[k] += dk
                row = gW[k]
                for j, aj in enumerate(a):
                    row[j] += dk * aj
            if li:
                back = [sum(W[k][j] * delta[k] for k in range(len(delta))) for j in range(len(a))]
                delta = [d if z > 0 else 0.0 for d, z in zip(back, zs[li - 1])]
    for (W, b), (gW, gb) in zip(net, grads):
        for k, row in enumerate(W):
            cost += alpha * (sum(w * w for w in row) + b[k] * b[k])
            for j in range(len(row)):
                row[j] -= lr * (gW[k][j] + 2 * alpha * row[j])
            b[k] -= lr * (gb[k] + 2 * alpha * b[k])
    return cost
