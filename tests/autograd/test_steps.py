"""backward_steps: one step per node, the += at shared nodes visible, same result as backward()."""

from __future__ import annotations

import pytest
from hypothesis import given

from autograd import OPS, Value, apply, backward_steps, detect_anomaly
from autograd.checks.strategies import Expression, expressions
from autograd.ops import Op
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


def _outcome(run: str, op: Op, xs: list[float], c: float | None) -> tuple[object, ...]:
    """Run one op's backward under detect_anomaly() by ``backward()`` or ``backward_steps()``;
    the outcome is the error message, or every leaf's gradient."""
    leaves = [Value(x, label=f"x{k}") for k, x in enumerate(xs)]
    with detect_anomaly():
        try:
            out = apply(op, *leaves, c=c)
            if run == "backward":
                out.backward()
            else:
                for _ in backward_steps(out):
                    pass
        except FloatingPointError as e:
            return ("raised", str(e))
    return ("grads", *[repr(v.grad) for v in leaves])


EDGE_INPUTS = [0.0, -0.0, 1e-310, 1.0, -1.0, 710.0, -710.0, 1e308]


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=lambda o: o.name)
def test_backward_and_backward_steps_take_the_same_step(op: Op) -> None:
    """One backward step serves both: under detect_anomaly() they raise (or not) alike, with the
    same message, on every table op at inputs where local derivatives overflow (√0, 1/0, …)."""
    n = op.arity if op.arity is not None else op.example_arity
    c = op.default_const if op.default_const is not None else (2.0 if op.const else None)
    seen_raise = False
    for x in EDGE_INPUTS:
        xs = [x] * n
        a, b = _outcome("backward", op, xs, c), _outcome("steps", op, xs, c)
        assert a == b, (op.name, x)
        seen_raise |= a[0] == "raised"
    if op.name in ("sqrt", "log", "rdiv_c", "div"):
        assert seen_raise, f"{op.name}: expected an anomaly at some edge input"
