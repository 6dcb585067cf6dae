"""A computation graph drawn from its view (`autograd.show.view.GraphView`): each node's box and
text — as it is, at the seed of the backward pass, or after one backward step — and each edge
with its local derivative. `autograd.show.viz` builds its drawings of graphs and backward steps
on `figure`; the boxes and text runs themselves come from `autograd.show.draw`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from autograd.show.draw import (
    EDGE_WRAP,
    FOLD_EDGE_WRAP,
    GRADIENT,
    GREY,
    INK,
    LEGEND_WRAP,
    LINE,
    STEP,
    TITLE_PT,
    WRAP,
    Line,
    add_node,
    auto_rankdir,
    edge_label,
    edge_lines,
    edge_row,
    gradient_node,
    html,
    keep_together,
    lines,
    new_graph,
    node_lines,
    node_title,
    slanted,
)
from autograd.show.palette import SERIES
from autograd.show.text import counted, grad_text, number, operands, partial
from autograd.show.view import ContributionView, GraphView, NodeView, StepView

if TYPE_CHECKING:
    import graphviz

__all__ = ["DATA", "SEED", "collapsed_note", "figure", "flow_figure"]

CONVERGING = 3  # edges into one node, left to right, from which each gets a colour of its own
SEED = -1  # the frame before any step: ∂C/∂C = 1 is all backward() knows
DATA = "data: not updated"  # x and y: their gradient is computed, never used
CAPTION_WRAP = 52  # a backward step's caption: two or three lines above the drawing


def collapsed_note(view: GraphView) -> str:
    return (
        f"{view.whole:,} nodes collapsed to {len(view.nodes):,} (the labelled ones, "
        "the leaves and the root); each edge is the total derivative between two of them "
        "— label more nodes to see more"
    )


def figure(
    view: GraphView,
    rankdir: str,
    *,
    slide: bool,
    fold: bool = False,
    show_grad: bool = True,
    frame: int | None = None,
    caption: str | None = None,
    sizes: dict[str, tuple[float, float]] | None = None,
    root_name: str | None = None,
    flow: bool = False,
    local_derivatives: bool = True,
    note: bool = False,
    strut: float = 0.0,
    narrow: bool = False,
) -> graphviz.Digraph:
    """``view`` drawn: as it is (``frame`` None), at the seed (`SEED`) or after backward step
    ``frame``, with a ``caption`` above it, each box of the fixed ``sizes`` (inches); C is
    called ``root_name`` where ``view`` (a part of a graph) does not hold it. ``flow``: the
    values and gradients on the edges (`flow_figure`), not in the nodes;
    ``local_derivatives=False``: edges without labels. ``note``: say below the drawing what the
    collapsed view left out (when it collapsed by itself, the graph being too large). ``strut``:
    inches of empty space below the drawing (to make a wide one 16:9). ``narrow``: each ``+=``
    of a step on two lines, its result (``= −0.181``) below the sum, for a frame too wide for a
    slide (`autograd.show.viz.step_frames`)."""
    nodes = {n.id: n for n in view.nodes}
    root = root_name if root_name is not None else nodes[view.root].name
    if flow:
        return flow_figure(view, rankdir, slide=slide)
    step = view.steps[frame] if frame is not None and frame != SEED else None
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
    final_now = set() if step is None else set(step.finalised)
    for n in view.nodes:
        grad = grads.get(n.id, 0.0) if show_grad else None
        fixed = _fixed(sizes, n.id)
        if fold and not n.leaf:
            # Each pass in a column of its own (a group keeps its nodes aligned): the forward
            # pass down one side, the backward pass up the other.
            fixed["group"] = "backward" if gradient_node(n) else "forward"
        data = n.kind == "input" and grad is not None
        if step is not None and n.id == step.node:
            # The node being processed: its colour says it; the caption says what it does.
            now = f"now: passes {partial(root, n.name)} = {number(step.upstream)} to its parents"
            notes = [] if caption is not None else lines(now, color=STEP, bold=True)
            rows = node_lines(n, root, grad, notes=notes)
            add_node(g, n.id, rows, n.kind, color=STEP, penwidth="4", **fixed)
        elif n.id in touched:
            texts = touched[n.id]
            if len(texts) > 1:  # one parent, several edges: the += made visible
                texts = [f"edge {i}: {t}" for i, t in enumerate(texts, start=1)]
            color = GREY if data else STEP
            if narrow:  # "∂C₀/∂W₂ = 0.622 × (−0.29)" over "= −0.181"
                texts = [part for t in texts for part in _result_below(t)]
            added = [Line(t, color=color, bold=not data) for t in texts]
            if n.id in final_now:  # its last consumer is done: nothing more will come
                added.append(Line(DATA if data else "final", color=color, bold=not data))
            rows = node_lines(n, root, grad, grad_lines=added)
            add_node(g, n.id, rows, n.kind, color=STEP, penwidth="2", **fixed)
        elif reached is not None and n.id not in reached and grad is not None:
            # Backward has not got here yet: say so, rather than show a 0 a student would take
            # for a real zero gradient.
            waiting = [Line(f"{partial(root, n.name)}: not reached yet", color=GREY)]
            add_node(g, n.id, node_lines(n, root, grad, grad_lines=waiting), n.kind, **fixed)
        elif data:  # x, y: backward() computes ∂C/∂x, but gradient descent never uses it
            assert grad is not None
            greyed = [*lines(grad_text(root, n.name, grad), color=GREY), Line(DATA, color=GREY)]
            add_node(g, n.id, node_lines(n, root, grad, grad_lines=greyed), n.kind, **fixed)
        else:
            # Without gradients (a forward figure) C is only the last value computed: the fill
            # that says "backward() starts here" would say something the figure does not show.
            kind = "op" if n.kind == "cost" and not show_grad else n.kind
            add_node(g, n.id, node_lines(n, root, grad), kind, **fixed)
    passing = step.contributions if step is not None else ()
    _graph_edges(g, view, passing, rankdir, fold, labelled=local_derivatives)
    if view.collapsed and note:
        # The note has a band of its own below the drawing: in a folded figure, whose height
        # is what runs out, three long lines rather than five short ones.
        band = lines(collapsed_note(view), LEGEND_WRAP if fold else WRAP, color=GREY)
        g.attr(label=html(band), labelloc="b", labeljust="l")
    if strut > 0:  # an invisible post below the last row: the drawing as tall as 16:9 wants
        g.node("strut", label="", shape="box", style="invis", width="0.01",
               height=f"{strut:.3f}", fixedsize="true")  # fmt: skip
        for n in view.nodes:
            if all(e.parent != n.id for e in view.edges):
                g.edge(n.id, "strut", style="invis")
    if caption is not None:  # above the drawing, as a slide's title (a node, not the graph's
        # label: the slide preset's 16:9 then holds for the whole picture, caption included)
        g.attr(ranksep="0.12", nodesep="0.25")
        # the clauses after the first ("times each edge's local derivative", "final: W₁, b₁",
        # "x is data: not updated", from text.step_text) each on one line, never split
        head, *rest = re.split(r"(; |, (?=times ))", caption)  # [head, sep, clause, sep, …]
        title = head + "".join(p if k % 2 == 0 else keep_together(p) for k, p in enumerate(rest))
        g.node(
            "caption",
            label=html(lines(title, CAPTION_WRAP, size=TITLE_PT, bold=True)),
            shape="plaintext",
            style="",
            **_fixed(sizes, "caption"),
        )
        fed = {e.child for e in view.edges}
        for n in view.nodes:  # invisible edges onto the first rank put the caption above it
            if n.id not in fed:
                g.edge("caption", n.id, style="invis")
    return g


def _added(step: StepView, root: str, nodes: dict[str, NodeView]) -> dict[str, list[str]]:
    """For each parent a step adds to, the chain rule's += in the gradient's own line:
    ``∂C₀/∂a = before + local × upstream = after``, the ``before`` left out while it is still
    the 0 the pass started from (one line per edge)."""
    out: dict[str, list[str]] = {}
    for c in step.contributions:
        before, local, upstream = operands([c.before, c.local, c.upstream], _plus_times, c.after)
        before = "" if c.before == 0.0 and c.parent not in out else f"{before} + "
        out.setdefault(c.parent, []).append(
            f"{partial(root, nodes[c.parent].name)} = {before}{local} × {upstream} = "
            f"{number(c.after)}"
        )
    return out


def _plus_times(v: Sequence[float]) -> float:
    """``before + local × upstream``: the += a step writes out."""
    return v[0] + v[1] * v[2]


def _result_below(text: str) -> list[str]:
    """A step's ``∂C/∂v = local × upstream = after`` as the sum, then ``= after`` below it."""
    head, sep, result = text.rpartition(" = ")
    return [head, "= " + result] if sep else [text]


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
    *,
    labelled: bool = True,
) -> None:
    """Every edge with its local derivative (unless not ``labelled``); those a step adds along
    (``added``: its contributions) in the step's colour."""
    nodes = {n.id: n for n in view.nodes}
    active = {c.edge for c in added}
    # Where three or more edges converge left to right on one node (a neuron's inputs into z),
    # dot stacks their labels between the fanning edges, where a label can sit nearer a
    # neighbour's edge than its own: each such edge and its label share a colour of their own.
    # (Top to bottom the labels sit beside their own edges.)
    into: dict[str, list[str]] = {}
    for e in view.edges:
        into.setdefault(e.child, []).append(e.id)
    tint = {
        eid: SERIES[i % len(SERIES)]
        for ids in into.values()
        if rankdir == "LR" and len(ids) >= CONVERGING
        for i, eid in enumerate(ids)
    }
    slant = slanted(view.edges)
    for e in view.edges:
        on = e.id in active
        color = STEP if on else tint.get(e.id, INK)
        label = edge_label(
            edge_lines(e, color, FOLD_EDGE_WRAP if fold else EDGE_WRAP), slant=e.id in slant
        )
        ends, direction = (e.parent, e.child), {}
        if fold and gradient_node(nodes[e.parent]) and gradient_node(nodes[e.child]):
            # Declared v → u, its arrowhead drawn at v (dir=back): the layout then ranks the
            # later gradient above the earlier one, and the backward chain climbs back up.
            ends, direction = (e.child, e.parent), {"dir": "back"}
        g.edge(
            *ends,
            **({"label": label} if labelled else {}),
            color=STEP if on else tint.get(e.id, LINE),
            penwidth="3" if on else ("2" if e.id in tint else "1.2"),
            **direction,
        )


