"""``autograd.compile(fn, backend="numpy")``: the generated lines run on columns of samples.
``cf.mean(rows)`` returns the mean cost and adds each parameter's gradient as the engine does,
within 1e-12 relatively (numpy's exp/log/tanh are not correctly rounded and its sums are
pairwise); a graph that follows the data is refused, naming the line; numpy is imported only
by this backend."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value
from autograd.compile import DataDependentError
from autograd.strategies import Expression, expressions
from nn import MLP
from nn.datasets import moons

pytest.importorskip("numpy", reason="backend='numpy' needs numpy (the dev extra has it)")

X, Y = moons(n=60, noise=0.1, seed=11, labels="pm1")
ROWS = [(x, float(y)) for x, y in zip(X, Y)]


def _close(a: float, b: float, scale: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12 * scale)


def _both(make: Callable[[Any], Callable[..., Value]], params: Callable[[Any], list[Value]],
          models: tuple[Any, Any], rows: list[Any], all_zero: bool = False) -> None:  # fmt: skip
    eager_model, model = models
    want = autograd.mean([make(eager_model)(*[_values(a) for a in r]) for r in rows])
    want.backward()
    cf = autograd.compile(make(model), backend="numpy")
    got = cf.mean(rows)
    wanted = [p.grad for p in params(eager_model)]
    # a gradient that sums ±1/n to nearly 0 is as close as the terms' size allows
    scale = max([abs(g) for g in wanted] + [1.0 / len(rows)])
    assert _close(got, want.data, abs(want.data))
    assert all(_close(g, w, scale) for g, w in zip((p.grad for p in params(model)), wanted))
    assert all_zero or any(w != 0.0 for w in wanted)


def _values(a: Any) -> Any:
    return [Value(x) for x in a] if isinstance(a, (list, tuple)) else Value(a)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_the_mean_and_the_gradient_are_the_engine_s_within_1e_12(activation: str) -> None:
    models = (MLP(2, [8, 8, 1], seed=4, activation=activation),
              MLP(2, [8, 8, 1], seed=4, activation=activation))  # fmt: skip
    _both(lambda m: lambda x, y: (1 + -y * m(x)).relu(), lambda m: m.parameters(), models, ROWS)
    models = (MLP(2, [8, 1], seed=5, activation=activation),
              MLP(2, [8, 1], seed=5, activation=activation))  # fmt: skip
    _both(lambda m: lambda x, y: (m(x) - y) ** 2, lambda m: m.parameters(), models, ROWS)


@settings(deadline=None)
@given(
    nin=st.integers(1, 4),
    widths=st.lists(st.integers(1, 5), min_size=1, max_size=3),
    activation=st.sampled_from(["relu", "tanh", "sigmoid"]),
    loss=st.sampled_from(["hinge", "square"]),
    seed=st.integers(0, 2**16),
)
def test_random_mlps_are_the_engine_s_within_1e_12(
    nin: int, widths: list[int], activation: str, loss: str, seed: int
) -> None:
    """Layers as matrix products, any depth and width (a layer of one neuron too)."""
    import random

    rng = random.Random(seed)
    rows = [([rng.uniform(-2, 2) for _ in range(nin)], rng.choice([-1.0, 1.0]))
            for _ in range(rng.randint(1, 25))]  # fmt: skip

    def make(m: Any) -> Callable[..., Value]:
        if loss == "hinge":
            return lambda x, y: (1 + -y * m(x)).relu() if widths[-1] == 1 else \
                (1 + -y * m(x)[0]).relu()  # fmt: skip
        return lambda x, y: sum((o - y) ** 2 for o in (m(x) if widths[-1] > 1 else [m(x)]))

    models = tuple(MLP(nin, widths, seed=seed, activation=activation) for _ in range(2))
    _both(make, lambda m: m.parameters(), models, rows, all_zero=True)  # a dead ReLU may


@given(expressions(max_leaves=3, max_steps=10))
def test_random_graphs_are_the_engine_s_within_1e_12(expr: Expression) -> None:
    """Any op of the table, shared subexpressions, no layers: the first leaf a parameter, the
    others the data, on four rows near the drawn inputs."""
    if len(expr.inputs) < 2:
        return
    rows = [tuple(x * (1 + 1e-3 * k) for x in expr.inputs[1:]) for k in range(4)]
    w, mine = Value(expr.inputs[0]), Value(expr.inputs[0])
    try:
        C = autograd.mean([expr.build(w, *[Value(x) for x in r]) for r in rows])
        C.backward()
    except (ValueError, ZeroDivisionError, OverflowError):
        return  # outside an op's domain on these rows: nothing to compare
    if not (math.isfinite(C.data) and math.isfinite(w.grad)):
        return
    got = autograd.compile(lambda *xs: expr.build(mine, *xs), backend="numpy").mean(rows)
    assert _close(got, C.data, max(1.0, abs(C.data)))
    assert _close(mine.grad, w.grad, max(1.0, abs(w.grad)))


def _mlp_source(model: Any) -> str:
    cf = autograd.compile(lambda x, y: (1 + -y * model(x)).relu(), backend="numpy")
    cf.mean(ROWS[:3])
    return cf.source


def test_a_layer_is_one_matrix_product() -> None:
    """MLP(2, [8, 8, 1]): three products forward, z = A·W + b; the ReLUs one line a layer."""
    source = _mlp_source(MLP(2, [8, 8, 1], seed=4))
    forward = source.split("# backpropagation")[0]
    assert forward.count("_dot(") == 3
    # two layers' ReLUs and the hinge, one line each: numpy.maximum where it is the rule
    assert forward.count("_where(") + forward.count("_maximum(") == 3
    assert "w1_1_1" not in source  # no weight by itself: all in W


def test_layers_read_in_other_ways() -> None:
    """A block member read as a column of its own, a layer whose inputs are not one block,
    a weight shared by two neurons, a parameter also used outside the layers (an L2 term),
    the root a layer's z: the engine's numbers within 1e-12."""

    def make(m: Any) -> Callable[..., Value]:
        def fn(x: Value, y: Value) -> Value:
            h = m.layers[0](x)
            z = m.layers[1]([h[1], h[0], x[0] * h[2]])
            return (z - y) ** 2 + h[0] * h[1] + 1e-3 * sum(p * p for p in m.parameters())

        return fn

    def shared(m: Any) -> Any:
        m.layers[0].neurons[1].w[0] = m.layers[0].neurons[0].w[0]  # one weight, two neurons
        return m

    models = (shared(MLP(2, [3, 1], seed=9, activation="tanh")),
              shared(MLP(2, [3, 1], seed=9, activation="tanh")))  # fmt: skip
    _both(make, lambda m: m.parameters(), models, ROWS)
    models = (MLP(2, [4, 1], seed=7), MLP(2, [4, 1], seed=7))
    _both(lambda m: lambda x, y: m(x), lambda m: m.parameters(), models, ROWS)


def test_a_parameter_shared_by_two_layers() -> None:
    """One weight and one bias in two layers: listed once per layer, its gradient is added
    once per layer, as the engine's two edges add it."""

    def shared(m: Any) -> Any:
        first, second = m.layers[0].neurons[0], m.layers[1].neurons[2]
        second.w[1], second.b = first.w[0], first.b
        return m

    models = (shared(MLP(2, [3, 3, 1], seed=12)), shared(MLP(2, [3, 3, 1], seed=12)))
    _both(lambda m: lambda x, y: (1 + -y * m(x)).relu(), lambda m: m.parameters(), models, ROWS)


