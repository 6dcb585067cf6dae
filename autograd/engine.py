"""`Value`: a number that remembers how it was computed, and reverse-mode `backward()`.

Forward propagation builds a graph: every op's result is a `Value` whose ``parents`` are its
inputs. Backpropagation walks that graph from the cost back to the weights and applies the chain
rule at every node: each parent's gradient grows by (local derivative ∂out/∂parent, read from the
op table) × (upstream gradient ∂C/∂out).
"""

from __future__ import annotations

import gc
import math
import numbers
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any, Union

from autograd.graph import topological_order
from autograd.ops import OPS, Op

__all__ = [
    "GradientLostWarning",
    "Value",
    "apply",
    "backward_step",
    "contributions",
    "detect_anomaly",
    "is_anomaly_enabled",
    "is_grad_enabled",
    "no_grad",
    "weighted_sum",
]

Number = int | float
Operand = Union["Value", int, float]  # a forward reference needs Union on 3.10


class _Mode(threading.local):
    grad_enabled: bool = True
    anomaly: bool = False
    tracer: Any = None  # autograd.compile's, while it traces fn: records where fn reads data


_mode = _Mode()


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block (in this thread) ops compute values but record no graph, like
    ``torch.no_grad()``: results are leaves with no parents."""
    previous = _mode.grad_enabled
    _mode.grad_enabled = False
    try:
        yield
    finally:
        _mode.grad_enabled = previous


def is_grad_enabled() -> bool:
    """False inside `no_grad()`."""
    return _mode.grad_enabled


def is_anomaly_enabled() -> bool:
    """True inside `detect_anomaly()`."""
    return _mode.anomaly


@contextmanager
def detect_anomaly() -> Iterator[None]:
    """Inside this block (in this thread) the first nan or ±inf that an op produces — in the
    forward pass, or as a gradient in `backward()` — raises `FloatingPointError` naming the op
    and the node. Inputs that are already nan/inf are not reported again."""
    previous = _mode.anomaly
    _mode.anomaly = True
    try:
        yield
    finally:
        _mode.anomaly = previous


_ADD, _SUB, _MUL, _DIV, _POW = OPS["add"], OPS["sub"], OPS["mul"], OPS["div"], OPS["pow"]
_ADD_C, _SUB_C, _RSUB_C = OPS["add_c"], OPS["sub_c"], OPS["rsub_c"]
_MUL_C, _DIV_C, _RDIV_C = OPS["mul_c"], OPS["div_c"], OPS["rdiv_c"]
_POW_C, _RPOW_C, _NEG = OPS["pow_c"], OPS["rpow_c"], OPS["neg"]
_EXP, _LOG, _TANH, _SIGMOID, _RELU = (
    OPS["exp"],
    OPS["log"],
    OPS["tanh"],
    OPS["sigmoid"],
    OPS["relu"],
)
_SQRT, _ABS, _LEAKY, _SOFTPLUS, _WSUM = (
    OPS["sqrt"],
    OPS["abs"],
    OPS["leaky_relu"],
    OPS["softplus"],
    OPS["wsum"],
)


def _as_float(x: object, what: str = "Value(data)") -> float:
    """``x`` as a Python float if it is a real number — an int, a float, a numpy scalar
    (np.float64, np.float32, np.int64 …), a Fraction — else a TypeError that names ``what``.
    A bool is refused: True/False is a truth value (a comparison such as ``v > 0`` gives one,
    and records nothing in the graph), so storing it as 1.0/0.0 would hide a mistake."""
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        return float(x)
    if isinstance(x, Value):
        raise TypeError(f"{what} needs a number, got a Value: its .data is the number")
    if isinstance(x, bool) or type(x).__name__ in ("bool", "bool_"):  # also numpy's bool
        raise TypeError(
            f"{what} needs a real number, got a bool: True/False is a truth value (a "
            "comparison such as v > 0 gives one, and records nothing in the graph); write "
            "1.0 or 0.0, or float(flag), if you mean the number"
        )
    hint = (
        ": a Value holds one number (for a row of numbers, one Value per entry: "
        "[Value(x) for x in row])"
        if hasattr(x, "__len__") and not isinstance(x, str)
        else ""
    )
    raise TypeError(
        f"{what} needs a real number (an int, a float or a numpy scalar such as np.float64), "
        f"got {type(x).__name__}{hint}"
    )


def _data(x: object) -> float:
    if isinstance(x, Value):
        return x.data
    if _is_number(x):
        return float(x)  # type: ignore[arg-type]
    raise TypeError(f"cannot compare a Value with {type(x).__name__}")


def _is_number(x: object) -> bool:
    return isinstance(x, (int, float)) or isinstance(x, numbers.Real)


class GradientLostWarning(UserWarning):
    """``float(v)`` — and so ``math.exp(v)``, ``math.log(v)`` … — or ``int(v)``, ``round(v)``,
    ``math.trunc(v)`` on a `Value` outside `no_grad()`: the result is a plain number, which
    carries no gradient, so ``backward()`` cannot reach the Value's graph through it."""


