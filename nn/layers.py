"""The artificial neuron, a layer of neurons, and the multilayer perceptron.

A neuron computes z = Σⱼ wⱼ·aⱼ + b and a = φ(z). A layer is neurons side by side that see the
same inputs; an MLP stacks layers, so forward propagation is y'(x) = f^L(W^L f^{L−1}(… f^1(W^1 x))).
Every node is labelled as on the slides: inputs xⱼ, weights w⁽ˡ⁾ₖ,ⱼ, biases b⁽ˡ⁾ₖ,
pre-activations z⁽ˡ⁾ₖ and activations a⁽ˡ⁾ₖ (layer l = 1…L, neuron k, input j, all from 1).
"""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Iterator, Sequence
from typing import Literal, Union

from autograd import Value, weighted_sum
from autograd.nodes import layer_checked, weighted_sum_checked
from autograd.notation.labels import lecture_label
from autograd.traps import as_float, is_number_text
from nn.activations import Activation, resolve
from nn.arrays import ArrayLike, is_array, one_sample
from nn.module import Module

__all__ = ["INITS", "MLP", "Layer", "Neuron", "init_bound", "make_rng", "parameter_names"]

Init = Literal["uniform", "scaled", "xavier", "he"]
INITS: tuple[str, ...] = ("uniform", "scaled", "xavier", "he")
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
    if init not in INITS:
        valid = ", ".join(repr(name) for name in INITS)
        raise ValueError(f"unknown init {init!r}; valid: {valid}")


def init_bound(init: Init, nin: int, nout: int = 1) -> float:
    """The half-width r of the uniform range U(−r, r) each weight is drawn from.

    * ``"uniform"``: r = 1 (micrograd's scheme);
    * ``"scaled"``: r = 1/√nin, so z = Σⱼ wⱼ·aⱼ stays of order 1 in wide layers;
    * ``"xavier"`` (Glorot & Bengio 2010): r = √(6/(nin + nout)), so Var(w) = 2/(nin + nout)
      keeps the variance of the activations (forward) and of the gradients (backward) about
      equal from layer to layer for tanh and sigmoid — PyTorch's ``xavier_uniform_``;
    * ``"he"`` (He et al. 2015): r = √(6/nin), so Var(w) = 2/nin makes up for ReLU zeroing
      half of its inputs — PyTorch's ``kaiming_uniform_(nonlinearity="relu")``.
    """
    _check_init(init)
    if init == "scaled":
        return 1.0 / math.sqrt(nin)
    if init == "xavier":
        return math.sqrt(6.0 / (nin + nout))
    if init == "he":
        return math.sqrt(6.0 / nin)
    return 1.0


def label_inputs(x: Sequence[Input] | ArrayLike, expected: int) -> list[Value]:
    """The network's input as Values labelled x₁ … xₙ (Values given are kept as they are);
    a 1-D numpy array (any real dtype) is read as a list of floats."""
    if isinstance(x, (str, bytes)) or not isinstance(x, Sequence):
        if not is_array(x):
            raise ValueError(
                f"the model expects a list of {expected} inputs, got a {type(x).__name__} "
                f"{x!r:.20}: pass a list, {_sample(expected)}"
            )
        x = one_sample(x, expected)
    if len(x) != expected:
        raise _wrong_count(len(x), expected)
    try:
        return [
            xj if isinstance(xj, Value) else Value(xj, label=lecture_label("x", None, j))
            for j, xj in enumerate(x, start=1)
        ]
    except TypeError:  # looked into only once it failed: the loop above stays as fast
        raise _not_a_number(x) from None


def _wrong_count(got: int, expected: int) -> ValueError:
    """``MLP(2, [3, 1])([0.5])``: how many inputs the model was built for (its first argument,
    nin), how many it got, and a sample of the right length."""
    inputs = "1 input" if expected == 1 else f"{expected} inputs"
    return ValueError(
        f"the model expects {inputs} (it was built with nin = {expected}), got {got}: "
        f"pass one number per input, {_sample(expected)}"
    )