def test_arrays_and_parameters_changed_between_calls() -> None:
    """The same arrays again, changed in place, and the parameters changed: each call reads
    them anew. 697 parameters: more than one unrolled function reads and adds them."""
    import numpy as np

    X = np.array([x for x, _ in ROWS])
    Y = np.array([y for _, y in ROWS])
    eager_model, model = MLP(2, [24, 24, 1], seed=6), MLP(2, [24, 24, 1], seed=6)
    cf = autograd.compile(lambda x, y: (1 + -y * model(x)).relu(), backend="numpy")
    assert len(model.parameters()) == 697
    for step in range(3):
        for m in (eager_model, model):
            m.zero_grad()
            for p in m.parameters():
                p.data *= 1.0 + 0.1 * step
        X *= 1.5  # in place: the same array, new numbers
        got = cf.mean(columns=(X, Y))
        rows = [(list(x), float(y)) for x, y in zip(X.tolist(), Y.tolist())]
        want = autograd.mean([(1 + -Value(y) * eager_model(_values(x))).relu() for x, y in rows])
        want.backward()
        wanted = [p.grad for p in eager_model.parameters()]
        scale = max([abs(g) for g in wanted] + [1.0 / len(rows)])
        assert _close(got, want.data, abs(want.data))
        assert all(_close(p.grad, w, scale) for p, w in zip(model.parameters(), wanted))
        assert any(w != 0.0 for w in wanted)


