"""A view's records as Graphviz nodes and edges: the boxes, text runs and colours of every drawing.

`autograd.show.view` decides what a drawing shows (nodes with name, value and ∂C/∂node, edges with
∂v/∂u, paths, backward steps); this module decides how it looks on a slide, and
`autograd.show.viz` puts the two together. Every text is plain Unicode, one text run per line
(`autograd.notation.labels`), in Arial — the font graphviz-pure draws with (as Arimo) and that
browsers and system Graphviz find under that name (Arial, Arimo or Liberation Sans: the same
widths) — so the picture is the same from either renderer. Text is never below `TEXT_PT` and
the slide preset keeps figures near 16:9; a lecture figure is laid out small enough that its
text's font size is ≥ `INTRO_TEXT_PX` (24 px) when it fills a 1280×720 slide (`fits_slide`).
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autograd.notation.labels import clean, html_line
from autograd.notation.names import split_partial
from autograd.show import palette
from autograd.show.render import new_digraph
from autograd.show.text import grad_text, number
from autograd.show.view import KIND_FILLS, EdgeView, GraphView, NodeView

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "ADVANCED_TEXT_PX",
    "BEST",
    "DEFINITION",
    "EDGE_GAP",
    "EDGE_WRAP",
    "FOLD_EDGE_WRAP",
    "FONT",
    "GRADIENT",
    "GREY",
    "INK",
    "INTRO_TEXT_PX",
    "LEGEND_WRAP",
    "LIGHT_GREY",
    "LINE",
    "LINE_EM",
    "PAD_IN",
    "SLANT_AFTER",
    "SLANT_GAP",
    "SLIDE_PX",
    "STEP",
    "TEXT_PT",
    "TITLE_PT",
    "WRAP",
    "Line",
    "add_node",
    "auto_rankdir",
    "edge_label",
    "edge_lines",
    "fits_slide",
    "gradient_node",
    "grid",
    "html",
    "keep_together",
    "lines",
    "new_graph",
    "node_lines",
    "node_title",
    "slanted",
    "table",
    "wrap",
]

FONT = "Arial"
TITLE_PT = 15  # node names (bold): a size above the rest, no more, so slides keep their room
TEXT_PT = 14  # everything else: never smaller
# A slide, and how big its text must be from the back of the room: a font size (em, as CSS's
# font-size: 24px) of at least 24 px on a 1280×720 slide in a lecture figure, 18 px in an
# advanced one. LINE_EM is Arial's line (ascent + descent) in em: the box a browser measures.
SLIDE_PX = (1280, 720)
PAD_IN = 0.05  # the margin around a drawing, inches: what a slide needs, no more
LINE_EM = 1.117
INTRO_TEXT_PX = 24.0
ADVANCED_TEXT_PX = 18.0
WRAP = 40  # characters per line before a long formula wraps onto the next line
EDGE_WRAP = 46  # edge labels sit beside a top-to-bottom edge: width is cheap, height is not
FOLD_EDGE_WRAP = 36  # in a folded figure (two columns) width is the scarce one
EDGE_GAP = 6  # points of clear room between an edge and its label (`edge_label`)
SLANT_GAP = 10  # the same beside an edge drawn on a slant (`slanted`)
# after the text beside a slanted edge: the neighbour slanting past its far end passes further
# from it than the label's own edge does (with 12 and 12 "∂z₂/∂a₁ = W₂" sat 7 pt from b₂'s
# edge, 13.5 pt from its own)
SLANT_AFTER = 30
DEFINITION = 18  # a node's formula longer than this (a wide Σ w·a + b) is left to its edges
LEGEND_WRAP = 64

# Colours by role, from the one palette (Okabe–Ito): projector, greyscale print, colour-blind.
INK = palette.INK
BEST = palette.SELECTED
GREY = palette.GREY
GRADIENT = palette.GRADIENT
LINE = palette.LINE
LIGHT_GREY = palette.LIGHT_GREY
STEP = palette.STEP_TEXT  # text and outlines of the step: the orange, dark enough to read


# --- text ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a label: its text, size, colour and weight."""

    text: str
    size: int = TEXT_PT
    color: str | None = None
    bold: bool = False


