"""tests/torch: PyTorch float64 as the oracle. Run by `make test-torch`, which installs the
optional ``torch`` extra into .venv; `make test` does not collect this folder.

Nothing here is skipped silently: without PyTorch the run stops with an error that says how to
install it, and a test that skips for any reason is reported as a failure.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

try:
    import torch
except ImportError as e:  # pragma: no cover - the message is the point
    raise pytest.UsageError(
        "tests/torch needs PyTorch, an optional extra: run `make test-torch` "
        '(or .venv/bin/pip install -e ".[torch]")'
    ) from e

torch.set_default_dtype(torch.float64)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    if report.skipped and "tests/torch" in str(item.path).replace("\\", "/"):
        report.outcome = "failed"
        report.longrepr = f"skipped in tests/torch (not allowed here): {report.longrepr}"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.torch.oracle import COMPARED

    if COMPARED:
        terminalreporter.section("PyTorch oracle: random cases compared")
        for key in ("value", "first", "second"):
            terminalreporter.write_line(f"{key:>6} order: {COMPARED[key]:6d} cases")
        for key, n in sorted(COMPARED.items()):
            if ":" in key:
                terminalreporter.write_line(f"  {key}: {n}")
        for key, n in sorted(COMPARED.items()):
            if key.startswith("excluded"):
                terminalreporter.write_line(f"  {key}: {n}")
