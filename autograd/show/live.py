"""A graph as a page recomputes it: the nodes as data, the op table's rules as JavaScript.

The live pages (drag a weight, train in the page) run the graph again in the browser: every node
in the order `backward()` walks it, with its op, its parents and its constant c; the rules of the
ops it uses written out from the op table by `autograd.emit_js`; and ``engine.js``, which does
what backward() does with them. A program holds no derivative of its own: only which op made
which node.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from autograd.backward import topological_order
from autograd.emit_js import op_key, ops_source
from autograd.notation.names import node_name
from autograd.value import Value

__all__ = ["Program", "encode", "program", "script"]


def encode(x: float) -> float | str:
    """A number for the page's JSON, which has no inf or nan: those as "inf", "-inf", "nan"
    (engine.js reads them back)."""
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


@dataclass(frozen=True)
class Program:
    """The graph of ``root`` as the page runs it: ``order`` (topological, as backward() walks it
    reversed) and each node's ``index`` in it."""

    root: Value
    order: tuple[Value, ...]
    index: dict[Value, int]

    def keys(self) -> set[tuple[str, int]]:
        """(op name, number of parents) of every op node: the rules the page needs."""
        return {(v._op.name, len(v.parents)) for v in self.order if v._op is not None}

    def to_dict(self) -> dict[str, Any]:
        """``op`` (the op's page name, `autograd.emit_js.op_key`, or None for a leaf),
        ``parents`` (indices), ``c`` (the op's constant or None), ``value`` (now), ``name``
        (`node_name`), ``root``."""
        index = self.index
        return {
            "op": [None if v._op is None else op_key(v._op, len(v.parents)) for v in self.order],
            "parents": [[index[p] for p in v.parents] for v in self.order],
            "c": [None if v._c is None else encode(v._c) for v in self.order],
            "value": [encode(v.data) for v in self.order],
            "name": [node_name(v) for v in self.order],
            "root": index[self.root],
        }


def program(root: Value) -> Program:
    """The program of ``root``'s graph: its nodes in the order backward() walks them (reversed),
    so the page's gradients add up in the same order as Python's."""
    if not isinstance(root, Value):
        raise TypeError(f"program() takes a Value, not {type(root).__name__}")
    order = tuple(topological_order(root))
    return Program(root, order, {v: i for i, v in enumerate(order)})


def script(programs: Iterable[Program]) -> str:
    """The JavaScript of the rules these programs use (``var OPS = …``), from the op table."""
    used: set[tuple[str, int]] = set()
    for p in programs:
        used |= p.keys()
    code = ops_source(used)
    if "</" in code:  # it goes inside a <script> element (rules hold numbers and names only)
        raise ValueError("generated code holds '</', which would end its script element")
    return code
