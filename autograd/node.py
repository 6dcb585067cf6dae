"""What backpropagation needs of a node, as a type: its number, its gradient, its parents and
the op that made it. `autograd.value.Value` is such a node; the walk (backward.py) and the
machinery below `Value` are written against this shape, so none of them imports `Value`."""

from __future__ import annotations

from typing import Protocol, TypeVar

from autograd.ops import Op

__all__ = ["N", "Node"]


class Node(Protocol):
    _data: float
    _grad: float
    _label: str | None
    _op: Op | None
    _c: float | None

    @property
    def parents(self) -> tuple[Node, ...]: ...


N = TypeVar("N", bound=Node)  # "the same kind of node": a Value in, a Value out
