"""The op table's rules as JavaScript, for the pages that recompute in the browser.

A student drags a weight on an explorer page and every value, local derivative and gradient is
recomputed in the page; the live training page trains there. The page runs the *same rules*
`backward()` and `autograd.compile` run, written out from the op table — never a second,
hand-written copy of a derivative:

* a rule `autograd.emit` writes as expressions (inlined, or run on symbols: the weighted sum of a
  given number of inputs) is printed from those very Python ASTs (`expression`);
* any other rule (several statements, an ``if``: ``softplus_partials``) is translated statement
  by statement (`Emitter.function`), and so is each function it calls;
* a function that cannot be translated — the correctly rounded eˣ of `autograd.numerics.crmath`,
  ``ieee.div`` (which checks types), ``pow_c`` (a table of special exponents) — has a JavaScript
  counterpart in `HELPERS` (`autograd.js_helpers`), the one list of them.

JavaScript's ``Math.exp``, ``Math.log`` and ``Math.tanh`` are **not correctly rounded** (crmath's
are): a value that goes through them may differ from Python's in its last bits (about 1e−16
relatively per call). Everything else is IEEE-754 double arithmetic in both languages, so it
gives the same bits.
"""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
import types
from collections.abc import Callable, Iterable
from typing import Any

from autograd import emit
from autograd.js_helpers import HELPERS, Helper
from autograd.js_helpers import number_js as _number
from autograd.ops import OPS, Op

__all__ = ["HELPERS", "Emitter", "Helper", "NotTranslatable", "expression", "op_key", "ops_source"]


class NotTranslatable(ValueError):
    """A rule, or a function it calls, that cannot be written as JavaScript (what and where)."""


# Names JavaScript reserves: a Python name among them gets a "_" (`in` is not a Python name).
_RESERVED = frozenset(
    "arguments await break case catch class const continue debugger default delete do else enum "
    "eval export extends false finally for function if implements import in instanceof "
    "interface let new null package private protected public return static super switch this "
    "throw true try typeof var void while with yield Infinity NaN undefined Math".split()
)

_BINARY = {ast.Add: ("+", 11), ast.Sub: ("-", 11), ast.Mult: ("*", 12), ast.Div: ("/", 12)}
_COMPARE = {ast.Eq: ("===", 8), ast.NotEq: ("!==", 8), ast.Lt: ("<", 9), ast.LtE: ("<=", 9),
            ast.Gt: (">", 9), ast.GtE: (">=", 9)}  # fmt: skip
_TERNARY, _OR, _AND, _UNARY, _ATOM = 2, 3, 4, 14, 20


def identifier(name: str) -> str:
    """A Python name as a JavaScript one (a reserved word gets a ``_``)."""
    return name + "_" if name in _RESERVED else name


Resolve = Callable[[str], str]
Lookup = Callable[[str], tuple[bool, object]]
Callee = Callable[[object], str]


def _unknown(name: str) -> tuple[bool, object]:
    return False, None


def _no_callee(obj: object) -> str:
    raise NotTranslatable(f"{obj!r}: a call of a function found by its value")


def expression(
    node: ast.expr, resolve: Resolve, lookup: Lookup = _unknown, callee: Callee = _no_callee
) -> str:
    """A Python expression of the rules' subset (arithmetic, comparisons, ``and``/``or``,
    ``x if t else y``, calls, numbers, names, a constant subscript, a tuple) as JavaScript.
    ``resolve(name)`` gives what a name is in the page (a variable, a function, a number);
    ``lookup(name)`` the Python object behind a name outside the rule, so that a callee such
    as ``OPS["sigmoid"].forward`` is found (``callee(obj)`` names it in the page), and so that
    ``isinstance(x, …)`` is decided: in the page every number is a float, never a Value."""
    return _Printer(resolve, lookup, callee).show(node)[0]


