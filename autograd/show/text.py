"""The lecture's ∂-notation as text: one place that writes every partial, product and gradient.

The slide writes the chain rule for one weight as a product of partials,
∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂, and each partial as symbol = formula =
value: ``∂z₁/∂W₁ = x = 0.5``. The drawings, `explain()` and the interactive explorer all take
these strings from here, so a figure, the REPL and a web page say the same thing.

The API is small on purpose:

* `number` / `factor` — a number as a slide prints it (``−1.2``; ``(−1.2)`` inside a product),
  from `autograd.notation.numbers`, the one formatter;
* `partial` — ``∂v/∂u`` in the nodes' names (what `autograd.show.paths.Edge.symbol` returns);
* `edge_text` — an edge's ``∂z₁/∂W₁ = x = 0.5`` (`edge_parts`: the same, in columns);
* `grad_text` — a node's gradient, ``∂C₀/∂z₁ = 0.0818``;
* `seed_text` — the backward pass's step 0, ``step 0: the seed, ∂C₀/∂C₀ = 1``;
* `product_text` — a path's product written out, ``0.5 × 0.235 × (−1.2) × … = 0.0409``;
* `counted` — a count with its noun, singular or plural: ``1 path``, ``4,096 paths``;
* `step_text` — one step of the backward pass in one line, as the step slides, the explorer
  and ``print(step)`` say it.

Formulas come from the op table (through `autograd.show.paths`); nothing here knows a derivative.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from autograd.notation.names import node_name, partial_of
from autograd.notation.numbers import DIGITS, factor, number, operand_digits
from autograd.show.paths import Path, format_count

if TYPE_CHECKING:
    from autograd.show.paths import Edge
    from autograd.value import Value

__all__ = [
    "counted",
    "edge_parts",
    "edge_text",
    "factor",
    "grad_text",
    "number",
    "operands",
    "partial",
    "product_text",
    "seed_text",
    "step_text",
]


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and its noun as a sentence says them: ``1 file``, ``2 files``, ``4,096 paths``
    (the count as `autograd.show.paths.format_count` writes it); ``plural`` where it is not
    ``noun + "s"``."""
    return f"{format_count(n)} {noun if n == 1 else (plural or noun + 's')}"


def partial(v: Value | str, u: Value | str) -> str:
    """``∂v/∂u`` in the nodes' display names (`autograd.notation.names.node_name`; a name
    given as a str is used as it is, as a view's records give them)."""
    return partial_of(_name(v), _name(u))


def _name(v: Value | str) -> str:
    return v if isinstance(v, str) else node_name(v)


def edge_parts(edge: Edge, digits: int = DIGITS) -> tuple[str, ...]:
    """The parts of `edge_text`, ``("∂z₁/∂W₁", "x", "0.5")``, for a renderer that lines them
    up in columns; ``("∂z₁/∂b₁", "1")`` where the formula would only repeat the value."""
    value = number(edge.factor, digits)
    formula = edge.formula()
    if formula in (value, number(_as_float(formula), digits)):
        return (edge.symbol(), value)
    return (edge.symbol(), formula, value)


def edge_text(edge: Edge, digits: int = DIGITS) -> str:
    """An edge's partial as the slide writes it, symbol = formula = value:
    ``∂z₁/∂W₁ = x = 0.5``. The formula is left out where it would only repeat the value
    (``∂z₁/∂b₁ = 1``, never ``1 = 1``)."""
    return " = ".join(edge_parts(edge, digits))


def _as_float(text: str) -> float:
    try:
        return float(text.replace("−", "-"))
    except ValueError:
        return math.nan


def grad_text(C: Value | str, v: Value | str, grad: float, digits: int = DIGITS) -> str:
    """A node's gradient named as the lecture names it: ``∂C₀/∂z₁ = 0.0818``."""
    return f"{partial(C, v)} = {number(grad, digits)}"


def operands(
    values: Sequence[float],
    combine: Callable[[Sequence[float]], float],
    result: float,
    digits: int = DIGITS,
) -> list[str]:
    """The operands of a printed product or sum as `factor` writes them, trailing zeros kept
    (−0.290) and with the digits a student needs to recompute the printed ``result`` from
    them (`autograd.notation.numbers.operand_digits`: 0.6225 × (−0.2902) = −0.181)."""
    shown = operand_digits(values, combine, result, digits)
    return [factor(v, shown, zeros=True) for v in values]


def product_text(path: Path | Iterable[float], digits: int = DIGITS) -> str:
    """The chain rule's product written out with its numbers,
    ``0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409`` (the exact product, rounded once; the
    factors as `operands` writes them, so that they re-derive it)."""
    factors = list(path.factors if isinstance(path, Path) else path)
    product = 1.0
    for f in factors:
        product *= f
    if not factors:
        return "1"
    shown = operands(factors, math.prod, product, digits)
    return " × ".join(shown) + f" = {number(product, digits)}"


def step_text(
    k: int,
    node: Value | str,
    upstream: float,
    root: Value | str,
    inputs: Sequence[Value | str],
    of: int | None = None,
    final: Sequence[Value | str] = (),
    data: Sequence[Value | str] = (),
) -> str:
    """Step ``k`` of the backward pass from ``root`` = C in one line (counted from 1, as the
    step slides count them after their step 0, the seed): ``step 3: at z₂, ∂C₀/∂z₂ = −0.29
    flows to W₂, a₁, b₂, times each edge's local derivative; final: W₂, b₂``. ``inputs``: the
    nodes the gradient flows to; ``final``: the parameters whose gradient this step completes,
    ``data``: the data (x, y) whose gradient it completes — computed, never used to update anything;
    ``of``: the number of steps, written ``step 3 of 5`` when given. A step with no inputs is at
    a leaf (a root that is one): its gradient is final."""
    head = f"step {k}" + (f" of {of}" if of is not None else "")
    grad = grad_text(root, node, upstream)
    if not inputs:
        return f"{head}: at {_name(node)}, a leaf: {grad} is final"
    to = ", ".join(_name(u) for u in inputs)
    done = [_name(u) for u in final]
    tail = f"; final: {', '.join(done)}" if done else ""
    if data:
        names = [_name(u) for u in data]
        both = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else names[0]
        tail += f"; {both} {'are' if len(names) > 1 else 'is'} data: not updated"
    # say what "flows" means: each parent gets the upstream times the local derivative its edge
    # is labelled with (the caption once read "(× each local derivative)", too terse to follow)
    edges = "each edge's local derivative" if len(inputs) > 1 else "the edge's local derivative"
    return f"{head}: at {_name(node)}, {grad} flows to {to}, times {edges}{tail}"


def seed_text(root: Value | str, gradient: float) -> str:
    """Step 0 of the backward pass, before any node is processed: ``step 0: the seed,
    ∂C₀/∂C₀ = 1``."""
    return f"step 0: the seed, {grad_text(root, root, gradient)}"
