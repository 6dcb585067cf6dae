"""The data of micrograd's demo step, shared by every benchmark: 100 two-moons points, labels ±1."""

from __future__ import annotations

from nn.datasets import moons

X, Y = moons(n=100, noise=0.1, seed=1337, labels="pm1")
