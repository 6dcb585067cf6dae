"""Backpropagation written out: a traced graph turned into straight-line Python.

The lecture computes ∂C/∂w by the chain rule, node by node. `compile(fn)` runs ``fn`` on the
engine, then writes that very computation as plain Python: one line per node for forward
propagation (``z1_1 = b1_1 + w1_1_1 * x1 + w1_1_2 * x2``), one line per edge for backpropagation
(``dC_dw1_1_1 += x1 * dC_dz1_1``). Every line is the op table's own rule — the one `backward()`
calls — inlined or called (`autograd.emit`), so the numbers are `backward()`'s, bit for bit.
The result runs far faster than the graph, because no Value objects are made.

Contract: ``cf(*args)`` returns ``C = fn(*args); C.backward(); C.data`` and leaves every leaf's
``.grad`` as that would, bit for bit; ``cf.mean(rows)`` does the same for the eager
``C = mean([fn(*row) for row in rows]); C.backward()``. Numbers in ``args`` (also inside
lists/tuples) become the function's inputs; every leaf Value ``fn`` reads from outside (the
parameters) is read on each call, so an optimiser may update it between calls.

Data-dependent graphs: while ``fn`` is traced, each place where the trace follows the data — a
comparison or ``bool()`` of a traced Value, ``float()`` or ``math.*`` of one — is recorded as a
*guard*. The generated code checks its guards on every row; a row that fails them is run by
another trace of ``fn`` (made then, and kept: at most `MAX_TRACES` per argument structure).
"""

from __future__ import annotations

import ast
import builtins
import itertools
import operator
import struct
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd import emit
from autograd.backward import topological_order
from autograd.modes import is_anomaly_enabled
from autograd.ops import OPS
from autograd.tracing import Guard, Tracer, same_bits, tracing
from autograd.value import Value

__all__ = ["MAX_TRACES", "Compiled", "DataDependentError", "Guard", "compile"]

# fn returns the cost C, or (C, *outputs) to also get those outputs' values (``cf.outputs``).
Function = Callable[..., Value | tuple[Value, ...]]

MAX_TRACES = 8  # traces kept per argument structure; one more raises DataDependentError


class DataDependentError(ValueError):
    """``fn`` needs more traces than `MAX_TRACES`, or builds its graph from numbers taken out
    of the data in a way the generated code cannot check."""


# --- one trace of fn ----------------------------------------------------------------------


@dataclass
class _Trace:
    order: list[Value]  # topological order of C: the order backward() walks, reversed
    extra_nodes: list[Value]  # nodes only guards or extra outputs need, after `order`
    params: list[Value]  # leaves from outside fn: read on each call
    captured: list[Value]  # non-leaf nodes made outside fn: read, backpropagated once per call
    inputs: list[Value]
    constants: set[Value]
    root: Value
    extras: list[Value]
    guards: list[Guard] = field(default_factory=list)


def _signature(args: Any) -> Any:
    if isinstance(args, (list, tuple)):
        return tuple(_signature(a) for a in args)
    if isinstance(args, (int, float)) and not isinstance(args, bool):
        return "f"
    raise TypeError(
        f"compiled functions take numbers or (nested) lists of numbers, not {type(args).__name__}"
    )


def _wrap(args: Any, out: list[Value]) -> Any:
    if isinstance(args, (list, tuple)):
        return [_wrap(a, out) for a in args]
    v = Value(float(args))
    out.append(v)
    return v


def _arg_names(fn: Callable[..., Any]) -> list[str]:
    import inspect  # here, not at the top: it would add ~6 ms to `import autograd`

    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


_DATA_DEPENDENT = (
    "fn builds a different graph when run twice on the same arguments (randomness, or state "
    "that changes between calls); compile() needs one graph per trace — run it eagerly instead"
)


