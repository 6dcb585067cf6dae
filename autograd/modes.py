"""The engine's switches, one set per thread: whether ops record a graph (`no_grad`), who
checks for nan and ±inf (`detect_anomaly`, `autograd.show.anomaly`), and who watches a
function being traced read its numbers (`autograd.compile`, `autograd.tracing`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["is_anomaly_enabled", "is_grad_enabled", "no_grad"]


class _Mode(threading.local):
    grad_enabled: bool = True
    anomaly: Any = None  # the checker detect_anomaly() installs: .forward(…), .backward(v)
    tracer: Any = None  # compile's, while it traces fn: notes where fn reads the data


_mode = _Mode()


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block (in this thread) ops compute values but record no graph, like
    ``torch.no_grad()``: results are leaves with no parents."""
    previous = _mode.grad_enabled
    _mode.grad_enabled = False
    try:
        yield
    finally:
        _mode.grad_enabled = previous


def is_grad_enabled() -> bool:
    """False inside `no_grad()`."""
    return _mode.grad_enabled


def is_anomaly_enabled() -> bool:
    """True inside `detect_anomaly()`."""
    return _mode.anomaly is not None
