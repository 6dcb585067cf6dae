"""Drawing the graph and the chain rule on it, ready to put on a slide.

`draw_graph` draws a computation graph: each node with its label, value and gradient ∂C/∂node,
and each edge with its local derivative ∂child/∂parent — the factor the chain rule multiplies
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

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from autograd.notation.names import node_name
from autograd.show.draw import (
    BEST,
    CONVERGING,
    EDGE_WRAP,
    FOLD_EDGE_WRAP,
    GREY,
    INK,
    LEGEND_WRAP,
    STEP,
    TITLE_PT,
    WRAP,
    Line,
    add_node,
    auto_rankdir,
    edge_lines,
    gradient_node,
    html,
    lines,
    new_graph,
    node_lines,
)
from autograd.show.explore import (  # the interactive page, beside the drawings
    explore,
    explore_training,
)
from autograd.show.paths import path_graph
from autograd.show.text import counted, factor, number, partial, product_text, seed_text
from autograd.show.view import (  # one look for every output
    KIND_FILLS,
    MAX_NODES,
    PATH_COLORS,
    ContributionView,
    GraphView,
    NodeView,
    PathsView,
    StepView,
    graph_view,
)
from autograd.show.weight_paths import paths_view
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz

    from autograd.show.steps import BackwardStep

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
_SEED = -1  # the frame before any step: ∂C/∂C = 1 is all backward() knows


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
    x… or y…). ``show_grad=False`` leaves the gradients out (a forward-pass figure).
    ``slide=True`` stretches the layout to 16:9. ``rankdir``: "LR" (left to right), "TB" (top
    to bottom) or "auto", whichever suits the graph's shape: a deep chain such as the lecture's
    network top to bottom, a wide one such as a neuron's inputs left to right. ``step``: one
    of `backward_steps` to draw (as `draw_step` does; every op's node, so not collapsed).

    ``fold=True`` is for a gradient's own graph (``grad(C, w, create_graph=True)``): an edge
    between two computed gradients (nodes named ∂C/∂v) points up, so the forward pass runs
    down one column and the backward pass back up another beside it — a U that fits a slide,
    where a single column of both passes would be twice as tall.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value, not {type(root).__name__}")
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
        warnings.warn(f"draw_graph: {_collapsed_note(view)}", stacklevel=2)
    frame = None if step is None else step.index
    return _figure(view, rankdir, slide=slide, fold=fold, show_grad=show_grad, frame=frame)


def _collapsed_note(view: GraphView) -> str:
    return (
        f"{view.whole:,} nodes collapsed to {len(view.nodes):,} (the labelled ones, "
        "the leaves and the root); each edge is the total derivative between two of them "
        "— label more nodes to see more"
    )


def _figure(
    view: GraphView,
    rankdir: str,
    *,
    slide: bool,
    fold: bool = False,
    show_grad: bool = True,
    frame: int | None = None,
    caption: str | None = None,
    sizes: dict[str, tuple[float, float]] | None = None,
) -> graphviz.Digraph:
    """``view`` drawn: as it is (``frame`` None), at the seed (`_SEED`) or after backward step
    ``frame``, with a ``caption`` node under it, each box of the fixed ``sizes`` (inches)."""
    nodes = {n.id: n for n in view.nodes}
    root = nodes[view.root].name
    step = view.steps[frame] if frame is not None and frame != _SEED else None
    if rankdir == "auto":
        rankdir = auto_rankdir(view)
    g = new_graph("graph", rankdir, slide=slide)
    shown = counted(len(view.nodes), "node")
    if step is not None:
        g.what = f"backward step {step.index + 1} of {len(view.steps)} on {root}'s graph, {shown}"
    elif frame is not None:
        g.what = f"step 0 (the seed) of backward() on {root}'s graph, {shown}"
    else:
        g.what = f"the graph of {root}, {shown}" + (" (labelled ones)" if view.collapsed else "")
    if step is not None:
        grads = step.grads
    elif frame is not None:  # the seed: only ∂C/∂C is known
        grads = {view.root: view.steps[0].upstream}
    else:
        grads = {n.id: n.grad for n in view.nodes}
    reached = None if frame is None else view.reached(frame)
    touched = {} if step is None else _added(step, root, nodes)
    for n in view.nodes:
        grad = grads.get(n.id, 0.0) if show_grad else None
        fixed = _fixed(sizes, n.id)
        if fold and not n.leaf:
            # Each pass in a column of its own (a group keeps its nodes aligned): the forward
            # pass down one side, the backward pass up the other.
            fixed["group"] = "backward" if gradient_node(n) else "forward"
        if step is not None and n.id == step.node:
            # The node being processed: its colour says it; the caption says what it does.
            now = (
                f"now: passes {partial(root, n.name)} = {number(step.upstream)} to its parents"
                if not n.leaf
                else "now: a leaf, its gradient is final"
            )
            notes = [] if caption is not None else lines(now, color=STEP, bold=True)
            rows = node_lines(n, root, grad, notes=notes)
            add_node(g, n.id, rows, n.kind, color=STEP, penwidth="4", **fixed)
        elif n.id in touched:
            texts = touched[n.id]
            if len(texts) > 1:  # one parent, several edges: the += made visible
                texts = [f"edge {i}: {t}" for i, t in enumerate(texts, start=1)]
            added = [Line(t, color=STEP, bold=True) for t in texts]
            rows = node_lines(n, root, grad, grad_lines=added)
            add_node(g, n.id, rows, n.kind, color=STEP, penwidth="2", **fixed)
        elif reached is not None and n.id not in reached and grad is not None:
            # Backward has not got here yet: say so, rather than show a 0 a student would take
            # for a real zero gradient.
            waiting = [Line(f"{partial(root, n.name)}: not reached yet", color=GREY)]
            add_node(g, n.id, node_lines(n, root, grad, grad_lines=waiting), n.kind, **fixed)
        else:
            add_node(g, n.id, node_lines(n, root, grad), n.kind, **fixed)
    _graph_edges(g, view, step.contributions if step is not None else (), rankdir, fold)
    if view.collapsed:
        # The note has a band of its own below the drawing: in a folded figure, whose height
        # is what runs out, three long lines rather than five short ones.
        note = lines(_collapsed_note(view), LEGEND_WRAP if fold else WRAP, color=GREY)
        g.attr(label=html(note), labelloc="b", labeljust="l")
    if caption is not None:
        g.attr(ranksep="0.12", nodesep="0.25")
        g.node(
            "caption",
            label=html(lines(caption, 64, size=TITLE_PT, bold=True)),
            shape="plaintext",
            style="",
            **_fixed(sizes, "caption"),
        )
    return g


def _added(step: StepView, root: str, nodes: dict[str, NodeView]) -> dict[str, list[str]]:
    """For each parent a step adds to, the chain rule's += in the gradient's own line:
    ``∂C₀/∂a = before + local × upstream = after`` (one line per edge)."""
    out: dict[str, list[str]] = {}
    for c in step.contributions:
        out.setdefault(c.parent, []).append(
            f"{partial(root, nodes[c.parent].name)} = {number(c.before)} + {factor(c.local)} × "
            f"{factor(step.upstream)} = {number(c.after)}"
        )
    return out


def _fixed(sizes: dict[str, tuple[float, float]] | None, ident: str) -> dict[str, str]:
    """A box of the size found for it in every frame (`step_frames`), or no size at all."""
    if sizes is None or ident not in sizes:
        return {}
    w_in, h_in = sizes[ident]
    return {"width": f"{w_in:.3f}", "height": f"{h_in:.3f}", "fixedsize": "true"}


def _graph_edges(
    g: graphviz.Digraph,
    view: GraphView,
    added: Sequence[ContributionView],
    rankdir: str,
    fold: bool,
) -> None:
    """Every edge with its local derivative; those a step adds along (``added``: its
    contributions) in the step's colour."""
    nodes = {n.id: n for n in view.nodes}
    active = {c.edge for c in added}
    # Where three or more edges converge left to right on one node (a neuron's inputs into
    # z), dot stacks their labels between the fanning edges, and a label can sit nearer a
    # neighbour's edge than its own: decorate=true underlines each and draws a leader line to
    # its edge. Top to bottom the labels sit beside their own edges, and leader lines would
    # only cross the neighbours.
    converging = Counter(e.child for e in view.edges) if rankdir == "LR" else Counter()
    for e in view.edges:
        on = e.id in active
        color = STEP if on else INK
        label = html(edge_lines(e, color, FOLD_EDGE_WRAP if fold else EDGE_WRAP), bgcolor="white")
        ends, direction = (e.parent, e.child), {}
        if fold and gradient_node(nodes[e.parent]) and gradient_node(nodes[e.child]):
            # Declared v → u, its arrowhead drawn at v (dir=back): the layout then ranks the
            # later gradient above the earlier one, and the backward chain climbs back up.
            ends, direction = (e.child, e.parent), {"dir": "back"}
        g.edge(
            *ends,
            label=label,
            color=STEP if on else "#555555",
            penwidth="3" if on else "1.2",
            **direction,
            **({"decorate": "true"} if converging[e.child] >= CONVERGING else {}),
        )


