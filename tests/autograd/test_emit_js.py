"""autograd.emit_js: every op's rules as JavaScript, written from the op table, compute the
table's numbers — bit for bit where no Math function is involved, to 1e−12 relative where
JavaScript's Math.exp/log/tanh/pow (not correctly rounded) are; the printer keeps Python's
order of operations; what cannot be written out is refused, by name."""

from __future__ import annotations

import ast
import math
import random

import pytest

from autograd import OPS, Value, emit_js
from autograd.emit_js import HELPERS, Emitter, NotTranslatable, expression, op_key, ops_source
from autograd.ops import Op
from tests.autograd.hostile import EDGE, UPSTREAM
from tests.autograd.jsrun import bits, needs_node, run, unbits

ALL_OPS = sorted(OPS.values(), key=lambda op: op.name)
INEXACT = {h.name for h in HELPERS.values() if not h.exact}


def _arity(op: Op) -> int:
    return op.arity if op.arity is not None else op.example_arity


def _points(op: Op, n: int = 80) -> list[tuple[list[float], float]]:
    """Inputs (parents' values, then c) and an upstream: ordinary numbers and hostile ones."""
    rng = random.Random(op.name)
    pts = []
    for _ in range(n):
        draw = [rng.choice(EDGE) if rng.random() < 0.3 else rng.gauss(0, 2) for _ in range(9)]
        xs = draw[: _arity(op)]
        if op.const:
            xs.append(rng.choice([2.0, -1.0, 0.5, 3.0, 0.0, -2.0, 1.5, draw[-1]]))
        pts.append((xs, rng.choice(UPSTREAM)))
    return pts


def _close(js: float, py: float) -> bool:
    if math.isnan(py) or math.isnan(js):
        return math.isnan(py) and math.isnan(js)
    if math.isinf(py) or math.isinf(js):
        return js == py
    return math.isclose(js, py, rel_tol=1e-12, abs_tol=1e-300)


_EVAL = """
var OPS = (function () { %s; return OPS; })();
var out = INPUT.cases.map(function (cs) {
  var op = OPS[INPUT.key], xs = cs.xs.map(unbits), y = unbits(cs.out), u = unbits(cs.u);
  var f = op.f.apply(null, xs);
  var l = op.l.apply(null, xs.concat([y]));
  var b = op.b === null ? null : op.b.apply(null, [u].concat(xs, [y]));
  return {f: bits(f), l: l.map(bits), b: b === null ? null : b.map(bits)};
});
console.log(JSON.stringify(out));
"""


@needs_node
@pytest.mark.parametrize("op", ALL_OPS, ids=[op.name for op in ALL_OPS])
def test_each_ops_rules_in_javascript_give_the_tables_numbers(op: Op) -> None:
    """Each rule is given the same numbers as Python's (``out`` too: Python's value), so it is
    the rule itself that is compared, not an ulp of a value passed on."""
    arity = _arity(op)
    em = Emitter()
    source = ops_source([(op.name, arity)])
    emit_js._op_object(em, op, arity)
    exact = not (em.helpers & INEXACT)
    cases = []
    for xs, u in _points(op):
        out = op.forward(*xs)
        cases.append({"xs": [bits(x) for x in xs], "out": bits(out), "u": bits(u)})
    got = run(_EVAL % source, {"key": op_key(op, arity), "cases": cases})
    for case, js, (xs, u) in zip(cases, got, _points(op)):
        out = unbits(case["out"])
        want = {"f": [out], "l": list(op.partials(*xs, out))}
        if op.backward is not None:
            want["b"] = list(op.backward(u, *xs, out))
        for part, expected in want.items():
            values = [unbits(b) for b in (js[part] if part != "f" else [js["f"]])]
            assert len(values) == len(expected), (op.name, part)
            for v, e in zip(values, expected):
                if exact:  # IEEE arithmetic only: the very same bits
                    assert bits(v) == bits(e) or (v != v and e != e), (op.name, part, xs, v, e)
                else:
                    assert _close(v, e), (op.name, part, xs, v, e)
        assert js["b"] is None or op.backward is not None


def test_ops_without_math_functions_are_said_to_be_exact() -> None:
    # The tolerance above is only for rules through Math.exp, log, tanh, pow: the lecture's
    # arithmetic (+ − × /, ReLU, the weighted sum, the mean) must be compared bit for bit.
    exact = set()
    for op in ALL_OPS:
        em = Emitter()
        emit_js._op_object(em, op, _arity(op))
        if not em.helpers & INEXACT:
            exact.add(op.name)
    assert {"add", "sub", "mul", "div", "relu", "wsum", "mean", "mul_c", "rsub_c", "neg"} <= exact
    assert {"exp", "log", "tanh", "sigmoid", "softplus", "pow"}.isdisjoint(exact)


def _fancy(x: float, out: float) -> tuple[float]:
    return (3.0 * x - out,)


def _fancy_forward(x: float) -> float:
    return x * x * x


def _erf_partials(x: float, out: float) -> tuple[float]:
    return (math.erf(x),)


def test_a_new_ops_rule_is_written_from_its_own_source(monkeypatch: pytest.MonkeyPatch) -> None:
    op = Op(name="fancy", symbol="f({0})", arity=1, forward=_fancy_forward, partials=_fancy,
            formulas=("3{0} − out",))  # fmt: skip
    monkeypatch.setitem(OPS, "fancy", op)
    source = ops_source([("fancy", 1)])
    assert "function (x0) { return x0 * x0 * x0; }" in source
    assert "function (x0, out) { return [3.0 * x0 - out]; }" in source


