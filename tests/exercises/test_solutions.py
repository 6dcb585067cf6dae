"""Every reference solution passes its check; every exercise file is a notebook headed with
its number and title; a check leaves the engine as it found it."""

from __future__ import annotations

import re
import runpy
from dataclasses import dataclass
from pathlib import Path

import pytest

from autograd import OPS, Value
from exercises import EXERCISES, check_here
from exercises.runner import check_namespace
from exercises.verdict import Verdict
from nn.activations import ACTIVATIONS
from tests.exercises.files import blank, check, solution, text

NUMBERS = list(EXERCISES)


@dataclass
class Solved:
    verdicts: dict[int, Verdict]
    before: tuple[object, ...]
    after: tuple[object, ...]


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    """Every reference solution checked once, and the engine's table and methods before and
    after (the checks patch Value.backward and Value.tanh, and exercise 3 registers an op —
    in a pytest process of its own)."""
    tmp = tmp_path_factory.mktemp("solutions")
    before = (dict(OPS), Value.tanh, Value.backward, dict(ACTIVATIONS))
    verdicts = {n: check(tmp, n, solution(n)) for n in NUMBERS}
    after = (dict(OPS), Value.tanh, Value.backward, dict(ACTIVATIONS))
    return Solved(verdicts, before, after)


@pytest.mark.parametrize("n", NUMBERS)
def test_the_reference_solution_passes(n: int, solved: Solved) -> None:
    verdict = solved.verdicts[n]
    assert verdict.passed, text(verdict)


def test_exercise_3_runs_the_projects_op_table_tests_and_explains_the_op(
    solved: Solved,
) -> None:
    verdict = solved.verdicts[3]
    found = re.search(r"the project's op-table tests: all (\d+) pass for silu", verdict.summary)
    assert found and int(found.group(1)) >= 10, verdict.summary
    # explained like every op: its formula filled with the node's name, and its value
    assert "∂a/∂z   = σ(z)·(1 + z·(1 − σ(z))) = 0.74" in text(verdict)


def test_the_checks_leave_the_op_table_and_value_as_they_found_them(
    solved: Solved,
) -> None:
    assert solved.before == solved.after
    assert "silu" not in OPS


def test_exercise_9s_reference_training_reaches_the_goal_in_seconds(
    solved: Solved,
) -> None:
    took = re.search(r"([\d.]+) s CPU", text(solved.verdicts[9]))
    assert took is not None, text(solved.verdicts[9])
    seconds = float(took.group(1))
    assert seconds < 5.0, text(solved.verdicts[9])  # measured: 0.7 s on a 2-core machine


def test_the_op_table_tests_fail_on_a_wrong_op(tmp_path: Path) -> None:
    # The project's tests, run on the student's op, reject a wrong one: a display formula that
    # disagrees with the partials (the part-by-part checks would say so first).
    from exercises.checks.new_op import run_table_tests, table_test_files

    path = tmp_path / "ex03_new_op.py"
    path.write_text(solution(3).replace('"σ({0})·(1 + {0}·(1 − σ({0})))"', '"σ({0})"'))
    formulas = [p for p in table_test_files() if p.name == "test_formulas.py"]
    passed, failures = run_table_tests(path, formulas)
    assert any("display_formula" in f for f in failures), failures
    assert passed > 0


@pytest.mark.parametrize("n", NUMBERS)
def test_each_file_is_a_notebook_headed_with_its_number_and_title(n: int) -> None:
    for source in (blank(n), solution(n)):
        assert source.startswith(f"# %% [markdown]\n# # Exercise {n}. {EXERCISES[n].title}\n")
        assert "\n# %%\n" in source  # code cells, as jupytext splits a percent script
        assert f"check_here({n}, globals())" in source  # the notebook's last cell checks it


# A sheet of numbers, functions, a function that returns nothing, a hypothesis test.
@pytest.mark.parametrize("n", [1, 2, 7, 11])
def test_in_a_notebook_check_here_reads_the_names_defined_so_far(
    n: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namespace = runpy.run_path(str(EXERCISES[n].path(solutions=True)), run_name="notebook")
    assert check_here(n, namespace) is True
    assert capsys.readouterr().out.startswith(f"✓ {n}. ")
    path = tmp_path / f"blank_{n}.py"
    path.write_text(blank(n), encoding="utf-8")
    verdict = check_namespace(EXERCISES[n], runpy.run_path(str(path), run_name="notebook"))
    assert verdict.status == "not started", verdict
