"""Where a traced function follows the data: the guards of `autograd.compile`.

`compile(fn)` runs ``fn`` once on Values and writes down the graph it built. If ``fn`` looked at
a number on the way — ``if x > 0:``, ``bool(v)``, ``float(v)``, ``math.exp(v)``, or anything done
with ``v.data`` — another row could build another graph. Each such look is recorded here as a
*guard*: what was compared, and how it came out. The generated code checks every guard on every
row, and a row that fails one is run by another trace.

While fn is traced, ``v.data`` is a `TracedNumber`: it computes like the float it holds and
remembers how it was made from the graph's nodes, so ``x.data * 2 > 1`` becomes the guard
``x * 2 > 1``, and a number taken out of it (``float()``, ``math.*``, a Value made from it) the
guard "this expression is exactly this number".
"""

from __future__ import annotations

import gc
import linecache
import math
import numbers
import operator
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Union

from autograd.backward import topological_order
from autograd.modes import _mode
from autograd.value import Value

__all__ = [
    "Guard", "TracedNumber", "Tracer", "collector_paused", "more_nodes", "same_bits", "term_shape",
    "tracing",
]  # fmt: skip

# What a guard speaks about: a node, a number, or arithmetic on them (a tuple: the Python
# operator function and its operands).
Term = Union[Value, float, "tuple[Callable[..., Any], tuple[Any, ...]]"]


def same_bits(a: object, b: object) -> bool:
    """Equal as floats bit for bit (nan equals nan, 0.0 is not −0.0), or both None."""
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return struct.pack("<d", a) == struct.pack("<d", b) or (a != a and b != b)


@dataclass(frozen=True)
class Guard:
    """``left op right`` was ``outcome`` when fn was traced. ``op`` is a comparison (``<``,
    ``<=``, ``>``, ``>=``, ``==``, ``!=``), ``bool`` (the truth of ``left``) or ``value``
    (``left`` was exactly the number ``outcome``). ``where``: fn's line, as file:line `code`."""

    op: str
    left: Term
    right: Term | None
    outcome: bool | float
    where: str

    def describe(self) -> str:
        if self.op == "value":
            what = f"a number was taken out of a traced Value (it was {self.outcome!r})"
        elif self.op == "bool":
            what = f"bool() of a traced Value was {self.outcome}"
        else:
            what = f"a comparison ({self.op}) of a traced Value was {self.outcome}"
        return f"{self.where}: {what}"

    def values(self) -> Iterator[Value]:
        """The nodes the guard reads."""
        stack: list[Any] = [self.left, self.right]
        while stack:
            t = stack.pop()
            if isinstance(t, Value):
                yield t
            elif isinstance(t, tuple):
                stack.extend(t[1])


def _caller() -> str:
    """fn's line that is running now: the first frame outside autograd."""
    frame = sys._getframe(2)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("autograd"):
        frame = frame.f_back
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    place = f"{frame.f_code.co_filename}:{frame.f_lineno}"
    return f"{place} `{code}`" if code else place


def _term(x: object) -> Term:
    if isinstance(x, TracedNumber):
        return x._term
    if isinstance(x, Value):
        return x
    return float(x)  # type: ignore[arg-type]


class Tracer:
    """The guards of one run of fn. The engine calls it (through its per-thread mode) from a
    Value's comparisons, ``bool()`` and conversions; `TracedNumber` from its own."""

    def __init__(self) -> None:
        self.guards: list[Guard] = []

    def compare(self, left: object, op: str, right: object, outcome: bool) -> None:
        self.guards.append(Guard(op, _term(left), _term(right), outcome, _caller()))

    def truth(self, v: object, outcome: bool) -> None:
        self.guards.append(Guard("bool", _term(v), None, outcome, _caller()))

    def number(self, v: object, value: float) -> None:
        self.guards.append(Guard("value", _term(v), None, value, _caller()))

    def data_of(self, v: Value) -> TracedNumber:
        return TracedNumber(v._data, v)


