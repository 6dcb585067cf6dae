"""nn.to_torch / nn.from_torch: the same network in PyTorch float64 — same outputs, same
gradients — and back, with clear errors for what does not map."""

from __future__ import annotations

import pytest
import torch

from autograd import grad
from nn import MLP, Layer, Neuron, from_torch, mse, to_torch

INPUTS = [[0.5, -0.3], [1.2, 0.7], [-2.0, 0.1]]


def _our_cost(model: MLP, xs: list[list[float]], ys: list[float]):  # type: ignore[no-untyped-def]
    return mse([model(x) for x in xs], ys)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("activation", "output_activation"),
    [("relu", None), ("tanh", "sigmoid"), ("sigmoid", "tanh")],
)
def test_same_outputs_and_gradients(activation: str, output_activation: str | None) -> None:
    model = MLP(2, [16, 16, 1], activation, output_activation, seed=4)
    seq = to_torch(model)
    assert all(p.dtype == torch.float64 for p in seq.parameters())
    ys = [1.0, -1.0, 0.5]
    C = _our_cost(model, INPUTS, ys)
    ours = grad(C, model.parameters())
    out = seq(torch.tensor(INPUTS)).squeeze(1)
    C_t = ((out - torch.tensor(ys)) ** 2).mean()
    C_t.backward()
    assert C.data == pytest.approx(C_t.item(), rel=1e-12)
    for x in INPUTS:
        assert model(x).data == pytest.approx(seq(torch.tensor(x)).item(), rel=1e-12, abs=1e-15)
    theirs = []
    for linear in (m for m in seq if isinstance(m, torch.nn.Linear)):
        for k in range(linear.out_features):
            theirs += [*linear.weight.grad[k].tolist(), linear.bias.grad[k].item()]
    assert len(theirs) == len(ours) == 337
    assert list(ours) == pytest.approx(theirs, rel=1e-10, abs=1e-14)


def test_round_trip_keeps_every_weight() -> None:
    model = MLP(3, [4, 2], "tanh", "sigmoid", seed=7)
    back = from_torch(to_torch(model))
    assert (back.nin, back.nouts) == (3, [4, 2])
    assert back.activation == "tanh" and back.output_activation == "sigmoid"
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]
    x = [0.1, -0.2, 0.3]
    assert [v.data for v in back.forward(x)] == [v.data for v in model.forward(x)]


def test_from_torch_reads_a_hand_built_sequential() -> None:
    torch.manual_seed(0)
    seq = torch.nn.Sequential(
        torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 1), torch.nn.Identity()
    )
    model = from_torch(seq)
    assert model.output_activation == "linear" and model.activation == "relu"
    x = [0.4, -1.1]
    assert model(x).data == pytest.approx(seq(torch.tensor(x)).item(), rel=1e-12)


def test_layer_and_neuron_convert_too() -> None:
    layer = Layer(2, 3, "sigmoid", seed=1)
    seq = to_torch(layer)
    x = [0.3, 0.9]
    assert [a.data for a in layer(x)] == pytest.approx(seq(torch.tensor(x)).tolist())  # type: ignore[union-attr]
    neuron = Neuron(2, "tanh", seed=2)
    assert neuron(x).data == pytest.approx(to_torch(neuron)(torch.tensor(x)).item())


@pytest.mark.parametrize(
    ("seq", "message"),
    [
        (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3, bias=False)), "no bias"),
        (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Dropout()), "Dropout"),
        (lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(4, 1)), "4 inputs"),
        (
            lambda: torch.nn.Sequential(
                torch.nn.Linear(2, 3),
                torch.nn.ReLU(),
                torch.nn.Linear(3, 3),
                torch.nn.Tanh(),
                torch.nn.Linear(3, 1),
            ),
            "different activations",
        ),
        (lambda: torch.nn.Sequential(torch.nn.ReLU()), "before any Linear"),
        (
            lambda: torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Tanh()),
            "second activation",
        ),
        (lambda: torch.nn.Sequential(), "no Linear"),
    ],
)
def test_from_torch_explains_what_does_not_fit(seq, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        from_torch(seq())


def test_wrong_types_and_custom_activations_are_refused() -> None:
    with pytest.raises(TypeError):
        from_torch(torch.nn.Linear(2, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_torch("model")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="no PyTorch module"):
        to_torch(MLP(2, [2, 1], activation=lambda z: z.exp(), seed=0))
