"""The engine in the page (engine.js running the generated op rules): forward and backward on a
program give what the Python engine gives — bit for bit on IEEE arithmetic (ReLU, the weighted
sum, the hinge, the mean), to 1e−12 through σ and tanh; its numbers print as `number` prints
them, ties to even included."""

from __future__ import annotations

import math
import random

import pytest

from autograd import Value
from autograd.notation.numbers import number
from autograd.show.live import encode, program, script
from nn import MLP, hinge, mse
from nn.lecture import lecture_network
from tests.autograd.jsrun import asset, bits, needs_node, run, unbits

_RUN = """
%s
%s
var g = new Chainrule.Graph(INPUT.program, OPS);
INPUT.set.forEach(function (s) { g.value[s[0]] = unbits(s[1]); });
g.forward();
g.backward();
console.log(JSON.stringify({
  value: Array.from(g.value).map(bits), grad: Array.from(g.grad).map(bits)
}));
"""


def _in_page(C: Value, changes: dict[Value, float] | None = None) -> tuple[list[float], ...]:
    prog = program(C)
    changes = changes or {}
    data = {
        "program": prog.to_dict(),
        "set": [[prog.index[v], bits(x)] for v, x in changes.items()],
    }
    got = run(_RUN % (script([prog]), asset("engine.js")), data)
    return [unbits(b) for b in got["value"]], [unbits(b) for b in got["grad"]]


def _python(C: Value, changes: dict[Value, float] | None = None) -> tuple[list[float], ...]:
    for v, x in (changes or {}).items():
        v.data = x
    order = program(C).order
    for v in order:  # forward again, as the page does after a change
        if v._op is not None:
            args = [p.data for p in v.parents] + ([v._c] if v._op.const else [])
            v.data = v._op.forward(*args)
    for v in order:
        v.grad = 0.0
    C.backward()
    return [v.data for v in order], [v.grad for v in order]


@needs_node
@pytest.mark.parametrize("W1", [0.8, -2.5, 0.0, 3.7, 1e-9])
def test_the_lecture_net_recomputed_in_the_page_is_pythons(W1: float) -> None:
    net = lecture_network()
    values, grads = _in_page(net.C0, {net.W1: W1})
    want_values, want_grads = _python(net.C0, {net.W1: W1})
    for got, want in ((values, want_values), (grads, want_grads)):
        for a, b in zip(got, want):
            assert a == pytest.approx(b, rel=1e-12, abs=1e-300)


@needs_node
def test_an_mlp_with_relu_and_the_hinge_is_recomputed_bit_for_bit() -> None:
    model = MLP(2, [8, 8, 1], seed=5)
    rng = random.Random(1)
    X = [[rng.uniform(-2, 2), rng.uniform(-2, 2)] for _ in range(12)]
    y = [rng.choice([-1.0, 1.0]) for _ in X]
    C = hinge([model(x) for x in X], y)
    w = model.parameters()[3]
    values, grads = _in_page(C, {w: 0.25})
    want_values, want_grads = _python(C, {w: 0.25})
    assert [bits(v) for v in values] == [bits(v) for v in want_values]
    assert [bits(g) for g in grads] == [bits(g) for g in want_grads]
    assert any(g != 0.0 for g in grads)


@needs_node
def test_tanh_and_mse_are_recomputed_to_1e_12() -> None:
    model = MLP(2, [3, 2, 1], activation="tanh", seed=3)
    C = mse([model([0.6, -0.4])], [1.0])
    values, grads = _in_page(C)
    want_values, want_grads = _python(C)
    assert values == pytest.approx(want_values, rel=1e-12)
    assert grads == pytest.approx(want_grads, rel=1e-12)


def test_a_program_lists_each_node_once_in_backwards_order() -> None:
    net = lecture_network()
    data = program(net.C0).to_dict()
    assert data["name"][data["root"]] == "C₀"
    assert len(data["op"]) == len(set(map(id, program(net.C0).order)))
    for i, ps in enumerate(data["parents"]):
        assert all(p < i for p in ps)  # parents first: forward runs top to bottom
    assert "sigmoid" in data["op"] and data["op"][data["name"].index("W₁")] is None
    assert encode(math.inf) == "inf" and encode(-math.inf) == "-inf" and encode(math.nan) == "nan"


def test_program_takes_a_value_only() -> None:
    with pytest.raises(TypeError, match="takes a Value"):
        program(1.0)  # type: ignore[arg-type]


NUMBERS = [
    0.0,
    -0.0,
    1.0,
    -3.0,
    0.5,
    0.8,
    -1.2,
    0.0409,
    0.235,
    0.3125,
    1.125,
    0.125,
    2.5,
    100.5,
    1234.5,
    99999.0,
    99999.5,
    1e5,
    123456.0,
    123456.7,
    0.001,
    0.000999,
    1e-3,
    3.1e-5,
    1.0e-4,
    9.996,
    -9.996e-4,
    1e300,
    -2.5e-310,
    5e-324,
    1e15,
    1e15 + 1,
    123456789012345.0,
    math.inf,
    -math.inf,
    math.nan,
    0.1 + 0.2,
    2 / 3,
    -2 / 3,
    1 / 7,
    12.345,
    0.0125,
]


@needs_node
def test_the_page_writes_numbers_as_python_does() -> None:
    rng = random.Random(7)
    xs = NUMBERS + [rng.gauss(0, 1) * 10 ** rng.randint(-8, 8) for _ in range(300)]
    code = (
        asset("engine.js")
        + """
    console.log(JSON.stringify(INPUT.map(function (b) {
      var x = unbits(b);
      return [Chainrule.number(x), Chainrule.number(x, 4), Chainrule.factor(x)];
    })));"""
    )
    got = run(code, [bits(x) for x in xs])
    for x, (n3, n4, f) in zip(xs, got):
        assert n3 == number(x), x
        assert n4 == number(x, 4), x
        assert f == (f"({number(x)})" if number(x).startswith("−") else number(x)), x


@needs_node
def test_a_typed_number_is_read_as_a_student_means_it() -> None:
    code = (
        asset("engine.js")
        + """
    console.log(JSON.stringify(INPUT.map(function (t) { return bits(Chainrule.parse(t)); })));"""
    )
    texts = ["0.5", " −1.2 ", "-1.2", "1e-3", "+2", ".5", "3.", "abc", "", "1,5", "∞", "−∞"]
    got = [unbits(b) for b in run(code, texts)]
    want = [0.5, -1.2, -1.2, 1e-3, 2.0, 0.5, 3.0, math.nan, math.nan, math.nan, math.inf, -math.inf]
    for t, g, w in zip(texts, got, want):
        assert (g == w) or (g != g and w != w), t
