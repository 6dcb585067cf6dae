"""What a figure must satisfy on a slide, measured by the browser itself.

The SVG is opened in Chromium and scaled to fit a 1280×720 slide (as a presentation program
shows a picture that fills the slide); then, from the browser's own text bounding boxes:

* no two text runs overlap (a subscript on top of a value, a label on a label);
* every node's text lies inside the node's shape;
* every text run's font size is at least 24 px in a lecture figure, 18 px in an advanced one
  (`autograd.show.draw.INTRO_TEXT_PX`, `ADVANCED_TEXT_PX`): the em, as CSS's font-size, read
  from the browser's computed font-size times the text's scale on screen (not the height of
  its box, which is a line, ascent + descent, `autograd.show.draw.LINE_EM` ≈ 1.12 em).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd.show.draw import ADVANCED_TEXT_PX, INTRO_TEXT_PX

MIN_TEXT_PX = INTRO_TEXT_PX
TOLERANCE_PX = 1.0  # anti-aliasing and rounding; real overlaps are several pixels

MEASURE = """
() => {
  const svg = document.querySelector('svg');
  svg.setAttribute('width', '1280px');
  svg.setAttribute('height', '720px');
  svg.style.display = 'block';
  const box = (el) => { const r = el.getBoundingClientRect();
                        return [r.left, r.top, r.right, r.bottom]; };
  const texts = [];
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const g = t.closest('g.node, g.edge, g.cluster, g.graph');
    let shape = null;
    if (g && g.classList.contains('node')) {
      // Graphviz draws a node's outline first: its polygon, path or ellipse.
      const s = g.querySelector('polygon, path, ellipse');
      if (s) shape = box(s);
    }
    const m = t.getScreenCTM();
    const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));  // user units to screen px
    const em = parseFloat(getComputedStyle(t).fontSize) * scale;
    texts.push({text: t.textContent, box: box(t), em, kind: g ? g.getAttribute('class') : null,
                id: g ? (g.getAttribute('id') || '') : '', shape});
  }
  return texts;
}
"""


@dataclass
class Text:
    text: str
    box: tuple[float, float, float, float]
    kind: str | None
    id: str
    shape: tuple[float, float, float, float] | None
    em: float  # the font size on the slide, px

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def measure(page: Any, svg: Path) -> list[Text]:
    page.open(svg)
    return [
        Text(
            t["text"],
            tuple(t["box"]),
            t["kind"],
            t["id"],
            t["shape"] and tuple(t["shape"]),
            t["em"],
        )
        for t in page.evaluate(MEASURE)
    ]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return min(w, h) if w > 0 and h > 0 else 0.0


def min_text_px(svg: Path) -> float:
    """The threshold for this figure: advanced ones live in ``advanced/``."""
    return ADVANCED_TEXT_PX if svg.parent.name == "advanced" else INTRO_TEXT_PX


def problems(texts: list[Text], least: float = MIN_TEXT_PX) -> list[str]:
    """Everything wrong with a figure, one line each (empty: the figure passes); text shorter
    whose font size is below ``least`` px is one."""
    out: list[str] = []
    for t in texts:
        if t.em < least:
            out.append(f"text {t.text!r} is a {t.em:.1f}-px font on the slide (< {least})")
        if t.shape is not None:
            x0, y0, x1, y1 = t.shape
            b = t.box
            if (
                b[0] < x0 - TOLERANCE_PX
                or b[2] > x1 + TOLERANCE_PX
                or b[1] < y0 - TOLERANCE_PX
                or b[3] > y1 + TOLERANCE_PX
            ):
                out.append(f"text {t.text!r} sticks out of its node {t.id}")
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if _overlap(a.box, b.box) > TOLERANCE_PX:
                out.append(f"texts {a.text!r} and {b.text!r} overlap")
    return out
