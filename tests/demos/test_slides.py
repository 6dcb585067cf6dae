"""Every matplotlib slide the lecture demos draw is 16:9, its text is large enough to read from
the back of the room when projected at 1280×720 — a font size of at least 24 px in a lecture
figure, 18 px in an advanced one (`demos.context.text_px`, the em, as CSS's font-size; not the
taller line a browser's text box measures) — no text sticks out of the figure, every axis
that shows numbers says what they are, and no colour is outside the palette. Each demo runs
in quick mode, in-process, with `save_figure` replaced by a check."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

import demos.context as context

SLIDE_DEMOS = [
    "activations",
    "nonlinear",
    "nudge",
    "many_paths",
    "average",
    "update",
    "learning_rate",
    "train",
    "vanishing",
    "why_backward",
]


# Quick mode draws other data (fewer points, shorter training): where a legend or a label
# lands depends on it, so the figures are also checked as `make demo` draws them (03_nonlinear's
# legend covered a point at full size only).
@pytest.mark.parametrize("quick", [True, False], ids=["quick", "as-drawn"])
@pytest.mark.parametrize("name", SLIDE_DEMOS)
def test_slides_are_16_9_with_readable_text_inside_the_frame(
    name: str, quick: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    from autograd.show.draw import ADVANCED_TEXT_PX, INTRO_TEXT_PX

    seen: list[str] = []

    def check(fig: Any, figure_name: str, *, advanced: bool = False) -> Path:
        width, height = fig.get_size_inches()
        assert width / height == pytest.approx(16 / 9), figure_name
        fig.canvas.draw()
        least = ADVANCED_TEXT_PX if advanced else INTRO_TEXT_PX
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                tall = context.text_px(text.get_fontsize(), width)  # on a 1280-px-wide slide
                assert tall >= least - 0.01, (figure_name, text.get_text(), round(tall, 1))
        # every axis that shows numbers says what they are (why_backward_time once had no y
        # label); an axes switched off (03_nonlinear's network drawing) shows none
        for ax in (ax for ax in fig.get_axes() if ax.axison):
            for axis, name in ((ax.yaxis, "y"), (ax.xaxis, "x")):
                ticks = [t for t in axis.get_ticklabels() if t.get_visible() and _number(t)]
                if ticks and axis.get_visible():
                    assert axis.get_label_text().strip(), (figure_name, ax.get_title(), name)
                # an axis label names the axis; a comment goes in the title (03_nonlinear's
                # "x₁ — a straight line (a linear model gets 82%)")
                assert "—" not in axis.get_label_text(), (figure_name, axis.get_label_text())
        _shades_named(figure_name, fig)
        for ax in fig.get_axes():
            _curves_differ_beyond_colour_and_width(figure_name, ax)
            _legend_clear_of_the_data(figure_name, ax)
            _texts_clear_of_straight_lines(figure_name, ax)
            _texts_inside_the_frame_clear_of_bars_and_dots(figure_name, ax)
            if not quick:  # quick mode's short runs end together: their names may meet
                _texts_apart(figure_name, ax)
            _inset_lines_clear_of_texts(figure_name, fig, ax)
        # everything drawn (labels, titles, legends, ticks in view) lies inside the frame
        drawn = fig.get_tightbbox(fig.canvas.get_renderer())
        assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, (figure_name, drawn)
        assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, (figure_name, drawn)
        seen.append(("advanced/" if advanced else "") + figure_name)
        import matplotlib.pyplot as plt

        plt.close(fig)
        return tmp_path / f"{figure_name}.png"

    context.configure(tmp_path, quick=quick)
    monkeypatch.setattr(context, "save_figure", check)
    runpy.run_module(f"demos.{name}", run_name="__main__")
    assert seen, f"demos/{name}.py drew no slide"


def _number(tick: Any) -> bool:
    """Whether a tick label is a number (0.25, −1, ½, 10⁴ as mathtext): not a category's name
    such as 07_average's "∂C₀/∂W₁ x = 0.5"."""
    import re

    text = re.sub(r"\\mathdefault|[${}^\s]", "", tick.get_text())
    return re.fullmatch(r"[−+-]?[\d.,¼½¾]+(e[−+-]?\d+)?", text) is not None


