"""Names of nodes and edges in the lecture's notation: z₁, a₁, C₀, and ∂z₁/∂W₁'s formula "x".

The lecture names every quantity (w, b, z = Σ w·a + b, a = φ(z), C); a node the student labelled
shows its label, an unlabelled one the op it computes in its inputs' names (``(a₂ − y)``). The
drawings, the explorer and `explain()` name nodes only through `node_name` and write a partial's
formula only through `edge_formula`, which reads the op table. Labels themselves (``w⁽¹²⁾₁₀,₃``)
are built and parsed in `autograd.notation.labels`; a label is shown as `labels.shorten` writes
it (at most `labels.MAX_LABEL` characters), so every output names a node alike.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from autograd.notation.formulas import parse, simplify
from autograd.notation.labels import shorten
from autograd.notation.numbers import SUPERSCRIPT, factor, number
from autograd.ops import Op
from autograd.symbols import partial_of

if TYPE_CHECKING:
    from autograd.value import Value

__all__ = [
    "definition",
    "describe",
    "edge_formula",
    "enclosed",
    "formula",
    "node_name",
    "partial_of",
    "split_partial",
]

FORMULA_DIGITS = 4  # a constant inside a formula or a node's name: 0.0001, 1.5, −0.125


# --- an op's display templates, filled with names (the op table holds the templates) ----------


def formula(
    op: Op, k: int, names: Sequence[str] = (), c: float | None = None, arity: int = 0
) -> str:
    """The display formula of ∂out/∂parent_k, with the parents' names filled in (or the raw
    template, ``{0}`` for parent 0, when no names are given)."""
    template = op.template(k, len(names) or arity)
    if not names:
        return template
    return _filled(template, names, c)


def _filled(template: str, names: Sequence[str], c: float | None) -> str:
    cm1 = "(c−1)" if c is None else _constant(c - 1.0)
    text = _fill(template, names, c=_constant(c), cm1=cm1, out="out")
    # a formula that is only a negative constant (∂(c·x)/∂x = c) needs no parentheses
    lone = re.fullmatch(r"\((−[0-9.e−]+)\)", text)
    return lone.group(1) if lone else text


def describe(op: Op, names: Sequence[str] = (), c: float | None = None) -> str:
    """How the output is computed, e.g. ``z₁·2`` or ``σ(z₁)``, for drawings and explain()."""
    if op.describe_with is not None:
        return op.describe_with(names)
    return _fill(op.symbol, names, c=_constant(c))


def _constant(c: float | None) -> str:
    return "c" if c is None else factor(c, FORMULA_DIGITS)


def _powers(text: str) -> str:
    """x^2 → x², x^-1 and x^(−1) → x⁻¹ (small integer powers only; x^0.5 stays as it is)."""
    return re.sub(
        r"\^(?:\((?:−|-)(\d{1,2})\)|(-?\d{1,2}))(?![0-9.])",
        lambda m: ("-" + m.group(1) if m.group(1) else m.group(2)).translate(SUPERSCRIPT),
        text,
    )


def _fill(template: str, names: Sequence[str], **consts: str) -> str:
    """Fill a display template: constants first, then powers written as superscripts
    (``x^2`` → ``x²``, ``x^1`` → ``x``), and only then the names — inserted as they are, so a
    label such as ``w^1`` is never rewritten."""
    marks = [f"\x00{k}\x00" for k in range(len(names))]
    text = template.format(*marks, **consts)
    text = _powers(re.sub(r"\^1(?![0-9.])", "", text))
    for mark, name in zip(marks, names):
        text = text.replace(mark, name)
    return text


# --- node names ----------------------------------------------------------------------------------


def _short(v: Value) -> str:
    if v.label is not None:
        return shorten(v.label)
    if not v.parents:
        return factor(v.data, FORMULA_DIGITS)  # inside another name: (2·(−3)), not (2·-3)
    return "(…)"


def _middle(v: Value) -> str:
    op = v.op_spec
    if v.label is not None or op is None:
        return _short(v)
    return _parenthesised(_describe(op, v, [_short(p) for p in v.parents]))


def _parenthesised(text: str) -> str:
    # x¹ of (a₂ − y) is described "(a₂ − y)" already: no second pair, "((a₂ − y))"
    return text if enclosed(text) else f"({text})"


def enclosed(text: str) -> bool:
    """``(1 − a₁)``: one pair of parentheses around the whole text (not ``(a)·(b)``)."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return True


