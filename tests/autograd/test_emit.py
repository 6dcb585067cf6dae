"""autograd.emit: the code `compile` writes for each op is the op's own rule — inlined, run on
symbols or called — and computes its numbers bit for bit, on ordinary and hostile inputs."""

from __future__ import annotations

import ast
import math
import random
import struct

import pytest

from autograd import OPS, emit
from autograd.ops import Op
from tests.autograd.hostile import EDGE, UPSTREAM

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)


def _bits(x: float) -> bytes:
    return b"nan" if x != x else struct.pack("<d", x)


def _eval(exprs: list[ast.expr], ns: emit.Namespace, env: dict[str, float]) -> list[float]:
    return [eval(compile(ast.Expression(e), "<test>", "eval"), dict(ns.globals), env)
            for e in (ast.fix_missing_locations(x) for x in exprs)]  # fmt: skip


def _points(op: Op, n: int = 60) -> list[tuple[list[float], float | None]]:
    rng = random.Random(op.name)
    arity = op.arity if op.arity is not None else op.example_arity
    pts = []
    for _ in range(n):
        xs = [rng.choice(EDGE) if rng.random() < 0.5 else rng.gauss(0, 3) for _ in range(arity)]
        c = (rng.choice(EDGE) if rng.random() < 0.5 else rng.gauss(0, 2)) if op.const else None
        pts.append((xs, c))
    return pts


@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_emitted_rules_compute_the_tables_numbers(op: Op) -> None:
    for xs, c in _points(op):
        args = xs + ([] if c is None else [c])
        ns = emit.Namespace()
        names = [emit.name(f"x{k}") for k in range(len(xs))]
        arg_exprs = names + ([] if c is None else [emit.constant(c)])
        env = {f"x{k}": x for k, x in enumerate(xs)}
        out = op.forward(*args)
        fwd = emit.rule_exprs(op.forward, arg_exprs, ns)
        fwd = fwd or [emit.rule_call(op.forward, arg_exprs, ns)]
        assert _bits(_eval(fwd, ns, env)[0]) == _bits(out), (op.name, ast.unparse(fwd[0]))
        env["out"] = out
        up = random.Random(str(xs)).choice(UPSTREAM)
        env["u"] = up
        u = emit.name("u")
        if op.backward is not None:
            want = list(op.backward(up, *args, out))
            exprs = emit.rule_exprs(op.backward, [u, *arg_exprs, emit.name("out")], ns)
        else:
            want = [d * up for d in op.partials(*args, out)]
            local = emit.rule_exprs(op.partials, [*arg_exprs, emit.name("out")], ns)
            exprs = None if local is None else [emit.times(d, u) for d in local]
        if exprs is None:
            continue  # called, not written out: the same function, nothing to compare
        got = _eval(exprs, ns, env)
        assert [_bits(g) for g in got] == [_bits(w) for w in want], (
            op.name,
            xs,
            c,
            up,
            [ast.unparse(e) for e in exprs],
        )


def test_the_hot_rules_are_written_out_not_called() -> None:
    # The neuron's ops must be inlined or run on symbols: a call per edge would cost 3× the time.
    ns = emit.Namespace()
    x = [emit.name(n) for n in ("w1", "x1", "w2", "x2", "b")]
    z = emit.rule_exprs(OPS["wsum"].forward, x, ns)
    assert z is not None and ast.unparse(z[0]) == "b + w1 * x1 + w2 * x2"
    relu = emit.rule_exprs(OPS["relu"].forward, [emit.name("z")], ns)
    assert relu is not None and ast.unparse(relu[0]) == "0.0 if z < 0.0 else z"
    relu_back = OPS["relu"].backward
    assert relu_back is not None
    back = emit.rule_exprs(relu_back, [emit.name("u"), emit.name("z"), emit.name("a")], ns)
    assert back is not None and ast.unparse(back[0]) == "0.0 if z <= 0.0 else u"
    tanh = emit.rule_exprs(OPS["tanh"].partials, [emit.name("z"), emit.name("a")], ns)
    assert tanh is not None and ast.unparse(tanh[0]) == "_one_minus_square(a)"


def test_constants_the_language_cannot_write_are_named() -> None:
    for x, text in [(math.inf, "_inf"), (-math.inf, "-_inf"), (math.nan, "_nan"),
                    (-0.0, "-0.0"), (-2.0, "-2.0"), (1e-310, "1e-310")]:  # fmt: skip
        assert ast.unparse(emit.constant(x)) == text
    assert ast.unparse(ast.BinOp(emit.constant(-2.0), ast.Pow(), emit.name("x"))) == "(-2.0) ** x"


def test_a_rule_that_compares_is_not_run_on_symbols() -> None:
    def masked(x: float, out: float) -> list[float]:
        local = [1.0]
        if x > 0.0:  # a branch over two statements: neither inlined nor symbolic
            local = [2.0]
        return local

    ns = emit.Namespace()
    assert emit.rule_exprs(masked, [emit.name("x"), emit.name("o")], ns) is None

    def sums(*xs: float) -> float:
        return sum(xs, 0.0)  # the built-in sum is compensated from 3.12: never symbolic

    assert emit.rule_exprs(sums, [emit.name("a"), emit.name("b")], ns) is None


def test_generated_names_cannot_be_reached_by_labels() -> None:
    ns = emit.Namespace()
    assert ns.ref(math.sqrt, "sqrt") == "_sqrt"
    assert ns.ref(len, "sqrt") == "_sqrt_2"  # another object, another name
    assert ns.ref(math.sqrt, "other") == "_sqrt"
    assert ns.ref(lambda x: x, "<lambda>") == "_rule"
