"""Derivatives as functions: gradients of gradients, and forward mode beside reverse mode.

Backpropagation (the lecture's chain rule, run from C back to the weights) gives ∂C/∂w for every
weight w in one sweep. Here the same op table answers three more questions:

* `grad` returns ∂C/∂w without touching any ``.grad``; with ``create_graph=True`` the derivative
  is itself a graph of Values — each node a local derivative × upstream product, labelled
  ∂C₀/∂a₂, ∂C₀/∂z₂, … — which can be drawn, explained and differentiated again (`hvp`,
  `hessian`).
* `jvp` pushes derivatives the other way, *forward* from the inputs: a tangent ṫ for each node,
  ṫ(v) = Σₖ ∂v/∂parentₖ · ṫ(parentₖ), in topological order.
* `derivative` runs either mode and counts the multiply–adds, to show why backpropagation runs
  backward: forward mode needs one sweep per weight, reverse mode one sweep for all of them.

Every local derivative comes from the op table (`autograd.ops`); nothing here knows a formula.
Every walk is over a topological order, never a recursion.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, overload

from autograd.backward import contributions, rule_args, topological_order
from autograd.symbols import partial_of
from autograd.traps import as_float
from autograd.value import Value

__all__ = [
    "MAX_HESSIAN",
    "Derivative",
    "derivative",
    "grad",
    "hessian",
    "hvp",
    "jvp",
]

MAX_HESSIAN = 64  # n² entries and n backward sweeps: a helper for small inputs only

Values = Value | Sequence[Value]


# --- shared walks --------------------------------------------------------------------------------


def _as_values(x: Values, what: str) -> tuple[Value, ...]:
    items: tuple[object, ...] = (x,) if isinstance(x, Value) else tuple(x)
    if not items:
        raise ValueError(f"{what} must not be empty")
    for item in items:
        if not isinstance(item, Value):
            raise TypeError(f"{what} must be Values, not {type(item).__name__}")
    return items  # type: ignore[return-value]


def _order(outputs: Sequence[Value]) -> list[Value]:
    """A topological order of everything the outputs depend on. Concatenating each output's own
    order (skipping nodes already listed) keeps every node after its parents."""
    order: list[Value] = []
    seen: set[Value] = set()
    for out in outputs:
        for v in topological_order(out):
            if v not in seen:
                seen.add(v)
                order.append(v)
    return order


def _depends_on(order: Sequence[Value], inputs: Sequence[Value]) -> set[Value]:
    """The nodes of ``order`` that some input reaches (the inputs included): only their
    gradients are needed, so only they are visited (PyTorch prunes the same way)."""
    reach = set(inputs)
    for v in order:
        if v not in reach and any(p in reach for p in v.parents):
            reach.add(v)
    return reach


def _seeds(outputs: Sequence[Value], grad_outputs: object) -> list[float | Value]:
    """The upstream gradient each output starts with: 1 each, or ``grad_outputs``."""
    if grad_outputs is None:
        return [1.0] * len(outputs)
    given = grad_outputs if isinstance(grad_outputs, Sequence) else [grad_outputs]
    seeds: list[float | Value] = [
        s if isinstance(s, Value) else as_float(s, "an entry of grad_outputs") for s in given
    ]
    if len(seeds) != len(outputs):
        raise ValueError(f"grad_outputs has {len(seeds)} entries for {len(outputs)} outputs")
    return seeds


# --- reverse mode on floats ----------------------------------------------------------------------


def _reverse(
    outputs: Sequence[Value], inputs: Sequence[Value], seeds: Sequence[float]
) -> tuple[dict[Value, float], int]:
    """One backward sweep into a private dict (no ``.grad`` is touched): each node's gradient
    is passed to its parents by `autograd.backward.contributions`, the step `backward()` runs.
    Returns the gradients and the number of local × upstream products computed.

    The one difference from `autograd.backward.backward_step`: the sums go into ``g``, not into
    ``.grad`` (grad() promises to leave every ``.grad`` alone), and only where an input is
    reached. The additions are backward()'s, in its order, from 0.0, so a fresh graph's
    ``w.grad`` after backward() is this sweep's ``g[w]`` bit for bit
    (tests/autograd/test_functional.py)."""
    order = _order(outputs)
    needed = _depends_on(order, inputs)
    g: dict[Value, float] = {}
    for out, s in zip(outputs, seeds):
        if out in needed:
            g[out] = g.get(out, 0.0) + float(s)
    products = 0
    for v in reversed(order):
        if not v.parents or v not in g:
            continue
        added = contributions(v, g[v])
        products += len(added)
        for p, a in zip(v.parents, added):
            if p in needed:
                g[p] = g.get(p, 0.0) + a  # 0.0 + …, as backward()'s p.grad += …
    return g, products


# --- reverse mode building a graph (create_graph=True) -------------------------------------------


def _name(v: Value) -> str:
    label = v.label or "C"
    return f"({label})" if "/" in label else label


def _locals_as_values(v: Value) -> list[Value | float]:
    """∂v/∂parentₖ for each parent, evaluated on the Values themselves (so the derivative is a
    graph that depends on them). Where the table's rule takes another branch on Values than on
    floats (a test like ``y == 0.0`` is identity on Values), the float is used, as a constant:
    the first derivative is then the table's number, and a constant's derivative is 0, which
    is what PyTorch's masked rules give too."""
    op = v.op_spec
    assert op is not None
    floats = v.local_derivatives()
    on_values = op.partials(*rule_args(v, as_values=True), v)
    out: list[Value | float] = []
    for f, d in zip(floats, on_values):
        x = d.data if isinstance(d, Value) else float(d)
        out.append(d if (isinstance(d, Value) and _same_branch(x, f)) else float(f))
    return out