def _curves_differ_beyond_colour_and_width(figure_name: str, ax: Any) -> None:
    """The curves a legend names differ in line style, marker or marker fill — what a reader
    without the colours, or a greyscale print, still tells apart; a thinner line alone is not
    enough (09_init_sweep's two tanh lines once differed by width only)."""
    seen: dict[tuple[str, str, bool], str] = {}
    for line in ax.get_lines():
        if line.get_label().startswith("_") or not line.get_visible():
            continue
        filled = line.get_markerfacecolor() == line.get_color()
        key = (str(line.get_linestyle()), str(line.get_marker()), filled)
        assert key not in seen, (figure_name, seen.get(key), line.get_label())
        seen[key] = line.get_label()


def _legend_clear_of_the_data(figure_name: str, ax: Any) -> None:
    """No marker of a curve or of a scatter meets the axes' legend box — the marker's own
    extent counted, not only its centre (09_vanishing_all's legends once covered the curves
    they named, 08_train's a few of the moons; 03_nonlinear's covered a square whose centre
    lay just outside the box)."""
    from matplotlib.collections import PathCollection

    legend = ax.get_legend()
    if legend is None:
        return
    box = legend.get_window_extent()
    px_per_pt = ax.figure.dpi / 72
    drawn = [
        (ln.get_label(), ln.get_xydata(), ln.get_markersize() / 2 * px_per_pt)
        for ln in ax.get_lines()
        if ln.get_visible()
    ]
    drawn += [
        (dots.get_label(), dots.get_offsets(), max(dots.get_sizes()) ** 0.5 / 2 * px_per_pt)
        for dots in ax.collections
        if isinstance(dots, PathCollection) and dots.get_visible() and len(dots.get_offsets())
    ]
    for label, xy, r in drawn:
        points = ax.transData.transform(xy)
        inside = [
            (x, y) for x, y in points if box.x0 - r < x < box.x1 + r and box.y0 - r < y < box.y1 + r
        ]
        assert not inside, (figure_name, ax.get_title(), label, len(inside))


