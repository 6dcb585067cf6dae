"""Forward mode against PyTorch's: `autograd.jvp` and ``torch.func.jvp`` (float64), on the
cases where an overflowed or masked local derivative meets a zero or infinite tangent, and on
ordinary inputs for every op of the table."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograd import OPS, Op, Value, apply, jvp
from autograd.checks.strategies import op_inputs
from tests.torch.oracle import TORCH

INF, NAN = math.inf, math.nan


def _theirs(f: Callable[..., torch.Tensor], xs: Sequence[float], ts: Sequence[float]) -> float:
    primals = tuple(torch.tensor(x, dtype=torch.float64) for x in xs)
    tangents = tuple(torch.tensor(t, dtype=torch.float64) for t in ts)
    _, tangent_out = torch.func.jvp(f, primals, tangents)
    return float(tangent_out)


def _ours(op: str, xs: Sequence[float], ts: Sequence[float], c: float | None = None) -> float:
    leaves = [Value(x) for x in xs]
    (t,) = jvp(apply(op, *leaves, c=c), leaves, list(ts))
    return t


# (op, inputs, constant, tangents): the cases, each where PyTorch's forward mode gives an
# exact number that a plain local × tangent misses (0·inf = nan, or 1/x overflowing).
CASES: dict[str, tuple[str, tuple[float, ...], float | None, tuple[float, ...]]] = {
    "x/y at x = y = 1e-320, tangents 0": ("div", (1e-320, 1e-320), None, (0.0, 0.0)),
    "ln x at 5e-324, tangent 0": ("log", (5e-324,), None, (0.0,)),
    "ReLU at -1, tangent inf": ("relu", (-1.0,), None, (INF,)),
    "ReLU at -1, tangent nan": ("relu", (-1.0,), None, (NAN,)),
    "ReLU at 0, tangent -inf": ("relu", (0.0,), None, (-INF,)),
    "x^y at y = 0, tangent inf on x": ("pow", (2.0, 0.0), None, (INF, 0.0)),
    "x^0, tangent inf": ("pow_c", (2.0,), 0.0, (INF,)),
    "ln x at 1e-310, tangent 1e-10": ("log", (1e-310,), None, (1e-10,)),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_jvp_edge_cases_are_pytorchs_numbers(
    case: tuple[str, tuple[float, ...], float | None, tuple[float, ...]],
) -> None:
    op, xs, c, ts = case
    f = TORCH[op]
    theirs = _theirs((lambda *x: f(*x, c)) if c is not None else f, xs, ts)
    ours = _ours(op, xs, ts, c)
    assert ours == theirs, (ours, theirs)
    assert math.isfinite(ours)


# Where a tangent is 0, ours is 0, always: the input does not move. PyTorch's forward formulas
# still multiply or divide the 0 there, and give nan where the local derivative is inf or 0/0.
ZERO_TANGENT_NOT_NAN: dict[str, tuple[str, tuple[float, ...], float | None, tuple[float, ...]]] = {
    "√x at 0": ("sqrt", (0.0,), None, (0.0,)),
    "exp(710) = inf": ("exp", (710.0,), None, (0.0,)),
    "x/y at y = 0": ("div", (1.0, 0.0), None, (0.0, 0.0)),
}


@pytest.mark.parametrize("case", ZERO_TANGENT_NOT_NAN.values(), ids=ZERO_TANGENT_NOT_NAN.keys())
def test_a_zero_tangent_gives_zero_where_pytorch_computes_nan(
    case: tuple[str, tuple[float, ...], float | None, tuple[float, ...]],
) -> None:
    op, xs, c, ts = case
    assert math.isnan(_theirs(TORCH[op], xs, ts))  # so this list stays true
    assert _ours(op, xs, ts, c) == 0.0


ORDINARY_TANGENT = st.floats(-3.0, 3.0, allow_nan=False)


@pytest.mark.parametrize("op", sorted(OPS.values(), key=lambda o: o.name), ids=lambda o: o.name)
@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_jvp_agrees_with_pytorch_on_ordinary_inputs(op: Op, data: st.DataObject) -> None:
    xs, c = data.draw(op_inputs(op))
    ts = [data.draw(ORDINARY_TANGENT) for _ in xs]
    f = TORCH[op.name]
    theirs = _theirs((lambda *x: f(*x, c)) if op.const else f, xs, ts)
    ours = _ours(op.name, xs, ts, c if op.const else None)
    assert ours == pytest.approx(theirs, rel=1e-12, abs=1e-300)
