"""The lecture, runnable: one short script per idea, each also a notebook (jupytext percent
format). ``python -m demos`` plays them all; see ``python -m demos --help``.

Each demo's number in the lecture (5, 5b, …) is written once, in its notebook heading
(``# # 5. The chain rule …``); `lecture_number` reads it there, and the demo's files carry it
as their prefix (``05_chain_rule_W1.svg``)."""

import re
from pathlib import Path

DEMOS: dict[str, str] = {
    "neuron": "The artificial neuron: z = Σ w·x + b, a = φ(z)",
    "activations": "Sigmoid, tanh, ReLU and their derivatives (by backward())",
    "nonlinear": "Why non-linearity: a line vs an MLP on data no line separates",
    "forward": "Forward propagation, layer by layer",
    "chain_rule": "The chain rule on the lecture's network: ∂C₀/∂W₂, ∂C₀/∂b₂, ∂C₀/∂W₁",
    "nudge": "What a derivative is: the effect of a small nudge of W₁ on C₀",
    "many_paths": "Many paths: ∂C/∂w is the sum over paths",
    "average": "The gradient averaged over the data set, and one descent step",
    "update": "The update slide: [∂C/∂W₁, ∂C/∂b₁, ∂C/∂W₂, ∂C/∂b₂] and four updates",
    "learning_rate": "The learning rate η: too small, good, too large on the cost surface",
    "train": "Gradient descent on two moons",
    "vanishing": "Vanishing and exploding gradients: the factor w·φ′(z), saturation, init",
    "backward_steps": "The backward pass, one step at a time",
    "why_backward": "Why backward: forward vs reverse mode, counted; the derivative as a graph",
    "explore": "The explorer: click a weight, see every path to C; replay training",
    "compiled": "Backpropagation written out as code: autograd.compile",
}


_HEADING = re.compile(r"^# # (\d+[a-z]?)\. ", re.MULTILINE)


def lecture_number(name: str) -> str:
    """The demo's number in the lecture, "5" or "5b", from its notebook heading in
    ``demos/NAME.py`` (``# # 5b. What a derivative is: the nudge``)."""
    source = (Path(__file__).parent / f"{name}.py").read_text(encoding="utf-8")
    found = _HEADING.search(source)
    if found is None:
        raise ValueError(f"demos/{name}.py has no numbered heading '# # N. …' in its first cell")
    return found.group(1)
