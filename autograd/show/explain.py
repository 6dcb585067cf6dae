"""`explain(C, w)`: the chain rule for one weight, written out as the lecture writes it.

For each path from w to C: the symbolic chain (∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · …), each factor as
symbol = formula = value, and the product written out with its numbers
(``0.5 × 0.235 × (−1.2) × … = 0.0409``); then the sum over paths, and the check against
``w.grad``. The text is rendered from `autograd.show.weight_paths.path_listing` — the same
factors, in the same words, as the drawings and the explorer show.
"""

from __future__ import annotations

import math
from typing import Any

from autograd.backward import topological_order
from autograd.notation.formulas import CHAIN
from autograd.notation.names import node_name, partial_of
from autograd.show.paths import path_graph
from autograd.show.text import counted, number, product_text
from autograd.show.weight_paths import ListedPath, path_listing
from autograd.value import Value

__all__ = ["Explanation", "explain"]

# The sum and the check against w.grad are read digit by digit: more digits than the 3 a slide
# shows for each factor (`autograd.show.text.DIGITS`), still written by the one formatter.
CHECK_DIGITS = 6


def _num(x: float) -> str:
    return number(x, CHECK_DIGITS)


def _path_block(p: ListedPath, index: int | None) -> list[str]:
    """The path's factors in three columns, symbol = formula = value, then (for two factors or
    more) the product row ``product = 0.5 × 0.235 × … = 0.0409``, every last "=" in one column."""
    head = f"path {index}: " if index is not None else ""
    lines = [head + " → ".join(p.nodes)]
    written, _, value = product_text(p.values).rpartition(" = ")
    rows = [(r[0], r[1], r[2]) if len(r) == 3 else (r[0], "", r[1]) for r in p.parts]
    if len(rows) > 1:  # a product of one factor would only repeat it
        rows.append(("product", written, value))
    width_s = max(len(s) for s, _, _ in rows)
    width_f = max(len(f) for _, f, _ in rows)
    for sym, middle, val in rows:
        if middle:
            lines.append(f"    {sym:<{width_s}} = {middle:<{width_f}} = {val}")
        else:  # ∂z₁/∂b₁ = 1: the formula would only repeat the value (never "1 = 1")
            lines.append(f"    {sym:<{width_s}} = {val}")
    return lines


class Explanation(str):
    """What `explain` returns: a plain ``str`` (print it, compare it, save it) that a plain
    Python REPL, IPython and Jupyter show as the text itself, line under line — not as one
    quoted line full of ``\\n``."""

    __slots__ = ()

    def __repr__(self) -> str:
        # The REPL shows repr(): the text, as print() would (str() of it is still the plain str).
        return str(self)

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        # IPython's pretty printer asks for this before its own str printer (which quotes).
        p.text(str(self))


def explain(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int = 5,
) -> Explanation:
    """The chain rule for ∂C/∂w as text for the REPL: ``explain(C, w)`` on its own shows it, as
    ``print(explain(C, w))`` does (also as a Jupyter cell's last line).

    ``collapse=True`` (the default) is the lecture's view: labelled nodes only, each edge the
    total derivative between them; ``collapse=False`` shows every op. When there are more than
    ``limit`` paths, the ``limit`` with the largest |product| are shown and the rest counted.
    Each path's product is written out, ∂C/∂w = Σ over paths of Π ∂v/∂u.
    ``backward()`` need not have run; if it has, ``w.grad`` is checked against the sum.
    """
    for arg, given in (("C", C), ("w", w)):
        if not isinstance(given, Value):
            raise TypeError(
                f"explain(C, w) takes two Values: {arg} is a {type(given).__name__}, "
                f"{given!r:.40}; pass the Value itself — the cost first, then the weight: "
                "explain(C, w)"
            )
    if limit < 1:
        raise ValueError(f"limit must be ≥ 1, got {limit}")
    c_name, w_name = node_name(C), node_name(w)
    d = partial_of(c_name, w_name)  # ∂C/∂w in the nodes' names
    if C is w:  # a path of no steps: the seed backward() starts from
        return Explanation(
            f"{d} = 1: the seed ∂C/∂C = 1 that backward() starts from ({c_name} changes one "
            "for one with itself)"
        )
    listing = path_listing(C, w, collapse=collapse, top=limit)
    n = listing.count
    if n == 0:
        return Explanation("\n".join(_no_path(C, w, d)))
    view = "lecture view: labelled nodes only" if collapse else "every op"
    head = f"{d}: {counted(n, 'path')}"
    lines = [f"{head} from {w_name} to {c_name} ({view})"]
    paths = listing.paths
    if n == 1:
        p = paths[0]
        lines.append("")
        if len(p.parts) > 1:
            lines.append(f"{d} = " + CHAIN.join(r[0] for r in p.parts))
        else:  # the chain would only repeat itself, "∂C/∂w = ∂C/∂w": say why it is one step
            lines += _one_step(C, w, d)
        lines.append("")
        lines += _path_block(p, None)
    else:
        lines.append(f"{d} = Σ over paths of Π local derivatives")
        # "(all 2 by |product|)" read as a product of 2: say it lists paths, and in which order
        if n > len(paths):
            lines.append(f"(the {len(paths)} with the largest |product| below, the largest first)")
        else:
            lines.append(f"(all {n} paths below, the largest |product| first)")
        for i, p in enumerate(paths, start=1):
            lines.append("")
            lines += _path_block(p, i)
    lines.append("")
    if n > len(paths):
        shown_sum = math.fsum(p.product for p in paths)
        more = n - len(paths)
        lines.append(
            f"sum of the {len(paths)} shown = {_num(shown_sum)}; "
            f"and {counted(more, 'more path')} {'adds' if more == 1 else 'add'} "
            f"{_num(listing.rest)}"
        )
    lines.append(f"{d} = Σ products = {_num(listing.total)}")
    lines.append(_check(w, w_name, c_name, listing.total))
    if w.label is None and not w.parents:
        # An unlabelled leaf is named by its value, so ∂C/∂2 may mean either of two leaves
        # holding 2.0: say so, and how the lecture's names are given.
        lines.append(
            f"hint: {w_name} has no label, so it is named by its value; "
            f'Value({w.data!r}, label="w") gives it a name'
        )
    elif w.label is None:
        # (x·w + b) is the op that made the node, not a name. A computed node is named after it
        # is made, by setting .label: the constructor's label= names leaves only.
        lines.append(
            f"hint: {w_name} has no label, so it is named by the op that computes it; "
            'set .label (z.label = "z") to give it a name'
        )
    return Explanation("\n".join(lines))


