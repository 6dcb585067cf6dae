"""The traps a beginner falls into with a Value, each answered at the line that falls in:
``math.exp(v)`` (a gradient lost without a word), ``v.data = "a"`` and ``v.grad = None``
(accepted, failing much later), ``bool(v)`` (always True). numpy scalars: test_numpy_scalars.py."""

from __future__ import annotations

import math
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import autograd
from autograd import GradientLostWarning, Value, grad, no_grad

ROOT = Path(__file__).parents[2]

# --- float(v), math.*(v), int(v), round(v): a plain number, said out loud ----------------------

CONVERSIONS: dict[str, Callable[[Value], object]] = {
    "float": float,
    "math.exp": math.exp,
    "math.log": math.log,
    "math.tanh": math.tanh,
    "math.sqrt": math.sqrt,
    "math.floor": math.floor,
    "int": int,
    "round": round,
    "round(v, 2)": lambda v: round(v, 2),
    "math.trunc": math.trunc,
}


@pytest.mark.parametrize("convert", CONVERSIONS.values(), ids=CONVERSIONS.keys())
def test_a_plain_number_from_a_value_warns_that_the_gradient_is_lost(
    convert: Callable[[Value], object],
) -> None:
    w = Value(2.5, label="w")
    C = w * 3.0
    with pytest.warns(GradientLostWarning) as caught:
        convert(C)
    message = str(caught[0].message)
    assert "no gradient" in message and "v.exp()" in message and "v.data" in message
    assert issubclass(GradientLostWarning, UserWarning)


def test_the_warning_points_at_the_users_line() -> None:
    w = Value(0.5)
    with pytest.warns(GradientLostWarning) as caught:
        line = sys._getframe().f_lineno + 1
        math.exp(w)
    assert caught[0].filename == __file__
    assert caught[0].lineno == line
    with pytest.warns(GradientLostWarning) as caught:
        line = sys._getframe().f_lineno + 1
        round(w)
    assert (caught[0].filename, caught[0].lineno) == (__file__, line)


def test_conversions_give_the_number_and_are_silent_inside_no_grad_or_through_data() -> None:
    v = Value(2.75)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with no_grad():
            assert float(v) == 2.75 and math.exp(v) == math.exp(2.75)
            assert int(v) == 2 and math.trunc(Value(-2.75)) == -2 and round(v) == 3
            assert round(v, 1) == round(2.75, 1) and math.floor(v) == 2
        assert v.data == 2.75  # the silent way, everywhere
        assert math.exp(v.data) == math.exp(2.75)


def test_the_lost_gradient_is_real_and_the_values_own_op_keeps_it() -> None:
    w = Value(0.5)
    with pytest.warns(GradientLostWarning):
        lost = math.exp(w) * w  # exp(w) became the constant e^0.5
    kept = w.exp() * w
    assert grad(lost, w)[0] == pytest.approx(math.exp(0.5))  # ∂/∂w of c·w: c only
    assert grad(kept, w)[0] == pytest.approx(1.5 * math.exp(0.5))  # eʷ·w + eʷ: product rule


# --- .data and .grad hold real numbers only --------------------------------------------------

NOT_NUMBERS = {
    "str": "a",
    "None": None,
    "list": [1.0, 2.0],
    "Value": Value(1.0),
    "True": True,
    "False": False,
    "complex": 1j,
}


@pytest.mark.parametrize("attr", ["data", "grad"])
@pytest.mark.parametrize("bad", NOT_NUMBERS.values(), ids=NOT_NUMBERS.keys())
def test_data_and_grad_refuse_what_is_not_a_real_number_at_the_assignment(
    attr: str, bad: object
) -> None:
    v = Value(1.5)
    v.grad = 0.25
    with pytest.raises(TypeError, match=rf"v\.{attr}") as e:
        setattr(v, attr, bad)
    assert "real number" in str(e.value) or "a Value" in str(e.value)
    assert (v.data, v.grad) == (1.5, 0.25)  # nothing half-set


def test_grad_none_is_refused_when_set_not_in_a_later_backward() -> None:
    w = Value(2.0)
    C = w * w
    with pytest.raises(TypeError, match=r"v\.grad.*None.*0\.0"):
        w.grad = None  # type: ignore[assignment]
    C.backward()  # w.grad is still a float, so backward() adds to it
    assert w.grad == 4.0


def test_a_string_in_data_fails_at_once_not_in_a_later_op() -> None:
    v = Value(1.0)
    with pytest.raises(TypeError, match=r"v\.data.*got str"):
        v.data = "a"  # type: ignore[assignment]


def test_value_refuses_a_bool_as_data_does() -> None:
    with pytest.raises(TypeError, match="bool"):
        Value(True)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="bool"):
        Value(1.0).backward(True)