def node_name(v: Value) -> str:
    """A node's display name: its label, a number for an unlabelled leaf, or the op it
    computes written with its inputs' names, two levels deep (``(a₂ − y)``, ``(1 − (−1·z))``);
    deeper unlabelled inputs show as ``(…)``. Label a node to name it. A label longer than
    `autograd.notation.labels.MAX_LABEL` (200) characters is shown cut, ending in "…"."""
    if v.label is not None:
        return shorten(v.label)
    op = v.op_spec
    if op is None:
        return number(v.data, FORMULA_DIGITS)
    return _parenthesised(_describe(op, v, [_middle(p) for p in v.parents]))


def definition(v: Value) -> str:
    """What a node computes in its inputs' names, from the op table (``σ(z₁)`` for a₁ = σ(z₁));
    "" for a leaf. A factor that is a seed ∂C₀/∂C₀ = 1 (or a constant 1) is left out, as in
    `edge_formula`: ∂C₀/∂a₂ = (2·(a₂ − y)), not (2·(a₂ − y))·∂C₀/∂C₀."""
    op = v.op_spec
    if op is None:
        return ""
    names = [node_name(p) for p in v.parents]
    if op.describe_with is None:
        simpler = _simpler(op.symbol, _known(v))
        if simpler is not None:
            op = dataclasses.replace(op, symbol=simpler)
    return _describe(op, v, names)


# --- brackets only where precedence needs them ------------------------------------------------
# The slides write z = Σ w·a + b, not (w·a) + b: a parent's name loses its own pair of brackets
# where the op it feeds binds more loosely than the parent's op (a product inside a sum) or puts
# its operand in brackets already (σ(z₁ + b), not σ((z₁ + b))). (a + b)·c, −(a − b), a − (b + c)
# and z + (−0.5) keep theirs. Precedence is read from the op table's own display templates with
# the formula grammar of `notation.formulas`; a template outside that grammar keeps every pair.

_ATOM = 6  # a function call, a placeholder or a number: binds tighter than any operator
# How tightly each operator's result binds. A negation binds loosest of all, so that it keeps
# its brackets after an operator (a + (−b), a·(−b)) and loses them only in a call's: σ(−b).
_BINDS = {"neg": 1, "add": 2, "sub": 2, "mul": 3, "div": 3, "pow": 5}
# What an operand needs to go bare: the operator's level, one more on the right of − and /
# (a − (b + c), a / (b·c)) and around a power ((a·b)², (a²)^c); −W·x is −(W·x) anyway.
_LEVEL = {"neg": 3, "add": 2, "sub": 2, "mul": 3, "div": 3, "pow": 5}
_TIGHTER = {"sub": (0, 1), "div": (0, 1), "pow": (1, 1)}


def _template(op: Op, arity: int) -> str:
    if op.describe_with is not None:
        return op.describe_with([f"{{{k}}}" for k in range(arity)])
    return op.symbol


@functools.lru_cache(maxsize=1024)
def _binds(template: str) -> int:
    """How tightly a node computed by this template binds as an operand (`_BINDS`; a call is
    an atom); 0 for a template outside the grammar, always bracketed."""
    try:
        root = parse(template)
    except ValueError:
        return 0
    return _BINDS.get(root.kind, _ATOM if root.kind == "call" else 0)


@functools.lru_cache(maxsize=1024)
def _contexts(template: str, arity: int) -> tuple[int, ...]:
    """For each placeholder {k}, how tightly a name put there must bind to go without its own
    brackets (the loosest of its occurrences): 0 inside the template's own brackets, else the
    operator around it. _ATOM + 1 (keep every bracket) where the grammar cannot tell."""
    own = [
        bool(re.search(rf"\{{{k}\}}", template))
        and all(
            template[m.start() - 1 : m.start()] in ("(", "|")
            and template[m.end() : m.end() + 1] in (")", "|")
            for m in re.finditer(rf"\{{{k}\}}", template)
        )
        for k in range(arity)
    ]
    needs = [0 if own[k] else _ATOM + 1 for k in range(arity)]
    try:
        root = parse(template)
    except ValueError:
        return tuple(needs)
    seen = [False] * arity
    worst = [0] * arity
    # A name that is the whole text (∂C₀/∂a₂ = 2·(a₂ − y)) stands alone; only a negation keeps
    # its brackets there, as a factor a route's product may put after a "·".
    stack = [(root, _BINDS["add"])]
    while stack:  # explicit stack: nothing in the project recurses
        n, around = stack.pop()
        if n.kind == "var" and n.name.isdigit() and int(n.name) < arity:
            k = int(n.name)
            worst[k] = max(worst[k], around)
            seen[k] = True
        here = _LEVEL.get(n.kind, _ATOM)  # inside e^x, √x or an if: atoms only
        extra = _TIGHTER.get(n.kind, ())
        for i, child in enumerate(n.args):
            stack.append((child, here + (extra[i] if i < len(extra) else 0)))
    return tuple(0 if own[k] else (worst[k] if seen[k] else needs[k]) for k in range(arity))


