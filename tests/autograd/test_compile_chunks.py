"""A large graph's generated code is cut into chunks compiled one by one (chunks.CHUNKED lines
and more; CPython's compile() would otherwise hold gigabytes). The chunks share their variables,
so the numbers are those of one function: here every graph of the compile fuzz's sample is cut
into chunks of a few lines, and must still equal the engine bit for bit (call, mean and step)."""

from __future__ import annotations

import random
from typing import Any

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
def test_chunks_are_kept_as_they_are_and_joined_only_when_asked() -> None:
    """The chunks are not also kept as one joined text (twice the memory while they compile,
    and 2 bytes a character where one chunk has a ∂): `source` joins them, in order."""
    from autograd import Value
    from autograd.codegen import generate

    w = Value(0.5, label="w")
    cf = autograd.compile(lambda x: ((w * x).tanh() * w + x).relu())
    cf(1.5)
    code = generate(cf._programs[("f",)][0].trace, ("f",), ["x"])
    assert code.units is not None and code.text == ""
    assert code.source == "".join(code.units) == cf.source
    assert cf._source == code.units  # what the compiled function keeps: the chunks


@pytest.mark.usefixtures("tiny_chunks")
def test_a_variable_one_chunk_uses_is_its_local() -> None:
    # A chain: each chunk of 5 lines hands one value to the next, so only that one is shared
    # (a closure cell); the other names are the chunk's locals, which compile and run faster.
    from autograd import Value

    w = Value(0.5, label="w")

    chain = _chain(w, 40)

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


def test_what_the_build_made_goes_with_the_oldest_objects() -> None:
    # The young generations' collections would walk the trace and the code only to find them
    # alive: they go straight to the oldest generation (gc.freeze, then gc.unfreeze), but
    # where someone else froze objects (they stay frozen) and where the collector was off.
    import gc

    from autograd import Value

    w = Value(0.5, label="w")

    def made_oldest() -> bool:
        cf = autograd.compile(lambda x: (w * x).relu())
        cf(1.5)
        root = cf._programs[("f",)][0].trace.root
        return any(o is root for o in gc.get_objects(generation=2))

    thresholds = gc.get_threshold()
    gc.set_threshold(10**6, 10, 10)  # no collection of its own while the test looks
    try:
        # (CPython 3.12.1 freezes a few objects of its own at start-up: then none is thawed)
        assert made_oldest() == (gc.get_freeze_count() == 0)
        gc.freeze()
        try:
            assert not made_oldest()
            assert gc.get_freeze_count() > 0  # still frozen
        finally:
            gc.unfreeze()
        gc.disable()
        try:
            assert not made_oldest()
        finally:
            gc.enable()
    finally:
        gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("tiny_chunks")
def test_row_chunks_hold_their_parameters_as_locals() -> None:
    # The chunks of the loop over rows are generators started once per call: a parameter is
    # read by each chunk that uses it, and a gradient only one chunk adds to is that chunk's
    # local, written back to .grad when the chunk ends — neither is a shared cell.
    from autograd import Value

    w = Value(0.5, label="w")

    chain = _chain(w, 20)

    cf = autograd.compile(chain)
    rows = [(1.5,), (-0.25,), (2.0,)]
    w.grad = 0.125
    got = cf.mean(rows)
    got_grad, w.grad = w.grad, 0.125
    C = autograd.mean([chain(Value(x)) for (x,) in rows])
    C.backward()
    assert (got, got_grad) == (C.data, w.grad)
    units = cf.source.split("def _unit():")[1:]
    nonlocals = [line for u in units for line in u.splitlines() if "nonlocal" in line]
    assert not [line for line in nonlocals if " w" in line or "dC_dw" in line], nonlocals
    rows_units = [u for u in units if "while (yield):" in u]
    assert len(rows_units) == 8  # 40 lines in chunks of 5, each a generator
    assert sum("w = _P[0]._data" in u for u in rows_units) == 1  # the chunk with w * x
    assert sum("_P[0]._grad = dC_dw" in u for u in rows_units) == 1


