"""compile() on functions whose graph depends on the data: where fn branches on a traced Value,
the generated code checks a guard, and a row that takes another branch runs by another trace —
compiled ≡ eager on every row, bit for bit (hypothesis draws the programs)."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Value, apply
from autograd.compile import MAX_TRACES, DataDependentError

UNARY = ["tanh", "sigmoid", "relu", "exp", "neg", "abs", "softplus"]
BINARY = ["add", "sub", "mul"]


def _bits(x: float) -> bytes:
    return b"nan" if x != x else struct.pack("<d", x)


@st.composite
def branchy_programs(draw: st.DrawFn):  # type: ignore[no-untyped-def]
    """fn(x, y) over two parameters, with 1–3 Python branches on traced Values."""
    steps = []
    for _ in range(draw(st.integers(2, 7))):
        kind = draw(st.sampled_from(["unary", "binary", "branch", "branch"]))
        if kind == "unary":
            steps.append(("unary", draw(st.sampled_from(UNARY))))
        elif kind == "binary":
            steps.append(("binary", draw(st.sampled_from(BINARY)), draw(st.integers(0, 3))))
        else:
            cmp = draw(st.sampled_from(["<", "<=", ">", ">="]))
            t = draw(st.floats(-2, 2, allow_nan=False))
            steps.append(("branch", cmp, t, draw(st.sampled_from(UNARY)),
                          draw(st.sampled_from(UNARY))))  # fmt: skip
    x = st.floats(-3, 3, allow_nan=False)
    rows = draw(st.lists(st.tuples(x, x), min_size=1, max_size=6))
    return steps, rows


def _build(steps, w: Value, b: Value):  # type: ignore[no-untyped-def]
    def fn(x: Value, y: Value) -> Value:
        nodes = [x, y, w, b]
        cur = w * x + b
        for s in steps:
            if s[0] == "unary":
                cur = apply(s[1], cur)
            elif s[0] == "binary":
                cur = apply(s[1], cur, nodes[s[2]])
            else:
                _, cmp, t, yes, no = s
                taken = {"<": cur < t, "<=": cur <= t, ">": cur > t, ">=": cur >= t}[cmp]
                cur = apply(yes if taken else no, cur)
            nodes.append(cur)
        return cur * y

    return fn


@settings(max_examples=60, deadline=None)
@given(branchy_programs())
def test_branchy_programs_compile_to_the_eager_numbers(program) -> None:  # type: ignore[no-untyped-def]
    steps, rows = program
    w, b = Value(0.8, label="w"), Value(-0.3, label="b")
    fn = _build(steps, w, b)
    w.grad = b.grad = 0.0
    C = autograd.mean([fn(Value(x), Value(y)) for x, y in rows])
    C.backward()
    eager = [C.data, w.grad, b.grad]
    w.grad = b.grad = 0.0
    cf = autograd.compile(fn)
    try:
        got = [cf.mean(rows), w.grad, b.grad]
    except DataDependentError:
        assert cf.traces == MAX_TRACES  # refused only when the cache is full, never wrong
        return
    assert [_bits(v) for v in got] == [_bits(v) for v in eager], cf.source
    for x, y in rows:  # and one call at a time, from whatever the cache holds now
        w.grad = b.grad = 0.0
        C = fn(Value(x), Value(y))
        C.backward()
        eager = [C.data, w.grad, b.grad]
        w.grad = b.grad = 0.0
        assert [_bits(v) for v in [cf(x, y), w.grad, b.grad]] == [_bits(v) for v in eager]


def test_the_issues_relu_or_tanh_example() -> None:
    w = Value(1.5, label="w")

    def f(x: Value) -> Value:
        return (w * x).relu() if x > 0 else (w * x).tanh()

    cf = autograd.compile(f)
    assert cf(0.5) == 0.75
    w.grad = 0.0
    assert cf(-0.5) == math.tanh(-0.75)  # was 0.0: the relu trace run on a negative x
    assert w.grad == pytest.approx(-0.5 * (1 - math.tanh(-0.75) ** 2), rel=1e-15)
    rows = [(0.5,), (-0.5,), (0.5,)]
    w.grad = 0.0
    C = autograd.mean([f(Value(x)) for (x,) in rows])
    C.backward()
    eager = (C.data, w.grad)
    w.grad = 0.0
    assert (cf.mean(rows), w.grad) == eager  # was 0.667 and 0.333
    assert cf.traces == 2
    assert "if x > 0.0:" in cf.source or "if not x > 0.0:" in cf.source
    assert "`return (w * x).relu() if x > 0 else (w * x).tanh()`" in cf.source


def test_too_many_branches_are_refused_with_the_line_of_fn() -> None:
    w = Value(1.0)

    def stairs(x: Value) -> Value:
        k = 0.0
        for t in range(MAX_TRACES + 3):
            if x > t:  # every step of the stair is another graph
                k += 1.0
        return w * x * (k + 1.0)

    cf = autograd.compile(stairs)
    with pytest.raises(DataDependentError, match=r"if x > t:"):
        cf.mean([(t + 0.5,) for t in range(MAX_TRACES + 2)])


def _eager_mean(fn, rows, params):  # type: ignore[no-untyped-def]
    for p in params:
        p.grad = 0.0
    C = autograd.mean([fn(*[Value(x) for x in r]) for r in rows])
    C.backward()
    return [C.data, *[p.grad for p in params]]


@pytest.mark.filterwarnings("ignore::autograd.GradientLostWarning")
@pytest.mark.parametrize(
    "make",
    [
        lambda w: lambda x: w * x if x.data > 0 else (w * x).relu().exp(),  # a branch on .data
        lambda w: lambda x: w * x if x.data * 2 > 1 else w * w,  # arithmetic on .data first
        lambda w: lambda x: w * float(x),  # a number taken out: a constant of the graph
        lambda w: lambda x: w * (x.data * 2),  # the same through .data
        lambda w: lambda x: w * math.exp(x.data),  # math on .data
        lambda w: lambda x: w * x if x else w,  # bool() of a Value
        lambda w: lambda x: w * x * (1.0 if abs(x.data) > 1 else 2.0),
        lambda w: lambda x: (w * x).tanh() if round(x.data) % 2 else (w * x).sigmoid(),
    ],
    ids=["data>0", "data*2>1", "float(x)", "x.data*2", "exp(x.data)", "bool", "abs", "round"],
)
def test_every_way_fn_reads_the_data_is_guarded(make) -> None:  # type: ignore[no-untyped-def]
    w = Value(0.7, label="w")
    fn = make(w)
    rows = [(1.5,), (0.25,), (-1.0,), (0.0,), (3.0,)]
    eager = _eager_mean(fn, rows, [w])
    w.grad = 0.0
    cf = autograd.compile(fn)
    got = [cf.mean(rows), w.grad]
    assert [_bits(v) for v in got] == [_bits(v) for v in eager], cf.source
    assert cf.traces >= 2  # each of these follows the data somewhere in these rows
    assert "# " in cf.source.split("guards:")[1]  # the line of fn, in the code


def test_a_call_then_another_row_retraces_instead_of_reusing_the_first_graph() -> None:
    # Before guards: compile(lambda x: w * x.data) gave w·0.5 for every later call.
    w = Value(2.0, label="w")
    cf = autograd.compile(lambda x: w * x.data)  # a constant taken from the data
    assert cf(0.5) == 1.0
    assert cf(3.0) == 6.0  # the guard "x is 0.5" fails: traced again, on 3.0
    assert cf.traces == 2
