"""Generated code cut into chunks: for a graph of hundreds of thousands of nodes, the function
`autograd.codegen` writes is compiled as many small functions that share their variables, so
that CPython's compile() never holds the whole of it (it keeps ~2.5–3.4 KB per line while it
works). Skip on first reading."""

from __future__ import annotations

import keyword
import re
import types
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["CHUNK", "CHUNKED", "build", "chunk_calls", "unit"]

# Above this many lines a function is generated as chunks of about CHUNK lines, each compiled
# on its own: CPython's compile() holds ~2.5–3.4 KB per line of one function while it works, so
# a million-line function would need gigabytes; chunks need that for one chunk at a time (the
# whole compile then takes ~0.6 KB a line). The price: the chunks' shared variables are closure
# cells, which CPython 3.11 reads and writes slower than locals (no superinstructions), so
# chunked code takes ~1.7× as long per edge. Hence only graphs past ~850 MB of compile memory.
CHUNKED = 250_000
CHUNK = 300  # compile() time grows with the square of a chunk's shared names
_NAME = re.compile(r"(?<![\w.])([A-Za-z]\w*)")
_WORDS = frozenset(keyword.kwlist)


def pack(groups: Sequence[list[str]], size: int | None = None) -> list[list[str]]:
    """Consecutive groups of lines (a node's step stays whole) in chunks of about ``size``."""
    size = CHUNK if size is None else size
    chunks: list[list[str]] = []
    current: list[str] = []
    for group in groups:
        if current and len(current) + len(group) > size:
            chunks.append(current)
            current = []
        current += group
    if current:
        chunks.append(current)
    return chunks


def names_in(lines: Sequence[str]) -> list[str]:
    """The variables a chunk's lines use (the generated code's own names start with ``_``)."""
    found: dict[str, None] = {}
    for line in lines:
        code = line.split("#", 1)[0]
        for m in _NAME.finditer(code):
            if m.group(1) not in _WORDS and not code[m.end() :].startswith("("):
                found[m.group(1)] = None
    return list(found)


def unit(name: str, args: str, lines: Sequence[str], shared: Sequence[str]) -> str:
    """A chunk as a function whose variables are all shared: it is written inside ``_unit()``,
    which defines them, so that they are closure cells; `build` then gives every chunk the same
    cells, and the chunks read and write one another's variables as one function would."""
    L = ["def _unit():"]
    for k in range(0, len(shared), 12):
        L.append(f"    {' = '.join(shared[k : k + 12])} = None")
    L.append(f"    def {name}({args}):")
    for k in range(0, len(shared), 12):
        L.append(f"        nonlocal {', '.join(shared[k : k + 12])}")
    L += ["        " + line for line in lines] or ["        pass"]
    L.append(f"    return {name}")
    return "\n".join(L) + "\n"


def chunk_calls(kind: str, groups: Sequence[list[str]], args: str, units: list[str]) -> list[str]:
    """Chunk functions ``_{kind}1``, ``_{kind}2``, … for the groups (added to ``units``); the
    lines that call them, in order."""
    calls = []
    for lines in pack(groups):
        name = f"_{kind}{len(units) + 1}"
        units.append(unit(name, args, lines, names_in(lines)))
        calls.append(f"{name}({args})")
    return calls


def build(units: Sequence[str], namespace: dict[str, Any], main: str) -> Callable[..., Any]:
    """Compile each chunk on its own, give all of them one set of cells for their variables,
    and bind each under its name; returns the function ``main``."""
    cells: dict[str, types.CellType] = {}
    for text in units:
        exec(compile(text, "<autograd.compile>", "exec"), namespace)
        inner = namespace.pop("_unit")()
        code = inner.__code__
        closure = tuple(cells.setdefault(n, types.CellType()) for n in code.co_freevars)
        fn = types.FunctionType(code, namespace, code.co_name, inner.__defaults__, closure)
        namespace[code.co_name] = fn
    return namespace[main]  # type: ignore[no-any-return]
