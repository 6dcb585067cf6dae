"""∂top/∂bottom: how a derivative is named — the nodes `grad(create_graph=True)` builds carry
such names, and `autograd.notation` writes every partial with it."""

from __future__ import annotations

__all__ = ["partial_of"]


def partial_of(top: str, bottom: str) -> str:
    """``∂top/∂bottom`` from two display names. A name that is itself a derivative (it holds a
    ``/``, as the nodes of a gradient's own graph do) is put in parentheses, so a second
    derivative reads ``∂(∂C₀/∂W₁)/∂W₁``, never ``∂∂C₀/∂W₁/∂W₁``."""
    return f"∂{_operand(top)}/∂{_operand(bottom)}"


def _operand(name: str) -> str:
    return f"({name})" if "/" in name and not (name[0] == "(" and name[-1] == ")") else name
