"""The JavaScript counterparts of the Python functions the op table's rules call, listed once.

`autograd.emit_js` writes each rule out as JavaScript from its own Python source; a function a
rule calls is translated too — unless it is one of these, which cannot be (the correctly rounded
eˣ of `autograd.numerics.crmath` works in big integers; ``ieee.div`` checks types) or need not
be. Each entry says whether it gives Python's bits ``exact``ly, and how it differs when not:
JavaScript's ``Math.exp``, ``Math.log``, ``Math.tanh`` and ``Math.pow`` are **not correctly
rounded**, so a value through them may differ from Python's in its last bits.
"""

from __future__ import annotations

import builtins
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from autograd.numerics import crfast, crmath, ieee, pytorch

__all__ = ["HELPERS", "Helper", "number_js"]


class _Emitter(Protocol):
    def function(self, fn: object) -> str: ...


def number_js(x: float | int | bool) -> str:
    """A number as a JavaScript literal that reads back as the same double."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return repr(x)  # the shortest text that reads back as the same double, in both languages


@dataclass(frozen=True)
class Helper:
    """The JavaScript counterpart of a Python function the rules call: its ``name`` in the page,
    its ``source`` (a JS function, or ``build(emitter)`` making it from Python's own table),
    whether it gives Python's bits ``exact``ly, and how it differs (``note``)."""

    name: str
    source: str
    exact: bool
    note: str
    build: Callable[[_Emitter], str] | None = None


def _pow_c_source(em: _Emitter) -> str:
    # x^c as PyTorch float64 computes it: pytorch's own table of special exponents, each of its
    # functions translated (x·x, 1/(x·x), √x …), then pow for the others.
    cases = [
        f"  if (c === {number_js(c)}) return {em.function(fn)}(x);"
        for c, fn in sorted(pytorch._POW_C_SPECIAL.items())
    ]
    body = "\n".join(cases)
    return f"function pow_c(x, c) {{\n{body}\n  return {em.function(ieee.pow_)}(x, c);\n}}"


# Every Python function the rules call that is not translated, with what runs in the page.
# A rule calling a function missing here, and not translatable, raises NotTranslatable.
HELPERS: dict[object, Helper] = {}


def _helper(objs: Sequence[object], name: str, source: str, exact: bool, note: str) -> None:
    build = _pow_c_source if name == "pow_c" else None
    for obj in objs:
        HELPERS[obj] = Helper(name, textwrap.dedent(source).strip(), exact, note, build)


_helper(
    [crfast.exp, crmath.exp, ieee.exp],
    "exp",
    "function exp(x) { return Math.exp(x); }",
    False,
    "Math.exp: not correctly rounded (crmath.exp is): the last bit may differ",
)
_helper(
    [crfast.log, crmath.log, ieee.log],
    "log",
    "function log(x) { return Math.log(x); }",
    False,
    "Math.log: not correctly rounded (crmath.log is): the last bit may differ",
)
_helper(
    [crfast.tanh, crmath.tanh],
    "tanh",
    "function tanh(x) { return Math.tanh(x); }",
    False,
    "Math.tanh: not correctly rounded (crmath.tanh is): the last bits may differ",
)
_helper(
    [crfast.sigmoid, crmath.sigmoid],
    "sigmoid",
    """
    function sigmoid(x) {
      if (x >= 0) return 1 / (1 + Math.exp(-x));
      var e = Math.exp(x);
      return e / (1 + e);
    }""",
    False,
    "1/(1 + e⁻ˣ), eˣ/(1 + eˣ) below 0, with Math.exp: rounded more than once",
)
_helper(
    [crfast.softplus, crmath.softplus],
    "softplus",
    f"""
    function softplus(x) {{
      if (!(x <= {number_js(crmath.SOFTPLUS_THRESHOLD)})) return x;
      return Math.log1p(Math.exp(x));
    }}""",
    False,
    "log1p(eˣ) with Math: rounded more than once; x itself above PyTorch's threshold",
)
_helper(
    [ieee.div],
    "div",
    "function div(a, b) { return a / b; }",
    True,
    "JavaScript's / is IEEE division already: x/0 = ±inf, 0/0 = nan",
)
_helper(
    [ieee.sqrt],
    "sqrt",
    "function sqrt(x) { return Math.sqrt(x); }",
    True,
    "IEEE's square root, correctly rounded in both languages",
)
_helper(
    [ieee.pow_],
    "pow_",
    """
    function pow_(x, y) {
      if (x === 1 || y === 0) return 1;
      if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
      return Math.pow(x, y);
    }""",
    False,
    "Math.pow with C99's pow(1, y) = pow(−1, ±∞) = 1; not correctly rounded",
)
_helper(
    [ieee.one_minus_square],
    "one_minus_square",
    """
    function one_minus_square(y) {
      if (!isFinite(y) || Math.abs(y) > 1e150) return 1 - y * y;
      var p = y * y, s = 134217729 * y, hi = s - (s - y), lo = y - hi;
      var e = ((hi * hi - p) + 2 * hi * lo) + lo * lo;  // y·y = p + e exactly (Dekker)
      return (1 - p) - e;
    }""",
    False,
    "1 − y² from Dekker's exact y·y (JavaScript has no fused multiply-add): an ulp",
)
_helper(
    [pytorch.pow_c],
    "pow_c",
    "",
    True,
    "PyTorch's special exponents translated from its table, then pow_ for the others",
)
_helper([builtins.abs], "abs", "function abs(x) { return Math.abs(x); }", True, "Math.abs")
# The math module, for a new op's rules (the README's sin): where Python raises, JavaScript
# gives inf or nan, as the table's own rules do.
for _name in ("sin", "cos", "tan", "atan", "log1p", "expm1"):
    _helper([getattr(math, _name)], f"math_{_name}",
            f"function math_{_name}(x) {{ return Math.{_name}(x); }}", False,
            f"Math.{_name}: not correctly rounded; inf or nan where Python raises")  # fmt: skip
_helper([math.exp], "math_exp", "function math_exp(x) { return Math.exp(x); }", False,
        "Math.exp: not correctly rounded; inf where math.exp raises")  # fmt: skip
_helper([math.log], "math_log", "function math_log(x) { return Math.log(x); }", False,
        "Math.log: not correctly rounded; −inf or nan where math.log raises")  # fmt: skip
_helper([math.sqrt], "math_sqrt", "function math_sqrt(x) { return Math.sqrt(x); }", True,
        "IEEE's square root; nan where math.sqrt raises")  # fmt: skip
_helper([math.tanh], "math_tanh", "function math_tanh(x) { return Math.tanh(x); }", False,
        "Math.tanh: not correctly rounded")  # fmt: skip
_helper([math.fabs], "math_fabs", "function math_fabs(x) { return Math.abs(x); }", True, "Math.abs")
_helper(
    [ieee.left_sum],
    "left_sum",
    """
    function left_sum(xs, start) {
      var s = start === undefined ? 0.0 : start;
      for (var i = 0; i < xs.length; i++) s += xs[i];
      return s;
    }""",
    True,
    "left to right, one rounding per +, as ieee.left_sum",
)