def _same_branch(x: float, f: float) -> bool:
    """Did the rule on Values give the float rule's number? Up to rounding: a rule's arithmetic
    on Values may round differently from its float form. A branch taken differently gives
    another number altogether (0 against 0·inf = nan)."""
    if x == f or (math.isnan(x) and math.isnan(f)):
        return True
    return math.isfinite(x) and math.isfinite(f) and math.isclose(x, f, rel_tol=1e-6, abs_tol=1e-12)


def _contributions_as_values(v: Value, upstream: Value) -> list[Value | None]:
    """What node v passes to each parent, as nodes of the new graph (None: nothing, a
    structural zero). Where the op has a ``backward`` rule — PyTorch's order of operations —
    the rule itself is evaluated on the Values, so each node's value is the very float
    `backward()` and `grad()` compute (PyTorch's create_graph gives its plain numbers too).
    A slot where the rule on Values gives another number (a branch on a float test, or a
    helper that is not the same function on Values) falls back to local × upstream."""
    op = v.op_spec
    assert op is not None
    want = contributions(v, upstream.data)
    by_rule: Sequence[object] = ()
    if op.backward is not None:
        by_rule = op.backward(upstream, *rule_args(v, as_values=True), v)
    locals_: list[Value | float] | None = None
    out: list[Value | None] = []
    for k, f in enumerate(want):
        r = by_rule[k] if k < len(by_rule) else None
        if isinstance(r, Value) and _same_float(r.data, f):
            out.append(r)
        elif isinstance(r, (int, float)) and r == 0.0 and f == 0.0:
            out.append(None)  # a masked contribution: exactly 0, no edge (as PyTorch's mask)
        else:
            if locals_ is None:
                locals_ = _locals_as_values(v)
            out.append(_times(locals_[k], upstream))
    return out


def _same_float(x: float, f: float) -> bool:
    return x == f or (math.isnan(x) and math.isnan(f))


def _times(local: Value | float, upstream: Value) -> Value | None:
    """local × upstream as a node; None for a constant 0 (a structural zero, as PyTorch's masked
    rules for ReLU at x ≤ 0); no node at all for a constant 1."""
    if isinstance(local, Value):
        return local * upstream
    if local == 0.0:
        return None
    if local == 1.0:
        return upstream
    if local == -1.0:
        return -upstream
    return upstream * local


