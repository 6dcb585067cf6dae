"""Data sets: deterministic per seed, the right shape and labels."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nn import datasets

ALL: list[Callable[..., tuple[list[list[float]], list[int]]]] = [
    datasets.moons,
    datasets.circles,
    datasets.xor,
    datasets.spirals,
    datasets.nonlinear,
]


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_deterministic_per_seed(make: Callable[..., tuple[list[list[float]], list[int]]]) -> None:
    assert make(n=60, seed=3) == make(n=60, seed=3)
    assert make(n=60, seed=3) != make(n=60, seed=4)
    X, y = make(n=61, seed=0)
    assert len(X) == len(y) == 61
    assert all(len(x) == 2 and all(isinstance(c, float) for c in x) for x in X)
    assert set(y) == {0, 1}


@pytest.mark.parametrize("make", [d for d in ALL if d is not datasets.spirals])
def test_pm1_labels(make: Callable[..., tuple[list[list[float]], list[int]]]) -> None:
    _, y = make(n=20, labels="pm1")
    assert set(y) == {-1, 1}
    with pytest.raises(ValueError, match="labels"):
        make(n=20, labels="yes")


def test_spirals_classes_and_bad_n() -> None:
    _, y = datasets.spirals(n=90, classes=3)
    assert sorted(set(y)) == [0, 1, 2]
    with pytest.raises(ValueError, match="n must be"):
        datasets.moons(n=1)


def test_nonlinear_is_not_linearly_separable() -> None:
    """Every line in a fan of directions misclassifies a good share of the band data set."""
    import math

    X, y = datasets.nonlinear(n=200, seed=0)
    best = 0.0
    for d in range(180):
        t = math.radians(d)
        proj = [x[0] * math.cos(t) + x[1] * math.sin(t) for x in X]
        for cut in sorted(proj)[::5]:
            acc = sum((p > cut) == bool(c) for p, c in zip(proj, y)) / len(y)
            best = max(best, acc, 1 - acc)
    assert best < 0.8


@pytest.mark.parametrize("make", ALL, ids=lambda f: f.__name__)
def test_every_data_set_comes_as_numpy_when_asked(
    make: Callable[..., tuple[list[list[float]], list[int]]],
) -> None:
    np = pytest.importorskip("numpy", reason="numpy is optional; as_numpy=True needs it")
    X, y = make(n=41, seed=2, as_numpy=True)
    assert isinstance(X, np.ndarray) and isinstance(y, np.ndarray)
    assert X.shape == (41, 2) and X.dtype == np.float64
    assert y.shape == (41,) and y.dtype == np.int64
    Xl, yl = make(n=41, seed=2)  # the same data as the lists
    assert X.tolist() == Xl and y.tolist() == yl


@pytest.mark.parametrize("make", [d for d in ALL if d is not datasets.spirals])
def test_numpy_data_sets_keep_the_labels_asked_for(
    make: Callable[..., tuple[list[list[float]], list[int]]],
) -> None:
    pytest.importorskip("numpy", reason="numpy is optional; as_numpy=True needs it")
    _, y = make(n=20, labels="pm1", as_numpy=True)
    assert sorted(set(y.tolist())) == [-1, 1]


def test_as_numpy_without_numpy_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "numpy", None)  # as if not installed
    with pytest.raises(
        ImportError,
        match=r"as_numpy=True returns numpy arrays, and numpy is not installed: pip install numpy",
    ):
        datasets.moons(10, as_numpy=True)
    X, _ = datasets.moons(10)  # the lists need nothing
    assert len(X) == 10
