"""The op table's backward rules (PyTorch's order, masks) agree with its partials; the fast walk's
zero skip relies only on the table's finite_partials promise; the collector pause in backward().
(The fast walk against the plain one, bit for bit: test_backward.py.)"""

from __future__ import annotations

import gc
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import OPS, Value, detect_anomaly
from autograd.checks.strategies import op_inputs
from autograd.ops import Op

WITH_RULE = sorted(name for name, op in OPS.items() if op.backward is not None)
upstreams = st.one_of(
    st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False), st.sampled_from([0.0, 1.0, -2.5])
)


def test_every_backward_rule_is_a_named_pytorch_rule() -> None:
    # A backward rule is only there where PyTorch computes local × upstream another way (order,
    # mask); each is one of autograd/numerics/pytorch.py, named in its op's entry. No rule only
    # repeats the product for speed: the fast walk does that without a second copy.
    from autograd.numerics import pytorch

    rules = {getattr(pytorch, name) for name in pytorch.__all__ if callable(getattr(pytorch, name))}
    assert WITH_RULE and all(OPS[name].backward in rules for name in WITH_RULE)
    assert {"add", "mul", "add_c", "sub_c", "rsub_c", "mul_c", "wsum"}.isdisjoint(WITH_RULE)


def _both(
    op: Op, xs: tuple[float, ...], c: float | None, up: float
) -> tuple[list[float], list[float]]:
    args = [*xs, *([] if c is None else [c])]
    out = op.forward(*args)
    assert op.backward is not None
    rule = list(op.backward(up, *args, out))
    product = [d * up for d in op.partials(*args, out)]
    return rule, product


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

    def spy(*args: float) -> list[float]:
        states.append(gc.isenabled())
        return list(original.partials(*args))

    import dataclasses

    y._op = dataclasses.replace(original, partials=spy)
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
    # backward_step adds exactly contributions(), slot by slot.
    from autograd import apply
    from autograd.backward import backward_step, contributions

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
