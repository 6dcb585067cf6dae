"""Backpropagation written out: a traced graph turned into straight-line Python.

The lecture computes ∂C/∂w by the chain rule, node by node. `compile(fn)` runs ``fn`` once on the
engine, then writes that very computation as plain Python: one line per node for forward
propagation (``z1_1 = w1_1_1*x1 + w1_1_2*x2 + b1_1``), one line per edge for backpropagation
(``dC_dw1_1_1 += x1*dC_dz1_1``) — local derivative × upstream gradient, the local derivative's
code generated from the op table's display formula (`autograd.formulas`), never written here.
The result is a function a student can print (``cf.source``) and that runs far faster than the
graph, because no Value objects are made.

Contract: ``cf(*args)`` behaves as ``C = fn(*args); C.backward(); return C.data``. Numbers in
``args`` (also inside lists/tuples) become the function's inputs; every leaf Value that ``fn``
reads from outside (the parameters) gets ∂C/∂leaf *added* to its ``.grad``, and its current
``.data`` is read on each call, so an optimiser may update it between calls. ``cf.mean(rows)``
is the lecture's average over the data set: C = 1/n Σᵢ fn(*rowᵢ), with a per-sample loop.
"""

from __future__ import annotations

import keyword
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from autograd import ieee
from autograd.engine import Value, is_anomaly_enabled
from autograd.formulas import Node, parse, to_code
from autograd.graph import topological_order
from autograd.ops import OPS, Op

__all__ = ["CODE_GLOBALS", "Compiled", "compile"]

# fn returns the cost C, or (C, *outputs) to also get those outputs' values (``cf.outputs``).
Function = Callable[..., Value | tuple[Value, ...]]


def _sign(x: float) -> float:
    return 1.0 if x > 0.0 else (-1.0 if x < 0.0 else 0.0 * x)


def _sin(x: float) -> float:
    return math.sin(x) if math.isfinite(x) else math.nan  # math.sin(inf) raises


def _cos(x: float) -> float:
    return math.cos(x) if math.isfinite(x) else math.nan


# What generated code may call: the table's own forward functions by op name, and the IEEE
# helpers the formula code uses (so generated code never raises where the engine would not).
CODE_GLOBALS: dict[str, Any] = {
    "_div": ieee.div,
    "_pow": ieee.pow_,
    "_log": ieee.log,
    "_exp": ieee.exp,
    "_sqrt": ieee.sqrt,
    "_sign": _sign,
    "_sin": _sin,
    "_cos": _cos,
    "_finite": math.isfinite,
    "len": len,
    "__builtins__": {},
    **{name: op.forward for name, op in OPS.items()},
}
_RESERVED = set(CODE_GLOBALS) | {"P", "rows", "costs", "outputs", "seed", "compiled"}

_FROM_SCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")


def identifier(label: str | None, fallback: str, taken: set[str]) -> str:
    """A Python name for a node: the lecture label transliterated (``w⁽¹⁾₂,₃`` → ``w1_2_3``,
    ``z⁽²⁾₁`` → ``z2_1``, ``x₁`` → ``x1``), else ``fallback``; made unique within ``taken``."""
    text = fallback
    if label:
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
        if cand and cand[0].isalpha():
            text = cand
    if keyword.iskeyword(text) or text in _RESERVED:
        text += "_"
    base, k = text, 2
    while text in taken:
        text = f"{base}_{k}"
        k += 1
    taken.add(text)
    return text


_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"


def _template_names(n: int) -> list[str]:
    return [f"{{{k}}}" for k in range(n)]


def _symbol_tree(op: Op, arity: int) -> Node | None:
    """The op's forward as a formula tree (``{0}·{1}``), or None if its symbol is not one."""
    text = op.describe_with(_template_names(arity)) if op.describe_with else op.symbol
    try:
        return parse(text)
    except ValueError:
        return None


_ARITHMETIC = {"num", "var", "add", "sub", "mul", "neg"}


