"""What every demo shares: where figures go, quick mode, and the list of files written.

Run from ``python -m demos`` the runner sets these; opened in Jupyter a demo gets the defaults
(figures under the repository's ``out/``, full sizes) and shows its figures inline as well.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import graphviz

__all__ = ["Settings", "record", "save_figure", "save_graph", "settings", "written"]


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


def slide_style() -> None:
    """Fonts large enough to read on a projected slide."""
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": 13,
            "axes.titlesize": 15,
            "axes.labelsize": 14,
            "legend.fontsize": 12,
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
        }
    )


def save_figure(fig: Any, name: str) -> Path:
    """Save a matplotlib figure as ``<out>/<name>.png`` (150 dpi) and close it."""
    import matplotlib.pyplot as plt

    path = settings().out / f"{name}.png"
    fig.savefig(path, dpi=150, bbox_inches="tight")
    if "ipykernel" not in sys.modules:
        plt.close(fig)
    return record(path)


def save_graph(graph: graphviz.Digraph, name: str) -> list[Path]:
    """Render a drawing as ``<out>/<name>.svg`` — and as PNG too when a system Graphviz
    (``dot``) is installed, whose PNGs have real sub/superscripts (graphviz-pure's do not)."""
    from autograd.render import render

    out = settings().out
    if "ipykernel" in sys.modules:  # in Jupyter: show it inline too
        from IPython.display import display

        display(graph)
    paths = [record(render(graph, out / f"{name}.svg"))]
    (out / f"{name}.svg.gv").unlink(missing_ok=True)
    if shutil.which("dot"):
        paths.append(record(render(graph, out / f"{name}.png")))
        (out / f"{name}.png.gv").unlink(missing_ok=True)
    return paths
