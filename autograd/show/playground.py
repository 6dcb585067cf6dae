"""Training, live: gradient descent W ← W − η·∂C/∂W run in the page, as in TensorFlow Playground.

The page holds the graph of the cost C over the whole data set (`nn.batch_cost` builds the very
graph a full-batch step of `nn.fit` differentiates) and runs it with the op table's rules written
out as JavaScript (`autograd.show.live`): play, pause, one step, reset, η in a box. The cost
curve, the decision boundary and the mean |∂C/∂w| per layer follow each epoch; a clicked weight
shows its value, ∂C/∂w, its next step, and its chain-rule paths to Cᵢ, the cost of one sample,
recomputed at the current epoch. From the same initial weights and η the page's cost after k
epochs is `nn.fit`'s (bit for bit through IEEE arithmetic, ReLU and the hinge; through tanh or σ
JavaScript's Math rounds differently in the last bits).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from autograd.notation.labels import lecture_label, parse_label, shorten, sup
from autograd.notation.names import node_name
from autograd.show.live import Program, edges_live, program, script
from autograd.show.page import Page, page
from autograd.show.paths import whole_graph
from autograd.show.text import counted
from autograd.show.view import PATH_COLORS, lecture_view
from autograd.value import Value

__all__ = ["Playground", "playground"]

Loss = Callable[[list[Value], list[Any]], Value]


@dataclass(frozen=True, repr=False)
class Playground(Page):
    """A live training page: ``html`` (the whole file) and ``data`` (the JSON it embeds); in a
    plain REPL, one line: ``<Playground: live training on 100 samples, 337 parameters, …>``."""

    data: dict[str, Any]
    height: ClassVar[int] = 820
    caption: ClassVar[str] = "live training"
    filename: ClassVar[str] = "playground.html"

    def summary(self) -> str:
        n, params = len(self.data["points"]), len(self.data["names"])
        return f"{self.caption} on {counted(n, 'sample')}, {counted(params, 'parameter')}"


def _layers(names: list[str]) -> list[dict[str, Any]]:
    """Per layer l (from the parameters' lecture labels w⁽ˡ⁾ₖ,ⱼ, b⁽ˡ⁾ₖ): its size, its weights
    as [k, j, parameter index] and its biases as [k, parameter index]."""
    layers: dict[int, dict[str, Any]] = {}
    for i, name in enumerate(names):
        parsed = parse_label(name)
        if parsed is None:
            continue
        symbol, layer, idx = parsed
        entry = layers.setdefault(layer, {"layer": layer, "size": 0, "inputs": 0,
                                          "weights": [], "biases": []})  # fmt: skip
        entry["size"] = max(entry["size"], idx[0])
        if symbol == "w" and len(idx) == 2:
            entry["inputs"] = max(entry["inputs"], idx[1])
            entry["weights"].append([idx[0], idx[1], i])
        elif symbol == "b" and len(idx) == 1:
            entry["biases"].append([idx[0], i])
    return [layers[k] for k in sorted(layers)]


def _one_sample(model: Any, X: Sequence[Sequence[float]], y: Sequence[float], loss: Loss,
                i: int) -> tuple[Value, list[Value], Value, Value]:  # fmt: skip
    """Cᵢ's graph for sample i with its inputs x₁ … and target y as leaves (the page sets them to
    any sample's): (Cᵢ, the x leaves, the y leaf, the model's output y′)."""
    xs = [Value(float(v), label=lecture_label("x", None, j)) for j, v in enumerate(X[i], 1)]
    target = Value(float(y[i]), label="y")
    out = model(xs)
    if isinstance(out, list):
        raise ValueError("the live training page takes a model with one output")
    C = loss([out], [target])
    # A loss averages over its samples: with one sample, 1/1·C₀ — the cost of sample i is C₀.
    if C._op is not None and C._op.name == "mean" and len(C.parents) == 1:
        C = C.parents[0]
    return C, xs, target, out


def _sample(model: Any, X: Sequence[Sequence[float]], y: Sequence[float], loss: Loss,
            params: list[Value]) -> tuple[dict[str, Any], Program]:  # fmt: skip
    """Sample 0's cost C₀ as the page runs it for any sample i: its program, the lecture's
    collapsed view of it (labelled nodes, each edge a total derivative) for the paths, which
    program nodes are x, y, the output y′ and each parameter."""
    C, xs, target, out = _one_sample(model, X, y, loss, 0)
    prog = program(C)
    full = whole_graph(C)
    shown = lecture_view(full)
    ident = {v: f"n{k}" for k, v in enumerate(shown.order)}
    edges, dps = edges_live(full, shown, prog.index, ident)
    return {
        "program": prog.to_dict(),
        "nodes": {ident[v]: prog.index[v] for v in shown.order},
        "names": {ident[v]: node_name(v) for v in shown.order},
        "edges": edges,
        "dps": dps,
        "root": ident[C],
        "x": [prog.index[x] for x in xs],
        "y": prog.index[target],
        "output": prog.index[out],
        "params": [prog.index.get(p, -1) for p in params],
        "drawn": [ident.get(p) for p in params],
    }, prog


def playground(
    model: Any,
    X: Sequence[Sequence[float]],
    y: Sequence[float],
    *,
    loss: Loss,
    cost: Value | None = None,
    lr: float = 0.5,
    threshold: float = 0.0,
    grid: int = 24,
    title: str = "Training, live: W ← W − η·∂C/∂W in the page",
) -> Playground:
    """A page that trains ``model`` on ``X``, ``y`` by full-batch gradient descent in the
    browser, offline: ▶ play, ❚❚ pause, one step, reset, η; the cost curve C per epoch, the
    decision boundary (score > ``threshold``; 2-D inputs), the mean |∂C/∂w| per layer, and the
    network in layers with each weight's edge (or matrix cell) clickable for its value,
    ∂C/∂w and its paths to one sample's cost Cᵢ at the current epoch. The key p (or
    *present*) redraws it for a projector: every text ≥ 24 px at 1280×720, the explanation an
    overlay that h hides.

    ``cost`` is the graph trained: ``nn.batch_cost(model, X, y, loss=…, alpha=…)`` trains as
    ``nn.fit`` does (the same graph, so after k epochs the same cost); left out, ``loss`` over
    all samples. ``loss`` ((scores, targets) → Value, e.g. ``nn.hinge``) also gives Cᵢ. The
    model's parameters must be named as `nn` names them (w⁽ˡ⁾ₖ,ⱼ, b⁽ˡ⁾ₖ)."""
    if not X or len(X) != len(y):
        raise ValueError(f"X and y must be non-empty and equally long: {len(X)} vs {len(y)}")
    named = list(model.named_parameters())
    names = [name for name, _ in named]
    params = [p for _, p in named]
    layers = _layers(names)
    if not layers:
        raise ValueError("the model's parameters have no lecture names (w⁽ˡ⁾ₖ,ⱼ): use an nn.MLP")
    targets = [float(t) for t in y]
    sample, sample_program = _sample(model, X, targets, loss, params)
    C = cost if cost is not None else loss([model(list(x)) for x in X], targets)
    if not isinstance(C, Value):
        raise TypeError(f"cost must be a Value (nn.batch_cost(…)), not {type(C).__name__}")
    prog = program(C)
    for v in sample_program.order:  # each layer's f, from the op that made its a⁽ˡ⁾₁
        parsed = parse_label(v.label) if v.label else None
        if parsed is not None and parsed[0] == "a" and parsed[2] == (1,) and v._op is not None:
            for L in layers:
                if L["layer"] == parsed[1]:
                    L["f"] = v._op.symbol.replace("({0})", "")
    for L in layers:
        L["sup"] = sup(L["layer"])
        L.setdefault("f", "")
    points = [[float(v) for v in row] for row in X]
    data: dict[str, Any] = {
        "cost": {
            "program": prog.to_dict(names=False),
            "params": [prog.index.get(p, -1) for p in params],
            "penalty": any(v.label == "L2" for v in prog.order),
        },
        "sample": sample,
        "names": [shorten(n) for n in names],
        "layers": layers,
        "inputs": len(X[0]),
        "points": points,
        "targets": targets,
        "eta": lr,
        "threshold": threshold,
        "grid": grid if len(X[0]) == 2 else 0,
        "colors": list(PATH_COLORS),
    }
    code = script([prog, sample_program])
    scripts = ["engine.js", "pages.js", "playground.js"]
    return Playground(page(title, _body(title, lr), data, scripts, code), data)