_COMPARISONS = {operator.lt: "<", operator.le: "<=", operator.gt: ">", operator.ge: ">=",
                operator.eq: "==", operator.ne: "!="}  # fmt: skip


class TracedNumber:
    """``v.data`` while fn is traced: the float, plus how it was computed from the graph's
    nodes. Arithmetic gives another TracedNumber; a comparison, ``bool()`` or conversion records
    a guard and gives the plain answer."""

    __slots__ = ("_term", "value")

    def __init__(self, value: float, term: Term) -> None:
        self.value = value
        self._term = term

    def _tracer(self) -> Tracer | None:
        return _mode.tracer  # type: ignore[no-any-return]

    def _arith(self, fn: Callable[..., Any], *others: object, reflected: bool = False) -> Any:
        if not all(isinstance(o, (TracedNumber, int, float)) for o in others):
            return NotImplemented
        if any(isinstance(o, bool) for o in others):
            others = tuple(float(o) if isinstance(o, bool) else o for o in others)
        operands = (*others, self) if reflected else (self, *others)
        value = fn(*[o.value if isinstance(o, TracedNumber) else o for o in operands])
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return value
        return TracedNumber(float(value), (fn, tuple(_term(o) for o in operands)))

    def _compare(self, fn: Callable[[Any, Any], bool], other: object) -> bool:
        if not isinstance(other, (TracedNumber, int, float, Value)):
            return NotImplemented  # type: ignore[no-any-return]
        right = other.value if isinstance(other, TracedNumber) else other
        right = right._data if isinstance(right, Value) else right
        outcome = fn(self.value, right)
        tracer = self._tracer()
        if tracer is not None:
            tracer.compare(self, _COMPARISONS[fn], other, outcome)
        return outcome

    def _out(self, convert: Callable[[float], Any]) -> Any:
        tracer = self._tracer()
        if tracer is not None:
            tracer.number(self, self.value)
        return convert(self.value)

    def __add__(self, o: object) -> Any:
        return self._arith(operator.add, o)

    def __radd__(self, o: object) -> Any:
        return self._arith(operator.add, o, reflected=True)

    def __sub__(self, o: object) -> Any:
        return self._arith(operator.sub, o)

    def __rsub__(self, o: object) -> Any:
        return self._arith(operator.sub, o, reflected=True)

    def __mul__(self, o: object) -> Any:
        return self._arith(operator.mul, o)

    def __rmul__(self, o: object) -> Any:
        return self._arith(operator.mul, o, reflected=True)

    def __truediv__(self, o: object) -> Any:
        return self._arith(operator.truediv, o)

    def __rtruediv__(self, o: object) -> Any:
        return self._arith(operator.truediv, o, reflected=True)

    def __floordiv__(self, o: object) -> Any:
        return self._arith(operator.floordiv, o)

    def __rfloordiv__(self, o: object) -> Any:
        return self._arith(operator.floordiv, o, reflected=True)

    def __mod__(self, o: object) -> Any:
        return self._arith(operator.mod, o)

    def __rmod__(self, o: object) -> Any:
        return self._arith(operator.mod, o, reflected=True)

    def __pow__(self, o: object) -> Any:
        return self._arith(operator.pow, o)

    def __rpow__(self, o: object) -> Any:
        return self._arith(operator.pow, o, reflected=True)

    def __neg__(self) -> Any:
        return self._arith(operator.neg)

    def __pos__(self) -> Any:
        return self._arith(operator.pos)

    def __abs__(self) -> Any:
        return self._arith(operator.abs)

    def __lt__(self, o: object) -> bool:
        return self._compare(operator.lt, o)

    def __le__(self, o: object) -> bool:
        return self._compare(operator.le, o)

    def __gt__(self, o: object) -> bool:
        return self._compare(operator.gt, o)

    def __ge__(self, o: object) -> bool:
        return self._compare(operator.ge, o)

    def __eq__(self, o: object) -> bool:
        return self._compare(operator.eq, o)

    def __ne__(self, o: object) -> bool:
        return self._compare(operator.ne, o)

    def __bool__(self) -> bool:
        outcome = self.value != 0.0
        tracer = self._tracer()
        if tracer is not None:
            tracer.truth(self, outcome)
        return outcome

    def __float__(self) -> float:
        return self._out(float)  # type: ignore[no-any-return]

    def __int__(self) -> int:
        return self._out(int)  # type: ignore[no-any-return]

    def __trunc__(self) -> int:
        return self._out(math.trunc)  # type: ignore[no-any-return]

    def __floor__(self) -> int:
        return self._out(math.floor)  # type: ignore[no-any-return]

    def __ceil__(self) -> int:
        return self._out(math.ceil)  # type: ignore[no-any-return]

    def __round__(self, ndigits: int | None = None) -> Any:
        return self._out(lambda x: round(x, ndigits))

    def __hash__(self) -> int:
        return self._out(hash)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return repr(self.value)

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def is_integer(self) -> bool:
        return self._out(float.is_integer)  # type: ignore[no-any-return]


