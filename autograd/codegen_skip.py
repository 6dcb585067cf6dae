"""Which values the test of a skipped region reads (skip on first reading: a speed-up only).

Where every later gradient flows through one node v (a hinge, flat on most rows), the generated
code skips all the steps below v in one test when ∂C/∂v is 0 (`codegen._Body._skip_region`):
`backward()` would add only ±0 there, as long as no local derivative it multiplies by that 0 is
infinite or nan (0·∞ = nan). Testing every value of the region for that costs one addition per
node on every row; this module finds a few values whose finiteness implies it:

* a step's contribution ``a * upstream`` (a weight's: ``dC_dw += a * dC_dz``) is ±0 for a zero
  upstream when ``a`` is finite; ``upstream`` itself and ``c * upstream`` (c a finite number)
  are ±0 always; any other contribution (a call, a mask, a sum) needs its node's value finite,
  which is what `backward()` tests before it skips a node;
* a value made by +, − and × alone (a neuron's z = b + Σ w·a) is finite only where every value
  it is made of is: one finite z vouches for all its inputs (a ReLU's output is not such a
  value: ReLU(−∞) = 0);
* parameters do not change while the generated code runs: they are tested once per call.

So for a ReLU network the test reads three values a row instead of one per neuron, and the
numbers are those of testing them all: the region is skipped only where each of its
contributions is ±0.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Sequence

from autograd.value import Value

__all__ = ["factor", "finite_needs", "strict_operands", "terms", "witnesses"]

_HOLDER = re.compile(r"__A(\d+)__")
_TERMS = 100  # parameters summed in one expression


def _finite_number(e: ast.expr) -> bool:
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.UAdd)):
        e = e.operand
    if not (isinstance(e, ast.Constant) and type(e.value) in (int, float)):
        return False
    return math.isfinite(e.value)  # type: ignore[arg-type]


def _holder(e: ast.expr) -> int | None:
    m = _HOLDER.fullmatch(e.id) if isinstance(e, ast.Name) else None
    return int(m.group(1)) if m else None


def factor(expr: ast.expr) -> int | None:
    """A contribution of a rule template (placeholders ``__Ak__``, the upstream ``__A0__``):
    0 if it is ±0 for a zero upstream whatever the values (u, −u, c·u with c finite); k if it
    is argument k × the upstream (±0 where argument k is finite); None otherwise."""
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        expr = expr.operand
    if _holder(expr) == 0:
        return 0
    if not (isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult)):
        return None
    for up, other in ((expr.right, expr.left), (expr.left, expr.right)):
        if _holder(up) == 0:
            k = _holder(other)
            if k is not None and k > 0:
                return k
            return 0 if _finite_number(other) else None
    return None


def strict_operands(expr: ast.expr) -> tuple[int, ...] | None:
    """For a forward template made of +, −, × on its arguments and finite numbers only: the
    arguments it uses (each finite wherever the result is); None for any other expression."""
    used: list[int] = []
    for e in ast.walk(expr):
        if isinstance(e, ast.BinOp):
            if not isinstance(e.op, (ast.Add, ast.Sub, ast.Mult)):
                return None
        elif isinstance(e, ast.UnaryOp):
            if not isinstance(e.op, (ast.USub, ast.UAdd)):
                return None
        elif isinstance(e, ast.Name):
            k = _holder(e)
            if k is None:
                return None  # a bound name: _inf, _nan, a function
            used.append(k)
        elif isinstance(e, ast.Constant):
            if not _finite_number(e):
                return None
        elif not isinstance(e, (ast.operator, ast.unaryop, ast.expr_context)):
            return None
    return tuple(sorted(set(used)))


def finite_needs(u: Value, factors: Sequence[int | None]) -> list[Value] | None:
    """The values that make each contribution of u's step ±0 for a zero upstream (its rule's
    arguments are the upstream, u's parents, u's constant, u's value); None if one of them
    needs more than that (then u's own value must be finite, as backward() tests)."""
    parents = u.parents
    out: list[Value] = []
    for k in factors:
        if k is None:
            return None
        if k == 0:
            continue
        if k <= len(parents):
            out.append(parents[k - 1])
        elif k == len(parents) + 1 + (u._c is not None):
            out.append(u)
        else:
            return None
    return out


def witnesses(
    region: Sequence[tuple[Value, list[Value] | None]],
    strict_parents: Callable[[Value], Sequence[Value] | None],
    fixed: set[Value],
) -> tuple[list[Value], list[Value]]:
    """For the region's steps (from the dominator down), each with `finite_needs`: a few values
    to test per row, and the ``fixed`` ones (parameters) to test once per call, such that all
    of them finite ⇒ every contribution of the region is ±0 for a zero upstream."""
    needed: dict[Value, None] = {}
    for u, needs in region:
        needed.update(dict.fromkeys([u] if needs is None else needs))
    place = {u: k for k, (u, _) in enumerate(region)}
    consumer: dict[Value, Value] = {}  # a value → the latest region node made of it by +, −, ×
    for u, _ in region:
        for p in strict_parents(u) or ():
            consumer.setdefault(p, u)
    chosen = {consumer.get(n, n) for n in needed if n not in fixed}
    covered: set[Value] = set()
    rows: list[Value] = []
    for w in sorted(chosen, key=lambda v: place.get(v, len(place))):
        if w in covered:
            continue
        rows.append(w)
        stack = [w]
        while stack:
            v = stack.pop()
            if v not in covered:
                covered.add(v)
                stack.extend(strict_parents(v) or ())
    once = [n for n in needed if n in fixed and n not in covered]
    return rows, once


def terms(
    region: Sequence[tuple[Value, list[Value] | None]],
    strict_parents: Callable[[Value], Sequence[Value] | None],
    fixed: set[Value],
    text: Callable[[Value], str],
    count: int,
) -> tuple[str | None, list[str]]:
    """The sum the region's test multiplies by 0 (`witnesses`' values, and ``_w_nan`` for the
    parameters), and the lines that compute ``_w_nan`` once a call; (None, []) where that is
    not fewer than ``count`` values."""
    rows, once = witnesses(region, strict_parents, fixed)
    if len(rows) + bool(once) >= count:
        return None, []
    before = ["# 0.0 if the parameters the zero test below relies on are finite, else nan"]
    for k in range(0, len(once), _TERMS):  # sums of _TERMS: CPython compiles a + b + … by
        group = " + ".join(map(text, once[k : k + _TERMS]))  # recursion, one level a term
        before.append(f"_w_nan {'+=' if k else '='} ({group}) * 0.0")
    return " + ".join([*map(text, rows), *(["_w_nan"] if once else [])]), before if once else []
