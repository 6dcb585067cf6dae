"""Every matplotlib slide the lecture demos draw is 16:9, its text is large enough to read when
projected at 1280×720 (≥ 11 pt on a 12.8-inch-wide figure ≈ 15 px), and no text sticks out of
the figure. Each demo runs in quick mode, in-process, with `save_figure` replaced by a check."""

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


@pytest.mark.parametrize("name", SLIDE_DEMOS)
def test_slides_are_16_9_with_readable_text_inside_the_frame(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.text import Text

    seen: list[str] = []

    def check(fig: Any, figure_name: str) -> Path:
        width, height = fig.get_size_inches()
        assert width / height == pytest.approx(16 / 9), figure_name
        fig.canvas.draw()
        for text in fig.findobj(Text):
            if text.get_visible() and text.get_text().strip():
                scaled = text.get_fontsize() * 12.8 / width  # its size on a 12.8-inch slide
                assert scaled >= 11, (figure_name, text.get_text(), text.get_fontsize())
        # everything drawn (labels, titles, legends, ticks in view) lies inside the frame
        drawn = fig.get_tightbbox(fig.canvas.get_renderer())
        assert drawn.x0 >= -0.01 and drawn.y0 >= -0.01, (figure_name, drawn)
        assert drawn.x1 <= width + 0.01 and drawn.y1 <= height + 0.01, (figure_name, drawn)
        seen.append(figure_name)
        import matplotlib.pyplot as plt

        plt.close(fig)
        return tmp_path / f"{figure_name}.png"

    context.configure(tmp_path, quick=True)
    monkeypatch.setattr(context, "save_figure", check)
    runpy.run_module(f"demos.{name}", run_name="__main__")
    assert seen, f"demos/{name}.py drew no slide"
