"""Names in the lecture's notation: w⁽ˡ⁾ₖ,ⱼ as plain Unicode text, the same in a REPL and a figure.

A label is one plain Unicode string — ``w⁽¹²⁾₁₀,₃`` is the weight of layer 12, neuron 10, input
3 — readable in a REPL and unambiguous with multi-digit indices (the layer sits in parentheses,
the subscripts are separated by a comma). Drawings print it as it is: one text run per line, no
separately placed sub/superscripts (browsers and rasterisers place those differently).
`parse_label` reads a lecture label back (the training replay places each w⁽ˡ⁾ₖ,ⱼ by it). What
this module adds for outputs is safety: a label is shown with at most `MAX_LABEL` characters
(`shorten`: drawings, pages and `explain()` alike), and any ``str`` a user gives is drawn
literally (`html_line`).
"""

from __future__ import annotations

import re
import unicodedata
from html import escape

from autograd.notation.numbers import SUPERSCRIPT

__all__ = [
    "MAX_LABEL",
    "clean",
    "html_line",
    "lecture_label",
    "parse_label",
    "shorten",
    "sub",
    "sup",
]

_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP_DIGITS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
_SUB_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789"))

# Characters of a label any output shows (a drawing, a page, explain()): a longer one is cut to
# MAX_LABEL − 1 characters and "…". A name is something to read, not a store: a 1 MB label once
# made a 57 MB explorer page.
MAX_LABEL = 200
_SURROGATE = re.compile("[\ud800-\udfff]")

# Glyphs the figure font lacks (Arial = Arimo = Liberation Sans, see autograd.show.viz): their
# replacement, so a slide never shows an empty box.
MISSING_GLYPHS = {
    "✓": "(ok)",
    "✔": "(ok)",
    "✗": "(x)",
    "✘": "(x)",
    "∇": "grad ",
    "▸": ">",
    "⋯": "…",
}
_MISSING = str.maketrans(MISSING_GLYPHS)


def sup(text: object) -> str:
    """``sup(12)`` → ``¹²``."""
    return str(text).translate(SUPERSCRIPT)


def sub(text: object) -> str:
    """``sub(10)`` → ``₁₀``."""
    return str(text).translate(_SUB)


def lecture_label(symbol: str, layer: int | None = None, *indices: int) -> str:
    """``lecture_label("w", 1, 2, 3)`` → ``w⁽¹⁾₂,₃``; ``lecture_label("x", None, 4)`` → ``x₄``."""
    layer_part = f"⁽{sup(layer)}⁾" if layer is not None else ""
    return symbol + layer_part + ",".join(sub(i) for i in indices)


def parse_label(name: str) -> tuple[str, int, tuple[int, ...]] | None:
    """``w⁽²⁾₁,₃`` → ("w", 2, (1, 3)); None for a name not in the lecture's form."""
    if "⁽" not in name or "⁾" not in name:
        return None
    symbol, rest = name.split("⁽", 1)
    layer_text, subs = rest.split("⁾", 1)
    try:
        layer = int("".join(_SUP_DIGITS[c] for c in layer_text))
        idx = tuple(int("".join(_SUB_DIGITS[c] for c in part)) for part in subs.split(","))
    except (KeyError, ValueError):
        return None
    return symbol, layer, idx


def _visible(ch: str) -> str:
    """One character as a figure can show it: noncharacters and lone surrogates become the
    replacement character �, control characters a space (a newline is handled by the caller)."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF or (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return "\ufffd"
    if unicodedata.category(ch) == "Cc":
        return " "
    return ch


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """A label as every output shows it: more than ``limit`` characters (`MAX_LABEL`, 200) cut
    to ``limit − 1`` plus ``…``, and each lone surrogate (a ``str`` can hold one, but no file,
    page or terminal can encode it) shown as the replacement character �."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isascii():  # the usual case, at no cost
        return text
    return _SURROGATE.sub("\ufffd", text)


def clean(text: str, limit: int | None = None) -> str:
    """``text`` made safe to print in a figure, keeping newlines: noncharacters (U+FFFE,
    U+FFFF…) and lone surrogates → �, other control characters → space, glyphs the figure font
    lacks → words (``✓`` → ``(ok)``). The names in it are cut already, where they are made
    (`shorten`, through `names.node_name`); a long formula or legend line is wrapped,
    not cut — unless ``limit`` is given, which cuts the whole text as `shorten` does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if limit is not None:
        text = shorten(text, limit)
    text = "".join(ch if ch == "\n" else _visible(ch) for ch in text)
    return text.translate(_MISSING)


def html_line(text: str) -> str:
    """One line of figure text as Graphviz HTML-like label content, drawn literally.

    HTML-escaped (``<``, ``&``, quotes), and every backslash doubled: Graphviz expands ``\\N``,
    ``\\G``, ``\\L``… (the node's or graph's name) even inside HTML labels, and turns ``\\\\`` back
    into one backslash. Newlines are not allowed here: a figure line is one text run.
    """
    if "\n" in text:
        raise ValueError("html_line takes one line; split the text on newlines first")
    return escape(text, quote=True).replace("\\", "\\\\")
