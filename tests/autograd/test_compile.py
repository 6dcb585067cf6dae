"""autograd.compile: the generated code gives what eager backward() gives, bit for bit, reads the
parameters' current data on each call, retraces on a new argument structure, follows a graph
that depends on the data by its guards, and reads like the lecture. (Random graphs:
test_compile_fuzz.py.)"""

from __future__ import annotations

import math
import random
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import OPS, Value, apply, detect_anomaly
from nn import MLP

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)


def _close(a: float, b: float, scale: float = 0.0) -> bool:
    """Equal bit for bit (nan is nan): the contract leaves no tolerance."""
    return struct.pack("<d", a) == struct.pack("<d", b) or (a != a and b != b)


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
    assert "z1_1 = b1_1 + w1_1_1 * x1 + w1_1_2 * x2" in src  # the table's z = b, += w·a
    assert "a1_1 = 0.0 if z1_1 < 0.0 else z1_1" in src  # ReLU's forward rule, inlined
    assert "dC_dw1_1_1 += x1 * dC_dz1_1" in src  # ∂z/∂w = x, times the upstream
    assert "dC_dz1_1 = 0.0 if z1_1 <= 0.0 else dC_da1_1" in src  # ReLU's masked backward
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


# --- issue 20's cases: each gave another number than backward(), or crashed -----------------


def _eager_and_compiled(fn, args, params, start=0.0):  # type: ignore[no-untyped-def]
    for p in params:
        p.grad = start
    C = fn(*[Value(a) for a in args])
    C.backward()
    eager = (C.data, [p.grad for p in params])
    for p in params:
        p.grad = start
    cf = autograd.compile(fn)
    got = (cf(*args), [p.grad for p in params])
    return eager, got, cf


def _same(a: tuple[float, list[float]], b: tuple[float, list[float]]) -> bool:
    return _close(a[0], b[0]) and all(_close(x, y) for x, y in zip(a[1], b[1]))


@pytest.mark.parametrize(
    "make",
    [
        lambda w: lambda x: w * x * math.inf,
        lambda w: lambda x: w * x * Value(math.inf),  # a Value(inf) made inside fn
        lambda w: lambda x: (w * x) / 1e-310,  # the folded 1/c overflows
        lambda w: lambda x: w * x + Value(math.nan),
        lambda w: lambda x: (w * x) ** -math.inf,
    ],
    ids=["times-inf", "Value(inf)", "div-1e-310", "plus-nan", "pow-minus-inf"],
)
def test_non_finite_constants_compile(make) -> None:  # type: ignore[no-untyped-def]
    w = Value(2.0, label="w")
    eager, got, _ = _eager_and_compiled(make(w), [3.0], [w])
    assert _same(eager, got), (eager, got)


def test_fit_with_an_infinite_target_stops_with_divergence_error() -> None:
    from nn import DivergenceError, fit

    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(DivergenceError):
        fit(model, [[0.1, 0.2], [0.3, -0.1]], [1.0, math.inf], loss="mse", compile=True,
            epochs=2, progress=False)  # fmt: skip


def test_masks_are_the_ops_own() -> None:
    # The example: (a·x^p − y)² over three rows; x = 0 makes ∂(x^p)/∂p = 0 (masked).
    a, p = Value(1.5), Value(2.0)
    rows = [(0.0, 0.0), (1.0, 1.2), (2.0, 3.9)]
    C = autograd.mean([(a * Value(x) ** p - Value(y)) ** 2 for x, y in rows])
    C.backward()
    eager = (C.data, a.grad, p.grad)
    a.grad = p.grad = 0.0
    got = (autograd.compile(lambda x, y: (a * x**p - y) ** 2).mean(rows), a.grad, p.grad)
    assert got == eager
    assert p.grad == pytest.approx(5.8224, abs=1e-4)
    for fn, x in [(lambda x: x ** Value(0.0), 0.0), (lambda x: Value(0.0) ** x, 2.0)]:
        w = Value(1.0)
        g = lambda x, fn=fn, w=w: fn(x) * w  # noqa: E731
        eager2, got2, _ = _eager_and_compiled(g, [x], [w])
        assert _same(eager2, got2)


