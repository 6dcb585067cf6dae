"""``autograd.compile(fn, backend="numpy")``: the generated lines run once on arrays of samples.

The per-sample code `autograd.codegen` writes is straight-line arithmetic: run on numpy arrays
that hold one number per sample instead of on floats, each line computes that node for every
sample at once — and the neurons of a layer, which read the same inputs, are one matrix product
(`autograd.vectorized_layers` finds them and writes the code). The few places where a line is
not plain arithmetic are written as numpy does them: ``a if P else b`` (a ReLU's mask) becomes
``where(P, a, b)``, and ReLU's ``0.0 if z < 0.0 else z`` ``maximum(0.0, z)`` where that gives
the same numbers (`_maximum_is_the_rule`); the op table's functions become numpy's (``exp``,
``log``, ``tanh``, ``divide``, ``power`` …) where numpy has them, else each rule is run on every
sample (a loop, `_each_sample`). Each parameter's gradient is the sum of its per-sample
contributions; the layers' parameters are read and their gradients added by unrolled functions
(`_reader`, `_adder`). The data come as rows (unpacked into one array per argument,
`from_rows`) or as those arrays (`from_columns`).

What changes, and why the results are only within ~1e-12 of the engine's: numpy's exp, log and
tanh are not correctly rounded (an ulp off at times, where crfast is exact), σ and softplus are
written with them (σ = 1/(1 + e⁻ˣ), log1p(eˣ)), tanh′ = (1 − y)(1 + y) instead of one rounding,
numpy sums pairwise where backward() adds row after row, and a matrix product sums in its own
order. Graphs that depend on the data (guards) and Values computed outside fn are refused: one
trace must fit every sample. Skip on first reading.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import itertools
import math
import re
import struct
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import emit, ops, vectorized_layers
from autograd.codegen import Trace
from autograd.codenames import pattern
from autograd.numerics import crfast, ieee, pytorch
from autograd.vectorized_layers import width

__all__ = [
    "first_row", "from_columns", "from_rows", "function", "generate_numpy", "rows_of", "run",
    "total",
]  # fmt: skip


def _sigmoid(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-x))


def _softplus(x: Any) -> Any:
    return np.where(x > pytorch.SOFTPLUS_THRESHOLD, x, np.log1p(np.exp(x)))


def _one_minus_square(y: Any) -> Any:
    return (1.0 - y) * (1.0 + y)  # within 2 ulps of 1 − y², rounded once (no fused multiply-add)


def _sign(x: Any) -> Any:
    return np.where(x > 0.0, 1.0, np.where(x < 0.0, -1.0, 0.0))


def _float(x: Any) -> Any:
    return np.asarray(x, dtype=np.float64)


def _sum(*xs: Any) -> Any:
    total: Any = 0.0
    for x in xs:  # left to right, as the sum op
        total = total + x
    return total


def _mean(*xs: Any) -> Any:
    return _sum(*xs) / len(xs)


def _samples_sum(x: Any) -> float:
    return float(np.sum(x))  # pairwise, where backward() adds row after row


_CHUNK = 512  # parameters per unrolled function: longer ones take long to compile
Shape = tuple[int, ...]


def _unrolled(name: str, n: int, head: str, lines: list[str]) -> Callable[..., Any]:
    """``def name(params, …)``, which starts ``w0, w1, … = params`` (n of them), then lines.
    In them ``_pack`` packs n doubles, ``_unpack_m`` unpacks m from an array's bytes."""
    ws = ", ".join(f"w{k}" for k in range(n))
    text = "\n    ".join([f"def {name}(params{head}):", f"{ws}, = params", *lines])
    scope: dict[str, Any] = {"_frombuffer": np.frombuffer, "_pack": struct.Struct(f"{n}d").pack}
    for m in set(map(int, re.findall(r"_unpack_(\d+)", text))):
        scope[f"_unpack_{m}"] = struct.Struct(f"{m}d").unpack
    exec(text + "\n", scope)  # our own text
    return scope[name]  # type: ignore[no-any-return]


def _reader(n: int) -> Callable[[Sequence[Any]], Any]:
    """``read(params)``: the n parameters' values as one array, read as the comprehension
    ``[w._data for w in params]`` would, packed as doubles: numpy reads them faster so than
    from a list, and unrolled (``w0._data, w1._data, …``) the reads are faster too."""
    if n > _CHUNK:
        pack = struct.Struct(f"{n}d").pack
        return lambda params: np.frombuffer(pack(*[w._data for w in params]))
    reads = ", ".join(f"w{k}._data" for k in range(n))
    return _unrolled("read", n, "", [f"return _frombuffer(_pack({reads}))"])


