"""`cf.step(rows, lr, plus=…)`: a whole step of gradient descent in generated code — zero_grad,
the mean over the rows, the added term (an L2 penalty), backward, the update — bit for bit as
the same step run on the engine. And the generated code's zero skips (a ReLU's mask folded into
the zero test of the node below it; one test for everything behind a flat hinge) keep the
eager numbers where values are infinite or nan."""

from __future__ import annotations

import importlib
import math
import random
import re
import struct
from collections.abc import Callable, Sequence
from typing import Any

import pytest

import autograd
from autograd import Value, detect_anomaly
from autograd.compile import DataDependentError
from nn import MLP
from nn.datasets import moons

X, Y = moons(n=30, noise=0.1, seed=7, labels="pm1")
ROWS = [(x, float(y)) for x, y in zip(X, Y)]


def _bits(values: Sequence[float]) -> list[bytes]:
    return [b"nan" if v != v else struct.pack("<d", v) for v in values]


def hinge(model: MLP) -> Callable[..., Value]:
    return lambda x, y: (1 + -y * model(x)).relu()


def eager_step(
    fn: Callable[..., Value],
    params: Sequence[Value],
    rows: Sequence[Any],
    lr: float,
    plus: Callable[[], Value] | None,
) -> float:
    """The step as the engine runs it: the contract of Compiled.step."""
    for w in params:
        w.grad = 0.0
    C = autograd.mean([fn(*[Value(x) if isinstance(x, float) else x for x in r]) for r in rows])
    C.backward()
    extra = 0.0
    if plus is not None:
        P = plus()
        P.backward()
        extra = P.data
    for w in params:
        w.data -= lr * w.grad
    return C.data + extra


def _row_values(rows: Sequence[Any]) -> list[Any]:
    return [([Value(a) for a in x], Value(y)) for x, y in rows]


def _twins(sizes: Sequence[int] = (8, 8, 1)) -> tuple[MLP, MLP]:
    return MLP(2, list(sizes), seed=3), MLP(2, list(sizes), seed=3)


def _l2(params: Sequence[Value]) -> Callable[[], Value]:
    return lambda: 1e-4 * sum(p * p for p in params)  # type: ignore[return-value]


@pytest.mark.parametrize("with_plus", [True, False])
def test_a_step_is_the_engine_s_step_bit_for_bit(with_plus: bool) -> None:
    eager_model, model = _twins()
    cf = autograd.compile(hinge(model))
    eager_fn = hinge(eager_model)
    for k in range(6):
        lr = 1.0 - 0.9 * k / 100
        want = eager_step(
            lambda x, y: eager_fn(x, y),
            eager_model.parameters(),
            _row_values(ROWS),
            lr,
            _l2(eager_model.parameters()) if with_plus else None,
        )
        got = cf.step(ROWS, lr, plus=_l2(model.parameters()) if with_plus else None)
        assert _bits([got]) == _bits([want]), k
        assert _bits([p.data for p in model.parameters()]) == _bits(
            [p.data for p in eager_model.parameters()]
        ), k
        assert _bits([p.grad for p in model.parameters()]) == _bits(
            [p.grad for p in eager_model.parameters()]
        ), k
    assert "gradient descent: w ← w − η·∂C/∂w" in cf.tail_source


def test_the_same_plus_function_is_traced_once() -> None:
    _, model = _twins()
    cf = autograd.compile(hinge(model))
    l2 = _l2(model.parameters())
    for _ in range(3):
        cf.step(ROWS, 0.5, plus=l2)
    assert len(cf._plus) == 1 and cf.traces == 1


def test_a_step_on_a_function_that_branches_on_the_data() -> None:
    """Two traces, each reading a parameter the other does not: both are zeroed, both get
    their gradient and their update, as on the engine."""
    w1, w2, b = Value(0.5, label="w1"), Value(-1.5, label="w2"), Value(0.25, label="b")
    v1, v2, c = Value(0.5, label="w1"), Value(-1.5, label="w2"), Value(0.25, label="b")
    for p in (w1, w2, b, v1, v2, c):
        p.grad = 3.0  # what an earlier step left: must be zeroed

    def branchy(ws: Sequence[Value]) -> Callable[..., Value]:
        a, b_, c_ = ws
        return lambda x: ((a * x + c_).relu() if x > 0 else (b_ * x + c_).tanh()) ** 2

    rows = [(0.5,), (-2.0,), (1.5,), (-0.25,)]
    cf = autograd.compile(branchy([w1, w2, b]))
    plus = _l2([w1, w2, b])
    eager_fn = branchy([v1, v2, c])
    for _ in range(3):
        want = eager_step(eager_fn, [v1, v2, c], rows, 0.1, _l2([v1, v2, c]))
        got = cf.step(rows, 0.1, plus=plus)
        assert _bits([got]) == _bits([want])
        assert _bits([w1.data, w2.data, b.data]) == _bits([v1.data, v2.data, c.data])
        assert _bits([w1.grad, w2.grad, b.grad]) == _bits([v1.grad, v2.grad, c.grad])
    assert cf.traces == 2


