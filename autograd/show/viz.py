"""Drawing the graph and the chain rule on it, ready to put on a slide.

`draw_graph` draws a computation graph: each node with its label, value and gradient ∂C/∂node,
and each edge with its local derivative ∂child/∂parent — the factor the chain rule multiplies
there. `draw_paths` draws only the paths from one weight w to the cost C, each edge as the
lecture writes it (``∂z₁/∂W₁ = x = 0.5``), and the product of each path written out with its
numbers; their sum is ∂C/∂w. `draw_layers` draws the classic layered picture of an MLP's forward
pass. `draw_step` draws one step of `backward_steps`, `step_frames` all of them on one fixed
layout. All return a `graphviz.Digraph` (Jupyter shows it inline; `autograd.show.render.render`
writes files).

Every text is plain Unicode, one text run per line (`autograd.notation.labels`), in Arial — the font
graphviz-pure draws with (as Arimo) and that browsers and system Graphviz find under that name
(Arial, Arimo or Liberation Sans: the same widths) — so the picture is the same from either
renderer. Text is never below 14 pt and the slide preset keeps figures near 16:9, so that text
is ≥ 14 px when the figure fills a 1280×720 slide. Every string in the lecture's notation comes
from `autograd.show.text`; every formula from the op table.
"""

from __future__ import annotations

import math
import textwrap
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograd.backward import topological_order
from autograd.notation.labels import clean, html_line
from autograd.notation.names import definition, node_name, partial_of, split_partial
from autograd.show.explore import (  # the interactive page, beside the drawings
    explore,
    explore_training,
)
from autograd.show.paths import Edge, Path, PathGraph, path_graph, whole_graph
from autograd.show.render import new_digraph
from autograd.show.text import (
    counted,
    edge_text,
    factor,
    grad_text,
    number,
    partial,
    product_text,
    step_text,
)
from autograd.show.view import (  # one look for every output
    KIND_FILLS,
    PATH_COLORS,
    lecture_view,
    node_kind,
)
from autograd.value import Value

if TYPE_CHECKING:
    import graphviz

    from autograd.show.steps import BackwardStep, Contribution

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

MAX_NODES = 120
DRAWN_PATHS = 12
FONT = "Arial"
TITLE_PT = 16  # node names
TEXT_PT = 14  # everything else: never smaller (≥ 14 px on a 1280×720 slide, see the module)
WRAP = 34  # characters per line before a long formula wraps onto the next line
EDGE_WRAP = 46  # edge labels sit beside a top-to-bottom edge: width is cheap, height is not
FOLD_EDGE_WRAP = 36  # in a folded figure (two columns) width is the scarce one
DEFINITION = 26  # a node's formula longer than this (a wide Σ w·a + b) is left to its edges
LEGEND_WRAP = 64

# Colours chosen to read on a projector and in greyscale print.
_INK = "#222222"
_BEST = "#c0392b"
_GREY = "#9a9a9a"
_CONVERGING = 3  # edges into one node from which their labels get leader lines (decorate)
_STEP = "#d35400"


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    """One line of a label: its text, size, colour and weight."""

    text: str
    size: int = TEXT_PT
    color: str | None = None
    bold: bool = False


_KEEP = "\ue000"  # a space textwrap must not break at (a private-use character, never shown)


def _wrap(text: str, width: int = WRAP) -> list[str]:
    """Long formulas onto several lines, broken at spaces (never inside a name, nor inside a
    parenthesised term that fits on a line: ``(1 − a₁)`` stays whole)."""
    lines: list[str] = []
    for raw in clean(text).split("\n"):
        wrapped = textwrap.wrap(
            _keep_groups(raw, width), width, break_long_words=False, break_on_hyphens=False
        )
        wrapped = [line.replace(_KEEP, " ") for line in wrapped]
        # "z = w₁·a₁ + … + b =" over "−0.5" hides the value: carry the "=" down, as the
        # lecture writes a continued equation ("= −0.5")
        for i in range(len(wrapped) - 1):
            if wrapped[i].endswith(" ="):
                wrapped[i], wrapped[i + 1] = wrapped[i][:-2], "= " + wrapped[i + 1]
        lines += wrapped or [""]
    return lines


