"""Backpropagation step by step, as the lecture does it: "from the last to the first layer".

Each step is at one node the lecture names — C, or a node an op computed that has a label (z₂,
a₁, …) — and passes its upstream gradient ∂C/∂node to its parents: parent.grad += (local
derivative) × (upstream). The unnamed op nodes just above it (the ``W₂·a₁`` inside
z₂ = W₂·a₁ + b₂) belong to its step, and so does every leaf whose gradient it completes: a leaf
(a weight, a bias, an input) has nothing to pass on, so it gets no step of its own — it is
*final* in the step of its last consumer. ``by="op"`` gives every op node a step of its own.

The steps go layer by layer: of the nodes ready next, the one nearest C (fewest edges on its
longest route to C) comes first, so each layer is finished before the previous one starts (W₂
and b₂ final before anything of layer 1). Where a node has several users, they take their turns
in `Value.backward`'s order, so every ``+=`` adds the same floats in the same order and every
``.grad`` ends bit for bit as backward() leaves it. The step itself is
`autograd.backward.backward_step`, the very one backward() runs (also under detect_anomaly()).
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, overload

from autograd.backward import backward_step, seed, topological_order
from autograd.fast_backward import one_at_a_time
from autograd.modes import _mode
from autograd.notation.names import looks_like_data, node_name
from autograd.show.text import counted, number, step_text
from autograd.traps import as_float
from autograd.value import Value

__all__ = ["BackwardStep", "BackwardSteps", "By", "Contribution", "backward_steps"]

By = Literal["name", "op"]


@dataclass(frozen=True, repr=False)
class Contribution:
    """What one step added to one parent, along the edge ``parent`` → ``child`` (``slot``: the
    parent's place among the child's inputs): ``added`` = ``local`` × ``upstream`` (= ∂C/∂child);
    ``before``/``after`` are that parent's grad around the ``+=``."""

    parent: Value
    slot: int
    local: float
    added: float
    before: float
    after: float
    child: Value
    upstream: float

    def __repr__(self) -> str:
        return (
            f"<Contribution: {node_name(self.parent)}.grad += {number(self.added)}: "
            f"{number(self.before)} → {number(self.after)}>"
        )


@dataclass(frozen=True, eq=False, repr=False)
class BackwardStep:
    """Step ``index`` (0 = the first, at the root) of the backward pass from ``root``: at
    ``node``, whose gradient is ``upstream`` = ∂root/∂node. ``nodes``: the op nodes the step
    processes, ``node`` first, then the unnamed ones that belong to it; ``contributions``: every
    ``+=`` they made, in order; ``finalised``: the leaves whose gradient is complete after this
    step. ``order`` is the order in which every node is processed (a reverse topological order:
    each node after all its users; a leaf where it is finalised); ``grads`` every node's grad
    right after this step. ``print(step)`` shows it in one line: ``step 3 of 5: at z₂,
    ∂C₀/∂z₂ = −0.29 flows to W₂, a₁, b₂, times each edge's local derivative; final: W₂, b₂``."""

    index: int
    root: Value
    node: Value
    upstream: float
    contributions: tuple[Contribution, ...]
    order: tuple[Value, ...]
    _run: _Run
    nodes: tuple[Value, ...] = ()
    finalised: tuple[Value, ...] = ()

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
    def inputs(self) -> tuple[Value, ...]:
        """The nodes this step's gradient flows to, outside the step, each once, as the formula
        reads them: z₂ = W₂·a₁ + b₂'s step flows to W₂, a₁ and b₂ (through the unnamed W₂·a₁)."""
        return _reading_order(self.node, set(self.nodes))

    @property
    def data(self) -> tuple[Value, ...]:
        """The leaves finalised here that are data (`autograd.notation.names.looks_like_data`:
        x, y): their gradient is computed but never used to update them."""
        return tuple(v for v in self.finalised if looks_like_data(v))

    @property
    def by(self) -> By:
        """ "name": a step per named node (the lecture's); "op": a step per op node."""
        return self._run.by

    @property
    def run(self) -> tuple[BackwardStep, ...]:
        """Every step of the pass this step belongs to, in the order they ran
        (``step.run[step.index] is step``): what a drawing of the step needs around it."""
        return tuple(self._run.steps)

    def __str__(self) -> str:
        k, n = self.index + 1, len(self._run.steps)
        data = self.data
        final = [v for v in self.finalised if v not in data]
        return step_text(
            k, self.node, self.upstream, self.root, self.inputs, of=n, final=final, data=data
        )

    def __repr__(self) -> str:
        return f"<BackwardStep {str(self).removeprefix('step ')}>"


@dataclass(frozen=True)
class _Run:
    """What the steps of one pass share: every grad before the first step, the steps, and how
    they are grouped."""

    start: dict[Value, float]
    steps: list[BackwardStep]
    by: By = "name"


class BackwardSteps(Sequence[BackwardStep]):
    """Every step of one backward pass, in the order it ran: ``len(steps)``, ``steps[3]``,
    ``steps[-1]``, and ``for step in steps`` as often as you like (it is not a one-shot
    generator). In a REPL it shows as one line; ``for s in steps: print(s)`` lists them."""

    __slots__ = ("_steps", "by", "root")

    def __init__(self, root: Value, steps: Sequence[BackwardStep], by: By = "name") -> None:
        self.root = root
        self.by = by
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
        per = "one per named node" if self.by == "name" else "one per op node"
        return (
            f"<BackwardSteps: {counted(len(self._steps), 'step')} of backward() from "
            f"{node_name(self.root)}, {per}, layer by layer; steps[i] is one (print it, or draw "
            f"it with autograd.viz.draw_step); for s in steps: print(s) lists them>"
        )