_KEEP = "\ue000"  # a space textwrap must not break at (a private-use character, never shown)


def keep_together(text: str) -> str:
    """``text`` that `wrap` never breaks inside (its spaces unbreakable): a short clause such as
    "x is data: not updated" stays on one line rather than leaving "x" at the end of the last."""
    return text.replace(" ", _KEEP)


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Long formulas onto several lines, broken at spaces (never inside a name, nor inside a
    parenthesised term that fits on a line: ``(1 − a₁)`` stays whole)."""
    out: list[str] = []
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
        out += wrapped or [""]
    return out


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


def lines(
    text: str,
    width: int = WRAP,
    *,
    size: int = TEXT_PT,
    color: str | None = None,
    bold: bool = False,
) -> list[Line]:
    """``text`` wrapped at ``width`` characters, every line in one style."""
    return [Line(t, size, color, bold) for t in wrap(text, width)]


def html(rows: Sequence[Line], *, bgcolor: str | None = None, pad: int = 1) -> str:
    """A table with one cell — one text run — per line (no sub/superscript runs), centred:
    graphviz-pure's runs are then re-anchored at their centres (`autograd.show.render`);
    ``pad`` points above and below each line (`_cell_pad`)."""
    cells = []
    for ln in rows:
        for part in clean(ln.text).split("\n"):  # a user's newline: one more text run
            text = html_line(part) or " "
            if ln.bold:
                text = f"<b>{text}</b>"
            color = f' color="{ln.color}"' if ln.color else ""
            cells.append(f'<tr><td><font point-size="{ln.size}"{color}>{text}</font></td></tr>')
    bg = f' bgcolor="{bgcolor}"' if bgcolor else ""
    return (
        f'<<table border="0" cellborder="0" cellspacing="0" cellpadding="{_cell_pad(pad)}"{bg}>'
        + "".join(cells)
        + "</table>>"
    )


def edge_label(rows: Sequence[Line], *, pad: int = 1, slant: bool = False) -> str:
    """An edge's label: `html`'s lines, each on a white ground, after an empty column
    `EDGE_GAP` points wide. Graphviz draws an edge along its label's left side: the column
    keeps the line clear of the text (without it "∂z₁/∂W₁ = x = 0.5" began on its arrow).
    Beside an edge on a ``slant`` (`slanted`) a neighbouring edge slants past the text's end
    too: with system Graphviz the column is `SLANT_GAP` wide and one `SLANT_AFTER` wide follows
    the text, so that the label is nearer its own edge than that neighbour (graphviz-pure
    already sets such labels well off the lines, and a wider label there costs a step frame
    its text size: 24.6 → 21.7 px for the lecture's step 1). The columns have no ground, so
    they never hide an edge that runs through them."""
    return _clear_of_edges(html(rows, pad=pad)[1:-1], slant)


def edge_row(cells: Sequence[Line], *, slant: bool = False) -> str:
    """`edge_label` for runs side by side on one line (``0.8 ← 0.0409``, each its colour), the
    slant's columns with graphviz-pure too: without them its labels touched their edges."""
    return _clear_of_edges(table([cells]), slant, pure_too=True)  # grid's padding


def _clear_of_edges(body: str, slant: bool, *, pure_too: bool = False) -> str:
    """A label's bare <table> on a white ground behind its text, with `edge_label`'s columns."""
    from autograd.show.render import find_renderer

    found = find_renderer()
    pure = found is not None and found[0] == "graphviz-pure"
    cells = body.replace("<td>", '<td bgcolor="white">')
    span = max(body.count("<tr>"), 1)
    slant = slant and (pure_too or not pure)
    before = f'<td rowspan="{span}" width="{SLANT_GAP if slant else EDGE_GAP}"></td>'
    wide = SLANT_GAP if pure or pure_too else SLANT_AFTER  # edge_row: as measured there
    after = f'<td rowspan="{span}" width="{wide}"></td>' if slant else ""
    first = cells.index("</tr>")
    cells = cells[:first] + after + cells[first:]
    return "<" + cells.replace("<tr>", "<tr>" + before, 1) + ">"


def slanted(edges: Sequence[EdgeView]) -> set[str]:
    """The ``edges`` dot draws on a slant: out of a node with several of them, or into one. The
    label sits beside the middle of its edge, so a slanted line comes nearer the label's top
    or bottom corner by its slope times half the label's height: such a label needs
    `SLANT_GAP`, not `EDGE_GAP` (06_many_paths' a₁ → z₂₁ ran through "∂z₂₁/∂a₁")."""
    parents = Counter(e.parent for e in edges)
    children = Counter(e.child for e in edges)
    return {e.id for e in edges if parents[e.parent] > 1 or children[e.child] > 1}


def _cell_pad(pad: int) -> int:
    """A table cell's padding, points, for the renderer in use: ``pad``, but a point less with
    graphviz-pure, whose cells already hold more room than a browser's text takes — a line
    ≈ 1.2 pt taller than system Graphviz's at 14 pt, a subscript or a minus sign about half
    as wide again — room that would otherwise come off the text's size on a slide."""
    from autograd.show.render import find_renderer

    found = find_renderer()
    return max(pad - 1, 0) if found is not None and found[0] == "graphviz-pure" else pad


def table(
    rows: Sequence[Sequence[Line | str]],
    *,
    bgcolor: str | None = None,
    border: str | None = None,
    pad: int = 2,
) -> str:
    """An HTML table (no outer ``<>``: `grid` adds them, or it nests in another's cell) of
    cells, one text run each, or a nested table (a str); a row of one cell spans the others.
    Factors written under their symbols, each in its own colour, line up in columns and stay
    apart with either renderer: the renderer sizes every cell itself."""
    width = max((len(r) for r in rows), default=1)
    out = []
    for row in rows:
        cells = []
        for cell in row:
            span = f' colspan="{width}"' if len(row) == 1 and width > 1 else ""
            if isinstance(cell, str):
                cells.append(f"<td{span}>{cell}</td>")
                continue
            # a user's newline (in a label) stays a line of its own: one text run each
            text = "<br/>".join(html_line(part) for part in clean(cell.text).split("\n")) or " "
            if cell.bold:
                text = f"<b>{text}</b>"
            color = f' color="{cell.color}"' if cell.color else ""
            cells.append(f'<td{span}><font point-size="{cell.size}"{color}>{text}</font></td>')
        out.append("<tr>" + "".join(cells) + "</tr>")
    bg = f' bgcolor="{bgcolor}"' if bgcolor else ""
    frame = f' border="1" color="{border}" style="rounded"' if border else ' border="0"'
    cells_at = f'cellborder="0" cellspacing="0" cellpadding="{_cell_pad(pad)}"'
    return f"<table{frame} {cells_at}{bg}>{''.join(out)}</table>"


def grid(
    rows: Sequence[Sequence[Line | str]],
    *,
    bgcolor: str | None = None,
    border: str | None = None,
    pad: int = 2,
) -> str:
    """`table` as a Graphviz HTML label."""
    return f"<{table(rows, bgcolor=bgcolor, border=border, pad=pad)}>"


def node_title(n: NodeView) -> str:
    """A node's heading: its name, and for a labelled op how it is computed (a₁ = σ(z₁))."""
    if not n.definition or not n.labelled:
        return n.name
    return n.name if len(n.definition) > DEFINITION else f"{n.name} = {n.definition}"


def node_lines(
    n: NodeView,
    root: str,
    grad: float | None,
    *,
    notes: Sequence[Line] = (),
    grad_lines: Sequence[Line] | None = None,
) -> list[Line]:
    """Heading ``a₁ = σ(z₁) = 0.622`` (name = formula = value, as the slide writes it), then
    ``∂C₀/∂a₁ = 0.348`` (``root`` is C's name; or ``grad_lines`` that say how that sum came
    about), then notes."""
    out = lines(f"{node_title(n)} = {number(n.value)}", size=TITLE_PT, bold=True)
    if grad_lines is not None:
        out += grad_lines
    elif grad is not None:
        out += lines(grad_text(root, n.name, grad))
    return out + list(notes)


def edge_lines(e: EdgeView, color: str | None = None, width: int = EDGE_WRAP) -> list[Line]:
    """``∂z₁/∂W₁ = x = 0.5`` on one line, or the symbol over ``= formula = value`` when longer
    than ``width`` characters."""
    if len(e.text) <= width:
        return [Line(e.text, color=color)]
    symbol, rest = e.text.split(" = ", 1)
    return lines(symbol, color=color) + lines("= " + rest, color=color)


def gradient_node(n: NodeView) -> bool:
    """A gradient computed by ``grad(..., create_graph=True)``: an op node labelled ∂C/∂v."""
    return not n.leaf and n.labelled and split_partial(n.name) is not None


# --- the graph object --------------------------------------------------------------------------


def fits_slide(width_pt: float, height_pt: float, min_px: float = INTRO_TEXT_PX) -> bool:
    """Whether a drawing of this natural size (points, margin `PAD_IN` not included), shown
    whole on a `SLIDE_PX` slide, still writes its smallest text (`TEXT_PT`) at a font size of
    ``min_px`` or more."""
    pad = 2 * PAD_IN * 72
    scale = min(SLIDE_PX[0] / (width_pt + pad), SLIDE_PX[1] / (height_pt + pad))
    return TEXT_PT * scale >= min_px


def new_graph(name: str, rankdir: str, *, slide: bool = True) -> graphviz.Digraph:
    """An empty drawing in the slides' style, laid out ``rankdir``."""
    g = new_digraph(name)
    g.attr(rankdir=rankdir, nodesep="0.3", ranksep="0.14", fontname=FONT, pad=str(PAD_IN))
    if slide:
        g.attr(ratio=str(9 / 16))  # stretch the layout (not the text) to 16:9
    g.attr("node", shape="box", style="rounded,filled", fontname=FONT, margin="0.1,0.03")
    g.attr("edge", fontname=FONT, fontsize=str(TEXT_PT), arrowsize="0.8", color=palette.LINE)
    return g


def add_node(
    g: graphviz.Digraph,
    ident: str,
    rows: Sequence[Line],
    kind: str,
    *,
    color: str = palette.INK,
    penwidth: str = "1",
    **attrs: str,
) -> None:
    """A node box filled as its kind (`autograd.show.view.KIND_FILLS`)."""
    g.node(
        ident,
        label=html(rows),
        fillcolor=KIND_FILLS[kind],
        color=color,
        penwidth=penwidth,
        **attrs,
    )


def auto_rankdir(view: GraphView) -> str:
    """ "TB" or "LR": the direction in which ``view`` comes out nearer to a 16:9 slide.

    Left to right, the lecture's network is 9 ranks in a row: 16:9 can then only be reached by
    spreading it over a canvas so wide that its text is unreadable on a slide. So estimate both
    drawings from the number of ranks (each node's longest distance to C) and the widest rank.
    """
    out: dict[str, list[str]] = {}
    for e in view.edges:
        out.setdefault(e.parent, []).append(e.child)
    rank: dict[str, int] = {view.root: 0}
    for n in reversed(view.nodes):  # topological order reversed: C first, each after its users
        for child in out.get(n.id, ()):
            rank[n.id] = max(rank.get(n.id, 0), rank.get(child, 0) + 1)
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