def _sample(expected: int) -> str:
    """A call with the right number of inputs, as a student would type it."""
    example = ", ".join(["0.5", "-0.3", "0.8", "1.0"][:expected])
    return f"e.g. model([{example}])" if expected <= 4 else f"a list of {expected} numbers"


def _not_a_number(x: Sequence[Input]) -> TypeError:
    """Which input is no number, what it is, and what to pass instead: ``model(["a", "b"])``
    would otherwise fail deep inside ``Value(data)``, naming neither the input nor the fix."""
    j, xj = next((j, xj) for j, xj in enumerate(x, start=1) if not _is_input(xj))
    said = f"input {lecture_label('x', None, j)} (x[{j - 1}]) is {xj!r:.40}"
    said += "" if xj is None else f", a {type(xj).__name__}"
    if isinstance(xj, str) and is_number_text(xj):
        said += f": pass the number, float({xj!r:.20}), not its text"
    elif isinstance(xj, str):
        said += ", not a number: a network computes with numbers, so encode text as numbers first"
    elif type(xj).__name__ in ("bool", "bool_"):  # also numpy's bool
        said += ": True/False is a truth value; pass 1.0 or 0.0"
    elif hasattr(xj, "__len__"):
        said += ": model(x) takes one sample; for several, [model(x) for x in X]"
    else:
        said += ", not a number"
    return TypeError(
        f"{said}. A sample is one real number per input (an int, a float or a numpy scalar), "
        "e.g. model([0.5, -0.3])"
    )


def _is_input(xj: object) -> bool:
    """What `Value` takes: a Value given is kept, else a real number (not a bool)."""
    if isinstance(xj, Value):
        return True
    try:
        as_float(xj)
    except TypeError:
        return False
    return True


def parameter_names(nin: int, nouts: Sequence[int]) -> Iterator[str]:
    """The names ``MLP(nin, nouts).named_parameters()`` yields, in its order (each neuron's
    weights w⁽ˡ⁾ₖ,ⱼ, then its bias b⁽ˡ⁾ₖ), without building a single Value: `nn.load` checks a
    file's keys against them before it allocates the model."""
    sizes = [nin, *nouts]
    for layer in range(1, len(sizes)):
        for k in range(1, sizes[layer] + 1):
            for j in range(1, sizes[layer - 1] + 1):
                yield lecture_label("w", layer, k, j)
            yield lecture_label("b", layer, k)