def _keep_groups(text: str, width: int) -> str:
    """``text`` with the spaces inside each outermost ``( … )`` that is a formula (an operator,
    no comma: not a prose aside) and fits in ``width`` made unbreakable."""
    out = list(text)
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth, start = depth + 1, (i if depth == 0 else start)
        elif ch == ")" and depth > 0:
            depth -= 1
            group = text[start:i]
            formula = "," not in group and any(op in group for op in "·−+/×^")
            if depth == 0 and formula and i - start < width:
                out[start:i] = [_KEEP if c == " " else c for c in group]
    return "".join(out)


def _lines(text: str, width: int = WRAP, **style: object) -> list[_Line]:
    return [_Line(t, **style) for t in _wrap(text, width)]  # type: ignore[arg-type]


def _html(lines: Sequence[_Line], *, bgcolor: str | None = None) -> str:
    """A table with one cell — one text run — per line (no sub/superscript runs), centred:
    graphviz-pure's runs are then re-anchored at their centres (`autograd.show.render`)."""
    rows = []
    for ln in lines:
        for part in clean(ln.text).split("\n"):  # a user's newline: one more text run
            text = html_line(part) or " "
            if ln.bold:
                text = f"<b>{text}</b>"
            color = f' color="{ln.color}"' if ln.color else ""
            rows.append(f'<tr><td><font point-size="{ln.size}"{color}>{text}</font></td></tr>')
    bg = f' bgcolor="{bgcolor}"' if bgcolor else ""
    return (
        f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="1"{bg}>'
        + "".join(rows)
        + "</table>>"
    )


def _title(v: Value) -> str:
    """A node's heading: its name, and for a labelled op how it is computed (a₁ = σ(z₁))."""
    name = node_name(v)
    formula = definition(v)
    if not formula or v.label is None:
        return name
    return name if len(formula) > DEFINITION else f"{name} = {formula}"


def _node_lines(
    v: Value,
    root: Value,
    grad: float | None,
    *,
    value: bool = True,
    notes: Sequence[_Line] = (),
    grad_lines: Sequence[_Line] | None = None,
) -> list[_Line]:
    """Heading ``a₁ = σ(z₁) = 0.622`` (name = formula = value, as the slide writes it), then
    ``∂C₀/∂a₁ = 0.348`` (or ``grad_lines`` that say how that sum came about), then notes."""
    title = _title(v) + (f" = {number(v.data)}" if value else "")
    lines = _lines(title, size=TITLE_PT, bold=True)
    if grad_lines is not None:
        lines += grad_lines
    elif grad is not None:
        lines += _lines(grad_text(root, v, grad))
    return lines + list(notes)


def _edge_lines(e: Edge, color: str | None = None, width: int = EDGE_WRAP) -> list[_Line]:
    """``∂z₁/∂W₁ = x = 0.5`` on one line, or the symbol over ``= formula = value`` when longer
    than ``width`` characters."""
    text = edge_text(e)
    if len(text) <= width:
        return [_Line(text, color=color)]
    symbol, rest = text.split(" = ", 1)
    return _lines(symbol, color=color) + _lines("= " + rest, color=color)


def _gradient_node(v: Value) -> bool:
    """A gradient computed by ``grad(..., create_graph=True)``: an op node labelled ∂C/∂v."""
    return bool(v.parents) and v.label is not None and split_partial(v.label) is not None


# --- the graph object --------------------------------------------------------------------------


def _new_graph(name: str, rankdir: str, *, slide: bool = True) -> graphviz.Digraph:
    g = new_digraph(name)
    g.attr(rankdir=rankdir, nodesep="0.3", ranksep="0.14", fontname=FONT, pad="0.12")
    if slide:
        g.attr(ratio=str(9 / 16))  # stretch the layout (not the text) to 16:9
    g.attr("node", shape="box", style="rounded,filled", fontname=FONT, margin="0.1,0.03")
    g.attr("edge", fontname=FONT, fontsize=str(TEXT_PT), arrowsize="0.8", color="#555555")
    return g


