"""Small 2-D data sets in pure Python, seeded: each returns ``(X, y)`` as lists, X a list of
[x₁, x₂] points and y a list of class labels 0/1 (``labels="pm1"`` gives −1/+1 for the hinge
loss; ``spirals`` has ``classes`` labels 0…K−1). ``as_numpy=True`` returns numpy arrays
instead — X float64 of shape (n, 2), y int64 of shape (n,) — and needs numpy installed."""

from __future__ import annotations

import math
import random
from typing import Any, Literal

from nn.arrays import to_numpy

__all__ = ["circles", "moons", "nonlinear", "spirals", "xor"]

Labels = Literal["01", "pm1"]
Data = tuple[list[list[float]], list[int]]
Arrays = tuple[Any, Any]  # numpy arrays (X, y), numpy's types not needed to type-check nn


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an int ≥ 2, got {n!r}")


def _finish(X: list[list[float]], y: list[int], labels: Labels, as_numpy: bool) -> Data | Arrays:
    if labels == "pm1":
        y = [2 * t - 1 for t in y]
    elif labels != "01":
        raise ValueError(f"labels must be '01' or 'pm1', got {labels!r}")
    return to_numpy(X, y) if as_numpy else (X, y)


def moons(
    n: int = 100,
    noise: float = 0.1,
    seed: int = 0,
    labels: Labels = "01",
    *,
    as_numpy: bool = False,
) -> Data | Arrays:
    """Two interleaving half circles (scikit-learn's ``make_moons``), Gaussian noise σ=noise."""
    _check(n)
    rng = random.Random(seed)
    n_out = n // 2
    n_in = n - n_out
    X: list[list[float]] = []
    y: list[int] = []
    for i in range(n_out):
        t = math.pi * i / max(n_out - 1, 1)
        X.append([math.cos(t), math.sin(t)])
        y.append(0)
    for i in range(n_in):
        t = math.pi * i / max(n_in - 1, 1)
        X.append([1.0 - math.cos(t), 0.5 - math.sin(t)])
        y.append(1)
    X = [[a + rng.gauss(0.0, noise), b + rng.gauss(0.0, noise)] for a, b in X]
    order = list(range(n))
    rng.shuffle(order)
    return _finish([X[i] for i in order], [y[i] for i in order], labels, as_numpy)


def circles(
    n: int = 100,
    noise: float = 0.05,
    factor: float = 0.5,
    seed: int = 0,
    labels: Labels = "01",
    *,
    as_numpy: bool = False,
) -> Data | Arrays:
    """An inner circle (class 1, radius ``factor``) inside an outer one (class 0)."""
    _check(n)
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        cls = i % 2
        r = factor if cls else 1.0
        t = rng.uniform(0.0, 2.0 * math.pi)
        X.append([r * math.cos(t) + rng.gauss(0, noise), r * math.sin(t) + rng.gauss(0, noise)])
        y.append(cls)
    return _finish(X, y, labels, as_numpy)


def xor(
    n: int = 100,
    noise: float = 0.1,
    seed: int = 0,
    labels: Labels = "01",
    *,
    as_numpy: bool = False,
) -> Data | Arrays:
    """Four clusters at (±1, ±1); class 1 where the signs differ — the classic XOR."""
    _check(n)
    rng = random.Random(seed)
    X, y = [], []
    corners = [(-1.0, -1.0, 0), (1.0, 1.0, 0), (-1.0, 1.0, 1), (1.0, -1.0, 1)]
    for i in range(n):
        cx, cy, cls = corners[i % 4]
        X.append([cx + rng.gauss(0, noise * 2), cy + rng.gauss(0, noise * 2)])
        y.append(cls)
    return _finish(X, y, labels, as_numpy)


def spirals(
    n: int = 100, classes: int = 2, noise: float = 0.1, seed: int = 0, *, as_numpy: bool = False
) -> Data | Arrays:
    """``classes`` interleaved spiral arms (labels 0…classes−1), from cs231n's classic example."""
    _check(n)
    if classes < 2:
        raise ValueError(f"classes must be ≥ 2, got {classes!r}")
    rng = random.Random(seed)
    X, y = [], []
    per = n // classes
    for c in range(classes):
        count = per if c < classes - 1 else n - per * (classes - 1)
        for i in range(count):
            r = i / max(count - 1, 1)
            t = c * 2 * math.pi / classes + 4.0 * r + rng.gauss(0, noise)
            X.append([r * math.sin(t), r * math.cos(t)])
            y.append(c)
    return to_numpy(X, y) if as_numpy else (X, y)


def nonlinear(
    n: int = 100,
    noise: float = 0.05,
    seed: int = 0,
    labels: Labels = "01",
    *,
    as_numpy: bool = False,
) -> Data | Arrays:
    """The lecture's "a straight line cannot solve this": class 1 inside the band |x₂ − x₁| < ½,
    class 0 on both sides of it. Any line leaves one side's points on the band's side."""
    _check(n)
    rng = random.Random(seed)
    X, y = [], []
    for i in range(n):
        cls = i % 2
        x1 = rng.uniform(-1.5, 1.5)
        if cls:
            d = rng.uniform(-0.35, 0.35)
        else:
            d = rng.choice((-1.0, 1.0)) * rng.uniform(0.7, 1.5)
        X.append([x1 + rng.gauss(0, noise), x1 + d + rng.gauss(0, noise)])
        y.append(cls)
    return _finish(X, y, labels, as_numpy)