def _is_arithmetic(node: Node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.kind not in _ARITHMETIC:
            return False
        stack.extend(n.args)
    return True


@dataclass
class _Trace:
    order: list[Value]
    params: list[Value]
    inputs: list[Value]
    constants: set[Value]
    root: Value
    extras: list[Value]


# --- argument structure: nested lists/tuples of numbers ------------------------------------


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


def _input_hints(fn_args: Sequence[str], sig: Any) -> list[str]:
    """x1, x2 for a list argument x; y for a number y; in1, in2, … without names."""
    hints: list[str] = []
    for k, s in enumerate(sig):
        base = fn_args[k] if k < len(fn_args) and fn_args[k].isascii() else f"in{k + 1}_"
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


def _pattern(sig: Any, it: Any) -> str:
    """The unpacking target for one argument structure: ``(x1, x2), y``."""
    if sig == "f":
        return str(next(it))
    inner = ", ".join(_pattern(s, it) for s in sig)
    return f"({inner},)" if len(sig) == 1 else f"({inner})"


class Compiled:
    """``fn`` traced and turned into Python; see `compile`. ``source`` is the generated code of
    the latest trace; ``traces`` counts how often ``fn`` was traced (a changed argument structure
    retraces); ``compile_seconds`` is the time the latest trace and code generation took."""

    def __init__(self, fn: Function, skip_zeros: bool = True) -> None:
        self.fn = fn
        self.skip_zeros = skip_zeros
        self.traces = 0
        self.source = ""
        self.compile_seconds = 0.0
        self.outputs: list[tuple[float, ...]] = []
        self._programs: dict[tuple[str, Any], tuple[Callable[..., Any], list[Value]]] = {}

    def __repr__(self) -> str:
        return f"compile({getattr(self.fn, '__name__', 'fn')}), {self.traces} trace(s)"

    # --- public calls --------------------------------------------------------------------

    def __call__(self, *args: Any) -> float:
        """``C = fn(*args); C.backward(); return C.data``, without building the graph."""
        if is_anomaly_enabled():
            # detect_anomaly() names the op and the node: only the engine knows them.
            return self._eager(args)
        f, params = self._program("call", args, [args])
        costs, self.outputs = f(params, [args], 1.0)
        return float(costs[0])

    def mean(self, rows: Sequence[Sequence[Any]], n: int | None = None) -> float:
        """C = 1/n Σᵢ fn(*rowsᵢ) (the cost averaged over the data set); adds ∂C/∂w = 1/n Σᵢ ∂Cᵢ/∂w
        to each parameter's ``.grad``. One generated loop over the samples. ``n`` (default: the
        number of rows) lets a data set be processed in parts that add up to its mean."""
        if not rows:
            raise ValueError("mean() needs at least one row")
        count = len(rows) if n is None else n
        seed = 1.0 / count  # ∂C/∂Cᵢ: the mean's local derivative, as the table's mean has it
        if is_anomaly_enabled():
            costs, outputs = [], []
            for r in rows:
                costs.append(self._eager(tuple(r), seed=seed))
                outputs += self.outputs
            self.outputs = outputs
        else:
            f, params = self._program("mean", rows[0], [rows[0], rows[-1]])
            try:
                costs, self.outputs = f(params, rows, seed)
            except (TypeError, ValueError) as e:  # only the unpacking of a row can raise
                raise ValueError(
                    "mean(rows): every row must have the structure of rows[0] "
                    f"({_signature(list(rows[0]))!r}, 'f' = a number): {e}"
                ) from None
        if n is None:
            return float(OPS["mean"].forward(*costs))
        return float(OPS["sum"].forward(*costs)) / count

    # --- tracing ---------------------------------------------------------------------------

    def _eager(self, args: Sequence[Any], seed: float = 1.0) -> float:
        C, extras = self._run(args)
        C.backward(seed)
        self.outputs = [tuple(v.data for v in extras)]
        return C.data

    def _run(
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

    def _trace(self, samples: list[Sequence[Any]]) -> _Trace:
        """Run fn twice (on two samples when there are two): a leaf that is the same object both
        times was read from outside (a parameter); one made anew each time is a constant of fn.
        Both runs must build the same graph, or the function cannot be written out once."""
        in1: list[Value] = []
        in2: list[Value] = []
        C1, extras = self._run(samples[0], in1)
        C2, _ = self._run(samples[-1], in2)
        o1, o2 = topological_order(C1), topological_order(C2)
        if len(o1) != len(o2):
            raise ValueError(_DATA_DEPENDENT + f" ({len(o1)} vs {len(o2)} nodes)")
        inputs1 = {v: k for k, v in enumerate(in1)}
        inputs2 = {v: k for k, v in enumerate(in2)}
        params: list[Value] = []
        constants: set[Value] = set()
        index1 = {v: i for i, v in enumerate(o1)}
        index2 = {v: i for i, v in enumerate(o2)}
        for a, b in zip(o1, o2):
            if a._op is not b._op or (a._c != b._c and not (a._c != a._c and b._c != b._c)):
                raise ValueError(
                    _DATA_DEPENDENT + f" (a {a.op or 'leaf'} node became {b.op or 'a leaf'}"
                    f" or its constant changed: {a._c!r} vs {b._c!r})"
                )
            if [index1[p] for p in a.parents] != [index2[p] for p in b.parents]:
                raise ValueError(_DATA_DEPENDENT + " (the edges differ)")
            if a.parents:
                continue
            if a in inputs1:
                if inputs1[a] != inputs2.get(b):
                    raise ValueError(_DATA_DEPENDENT + " (the inputs are used differently)")
            elif a is b:
                params.append(a)
            elif a.data == b.data or (a.data != a.data and b.data != b.data):
                constants.add(a)
            else:
                raise ValueError(
                    "fn makes a Value from a number that changes between calls "
                    f"({a.data!r} vs {b.data!r}); pass that number as an argument instead"
                )
        missing = [v for v in extras if v not in index1]
        if missing:
            raise ValueError("an extra output of fn is not part of the graph of its cost")
        first_use: dict[Value, int] = {}
        for i, v in enumerate(o1):
            for p in v.parents:
                first_use.setdefault(p, i)
        params.sort(key=lambda p: first_use.get(p, -1))
        return _Trace(o1, params, in1, constants, C1, extras)

    def _program(
        self, mode: str, args: Any, samples: list[Sequence[Any]]
    ) -> tuple[Callable[..., Any], list[Value]]:
        key = (mode, _signature(list(args)))
        found = self._programs.get(key)
        if found is not None:
            return found
        t = time.perf_counter()
        trace = self._trace(samples)
        source = generate(trace, key[1], mode, _arg_names(self.fn), self.skip_zeros)
        namespace = dict(CODE_GLOBALS)
        exec(compile_source(source), namespace)  # our own generated code, from the op table
        program = (namespace["compiled"], trace.params)
        self._programs[key] = program
        self.traces += 1
        self.source = source
        self.compile_seconds = time.perf_counter() - t
        return program


_DATA_DEPENDENT = (
    "fn builds a different graph on different calls (Python control flow on data, or a "
    "number taken out of a Value); compile() needs one fixed graph — run it eagerly instead"
)


def compile_source(source: str) -> Any:
    """Python's own compiler on the generated text (named so that tracebacks show it)."""
    import builtins

    return builtins.compile(source, "<autograd.compile>", "exec")


_GUARD_MIN = 3


def generate(
    trace: _Trace, sig: Any, mode: str, fn_args: Sequence[str] = (), skip_zeros: bool = True
) -> str:
    """The Python text of a trace: parameters read once, then forward lines in topological
    order and backward lines (local × upstream, per edge) in reverse order."""
    taken: set[str] = set()
    name: dict[Value, str] = {}
    # Inputs: named after fn's parameters (x → x1, x2 for a list x; y for a number).
    input_names = [identifier(None, hint, taken) for hint in _input_hints(fn_args, sig)]
    for v, nm in zip(trace.inputs, input_names):
        name[v] = nm
    for k, p in enumerate(trace.params):
        name[p] = identifier(p.label, f"p{k}", taken)
    count = 0
    for v in trace.order:
        if v in name or v in trace.constants:
            continue
        count += 1
        name[v] = identifier(v.label, f"t{count}", taken)
    root = trace.root
    if root.label is None and root in name:
        taken.discard(name[root])
        name[root] = identifier("C", "C", taken)
    rname = name.get(root, "C")

    def ref(v: Value) -> str:
        return repr(v.data) if v in trace.constants else name[v]

    # Which nodes need a gradient: those with a parameter among their ancestors.
    param_set = set(trace.params)
    needs: set[Value] = set(param_set)
    for v in trace.order:
        if any(p in needs for p in v.parents):
            needs.add(v)

    def grad(v: Value) -> str:
        return f"d{rname}_d{name[v]}"

    forward: list[str] = []
    for v in trace.order:
        if not v.parents:
            continue
        op = v._op
        assert op is not None
        forward.append(f"{name[v]} = {_forward_code(op, v, ref)}")

    backward: list[str] = []
    assigned: set[Value] = set()
    zeroed: list[Value] = []
    for v in reversed(trace.order):
        if not v.parents or v not in needs:
            continue
        op = v._op
        assert op is not None
        arity = len(v.parents)
        names = {str(k): ref(p) for k, p in enumerate(v.parents)}
        if v._c is not None:
            names["c"], names["cm1"] = repr(v._c), repr(v._c - 1.0)
        own = None if op.describe_with else _symbol_tree(op, arity)
        upstream = grad(v)
        terms: list[tuple[Value, str]] = []
        for k, p in enumerate(v.parents):
            if p not in needs:
                continue
            local = parse(op.formula(k, arity=arity))
            term = _times(local, upstream, names, own, name[v])
            if term is not None:
                terms.append((p, term))
        # As backward() does: a node whose upstream is exactly 0 passes nothing on when its op
        # promises finite local derivatives (worth a test only for nodes with many edges).
        guard = skip_zeros and op.finite_partials and len(terms) >= _GUARD_MIN and v is not root
        if guard:
            backward.append(f"if {upstream} != 0.0 or not _finite({name[v]}):")
        for p, term in terms:
            if p in param_set or p in assigned:
                line = f"{grad(p)} += {term}"
            elif guard:  # may be skipped: start from 0 and add
                line = f"{grad(p)} += {term}"
                assigned.add(p)
                zeroed.append(p)
            else:
                line = f"{grad(p)} = {term}"
                assigned.add(p)
            backward.append(("    " if guard else "") + line)
    # Nodes that need a gradient but got no contribution line (e.g. under a ReLU mask only)
    # still need their variable to exist before use.
    missing = zeroed + [
        v
        for v in trace.order
        if v.parents and v in needs and v is not root and v not in assigned and v not in param_set
    ]

    params = trace.params
    lines = ["def compiled(P, rows, seed):"]
    lines.append(f'    """{"C = 1/n Σᵢ fn(rowᵢ)" if mode == "mean" else "C = fn(args)"}'
                 ' and ∂C/∂w for every parameter w, generated from the op table."""')  # fmt: skip
    lines.append("    # the parameters' current values")
    for k, p in enumerate(params):
        lines.append(f"    {name[p]} = P[{k}].data")
    lines.append("    # their gradients, accumulated")
    for p in params:
        lines.append(f"    {grad(p)} = 0.0")
    it = iter(input_names)
    target = ", ".join(_pattern(s, it) for s in sig) + ("," if len(sig) == 1 else "")
    if mode == "mean":
        lines.append("    # seed = ∂C/∂Cᵢ = 1/n, the mean's local derivative")
        lines.append("    costs, outputs = [], []")
        lines.append(f"    for {target} in rows:")
        ind = "        "
    else:
        lines.append("    costs, outputs = [], []")
        if sig:
            lines.append(f"    {target} = rows[0]  # one call: its arguments")
        ind = "    "
    lines.append(f"{ind}# forward propagation")
    lines += [ind + line for line in forward]
    lines.append(f"{ind}# backpropagation: local derivative × upstream gradient, edge by edge")
    lines.append(f"{ind}{grad(root)} = seed")
    for v in missing:
        lines.append(f"{ind}{grad(v)} = 0.0")
    lines += [ind + line for line in backward]
    out = ref(root)
    lines.append(f"{ind}costs.append({out})")
    if trace.extras:
        extras = ", ".join(ref(v) for v in trace.extras) + ("," if len(trace.extras) == 1 else "")
        lines.append(f"{ind}outputs.append(({extras}))")
    lines.append("    # add to .grad, as backward() does")
    for k, p in enumerate(params):
        lines.append(f"    P[{k}].grad += {grad(p)}")
    lines.append("    return costs, outputs")
    return "\n".join(lines) + "\n"


_INLINE_MAX = 300


def _forward_code(op: Op, v: Value, ref: Callable[[Value], str]) -> str:
    arity = len(v.parents)
    tree = _symbol_tree(op, arity)
    args = [ref(p) for p in v.parents]
    # Long sums are left as a call: Python's compiler recurses once per `+` of one expression.
    if tree is not None and arity <= _INLINE_MAX and _is_arithmetic(tree):
        names = {str(k): a for k, a in enumerate(args)}
        if v._c is not None:
            names["c"] = repr(v._c)
        return to_code(tree, names)
    if v._c is not None:
        args.append(repr(v._c))
    return f"{op.name}({', '.join(args)})"


def _times(
    local: Node, upstream: str, names: dict[str, str], own: Node | None, out: str
) -> str | None:
    """local × upstream as code, simplified where the local derivative is a number
    (1 → upstream, 0 → nothing) or a choice (ReLU's ``1 if z > 0 else 0``)."""
    if local.kind == "if":
        then, left, right, other = local.args
        a = _times(then, upstream, names, own, out) or "0.0"
        b = _times(other, upstream, names, own, out) or "0.0"
        cond_l = to_code(left, names, out_as=own, out_name=out)
        cond_r = to_code(right, names, out_as=own, out_name=out)
        compare = "<=" if local.name == "≤" else ">"
        return f"({a} if {cond_l} {compare} {cond_r} else {b})"
    code = to_code(local, names, out_as=own, out_name=out)
    try:
        number = float(code)
    except ValueError:
        return f"({code})*{upstream}" if " " in code or "if" in code else f"{code}*{upstream}"
    if number == 1.0:
        return upstream
    if number == -1.0:
        return f"-{upstream}"
    if number == 0.0:
        return None
    return f"{code}*{upstream}"


def compile(fn: Function, *, skip_zeros: bool = True) -> Compiled:
    """Trace ``fn`` on its first call and turn it into straight-line Python.

    ``cf = compile(fn)``; ``cf(*args)`` returns C = fn(*args) as a float and adds ∂C/∂w to the
    ``.grad`` of every parameter w (a leaf Value fn reads from outside), as ``C.backward()``
    would — without building a graph. ``cf.mean(rows)`` returns C = 1/n Σᵢ fn(*rowᵢ) and adds the
    gradient averaged over the rows. Numbers in the arguments are the inputs; Values fn makes
    from fixed numbers are constants. A new argument structure (other lengths) retraces; a
    function whose graph depends on the data is refused with an error. Under
    `detect_anomaly()` the calls run on the engine, which names the op that went wrong.
    ``cf.source`` is the generated code. With ``skip_zeros`` (the default) a node whose
    upstream gradient is exactly 0 skips its edges, as `Value.backward` does (only for ops whose
    local derivatives are finite, so no result changes); ``skip_zeros=False`` gives the plainer
    code, one line per edge and nothing else.

    Like any tracer it records one run: Python ``if``s on data, or numbers taken out of Values
    (``float(v)``, ``v.data``), are fixed at trace time. ``mean()`` traces on its first and last
    row and refuses a function whose graph differs between them; a model changed afterwards (new
    parameters, other layers) needs a new ``compile()``.
    """
    if not callable(fn):
        raise TypeError(f"compile() takes a function, not {type(fn).__name__}")
    return Compiled(fn, skip_zeros)
