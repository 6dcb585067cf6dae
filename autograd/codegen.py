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
import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import emit
from autograd.tracing import Guard, same_bits
from autograd.value import Value

__all__ = ["Trace", "generate", "generate_tail", "identifier"]


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


class _Body:
    """The lines of one trace: its nodes' names, forward lines in topological order, the
    guards, and backward lines (each op's own rule) in reverse order — in a namespace and a
    set of taken names that a generated function may share with another trace's body."""

    def __init__(
        self,
        trace: Trace,
        ns: emit.Namespace,
        taken: set[str],
        var: dict[Value, str],
        skip_zeros: bool,
    ) -> None:
        self.trace, self.ns, self.var = trace, ns, var
        for k, p in enumerate(trace.params):
            if p not in var:
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
        self.rname = var.get(root, "C")
        self.taken = taken
        self.gvar: dict[Value, str] = {}
        self.temps = itertools.count(1)
        self.forward = self._forward()
        self.guards = self._guards()
        self.backward, self.missing = self._backward(skip_zeros)

    def grad(self, v: Value) -> str:
        # Gradient names come last, so no label can take one: a node labelled dC_dw makes
        # ∂C/∂w dC_dw_2, never the other way round.
        if v not in self.gvar:
            self.gvar[v] = identifier(None, f"d{self.rname}_d{self.var[v]}", self.taken)
        return self.gvar[v]

    def ref(self, v: Value) -> ast.expr:
        return emit.constant(v.data) if v in self.trace.constants else emit.name(self.var[v])

    def _args_of(self, v: Value) -> list[ast.expr]:
        args = [self.ref(p) for p in v.parents]
        if v._c is not None:
            args.append(emit.constant(v._c))
        return args

    def _forward(self) -> list[str]:
        """Each node's value by its op's forward rule."""
        trace, outside = self.trace, set(self.trace.captured)
        forward: list[str] = []
        for v in [*trace.order, *trace.extra_nodes]:
            if not v.parents or v in outside:
                continue
            op = v._op
            assert op is not None
            setup, exprs = _rule(op.forward, self._args_of(v), 0, self.ns, self.temps)
            forward += setup
            forward.append(f"{self.var[v]} = {ast.unparse(exprs[0])}")
        return forward

    def _guards(self) -> list[str]:
        ns, guards = self.ns, []
        for g in self.trace.guards:
            left = ast.unparse(_term_code(g.left, self.ref, ns))
            if g.op == "value":
                same = ns.ref(same_bits, "same_bits")
                test = f"{same}({left}, {ast.unparse(emit.constant(float(g.outcome)))})"
                passes = True
            elif g.op == "bool":
                test, passes = f"{left} != 0.0", bool(g.outcome)
            else:
                right = ast.unparse(_term_code(g.right, self.ref, ns))
                test, passes = f"{left} {g.op} {right}", bool(g.outcome)
            guards.append(f"# {g.where}")
            guards.append(f"if {'not ' if passes else ''}{test}:")
            guards.append("    _left = _i + 1  # this row and those before it: another trace")
            guards.append("    break")
        return guards

    def _backward(self, skip_zeros: bool) -> tuple[list[str], list[Value]]:
        """Which nodes need ∂C/∂node (a parameter or captured node among their ancestors),
        then each edge's contribution by its op's own rule; and the gradients to set to 0 at
        the start of each row (those only added to)."""
        trace, ns, grad = self.trace, self.ns, self.grad
        root = trace.root
        outside = set(trace.captured)
        sources = set(trace.params) | outside
        needs: set[Value] = set(sources)
        for v in trace.order:
            if v not in outside and any(p in needs for p in v.parents):
                needs.add(v)
        accumulators = set(trace.params) | outside  # added to across rows, like .grad
        steps: list[tuple[Value, list[str], bool, bool]] = []  # node, lines, guarded, masks
        assigned: dict[Value, ast.expr] = {}  # gradient set by `=`: the expression
        zeroed: list[Value] = []
        for v in reversed(trace.order):
            if not v.parents or v not in needs:
                continue
            op = v._op
            assert op is not None
            upstream = emit.name(grad(v))
            args = self._args_of(v)
            out = self.ref(v)
            slots = [k for k, p in enumerate(v.parents) if p in needs]
            if not slots:
                continue
            # what backward_step() adds: the op's own backward rule, else local × upstream
            n = len(v.parents)
            if op.backward is not None:
                lines, exprs = _rule(op.backward, [upstream, *args, out], n, ns, self.temps)
            else:
                lines, local = _rule(op.partials, [*args, out], n, ns, self.temps)
                exprs = [emit.times(d, upstream) for d in local]
            # As backward() does: a node whose upstream is exactly 0 passes nothing on when its
            # op promises finite local derivatives (worth a test only for nodes with many edges).
            guard = skip_zeros and op.finite_partials and len(slots) >= _GUARD_MIN
            guard = guard and v is not root
            body: list[str] = []
            for k in slots:
                p = v.parents[k]
                term = ast.unparse(exprs[k])
                if p in accumulators or p in assigned:
                    body.append(f"{grad(p)} += {term}")
                elif guard:  # may be skipped: start from 0 and add
                    body.append(f"{grad(p)} += {term}")
                    assigned[p] = exprs[k]
                    zeroed.append(p)
                else:
                    body.append(f"{grad(p)} = {term}")
                    assigned[p] = exprs[k]
            if guard:
                name_v = ast.unparse(out)
                test = f"{grad(v)} != 0.0"
                mask = _mask(assigned.get(v))
                before = steps[-1][1] if steps else []
                if mask is not None and before and before[-1].startswith(f"{grad(v)} = "):
                    # v's gradient is a mask's (ReLU′: 0 where z ≤ 0, else the upstream): it is
                    # ≠ 0 where the mask lets a nonzero upstream through, so it is set inside
                    lines = [before.pop(), *lines]
                    test = f"({mask})"
                lines = [f"if {test} or {name_v} - {name_v} != 0.0:"] + [
                    "    " + line for line in lines + body
                ]
            else:
                lines += body
            if v in outside:  # made outside fn: its step runs once, at the first row (see Trace)
                lines = ["if _i == 0:"] + ["    " + line for line in lines]
            # a step whose every contribution is a mask of the upstream (0.0 if P else u) adds
            # exactly 0 for a zero upstream whatever the values: its node's finiteness is moot
            keeps_zero = all(
                _mask(e) is not None and e.orelse.id == grad(v)  # type: ignore[attr-defined]
                for e in (exprs[k] for k in slots)
            )
            steps.append((v, lines, guard, keeps_zero))
        missing = zeroed + [
            v
            for v in trace.order
            if v.parents and v in needs and v is not root and v not in assigned
            and v not in accumulators
        ]  # fmt: skip
        if skip_zeros:
            found = self._skip_region(steps, needs, accumulators, missing)
            if found is not None:
                return found
        return [line for _, lines, *_ in steps for line in lines], missing

    def _skip_region(
        self,
        steps: list[tuple[Value, list[str], bool, bool]],
        needs: set[Value],
        sums: set[Value],
        missing: list[Value],
    ) -> tuple[list[str], list[Value]] | None:
        """The backward lines with the steps after the first node v that all later gradients
        flow through (a dominator: no other node holds a gradient yet when v's turn comes) in
        one test: where ∂C/∂v is 0 and every value there is finite, each of those steps would
        be skipped by backward() (finite local derivatives × 0 add only ±0), so all are. Worth
        it where that saves several zero tests (a hinge loss, flat on most rows: all of them).
        The gradients to set to 0 at each row (``missing``) that lie there are set there. None
        where there is no such v; else (the lines, the gradients still to set to 0 per row)."""
        pending: set[Value] = {self.trace.root}
        for k, (v, _, _, _) in enumerate(steps):
            region = steps[k:]
            if (
                k > 0
                and pending == {v}
                and sum(guarded for _, _, guarded, _ in region) >= 2
                and all(u._op is not None and u._op.finite_partials for u, *_ in region)
                and not any(u in self.trace.captured for u, *_ in region)
            ):
                finite = [self.ref(u) for u, _, _, masks in region if not masks]
                values = " + ".join(dict.fromkeys(map(ast.unparse, finite)))
                head = [line for _, lines, *_ in steps[:k] for line in lines]
                inside = {u for u, *_ in region} - {v}  # v holds its gradient already
                zeros = [f"{self.grad(u)} = 0.0" for u in missing if u in inside]
                name = self.var[v]
                test = f"if {self.grad(v)} != 0.0 or ({values}) * 0.0 != 0.0:"
                lines = [
                    *head,
                    f"# every gradient below comes through {name}: all 0 where ∂C/∂{name} is 0",
                    test,
                    *("    " + line for line in zeros),
                    *("    " + line for _, lines, *_ in region for line in lines),
                ]
                return lines, [u for u in missing if u not in inside]
            pending.discard(v)
            pending.update(p for p in v.parents if p in needs and p not in sums)
        return None


