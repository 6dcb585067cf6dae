"""Exercise 3: a new op in the op table, SiLU(x) = x·σ(x) — its forward rule, its local
derivative and that derivative as display text. Checked first one part at a time, with the
inputs drawn by `autograd.strategies.op_inputs` and finite differences from `autograd.testing`
as the oracle; then by the project's own op-table tests, with the op registered in a pytest
process of its own; then shown by `explain()`, as every op is."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from autograd import OPS, Value, apply, explain
from autograd.notation.formulas import check_formulas, parse
from autograd.ops import Op
from autograd.strategies import op_inputs
from autograd.testing import numerical_gradient
from exercises import COMMAND
from exercises.checks.search import smallest_failure
from exercises.student import Answers, StudentError
from exercises.verdict import Verdict, Wrong, numbers, passed

TITLE = "A new op in the table: SiLU(x) = x·σ(x)"
ANSWERS = ("silu", "silu_partials", "SILU_FORMULA")
HINT = (
    "SiLU(x) = x·σ(x) is a product of two factors that both depend on x: the product rule, "
    "(f·g)′ = f′·g + f·g′, with σ′ from exercise 2. Compute σ with the given sigmoid (it never "
    "overflows and works on Values), and write the text with {0} where x goes, as the table "
    f'writes σ′: "{OPS["sigmoid"].template(0)}".'
)
NAME = "SILU"  # the student's Op in their file


def ORACLE(x: float) -> float:
    """SiLU from the math module: x/(1 + e⁻ˣ)."""
    return x / (1.0 + math.exp(-x))


# What a table rule must survive without raising: PyTorch gives inf or nan there.
EXTREMES = [0.0, -0.0, 1e-300, 710.0, -710.0, 1e308, -1e308, math.inf, -math.inf, math.nan]
CHECKOUT = Path(__file__).resolve().parents[2]


def _float(what: str, out: Any) -> float:
    if isinstance(out, Value):
        raise StudentError(f"{what} returned a Value; on a float input return a float")
    if isinstance(out, bool) or not isinstance(out, (int, float)):
        note = " (did you forget `return`?)" if out is None else ""
        raise StudentError(f"{what} returned {out!r:.40}{note}; return a number")
    return float(out)


def _local(op: Op, x: float) -> float:
    """The student's ∂out/∂x at x, checked to be a one-element sequence of a number."""
    out = op.forward(x)
    got = op.partials(x, out)
    if not isinstance(got, Sequence) or isinstance(got, str):
        raise StudentError(
            f"your silu_partials({x!r}, {out!r}) returned {got!r:.40}; return a tuple with one "
            f"number, the local derivative: return (d,)"
        )
    if len(got) != 1:
        raise StudentError(f"silu_partials returned {len(got)} numbers; SiLU has one input: (d,)")
    return _float(f"your silu_partials({x!r}, …)", got[0])


def _check_forward(op: Op) -> None:
    def wrong(args: tuple[tuple[float, ...], float | None]) -> bool:
        (x,), _ = args
        return not math.isclose(
            _float(f"your silu({x!r})", op.forward(x)), ORACLE(x), rel_tol=1e-12, abs_tol=1e-12
        )

    found = smallest_failure(op_inputs(op), wrong, examples=100)
    if found is not None:
        (x,), _ = found
        got = _float(f"your silu({x!r})", op.forward(x))
        gave, want = numbers(got, ORACLE(x))
        raise Wrong(f"at x = {numbers(x, math.nan)[0]} your SiLU(x) = {gave}; x·σ(x) = {want}")


def _check_partial(op: Op) -> None:
    def numeric(x: float) -> float:
        return numerical_gradient(lambda v: apply(op, v), [x])[0]

    def wrong(args: tuple[tuple[float, ...], float | None]) -> bool:
        (x,), _ = args
        return not math.isclose(_local(op, x), numeric(x), rel_tol=1e-5, abs_tol=1e-7)

    found = smallest_failure(op_inputs(op), wrong, examples=100)
    if found is None:
        return
    (x,), _ = found
    got, want = _local(op, x), numeric(x)
    s = Value(x).sigmoid().data
    slips = [
        (s, "that is σ(x) alone: x·σ(x) has two factors that depend on x (the product rule)."),
        (s * (1 - s), "that is σ′(x) alone: the product rule gives σ(x) + x·σ′(x)."),
        (x * s * (1 - s), "that is x·σ′(x), one term of the product rule; σ(x) is missing."),
        (s + x * s * (1 + s), "σ′(x) = σ(x)·(1 − σ(x)): a minus, not a plus."),
    ]
    said = [m for v, m in slips if math.isclose(got, v, rel_tol=1e-6, abs_tol=1e-9)]
    gave, right = numbers(got, want)
    raise Wrong(
        f"at x = {numbers(x, math.nan)[0]} your ∂SiLU/∂x = {gave}; finite differences "
        f"(SiLU(x + ε) − SiLU(x − ε))/2ε give {right}",
        *said[:1],
    )


