"""What every demo shares: where figures go, quick mode, the slides' style, and the list of
files written.

Run from ``python -m demos`` the runner sets these; opened in Jupyter a demo gets the defaults
(figures under the repository's ``out/``, full sizes) and shows its figures inline as well.
The first lecture's figures go to ``out/``; the advanced ones (λₘₐₓ, the init sweeps, second
derivatives, the factor analysis) to ``out/advanced/`` (``advanced=True``): a lecture figure's
text has a font size of at least 24 px on a 1280×720 slide, an advanced one's at least 18 px
(`autograd.show.draw.INTRO_TEXT_PX`, `ADVANCED_TEXT_PX`; `text_px` says how big).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.notation.numbers import minus
from autograd.show import palette
from autograd.show.draw import ADVANCED_TEXT_PX, INTRO_TEXT_PX, SLIDE_PX

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "ADVANCED",
    "DPI",
    "SLIDE",
    "Settings",
    "record",
    "record_page",
    "save_figure",
    "save_graph",
    "settings",
    "signed",
    "slide_style",
    "text_px",
    "written",
]


# The repository's out/, wherever the demo runs: Jupyter starts a notebook's kernel in demos/,
# where a relative "out" would put the figures in demos/out/.
REPO_OUT = Path(__file__).resolve().parent.parent / "out"


@dataclass
class Settings:
    """``out``: the folder for figures; ``quick``: small sizes (for tests)."""

    out: Path = REPO_OUT
    quick: bool = False
    written: list[Path] = field(default_factory=list)


_current = Settings()


def settings() -> Settings:
    """The current settings; the runner replaces them with `configure`."""
    _current.out.mkdir(parents=True, exist_ok=True)
    return _current


def configure(out: Path, quick: bool) -> Settings:
    global _current
    _current = Settings(Path(out), quick)
    if "ipykernel" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")  # files only: no window pops up from `make demo`
    return settings()


def written() -> list[Path]:
    return list(_current.written)


def record(path: Path) -> Path:
    """Add a file to the list the runner prints at the end."""
    _current.written.append(path)
    return path


def record_page(path: Path, how: str) -> Path:
    """Add a page to the runner's list, and say now which file to open and what to do in it:
    a terminal shows a page no other way (``how``: ``"and use ← →"``)."""
    print(f"open {path} in a browser {how}")
    return record(path)


class Signed(float):
    """A number that formats with the true minus sign, as the slides write −1.2 (never -1.2)."""

    def __format__(self, spec: str) -> str:
        # U+2212 is one character, as "-" is: a padded table column keeps its width
        return minus(format(float(self), spec))

    def __str__(self) -> str:
        return format(self, "")


def signed(x: float) -> Signed:
    """``x`` in a fixed format a student reads — a table column, ten decimals to hold beside
    finite differences: ``f"{signed(x):+.4f}"`` gives ``−0.1114``, with the minus sign of
    `autograd.notation.numbers.minus` (exponents too: ``2.3e−06``). A number as a slide shows
    it (three significant digits) is `autograd.notation.numbers.number`'s, as in the figures.
    JSON and generated code keep Python's "-"."""
    return Signed(x)


SLIDE = (12.8, 7.2)
"""The slide preset's figure size in inches: 16:9, 1280×720 px at 100 px per inch."""
DPI = 200
ADVANCED = "advanced"  # the folder under out/ for the advanced figures


def text_px(fontsize_pt: float, width_in: float = SLIDE[0]) -> float:
    """The font size, px (em, as CSS's font-size), of ``fontsize_pt`` text when its figure,
    ``width_in`` inches wide, fills a 1280×720 slide: an 18-pt label on a 12.8-inch figure is
    25 px, a 13-pt one 18.1 px."""
    return fontsize_pt / 72 * SLIDE_PX[0] / width_in


def slide_style(*, advanced: bool = False) -> None:
    """Fonts that read from the back of the room, and the one palette: a 16:9 figure of `SLIDE`
    inches whose smallest text — 18 pt, 13 pt in an advanced figure — has a font size of at
    least 24 px (18 px) on a 1280×720 slide (`text_px`). Curves take the palette's colours *and*
    line styles
    (`autograd.show.palette.SERIES`, `LINESTYLES`): colour is never the only cue."""
    import matplotlib.pyplot as plt
    from cycler import cycler

    small = 13 if advanced else 18
    assert text_px(small) >= (ADVANCED_TEXT_PX if advanced else INTRO_TEXT_PX)
    n = len(palette.SERIES)
    styles = [palette.LINESTYLES[i % len(palette.LINESTYLES)] for i in range(n)]
    plt.rcParams.update(
        {
            "figure.figsize": SLIDE,
            "font.size": small + 1,
            "axes.titlesize": small + 3,
            "axes.labelsize": small + 1,
            "xtick.labelsize": small,
            "ytick.labelsize": small,
            "legend.fontsize": small,
            "figure.titlesize": small + 4,
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "lines.linewidth": 3.0,
            "axes.prop_cycle": cycler(color=list(palette.SERIES), linestyle=styles),
            "text.color": palette.INK,
            "axes.labelcolor": palette.INK,
            # a little more margin than matplotlib's 3 pt, so descenders never touch the edge
            "figure.constrained_layout.h_pad": 0.08,
            "figure.constrained_layout.w_pad": 0.08,
        }
    )


def _folder(advanced: bool) -> Path:
    folder = settings().out / ADVANCED if advanced else settings().out
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_figure(fig: Any, name: str, *, advanced: bool = False) -> Path:
    """Save a matplotlib figure as ``<out>/<name>.png`` (``<out>/advanced/`` when
    ``advanced``) at `DPI` (200) dpi and close it.

    A figure with a layout engine (``layout="constrained"``, as the slide figures use) keeps
    its own size, so a 16:9 slide stays exactly 16:9; any other is cropped to its contents so
    no label is cut off."""
    import matplotlib.pyplot as plt

    path = _folder(advanced) / f"{name}.png"
    tight = None if fig.get_layout_engine() is not None else "tight"
    fig.savefig(path, dpi=DPI, bbox_inches=tight)
    if "ipykernel" not in sys.modules:
        plt.close(fig)
    return record(path)


def save_graph(graph: graphviz.Digraph, name: str, *, advanced: bool = False) -> list[Path]:
    """Render a drawing as ``<out>/<name>.svg`` (for browsers and notebooks) and
    ``<out>/<name>.png`` (200 dpi, for slides), in ``<out>/advanced/`` when ``advanced`` — with
    the system ``dot`` when there is a working one, else with graphviz-pure: the labels are
    plain text, so both draw the same."""
    from autograd.show.render import render

    out = _folder(advanced)
    if "ipykernel" in sys.modules:  # in Jupyter: show it inline too
        from IPython.display import display

        display(graph)
    paths = []
    for fmt in ("svg", "png"):
        paths.append(record(render(graph, out / f"{name}.{fmt}")))
        (out / f"{name}.{fmt}.gv").unlink(missing_ok=True)
    return paths
