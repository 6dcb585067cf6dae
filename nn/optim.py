"""Gradient descent: W ← W − η·∂C/∂W, and two refinements of it (momentum, Adam)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from autograd import Value
from autograd.traps import is_number_text
from nn.module import Module

__all__ = ["SGD", "Adam", "Optimizer"]

Schedule = Callable[[int], float]


def _parameters(params: Iterable[Value] | Module) -> list[Value]:
    """The Values to update: ``model.parameters()``, or the model itself (a `Module`)."""
    if isinstance(params, Module):
        return params.parameters()
    if isinstance(params, Value):
        raise TypeError("the optimiser takes a list of parameters, not one Value: SGD([w], lr=0.1)")
    if isinstance(params, (str, bytes)) or not isinstance(params, Iterable):
        raise TypeError(
            f"the optimiser takes the parameters to update, got {type(params).__name__}: pass "
            f"model.parameters() (or the model itself), e.g. SGD(model.parameters(), lr=0.1)"
        )
    return list(params)


class Optimizer:
    """Holds the parameters and a learning rate η. ``params``: ``model.parameters()``, or the
    model itself (any `Module`), or a list of Values. ``schedule(step) → η`` (step = 0, 1, …),
    if given, sets ``lr`` before each `step()` — e.g. micrograd's
    ``lambda k: 1.0 - 0.9 * k / 100``."""

    def __init__(
        self, params: Iterable[Value] | Module, lr: float, schedule: Schedule | None = None
    ) -> None:
        self.params = _parameters(params)
        if not self.params:
            raise ValueError("the optimiser got no parameters")
        if not all(isinstance(p, Value) for p in self.params):
            raise TypeError("the optimiser's parameters must be Values")
        if isinstance(lr, str) and is_number_text(lr):  # lr="0.1", read from a file or a form
            raise TypeError(f"lr must be a number, got the text {lr!r:.20}: pass float({lr!r:.20})")
        if not (isinstance(lr, (int, float)) and lr >= 0.0):
            raise ValueError(f"lr must be a number ≥ 0, got {lr!r}")
        self.lr = float(lr)
        self.schedule = schedule
        self.steps = 0

    def zero_grad(self) -> None:
        """∂C/∂W accumulates in ``.grad``; clear it before the next backward()."""
        for p in self.params:
            p._grad = 0.0  # a float we know: past the setter's check

    def step(self) -> None:
        """One update of every parameter."""
        if self.schedule is not None:
            self.lr = float(self.schedule(self.steps))
        self._update()
        self.steps += 1

    def _update(self) -> None:
        raise NotImplementedError


class SGD(Optimizer):
    """W ← W − η·∂C/∂W (the slide). With momentum μ > 0, PyTorch's form:
    v ← μ·v + ∂C/∂W, W ← W − η·v."""

    def __init__(
        self,
        params: Iterable[Value] | Module,
        lr: float = 0.1,
        momentum: float = 0.0,
        schedule: Schedule | None = None,
    ) -> None:
        super().__init__(params, lr, schedule)
        if not 0.0 <= momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {momentum!r}")
        self.momentum = momentum
        self.velocity = [0.0] * len(self.params)

    def _update(self) -> None:
        mu, lr = self.momentum, self.lr
        for i, p in enumerate(self.params):
            g = p.grad
            if mu:
                g = self.velocity[i] = mu * self.velocity[i] + g
            p.data -= lr * g


class Adam(Optimizer):
    """Adam (Kingma & Ba; PyTorch's defaults): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
    W ← W − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)."""

    def __init__(
        self,
        params: Iterable[Value] | Module,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        schedule: Schedule | None = None,
    ) -> None:
        super().__init__(params, lr, schedule)
        b1, b2 = betas
        if not (0.0 <= b1 < 1.0 and 0.0 <= b2 < 1.0):
            raise ValueError(f"betas must be in [0, 1), got {betas!r}")
        self.betas, self.eps = (b1, b2), eps
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def _update(self) -> None:
        b1, b2 = self.betas
        t = self.steps + 1
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t
        for i, p in enumerate(self.params):
            g = p.grad
            self.m[i] = b1 * self.m[i] + (1.0 - b1) * g
            self.v[i] = b2 * self.v[i] + (1.0 - b2) * g * g
            p.data -= self.lr * (self.m[i] / c1) / (math.sqrt(self.v[i] / c2) + self.eps)
