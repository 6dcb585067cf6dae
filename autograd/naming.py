"""Names of nodes and edges in the lecture's notation: z₁, a₁, C₀, and ∂z₁/∂W₁'s formula "x".

The lecture names every quantity (w, b, z = Σ w·a + b, a = φ(z), C); a node the student labelled
shows its label, an unlabelled one the op it computes in its inputs' names (``(a₂ − y)``). The
drawings, the explorer and `explain()` name nodes only through `node_name` and write a partial's
formula only through `edge_formula`, which reads the op table. Labels themselves (``w⁽¹²⁾₁₀,₃``)
are built and parsed in `autograd.labels`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from autograd.ops import format_number, operand_number

if TYPE_CHECKING:
    from autograd.engine import Value

__all__ = ["definition", "edge_formula", "node_name", "partial_of"]


def _short(v: Value) -> str:
    if v.label is not None:
        return v.label
    if not v.parents:
        return operand_number(v.data)  # inside another node's name: (2·(−3)), not (2·-3)
    return "(…)"


def _middle(v: Value) -> str:
    op = v.op_spec
    if v.label is not None or op is None:
        return _short(v)
    return f"({op.describe([_short(p) for p in v.parents], v.const)})"


def node_name(v: Value) -> str:
    """A node's display name: its label, a number for an unlabelled leaf, or the op it
    computes written with its inputs' names, two levels deep (``(a₂ − y)``, ``(1 − (−1·z))``);
    deeper unlabelled inputs show as ``(…)``. Label a node to name it."""
    if v.label is not None:
        return v.label
    op = v.op_spec
    if op is None:
        return format_number(v.data)
    return f"({op.describe([_middle(p) for p in v.parents], v.const)})"


def definition(v: Value) -> str:
    """What a node computes in its inputs' names, from the op table (``σ(z₁)`` for a₁ = σ(z₁));
    "" for a leaf."""
    op = v.op_spec
    if op is None:
        return ""
    return op.describe([node_name(p) for p in v.parents], v.const)


def edge_formula(v: Value, slot: int) -> str:
    """∂v/∂(v.parents[slot])'s formula, from v's op table entry, in the parents' names."""
    op = v.op_spec
    if op is None:
        raise ValueError("a leaf has no parents")
    names = [node_name(p) for p in v.parents]
    return op.formula(slot, names, v.const)


def partial_of(top: str, bottom: str) -> str:
    """``∂top/∂bottom`` from two display names. A name that is itself a derivative (it holds a
    ``/``, as the nodes of a gradient's own graph do) is put in parentheses, so a second
    derivative reads ``∂(∂C₀/∂W₁)/∂W₁``, never ``∂∂C₀/∂W₁/∂W₁``."""
    return f"∂{_operand(top)}/∂{_operand(bottom)}"


def _operand(name: str) -> str:
    return f"({name})" if "/" in name and not (name[0] == "(" and name[-1] == ")") else name
