"""The Python text of a traced graph: the code `autograd.compile` runs.

One line per node for forward propagation, the guards (where the trace followed the data), then
one line per edge for backpropagation in reverse order — each line an op table rule, written out
by `autograd.emit` — inside a loop over the rows, from the last to the first (the order in which
`backward()` of their mean reaches them). Names come from the lecture's labels (``w⁽¹⁾₂,₃`` →
``w1_2_3``); the code's own names start with ``_``, which no label produces.
"""

from __future__ import annotations

import ast
import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import emit
from autograd.tracing import Guard, same_bits
from autograd.value import Value

__all__ = ["Trace", "generate", "identifier"]


# --- one trace of fn, as compile made it ---------------------------------------------------


@dataclass
class Trace:
    order: list[Value]  # topological order of C: the order backward() walks, reversed
    extra_nodes: list[Value]  # nodes only guards or extra outputs need, after `order`
    params: list[Value]  # leaves from outside fn: read on each call
    captured: list[Value]  # non-leaf nodes made outside fn: read, backpropagated once per call
    inputs: list[Value]
    constants: set[Value]
    root: Value
    extras: list[Value]
    guards: list[Guard] = field(default_factory=list)


def _down_from(i: int) -> range:
    """i, i − 1, …, 0: the rows in the order backward() of their mean reaches them."""
    return range(i, -1, -1)


# --- the generated code -------------------------------------------------------------------

_FROM_SCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except "
    "finally for from global if import in is lambda nonlocal not or pass raise return try while "
    "with yield match case _".split()
)


def identifier(label: str | None, fallback: str, taken: set[str]) -> str:
    """A Python name for a node: the lecture label transliterated (``w⁽¹⁾₂,₃`` → ``w1_2_3``,
    ``z⁽²⁾₁`` → ``z2_1``, ``x₁`` → ``x1``), else ``fallback``; unique within ``taken``. It starts
    with a letter, so it never meets the generated code's own names (``_P``, ``_div`` …)."""
    text = _transliterate(fallback) or "v"
    if label:
        text = _transliterate(label) or text
    if text in _KEYWORDS:
        text += "_"
    base, k = text, 2
    while text in taken:
        text = f"{base}_{k}"
        k += 1
    taken.add(text)
    return text


def _transliterate(label: str) -> str:
    out: list[str] = []
    prev = ""
    for ch in label:
        t = ch.translate(_FROM_SCRIPT)
        if ch in _SUBSCRIPTS and out and out[-1].isdigit() and prev not in _SUBSCRIPTS:
            out.append("_")  # z⁽²⁾₁: the layer's digits, then the neuron's
        if t.isascii() and (t.isalnum() or t == "_"):
            out.append(t)
        elif ch == ",":
            out.append("_")
        prev = ch
    cand = "".join(out).strip("_")
    return cand if cand and cand[0].isalpha() else ""


def _input_hints(fn_args: Sequence[str], sig: Any) -> list[str]:
    """x1, x2 for a list argument x; y for a number y; in1, in2, … without names."""
    hints: list[str] = []
    for k, s in enumerate(sig):
        base = _transliterate(fn_args[k]) if k < len(fn_args) else ""
        base = base or f"in{k + 1}_"
        flat: list[Any] = [s]
        leaves = 0
        while flat:
            item = flat.pop()
            if item == "f":
                leaves += 1
            else:
                flat.extend(item)
        if s == "f":
            hints.append(base)
        else:
            hints.extend(f"{base}{j}" for j in range(1, leaves + 1))
    return hints


def _pattern(sig: Any, it: Iterator[str]) -> str:
    """The unpacking target for one argument structure: ``(x1, x2), y``."""
    if sig == "f":
        return next(it)
    inner = ", ".join(_pattern(s, it) for s in sig)
    return f"({inner},)" if len(sig) == 1 else f"({inner})"


_GUARD_MIN = 3  # skip a zero-upstream node's edges only where it has this many


def _rule(
    rule: Callable[..., Any],
    args: list[ast.expr],
    n: int,
    ns: emit.Namespace,
    temps: Iterator[int],
) -> tuple[list[str], list[ast.expr]]:
    """The ``n`` results of a rule as expressions (``n`` = 0: a forward rule's one number):
    inlined or run on symbols where it can be, else one call — whose tuple is kept in a
    temporary (the lines to run first, then the results)."""
    exprs = emit.rule_exprs(rule, args, ns)
    if exprs is not None and len(exprs) == max(n, 1):
        return [], exprs
    call = emit.rule_call(rule, args, ns)
    if n == 0:
        return [], [call]
    tmp = f"_t{next(temps)}"
    return [f"{tmp} = {ast.unparse(call)}"], [
        ast.Subscript(emit.name(tmp), ast.Constant(k)) for k in range(n)
    ]


