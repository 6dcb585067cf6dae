"""Typical wrong answers get the feedback meant for them, in the lecture's notation: which
part is wrong, what it should be and at which input, and the likely slip — for exercises 2,
4, 7 and 11 above all; and a student's exception is the line of their file and a sentence,
never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exercises.files import blank, check, solution, text

# --- exercise 2: σ′, tanh′, ReLU′ over the whole domain ---------------------------------------

SIGMA_PRIME = "    s = sigmoid(z)\n    return s * (1.0 - s)"


def test_2_sigma_instead_of_its_derivative(tmp_path: Path) -> None:
    v = check(tmp_path, 2, solution(2), (SIGMA_PRIME, "    return sigmoid(z)"))
    assert v.status == "wrong"
    assert v.summary.startswith(
        "at z = 0 your σ′(z) = 0.5; the chain rule needs σ′(z) = σ(z)·(1−σ(z)) = 0.25"
    )
    assert "tanh′ and ReLU′ are right" in v.summary
    assert v.details == ("that is σ(z) itself: the function, not its derivative.",)


def test_2_tanh_without_the_square(tmp_path: Path) -> None:
    v = check(tmp_path, 2, solution(2), ("1.0 - tanh(z) ** 2", "1.0 - tanh(z)"))
    assert "your tanh′(z) = 0.238; the chain rule needs tanh′(z) = 1−tanh²(z) = 0.42" in v.summary
    assert v.details == ("the square is missing: 1 − tanh²(z).",)


def test_2_relu_prime_at_zero_is_the_lectures_zero(tmp_path: Path) -> None:
    v = check(tmp_path, 2, solution(2), ("1.0 if z > 0 else 0.0", "1.0 if z >= 0 else 0.0"))
    assert v.summary.startswith("at z = 0 your ReLU′(z) = 1;")
    assert "ReLU′ is 0 for z ≤ 0, so ReLU′(0) = 0" in text(v)  # the file's letter, z


def test_2_one_minus_z_is_named_as_such_not_as_sigma_itself(tmp_path: Path) -> None:
    # At z = 0 (the counterexample hypothesis shrinks to) σ(z)·(1 − z) equals σ(z): the slip
    # named must be the one the function is at other z too.
    v = check(
        tmp_path, 2, solution(2), (SIGMA_PRIME, "    s = sigmoid(z)\n    return s * (1.0 - z)")
    )
    assert v.status == "wrong"
    assert v.details == ("σ′(z) = σ(z)·(1 − σ(z)): 1 − σ(z), not 1 − z.",)
    assert "σ(z) itself" not in text(v)


def test_2_relu_prime_the_other_way_round_is_named(tmp_path: Path) -> None:
    v = check(tmp_path, 2, solution(2), ("1.0 if z > 0 else 0.0", "0.0 if z > 0 else 1.0"))
    assert v.status == "wrong"
    assert "you have them the other way round" in text(v)
    assert "so ReLU′(0) = 0" not in text(v)


def test_2_a_formula_that_overflows_at_large_z_is_its_line(tmp_path: Path) -> None:
    formula = "    return math.exp(-z) / (1 + math.exp(-z)) ** 2"
    v = check(tmp_path, 2, solution(2), (SIGMA_PRIME, "    import math\n" + formula))
    lines = (tmp_path / "ex02_local_derivatives.py").read_text().splitlines()
    line = lines.index(formula) + 1
    assert f"your sigmoid_prime(−355) stopped at line {line} of " in v.summary
    assert v.summary.endswith(formula.strip()) or formula.strip() in v.summary
    assert "OverflowError" in text(v) and "write σ′ from σ(z)" in text(v)
    assert "Traceback" not in text(v)


def test_2_the_readmes_overflow_example_is_what_the_checker_says(tmp_path: Path) -> None:
    # The README's example of an exception: the student's file with `import math` added and
    # σ′ written with math.exp; each part of the README's quote (between its "…") is said.
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    bullet = readme.split("your sigmoid_prime(−355)", 1)[1].split("\n- ", 1)[0]
    first, then = " ".join(bullet.split()).split("`, then `", 1)
    formula = "return math.exp(-z) / (1 + math.exp(-z)) ** 2"
    todo = 'at z."""\n    ...  # TODO'
    v = check(
        tmp_path,
        2,
        blank(2),
        ("from math import tanh\n", "import math\nfrom math import tanh\n"),
        ("∂σ/∂z, " + todo, '∂σ/∂z, at z."""\n    ' + formula),
        ("∂tanh/∂z, " + todo, '∂tanh/∂z, at z."""\n    return 1.0 - tanh(z) ** 2'),
        ("    ...  # TODO", "    return 1.0 if z > 0 else 0.0"),
    )
    shown = text(v).replace(str(tmp_path / "ex02_"), "exercises/ex02_")
    assert f"your sigmoid_prime(−355) {first}" in shown
    assert first.endswith(formula)
    quoted = then.split("`", 1)[0]
    assert all(part in shown for part in quoted.split("…")), (quoted, shown)


