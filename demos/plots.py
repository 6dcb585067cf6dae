"""Plots more than one demo draws: a classifier's decision boundary over its data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value, no_grad
from nn import MLP


def decision_boundary(
    ax: Any, model: MLP, X: Sequence[Sequence[float]], y: Sequence[int], title: str, steps: int
) -> None:
    """Shade where ``model`` says class 1 (score > 0) and plot the data on top."""
    xs = [p[0] for p in X]
    ys = [p[1] for p in X]
    pad = 0.5
    x0, x1 = min(xs) - pad, max(xs) + pad
    y0, y1 = min(ys) - pad, max(ys) + pad
    gx = [x0 + (x1 - x0) * i / (steps - 1) for i in range(steps)]
    gy = [y0 + (y1 - y0) * j / (steps - 1) for j in range(steps)]
    with no_grad():  # only values needed: no graph is recorded
        scores = []
        for v in gy:
            row = []
            for u in gx:
                out = model([u, v])
                assert isinstance(out, Value)
                row.append(out.data)
            scores.append(row)
    ax.contourf(gx, gy, scores, levels=[-1e9, 0, 1e9], colors=["#f5b7b1", "#aed6f1"], alpha=0.6)
    ax.contour(gx, gy, scores, levels=[0], colors="k", linewidths=1.5)
    pos = [i for i, t in enumerate(y) if t > 0]
    neg = [i for i, t in enumerate(y) if t <= 0]
    ax.scatter([xs[i] for i in pos], [ys[i] for i in pos], c="#1f4e8c", s=25, label="class +1")
    ax.scatter([xs[i] for i in neg], [ys[i] for i in neg], c="#c0392b", s=25, label="class −1")
    ax.set_title(title)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.legend(loc="lower right", fontsize=11)
