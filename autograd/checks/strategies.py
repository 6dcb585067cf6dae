"""Hypothesis strategies for property-based gradient tests.

``expressions()`` draws random expression DAGs over the op table's ops — with shared
subexpressions, and with every op applied only where its inputs lie inside its domain — so a
property such as "backward() agrees with finite differences" can be checked on thousands of
graphs nobody wrote by hand. Requires the ``hypothesis`` package: the ``testing`` extra,
``pip install 'chainrule-autograd[testing]'`` (without it, importing this module says so).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from autograd.extras import require
from autograd.modes import no_grad
from autograd.nodes import apply
from autograd.notation.names import describe
from autograd.ops import OPS, Domain, Op
from autograd.value import Value

# Without hypothesis: a message naming the extra to install, not a bare ModuleNotFoundError.
require("hypothesis", "autograd.strategies")
from hypothesis import strategies as st  # noqa: E402

__all__ = ["Expression", "expressions", "leaf_values", "op_inputs"]

_MARGIN = 0.05  # how far from a kink or a domain edge a drawn input must stay


@dataclass(frozen=True)
class Step:
    """One node of a recipe: ``op`` applied to earlier nodes ``operands`` (indices)."""

    op: str
    operands: tuple[int, ...]
    c: float | None


@dataclass(frozen=True)
class Expression:
    """A random expression DAG: ``inputs`` (floats for the leaves) and a recipe of steps.

    ``build(*leaves)`` replays the recipe on Values and returns the root; it is what you hand to
    `autograd.checks.gradcheck.gradcheck` together with ``inputs``.
    """

    inputs: tuple[float, ...]
    steps: tuple[Step, ...]

    def build(self, *leaves: Value) -> Value:
        nodes: list[Value] = list(leaves)
        for step in self.steps:
            nodes.append(apply(step.op, *[nodes[i] for i in step.operands], c=step.c))
        return nodes[-1]

    def __repr__(self) -> str:
        names = [f"x{i}" for i in range(len(self.inputs))]
        for step in self.steps:
            names.append(describe(OPS[step.op], [names[i] for i in step.operands], step.c))
        return f"Expression(inputs={self.inputs}, root={names[-1]})"


def _inside(x: float, d: Domain) -> bool:
    if not (d.lo + _MARGIN <= x <= d.hi - _MARGIN):
        return False
    return all(abs(x - k) >= _MARGIN for k in d.kinks)


_DEFAULT = Domain()


def leaf_values(domain: Domain = _DEFAULT) -> st.SearchStrategy[float]:
    """Floats inside ``domain``, away from its edges and kinks."""
    lo, hi = domain.lo + _MARGIN, domain.hi - _MARGIN
    return st.floats(lo, hi, allow_nan=False).filter(lambda x: _inside(x, domain))


@st.composite
def op_inputs(draw: st.DrawFn, op: Op | str) -> tuple[tuple[float, ...], float | None]:
    """Inputs for one op inside its domain, and its constant (or None).

    ``op`` is an `Op` or its name in the table (``op_inputs("tanh")``), as `apply` takes it.
    """
    if isinstance(op, str):
        # A name is what apply() and expressions(ops=…) take, so a test writer passes one here
        # too; an unknown name gets the list of known ones, not a bare KeyError.
        if op not in OPS:
            raise ValueError(f"op_inputs: no op named {op!r}; the table has {', '.join(OPS)}")
        op = OPS[op]
    arity = op.arity if op.arity is not None else op.example_arity
    xs = tuple(draw(leaf_values(op.input_domain(k))) for k in range(arity))
    c = draw(leaf_values(op.const_domain)) if op.const else None
    return xs, c


@st.composite
def expressions(
    draw: st.DrawFn,
    max_leaves: int = 3,
    max_steps: int = 8,
    ops: Sequence[str] | None = None,
) -> Expression:
    """A random expression DAG whose every op sees inputs inside its domain.

    Operands are drawn from *all* earlier nodes, so subexpressions are shared (a node used twice,
    or ``a * a``); the root is the last node. A leaf the root does not use has gradient 0.
    """
    names = list(ops) if ops is not None else sorted(OPS)
    n_leaves = draw(st.integers(1, max_leaves))
    inputs = tuple(draw(leaf_values()) for _ in range(n_leaves))
    values = list(inputs)
    steps: list[Step] = []
    for _ in range(draw(st.integers(1, max_steps))):
        op = OPS[draw(st.sampled_from(names))]
        arity = op.arity if op.arity is not None else op.example_arity
        operands = tuple(draw(st.integers(0, len(values) - 1)) for _ in range(arity))
        if not all(_inside(values[i], op.input_domain(k)) for k, i in enumerate(operands)):
            continue  # this op cannot take these inputs: draw the next step instead
        c = draw(leaf_values(op.const_domain)) if op.const else None
        with no_grad():
            out = apply(op, *[Value(values[i]) for i in operands], c=c).data
        if not abs(out) < 1e6:
            continue
        steps.append(Step(op.name, operands, c))
        values.append(out)
    if not steps:
        steps.append(Step("add_c", (0,), 1.0))
    return Expression(inputs, tuple(steps))
