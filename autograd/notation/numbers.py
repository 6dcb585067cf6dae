"""Numbers as the slides write them: the one formatter of the project.

Every number a student sees — a node's value, a gradient, a factor of the chain rule, a constant
inside a formula (``2·(a₂ − y)``, ``z + (−0.5)``) — is written here: a true minus sign (−1.2, never
-1.2), an integer exactly (``2``, ``−3``), otherwise ``digits`` significant digits, ``∞`` for
infinity and scientific notation (``3.1e−5``) only below 10⁻³ or from 10⁵ up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

__all__ = ["DIGITS", "SUPERSCRIPT", "factor", "minus", "number", "operand_digits"]

DIGITS = 3  # significant digits on a slide: 0.0409, −1.22, 0.235
# Superscripts, the one table: a power x², a count's exponent 10⁴⁵¹⁵, a label's layer w⁽¹²⁾.
SUPERSCRIPT = str.maketrans("0123456789-−+=()nLl", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻⁺⁼⁽⁾ⁿᴸˡ")


def number(x: float, digits: int = DIGITS, *, zeros: bool = False) -> str:
    """``x`` as a slide prints it: ``digits`` significant digits (an integer exactly), a true
    minus sign, no ``-0``; scientific notation only below 10⁻³ or from 10⁵ up. ``zeros=True``
    keeps the trailing zeros of a rounded number (−0.290, not −0.29; 0.0300 beside 0.0295), for
    an operand a student computes with and a column of timings; an exact 0.5 stays 0.5."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0.0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return minus(str(int(x)))
    if abs(x) >= 1e5 or abs(x) < 1e-3:
        mantissa, exponent = f"{x:.{max(digits - 1, 0)}e}".split("e")
        if "." in mantissa and not (zeros and float(f"{mantissa}e{exponent}") != x):
            mantissa = mantissa.rstrip("0").rstrip(".")  # 3.10e−5 → 3.1e−5, 1.00e−4 → 1e−4
        return minus(f"{mantissa}e{int(exponent)}")
    text = f"{x:.{digits}g}"
    if zeros and float(text) != x:  # 0.5 and −1.2 are exact: no zeros to keep
        text = f"{x:#.{digits}g}"
    if "e" in text:  # 1234.5 with 3 digits: g writes 1.23e+03; a slide writes 1234
        text = f"{x:.0f}"
    return minus(text.rstrip("."))  # "#g" writes 100.5 as "100."


def minus(text: str) -> str:
    """A number Python wrote (``-1.2``, ``2.3e-06``), with the slides' true minus sign "−" for
    every "-", the exponent's too — as `number` writes it, and the demos' fixed-width columns
    (``f"{x:+.4f}"``) where a table needs a fixed number of decimals."""
    return text.replace("-", "−")


def factor(x: float, digits: int = DIGITS, *, zeros: bool = False) -> str:
    """A number inside a product or a formula: a negative one in parentheses, ``0.5 × (−1.2)``,
    ``z + (−0.5)``."""
    text = number(x, digits, zeros=zeros)
    return f"({text})" if text.startswith("−") else text


def operand_digits(
    operands: Sequence[float],
    combine: Callable[[Sequence[float]], float],
    result: float,
    digits: int = DIGITS,
) -> int:
    """How many significant digits the operands of a printed product or sum need, written with
    ``zeros=True``, so that a student who recomputes it from them gets the printed result
    (``digits`` significant digits): ``digits``, or more where those do not re-derive it.
    ``0.622 × (−0.290)`` is −0.180, yet the exact product ∂C₀/∂W₂ rounds to −0.181: written
    ``0.6225 × (−0.2902) = −0.181``."""
    shown = number(result, digits)
    for more in range(digits, 18):
        read = [_read(number(x, more, zeros=True)) for x in operands]
        if number(combine(read), digits) == shown:
            return more
    return 17


def _read(text: str) -> float:
    """A number as `number` wrote it, read back: −0.290, 3.1e−5, ∞."""
    return float(text.replace("−", "-").replace("∞", "inf"))
