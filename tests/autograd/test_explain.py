"""explain(): the chain in symbols, each factor's formula and value, the sum, the check."""

from __future__ import annotations

from autograd import Value, chain_paths, explain, grad
from autograd.show.text import number, product_text
from nn import MLP, mse
from tests.autograd.lecture import lecture_network


def test_explain_lecture_network() -> None:
    n = lecture_network()
    n.C0.backward()
    text = explain(n.C0, n.W1)
    assert "∂C₀/∂W₁ = ∂z₁/∂W₁ · ∂a₁/∂z₁ · ∂z₂/∂a₁ · ∂a₂/∂z₂ · ∂C₀/∂a₂" in text
    assert "σ(z₁)·(1−σ(z₁))" in text and "2·(a₂ − y)" in text
    assert f"= {number(n.W1.grad, 6)}" in text  # the check, digit by digit
    assert "✓" in text and "1 path" in text


def test_explain_writes_each_product_out_with_its_numbers() -> None:
    n = lecture_network()
    n.C0.backward()
    text = explain(n.C0, n.W1)
    (p,) = chain_paths(n.C0, n.W1, collapse=True)
    row = next(line for line in text.splitlines() if line.split()[:1] == ["product"])
    # "product = 0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409", as the drawings write it
    assert " ".join(row.split()) == "product = " + product_text(p)
    assert "product = 0.5 × 0.235 × (−1.2) × 0.238 × (−1.22) = 0.0409" in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "∂z₁/∂W₁ = x = 0.5" in lines and "∂z₂/∂a₁ = W₂ = −1.2" in lines
    # a bias edge says ∂z₁/∂b₁ = 1 once, never "1 = 1"
    assert "∂z₁/∂b₁ = 1" in [" ".join(line.split()) for line in explain(n.C0, n.b1).splitlines()]


def test_explain_before_backward_says_so() -> None:
    n = lecture_network()
    text = explain(n.C0, n.W2)
    assert "call .backward() on C₀ (the Value passed as C) first" in text
    assert "then call explain() again to check the sum against W₂.grad" in text
    assert n.W2.grad == 0.0


def test_explain_detects_accumulated_grad() -> None:
    n = lecture_network()
    n.C0.backward()
    n.C0.backward()
    assert "✗" in explain(n.C0, n.b1)


def test_explain_many_paths_shows_top_k_and_the_rest() -> None:
    model = MLP(2, [6, 6, 1], activation="tanh", seed=2)
    out = model([0.3, -0.2])
    assert isinstance(out, Value)
    C = mse([out], [1.0])
    C.backward()
    w = model.layers[0].neurons[0].w[0]
    text = explain(C, w, limit=3)
    assert "6 paths" in text and "and 3 more paths" in text
    assert "path 1:" in text and "path 3:" in text and "path 4:" not in text
    assert "✓" in text
    # what is listed, and in which order, in words ("(the largest 3 by |product|)" was misread)
    assert "(the 3 with the largest |product| below, the largest first)" in text
    assert "(all 6 paths below, the largest |product| first)" in explain(C, w, limit=6)


def test_explain_every_op_view_and_no_path() -> None:
    n = lecture_network()
    n.C0.backward()
    text = explain(n.C0, n.W1, collapse=False)
    assert "∂(W₁·x)/∂W₁" in text and "every op" in text
    other = Value(1.0, label="q")
    assert "does not depend on q" in explain(n.C0, other)


def test_explain_with_the_arguments_swapped_hints_at_the_swap() -> None:
    n = lecture_network()
    text = explain(n.W1, n.C0)
    assert "W₁ does not depend on C₀" in text
    assert "did you mean explain(C₀, W₁)?" in text
    assert "did you mean" not in explain(n.C0, Value(1.0, label="q"))  # truly unrelated


def test_explain_product_row_lines_up_with_narrow_symbols() -> None:
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    c.label = "c"  # "∂c/∂a" is 5 characters, narrower than the word "product"
    d = c * b
    d.label = "d"
    rows = [line for line in explain(d, a).splitlines() if line.startswith("    ")]
    assert [r.split()[0] for r in rows] == ["∂c/∂a", "∂d/∂c", "product"]
    assert len({r.rindex("=") for r in rows}) == 1  # the last "=" in the same column


def test_explain_writes_no_product_of_one_factor() -> None:
    # "product = 2 = 2" under "∂c/∂a = b = 2" only repeated the one factor
    a, b = Value(2.0, label="a"), Value(3.0, label="b")
    c = a * b
    c.label = "c"
    rows = [line for line in explain(c, a).splitlines() if line.startswith("    ")]
    assert rows == ["    ∂c/∂a = b = 3"]


def test_explain_one_hidden_node_is_said_in_the_singular() -> None:
    # "the 1 node … has no label. Label them" read as a slip
    x, w = Value(2.0, label="x"), Value(3.0, label="w")
    C = (x * w).tanh()
    C.label = "C"
    text = explain(C, w)
    assert "the node between w and C, (x·w), has no label." in text
    assert 'To split it, name it where it is computed (z = …; z.label = "z"),' in text
    assert "compute C again from it and call explain again;" in text
    assert "the 1 node" not in text and "name each" not in text