# One text per kind of conversion (never the number): Python shows a warning once per line of
# code, and a message that changed with v's value would repeat on every step of a training loop.
_LOST = (
    "{how} turned a Value into a plain number, which carries no gradient: backward() will not "
    "reach this Value's graph through the result. To stay in the graph, use the Value's own "
    "ops — v.exp(), v.log(), v.tanh(), v.sigmoid(), v.relu(), v.sqrt(), abs(v), v ** 2 — "
    "rather than math.*; to read the number on purpose, use v.data (silent), or convert "
    "inside `with no_grad():`."
)


def _number_out(v: Value, how: str) -> float:
    """v's number, taken out of the graph by ``how`` (``float(v)``, ``int(v)`` …): outside
    `no_grad()` it warns; while `autograd.compile` traces, the number is recorded as a guard
    (the compiled code checks it on every row, and retraces where it differs)."""
    if _mode.grad_enabled:
        # stacklevel 3: past this helper and the dunder method (math.exp and round() are C
        # functions, which take no stack level), to the user's line.
        warnings.warn(_LOST.format(how=how), GradientLostWarning, stacklevel=3)
    if _mode.tracer is not None:
        _mode.tracer.number(v, v._data)
    return v._data


class Value:
    """A scalar node of the computation graph.

    ``data``: the number (float). ``grad``: ∂root/∂self after ``root.backward()`` (0.0 at first).
    ``label``: a name for drawings and `explain()` (writable). ``parents``: the inputs of the op
    that made this node, in order, duplicates kept (``a * a`` has two edges to ``a``). ``op``: that
    op's name, or None for a leaf (a Value you made yourself: an input, a weight, a bias).
    """

    # ``data`` and ``grad`` are properties over the slots ``_data`` and ``_grad``: reading one
    # is plain, writing one checks that it is a real number (a TypeError at the assignment, not
    # a puzzle in a later backward()). The engine's inner loops use the slots directly — every
    # number they write is a float they computed — so the check costs them nothing.
    __slots__ = ("_c", "_data", "_grad", "_label", "_op", "parents")

    _data: float
    _grad: float
    _label: str | None
    parents: tuple[Value, ...]
    _op: Op | None
    _c: float | None

    def __init__(self, data: Number, label: str | None = None) -> None:
        self._data = data if type(data) is float else _as_float(data)
        self._grad = 0.0
        if label is None:
            self._label = None  # nothing to validate (the common case: an input, a constant)
        else:
            self.label = label
        self.parents = ()
        self._op = None
        self._c = None

    # --- the number and its gradient --------------------------------------------------------

    @property
    def data(self) -> float:
        """The number this node holds (a Python float)."""
        return self._data

    @data.setter
    def data(self, x: float) -> None:
        # Any real number (an int, a numpy scalar …) is stored as a Python float.
        self._data = x if type(x) is float else _as_float(x, "setting v.data")

    @property
    def grad(self) -> float:
        """∂root/∂self after ``root.backward()``: a float from the start (0.0)."""
        return self._grad

    @grad.setter
    def grad(self, x: float) -> None:
        if type(x) is not float:
            if x is None:
                raise TypeError(
                    "setting v.grad needs a real number, got None: .grad is a float from the "
                    "start, never None (unlike PyTorch's p.grad = None); to clear a gradient, "
                    "set v.grad = 0.0 or call zero_grad() on the model or the optimiser"
                )
            x = _as_float(x, "setting v.grad")
        self._grad = x

    # --- introspection ------------------------------------------------------------------------

    @property
    def label(self) -> str | None:
        """The node's name for drawings and `explain()` (any str, shown literally), or None."""
        return self._label

    @label.setter
    def label(self, label: str | None) -> None:
        # Checked here, when it is set, rather than deep inside a drawing later.
        if label is not None and not isinstance(label, str):
            raise TypeError(f"label must be a str or None, not {type(label).__name__}")
        self._label = label

    @property
    def op(self) -> str | None:
        """The name of the op (a key of `autograd.ops.OPS`) that made this node; None for a leaf."""
        return None if self._op is None else self._op.name

    @property
    def op_spec(self) -> Op | None:
        """The op table entry that made this node (None for a leaf)."""
        return self._op

    @property
    def const(self) -> float | None:
        """The number folded into this node's op (``2.0`` in ``x * 2.0``), else None."""
        return self._c

    def is_leaf(self) -> bool:
        """True for a Value not made by an op (or made under `no_grad()`)."""
        return not self.parents

    def local_derivatives(self) -> Sequence[float]:
        """∂self/∂parentᵢ for each parent, evaluated from the op table at this node's data."""
        op = self._op
        if op is None:
            return ()
        return op.partials(*rule_args(self), self._data)

    def __repr__(self) -> str:
        parts = [f"data={self.data!r}", f"grad={self.grad!r}"]
        if self.label is not None:
            parts.append(f"label={self.label!r}")
        if self._op is not None:
            parts.append(f"op={self._op.name!r}")
        return f"Value({', '.join(parts)})"

    # --- conversions ------------------------------------------------------------------------
    # Each gives a plain number, which carries no gradient: outside `no_grad()` it warns
    # (GradientLostWarning), since ``math.exp(v)`` reaches ``__float__`` without a word.

    def __float__(self) -> float:
        return _number_out(self, "float(v) (which math.exp(v), math.log(v) … call)")

    def __int__(self) -> int:
        return int(_number_out(self, "int(v)"))

    def __trunc__(self) -> int:
        return int(_number_out(self, "math.trunc(v)"))

    def __round__(self, ndigits: int | None = None) -> int | float:
        x = _number_out(self, "round(v)")
        return round(x) if ndigits is None else round(x, ndigits)

    def __bool__(self) -> bool:
        """The truth of the number, as a PyTorch 0-dim tensor's: ``bool(Value(0.0))`` is False
        (a nan is true). Like ``<`` and ``>``, it reads ``data`` and records nothing in the
        graph (while `autograd.compile` traces, the tracer notes it, as for ``<``)."""
        truth = self._data != 0.0
        if _mode.tracer is not None:
            _mode.tracer.truth(self, truth)
        return truth

    # Ordering compares values (``if score > 0``), like PyTorch's; it records nothing. Equality
    # stays identity, so Values can key dicts and sets (the graph walks rely on it).
    def __lt__(self, other: Operand) -> bool:
        result = self.data < _data(other)
        if _mode.tracer is not None:
            _mode.tracer.compare(self, "<", other, result)
        return result

    def __le__(self, other: Operand) -> bool:
        result = self.data <= _data(other)
        if _mode.tracer is not None:
            _mode.tracer.compare(self, "<=", other, result)
        return result

    def __gt__(self, other: Operand) -> bool:
        result = self.data > _data(other)
        if _mode.tracer is not None:
            _mode.tracer.compare(self, ">", other, result)
        return result

    def __ge__(self, other: Operand) -> bool:
        result = self.data >= _data(other)
        if _mode.tracer is not None:
            _mode.tracer.compare(self, ">=", other, result)
        return result

    # --- arithmetic: each returns NotImplemented for operands it does not know ----------------

    def __add__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            return _make(_ADD, (self, other), None)
        if _is_number(other):
            return _make(_ADD_C, (self,), float(other))
        return NotImplemented

    def __radd__(self, other: Number) -> Value:
        if _is_number(other):
            return _make(_ADD_C, (self,), float(other))
        return NotImplemented

    def __sub__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            return _make(_SUB, (self, other), None)
        if _is_number(other):
            return _make(_SUB_C, (self,), float(other))
        return NotImplemented

    def __rsub__(self, other: Number) -> Value:
        if _is_number(other):
            return _make(_RSUB_C, (self,), float(other))
        return NotImplemented

    def __mul__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            return _make(_MUL, (self, other), None)
        if _is_number(other):
            return _make(_MUL_C, (self,), float(other))
        return NotImplemented

    def __rmul__(self, other: Number) -> Value:
        if _is_number(other):
            return _make(_MUL_C, (self,), float(other))
        return NotImplemented

    def __truediv__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            return _make(_DIV, (self, other), None)
        if _is_number(other):
            return _make(_DIV_C, (self,), float(other))
        return NotImplemented

    def __rtruediv__(self, other: Number) -> Value:
        if _is_number(other):
            return _make(_RDIV_C, (self,), float(other))
        return NotImplemented

    def __pow__(self, other: Operand) -> Value:
        if isinstance(other, Value):
            return _make(_POW, (self, other), None)
        if _is_number(other):
            return _make(_POW_C, (self,), float(other))
        return NotImplemented

    def __rpow__(self, other: Number) -> Value:
        if _is_number(other):
            return _make(_RPOW_C, (self,), float(other))
        return NotImplemented

    def __neg__(self) -> Value:
        return _make(_NEG, (self,), None)

    def __pos__(self) -> Value:
        return self

    def __abs__(self) -> Value:
        return _make(_ABS, (self,), None)

    # --- functions --------------------------------------------------------------------------

    def exp(self) -> Value:
        """eˣ (overflows to inf)."""
        return _make(_EXP, (self,), None)

    def log(self) -> Value:
        """ln x (ln 0 = −inf, ln of a negative = nan)."""
        return _make(_LOG, (self,), None)

    def tanh(self) -> Value:
        """tanh x = (e²ˣ − 1)/(e²ˣ + 1), in (−1, 1); tanh′ = 1 − tanh²."""
        return _make(_TANH, (self,), None)

    def sigmoid(self) -> Value:
        """σ(x) = 1/(1 + e⁻ˣ), in (0, 1); σ′ = σ·(1 − σ)."""
        return _make(_SIGMOID, (self,), None)

    def relu(self) -> Value:
        """ReLU(x) = max(x, 0); ReLU′ = 1 for x > 0, 0 for x ≤ 0."""
        return _make(_RELU, (self,), None)

    def sqrt(self) -> Value:
        """√x (nan for x < 0)."""
        return _make(_SQRT, (self,), None)

    def abs(self) -> Value:
        """|x|; its derivative at 0 is 0, as in PyTorch."""
        return _make(_ABS, (self,), None)

    def leaky_relu(self, negative_slope: float = 0.01) -> Value:
        """x for x > 0, negative_slope·x otherwise."""
        if not _is_number(negative_slope):
            raise TypeError(f"negative_slope must be a number, not {type(negative_slope).__name__}")
        return _make(_LEAKY, (self,), float(negative_slope))

    def softplus(self) -> Value:
        """ln(1 + eˣ), a smooth ReLU (x itself above 20, as PyTorch)."""
        return _make(_SOFTPLUS, (self,), None)

    # --- backpropagation --------------------------------------------------------------------

    def backward(self, gradient: float = 1.0, *, skip_zeros: bool = False) -> None:
        """Backpropagate from this node: afterwards each node v of its graph has
        v.grad = ∂self/∂v (times ``gradient``).

        A node whose ∂self/∂node is exactly 0 (behind a ReLU that is off, say) passes nothing on
        when its op promises finite local derivatives (``Op.finite_partials``): its contributions
        would all be ±0, so the result is the same to the last bit. ``skip_zeros=True`` skips
        every such node, whatever its op; then 0·∞ gives 0 instead of nan (PyTorch's answer),
        and on a ReLU network it is hardly faster. Inside `detect_anomaly()` every step runs.

        A leaf's ``.grad`` *accumulates* over calls, as in PyTorch (call the model's or the
        optimiser's ``zero_grad()``, or set ``.grad = 0.0``, between steps), while every
        intermediate node's ``.grad`` is recomputed on each call, never a running sum
        (PyTorch's ``retain_grad()`` intermediates accumulate). The
        graph is walked with an explicit stack, so a chain of millions of nodes works.

        Calls from several threads run one after another (a lock), so each leaf's ``.grad``
        ends as the same calls made in sequence would leave it; reading or changing ``.grad``
        or ``.data`` in another thread meanwhile is not guarded (`autograd.grad` touches no
        ``.grad`` and needs no lock).
        """
        with _backward_lock:  # one backward() at a time, from any thread (see _backward_lock)
            order = prepare_backward(self, gradient)
            _walk_backward(order, skip_zeros)


