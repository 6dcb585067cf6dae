"""numpy data goes in: a model takes one sample as a 1-D array, fit takes X (2-D) and y (1-D)
of any real dtype, and a wrong shape says which and how to fix it. numpy stays optional: these
tests skip without it (it comes with the dev extra)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from nn import MLP, fit
from nn.datasets import moons, spirals

np: Any = pytest.importorskip("numpy", reason="numpy is optional; these tests feed it to nn")

DTYPES = ["float64", "float32", "float16", "int64", "int32", "uint8", "bool"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_a_model_takes_one_sample_as_a_1d_array_of_any_real_dtype(dtype: str) -> None:
    model = MLP(2, [3, 1], seed=0)
    row = [1.0, 0.0] if dtype == "bool" else [3.0, 2.0]
    expected = model(row)
    got = model(np.array(row, dtype=dtype))
    assert not isinstance(got, list) and not isinstance(expected, list)
    assert got.data == expected.data  # the same floats went in
    inputs = model.activations(np.array(row, dtype=dtype))[0]
    assert [x.label for x in inputs] == ["x₁", "x₂"] and all(type(x.data) is float for x in inputs)


def test_every_layer_reads_a_numpy_sample() -> None:
    model = MLP(2, [3, 2], seed=0)
    x = np.array([0.25, -1.5], dtype=np.float32)
    assert [v.data for v in model.forward(x)] == [v.data for v in model.forward([0.25, -1.5])]
    assert len(model.activations(x)) == 3
    neuron = model.layers[0].neurons[0]
    assert neuron(x).data == neuron([0.25, -1.5]).data


@pytest.mark.parametrize(
    ("shape", "message"),
    [
        (
            (1, 2),
            "expected one sample, a 1-D array of 2 inputs, but got shape (1, 2): pass one row",
        ),
        ((), "expected one sample, a 1-D array of 2 inputs, but got shape ()"),
        ((3,), "the model expects 2 inputs (it was built with nin = 2), got 3"),
    ],
)
def test_a_sample_of_the_wrong_shape_says_so(shape: tuple[int, ...], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        MLP(2, [1], seed=0)(np.zeros(shape))


@pytest.mark.parametrize(
    ("xdtype", "ydtype"),
    [
        ("float64", "int64"),
        ("float32", "float32"),
        ("int64", "int8"),
        ("float16", "uint8"),
        ("float32", "bool"),
    ],
)
def test_fit_on_numpy_trains_exactly_as_on_the_same_lists(xdtype: str, ydtype: str) -> None:
    X, y = moons(30, seed=1)
    Xa = np.array(X, dtype=xdtype)
    ya = np.array(y, dtype=ydtype)
    on_lists = fit(
        MLP(2, [4, 1], seed=0),
        Xa.tolist(),
        [float(t) for t in ya.tolist()],
        epochs=3,
        progress=False,
    )
    on_arrays = fit(MLP(2, [4, 1], seed=0), Xa, ya, epochs=3, progress=False)
    assert on_arrays.loss == on_lists.loss and on_arrays.accuracy == on_lists.accuracy


def test_fit_on_the_numpy_data_sets_softmax_too() -> None:
    X, y = spirals(45, classes=3, as_numpy=True)
    h = fit(MLP(2, [8, 3], seed=0), X, y, epochs=3, progress=False)  # 3 outputs: softmax
    assert len(h.loss) == 3 and h.loss[-1] < h.loss[0]


def test_fit_on_a_list_of_numpy_rows() -> None:
    X, y = moons(20, seed=1, as_numpy=True)
    h = fit(MLP(2, [4, 1], seed=0), list(X), list(y), epochs=2, progress=False)
    assert len(h.loss) == 2


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (
            np.zeros((4, 2, 2)),
            np.zeros(4),
            "X must be 2-D, one row of inputs per sample "
            "(samples × inputs), but has shape (4, 2, 2): flatten each sample into one row",
        ),
        (
            np.zeros(4),
            np.zeros(4),
            "but has shape (4,): one feature per sample? use X.reshape(-1, 1)",
        ),
        (
            np.zeros((4, 2)),
            np.zeros((4, 1)),
            "y must be 1-D, one label per sample, but has shape (4, 1): a column: use y.ravel()",
        ),
        (
            np.zeros((4, 2)),
            np.eye(2)[[0, 1, 1, 0]],
            "has shape (4, 2): one-hot rows? use y.argmax(axis=1)",
        ),
        (np.zeros((4, 3)), np.zeros(4), "X[0] has 3 inputs, but the model takes 2"),
        (np.zeros((4, 2)), np.zeros(3), "X and y must be non-empty and equally long: 4 vs 3"),
        (
            np.zeros((4, 2), dtype=complex),
            np.zeros(4),
            "X holds complex numbers (dtype complex128); expected real numbers",
        ),
        (
            np.zeros((4, 2)),
            np.array(["a", "b", "a", "b"]),
            "y holds text (dtype <U1); expected real numbers",
        ),
        ([[0.0, 1.0]] * 2, [[0], [1]], "y[0] is a list, but y must hold one number per sample"),
    ],
)
def test_fit_says_what_is_wrong_with_the_datas_shape(X: Any, y: Any, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        fit(MLP(2, [1], seed=0), X, y, epochs=1, progress=False)