def _reverse_graph(
    outputs: Sequence[Value], inputs: Sequence[Value], seeds: Sequence[float | Value]
) -> dict[Value, Value]:
    """The backward sweep with Values: each gradient is a node of a new graph. A labelled node v
    gets its gradient labelled ∂C/∂v in the same names (C: the output's label)."""
    order = _order(outputs)
    needed = _depends_on(order, inputs)
    root = _name(outputs[0]) if len(outputs) == 1 else "C"
    ours: set[Value] = set()  # nodes made here (only these may be labelled)
    pending: dict[Value, list[Value]] = {}
    for out, s in zip(outputs, seeds):
        if out in needed:
            seed = s if isinstance(s, Value) else Value(s)
            if not isinstance(s, Value):
                ours.add(seed)
            pending.setdefault(out, []).append(seed)
    g: dict[Value, Value] = {}
    for v in reversed(order):
        parts = pending.pop(v, None)
        if parts is None:
            continue
        total = parts[0]
        for part in parts[1:]:
            total = total + part  # the lecture's += at a shared node, as a node
            ours.add(total)
        if v.label is not None:
            if total not in ours or total.label is not None:
                total = total * 1.0  # keep both names: ∂C/∂v = 1 · (the node's gradient)
                ours.add(total)
            total.label = partial_of(root, v.label)
        g[v] = total
        if not v.parents:
            continue
        for p, part_or_none in zip(v.parents, _contributions_as_values(v, total)):
            if p not in needed or part_or_none is None:
                continue
            if part_or_none is not total:
                ours.add(part_or_none)
            pending.setdefault(p, []).append(part_or_none)
    return g


# --- the public functions -----------------------------------------------------------------------


@overload
def grad(
    outputs: Values,
    inputs: Values,
    *,
    grad_outputs: object = None,
    create_graph: Literal[False] = False,
) -> tuple[float, ...]: ...
@overload
def grad(
    outputs: Values,
    inputs: Values,
    *,
    grad_outputs: object = None,
    create_graph: Literal[True],
) -> tuple[Value, ...]: ...
@overload
def grad(
    outputs: Values,
    inputs: Values,
    *,
    grad_outputs: object = None,
    create_graph: bool,
) -> tuple[float, ...] | tuple[Value, ...]: ...
def grad(
    outputs: Values,
    inputs: Values,
    *,
    grad_outputs: object = None,
    create_graph: bool = False,
) -> tuple[float, ...] | tuple[Value, ...]:
    """∂C/∂wᵢ for each input wᵢ, shaped like ``torch.autograd.grad``.

    ``outputs``: C (a Value) or several; with several, the result is ∂(Σₖ sₖ·Cₖ)/∂wᵢ where
    sₖ = ``grad_outputs[k]`` (default 1 each). Returns a tuple with one entry per input: floats,
    or with ``create_graph=True`` Values whose graph computes the derivative from the same
    nodes, so it can be differentiated again (``grad(grad(C, w, create_graph=True)[0], w)`` is
    ∂²C/∂w²), drawn with `autograd.viz.draw_graph` and explained with `autograd.explain`. Its
    nodes are labelled in the lecture's names (∂C₀/∂a₂, ∂C₀/∂z₂, …).

    No ``.grad`` field is read or written (`Value.backward` keeps its own contract). An input
    that C does not depend on gets 0 (PyTorch's ``materialize_grads=True``). The float result is
    exactly what ``backward()`` leaves in ``w.grad`` on a fresh graph: the same steps run.
    """
    outs = _as_values(outputs, "outputs")
    ins = _as_values(inputs, "inputs")
    seeds = _seeds(outs, grad_outputs)
    if not create_graph:
        g, _ = _reverse(outs, ins, [float(s) for s in seeds])
        return tuple(g.get(w, 0.0) for w in ins)
    gv = _reverse_graph(outs, ins, seeds)
    result = []
    for w in ins:
        if w in gv:
            result.append(gv[w])
        else:
            zero = Value(0.0)
            if w.label is not None:
                zero.label = partial_of(_name(outs[0]) if len(outs) == 1 else "C", w.label)
            result.append(zero)
    return tuple(result)