def test_from_the_second_step_one_function_runs_it_all() -> None:
    """From the second step with the same rows' structure and term, the per-sample code and
    the tail are one function (`cf.step_source`); a row that fails its guards there hands the
    step back to the traces (the third and fifth steps below), with the engine's numbers."""
    w, b = Value(0.5, label="w"), Value(0.25, label="b")
    v, c = Value(0.5, label="w"), Value(0.25, label="b")

    def branchy(a: Value, b_: Value) -> Callable[..., Value]:
        return lambda x: ((a * x + b_).relu() if x > 0 else (a * x + b_).tanh()) ** 2

    cf = autograd.compile(branchy(w, b))
    plus = _l2([w, b])
    positive, mixed = [(0.5,), (1.5,), (2.0,)], [(0.5,), (-2.0,), (1.5,)]
    for k, rows in enumerate([positive, positive, mixed, positive, positive, mixed]):
        want = eager_step(branchy(v, c), [v, c], rows, 0.1, _l2([v, c]))
        got = cf.step(rows, 0.1, plus=plus)
        assert _bits([got, w.data, b.data, w.grad, b.grad]) == _bits(
            [want, v.data, c.data, v.grad, c.grad]
        ), k
        assert cf.step_source.startswith("def _step(") == (k > 0), k
    assert "w -= _lr * dC_dw" in cf.step_source and "if _left:" in cf.step_source


def test_a_row_that_leaves_the_one_function_hands_back_each_gradient_to_its_own_w() -> None:
    """Where a row fails a guard inside the one function of a step, ∂C/∂w goes back to .grad
    eight parameters to a statement: with 20 parameters, each a different gradient, every one
    lands in its own .grad, as on the engine."""

    def branchy(ws: Sequence[Value]) -> Callable[..., Value]:
        def fn(x: Value) -> Value:
            z = ws[0] + sum((w * (x * float(k)) for k, w in enumerate(ws[1:], 1)), Value(0.0))
            return z.relu() if x > 0 else z.tanh()

        return fn

    ws = [Value(0.05 * k - 0.4, label=f"w{k}") for k in range(20)]
    vs = [Value(0.05 * k - 0.4, label=f"w{k}") for k in range(20)]
    cf = autograd.compile(branchy(ws))
    plus = _l2(ws)
    positive, mixed = [(0.5,), (1.5,)], [(0.5,), (-2.0,), (1.5,)]
    for k, rows in enumerate([positive, positive, mixed]):
        want = eager_step(branchy(vs), vs, rows, 0.01, _l2(vs))
        got = cf.step(rows, 0.01, plus=plus)
        assert _bits([got]) == _bits([want]), k
        assert _bits([w.grad for w in ws]) == _bits([v.grad for v in vs]), k
        assert _bits([w.data for w in ws]) == _bits([v.data for v in vs]), k
    assert "_to_grads(_P, 16, " in cf.step_source  # the third statement of the hand-back
    assert len({w.grad for w in ws}) == 20  # a gradient in the wrong .grad would show


def test_plus_may_read_parameters_fn_does_not() -> None:
    w, u = Value(2.0, label="w"), Value(-3.0, label="u")
    w2, u2 = Value(2.0, label="w"), Value(-3.0, label="u")
    u.grad = u2.grad = 7.0
    cf = autograd.compile(lambda x: (w * x) ** 2)
    for _ in range(2):
        want = eager_step(lambda x: (w2 * x) ** 2, [w2, u2], [(1.5,), (0.5,)], 0.1,
                          lambda: 0.5 * (w2 * w2 + u2 * u2))  # fmt: skip
        got = cf.step([(1.5,), (0.5,)], 0.1, plus=lambda: 0.5 * (w * w + u * u))
        assert _bits([got, w.data, u.data, w.grad, u.grad]) == _bits(
            [want, w2.data, u2.data, w2.grad, u2.grad]
        )


def _chained(a: Value, b: Value, c: Value) -> Value:
    t = a * b  # two edges: its gradient is a sum, so it cannot be a name for another's
    return (t * a) + (t + c) + (a + c + b + 2.0)


