"""How an op on Values becomes a node of the graph (skip on first reading).

``w * x`` runs the table's forward rule on the parents' numbers and records the result as a new
Value with its op, its parents and the op's constant c (``x * 2.0`` is op ``mul_c`` with c = 2).
Inside `no_grad()` the result is a leaf; inside `detect_anomaly()` a nan/inf that finite inputs
produced is reported at once. The operator methods of `Value` are made here, one per table op.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from autograd.modes import _mode
from autograd.node import N
from autograd.ops import OPS, Op
from autograd.traps import is_number, text_operand

__all__ = ["TABLE_METHODS", "binary", "make", "record", "reflected", "unary", "with_constant"]

# Each method `unary` makes (``Value.relu``) → its op: what a caller holding ``Value.relu`` as a
# function (nn's activation φ) may record itself (autograd.nodes.layer_checked).
TABLE_METHODS: dict[Callable[..., Any], Op] = {}
_PLAIN = (float, int)  # the usual constants, tested before `is_number`'s wider test


def make(op: Op, parents: tuple[N, ...], c: float | None) -> N:
    """Run ``op`` forward on the parents' data and record the node."""
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
    return record(op, parents, c, data)


def record(op: Op, parents: tuple[N, ...], c: float | None, data: float) -> N:
    """The node for ``data`` = op(parents), of the parents' class: with its edges, unless in
    `no_grad()` (then a leaf)."""
    cls = type(parents[0])
    out: Any = cls.__new__(cls)  # a Value, filled in without __init__'s checks (all known here)
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
    if _mode.anomaly is not None and not math.isfinite(data):
        _mode.anomaly.forward(op, parents, c, data)
    return out  # type: ignore[no-any-return]


def binary(two: str, one: str) -> Callable[[N, Any], N]:
    """``v ∘ other``: op ``two`` when other is a Value, op ``one`` with other as its constant
    (a number is folded into the node rather than made a node of its own). The method runs the
    op's forward rule and `record` itself: `make`'s steps with one call fewer."""
    op2, op1 = OPS[two], OPS[one]
    forward2, forward1 = op2.forward, op1.forward

    def method(self: N, other: Any) -> N:
        if isinstance(other, type(self)):
            return record(op2, (self, other), None, forward2(self._data, other._data))
        if isinstance(other, _PLAIN) or is_number(other):
            c = float(other)
            return record(op1, (self,), c, forward1(self._data, c))
        if isinstance(other, str):  # (str has no number ops of its own to fall back on)
            raise text_operand(op2.symbol.format("v", repr(other)), other)
        return cast(N, NotImplemented)

    method.__doc__ = f"{op2.symbol.format('self', 'other')} (op {two!r}; {one!r} for a number)"
    return method


# A reflected op whose symbol puts v first (the graph writes 3 + v as v + 3): a message about
# what was typed shows the number first, as written.
_AS_WRITTEN = {"add_c": "{c} + {0}"}


def reflected(one: str) -> Callable[[N, Any], N]:
    """``number ∘ v``: op ``one`` with the number as its constant."""
    op1 = OPS[one]
    forward1 = op1.forward
    written = _AS_WRITTEN.get(one, op1.symbol)

    def method(self: N, other: Any) -> N:
        if isinstance(other, _PLAIN) or is_number(other):
            c = float(other)
            return record(op1, (self,), c, forward1(self._data, c))
        if isinstance(other, str):
            raise text_operand(written.format("v", c=repr(other)), other)
        return cast(N, NotImplemented)

    method.__doc__ = f"{written.format('self', c='other')} (op {one!r})"
    return method


def unary(name: str) -> Callable[[N], N]:
    """``v.name()``: the table's op ``name`` on v."""
    op = OPS[name]
    forward = op.forward

    def method(self: N) -> N:
        return record(op, (self,), None, forward(self._data))

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"{op.symbol.format('self')} (op {name!r}). {op.notes}".strip()
    TABLE_METHODS[method] = op
    return method


def with_constant(name: str, what: str) -> Callable[..., Any]:
    """``v.name(c)``: the table's op ``name`` with the number c (its ``default_const`` if
    not given), as ``v.leaky_relu(negative_slope=0.01)``."""
    op = OPS[name]

    def method(self: N, c: float | None = None, **named: float) -> N:
        if named:
            if set(named) != {what} or c is not None:
                raise TypeError(f"{name}() takes one number, {what}, not {sorted(named)}")
            c = named[what]
        if c is None:
            c = op.default_const
        if not is_number(c):
            raise TypeError(f"{what} must be a number, not {type(c).__name__}")
        return make(op, (self,), float(c))  # type: ignore[arg-type]

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"{op.symbol.format('self')} with {what} = c (op {name!r}). {op.notes}"
    return method