def _params_everywhere(w: object, u: object) -> list[object]:
    from autograd import Value

    assert isinstance(w, Value) and isinstance(u, Value)

    def in_every_chunk(x: Value) -> Value:  # ∂C/∂w added by many chunks: a shared cell
        v = w * x
        for _ in range(20):
            v = (v * w + u).tanh()
        return v

    def guard_on_a_parameter(x: Value) -> Value:  # the main function reads w
        v = w * x
        for _ in range(12):
            v = v * 1.01 + u
        return v * 2.0 if w > 0 else v

    def the_cost_is_a_parameter(x: Value) -> Value:  # (no lines to cut: one function)
        return w

    def parameters_as_outputs(x: Value) -> tuple[Value, ...]:
        v = w * x
        for _ in range(12):
            v = v * 1.01 + u
        return v, w, u * 2.0

    def a_parameter_outside_the_cost(x: Value) -> tuple[Value, ...]:  # no line adds to ∂C/∂u:
        v = w * x  # a step still sets it to 0 (zero_grad)
        for _ in range(12):
            v = v * 1.01
        return v, u * 3.0

    return [in_every_chunk, guard_on_a_parameter, the_cost_is_a_parameter, parameters_as_outputs,
            a_parameter_outside_the_cost]  # fmt: skip


@pytest.mark.usefixtures("tiny_chunks")
@pytest.mark.parametrize("k", range(5))
@pytest.mark.parametrize("mode", ["call", "mean", "step"])
def test_parameters_several_chunks_or_the_main_function_use(k: int, mode: str) -> None:
    from autograd import Value

    w, u = Value(0.5, label="w"), Value(-0.3, label="u")
    fn = _params_everywhere(w, u)[k]
    rows = [(1.5,), (-0.7,), (0.3,)]

    def cost(x: float) -> Value:
        out = fn(Value(x))  # type: ignore[operator]
        return out[0] if isinstance(out, tuple) else out  # type: ignore[no-any-return]

    w.grad, u.grad = 0.25, 0.5
    cf = autograd.compile(fn)  # type: ignore[arg-type]
    if mode == "call":
        got = cf(1.5)
    elif mode == "mean":
        got = cf.mean(rows)
    else:
        got = cf.step(rows, 0.1)
    compiled = (got, w.grad, u.grad, w.data, u.data)
    w.data, u.data, w.grad, u.grad = 0.5, -0.3, 0.25, 0.5
    C = cost(1.5) if mode == "call" else autograd.mean([cost(x) for (x,) in rows])
    if mode == "step":  # zero_grad for the parameters fn reads, then the update
        read = {w} | ({u} if k != 2 else set())
        for p in read:
            p.grad = 0.0
    C.backward()
    if mode == "step":
        for p in read:
            p.data -= 0.1 * p.grad
    assert compiled == (C.data, w.grad, u.grad, w.data, u.data)
    if k != 2:  # (a cost that is a parameter has no lines to cut)
        assert "def _unit():" in cf.source and "while (yield):" in cf.source


@pytest.mark.usefixtures("tiny_chunks")
def test_chunked_code_from_threads_gives_each_call_its_own_numbers() -> None:
    # The chunks share their cells: a call holds the program's lock, or two calls in threads
    # would read each other's values (switching every microsecond, they nearly always would).
    import sys
    import threading

    from autograd import Value

    w = Value(0.7, label="w")

    def chain(x: Value) -> Value:
        v = w * x
        for _ in range(30):
            v = (v * w + 0.1).tanh()
        return v

    cf = autograd.compile(chain)
    inputs = [0.25 * k - 1.0 for k in range(8)]
    expected = {x: chain(Value(x)).data for x in inputs}
    got: list[tuple[float, float]] = []

    def calls(x: float) -> None:
        for _ in range(20):
            got.append((x, cf(x)))

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=calls, args=(x,)) for x in inputs]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(before)
    assert len(got) == 20 * len(inputs)
    assert all(c == expected[x] for x, c in got)


def _chain(w: Any, n: int) -> Any:
    """fn(x) = w·x · 1.0000001^(n−1): a chain of n products, which chunks cut anywhere."""

    def chain(x: Any) -> Any:
        v = w * x
        for _ in range(n - 1):
            v = v * 1.0000001
        return v

    return chain
