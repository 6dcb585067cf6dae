"""Backpropagation one node at a time, so the student can watch the chain rule work.

Each step takes one node in reverse topological order and passes its upstream gradient ∂C/∂node
to its parents: parent.grad += (local derivative) × (upstream). Where a node is used twice, the
second step's ``+=`` is visible as a contribution added to a gradient that was already nonzero.
The step itself is `autograd.backward.backward_step`, the very one `Value.backward()` runs, so the
two can never disagree (not even under `detect_anomaly()`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from autograd.backward import backward_step, seed, topological_order
from autograd.fast_backward import one_at_a_time
from autograd.modes import _mode
from autograd.notation.names import node_name
from autograd.show.text import counted, number, step_text
from autograd.traps import as_float
from autograd.value import Value

__all__ = ["BackwardStep", "BackwardSteps", "Contribution", "backward_steps"]


@dataclass(frozen=True, repr=False)
class Contribution:
    """What one step added to one parent: ``added`` = ``local`` × upstream; ``before``/``after``
    are that parent's grad around the ``+=``."""

    parent: Value
    slot: int
    local: float
    added: float
    before: float
    after: float

    def __repr__(self) -> str:
        return (
            f"<Contribution: {node_name(self.parent)}.grad += {number(self.added)}: "
            f"{number(self.before)} → {number(self.after)}>"
        )


@dataclass(frozen=True, eq=False, repr=False)
class BackwardStep:
    """Step ``index`` (0 = the root) of the backward pass from ``root``: at ``node``, whose
    gradient is ``upstream`` = ∂root/∂node, the ``contributions`` to its parents. ``order`` is
    the reverse topological order the steps follow; ``grads`` every node's grad right after
    this step. ``print(step)`` shows it in one line: ``step 4 of 14: at a₂, ∂C₀/∂a₂ = −1.22
    flows to z₂ (× each local derivative)``."""

    index: int
    root: Value
    node: Value
    upstream: float
    contributions: tuple[Contribution, ...]
    order: tuple[Value, ...]
    _run: _Run

    @property
    def grads(self) -> dict[Value, float]:
        """Every node's grad right after this step: the grads the pass started from, with each
        ``+=`` of steps 0 … ``index`` applied (its ``after``: the very float backward() holds)."""
        grads = dict(self._run.start)
        for step in self._run.steps[: self.index + 1]:
            for c in step.contributions:
                grads[c.parent] = c.after
        return grads

    @property
    def run(self) -> tuple[BackwardStep, ...]:
        """Every step of the pass this step belongs to, in the order they ran
        (``step.run[step.index] is step``): what a drawing of the step needs around it."""
        return tuple(self._run.steps)

    def __str__(self) -> str:
        inputs = [c.parent for c in self.contributions]
        k, n = self.index + 1, len(self.order)
        return step_text(k, self.node, self.upstream, self.root, inputs, of=n)

    def __repr__(self) -> str:
        return f"<BackwardStep {str(self).removeprefix('step ')}>"


@dataclass(frozen=True)
class _Run:
    """What the steps of one pass share: every grad before the first step, and the steps."""

    start: dict[Value, float]
    steps: list[BackwardStep]


class BackwardSteps(Sequence[BackwardStep]):
    """Every step of one backward pass, in the order it ran: ``len(steps)``, ``steps[3]``,
    ``steps[-1]``, and ``for step in steps`` as often as you like (it is not a one-shot
    generator). In a REPL it shows as one line; ``for s in steps: print(s)`` lists them."""

    __slots__ = ("_steps", "root")

    def __init__(self, root: Value, steps: Sequence[BackwardStep]) -> None:
        self.root = root
        self._steps = tuple(steps)

    @overload
    def __getitem__(self, i: int) -> BackwardStep: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[BackwardStep, ...]: ...

    def __getitem__(self, i: int | slice) -> BackwardStep | tuple[BackwardStep, ...]:
        return self._steps[i]

    def __len__(self) -> int:
        return len(self._steps)

    def __iter__(self) -> Iterator[BackwardStep]:
        return iter(self._steps)

    def __repr__(self) -> str:
        return (
            f"<BackwardSteps: {counted(len(self._steps), 'step')} of backward() from "
            f"{node_name(self.root)}, one per node; steps[i] is one (print it, or draw it with "
            f"autograd.show.viz.draw_step); for s in steps: print(s) lists them>"
        )


def backward_steps(root: Value, gradient: float = 1.0) -> BackwardSteps:
    """Run ``root.backward(gradient)`` one node at a time and return every step: a
    `BackwardSteps` sequence of `BackwardStep`, one per node, to index, count and iterate again.

    The whole pass runs now: afterwards every ``.grad`` is exactly as ``root.backward()`` leaves
    it (leaves accumulate, intermediate nodes are recomputed); ``step.grads`` says what each
    grad was right after that step. Leaves get a step too, with no contributions: at that point
    their gradient is final.
    """
    with one_at_a_time:  # as backward(): one pass at a time, from any thread
        return _steps(root, as_float(gradient, "backward_steps(gradient)"))


def _steps(root: Value, gradient: float) -> BackwardSteps:
    order = topological_order(root)
    seed(order, root, gradient)
    reverse = tuple(reversed(order))
    run = _Run({u: u.grad for u in order}, [])
    checker = _mode.anomaly
    for index, v in enumerate(reverse):
        upstream = v.grad
        contributions: list[Contribution] = []
        if v.parents:
            before = {p: p.grad for p in v.parents}
            local = v.local_derivatives()
            added = backward_step(v)
            if checker is not None:
                checker.backward(v)
            # Replay the += slot by slot (same order, same float additions) to show, for a parent
            # used twice, its grad between the two additions.
            running = dict(before)
            for slot, (p, d, a) in enumerate(zip(v.parents, local, added)):
                b = running[p]
                running[p] = b + a
                contributions.append(Contribution(p, slot, d, a, b, running[p]))
        run.steps.append(BackwardStep(index, root, v, upstream, tuple(contributions), reverse, run))
    return BackwardSteps(root, run.steps)
