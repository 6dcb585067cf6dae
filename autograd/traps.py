"""What a `Value` answers when Python treats it as a plain number (skip on first reading).

A beginner's traps, each answered at the line where it happens rather than deep inside a later
``backward()``: ``v.data = "a"`` and ``v.grad = None`` are refused when set (only real numbers,
stored as Python floats); ``float(v)`` — which ``math.exp(v)`` calls — gives a number that carries
no gradient, so it warns (`GradientLostWarning`); ``bool(v)`` and ``v < w`` read the number, as a
PyTorch 0-dim tensor's do. While `autograd.compile` traces a function, each of these reads is
reported to its tracer (`autograd.tracing`), which turns it into a guard.
"""

from __future__ import annotations

import math
import numbers
import warnings
from typing import Any

from autograd.modes import _mode
from autograd.node import Node

__all__ = ["GradientLostWarning", "as_float", "is_number", "is_number_text", "text_operand"]


class GradientLostWarning(UserWarning):
    """``float(v)`` — and so ``math.exp(v)``, ``math.log(v)`` … — or ``int(v)``, ``round(v)``,
    ``math.trunc(v)`` on a `Value` outside `no_grad()`: the result is a plain number, which
    carries no gradient, so ``backward()`` cannot reach the Value's graph through it."""


def is_number(x: object) -> bool:
    """A real number an op can take as its constant c (``x * 2``): int, float, numpy scalar…"""
    return isinstance(x, (int, float)) or isinstance(x, numbers.Real)


