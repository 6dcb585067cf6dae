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
