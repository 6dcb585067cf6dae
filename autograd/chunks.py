"""Generated code cut into chunks: for a graph of thousands of nodes and more, the function
`autograd.codegen` writes is compiled as many small functions, so that CPython's compile() never
holds the whole of it (it keeps ~2.5–3.4 KB per line while it works). A variable that one chunk
alone uses is that chunk's local; those that several use are shared, as closure cells; the
chunks of the loop over rows are generators that hold their parameters as locals. A chunk
written as an earlier one but for its variables' names (a chain's, a long run of alike nodes')
is not compiled again: it takes that one's code, renamed (`build`). Skip on first reading."""

from __future__ import annotations

import keyword
import string
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["CHUNK", "CHUNKED", "Units", "build", "unit"]

# Above this many lines a function is generated as chunks of about CHUNK lines, each compiled
# on its own: CPython's compile() holds ~2.5–3.4 KB per line of one function while it works, so
# a million-line function would need gigabytes; chunks need that for one chunk at a time (and
# compile no slower). The price: the values the chunks hand one another are closure cells,
# which CPython reads and writes without the superinstructions it has for locals: 1.04–1.16×
# the time per edge of one function. Hence not below ~170 MB of compile memory, where one
# function stays readable as the lecture and faster (the demo step: 1,880 lines;
# demos/compiled.py's MLP(2, [64, 64, 1]): 23,144, and its L2 term 44,275, which compiles in
# 0.35 s whole, 0.48 s in chunks).
CHUNKED = 50_000
CHUNK = 300  # compile() time grows with the square of a chunk's shared names
_WORDS = frozenset(keyword.kwlist)
_LETTERS = frozenset(string.ascii_letters)
# Generated code's words (names, numbers, keywords; ``_P[0]._data`` → ``_P``, ``0``, ``._data``)
# are what is left where str.translate makes every other character a space: ~1 ns a character,
# where a regular expression for a name took ~25 (a 10⁶-node chain's code: 2 s).
_SPACE = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c in "_.")})
_LAYOUT = str.maketrans(
    {c: "0" if c.isdigit() else "x" for c in map(chr, range(128)) if c.isalnum()}
)


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
    """The variables a chunk's lines use: its words that start with a letter, but keywords (the
    generated code's own names start with ``_``; it calls functions and reads attributes only
    through those: ``_P[0]._data``, ``_costs.append``)."""
    text = "\n".join(lines)
    if "#" in text:  # comments are not code
        text = "\n".join(line.split("#", 1)[0] for line in lines)
    found = [
        n if "." not in n else n.partition(".")[0]  # a variable's attribute (never written)
        for n in dict.fromkeys(text.translate(_SPACE).split())
        if n[0] in _LETTERS and n not in _WORDS
    ]
    return list(dict.fromkeys(found))


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
    and compiled faster), and those that several use are shared cells (`unit`).

    Chunks of the per-row loop (`rows`) are generators, started once per call and resumed once
    per row: their cells are bound when they start, not at each of a row's thousands of calls,
    and each holds as its own locals the parameters it reads (read once per call) and the ∂C/∂w
    that it alone adds to (from 0 or ``.grad`` when it starts, back into ``.grad`` when it
    ends). ``params`` and ``grads``: each parameter's value name and gradient name → its slot
    in ``_P``."""

    def __init__(self, params: dict[str, int] | None = None,
                 grads: dict[str, int] | None = None) -> None:  # fmt: skip
        self._parts: list[tuple[str, str, list[str]]] = []  # name, args, lines
        self._first: dict[str, int] = {}  # each variable: the first chunk that uses it
        self._shared: dict[str, str] = {}  # the variables more than one chunk uses (one string)
        self._sharing: list[list[str]] = []  # per chunk, the shared variables it uses
        self._params = params or {}
        self._grads = grads or {}
        self._users: dict[str, list[int]] = {}  # a parameter's names: the chunks that use them
        self._rows: list[int] = []  # the chunks that are generators (`rows`)

    def calls(self, kind: str, groups: Sequence[list[str]], args: str) -> list[str]:
        """Chunk functions ``_{kind}1``, ``_{kind}2``, … (numbered in order of all chunks) for
        the groups; the lines that call them, in order."""
        calls = []
        for lines in pack(groups):
            name = f"_{kind}{len(self._parts) + 1}"
            self._add(name, args, lines)
            calls.append(f"{name}({args})")
        return calls

    def rows(self, kind: str, groups: Sequence[list[str]]) -> list[str]:
        """`calls` for the chunks run once per row, as generators: the lines that resume them
        (``_go4(1)``: the main function starts them where `written` puts `START`)."""
        calls = []
        for lines in pack(groups):
            k = len(self._parts)
            self._rows.append(k)
            self._add(f"_{kind}{k + 1}", "_P, _zero", lines)
            calls.append(f"_go{k + 1}(1)")
        return calls

    def _add(self, name: str, args: str, lines: list[str], main: bool = False) -> None:
        k = len(self._parts)
        self._parts.append((name, args, lines))
        first, shared, sharing = self._first, self._shared, self._sharing
        params, grads, users = self._params, self._grads, self._users
        mine: list[str] = []
        sharing.append(mine)
        for n in names_in(lines):  # one look-up a variable and chunk (there are millions)
            if n in params or n in grads:  # decided when every chunk is known (`written`)
                if not main:
                    users.setdefault(n, []).append(k)
                continue
            j = first.setdefault(n, k)
            if j != k:
                one = shared.get(n)
                if one is None:
                    one = shared[n] = n
                    sharing[j].append(n)
                mine.append(one)

    def _cells(self, kind: str, lines: list[str], args: str) -> list[str]:
        """Chunks that set or write back parameters' shared cells, once per call."""
        calls = []
        for chunk in pack([[line] for line in lines]):
            name = f"_{kind}{len(self._parts) + 1}"
            self._parts.append((name, args, chunk))
            self._sharing.append(
                [n for n in names_in(chunk) if n in self._params or n in self._grads]
            )
            calls.append(f"{name}({args})")
        return calls

    def written(self, main: str, args: str, lines: Sequence[str]) -> list[str]:
        """The text of every chunk, and last of the function ``main`` that calls them (its
        lines `START` and `FINISH`: where the row chunks start and end)."""
        rows = set(self._rows)
        params, grads = self._params, self._grads
        in_main = [n for n in names_in(lines) if n in params or n in grads]
        main_k = -1
        for n in in_main:
            self._users.setdefault(n, []).append(main_k)
        loads: dict[int, list[str]] = {k: [] for k in rows}  # per generator: its prologue
        saves: dict[int, list[str]] = {k: [] for k in rows}  # and its epilogue
        zeros: dict[int, list[str]] = {k: [] for k in rows}
        cells: list[str] = []  # lines that set the parameters' shared cells, once per call
        cell_zero: list[str] = []
        cell_grad: list[str] = []
        cell_write: list[str] = []
        main_cells: list[str] = []
        for n in [*self._users, *(g for g in grads if g not in self._users)]:
            users = self._users.get(n, [])  # none: a gradient no line adds to (zeroed by a step)
            k = users[0] if users else main_k
            if n in params:
                slot = params[n]
                if all(u in rows for u in users):  # each generator reads its own copy
                    for u in users:
                        loads[u].append(f"{n} = _P[{slot}]._data")
                    continue
                cells.append(f"{n} = _P[{slot}]._data")
            else:
                slot = grads[n]
                if len(users) == 1 and k in rows:  # this generator alone adds to it
                    zeros[k].append(n)
                    loads[k].append(f"{n} = _P[{slot}]._grad")
                    saves[k].append(f"_P[{slot}]._grad = {n}")
                    continue
                cell_zero.append(n)
                cell_grad.append(f"{n} = _P[{slot}]._grad")
                cell_write.append(f"_P[{slot}]._grad = {n}")
            for u in dict.fromkeys(users):
                (main_cells if u == main_k else self._sharing[u]).append(n)
        self._users.clear()
        before, after = [], []
        if cells or cell_zero:
            sets = [
                f"{' = '.join(cell_zero[k : k + 8])} = 0.0" for k in range(0, len(cell_zero), 8)
            ]
            before = self._cells("read", cells, "_P")
            zero = self._cells("zero", sets, "")
            grad = self._cells("grad", cell_grad, "_P")
            before += ["if _zero:", *("    " + c for c in zero or ["pass"]), "else:"]
            before += ["    " + c for c in grad or ["pass"]]
            after = self._cells("write", cell_write, "_P")
        starts = ", ".join(self._parts[k][0] for k in self._rows)
        goes = ", ".join(f"_go{k + 1}" for k in self._rows)
        main_lines: list[str] = []
        for line in lines:
            if line == START:
                main_lines += before
                if self._rows:
                    main_lines.append("# the chunks of a row, started: each reads its parameters")
                    main_lines.append(f"{goes}, = _started(_P, _zero, {starts})")
            elif line == FINISH:
                if self._rows:
                    main_lines.append("# the chunks ended: each adds its ∂C/∂w to .grad")
                    main_lines.append(f"_finish({goes})")
                main_lines += after
            else:
                main_lines.append(line)
        self._add(main, args, main_lines, main=True)
        self._sharing[-1] += main_cells
        self._first.clear()  # a string per variable: freed before the text is (peak memory)
        self._shared.clear()
        texts = []
        for k, ((name, fargs, body), shared) in enumerate(zip(self._parts, self._sharing)):
            if k in rows:
                texts.append(_generator(name, fargs, body, shared, loads[k], zeros[k], saves[k]))
            else:
                texts.append(unit(name, fargs, body, shared))
        return texts


