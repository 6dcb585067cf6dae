"""numpy scalars with Values: stored as Python floats, Values out of every mixed op, no number
silently taken out of the graph. numpy is optional: without it these tests skip, saying so."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest

from autograd import Value

np = pytest.importorskip("numpy", reason="numpy is optional (not installed here)")

SCALARS = [np.float64(2.0), np.float32(0.5), np.int64(3), np.int32(-2)]
IDS = [type(s).__name__ for s in SCALARS]


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
def test_numpy_scalars_are_stored_as_python_floats(s: object) -> None:
    number = float(s)  # type: ignore[arg-type]
    assert type(Value(s).data) is float and Value(s).data == number  # type: ignore[arg-type]
    v = Value(0.0)
    v.data = s  # type: ignore[assignment]
    v.grad = s  # type: ignore[assignment]
    assert type(v.data) is float and type(v.grad) is float
    assert (v.data, v.grad) == (number, number)
    C = v * 2.0
    C.backward(s)  # type: ignore[arg-type]
    assert type(v.grad) is float and v.grad == 3 * number


def test_a_numpy_bool_is_refused_like_a_bool() -> None:
    with pytest.raises(TypeError, match="bool"):
        Value(np.bool_(True))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"v\.data.*bool"):
        Value(1.0).data = np.bool_(False)  # type: ignore[assignment]


MIXED: dict[str, Callable[[object, Value], object]] = {
    "s + x": lambda s, x: s + x,  # type: ignore[operator]
    "s - x": lambda s, x: s - x,  # type: ignore[operator]
    "s * x": lambda s, x: s * x,  # type: ignore[operator]
    "s / x": lambda s, x: s / x,  # type: ignore[operator]
    "s ** x": lambda s, x: s**x,  # type: ignore[operator]
    "x + s": lambda s, x: x + s,  # type: ignore[operator]
    "x * s": lambda s, x: x * s,  # type: ignore[operator]
    "x / s": lambda s, x: x / s,  # type: ignore[operator]
    "x ** s": lambda s, x: x**s,  # type: ignore[operator]
}


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
@pytest.mark.parametrize("make", MIXED.values(), ids=MIXED.keys())
def test_numpy_scalar_with_a_value_on_either_side_is_a_value_in_the_graph(
    make: Callable[[object, Value], object], s: object
) -> None:
    x = Value(2.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no float(x) on the way: nothing left the graph
        out = make(s, x)
    assert type(out) is Value
    assert out.parents == (x,) and type(out.data) is float and type(out.const) is float
    reference = make(float(s), Value(2.0))  # type: ignore[arg-type]
    assert isinstance(reference, Value) and out.data == reference.data


@pytest.mark.parametrize("s", SCALARS, ids=IDS)
def test_the_gradient_through_a_numpy_scalar_product(s: object) -> None:
    x = Value(1.5)
    C = s * x  # type: ignore[operator]
    C.backward()
    assert x.grad == float(s)  # type: ignore[arg-type]


def test_numpy_functions_on_a_value_stay_in_the_graph() -> None:
    # numpy hands a Value to the Value's method of that name: np.exp(v) is v.exp(). (Value does
    # not set __array_ufunc__ = None, which would refuse this.)
    x = Value(0.5)
    for f, op in ((np.exp, "exp"), (np.log, "log"), (np.tanh, "tanh"), (np.sqrt, "sqrt")):
        out = f(x)
        assert type(out) is Value and out.op == op and out.parents == (x,)