def _mask(expr: ast.expr | None) -> str | None:
    """For a gradient ``0.0 if P else u`` (a masked rule, inlined), the test that it is
    nonzero: ``u != 0.0 and not P``; None for any other expression."""
    if not (isinstance(expr, ast.IfExp) and isinstance(expr.orelse, ast.Name)):
        return None
    zero = expr.body
    if not (isinstance(zero, ast.Constant) and type(zero.value) is float and zero.value == 0.0):
        return None
    if math.copysign(1.0, zero.value) < 0:
        return None
    return f"{expr.orelse.id} != 0.0 and {ast.unparse(ast.UnaryOp(ast.Not(), expr.test))}"


def _params_in(L: list[str], params: Sequence[Value], body: _Body, fresh: set[Value]) -> None:
    """Lines that read each parameter's value and ∂C/∂w so far from the slots behind .data and
    .grad (``_P[k]``); those in ``fresh`` start from ∂C/∂w = 0."""
    for k, p in enumerate(params):
        L.append(f"    {body.var[p]} = _P[{k}]._data")
    for k, p in enumerate(params):
        if p in fresh:
            L.append(f"    {body.grad(p)} = 0.0")
        else:
            L.append(f"    {body.grad(p)} = _P[{k}]._grad")


def generate(
    trace: Trace, sig: Any, fn_args: Sequence[str] = (), skip_zeros: bool = True
) -> tuple[str, dict[str, Any]]:
    """The Python text of a trace and the namespace it runs in: parameters read once (or, for
    a step, their gradients started from 0), then per row forward lines in topological order,
    the guards, and backward lines (each op's own rule) in reverse order."""
    ns = emit.Namespace()
    taken: set[str] = set()
    var: dict[Value, str] = {}
    input_names = [identifier(None, hint, taken) for hint in _input_hints(fn_args, sig)]
    for v, nm in zip(trace.inputs, input_names):
        var[v] = nm
    body = _Body(trace, ns, taken, var, skip_zeros)
    grad, ref, root = body.grad, body.ref, trace.root

    params, captured = trace.params, trace.captured
    L = ["def _compiled(_P, _A, _rows, _seed, _i, _zero=False):"]
    L.append('    """Cᵢ = fn(rowᵢ) and ∂Cᵢ/∂w for i = _i … 0; every line is an op table rule."""')
    outer = set(params) | set(captured)
    per_row = [*input_names, *(body.var[v] for v in [*trace.order, *trace.extra_nodes]
                               if v.parents and v not in outer)]  # fmt: skip
    per_row += [g for v, g in body.gvar.items() if v not in outer]
    if len(params) + len(captured) > 100 and per_row:
        L.append(
            "    # each row's names first: CPython reads its first 256 local variables fastest"
        )
        for k in range(0, len(per_row), 8):
            L.append(f"    {' = '.join(per_row[k : k + 8])} = 0.0")
    if params:
        L.append("    # the parameters' values and ∂C/∂w so far (the slots behind .data and .grad)")
    for k, p in enumerate(params):
        L.append(f"    {var[p]} = _P[{k}]._data")
    if params:
        L.append("    if _zero:  # a step of gradient descent starts from ∂C/∂w = 0 (zero_grad)")
        names = [grad(p) for p in params]
        for k in range(0, len(names), 6):
            L.append(f"        {' = '.join(names[k : k + 6])} = 0.0")
        L.append("    else:")
        for k, p in enumerate(params):
            L.append(f"        {grad(p)} = _P[{k}]._grad")
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
    L += [ind + line for line in body.forward]
    if body.guards:
        L.append(f"{ind}# guards: where fn followed the data when traced")
        L += [ind + line for line in body.guards]
    L.append(f"{ind}# backpropagation: local derivative × upstream gradient, edge by edge")
    if root in params or root in captured:
        L.append(f"{ind}{grad(root)} += _seed")
    else:
        L.append(f"{ind}{grad(root)} = _seed")
    for v in body.missing:
        L.append(f"{ind}{grad(v)} = 0.0")
    L += [ind + line for line in body.backward]
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