def test_the_seed_arrays_kept_keep_the_sign_of_zero() -> None:
    from autograd.vectorized import _filled

    assert math.copysign(1.0, _filled(3, 0.0)[0]) == 1.0
    assert math.copysign(1.0, _filled(3, -0.0)[0]) == -1.0
    assert math.copysign(1.0, _filled(3, 0.0)[0]) == 1.0
    assert not _filled(3, 0.5).flags.writeable  # shared between calls: never written to


def test_a_layer_whose_first_input_needs_no_gradient() -> None:
    """z = w·x + w·(w + x) + w: a one-neuron layer on (x, t); only t passes ∂C/∂z on."""
    from autograd.nodes import apply

    def make(ws: list[Value]) -> Callable[..., Value]:
        (w,) = ws
        return lambda x: apply("wsum", w, x, w, w + x, w)

    _both(make, lambda ws: ws, ([Value(0.5)], [Value(0.5)]), [(1.0,), (-2.0,), (3.0,)])


def test_a_term_that_does_not_follow_the_data_counts_once_per_sample() -> None:
    w = Value(3.0)
    autograd.compile(lambda x: w * w + x, backend="numpy").mean([(1.0,), (2.0,), (4.0,)])
    assert w.grad == 6.0  # ∂/∂w of the mean of w² + xᵢ: 2w, each sample's 2w/3 summed


def test_a_gradient_that_is_another_s_array_is_not_added_to_in_place() -> None:
    """s = u + v hands ∂C/∂s to u and to v as one array; u's second use adds to its own."""

    def make(ws: list[Value]) -> Callable[..., Value]:
        w, q = ws

        def fn(x: Value) -> Value:
            u, v = w * x, q * x
            return u * u + (u + v)

        return fn

    rows = [(1.0,), (2.0,), (3.0,)]
    _both(make, lambda ws: ws, ([Value(0.7), Value(-1.3)], [Value(0.7), Value(-1.3)]), rows)


def test_a_mask_is_written_in_place_only_into_an_array_of_its_own() -> None:
    """The ReLU of a one-neuron layer, read as a column: its gradient is a view of ∂C/∂t,
    which ∂C/∂u is too (t = u + h); the mask must not be written into it."""
    from nn import Neuron

    def make(ws: list[Any]) -> Callable[..., Value]:
        w2, n = ws

        def fn(x: Value, y: Value) -> Value:
            u = w2 * y  # made first: its step comes after h's
            h = n(x)  # relu(z), z one wsum: a layer of one neuron, and its map
            t = u + h
            return t * t

        return fn

    def params(ws: list[Any]) -> list[Value]:
        return [ws[0], *ws[1].parameters()]

    models = ([Value(0.8), Neuron(2, seed=3)], [Value(0.8), Neuron(2, seed=3)])
    _both(make, params, models, ROWS)
    source = autograd.compile(make(models[1]), backend="numpy")
    source.mean(ROWS[:2])
    assert "_putmask" not in source.source


def test_a_relu_keeps_the_rule_s_numbers_minus_zero_and_nan_too() -> None:
    """``0.0 if z < 0.0 else z`` on columns: −0.0 stays −0.0 and nan stays nan, bit for bit
    as the op table's rule (numpy.maximum where it does so, numpy.where if not)."""
    from autograd.numerics import pytorch

    w = Value(1.0)
    cf = autograd.compile(lambda x: (w * 0.0, (w * x).relu()), backend="numpy")
    zs = [-0.0, 0.0, -1.5, 2.0, -math.inf, math.inf, math.nan, 5e-324, -5e-324]
    cf.mean([(z,) for z in zs])
    got = [out for (out,) in cf.outputs]
    want = [pytorch.relu(z) for z in zs]
    assert [g.hex() for g in got] == [x.hex() for x in want]