def _add_node(
    g: graphviz.Digraph,
    ident: str,
    lines: Sequence[_Line],
    kind: str,
    *,
    color: str = "#333333",
    penwidth: str = "1",
    **attrs: str,
) -> None:
    g.node(
        ident,
        label=_html(lines),
        fillcolor=KIND_FILLS[kind],
        color=color,
        penwidth=penwidth,
        **attrs,
    )


def _auto_rankdir(view: PathGraph) -> str:
    """ "TB" or "LR": the direction in which ``view`` comes out nearer to a 16:9 slide.

    Left to right, the lecture's network is 9 ranks in a row: 16:9 can then only be reached by
    spreading it over a canvas so wide that its text is unreadable on a slide. So estimate both
    drawings from the number of ranks (each node's longest distance to C) and the widest rank.
    """
    rank: dict[Value, int] = {view.C: 0}
    for u in reversed(view.order):  # topological order reversed: C first, each node after its users
        for e in view.out.get(u, ()):
            rank[u] = max(rank.get(u, 0), rank.get(e.v, 0) + 1)
    per_rank: dict[int, int] = {}
    for r in rank.values():
        per_rank[r] = per_rank.get(r, 0) + 1
    ranks, widest = len(per_rank), max(per_rank.values())
    # Inches: a node box ≈ 2.2 × 0.6; between ranks an edge label (≈ 2 across, ≈ 0.45 down);
    # between the nodes of one rank the nodesep.
    lr = (widest * 0.6 + (widest - 1) * 0.3) / (ranks * 2.2 + (ranks - 1) * 2.0)
    tb = (ranks * 0.6 + (ranks - 1) * 0.45) / (widest * 2.2 + (widest - 1) * 0.3)
    slide = 9 / 16
    return "LR" if abs(math.log(lr / slide)) <= abs(math.log(tb / slide)) else "TB"


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
    _grads: dict[Value, float] | None = None,
    _sizes: dict[str, tuple[float, float]] | None = None,
    _caption: str | None = None,
) -> graphviz.Digraph:
    """The computation graph of ``root`` = C: nodes with label, value and gradient ∂C/∂node
    (parameters, inputs and the cost in distinct colours), each op's formula, and every edge
    with its local derivative as the lecture writes it, ``∂z/∂w = a = 0.5``.

    ``collapse=True`` keeps labelled nodes and leaves only (`autograd.show.view.lecture_view`; edges
    then carry total derivatives);
    ``None`` collapses automatically when the graph has more than ``max_nodes`` nodes, and
    says so. A graph still too large raises `ValueError` instead of producing an unreadable
    drawing. ``params`` says which leaves are parameters (default: labelled leaves not named
    x… or y…). ``show_grad=False`` leaves the gradients out (a forward-pass figure).
    ``slide=True`` stretches the layout to 16:9. ``rankdir``: "LR" (left to right), "TB" (top
    to bottom) or "auto", whichever suits the graph's shape: a deep chain such as the lecture's
    network top to bottom, a wide one such as a neuron's inputs left to right.

    ``fold=True`` is for a gradient's own graph (``grad(C, w, create_graph=True)``): an edge
    between two computed gradients (nodes named ∂C/∂v) points up, so the forward pass runs
    down one column and the backward pass back up another beside it — a U that fits a slide,
    where a single column of both passes would be twice as tall.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_graph takes a Value, not {type(root).__name__}")
    full = whole_graph(root)
    view = full
    note = None
    if collapse or (collapse is None and len(full.order) > max_nodes):
        view = lecture_view(full)
        note = (
            f"{len(full.order):,} nodes collapsed to {len(view.order):,} (the labelled ones, "
            "the leaves and the root); each edge is the total derivative between two of them "
            "— label more nodes to see more"
        )
        if collapse is None and len(view.order) <= max_nodes:
            warnings.warn(f"draw_graph: {note}", stacklevel=2)
    if len(view.order) > max_nodes:
        raise ValueError(
            f"The graph has {len(full.order):,} nodes, {len(view.order):,} of them labelled, "
            f"which is more than max_nodes={max_nodes}, so a drawing would be unreadable. "
            f"Draw one weight's paths with draw_paths(C, w), or pass a larger max_nodes."
        )
    param_set = set(params) if params is not None else None
    grads = step.grads if step is not None else _grads
    if rankdir == "auto":
        rankdir = _auto_rankdir(view)
    g = _new_graph("graph", rankdir, slide=slide)
    c_name, shown = node_name(root), counted(len(view.order), "node")
    if step is not None:
        g.what = f"backward step {step.index + 1} of {len(step.order)} on {c_name}'s graph, {shown}"
    elif _grads is not None:
        g.what = f"step 0 (the seed) of backward() on {c_name}'s graph, {shown}"
    else:
        g.what = f"the graph of {c_name}, {shown}" + ("" if view is full else " (labelled ones)")
    ids = {v: f"n{i}" for i, v in enumerate(view.order)}
    touched: dict[Value, list[Contribution]] = {}
    for c in step.contributions if step is not None else ():
        touched.setdefault(c.parent, []).append(c)
    # Nodes backward has reached: the root, and every parent of a node already processed.
    reached: set[Value] | None = None
    if step is not None:
        reached = {root}
        for u in step.order[: step.index + 1]:
            reached.update(u.parents)
    elif _grads is not None:
        reached = {root}  # the seed frame: only ∂C/∂C = 1 is known
    for v in view.order:
        grad: float | None = grads.get(v, v.grad) if grads is not None else v.grad
        if not show_grad:
            grad = None
        kind = node_kind(v, root, param_set)
        fixed = {}
        if _sizes is not None and ids[v] in _sizes:
            w_in, h_in = _sizes[ids[v]]
            fixed = {"width": f"{w_in:.3f}", "height": f"{h_in:.3f}", "fixedsize": "true"}
        if fold and v.parents:
            # Each pass in a column of its own (a group keeps its nodes aligned): the forward
            # pass down one side, the backward pass up the other.
            fixed["group"] = "backward" if _gradient_node(v) else "forward"
        if step is not None and v is step.node:
            # The node being processed: its colour says it; the caption says what it does.
            notes = (
                []
                if _caption is not None
                else [
                    _Line(t, color=_STEP, bold=True)
                    for t in _wrap(
                        f"now: passes {partial(root, v)} = {number(step.upstream)} to its parents"
                        if v.parents
                        else "now: a leaf, its gradient is final"
                    )
                ]
            )
            _add_node(
                g,
                ids[v],
                _node_lines(v, root, grad, notes=notes),
                kind,
                color=_STEP,
                penwidth="4",
                **fixed,
            )
        elif v in touched and step is not None:
            # The chain rule's += in the gradient's own line: before + local × upstream = after.
            name = partial(root, v)
            texts = [
                f"{name} = {number(c.before)} + {factor(c.local)} × {factor(step.upstream)}"
                f" = {number(c.after)}"
                for c in touched[v]
            ]
            if len(texts) > 1:  # one parent, several edges: the += made visible
                texts = [f"edge {i}: {t}" for i, t in enumerate(texts, start=1)]
            grad_lines = [_Line(t, color=_STEP, bold=True) for t in texts]
            _add_node(
                g,
                ids[v],
                _node_lines(v, root, grad, grad_lines=grad_lines),
                kind,
                color=_STEP,
                penwidth="2",
                **fixed,
            )
        elif reached is not None and v not in reached and grad is not None:
            # Backward has not got here yet: say so, rather than show a 0 a student would take
            # for a real zero gradient.
            waiting = [_Line(f"{partial(root, v)}: not reached yet", color=_GREY)]
            _add_node(g, ids[v], _node_lines(v, root, grad, grad_lines=waiting), kind, **fixed)
        else:
            _add_node(g, ids[v], _node_lines(v, root, grad), kind, **fixed)
    drawn = [e for e in view.edges() if e.u in ids and e.v in ids]
    # Where three or more edges converge left to right on one node (a neuron's inputs into
    # z), dot stacks their labels between the fanning edges, and a label can sit nearer a
    # neighbour's edge than its own: decorate=true underlines each and draws a leader line to
    # its edge. Top to bottom the labels sit beside their own edges, and leader lines would
    # only cross the neighbours.
    converging = Counter(e.v for e in drawn) if rankdir == "LR" else Counter()
    for e in drawn:
        active = step is not None and e.v is step.node and e.u in touched
        color = _STEP if active else _INK
        lines = _edge_lines(e, color, FOLD_EDGE_WRAP if fold else EDGE_WRAP)
        ends, direction = (ids[e.u], ids[e.v]), {}
        if fold and _gradient_node(e.u) and _gradient_node(e.v):
            # Declared v → u, its arrowhead drawn at v (dir=back): the layout then ranks the
            # later gradient above the earlier one, and the backward chain climbs back up.
            ends, direction = (ids[e.v], ids[e.u]), {"dir": "back"}
        g.edge(
            *ends,
            label=_html(lines, bgcolor="white"),
            color=_STEP if active else "#555555",
            penwidth="3" if active else "1.2",
            **direction,
            **({"decorate": "true"} if converging[e.v] >= _CONVERGING else {}),
        )
    if note is not None:
        # The note has a band of its own below the drawing: in a folded figure, whose height
        # is what runs out, three long lines rather than five short ones.
        note_wrap = LEGEND_WRAP if fold else WRAP
        g.attr(label=_html(_lines(note, note_wrap, color=_GREY)), labelloc="b", labeljust="l")
    if _caption is not None:
        g.attr(ranksep="0.12", nodesep="0.25")
        fixed = {}
        if _sizes is not None and "caption" in _sizes:
            w_in, h_in = _sizes["caption"]
            fixed = {"width": f"{w_in:.3f}", "height": f"{h_in:.3f}", "fixedsize": "true"}
        g.node(
            "caption",
            label=_html(_lines(_caption, 64, size=TITLE_PT, bold=True)),
            shape="plaintext",
            style="",
            **fixed,
        )
    return g


def step_frames(
    root: Value, *, rankdir: str = "TB", slide: bool = True
) -> list[tuple[str, graphviz.Digraph]]:
    """The backward pass from ``root`` = C as slides on ONE fixed layout: frame 0 is the seed
    ∂C/∂C = 1, frame k the k-th node processed, each parent's gradient growing by
    local × upstream (the chain rule) and, where a node is used twice, a second ``+=``.
    Returns (caption, drawing) pairs; the caption names the node processed.

    Every node keeps its place: each node's box is sized once, to fit its text in every frame,
    and edges carry the same labels throughout — so only colours and numbers change.
    """
    from autograd.show.render import layout_sizes
    from autograd.show.steps import backward_steps

    steps = list(backward_steps(root))
    zero = {v: 0.0 for v in steps[0].order}
    zero[root] = steps[0].upstream
    captions = [f"step 0: the seed, {partial(root, root)} = {number(zero[root])}"]
    for st in steps:
        inputs = [c.parent for c in st.contributions]
        captions.append(step_text(st.index + 1, st.node, st.upstream, root, inputs))

    def frames(sizes: dict[str, tuple[float, float]] | None) -> list[graphviz.Digraph]:
        out = [
            draw_graph(
                root, rankdir=rankdir, slide=slide, _grads=zero, _sizes=sizes, _caption=captions[0]
            )
        ]
        for st, caption in zip(steps, captions[1:]):
            out.append(
                draw_graph(
                    root, rankdir=rankdir, slide=slide, step=st, _sizes=sizes, _caption=caption
                )
            )
        return out

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


def _legend(
    paths: Sequence[Path], colors: Sequence[str], n_total: int, C: Value, w: Value, total: float
) -> str:
    c_w = partial(C, w)
    lines: list[_Line] = []
    if len(paths) == 1 and n_total == 1:
        p = paths[0]
        lines += _lines(
            f"{c_w} = " + " · ".join(p.symbols()), LEGEND_WRAP, size=TITLE_PT, bold=True
        )
        lines += _lines("= " + product_text(p), LEGEND_WRAP, size=TITLE_PT)
    else:
        lines += _lines(
            f"{c_w} = Σ over paths of Π local derivatives", LEGEND_WRAP, size=TITLE_PT, bold=True
        )
        common = set(paths[0].nodes).intersection(*(p.nodes for p in paths[1:]))
        for i, (p, color) in enumerate(zip(paths, colors), start=1):
            # Only where this path differs from the others: its name on the slide.
            chain = "via " + " → ".join(node_name(v) for v in p.nodes if v not in common)
            lines += _lines(f"path {i}: {chain}", LEGEND_WRAP, color=color, bold=True)
            lines += _lines(product_text(p), LEGEND_WRAP, color=color)
        if n_total > len(paths):
            shown = math.fsum(p.product for p in paths)
            more = n_total - len(paths)
            adds = "adds" if more == 1 else "add"
            lines.append(
                _Line(f"… and {counted(more, 'more path')} {adds} {number(total - shown)}")
            )
        lines.append(_Line(f"sum = {c_w} = {number(total)}", size=TITLE_PT, bold=True))
    if w.grad != 0.0 or total == 0.0:
        same = math.isclose(w.grad, total, rel_tol=1e-9, abs_tol=1e-12)
        verdict = "equal" if same else "DIFFERS"
        lines += _lines(
            f"{node_name(w)}.grad from backward() = {number(w.grad)} ({verdict})", LEGEND_WRAP
        )
    return _html(lines)


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
    along more than ``DRAWN_PATHS`` paths (or ``limit`` is given) only the largest |product|
    paths are drawn and the legend counts the rest. ``context=True`` also draws the rest of
    C's graph, greyed, when it fits in ``max_nodes``. The chain runs top to bottom
    (``rankdir="TB"``), so a long one fits a 16:9 slide with the legend beside it.
    """
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("draw_paths(C, w) takes two Values")
    pg = path_graph(C, w, collapse=collapse)
    n_total = pg.count()
    if n_total == 0:
        c_name, w_name = node_name(C), node_name(w)
        swapped = (
            f"; {w_name} depends on {c_name} — the cost comes first: draw_paths(C, w), so did "
            f"you mean draw_paths({w_name}, {c_name})?"
            if path_graph(w, C, collapse=False).count()  # the other way round there are paths
            else ""
        )
        raise ValueError(f"{c_name} does not depend on {w_name}: there is no path{swapped}")
    paths = pg.top(limit if limit is not None else min(n_total, DRAWN_PATHS))
    total = pg.total()
    param_set = set(params) if params is not None else None
    colors = [PATH_COLORS[i % len(PATH_COLORS)] for i in range(len(paths))]

    nodes: list[Value] = []
    seen: set[Value] = set()
    for p in paths:
        for v in p.nodes:
            if v not in seen:
                seen.add(v)
                nodes.append(v)
    if len(nodes) > max_nodes:
        raise ValueError(
            f"The {len(paths)} paths drawn cross {len(nodes)} nodes, more than "
            f"max_nodes={max_nodes}; pass a smaller limit= to draw fewer of them."
        )
    g = _new_graph("paths", rankdir, slide=slide)
    n_paths = counted(n_total, "path")
    drawn = "" if len(paths) == n_total else f" ({len(paths)} drawn)"
    shown = counted(len(nodes), "node")
    g.what = f"the {n_paths} from {node_name(w)} to {node_name(C)}{drawn}, {shown}"
    order = topological_order(C) if context else pg.order
    ids = {v: f"n{i}" for i, v in enumerate(order)}
    position = {v: i for i, v in enumerate(pg.order)}
    nodes.sort(key=position.__getitem__)  # creation order: neuron k above neuron k + 1

    # Which drawn paths use each edge: an edge on one path takes its colour, a shared one ink.
    users: dict[int, list[int]] = {}
    edge_of: dict[int, Edge] = {}
    for i, p in enumerate(paths):
        for e in p.edges:
            users.setdefault(id(e), []).append(i)
            edge_of[id(e)] = e
    out_drawn: dict[Value, list[Edge]] = {}
    for e in edge_of.values():
        out_drawn.setdefault(e.u, []).append(e)

    if context and len(order) <= max_nodes:
        for v in order:
            if v not in seen:
                g.node(
                    ids[v],
                    label=_html([_Line(node_name(v), color=_GREY)]),
                    color=_GREY,
                    fillcolor="#fafafa",
                )
        for v in order:
            for parent in v.parents:
                if not (parent in seen and v in seen):
                    g.edge(ids[parent], ids[v], color=_GREY)

    for v in nodes:
        kind = node_kind(v, C, param_set)
        grad = v.grad if (w.grad != 0.0 or total == 0.0) else None
        extra: dict[str, str] = {}
        sum_lines = None
        if len(out_drawn.get(v, ())) > 1 and grad is not None:
            # The split: forward, v feeds several nodes; backward() adds their gradients here.
            outs = pg.out[v]
            terms = [f"{factor(e.factor)}·{factor(e.v.grad)}" for e in outs]
            sum_lines = _lines(
                f"{partial(C, v)} = Σ {partial_of('u', node_name(v))} · "
                f"{partial_of(node_name(C), 'u')} "
                f"over the {len(outs)} nodes u it feeds",
                44,
                bold=True,
            )
            sum_lines += _lines("= " + " + ".join(terms) + f" = {number(grad)}", 44)
            extra = {"peripheries": "2"}
        lines = _node_lines(v, C, grad, grad_lines=sum_lines)
        if v is w:
            _add_node(
                g, ids[v], lines, "param" if kind != "cost" else kind, color=_BEST, penwidth="3"
            )
        else:
            _add_node(g, ids[v], lines, kind, **extra)
    for key, e in edge_of.items():
        on = users[key]
        color = colors[on[0]] if len(on) == 1 else _INK
        g.edge(
            ids[e.u],
            ids[e.v],
            label=_html(_edge_lines(e, color), bgcolor="white"),
            color=color,
            penwidth="2.5",
        )
    g.node(
        "legend", label=_legend(paths, colors, n_total, C, w, total), shape="plaintext", style=""
    )
    beside = paths[0].nodes[(len(paths[0].nodes) - 1) // 2]
    with g.subgraph() as row:  # the legend beside the middle of the chain, not under it
        row.attr(rank="same")
        row.node(ids[beside])
        row.node("legend")
    return g


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
    g = _new_graph("layers", "LR", slide=slide)
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
                label=_html([_Line(name, size=TITLE_PT, bold=True)]),
                style="rounded",
                color="#bbbbbb",
            )
            for k, (ident, a) in enumerate(zip(row, layer)):
                lines = _lines(f"{node_name(a)} = {number(a.data)}", size=TITLE_PT, bold=True)
                z = a.parents[0] if (a.parents and a.parents[0].parents) else None
                if l > 0 and z is not None and z.label is not None and z is not a:
                    lines += _lines(f"{node_name(z)} = {number(z.data)}")
                if biases is not None and l > 0:
                    b = biases[l - 1][k]
                    lines += _lines(f"{node_name(b)} = {number(b.data)}")
                kind = "input" if l == 0 else ("cost" if l == len(layers) - 1 else "op")
                c.node(ident, label=_html(lines), fillcolor=KIND_FILLS[kind])
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
                    label=_html([_Line(f"{node_name(w)} = {number(w.data)}")], bgcolor="white"),
                    color=PATH_COLORS[j % len(PATH_COLORS)],
                    fontcolor=PATH_COLORS[j % len(PATH_COLORS)],
                    penwidth="1.6",
                )
    return g
