"""Training, replayed: the lecture's gradient descent W ← W − η·∂C/∂W, one epoch per slider step.

``nn.fit(..., record=True)`` keeps each epoch's parameters and gradients; `explore_training`
turns them into one page: the cost curve, the decision boundary, the mean |∂C/∂w| per layer
(where gradients vanish), and the network drawn as TensorFlow Playground does — edge width by
|w| or |∂C/∂w|, colour by sign — where a clicked weight shows its value, gradient and step, and
its chain-rule paths to one sample's cost.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from autograd.modes import no_grad
from autograd.notation.labels import (  # parse_label re-exported here
    lecture_label,
    parse_label,
    shorten,
    sub,
    sup,
)
from autograd.show.page import Page, page
from autograd.show.text import counted, number
from autograd.show.view import PATH_COLORS
from autograd.show.weight_paths import path_listing
from autograd.value import Value

__all__ = ["TrainingExplorer", "explore_training", "parse_label"]


@dataclass(frozen=True, repr=False)
class TrainingExplorer(Page):
    """A training replay page: ``html`` (the whole file) and ``data`` (the JSON it embeds);
    in a plain REPL, one line: ``<TrainingExplorer: a training replay of 40 epochs, …>``."""

    data: dict[str, Any]
    height: ClassVar[int] = 820
    caption: ClassVar[str] = "training replay"
    filename: ClassVar[str] = "training.html"

    def summary(self) -> str:
        epochs, params = len(self.data["epochs"]), len(self.data["names"])
        return (
            f"a {self.caption} of {counted(epochs, 'recorded epoch')}, "
            f"{counted(params, 'parameter')}"
        )


def _network(names: list[str]) -> dict[str, Any]:
    """Neurons in columns (inputs, then each layer) and one edge per weight w⁽ˡ⁾ₖ,ⱼ from unit
    j of layer l − 1 to neuron k of layer l, read from the parameters' lecture labels."""
    sizes: dict[int, int] = {}
    weights: list[dict[str, Any]] = []
    biases: dict[tuple[int, int], int] = {}
    n_in = 0
    for i, name in enumerate(names):
        parsed = parse_label(name)
        if parsed is None:
            continue
        symbol, layer, idx = parsed
        if symbol == "w" and len(idx) == 2:
            k, j = idx
            sizes[layer] = max(sizes.get(layer, 0), k)
            if layer == 1:
                n_in = max(n_in, j)
            weights.append({"name": shorten(name), "param": i, "layer": layer, "k": k, "j": j})
        elif symbol == "b" and len(idx) == 1:
            biases[(layer, idx[0])] = i
    columns = [n_in] + [sizes[layer] for layer in sorted(sizes)]
    tallest = max(columns, default=1)
    gap_x, gap_y, top = 190.0, 34.0, 24.0
    pos: dict[tuple[int, int], tuple[float, float]] = {}
    units = []
    for layer, count in enumerate(columns):
        offset = (tallest - count) * gap_y / 2
        for k in range(1, count + 1):
            pos[(layer, k)] = (50 + layer * gap_x, top + offset + (k - 1) * gap_y)
            name = f"x{sub(k)}" if layer == 0 else f"a⁽{sup(layer)}⁾{sub(k)}"
            units.append(
                {
                    "name": name,
                    "x": pos[(layer, k)][0],
                    "y": pos[(layer, k)][1],
                    "bias": biases.get((layer, k)),
                    "input": layer == 0,
                }
            )
    for w in weights:
        (x0, y0), (x1, y1) = pos[(w["layer"] - 1, w["j"])], pos[(w["layer"], w["k"])]
        w.update(x0=x0, y0=y0, x1=x1, y1=y1)
    width = 100 + (len(columns) - 1) * gap_x
    return {"units": units, "weights": weights, "width": width, "height": 2 * top + tallest * gap_y}


