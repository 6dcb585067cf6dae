"""Exercises with automatic feedback: the student writes the lecture's derivatives, the chain
rule, backward() and a property-based test; the checker says, in the lecture's notation, which
part is wrong and what it should be.

Each exercise is one file the student edits, ``exercises/exNN_name.py`` (a jupytext "percent"
script, so also a notebook, as the demos are): a statement at the top, then a ``...`` marked
``TODO`` wherever an answer goes. Its checker is ``exercises/checks/name.py``; the reference
solutions are in ``exercises/solutions/``. `COMMAND` (``.venv/bin/python -m exercises``, the
one spelling every file and message uses) lists them with their status, ``COMMAND check N``
checks one (see ``COMMAND --help``); in a notebook the last cell of each file calls `check_here`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["COMMAND", "EXERCISES", "FOLDER", "SOLUTIONS", "Exercise", "check_here"]

# How a student runs the checker, as the README says it: from the checkout, with the .venv that
# `make exercises` sets up (a bare `python` there may lack the engine and hypothesis).
COMMAND = ".venv/bin/python -m exercises"

FOLDER = Path(__file__).resolve().parent
SOLUTIONS = FOLDER / "solutions"


@dataclass(frozen=True)
class Exercise:
    """Exercise ``number``: the student's file ``exercises/{stem}.py`` (and its reference
    solution ``exercises/solutions/{stem}.py``), checked by ``exercises.checks.{checker}``.
    ``seconds``: how long the check may take before it is stopped (a loop that never ends)."""

    number: int
    stem: str
    checker: str
    seconds: float = 60.0

    def path(self, solutions: bool = False) -> Path:
        """The file that is checked: the student's, or the reference solution."""
        return (SOLUTIONS if solutions else FOLDER) / f"{self.stem}.py"

    def module(self) -> ModuleType:
        """The checker (its ``TITLE``, ``HINT``, ``ANSWERS`` and ``check``)."""
        return importlib.import_module(f"exercises.checks.{self.checker}")

    @property
    def title(self) -> str:
        return str(self.module().TITLE)


# In the lecture's order: the neuron, its activations and their derivatives, the chain rule on
# the lecture's network, backpropagation as an algorithm, averaging, descent, vanishing
# gradients, and testing a derivative.
EXERCISES: dict[int, Exercise] = {
    e.number: e
    for e in [
        Exercise(1, "ex01_neuron", "neuron"),
        Exercise(2, "ex02_local_derivatives", "local_derivatives"),
        Exercise(3, "ex03_new_op", "new_op"),
        Exercise(4, "ex04_chain_rule_W1", "chain_rule_W1"),
        Exercise(5, "ex05_chain_rule_W2_b2", "chain_rule_W2_b2"),
        Exercise(6, "ex06_topological_order", "topological_order"),
        Exercise(7, "ex07_backward", "backward"),
        Exercise(8, "ex08_average", "average"),
        Exercise(9, "ex09_gradient_descent", "gradient_descent", seconds=180.0),
        Exercise(10, "ex10_vanishing", "vanishing"),
        Exercise(11, "ex11_property_test", "property_test", seconds=120.0),
    ]
}


def check_here(number: int, namespace: dict[str, Any]) -> bool:
    """Check exercise ``number`` on the names defined so far — ``check_here(4, globals())`` in
    the exercise's notebook — and print the feedback. True when it passes."""
    from exercises.runner import check_namespace
    from exercises.verdict import show

    verdict = check_namespace(EXERCISES[number], namespace)
    print(show(EXERCISES[number], verdict, path=None))
    return verdict.passed