def _body(title: str, lr: float) -> str:
    return f"""
<div class="explorer playground">
<header><h1>{html.escape(title)}</h1>
<div class="controls">
  <button type="button" data-action="play" title="train: one epoch after another">▶ play</button>
  <button type="button" data-action="pause" title="stop after this epoch">❚❚ pause</button>
  <button type="button" data-action="step" title="one epoch: W ← W − η·∂C/∂W">step</button>
  <button type="button" data-action="reset" title="the initial weights, epoch 0">reset</button>
  <label class="eta">η = <input type="text" inputmode="decimal" data-eta value="{lr:g}" size="4"
    aria-label="learning rate η"></label>
  <label>speed <select data-speed aria-label="epochs per frame">
    <option value="1">1 epoch a frame</option><option value="10">10 a frame</option>
    <option value="0">as fast as it goes</option></select></label>
  <span>epoch <b data-epoch>0</b></span>
  <span>C = <b data-cost-text></b><span data-cost hidden></span></span>
  <span><span class="long">accuracy</span><span class="short">acc.</span>
    <b data-accuracy></b></span>
  <button type="button" data-action="view" data-view="matrices" aria-pressed="false"
    title="each layer's weights as a matrix of clickable cells">weights as matrices</button>
  <button type="button" data-action="present" aria-pressed="false"
    title="presentation mode: large text for a projector (p; Esc leaves)"><span
    class="long">present</span><span class="short">exit ✕</span></button>
  <button type="button" class="short" data-action="overlay"
    title="hide or show the explanation (h)">paths</button>
</div></header>
<main>
  <div class="canvas net-area" data-role="net"></div>
  <div class="charts" data-role="charts"></div>
  <aside class="panel">
    <button type="button" class="overlay-toggle" data-action="overlay"
      title="hide or show the explanation (h)">hide ✕</button>
    <div data-role="panel"></div></aside>
</main>
<div class="tip" data-role="tip" hidden></div>
</div>"""
