"""`Value`: a number that remembers how it was computed — a node of the lecture's graph.

Forward propagation: each op on Values (``w * x + b``, ``z.sigmoid()``) computes its number by
the op table's forward rule (ops.py) and returns a new Value whose ``parents`` are its inputs.
``C.backward()`` is backpropagation (backward.py): then every node's ``.grad`` is ∂C/∂node."""

from __future__ import annotations

from collections.abc import Sequence

from autograd import traps
from autograd.backward import seed
from autograd.fast_backward import one_at_a_time, order_fast, walk_fast
from autograd.ops import Op
from autograd.record import binary, reflected, unary, with_constant

__all__ = ["Value"]


class Value:
    """A scalar node: ``data`` (its number), ``grad`` (∂C/∂self once ``C.backward()`` ran),
    ``parents`` (the op's inputs, in order; ``a * a`` lists ``a`` twice), ``op`` (the op's name;
    None for a leaf — an input, a weight, a bias) and ``label`` (its name in drawings)."""

    __slots__ = ("_c", "_data", "_grad", "_label", "_op", "parents")

    def __init__(self, data: float, label: str | None = None) -> None:
        self._data = data if type(data) is float else traps.as_float(data, value=Value)
        self._grad = 0.0
        self._label = traps.check_label(label)
        self.parents: tuple[Value, ...] = ()
        self._op: Op | None = None  # the table entry that made this node (None: a leaf)
        self._c: float | None = None  # the number folded into it: 2.0 in x * 2.0

    # --- ops: each makes one node of the op table (a number operand becomes its constant) ----

    __add__ = binary("add", "add_c")
    __radd__ = reflected("add_c")
    __sub__ = binary("sub", "sub_c")
    __rsub__ = reflected("rsub_c")
    __mul__ = binary("mul", "mul_c")
    __rmul__ = reflected("mul_c")
    __truediv__ = binary("div", "div_c")
    __rtruediv__ = reflected("rdiv_c")
    __pow__ = binary("pow", "pow_c")
    __rpow__ = reflected("rpow_c")
    __neg__ = unary("neg")
    __abs__ = abs = unary("abs")
    exp = unary("exp")
    log = unary("log")
    tanh = unary("tanh")
    sigmoid = unary("sigmoid")
    relu = unary("relu")
    sqrt = unary("sqrt")
    softplus = unary("softplus")
    one_minus_square = unary("one_minus_square")  # 1 − v², rounded once: tanh′ as one node
    leaky_relu = with_constant("leaky_relu", "negative_slope")  # x for x > 0, else slope·x

    # --- backpropagation -----------------------------------------------------------------------

    def backward(self, gradient: float = 1.0, *, skip_zeros: bool = False) -> None:
        """Backpropagate from this node C: then each node v of its graph has ``v.grad`` = ∂C/∂v
        (× ``gradient``). A leaf's ``.grad`` *accumulates* over calls, as in PyTorch (call
        ``zero_grad()`` on the model or optimiser between steps); other nodes' are recomputed.
        ``skip_zeros=True``: see fast_backward.py. Calls from threads run one after another."""
        if type(gradient) is not float:
            gradient = traps.as_float(gradient, "backward(gradient)", Value)
        with one_at_a_time:  # a lock, for threads
            order = order_fast(self)  # 1. every node after its parents: topological_order, faster
            seed(order, self, gradient)  # 2. ∂C/∂C = 1
            walk_fast(order, skip_zeros)  # 3. backward.walk(order), faster: from C back

    # --- reading a node (skip on first reading) ------------------------------------------------

    @property
    def data(self) -> float:
        """The number this node holds (a Python float); setting it takes any real number."""
        return self._data

    @data.setter
    def data(self, x: float) -> None:
        traps.set_data(self, x)

    @property
    def grad(self) -> float:
        """∂C/∂self after ``C.backward()``: a float from the start (0.0), never None."""
        return self._grad

    @grad.setter
    def grad(self, x: float) -> None:
        traps.set_grad(self, x)

    @property
    def label(self) -> str | None:
        """The node's name for drawings and `explain()` (any str, shown literally), or None."""
        return self._label

    @label.setter
    def label(self, label: str | None) -> None:
        self._label = traps.check_label(label)

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
        if self._op is None:
            return ()
        args = [p._data for p in self.parents] + ([self._c] if self._op.const else [])
        return self._op.partials(*args, self._data)

    def __repr__(self) -> str:
        parts = [f"data={self._data!r}", f"grad={self._grad!r}"]
        if self._label is not None:
            parts.append(f"label={self._label!r}")
        if self._op is not None:
            parts.append(f"op={self._op.name!r}")
        return f"Value({', '.join(parts)})"

    def __pos__(self) -> Value:
        return self

    # Python asking for a plain number: each warns that the gradient is lost (traps.py).
    __float__ = traps.to_float
    __int__ = traps.to_int
    __trunc__ = traps.to_trunc
    __round__ = traps.to_round
    # The truth and the order of the numbers, as a PyTorch 0-dim tensor's; they record nothing.
    # Equality stays identity, so Values can key dicts and sets (the graph walks rely on it).
    __bool__ = traps.truth
    __lt__ = traps.less
    __le__ = traps.less_equal
    __gt__ = traps.greater
    __ge__ = traps.greater_equal