def _dotted(node: ast.expr) -> str | None:
    """``f`` or ``module.f`` as text; None for any other callee."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return None if inner is None else f"{inner}.{node.attr}"
    return None


def _lookup(scope: dict[str, Any], name: str) -> tuple[bool, object]:
    """(found, object) for ``name`` or ``module.attr`` in ``scope``."""
    head, *rest = name.split(".")
    if head not in scope:
        return False, None
    obj = scope[head]
    for attr in rest:
        if not hasattr(obj, attr):
            return False, None
        obj = getattr(obj, attr)
    return True, obj


class _Printer:
    def __init__(self, resolve: Resolve, lookup: Lookup, callee: Callee) -> None:
        self.resolve, self.lookup, self.callee = resolve, lookup, callee

    def static(self, node: ast.expr) -> tuple[bool, object]:
        """The object a name, ``a.b`` or ``a["k"]`` outside the rule stands for."""
        if isinstance(node, ast.Name):
            return self.lookup(node.id)
        if isinstance(node, ast.Attribute):
            found, obj = self.static(node.value)
            return (True, getattr(obj, node.attr)) if found and hasattr(obj, node.attr) else (
                False, None)  # fmt: skip
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            found, obj = self.static(node.value)
            try:
                return (True, obj[node.slice.value]) if found else (False, None)  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                return False, None
        return False, None

    def truth(self, node: ast.expr) -> bool | None:
        """A test decided before the page runs: ``isinstance(x, float)`` is true there (every
        number is a float), ``isinstance(x, Value)`` false; ``not`` and ``and``/``or`` of such."""
        if isinstance(node, ast.Constant) and type(node.value) is bool:
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.truth(node.operand)
            return None if inner is None else not inner
        if isinstance(node, ast.BoolOp):
            parts = [self.truth(v) for v in node.values]
            if any(p is None for p in parts):
                return None
            return all(parts) if isinstance(node.op, ast.And) else any(parts)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "isinstance"
            and len(node.args) == 2
        ):
            found, kinds = self.static(node.args[1])
            if found:
                kinds = kinds if isinstance(kinds, tuple) else (kinds,)
                return any(k is float for k in kinds)
        return None

    def show(self, node: ast.expr) -> tuple[str, int]:
        """(text, precedence of its outermost operator)."""
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise NotTranslatable(f"{ast.unparse(node)!r}: a {type(node).__name__} in a rule")
        out: tuple[str, int] = method(node)
        return out

    def wrapped(self, node: ast.expr, least: int) -> str:
        text, prec = self.show(node)
        return f"({text})" if prec < least else text

    def _Constant(self, node: ast.Constant) -> tuple[str, int]:
        if not isinstance(node.value, (int, float, bool)):
            raise NotTranslatable(f"{node.value!r}: only numbers and booleans are constants")
        text = _number(node.value)
        return text, (_UNARY if text.startswith("-") else _ATOM)

    def _Name(self, node: ast.Name) -> tuple[str, int]:
        if node.id == "_inf":
            return "Infinity", _ATOM
        if node.id == "_nan":
            return "NaN", _ATOM
        text = self.resolve(node.id)
        return text, (_UNARY if text.startswith("-") else _ATOM)

    def _BinOp(self, node: ast.BinOp) -> tuple[str, int]:
        # A left-nested chain (b + w₁·a₁ + w₂·a₂ + …, hundreds long for a wide layer) is walked
        # down its left spine, not recursed into: the same left-to-right order, no stack depth.
        if type(node.op) not in _BINARY:
            raise NotTranslatable(f"{ast.unparse(node)!r}: only + − × / are translated")
        spine = [node]
        left = node.left
        while (
            isinstance(left, ast.BinOp)
            and type(left.op) in _BINARY
            and _BINARY[type(left.op)][1] >= _BINARY[type(spine[-1].op)][1]
        ):  # (a − b)·c stops here: a − b is printed on its own, in parentheses
            spine.append(left)
            left = left.left
        text = self.wrapped(left, _BINARY[type(spine[-1].op)][1])
        for b in reversed(spine):
            sym, prec = _BINARY[type(b.op)]
            # the same precedence on the right keeps its parentheses: a − (b − c), and
            # a + (b + c) too — floating-point addition is not associative
            text = f"{text} {sym} {self.wrapped(b.right, prec + 1)}"
        return text, _BINARY[type(node.op)][1]

    def _UnaryOp(self, node: ast.UnaryOp) -> tuple[str, int]:
        if isinstance(node.op, ast.USub):
            inner = self.wrapped(node.operand, _UNARY)
            return ("-" + (f"({inner})" if inner.startswith("-") else inner)), _UNARY
        if isinstance(node.op, ast.UAdd):
            return self.show(node.operand)
        if isinstance(node.op, ast.Not):
            return "!" + self.wrapped(node.operand, _UNARY), _UNARY
        raise NotTranslatable(f"{ast.unparse(node)!r}: a bitwise operator in a rule")

    def _IfExp(self, node: ast.IfExp) -> tuple[str, int]:
        decided = self.truth(node.test)
        if decided is not None:  # x.sigmoid() if isinstance(x, Value) else …: the number's way
            return self.show(node.body if decided else node.orelse)
        test = self.wrapped(node.test, _OR)
        return (
            f"{test} ? {self.wrapped(node.body, _OR)} : {self.wrapped(node.orelse, _OR)}",
            _TERNARY,
        )

    def _Compare(self, node: ast.Compare) -> tuple[str, int]:
        parts = []
        left = node.left
        for op, right in zip(node.ops, node.comparators):
            if type(op) not in _COMPARE:
                raise NotTranslatable(f"{ast.unparse(node)!r}: only < ≤ > ≥ == != compare")
            sym, prec = _COMPARE[type(op)]
            parts.append(f"{self.wrapped(left, prec + 1)} {sym} {self.wrapped(right, prec + 1)}")
            left = right
        if len(parts) == 1:
            return parts[0], _COMPARE[type(node.ops[0])][1]
        return " && ".join(f"({p})" for p in parts), _AND  # a < b < c: (a < b) && (b < c)

    def _BoolOp(self, node: ast.BoolOp) -> tuple[str, int]:
        sym, prec = ("&&", _AND) if isinstance(node.op, ast.And) else ("||", _OR)
        return f" {sym} ".join(self.wrapped(v, prec + 1) for v in node.values), prec

    def _Call(self, node: ast.Call) -> tuple[str, int]:
        decided = self.truth(node)
        if decided is not None:
            return ("true" if decided else "false"), _ATOM
        fname = _dotted(node.func)
        if node.keywords:
            raise NotTranslatable(f"{ast.unparse(node)!r}: only plain calls of named functions")
        if fname is None or "." in fname:  # OPS["sigmoid"].forward, math.exp: by its value
            found, obj = self.static(node.func)
            if not found or not callable(obj):
                raise NotTranslatable(f"{ast.unparse(node)!r}: only calls of known functions")
            return f"{self.callee(obj)}({', '.join(self.arguments(node))})", _ATOM
        if fname == "len" and len(node.args) == 1:
            return f"{self.wrapped(node.args[0], _ATOM)}.length", _ATOM
        if fname == "float" and len(node.args) == 1:
            return self.show(node.args[0])  # a number is a number
        return f"{self.resolve(fname)}({', '.join(self.arguments(node))})", _ATOM

    def arguments(self, node: ast.Call) -> list[str]:
        args = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                args.append("..." + self.wrapped(a.value, _ATOM))
            else:
                args.append(self.show(a)[0])
        return args

    def _Subscript(self, node: ast.Subscript) -> tuple[str, int]:
        index, sign = node.slice, 1
        if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub):
            index, sign = index.operand, -1
        if not (isinstance(index, ast.Constant) and type(index.value) is int):
            raise NotTranslatable(f"{ast.unparse(node)!r}: only a constant index")
        k = sign * index.value
        if k < 0 and not isinstance(node.value, ast.Name):  # x[-1] reads x twice
            raise NotTranslatable(f"{ast.unparse(node)!r}: a negative index of a name only")
        base = self.wrapped(node.value, _ATOM)
        return (f"{base}[{k}]" if k >= 0 else f"{base}[{base}.length - {-k}]"), _ATOM

    def _Tuple(self, node: ast.Tuple | ast.List) -> tuple[str, int]:
        return "[" + ", ".join(self.show(e)[0] for e in node.elts) + "]", _ATOM

    _List = _Tuple


class Emitter:
    """Collects the JavaScript functions the generated rules call — `HELPERS` and translated
    Python functions — each written once, under a name unique in the page (`source`)."""

    def __init__(self) -> None:
        self._names: dict[int, str] = {}
        self._keep: list[object] = []  # the objects behind _names' ids stay alive
        self._sources: list[str] = []
        self._taken: set[str] = {"OPS", "c", "u", "out"}  # and x0, x1, …: the rules' parameters
        self._helpers: set[str] = {h.name for h in HELPERS.values()}  # kept for the helpers
        self.helpers: set[str] = set()  # the helpers used so far, by name

    def source(self) -> str:
        """Every function used so far, helpers first, each once."""
        return "\n".join(self._sources)

    def _unique(self, base: str) -> str:
        base = identifier(base.lstrip("_") or "f")
        text, k = base, 2
        while text in self._taken or text in self._helpers or _is_parameter(text):
            text, k = f"{base}_{k}", k + 1
        self._taken.add(text)
        return text

    def function(self, fn: object) -> str:
        """The page's name for ``fn``: its helper, or its translation (made once)."""
        known = self._names.get(id(fn))
        if known is not None:
            return known
        helper = HELPERS.get(fn) if _hashable(fn) else None
        if helper is not None:
            self.helpers.add(helper.name)
            self._remember(fn, helper.name)
            if helper.name in self._taken:  # crmath.log and ieee.log: one function, Math.log
                return helper.name
            self._taken.add(helper.name)
            # built from a table: the functions it calls are emitted first
            self._sources.append(helper.build(self) if helper.build else helper.source)
            return helper.name
        if not isinstance(fn, types.FunctionType):
            module = getattr(fn, "__module__", None)
            what = f"{module}.{getattr(fn, '__qualname__', fn)}" if module else repr(fn)
            raise NotTranslatable(
                f"{what} is called by a rule but has no JavaScript counterpart: add one to "
                "autograd.emit_js.HELPERS"
            )
        name = self._unique(fn.__name__)
        self._remember(fn, name)
        self._sources.append(_Translation(self, fn, name).text())
        return name

    def _remember(self, fn: object, name: str) -> None:
        self._names[id(fn)] = name
        self._keep.append(fn)

    def rule(self, rule: Callable[..., Any], params: list[str], results: int) -> str:
        """A JS function expression ``function (params) { return …; }`` computing ``rule`` on
        ``params``: ``results`` = 0 for a forward rule's one number, else an array of that
        many. Inlined or run on symbols where `autograd.emit` can, else a call of the rule's
        translation (or helper)."""
        ns = emit.Namespace()
        exprs = emit.rule_exprs(rule, [emit.name(p) for p in params], ns)
        local = set(params)

        def resolve(name: str) -> str:
            if name in local:
                return identifier(name)
            found, obj = _lookup(ns.globals, name)
            if found:
                return self._value(obj, name.lstrip("_"))
            raise NotTranslatable(f"{name!r} in a rule: not a parameter, not a known function")

        def lookup(name: str) -> tuple[bool, object]:
            return (False, None) if name in local else _lookup(ns.globals, name)

        head = f"function ({', '.join(identifier(p) for p in params)}) {{ return "
        if exprs is not None and len(exprs) == max(results, 1):
            try:
                texts = [expression(e, resolve, lookup, self.function) for e in exprs]
            except NotTranslatable as e:
                raise NotTranslatable(f"{getattr(rule, '__qualname__', rule)}: {e}") from e
            return head + (texts[0] if results == 0 else "[" + ", ".join(texts) + "]") + "; }"
        # a translated rule returns its tuple as an array already
        return head + f"{self.function(rule)}({', '.join(identifier(p) for p in params)}); }}"

    def _value(self, obj: object, name: str) -> str:
        if type(obj) in (int, float, bool):
            return _number(obj)  # type: ignore[arg-type]
        if callable(obj):
            return self.function(obj)
        raise NotTranslatable(f"{name!r} is a {type(obj).__name__}: a rule may use numbers and "
                              "functions only")  # fmt: skip