def test_numpy_maximum_is_used_only_where_it_is_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check refuses a maximum that gives the first of two equal zeros, or drops a nan;
    without it, ReLU is numpy.where, with the engine's numbers within 1e-12 still."""
    import numpy as np

    from autograd import vectorized

    assert vectorized.MAXIMUM_IS_THE_RULE == (
        np.maximum(0.0, np.array([-0.0]))[0].hex() == "-0x0.0p+0"
    )
    maximum = np.maximum
    with monkeypatch.context() as m:
        m.setattr(np, "maximum", lambda c, x: np.where(x <= c, c, x))  # 0.0 for −0.0
        assert not vectorized._maximum_is_the_rule()
        m.setattr(np, "maximum", np.fmax)  # a nan gives c
        assert not vectorized._maximum_is_the_rule()
    assert np.maximum is maximum
    monkeypatch.setattr(vectorized, "MAXIMUM_IS_THE_RULE", False)
    models = (MLP(2, [8, 8, 1], seed=4), MLP(2, [8, 8, 1], seed=4))
    _both(lambda m: lambda x, y: (1 + -y * m(x)).relu(), lambda m: m.parameters(), models, ROWS)
    source = _mlp_source(MLP(2, [8, 8, 1], seed=4))
    assert "_maximum(" not in source and "_where(z1 < 0.0, 0.0, z1)" in source


def test_an_inf_or_a_nan_is_a_number_with_no_warning() -> None:
    """numpy's floating-point warnings are off in the generated code, as the engine has none."""
    import warnings

    w = Value(1.0)
    cf = autograd.compile(lambda x: (w * x).log() + w / (x - x), backend="numpy")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RuntimeWarning would fail the test
        cost = cf.mean([(0.0,), (2.0,)])
    assert math.isnan(cost) or math.isinf(cost)


def test_columns_are_the_rows_numbers() -> None:
    """cf.mean(columns=(X, Y)) takes arrays as they are: the same numbers as the rows, bit
    for bit, on both backends; wrong shapes are refused, saying which."""
    import numpy as np

    X = np.array([x for x, _ in ROWS])
    Y = np.array([y for _, y in ROWS])
    for backend in ("numpy", "python"):
        model = MLP(2, [5, 1], seed=3)
        cf = autograd.compile(lambda x, y, m=model: (1 + -y * m(x)).relu(), backend=backend)
        by_rows = cf.mean(ROWS)
        grads = [p.grad for p in model.parameters()]
        model.zero_grad()
        assert cf.mean(columns=(X, Y)) == by_rows
        assert [p.grad for p in model.parameters()] == grads
        with pytest.raises(ValueError, match=r"same number N.*\(60, 2\), \(59,\)"):
            cf.mean(columns=(X, Y[:-1]))
        with pytest.raises(TypeError, match="one array per argument"):
            cf.mean(columns=X)
        with pytest.raises(TypeError, match="not both"):
            cf.mean(ROWS, columns=(X, Y))
        with pytest.raises(TypeError, match=r"argument 2 has shape \(N, 1\).*y\.ravel\(\)"):
            cf.mean(columns=(X, Y.reshape(-1, 1)))  # fn takes y as a number, not a list of one
        with pytest.raises(TypeError, match=r"not ndarray: give numpy data as cf.mean\(columns="):
            cf.mean(list(zip(X, Y)))
        with pytest.raises(ValueError, match=r"or columns="):
            cf.mean([])


def test_every_function_of_the_table() -> None:
    """exp, log, σ, softplus, tanh, division, powers, |x|, √: numpy's where it has them."""

    def make(ws: list[Value]) -> Callable[..., Value]:
        a, b = ws

        def fn(x: Value, y: Value) -> Value:
            u = (a * x).exp() + (b * y).sigmoid() + (a - x).softplus() + (b * x).tanh()
            v = (u * u + 1.0).log() / (1.0 + (a * y).abs()) + (u * u).sqrt() ** 1.5
            return v + 2.0 ** (b * x) + 3.0 / (1.0 + u * u) - (x * y).leaky_relu()

        return fn

    eager = [Value(0.3), Value(-0.7)]
    mine = [Value(0.3), Value(-0.7)]
    rows = [(0.1 * k - 2.0, 0.05 * k) for k in range(40)]
    _both(make, lambda ws: ws, (eager, mine), rows)


