"""Turning DOT text into pictures, with or without a system Graphviz.

The drawings are `graphviz.Digraph` objects; the ``graphviz`` Python package renders them by
running a program called ``dot``. We use, in this order:

1. the ``dot`` on PATH (a system Graphviz), when there is one;
2. otherwise ``graphviz-pure`` — a self-contained, pip-installable port of ``dot`` that the
   ``viz`` extra installs into the virtual environment. Its SVG is complete (real sub- and
   superscripts); its PNG does not shift sub/superscripts, so prefer SVG with it;
3. if neither exists, `render` still writes the DOT source and raises `RendererNotFound`
   saying how to install one.

`use_renderer()` points the ``graphviz`` package at the program found, so ``.pipe()``,
``.render()`` and Jupyter's inline display of any Digraph work in case 2 as well.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import graphviz

__all__ = ["INSTALL_HINT", "RendererNotFound", "find_renderer", "render", "use_renderer"]

INSTALL_HINT = (
    "no Graphviz renderer found: install the project's viz extra "
    "(pip install 'chainrule-autograd[viz]', which brings graphviz-pure), "
    "or a system Graphviz (e.g. apt-get install graphviz, brew install graphviz)"
)


class RendererNotFound(RuntimeError):
    """Neither ``dot`` nor ``graphviz-pure`` could be found."""


def _scripts_dirs() -> list[Path]:
    dirs = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    return [d for i, d in enumerate(dirs) if d not in dirs[:i]]


def find_renderer() -> tuple[str, Path] | None:
    """("dot", path) for a ``dot`` on PATH, else ("graphviz-pure", path), else None."""
    dot = shutil.which("dot")
    if dot:
        return "dot", Path(dot)
    pure = shutil.which("graphviz-pure")
    if pure:
        return "graphviz-pure", Path(pure)
    for d in _scripts_dirs():
        for name in ("graphviz-pure", "graphviz-pure.exe"):
            candidate = d / name
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return "graphviz-pure", candidate
    return None


def use_renderer() -> str | None:
    """Point the ``graphviz`` package at the renderer `find_renderer` finds; return its kind
    ("dot" or "graphviz-pure"), or None when there is none (rendering will then fail with
    `RendererNotFound` from `render`, or graphviz's ExecutableNotFound from ``.pipe()``)."""
    from graphviz.backend import dot_command

    found = find_renderer()
    if found is None:
        dot_command.DOT_BINARY = Path("dot")
        return None
    kind, path = found
    dot_command.DOT_BINARY = Path("dot") if kind == "dot" else path
    return kind


def render(
    graph: graphviz.Digraph, outfile: str | os.PathLike[str], fmt: str | None = None
) -> Path:
    """Write ``graph`` to ``outfile`` (format from the suffix unless ``fmt``: svg, png, …).

    The DOT source is always written first, beside it as ``<outfile>.gv``; if no renderer is
    found, `RendererNotFound` says how to install one and where that source is.
    """
    out = Path(outfile)
    fmt = fmt or out.suffix.lstrip(".") or "svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    source = out.with_suffix(out.suffix + ".gv") if out.suffix else out.with_suffix(".gv")
    source.write_text(graph.source, encoding="utf-8")
    found = find_renderer()
    if found is None:
        raise RendererNotFound(f"{INSTALL_HINT}; the DOT source is in {source}")
    _, program = found
    result = subprocess.run(
        [str(program), f"-T{fmt}", str(source), "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{program.name} failed on {source}: {result.stderr.strip()}")
    return out