START = "# <the chunks start>"
FINISH = "# <the chunks end>"


def _generator(
    name: str,
    args: str,
    lines: Sequence[str],
    shared: Sequence[str],
    loads: Sequence[str],
    zeros: Sequence[str],
    saves: Sequence[str],
) -> str:
    """A row chunk as a generator (see `Units`): its parameters and the gradients it alone adds
    to, read when it starts; then one row each time it is resumed with a true value; with
    None, those gradients written back to ``.grad``."""
    grads = [line for line in loads if line.endswith("._grad")]
    inner = [line for line in loads if not line.endswith("._grad")]
    if zeros:
        inner.append("if _zero:")
        inner += [f"    {' = '.join(zeros[k : k + 8])} = 0.0" for k in range(0, len(zeros), 8)]
        inner += ["else:", *("    " + line for line in grads)]
    inner.append("while (yield):")
    inner += ["    " + line for line in lines] or ["    pass"]
    inner += saves
    return unit(name, args, inner, shared)


def started(_P: Any, zero: bool, *chunks: Callable[..., Any]) -> list[Callable[[int], Any]]:
    """Each row chunk started (run to its first ``yield``: its parameters read); the calls that
    resume them, one row each."""
    goes = []
    for chunk in chunks:
        gen = chunk(_P, zero)
        next(gen)
        goes.append(gen.send)
    return goes