# backward() writes .grad all over its graph: it zeroes every intermediate node's, then adds into
# each node's in turn. Two calls interleaved by threads on one graph — or on two graphs sharing
# leaves, a model's weights — would mix their sums (and gc.disable/enable below is
# process-wide). This lock runs them one after another, as if they had been called in sequence;
# reentrant, so a rule that itself calls backward() cannot hang. Uncontended it costs well under a
# microsecond per call.
_backward_lock = threading.RLock()


def _walk_backward(order: list[Value], skip_zeros: bool) -> None:
    """The walk of `Value.backward` (speed machinery; skip on first reading): `backward_step`
    at every node of ``order`` from the root down, leaving out those that would add only ±0."""
    anomaly = _mode.anomaly
    # A collection that ran during the walk would scan every node of the graph (each is a
    # tracked object) and find nothing to free: the walk only updates floats. So the cyclic
    # collector is paused for the walk and restored on exit, also on an exception. (On the
    # demo step it rarely triggers here anyway: the walk's lists are short-lived.)
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        step = backward_step
        if anomaly:
            for v in reversed(order):
                if v.parents:
                    step(v, True)
        elif skip_zeros:
            for v in reversed(order):
                if v.parents and v._grad != 0.0:  # nan != 0: a nan is passed on
                    step(v, False)
        else:
            isfinite = math.isfinite
            for v in reversed(order):
                # Upstream exactly 0 and finite local derivatives (the table says which ops
                # promise that): every contribution is ±0 and changes no gradient — skip.
                if v.parents and (
                    v._grad != 0.0 or not (v._op.finite_partials and isfinite(v._data))  # type: ignore[union-attr]
                ):
                    step(v, False)
    finally:
        if collecting:
            gc.enable()


