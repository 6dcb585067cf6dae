"""The floor of `make bench` (benchmarks/floor.py) does the compiled step's work: after each of
five SGD steps from the same weights, its weights are autograd.compile's, bit for bit, and its
cost the same to the last bits of a sum. (Speed is measured by ``make bench``, never here.)"""

from __future__ import annotations

import ast
import math

from benchmarks import floor
from benchmarks.__main__ import compiled_step, floor_step


def test_the_floor_computes_what_the_compiled_step_computes() -> None:
    compiled, _, params = compiled_step()
    hand, weights = floor_step()
    assert weights == [p.data for p in params]
    for k in range(5):
        compiled(k)
        hand(k)
        assert weights == [p.data for p in params], f"step {k}: the weights differ"
    assert len(set(weights)) > 300  # the steps did move the weights


def test_the_floor_is_straight_line_code_with_locals_only() -> None:
    text = floor.source()
    (fn,) = ast.parse(text).body
    assert isinstance(fn, ast.FunctionDef)
    (loop,) = [node for node in fn.body if isinstance(node, ast.For)]
    inside = list(ast.walk(ast.Module(body=loop.body, type_ignores=[])))
    assert not [n for n in inside if isinstance(n, (ast.Call, ast.Attribute))]
    assert not [n for n in inside if isinstance(n, ast.Name) and n.id in ("W", "lr")]
    assert text.count("\n") > 1000  # about one line per node and per edge


def test_the_floor_cost_is_the_mean_hinge_plus_l2() -> None:
    run = floor.make((1, 1, 1))  # z = w₂·relu(w₁·x + b₁) + b₂
    W = [0.5, 0.25, -2.0, 0.125]
    cost = run(W, [((2.0,), 1.0), ((-1.0,), -1.0)], 0.0)
    z1 = [max(0.0, 0.5 * x + 0.25) for x in (2.0, -1.0)]
    scores = [-2.0 * a + 0.125 for a in z1]
    hinge = [max(0.0, 1.0 - y * s) for y, s in zip((1.0, -1.0), scores)]
    want = sum(hinge) / 2 + 1e-4 * sum(w * w for w in (0.5, 0.25, -2.0, 0.125))
    assert math.isclose(cost, want, rel_tol=1e-15)
