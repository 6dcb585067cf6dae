"""A pytest plugin for exercise 3: before the project's tests are collected, it registers the
op from the student's file (``EXERCISE_OP_FILE``) in the op table and gives it its math-module
oracle — so every test parametrized over `autograd.OPS` (tests/autograd/test_ops.py,
test_formulas.py, test_compile.py, …) tests it as it tests every other op. It runs in a pytest
process of its own: the op never reaches any other check's table."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from autograd.ops import register
from exercises.checks.new_op import NAME, ORACLE
from exercises.student import load


def pytest_configure(config: pytest.Config) -> None:
    answers = load(Path(os.environ["EXERCISE_OP_FILE"]))
    register(answers.namespace[NAME])
    import tests.autograd.test_ops as table_tests

    table_tests.ORACLE[answers.namespace[NAME].name] = ORACLE