def _adder(shapes: Sequence[Shape]) -> Callable[..., None]:
    """``add(params, *grads)``: the arrays of these shapes (C-contiguous: numpy.dot's), in
    order and row by row, hold one number per parameter; each is added to its parameter's
    ``.grad`` (``w._grad += g``; a weight listed twice — shared — is added twice). Unrolled
    (``g0, g1, … = _unpack_32(grad0)``, ``w0._grad += g0`` …): a fifth faster than a loop over
    ``grads.tolist()``, with no array of them all."""
    sizes = [math.prod(s) for s in shapes]
    n = sum(sizes)
    if n > _CHUNK:
        parts = [(k, min(k + _CHUNK, n)) for k in range(0, n, _CHUNK)]
        adders = [(a, b, _adder([(b - a,)])) for a, b in parts]

        def add(params: Sequence[Any], *grads: Any) -> None:
            flat = np.concatenate([g.ravel() for g in grads])
            for a, b, each in adders:
                each(params[a:b], flat[a:b])

        return add
    unpack, k = [], 0
    for j, m in enumerate(sizes):
        unpack.append("".join(f"g{i}, " for i in range(k, k + m)) + f"= _unpack_{m}(grad{j})")
        k += m
    head = "".join(f", grad{j}" for j in range(len(shapes)))
    return _unrolled("add", n, head, [*unpack, *(f"w{k}._grad += g{k}" for k in range(n))])


_FILLED: dict[tuple[int, float], Any] = {}


def _filled(n: int, x: float) -> Any:
    """An (n,) array of x, made once and read-only (the generated code never adds in place
    to an array it did not make)."""
    known = _FILLED.get((n, x))
    if known is None or (x == 0.0 and known[0].hex() != x.hex()):  # -0.0 == 0.0 as a key
        if len(_FILLED) > 16:  # a few sizes are in use at a time
            _FILLED.clear()
        known = _FILLED[n, x] = np.full(n, x)
        known.flags.writeable = False
    return known


def _one_per_sample(cost: Any, seed: Any) -> Any:
    """A cost the data do not change (a number), as one per sample: seed's shape."""
    return np.broadcast_to(np.asarray(cost, dtype=np.float64), seed.shape)


def _columns(*cs: Any) -> Any:
    return np.array(cs).T  # columns of samples as one (N, k) block


_POW_C: dict[float, Callable[[Any], Any]] = {  # pytorch.pow_c's special exponents, on arrays
    0.0: np.ones_like, 1.0: lambda x: x, 2.0: lambda x: x * x, 3.0: lambda x: x * x * x,
    -1.0: lambda x: 1.0 / x, -2.0: lambda x: 1.0 / (x * x), 0.5: np.sqrt,
    -0.5: lambda x: 1.0 / np.sqrt(x),
}  # fmt: skip


def _pow_c(x: Any, c: float) -> Any:
    special = _POW_C.get(c)
    return np.power(x, c) if special is None else special(np.asarray(x, dtype=np.float64))


# the op table's functions → numpy's, where numpy has one (not correctly rounded: see above)
NUMPY: dict[Callable[..., Any], Callable[..., Any]] = {
    crfast.exp: np.exp, crfast.log: np.log, crfast.tanh: np.tanh, crfast.sigmoid: _sigmoid,
    crfast.softplus: _softplus, ieee.exp: np.exp, ieee.log: np.log, ieee.div: np.divide,
    ieee.sqrt: np.sqrt, ieee.pow_: np.power, ieee.one_minus_square: _one_minus_square,
    ieee.sign: _sign, float: _float, ops._sum: _sum, ops._mean: _mean, pytorch.pow_c: _pow_c,
}  # fmt: skip


