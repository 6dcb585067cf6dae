"""Presentation mode on the two training pages (explore_live.html, explore_training.html) for the
back of a hall: the key p (or the button) redraws them for a 1280×720 projector with every text
at 24 px or more (measured as the explorer's test measures it, `SMALLEST_TEXT`), nothing cropped
or overlapping, the training still running and its controls reachable, the explanation an
overlay that h hides; Escape leaves; a key typed in a box stays in the box. Run by
``make test-browser``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.explorer_support import SMALLEST_TEXT, Opened, opened

SLIDE = {"width": 1280, "height": 720}
PAGES = {"live": "explore_live.html", "replay": "explore_training.html"}
EDGE = "w⁽²⁾₃,₄"  # a weight of the demo's 2-16-16-1 network


@pytest.fixture
def present_page(
    browser: Any, quick_pages: Path, request: pytest.FixtureRequest
) -> Iterator[Opened]:
    with opened(browser, quick_pages / PAGES[request.param], viewport=SLIDE) as op:
        op.page.locator("body").click(position={"x": 5, "y": 5})
        op.page.keyboard.press("p")
        yield op
        assert op.errors == [], op.errors
        assert op.outside() == [] and op.refused == [], op.requests


def presenting(op: Opened) -> bool:
    return "present" in (op.page.get_attribute(".explorer", "class") or "").split()


def epoch(op: Opened) -> int:
    return int(op.page.text_content("[data-epoch]") or "-1")


BOXES = """() => {
  // what a student sees in presentation mode, each as [what, left, top, right, bottom]: the
  // header, the network, each chart, and inside the network every neuron and every text
  const box = (what, el) => { const r = el.getBoundingClientRect();
    return [what, r.left, r.top, r.right, r.bottom]; };
  const shown = el => el.getClientRects().length > 0;
  const parts = [box("header", document.querySelector("header")),
                 box("network", document.querySelector("svg.net"))];
  document.querySelectorAll(".charts figure").forEach(f => {
    if (shown(f)) parts.push(box("chart " + f.dataset.chart, f)); });
  const inside = [...document.querySelectorAll("svg.net text")].map(t => box(t.textContent, t))
    .concat([...document.querySelectorAll("svg.net circle")].map(c => box("neuron", c)));
  return { parts: parts, inside: inside };
}"""


def _overlaps(boxes: list[list[Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5 and a[2] < b[4] - 0.5 and b[2] < a[4] - 0.5:
                out.append((a[0], b[0]))
    return out


def _whole_and_apart(op: Opened) -> None:
    seen = op.page.evaluate(BOXES)
    parts, inside = seen["parts"], seen["inside"]
    assert {p[0] for p in parts} >= {"header", "network", "chart cost", "chart boundary"}
    for what, left, top, right, bottom in parts:  # nothing cropped by the 1280×720 screen
        assert left >= 0 and top >= 0 and right <= SLIDE["width"] and bottom <= SLIDE["height"], (
            what, left, top, right, bottom)  # fmt: skip
    assert _overlaps(parts) == []
    # in the network: a neuron's number sits inside its circle, else no two things touch
    texts = [b for b in inside if b[0] != "neuron"]
    circles = [b for b in inside if b[0] == "neuron"]
    assert len(circles) == 2 + 16 + 16 + 1
    assert _overlaps(texts) == [] and _overlaps(circles) == []
    for t in texts:
        assert t[1] >= 0 and t[3] <= SLIDE["width"] and t[2] >= 0 and t[4] <= SLIDE["height"], t


@pytest.mark.parametrize("present_page", ["live"], indirect=True)
def test_the_live_page_presents_while_it_trains(present_page: Opened) -> None:
    op = present_page
    assert presenting(op)
    op.page.fill("input[data-eta]", "0.3")  # η reachable, in the page's one row of controls
    op.page.click("[data-action=play]")
    op.page.wait_for_function("() => +document.querySelector('[data-epoch]').textContent >= 5")
    sizes = op.page.evaluate(SMALLEST_TEXT)  # mid-run: the numbers change as it is measured
    assert sizes[0][0] >= 24, sizes[:5]
    _whole_and_apart(op)
    # a clicked edge: its paths come over the charts, at 24 px, while it goes on training
    op.page.dispatch_event(f'svg.net [data-weight="{EDGE}"]', "click")
    assert op.page.locator(".panel").is_visible()
    assert (op.page.text_content(".panel h2") or "").startswith(f"{EDGE} at epoch")
    before = epoch(op)
    op.page.wait_for_function(
        f"() => +document.querySelector('[data-epoch]').textContent > {before}"
    )
    assert op.page.evaluate(SMALLEST_TEXT)[0][0] >= 24
    op.page.keyboard.press("h")  # the overlay hides, and nothing else covers anything
    assert not op.page.locator(".panel").is_visible()
    _whole_and_apart(op)
    for action in ("play", "pause", "step", "reset", "present"):  # all reachable on screen
        b = op.page.locator(f"[data-action={action}]").bounding_box()
        assert b is not None and b["x"] >= 0 and b["x"] + b["width"] <= 1280 and b["y"] >= 0
    op.page.click("[data-action=pause]")
    paused = epoch(op)
    op.page.click("[data-action=step]")
    assert epoch(op) == paused + 1
    op.page.click("[data-action=overlay] >> visible=true")  # the button brings it back
    assert op.page.locator(".panel").is_visible()
    op.page.keyboard.press("Escape")  # Escape leaves, and the page is as it was
    assert not presenting(op)
    assert op.page.locator("[data-chart=bars]").is_visible()


@pytest.mark.parametrize("present_page", ["replay"], indirect=True)
def test_the_replay_presents_epoch_by_epoch(present_page: Opened) -> None:
    op = present_page
    assert presenting(op)
    for k in (1, 2):  # ← → still move the epoch
        op.page.keyboard.press("ArrowRight")
        assert epoch(op) == k
    sizes = op.page.evaluate(SMALLEST_TEXT)
    assert sizes[0][0] >= 24, sizes[:5]
    _whole_and_apart(op)
    assert op.page.text_content("svg.chart text:text-matches('^at epoch')") == "at epoch 2"
    op.page.dispatch_event(f'svg.net [data-weight="{EDGE}"]', "click")
    assert op.page.text_content(".panel h2") == f"{EDGE} at epoch 2"
    assert op.page.locator(".panel .path").count() >= 1  # its paths to Cᵢ, in the overlay
    assert op.page.evaluate(SMALLEST_TEXT)[0][0] >= 24
    op.page.keyboard.press("h")
    assert not op.page.locator(".panel").is_visible()
    op.page.click("[data-action=present]")  # the button leaves it too
    assert not presenting(op)
    assert op.page.locator("[data-chart=bars]").is_visible()


@pytest.mark.parametrize("present_page", ["live", "replay"], indirect=True)
def test_presentation_text_scales_with_the_browsers_zoom(present_page: Opened) -> None:
    """Ctrl + at 150 % gives the page a 853×480 window in CSS px: the text keeps its 24 px
    (sizes in px, never in vw), so it grows on the screen, and the page redraws to fit."""
    op = present_page
    op.page.set_viewport_size({"width": 853, "height": 480})
    op.page.wait_for_timeout(100)
    assert op.page.evaluate(SMALLEST_TEXT)[0][0] >= 24
    circles = op.page.eval_on_selector_all(
        "svg.net circle", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert min(circles) >= 30  # neurons keep room for their 24 px numbers; the area scrolls
    unpainted = op.page.eval_on_selector_all(
        "svg.net line", "els => els.filter(e => !e.getAttribute('stroke')).length"
    )
    assert unpainted == 0  # redrawn for the new size, every weight's edge painted again
    op.page.set_viewport_size(SLIDE)
    op.page.wait_for_timeout(100)
    _whole_and_apart(op)


def test_a_key_typed_in_a_box_stays_in_the_box(browser: Any, quick_pages: Path) -> None:
    with opened(browser, quick_pages / PAGES["live"], viewport=SLIDE) as op:
        box = op.page.locator("input[data-eta]")
        box.fill("")
        box.type("0.5 p")  # a space and a p: neither plays nor presents
        assert box.input_value() == "0.5 p" and not presenting(op) and epoch(op) == 0
        op.page.wait_for_timeout(100)
        assert epoch(op) == 0
        box.fill("0.5")
        box.press("Enter")  # Enter gives the keys back to the page
        op.page.keyboard.press("p")
        assert presenting(op) and box.input_value() == "0.5"
        assert op.errors == []
