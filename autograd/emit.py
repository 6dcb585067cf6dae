"""Code from the op table: each op's own rules written out as expressions, for `autograd.compile`.

`backward()` calls an op's rules on floats. Compiled code must compute the very same numbers,
so it is written *from those rules*, never from a second copy of a derivative:

* a rule whose body is one ``return`` (``return (0.0 if x <= 0.0 else upstream,)``) is
  **inlined**: its expression, with the node's variables in place of the rule's parameters;
* a rule with a loop or a variable number of parents (the weighted sum z = b + Σ w·a) is
  **run on symbols**: names stand in for the numbers, and the arithmetic the rule does on them is
  recorded as an expression (``b + w1 * x1 + w2 * x2``) — only for rules made of arithmetic,
  list handling and ``range``/``len``, so nothing it calls can behave otherwise on a symbol;
* any other rule is **called**, by name, from the generated code.

Expressions are Python `ast` trees, printed by ``ast.unparse``. The functions and constants a
rule uses are bound under names that start with ``_``, which no node label can produce.
"""

from __future__ import annotations

import ast
import copy
import functools
import inspect
import math
import operator
import re
import textwrap
import types
from collections.abc import Callable, Sequence
from typing import Any

from autograd.value import Value

__all__ = ["Namespace", "constant", "mask_test", "name", "pattern", "rule_call", "rule_exprs",
           "term_code", "times"]  # fmt: skip

Expr = ast.expr


def name(identifier: str) -> ast.Name:
    return ast.Name(identifier, ast.Load())


def constant(x: float) -> Expr:
    """A number as an expression: ``2.0``; ``-2.0`` as negation (so ``(-2.0) ** x`` prints
    right); ±inf and nan as the names ``_inf`` / ``_nan`` (Python has no literal for them)."""
    if math.isnan(x):
        return name("_nan")
    if math.isinf(x):
        inf = name("_inf")
        return inf if x > 0 else ast.UnaryOp(ast.USub(), inf)
    if math.copysign(1.0, x) < 0:
        return ast.UnaryOp(ast.USub(), ast.Constant(-x))
    return ast.Constant(x)


class Namespace:
    """What generated code may use: each function or constant a rule refers to, bound once under
    ``_`` + its own name (``_div``, ``_one_minus_square``); ``_inf`` and ``_nan``."""

    def __init__(self) -> None:
        self.globals: dict[str, Any] = {"__builtins__": {}, "_inf": math.inf, "_nan": math.nan}
        self._ids: dict[int, str] = {}

    def ref(self, obj: object, hint: str) -> str:
        """The name under which ``obj`` is bound (bound now if new)."""
        known = self._ids.get(id(obj))
        if known is not None:
            return known
        word = hint.lstrip("_")
        base = "_" + (word if word.isidentifier() and word.isascii() else "rule")
        text, k = base, 2
        while text in self.globals:
            text = f"{base}_{k}"
            k += 1
        self.globals[text] = obj
        self._ids[id(obj)] = text
        return text


def times(local: Expr, upstream: Expr) -> Expr:
    """local × upstream, the chain rule's product at one edge, as `backward()` computes it
    (``d * upstream``). 1 × u is u and −1 × u is −u, bit for bit; 0 × u stays (0 · inf = nan)."""
    if isinstance(local, ast.Constant) and local.value == 1.0:
        return upstream
    if (
        isinstance(local, ast.UnaryOp)
        and isinstance(local.op, ast.USub)
        and isinstance(local.operand, ast.Constant)
        and local.operand.value == 1.0
    ):
        return ast.UnaryOp(ast.USub(), upstream)
    return ast.BinOp(local, ast.Mult(), upstream)


def rule_exprs(rule: Callable[..., Any], args: Sequence[Expr], ns: Namespace) -> list[Expr] | None:
    """The rule's result(s) as expressions over ``args`` (one per returned value), inlined or
    run on symbols; None when it can only be called."""
    inlined = _inline(rule, args, ns)
    if inlined is not None:
        return inlined
    return _symbolic(rule, args)


def rule_call(rule: Callable[..., Any], args: Sequence[Expr], ns: Namespace) -> Expr:
    """A call of the rule itself from generated code: ``_softplus_backward(dC_da, z, a)``."""
    fname = ns.ref(rule, getattr(rule, "__name__", "rule"))
    return ast.Call(name(fname), list(args), [])


# --- inlining a one-expression rule -----------------------------------------------------------

_NOT_INLINED = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp,
                ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom, ast.Starred)  # fmt: skip