def flow_figure(view: GraphView, rankdir: str, *, slide: bool) -> graphviz.Digraph:
    """The graph as CS231n draws a circuit: on every edge u → v the value u passes forward,
    and beside it, in the gradient's colour, what backward() passes back along it,
    ← ∂v/∂u · ∂C/∂v (∂C/∂u itself where u is used once: their sum where it is used more);
    the nodes say only what they compute. Data (x, y) passes its gradient back in grey: it
    is never updated. C's own box keeps its value and the seed ∂C/∂C = 1."""
    nodes = {n.id: n for n in view.nodes}
    root = nodes[view.root]
    if rankdir == "auto":
        rankdir = auto_rankdir(view)
    g = new_graph("flow", rankdir, slide=slide)
    g.what = f"the graph of {root.name}, values and gradients on its edges"
    for n in view.nodes:
        if n.id == view.root:
            add_node(g, n.id, node_lines(n, root.name, n.grad), n.kind)
        else:
            title = n.name if n.leaf else node_title(n)
            add_node(g, n.id, lines(title, size=TITLE_PT, bold=True), n.kind)
    slants = slanted(view.edges)
    for e in view.edges:
        tail, head = nodes[e.parent], nodes[e.child]
        back = e.value * head.grad  # what the step at head adds to tail's gradient
        shade = GREY if tail.kind == "input" else GRADIENT
        cells = [Line(f"{number(tail.value)} "), Line(f"← {number(back)}", color=shade, bold=True)]
        label = edge_row(cells, slant=e.id in slants)
        g.edge(e.parent, e.child, label=label, color=INK, penwidth="1.6")
    key = [
        Line("on each edge u → v: the value u passes forward,"),
        Line(f"then ← what flows back to u: ∂v/∂u · {partial(root.name, 'v')}", color=GRADIENT),
    ]
    g.node("key", label=html(key), shape="plaintext", style="")
    with g.subgraph() as row:  # the key beside C, whose box is as tall (two lines)
        row.attr(rank="same")
        row.node(view.root)
        row.node("key")
    return g
