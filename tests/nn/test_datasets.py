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
