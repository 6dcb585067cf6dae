"""Moving on to PyTorch: the same network as a ``torch.nn.Sequential``, and back.

A layer of the lecture's neurons, a⁽ˡ⁾ = φ(W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾), is exactly PyTorch's
``Linear(nin, nout)`` followed by the activation module: row k of ``Linear.weight`` holds
neuron k's weights w⁽ˡ⁾ₖ,ⱼ, ``Linear.bias[k]`` its bias b⁽ˡ⁾ₖ. `to_torch` copies a model across
in float64 (our Values are float64), so the same input gives the same output and the same
gradients; `from_torch` copies the matching shapes back. PyTorch is an optional extra
(``pip install -e ".[torch]"``), imported only inside these functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from nn.layers import MLP, Layer, Neuron

if TYPE_CHECKING:
    import torch

__all__ = ["from_torch", "to_torch"]

_TO_TORCH = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}
_FROM_TORCH = {v: k for k, v in _TO_TORCH.items()}


def _import_torch() -> Any:
    try:
        import torch
    except ImportError as e:  # the optional extra is missing: say how to get it
        raise ImportError(
            'nn.to_torch/from_torch need PyTorch: pip install -e ".[torch]" '
            "(or make test-torch, which installs it into .venv)"
        ) from e
    return torch


def _layers(model: MLP | Layer | Neuron) -> list[Layer | Neuron]:
    if isinstance(model, MLP):
        return list(model.layers)
    if isinstance(model, (Layer, Neuron)):
        return [model]
    raise TypeError(f"to_torch() takes an MLP, a Layer or a Neuron, not {type(model).__name__}")


def to_torch(model: MLP | Layer | Neuron) -> torch.nn.Sequential:
    """The model as ``torch.nn.Sequential(Linear, φ, Linear, φ, …)`` in float64, with a copy
    of every weight and bias (W⁽ˡ⁾[k, j] = w⁽ˡ⁾ₖ,ⱼ): same inputs, same outputs, same gradients.
    A "linear" layer gets no activation module; a custom (callable) activation has no PyTorch
    module to map to and raises `ValueError`."""
    th = _import_torch()
    modules: list[Any] = []
    for layer in _layers(model):
        neurons = layer.neurons if isinstance(layer, Layer) else [layer]
        name = layer.activation_name
        if name != "linear" and name not in _TO_TORCH:
            raise ValueError(
                f"activation {name!r} has no PyTorch module here; "
                f"supported: {', '.join(_TO_TORCH)} and 'linear'"
            )
        linear = th.nn.Linear(neurons[0].nin, len(neurons), dtype=th.float64)
        with th.no_grad():
            linear.weight.copy_(
                th.tensor([[w.data for w in n.w] for n in neurons], dtype=th.float64)
            )
            linear.bias.copy_(th.tensor([n.b.data for n in neurons], dtype=th.float64))
        modules.append(linear)
        if name != "linear":
            modules.append(getattr(th.nn, _TO_TORCH[name])())
    return cast("torch.nn.Sequential", th.nn.Sequential(*modules))


def _unsupported(i: int, module: Any, why: str) -> ValueError:
    return ValueError(
        f"from_torch: module {i} ({type(module).__name__}) {why}. Supported: Sequential of "
        f"Linear(bias=True) layers, each followed by at most one of "
        f"{', '.join(_FROM_TORCH)} (the same one for every hidden layer), or Identity"
    )


def from_torch(seq: torch.nn.Sequential) -> MLP:
    """An `nn.MLP` with the weights of ``seq``, a ``torch.nn.Sequential`` of ``Linear`` layers
    each followed by at most one activation (ReLU, Tanh or Sigmoid; the same one for every
    hidden layer, any one or none after the last). Anything else raises `ValueError` naming the
    module that does not fit."""
    th = _import_torch()
    if not isinstance(seq, th.nn.Sequential):
        raise TypeError(f"from_torch() takes a torch.nn.Sequential, not {type(seq).__name__}")
    linears: list[Any] = []
    acts: list[str] = []  # activation after each Linear ("linear" = none)
    for i, module in enumerate(seq):
        if isinstance(module, th.nn.Identity):
            continue
        if isinstance(module, th.nn.Linear):
            if module.bias is None:
                raise _unsupported(i, module, "has no bias; every neuron here has a bias b")
            if linears and module.in_features != linears[-1].out_features:
                raise _unsupported(
                    i,
                    module,
                    f"takes {module.in_features} inputs but the layer before gives "
                    f"{linears[-1].out_features}",
                )
            linears.append(module)
            acts.append("linear")
            continue
        name = _FROM_TORCH.get(type(module).__name__)
        if name is None:
            raise _unsupported(i, module, "has no counterpart in nn")
        if not linears:
            raise _unsupported(i, module, "comes before any Linear layer")
        if acts[-1] != "linear":
            raise _unsupported(i, module, "is a second activation after one Linear")
        acts[-1] = name
    if not linears:
        raise ValueError("from_torch: the Sequential has no Linear layer")
    hidden = set(acts[:-1])
    if len(hidden) > 1:
        raise ValueError(
            f"from_torch: hidden layers use different activations {sorted(hidden)}; "
            "an nn.MLP has one hidden activation"
        )
    model = MLP(
        linears[0].in_features,
        [m.out_features for m in linears],
        activation=acts[0] if len(acts) > 1 else "relu",
        output_activation=acts[-1],
        seed=0,
    )
    for layer, linear in zip(model.layers, linears):
        weight = linear.weight.detach().to(th.float64).tolist()
        bias = linear.bias.detach().to(th.float64).tolist()
        for k, neuron in enumerate(layer.neurons):
            for j, w in enumerate(neuron.w):
                w.data = float(weight[k][j])
            neuron.b.data = float(bias[k])
    return model
