"""A large graph's generated code is cut into chunks compiled one by one (chunks.CHUNKED lines
and more; CPython's compile() would otherwise hold gigabytes). The chunks share their variables,
so the numbers are those of one function: here every graph of the compile fuzz's sample is cut
into chunks of a few lines, and must still equal the engine bit for bit (call, mean and step)."""

from __future__ import annotations

import random

import pytest

import autograd
from autograd import chunks
from tests.autograd.compile_fuzz import check, random_program


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chunks, "CHUNKED", 0)
    monkeypatch.setattr(chunks, "CHUNK", 5)


@pytest.mark.usefixtures("tiny_chunks")
def test_chunked_code_equals_the_engine() -> None:
    rng = random.Random(24)
    wrong = []
    for i in range(150):
        program = random_program(rng, rows=rng.choice([1, 2, 4]))
        for mode in ("call", "mean", "step"):
            problem = check(program, mode)
            if problem is not None:
                wrong.append(f"graph {i}, {mode}: {problem[:2000]}")
    assert not wrong, wrong[0]


@pytest.mark.usefixtures("tiny_chunks")
def test_chunks_are_compiled_one_by_one() -> None:
    from autograd import Value

    w = Value(0.5, label="w")
    cf = autograd.compile(lambda x: ((w * x).tanh() * w + x).relu())
    cf.step([(1.5,), (-0.5,)], 0.1, plus=lambda: w * w)
    assert cf.source.count("def _unit():") > 3  # the chunks, then the main function
    assert "_forward" in cf.source and "_backward" in cf.source
    assert cf.tail_source.count("def _unit():") > 1


@pytest.mark.usefixtures("tiny_chunks")
def test_a_variable_one_chunk_uses_is_its_local() -> None:
    # A chain: each chunk of 5 lines hands one value to the next, so only that one is shared
    # (a closure cell); the other names are the chunk's locals, which compile and run faster.
    from autograd import Value

    w = Value(0.5, label="w")

    def chain(x: Value) -> Value:
        v = w * x
        for _ in range(39):
            v = v * 1.0000001
        return v

    cf = autograd.compile(chain)
    C = chain(Value(1.5))
    C.backward()
    expected, w.grad = w.grad, 0.0
    assert cf(1.5) == C.data and w.grad == expected
    forward = [u for u in cf.source.split("def _unit():")[1:] if "def _forward" in u]
    assert len(forward) == 8  # 40 lines in chunks of 5
    for text in forward[1:-1]:
        shared = text.split("nonlocal ")[1].split("\n")[0].split(", ")
        assert len(shared) == 2, text  # the value it takes, and the one it hands on


def test_the_collector_is_paused_while_compiling_and_restored() -> None:
    # The trace and the code of a large graph allocate millions of objects: the cyclic garbage
    # collector would walk them again and again. Off during the build, on again after it —
    # also when fn raises — and left off if it was off.
    import gc

    from autograd import Value

    w = Value(0.5, label="w")
    seen: list[bool] = []

    def fn(x: Value) -> Value:
        seen.append(gc.isenabled())
        return w * x

    def broken(x: Value) -> Value:
        raise RuntimeError("fn failed")

    assert gc.isenabled()
    autograd.compile(fn)(1.5)
    assert seen == [False, False] and gc.isenabled()  # fn is traced twice
    with pytest.raises(RuntimeError, match="fn failed"):
        autograd.compile(broken)(1.5)
    assert gc.isenabled()
    gc.disable()
    try:
        autograd.compile(fn)(2.5)
        assert not gc.isenabled()
    finally:
        gc.enable()