# --- exercise 4: the five factors, each on its own ---------------------------------------------


def test_4_sigma_instead_of_sigma_prime_is_named_and_the_others_are_right(tmp_path: Path) -> None:
    v = check(tmp_path, 4, solution(4), ("da1_dz1 = a1 * (1 - a1)", "da1_dz1 = a1"))
    assert v.summary == (
        "your ∂a₁/∂z₁ is wrong (you gave 0.731, it is 0.197 = σ(z₁)·(1−σ(z₁))); the other "
        "four factors are right."
    )
    assert v.details == ("that is σ(z₁) = a₁: the function, not its derivative σ′(z₁).",)


def test_4_the_issues_example_a_quarter_for_sigma_prime(tmp_path: Path) -> None:
    v = check(tmp_path, 4, solution(4), ("da1_dz1 = a1 * (1 - a1)", "da1_dz1 = 0.25"))
    assert v.summary.startswith("your ∂a₁/∂z₁ is wrong (you gave 0.25, it is 0.197 = ")
    assert "σ′(0)" in text(v)


def test_4_a_missing_factor_in_the_product(tmp_path: Path) -> None:
    product = "dC0_dW1 = dz1_dW1 * da1_dz1 * dz2_da1 * da2_dz2 * dC0_da2"
    v = check(tmp_path, 4, solution(4), (product, product.replace(" * dz2_da1", "")))
    assert v.summary.startswith("your ∂C₀/∂W₁ is wrong (you gave −0.0145, it is −0.0218")
    assert v.details == (
        "∂z₂/∂a₁ is missing from your product: the chain rule multiplies all five.",
    )


def test_4_the_two_of_the_square_forgotten(tmp_path: Path) -> None:
    v = check(tmp_path, 4, solution(4), ("dC0_da2 = 2 * (a2 - y)", "dC0_da2 = a2 - y"))
    assert "your ∂C₀/∂a₂ is wrong (you gave −0.333, it is −0.665 = 2·(a₂ − y))" in v.summary
    assert "the 2 of the square is missing" in text(v)


def test_4_numbers_by_hand_to_three_digits_pass_and_a_half_done_sheet_says_so(
    tmp_path: Path,
) -> None:
    by_hand = [("dz1_dW1 = ...", "dz1_dW1 = 0.5"), ("da1_dz1 = ...", "da1_dz1 = 0.197"),
               ("dz2_da1 = ...", "dz2_da1 = 1.5"), ("da2_dz2 = ...", "da2_dz2 = 0.222"),
               ("dC0_da2 = ...", "dC0_da2 = -0.665")]  # fmt: skip
    v = check(tmp_path, 4, blank(4), *by_hand[:2])
    assert v.status == "not done"
    assert v.summary.startswith("the two you gave are right; still TODO: dz2_da1, da2_dz2,")
    v = check(tmp_path, 4, blank(4), *by_hand, ("dC0_dW1 = ...", "dC0_dW1 = -0.0218"))
    assert v.passed, text(v)


