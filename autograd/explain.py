"""`explain(C, w)`: the chain rule for one weight, written out as the lecture writes it.

For each path from w to C: the symbolic chain (∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · …), each factor's
formula from the op table and its value, and the product; then the sum over paths, and the check
against ``w.grad``.
"""

from __future__ import annotations

import math

from autograd.engine import Value
from autograd.paths import Path, format_count, node_name, path_graph

__all__ = ["explain"]


def _num(x: float) -> str:
    return f"{x + 0.0:+.6g}" if math.isfinite(x) else str(x)  # + 0.0: no "-0"


def _path_block(p: Path, number: int | None) -> list[str]:
    head = f"path {number}: " if number is not None else ""
    lines = [head + " → ".join(node_name(v) for v in p.nodes)]
    rows = list(zip(p.symbols(), p.formulas(), p.factors))
    # At least as wide as the word "product", so the last row's "=" lines up with the others.
    width_s = max((len(s) for s, _, _ in rows), default=0)
    width_s = max(width_s, len("product"))
    width_f = max((len(f) for _, f, _ in rows), default=0)
    for sym, formula, value in rows:
        lines.append(f"    {sym:<{width_s}} = {formula:<{width_f}} = {_num(value)}")
    lines.append(f"    {'product':<{width_s}}   {'':<{width_f}} = {_num(p.product)}")
    return lines


def explain(
    C: Value,
    w: Value,
    *,
    collapse: bool = True,
    limit: int = 5,
) -> str:
    """The chain rule for ∂C/∂w as text for the REPL (``print(explain(C, w))``).

    ``collapse=True`` (the default) is the lecture's view: labelled nodes only, each edge the
    total derivative between them; ``collapse=False`` shows every op. When there are more than
    ``limit`` paths, the ``limit`` with the largest |product| are shown and the rest counted.
    ``backward()`` need not have run; if it has, ``w.grad`` is checked against the sum.
    """
    if not isinstance(C, Value) or not isinstance(w, Value):
        raise TypeError("explain(C, w) takes two Values")
    if limit < 1:
        raise ValueError(f"limit must be ≥ 1, got {limit}")
    c_name, w_name = node_name(C), node_name(w)
    g = path_graph(C, w, collapse=collapse)
    n = g.count()
    view = "lecture view: labelled nodes only" if collapse else "every op"
    plural = "s" if n != 1 else ""
    head = f"∂{c_name}/∂{w_name}: {format_count(n)} path{plural}"
    lines = [f"{head} from {w_name} to {c_name} ({view})"]
    if n == 0:
        lines.append(f"{c_name} does not depend on {w_name}: ∂{c_name}/∂{w_name} = 0")
        if path_graph(w, C).order:  # the other way round there are paths: arguments swapped?
            lines.append(
                f"hint: {w_name} depends on {c_name} — the cost comes first: "
                f"explain(C, w), so did you mean explain({w_name}, {c_name})?"
            )
        return "\n".join(lines)
    paths = g.top(min(limit, n))
    if n == 1:
        p = paths[0]
        lines.append("")
        lines.append(f"∂{c_name}/∂{w_name} = " + " · ".join(p.symbols()))
        lines.append("")
        lines += _path_block(p, None)
    else:
        lines.append(f"∂{c_name}/∂{w_name} = Σ over paths of Π local derivatives")
        shown = "the largest" if n > len(paths) else "all"
        lines.append(f"({shown} {len(paths)} by |product|)")
        for i, p in enumerate(paths, start=1):
            lines.append("")
            lines += _path_block(p, i)
    total = g.total()
    lines.append("")
    shown_sum = math.fsum(p.product for p in paths)
    if n > len(paths):
        rest = total - shown_sum
        lines.append(
            f"sum of the {len(paths)} shown = {_num(shown_sum)}; "
            f"and {format_count(n - len(paths))} more path{'s' if n - len(paths) != 1 else ''} "
            f"add {_num(rest)}"
        )
    lines.append(f"∂{c_name}/∂{w_name} = Σ products = {_num(total)}")
    lines.append(_check(w, w_name, c_name, total))
    return "\n".join(lines)


def _check(w: Value, w_name: str, c_name: str, total: float) -> str:
    g = w.grad
    if g == 0.0 and total != 0.0:
        return f"check: {w_name}.grad is 0.0 — call {c_name}.backward() to compare"
    if math.isclose(g, total, rel_tol=1e-9, abs_tol=1e-12) or (g == total):
        return f"check: {w_name}.grad = {_num(g)} after backward() ✓ equal"
    return (
        f"check: {w_name}.grad = {_num(g)} ✗ differs from the sum — was backward() called "
        f"more than once, or from another root? (leaf gradients accumulate)"
    )