def _each_sample(rule: Callable[..., Any]) -> Callable[..., Any]:
    """A rule without a numpy twin, run on every sample (exactly the engine's numbers)."""

    def run(*args: Any) -> Any:
        arrays = np.broadcast_arrays(*[np.asarray(a, dtype=np.float64) for a in args])
        shape = arrays[0].shape
        flat = [a.ravel() for a in arrays]
        out = [rule(*[float(a[i]) for a in flat]) for i in range(flat[0].size)]
        if out and isinstance(out[0], tuple):
            return tuple(np.array(col, dtype=np.float64).reshape(shape) for col in zip(*out))
        return np.array(out, dtype=np.float64).reshape(shape)

    run.__name__ = getattr(rule, "__name__", "rule")
    return run


def _maximum_is_the_rule() -> bool:
    """Whether ``numpy.maximum(c, x)`` is ``c if x < c else x`` bit for bit on this machine:
    a nan x gives x (numpy promises that) and of two equal numbers (0.0 and −0.0) it gives
    the second, x (numpy does not promise that; x86's max instruction does it). Checked once
    on every pair of special values, in arrays of many lengths, whole and strided."""
    specials = [0.0, -0.0, 1.0, -1.0, 5e-324, -5e-324, math.inf, -math.inf, math.nan, -math.nan]
    for n in (1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 100, 1000):
        x = np.array([specials[k % len(specials)] for k in range(2 * n)])
        for c in specials[:6]:
            for xs in (x[:n], x[n:], x[::2], x.reshape(n, 2), x.reshape(n, 2)[:, 1]):
                want = np.array([c if v < c else v for v in xs.ravel().tolist()])
                got = np.maximum(c, xs).ravel()
                if want.tobytes() != got.tobytes():
                    return False
    return True


class _ToNumpy(ast.NodeTransformer):
    """``a if P else b`` → ``_where(P, a, b)``, and ``c if x < c else x`` for a number c (the
    ReLU's ``0.0 if z < 0.0 else z``) → ``_maximum(c, x)`` where that is the same numbers
    (`_maximum_is_the_rule`): one numpy call, not two; ``not``, ``and``, ``or`` → numpy's
    logical ops."""

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        self.generic_visit(node)
        test, c, x = node.test, node.body, node.orelse
        x_less_c = ast.Compare(x, [ast.Lt()], [c])  # the same x, the same c (−0.0 ≠ 0.0)
        if (
            MAXIMUM_IS_THE_RULE
            and isinstance(c, ast.Constant)
            and type(c.value) is float
            and isinstance(x, ast.Name)
            and ast.dump(test) == ast.dump(x_less_c)
        ):
            return ast.Call(emit.name("_maximum"), [c, x], [])
        return ast.Call(emit.name("_where"), [test, c, x], [])

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not):
            return ast.Call(emit.name("_logical_not"), [node.operand], [])
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.expr:
        self.generic_visit(node)
        fn = "_logical_and" if isinstance(node.op, ast.And) else "_logical_or"
        out = node.values[0]
        for v in node.values[1:]:
            out = ast.Call(emit.name(fn), [out, v], [])
        return out


MAXIMUM_IS_THE_RULE = _maximum_is_the_rule()


def _vectorize_line(line: str) -> str:
    indent = line[: len(line) - len(line.lstrip())]
    tree = ast.parse(line.strip())
    return indent + ast.unparse(_ToNumpy().visit(tree))


def _namespace(globals_: dict[str, Any]) -> dict[str, Any]:
    """The generated code's names, each function replaced by its numpy form."""
    out: dict[str, Any] = dict(globals_)
    for name, obj in globals_.items():
        if callable(obj) and name.startswith("_"):
            out[name] = NUMPY.get(obj) or _each_sample(obj)
    out.update(_where=np.where, _logical_not=np.logical_not, _logical_and=np.logical_and,
               _logical_or=np.logical_or, _samples_sum=_samples_sum, _array=np.array,
               _columns=_columns, _zeros_like=np.zeros_like, _one_per_sample=_one_per_sample,
               _concatenate=np.concatenate, _filled=_filled, _dot=np.dot,
               _maximum=np.maximum, _putmask=np.putmask)  # fmt: skip
    return out


def refuse(trace: Trace) -> str | None:
    """Why this trace cannot run on columns of samples, or None."""
    if trace.guards:
        where = "\n".join(f"  {g.describe()}" for g in trace.guards)
        return (
            "compile(fn, backend='numpy'): fn follows the data, so samples may take other "
            f"branches, and one vectorised trace cannot hold them:\n{where}\nWrite the branch "
            "as a graph op (relu, abs, a product with a mask) or use the default backend."
        )
    if trace.captured:
        return (
            "compile(fn, backend='numpy'): fn uses a Value computed outside it (not a leaf); "
            "compute it inside fn, or use the default backend."
        )
    return None


