"""Hypothesis, as the checks use it: the smallest input on which the student's answer fails
(hypothesis's shrunk counterexample), found the same way on every run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from exercises.student import NotDone, StudentError

__all__ = ["smallest_failure"]

T = TypeVar("T")


def smallest_failure(
    strategy: st.SearchStrategy[T], fails: Callable[[T], bool], examples: int = 300
) -> T | None:
    """The simplest example for which ``fails`` is true (the student's code raising counts as
    failing), or None when ``examples`` tries found none. Deterministic: no database, a fixed
    seed."""

    def failing(x: T) -> bool:
        try:
            return fails(x)
        except (StudentError, NotDone):
            return True

    config = settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        found: Any = find(strategy, failing, settings=config)
    except NoSuchExample:
        return None
    return found  # type: ignore[no-any-return]
