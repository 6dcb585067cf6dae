"""Drawing the graph and the chain rule on it, ready to put on a slide.

`draw_graph` draws a computation graph: each node with its label, value and gradient ∂C/∂node,
and each edge with its local derivative ∂out/∂in — the factor the chain rule multiplies
there. `draw_paths` draws only the paths from one weight w to the cost C, each edge as the
lecture writes it (``∂z₁/∂W₁ = x = 0.5``), and the product of each path written out with its
numbers; their sum is ∂C/∂w. `draw_layers` draws the classic layered picture of an MLP's forward
pass. `draw_step` draws one step of `backward_steps`, `step_frames` all of them on one fixed
layout. All return a `graphviz.Digraph` (Jupyter shows it inline; `autograd.show.render.render`
writes files).

What a drawing shows comes from the view model (`autograd.show.view`: `graph_view`,
`paths_view`), as the explorer's does — a node's text, a gradient, an edge's formula exist there
once; how it looks (boxes, text runs, colours) from `autograd.show.draw`.
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from autograd.backward import topological_order
from autograd.notation.labels import sub, sup
from autograd.notation.names import definition, looks_like_data, node_name
from autograd.show.draw import (
    INK,
    INTRO_TEXT_PX,
    LIGHT_GREY,
    LINE,
    PAD_IN,
    TITLE_PT,
    Line,
    fits_slide,
    html,
    lines,
    new_graph,
)
from autograd.show.explore import (  # the interactive page, beside the drawings
    explore,
    explore_training,
)
from autograd.show.figure import SEED, collapsed_note, figure
from autograd.show.paths_drawing import draw_paths, slide_text_px
from autograd.show.text import (
    counted,
    number,
    seed_text,
)
from autograd.show.view import (  # one look for every output
    KIND_FILLS,
    MAX_NODES,
    PATH_COLORS,
    GraphView,
    graph_view,
)
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz

    from autograd.show.steps import BackwardStep, By

_Drawn = TypeVar("_Drawn")  # one drawing, or a part's frames (`_larger_text`)

__all__ = [
    "PATH_COLORS",
    "draw_graph",
    "draw_layers",
    "draw_paths",
    "draw_step",
    "explore",
    "explore_training",
    "step_frames",
]

# What a drawing too large to read suggests instead (`graph_view`'s ``instead``).
_INSTEAD = "Draw one weight's paths with draw_paths(C, w)"


# --- the graph ---------------------------------------------------------------------------------


def draw_graph(
    root: Value,
    *,
    max_nodes: int = MAX_NODES,
    collapse: bool | None = None,
    params: Iterable[Value] | None = None,
    rankdir: str = "auto",
    step: BackwardStep | None = None,
    show_grad: bool = True,
    slide: bool = True,
    fold: bool = False,
    flow: bool = False,
    local_derivatives: bool = True,
) -> graphviz.Digraph:
    """The computation graph of ``root`` = C: nodes with label, value and gradient ∂C/∂node
    (each node's ``.grad``, what backward() left; parameters, inputs and the cost in distinct
    colours), each op's formula, and every edge with its local derivative as the lecture
    writes it, ``∂z/∂w = a = 0.5``.

    ``collapse=True`` keeps labelled nodes and leaves only (`autograd.show.view.lecture_view`;
    edges then carry total derivatives); ``None`` collapses automatically when the graph has
    more than ``max_nodes`` nodes (`autograd.show.view.MAX_NODES`, the explorer's cap too), and
    says so. A graph still too large raises `ValueError` instead of producing an unreadable
    drawing. ``params`` says which leaves are parameters (default: labelled leaves not named
    x… or y…). ``show_grad=False`` leaves the gradients out and ``local_derivatives=False`` the
    edges' labels (a forward-pass figure: values only).
    ``slide=True`` stretches the layout to 16:9. ``rankdir``: "LR" (left to right), "TB" (top
    to bottom) or "auto", whichever suits the graph's shape: a deep chain such as the lecture's
    network top to bottom, a wide one such as a neuron's inputs left to right. ``step``: one
    of `backward_steps` to draw (as `draw_step` does; on the lecture's view, collapsed, when the
    steps are by name).

    ``fold=True`` is for a gradient's own graph (``grad(C, w, create_graph=True)``): an edge
    between two computed gradients (nodes named ∂C/∂v) points up, so the forward pass runs
    down one column and the backward pass back up another beside it — a U that fits a slide,
    where a single column of both passes would be twice as tall.

    ``flow=True`` draws it as CS231n draws a circuit (`autograd.show.figure.flow_figure`):
    above each edge the value going forward, below it in the gradient's colour what
    backward() passes back along it (← ∂v/∂u · ∂C/∂v); the nodes say only what they compute.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value, not {type(root).__name__}")
    if step is not None and collapse is None:
        collapse = _lecture_steps(root, step.by)
    view = graph_view(
        root,
        params=params,
        collapse=collapse,
        max_nodes=max_nodes,
        with_paths=False,
        fresh=False,
        steps=None if step is None else step.run,
        instead=_INSTEAD,
    )
    if view.collapsed and collapse is None:
        warnings.warn(f"draw_graph: {collapsed_note(view)}", stacklevel=2)
    frame = None if step is None else step.index
    return figure(
        view,
        rankdir,
        slide=slide,
        fold=fold,
        show_grad=show_grad,
        frame=frame,
        flow=flow,
        local_derivatives=local_derivatives,
        note=view.collapsed and collapse is None,
    )


def step_frames(
    root: Value,
    *,
    rankdir: str = "TB",
    slide: bool = True,
    max_nodes: int = MAX_NODES,
    collapse: bool | None = None,
    by: By = "name",
    params: Iterable[Value] | None = None,
    min_px: float | None = INTRO_TEXT_PX,
) -> list[tuple[str, graphviz.Digraph]]:
    """The backward pass from ``root`` = C as slides: frame 0 is the seed ∂C/∂C = 1, frame k
    the k-th step of `backward_steps` — layer by layer, one step per named node (``by="op"``:
    per op node) — each parent's gradient growing by local × upstream (the chain rule) and,
    where a node is used twice, a second ``+=``. A leaf is marked final in the step that
    completes its gradient; data (x, y) is greyed: its gradient is never used. Returns
    (caption, drawing) pairs; the caption says what the step does.

    ``collapse=True`` draws the lecture's view, the labelled nodes, each edge the lecture's
    factor; ``False`` every op's node; ``None`` (default) the lecture's view where it leaves an
    unlabelled op node out (steps by name), else every op's node — every edge drawn, so a node
    used twice by one op (a·a) shows its two ``+=``. A graph too large for a ``min_px`` font
    on a 1280×720 slide (`autograd.show.draw.fits_slide`) is split into parts
    of consecutive steps, each drawing the nodes those steps touch (the node, its inputs and
    where its gradient came from); ``min_px=None`` draws every frame whole. Within a part every
    node keeps its place: each box is sized once, to fit its text in every frame of the part,
    and edges carry the same labels throughout — only colours and numbers change. A graph of
    more than ``max_nodes`` raises `ValueError`.
    """
    from autograd.show.steps import backward_steps

    run = backward_steps(root, by=by)
    view = graph_view(
        root,
        params=params,
        collapse=_lecture_steps(root, by) if collapse is None else collapse,
        max_nodes=max_nodes,
        with_paths=False,
        steps=run,
        instead=_INSTEAD,
    )
    captions = [seed_text(root, view.steps[0].upstream)] + [s.caption for s in view.steps]
    frames = list(range(SEED, len(view.steps)))
    parts = [frames] if min_px is None else _parts(view, frames, captions, rankdir, slide, min_px)
    out: list[graphviz.Digraph] = []
    for part in parts:
        shown = view if min_px is None else _part_view(view, part)
        # a part that cannot split further and is still too wide: each += on two lines, the
        # sum over its result, when that makes the text larger
        draw = functools.partial(
            _sized_frames, shown, part, captions, rankdir, slide, node_name(root)
        )  # draw(narrow)
        drawn: list[graphviz.Digraph] = _larger_text(draw, _last_frame_px, min_px)
        out += drawn
    return list(zip(captions, out))


def _larger_text(
    draw: Callable[[bool], _Drawn], px: Callable[[_Drawn], float], min_px: float | None
) -> _Drawn:
    """``draw(False)``; where its text (``px``: the font size once it fills a slide) comes out
    below ``min_px``, ``draw(True)`` — the narrow variant, its lines stacked — instead, if that
    makes the text larger. ``min_px=None``: the first drawing as it is."""
    drawn = draw(False)
    if min_px is None or px(drawn) >= min_px:
        return drawn
    narrow = draw(True)
    return narrow if px(narrow) > px(drawn) else drawn


def _last_frame_px(frames: list[graphviz.Digraph]) -> float:
    """`slide_text_px` of a part's last frame, its largest (every box at its largest)."""
    return slide_text_px(frames[-1])


def _lecture_steps(root: Value, by: By) -> bool:
    """Whether steps by ``by`` are best drawn on the lecture's view: by name, and the graph has
    an unlabelled op node for that view to fold away (otherwise both views hold the same nodes,
    and only the graph of every op keeps both edges of an a·a)."""
    from autograd.backward import topological_order

    return by == "name" and any(v.parents and v.label is None for v in topological_order(root))


def _sized_frames(
    view: GraphView,
    part: Sequence[int],
    captions: Sequence[str],
    rankdir: str,
    slide: bool,
    root: str,
    narrow: bool = False,
) -> list[graphviz.Digraph]:
    """The frames ``part`` of ``view``, every box sized to the largest it is in any of them;
    for a slide, a frame wider than 16:9 gets an invisible strut below it that brings it
    toward 16:9 (the renderers' own ``ratio`` does not stretch every such layout). Three tries:
    the strut widens the layout too, so a wide, low frame (the lecture's seed) stays ≈ 1.9:1,
    which keeps its text ≥ 24 px; reaching 16:9 would cost that with graphviz-pure.
    ``narrow``: each ``+=`` on two lines (`autograd.show.figure.figure`)."""
    from autograd.show.render import drawing_size, layout_sizes

    sizes: dict[str, tuple[float, float]] = {}
    for k in part:
        caption = captions[k - SEED]
        drawn = figure(view, rankdir, slide=False, frame=k, caption=caption, root_name=root,
                       narrow=narrow)  # fmt: skip
        for name, (w_in, h_in) in layout_sizes(drawn).items():
            old = sizes.get(name, (0.0, 0.0))
            sizes[name] = (max(old[0], w_in), max(old[1], h_in))

    def frame(k: int, strut: float) -> graphviz.Digraph:
        caption = captions[k - SEED]
        return figure(view, rankdir, slide=slide, frame=k, caption=caption, sizes=sizes,
                      root_name=root, strut=strut, narrow=narrow)  # fmt: skip

    strut = 0.0
    for _ in range(3 if slide and rankdir == "TB" else 0):  # a strut can move things: again
        width, height = drawing_size(frame(part[0], strut))
        short = (width * 9 / 16 - height) / 72
        if short < 0.05:
            break
        strut += short
    return [frame(k, strut) for k in part]


def _part_view(view: GraphView, part: Sequence[int]) -> GraphView:
    """``view`` cut down to what the frames ``part`` show: at each step its node, the nodes it
    passes its gradient to and those it came from (at the seed, C alone)."""
    keep: set[str] = set()
    for k in part:
        at = view.root if k == SEED else view.steps[k].node
        keep |= {at} | {e.parent for e in view.edges if e.child == at}
        keep |= {e.child for e in view.edges if e.parent == at}
    nodes = tuple(n for n in view.nodes if n.id in keep)
    edges = tuple(e for e in view.edges if e.parent in keep and e.child in keep)
    return dataclasses.replace(view, nodes=nodes, edges=edges, paths={})


def _parts(
    view: GraphView,
    frames: Sequence[int],
    captions: Sequence[str],
    rankdir: str,
    slide: bool,
    min_px: float,
) -> list[list[int]]:
    """Consecutive frames grouped into parts as long as each part's drawing, every box at its
    largest, still fits a slide with a ``min_px`` font; a single frame always makes a part."""
    from autograd.show.render import drawing_size

    parts: list[list[int]] = []
    for k in frames:
        if parts:
            trial = [*parts[-1], k]
            shown = _part_view(view, trial)
            root = next(n.name for n in view.nodes if n.id == view.root)
            *_, last = _sized_frames(shown, trial, captions, rankdir, slide, root)
            if fits_slide(*drawing_size(last), min_px=min_px):
                parts[-1] = trial
                continue
        parts.append([k])
    return parts


def draw_step(step: BackwardStep, **kwargs: object) -> graphviz.Digraph:
    """The graph at one step of `backward_steps`: the node being processed, each edge to its
    parents as local × upstream, and each parent's grad before and after the ``+=``."""
    return draw_graph(step.root, step=step, **kwargs)  # type: ignore[arg-type]


# --- paths ---------------------------------------------------------------------------------------


# --- the layered network -------------------------------------------------------------------------


def _check_layer_weights(
    layers: Sequence[Sequence[Value]], weights: Sequence[Sequence[Sequence[Value]]]
) -> None:
    """Raise ValueError, saying the expected shape and how to build it, unless ``weights[l − 1]``
    has one row per neuron of layer l and each row one weight per neuron of layer l − 1."""
    # A flat list such as model.parameters() is the usual mistake; say what to pass instead.
    recipe = (
        "draw_layers wants weights[l − 1][k][j], the weight from neuron j of layer l − 1 to "
        "neuron k of layer l; for an nn.MLP: "
        "[[n.w for n in layer.neurons] for layer in model.layers]"
    )
    if len(weights) != len(layers) - 1:
        raise ValueError(
            f"{recipe}. Got {len(weights)} entries for {len(layers) - 1} layers after the inputs"
        )
    for l in range(1, len(layers)):
        rows = weights[l - 1]
        if not isinstance(rows, Sequence) or len(rows) != len(layers[l]):
            raise ValueError(f"{recipe}. weights[{l - 1}] needs {len(layers[l])} rows")
        for k, row in enumerate(rows):
            if not isinstance(row, Sequence) or len(row) != len(layers[l - 1]):
                raise ValueError(
                    f"{recipe}. weights[{l - 1}][{k}] needs {len(layers[l - 1])} weights"
                )


def draw_layers(
    layers: Sequence[Sequence[Value]],
    weights: Sequence[Sequence[Sequence[Value]]],
    *,
    biases: Sequence[Sequence[Value]] | None = None,
    cost: Value | None = None,
    caption: str | None = None,
    slide: bool = True,
    min_px: float | None = INTRO_TEXT_PX,
) -> graphviz.Digraph:
    """The classic picture of an MLP's forward pass: the input layer, the hidden layers and the
    output layer side by side, each headed by its activation function f^l (the lecture's
    y′ = f^L(W^L … f¹(W¹x))); neurons 1 … k from top to bottom, each showing its forward values,
    z = Σⱼ wⱼ·aⱼ + b and a = f(z), the output named y′; every edge aⱼ → neuron k carrying its
    weight wₖ,ⱼ. Where a neuron has several inputs, each edge and its label take the colour of
    the neuron it leaves (the input layer's header says so). ``cost``: C computed from the
    output, drawn last (its box: C's formula, value and the target y). ``caption``: a line
    below the drawing (the demo's: the lecture's y′ = f²(W₂ f¹(W₁x + b₁) + b₂) in numbers).

    ``layers[0]`` are the inputs a⁽⁰⁾ = x, ``layers[l]`` the outputs a⁽ˡ⁾ of layer l;
    ``weights[l − 1][k][j]`` is the weight from neuron j of layer l − 1 to neuron k of layer l
    (``[[n.w for n in layer.neurons] for layer in model.layers]``), ``biases`` likewise. Nothing
    backward is drawn: this is forward propagation only. ``slide=True`` makes it 16:9 with a
    margin, the layers' frames as tall as their neurons, the neurons of a layer spread apart
    as far as 16:9 allows without making the text smaller (`_spread_to_slide`); where the
    text would still be smaller than a ``min_px`` font on a 1280×720 slide, each weight's value
    goes below its name (and C's below its formula) when that makes the text larger.
    """
    _check_layer_weights(layers, weights)
    from autograd.show.render import find_renderer

    if not slide:
        return _layers_figure(layers, weights, biases, cost, caption, stacked=False)

    def spread(stacked: bool) -> graphviz.Digraph:
        g = _layers_figure(layers, weights, biases, cost, caption, stacked=stacked)
        _spread_to_slide(g)
        return g

    # a wide drawing's columns of weights set its scale (graphviz-pure sets their sub- and
    # superscripts, w⁽²⁾₁,₃, far wider than a browser does): where its text comes out below
    # min_px, each weight's value below its name, if that makes the text larger
    g = _larger_text(spread, slide_text_px, min_px if find_renderer() is not None else None)
    _pad_to_slide(g)
    return g


def _layers_figure(
    layers: Sequence[Sequence[Value]],
    weights: Sequence[Sequence[Sequence[Value]]],
    biases: Sequence[Sequence[Value]] | None,
    cost: Value | None,
    caption: str | None,
    *,
    stacked: bool,
) -> graphviz.Digraph:
    """`draw_layers`' drawing before it is fitted to a slide; ``stacked``: each weight's value
    below its name (``w⁽²⁾₁,₃`` over ``= −0.819``), its label half as wide."""
    g = new_graph("layers", "LR", slide=False)  # 16:9 by a margin, at the end: `_pad_to_slide`
    sizes = "-".join(str(len(layer)) for layer in layers)
    shown = counted(sum(map(len, layers)), "node")
    g.what = f"the layers of a {sizes} network, forward values, {shown}"
    g.attr(newrank="true", nodesep=str(SPREAD_IN[0]), ranksep="0.15")
    tinted = any(len(layer) > 1 for layer in layers[:-1])  # some neuron has several inputs
    last = len(layers) - 1
    ids: list[list[str]] = []
    for l, layer in enumerate(layers):
        row = [f"l{l}n{k}" for k in range(len(layer))]
        ids.append(row)
        with g.subgraph(name=f"cluster_{l}") as c:
            c.attr(label=html(_layer_header(l, last, layer, tinted)), style="rounded",
                   color=LIGHT_GREY)  # fmt: skip
            for k, (ident, a) in enumerate(zip(row, layer)):
                name = node_name(a)
                if l == last:  # the network's output, the lecture's y′
                    name = ("y′" if len(layer) == 1 else f"y′{sub(k + 1)}") + f" = {name}"
                rows = lines(f"{name} = {number(a.data)}", size=TITLE_PT, bold=True)
                z = a.parents[0] if (a.parents and a.parents[0].parents) else None
                if l > 0 and z is not None and z.label is not None and z is not a:
                    rows += lines(f"{node_name(z)} = {number(z.data)}")
                if biases is not None and l > 0:
                    b = biases[l - 1][k]
                    rows += lines(f"{node_name(b)} = {number(b.data)}")
                kind = "input" if l == 0 else "op"
                c.node(ident, label=html(rows), fillcolor=KIND_FILLS[kind])
            # neuron k above neuron k + 1: a flat invisible chain fixes the order in the layer
            # (left to right in a rank is bottom to top once rankdir=LR turns it)
            c.attr(rank="same")
            for k in range(1, len(row)):
                c.edge(row[k], row[k - 1], style="invis")
    for l in range(1, len(layers)):
        for k, row_w in enumerate(weights[l - 1]):
            for j, w in enumerate(row_w):
                color = PATH_COLORS[j % len(PATH_COLORS)] if len(row_w) > 1 else INK
                said = [node_name(w), f"= {number(w.data)}"]
                said = said if stacked else [" ".join(said)]
                label = html([Line(t, color=color) for t in said])
                # into a layer's top neuron from the left, out of it to the right: an edge
                # from higher up would otherwise cross the layer's header ("f² = tanh")
                ports = {"headport": "w"} if k == 0 else {}
                ports |= {"tailport": "e"} if j == 0 else {}
                g.edge(ids[l - 1][j], ids[l][k], label=label, color=color, penwidth="1.6",
                       **ports)  # fmt: skip
    if cost is not None:
        _cost_box(g, cost, ids[-1], layers[0], stacked)
    if caption is not None:  # below the drawing, in the band a wide drawing leaves empty
        g.attr(label=html(lines(caption, size=TITLE_PT)), labelloc="b")
    return g


SPREAD_IN = (0.12, 1.0)  # the gap between neurons of a layer, inches: at least, at most


def _spread_to_slide(g: graphviz.Digraph) -> None:
    """Spread each layer's neurons apart (``nodesep``) until the drawing is as tall as 16:9
    allows, at most `SPREAD_IN`: a wide drawing's width sets its scale on a slide, so height
    up to 9/16 of it costs no text size, and the weights' labels between the layers get room
    (at the least gap they crowded one another's edges). Without a renderer ``g`` is left."""
    from autograd.show.render import drawing_size, find_renderer

    if find_renderer() is None:
        return
    least, most = SPREAD_IN
    g.attr(nodesep=str(least))
    width, low = drawing_size(g)
    g.attr(nodesep=str(most))
    _, high = drawing_size(g)
    room = (width + 2 * PAD_IN * 72) * 9 / 16 - 2 * PAD_IN * 72 - low  # points to fill
    share = min(max(room / (high - low), 0.0), 1.0) if high > low else 0.0
    g.attr(nodesep=f"{least + share * (most - least):.3f}")  # height grows ~linearly with it


def _pad_to_slide(g: graphviz.Digraph) -> None:
    """Make ``g`` 16:9 with a margin (above and below, or left and right) rather than the slide
    preset's stretch: a stretch spreads the layout and each layer's frame with it, so a
    one-neuron layer was a tall, mostly empty box. The text is as large on the slide either way
    (the same side limits the scale). Without a renderer ``g`` is left as it is."""
    from autograd.show.render import drawing_size, find_renderer

    if find_renderer() is None:
        return
    width, height = drawing_size(g)  # points, without the margin PAD_IN on each side
    margin = 2 * PAD_IN * 72
    extra_h = (width + margin) * 9 / 16 - (height + margin)
    extra_w = (height + margin) * 16 / 9 - (width + margin)
    pad_x = PAD_IN + max(extra_w, 0.0) / 2 / 72
    pad_y = PAD_IN + max(extra_h, 0.0) / 2 / 72
    g.attr(pad=f"{pad_x:.3f},{pad_y:.3f}")


def _layer_header(l: int, last: int, layer: Sequence[Value], tinted: bool) -> list[Line]:
    """A layer's name and its activation function f^l, as the lecture's y′ = f^L(W^L … f¹(W¹x))
    writes it; the input layer's says what an edge's colour means."""
    if l == 0:
        head = [Line("input layer", size=TITLE_PT, bold=True)]
        return head + ([Line("edge colour:"), Line("the neuron it leaves")] if tinted else [])
    a = layer[0]
    z = a.parents[0] if a.parents else None
    f = definition(a).split("(", 1)[0] if z is not None and z.parents else ""
    f = f or "identity"
    name = "output layer" if l == last else f"hidden layer {l}"
    return [Line(name, size=TITLE_PT, bold=True), Line(f"f{sup(l)} = {f}")]


def _cost_box(
    g: graphviz.Digraph,
    cost: Value,
    outputs: Sequence[str],
    inputs: Sequence[Value],
    stacked: bool,
) -> None:
    """C after the output layer: its formula and value (``stacked``: the value below), and the
    targets y it compares with."""
    leaves = [v for v in topological_order(cost) if not v.parents and v not in set(inputs)]
    targets = [v for v in leaves if looks_like_data(v)]
    head = f"{node_name(cost)} = {definition(cost)}" + ("\n" if stacked else " ")
    rows = lines(f"{head}= {number(cost.data)}", size=TITLE_PT, bold=True)
    rows += [Line(f"{node_name(y)} = {number(y.data)}") for y in targets if y.label]
    with g.subgraph(name="cluster_cost") as c:
        c.attr(label=html([Line("cost", size=TITLE_PT, bold=True)]), style="rounded",
               color=LIGHT_GREY)  # fmt: skip
        c.node("cost", label=html(rows), fillcolor=KIND_FILLS["cost"])
    for ident in outputs:
        g.edge(ident, "cost", color=LINE)
