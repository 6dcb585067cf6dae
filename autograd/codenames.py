"""Python names for the generated code: the lecture's labels written as identifiers
(``w⁽¹⁾₂,₃`` → ``w1_2_3``), unique within one function; the names of a row's inputs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

__all__ = ["identifier", "input_hints", "pattern"]

_FROM_SCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉", "01234567890123456789")
_SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
_KEYWORDS = frozenset(
    "False None True and as assert async await break class continue def del elif else except "
    "finally for from global if import in is lambda nonlocal not or pass raise return try while "
    "with yield match case _".split()
)


def identifier(label: str | None, fallback: str, taken: set[str]) -> str:
    """A Python name for a node: the lecture label transliterated (``w⁽¹⁾₂,₃`` → ``w1_2_3``,
    ``z⁽²⁾₁`` → ``z2_1``, ``x₁`` → ``x1``), else ``fallback``; unique within ``taken``. It starts
    with a letter, so it never meets the generated code's own names (``_P``, ``_div`` …)."""
    if label:
        text = _transliterate(label) or _transliterate(fallback) or "v"
    elif fallback.isascii() and fallback.isidentifier() and fallback[0].isalpha():
        text = fallback  # already a name (t17, dC_dz1_2): nothing to transliterate
    else:
        text = _transliterate(fallback) or "v"
    if text in _KEYWORDS:
        text += "_"
    base, k = text, 2
    while text in taken:
        text = f"{base}_{k}"
        k += 1
    taken.add(text)
    return text


def _transliterate(label: str) -> str:
    out: list[str] = []
    prev = ""
    for ch in label:
        t = ch.translate(_FROM_SCRIPT)
        if ch in _SUBSCRIPTS and out and out[-1].isdigit() and prev not in _SUBSCRIPTS:
            out.append("_")  # z⁽²⁾₁: the layer's digits, then the neuron's
        if t.isascii() and (t.isalnum() or t == "_"):
            out.append(t)
        elif ch == ",":
            out.append("_")
        prev = ch
    cand = "".join(out).strip("_")
    return cand if cand and cand[0].isalpha() else ""


def input_hints(fn_args: Sequence[str], sig: Any) -> list[str]:
    """x1, x2 for a list argument x; y for a number y; in1, in2, … without names."""
    hints: list[str] = []
    for k, s in enumerate(sig):
        base = _transliterate(fn_args[k]) if k < len(fn_args) else ""
        base = base or f"in{k + 1}_"
        flat: list[Any] = [s]
        leaves = 0
        while flat:
            item = flat.pop()
            if item == "f":
                leaves += 1
            else:
                flat.extend(item)
        if s == "f":
            hints.append(base)
        else:
            hints.extend(f"{base}{j}" for j in range(1, leaves + 1))
    return hints


def pattern(sig: Any, it: Iterator[str]) -> str:
    """The unpacking target for one argument structure: ``(x1, x2), y``."""
    if sig == "f":
        return next(it)
    inner = ", ".join(pattern(s, it) for s in sig)
    return f"({inner},)" if len(sig) == 1 else f"({inner})"