@functools.cache
def _template(rule: Callable[..., Any]) -> tuple[tuple[str, ...], Expr, dict[str, Any]] | None:
    """(parameter names, the returned expression, the outside names it uses) for a rule whose
    body is a single ``return``; None for any other rule."""
    if not isinstance(rule, types.FunctionType):
        return None
    code = rule.__code__
    if code.co_flags & (inspect.CO_VARARGS | inspect.CO_VARKEYWORDS) or code.co_kwonlyargcount:
        return None
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(rule)))
    except (OSError, TypeError, SyntaxError):
        return None  # defined in a REPL, or not Python source
    fdef = tree.body[0] if tree.body else None
    if not isinstance(fdef, ast.FunctionDef) or fdef.name != rule.__name__:
        return None
    body = list(fdef.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return None
    expr = body[0].value
    params = tuple(a.arg for a in (*fdef.args.posonlyargs, *fdef.args.args))
    outside: dict[str, Any] = {}
    closure = inspect.getclosurevars(rule)
    scopes = (closure.nonlocals, closure.globals, closure.builtins)
    for node in ast.walk(expr):
        if isinstance(node, _NOT_INLINED):
            return None
        if isinstance(node, ast.Name) and node.id not in params:
            scope = next((s for s in scopes if node.id in s), None)
            if scope is None:
                return None
            outside[node.id] = scope[node.id]
    return params, expr, outside


class _Substitute(ast.NodeTransformer):
    def __init__(self, args: dict[str, Expr], outside: dict[str, str]) -> None:
        self.args, self.outside = args, outside

    def visit_Name(self, node: ast.Name) -> Expr:
        if node.id in self.args:
            return copy.deepcopy(self.args[node.id])
        return name(self.outside[node.id])


def _inline(rule: Callable[..., Any], args: Sequence[Expr], ns: Namespace) -> list[Expr] | None:
    found = _template(rule)
    if found is None:
        return None
    params, expr, outside = found
    if len(params) != len(args):
        return None
    bound = {n: ns.ref(obj, n) for n, obj in outside.items()}
    out = _Substitute(dict(zip(params, args)), bound).visit(copy.deepcopy(expr))
    out = _fold(out)
    parts = out.elts if isinstance(out, (ast.Tuple, ast.List)) else [out]
    return list(parts)


def _number(node: Expr) -> float | None:
    """The value of a number written by `constant` (finite only), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, float):
        return node.value  # floats only: int arithmetic (an index, a count) stays as written
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return None if inner is None else -inner
    return None


_COMPARE: dict[type, Callable[[float, float], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
_ARITH: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
}


class _Fold(ast.NodeTransformer):
    """Decide what the node's constants already decide: ``2.0 - 1.0`` is ``1.0`` and
    ``0.0 if 2.0 == 0.0 else e`` is ``e`` — the same float operations Python would do at run
    time, done once here (exceptions, as 1/0, are left to run time)."""

    def visit_BinOp(self, node: ast.BinOp) -> Expr:
        self.generic_visit(node)
        a, b = _number(node.left), _number(node.right)
        fn = _ARITH.get(type(node.op))
        if a is None or b is None or fn is None:
            return node
        return constant(fn(a, b))

    def visit_Compare(self, node: ast.Compare) -> Expr:
        self.generic_visit(node)
        if len(node.ops) != 1:
            return node
        a, b = _number(node.left), _number(node.comparators[0])
        if a is None or b is None:
            return node
        return ast.Constant(_COMPARE[type(node.ops[0])](a, b))

    def visit_BoolOp(self, node: ast.BoolOp) -> Expr:
        self.generic_visit(node)
        values = [v.value if isinstance(v, ast.Constant) else None for v in node.values]
        if any(type(v) is not bool for v in values):
            return node
        result = all(values) if isinstance(node.op, ast.And) else any(values)
        return ast.Constant(result)

    def visit_IfExp(self, node: ast.IfExp) -> Expr:
        self.generic_visit(node)
        if isinstance(node.test, ast.Constant) and type(node.test.value) is bool:
            return node.body if node.test.value else node.orelse
        return node


def _fold(expr: Expr) -> Expr:
    folded = _Fold().visit(expr)
    assert isinstance(folded, ast.expr)
    return folded


# --- running a rule on symbols ------------------------------------------------------------------

# What a rule run on symbols may use besides arithmetic: anything else might treat a symbol
# differently from a float (the built-in sum() of floats is compensated from Python 3.12 on).
_SYMBOLIC_NAMES = frozenset({"range", "len", "list", "tuple", "append", "extend"})


class _NotSymbolic(Exception):
    """The rule looked at a number (a comparison, a conversion): it cannot run on symbols."""


class _Sym:
    """A number known only by name: arithmetic on it records an expression."""

    __slots__ = ("node",)

    def __init__(self, node: Expr) -> None:
        self.node = node

    def _op(self, op: ast.operator, other: object, reflected: bool = False) -> _Sym:
        if isinstance(other, _Sym):
            right = other.node
        elif isinstance(other, float):
            right = constant(other)
        elif isinstance(other, int) and not isinstance(other, bool):
            right = ast.Constant(other)
        else:
            raise _NotSymbolic
        left, right = (right, self.node) if reflected else (self.node, right)
        return _Sym(ast.BinOp(left, op, right))

    def __add__(self, o: object) -> _Sym:
        return self._op(ast.Add(), o)

    def __radd__(self, o: object) -> _Sym:
        return self._op(ast.Add(), o, True)

    def __sub__(self, o: object) -> _Sym:
        return self._op(ast.Sub(), o)

    def __rsub__(self, o: object) -> _Sym:
        return self._op(ast.Sub(), o, True)

    def __mul__(self, o: object) -> _Sym:
        return self._op(ast.Mult(), o)

    def __rmul__(self, o: object) -> _Sym:
        return self._op(ast.Mult(), o, True)

    def __truediv__(self, o: object) -> _Sym:
        return self._op(ast.Div(), o)

    def __rtruediv__(self, o: object) -> _Sym:
        return self._op(ast.Div(), o, True)

    def __neg__(self) -> _Sym:
        return _Sym(ast.UnaryOp(ast.USub(), self.node))

    def _refuse(self, *_: object) -> Any:
        raise _NotSymbolic

    __bool__ = __float__ = __int__ = __index__ = __abs__ = __pow__ = __rpow__ = _refuse
    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _refuse
    __hash__ = None  # type: ignore[assignment]


def _names_used(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):  # a comprehension's own code (Python < 3.12)
            names |= _names_used(const)
    return names


def _symbolic_safe(rule: Callable[..., Any]) -> bool:
    if not isinstance(rule, types.FunctionType) or rule.__code__.co_freevars:
        return False
    for n in _names_used(rule.__code__):
        if n in _SYMBOLIC_NAMES:
            continue
        if type(rule.__globals__.get(n)) in (int, float):  # a named constant of the module
            continue
        return False
    return True


def _symbolic(rule: Callable[..., Any], args: Sequence[Expr]) -> list[Expr] | None:
    if not _symbolic_safe(rule):
        return None
    try:
        result = rule(*[_Sym(a) for a in args])
    except Exception:  # the rule needed a number, not a name: it will be called instead
        return None
    parts = result if isinstance(result, (list, tuple)) else [result]
    out: list[Expr] = []
    for p in parts:
        if isinstance(p, _Sym):
            out.append(p.node)
        elif type(p) in (int, float):
            out.append(constant(float(p)) if type(p) is float else ast.Constant(p))
        else:
            return None
    return out  # arithmetic on constants alone was done by the rule itself: nothing to fold


def mask_test(expr: Expr | None) -> str | None:
    """For a gradient ``0.0 if P else u`` (a masked rule, inlined), the test that it is
    nonzero: ``u != 0.0 and not P``; None for any other expression."""
    if not (isinstance(expr, ast.IfExp) and isinstance(expr.orelse, ast.Name)):
        return None
    zero = expr.body
    if not (isinstance(zero, ast.Constant) and type(zero.value) is float and zero.value == 0.0):
        return None
    if math.copysign(1.0, zero.value) < 0:
        return None
    return f"{expr.orelse.id} != 0.0 and {ast.unparse(ast.UnaryOp(ast.Not(), expr.test))}"


_PLACEHOLDER = re.compile(r"__A(\d+)__|_t__T__")


def pattern(text: str) -> str:
    """A template's text as a `str.format` pattern: ``__Ak__`` → ``{k}`` (argument k), the
    temporary → ``{T}``; the text around them as it is (braces doubled)."""
    out: list[str] = []
    last = 0
    for m in _PLACEHOLDER.finditer(text):
        out.append(text[last : m.start()].replace("{", "{{").replace("}", "}}"))
        out.append("{" + m.group(1) + "}" if m.group(1) is not None else "{T}")
        last = m.end()
    out.append(text[last:].replace("{", "{{").replace("}", "}}"))
    return "".join(out)


_BINARY = {operator.add: ast.Add, operator.sub: ast.Sub, operator.mul: ast.Mult,
           operator.truediv: ast.Div, operator.floordiv: ast.FloorDiv, operator.mod: ast.Mod,
           operator.pow: ast.Pow}  # fmt: skip


def term_code(term: object, ref: Callable[[Value], Expr], ns: Namespace) -> Expr:
    """A guard's term as code: a node's variable, a number, or the arithmetic fn did on them
    (with ``.data``), operator by operator as Python did it."""
    if isinstance(term, Value):
        return ref(term)
    if not isinstance(term, tuple):
        return constant(float(term))  # type: ignore[arg-type]
    fn, operands = term
    args = [term_code(t, ref, ns) for t in operands]
    if fn in _BINARY:
        return ast.BinOp(args[0], _BINARY[fn](), args[1])
    if fn is operator.neg:
        return ast.UnaryOp(ast.USub(), args[0])
    if fn is operator.pos:
        return ast.UnaryOp(ast.UAdd(), args[0])
    return ast.Call(name(ns.ref(fn, getattr(fn, "__name__", "f"))), args, [])
