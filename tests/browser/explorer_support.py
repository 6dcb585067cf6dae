"""A headless Chromium page for the explorer tests that records what a student's browser would
see go wrong: console errors, script exceptions, and any request other than the page's own file.

The folder's conftest (when there is one) provides a session-wide ``browser``; these helpers use
it, or launch the system Chromium themselves — only one Playwright may run per thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.browser.chromium import CHROMIUM_ARGS, chromium_path

VIEWPORT = {"width": 1400, "height": 820}

SMALLEST_TEXT = """() => {
  // every visible piece of text and every box a student types in: its size on the screen, px
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const el = t.parentElement;
    if (!t.textContent.trim() || !el || seen.has(el) || el.closest("script, style")) continue;
    seen.add(el);
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    const scale = el instanceof SVGElement ? el.getScreenCTM().a : 1;
    out.push([px * scale, t.textContent.trim().slice(0, 30)]);
  }
  document.querySelectorAll("input[type=text], button, select").forEach(el => {
    if (el.getClientRects().length)
      out.push([parseFloat(getComputedStyle(el).fontSize), el.outerHTML.slice(0, 40)]);
  });
  out.sort((a, b) => a[0] - b[0]);
  return out;
}"""
"""Every visible text and every box a student types in, [size on the screen in px, what], the
smallest first: presentation mode's measure (all text ≥ 24 px at 1280×720)."""


@contextmanager
def own_browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Opened:
    """A loaded page, the errors it logged and every URL it tried to load (the page first)."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests for anything but a local file: there must be none."""
        return [u for u in self.requests if not u.startswith("file://")]


@contextmanager
def opened(
    browser: Any,
    path: Path | None = None,
    html: str | None = None,
    viewport: dict[str, int] | None = None,
) -> Iterator[Opened]:
    """Open ``path`` from file:// (or ``html`` as the page's content) with every network
    request aborted and recorded."""
    context = browser.new_context(viewport=viewport or VIEWPORT)
    result = Opened(context.new_page())

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            result.refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    result.page.on("request", lambda r: result.requests.append(r.url))
    result.page.on("console", lambda m: result.errors.append(m.text) if m.type == "error" else None)
    result.page.on("pageerror", lambda e: result.errors.append(str(e)))
    try:
        if path is not None:
            result.page.goto(Path(path).resolve().as_uri())
        else:
            result.page.set_content(html or "")
        yield result
    finally:
        context.close()