def step_frames(
    root: Value, *, rankdir: str = "TB", slide: bool = True, max_nodes: int = MAX_NODES
) -> list[tuple[str, graphviz.Digraph]]:
    """The backward pass from ``root`` = C as slides on ONE fixed layout: frame 0 is the seed
    ∂C/∂C = 1, frame k the k-th node processed, each parent's gradient growing by
    local × upstream (the chain rule) and, where a node is used twice, a second ``+=``.
    Returns (caption, drawing) pairs; the caption names the node processed.

    Every node keeps its place: each node's box is sized once, to fit its text in every frame,
    and edges carry the same labels throughout — so only colours and numbers change. Every
    op's node is drawn: a graph of more than ``max_nodes`` raises `ValueError`.
    """
    from autograd.show.render import layout_sizes
    from autograd.show.steps import backward_steps

    run = backward_steps(root)
    view = graph_view(
        root, collapse=False, max_nodes=max_nodes, with_paths=False, steps=run, instead=_INSTEAD
    )
    captions = [seed_text(root, view.steps[0].upstream)] + [s.caption for s in view.steps]

    def frames(sizes: dict[str, tuple[float, float]] | None) -> list[graphviz.Digraph]:
        return [
            _figure(view, rankdir, slide=slide, frame=k, caption=caption, sizes=sizes)
            for k, caption in enumerate(captions, start=_SEED)
        ]

    # Size each box once, to the largest it is in any frame; then draw every frame with it.
    sizes: dict[str, tuple[float, float]] = {}
    for frame in frames(None):
        for name, (w_in, h_in) in layout_sizes(frame).items():
            old = sizes.get(name, (0.0, 0.0))
            sizes[name] = (max(old[0], w_in), max(old[1], h_in))
    return list(zip(captions, frames(sizes)))


