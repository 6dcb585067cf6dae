"""The activation functions φ of a = φ(z): sigmoid, tanh, ReLU (and "linear", no φ at all)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Union

from autograd import Value

__all__ = ["ACTIVATIONS", "Activation", "resolve"]

Activation = Union[str, Callable[[Value], Value]]  # noqa: UP007 (runtime alias on 3.10)

ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "linear": None,
}


def resolve(activation: Activation) -> tuple[str, Callable[[Value], Value] | None]:
    """(name, φ) for a name in `ACTIVATIONS` or a callable Value → Value (φ = None: linear)."""
    if isinstance(activation, str):
        if activation not in ACTIVATIONS:
            valid = ", ".join(repr(k) for k in ACTIVATIONS)
            raise ValueError(f"unknown activation {activation!r}; valid: {valid} or a callable")
        return activation, ACTIVATIONS[activation]
    if callable(activation):
        return getattr(activation, "__name__", "custom"), activation
    raise ValueError(f"activation must be a name or a callable, not {type(activation).__name__}")