def rule_args(v: Value, *, as_values: bool = False) -> list[object]:
    """What an op's rules take for node ``v`` (after the upstream, before the output): each
    parent's data — or, ``as_values``, the parent Values themselves, to build a derivative's
    graph — then the op's constant c if it has one."""
    args: list[object] = list(v.parents) if as_values else [p._data for p in v.parents]
    if v._op is not None and v._op.const:
        args.append(v._c)
    return args


def contributions(v: Value, upstream: float | None = None) -> Sequence[float]:
    """What the chain rule at node ``v`` adds to each parent's gradient (one number per parent
    slot): local derivative ∂v/∂parent × upstream ∂C/∂v, or the op's own ``backward`` rule,
    which computes the same product the way PyTorch float64 does. ``upstream`` defaults to
    ``v.grad``; `autograd.grad` passes its own, since it leaves every ``.grad`` alone."""
    op = v._op
    if op is None:
        return ()
    args = rule_args(v)
    if upstream is None:
        upstream = v._grad
    if op.backward is not None:
        return op.backward(upstream, *args, v._data)
    return [d * upstream for d in op.partials(*args, v._data)]


def backward_step(v: Value, anomaly: bool = False) -> Sequence[float]:
    """One step of backpropagation, the only one in the project: at node ``v`` each parent's
    ``.grad`` += its contribution (see `contributions`). `Value.backward` and
    `autograd.backward_steps` both run exactly this. Returns the contributions, slot by slot.
    With ``anomaly`` (inside `detect_anomaly()`), a parent gradient that this step made nan or
    ±inf raises `FloatingPointError`."""
    parents = v.parents
    op = v._op
    rule = None if op is None else op.backward
    # The first two branches are `contributions(v)` inlined for an op with a table rule (the
    # same call, minus the argument list): this is the inner loop of every backward().
    if rule is not None and len(parents) == 1:
        # The commonest step (ReLU, x + c, c·x …) without building an argument list.
        p = parents[0]
        if v._c is None:
            added = rule(v._grad, p._data, v._data)
        else:
            added = rule(v._grad, p._data, v._c, v._data)
        p._grad += added[0]
    elif rule is not None and v._c is None:
        added = rule(v._grad, *[p._data for p in parents], v._data)
        for p, a in zip(parents, added):
            p._grad += a
    else:
        added = contributions(v)
        for p, a in zip(parents, added):
            p._grad += a
    if anomaly:
        _check_backward(v)
    return added


