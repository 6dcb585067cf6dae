"""Headless Chromium for tests that look at figures and pages the way a student's browser does.

`make test-browser` runs these (it installs Playwright from PyPI into .venv; `make test` never
collects this folder). The browser is the system Chromium (Debian's ``chromium`` package, or
``$CHROMIUM``), driven by Playwright through its executable path — Playwright's own browser
download is never used. Fixtures:

* ``browser`` — one Chromium per test session;
* ``page`` — a fresh 1280×720 page (a slide) in which every request that is not a
  ``file://`` URL is aborted (a test must not depend on the network), with ``page.open(path)``
  to load a local file;
* ``blocked`` — the URLs that page tried to fetch and was refused (a test may assert on it);
* ``quick_pages`` — the folder ``python -m demos explore --quick`` wrote its pages to, once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.explorer_support import own_browser

SLIDE = {"width": 1280, "height": 720}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with own_browser() as b:
        yield b


@pytest.fixture(scope="session")
def chromium(browser: Any) -> Any:
    """The explorer tests' name for the one shared browser."""
    return browser


@pytest.fixture
def blocked() -> list[str]:
    return []


@pytest.fixture
def page(browser: Any, blocked: list[str]) -> Iterator[Any]:
    """A 1280×720 page that can only load ``file://`` URLs; ``page.open(path)`` loads one."""
    context = browser.new_context(viewport=SLIDE)

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()

    def open_file(path: str | os.PathLike[str]) -> Any:
        return pg.goto(Path(path).resolve().as_uri())

    pg.open = open_file
    yield pg
    context.close()


@pytest.fixture(scope="session")
def quick_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The explorer pages as ``python -m demos explore --quick`` writes them (30 moons)."""
    out = tmp_path_factory.mktemp("explore-quick")
    result = subprocess.run(
        [sys.executable, "-m", "demos", "explore", "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out