class Neuron(Module):
    """z = Σⱼ wⱼ·aⱼ + b (one ``wsum`` node), a = φ(z).

    Weights start uniform in (−r, r) with r from `init_bound`: r = 1 (``init="uniform"``,
    micrograd's scheme), 1/√nin (``"scaled"``), √(6/(nin + fan_out)) (``"xavier"``, for tanh
    and sigmoid) or √(6/nin) (``"he"``, for ReLU); the bias starts at 0. ``fan_out`` is the
    number of neurons in this neuron's layer (only Xavier reads it; `Layer` passes it).
    ``layer`` and ``index`` (l and k) only name the nodes.
    """

    def __init__(
        self,
        nin: int,
        activation: Activation = "relu",
        *,
        seed: int | None = None,
        rng: random.Random | None = None,
        init: Init = "uniform",
        fan_out: int = 1,
        layer: int | None = None,
        index: int | None = None,
    ) -> None:
        if isinstance(nin, bool) or not isinstance(nin, int) or nin < 1:
            raise ValueError(f"nin must be a positive int, got {nin!r}")
        if isinstance(fan_out, bool) or not isinstance(fan_out, int) or fan_out < 1:
            raise ValueError(f"fan_out must be a positive int, got {fan_out!r}")
        scale = init_bound(init, nin, fan_out)
        source = make_rng(seed, rng)
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

    def __call__(self, x: Sequence[Input] | ArrayLike) -> Value:
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

    def parameters(self) -> list[Value]:
        # named_parameters()' Values without making their names (a step asks three times)
        if type(self).named_parameters is not Neuron.named_parameters:
            return super().parameters()
        return [*self.w, self.b]

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
            Neuron(nin, activation, rng=source, init=init, fan_out=nout, layer=layer, index=k)
            for k in range(1, nout + 1)
        ]
        self.activation_name = self.neurons[0].activation_name

    def __call__(self, x: Sequence[Input] | ArrayLike) -> Value | list[Value]:
        out = self.forward(label_inputs(x, self.nin))
        return out[0] if len(out) == 1 else out

    def forward(self, inputs: Sequence[Value]) -> list[Value]:
        """The layer's activations, one per neuron, for inputs already wrapped as Values."""
        # Each neuron's forward in one loop (autograd.nodes.layer_checked: the same nodes, fewer
        # calls), unless a neuron's weights are not as checked when it was made, φ is no op of the
        # table, or a neuron is of a subclass (its forward may differ).
        out = layer_checked(self.neurons, inputs, Neuron) if len(inputs) == self.nin else None
        if out is not None:
            return out
        return [n.forward(inputs) for n in self.neurons]

    def named_parameters(self) -> Iterator[tuple[str, Value]]:
        for n in self.neurons:
            yield from n.named_parameters()

    def parameters(self) -> list[Value]:
        if type(self).named_parameters is not Layer.named_parameters:
            return super().parameters()
        return [p for n in self.neurons for p in n.parameters()]

    def __repr__(self) -> str:
        return f"Layer({self.nin} → {self.nout}, activation={self.activation_name!r})"


class MLP(Module):
    """A multilayer perceptron: ``MLP(2, [16, 16, 1])`` has two hidden ReLU layers of 16 and a
    linear output neuron (micrograd's network). Calling it runs forward propagation; with one
    output it returns a Value, otherwise a list. ``init`` picks the weights' starting range
    for every layer (see `init_bound`): ``"uniform"`` (default), ``"scaled"``, ``"xavier"``
    (tanh, sigmoid) or ``"he"`` (ReLU) — the last two keep deep nets' gradients from vanishing
    or exploding at the start (demo ``vanishing``)."""

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
            raise ValueError(
                f"nouts must be a non-empty list of layer sizes, one per layer after the inputs, "
                f"got {nouts!r}: MLP(2, [16, 16, 1]) is 2 inputs, two hidden layers of 16, "
                f"1 output"
            )
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

    def __call__(self, x: Sequence[Input] | ArrayLike) -> Value | list[Value]:
        out = self.forward(x)
        return out[0] if len(out) == 1 else out

    def forward(self, x: Sequence[Input] | ArrayLike) -> list[Value]:
        """y' = f^L(W^L f^{L−1}(… f^1(W^1 x))), always as a list of the output layer's Values."""
        # The cyclic collector paused meanwhile (skip on first reading), as backward() pauses it:
        # the new nodes hold no reference cycles, and each collection that would start among
        # them looks at every young object. Paused, its collections wait (they are not lost)
        # and come fewer and larger, when the forward passes are done: the demo step's 100
        # forwards cost ~5–9 % less on 3.10–3.12, whose collector starts every 700 objects.
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            a: Sequence[Value] = label_inputs(x, self.nin)
            for layer in self.layers:
                a = layer.forward(a)
            return list(a)
        finally:
            if collecting:
                gc.enable()

    def activations(self, x: Sequence[Input] | ArrayLike) -> list[list[Value]]:
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

    def parameters(self) -> list[Value]:
        if type(self).named_parameters is not MLP.named_parameters:
            return super().parameters()
        return [p for layer in self.layers for p in layer.parameters()]

    def __repr__(self) -> str:
        inner = ", ".join(f"{layer.nout} {layer.activation_name}" for layer in self.layers)
        return f"MLP({self.nin} → [{inner}], {len(self.parameters())} parameters)"