def generate_numpy(
    trace: Trace, sig: Any, fn_args: Sequence[str] = ()
) -> tuple[str, dict[str, Any]]:
    """``_vectorized(_P, _args, _seed)`` for this trace (`autograd.vectorized_layers`: a layer's
    neurons as one matrix product, every other node a line on its column of samples), and
    the namespace it runs in."""
    source, ns = vectorized_layers.generate_numpy(trace, sig, fn_args, _vectorize_line)
    out = _namespace(ns)
    if "_Q" in ns:  # the layers' parameters: read and added to by unrolled functions
        out.update(_read=_reader(len(ns["_Q"])), _add_to_grads=_adder(ns["_Q_shapes"]))
    return source, out


def function(trace: Trace, sig: Any, fn_args: Sequence[str]) -> tuple[Callable[..., Any], str]:
    """`generate_numpy`'s code compiled: the function and its source."""
    source, namespace = generate_numpy(trace, sig, fn_args)
    exec(builtins.compile(source, "<autograd.compile numpy>", "exec"), namespace)
    return _quiet(namespace["_vectorized"]), source


def _quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """fn with numpy's floating-point warnings off: an inf or a nan is a number here, as in
    the engine. numpy ≥ 2 keeps that setting in a context variable (each thread its own): set
    for the call to the value ``errstate(all="ignore")`` gives it, read once, and reset after —
    errstate as a decorator makes that value anew on each call, ~0.5 µs of the ~20 that stand
    between this backend and numpy by hand at 100 points. The variable's name is numpy's own,
    not public: where it is missing, errstate as a decorator; an older numpy's errstate is
    entered on each call."""
    setting = _ignore_setting()
    if setting is not None:
        var, ignore = setting

        def quiet(reads: Any, args: Any, seed: Any) -> Any:
            token = var.set(ignore)
            try:
                return fn(reads, args, seed)
            finally:
                var.reset(token)

        return quiet
    if int(np.__version__.split(".")[0]) >= 2:
        return np.errstate(all="ignore")(fn)

    def entered(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            return fn(*args)

    return entered


def _ignore_setting() -> tuple[Any, Any] | None:
    """numpy's context variable for errstate, and its value inside ``errstate(all="ignore")``;
    None where numpy has no such variable (before 2.0, or renamed)."""
    try:
        config = importlib.import_module("numpy._core._ufunc_config")
    except ImportError:
        return None
    var = getattr(config, "_extobj_contextvar", None)
    if var is None or not hasattr(var, "set"):
        return None
    with np.errstate(all="ignore"):
        ignore = var.get()
    return var, ignore


def from_rows(rows: Sequence[Any], sig: Any) -> list[Any]:
    """The rows' numbers as one array per argument of fn: (N,) for a number, (N, m) for a list
    of m numbers (nested lists flattened in order). Unpacks each row by its structure: a row of
    another structure is a ValueError that says so."""
    try:
        table = np.array(_flattener(sig)(rows), dtype=np.float64).reshape(len(rows), -1)
    except (TypeError, ValueError) as e:
        raise ValueError(
            f"mean(rows): every row must have the structure of rows[0] ({sig!r}): {e}"
        ) from None
    out, k = [], 0
    for s in sig:
        count = width(s)
        out.append(table[:, k] if s == "f" else table[:, k : k + count])
        k += count
    return out


_FLATTENERS: dict[Any, Callable[[Sequence[Any]], list[Any]]] = {}


def _flattener(sig: Any) -> Callable[[Sequence[Any]], list[Any]]:
    """``[_x for (x1, x2), y in rows for _x in (x1, x2, y)]`` for the structure
    ``(('f', 'f'), 'f')``: one comprehension, not a loop of calls per row."""
    known = _FLATTENERS.get(sig)
    if known is None:
        names = (f"v{k}" for k in itertools.count())
        target = ", ".join(pattern(s, names) for s in sig) + ("," if len(sig) == 1 else "")
        leaves = ", ".join(f"v{k}" for k in range(sum(width(s) for s in sig)))
        # one flat list of numbers: numpy makes an array of it faster than of a list of tuples
        text = f"lambda rows: [_x for ({target}) in rows for _x in ({leaves},)]" if sig else \
            "lambda rows: []"  # fmt: skip
        known = _FLATTENERS[sig] = eval(text, {"__builtins__": {}})  # our own text, no builtins
    return known


_SHAPES: dict[tuple[tuple[int, ...], ...], tuple[Any, bool]] = {}


def from_columns(columns: Any) -> tuple[list[Any], Any]:
    """``columns``: one array per argument of fn, each with one entry per sample ((N,) for a
    number, (N, m) for a list of m numbers, (N, m, p) for a list of lists …). Returns the arrays
    as `generate_numpy`'s code takes them, and the argument structure they hold."""
    if not isinstance(columns, (tuple, list)) or not columns:
        raise TypeError(
            "mean(columns=…) takes one array per argument of fn, e.g. (X, y): X of shape "
            f"(N, inputs), y of shape (N,); got {type(columns).__name__}"
        )
    arrays = [np.asarray(c, dtype=np.float64) for c in columns]
    shapes = tuple([a.shape for a in arrays])
    known = _SHAPES.get(shapes)  # the checks and the structure depend on the shapes alone
    if known is None:
        n = shapes[0][0] if shapes[0] else 0
        if n == 0 or any(not shape or shape[0] != n for shape in shapes):
            raise ValueError(
                "mean(columns=…): every array needs one entry per sample, the same number N ≥ "
                f"1 in each (its first axis); got shapes {', '.join(map(str, shapes))}"
            )
        if len(_SHAPES) > 64:  # a few shapes are in use at a time
            _SHAPES.clear()
        sig = tuple(_structure(shape[1:]) for shape in shapes)
        known = _SHAPES[shapes] = sig, any(len(shape) > 2 for shape in shapes)
    sig, deep = known
    if deep:
        arrays = [a if a.ndim <= 2 else a.reshape(len(a), -1) for a in arrays]
    return arrays, sig


class shape_hint:  # lower case: used as the function it was, ``with shape_hint(columns):``
    """fn's TypeError, with a hint where a column of shape (N, 1) gave fn a list of one number
    per sample (y.reshape(-1, 1) where fn takes y as a number). A class, not a generator:
    entered on every call of ``cf.mean(columns=…)``, it costs less so."""

    __slots__ = ("columns",)

    def __init__(self, columns: Any) -> None:
        self.columns = columns

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        if kind is None or not issubclass(kind, TypeError):
            return
        ones = [k for k, c in enumerate(self.columns) if np.ndim(c) == 2 and np.shape(c)[1] == 1]
        if ones:
            raise TypeError(
                f"{error}\n(columns=…: argument {ones[0] + 1} has shape (N, 1), so fn gets a "
                "list of one number per sample; for a number per sample give shape (N,), e.g. "
                "y.ravel())"
            ) from error


def first_row(columns: Any) -> list[Any]:
    """The first sample of `from_columns`' arrays, as a row of lists and numbers."""
    return [np.asarray(c, dtype=np.float64)[0].tolist() for c in columns]


def _structure(shape: tuple[int, ...]) -> Any:
    return "f" if not shape else tuple(_structure(shape[1:]) for _ in range(shape[0]))


def rows_of(columns: Any) -> list[Any]:
    """The rows that ``columns`` (see `from_columns`) hold, as lists: for the default backend."""
    from_columns(columns)  # the same checks and messages
    return list(zip(*[np.asarray(c, dtype=np.float64).tolist() for c in columns]))


_add_reduce = np.add.reduce


def total(costs: Any) -> float:
    """Σ of the costs, as ``float(costs.sum())`` (numpy's pairwise sum) without the Python
    function ``ndarray.sum`` goes through."""
    return float(_add_reduce(costs))


def run(
    fn: Callable[..., Any], reads: list[Any], args: list[Any], seed: float
) -> tuple[Any, list[tuple[float, ...]]]:
    """The generated code on the arrays: the costs (an (N,) array) and each sample's extra
    outputs (a list, empty when fn returns none)."""
    n = len(args[0]) if args else 1
    costs, extras = fn(reads, args, _filled(n, seed))  # fn: `function`'s, warnings off
    if not extras:
        return costs, []
    cols = [np.broadcast_to(np.asarray(e, dtype=np.float64), (n,)).tolist() for e in extras]
    return costs, list(zip(*cols))
