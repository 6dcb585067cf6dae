"""The fast backward rules of the hot ops are the table's partials, bit for bit: each rule's
contribution equals local × upstream (op.partials times the upstream gradient) on random
inputs — the table stays the one source of derivatives. Plus the collector pause in backward()."""

from __future__ import annotations

import gc
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value, detect_anomaly
from autograd.checks.strategies import op_inputs
from autograd.ops import Op

HOT = ["wsum", "add", "mul", "relu", "add_c", "sub_c", "rsub_c", "mul_c", "div_c"]
# Rules that are there for speed only, so they must not move a single bit. (div_c's rounding is
# the numerics' business — PyTorch divides, upstream / c — and is checked with the others.)
EXACT = [name for name in HOT if name != "div_c"]
WITH_RULE = sorted(name for name, op in OPS.items() if op.backward is not None)
upstreams = st.one_of(
    st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False), st.sampled_from([0.0, 1.0, -2.5])
)


def test_every_hot_op_has_a_fast_rule() -> None:
    assert all(OPS[name].backward is not None for name in HOT)


def _both(
    op: Op, xs: tuple[float, ...], c: float | None, up: float
) -> tuple[list[float], list[float]]:
    args = [*xs, *([] if c is None else [c])]
    out = op.forward(*args)
    assert op.backward is not None
    rule = list(op.backward(up, *args, out))
    product = [d * up for d in op.partials(*args, out)]
    return rule, product


@pytest.mark.parametrize("name", EXACT)
@given(data=st.data(), up=upstreams)
def test_hot_rule_equals_local_times_upstream_bit_for_bit(
    name: str, data: st.DataObject, up: float
) -> None:
    op = OPS[name]
    xs, c = data.draw(op_inputs(op))
    rule, product = _both(op, xs, c, up)
    assert len(rule) == len(product) == len(xs)
    # == treats 0.0 and −0.0 alike; those add identically to a gradient that starts at +0.0.
    assert rule == product


@pytest.mark.parametrize("name", WITH_RULE)
@given(data=st.data(), up=upstreams)
def test_every_rule_agrees_with_partials(name: str, data: st.DataObject, up: float) -> None:
    # Rules other ops may carry (PyTorch's order of operations) agree to rounding.
    op = OPS[name]
    xs, c = data.draw(op_inputs(op))
    rule, product = _both(op, xs, c, up)
    for r, p in zip(rule, product):
        assert math.isclose(r, p, rel_tol=1e-12, abs_tol=1e-300)


def test_relu_rule_masks_exactly() -> None:
    rule = OPS["relu"].backward
    assert rule is not None
    for up in (math.inf, -math.inf, math.nan, 3.0):
        assert rule(up, -1.0, 0.0)[0] == 0.0
        assert rule(up, 0.0, 0.0)[0] == 0.0
    assert rule(2.5, 1.0, 1.0)[0] == 2.5
    assert rule(2.5, math.nan, math.nan)[0] == 2.5  # ReLU′(nan) = 1, as in PyTorch


def _graph() -> Value:
    x = Value(0.3)
    v = x
    for _ in range(50):
        v = (v * 1.01 + 0.2).relu()
    return v


def test_backward_pauses_the_collector_and_restores_it() -> None:
    root = _graph()
    assert gc.isenabled()
    root.backward()
    assert gc.isenabled()  # restored on exit
    gc.disable()
    try:
        root.backward()
        assert not gc.isenabled()  # a collector the user disabled stays disabled
    finally:
        gc.enable()


def test_backward_restores_the_collector_after_an_exception() -> None:
    w = Value(0.0)
    C = (w * 1.0).sqrt()  # √0: the backward step gives an infinite gradient
    with detect_anomaly(), pytest.raises(FloatingPointError):
        C.backward()
    assert gc.isenabled()


