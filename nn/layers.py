"""The artificial neuron, a layer of neurons, and the multilayer perceptron.

A neuron computes z = Σⱼ wⱼ·aⱼ + b and a = φ(z). A layer is neurons side by side that see the
same inputs; an MLP stacks layers, so forward propagation is y'(x) = f^L(W^L f^{L−1}(… f^1(W^1 x))).
Every node is labelled as on the slides: inputs xⱼ, weights w⁽ˡ⁾ₖ,ⱼ, biases b⁽ˡ⁾ₖ,
pre-activations z⁽ˡ⁾ₖ and activations a⁽ˡ⁾ₖ (layer l = 1…L, neuron k, input j, all from 1).
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from typing import Literal, Union

from autograd import Value, weighted_sum
from autograd.engine import weighted_sum_checked
from autograd.labels import lecture_label
from nn.activations import Activation, resolve
from nn.module import Module

__all__ = ["MLP", "Layer", "Neuron", "make_rng"]

Init = Literal["uniform", "scaled"]
Input = Union[Value, float, int]  # noqa: UP007 (runtime alias on 3.10)


def make_rng(seed: int | None = None, rng: random.Random | None = None) -> random.Random:
    """The random source of an initialisation: ``rng`` if given, else ``random.Random(seed)``;
    with neither, a generator seeded from the global `random` module (so ``random.seed(1337)``
    before building a model makes it reproducible, as in micrograd)."""
    if rng is not None and seed is not None:
        raise ValueError("give seed= or rng=, not both")
    if rng is not None:
        return rng
    if seed is not None:
        return random.Random(seed)
    return random.Random(random.getrandbits(64))


def _check_init(init: str) -> None:
    if init not in ("uniform", "scaled"):
        raise ValueError(f"unknown init {init!r}; valid: 'uniform', 'scaled'")


def label_inputs(x: Sequence[Input], expected: int) -> list[Value]:
    """The network's input as Values labelled x₁ … xₙ (Values given are kept as they are)."""
    if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        raise ValueError(f"expected a sequence of {expected} inputs, got {type(x).__name__}")
    if len(x) != expected:
        raise ValueError(f"expected {expected} inputs, got {len(x)}")
    return [
        xj if isinstance(xj, Value) else Value(xj, label=lecture_label("x", None, j))
        for j, xj in enumerate(x, start=1)
    ]


class Neuron(Module):
    """z = Σⱼ wⱼ·aⱼ + b (one ``wsum`` node), a = φ(z).

    Weights start uniform in (−1, 1) (``init="uniform"``, micrograd's scheme) or in
    (−1, 1)/√nin (``init="scaled"``, which keeps z of order 1 in wide layers); the bias starts
    at 0. ``layer`` and ``index`` (l and k) only name the nodes.
    """

    def __init__(
        self,
        nin: int,
        activation: Activation = "relu",
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: Init = "uniform",
        layer: int | None = None,
        index: int | None = None,
    ) -> None:
        if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
            raise ValueError(f"nin must be a positive int, got {nin!r}")
        _check_init(init)
        source = make_rng(seed, rng)
        scale = 1.0 / math.sqrt(nin) if init == "scaled" else 1.0
        self.nin = nin
        self.activation_name, self.phi = resolve(activation)
        ks = () if index is None else (index,)
        self.w = [
            Value(source.uniform(-1.0, 1.0) * scale, label=lecture_label("w", layer, *ks, j))
            for j in range(1, nin + 1)
        ]
        self.b = Value(0.0, label=lecture_label("b", layer, *ks))
        self._checked_w = self.w
        self.z_label = lecture_label("z", layer, *ks)
        self.a_label = lecture_label("a", layer, *ks)

    def __call__(self, x: Sequence[Input]) -> Value:
        inputs = label_inputs(x, self.nin)
        return self.forward(inputs)

    def forward(self, inputs: Sequence[Value]) -> Value:
        """a = φ(Σⱼ wⱼ·aⱼ + b) for inputs already checked and wrapped as Values."""
        # The weights were checked when the neuron was made: the unchecked fast path.
        if len(inputs) == self.nin and self._checked_w is self.w:
            z = weighted_sum_checked(self.w, inputs, self.b)
        else:
            z = weighted_sum(self.w, inputs, self.b)
        z._label = self.z_label  # a str made by lecture_label: no need to validate it again
        if self.phi is None:
            return z
        a = self.phi(z)
        a._label = self.a_label
        return a

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for wj in self.w:
            yield str(wj.label), wj
        yield str(self.b.label), self.b

    def __repr__(self) -> str:
        return f"Neuron(nin={self.nin}, activation={self.activation_name!r})"


