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

import builtins
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from autograd.backward import topological_order
from autograd.chunks import build
from autograd.codegen import Code, Trace, generate
from autograd.codegen_step import generate_step, generate_tail
from autograd.extras import require
from autograd.modes import is_anomaly_enabled
from autograd.ops import OPS
from autograd.tracing import (
    Guard,
    Tracer,
    collector_paused,
    more_nodes,
    same_bits,
    term_shape,
    tracing,
)  # fmt: skip
from autograd.value import Value

__all__ = ["MAX_TRACES", "Compiled", "DataDependentError", "Guard", "compile"]

# fn returns the cost C, or (C, *outputs) to also get those outputs' values (``cf.outputs``).
Function = Callable[..., Value | tuple[Value, ...]]

MAX_TRACES = 8  # traces kept per argument structure; one more raises DataDependentError
_FUSED_EDGES = 20_000  # a step's one function (Compiled._fused) up to this many edges


class DataDependentError(ValueError):
    """``fn`` needs more traces than `MAX_TRACES`, or builds its graph from numbers taken out
    of the data in a way the generated code cannot check."""


def _signature(args: Any) -> Any:
    if isinstance(args, (list, tuple)):
        return tuple(_signature(a) for a in args)
    if isinstance(args, (int, float)) and not isinstance(args, bool):
        return "f"
    numpy = hasattr(args, "tolist")
    hint = ": give numpy data as cf.mean(columns=(X, y)), or as X.tolist()" * numpy
    raise TypeError(
        "compiled functions take numbers or (nested) lists of numbers, "
        f"not {type(args).__name__}{hint}"
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
    and code generation took. ``step`` adds ``tail_source`` (the term and the update) and, from
    its second call on the same rows' structure and term, ``step_source`` (both in one)."""

    def __init__(self, fn: Function, skip_zeros: bool = True, backend: str = "python") -> None:
        self.fn = fn
        self.skip_zeros = skip_zeros
        self.backend = backend
        self.traces = 0
        self._source: str | list[str] = ""  # `source`: a large graph's chunks, joined when asked
        self.compile_seconds = 0.0
        self.outputs: list[tuple[float, ...]] = []
        self.tail_source = ""
        self._programs: dict[Any, list[_Program]] = {}
        self._numpy: dict[Any, _Program] = {}
        self._columns_code: Any = None  # autograd.vectorized, once mean(columns=…) has run
        self._plus: dict[Callable[[], Value], Trace] = {}
        self._tails: dict[tuple[Any, ...], Callable[..., float]] = {}
        # (signature, plus, the one trace that ran every row, the tail, its parameters, both
        # in one function: None until made, False if not made)
        self._last_step: tuple[Any, ...] | None = None
        self.step_source = ""

    @property
    def source(self) -> str:
        """The generated code of the latest trace, guards included."""
        return self._source if isinstance(self._source, str) else "".join(self._source)

    def __repr__(self) -> str:
        return f"compile({getattr(self.fn, '__name__', 'fn')}), {self.traces} trace(s)"

    # --- public calls --------------------------------------------------------------------

    def __call__(self, *args: Any) -> float:
        """``C = fn(*args); C.backward(); return C.data``, without building the graph."""
        if is_anomaly_enabled():
            # detect_anomaly() names the op and the node: only the engine knows them.
            return self._eager(args)
        costs, self.outputs = self._rows([args], 1.0)
        return float(costs[0])

    def _rows(
        self, rows: Sequence[Sequence[Any]], seed: float
    ) -> tuple[list[float], list[tuple[float, ...]]]:
        """The rows' costs and outputs, gradients added: by the backend asked for."""
        if self.backend == "numpy":
            costs, outputs = self._vectorized(rows, seed)
            return costs.tolist(), outputs
        return self._run(rows, seed)

    def _vectorized(self, rows: Sequence[Sequence[Any]], seed: float) -> tuple[Any, Any]:
        """backend="numpy" on rows: one trace, its lines run on arrays of samples
        (autograd.vectorized). The costs as an array, the outputs per sample (a list)."""
        from autograd import vectorized

        key = _signature(list(rows[0]))
        program = self._numpy.get(key) or self._numpy_program(key, rows[0])
        return vectorized.run(program.fn, program.reads, vectorized.from_rows(rows, key), seed)

    def _numpy_program(self, key: Any, row: Sequence[Any]) -> _Program:
        """The numpy backend's code for this argument structure, traced on this row."""
        from autograd import vectorized

        t = time.perf_counter()
        trace = self._trace(row)
        if (refusal := vectorized.refuse(trace)) is not None:
            raise DataDependentError(refusal)
        fn, self._source = vectorized.function(trace, key, _arg_names(self.fn))
        self.traces += 1
        self.compile_seconds = time.perf_counter() - t
        self._numpy[key] = program = _Program(fn, trace)
        return program

    def _mean_of_columns(self, columns: Any, n: int | None) -> float:
        """`mean` on arrays by backend="numpy", once a step in a training loop: the module looked
        up once, fn's TypeError given its hint only when raised (no ``with`` on each call)."""
        if (vectorized := self._columns_code) is None:
            from autograd import vectorized

            self._columns_code = vectorized
        try:
            args, key = vectorized.from_columns(columns)
            if (program := self._numpy.get(key)) is None:
                program = self._numpy_program(key, vectorized.first_row(columns))
            count = len(args[0]) if n is None else n  # ∂C/∂Cᵢ = 1/count
            costs, self.outputs = vectorized.run(program.fn, program.reads, args, 1.0 / count)
        except TypeError:
            with vectorized.shape_hint(columns):
                raise
        return float(vectorized.total(costs) / count)  # pairwise, as numpy sums

    def mean(
        self, rows: Sequence[Sequence[Any]] | None = None, n: int | None = None, *,
        columns: Any = None,
    ) -> float:  # fmt: skip
        """C = 1/n Σᵢ fn(*rowsᵢ) (the cost averaged over the data set); adds ∂C/∂w = 1/n Σᵢ ∂Cᵢ/∂w
        to each parameter's ``.grad``, as ``mean([fn(*r) for r in rows]).backward()`` does.
        ``n`` (default: the number of rows) lets a data set be processed in parts: each part
        then returns Σᵢ Cᵢ / n and adds its share of the gradient. ``columns`` instead of rows:
        one array per argument of fn, one entry per sample (``cf.mean(columns=(X, y))``, X of
        shape (N, inputs), y of shape (N,)) — taken as they are by ``backend="numpy"``."""
        if columns is not None:
            if rows is not None:
                raise TypeError("mean() takes rows or columns=…, not both")
            if self.backend == "numpy" and not is_anomaly_enabled():
                return self._mean_of_columns(columns, n)
            from autograd import vectorized

            with vectorized.shape_hint(columns):
                return self.mean(vectorized.rows_of(columns), n)
        if not rows:
            raise ValueError("mean() needs at least one row (or columns=(X, y): arrays)")
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
        elif self.backend == "numpy":
            array, self.outputs = self._vectorized(rows, seed)
            return float(array.sum()) / count  # numpy's sum: pairwise
        else:
            costs, self.outputs = self._rows(rows, seed)
        if n is None:
            return float(OPS["mean"].forward(*costs))
        return float(OPS["sum"].forward(*costs)) / count

    def step(
        self,
        rows: Sequence[Sequence[Any]],
        lr: float,
        *,
        plus: Callable[[], Value] | None = None,
    ) -> float:
        """One step of gradient descent on C = 1/n Σᵢ fn(*rowsᵢ) (+ ``plus()``), in generated
        code, bit for bit as::

            for w in parameters: w.grad = 0.0        # zero_grad
            C = mean([fn(*r) for r in rows]); C.backward()
            P = plus(); P.backward()                 # if plus is given: a term such as α·Σw²
            for w in parameters: w.data -= lr * w.grad
            return C.data + P.data

        where ``parameters`` are the leaves fn and ``plus`` read from outside. ``plus`` takes no
        arguments and must build the same graph every time (it is traced once: pass the same
        function each step). Its code and the update are in ``tail_source``; from the second
        such step, the per-sample code and they run as one function (``step_source``)."""
        if not rows:
            raise ValueError("step() needs at least one row")
        if plus is not None and not callable(plus):
            raise TypeError(f"step(plus=…) takes a function of no arguments, not {plus!r}")
        rate = float(lr)
        seed = 1.0 / len(rows)
        seen: dict[Value, None] = {}  # the parameters zeroed so far, in order
        anomaly = is_anomaly_enabled()
        if anomaly or self.backend == "numpy":  # on the engine (it names the op that goes
            # wrong), or on columns of samples: zero_grad here, then mean()
            known = None if anomaly else self._numpy.get(_signature(list(rows[0])))
            # the parameters: those of the code that will run (tracing again cost 0.5 ms a step)
            found = known.trace.params if known else self._params_of(rows if anomaly else rows[:1])
            self._zero(found, seen)
            cost = self.mean(rows)
        else:
            key = _signature(list(rows[0]))
            last = self._last_step
            programs = self._programs.get(key)
            if last is not None and last[:2] == (key, plus) and programs and programs[0] is last[2]:
                # as the last step: one trace for all rows, then the same tail (in one function)
                if last[5] is None:
                    self._last_step = last = (*last[:5], self._fused(key, last[2], plus, last[4]))
                step, extra = last[5], 0.0
                if step:
                    costs, outputs, left, extra = step(last[4], [], rows, seed, len(rows) - 1,
                                                       True, rate)  # fmt: skip
                else:
                    costs, outputs, left = last[2].run(rows, seed, len(rows) - 1, True)
                if left == 0:
                    costs.reverse()
                    outputs.reverse()
                    self.outputs = outputs
                    extra = extra if step else last[3](last[4], rate)
                    cost = float(OPS["mean"].forward(*costs))
                    return cost if plus is None else cost + extra
                self._zero(last[2].trace.params, seen, in_code=True)
                costs, self.outputs = self._run(rows, seed, seen, left - 1, costs, outputs)
            else:
                costs, self.outputs = self._run(rows, seed, seen)
            cost = float(OPS["mean"].forward(*costs))
        trace = self._plus_trace(plus) if plus is not None else None
        more = [p for p in (trace.params if trace else []) if p not in seen]
        params = [*seen, *more]
        if anomaly or self.backend == "numpy":
            self._zero(more, seen)
            extra = 0.0
            if plus is not None:
                P = plus()
                P.backward()
                extra = P.data
            for w in params:
                w.data -= rate * w.grad
            return cost if plus is None else cost + extra
        tail = self._tail(trace, plus, params, set(more))
        programs = self._programs[key]
        self._last_step = None
        if len(programs[0].trace.params) == len(seen):  # one trace ran every row
            self._last_step = (key, plus, programs[0], tail, params, None)
        extra = tail(params, rate)
        return cost if plus is None else cost + extra

    # --- running the generated code --------------------------------------------------------

    def _run(
        self,
        rows: Sequence[Sequence[Any]],
        seed: float,
        seen: dict[Value, None] | None = None,
        start: int | None = None,
        costs: list[float] | None = None,
        outputs: list[tuple[float, ...]] | None = None,
    ) -> tuple[list[float], list[tuple[float, ...]]]:
        """Rows from the last to the first (the order backward() of their mean takes them),
        each by the first cached trace whose guards it passes; a row no trace passes is traced.
        With ``seen`` (a step), each parameter's gradient starts from 0 the first time a trace
        reads it — in the generated code for the first trace run, here for any later one.
        ``start``, ``costs``, ``outputs``: go on from row ``start`` after those rows' results."""
        key = _signature(list(rows[0]))
        programs = self._programs.setdefault(key, [])
        costs = [] if costs is None else costs
        outputs = [] if outputs is None else outputs
        i = len(rows) - 1 if start is None else start
        while i >= 0:
            for k, program in enumerate(programs):
                zero = False
                if seen is not None:
                    zero = not seen
                    self._zero(program.trace.params, seen, in_code=zero)
                try:
                    c, o, left = program.run(rows, seed, i, zero)
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

    @staticmethod
    def _zero(params: Sequence[Value], seen: dict[Value, None], in_code: bool = False) -> None:
        """zero_grad for the parameters not zeroed yet in this step (``in_code``: the
        generated code starts them from 0 itself)."""
        for p in params:
            if p not in seen:
                seen[p] = None
                if not in_code:
                    p._grad = 0.0

    def _params_of(self, rows: Sequence[Sequence[Any]]) -> list[Value]:
        """The parameters fn reads on these rows, found by tracing each (for a step under
        detect_anomaly(), which runs the rows on the engine)."""
        found: dict[Value, None] = {}
        for r in rows:
            found.update(dict.fromkeys(self._trace(r).params))
        return list(found)

    def _plus_trace(self, plus: Callable[[], Value]) -> Trace:
        trace = self._plus.get(plus)
        if trace is None:
            term = Compiled(plus, self.skip_zeros)
            trace = term._trace(())
            if trace.guards or trace.captured or trace.inputs:
                raise DataDependentError(
                    "step(plus=…): the term must build the same graph from the parameters "
                    "every time — no branch on the data, no Value computed outside it"
                )
            if len(self._plus) >= MAX_TRACES:  # a new function each step: keep the latest
                self._plus.pop(next(iter(self._plus)))
            self._plus[plus] = trace
        return trace

    def _tail(
        self, trace: Trace | None, plus: Any, params: list[Value], fresh: set[Value]
    ) -> Callable[..., float]:
        """The generated end of a step (the term, then the update), cached per term and
        parameter list."""
        key = (id(plus), tuple(map(id, params)), tuple(map(id, fresh)))
        tail = self._tails.get(key)
        if tail is None:
            code = generate_tail(trace, params, fresh, self.skip_zeros)
            self.tail_source = code.source
            if len(self._tails) >= MAX_TRACES:
                self._tails.pop(next(iter(self._tails)))
            tail = self._tails[key] = _function(code, "_tail")
        return tail

    def _fused(
        self, key: Any, program: _Program, plus: Any, params: list[Value]
    ) -> Callable[..., Any] | bool:
        """`codegen_step.generate_step`: one function for a whole step; False where fn reads
        Values made outside it, or the code is large (compiling it costs ~3.4 KB a line)."""
        trace = program.trace
        if trace.captured or sum(len(v.parents) for v in trace.order) > _FUSED_EDGES:
            return False
        with collector_paused():
            term = self._plus_trace(plus) if plus is not None else None
            code = generate_step(trace, key, _arg_names(self.fn), term, params, self.skip_zeros)
            self.step_source = code.source
            return _function(code, "_step")

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
        with collector_paused():
            trace = self._trace(row)
            code = generate(trace, _signature(list(row)), _arg_names(self.fn), self.skip_zeros)
            program = _Program(_function(code, "_compiled"), trace, chunked=code.units is not None)
        self.traces += 1
        self._source = code.text if code.units is None else code.units
        self.compile_seconds = time.perf_counter() - t
        return program

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

    def _trace(self, row: Sequence[Any]) -> Trace:
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
        more1 = more_nodes(o1, [v for g in t1.guards for v in g.values()], extras)
        more2 = more_nodes(o2, [v for g in t2.guards for v in g.values()], extras2)
        all1, all2 = o1 + more1, o2 + more2
        if len(all1) != len(all2):
            raise DataDependentError(_DATA_DEPENDENT + f" ({len(all1)} vs {len(all2)} nodes)")
        inputs1 = {v: k for k, v in enumerate(in1)}
        inputs2 = {v: k for k, v in enumerate(in2)}
        twin: dict[Value, Value] = {}  # each node of the first run: the second run's in its place
        params: list[Value] = []
        captured: list[Value] = []
        constants: set[Value] = set()
        for a, b in zip(all1, all2):
            twin[a] = b
            c1, c2 = a._c, b._c
            # equal and nonzero (or both None): the same bits, without same_bits' call
            if a._op is not b._op or not ((c1 == c2 and c1 != 0.0) or same_bits(c1, c2)):
                raise DataDependentError(
                    _DATA_DEPENDENT + f" (a {a.op or 'leaf'} node became {b.op or 'a leaf'}"
                    f" or its constant changed: {a._c!r} vs {b._c!r})"
                )
            if a.parents:
                # each parent's twin is b's parent (parents come first: their twins are known)
                if tuple(map(twin.__getitem__, a.parents)) != b.parents:
                    raise DataDependentError(_DATA_DEPENDENT + " (the edges differ)")
                if a is b:
                    captured.append(a)
                continue
            if b.parents:
                raise DataDependentError(_DATA_DEPENDENT + " (the edges differ)")
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
        index1 = {v: i for i, v in enumerate(all1)} if t1.guards else {}
        index2 = {v: i for i, v in enumerate(all2)} if t1.guards else {}
        for g1, g2 in zip(t1.guards, t2.guards):
            same = g1.op == g2.op and term_shape(g1.left, index1) == term_shape(g2.left, index2)
            same = same and term_shape(g1.right, index1) == term_shape(g2.right, index2)
            if not same or not same_bits(g1.outcome, g2.outcome):
                raise DataDependentError(_DATA_DEPENDENT + " (it followed the data differently)")
        if any(v not in twin for v in extras):
            raise ValueError("an extra output of fn is not part of the graph of its cost")
        if len(params) > 1:  # in the order the graph first reads them
            first_use: dict[Value, int] = {}
            for i, v in enumerate(all1):
                for p in v.parents:
                    first_use.setdefault(p, i)
            params.sort(key=lambda p: first_use.get(p, -1))
        return Trace(o1, more1, params, captured, in1, constants, C1, extras, t1.guards)


def _function(code: Code, name: str) -> Callable[..., Any]:
    """The generated function ``name``: the source compiled whole, or chunk by chunk."""
    if code.units is not None:
        return build(code.units, code.globals, name)
    exec(builtins.compile(code.text, "<autograd.compile>", "exec"), code.globals)
    return code.globals[name]  # type: ignore[no-any-return]


@dataclass
class _Program:
    """One trace's generated function and what it reads: parameters and captured nodes."""

    fn: Callable[..., Any]
    trace: Trace
    chunked: bool = False  # its chunks share one set of variables: one call at a time
    reads: list[Value] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.reads = [*self.trace.params, *self.trace.captured]

    def run(
        self, rows: Sequence[Any], seed: float, start: int, zero: bool = False
    ) -> tuple[list[float], list[tuple[float, ...]], int]:
        acc = [0.0] * len(self.trace.captured)
        if self.chunked:
            with self.lock:
                costs, outputs, left = self.fn(self.reads, acc, rows, seed, start, zero)
        else:
            costs, outputs, left = self.fn(self.reads, acc, rows, seed, start, zero)
        return costs, outputs, left


def compile(fn: Function, *, skip_zeros: bool = True, backend: str = "python") -> Compiled:
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
    ``backend="numpy"``: the code runs once on arrays of samples, a layer as one matrix product
    (`autograd.vectorized`); ``cf.mean(rows)`` or ``cf.mean(columns=(X, y))`` then agrees with
    the engine within 1e-12 relatively, not bit for bit, and a graph that follows the data is
    refused.
    """
    if not callable(fn):
        raise TypeError(f"compile() takes a function, not {type(fn).__name__}")
    if backend not in ("python", "numpy"):
        raise ValueError(f"compile(backend=…) is 'python' or 'numpy', not {backend!r}")
    if backend == "numpy":  # imported only here: the default backend never needs it
        require("numpy", "autograd.compile(fn, backend='numpy')")
    return Compiled(fn, skip_zeros, backend)
