"""nn — the lecture's neural networks on the `autograd` engine.

Neuron (z = Σⱼ wⱼ·aⱼ + b, a = φ(z)), Layer, MLP; losses averaged over the data set
(C = 1/n Σᵢ Cᵢ); gradient descent (W ← W − η·∂C/∂W) and Adam; seeded toy data sets; `fit`;
JSON save/load. Every node is labelled in the lecture's notation (w⁽ˡ⁾ₖ,ⱼ, b⁽ˡ⁾ₖ, z⁽ˡ⁾ₖ, a⁽ˡ⁾ₖ, xⱼ).
"""

from nn import datasets
from nn.activations import ACTIVATIONS
from nn.layers import MLP, Layer, Neuron
from nn.losses import binary_cross_entropy, hinge, l2, mse, softmax_cross_entropy
from nn.module import Module
from nn.optim import SGD, Adam, Optimizer
from nn.serialize import load, save
from nn.torch_bridge import from_torch, to_torch
from nn.train import History, accuracy, fit

__all__ = [
    "ACTIVATIONS",
    "MLP",
    "SGD",
    "Adam",
    "History",
    "Layer",
    "Module",
    "Neuron",
    "Optimizer",
    "accuracy",
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
