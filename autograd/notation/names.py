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

from autograd.notation.formulas import (
    ATOM,
    BINDS,
    OPERANDS,
    TIMES,
    WHOLE,
    binds,
    bracketed,
    comparison,
    operand_needs,
    parse,
    simplify,
)
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
    "looks_like_data",
    "node_name",
    "partial_of",
    "route_formula",
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
    """Fill a display template: constants first, an if's comparison spaced as every formula
    writes it (`formulas.comparison`), powers as superscripts (``x^2`` → ``x²``, ``x^1`` →
    ``x``), and only then the names — inserted as they are, so a label such as ``w^1`` is never
    rewritten."""
    marks = [f"\x00{k}\x00" for k in range(len(names))]
    text = template.format(*marks, **consts)
    text = re.sub(r"\s*([≤>])\s*", lambda m: comparison(m.group(1)), text)
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


def looks_like_data(v: Value) -> bool:
    """A leaf the lecture calls data, not a parameter, when nobody said which are parameters:
    one named x… or y… (an input, a target), or an unlabelled one (a constant). Gradient
    descent updates only parameters: ∂C/∂x is computed, but x is not changed."""
    label = v.label or ""
    return not v.parents and (not label or label[0] in "xy")


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
# where the op it feeds needs no more than the parent's op binds (a product inside a sum) or puts
# its operand in brackets already (σ(z₁ + b), not σ((z₁ + b))). (a + b)·c, −(a − b), a − (b + c)
# and z + (−0.5) keep theirs. How tightly each op binds and what each operand needs is the one
# precedence table of `autograd.notation.formulas` (`BINDS`, `OPERANDS`), read from the op table's
# own display templates; a template outside that grammar keeps every pair.


def _template(op: Op, arity: int) -> str:
    if op.describe_with is not None:
        return op.describe_with([f"{{{k}}}" for k in range(arity)])
    return op.symbol


@functools.lru_cache(maxsize=1024)
def _binds(template: str) -> int:
    """How tightly a node computed by this template binds as an operand (`formulas.binds` of
    its root); 0 for a template outside the grammar, always bracketed."""
    try:
        root = parse(template)
    except ValueError:
        return 0
    return binds(root)


@functools.lru_cache(maxsize=1024)
def _contexts(template: str, arity: int) -> tuple[int, ...]:
    """For each placeholder {k}, how tightly a name put there must bind to go without its own
    brackets (the most its occurrences need, `formulas.operand_needs`; `WHOLE` for the whole
    text): 0 inside the template's own brackets. ATOM + 1 (keep every bracket) where the
    grammar cannot tell."""
    own = [
        bool(re.search(rf"\{{{k}\}}", template))
        and all(
            template[m.start() - 1 : m.start()] in ("(", "|")
            and template[m.end() : m.end() + 1] in (")", "|")
            for m in re.finditer(rf"\{{{k}\}}", template)
        )
        for k in range(arity)
    ]
    needs = [0 if own[k] else ATOM + 1 for k in range(arity)]
    try:
        root = parse(template)
    except ValueError:
        return tuple(needs)
    seen = [False] * arity
    worst = [0] * arity
    stack = [(root, WHOLE)]
    while stack:  # explicit stack: nothing in the project recurses
        n, around = stack.pop()
        if n.kind == "var" and n.name.isdigit() and int(n.name) < arity:
            k = int(n.name)
            worst[k] = max(worst[k], around)
            seen[k] = True
        stack.extend(zip(n.args, operand_needs(n)))
    return tuple(0 if own[k] else (worst[k] if seen[k] else needs[k]) for k in range(arity))


# A gradient's node is named as the partial it holds, ∂C₀/∂a₁ (`grad(create_graph=True)`): as
# an operand of a product it is bracketed, (∂C₀/∂a₁)·a₁, since ∂C₀/∂a₁·a₁ reads as ∂C₀/∂(a₁·a₁)
# (a lecturer's trial); it binds as a sum's operand does.
PARTIAL = BINDS["add"]


def _partial(name: str) -> bool:
    return name.startswith("∂") and "/" in name