def generate(
    trace: Trace, sig: Any, fn_args: Sequence[str] = (), skip_zeros: bool = True
) -> tuple[str, dict[str, Any]]:
    """The Python text of a trace and the namespace it runs in: parameters read once, then per
    row forward lines in topological order, the guards, and backward lines (each op's own rule)
    in reverse order."""
    ns = emit.Namespace()
    taken: set[str] = set()
    var: dict[Value, str] = {}
    input_names = [identifier(None, hint, taken) for hint in _input_hints(fn_args, sig)]
    for v, nm in zip(trace.inputs, input_names):
        var[v] = nm
    for k, p in enumerate(trace.params):
        var[p] = identifier(p.label, f"p{k}", taken)
    for k, v in enumerate(trace.captured):
        var[v] = identifier(v.label, f"outer{k}", taken)
    count = 0
    root = trace.root
    for v in [*trace.order, *trace.extra_nodes]:
        if v in var or v in trace.constants:
            continue
        count += 1
        var[v] = identifier(v.label or ("C" if v is root else None), f"t{count}", taken)
    rname = var.get(root, "C")
    # Gradient names come last, so no label can take one: a node labelled dC_dw makes ∂C/∂w
    # dC_dw_2, never the other way round.
    gvar: dict[Value, str] = {}

    def grad(v: Value) -> str:
        if v not in gvar:
            gvar[v] = identifier(None, f"d{rname}_d{var[v]}", taken)
        return gvar[v]

    def ref(v: Value) -> ast.expr:
        return emit.constant(v.data) if v in trace.constants else emit.name(var[v])

    def args_of(v: Value) -> list[ast.expr]:
        args = [ref(p) for p in v.parents]
        if v._c is not None:
            args.append(emit.constant(v._c))
        return args

    temps = itertools.count(1)

    # --- forward: each node's value by its op's forward rule ---
    outside = set(trace.captured)
    forward: list[str] = []
    for v in [*trace.order, *trace.extra_nodes]:
        if not v.parents or v in outside:
            continue
        op = v._op
        assert op is not None
        setup, exprs = _rule(op.forward, args_of(v), 0, ns, temps)
        forward += setup
        forward.append(f"{var[v]} = {ast.unparse(exprs[0])}")

    # --- guards ---
    guards: list[str] = []
    for g in trace.guards:
        left = ast.unparse(_term_code(g.left, ref, ns))
        if g.op == "value":
            same = ns.ref(same_bits, "same_bits")
            test = f"{same}({left}, {ast.unparse(emit.constant(float(g.outcome)))})"
            passes = True
        elif g.op == "bool":
            test, passes = f"{left} != 0.0", bool(g.outcome)
        else:
            right = ast.unparse(_term_code(g.right, ref, ns))
            test, passes = f"{left} {g.op} {right}", bool(g.outcome)
        guards.append(f"# {g.where}")
        guards.append(f"if {'not ' if passes else ''}{test}:")
        guards.append("    _left = _i + 1  # this row and those before it: another trace")
        guards.append("    break")

    # --- backward: which nodes need ∂C/∂node (a parameter or captured node among their
    # ancestors), then each edge's contribution by its op's own rule ---
    sources = set(trace.params) | outside
    needs: set[Value] = set(sources)
    for v in trace.order:
        if v not in outside and any(p in needs for p in v.parents):
            needs.add(v)
    accumulators = set(trace.params) | outside  # added to across rows, like .grad
    backward: list[str] = []
    assigned: set[Value] = set()
    zeroed: list[Value] = []
    for v in reversed(trace.order):
        if not v.parents or v not in needs:
            continue
        op = v._op
        assert op is not None
        upstream = emit.name(grad(v))
        args = args_of(v)
        out = ref(v)
        slots = [k for k, p in enumerate(v.parents) if p in needs]
        if not slots:
            continue
        # what backward_step() adds: the op's own backward rule, else local × upstream
        n = len(v.parents)
        if op.backward is not None:
            lines, exprs = _rule(op.backward, [upstream, *args, out], n, ns, temps)
        else:
            lines, local = _rule(op.partials, [*args, out], n, ns, temps)
            exprs = [emit.times(d, upstream) for d in local]
        # As backward() does: a node whose upstream is exactly 0 passes nothing on when its op
        # promises finite local derivatives (worth a test only for nodes with many edges).
        guard = skip_zeros and op.finite_partials and len(slots) >= _GUARD_MIN and v is not root
        body: list[str] = []
        for k in slots:
            p = v.parents[k]
            term = ast.unparse(exprs[k])
            if p in accumulators or p in assigned:
                body.append(f"{grad(p)} += {term}")
            elif guard:  # may be skipped: start from 0 and add
                body.append(f"{grad(p)} += {term}")
                assigned.add(p)
                zeroed.append(p)
            else:
                body.append(f"{grad(p)} = {term}")
                assigned.add(p)
        if guard:
            name_v = ast.unparse(out)
            lines = [f"if {grad(v)} != 0.0 or {name_v} - {name_v} != 0.0:"] + [
                "    " + line for line in lines + body
            ]
        else:
            lines += body
        if v in outside:  # made outside fn: its step runs once, at the first row (see Trace)
            lines = ["if _i == 0:"] + ["    " + line for line in lines]
        backward += lines
    missing = zeroed + [
        v
        for v in trace.order
        if v.parents and v in needs and v is not root and v not in assigned
        and v not in accumulators
    ]  # fmt: skip

    params, captured = trace.params, trace.captured
    L = ["def _compiled(_P, _A, _rows, _seed, _i):"]
    L.append('    """Cᵢ = fn(rowᵢ) and ∂Cᵢ/∂w for i = _i … 0; every line is an op table rule."""')
    if params:
        L.append("    # the parameters' values and ∂C/∂w so far (the slots behind .data and .grad)")
    for k, p in enumerate(params):
        L.append(f"    {var[p]} = _P[{k}]._data")
    for k, p in enumerate(params):
        L.append(f"    {grad(p)} = _P[{k}]._grad")
    if captured:
        L.append("    # Values computed outside fn: read as they are, as backward() reads them")
    for k, v in enumerate(captured):
        L.append(f"    {var[v]} = _P[{len(params) + k}]._data")
        L.append(f"    {grad(v)} = _A[{k}]")
    L.append("    _costs, _outputs = [], []")
    L.append("    _left = 0")
    # a for loop: a while loop over so long a body ran 1.4× slower (CPython 3.11)
    down = ns.ref(_down_from, "down_from")
    L.append(f"    for _i in {down}(_i):  # from the last row, as backward() of a mean takes them")
    it = iter(input_names)
    target = ", ".join(_pattern(s, it) for s in sig) + ("," if len(sig) == 1 else "")
    ind = "        "
    if sig:
        L.append(f"{ind}{target} = _rows[_i]")
        fl = ns.ref(float, "float")  # as Value(x) stores an int or numpy number: a float
        L.append(f"{ind}{', '.join(input_names)} = "
                 + ", ".join(f"{fl}({n})" for n in input_names))  # fmt: skip
    L.append(f"{ind}# forward propagation")
    L += [ind + line for line in forward]
    if guards:
        L.append(f"{ind}# guards: where fn followed the data when traced")
        L += [ind + line for line in guards]
    L.append(f"{ind}# backpropagation: local derivative × upstream gradient, edge by edge")
    if root in sources:
        L.append(f"{ind}{grad(root)} += _seed")
    else:
        L.append(f"{ind}{grad(root)} = _seed")
    for v in missing:
        L.append(f"{ind}{grad(v)} = 0.0")
    L += [ind + line for line in backward]
    L.append(f"{ind}_costs.append({ast.unparse(ref(root))})")
    if trace.extras:
        extras = ", ".join(ast.unparse(ref(v)) for v in trace.extras)
        L.append(f"{ind}_outputs.append(({extras}{',' if len(trace.extras) == 1 else ''}))")
    if params or captured:
        L.append("    # add to .grad, as backward() does")
    for k, p in enumerate(params):
        L.append(f"    _P[{k}]._grad = {grad(p)}")
    for k, v in enumerate(captured):
        L.append(f"    _A[{k}] = {grad(v)}")
    L.append("    return _costs, _outputs, _left")
    return "\n".join(L) + "\n", ns.globals


_BINARY = {operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult,
           operator.truediv: ast.Div, operator.floordiv: ast.FloorDiv, operator.mod: ast.Mod,
           operator.pow: ast.Pow}  # fmt: skip


def _term_code(term: object, ref: Callable[[Value], ast.expr], ns: emit.Namespace) -> ast.expr:
    """A guard's term as code: a node's variable, a number, or the arithmetic fn did on them
    (with ``.data``), operator by operator as Python did it."""
    if isinstance(term, Value):
        return ref(term)
    if not isinstance(term, tuple):
        return emit.constant(float(term))  # type: ignore[arg-type]
    fn, operands = term
    args = [_term_code(t, ref, ns) for t in operands]
    if fn in _BINARY:
        return ast.BinOp(args[0], _BINARY[fn](), args[1])
    if fn is operator.neg:
        return ast.UnaryOp(ast.USub(), args[0])
    if fn is operator.pos:
        return ast.UnaryOp(ast.UAdd(), args[0])
    return ast.Call(emit.name(ns.ref(fn, getattr(fn, "__name__", "f"))), args, [])
