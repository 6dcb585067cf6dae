"""Chunks of one shape are compiled once: a chunk written as an earlier one but for its
variables' names (a chain's, a long run of alike nodes') takes that one's code with the names
changed (`chunks.build`). The numbers must be the engine's all the same, bit for bit — also
where chunks differ only in a constant, a parameter's slot or the order of their names."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

import autograd
from autograd import Value, chunks


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Chunks of 6 lines; the texts compile() was given."""
    monkeypatch.setattr(chunks, "CHUNKED", 0)
    monkeypatch.setattr(chunks, "CHUNK", 6)
    compiled: list[str] = []

    def counted(text: str, *args: Any, **kwargs: Any) -> Any:
        compiled.append(text)
        return builtins.compile(text, *args, **kwargs)

    monkeypatch.setattr(chunks, "compile", counted, raising=False)
    return compiled


def _params() -> list[Value]:
    return [Value(0.5, label="w"), Value(-0.3, label="u"), Value(0.25, label="b")]


def _blocks(params: list[Value], period: int) -> Any:
    """fn(x): 60 alike blocks (a product, a sum, tanh, relu, a constant that repeats every
    ``period`` blocks), each reading a parameter in turn, and a product of x at each step."""
    w, u, b = params

    def fn(x: Value) -> Value:
        v = w * x
        for k in range(60):
            p = (w, u, b)[k % 3]
            v = (v * p + (1.0 + (k % period) * 0.125)).tanh() * 0.75 + v.relu() * x
        return v

    return fn


def _engine(params: list[Value], fn: Any, rows: list[float], mode: str) -> tuple[float, ...]:
    for p, g in zip(params, (0.25, -0.5, 0.0)):
        p.grad = g
    C = fn(Value(rows[0])) if mode == "call" else autograd.mean([fn(Value(x)) for x in rows])
    if mode == "step":
        for p in params:
            p.grad = 0.0
    C.backward()
    if mode == "step":
        for p in params:
            p.data -= 0.1 * p.grad
    return (C.data, *(p.grad for p in params), *(p.data for p in params))


@pytest.mark.parametrize("period", [1, 3, 60])
@pytest.mark.parametrize("mode", ["call", "mean", "step"])
def test_chunks_of_one_shape_give_the_engines_numbers(
    tiny_chunks: list[str], period: int, mode: str
) -> None:
    rows = [1.5, -0.7, 0.3, 2.0]
    params = _params()
    fn = _blocks(params, period)
    for p, g in zip(params, (0.25, -0.5, 0.0)):
        p.grad = g
    cf = autograd.compile(fn)
    if mode == "call":
        got = cf(rows[0])
    elif mode == "mean":
        got = cf.mean([(x,) for x in rows])
    else:
        got = cf.step([(x,) for x in rows], 0.1)
    compiled = (got, *(p.grad for p in params), *(p.data for p in params))
    fresh = _params()
    assert compiled == _engine(fresh, _blocks(fresh, period), rows, mode)
    units = cf.source.count("def _unit():")
    assert units > 100
    if period == 60:  # every block its own constant: hardly two chunks alike
        assert len(tiny_chunks) > units // 2
    else:  # the blocks repeat: a chunk's shape comes back every few chunks
        assert len(tiny_chunks) < units // 3


def test_a_renamed_chunk_names_its_own_variables(tiny_chunks: list[str]) -> None:
    # A chain: every chunk but the first and last is written alike; each function's code still
    # names the variables of its own text (a traceback or a debugger shows those).
    w = Value(0.5, label="w")

    def chain(x: Value) -> Value:
        v = w * x
        for _ in range(119):
            v = v * 1.0000001
        return v

    cf = autograd.compile(chain)
    C = chain(Value(1.5))
    C.backward()
    expected, w.grad = w.grad, 0.0
    assert cf(1.5) == C.data and w.grad == expected
    assert len(tiny_chunks) < 20  # of 40 chunks (names of another length: another shape)
    program = next(iter(cf._programs.values()))[0]
    namespace = program.fn.__globals__
    for text in cf.source.split("def _unit():")[1:]:
        name = text.rsplit("return ", 1)[1].strip()
        code = namespace[name].__code__
        assert code.co_name == name
        words = set(text.replace(",", " ").replace("(", " ").split())
        assert set(code.co_varnames) <= words | {"_P", "_zero"}
        assert set(code.co_freevars) <= words
