"""Generated code cut into chunks: for a graph of hundreds of thousands of nodes, the function
`autograd.codegen` writes is compiled as many small functions, so that CPython's compile() never
holds the whole of it (it keeps ~2.5–3.4 KB per line while it works). A variable that one chunk
alone uses is that chunk's local; those that several use are shared, as closure cells. Skip on
first reading."""

from __future__ import annotations

import keyword
import re
import types
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["CHUNK", "CHUNKED", "Units", "build", "unit"]

# Above this many lines a function is generated as chunks of about CHUNK lines, each compiled
# on its own: CPython's compile() holds ~2.5–3.4 KB per line of one function while it works, so
# a million-line function would need gigabytes; chunks need that for one chunk at a time. The
# price: the variables the chunks share are closure cells, which CPython 3.11 reads and writes
# slower than locals (no superinstructions), so chunked code takes longer per edge. Hence only
# graphs past ~850 MB of compile memory.
CHUNKED = 250_000
CHUNK = 300  # compile() time grows with the square of a chunk's shared names
_NAME = re.compile(r"(?<![\w.])([A-Za-z]\w*)(?![\w(])")  # a variable: not an attribute, not called
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
    text = "\n".join(lines)
    if "#" in text:  # comments are not code
        text = "\n".join(line.split("#", 1)[0] for line in lines)
    return [n for n in dict.fromkeys(_NAME.findall(text)) if n not in _WORDS]


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


class Units:
    """The chunk functions of one generated function, gathered until the last is known: then
    a variable that only one of them uses is made its local (read and written at full speed,
    and compiled faster), and those that several use are shared cells (`unit`)."""

    def __init__(self) -> None:
        self._parts: list[tuple[str, str, list[str]]] = []  # name, args, lines
        self._first: dict[str, int] = {}  # each variable: the first chunk that uses it
        self._shared: dict[str, str] = {}  # the variables more than one chunk uses (one string)
        self._sharing: list[list[str]] = []  # per chunk, the shared variables it uses

    def calls(self, kind: str, groups: Sequence[list[str]], args: str) -> list[str]:
        """Chunk functions ``_{kind}1``, ``_{kind}2``, … (numbered in order of all chunks) for
        the groups; the lines that call them, in order."""
        calls = []
        for lines in pack(groups):
            name = f"_{kind}{len(self._parts) + 1}"
            self._add(name, args, lines)
            calls.append(f"{name}({args})")
        return calls

    def _add(self, name: str, args: str, lines: list[str]) -> None:
        k = len(self._parts)
        self._parts.append((name, args, lines))
        first, shared, sharing = self._first, self._shared, self._sharing
        mine: list[str] = []
        sharing.append(mine)
        for n in names_in(lines):  # one look-up a variable and chunk (there are millions)
            j = first.setdefault(n, k)
            if j != k:
                one = shared.get(n)
                if one is None:
                    one = shared[n] = n
                    sharing[j].append(n)
                mine.append(one)

    def written(self, main: str, args: str, lines: Sequence[str]) -> list[str]:
        """The text of every chunk, and last of the function ``main`` that calls them."""
        self._add(main, args, list(lines))
        self._first.clear()  # a string per variable: freed before the text is (peak memory)
        self._shared.clear()
        return [
            unit(name, args, body, shared)
            for (name, args, body), shared in zip(self._parts, self._sharing)
        ]


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