def test_1_a_number_rounded_too_far_is_named(tmp_path: Path) -> None:
    # "three significant digits are enough": 0.43 for σ(−0.3) = 0.4256 is the right number cut
    # short, and the feedback says so instead of only "wrong"
    v = check(tmp_path, 1, solution(1), ("a_sigmoid = 1 / (1 + math.exp(-z))", "a_sigmoid = 0.43"))
    assert v.summary.startswith("your a = σ(z) is wrong (you gave 0.43, it is 0.426")
    assert v.details == ("that is 0.426 rounded to two significant digits: keep three, 0.426.",)


def test_4_a_product_rounded_to_one_digit_is_named(tmp_path: Path) -> None:
    product = "dC0_dW1 = dz1_dW1 * da1_dz1 * dz2_da1 * da2_dz2 * dC0_da2"
    v = check(tmp_path, 4, solution(4), (product, "dC0_dW1 = -0.02"))
    assert v.summary.startswith("your ∂C₀/∂W₁ is wrong (you gave −0.02, it is −0.0218")
    assert v.details == ("that is −0.0218 rounded to one significant digit: keep three, −0.0218.",)


# --- exercise 7: backward() against the engine on random graphs --------------------------------

ADD = "            p.grad += local * v.grad"


def test_7_assigning_instead_of_adding_names_the_node_used_twice(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), (ADD, ADD.replace("+=", "=")))
    assert v.summary.startswith("on the smallest graph where it differs, your ∂b/∂a = 1; ")
    assert "a is used twice (b = a + a): did you add both contributions?" in v.summary
    assert v.details == ("the graph (b is the root):", "    a = 1.5", "    b = a + a")


def test_7_the_seed_forgotten(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), ("    C.grad = 1.0  # 2.", "    pass  # 2."))
    assert "the walk starts from the seed ∂C/∂C = 1 (C.grad = 1.0)" in v.summary


def test_7_walked_forward(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), ("for v in reversed(order):", "for v in order:"))
    assert "Walk the order in reverse, from C back to the leaves" in v.summary
    assert "the graph (" in text(v)


def test_7_the_local_derivative_without_the_upstream(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), (ADD, "            p.grad += local"))
    assert "multiplies it by the upstream gradient" in v.summary


def test_7_the_value_instead_of_the_upstream_gradient(tmp_path: Path) -> None:
    # what a student writes after "got a Value: its .data is the number" for local * v
    v = check(tmp_path, 7, solution(7), (ADD, "            p.grad += local * v.data"))
    assert v.summary.startswith("on the smallest graph where it differs, your ∂b/∂a = 20.1; ")
    assert "you multiplied by v.data, the node's value from the forward pass" in v.summary
    assert "the upstream gradient is v.grad = ∂C/∂v" in v.summary


def test_7_a_value_as_the_upstream_points_to_its_grad(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), (ADD, "            p.grad += local * v"))
    assert "setting v.grad needs a number, got a Value" in text(v)
    assert "its gradient ∂C/∂v is v.grad" in text(v)


def test_7_a_method_not_called_is_said_as_such(tmp_path: Path) -> None:
    v = check(tmp_path, 7, solution(7), ("v.local_derivatives())", "v.local_derivatives)"))
    assert "'method' object is not iterable" in text(v)
    assert "a method used without calling it: add the brackets, v.local_derivatives()" in text(v)


def test_7_a_slip_no_small_probe_shows_is_found_on_a_random_graph_and_shrunk(
    tmp_path: Path,
) -> None:
    # Only the first two parents of each node: wrong only for an op with three or more
    # (Σ, 1/n Σ, the neuron's Σ w·a + b) — hypothesis finds one and shrinks it.
    walk = "zip(v.parents, v.local_derivatives())"
    v = check(tmp_path, 7, solution(7), (walk, "zip(v.parents[:2], v.local_derivatives())"))
    assert v.summary == (
        "on the smallest graph where it differs, your ∂b/∂a = 0.5; backward() gives 1: a is "
        "used four times (b = 1/4·(a + a + a + a)): does every use add its contribution?"
    )
    assert v.details == ("the graph (b is the root):", "    a = 0", "    b = 1/4·(a + a + a + a)")