def backward_steps(root: Value, gradient: float = 1.0, *, by: By = "name") -> BackwardSteps:
    """Run ``root.backward(gradient)`` step by step and return every step: a `BackwardSteps`
    sequence of `BackwardStep`, to index, count and iterate again.

    ``by="name"`` (the lecture's steps): one step at the root and at each labelled node an op
    computed, the unnamed op nodes between them processed within the step of the named node
    they feed; ``by="op"``: one step per op node. Either way a leaf gets no step: it is final
    (``step.finalised``) in the step of its last consumer. The steps go layer by layer (see the
    module). The whole pass runs now: afterwards every ``.grad`` is exactly, bit for bit, as
    ``root.backward()`` leaves it (leaves accumulate, intermediate nodes are recomputed);
    ``step.grads`` says what each grad was right after that step.
    """
    if by not in ("name", "op"):
        raise ValueError(f"backward_steps(by={by!r}): by is 'name' (the lecture's) or 'op'")
    with one_at_a_time:  # as backward(): one pass at a time, from any thread
        return _steps(root, as_float(gradient, "backward_steps(gradient)"), by)


def _layered(root: Value, order: list[Value], by: By) -> list[tuple[Value, list[Value]]]:
    """The steps' heads, each with the nodes processed in its step (head first; leaves last, in
    the step that finalises them). Kahn's algorithm over two kinds of "before": a user before
    its parent, and a node's users in backward()'s order (so each .grad sums its terms as
    backward() does); of the nodes ready, unnamed op nodes and leaves join the current step,
    and a new step starts at the ready head nearest C (longest route), then backward()'s order."""
    backward_order = order[::-1]
    position = {v: i for i, v in enumerate(backward_order)}
    depth = {root: 0}
    users: dict[Value, list[Value]] = {v: [] for v in order}
    for v in backward_order:  # each node after all its users: its depth is complete
        for p in v.parents:
            depth[p] = max(depth.get(p, 0), depth[v] + 1)
            if not users[p] or users[p][-1] is not v:
                users[p].append(v)
    waiting = {v: 0 for v in order}  # how many nodes must come before v
    after: dict[Value, list[Value]] = {v: [] for v in order}
    for p, us in users.items():
        for u in us:  # a user before its parent
            after[u].append(p)
            waiting[p] += 1
        for u, nxt in itertools.pairwise(us):  # the users of p one after another, as backward()
            after[u].append(nxt)
            waiting[nxt] += 1

    def head(v: Value) -> bool:
        return v is root or (bool(v.parents) and (by == "op" or v.label is not None))

    heads: list[tuple[int, int, int]] = []  # (depth, position, id) of ready heads
    joining: list[tuple[int, int, int]] = []  # ready unnamed op nodes and leaves
    by_id = {id(v): v for v in order}

    def ready(v: Value) -> None:
        heapq.heappush(heads if head(v) else joining, (depth[v], position[v], id(v)))

    ready(root)
    steps: list[tuple[Value, list[Value]]] = []
    while heads or joining:
        if joining and steps:
            v = by_id[heapq.heappop(joining)[2]]
            steps[-1][1].append(v)
        else:
            v = by_id[heapq.heappop(heads)[2]]
            steps.append((v, [v]))
        for nxt in after[v]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready(nxt)
    return steps


def _reading_order(head: Value, inside: set[Value]) -> tuple[Value, ...]:
    """The nodes outside ``inside`` that ``head`` reads, through the nodes inside, depth first
    and in slot order: z₂ = W₂·a₁ + b₂ reads W₂, a₁, b₂."""
    out: dict[Value, None] = {}
    seen = {head}
    stack = [iter(head.parents)]
    while stack:
        p = next(stack[-1], None)
        if p is None:
            stack.pop()
        elif p in inside:
            if p not in seen:
                seen.add(p)
                stack.append(iter(p.parents))
        else:
            out.setdefault(p)
    return tuple(out)


def _steps(root: Value, gradient: float, by: By) -> BackwardSteps:
    order = topological_order(root)
    seed(order, root, gradient)
    groups = _layered(root, order, by)
    processed = tuple(v for _, members in groups for v in members)
    run = _Run({u: u.grad for u in order}, [], by)
    checker = _mode.anomaly
    for index, (head, members) in enumerate(groups):
        upstream = head.grad
        contributions: list[Contribution] = []
        for v in members:
            if not v.parents:
                continue
            up = v.grad
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
                contributions.append(Contribution(p, slot, d, a, b, running[p], v, up))
        ops = tuple(v for v in members if v.parents) or (head,)
        reads = {v: i for i, v in enumerate(_reading_order(head, set(ops)))}
        leaves = tuple(
            sorted((v for v in members if not v.parents), key=lambda v: reads.get(v, len(reads)))
        )
        step = BackwardStep(
            index, root, head, upstream, tuple(contributions), processed, run, ops, leaves
        )
        run.steps.append(step)
    return BackwardSteps(root, run.steps, by)
