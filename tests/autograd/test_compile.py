"""autograd.compile: the generated code gives what eager backward() gives (within 1e-14
relative), reads the parameters' current data on each call, retraces on a new argument
structure, refuses a graph that depends on the data, and reads like the lecture."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value, apply, detect_anomaly
from nn import MLP

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)


def _close(a: float, b: float, scale: float) -> bool:
    return abs(a - b) <= 1e-14 * max(abs(a), abs(b), scale)


def _eager(model: MLP, fn, rows):  # type: ignore[no-untyped-def]
    model.zero_grad()
    C = autograd.mean([fn([Value(v) for v in x], Value(y)) for x, y in rows])
    C.backward()
    return C.data, [p.grad for p in model.parameters()]


def _cost(model: MLP):  # type: ignore[no-untyped-def]
    return lambda x, y: (1 + -y * model(x)).relu()


@given(st.integers(0, 10_000), st.sampled_from(["relu", "tanh", "sigmoid"]))
def test_mean_equals_eager_backward(seed: int, activation: str) -> None:
    rng = random.Random(seed)
    model = MLP(2, [4, 3, 1], activation=activation, seed=seed)  # type: ignore[arg-type]
    fn = _cost(model)
    rows = [([rng.gauss(0, 1), rng.gauss(0, 1)], rng.choice([-1.0, 1.0])) for _ in range(7)]
    C_eager, g_eager = _eager(model, fn, rows)
    model.zero_grad()
    cf = autograd.compile(fn)
    C = cf.mean(rows)
    g = [p.grad for p in model.parameters()]
    scale = max(abs(x) for x in g_eager) or 1.0
    assert _close(C, C_eager, 1.0)
    assert all(_close(a, b, scale) for a, b in zip(g, g_eager))
    assert any(x != 0.0 for x in g)


@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_every_op_compiles_to_its_eager_gradient(op) -> None:  # type: ignore[no-untyped-def]
    # Each table op applied to parameters that feed a small cost: compiled == eager.
    rng = random.Random(3)
    arity = op.arity if op.arity is not None else op.example_arity
    params = [Value(rng.uniform(op.input_domain(k).lo + 0.05, op.input_domain(k).hi - 0.05))
              for k in range(arity)]  # fmt: skip
    c = None
    if op.const:
        d = op.const_domain
        c = 0.5 * (d.lo + d.hi) + 0.3 if d.kinks else rng.uniform(d.lo, d.hi)

    def fn(s: float) -> Value:
        out = apply(op, *params, c=c)
        return out * s + out * out

    eager_C = fn(1.5)
    eager_C.backward()
    expected = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    cf = autograd.compile(fn)
    got_C = cf(1.5)
    assert _close(got_C, eager_C.data, 1.0)
    assert all(_close(a, b, 1.0) for a, b in zip((p.grad for p in params), expected)), cf.source


def test_call_reads_current_parameters_and_accumulates_grads() -> None:
    w = Value(2.0, label="w")
    cf = autograd.compile(lambda x: (w * x).tanh())
    assert cf(0.5) == math.tanh(1.0)
    assert w.grad == pytest.approx(0.5 * (1 - math.tanh(1.0) ** 2), rel=1e-15)
    first = w.grad
    cf(0.5)
    assert w.grad == pytest.approx(2 * first, rel=1e-15)  # added, as backward() does
    w.data = -1.0
    assert cf(0.5) == math.tanh(-0.5)  # the optimiser's update is seen
    assert cf.traces == 1


def test_a_new_argument_structure_retraces() -> None:
    w = Value(0.5)
    cf = autograd.compile(lambda xs: autograd.sum_([w * x for x in xs]))
    assert cf([1.0, 2.0]) == 1.5
    assert cf([1.0, 2.0, 3.0]) == 3.0
    assert cf.traces == 2
    assert w.grad == 3.0 + 6.0


def test_data_dependent_graphs_are_refused() -> None:
    w = Value(1.0)

    def branchy(x: Value) -> Value:
        return w * x if x.data > 0 else (w * x).relu().exp()

    cf = autograd.compile(branchy)
    with pytest.raises(ValueError, match="different graph"):
        cf.mean([(1.0,), (-1.0,)])

    def hidden_number(y: Value) -> Value:
        return w * float(y)  # the number leaves the graph: a constant that changes

    with pytest.raises(ValueError, match="different graph"):
        autograd.compile(hidden_number).mean([(1.0,), (-1.0,)])


def test_detect_anomaly_runs_on_the_engine_and_names_the_op() -> None:
    w = Value(0.0, label="w")
    cf = autograd.compile(lambda x: (w * x).log())
    with detect_anomaly(), pytest.raises(FloatingPointError, match="'log'"):
        cf(1.0)


def test_source_reads_like_the_lecture() -> None:
    model = MLP(2, [2, 1], seed=0)
    cf = autograd.compile(lambda x, y: (model(x) - y) ** 2)
    cf([0.5, 1.0], 1.0)
    src = cf.source
    assert "z1_1 = w1_1_1*x1 + w1_1_2*x2 + b1_1" in src
    assert "a1_1 = relu(z1_1)" in src
    assert "dC_dw1_1_1 += x1*dC_dz1_1" in src
    assert "dC_dz1_1 = (0.0 if z1_1 <= 0.0 else dC_da1_1)" in src
    for bad in ("lambda", "import", "eval"):
        assert bad not in src


def test_compile_takes_functions_only() -> None:
    with pytest.raises(TypeError):
        autograd.compile(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "x", [[math.inf, 0.5], [1e308, 1e308], [math.nan, 0.1], [-math.inf, 1.0], [0.0, 0.0]]
)
def test_non_finite_inputs_give_the_engines_nans_and_infs(x: list[float]) -> None:
    # The zero-upstream guards and ReLU′(nan) = 1 follow the engine at the IEEE edges too.
    model = MLP(2, [4, 4, 1], seed=3)
    fn = _cost(model)
    model.zero_grad()
    C = fn([Value(v) for v in x], Value(1.0))
    C.backward()
    expected = [p.grad for p in model.parameters()]
    model.zero_grad()
    got_C = autograd.compile(fn)(x, 1.0)
    assert got_C == C.data or (math.isnan(got_C) and math.isnan(C.data))
    for a, b in zip((p.grad for p in model.parameters()), expected):
        assert a == b or (math.isnan(a) and math.isnan(b))


def test_mean_rows_must_share_one_structure() -> None:
    w = Value(1.0)
    cf = autograd.compile(lambda x: w * x[0])
    with pytest.raises(ValueError, match="structure of rows"):
        cf.mean([([1.0],), ([1.0, 2.0],), ([3.0],)])


def test_an_op_registered_after_import_compiles() -> None:
    # README "Adding an op": sin is one table entry; compile() must call the table as it is
    # now, not as it was when autograd.compile was imported (it raised NameError: 'sin').
    from autograd.ops import register
    from tests.autograd.test_formulas import README_SIN

    register(README_SIN)
    try:
        w = Value(0.7, label="w")
        cf = autograd.compile(lambda x: apply("sin", w * x))
        assert cf(2.0) == pytest.approx(math.sin(1.4), rel=1e-15)
        assert w.grad == pytest.approx(2.0 * math.cos(1.4), rel=1e-14)
        assert "sin(" in cf.source
    finally:
        del OPS["sin"]  # the table is shared by every other test
