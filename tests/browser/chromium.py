"""The system Chromium and how every browser test starts it (headless, no network chatter):
one place for the conftest fixtures and the explorer tests' own browser."""

from __future__ import annotations

import os
import shutil

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str:
    """The system Chromium: ``$CHROMIUM``, else ``chromium``/``chromium-browser`` on PATH,
    else /usr/bin/chromium. Missing is an error, not a skip: this folder exists to use it."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
        "/usr/bin/chromium",
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError(
        "no Chromium found: install Debian's chromium package (apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium"
    )