def prepare_backward(root: Value, gradient: float = 1.0) -> list[Value]:
    """What every backward pass does first: order the graph, set each intermediate node's
    ``.grad`` to 0 (it is recomputed, never accumulated) and seed the root with ``gradient``
    (added to the root's ``.grad`` if the root is itself a leaf). Returns the topological order."""
    if type(gradient) is not float:
        gradient = _as_float(gradient, "backward(gradient)")
    order = topological_order(root)
    for v in order:
        if v.parents:
            v._grad = 0.0
    root._grad = (root._grad + gradient) if not root.parents else gradient
    return order


def _make(op: Op, parents: tuple[Value, ...], c: float | None) -> Value:
    """Run ``op`` forward on the parents' data and, unless in `no_grad()`, record the edge."""
    # One- and two-parent ops (nearly all) without building an argument list.
    n = len(parents)
    if c is None:
        if n == 2:
            data = op.forward(parents[0]._data, parents[1]._data)
        elif n == 1:
            data = op.forward(parents[0]._data)
        else:
            data = op.forward(*[p._data for p in parents])
    elif n == 1:
        data = op.forward(parents[0]._data, c)
    else:
        data = op.forward(*[p._data for p in parents], c)
    return _record(op, parents, c, data)


def _record(op: Op, parents: tuple[Value, ...], c: float | None, data: float) -> Value:
    """The node for ``data`` = op(parents): with its edges, unless in `no_grad()` (then a leaf);
    inside `detect_anomaly()` a nan/inf made from finite inputs is reported here."""
    out = Value.__new__(Value)
    out._data = data
    out._grad = 0.0
    out._label = None
    if _mode.grad_enabled:
        out.parents = parents
        out._op = op
        out._c = c
    else:
        out.parents = ()
        out._op = None
        out._c = None
    if _mode.anomaly and not math.isfinite(data):
        _check_forward(op, parents, c, data)
    return out