class Layer(Module):
    """``nout`` neurons reading the same ``nin`` inputs: a⁽ˡ⁾ = φ(W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾)."""

    def __init__(
        self,
        nin: int,
        nout: int,
        activation: Activation = "relu",
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: Init = "uniform",
        layer: int | None = None,
    ) -> None:
        if isinstance(nout, bool) or not isinstance(nout, int) or nout < 1:
            raise ValueError(f"nout must be a positive int, got {nout!r}")
        source = make_rng(seed, rng)
        self.nin, self.nout, self.layer = nin, nout, layer
        self.neurons = [
            Neuron(nin, activation, rng=source, init=init, layer=layer, index=k)
            for k in range(1, nout + 1)
        ]
        self.activation_name = self.neurons[0].activation_name

    def __call__(self, x: Sequence[Input]) -> Value | list[Value]:
        out = self.forward(label_inputs(x, self.nin))
        return out[0] if len(out) == 1 else out

    def forward(self, inputs: Sequence[Value]) -> list[Value]:
        """The layer's activations, one per neuron, for inputs already wrapped as Values."""
        return [n.forward(inputs) for n in self.neurons]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for n in self.neurons:
            yield from n.named_parameters()

    def __repr__(self) -> str:
        return f"Layer({self.nin} → {self.nout}, activation={self.activation_name!r})"


class MLP(Module):
    """A multilayer perceptron: ``MLP(2, [16, 16, 1])`` has two hidden ReLU layers of 16 and a
    linear output neuron (micrograd's network). Calling it runs forward propagation; with one
    output it returns a Value, otherwise a list."""

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: Activation = "relu",
        output_activation: Activation | None = None,
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: Init = "uniform",
    ) -> None:
        if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
            raise ValueError(f"nin must be a positive int, got {nin!r}")
        if not isinstance(nouts, Sequence) or len(nouts) == 0:
            raise ValueError("nouts must be a non-empty list of layer sizes")
        _check_init(init)
        resolve(activation)
        source = make_rng(seed, rng)
        sizes = [nin, *nouts]
        last = len(nouts)
        self.nin, self.nouts = nin, list(nouts)
        self.init = init
        self.activation: Activation = activation
        self.output_activation: Activation = (
            "linear" if output_activation is None else output_activation
        )
        self.layers = [
            Layer(
                sizes[i - 1],
                sizes[i],
                self.output_activation if i == last else activation,
                rng=source,
                init=init,
                layer=i,
            )
            for i in range(1, last + 1)
        ]

    def __call__(self, x: Sequence[Input]) -> Value | list[Value]:
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    def forward(self, x: Sequence[Input]) -> list[Value]:
        """y' = f^L(W^L f^{L−1}(… f^1(W^1 x))), always as a list of the output layer's Values."""
        a: Sequence[Value] = label_inputs(x, self.nin)
        for layer in self.layers:
            a = layer.forward(a)
        return list(a)

    def activations(self, x: Sequence[Input]) -> list[list[Value]]:
        """Every layer's output, a⁽⁰⁾ = x first — forward propagation layer by layer."""
        a: list[Value] = label_inputs(x, self.nin)
        out = [a]
        for layer in self.layers:
            a = layer.forward(a)
            out.append(a)
        return out

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for layer in self.layers:
            yield from layer.named_parameters()

    def __repr__(self) -> str:
        inner = ", ".join(f"{layer.nout} {layer.activation_name}" for layer in self.layers)
        return f"MLP({self.nin} → [{inner}], {len(self.parameters())} parameters)"