def test_7_calling_the_engines_backward_is_refused_at_the_students_line(tmp_path: Path) -> None:
    order = "    order = topological_order(C)  # 1. every node after its parents"
    v = check(tmp_path, 7, solution(7), (order, "    C.backward()\n    order = []"))
    assert "stopped at line" in v.summary and v.summary.endswith("C.backward()")
    assert "the engine's own backward(): write the walk yourself" in text(v)


# --- exercise 11: the student's property-based test ----------------------------------------------

ASSERT = "    assert math.isclose(v.grad, measured, rel_tol=1e-5, abs_tol=1e-8)"


def test_11_a_test_that_asserts_nothing(tmp_path: Path) -> None:
    v = check(tmp_path, 11, solution(11), (ASSERT, ASSERT.replace("    assert ", "    ")))
    assert v.summary == (
        "your test passes on the engine's tanh — and on all six wrong derivatives too: it "
        "checks nothing yet."
    )


def test_11_a_narrow_range_misses_the_bugs_outside_it(tmp_path: Path) -> None:
    v = check(tmp_path, 11, solution(11), ("st.floats(-50.0, 50.0)", "st.floats(0.0, 1.0)"))
    assert "catches four of the six wrong derivatives; it missed two" in v.summary
    assert any("wrong only for x < 0" in d and "negative x" in d for d in v.details)
    assert any("wrong only for large |x|" in d for d in v.details)


def test_11_a_loose_tolerance_misses_a_one_percent_bug(tmp_path: Path) -> None:
    v = check(tmp_path, 11, solution(11), ("rel_tol=1e-5", "rel_tol=0.02"))
    assert "it missed one" in v.summary
    assert any("1 % too large" in d for d in v.details)


def test_11_a_test_that_fails_on_the_right_tanh_shows_hypothesiss_example(tmp_path: Path) -> None:
    v = check(tmp_path, 11, solution(11), ("rel_tol=1e-5, abs_tol=1e-8", "rel_tol=1e-12"))
    assert v.summary.startswith("your test fails on the engine's own tanh, which is right: at ")
    assert "test_tanh_derivative(x=" in v.summary and "AssertionError" in text(v)


def test_11_a_test_without_given(tmp_path: Path) -> None:
    v = check(tmp_path, 11, solution(11), ("@given(st.floats(-50.0, 50.0))", ""))
    assert "not a property-based test yet: decorate it with @given" in v.summary


# --- the others: one typical slip each ---------------------------------------------------------


def test_1_the_bias_forgotten(tmp_path: Path) -> None:
    v = check(tmp_path, 1, solution(1), (" + b\n", "\n"))
    assert "your z is wrong (you gave −0.5, it is −0.3 = Σₖ wₖ·aₖ + b" in text(v)
    assert "without the bias" in text(v)
    assert "that is σ(z) of your z = −0.5: right once z is." in text(v)


def test_3_sigma_alone_as_silus_derivative(tmp_path: Path) -> None:
    v = check(tmp_path, 3, solution(3), ("return (s * (1 + x * (1 - s)),)", "return (s,)"))
    assert v.summary.startswith("at x = 1 your ∂SiLU/∂x = 0.731; finite differences")
    assert "the product rule" in text(v)


def test_3_a_formula_with_x_instead_of_the_placeholder(tmp_path: Path) -> None:
    v = check(tmp_path, 3, solution(3), ("{0}·(1 − σ({0})))", "x·(1 − σ({0})))"))
    assert "cannot be read" in v.summary and "write {0} where x goes" in text(v)


def test_6_a_node_listed_twice(tmp_path: Path) -> None:
    v = check(tmp_path, 6, solution(6), ("        elif node not in visited:", "        else:"))
    assert v.summary == "on this graph: a is in your list twice: each node comes once."
    assert v.details == ("the graph:", "    a = 0", "    b = a + a")


