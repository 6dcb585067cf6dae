"""nn — the lecture's neural networks on the `autograd` engine.

Neuron (z = Σⱼ wⱼ·aⱼ + b, a = φ(z)), Layer, MLP; losses averaged over the data set
(C = 1/n Σᵢ Cᵢ); gradient descent (W ← W − η·∂C/∂W) and Adam; seeded toy data sets; `fit`;
JSON save/load. Every node is labelled in the lecture's notation (w⁽ˡ⁾ₖ,ⱼ, b⁽ˡ⁾ₖ, z⁽ˡ⁾ₖ, a⁽ˡ⁾ₖ, xⱼ).
"""

import autograd
from autograd._clash import check_loaded

# First: if HIPS autograd's __init__.py replaced ours, say so before `Value` fails to import.
check_loaded(autograd)

from nn import datasets  # noqa: E402
from nn.activations import ACTIVATIONS  # noqa: E402
from nn.layers import MLP, Layer, Neuron  # noqa: E402
from nn.losses import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy  # noqa: E402
from nn.module import Module  # noqa: E402
from nn.optim import SGD, Adam, Optimizer  # noqa: E402
from nn.serialize import load, save  # noqa: E402
from nn.torch_bridge import from_torch, to_torch  # noqa: E402
from nn.train import DivergenceError, History, accuracy, batch_cost, fit  # noqa: E402

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "SGD",
    "Adam",
    "DivergenceError",
    "History",
    "Layer",
    "Module",
    "Neuron",
    "Optimizer",
    "accuracy",
    "batch_cost",
    "binary_cross_entropy",
    "datasets",
    "fit",
    "from_torch",
    "hinge",
    "l2",
    "load",
    "mse",
    "save",
    "softmax_cross_entropy",
    "to_torch",
]