class Compiled:
    """``fn`` traced and turned into Python; see `compile`. ``source`` is the generated code of
    the latest trace, guards included; ``traces`` counts the traces made (a new argument
    structure or a failed guard traces again); ``compile_seconds`` is the time the latest trace
    and code generation took."""

    def __init__(self, fn: Function, skip_zeros: bool = True) -> None:
        self.fn = fn
        self.skip_zeros = skip_zeros
        self.traces = 0
        self.source = ""
        self.compile_seconds = 0.0
        self.outputs: list[tuple[float, ...]] = []
        self._programs: dict[Any, list[_Program]] = {}

    def __repr__(self) -> str:
        return f"compile({getattr(self.fn, '__name__', 'fn')}), {self.traces} trace(s)"

    # --- public calls --------------------------------------------------------------------

    def __call__(self, *args: Any) -> float:
        """``C = fn(*args); C.backward(); return C.data``, without building the graph."""
        if is_anomaly_enabled():
            # detect_anomaly() names the op and the node: only the engine knows them.
            return self._eager(args)
        costs, self.outputs = self._run([args], 1.0)
        return float(costs[0])

    def mean(self, rows: Sequence[Sequence[Any]], n: int | None = None) -> float:
        """C = 1/n Σᵢ fn(*rowsᵢ) (the cost averaged over the data set); adds ∂C/∂w = 1/n Σᵢ ∂Cᵢ/∂w
        to each parameter's ``.grad``, as ``mean([fn(*r) for r in rows]).backward()`` does.
        ``n`` (default: the number of rows) lets a data set be processed in parts: each part
        then returns Σᵢ Cᵢ / n and adds its share of the gradient."""
        if not rows:
            raise ValueError("mean() needs at least one row")
        count = len(rows) if n is None else n
        seed = 1.0 / count  # ∂C/∂Cᵢ: the mean's local derivative, as the table's mean has it
        if is_anomaly_enabled():
            costs, outputs = [], []
            for r in reversed(rows):  # the order backward() of the mean reaches the rows
                costs.append(self._eager(tuple(r), seed=seed))
                outputs += self.outputs
            costs.reverse()
            outputs.reverse()
            self.outputs = outputs
        else:
            costs, self.outputs = self._run(rows, seed)
        if n is None:
            return float(OPS["mean"].forward(*costs))
        return float(OPS["sum"].forward(*costs)) / count

    # --- running the generated code --------------------------------------------------------

    def _run(
        self, rows: Sequence[Sequence[Any]], seed: float
    ) -> tuple[list[float], list[tuple[float, ...]]]:
        """Rows from the last to the first (the order backward() of their mean takes them),
        each by the first cached trace whose guards it passes; a row no trace passes is traced."""
        key = _signature(list(rows[0]))
        programs = self._programs.setdefault(key, [])
        costs: list[float] = []
        outputs: list[tuple[float, ...]] = []
        i = len(rows) - 1
        while i >= 0:
            for k, program in enumerate(programs):
                try:
                    c, o, left = program.run(rows, seed, i)
                except (TypeError, ValueError) as e:  # only the unpacking of a row can raise
                    raise ValueError(
                        "mean(rows): every row must have the structure of rows[0] "
                        f"({key!r}, 'f' = a number): {e}"
                    ) from None
                if left <= i:  # it ran rows i, i − 1, …, left (a guard failed, or all done)
                    costs += c
                    outputs += o
                    i = left - 1
                    if k:  # the trace that fits goes first next time
                        programs.insert(0, programs.pop(k))
                    break
            else:
                programs.insert(0, self._compile(rows[i], programs))
        costs.reverse()
        outputs.reverse()
        return costs, outputs

    def _compile(self, row: Sequence[Any], programs: list[_Program]) -> _Program:
        if programs and len(programs) >= MAX_TRACES:
            missed = "\n".join(f"  {g.describe()}" for g in programs[0].trace.guards)
            raise DataDependentError(
                f"compile: fn takes another branch again — {len(programs)} traces of it are "
                f"kept (MAX_TRACES) and this row ({list(row)!r}) passes none. Where fn follows "
                f"the data when traced:\n{missed}\nWrite the branch as a graph op (relu, abs, "
                "a product with a mask) or run fn eagerly."
            )
        if programs and any(p.trace.captured for p in programs):
            raise DataDependentError(
                "compile: fn takes another branch and uses a Value computed outside it (not a "
                "leaf): backward() would order the two traces' steps in a way one generated "
                "function per trace cannot follow. Compute that Value inside fn."
            )
        t = time.perf_counter()
        trace = self._trace(row)
        source, namespace = generate(
            trace, _signature(list(row)), _arg_names(self.fn), self.skip_zeros
        )
        exec(builtins.compile(source, "<autograd.compile>", "exec"), namespace)
        self.traces += 1
        self.source = source
        self.compile_seconds = time.perf_counter() - t
        return _Program(namespace["_compiled"], trace)

    # --- tracing ---------------------------------------------------------------------------

    def _eager(self, args: Sequence[Any], seed: float = 1.0) -> float:
        C, extras = self._call_fn(args)
        C.backward(seed)
        self.outputs = [tuple(v.data for v in extras)]
        return C.data

    def _call_fn(
        self, args: Sequence[Any], inputs: list[Value] | None = None
    ) -> tuple[Value, list[Value]]:
        """fn on the arguments wrapped as leaf Values: (C, the extra outputs fn returned)."""
        wrapped = _wrap(list(args), [] if inputs is None else inputs)
        result = self.fn(*wrapped)
        values = list(result) if isinstance(result, tuple) else [result]
        for v in values:
            if not isinstance(v, Value):
                raise TypeError(f"the compiled function must return Values, not {type(v).__name__}")
        return values[0], values[1:]

    def _trace(self, row: Sequence[Any]) -> _Trace:
        """Run fn twice on the row: a leaf that is the same object both times was read from
        outside (a parameter); one made anew each time is a constant of fn."""
        in1: list[Value] = []
        in2: list[Value] = []
        t1, t2 = Tracer(), Tracer()
        with tracing(t1):
            C1, extras = self._call_fn(row, in1)
        with tracing(t2):
            C2, extras2 = self._call_fn(row, in2)
        if len(t1.guards) != len(t2.guards):
            raise DataDependentError(_DATA_DEPENDENT + " (it followed the data differently)")
        o1, o2 = topological_order(C1), topological_order(C2)
        more1 = _more_nodes(o1, [v for g in t1.guards for v in g.values()], extras)
        more2 = _more_nodes(o2, [v for g in t2.guards for v in g.values()], extras2)
        all1, all2 = o1 + more1, o2 + more2
        if len(all1) != len(all2):
            raise DataDependentError(_DATA_DEPENDENT + f" ({len(all1)} vs {len(all2)} nodes)")
        inputs1 = {v: k for k, v in enumerate(in1)}
        inputs2 = {v: k for k, v in enumerate(in2)}
        index1 = {v: i for i, v in enumerate(all1)}
        index2 = {v: i for i, v in enumerate(all2)}
        params: list[Value] = []
        captured: list[Value] = []
        constants: set[Value] = set()
        for a, b in zip(all1, all2):
            if a._op is not b._op or not same_bits(a._c, b._c):
                raise DataDependentError(
                    _DATA_DEPENDENT + f" (a {a.op or 'leaf'} node became {b.op or 'a leaf'}"
                    f" or its constant changed: {a._c!r} vs {b._c!r})"
                )
            if [index1[p] for p in a.parents] != [index2[p] for p in b.parents]:
                raise DataDependentError(_DATA_DEPENDENT + " (the edges differ)")
            if a.parents:
                if a is b:
                    captured.append(a)
                continue
            if a in inputs1:
                if inputs1[a] != inputs2.get(b):
                    raise DataDependentError(_DATA_DEPENDENT + " (the inputs are used differently)")
            elif a is b:
                params.append(a)
            elif same_bits(a.data, b.data):
                constants.add(a)
            else:
                raise DataDependentError(
                    "fn makes a Value from a number that changes between calls "
                    f"({a.data!r} vs {b.data!r}); pass that number as an argument instead"
                )
        for g1, g2 in zip(t1.guards, t2.guards):
            same = g1.op == g2.op and _shape(g1.left, index1) == _shape(g2.left, index2)
            same = same and _shape(g1.right, index1) == _shape(g2.right, index2)
            if not same or not same_bits(g1.outcome, g2.outcome):
                raise DataDependentError(_DATA_DEPENDENT + " (it followed the data differently)")
        if any(v not in index1 for v in extras):
            raise ValueError("an extra output of fn is not part of the graph of its cost")
        first_use: dict[Value, int] = {}
        for i, v in enumerate(all1):
            for p in v.parents:
                first_use.setdefault(p, i)
        params.sort(key=lambda p: first_use.get(p, -1))
        return _Trace(o1, more1, params, captured, in1, constants, C1, extras, t1.guards)


