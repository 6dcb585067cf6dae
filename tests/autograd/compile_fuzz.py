"""Compiled against eager on random graphs, bit for bit: the differential test of
`autograd.compile` (tests/autograd/test_compile_fuzz.py runs a sample in `make test`;
``make test-compile-fuzz`` runs ≥ 20,000 graphs).

A case is a hostile random DAG (tests/autograd/hostile.py: ±0, subnormals, ±1e308, ±inf, nan
as leaves and constants, every op of the table) plus structures that generator lacks: a hub
used 60 times, self-ops (a·a, a/a, aᵃ), 2ᵏ ladders, 1,500-op chains. Each leaf becomes a
parameter (a Value outside fn, with a label that may clash with generated names), an input (an
argument of fn) or a constant (a Value fn makes). Each case is run as ``cf(*args)``, as
``cf.mean(rows)`` and as ``cf.step(rows, lr)``, with and without ``plus=`` (the same graph as a
term of no arguments, its inputs made constants: the generated tail), each time against the
eager ``backward()`` from the same starting ``.grad`` values: the cost and every parameter's
``.grad`` (and after a step its value) must agree bit for bit (nan counts as nan).
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import autograd
from autograd import OPS, Value, apply
from autograd.backward import topological_order
from autograd.checks.strategies import Step
from tests.autograd.hostile import EDGE, _number, random_case

STEP_LR = 0.375  # the learning rate of the "step" mode

# Labels a student could choose that look like the generated code's own names.
CLASHING = ["dC_dw", "dC_db", "dC_dC", "C", "inf", "nan", "_P", "x", "t1", "p0", "lambda",
            "dC_dt1", "_i", "_seed", "w", "b", "rows", "print", "None", "z₁", "W₁"]  # fmt: skip


@dataclass
class Program:
    """fn and what it reads: ``params`` (outside Values), one or more rows of arguments."""

    fn: Callable[..., Value]
    params: list[Value]
    rows: list[tuple[float, ...]]
    start_grads: list[float]
    description: str


def _bits(x: float) -> bytes:
    return b"nan" if x != x else struct.pack("<d", x)


def _structure(rng: random.Random, n_leaves: int) -> list[Step]:
    """One of the shapes the hostile generator does not draw."""
    kind = rng.choice(["hub", "self", "ladder", "chain"])
    steps: list[Step] = []
    n = n_leaves
    if kind == "hub":
        hub = rng.randrange(n)
        for _ in range(60):
            op = rng.choice(["mul", "add", "sub", "div"])
            steps.append(Step(op, (hub, rng.randrange(n + len(steps))), None))
        steps.append(Step("sum", tuple(range(n, n + len(steps))), None))
    elif kind == "self":
        a = rng.randrange(n)
        for op in ("mul", "div", "pow", "add", "sub"):
            steps.append(Step(op, (a, a), None))
        steps.append(Step("sum", tuple(range(n, n + len(steps))), None))
    elif kind == "ladder":
        cur = rng.randrange(n)
        for _ in range(rng.randint(5, 40)):
            steps.append(Step(rng.choice(["add", "mul"]), (cur, cur), None))
            cur = n + len(steps) - 1
    else:
        cur = rng.randrange(n)
        for _ in range(1500):
            op = rng.choice(["tanh", "sigmoid", "add_c", "mul_c", "relu", "softplus", "neg"])
            c = rng.uniform(-1.5, 1.5) if OPS[op].const else None
            steps.append(Step(op, (cur,), c))
            cur = n + len(steps) - 1
    return steps


def random_program(rng: random.Random, rows: int = 1) -> Program:
    """A random case as a function of its inputs, with parameters and constants."""
    if rng.random() < 0.1:
        leaves = tuple(_number(rng) for _ in range(rng.randint(1, 4)))
        steps = tuple(_structure(rng, len(leaves)))
        what = "structure"
    else:
        case = random_case(rng)
        leaves, steps, what = case.leaves, case.steps, "hostile"
    roles = [rng.choice(["param", "param", "input", "const"]) for _ in leaves]
    params: list[Value] = []
    for k, role in enumerate(roles):
        if role == "param":
            label = rng.choice([None, rng.choice(CLASHING), f"w{k}"])
            params.append(Value(leaves[k], label=label))
    n_inputs = roles.count("input")
    labels = [rng.choice([None, None, rng.choice(CLASHING)]) for _ in steps]

    def fn(*inputs: Value) -> Value:
        nodes: list[Value] = []
        it_p, it_i = iter(params), iter(inputs)
        for k, role in enumerate(roles):
            if role == "param":
                nodes.append(next(it_p))
            elif role == "input":
                nodes.append(next(it_i))
            else:
                nodes.append(Value(leaves[k]))
        for s, label in zip(steps, labels):
            v = apply(s.op, *[nodes[i] for i in s.operands], c=s.c)
            if label is not None:
                v.label = label
            nodes.append(v)
        return nodes[-1]

    first = tuple(leaves[k] for k, r in enumerate(roles) if r == "input")
    all_rows = [first] + [tuple(_number(rng) for _ in range(n_inputs)) for _ in range(rows - 1)]
    start = [rng.choice([0.0, 0.0, 1.0, -2.5, rng.choice(EDGE)]) for _ in params]
    start = [0.0 if (g == 0.0 and math.copysign(1.0, g) < 0) else g for g in start]  # see README
    return Program(fn, params, all_rows, start, f"{what}: {len(steps)} steps, roles {roles}")


def _reset(params: Sequence[Value], grads: Sequence[float]) -> None:
    for p, g in zip(params, grads):
        p.grad = g


def term(program: Program) -> Value:
    """The program as a term of no arguments (for ``step(plus=…)``): its inputs are constants."""
    return program.fn(*[Value(x) for x in program.rows[0]])


def _eager_step(program: Program, plus: bool) -> float:
    """A step of gradient descent on the engine, Compiled.step's contract: on the parameters C
    (and, with ``plus``, the term: the same graph on the first row's numbers) reads."""
    params, rows = program.params, program.rows
    C = autograd.mean([program.fn(*[Value(x) for x in r]) for r in rows])
    P = term(program) if plus else None
    read = set(topological_order(C)) | (set(topological_order(P)) if P is not None else set())
    used = [p for p in params if p in read]
    for p in used:
        p.grad = 0.0
    C.backward()
    if P is not None:
        P.backward()
    for p in used:
        p.data -= STEP_LR * p.grad
    return C.data if P is None else C.data + P.data


def check(program: Program, mode: str) -> str | None:
    """None if compiled ≡ eager for this program; else what differs. The step modes take two
    steps: from the second on, the per-sample code and the tail run as one function."""
    params, rows = program.params, program.rows
    _reset(params, program.start_grads)
    starts = [p.data for p in params]
    if mode == "call":
        C = program.fn(*[Value(x) for x in rows[0]])
        C.backward()
        want_costs = [C.data]
    elif mode == "mean":
        C = autograd.mean([program.fn(*[Value(x) for x in r]) for r in rows])
        C.backward()
        want_costs = [C.data]
    else:
        want_costs = [_eager_step(program, mode == "plus") for _ in range(2)]
    want = [p.grad for p in params]
    _reset(params, program.start_grads)
    if mode in ("step", "plus"):
        want += [p.data for p in params]
        for p, x in zip(params, starts):
            p.data = x
    cf = autograd.compile(program.fn)
    if mode == "call":
        got_costs = [cf(*rows[0])]
    elif mode == "mean":
        got_costs = [cf.mean(rows)]
    else:
        plus = (lambda: term(program)) if mode == "plus" else None  # one function: traced once
        got_costs = [cf.step(rows, STEP_LR, plus=plus) for _ in range(2)]
    got = [p.grad for p in params] + ([p.data for p in params] if mode in ("step", "plus") else [])
    code = f"{cf.source}{cf.tail_source}{cf.step_source}"
    for got_cost, want_cost in zip(got_costs, want_costs):
        if _bits(got_cost) != _bits(want_cost):
            return f"{mode}: cost {got_cost!r} vs eager {want_cost!r}\n{code}"
    for k, (a, b) in enumerate(zip(got, want)):
        if _bits(a) != _bits(b):
            what = f"grad of param {k}" if k < len(params) else f"value of param {k - len(params)}"
            return f"{mode}: {what} {a!r} vs eager {b!r}\n{code}"
    return None
