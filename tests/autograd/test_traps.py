"""The traps a beginner falls into with a Value, each answered at the line that falls in:
``v.data = "a"`` and ``v.grad = None`` (accepted, failing much later). numpy scalars:
test_numpy_scalars.py."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from autograd import Value

ROOT = Path(__file__).parents[2]

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
