"""Node names read as the slides write them: z = Σ w·a + b, brackets only where precedence needs
them — and the name still means the node's value (parsed back by the formula grammar)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from autograd import Value
from autograd.notation.formulas import evaluate, parse
from autograd.notation.names import definition, edge_formula, node_name

W, X, B = 0.5, 2.0, -0.25
Build = Callable[[Value, Value, Value], Value]

CASES: list[tuple[str, Build, str]] = [
    ("product in a sum", lambda w, x, b: w * x + b, "(w·x + b)"),
    ("product in a difference", lambda w, x, b: w * x - b * 2.0, "(w·x − 2·b)"),
    ("power in a sum", lambda w, x, b: w**2 + x, "(w² + x)"),
    ("product after 1 −", lambda w, x, b: 1.0 - w * x, "(1 − w·x)"),
    ("sum in a product", lambda w, x, b: (w + x) * b, "((w + x)·b)"),
    ("negated difference", lambda w, x, b: -(w - x), "(−(w − x))"),
    ("sum after a minus", lambda w, x, b: w - (x + b), "(w − (x + b))"),
    ("negation in a sum", lambda w, x, b: w + (-x), "(w + (−x))"),
    ("product in a quotient's divisor", lambda w, x, b: w / (x * b), "(w / (x·b))"),
    ("product squared", lambda w, x, b: (w * x) ** 2, "((w·x)²)"),
    ("sum in a call", lambda w, x, b: (w * x + b).sigmoid(), "(σ((…) + b))"),
    ("number in a sum", lambda w, x, b: w + -3.0, "(w + (−3))"),
]


def _leaves() -> tuple[Value, Value, Value]:
    return Value(W, label="w"), Value(X, label="x"), Value(B, label="b")


@pytest.mark.parametrize("build, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_brackets_only_where_precedence_needs_them(build: Build, expected: str) -> None:
    out = build(*_leaves())
    assert node_name(out) == expected
    if "…" not in expected:  # the name still computes the node's value
        text = expected.replace("w", "{0}").replace("x", "{1}").replace("b", "{2}")
        value = evaluate(parse(text), {"0": W, "1": X, "2": B})
        assert value == pytest.approx(out.data, rel=1e-12)


def test_the_lecture_neuron_reads_z_equals_w_x_plus_b() -> None:
    w, x, b = _leaves()
    z = w * x + b
    z.label = "z₁"
    a = z.sigmoid()
    assert definition(z) == "w·x + b"  # was (w·x) + b
    assert definition(a) == "σ(z₁)"
    pre = w * x + b
    assert definition(pre.sigmoid()) == "σ(w·x + b)"  # not σ((w·x + b))
    assert edge_formula(pre.sigmoid(), 0) == "σ(w·x + b)·(1−σ(w·x + b))"
    assert edge_formula(pre.exp(), 0) == "e^(w·x + b)"  # e^ has no brackets of its own


def _computes(text: str, names: dict[str, float], value: float) -> None:
    """``text``, its one-letter names read as the formula grammar's placeholders, is ``value``."""
    keys = list(names)
    for k, name in enumerate(keys):
        text = text.replace(name, f"{{{k}}}")
    got = evaluate(parse(text.replace(" · ", "·")), {str(k): names[n] for k, n in enumerate(keys)})
    assert got == pytest.approx(value, rel=1e-12), text


def test_a_negated_sum_in_a_collapsed_edge_keeps_its_brackets() -> None:
    """C = 1 − x·(p − q), only x, p, q and C labelled: the collapsed edge x → C is the route's
    product (p − q) · (−1), written −(p − q) — not −p − q, which is another number."""
    from autograd.show.paths import chain_paths

    x, p, q = Value(0.5, label="x"), Value(2.0, label="p"), Value(-3.0, label="q")
    C = 1.0 - x * (p - q)
    C.label = "C"
    (path,) = chain_paths(C, x, collapse=True)
    (edge,) = path.edges
    assert edge.formula() == "−(p − q)"
    _computes(edge.formula(), {"x": 0.5, "p": 2.0, "q": -3.0}, edge.factor)


def test_a_shown_template_brackets_by_the_same_table() -> None:
    from autograd.notation.formulas import show

    assert show(parse("{0}·(−{1})")) == "{0}·(−{1})"  # a negation keeps its own after "·"
    assert show(parse("−({0}·{1})")) == "−{0}·{1}"  # −(a·b) = −a·b: no brackets needed
    assert show(parse("0 if {0}≤0 else 1")) == "0 if {0} ≤ 0 else 1"
    assert show(parse("{0} − ({1} + {2})")) == "{0} − ({1} + {2})"


def _forget_brackets() -> None:
    """Clear what notation.names cached from the table (each template's brackets)."""
    from autograd.notation import names

    names._contexts.cache_clear()
    names._binds.cache_clear()


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """``monkeypatch`` for the precedence table; names' caches cleared after the test too."""
    yield monkeypatch
    monkeypatch.undo()
    _forget_brackets()


def test_one_precedence_table_brackets_names_formulas_and_routes(
    table: pytest.MonkeyPatch,
) -> None:
    """`formulas.OPERANDS` is read by every bracket rule: node names, templates written back
    (`show`) and a collapsed edge's product. Ask a product for atoms only, and all three put
    a product inside a product in brackets."""
    from autograd.notation import formulas
    from autograd.show.paths import chain_paths

    def texts() -> tuple[str, str, str]:
        w, x, b = _leaves()
        w_again = Value(W, label="w")
        a = (w_again * x).sigmoid()
        a.label = "a"
        (path,) = chain_paths(a, w_again, collapse=True)
        return node_name(w * x * b), formulas.show(parse("{0}·({1}·{2})")), path.edges[0].formula()

    assert texts() == ("(w·x·b)", "{0}·{1}·{2}", "x·σ(w·x)·(1−σ(w·x))")
    table.setitem(formulas.OPERANDS, "mul", (formulas.ATOM, formulas.ATOM))
    _forget_brackets()
    assert texts() == ("((w·x)·b)", "{0}·({1}·{2})", "x·(σ(w·x)·(1−σ(w·x)))")


def test_a_formula_writes_times_as_the_op_table_does() -> None:
    """One spelling of · in a formula (`formulas.TIMES`): the op table writes σ(z)·(1−σ(z)),
    and a collapsed edge's product of factors once wrote (1 − a₁) · a₁ beside it."""
    from autograd.notation.formulas import CHAIN, TIMES
    from autograd.ops import OPS
    from autograd.show.paths import chain_paths

    assert TIMES.strip() == CHAIN.strip() == "·" and TIMES != CHAIN
    table = [t for op in OPS.values() for t in op.formulas if isinstance(t, str)]
    assert any(TIMES in t for t in table) and not any(CHAIN in t for t in table)
    # w → (x·w) → d, the middle node unlabelled: the edge w → d is the product of two factors
    w, x, y = Value(0.5, label="w"), Value(2.0, label="x"), Value(3.0, label="y")
    d = (x * w) * y
    d.label = "d"
    (path,) = chain_paths(d, w, collapse=True)
    assert path.edges[0].formula() == f"x{TIMES}y"