def _down_from(i: int) -> range:
    """i, i − 1, …, 0: the rows in the order backward() of their mean reaches them."""
    return range(i, -1, -1)


def _shape(term: object, index: dict[Value, int]) -> object:
    """A guard's term with each node replaced by its place in the trace (to compare two)."""
    if isinstance(term, Value):
        return ("node", index.get(term))
    if isinstance(term, tuple):
        return (term[0], tuple(_shape(t, index) for t in term[1]))
    return term if term is None else struct.pack("<d", term)


def _more_nodes(
    order: list[Value], wanted: Sequence[object], extras: Sequence[Value]
) -> list[Value]:
    """Nodes outside C's graph that guards or extra outputs refer to, with what they are made
    of, in an order that computes each after its parents."""
    known = set(order)
    more: list[Value] = []
    for v in [*wanted, *extras]:
        if isinstance(v, Value) and v not in known:
            for u in topological_order(v):
                if u not in known:
                    known.add(u)
                    more.append(u)
    return more


@dataclass
class _Program:
    """One trace's generated function and what it reads: parameters and captured nodes."""

    fn: Callable[..., Any]
    trace: _Trace
    accumulated: list[float] = field(default_factory=list)

    def run(
        self, rows: Sequence[Any], seed: float, start: int
    ) -> tuple[list[float], list[tuple[float, ...]], int]:
        reads = [*self.trace.params, *self.trace.captured]
        acc = [0.0] * len(self.trace.captured)
        costs, outputs, left = self.fn(reads, acc, rows, seed, start)
        return costs, outputs, left


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
    trace: _Trace, sig: Any, fn_args: Sequence[str] = (), skip_zeros: bool = True
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
        if v in outside:  # made outside fn: its step runs once, at the first row (see _Trace)
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