def test_the_collector_is_off_while_backward_walks_the_graph() -> None:
    states: list[bool] = []
    x = Value(2.0)
    y = x * 3.0
    original = y.op_spec
    assert original is not None

    def spy(upstream: float, *args: float) -> list[float]:
        states.append(gc.isenabled())
        assert original.backward is not None
        return list(original.backward(upstream, *args))

    import dataclasses

    y._op = dataclasses.replace(original, backward=spy)
    y.backward()
    assert states == [False]
    assert gc.isenabled()
    assert x.grad == 3.0


def test_skip_zeros_changes_only_zero_times_infinity() -> None:
    # Behind a ReLU that is off, √0 has an infinite local derivative: 0·∞ = nan without the
    # skip (PyTorch's answer), 0 with it; inside detect_anomaly() the skip is ignored.
    def build() -> tuple[Value, Value]:
        x = Value(0.0)
        return x, (x.sqrt() - 1.0).relu()

    x, C = build()
    C.backward()
    assert math.isnan(x.grad)
    x, C = build()
    C.backward(skip_zeros=True)
    assert x.grad == 0.0
    x, C = build()
    with detect_anomaly(), pytest.raises(FloatingPointError):
        C.backward(skip_zeros=True)


FLAGGED = sorted(name for name, op in OPS.items() if op.finite_partials)
extreme = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 20.0, 20.5, 709.8, 710.0, -745.5, 1.7e308]),
)


def test_the_finite_partials_list_is_what_the_engine_relies_on() -> None:
    # Only ops whose locals are bounded by finite data; √, ln, division and powers are not.
    assert "relu" in FLAGGED and "wsum" in FLAGGED and "mul" in FLAGGED
    for name in ("sqrt", "log", "div", "rdiv_c", "div_c", "pow", "pow_c", "rpow_c"):
        assert not OPS[name].finite_partials


@pytest.mark.parametrize("name", FLAGGED)
@given(data=st.data())
def test_finite_partials_promise_holds_on_extreme_inputs(name: str, data: st.DataObject) -> None:
    # The promise backward() relies on to skip a zero upstream: output finite ⇒ locals finite.
    op = OPS[name]
    arity = op.arity if op.arity is not None else op.example_arity
    xs = [data.draw(extreme) for _ in range(arity)]
    args = xs + ([data.draw(extreme)] if op.const else [])
    out = op.forward(*args)
    if math.isfinite(out):
        assert all(math.isfinite(d) for d in op.partials(*args, out))


def test_a_zero_upstream_behind_an_off_relu_skips_nothing_that_matters() -> None:
    # Both ways of walking give the same grads on a graph with dead ReLUs and shared nodes.
    def build() -> tuple[list[Value], Value]:
        ws = [Value(x) for x in (-1.0, 0.5, 0.4)]
        h = [(w * 3.0 - 1.0).relu() for w in ws]
        return ws, (h[0] * h[1] + h[2] * h[2] + ws[0]).tanh()

    ws, C = build()
    C.backward()
    default = [w.grad for w in ws]
    ws, C = build()
    with detect_anomaly():  # inside detect_anomaly() every step runs
        C.backward()
    assert default == [w.grad for w in ws]
    assert default[0] != 0.0 and default[1] == 0.0


@pytest.mark.parametrize("name", sorted(OPS))
@given(data=st.data(), up=upstreams)
def test_backward_step_adds_exactly_the_contributions(
    name: str, data: st.DataObject, up: float
) -> None:
    # backward_step inlines contributions() for ops with a rule: both must say the same.
    from autograd import apply
    from autograd.engine import backward_step, contributions

    op = OPS[name]
    xs, c = data.draw(op_inputs(op))
    parents = [Value(x) for x in xs]
    v = apply(op, *parents, c=c)
    v.grad = up
    expected = list(contributions(v))
    added = list(backward_step(v))
    assert added == expected or all(
        a == b or (math.isnan(a) and math.isnan(b)) for a, b in zip(added, expected)
    )
    sums: dict[int, float] = {}
    for p, a in zip(parents, expected):
        sums[id(p)] = sums.get(id(p), 0.0) + a
    assert all(p.grad == sums[id(p)] or math.isnan(p.grad) for p in parents)