def test_division_by_a_tiny_number_divides_the_upstream() -> None:
    # upstream / y, not upstream · (1/y): with y = 1e−310 and upstream 1e−20 that is 1e290.
    w = Value(1.0, label="w")
    eager, got, _ = _eager_and_compiled(lambda x: (w / x) * 1e-20, [1e-310], [w])
    assert _same(eager, got) and got[1][0] == pytest.approx(1e290)


def test_tanh_derivative_is_rounded_once_as_in_backward() -> None:
    w = Value(8.9 / 2.0, label="w")
    eager, got, cf = _eager_and_compiled(lambda x: (w * x).tanh(), [2.0], [w])
    assert _same(eager, got), (eager, got)
    assert "_one_minus_square(" in cf.source  # tanh's own partial, not 1.0 - t*t


def test_abs_of_nan_has_the_tables_sign() -> None:
    a, p = Value(2.0), Value(math.nan)
    eager, got, _ = _eager_and_compiled(lambda x: abs(a * p) * x, [1.0], [a, p])
    assert _same(eager, got) and got[1][1] == 0.0


def test_labels_and_parameter_names_cannot_capture_generated_names() -> None:
    w = Value(3.0, label="w")

    def labelled(x: Value) -> Value:
        t = w * x
        t.label = "dC_dw"  # the name the gradient of w would get
        return t * w

    eager, got, cf = _eager_and_compiled(labelled, [2.0], [w])
    assert _same(eager, got) and got[1] == [12.0]
    b = Value(1.0, label="b")

    def named(x: Value, dC_db: Value) -> Value:  # a parameter of fn named like ∂C/∂b
        return b * x + dC_db * b

    eager, got, _ = _eager_and_compiled(named, [2.0, 3.0], [b])
    assert _same(eager, got) and got[1] == [5.0]
    i = Value(3.0, label="inf")  # a parameter labelled like the constant
    eager, got, cf = _eager_and_compiled(lambda x: i * x * math.inf, [1.0], [i])
    assert _same(eager, got) and got[0] == math.inf
    for label in ("_P", "_rows", "_seed", "_i", "lambda", "None", "__builtins__"):
        v = Value(1.0, label=label)
        eager, got, cf = _eager_and_compiled(lambda x, v=v: v * x + x, [2.0], [v])
        assert _same(eager, got), (label, cf.source)


def test_accumulates_onto_existing_grads_in_backwards_order() -> None:
    model = MLP(2, [3, 1], activation="tanh", seed=5)
    fn = _cost(model)
    rows = [([0.3, -1.2], 1.0), ([2.0, 0.5], -1.0), ([-0.7, 0.1], 1.0)]
    for p in model.parameters():
        p.grad = 0.1 * p.data
    C = autograd.mean([fn([Value(v) for v in x], Value(y)) for x, y in rows])
    C.backward()
    eager = [p.grad for p in model.parameters()]
    for p in model.parameters():
        p.grad = 0.1 * p.data
    autograd.compile(fn).mean(rows)
    assert [p.grad for p in model.parameters()] == eager


def test_a_value_made_outside_fn_is_read_as_backward_reads_it() -> None:
    w = Value(0.7, label="w")
    X = w * w  # not a leaf: made before fn, its .data is not recomputed by backward() either
    fn = lambda x: (w * x) * X + X.tanh()  # noqa: E731
    rows = [(0.3,), (1.2,), (-2.0,)]
    w.grad = 0.1
    C = autograd.mean([fn(Value(r[0])) for r in rows])
    C.backward()
    eager = (C.data, w.grad)
    w.grad = 0.1
    assert (autograd.compile(fn).mean(rows), w.grad) == eager