def _spelled(v: Value) -> str:
    """v's name in a sentence: an unlabelled leaf is named by its value, and "does not depend
    on 1" read as a constant — say it is a Value."""
    if v.label is None and not v.parents:
        return f"the Value {v.data!r} (no label)"
    return node_name(v)


def _no_path(C: Value, w: Value, d: str) -> list[str]:
    """∂C/∂w = 0 and the likely reason: the arguments swapped, or w a new node named like one
    of C's (a view line "labelled nodes only" would mean nothing here: there is no path)."""
    c_name, w_name, w_said = node_name(C), node_name(w), _spelled(w)
    twin = [v for v in topological_order(C) if v.label == w.label] if w.label is not None else []
    if twin and not path_graph(w, C).order:  # a Value made after C, named like C's own
        same = w.data == twin[0].data or (w.data != w.data and twin[0].data != twin[0].data)
        data = f"even with the same data {w.data!r}" if same else (
            f"data {w.data!r}, against {twin[0].data!r} there")  # fmt: skip
        return [
            f"{d}: the {w_name} passed here is a new Value, made after {c_name}: not the "
            f"{w_name} in {c_name}'s graph ({data})",
            f"hint: pass the {w_name} that {c_name} was computed from, or compute {c_name} "
            f"again from this one, then call explain again",
        ]
    lines = [f"{d}: 0 paths — {_spelled(C)} does not depend on {w_said}: {d} = 0"]
    if path_graph(w, C).order:  # the other way round there are paths: arguments swapped?
        lines.append(
            f"hint: {w_name} depends on {c_name} — the cost comes first: "
            f"explain(C, w), so did you mean explain({w_name}, {c_name})?"
        )
        return lines
    if not C.parents:
        lines.append(
            f"hint: {_spelled(C)} is a leaf (made by Value(...), not by an op): it depends on "
            "nothing"
        )
        return lines
    lines.append(f"hint: {w_said} is not in {c_name}'s graph: {c_name} is computed without it")
    return lines


# The nodes a one-step route hides are named one by one up to this many, then only counted.
NAMED_HIDDEN = 4


def _one_step(C: Value, w: Value, d: str) -> list[str]:
    """Why ∂C/∂w is a single factor: C is one op of w, or (in the lecture view) the unlabelled
    nodes between them, named when they lie on one route, are folded into it."""
    ops = path_graph(C, w)  # every op, whatever the view
    hidden = [v for v in ops.order if v is not w and v is not C]
    if not hidden:
        return [f"{d} is one local derivative: {node_name(C)} is computed from {node_name(w)}"]
    one = len(hidden) == 1
    nodes = "node" if one else counted(len(hidden), "node")
    between = f"the {nodes} between {node_name(w)} and {node_name(C)}"
    if ops.count() == 1 and len(hidden) <= NAMED_HIDDEN:
        between += ", " + " → ".join(node_name(v) for v in hidden) + ","
    return [
        f"{d} is one factor here: the lecture view shows labelled nodes only, and",
        f"{between} {'has' if one else 'have'} no label.",
        *f"To split it, {_how_to_name(one, node_name(C))};".splitlines(),
        "or pass collapse=False to see every op.",
    ]


def _how_to_name(one: bool, c_name: str) -> str:
    """How a computed node gets a name: where it is computed, since the user's variable names
    are unknown here (a label set later on a node C was built from works too)."""
    it, them = ("it", "it") if one else ("each", "them")
    return (
        f'name {it} where it is computed (z = …; z.label = "z"),\ncompute {c_name} again from '
        f"{them} and call explain again"
    )


def _check(w: Value, w_name: str, c_name: str, total: float) -> str:
    g = w.grad
    if g == 0.0 and total != 0.0:
        # The user's variable names are unknown here (c_name may be ∂C₀/∂W₁): no code with them.
        return (
            f"check: {w_name}.grad is 0.0 — call .backward() on {c_name} (the Value passed "
            f"as C) first, then call explain() again to check the sum against {w_name}.grad"
        )
    if math.isclose(g, total, rel_tol=1e-9, abs_tol=1e-12) or (g == total):
        return f"check: {w_name}.grad = {_num(g)} after backward() ✓ equal"
    return (
        f"check: {w_name}.grad = {_num(g)} ✗ differs from the sum — was backward() called "
        f"more than once, or from another root? (leaf gradients accumulate)"
    )