def finish(*goes: Callable[[Any], Any]) -> None:
    """Each row chunk resumed with None: it leaves its loop and writes its gradients."""
    for go in goes:
        try:
            go(None)
        except StopIteration:
            pass
        else:
            raise RuntimeError("a chunk of generated code did not end")


def build(units: Sequence[str], namespace: dict[str, Any], main: str) -> Callable[..., Any]:
    """Compile each chunk on its own, give all of them one set of cells for their variables,
    and bind each under its name; returns the function ``main``. A chunk written as an earlier
    one but for its variables' names (most chunks of a chain, or of a long run of alike nodes)
    takes that one's code with the names changed (`_shape`, `_renamed`): the bytecode compile()
    would make again, at a fraction of compile()'s ~3 µs a line."""
    cells: dict[str, types.CellType] = {}
    known: dict[Any, list[_Compiled]] = {}  # per shape, the chunks compiled (the latest few)
    held = 0  # the characters of the chunks whose shapes are kept
    misses = 0  # chunks in a row that found no code to share (an MLP's: all of them)
    for k, text in enumerate(units):
        look = misses < 64 or k % 8 == 0  # past 64 chunks that share nothing: every 8th
        if look:
            key, words, name = _shape(text)
        for same in known.get(key, ()) if look else ():
            # the same words but the variables (a variable's place holds no keyword: None …)
            if tuple(map(words.__getitem__, same.fixed)) == same.literal and \
                    _WORDS.isdisjoint(map(words.__getitem__, same.variables)):  # fmt: skip
                code = _renamed(same.code, dict(zip(same.words, words)), name)
                defaults = same.defaults
                misses = 0
                break
        else:
            exec(compile(text, "<autograd.compile>", "exec"), namespace)
            inner = namespace.pop("_unit")()
            code, defaults = inner.__code__, inner.__defaults__
            misses += 1
            if misses == 64:  # shapes do not come back here: hold no more than a few
                known.clear()
                held = 0
            if look:
                compiled = _Compiled(code, defaults, words, len(text))
                # renaming is sound where every variable is a local or a cell, not a global
                if compiled.literal is not None and set(code.co_names).isdisjoint(
                    map(words.__getitem__, compiled.variables)
                ):
                    found = known.pop(key, [])
                    known[key] = [*found[-7:], compiled]  # the latest of each shape
                    held += len(text) - sum(c.size for c in found[:-7])
                    # the latest shapes: 64 at most (8 where none came back), ~4 MB of text
                    while len(known) > (64 if misses < 64 else 8) or held > 4_000_000:
                        held -= sum(c.size for c in known.pop(next(iter(known))))
        closure = tuple(cells.setdefault(n, types.CellType()) for n in code.co_freevars)
        fn = types.FunctionType(code, namespace, code.co_name, defaults, closure)
        namespace[code.co_name] = fn
    return namespace[main]  # type: ignore[no-any-return]


