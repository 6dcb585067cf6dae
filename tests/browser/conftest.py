"""Headless Chromium for tests that look at figures and pages the way a student's browser does.

`make test-browser` runs these (it installs Playwright from PyPI into .venv; `make test` never
collects this folder). The browser is the system Chromium (Debian's ``chromium`` package, or
``$CHROMIUM``), driven by Playwright through its executable path — Playwright's own browser
download is never used. Fixtures:

* ``browser`` — one Chromium per test session;
* ``page`` — a fresh 1280×720 page (a slide) in which every request that is not a
  ``file://`` URL is aborted (a test must not depend on the network), with ``page.open(path)``
  to load a local file;
* ``blocked`` — the URLs that page tried to fetch and was refused (a test may assert on it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.chromium import CHROMIUM_ARGS, chromium_path

SLIDE = {"width": 1280, "height": 720}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


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