def hvp(output: Value, inputs: Values, v: Sequence[float]) -> tuple[float, ...]:
    """The Hessian–vector product H·v, Hᵢⱼ = ∂²C/∂wᵢ∂wⱼ, without forming H: the gradient is
    built as a graph (``create_graph=True``) and differentiated once more with the vector as
    its upstream, (H·v)ⱼ = Σᵢ vᵢ · ∂(∂C/∂wᵢ)/∂wⱼ — one extra backward sweep."""
    ins = _as_values(inputs, "inputs")
    vs = [as_float(x, "an entry of v", Value) for x in v]
    if len(vs) != len(ins):
        raise ValueError(f"v has {len(vs)} entries for {len(ins)} inputs")
    first = grad(output, ins, create_graph=True)
    return grad(first, ins, grad_outputs=vs)


def hessian(output: Value, inputs: Values) -> list[list[float]]:
    """The matrix of second derivatives Hᵢⱼ = ∂²C/∂wᵢ∂wⱼ, one backward sweep per row through
    the gradient's graph. For small inputs (at most `MAX_HESSIAN`); use `hvp` for more."""
    ins = _as_values(inputs, "inputs")
    if len(ins) > MAX_HESSIAN:
        raise ValueError(
            f"hessian() is for small inputs (≤ {MAX_HESSIAN}), got {len(ins)}: "
            "use hvp(output, inputs, v) for Hessian–vector products"
        )
    first = grad(output, ins, create_graph=True)
    return [list(grad(gi, ins)) for gi in first]


def _forward(order: Sequence[Value], seeds: dict[Value, float]) -> tuple[dict[Value, float], int]:
    """One forward-mode sweep: ṫ(v) = Σₖ ∂v/∂parentₖ · ṫ(parentₖ) over parents that carry a
    tangent, in topological order; a product that is not finite is masked as backward() masks
    it (`_edge_tangent`). Returns the tangents and the multiply–adds done."""
    t = dict(seeds)
    products = 0
    isfinite = math.isfinite
    for v in order:
        if not v.parents or v in seeds:
            continue
        local: Sequence[float] | None = None
        acc: float | None = None
        for k, p in enumerate(v.parents):
            tp = t.get(p)
            if tp is None:
                continue
            if local is None:
                local = v.local_derivatives()
            term = local[k] * tp
            if not isfinite(term):  # rare: an inf or nan product, which a mask may make 0
                term = _edge_tangent(v, k, tp)
            acc = term if acc is None else acc + term
            products += 1
        if acc is not None:
            t[v] = acc
    return t, products


def _edge_tangent(v: Value, k: int, tangent: float) -> float:
    """∂v/∂parentₖ · ṫ where that product is inf or nan, masked as `backward()` masks it.

    A zero tangent contributes exactly 0: a parent that does not move moves nothing, even where
    its local derivative has overflowed (x/y at y = 1e−320, ln x at x = 5e−324), as in PyTorch's
    forward mode. Otherwise the edge gets what backward() adds to parent k for an upstream equal
    to the tangent (`contributions`: the op table's rule, no second copy of a derivative): for a
    scalar op, local × upstream and local × tangent are the same product, and the rule masks
    (ReLU where x ≤ 0, x⁰, ∂xʸ/∂x where y = 0: exactly 0 even for an inf or nan tangent) and
    divides (ṫ/y, not ṫ·(1/y), which overflows) as PyTorch does."""
    if tangent == 0.0:
        return 0.0
    return contributions(v, tangent)[k]


