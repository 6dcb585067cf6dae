"""``autograd.compile(fn, backend="numpy")``: the generated lines run once on columns of samples.

The per-sample code `autograd.codegen` writes is straight-line arithmetic: run on numpy arrays
that hold one number per sample instead of on floats, each line computes that node for every
sample at once. The few places where a line is not plain arithmetic are written as numpy does
them: ``a if P else b`` (a ReLU's mask) becomes ``where(P, a, b)``; the op table's functions
become numpy's (``exp``, ``log``, ``tanh``, ``divide``, ``power`` …) where numpy has them, else
each rule is run on every sample (`numpy.vectorize`). Each parameter's gradient is the sum of
its per-sample contributions, summed at the end.

What changes, and why the results are only within ~1e-12 of the engine's: numpy's exp, log and
tanh are not correctly rounded (an ulp off at times, where crfast is exact), σ and softplus are
written with them (σ = 1/(1 + e⁻ˣ), log1p(eˣ)), tanh′ = (1 − y)(1 + y) instead of one rounding,
and numpy sums pairwise where backward() adds row after row. Graphs that depend on the data
(guards) and Values computed outside fn are refused: one trace must fit every sample.
Skip on first reading.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from autograd import emit, ops
from autograd.codegen import Trace, lines_of
from autograd.codenames import pattern
from autograd.numerics import crfast, ieee, pytorch

__all__ = ["columns", "generate_numpy"]


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


class _ToNumpy(ast.NodeTransformer):
    """``a if P else b`` → ``_where(P, a, b)``; ``not``, ``and``, ``or`` → numpy's logical ops."""

    def visit_IfExp(self, node: ast.IfExp) -> ast.expr:
        self.generic_visit(node)
        return ast.Call(emit.name("_where"), [node.test, node.body, node.orelse], [])

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
               _logical_or=np.logical_or, _samples_sum=_samples_sum)  # fmt: skip
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
    """``_vectorized(_P, _cols, _seed)``: the per-sample lines of `codegen.generate` (without
    zero skips) on columns of samples; returns the costs (one per sample), the extra outputs,
    and adds each parameter's summed gradient to its ``.grad``."""
    body, input_names = lines_of(trace, sig, fn_args, skip_zeros=False)
    ns, var, grad, params, root = body.ns, body.var, body.grad, trace.params, trace.root
    L = ["def _vectorized(_P, _cols, _seed):"]
    L.append('    """Every sample at once: each line runs on a column of samples."""')
    for k, p in enumerate(params):
        L.append(f"    {var[p]} = _P[{k}]._data")
    for p in params:
        L.append(f"    {grad(p)} = 0.0  # the samples' contributions, summed at the end")
    if sig:
        it = iter(input_names)
        target = ", ".join(pattern(s, it) for s in sig) + ("," if len(sig) == 1 else "")
        L.append(f"    {target} = _cols")
    L.append("    # forward propagation, every sample at once")
    L += ["    " + _vectorize_line(line) for line in body.forward]
    L.append("    # backpropagation, every sample at once")
    L.append(f"    {grad(root)} {'+=' if root in params else '='} _seed")
    L += [f"    {grad(v)} = 0.0" for v in body.missing]
    L += ["    " + _vectorize_line(line) for line in body.backward]
    L.append("    # add each parameter's contributions, summed over the samples, to .grad")
    for k, p in enumerate(params):
        L.append(f"    _P[{k}]._grad += _samples_sum({grad(p)})")
    extras = ", ".join(body.text(v) for v in trace.extras)
    L.append(f"    return {body.text(root)}, ({extras}{',' if len(trace.extras) == 1 else ''})")
    return "\n".join(L) + "\n", _namespace(ns.globals)


def columns(rows: Sequence[Any], sig: Any) -> Any:
    """The rows' numbers as columns, in the structure of one row (``((x1, x2), y)`` → arrays)."""
    flat = [_flatten(r) for r in rows]
    table = np.array(flat, dtype=np.float64).reshape(len(rows), -1)
    cols = iter(table.T)
    return _shape(sig, cols)


def _flatten(row: Any) -> list[float]:
    if isinstance(row, (list, tuple)):
        return [x for item in row for x in _flatten(item)]
    return [float(row)]


def _shape(sig: Any, cols: Any) -> Any:
    if sig == "f":
        return next(cols)
    return tuple(_shape(s, cols) for s in sig)