def test_the_term_s_additions_pass_their_gradient_on_by_name() -> None:
    """An addition's parent with no other edge takes its upstream's name (no copy line); one
    with several edges keeps its own gradient: the numbers are the engine's either way."""
    a, b, c = Value(0.5, label="a"), Value(-2.0, label="b"), Value(3.0, label="c")
    a2, b2, c2 = Value(0.5, label="a"), Value(-2.0, label="b"), Value(3.0, label="c")
    cf = autograd.compile(lambda x: a * x)
    for _ in range(3):
        want = eager_step(lambda x: a2 * x, [a2, b2, c2], [(1.5,), (-0.5,)], 0.1,
                          lambda: _chained(a2, b2, c2))  # fmt: skip
        got = cf.step([(1.5,), (-0.5,)], 0.1, plus=lambda: _chained(a, b, c))
        assert _bits([got, a.data, b.data, c.data, a.grad, b.grad, c.grad]) == _bits(
            [want, a2.data, b2.data, c2.data, a2.grad, b2.grad, c2.grad]
        )
    _, model = _twins()
    cf = autograd.compile(hinge(model))
    cf.step(ROWS, 0.5, plus=_l2(model.parameters()))
    backward = cf.tail_source.split("its backpropagation")[1].split("gradient descent")[0]
    copies = [ln for ln in backward.splitlines() if re.fullmatch(r" *dC_dt\d+ = dC_dt\d+", ln)]
    assert "+= b3_1 * dC_dt" in backward and not copies


def test_under_detect_anomaly_the_step_runs_on_the_engine() -> None:
    eager_model, model = _twins((4, 1))
    cf = autograd.compile(hinge(model))
    with detect_anomaly():
        got = cf.step(ROWS[:6], 0.3, plus=_l2(model.parameters()))
    eager_fn = hinge(eager_model)
    want = eager_step(
        eager_fn, eager_model.parameters(), _row_values(ROWS[:6]), 0.3,
        _l2(eager_model.parameters()),
    )  # fmt: skip
    assert _bits([got]) == _bits([want])
    assert [p.data for p in model.parameters()] == [p.data for p in eager_model.parameters()]


def test_a_plus_that_follows_the_data_is_refused() -> None:
    w = Value(1.0)
    cf = autograd.compile(lambda x: w * x)
    with pytest.raises(DataDependentError, match="same graph"):
        cf.step([(1.0,)], 0.1, plus=lambda: w * w if w > 0 else -w)
    with pytest.raises(ValueError, match="at least one row"):
        cf.step([], 0.1)
    with pytest.raises(TypeError, match="no arguments"):
        cf.step([(1.0,)], 0.1, plus=3.0)  # type: ignore[arg-type]


# --- the zero skips of the generated code -------------------------------------------------


def test_the_hinge_and_relu_skips_are_in_the_code() -> None:
    _, model = _twins()
    cf = autograd.compile(hinge(model))
    cf.mean(ROWS)
    assert "# every gradient below comes through" in cf.source
    assert "if not z2_1 <= 0.0 or z2_1 - z2_1 != 0.0:" in cf.source


def test_the_flat_hinge_test_reads_a_few_values() -> None:
    """Behind the flat hinge, one value per layer and the parameters once a call stand for
    every value there (codegen_skip): a finite z vouches for all it is made of."""
    _, model = _twins()
    cf = autograd.compile(hinge(model))
    cf.mean(ROWS)
    assert "if dC_dt36 != 0.0 or (t35 + z2_8 + z1_8 + _w_nan) * 0.0 != 0.0:" in cf.source
    assert "    _w_nan = (w2_7_1 + w2_7_2 + " in cf.source


FLAT = [
    "flat hinge",
    *(f"flat hinge, {v} = {s}inf" for v, s in [("w2", "-"), ("x", "+"), ("a1", "+"), ("a2", "+")]),
]


@pytest.mark.parametrize("where", ["z1 = +inf", "z1 = nan", "z2 = -inf", *FLAT])
def test_the_skips_keep_the_engine_s_infinities(where: str) -> None:
    """Behind an inactive ReLU or a flat hinge the upstream is 0, but where a value is
    infinite or nan backward() still runs the step (0·∞ = nan): so does the generated code —
    also where a ReLU hides the infinity from the cost (ReLU(−∞) = 0) behind a flat hinge."""
    eager_model, model = _twins((3, 3, 1))
    rows = ROWS[:8]
    for m in (eager_model, model):
        first, second = m.layers[0].neurons, m.layers[1].neurons
        if where == "z1 = +inf":
            first[0].w[0].data = math.inf
        elif where == "z1 = nan":
            first[1].b.data = math.nan
        elif where == "z2 = -inf":
            second[2].b.data = -math.inf
        elif where.startswith("flat hinge"):
            m.layers[2].neurons[0].b.data = 1e6  # 1 − y·score < 0 where y = 1
        # only rows where the hinge is flat: the engine's nan comes from the skipped part
        flat = [r for r in ROWS if r[1] == 1.0][:4]
        if where.endswith("w2 = -inf"):  # z₂,₁ = −∞ by a weight the test reads once a call
            first[2].b.data = 10.0  # a₁,₃ > 0 on every row
            second[0].w[2].data = -math.inf
            rows = flat
        elif where.endswith("x = +inf"):  # every z₁ = −∞: each ReLU₁ hides x₁ = ∞
            for n in first:
                n.w[0].data = -abs(n.w[0].data)
            rows = [((math.inf, x[1]), y) for x, y in flat]
        elif where.endswith("a1 = +inf"):  # every z₂ = −∞: each ReLU₂ hides a₁,₁ = ∞
            first[0].b.data = math.inf
            for n in second:
                n.w[0].data = -1.0
            rows = flat
        elif where.endswith("a2 = +inf"):  # 1 − y·score = −∞ where y = 1: the hinge hides it
            second[0].b.data = math.inf
            m.layers[2].neurons[0].w[0].data = 1.0
            rows = flat
    want = eager_step(hinge(eager_model), eager_model.parameters(), _row_values(rows), 0.0, None)
    cf = autograd.compile(hinge(model))
    got = cf.step(rows, 0.0)
    assert _bits([got]) == _bits([want])
    assert _bits([p.grad for p in model.parameters()]) == _bits(
        [p.grad for p in eager_model.parameters()]
    )
    if where.startswith(("z1", "flat hinge,")):  # 0·∞: a nan in some ∂C/∂w
        assert any(p.grad != p.grad for p in model.parameters())