def _is_parameter(name: str) -> bool:
    return name[:1] == "x" and name[1:].isdigit()


def _hashable(obj: object) -> bool:
    try:
        hash(obj)
    except TypeError:
        return False
    return True


class _Translation:
    """One Python function of the rules' subset (assignments, ``if``/``else``, ``return``,
    ``*args``) as a JavaScript function; the functions it calls go through the `Emitter`."""

    def __init__(self, emitter: Emitter, fn: types.FunctionType, name: str) -> None:
        self.emitter, self.fn, self.name = emitter, fn, name
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
        except (OSError, TypeError, SyntaxError) as e:
            raise NotTranslatable(f"{fn.__qualname__}: its source cannot be read ({e})") from e
        fdef = tree.body[0]
        if not isinstance(fdef, ast.FunctionDef):
            raise NotTranslatable(f"{fn.__qualname__}: not a plain function")
        self.fdef = fdef
        closure = inspect.getclosurevars(fn)
        self.outside = {**closure.builtins, **closure.globals, **closure.nonlocals}
        self.declared: set[str] = set()
        self.temps = 0

    def where(self, node: ast.AST) -> str:
        return f"{self.fn.__qualname__} (line {getattr(node, 'lineno', '?')})"

    def resolve(self, name: str) -> str:
        if name in self.declared:
            return identifier(name)
        found, obj = _lookup(self.outside, name)
        if found:
            return self.emitter._value(obj, name)
        raise NotTranslatable(f"{name!r} is not known")

    def lookup(self, name: str) -> tuple[bool, object]:
        return (False, None) if name in self.declared else _lookup(self.outside, name)

    def expr(self, node: ast.expr) -> str:
        try:
            return expression(node, self.resolve, self.lookup, self.emitter.function)
        except NotTranslatable as e:
            raise NotTranslatable(f"{self.where(node)}: {e}") from e

    def truth(self, node: ast.expr) -> bool | None:
        return _Printer(self.resolve, self.lookup, self.emitter.function).truth(node)

    def text(self) -> str:
        a = self.fdef.args
        if a.kwonlyargs or a.kwarg or a.defaults:
            raise NotTranslatable(f"{self.fn.__qualname__}: keyword or default arguments")
        params = [p.arg for p in (*a.posonlyargs, *a.args)]
        self.declared.update(params)
        shown = [identifier(p) for p in params]
        if a.vararg is not None:
            self.declared.add(a.vararg.arg)
            shown.append("..." + identifier(a.vararg.arg))
        body = self.fdef.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]  # the docstring
        lines = self.block(body, "  ")
        return f"function {self.name}({', '.join(shown)}) {{\n" + "\n".join(lines) + "\n}"

    def block(self, body: list[ast.stmt], ind: str) -> list[str]:
        out: list[str] = []
        for s in body:
            out += self.statement(s, ind)
        return out

    def assign(self, target: str, value: str, ind: str) -> str:
        new = target not in self.declared
        self.declared.add(target)
        return f"{ind}{'var ' if new else ''}{identifier(target)} = {value};"

    def statement(self, s: ast.stmt, ind: str) -> list[str]:
        if isinstance(s, ast.Return):
            if s.value is None:
                raise NotTranslatable(f"{self.where(s)}: a rule returns a number")
            return [f"{ind}return {self.expr(s.value)};"]
        if isinstance(s, ast.Assign) and len(s.targets) == 1:
            target, value = s.targets[0], self.expr(s.value)
            if isinstance(target, ast.Name):
                return [self.assign(target.id, value, ind)]
            if isinstance(target, ast.Tuple) and all(isinstance(t, ast.Name) for t in target.elts):
                self.temps += 1
                tmp = f"_t{self.temps}"
                lines = [f"{ind}var {tmp} = {value};"]
                for k, t in enumerate(target.elts):
                    assert isinstance(t, ast.Name)
                    lines.append(self.assign(t.id, f"{tmp}[{k}]", ind))
                return lines
        if isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name):
            if type(s.op) not in _BINARY or s.target.id not in self.declared:
                raise NotTranslatable(f"{self.where(s)}: {ast.unparse(s)!r}")
            sym = _BINARY[type(s.op)][0]
            return [f"{ind}{identifier(s.target.id)} {sym}= {self.expr(s.value)};"]
        if isinstance(s, ast.If):
            decided = self.truth(s.test)
            if decided is not None:  # if not isinstance(x, float): … — decided: numbers only
                return self.block(s.body if decided else s.orelse, ind)
            lines = [f"{ind}if ({self.expr(s.test)}) {{", *self.block(s.body, ind + "  ")]
            if s.orelse:
                lines += [f"{ind}}} else {{", *self.block(s.orelse, ind + "  ")]
            return [*lines, f"{ind}}}"]
        raise NotTranslatable(
            f"{self.where(s)}: {ast.unparse(s).splitlines()[0]!r} is not translated"
        )