def test_8_the_gradient_that_adds_up_over_backward_calls(tmp_path: Path) -> None:
    v = check(tmp_path, 8, solution(8), ("    W1.grad = 0.0  # a leaf", "    # a leaf"))
    assert v.summary.startswith("your ∂C₁/∂W₁ = 0.104; backward() gives 0.0631")
    assert "W₁.grad adds up over backward() calls" in text(v)


def test_9_an_update_up_the_gradient(tmp_path: Path) -> None:
    v = check(tmp_path, 9, solution(9), ("W.data - eta * W.grad", "W.data + eta * W.grad"))
    assert "W₁ − η·∂C₀/∂W₁ = 0.8 − 0.5·0.0409 = 0.78" in v.summary
    assert "against the gradient" in text(v)


def test_10_the_ratio_upside_down(tmp_path: Path) -> None:
    ratio = "mean_abs_grad(model.layers[0]) / mean_abs_grad(model.layers[9])"
    v = check(tmp_path, 10, solution(10), (ratio, "1 / (" + ratio + ")"))
    assert "your gradient_ratio('sigmoid')" in v.summary
    assert "layer 10 over layer 1" in text(v)


# --- the student's exceptions: their line and a sentence ---------------------------------------


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("z = sum(", "z = summ("), "NameError: name 'summ' is not defined — a name that is not"),
        (("a_relu = max(z, 0.0)", "a_relu = max(z, 0.0"), "Python cannot read line"),
        (("a_tanh = math.tanh(z)", "a_tanh = math.log(-1)"), "outside its domain"),
    ],
)
def test_an_exception_is_the_line_of_the_students_file(
    tmp_path: Path, change: tuple[str, str], said: str
) -> None:
    v = check(tmp_path, 1, solution(1), change)
    assert v.status == "wrong"
    assert said in text(v)
    assert "Traceback" not in text(v) and "exercises/student.py" not in text(v)
    line = next(k for k, s in enumerate(solution(1).splitlines(), 1) if change[0] in s)
    assert f"line {line} " in v.summary


def test_a_number_in_quotes_is_told_to_lose_them(tmp_path: Path) -> None:
    v = check(tmp_path, 1, solution(1), ("a_relu = max(z, 0.0)", 'a_relu = "0"'))
    assert v.summary.endswith("a_relu should be a number, not str ('0'): without the quotes, "
                              "a_relu = 0")  # fmt: skip


def test_a_module_not_imported_is_said_as_such(tmp_path: Path) -> None:
    # exercise 1 says "import math"; a student who skips it is told to add it, not "a typo"
    v = check(tmp_path, 1, solution(1), ("import math\n", "\n"))
    assert "NameError: name 'math' is not defined" in text(v)
    assert "math is a module: import it first, `import math` at the top of the file" in text(v)
    assert "a typo" not in text(v)


def test_a_recursion_too_deep_is_said_as_such(tmp_path: Path) -> None:
    recursive = (
        "    order: list[Value] = []\n\n    def visit(v):\n"
        "        if v not in order:\n            for p in v.parents:\n                visit(p)\n"
        "            order.append(v)\n\n    visit(root)\n    return order"
    )
    start = solution(6).index("    order: list[Value] = []")
    end = solution(6).index("    return order") + len("    return order")
    v = check(tmp_path, 6, solution(6), (solution(6)[start:end], recursive))
    assert "RecursionError" in text(v) and "keep the nodes still to visit in a list" in text(v)
    assert "a chain of 5,000 nodes" in text(v)


def test_the_readmes_feedback_is_what_the_checker_says(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    shown = readme.split("## Try it yourself", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    quarter = check(tmp_path, 4, solution(4), ("da1_dz1 = a1 * (1 - a1)", "da1_dz1 = 0.25"))
    assigned = check(tmp_path, 7, solution(7), (ADD, ADD.replace("+=", "=")))
    for verdict in (quarter, assigned):
        assert f"— {verdict.summary}\n" in shown
        assert all(f"    {line}\n" in shown for line in verdict.details)