def _check_formula(op: Op, text: object) -> None:
    if not isinstance(text, str):
        raise Wrong(f'SILU_FORMULA should be text (a str), like "σ({{0}})", not {text!r:.40}')
    try:
        parse(text)
    except ValueError as e:
        hint = ""
        if "unknown name 'sigmoid'" in str(e):
            sigma = OPS["sigmoid"].template(0)
            hint = f'σ is written σ(…), as in the table\'s "{sigma}": copy it.'
        elif "unknown name" in str(e):
            hint = (
                "write {0} where x goes (a drawing fills in the node's name); known: σ, tanh, "
                "ln, exp, √."
            )
        raise Wrong(
            f"your formula {text!r} cannot be read: {e}", *([hint] if hint else [])
        ) from None
    points = [((x,), None) for x in (-2.5, -1.0, -0.3, 0.4, 1.0, 2.2)]
    problems = check_formulas(op, points)
    if problems:
        x = next(x for (x,), _ in points if any(f"inputs=[{x!r}]" in p for p in problems))
        from autograd.notation.formulas import evaluate

        shown = evaluate(parse(text), {"0": x, "out": op.forward(x)})
        gave, want = numbers(shown, _local(op, x))
        raise Wrong(
            f"your formula {text!r} gives {gave} at x = {numbers(x, math.nan)[0]}; your "
            f"silu_partials gives {want}: the text must say what the rule computes"
        )


def _check_extremes(op: Op) -> None:
    try:
        for x in EXTREMES:
            out = op.forward(x)
            _float(f"your silu({x!r})", out)
            op.partials(x, out)
    except StudentError as e:
        raise StudentError(
            e.summary,
            [
                *e.details,
                "A table rule must never raise, whatever its input (PyTorch gives inf or nan "
                "there): compute σ with the given sigmoid, which never overflows.",
            ],
        ) from None


def _check_on_values(op: Op) -> None:
    for x in (-1.5, 0.5, 2.0):
        v = Value(x)
        out = apply(op, v)
        (d,) = op.partials(v, out)
        if not isinstance(d, Value):
            raise Wrong(
                f"handed Values (x = Value({x}), for a gradient of a gradient), your "
                f"silu_partials returned a {type(d).__name__}, not a Value",
                "compute σ with the given sigmoid(x), which works on floats and Values — "
                "math.exp takes the number out of a Value and loses its graph.",
            )


def table_test_files() -> list[Path]:
    """The project's test modules that are parametrized over the op table (they name OPS)."""
    found = sorted((CHECKOUT / "tests" / "autograd").glob("test_*.py"))
    return [p for p in found if "OPS" in p.read_text(encoding="utf-8")]


def run_table_tests(path: Path, files: list[Path] | None = None) -> tuple[int, list[str]]:
    """The project's op-table tests (every test of ``files``, default `table_test_files`, whose
    id names the op) on the op in ``path``, in a pytest process of their own: (number passed,
    failures)."""
    with tempfile.TemporaryDirectory() as tmp:
        xml = Path(tmp) / "report.xml"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "exercises.checks.op_table_plugin",
                   "-p", "no:cacheprovider", "-o", "addopts=", f"--junitxml={xml}",
                   *map(str, files or table_test_files()), "-k", "silu"]  # fmt: skip
        env = {**os.environ, "EXERCISE_OP_FILE": str(path), "PYTHONPATH": str(CHECKOUT)}
        # @given runs without hypothesis's pytest plugin, and pytest starts twice as fast
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
        done = subprocess.run(command, cwd=CHECKOUT, env=env, capture_output=True, text=True)
        if not xml.exists():
            tail = (done.stdout + done.stderr).strip().splitlines()[-2:]
            return 0, ["the op-table tests did not run: " + " ".join(tail)]
        cases = ET.parse(xml).getroot().iter("testcase")
        failures, ran = [], 0
        for case in cases:
            ran += 1
            failed = case.find("failure")
            if failed is None:
                failed = case.find("error")
            if failed is not None:
                message = (failed.get("message") or "").splitlines()[0][:160]
                failures.append(f"{case.get('name')}: {message}")
        return ran - len(failures), failures


def _shown(op: Op) -> list[str]:
    """`explain()` of a neuron with the student's activation: the op drawn and explained."""
    w, x, b = Value(0.8, label="w"), Value(0.5, label="x"), Value(0.1, label="b")
    z = w * x + b
    z.label = "z"
    a = apply(op, z)
    a.label = "a"
    a.backward()
    return explain(a, w).splitlines()


def check(answers: Answers) -> Verdict:
    answers.require(["silu", "silu_partials"])
    entry = answers.value(NAME)
    if not isinstance(entry, Op):
        raise Wrong(f"keep {NAME} = Op(…) as given: it is the table entry")
    # The entry with its rules guarded: an exception in them names the call and the line.
    op = dataclasses.replace(
        entry,
        forward=answers.guard(entry.forward, "silu"),
        partials=answers.guard(entry.partials, "silu_partials"),
    )
    _check_forward(op)
    _check_partial(op)
    _check_extremes(op)
    _check_on_values(op)
    text = answers.value("SILU_FORMULA")
    _check_formula(op, text)
    if answers.path is None or not (CHECKOUT / "tests" / "autograd").is_dir():
        tested = f"(the project's op-table tests run from a terminal: {COMMAND} check 3)"
    else:
        ran, failures = run_table_tests(answers.path)
        if failures or not ran:
            raise Wrong(
                f"the project's op-table tests: {len(failures)} of {ran + len(failures)} fail "
                f"for silu",
                *failures[:3],
            )
        tested = f"the project's op-table tests: all {ran} pass for silu"
    return passed(
        "SiLU's forward rule, local derivative and formula are right; " + tested + ".",
        "explain() shows it as it shows every op:",
        *[f"    {line}" for line in _shown(op)],
    )