def _boundary(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    history: Any,
    frames: list[int],
    grid: int,
) -> dict[str, Any]:
    """The model's score on a grid × grid lattice over the data, at each frame's parameters
    (put back afterwards), rounded: these numbers only colour the picture."""
    xs, ys = [p[0] for p in X], [p[1] for p in X]
    x0, x1, y0, y1 = min(xs) - 0.5, max(xs) + 0.5, min(ys) - 0.5, max(ys) + 0.5
    params = model.parameters()
    saved = [p.data for p in params]
    values = []
    try:
        with no_grad():
            for f in frames:
                for p, d in zip(params, history.snapshots[f].params):
                    p.data = d
                row = []
                for j in range(grid):
                    v = y1 - (y1 - y0) * (j + 0.5) / grid
                    for i in range(grid):
                        u = x0 + (x1 - x0) * (i + 0.5) / grid
                        row.append(round(float(model([u, v]).data), 3))
                values.append(row)
    finally:
        for p, d in zip(params, saved):
            p.data = d
    return {
        "frames": frames,
        "grid": grid,
        "box": [x0, x1, y0, y1],
        "values": values,
        "points": [[float(p[0]), float(p[1]), float(t)] for p, t in zip(X, y)],
    }


def _sample_paths(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    loss: Callable[[list[Value], list[float]], Value],
    history: Any,
    frames: list[int],
    top: int,
    sample: int,
) -> dict[str, Any]:
    """For one sample i, at each frame's parameters: Cᵢ = loss([ŷ(xᵢ)], [yᵢ]) and, for every
    weight and bias, its paths to Cᵢ (`path_listing`) beside ∂Cᵢ/∂w from backward()."""
    params = model.parameters()
    saved = [(p.data, p.grad) for p in params]
    listings = []
    try:
        for f in frames:
            for p, d in zip(params, history.snapshots[f].params):
                p.data, p.grad = d, 0.0
            C1 = loss([model(list(X[sample]))], [float(y[sample])])
            # The loss averages over its one sample, 1/1·C₀: the cost of sample i is its parent
            # Cᵢ, never C (the mean over the data set, whose ∂C/∂w the panel shows above it).
            if C1._op is not None and C1._op.name == "mean" and len(C1.parents) == 1:
                C1 = C1.parents[0]
            C1.label = lecture_label("C", None, sample)
            C1.backward()
            # Paths of different weights share most factors: store each text once per frame.
            texts: dict[str, int] = {}
            rows = []
            for p in params:
                row = {**path_listing(C1, p, top=top).to_dict(), "grad_text": number(p.grad)}
                for q in row["paths"]:
                    q["factors"] = [texts.setdefault(t, len(texts)) for t in q["factors"]]
                    q["nodes"] = texts.setdefault(" → ".join(q["nodes"]), len(texts))
                rows.append(row)
            listings.append({"texts": list(texts), "rows": rows})
    finally:
        for p, (d, g) in zip(params, saved):
            p.data, p.grad = d, g
    return {
        "frames": frames,
        "sample": sample,
        "x_text": [number(float(v)) for v in X[sample]],
        "y_text": number(float(y[sample])),
        "listings": listings,
    }


def _spread(n: int, k: int) -> list[int]:
    """At most k indices from 0 … n−1, evenly spaced, first and last included."""
    if k <= 1 or n == 1:
        return [n - 1]
    step = max(1, math.ceil((n - 1) / (k - 1)))
    picked = list(range(0, n, step))
    return picked if picked[-1] == n - 1 else [*picked, n - 1]


