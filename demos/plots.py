"""Plots more than one demo draws: a classifier's decision boundary over its data (and its
legend), and a
curve's direct label (its name written at its end, in its colour, instead of a legend)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Value, no_grad
from autograd.show import palette
from nn import MLP


def label_end(
    ax: Any,
    xs: Sequence[float],
    ys: Sequence[float],
    text: str,
    color: str,
    *,
    dy: float = 0.0,
    above: bool = False,
    dot: float = 0.0,
    **kwargs: Any,
) -> None:
    """``text`` just right of the curve's last point, in its colour: a direct label, read where
    the curve is, never matched through a legend box (``dy`` nudges it up or down, in the
    data's units; ``above``: set on the point, not centred on it — for a curve that ends on a
    line such as y = 0, which would otherwise run through the text; ``dot``: the size of the
    end's marker, as ``ms``, so the text starts 6 pt from the dot's edge, not from its centre)."""
    ax.annotate(
        text,
        (xs[-1], ys[-1] + dy),
        xytext=(6 + dot / 2, 4 if above else 0),
        textcoords="offset points",
        va="bottom" if above else "center",
        color=color,
        fontweight="bold",
        annotation_clip=False,
        **kwargs,
    )


def decision_boundary(
    ax: Any,
    model: MLP,
    X: Sequence[Sequence[float]],
    y: Sequence[int],
    title: str,
    steps: int,
) -> None:
    """Shade where ``model`` says class +1 (score > 0) and plot the data on top; the legend
    that names both is `classes_legend`'s, under the figure, where it covers no point and no
    part of the boundary."""
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
    negative, positive = palette.CLASS_TINTS
    ax.contourf(gx, gy, scores, levels=[-1e9, 0, 1e9], colors=[negative, positive], alpha=0.7)
    ax.contour(gx, gy, scores, levels=[0], colors=palette.INK, linewidths=1.5)
    pos = [i for i, t in enumerate(y) if t > 0]
    neg = [i for i, t in enumerate(y) if t <= 0]
    minus, plus = palette.CLASSES
    ax.scatter([xs[i] for i in pos], [ys[i] for i in pos], c=plus, s=30, marker="o",
               label="class +1")  # fmt: skip
    ax.scatter([xs[i] for i in neg], [ys[i] for i in neg], c=minus, s=30, marker="s",
               label="class −1")  # fmt: skip
    ax.set_title(title)
    ax.set_xlabel("x₁")  # the two inputs, as the network's drawing names them
    ax.set_ylabel("x₂")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")


def classes_legend(fig: Any, ax: Any) -> None:
    """One legend under ``fig`` for `decision_boundary`'s panels: the two classes' markers
    (from ``ax``) and what each shade means — the model's prediction, score > 0 or not."""
    from matplotlib.patches import Patch

    negative, positive = palette.CLASS_TINTS
    handles, labels = ax.get_legend_handles_labels()
    handles += [Patch(color=positive, alpha=0.7), Patch(color=negative, alpha=0.7)]
    labels += ["predicted +1", "predicted −1"]
    fig.legend(handles, labels, loc="outside lower center", ncol=4, columnspacing=1.0,
               handletextpad=0.3)  # fmt: skip