def _operands(template: str, parents: Sequence[Value], names: Sequence[str]) -> list[str]:
    """The parents' names as operands of this template, without the brackets it does not need."""
    needs = _contexts(template, len(names))
    out = []
    for p, name, need in zip(parents, names, needs):
        op = p.op_spec if p.label is None and name != "(…)" else None
        if enclosed(name) and op is not None and need <= _ATOM:
            inner = _binds(_template(op, len(p.parents)))
            if need == 0 or (inner > 0 and inner >= need):
                name = name[1:-1]
        elif enclosed(name) and need == 0 and not p.parents:
            name = name[1:-1]  # a negative number in the op's own brackets: σ(−3)
        out.append(name)
    return out


def _describe(op: Op, v: Value, names: Sequence[str]) -> str:
    return describe(op, _operands(_template(op, len(names)), v.parents, names), v.const)


_TRIVIAL = (0.0, 1.0, -1.0)


def edge_formula(v: Value, slot: int) -> str:
    """∂v/∂(v.parents[slot])'s formula, from v's op table entry, in the parents' names, with
    what is trivial at this node left out (`autograd.notation.formulas.simplify`): ``1`` for x^c at
    c = 1 rather than ``1·x⁰``, ``2·(a₂ − y)`` for x² (where ``c − 1`` = 1), and a seed
    ∂C₀/∂C₀ = 1 among the parents counted as the 1 it is."""
    op = v.op_spec
    if op is None:
        raise ValueError("a leaf has no parents")
    names = [node_name(p) for p in v.parents]
    template = formula(op, slot, arity=len(names))
    simpler = _simpler(template, _known(v)) or template
    # filled as every template is (constants, powers, then the names)
    return _filled(simpler, _operands(simpler, v.parents, names), v.const)


def _known(v: Value) -> dict[str, float]:
    """The placeholders of v's templates whose value makes a factor trivial. The rules only
    ever act on a 0, 1 or −1 (so a number shown is its name exactly): a parent that is such a
    number, or such a constant c (or c − 1)."""
    known = {
        str(k): p.data
        for k, p in enumerate(v.parents)
        if p.data in _TRIVIAL and not p.parents and _is_number(p)
    }
    if v.const is not None:
        known.update((k, x) for k, x in (("c", v.const), ("cm1", v.const - 1.0)) if x in _TRIVIAL)
    return known


def _simpler(template: str, known: dict[str, float]) -> str | None:
    """`autograd.notation.formulas.simplify`'s template, or None where it changes nothing."""
    if not known:  # the common case, at no cost
        return None
    try:
        simpler = simplify(template, known)
    except ValueError:  # a new op's text outside the grammar: shown as written
        return None
    return None if simpler == template else simpler


def _is_number(p: Value) -> bool:
    """A parent that is only a number: an unlabelled leaf (its name is its value), or a seed
    ∂X/∂X whose value is the 1 its name says."""
    if p.parents:
        return False
    if p.label is None:
        return True
    split = split_partial(p.label)
    return p.data == 1.0 and split is not None and split[0] == split[1]


def split_partial(name: str) -> tuple[str, str] | None:
    """``("C₀", "a₂")`` for the name ``∂C₀/∂a₂`` (as `partial_of` writes it, also
    ``∂(∂C₀/∂W₁)/∂W₁``); None for a name that is not a partial derivative."""
    if not name.startswith("∂"):
        return None
    depth = 0
    for i, ch in enumerate(name):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and name[i : i + 2] == "/∂":
            top, bottom = (_unwrap(t) for t in (name[1:i], name[i + 2 :]))
            if top and bottom and partial_of(top, bottom) == name:
                return top, bottom
    return None


def _unwrap(name: str) -> str:
    return name[1:-1] if name.startswith("(") and name.endswith(")") and "/" in name else name