def compile(fn: Function, *, skip_zeros: bool = True) -> Compiled:
    """Trace ``fn`` on its first call and turn it into straight-line Python.

    ``cf = compile(fn)``; ``cf(*args)`` returns C = fn(*args) as a float and adds ∂C/∂w to the
    ``.grad`` of every parameter w (a leaf Value fn reads from outside), as ``C.backward()``
    does, bit for bit — without building a graph. ``cf.mean(rows)`` returns C = 1/n Σᵢ fn(*rowᵢ)
    and adds the gradient averaged over the rows. Numbers in the arguments are the inputs;
    Values fn makes from fixed numbers are constants. A new argument structure (other lengths)
    traces again. Where fn follows the data (``if x > 0``, ``bool(v)``, ``float(v)``), the
    generated code checks that each row does as the traced one did, and a row that does not is
    run by a new trace (up to `MAX_TRACES`, then `DataDependentError`). Under `detect_anomaly()`
    the calls run on the engine, which names the op that went wrong. ``cf.source`` is the
    generated code. ``skip_zeros`` (default) skips a node's edges when its upstream gradient is
    exactly 0 and its op promises finite local derivatives, as `Value.backward` does;
    ``skip_zeros=False`` gives the plainer code, one line per edge and nothing else.
    """
    if not callable(fn):
        raise TypeError(f"compile() takes a function, not {type(fn).__name__}")
    return Compiled(fn, skip_zeros)