def jvp(outputs: Values, inputs: Values, tangents: Sequence[float] | float) -> tuple[float, ...]:
    """Forward mode: the directional derivatives Σᵢ ∂Cₖ/∂wᵢ · ṫᵢ of each output Cₖ, pushed
    forward from the inputs along the recorded graph in topological order, each node's tangent
    ṫ(v) = Σ ∂v/∂parent · ṫ(parent) (the table's local derivatives). Inputs are treated as
    independent variables, even when one is computed from another.

    Masked as `backward()` is: a zero tangent contributes 0 even through an infinite local
    derivative, and where backward() gives exactly 0 (ReLU for x ≤ 0, x⁰, ∂xʸ/∂x at y = 0) so
    does an inf or nan tangent — never 0·∞ = nan (``torch.func.jvp`` gives the same)."""
    outs = _as_values(outputs, "outputs")
    ins = _as_values(inputs, "inputs")
    if isinstance(tangents, (int, float)) or not isinstance(tangents, Iterable):
        ts = [as_float(tangents, "the tangent", Value)]  # one number (a numpy scalar too)
    else:
        ts = [as_float(x, "a tangent", Value) for x in tangents]
    if len(ts) != len(ins):
        raise ValueError(f"{len(ts)} tangents for {len(ins)} inputs")
    seeds: dict[Value, float] = {}
    for w, tw in zip(ins, ts):
        seeds[w] = seeds.get(w, 0.0) + tw
    t, _ = _forward(_order(outs), seeds)
    return tuple(t.get(out, 0.0) for out in outs)


@dataclass(frozen=True)
class Derivative:
    """What `derivative` found and what it cost: ``values[i]`` = ∂C/∂wᵢ; ``sweeps`` passes
    over the graph; ``visits`` nodes those passes went through (a forward sweep walks the whole
    graph, as forward mode with dual numbers re-runs the whole forward pass per weight);
    ``multiply_adds`` local-derivative × gradient products (each added to a running sum);
    ``seconds`` of wall time for the sweeps (the graph built beforehand)."""

    mode: str
    values: tuple[float, ...]
    sweeps: int
    multiply_adds: int
    seconds: float
    visits: int = 0
    cost: str = "C"  # C's label, for the summary

    def __repr__(self) -> str:
        """One line, as the other reprs (all 337 values were a screenful): how many, of what,
        where they are."""
        n = len(self.values)
        where = ".value" if n == 1 else f".values[i] = ∂{self.cost}/∂wᵢ"
        return (
            f"<Derivative: {n} value{'' if n == 1 else 's'} ∂{self.cost}/∂w by {self.mode} mode "
            f"({self.sweeps} sweep{'' if self.sweeps == 1 else 's'}, {self.multiply_adds:,} "
            f"multiply-adds); in {where}>"
        )

    @property
    def value(self) -> float:
        """∂C/∂w when one w was given."""
        if len(self.values) != 1:
            raise ValueError(f"{len(self.values)} derivatives: use .values")
        return self.values[0]


def derivative(C: Value, w: Values, mode: Literal["forward", "reverse"] = "reverse") -> Derivative:
    """∂C/∂wᵢ for every wᵢ by ``mode``, counting the work.

    ``"forward"``: one forward sweep per weight, seeded ṫ(wᵢ) = 1 — n weights, n sweeps.
    ``"reverse"``: one backward sweep seeded ∂C/∂C = 1, which leaves ∂C/∂v at every node at
    once — backpropagation. Both read the same local derivatives from the op table and give the
    same numbers (up to rounding); the counts say why neural networks are trained backward.
    No ``.grad`` is touched.
    """
    if not isinstance(C, Value):
        raise TypeError(f"C must be a Value, not {type(C).__name__}")
    ws = _as_values(w, "w")
    if mode == "reverse":
        start = time.perf_counter()
        g, products = _reverse((C,), ws, (1.0,))
        seconds = time.perf_counter() - start
        visits = len(topological_order(C))
        values = tuple(g.get(x, 0.0) for x in ws)
        return Derivative("reverse", values, 1, products, seconds, visits, C.label or "C")
    if mode == "forward":
        order = topological_order(C)
        found: list[float] = []
        products = 0
        start = time.perf_counter()
        for x in ws:
            t, n = _forward(order, {x: 1.0})
            found.append(t.get(C, 0.0))
            products += n
        seconds = time.perf_counter() - start
        visits = len(order) * len(ws)
        return Derivative(
            "forward", tuple(found), len(ws), products, seconds, visits, C.label or "C"
        )
    raise ValueError(f"mode must be 'forward' or 'reverse', not {mode!r}")