def is_number_text(text: str) -> bool:
    """A number typed as text ("0.3"): what an error message can then tell to unquote."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def as_float(x: object, what: str = "Value(data)", value: type | None = None) -> float:
    """``x`` as a Python float if it is a real number — an int, a float, a numpy scalar
    (np.float64, np.float32, np.int64 …), a Fraction — else a TypeError that names ``what``.
    A bool is refused: True/False is a truth value (a comparison such as ``v > 0`` gives one,
    and records nothing in the graph), so storing it as 1.0/0.0 would hide a mistake.
    ``value``: the Value class, refused with a hint (``.data`` is its value, ``.grad`` its
    gradient)."""
    is_value = value is not None and isinstance(x, value)
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and not is_value:
        return float(x)
    if is_value:
        raise TypeError(
            f"{what} needs a number, got a Value: its value is v.data, its gradient ∂C/∂v is v.grad"
        )
    if isinstance(x, bool) or type(x).__name__ in ("bool", "bool_"):  # also numpy's bool
        raise TypeError(
            f"{what} needs a real number, got a bool: True/False is a truth value (a "
            "comparison such as v > 0 gives one, and records nothing in the graph); write "
            "1.0 or 0.0, or float(flag), if you mean the number"
        )
    if isinstance(x, str):
        hint = _text_hint(x, what)
    elif hasattr(x, "__len__"):
        hint = (
            ": a Value holds one number (for a row of numbers, one Value per entry: "
            "[Value(x) for x in row])"
        )
    else:
        hint = ""
    raise TypeError(
        f"{what} needs a real number (an int, a float or a numpy scalar such as np.float64), "
        f"got {type(x).__name__}{hint}"
    )


def _text_hint(text: str, what: str) -> str:
    """What to write instead of a str: the number itself (``Value(0.5)``), or ``float(text)``
    when the text is a number read from somewhere (a file, input())."""
    if not is_number_text(text):
        return f" ({text!r:.30} is text, not a number: a Value holds one, e.g. Value(0.5))"
    shown = f"{text!r:.30}"
    if what == "Value(data)" and math.isfinite(float(text)):
        return f": pass the number, not its text: Value({float(text)!r}) or Value(float({shown}))"
    return f": pass the number, not its text: float({shown})"


def text_operand(expression: str, text: str) -> TypeError:
    """``v + "1"``: Python's own answer ("unsupported operand type(s)") names the types, not the
    fix. ``expression`` is the op as written with the text in it (``v + '1'``)."""
    if is_number_text(text):
        fix = f"write float({text!r:.30}), or the number itself"
    else:
        fix = "a Value computes with numbers only"
    return TypeError(f"{expression}: {text!r:.30} is text, not a number; {fix}")


def set_data(v: Node, x: float) -> None:
    """``v.data = x``: any real number, stored as a Python float."""
    v._data = x if type(x) is float else as_float(x, "setting v.data", type(v))


def set_grad(v: Node, x: float) -> None:
    """``v.grad = x``: any real number, stored as a Python float; never None."""
    if type(x) is not float:
        if x is None:
            raise TypeError(
                "setting v.grad needs a real number, got None: .grad is a float from the "
                "start, never None (unlike PyTorch's p.grad = None); to clear a gradient, "
                "set v.grad = 0.0 or call zero_grad() on the model or the optimiser"
            )
        x = as_float(x, "setting v.grad", type(v))
    v._grad = x


def check_label(label: object) -> str | None:
    """A label is any str (shown literally) or None — checked when set, not in a drawing later."""
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a str or None, not {type(label).__name__}")
    return label


# One text per kind of conversion (never the number): Python shows a warning once per line of
# code, and a message that changed with v's value would repeat on every step of a training loop.
_LOST = (
    "{how} turned a Value into a plain number, which carries no gradient: backward() will not "
    "reach this Value's graph through the result. To stay in the graph, use the Value's own "
    "ops — v.exp(), v.log(), v.tanh(), v.sigmoid(), v.relu(), v.sqrt(), abs(v), v ** 2 — "
    "rather than math.*; to read the number on purpose, use v.data (silent), or convert "
    "inside `with no_grad():`."
)


def number_out(v: Node, how: str) -> float:
    """v's number, taken out of the graph by ``how`` (``float(v)``, ``int(v)`` …): outside
    `no_grad()` it warns; while `autograd.compile` traces, the number is recorded as a guard."""
    if _mode.grad_enabled:
        # stacklevel 3: past this helper and the Value's conversion method (math.exp and
        # round() are C functions, which take no stack level), to the user's line.
        warnings.warn(_LOST.format(how=how), GradientLostWarning, stacklevel=3)
    if _mode.tracer is not None:
        _mode.tracer.number(v, v._data)
    return v._data


def truth(v: Node) -> bool:
    """``bool(v)``: the truth of the number, as a PyTorch 0-dim tensor's (nan is true)."""
    outcome = v._data != 0.0
    if _mode.tracer is not None:
        _mode.tracer.truth(v, outcome)
    return outcome


def compare(v: Node, op: str, other: Any) -> bool:
    """``v < other`` and friends: compare the numbers (recording nothing in the graph)."""
    if isinstance(other, type(v)):
        right = other._data
    elif is_number(other):
        right = float(other)
    else:
        raise TypeError(f"cannot compare a Value with {type(other).__name__}")
    left = v._data
    outcome = (
        left < right if op == "<" else left <= right if op == "<=" else
        left > right if op == ">" else left >= right
    )  # fmt: skip
    if _mode.tracer is not None:
        _mode.tracer.compare(v, op, other, outcome)
    return outcome


# The Value's conversion and comparison methods (value.py assigns them).


def to_float(v: Node) -> float:
    return number_out(v, "float(v) (which math.exp(v), math.log(v) … call)")


def to_int(v: Node) -> int:
    return int(number_out(v, "int(v)"))


def to_trunc(v: Node) -> int:
    return int(number_out(v, "math.trunc(v)"))


def to_round(v: Node, ndigits: int | None = None) -> int | float:
    x = number_out(v, "round(v)")
    return round(x) if ndigits is None else round(x, ndigits)


def less(v: Node, other: Any) -> bool:
    return compare(v, "<", other)


def less_equal(v: Node, other: Any) -> bool:
    return compare(v, "<=", other)


def greater(v: Node, other: Any) -> bool:
    return compare(v, ">", other)


def greater_equal(v: Node, other: Any) -> bool:
    return compare(v, ">=", other)