def apply(op: Op | str, *parents: Value, c: float | None = None) -> Value:
    """Apply a table op (an `Op` or its name) to Values: ``apply("sigmoid", z)``.

    This is how an op added to the table is used before it has a method of its own.
    """
    spec = OPS[op] if isinstance(op, str) else op
    for p in parents:
        if not isinstance(p, Value):
            raise TypeError(f"apply() takes Values as parents, not {type(p).__name__}")
    if spec.arity is not None and len(parents) != spec.arity:
        raise ValueError(f"op {spec.name!r} takes {spec.arity} parent(s), got {len(parents)}")
    if spec.const and c is None:
        c = spec.default_const
        if c is None:
            raise ValueError(f"op {spec.name!r} needs its constant c")
    if not spec.const and c is not None:
        raise ValueError(f"op {spec.name!r} takes no constant")
    return _make(spec, tuple(parents), None if c is None else float(c))


def weighted_sum(w: Sequence[Value], a: Sequence[Value | Number], b: Value) -> Value:
    """z = Σₖ wₖ·aₖ + b as one node (the neuron's pre-activation).

    Its parents are (w₁, a₁, w₂, a₂, …, wₙ, aₙ, b); ∂z/∂wₖ = aₖ, ∂z/∂aₖ = wₖ, ∂z/∂b = 1. Plain
    numbers in ``a`` become leaf Values.
    """
    if len(w) != len(a):
        raise ValueError(f"weighted_sum needs as many weights as inputs: {len(w)} w, {len(a)} a")
    for wk in w:
        if type(wk) is not Value and not isinstance(wk, Value):
            raise TypeError(f"weights must be Values, not {type(wk).__name__}")
    if not isinstance(b, Value):
        raise TypeError(f"the bias must be a Value, not {type(b).__name__}")
    a_values = [ak if type(ak) is Value or isinstance(ak, Value) else Value(ak) for ak in a]
    parents = (*chain.from_iterable(zip(w, a_values)), b)
    return _make(_WSUM, parents, None)


def weighted_sum_checked(w: Sequence[Value], a: Sequence[Value], b: Value) -> Value:
    """`weighted_sum` for a caller that has already checked its arguments: ``w`` and ``a`` are
    equally long lists of Values, ``b`` a Value (nn.Neuron checks its weights once, when made).
    Same node, same float operations as `weighted_sum` (z = b, then z += wₖ·aₖ in order)."""
    n = len(w)
    parents: list[Value] = [b] * (2 * n + 1)
    parents[0 : 2 * n : 2] = w
    parents[1 : 2 * n : 2] = a
    data = b._data
    for wk, ak in zip(w, a):
        data += wk._data * ak._data
    return _record(_WSUM, tuple(parents), None, data)