numbers.Real.register(TracedNumber)

# --- installing the tracer: the engine's mode, and v.data while tracing -------------------------

_plain_data: property = Value.__dict__["data"]


def _traced_data(self: Value) -> Any:
    tracer = _mode.tracer
    return self._data if tracer is None else tracer.data_of(self)


_TRACED_DATA = property(_traced_data, _plain_data.fset, doc=_plain_data.__doc__)
_swap_lock = threading.Lock()
_active = 0  # traces running, in any thread: v.data is the tracing property while there are any


@contextmanager
def tracing(tracer: Tracer) -> Iterator[None]:
    """Within: this thread's comparisons, ``bool()``, conversions and ``.data`` reads of Values
    go to ``tracer``. (``v.data`` is swapped for a property that asks the thread's tracer, only
    while some thread traces: reading ``.data`` costs nothing extra otherwise.)"""
    global _active
    with _swap_lock:
        _active += 1
        Value.data = _TRACED_DATA  # type: ignore[assignment,method-assign]
    previous = _mode.tracer
    _mode.tracer = tracer
    try:
        yield
    finally:
        _mode.tracer = previous
        with _swap_lock:
            _active -= 1
            if _active == 0:
                Value.data = _plain_data  # type: ignore[assignment,method-assign]


def term_shape(term: object, index: dict[Value, int]) -> object:
    """A guard's term with each node replaced by its place in the trace (to compare two)."""
    if isinstance(term, Value):
        return ("node", index.get(term))
    if isinstance(term, tuple):
        return (term[0], tuple(term_shape(t, index) for t in term[1]))
    return term if term is None else struct.pack("<d", term)


def more_nodes(
    order: list[Value], wanted: Sequence[object], extras: Sequence[Value]
) -> list[Value]:
    """Nodes outside C's graph that guards or extra outputs refer to, with what they are made
    of, in an order that computes each after its parents."""
    more: list[Value] = []
    if not wanted and not extras:  # most graphs: no set of all their nodes to make
        return more
    known = set(order)
    for v in [*wanted, *extras]:
        if isinstance(v, Value) and v not in known:
            for u in topological_order(v):
                if u not in known:
                    known.add(u)
                    more.append(u)
    return more


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a trace is made and turned into code (skip on
    first reading): both allocate millions of objects that live on (a 10⁶-node chain: 2·10⁶
    Values, 2·10⁶ lines), and each collection the allocations set off would walk all of them
    again — a fifth of the compile time. The collector is back on (if it was on) however the
    build ends. What the build made is then put with the oldest objects (`gc.freeze` and
    `gc.unfreeze` move every object there): the young generations' next collections would
    walk those millions twice only to find them alive (0.5 s CPU of a 10⁶-node chain's first
    call); cycles fn made meanwhile wait for the next full collection. Not where someone else
    froze objects (a server before fork; CPython 3.12.1 itself, at start-up): unfreezing would
    thaw theirs."""
    collecting = gc.isenabled()
    if collecting:
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
