"""backward_steps: one step per node, the += at shared nodes visible, same result as backward()."""

from __future__ import annotations

import pytest
from hypothesis import given

from autograd import Value, backward_steps
from autograd.strategies import Expression, expressions
from tests.autograd.lecture import lecture_network


def test_steps_end_where_backward_ends() -> None:
    n = lecture_network()
    steps = list(backward_steps(n.C0))
    stepped = {v.label: v.grad for v in steps[-1].order}
    m = lecture_network()
    m.C0.backward()
    assert stepped["W₁"] == pytest.approx(m.W1.grad) and stepped["b₂"] == pytest.approx(m.b2.grad)
    assert len(steps) == len(steps[0].order)
    assert steps[0].node is n.C0 and steps[0].upstream == 1.0


def test_shared_node_accumulation_is_visible() -> None:
    a = Value(3.0, label="a")
    s = a * a
    s.label = "s"
    steps = list(backward_steps(s))
    first = steps[0]
    assert first.node is s
    c0, c1 = first.contributions
    assert (c0.parent, c1.parent) == (a, a)
    assert (c0.local, c0.added, c0.before, c0.after) == (3.0, 3.0, 0.0, 3.0)
    assert (c1.before, c1.after) == (3.0, 6.0)  # the second edge adds to the first: +=
    assert steps[1].node is a and steps[1].contributions == ()
    assert a.grad == 6.0


def test_snapshots_record_grads_per_step() -> None:
    n = lecture_network()
    steps = list(backward_steps(n.C0))
    assert steps[0].grads is not None
    assert steps[0].grads[n.W1] == 0.0
    assert steps[-1].grads is not None and steps[-1].grads[n.W1] != 0.0


@given(expressions(max_leaves=3, max_steps=10))
def test_steps_match_backward_on_random_dags(expr: Expression) -> None:
    a = [Value(x) for x in expr.inputs]
    b = [Value(x) for x in expr.inputs]
    expr.build(*a).backward()
    for _ in backward_steps(expr.build(*b)):
        pass
    assert [v.grad for v in b] == pytest.approx([v.grad for v in a], nan_ok=True)