def test_a_graph_that_follows_the_data_is_refused() -> None:
    w = Value(0.5)
    cf = autograd.compile(lambda x: (w * x).relu() if x > 0 else w * x, backend="numpy")
    with pytest.raises(DataDependentError, match=r"backend='numpy'.*follows the data") as e:
        cf.mean([(1.0,), (-1.0,)])
    assert "if x > 0 else" in str(e.value)  # the line of fn


def test_a_step_on_columns() -> None:
    """Two steps (the second runs the code kept from the first), each from ∂C/∂w = 0."""
    eager_model, model = MLP(2, [6, 1], seed=8), MLP(2, [6, 1], seed=8)
    cf = autograd.compile(lambda x, y: (1 + -y * model(x)).relu(), backend="numpy")
    params = model.parameters()
    for _ in range(2):
        for p in params:
            p.grad = 5.0  # must be zeroed by the step
        cf.step(ROWS, 0.5, plus=lambda: 1e-3 * sum(p * p for p in params))
        eager_model.zero_grad()
        C = autograd.mean([(1 + -Value(y) * eager_model(_values(x))).relu() for x, y in ROWS])
        C.backward()
        P = 1e-3 * sum(p * p for p in eager_model.parameters())
        P.backward()  # type: ignore[union-attr]
        for q in eager_model.parameters():
            q.data -= 0.5 * q.grad
        for p, q in zip(params, eager_model.parameters()):
            assert _close(p.data, q.data, 1.0)


def test_outputs_and_a_single_call() -> None:
    w = Value(2.0)
    cf = autograd.compile(lambda x: ((w * x) ** 2, w * x), backend="numpy")
    assert cf(3.0) == 36.0 and w.grad == 36.0  # ∂(w·x)²/∂w = 2·w·x² = 36
    cf.mean([(1.0,), (2.0,)])
    assert cf.outputs == [(2.0,), (4.0,)]


def test_numpy_is_imported_only_by_this_backend() -> None:
    code = (
        "import sys, autograd\n"
        "w = autograd.Value(1.0)\n"
        "autograd.compile(lambda x: w * x).mean([(1.0,), (2.0,)])\n"
        "print('numpy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr[-500:]


def test_without_numpy_the_error_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)
    with pytest.raises(ImportError, match=r"'numpy' extra brings it"):
        autograd.compile(lambda x: x, backend="numpy")
    with pytest.raises(ValueError, match="'python' or 'numpy'"):
        autograd.compile(lambda x: x, backend="jax")


def test_a_cost_that_does_not_follow_the_data_is_one_per_sample() -> None:
    """C = w² for every sample: the mean is w², ∂C/∂w = 2w, on rows, on columns and alone."""
    import numpy as np

    w = Value(3.0)
    cf = autograd.compile(lambda x: w * w, backend="numpy")
    assert cf.mean(columns=(np.array([1.0, 2.0, 4.0]),)) == 9.0 and w.grad == 6.0
    assert cf.mean([(1.0,), (2.0,)], n=4) == 4.5 and w.grad == 9.0  # half the data: half of 2w
    assert cf(5.0) == 9.0 and w.grad == 15.0


def test_numpy_s_error_settings_are_off_in_a_call_and_the_caller_s_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Inside the call an inf or a nan raises nothing, even under errstate(all="raise"); after
    it, the caller's settings are back. Also where numpy has no context variable to set."""
    import numpy as np

    from autograd import vectorized

    for found in (True, False):
        if not found:
            monkeypatch.setattr(vectorized, "_ignore_setting", lambda: None)
        w = Value(1.0)
        cf = autograd.compile(lambda x, w=w: (w * x).log() + w / (x - x), backend="numpy")
        with np.errstate(all="raise"):
            cost = cf.mean(columns=(np.array([0.0, 2.0]),))
            assert np.geterr() == {"divide": "raise", "over": "raise", "under": "raise",
                                   "invalid": "raise"}  # fmt: skip
        assert math.isnan(cost) or math.isinf(cost)
