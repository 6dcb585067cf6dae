"""autograd — a scalar reverse-mode autograd engine that shows the chain rule it computes.

The lecture's artificial neuron computes z = Σ w·a + b and a = φ(z); the cost C measures the
error; backpropagation finds ∂C/∂w for every weight by the chain rule. Here every number is a
`Value`; every op's local derivatives live in one table (`autograd.ops.OPS`), read by
`backward()`, the drawings (`autograd.show.viz`), `explain()` and the tests.

Glossary (the lecture's names, used throughout the code):
    w, b      a weight and a bias (parameters: leaves the optimiser changes)
    x         an input; a⁽⁰⁾ = x
    z         a pre-activation, z = Σₖ wₖ·aₖ + b (op ``wsum``)
    a         an activation, a = φ(z) with φ ∈ {σ, tanh, ReLU}
    C         the cost (loss), the root of backward()
    l, k, j   layer, neuron in that layer, input of that neuron
    parents   the inputs of the op that made a node (ordered; ``a*a`` lists ``a`` twice)
    local     a local derivative ∂out/∂parent, from the op table
    upstream  the gradient ∂C/∂out arriving at a node from above
    leaf      a Value not made by an op (input, weight, bias); its grad accumulates
    path      a route w → … → C; ∂C/∂w is the sum over paths of the product of its locals
"""

# The core: a Value, the op table, backward(); then what is built on them.
from autograd.value import Value  # isort: skip  (first: the modules below build on it)
from autograd.compile import Compiled
from autograd.compile import compile as compile  # not in __all__: see below
from autograd.functional import Derivative, derivative, grad, hessian, hvp, jvp
from autograd.modes import is_grad_enabled, no_grad
from autograd.nodes import apply, mean, sum_, weighted_sum
from autograd.ops import OPS, Op
from autograd.show.anomaly import detect_anomaly
from autograd.show.explain import explain
from autograd.show.paths import Path, chain_paths, count_paths, total_derivative
from autograd.show.steps import BackwardStep, backward_steps
from autograd.traps import GradientLostWarning

# `from autograd import *` gives these; not `compile`, which would shadow Python's built-in
# compile() (import it by name: from autograd import compile).
__all__ = [
    "OPS",
    "BackwardStep",
    "Compiled",
    "Derivative",
    "GradientLostWarning",
    "Op",
    "Path",
    "Value",
    "apply",
    "backward_steps",
    "chain_paths",
    "count_paths",
    "derivative",
    "detect_anomaly",
    "explain",
    "grad",
    "hessian",
    "hvp",
    "is_grad_enabled",
    "jvp",
    "mean",
    "no_grad",
    "sum_",
    "total_derivative",
    "weighted_sum",
]
__version__ = "0.1.0"
__chainrule_autograd__ = True  # `nn` checks it: HIPS autograd's __init__.py has no such name

# Last, once our modules are in: HIPS autograd installed into this same folder fails here, loudly.
from autograd._clash import check_folder

check_folder(__file__)
del check_folder