@pytest.mark.parametrize("number", [3, 2.5, -0.0, math.inf])
def test_real_numbers_are_stored_as_python_floats(number: float) -> None:
    v = Value(0.0)
    v.data = number
    v.grad = number
    assert type(v.data) is float and type(v.grad) is float
    assert v.data == number and v.grad == number


def test_ops_and_backward_after_assignments_use_the_new_numbers() -> None:
    w = Value(1.0)
    w.data = 3  # an int, stored as 3.0
    C = w * w
    C.backward()
    w.grad = 0  # zeroing by hand, as the README says
    C.backward()
    assert (C.data, w.grad) == (9.0, 6.0)


# --- bool(v) is the truth of its number (a PyTorch 0-dim tensor's) --------------------------


def test_bool_is_the_truth_of_the_number() -> None:
    assert not Value(0.0) and not Value(-0.0)
    assert Value(2.0) and Value(-1e-300) and Value(math.inf)
    assert bool(Value(math.nan))  # as bool(float('nan')) and PyTorch's bool(tensor(nan))
    x = Value(1.5)
    assert not (x - x)
    assert (Value(0.0) or "fallback") == "fallback"


def test_bool_records_nothing_and_warns_nothing() -> None:
    x = Value(1.0)
    y = x * 2.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bool(y)
    assert y.parents == (x,)  # no node made from the test


# --- autograd.compile follows bool(v) and float(v) as it follows v > 0 ----------------------


def _eager_and_compiled(
    fn: Callable[[Value], Value], w: Value, xs: list[float]
) -> tuple[tuple[float, float], tuple[float, float], int]:
    rows = [(x,) for x in xs]
    cf = autograd.compile(fn)
    got = cf.mean(rows)
    got_grad, w.grad = w.grad, 0.0
    C = autograd.mean([fn(Value(x)) for x in xs])
    C.backward()
    eager_grad, w.grad = w.grad, 0.0
    return (got, got_grad), (C.data, eager_grad), cf.traces


def test_a_compiled_function_branching_on_bool_of_a_value_gives_the_eager_numbers() -> None:
    w = Value(0.7)

    def fn(x: Value) -> Value:
        return (w * x).relu() if x else (w * x).tanh()  # bool(x): the row's number

    got, eager, traces = _eager_and_compiled(fn, w, [0.5, 0.0, -0.5, 0.0])
    assert got == eager and traces == 2  # one trace for x ≠ 0, one for x = 0


def test_a_compiled_function_taking_a_number_out_gives_the_eager_numbers() -> None:
    w = Value(0.7)

    def fn(x: Value) -> Value:
        return w * math.exp(x)  # a constant of the graph, different on every row

    with pytest.warns(GradientLostWarning):
        got, eager, traces = _eager_and_compiled(fn, w, [0.5, 1.0, 0.5])
    assert got == eager and traces == 2


# --- numpy is never imported by autograd (numpy scalars: test_numpy_scalars.py) -------------


def test_autograd_never_imports_numpy() -> None:
    code = (
        "import sys\n"
        "import autograd\n"
        "from autograd import Value, grad, jvp\n"
        "x = Value(0.5)\n"
        "C = ((x * 2.0).tanh() + x.exp()).relu() / 3\n"
        "C.backward(); grad(C, x); jvp(C, x, 1.0); repr(C); bool(C)\n"
        "assert 'numpy' not in sys.modules, 'autograd imported numpy'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_number_typed_as_text_says_what_to_write() -> None:
    # Python's own words named the types ("got str", "unsupported operand type(s)"), not the fix
    with pytest.raises(TypeError) as raised:
        Value("0.5")  # type: ignore[arg-type]
    assert "pass the number, not its text: Value(0.5) or Value(float('0.5'))" in str(raised.value)
    with pytest.raises(TypeError, match=r"'abc' is text, not a number"):
        Value("abc")  # type: ignore[arg-type]
    v = Value(1.0)
    with pytest.raises(TypeError, match=r"pass the number, not its text: float\('0\.3'\)$"):
        v.data = "0.3"  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("op", "said"),
    [
        (lambda v: v + "1", "v + '1'"),
        (lambda v: v * "1", "v·'1'"),
        (lambda v: "1" - v, "'1' − v"),
        (lambda v: v / "1", "v / '1'"),
        # reflected: the operands in the order written, not the graph's v + 1 for 1 + v
        (lambda v: "1" + v, "'1' + v"),
        (lambda v: "1" * v, "'1'·v"),
        (lambda v: "1" / v, "'1' / v"),
        (lambda v: "1" ** v, "'1'^v"),
    ],
)
def test_a_value_and_text_say_what_to_write(op: Callable[[Value], Value], said: str) -> None:
    with pytest.raises(TypeError) as raised:
        op(Value(1.0))
    assert (
        str(raised.value)
        == f"{said}: '1' is text, not a number; write float('1'), or the number itself"
    )
