"""backward() from several threads: the calls run one after another (a lock), so every leaf's
gradient is exactly what the same calls in sequence give. grad() writes no .grad at all.

Python switches threads every few milliseconds by default; each test here switches every
microsecond, so that without the lock nearly every run interleaves two backward() calls."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator

import pytest

from autograd import Op, Value, apply, grad

THREADS = 4
CALLS = 40  # backward() calls per thread


@pytest.fixture(autouse=True)
def switch_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def _chain(x: Value, w: Value, n: int = 30) -> Value:
    """A small deep graph: h ← tanh(h·w + 0.1), n times."""
    h = x
    for _ in range(n):
        h = (h * w + 0.1).tanh()
    return h


def _in_threads(work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def run(k: int) -> None:
        try:
            work(k)
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors


def test_backward_on_one_shared_graph_from_threads_is_the_sequential_result() -> None:
    x, w = Value(0.5), Value(-1.3)
    C = _chain(x, w)
    for _ in range(THREADS * CALLS):
        C.backward()
    expected = (x.grad, w.grad)
    for attempt in range(3):  # three fresh runs: each must be exact
        x.grad = w.grad = 0.0

        def work(k: int) -> None:
            for _ in range(CALLS):
                C.backward()

        _in_threads(work)
        assert (x.grad, w.grad) == expected, attempt


def test_backward_on_separate_graphs_sharing_weights_adds_every_gradient() -> None:
    # Each thread builds its own graph from the same weights (a model shared by threads).
    x, w = Value(0.5), Value(-1.3)
    inputs = [0.1 * k for k in range(THREADS)]
    graphs = [_chain(Value(a), w) * x for a in inputs]
    for C in graphs:
        for _ in range(CALLS):
            C.backward()
    expected = (x.grad, w.grad)
    x.grad = w.grad = 0.0

    def work(k: int) -> None:
        for _ in range(CALLS):
            graphs[k].backward()

    _in_threads(work)
    # Gradients from different graphs are added in another order: equal up to rounding.
    assert x.grad == pytest.approx(expected[0], rel=1e-12)
    assert w.grad == pytest.approx(expected[1], rel=1e-12)


def test_grad_from_threads_needs_no_lock_and_touches_no_grad() -> None:
    x, w = Value(0.5), Value(-1.3)
    C = _chain(x, w)
    expected = grad(C, [x, w])
    found: list[tuple[float, ...]] = []

    def work(k: int) -> None:
        for _ in range(CALLS):
            found.append(grad(C, [x, w]))

    _in_threads(work)
    assert len(found) == THREADS * CALLS and all(g == expected for g in found)
    assert (x.grad, w.grad) == (0.0, 0.0)


def test_a_rule_that_calls_backward_itself_does_not_hang() -> None:
    # The lock is reentrant: an op whose backward rule runs another backward() still finishes.
    inner = Value(2.0)

    def twice_backward(upstream: float, x: float, out: float) -> tuple[float]:
        (inner * inner).backward()
        return (2.0 * upstream,)

    twice = Op(
        name="twice",
        symbol="2·{0}",
        arity=1,
        forward=lambda x: 2.0 * x,
        partials=lambda x, out: (2.0,),
        backward=twice_backward,
        formulas=("2",),
    )
    x = Value(1.0)
    C = apply(twice, x)
    done = threading.Thread(target=C.backward, daemon=True)
    done.start()
    done.join(timeout=10)
    assert not done.is_alive(), "backward() inside backward() hung"
    assert (x.grad, inner.grad) == (2.0, 4.0)