def generate_tail(
    plus: Trace | None, params: Sequence[Value], fresh: set[Value], skip_zeros: bool = True
) -> tuple[str, dict[str, Any]]:
    """The end of a step of gradient descent, as Python text: the term ``plus`` added to the
    cost (its forward and backward lines, ∂C/∂C = 1, as ``plus().backward()``), then
    w ← w − η·∂C/∂w for every parameter in ``params`` (those in ``fresh`` start from ∂C/∂w = 0:
    only the term reads them). ``_tail(_P, _lr)`` returns the term's value (0.0 without one)."""
    ns = emit.Namespace()
    taken: set[str] = set()
    var: dict[Value, str] = {}
    for k, p in enumerate(params):
        var[p] = identifier(p.label, f"p{k}", taken)
    L = ["def _tail(_P, _lr):"]
    L.append('    """The term added to the mean cost, its gradient, then gradient descent."""')
    L.append("    # the parameters' values and ∂C/∂w so far (the slots behind .data and .grad)")
    if plus is None:
        grads = {p: identifier(None, f"dC_d{var[p]}", taken) for p in params}
        for k, p in enumerate(params):
            L.append(f"    {var[p]} = _P[{k}]._data")
        for k, p in enumerate(params):
            L.append(f"    {grads[p]} = {'0.0' if p in fresh else f'_P[{k}]._grad'}")
        grad = grads.__getitem__
        cost = "0.0"
    else:
        body = _Body(plus, ns, taken, var, skip_zeros)
        _params_in(L, params, body, fresh)
        grad, root = body.grad, plus.root
        L.append("    # the term added to the cost: forward propagation")
        L += ["    " + line for line in body.forward]
        L.append("    # its backpropagation, from ∂C/∂C = 1")
        L.append(f"    {grad(root)} {'+=' if root in params else '='} 1.0")
        for v in body.missing:
            L.append(f"    {grad(v)} = 0.0")
        L += ["    " + line for line in body.backward]
        cost = ast.unparse(body.ref(root))
    L.append("    # gradient descent: w ← w − η·∂C/∂w")
    for p in params:
        L.append(f"    {var[p]} -= _lr * {grad(p)}")
    L.append("    # the new values, and ∂C/∂w in .grad, as backward() leaves it")
    for k, p in enumerate(params):
        L.append(f"    _P[{k}]._data = {var[p]}")
        L.append(f"    _P[{k}]._grad = {grad(p)}")
    L.append(f"    return {cost}")
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