def draw_step(step: BackwardStep, **kwargs: object) -> graphviz.Digraph:
    """The graph at one step of `backward_steps`: the node being processed, each edge to its
    parents as local × upstream, and each parent's grad before and after the ``+=``."""
    return draw_graph(step.root, step=step, **kwargs)  # type: ignore[arg-type]


# --- paths ---------------------------------------------------------------------------------------


def _legend(view: GraphView, pv: PathsView, colors: Sequence[str]) -> str:
    names = {n.id: n.name for n in view.nodes}
    symbols = {e.id: e.symbol for e in view.edges}
    c_w = partial(names[view.root], names[pv.node])
    rows: list[Line] = []
    paths = pv.paths
    if len(paths) == 1 and pv.count == 1:
        p = paths[0]
        chain = " · ".join(symbols[e] for e in p.edges)
        rows += lines(f"{c_w} = {chain}", LEGEND_WRAP, size=TITLE_PT, bold=True)
        rows += lines("= " + product_text(p.factors), LEGEND_WRAP, size=TITLE_PT)
    else:
        rows += lines(
            f"{c_w} = Σ over paths of Π local derivatives", LEGEND_WRAP, size=TITLE_PT, bold=True
        )
        common = set(paths[0].nodes).intersection(*(p.nodes for p in paths[1:]))
        for i, (p, color) in enumerate(zip(paths, colors), start=1):
            # Only where this path differs from the others: its name on the slide.
            chain = "via " + " → ".join(names[v] for v in p.nodes if v not in common)
            rows += lines(f"path {i}: {chain}", LEGEND_WRAP, color=color, bold=True)
            rows += lines(product_text(p.factors), LEGEND_WRAP, color=color)
        if pv.count > len(paths):
            more = pv.count - len(paths)
            adds = "adds" if more == 1 else "add"
            rows.append(Line(f"… and {counted(more, 'more path')} {adds} {number(pv.rest)}"))
        rows.append(Line(f"sum = {c_w} = {number(pv.total)}", size=TITLE_PT, bold=True))
    if pv.grad != 0.0 or pv.total == 0.0:
        verdict = "equal" if pv.agrees else "DIFFERS"
        rows += lines(
            f"{names[pv.node]}.grad from backward() = {number(pv.grad)} ({verdict})", LEGEND_WRAP
        )
    return html(rows)


