"""Neuron, Layer, MLP: micrograd-compatible shape, lecture labels, bad input, reproducibility."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograd import Value
from autograd.checks.gradcheck import gradcheck
from nn import MLP, Layer, Neuron
from nn.layers import Init, init_bound


def test_mlp_shape_is_micrograds() -> None:
    model = MLP(2, [16, 16, 1])
    assert len(model.parameters()) == (2 + 1) * 16 + (16 + 1) * 16 + (16 + 1) * 1 == 337
    assert [layer.activation_name for layer in model.layers] == ["relu", "relu", "linear"]
    out = model([0.5, -0.2])
    assert isinstance(out, Value)
    assert isinstance(MLP(2, [3, 2])([0.1, 0.2]), list)


def test_parameter_order_is_each_neurons_weights_then_bias() -> None:
    model = MLP(2, [2, 1], seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert names == [
        "w⁽¹⁾₁,₁", "w⁽¹⁾₁,₂", "b⁽¹⁾₁",
        "w⁽¹⁾₂,₁", "w⁽¹⁾₂,₂", "b⁽¹⁾₂",
        "w⁽²⁾₁,₁", "w⁽²⁾₁,₂", "b⁽²⁾₁",
    ]  # fmt: skip
    n = model.layers[0].neurons[1]
    assert model.parameters()[3:6] == [*n.w, n.b]


@pytest.mark.parametrize(("nin", "nouts"), [(2, [2, 1]), (1, [1]), (3, [12, 1, 11]), (11, [2])])
def test_parameter_names_without_a_model_are_the_models_names(nin: int, nouts: list[int]) -> None:
    # nn.load checks a file's keys against parameter_names before building the model
    from nn.layers import parameter_names

    model = MLP(nin, nouts, seed=0)
    assert list(parameter_names(nin, nouts)) == [name for name, _ in model.named_parameters()]


def test_labels_of_a_two_layer_mlp_spelled_out() -> None:
    model = MLP(2, [2, 1], activation="sigmoid", seed=1)
    acts = model.activations([1.0, 2.0])
    assert [x.label for x in acts[0]] == ["x₁", "x₂"]
    assert [a.label for a in acts[1]] == ["a⁽¹⁾₁", "a⁽¹⁾₂"]
    assert [a.op for a in acts[1]] == ["sigmoid", "sigmoid"]
    z11 = acts[1][0].parents[0]
    assert z11.label == "z⁽¹⁾₁" and z11.op == "wsum"
    assert [p.label for p in z11.parents] == ["w⁽¹⁾₁,₁", "x₁", "w⁽¹⁾₁,₂", "x₂", "b⁽¹⁾₁"]
    out = acts[2][0]
    assert out.label == "z⁽²⁾₁" and out.op == "wsum"  # linear output: a = z
    assert [p.label for p in out.parents] == ["w⁽²⁾₁,₁", "a⁽¹⁾₁", "w⁽²⁾₁,₂", "a⁽¹⁾₂", "b⁽²⁾₁"]


def test_multi_digit_indices_stay_unambiguous() -> None:
    model = MLP(12, [11, 1], seed=0)
    labels = {name for name, _ in model.named_parameters()}
    assert "w⁽¹⁾₁₁,₁₂" in labels and "w⁽¹⁾₁,₁₂" in labels and "w⁽¹⁾₁₁,₂" in labels
    assert len(labels) == len(model.parameters())


def test_single_neuron_hidden_layer_and_output_activation() -> None:
    model = MLP(3, [1, 1], activation="tanh", output_activation="sigmoid", seed=3)
    y = model([0.1, 0.2, 0.3])
    assert isinstance(y, Value) and 0.0 < y.data < 1.0 and y.op == "sigmoid"


def test_callable_activation() -> None:
    model = MLP(2, [2, 1], activation=lambda z: z.leaky_relu(0.1), seed=0)
    y = model([-3.0, -3.0])
    assert isinstance(y, Value)
    assert model.layers[0].neurons[0].a_label == "a⁽¹⁾₁"


def test_unknown_activation_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'swish'.*'relu', 'tanh', 'sigmoid', 'linear'"):
        MLP(2, [3], activation="swish")


def test_wrong_input_length_names_expected_and_got() -> None:
    with pytest.raises(ValueError, match=r"expects 2 inputs .*, got 3"):
        MLP(2, [3, 1])([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"expects 4 inputs .*, got 1"):
        Neuron(4)([1.0])
    with pytest.raises(ValueError, match=r"expects 2 inputs .*, got 0"):
        Layer(2, 2)([])


def test_wrong_input_length_says_what_to_pass() -> None:
    # "expected 2 inputs, got 1" named neither whose expectation it was nor the fix
    with pytest.raises(ValueError) as raised:
        MLP(2, [3, 1])([0.5])
    assert str(raised.value) == (
        "the model expects 2 inputs (it was built with nin = 2), got 1: pass one number per "
        "input, e.g. model([0.5, -0.3])"
    )
    with pytest.raises(ValueError, match=r"expects 1 input \(.*e\.g\. model\(\[0\.5\]\)$"):
        Neuron(1)([])


def test_one_number_instead_of_a_list_says_to_pass_a_list() -> None:
    # "expected a sequence of 2 inputs, got float" named the problem, not the fix
    with pytest.raises(ValueError) as raised:
        MLP(2, [3, 1])(0.5)  # type: ignore[arg-type]
    assert str(raised.value) == (
        "the model expects a list of 2 inputs, got a float 0.5: pass a list, "
        "e.g. model([0.5, -0.3])"
    )


@pytest.mark.parametrize(
    ("x", "said"),
    [
        (["a", "b"], "input x₁ (x[0]) is 'a', a str, not a number: a network computes with "
         "numbers, so encode text as numbers first"),
        ([0.5, "0.3"], "input x₂ (x[1]) is '0.3', a str: pass the number, float('0.3'), not its "
         "text"),
        ([1.0, True], "input x₂ (x[1]) is True, a bool: True/False is a truth value; pass 1.0 "
         "or 0.0"),
        ([[0.5, 0.3], [0.1, 0.2]], "input x₁ (x[0]) is [0.5, 0.3], a list: model(x) takes one "
         "sample; for several, [model(x) for x in X]"),
        ([0.5, None], "input x₂ (x[1]) is None, not a number"),
    ],
)  # fmt: skip
def test_an_input_that_is_no_number_is_named_with_its_type_and_the_fix(
    x: list[object], said: str
) -> None:
    # A new user's model(["a", "b"]) used to fail inside Value(data), naming neither the input
    # nor what to pass; now the message is about the sample, from every module that takes one.
    for module in (MLP(2, [3, 1], seed=0), Layer(2, 3), Neuron(2)):
        with pytest.raises(TypeError) as raised:
            module(x)  # type: ignore[arg-type]
        assert str(raised.value) == (
            f"{said}. A sample is one real number per input (an int, a float or a numpy "
            "scalar), e.g. model([0.5, -0.3])"
        )
        assert raised.value.__cause__ is None and raised.value.__suppress_context__
    # numbers of every real kind, and Values, still pass
    assert MLP(2, [1], seed=0)([Value(0.5), 1]).data == MLP(2, [1], seed=0)([0.5, 1.0]).data


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_sizes(bad: object) -> None:
    with pytest.raises(ValueError):
        MLP(bad, [2])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        MLP(2, [bad])  # type: ignore[list-item]


def test_layer_sizes_given_as_a_number_say_how_to_write_them() -> None:
    # micrograd's MLP(2, [16, 16, 1]) shape; MLP(2, 4) is the natural slip
    for nouts in (4, []):
        with pytest.raises(ValueError, match=r"got (4|\[\]): MLP\(2, \[16, 16, 1\]\) is 2 inputs"):
            MLP(2, nouts)  # type: ignore[arg-type]


def test_seed_and_rng_are_reproducible() -> None:
    a = MLP(2, [4, 1], seed=42).state_dict()
    assert a == MLP(2, [4, 1], seed=42).state_dict()
    assert a != MLP(2, [4, 1], seed=43).state_dict()
    assert MLP(2, [4, 1], rng=random.Random(5)).state_dict() == (
        MLP(2, [4, 1], rng=random.Random(5)).state_dict()
    )
    random.seed(7)
    g1 = MLP(2, [4, 1]).state_dict()
    random.seed(7)
    assert MLP(2, [4, 1]).state_dict() == g1
    with pytest.raises(ValueError, match="not both"):
        MLP(2, [1], seed=1, rng=random.Random(1))


def test_init_schemes() -> None:
    wide = MLP(100, [50], init="scaled", seed=0)
    assert max(abs(p.data) for p in wide.parameters()) <= 0.1
    assert all(b.data == 0.0 for n in wide.layers[0].neurons for b in [n.b])
    with pytest.raises(ValueError, match=r"unknown init 'glorot'.*'xavier', 'he'"):
        MLP(2, [1], init="glorot")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fan_out"):
        Neuron(3, init="xavier", fan_out=0)


@pytest.mark.parametrize(
    ("init", "nin", "nout", "bound"),
    [
        ("uniform", 40, 30, 1.0),
        ("scaled", 40, 30, 1.0 / math.sqrt(40)),
        ("xavier", 40, 30, math.sqrt(6.0 / 70)),  # Glorot: √(6/(fan_in + fan_out))
        ("he", 40, 30, math.sqrt(6.0 / 40)),  # He: √(6/fan_in)
    ],
)
def test_init_draws_uniform_weights_in_the_documented_range(
    init: Init, nin: int, nout: int, bound: float
) -> None:
    layer = Layer(nin, nout, init=init, seed=3)
    ws = [w.data for n in layer.neurons for w in n.w]
    assert init_bound(init, nin, nout) == pytest.approx(bound)
    assert max(abs(w) for w in ws) <= bound
    # 1200 draws of U(−r, r) reach close to ±r, and their variance is r²/3
    assert max(ws) > 0.95 * bound and min(ws) < -0.95 * bound
    variance = sum(w * w for w in ws) / len(ws)
    assert variance == pytest.approx(bound**2 / 3, rel=0.1)
    assert all(n.b.data == 0.0 for n in layer.neurons)


def test_mlp_xavier_uses_each_layers_own_fan_in_and_fan_out() -> None:
    model = MLP(8, [32, 2], activation="tanh", init="xavier", seed=0)
    first = [w.data for n in model.layers[0].neurons for w in n.w]
    last = [w.data for n in model.layers[1].neurons for w in n.w]
    assert max(map(abs, first)) <= math.sqrt(6 / 40) < max(map(abs, first)) / 0.9
    assert max(map(abs, last)) <= math.sqrt(6 / 34)
    assert model.init == "xavier"


def test_repr_is_informative() -> None:
    assert repr(MLP(2, [16, 16, 1])) == "MLP(2 → [16 relu, 16 relu, 1 linear], 337 parameters)"
    assert repr(Layer(3, 4, "tanh")) == "Layer(3 → 4, activation='tanh')"
    assert repr(Neuron(3, "sigmoid")) == "Neuron(nin=3, activation='sigmoid')"


def test_zero_grad() -> None:
    model = MLP(2, [3, 1], seed=0)
    y = model([1.0, -1.0])
    assert isinstance(y, Value)
    (y * y).backward()
    assert any(p.grad != 0.0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0.0 for p in model.parameters())


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=3),
    st.sampled_from(["tanh", "sigmoid", "linear"]),
    st.integers(0, 10_000),
)
def test_random_mlp_gradients_match_finite_differences(
    sizes: list[int], act: str, seed: int
) -> None:
    model = MLP(2, [*sizes, 1], activation=act, seed=seed)
    params = model.parameters()

    def cost(*ps: Value) -> Value:
        # rebuild the network with the given Values as its parameters
        for p, v in zip(params, ps):
            p.data = v.data
        saved = [(n, n.w, n.b) for layer in model.layers for n in layer.neurons]
        it = iter(ps)
        for layer in model.layers:
            for n in layer.neurons:
                n.w = [next(it) for _ in n.w]
                n.b = next(it)
        try:
            y = model([0.3, -0.7])
            assert isinstance(y, Value)
            return (y - 0.5) ** 2
        finally:
            for n, w, b in saved:
                n.w, n.b = w, b

    assert gradcheck(cost, [p.data for p in params], rtol=1e-4, atol=1e-6)


@given(
    nin=st.integers(1, 40),
    nout=st.integers(1, 40),
    init=st.sampled_from(["uniform", "scaled", "xavier", "he"]),
    seed=st.integers(0, 2**16),
)
def test_every_init_stays_inside_its_bound(nin: int, nout: int, init: Init, seed: int) -> None:
    layer = Layer(nin, nout, init=init, seed=seed)
    bound = init_bound(init, nin, nout)
    assert all(abs(w.data) <= bound for n in layer.neurons for w in n.w)
    assert init_bound("xavier", nin, nout) == init_bound("xavier", nout, nin)
    assert init_bound("he", nin) == pytest.approx(math.sqrt(6) * init_bound("scaled", nin))


def _shape(v: Value, names: dict[int, int]) -> tuple[object, ...]:
    # a node as the graph sees it: its number's bits, op, constant, label, parents by identity
    return (v.data.hex(), v.op, v.const, v.label, tuple(names.get(id(p), id(p)) for p in v.parents))


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "linear"])
def test_a_layer_makes_the_nodes_its_neurons_make_one_by_one(activation: str) -> None:
    # Layer.forward's one loop (autograd.nodes.layer_checked) against Neuron.forward per neuron
    layer = Layer(3, 4, activation, seed=5, layer=2)
    x = [Value(0.7), Value(-1.3), Value(2.0e-3)]
    fused = layer.forward(x)
    single = [n.forward(x) for n in layer.neurons]
    for a, b in zip(fused, single):
        za, zb = (a.parents[0], b.parents[0]) if activation != "linear" else (a, b)
        assert _shape(a, {id(za): 0}) == _shape(b, {id(zb): 0})
        assert _shape(za, {}) == _shape(zb, {})


def test_a_layer_falls_back_where_its_loop_does_not_apply() -> None:
    from autograd import detect_anomaly, no_grad

    class Doubled(Neuron):  # a subclass's own forward is kept
        def forward(self, inputs: list[Value]) -> Value:  # type: ignore[override]
            return super().forward(inputs) * 2.0

    layer = Layer(2, 2, seed=1)
    layer.neurons[1] = Doubled(2, seed=2)
    assert layer.forward([Value(1.0), Value(2.0)])[1].op == "mul_c"
    custom = Layer(2, 2, lambda z: z * 3.0, seed=1)  # φ outside the table
    assert [a.op for a in custom.forward([Value(1.0), Value(2.0)])] == ["mul_c", "mul_c"]
    with no_grad():
        assert all(a.is_leaf() for a in Layer(2, 2, seed=1).forward([Value(1.0), Value(2.0)]))
    big = Layer(1, 1, "linear", seed=1)
    big.neurons[0].w[0].data = 1e308
    with detect_anomaly(), pytest.raises(FloatingPointError):  # 1e308·1e308 overflows: reported
        big.forward([Value(1e308)])


def test_parameters_are_the_named_parameters_values() -> None:
    # Neuron, Layer and MLP list them without names; a subclass with its own named_parameters
    # still gets its own list
    class Frozen(Neuron):
        def named_parameters(self):  # type: ignore[no-untyped-def]
            yield str(self.b.label), self.b

    model = MLP(3, [4, 2, 1], seed=7)
    layer = model.layers[1]
    layer.neurons[0] = Frozen(4, seed=1)
    for m in (model, layer, layer.neurons[1], layer.neurons[0], Neuron(2)):
        assert m.parameters() == [p for _, p in m.named_parameters()]
    assert len(layer.parameters()) == 1 + 5


def test_forward_pauses_the_collector_and_restores_it() -> None:
    import gc

    model = MLP(2, [3, 1], seed=0)
    seen = []
    model.layers[0].neurons[0].phi = lambda z: seen.append(gc.isenabled()) or z.relu()  # type: ignore[func-returns-value]
    was = gc.isenabled()
    try:
        gc.enable()
        model([0.5, 1.0])
        assert seen == [False] and gc.isenabled()  # paused inside, on again after
        with pytest.raises(ValueError):
            model([0.5])  # an error inside: on again all the same
        assert gc.isenabled()
        gc.disable()
        model([0.5, 1.0])
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable() if was else gc.disable()