class _Compiled:
    """A chunk's code and its words (`_shape`): where its variables stand, and its other words
    (keywords, numbers, the generated code's own ``_`` names), which a chunk of the same shape
    must have too to share its code. ``literal`` None: code that cannot be shared."""

    def __init__(self, code: types.CodeType, defaults: Any, words: list[str], size: int) -> None:
        self.code, self.defaults, self.words, self.size = code, defaults, words, size
        variables = [w[0] in _LETTERS and w not in _WORDS and "." not in w for w in words]
        self.variables = [k for k, v in enumerate(variables) if v]
        self.fixed = [k for k, v in enumerate(variables) if not v]
        self.literal: tuple[str, ...] | None = tuple([words[k] for k in self.fixed])
        if any(isinstance(c, types.CodeType) for c in code.co_consts):
            self.literal = None  # (a nested function: not renamed)


def _shape(text: str) -> tuple[tuple[str, tuple[int, ...]], list[str], str]:
    """A chunk's text (`unit`) up to its words: where they stand (every letter an ``x``, every
    digit a ``0``), and each word's number (in order of first use) in its place; its words in
    that order, and the chunk function's name. Chunks of one shape and the same words but for
    their variables compile to the same code but for the variables' names."""
    end = text.rindex("    return ")
    name = text[end + 11 : -1]
    text = text[:end].replace(f"    def {name}(", "    def _(", 1)
    words = text.translate(_SPACE).split()
    unique = list(dict.fromkeys(words))
    number = dict(zip(unique, range(len(unique))))
    return (text.translate(_LAYOUT), tuple(map(number.__getitem__, words))), unique, name


def _renamed(code: types.CodeType, names: dict[str, str], name: str) -> types.CodeType:
    """``code`` with its variables renamed by ``names`` and its function named ``name``."""
    get = names.get  # get(n, n): n's new name, or n (map: no Python loop a name, ~0.3 s a chain)
    varnames = tuple(map(get, code.co_varnames, code.co_varnames))
    freevars = tuple(map(get, code.co_freevars, code.co_freevars))
    cellvars = tuple(map(get, code.co_cellvars, code.co_cellvars))
    if sys.version_info >= (3, 11):
        qualname = f"{code.co_qualname.rpartition('.')[0]}.{name}"
        return code.replace(co_name=name, co_qualname=qualname, co_varnames=varnames,
                            co_freevars=freevars, co_cellvars=cellvars)  # fmt: skip
    return code.replace(
        co_name=name, co_varnames=varnames, co_freevars=freevars, co_cellvars=cellvars
    )