def draw_paths(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int | None = None,
    context: bool = False,
    max_nodes: int = MAX_NODES,
    params: Iterable[Value] | None = None,
    rankdir: str = "TB",
    slide: bool = True,
) -> graphviz.Digraph:
    """The chain rule for ∂C/∂w, drawn: every path from ``w`` to ``C``, each in its own colour,
    each edge with its partial as the lecture writes it (``∂z₁/∂W₁ = x = 0.5``: symbol, formula
    from the op table, value), each node with ∂C/∂node, and a legend with each path's product
    written out, ``0.5 × 0.235 × (−1.2) × … = 0.0409``; their sum = ∂C/∂w, checked against
    ``w.grad`` when backward() has run. Where paths split (a node with several drawn edges
    out), the node is marked: backward() sums there, ∂C/∂v = Σₖ ∂uₖ/∂v · ∂C/∂uₖ.

    ``collapse=True`` (default) is the lecture's view, labelled nodes only. When w reaches C
    along more than ``DRAWN_PATHS`` (12) paths (or ``limit`` is given) only the largest
    |product| paths are drawn and the legend counts the rest. ``context=True`` also draws the
    rest of C's graph, greyed, when it fits in ``max_nodes``. The chain runs top to bottom
    (``rankdir="TB"``), so a long one fits a 16:9 slide with the legend beside it.
    """
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("draw_paths(C, w) takes two Values")
    view = paths_view(
        C, w, collapse=collapse, limit=limit, params=params, max_nodes=max_nodes, context=context
    )
    if not view.nodes:
        c_name, w_name = node_name(C), node_name(w)
        swapped = (
            f"; {w_name} depends on {c_name} — the cost comes first: draw_paths(C, w), so did "
            f"you mean draw_paths({w_name}, {c_name})?"
            if path_graph(w, C, collapse=False).count()  # the other way round there are paths
            else ""
        )
        raise ValueError(f"{c_name} does not depend on {w_name}: there is no path{swapped}")
    (pv,) = view.paths.values()
    root = _name(view, view.root)
    colors = [PATH_COLORS[i % len(PATH_COLORS)] for i in range(len(pv.paths))]
    on = {v for p in pv.paths for v in p.nodes}
    g = new_graph("paths", rankdir, slide=slide)
    drawn = "" if len(pv.paths) == pv.count else f" ({len(pv.paths)} drawn)"
    shown = counted(len(on), "node")
    g.what = (
        f"the {counted(pv.count, 'path')} from {_name(view, pv.node)} to {root}{drawn}, {shown}"
    )
    # Which drawn paths use each edge: an edge on one path takes its colour, a shared one ink.
    users: dict[str, list[int]] = {}
    for i, p in enumerate(pv.paths):
        for eid in p.edges:
            users.setdefault(eid, []).append(i)
    for n in view.nodes:  # the rest of C's graph (context=True), greyed
        if n.id not in on:
            g.node(n.id, label=html([Line(n.name, color=GREY)]), color=GREY, fillcolor="#fafafa")
    for e in view.edges:
        if e.id not in users:
            g.edge(e.parent, e.child, color=GREY)
    shows_grads = pv.grad != 0.0 or pv.total == 0.0  # backward() has run
    for n in view.nodes:
        if n.id in on:
            _path_node(g, n, root, pv, n.grad if shows_grads else None)
    for e in view.edges:
        if e.id in users:
            color = colors[users[e.id][0]] if len(users[e.id]) == 1 else INK
            label = html(edge_lines(e, color), bgcolor="white")
            g.edge(e.parent, e.child, label=label, color=color, penwidth="2.5")
    g.node("legend", label=_legend(view, pv, colors), shape="plaintext", style="")
    beside = pv.paths[0].nodes[(len(pv.paths[0].nodes) - 1) // 2]
    with g.subgraph() as row:  # the legend beside the middle of the chain, not under it
        row.attr(rank="same")
        row.node(beside)
        row.node("legend")
    return g


def _name(view: GraphView, ident: str) -> str:
    return next(n.name for n in view.nodes if n.id == ident)


def _path_node(
    g: graphviz.Digraph, n: NodeView, root: str, pv: PathsView, grad: float | None
) -> None:
    """A node on a drawn path; w in red; where the drawn paths split, the sum backward() forms
    there written out (forward, v feeds several nodes; backward() adds their gradients)."""
    sum_rows = None
    extra: dict[str, str] = {}
    if n.id in pv.splits and grad is not None:
        outs = pv.splits[n.id]
        terms = [f"{factor(local)}·{factor(upstream)}" for local, upstream in outs]
        sum_rows = lines(
            f"{partial(root, n.name)} = Σ {partial('u', n.name)} · {partial(root, 'u')} "
            f"over the {len(outs)} nodes u it feeds",
            44,
            bold=True,
        )
        sum_rows += lines("= " + " + ".join(terms) + f" = {number(grad)}", 44)
        extra = {"peripheries": "2"}
    rows = node_lines(n, root, grad, grad_lines=sum_rows)
    if n.id == pv.node:
        add_node(g, n.id, rows, "param" if n.kind != "cost" else n.kind, color=BEST, penwidth="3")
    else:
        add_node(g, n.id, rows, n.kind, **extra)


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
    slide: bool = True,
) -> graphviz.Digraph:
    """The classic picture of an MLP's forward pass: the input layer, the hidden layers and the
    output layer side by side, named; neurons 1 … k from top to bottom, each showing its forward
    values, z = Σⱼ wⱼ·aⱼ + b and a = φ(z); every edge aⱼ → neuron k carrying its weight wₖ,ⱼ.

    ``layers[0]`` are the inputs a⁽⁰⁾ = x, ``layers[l]`` the outputs a⁽ˡ⁾ of layer l;
    ``weights[l − 1][k][j]`` is the weight from neuron j of layer l − 1 to neuron k of layer l
    (``[[n.w for n in layer.neurons] for layer in model.layers]``), ``biases`` likewise. Nothing
    backward is drawn: this is forward propagation only.
    """
    _check_layer_weights(layers, weights)
    g = new_graph("layers", "LR", slide=slide)
    sizes = "-".join(str(len(layer)) for layer in layers)
    shown = counted(sum(map(len, layers)), "node")
    g.what = f"the layers of a {sizes} network, forward values, {shown}"
    g.attr(newrank="true", nodesep="0.2", ranksep="0.3")
    names = ["input layer"]
    names += [f"hidden layer {i}" for i in range(1, len(layers) - 1)]
    names.append("output layer")
    ids: list[list[str]] = []
    for l, (layer, name) in enumerate(zip(layers, names)):
        row = [f"l{l}n{k}" for k in range(len(layer))]
        ids.append(row)
        with g.subgraph(name=f"cluster_{l}") as c:
            c.attr(
                label=html([Line(name, size=TITLE_PT, bold=True)]),
                style="rounded",
                color="#bbbbbb",
            )
            for k, (ident, a) in enumerate(zip(row, layer)):
                rows = lines(f"{node_name(a)} = {number(a.data)}", size=TITLE_PT, bold=True)
                z = a.parents[0] if (a.parents and a.parents[0].parents) else None
                if l > 0 and z is not None and z.label is not None and z is not a:
                    rows += lines(f"{node_name(z)} = {number(z.data)}")
                if biases is not None and l > 0:
                    b = biases[l - 1][k]
                    rows += lines(f"{node_name(b)} = {number(b.data)}")
                kind = "input" if l == 0 else ("cost" if l == len(layers) - 1 else "op")
                c.node(ident, label=html(rows), fillcolor=KIND_FILLS[kind])
            # neuron k above neuron k + 1: a flat invisible chain fixes the order in the layer
            # (left to right in a rank is bottom to top once rankdir=LR turns it)
            c.attr(rank="same")
            for k in range(1, len(row)):
                c.edge(row[k], row[k - 1], style="invis")
    for l in range(1, len(layers)):
        for k, row_w in enumerate(weights[l - 1]):
            for j, w in enumerate(row_w):
                g.edge(
                    ids[l - 1][j],
                    ids[l][k],
                    label=html([Line(f"{node_name(w)} = {number(w.data)}")], bgcolor="white"),
                    color=PATH_COLORS[j % len(PATH_COLORS)],
                    fontcolor=PATH_COLORS[j % len(PATH_COLORS)],
                    penwidth="1.6",
                )
    return g
