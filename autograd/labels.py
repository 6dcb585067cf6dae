"""Names in the lecture's notation: w⁽ˡ⁾ₖ,ⱼ as plain text, and as rich text for drawings.

A label is one plain Unicode string — ``w⁽¹²⁾₁₀,₃`` is the weight of layer 12, neuron 10, input
3 — readable in a REPL and unambiguous with multi-digit indices (the layer sits in parentheses,
the subscripts are separated by a comma). The renderer turns the super- and subscript runs of
any label into real HTML ``<sup>``/``<sub>`` text; everything else is escaped.
"""

from __future__ import annotations

from html import escape

__all__ = ["lecture_label", "sub", "sup", "to_html"]

_SUP = str.maketrans("0123456789()+-=nLl", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ⁿᴸˡ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_FROM_SUP = {v: k for k, v in zip("0123456789()+-=nLl", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁺⁻⁼ⁿᴸˡ")}
_FROM_SUB = {v: k for k, v in zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")}


def sup(text: object) -> str:
    """``sup(12)`` → ``¹²``."""
    return str(text).translate(_SUP)


def sub(text: object) -> str:
    """``sub(10)`` → ``₁₀``."""
    return str(text).translate(_SUB)


def lecture_label(symbol: str, layer: int | None = None, *indices: int) -> str:
    """``lecture_label("w", 1, 2, 3)`` → ``w⁽¹⁾₂,₃``; ``lecture_label("x", None, 4)`` → ``x₄``."""
    layer_part = f"⁽{sup(layer)}⁾" if layer is not None else ""
    return symbol + layer_part + ",".join(sub(i) for i in indices)


def to_html(label: str, script_size: float | None = None) -> str:
    """The label as Graphviz HTML-like text: super/subscript runs become ``<sup>``/``<sub>``
    (a comma between two subscripts stays inside the subscript), the rest is escaped.

    ``script_size`` (points) sets the sub/superscripts' font size: browsers showing the SVG
    shift them by a fraction of *their* size, so full-size scripts land a line away."""
    open_font = f'<font point-size="{script_size:g}">' if script_size else ""
    close_font = "</font>" if script_size else ""
    out: list[str] = []
    i, n = 0, len(label)
    while i < n:
        ch = label[i]
        if ch in _FROM_SUP:
            j = i
            while j < n and label[j] in _FROM_SUP:
                j += 1
            text = escape("".join(_FROM_SUP[c] for c in label[i:j]))
            out.append(f"<sup>{open_font}{text}{close_font}</sup>")
            i = j
        elif ch in _FROM_SUB:
            j = i
            chars = []
            while j < n and (
                label[j] in _FROM_SUB
                or (label[j] == "," and j + 1 < n and label[j + 1] in _FROM_SUB)
            ):
                chars.append(_FROM_SUB.get(label[j], label[j]))
                j += 1
            out.append(f"<sub>{open_font}{escape(''.join(chars))}{close_font}</sub>")
            i = j
        else:
            out.append(_escape_char(ch))
            i += 1
    return "".join(out)


def _escape_char(ch: str) -> str:
    if ch == "\n":
        return "<br/>"
    if ch in "\r\t":
        return " "
    if ord(ch) < 32:
        return ""
    return escape(ch, quote=True)