def _sigma(x):  # type: ignore[no-untyped-def]
    # as exercise 3 gives it: σ on a float, or σ as a node for a Value
    return x.sigmoid() if isinstance(x, Value) else OPS["sigmoid"].forward(x)


def _silu(x: float) -> float:
    return x * _sigma(x)


def _silu_partials(x: float, out: float) -> tuple[float]:
    s = _sigma(x)
    if not isinstance(x, float):
        return (s * (1 + x * (1 - s)),)  # the same, on Values: never reached in the page
    return (s * (1 + x * (1 - s)),)


@needs_node
def test_a_students_op_with_rules_for_values_runs_in_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rule written for floats and Values (isinstance) runs on numbers in the page, and one
    that calls another op's rule by the table (OPS["sigmoid"].forward) calls its helper."""
    op = Op(name="silu", symbol="SiLU({0})", arity=1, forward=_silu, partials=_silu_partials,
            formulas=("σ({0})·(1 + {0}·(1 − σ({0})))",))  # fmt: skip
    monkeypatch.setitem(OPS, "silu", op)
    source = ops_source([("silu", 1)])
    assert "isinstance" not in source and ".sigmoid()" not in source
    xs = [-3.0, -0.5, 0.0, 0.25, 2.0, 40.0]
    code = (
        f"var OPS = (function () {{ {source}; return OPS; }})();"
        + """
    console.log(JSON.stringify(INPUT.map(function (b) {
      var x = unbits(b), y = OPS.silu.f(x);
      return [bits(y), bits(OPS.silu.l(x, y)[0])];
    })));"""
    )
    for x, (f, d) in zip(xs, run(code, [bits(x) for x in xs])):
        assert _close(unbits(f), _silu(x)) and _close(unbits(d), _silu_partials(x, _silu(x))[0])


def test_a_rule_calling_an_unknown_function_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    op = Op(name="erfish", symbol="e({0})", arity=1, forward=_fancy_forward,
            partials=_erf_partials, formulas=("erf",))  # fmt: skip
    monkeypatch.setitem(OPS, "erfish", op)
    with pytest.raises(NotTranslatable, match=r"op 'erfish'.*_erf_partials.*math\.erf"):
        ops_source([("erfish", 1)])


def _js(text: str) -> str:
    return expression(ast.parse(text, mode="eval").body, lambda name: name)


@pytest.mark.parametrize(
    ("python", "javascript"),
    [
        ("a + b + c", "a + b + c"),
        ("a + (b + c)", "a + (b + c)"),  # float addition is not associative: kept
        ("a - (b - c)", "a - (b - c)"),
        ("(a - b) * c", "(a - b) * c"),
        ("a * b / c", "a * b / c"),
        ("a / (b * c)", "a / (b * c)"),
        ("-(-a)", "-(-a)"),
        ("-(a * b)", "-(a * b)"),
        ("-a * b", "-a * b"),
        ("0.0 if x <= 0.0 else u", "x <= 0.0 ? 0.0 : u"),
        ("c == 0.0 and x >= 0.0", "c === 0.0 && x >= 0.0"),
        ("a < b < c", "(a < b) && (b < c)"),
        ("f(a, *xs)[0]", "f(a, ...xs)[0]"),
        ("xs[-1]", "xs[xs.length - 1]"),
        ("len(xs) - 1", "xs.length - 1"),
        ("(a, b * 2)", "[a, b * 2]"),
        ("1e-05 * a", "1e-05 * a"),
    ],
)
def test_the_printer_keeps_pythons_order_of_operations(python: str, javascript: str) -> None:
    assert _js(python) == javascript


@needs_node
def test_printed_expressions_compute_what_python_computes() -> None:
    exprs = ["a + (b + c)", "a - (b - c)", "(a - b) * c", "-(a * b) / c", "a * b / c - a",
             "b if a < b < c else -c", "a + b * c - (a - b) / (c + a)"]  # fmt: skip
    rng = random.Random(3)
    rows = [[rng.gauss(0, 1e3) * 10 ** rng.randint(-20, 20) for _ in range(3)] for _ in range(50)]
    functions = ", ".join(f"function (a, b, c) {{ return {_js(e)}; }}" for e in exprs)
    code = f"var fs = [{functions}];\n"
    code += "console.log(JSON.stringify(INPUT.map(function (r) { var x = r.map(unbits); "
    code += "return fs.map(function (f) { return bits(f(x[0], x[1], x[2])); }); })));"
    got = run(code, [[bits(x) for x in r] for r in rows])
    for r, js in zip(rows, got):
        a, b, c = r
        for e, v in zip(exprs, js):
            assert unbits(v) == eval(e, {}, {"a": a, "b": b, "c": c}), e


def test_what_javascript_cannot_say_is_refused() -> None:
    for text in ("a ** b", "a // b", "a % b", "a[1:2]", "f(a)[-1]", "'text'", "[x for x in a]"):
        with pytest.raises(NotTranslatable):
            _js(text)


def test_helpers_are_listed_once_with_what_differs() -> None:
    names = {}
    for h in HELPERS.values():
        assert h.note, h.name
        names.setdefault(h.name, h)
        assert names[h.name] == h  # one JavaScript function per name
    assert {"exp", "log", "tanh"} <= INEXACT