def _texts_clear_of_straight_lines(figure_name: str, ax: Any) -> None:
    """No text placed in the axes (a label such as 07_average's "mean = ∂C/∂W₁ = …") meets a
    horizontal or vertical line drawn there — its box, line width included (that label once
    sat on its own dashed line)."""
    renderer = ax.figure.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    for line in ax.get_lines():
        xy = line.get_transform().transform(line.get_xydata())  # axhline's too: to pixels
        if not line.get_visible() or not texts or not len(xy):
            continue
        (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
        if (x0 != x1 and y0 != y1) or (x0 == x1 and y0 == y1):
            continue  # a curve, or a marker alone: not this check's business
        half = line.get_linewidth() * ax.figure.dpi / 72 / 2
        for text in texts:
            box = text.get_window_extent(renderer)
            meets = box.x0 - half < x1 and x0 < box.x1 + half
            meets = meets and box.y0 - half < y1 and y0 < box.y1 + half
            assert not meets, (figure_name, text.get_text(), line.get_label())


def _texts_inside_the_frame_clear_of_bars_and_dots(figure_name: str, ax: Any) -> None:
    """A text placed in the axes stays inside its frame, clear of the frame's own lines (the
    spines: 09_vanishing's "ReLU: does not vanish" once ran through the right one, cut
    "van|ish"), of every bar (07_average's mean label sat on a bar) and of every marker dot,
    the dot's own extent counted (09_vanishing's curve labels touched their end dots)."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    if not texts or not ax.axison:
        return
    frame = ax.get_window_extent(renderer)
    px_per_pt = ax.figure.dpi / 72
    spines = [s for s in ax.spines.values() if s.get_visible()]
    half = max((s.get_linewidth() for s in spines), default=0.0) * px_per_pt / 2
    bars = [  # a bar chart's bars, not a shaded band (axhspan) behind the data
        bar.get_window_extent(renderer)
        for bars in ax.containers
        if isinstance(bars, BarContainer)
        for bar in bars
        if bar.get_visible()
    ]
    dots = [
        (ln.get_transform().transform(ln.get_xydata()), ln.get_markersize() / 2 * px_per_pt)
        for ln in ax.get_lines()
        if ln.get_visible() and ln.get_marker() not in (None, "", " ", "None")
    ]
    dots += [
        (
            c.get_offset_transform().transform(c.get_offsets()),
            max(c.get_sizes()) ** 0.5 / 2 * px_per_pt,
        )
        for c in ax.collections
        if isinstance(c, PathCollection) and c.get_visible() and len(c.get_offsets())
    ]
    for text in texts:
        box = Text.get_window_extent(text, renderer)  # its words: an arrow may reach its dot
        words = (figure_name, text.get_text())
        inside = frame.x0 + half <= box.x0 and box.x1 <= frame.x1 - half
        assert inside and frame.y0 + half <= box.y0 and box.y1 <= frame.y1 - half, words
        for bar in bars:
            assert not box.overlaps(bar), (*words, "meets a bar")
        for points, r in dots:
            r += 3 * px_per_pt  # clear by 3 pt: a label set on its dot's edge reads as touching it
            met = [
                (x, y) for x, y in points
                if box.x0 - r < x < box.x1 + r and box.y0 - r < y < box.y1 + r
            ]  # fmt: skip
            assert not met, (*words, "meets a dot")


def _shades_named(figure_name: str, fig: Any) -> None:
    """Where an axes is shaded in two regions (a decision boundary's contourf, not a cost
    surface's many levels), a legend names the shades as well as the points: 03_nonlinear's
    and 08_train's named the classes only."""
    from matplotlib.contour import QuadContourSet
    from matplotlib.patches import Patch

    def two_regions(c: Any) -> bool:
        return isinstance(c, QuadContourSet) and c.filled and len(c.levels) == 3

    shaded = [ax for ax in fig.get_axes() if any(two_regions(c) for c in ax.collections)]
    if not shaded:
        return
    legends = [*fig.legends, *(ax.get_legend() for ax in fig.get_axes() if ax.get_legend())]
    patches = [h for lg in legends for h in lg.legend_handles if isinstance(h, Patch)]
    assert len(patches) >= 2, (figure_name, "the shaded regions are not named")


def _texts_apart(figure_name: str, ax: Any) -> None:
    """No two texts placed in one axes overlap: each a text's own box (an annotation's arrow
    may pass another label; its words may not)."""
    from matplotlib.text import Text

    renderer = ax.figure.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in texts]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (figure_name, a, b)


def _inset_lines_clear_of_texts(figure_name: str, fig: Any, ax: Any) -> None:
    """The lines an inset's indicator draws from the spot it magnifies to the inset cross no
    text of the figure (07c_learning_rate's crossed "η = 3, W₁ magnified")."""
    from matplotlib.inset import InsetIndicator
    from matplotlib.text import Text

    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in texts]
    for indicator in (c for c in ax.get_children() if isinstance(c, InsetIndicator)):
        for line in (c for c in indicator.connectors or () if c.get_visible()):
            ends = line.get_transform().transform(line.get_path().vertices)  # pixels
            (x0, y0), (x1, y1) = ends[0], ends[-1]
            points = [(x0 + (x1 - x0) * k / 64, y0 + (y1 - y0) * k / 64) for k in range(65)]
            for text, box in boxes:
                assert not any(box.contains(x, y) for x, y in points), (figure_name, text)


def test_the_rule_is_the_font_size_not_the_line() -> None:
    """24 px means the em (CSS's font-size: 24px), not Arial's or DejaVu's taller line box: an
    18-pt label on the 12.8-in slide figure is a 25-px font, a 17-pt one (a 23.6-px font,
    though its line is 27 px tall) is not enough; a drawing fits when `TEXT_PT` comes out at
    24 px, and no larger drawing does."""
    from autograd.show.draw import INTRO_TEXT_PX, PAD_IN, SLIDE_PX, TEXT_PT, fits_slide

    assert context.text_px(18) == pytest.approx(25.0)
    assert context.text_px(17) < INTRO_TEXT_PX
    pad = 2 * PAD_IN * 72
    width = TEXT_PT * SLIDE_PX[0] / INTRO_TEXT_PX - pad  # its 14-pt text is exactly 24 px
    assert fits_slide(width - 0.01, 1.0)
    assert not fits_slide(width * 1.05, 1.0)  # 22.9 px: its line (25.5 px) met the old rule
