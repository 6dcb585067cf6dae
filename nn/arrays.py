"""numpy in, numpy out — without making numpy a dependency.

Students' data usually arrives as numpy arrays; the engine computes on Python floats. Here an
array becomes plain lists (``X`` a list of rows, ``y`` a list of labels, one sample a list of
inputs) with its shape checked, and the data sets' lists become arrays when asked. numpy is
never imported for lists: only an object that is an array already (it has ``__array__``: numpy,
but also a pandas DataFrame or a CPU tensor) makes us import it.
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Sequence
from typing import Any, Protocol

__all__ = ["ArrayLike", "check_numbers", "is_array", "labels", "one_sample", "rows", "to_numpy"]


class ArrayLike(Protocol):
    """Anything numpy can turn into an array without copying it by hand (``np.asarray``)."""

    def __array__(self) -> Any: ...


def is_array(x: object) -> bool:
    """True for a numpy array (or anything with ``__array__``), never for a list or a str."""
    return hasattr(x, "__array__") and not isinstance(x, (list, tuple, str, bytes))


_READ = "reading an array (an object with __array__) needs numpy"


def _numpy(why: str = _READ) -> Any:
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        return numpy
    try:
        import numpy
    except ImportError:
        raise ImportError(
            f"{why}, and numpy is not installed: pip install numpy, or use plain Python lists"
        ) from None
    return numpy


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


def _floats(x: Any, what: str) -> Any:
    """``x`` as a float64 ndarray; a ValueError when its numbers are not real."""
    np = _numpy()
    array = np.asarray(x)
    kind = array.dtype.kind
    if kind in "biuf":  # bool, signed and unsigned int, float (float16 … float128)
        return array.astype(np.float64)
    if kind == "O":  # e.g. a DataFrame of mixed columns: numbers stored as objects
        try:
            return array.astype(np.float64)
        except (TypeError, ValueError):
            pass
    kinds = {"c": "complex numbers", "U": "text", "S": "bytes", "M": "dates", "m": "durations"}
    raise ValueError(
        f"{what} holds {kinds.get(kind, 'values')} (dtype {array.dtype}); expected real numbers "
        f"(any int or float dtype)"
    )


def rows(X: Any, what: str = "X") -> list[list[float]]:
    """A 2-D array (samples × inputs) as a list of rows of floats."""
    array = _floats(X, what)
    if array.ndim != 2:
        hint = {
            0: "one number is no data set",
            1: "one feature per sample? use X.reshape(-1, 1); one sample? use X.reshape(1, -1)",
        }.get(array.ndim, "flatten each sample into one row, e.g. X.reshape(len(X), -1)")
        raise ValueError(
            f"{what} must be 2-D, one row of inputs per sample (samples × inputs), but has "
            f"shape {_shape(array.shape)}: {hint}"
        )
    result: list[list[float]] = array.tolist()
    return result


def labels(y: Any, what: str = "y") -> list[float]:
    """A 1-D array of labels or targets as a list of floats."""
    array = _floats(y, what)
    if array.ndim != 1:
        if array.ndim == 2 and array.shape[1] == 1:
            hint = "a column: use y.ravel()"
        elif array.ndim == 2:
            hint = "one-hot rows? use y.argmax(axis=1) for the class numbers"
        else:
            hint = "one number per sample is expected"
        raise ValueError(
            f"{what} must be 1-D, one label per sample, but has shape {_shape(array.shape)}: {hint}"
        )
    result: list[float] = array.tolist()
    return result


def one_sample(x: Any, expected: int) -> list[float]:
    """One sample, a 1-D array of ``expected`` inputs, as a list of floats (``model(X[i])``)."""
    array = _floats(x, "the input")
    if array.ndim != 1:
        raise ValueError(
            f"expected one sample, a 1-D array of {expected} inputs, but got shape "
            f"{_shape(array.shape)}: pass one row, model(X[i]), or train on them all with "
            f"fit(model, X, y)"
        )
    result: list[float] = array.tolist()
    return result


def check_numbers(y: Sequence[object], what: str = "y") -> None:
    """Each label of a list is one real number (not a list, not a str)."""
    for i, t in enumerate(y):
        if not isinstance(t, numbers.Real):
            raise ValueError(
                f"{what}[{i}] is a {type(t).__name__}, but {what} must hold one number per "
                f"sample (a class label or a target), a flat list such as [0, 1, 1, 0]"
            )


def to_numpy(X: list[list[float]], y: list[int]) -> tuple[Any, Any]:
    """A data set as numpy arrays: X float64 of shape (n, 2), y int64 of shape (n,)."""
    np = _numpy("as_numpy=True returns numpy arrays")
    return np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.int64)