def _operands(template: str, parents: Sequence[Value], names: Sequence[str]) -> list[str]:
    """The parents' names as operands of this template, without the brackets it does not need."""
    needs = _contexts(template, len(names))
    out = []
    for p, name, need in zip(parents, names, needs):
        op = p.op_spec if p.label is None and name != "(…)" else None
        if enclosed(name) and op is not None and need <= ATOM:
            inner = _binds(_template(op, len(p.parents)))
            if need == 0 or (inner > 0 and inner >= need):
                name = name[1:-1]
        elif enclosed(name) and need == 0 and not p.parents:
            name = name[1:-1]  # a negative number in the op's own brackets: σ(−3)
        elif _partial(name) and need > PARTIAL:
            name = f"({name})"  # ∂C₀/∂a₁·a₁ read as ∂C₀/∂(a₁·a₁)
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
    return _edge_formula(v, slot)[0]


def _edge_formula(v: Value, slot: int) -> tuple[str, int]:
    """`edge_formula`, and how tightly it binds as an operand (`formulas.binds`)."""
    op = v.op_spec
    if op is None:
        raise ValueError("a leaf has no parents")
    names = [node_name(p) for p in v.parents]
    template = formula(op, slot, arity=len(names))
    simpler = _simpler(template, _known(v)) or template
    # filled as every template is (constants, powers, then the names)
    operands = _operands(simpler, v.parents, names)
    text = _filled(simpler, operands, v.const)
    return text, _filled_binds(simpler, text, v.parents)


def _filled_binds(template: str, text: str, parents: Sequence[Value]) -> int:
    """How tightly a filled template binds: its root's binding — or, for a template that is a
    single placeholder ({1}, {c}), that of what was put there: a name in brackets or a label is
    an atom, an unlabelled op's name without its brackets binds as its op, a negative number
    as a negation."""
    try:
        root = parse(template)
    except ValueError:
        return 0
    if root.kind != "var":
        return binds(root)
    if enclosed(text):
        return ATOM
    if _partial(text):
        return PARTIAL
    if root.name.isdigit():
        p = parents[int(root.name)]
        op = p.op_spec if p.label is None and text != "(…)" else None
        if op is not None:
            return _binds(_template(op, len(p.parents)))
    return BINDS["neg"] if text.startswith("−") else ATOM


def route_formula(routes: Sequence[Sequence[tuple[Value, int]]]) -> str:
    """The formula of a collapsed edge u → v: Σ over its routes of Π of each op-level edge's
    `edge_formula` (each edge given as (child, slot)), as a slide writes the product — no factor
    1, a factor −1 as a sign — bracketed by the precedence table, ``·`` tight as in a formula
    (`formulas.TIMES`): ``x·(1−tanh²(w·x))``."""
    parts: list[tuple[bool, str, int]] = []
    for route in routes:
        terms = [f for f in (_edge_formula(v, slot) for v, slot in route) if f[0] != "1"]
        negative = sum(t == "−1" for t, _ in terms) % 2 == 1
        terms = [f for f in terms if f[0] != "−1"]
        if len(terms) == 1:
            text, binding = terms[0]
        elif terms:
            need = OPERANDS["mul"][1]
            text, binding = TIMES.join(bracketed(t, b, need) for t, b in terms), BINDS["mul"]
        else:
            text, binding = "1", ATOM
        parts.append((negative, text, binding))
    if not parts:
        return "?"
    negative, text, binding = parts[0]
    if negative:
        out = "−" + bracketed(text, binding, OPERANDS["neg"][0])
    else:
        out = text if len(parts) == 1 else bracketed(text, binding, OPERANDS["add"][0])
    for negative, text, binding in parts[1:]:
        if negative:
            out += " − " + bracketed(text, binding, OPERANDS["sub"][1])
        else:
            out += " + " + bracketed(text, binding, OPERANDS["add"][1])
    return out


def _known(v: Value) -> dict[str, float]:
    """The placeholders of v's templates whose value makes a factor trivial. The rules only
    ever act on a 0, 1 or −1 (so a number shown is its name exactly): a parent that is such a
    number, or such a constant c (or c − 1)."""
    known = {
        str(k): p.data
        for k, p in enumerate(v.parents)
        if p.data in _TRIVIAL and not p.parents and _shows_as_number(p)
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


def _shows_as_number(p: Value) -> bool:
    """A parent whose name is only a number: an unlabelled leaf (its name is its value), or a
    seed ∂X/∂X whose value is the 1 its name says."""
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
