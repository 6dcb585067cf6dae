"""Numbers as the slides write them: the one formatter of the project.

Every number a student sees — a node's value, a gradient, a factor of the chain rule, a constant
inside a formula (``2·(a₂ − y)``, ``z + (−0.5)``) — is written here: a true minus sign (−1.2, never
-1.2), an integer exactly (``2``, ``−3``), otherwise ``digits`` significant digits, ``∞`` for
infinity and scientific notation (``3.1e−5``) only below 10⁻³ or from 10⁵ up.
"""

from __future__ import annotations

import math

__all__ = ["DIGITS", "SUPERSCRIPT", "factor", "number"]

DIGITS = 3  # significant digits on a slide: 0.0409, −1.22, 0.235
SUPERSCRIPT = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


def number(x: float, digits: int = DIGITS) -> str:
    """``x`` as a slide prints it: ``digits`` significant digits (an integer exactly), a true
    minus sign, no ``-0``; scientific notation only below 10⁻³ or from 10⁵ up."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0.0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x)).replace("-", "−")
    if abs(x) >= 1e5 or abs(x) < 1e-3:
        mantissa, exponent = f"{x:.{max(digits - 1, 0)}e}".split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")  # 3.10e−5 → 3.1e−5, 1.00e−4 → 1e−4
        return f"{mantissa}e{int(exponent)}".replace("-", "−")
    return f"{x:.{digits}g}".replace("-", "−")


def factor(x: float, digits: int = DIGITS) -> str:
    """A number inside a product or a formula: a negative one in parentheses, ``0.5 × (−1.2)``,
    ``z + (−0.5)``."""
    text = number(x, digits)
    return f"({text})" if text.startswith("−") else text