def test_explain_a_value_made_after_the_cost_says_it_is_not_in_the_graph() -> None:
    # A new W₁ = Value(0.8, label="W₁") after C₀ was built is a node C₀ never saw: the text said
    # only "C₀ does not depend on W₁", which a student took for a wrong derivative.
    n = lecture_network()
    text = explain(n.C0, Value(0.8, label="W₉"))  # (named like none of C₀'s: see below)
    assert "hint: W₉ is not in C₀'s graph: C₀ is computed without it" in text
    # (a lecturer: with no W₉ in C₀'s graph, "compute C₀ again from it" was advice for a
    # re-made weight, wrong here)
    assert "compute C₀ again" not in text
    assert "not in" not in explain(n.W1, n.C0)  # swapped: the swap hint, not this one


class _PrettyPrinter:
    """The one method of IPython's RepresentationPrinter that a `_repr_pretty_` calls."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def text(self, s: str) -> None:
        self.written.append(s)


def test_explain_ending_a_jupyter_cell_shows_the_text_not_a_quoted_string() -> None:
    # In Jupyter a cell ending in explain(C, w) is shown by IPython's pretty printer; a plain
    # str would come out as one quoted line with \n escapes. It is still a str for everything
    # else (print, ==, in, writing to a file).
    n = lecture_network()
    n.C0.backward()
    for text in (explain(n.C0, n.W1), explain(n.C0, n.x, collapse=False), explain(n.W1, n.C0)):
        assert isinstance(text, str)
        printer = _PrettyPrinter()
        text._repr_pretty_(printer, False)
        assert printer.written == [str(text)] and "\n" in printer.written[0]
        assert "\\n" not in "".join(printer.written) and not printer.written[0].startswith("'")


def test_explain_says_how_to_name_an_unlabelled_leaf() -> None:
    # Two unlabelled leaves holding 2.0 are both "2": ∂C/∂2 alone cannot say which one.
    a, b = Value(2.0), Value(2.0)
    C = a * b + a
    C.backward()
    for leaf in (a, b):
        text = explain(C, leaf)
        assert text.splitlines()[-1] == (
            'hint: 2 has no label, so it is named by its value; Value(2.0, label="w") gives it '
            "a name"
        )
    n = lecture_network()
    n.C0.backward()
    assert "hint" not in explain(n.C0, n.W1)  # labelled: no hint


def test_explain_before_backward_suggests_valid_python_for_any_name() -> None:
    # The cost here is a gradient's own graph, named ∂C₀/∂W₁: "call ∂C₀/∂W₁.backward()" is no
    # Python anyone can type. The variable's name is unknown, so the advice names none.
    n = lecture_network()
    (dW1,) = grad(n.C0, n.W1, create_graph=True)
    text = explain(dW1, n.W1)
    check = text.splitlines()[-1]
    assert ".backward()" in check and "∂C₀/∂W₁.backward()" not in text
    assert check == (
        "check: W₁.grad is 0.0 — call .backward() on ∂C₀/∂W₁ (the Value passed as C) first, "
        "then call explain() again to check the sum against W₁.grad"
    )


def _factor_line(text: str, symbol: str) -> str:
    """The factor row ``symbol = formula = value`` of explain()'s text (an indented row), its
    columns single-spaced."""
    rows = [" ".join(line.split()) for line in text.splitlines() if line.startswith("    ")]
    (row,) = [row for row in rows if row.startswith(symbol + " = ")]
    return row


def test_explain_brackets_an_activations_derivative_in_a_product() -> None:
    """a = tanh(w·x), lecture view: ∂a/∂w is the route's product x·(1−tanh²(w·x)); written
    x·1−tanh²(w·x) it would read (x·1) − tanh²(w·x). ReLU′ is the lecture's 0 for z ≤ 0, 1 for
    z > 0, in brackets as one factor: x·(0 if w·x ≤ 0 else 1)."""
    wanted = {
        "tanh": "∂a/∂w = x·(1−tanh²(w·x)) = 0.84",
        "relu": "∂a/∂w = x·(0 if w·x ≤ 0 else 1) = 2",
    }
    for activation, line in wanted.items():
        w, x = Value(0.5, label="w"), Value(2.0, label="x")
        a = getattr(w * x, activation)()
        a.label = "a"
        assert _factor_line(explain(a, w), "∂a/∂w") == line
    w, x = Value(0.5, label="w"), Value(2.0, label="x")
    a = (w * x).relu()
    a.label = "a"  # every op: the comparison's operand needs no brackets of its own
    text = explain(a, w, collapse=False)
    assert _factor_line(text, "∂a/∂(w·x)") == "∂a/∂(w·x) = 0 if w·x ≤ 0 else 1 = 1"


def _unlabelled_neuron() -> tuple[Value, Value, Value, Value]:
    """C = (tanh(x·w + b) − 1)² with only the leaves and C labelled: (w, z, a, C)."""
    x, w, b = Value(1.0, label="x"), Value(0.5, label="w"), Value(0.1, label="b")
    z = x * w + b
    a = z.tanh()
    C = (a - 1.0) ** 2
    C.label = "C"
    C.backward()
    return w, z, a, C


def test_explain_a_one_step_chain_says_why_instead_of_repeating_itself() -> None:
    # Nothing labelled between z and C: the lecture view has the one edge z → C, and the chain
    # line read "∂C/∂(x·w + b) = ∂C/∂(x·w + b)", true and no help at all.
    w, z, a, C = _unlabelled_neuron()
    for v in (w, z):
        lines = explain(C, v).splitlines()
        assert not any(" = " in line and len(set(line.split(" = "))) == 1 for line in lines)
    text = explain(C, z)
    assert (
        "the 2 nodes between (x·w + b) and C, (tanh((…) + b)) → (tanh((…)) − 1), have no label."
        in text
    )
    assert 'To split it, name each where it is computed (z = …; z.label = "z"),' in text
    assert "compute C again from them" in text and "collapse=False" in text
    assert "the 4 nodes between w and C" in explain(C, w)
    # the advice works: labelled, the same gradient reads as the lecture's chain
    a.label = "a"
    assert "∂C/∂(x·w + b) = ∂a/∂(x·w + b) · ∂C/∂a" in explain(C, z)
    # one op from w to C: nothing is hidden, and the text says so
    p, q = Value(2.0, label="p"), Value(3.0, label="q")
    c = p * q
    c.label = "c"
    assert "∂c/∂p is one local derivative: c is computed from p" in explain(c, p)


def test_explain_says_how_to_name_an_unlabelled_computed_node() -> None:
    # A middle node is named by its op, "(x·w + b)"; Value(…, label=…) cannot name it (it is
    # made by the op), setting .label does.
    _, z, _, C = _unlabelled_neuron()
    hint = explain(C, z).splitlines()[-1]
    assert hint == (
        "hint: (x·w + b) has no label, so it is named by the op that computes it; set .label "
        '(z.label = "z") to give it a name'
    )
    z.label = "z"
    assert "hint" not in explain(C, z) and "∂C/∂z" in explain(C, z)


def test_explain_the_cost_by_itself_is_the_seed() -> None:
    # explain(C₀, C₀) crashed inside the library (max() of no factors): ∂C/∂C = 1 is the seed.
    n = lecture_network()
    n.C0.backward()
    assert explain(n.C0, n.C0).startswith("∂C₀/∂C₀ = 1: the seed ∂C/∂C = 1")
    assert explain(n.W1, n.W1).startswith("∂W₁/∂W₁ = 1: the seed")  # a leaf


def test_explain_with_no_path_names_an_unlabelled_leaf_as_a_value() -> None:
    # "∂(3·2)/∂1 … does not depend on 1" read as a constant; and the view line meant nothing.
    text = explain(Value(2.0) * 3, Value(1.0))
    assert "does not depend on the Value 1.0 (no label)" in text
    assert "lecture view" not in text and "every op" not in explain(
        Value(2.0) * 3, Value(1.0), collapse=False
    )
    # a constant cost: nothing to depend on
    assert "hint: the Value 3.0 (no label) is a leaf" in explain(Value(3.0), Value(3.0))


def test_explain_a_remade_weight_says_the_graph_holds_a_different_node_so_labelled() -> None:
    n = lecture_network()
    text = explain(n.C0, Value(0.8, label="W₁"))
    # (a lecturer: the opener "C₀ does not depend on W₁: ∂C₀/∂W₁ = 0" is false in the
    # student's terms — C₀ does depend on its own W₁)
    assert text.splitlines()[0] == (
        "∂C₀/∂W₁: the W₁ passed here is a new Value, made after C₀: not the W₁ in C₀'s graph "
        "(even with the same data 0.8)"
    )
    assert "does not depend" not in text
    assert "(data 0.9, against 0.8 there)" in explain(n.C0, Value(0.9, label="W₁"))
    assert "new Value" not in explain(n.C0, Value(0.8, label="q"))  # no such node: not said


def test_explain_names_the_argument_that_is_not_a_value() -> None:
    import pytest

    with pytest.raises(TypeError, match=r"w is a float, 3\.0; pass the Value itself"):
        explain(Value(1.0), 3.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"C is a list, \[Value"):
        explain([Value(1.0)], Value(1.0))  # type: ignore[arg-type]


def test_explain_brackets_a_gradient_node_in_a_product() -> None:
    # In ∂C₀/∂W₁'s own graph a node is named ∂C₀/∂a₁: "−∂C₀/∂a₁·a₁" read as ∂C₀/∂(a₁·a₁).
    n = lecture_network()
    (dW1,) = grad(n.C0, n.W1, create_graph=True)
    text = explain(dW1, n.W1)
    assert "−(∂C₀/∂a₁)·a₁ + (∂C₀/∂a₁)·(1 − a₁)" in text
    assert "∂C₀/∂a₁·" not in text