def explore_training(
    history: Any,
    model: Any = None,
    X: Sequence[Sequence[float]] | None = None,
    y: Sequence[float] | None = None,
    *,
    loss: Callable[[list[Value], list[float]], Value] | None = None,
    title: str = "Training, replayed: W ← W − η·∂C/∂W, epoch by epoch",
    grid: int = 24,
    max_frames: int = 50,
    path_frames: int = 6,
    top: int = 3,
    sample: int = 0,
) -> TrainingExplorer:
    """A page replaying a run recorded by ``nn.fit(..., record=True)``: a slider over the
    epochs; the cost curve C(epoch); per layer the mean |∂C/∂w| (where gradients vanish); the
    network with each weight's edge width ∝ |w| and colour by sign, as in TensorFlow
    Playground — click a weight for its value, ∂C/∂w and the step it took. Given the ``model``
    and 2-D data ``X``, ``y``, also the decision boundary (score > 0) at up to ``max_frames``
    epochs. Given also the per-sample ``loss`` used in training ((scores, targets) → Value, e.g.
    ``nn.hinge``), a clicked weight lists its ``top`` paths to Cᵢ, the cost of sample i =
    ``sample`` + 1 alone, with their factors and sum = ∂Cᵢ/∂w, at ``path_frames`` epochs spread
    over the run. The key p (or *present*) redraws it for a projector: every text ≥ 24 px at
    1280×720, the explanation an overlay that h hides.
    """
    snaps = history.snapshots
    if not snaps:
        raise ValueError("the history has no snapshots: train with fit(..., record=True)")
    names: list[str] = list(history.names)
    layers: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        parsed = parse_label(name)
        if parsed is not None and parsed[0] == "w":
            layers.setdefault(parsed[1], []).append(i)
    bars: list[dict[str, Any]] = []
    for layer, idx in sorted(layers.items()):
        means = [math.fsum(abs(s.grads[i]) for i in idx) / len(idx) for s in snaps]
        bars.append(
            {"name": f"layer {layer}", "values": means, "texts": [number(v) for v in means]}
        )
    data: dict[str, Any] = {
        "epochs": [s.epoch for s in snaps],
        "cost": list(history.loss),
        "cost_text": [number(c) for c in history.loss],
        "accuracy_text": [f"{a:.1%}" for a in history.accuracy],
        "lr_text": [number(r) for r in history.lr],
        "names": [shorten(name) for name in names],
        "params_text": [[number(p) for p in s.params] for s in snaps],
        "grads_text": [[number(g) for g in s.grads] for s in snaps],
        "layers": bars,
        "net": _network(names),
        "boundary": None,
        "sample_paths": None,
        # the one palette, as the live page has it: blue > 0 (class +1), vermillion < 0
        # (class −1), then each listed path's colour
        "colors": list(PATH_COLORS),
    }
    if model is not None and X is not None and y is not None and X and len(X[0]) == 2:
        frames = _spread(len(snaps), max_frames)
        data["boundary"] = _boundary(model, X, y, history, frames, grid)
    if model is not None and X is not None and y is not None and loss is not None and X:
        frames = _spread(len(snaps), path_frames)
        data["sample_paths"] = _sample_paths(model, X, y, loss, history, frames, top, sample)
    body = f"""
<div class="explorer training">
<header><h1>{html.escape(title)}</h1>
<div class="train-top">
  <label>epoch <input type="range" data-role="epoch" min="0" max="{len(snaps) - 1}" value="0"
    step="1"></label>
  <span>epoch <b data-epoch>0</b> of {len(snaps) - 1}</span>
  <span>cost C = <b data-cost>{data["cost_text"][0]}</b></span>
  <span>accuracy <b data-accuracy>{data["accuracy_text"][0]}</b></span>
  <button type="button" data-action="present" aria-pressed="false"
    title="presentation mode: large text for a projector (p; Esc leaves)"><span
    class="long">present</span><span class="short">exit ✕</span></button>
  <button type="button" class="short" data-action="overlay"
    title="hide or show the explanation (h)">paths</button>
  <span class="hint">← → move the slider · p present</span>
</div></header>
<div class="charts" data-role="charts"></div>
<main>
  <div class="canvas" data-role="net"></div>
  <aside class="panel">
    <button type="button" class="overlay-toggle" data-action="overlay"
      title="hide or show the explanation (h)">hide ✕</button>
    <div data-role="panel"></div></aside>
</main>
</div>"""
    return TrainingExplorer(page(title, body, data, ["pages.js", "training.js"]), data)
