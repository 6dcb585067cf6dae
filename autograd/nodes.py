"""Nodes made straight from the op table: `apply` (any op, by name), the neuron's weighted sum
z = Σ w·a + b as one node, and the sums Σ and 1/n Σ over many Values (the cost averaged over
the data set)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Protocol

from autograd.modes import _mode
from autograd.ops import OPS, Op
from autograd.record import TABLE_METHODS, make, record
from autograd.value import Value

__all__ = ["apply", "layer_checked", "mean", "sum_", "weighted_sum", "weighted_sum_checked"]

Number = int | float
_WSUM = OPS["wsum"]


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
    return make(spec, tuple(parents), None if c is None else float(c))


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
    return make(_WSUM, parents, None)


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
    return record(_WSUM, tuple(parents), None, data)


class Neuron(Protocol):
    """What `layer_checked` reads of a neuron (nn.Neuron has it): its weights ``w`` (a list of
    Values, checked when the neuron was made: then ``_checked_w is w``), its bias ``b`` (a
    Value), φ (a method of Value such as ``Value.relu``, another callable, or None) and the
    labels of z and a."""

    @property
    def w(self) -> list[Value]: ...
    @property
    def _checked_w(self) -> list[Value]: ...
    @property
    def b(self) -> Value: ...
    @property
    def phi(self) -> Callable[[Value], Value] | None: ...
    @property
    def z_label(self) -> str | None: ...
    @property
    def a_label(self) -> str | None: ...


def layer_checked(
    neurons: Sequence[Neuron], a: Sequence[Value], kind: type[Neuron]
) -> list[Value] | None:
    """A layer's activations aₖ = φ(zₖ), zₖ = bₖ + Σⱼ wₖⱼ·aⱼ, for checked neurons and inputs (as
    `weighted_sum_checked`): the nodes `weighted_sum_checked` and φ's method make, bit for bit,
    labelled, in one loop instead of four calls a node (skip on first reading: nn.Layer's fast
    path). None where a node would not simply be recorded — inside `no_grad()` or
    `detect_anomaly()`, for a neuron not exactly of class ``kind`` (a subclass may compute
    otherwise), weights not as checked, or a φ that is not an op of the table — and the caller
    makes them one by one (the nodes made here so far are dropped)."""
    if not _mode.grad_enabled or _mode.anomaly is not None:
        return None
    n = len(a)
    m = 2 * n
    xs = [ak._data for ak in a]
    parents: list[Value] = [*a, *a, a[0]]  # (w₁, a₁, …, wₙ, aₙ, b): the aₖ set once for all
    parents[1:m:2] = a
    out = []
    op_of = TABLE_METHODS.get
    cls: type[Value] | None = None
    for neuron in neurons:
        w = neuron.w
        if type(neuron) is not kind or neuron._checked_w is not w or len(w) != n:
            return None
        phi = neuron.phi
        if phi is None:
            op = None
        else:
            op = op_of(phi)
            if op is None:
                return None
        b = neuron.b
        data = b._data  # the table's wsum forward: z = b, then z += wₖ·aₖ in order
        for wk, x in zip(w, xs):
            data += wk._data * x
        parents[0:m:2] = w
        parents[m] = b
        if type(w[0]) is not cls:  # the class of the first parent, as record() takes it
            cls = type(w[0])
            new = cls.__new__
        z = new(cls)  # filled in as record() fills a node in
        z._data, z._grad, z._label = data, 0.0, neuron.z_label
        z.parents, z._op, z._c = tuple(parents), _WSUM, None
        if op is None:
            out.append(z)
            continue
        y = new(cls)
        y._data, y._grad, y._label = op.forward(data), 0.0, neuron.a_label
        y.parents, y._op, y._c = (z,), op, None
        out.append(y)
    return out


def _nary(op: Op, xs: Sequence[Value | Number], what: str) -> Value:
    if not xs:
        raise ValueError(f"{what}() needs at least one value")
    parents = tuple(x if isinstance(x, Value) else Value(x) for x in xs)
    return make(op, parents, None)


def sum_(xs: Sequence[Value | Number]) -> Value:
    """Σᵢ xᵢ as one node (∂/∂xᵢ = 1); numbers become leaves."""
    return _nary(OPS["sum"], xs, "sum_")


def mean(xs: Sequence[Value | Number]) -> Value:
    """1/n Σᵢ xᵢ as one node (∂/∂xᵢ = 1/n): the lecture's average of the cost over the data set."""
    return _nary(OPS["mean"], xs, "mean")