# --- the op table as one JavaScript object ----------------------------------------------------


def op_key(op: Op, arity: int) -> str:
    """How the page names an op applied to ``arity`` parents: ``tanh``, or ``wsum/5`` for an op
    of any arity (its rules are written out for that many parents)."""
    return op.name if op.arity is not None else f"{op.name}/{arity}"


def _op_object(em: Emitter, op: Op, arity: int) -> str:
    xs = [f"x{k}" for k in range(arity)] + (["c"] if op.const else [])
    forward = em.rule(op.forward, xs, 0)
    local = em.rule(op.partials, [*xs, "out"], arity)
    back = "null" if op.backward is None else em.rule(op.backward, ["u", *xs, "out"], arity)
    return (
        f"{{n: {arity}, c: {_number(op.const)}, finite: {_number(op.finite_partials)},\n"
        f"   f: {forward},\n   l: {local},\n   b: {back}}}"
    )


def ops_source(used: Iterable[tuple[str, int]]) -> str:
    """JavaScript defining ``OPS``: for each (op name, number of parents) used, ``f`` (forward:
    parents' values, then c), ``l`` (the local derivatives ∂out/∂parentₖ: values, c, out),
    ``b`` (the op's own backward rule: upstream, values, c, out; null when backward() adds
    local × upstream), ``finite`` (`Op.finite_partials`). Only the functions they call follow.
    Raises `NotTranslatable` naming the rule and what cannot be written."""
    em = Emitter()
    entries = []
    for name, arity in sorted(set(used)):
        op = OPS[name]
        try:
            entries.append(f"  {json.dumps(op_key(op, arity))}: {_op_object(em, op, arity)}")
        except NotTranslatable as e:
            raise NotTranslatable(f"op {name!r}: {e}") from e
    body = em.source() + "\nreturn {\n" + ",\n".join(entries) + "\n};"
    return f'var OPS = (function () {{\n"use strict";\n{body}\n}})();\n'
