"""`Module`: anything with parameters — the weights W and biases b that gradient descent changes.

Names follow the lecture: ``w⁽ˡ⁾ₖ,ⱼ`` is the weight from input j to neuron k of layer l,
``b⁽ˡ⁾ₖ`` that neuron's bias.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterator, Mapping

from autograd import Value

__all__ = ["Module"]


class Module:
    """Base class: subclasses implement `named_parameters()`; the rest comes from it."""

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        """(name, parameter) pairs in the lecture's notation, in `parameters()` order."""
        return iter(())

    def parameters(self) -> list[Value]:
        """Every parameter, in a fixed order (each neuron's weights, then its bias)."""
        return [p for _, p in self.named_parameters()]

    def zero_grad(self) -> None:
        """Set every parameter's ``.grad`` to 0 (leaf gradients accumulate over backward())."""
        for p in self.parameters():
            p._grad = 0.0  # a float we know: past the setter's check

    def state_dict(self) -> dict[str, float]:
        """{name: value} for every parameter — plain numbers, ready for JSON."""
        return {name: p.data for name, p in self.named_parameters()}

    def load_state_dict(self, state: Mapping[str, object]) -> None:
        """Copy values into the parameters. Every key must be present, known and a finite
        real number (int, float, or any `numbers.Real` such as numpy's float64, as `Value()`
        takes); otherwise `ValueError` names the first key that is wrong and nothing changes."""
        if not isinstance(state, Mapping):
            raise ValueError(
                f"state must be a mapping of name → number, not {type(state).__name__}"
            )
        params = dict(self.named_parameters())
        for name in params:
            if name not in state:
                raise ValueError(f"state is missing the key {name!r}")
        values: dict[str, float] = {}
        for name, value in state.items():
            if name not in params:
                raise ValueError(f"state has an unexpected key {name!r}")
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(
                    f"state key {name!r} must hold one number, not {type(value).__name__}"
                )
            try:
                number = float(value)
            except OverflowError:  # an int beyond float's range
                number = math.inf
            if not math.isfinite(number):
                raise ValueError(f"state key {name!r} holds a non-finite number {number!r}")
            values[name] = number
        for name, p in params.items():
            p.data = values[name]