def _name(v: Value) -> str:
    return repr(v.label) if v.label is not None else f"(unlabelled {v.op or 'leaf'} node)"


def _check_forward(op: Op, parents: tuple[Value, ...], c: float | None, data: float) -> None:
    inputs = [p.data for p in parents] + ([] if c is None else [c])
    if all(math.isfinite(x) for x in inputs):
        from autograd.notation.names import (
            node_name,  # error path only: keeps the engine's imports small
        )

        shown = ", ".join(f"{_name(p)}={p.data!r}" for p in parents)
        const = "" if c is None else f" and constant {c!r}"
        what = op.describe([node_name(p) for p in parents], c)
        # The message is read by a student mid-exercise: what went wrong, why, what to try.
        if math.isnan(data):
            cause = (
                f"{what} is not defined at these inputs: they lie outside the op's domain "
                "(the logarithm or square root of a negative number, or 0/0)"
            )
            todo = "keep the input inside the domain, for example clamp it or add a small ε"
        elif 0.0 in inputs:
            cause = f"{what} is infinite at an input of 0 (1/0, ln 0, 0 to a negative power)"
            todo = "keep that input away from 0, for example add a small ε"
        else:
            cause = (
                f"{what} is larger than the largest float (about 1.8e308): the inputs have grown "
                "too large, in training usually because the learning rate η is too large and "
                "the weights diverge"
            )
            todo = "lower the learning rate (try η/10) or scale the inputs down"
        raise FloatingPointError(
            f"detect_anomaly: op {op.name!r} returned {data!r} from {shown}{const}. "
            f"Likely cause: {cause}. Next step: {todo}. To see where the inputs came from, "
            "draw one of them with draw_graph()."
        )


def _check_backward(v: Value) -> None:
    if not math.isfinite(v.grad):
        return  # reported where it first appeared
    for k, p in enumerate(v.parents):
        if not math.isfinite(p.grad):
            from autograd.notation.names import (  # error path only
                edge_formula,
                node_name,
                partial_of,
            )

            d = v.local_derivatives()[k]
            local = f"{partial_of(node_name(v), node_name(p))} = {edge_formula(v, k)}"
            if not math.isfinite(d):
                cause = (
                    f"the local derivative {local} is {d!r} at {node_name(p)} = {p.data!r}: "
                    f"op {v.op!r} has no finite derivative there (as √x and ln x at 0)"
                )
                todo = (
                    f"keep {node_name(p)} away from that point (for example √(x + ε)) or use "
                    "an op that is differentiable there"
                )
            elif not math.isfinite(d * v.grad):
                cause = (
                    f"local × upstream = {d!r} × {v.grad!r} is larger than the largest float: "
                    "the gradients are exploding, usually because the weights have diverged"
                )
                todo = "lower the learning rate η (try η/10) or scale the inputs down"
            else:
                cause = (
                    f"adding this step's {d * v.grad!r} to the gradient {node_name(p)} already "
                    "held overflowed: gradients pile up over several backward() calls, or many "
                    f"large ones meet at {node_name(p)}"
                )
                todo = (
                    "call zero_grad() (or set .grad = 0) before each backward(); if you do, "
                    "lower the learning rate η"
                )
            raise FloatingPointError(
                f"detect_anomaly: backward of op {v.op!r} at node {_name(v)} (data={v.data!r}) "
                f"gave parent {k} {_name(p)} the gradient {p.grad!r} "
                f"(local derivative {d!r}, upstream {v.grad!r}). Likely cause: {cause}. "
                f"Next step: {todo}."
            )


def _nary(op: Op, xs: Sequence[Value | Number], what: str) -> Value:
    if not xs:
        raise ValueError(f"{what}() needs at least one value")
    parents = tuple(x if isinstance(x, Value) else Value(x) for x in xs)
    return _make(op, parents, None)


def sum_(xs: Sequence[Value | Number]) -> Value:
    """Σᵢ xᵢ as one node (∂/∂xᵢ = 1); numbers become leaves."""
    return _nary(OPS["sum"], xs, "sum_")


def mean(xs: Sequence[Value | Number]) -> Value:
    """1/n Σᵢ xᵢ as one node (∂/∂xᵢ = 1/n): the lecture's average of the cost over the data set."""
    return _nary(OPS["mean"], xs, "mean")