def test_the_flat_hinge_test_on_random_networks_with_hostile_numbers() -> None:
    """Random small ReLU networks behind a hinge, some weights, biases and inputs ±∞, nan,
    ±1e308 or 0, the hinge flat on many rows: each step as the engine's, bit for bit."""
    rng = random.Random(5)
    hostile = [math.inf, -math.inf, math.nan, 1e308, -1e308, 1e155, 0.0, -0.0, 5e-324]
    for case in range(400):
        sizes = [rng.randint(1, 4), rng.randint(1, 4), 1]
        eager_model, model = _twins(sizes)
        picks = [(rng.randrange(len(model.parameters())), rng.choice(hostile[:5]))
                 for _ in range(rng.choice([0, 1, 1, 2]))]  # fmt: skip
        flat = rng.choice([0.0, 1e3, -1e3])
        for m in (eager_model, model):
            for k, x in picks:
                m.parameters()[k].data = x
            m.layers[2].neurons[0].b.data += flat
        rows = [((rng.choice(hostile) if rng.random() < 0.2 else x[0], x[1]), y)
                for x, y in ROWS[: rng.randint(1, 6)]]  # fmt: skip
        want = eager_step(hinge(eager_model), eager_model.parameters(), _row_values(rows), 0.1,
                          _l2(eager_model.parameters()))  # fmt: skip
        got = autograd.compile(hinge(model)).step(rows, 0.1, plus=_l2(model.parameters()))
        assert _bits([got]) == _bits([want]), case
        for a, b in zip(model.parameters(), eager_model.parameters()):
            assert _bits([a.grad, a.data]) == _bits([b.grad, b.data]), (case, picks, rows)


def test_a_wide_network_s_parameter_test_compiles() -> None:
    """_w_nan sums thousands of parameters (MLP 2-64-64-1: 4,225 of them): in sums of 100,
    as CPython compiles a + b + … one recursion level a term (one sum: RecursionError)."""
    eager_model, model = MLP(2, [64, 64, 1], seed=3), MLP(2, [64, 64, 1], seed=3)
    rows = ROWS[:3]
    C = autograd.mean([hinge(eager_model)(*r) for r in _row_values(rows)])
    C.backward()
    cf = autograd.compile(hinge(model))
    assert _bits([cf.mean(rows)]) == _bits([C.data])
    assert _bits([p.grad for p in model.parameters()]) == _bits(
        [p.grad for p in eager_model.parameters()]
    )
    assert cf.source.count("_w_nan += (") > 30


def test_past_fused_edges_the_step_keeps_two_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph with more edges than `_FUSED_EDGES` gets no second copy of its code (compiling
    one costs ~3.4 KB a line): its steps run the per-sample code, then the tail, same numbers."""
    monkeypatch.setattr(importlib.import_module("autograd.compile"), "_FUSED_EDGES", 10)
    eager_model, model = _twins((3, 1))
    cf = autograd.compile(hinge(model))
    plus = _l2(model.parameters())  # the same term each step, as the one function needs
    for k in range(3):
        want = eager_step(hinge(eager_model), eager_model.parameters(), _row_values(ROWS), 0.2,
                          _l2(eager_model.parameters()))  # fmt: skip
        got = cf.step(ROWS, 0.2, plus=plus)
        assert _bits([got, *(p.data for p in model.parameters())]) == _bits(
            [want, *(p.data for p in eager_model.parameters())]
        ), k
    assert cf.step_source == "" and cf.tail_source
