"""Turning DOT text into pictures, with or without a system Graphviz.

The drawings are `graphviz.Digraph` objects; the ``graphviz`` Python package renders them by
running a program called ``dot``. We use, in this order:

1. the ``dot`` on PATH (a system Graphviz), when it passes a tiny probe graph — a broken one
   (e.g. built without SVG output) is skipped with a one-line warning naming it;
2. otherwise ``graphviz-pure`` — a self-contained, pip-installable port of ``dot`` that the
   ``viz`` extra installs into the virtual environment;
3. if neither works, `render` still writes the DOT source and raises `RendererNotFound`
   saying how to install one.

Labels are plain Unicode text (see `autograd.notation.labels`), so both programs draw the same
picture.
Their stderr is captured: graphviz-pure's "no value for width of non-ASCII character" notes
never reach a terminal or a notebook cell; a real failure raises with the program's text.
`use_renderer()` points the ``graphviz`` package at the program found, so ``.pipe()``,
``.render()`` and Jupyter's inline display of any Digraph work in case 2 as well.
"""

from __future__ import annotations

import functools
import html
import math
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autograd.extras import install_commands, require

if TYPE_CHECKING:
    import graphviz

__all__ = [
    "DRAWINGS",
    "INSTALL_HINT",
    "PNG_DPI",
    "RendererFailed",
    "RendererNotFound",
    "RendererWarning",
    "drawing_size",
    "find_renderer",
    "layout_sizes",
    "new_digraph",
    "render",
    "use_renderer",
]

PNG_DPI = 200  # slide raster: a 1280×720 slide needs ≥ 200 dpi to stay sharp when projected
# A small drawing (the neuron) would be only ~750 px wide at 200 dpi and soft when it fills a
# slide: a raster is made at least big enough to fill a full-HD slide, 1920×1080, unscaled.
SLIDE_PX = (1920, 1080)

# What needs the ``graphviz`` package, for the message that says it is missing.
DRAWINGS = "drawing (autograd.viz: draw_graph, draw_paths, draw_layers, draw_step, step_frames)"
INSTALL_HINT = (
    "no Graphviz renderer found: install the project's optional 'viz' extra, which brings "
    f"graphviz-pure, a dot that needs no system package:\n{install_commands('viz')}\n"
    "or install a system Graphviz (apt-get install graphviz, brew install graphviz)"
)
PROBE = "digraph probe { a -> b }"


class RendererNotFound(RuntimeError):
    """Neither a working ``dot`` nor ``graphviz-pure`` could be found."""


class RendererWarning(RuntimeWarning):
    """A renderer was found but skipped (it failed the probe graph)."""


class RendererFailed(RuntimeError):
    """The renderer ran and failed; the message carries its own error text."""


def _scripts_dirs() -> list[Path]:
    dirs = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    return [d for i, d in enumerate(dirs) if d not in dirs[:i]]


@functools.lru_cache(maxsize=16)
def _probe(program: str, mtime: float) -> str | None:
    """None when ``program`` renders a two-node graph to SVG, else why it did not (one line).
    Cached per path and modification time: one probe per program per session."""
    try:
        result = subprocess.run(
            [program, "-Tsvg"], input=PROBE, capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{type(exc).__name__}: {exc}"
    if result.returncode != 0 or "<svg" not in result.stdout:
        lines = (result.stderr or result.stdout or f"exit status {result.returncode}").strip()
        return lines.splitlines()[0] if lines else f"exit status {result.returncode}"
    return None


def _works(program: str) -> bool:
    try:
        mtime = os.stat(program).st_mtime
    except OSError:
        return False
    problem = _probe(program, mtime)
    if problem is not None:
        _warn_once(program, problem)
    return problem is None


@functools.lru_cache(maxsize=16)
def _warn_once(program: str, problem: str) -> None:
    # warn_explicit with no source file: the warning prints as ONE line in a terminal or a
    # notebook (a normal warning adds the calling source line), and stays filterable.
    warnings.warn_explicit(
        f"ignoring {program}: it fails a tiny test graph ({problem}); using graphviz-pure",
        RendererWarning,
        filename="autograd.show.render",
        lineno=0,
    )


def find_renderer() -> tuple[str, Path] | None:
    """("dot", path) for a working ``dot`` on PATH, else ("graphviz-pure", path), else None."""
    dot = shutil.which("dot")
    if dot and _works(dot):
        return "dot", Path(dot)
    candidates = [shutil.which("graphviz-pure")]
    for d in _scripts_dirs():
        candidates += [str(d / "graphviz-pure"), str(d / "graphviz-pure.exe")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return "graphviz-pure", Path(candidate)
    return None


def use_renderer() -> str | None:
    """Point the ``graphviz`` package at the renderer `find_renderer` finds; return its kind
    ("dot" or "graphviz-pure"), or None when there is none (rendering will then fail with
    `RendererNotFound` from `render`, or graphviz's ExecutableNotFound from ``.pipe()``)."""
    import_graphviz()  # absent: the message that names the viz extra, not a bare import error
    from graphviz.backend import dot_command

    found = find_renderer()
    if found is None:
        dot_command.DOT_BINARY = Path("dot")
        return None
    kind, path = found
    dot_command.DOT_BINARY = path
    return kind


def import_graphviz() -> Any:
    """The ``graphviz`` package, or a ModuleNotFoundError that names the extra and the
    commands that install it (`autograd.extras`)."""
    return require("graphviz", DRAWINGS)


@functools.lru_cache(maxsize=1)
def _drawing_class() -> type[graphviz.Digraph]:
    graphviz = import_graphviz()

    class Drawing(graphviz.Digraph):  # type: ignore[misc,name-defined]
        """A Digraph whose ``.pipe()``/``.render()`` (and so Jupyter's inline display) keep
        the renderer's stderr to themselves; a real failure still raises with its text. In a
        plain REPL it shows as one line: what it draws (``what``, set by the function that
        drew it) and how to write it to a file."""

        what = "a drawing"

        def __repr__(self) -> str:
            return (
                f"<Drawing: {self.what} — render(drawing, 'fig.svg') (from autograd.render) "
                "writes it as svg, png or pdf; Jupyter shows it inline>"
            )

        def pipe(self, *args: Any, quiet: bool = True, **kwargs: Any) -> Any:
            kind = use_renderer()
            out = super().pipe(*args, quiet=quiet, **kwargs)
            fmt = kwargs.get("format", args[0] if args else None) or self.format
            if kind == "graphviz-pure" and fmt == "svg":  # kept raw otherwise: <title> n0
                if isinstance(out, bytes):  # names each node for code that reads it
                    return _recentre_pure(out.decode("utf-8")).encode("utf-8")
                return _recentre_pure(out)
            return out

        def render(self, *args: Any, quiet: bool = True, **kwargs: Any) -> Any:
            kind = use_renderer()
            path = super().render(*args, quiet=quiet, **kwargs)
            if str(path).endswith(".svg"):
                out = Path(path)
                out.write_text(_finish_svg(kind, out.read_text(encoding="utf-8")), encoding="utf-8")
            return path

    return Drawing


# graphviz-pure places each text run of an HTML label by its own width estimate: ASCII from
# Arial's advance widths (in 1/2048 em; these are also Arimo's and Liberation Sans'), every
# byte of a non-ASCII character as one space. A centred run starts at centre − estimate/2, so
# in a browser, with the real font, ∂C₀/∂z₁ sat left of centre. `_recentre_pure` anchors each
# such run at that centre instead: the SVG then reads like system Graphviz's.
_ARIAL = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196,
    1139, 2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706,
    1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569,
    569, 961, 1139, 682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455,
    1706, 1139, 1139, 1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684,
    532, 684, 1196,
)  # fmt: skip
_ARIAL_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196,
    1251, 1997, 1479, 1479, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1139, 1479, 1251, 1706,
    1479, 1593, 1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 682, 569,
    682, 1196, 1139, 682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569, 569, 1139, 569,
    1821, 1251, 1251, 1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797,
    573, 797, 1196,
)  # fmt: skip
_START_TEXT = re.compile(r'<text([^>]*) text-anchor="start" x="([-\d.]+)"([^>]*)>([^<]*)</text>')


def _pure_estimate(text: str, size: float, bold: bool) -> float:
    """graphviz-pure's width for ``text`` in Arial: what it centred the run with."""
    table = _ARIAL_BOLD if bold else _ARIAL
    units = 0
    for byte in text.replace("\xa0", " ").encode("utf-8"):
        units += table[byte - 32] if 32 <= byte < 127 else table[0]
    return units * size / 2048


def _recentre_pure(svg: str) -> str:
    """Each Arial text run graphviz-pure centred by its estimate, anchored at that centre."""

    def fix(m: re.Match[str]) -> str:
        before, x, after, content = m.groups()
        attrs = before + after
        if 'font-family="Arial"' not in attrs:
            return m.group(0)
        size = re.search(r'font-size="([\d.]+)"', attrs)
        if size is None:
            return m.group(0)
        bold = 'font-weight="bold"' in attrs
        centre = float(x) + _pure_estimate(html.unescape(content), float(size.group(1)), bold) / 2
        return f'<text{before} text-anchor="middle" x="{centre:.2f}"{after}>{content}</text>'

    return _START_TEXT.sub(fix, svg)


def _finish_svg(kind: str | None, svg: str) -> str:
    """An SVG as a student should get it: graphviz-pure's text runs centred, tooltips readable."""
    return tooltips(_recentre_pure(svg) if kind == "graphviz-pure" else svg)


# A browser shows each <title> as the tooltip of its group. Graphviz writes its internal names
# there (n0, n0->n7, caption, cluster_0, and "graph" over the whole picture); each box, edge
# and cluster says its own text instead: runs on one line joined, lines one statement after
# another ("a₂ = σ(z₂) = 0.39; ∂C₀/∂a₂ = …"), a line that wrapped mid-statement carried on.
_GROUP = re.compile(
    r'(<g id="[^"]*" class="(?:node|edge|cluster)">\s*)<title>[^<]*</title>(.*?</g>)', re.S
)
_WHOLE = re.compile(r'(<g id="[^"]*" class="graph"[^>]*>\s*)<title>[^<]*</title>')
_TEXT = re.compile(r'<text\b[^>]*? y="([-\d.]+)"[^>]*?font-size="([\d.]+)"[^>]*>([^<]*)</text>')
_CARRIES_ON = re.compile(r"[,;:(]$")  # a line ending so continues on the next
_GOES_ON = re.compile(r"^(?:=|×|·|\+|−|&#45;) ")  # a line starting so continues the one above


def tooltips(svg: str) -> str:
    """``svg`` with every node's, edge's and cluster's <title> its own text (one without
    text, and the whole graph, get none)."""

    def said(m: re.Match[str]) -> str:
        text, last_y = "", math.nan
        for y, size, run in _TEXT.findall(m.group(2)):
            if not run.strip():
                continue
            if abs(float(y) - last_y) < float(size) / 2:  # the same line, another colour
                gap = "" if text.endswith(" ") else " "
            elif not text:
                gap = ""
            else:
                text = text.rstrip()
                gap = " " if _CARRIES_ON.search(text) or _GOES_ON.match(run) else "; "
            text, last_y = text + gap + run, float(y)
        text = text.strip()
        return m.group(1) + (f"<title>{text}</title>" if text else "") + m.group(2)

    return _GROUP.sub(said, _WHOLE.sub(r"\1", svg, count=1))


def new_digraph(name: str) -> graphviz.Digraph:
    """An empty drawing (a `graphviz.Digraph` that renders quietly with the renderer found)."""
    use_renderer()
    return _drawing_class()(name)


def layout_sizes(graph: graphviz.Digraph) -> dict[str, tuple[float, float]]:
    """Each node's laid-out (width, height) in inches, from the renderer's ``-Tplain`` output."""
    found = find_renderer()
    if found is None:
        raise RendererNotFound(INSTALL_HINT)
    result = subprocess.run(
        [str(found[1]), "-Tplain"], input=graph.source, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RendererFailed(f"{found[1].name} failed: {result.stderr.strip()}")
    sizes: dict[str, tuple[float, float]] = {}
    for line in result.stdout.splitlines():
        if line.startswith("node "):
            parts = line.split(maxsplit=6)  # node name x y width height label…
            sizes[parts[1]] = (float(parts[4]), float(parts[5]))
    return sizes


def drawing_size(graph: graphviz.Digraph) -> tuple[float, float]:
    """The laid-out drawing's (width, height) in points, from the renderer's ``-Tplain``."""
    found = find_renderer()
    if found is None:
        raise RendererNotFound(INSTALL_HINT)
    result = subprocess.run(
        [str(found[1]), "-Tplain"], input=graph.source, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RendererFailed(f"{found[1].name} failed: {result.stderr.strip()}")
    for line in result.stdout.splitlines():
        if line.startswith("graph "):
            _, scale, w_in, h_in = line.split()[:4]
            return float(w_in) * float(scale) * 72, float(h_in) * float(scale) * 72
    raise RendererFailed(f"{found[1].name} gave no graph size")


def render(
    graph: graphviz.Digraph,
    outfile: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    dpi: int = PNG_DPI,
) -> Path:
    """Write ``graph`` to ``outfile`` (format from the suffix unless ``fmt``: svg, png, …);
    raster formats at ``dpi`` dots per inch (200 by default: sharp on a projected slide), or
    more where a small drawing needs it to fill a 1920×1080 slide unscaled (`SLIDE_PX`).

    The DOT source is always written first, beside it as ``<outfile>.gv``; if no renderer is
    found, `RendererNotFound` says how to install one and where that source is. The
    renderer's warnings are swallowed; if it fails, `RendererFailed` carries its message.
    """
    out = Path(outfile)
    fmt = fmt or out.suffix.lstrip(".") or "svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    source = out.with_suffix(out.suffix + ".gv") if out.suffix else out.with_suffix(".gv")
    source.write_text(graph.source, encoding="utf-8")
    found = find_renderer()
    if found is None:
        raise RendererNotFound(f"{INSTALL_HINT}; the DOT source is in {source}")
    kind, program = found
    args = [str(program), f"-T{fmt}", str(source), "-o", str(out)]
    if fmt in ("png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp"):
        w_pt, h_pt = drawing_size(graph)
        fill = min(SLIDE_PX[0] * 72 / w_pt, SLIDE_PX[1] * 72 / h_pt) if w_pt and h_pt else 0
        args.insert(2, f"-Gdpi={max(dpi, math.ceil(fill))}")
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RendererFailed(f"{program.name} failed on {source}: {result.stderr.strip()}")
    if fmt == "svg":
        out.write_text(_finish_svg(kind, out.read_text(encoding="utf-8")), encoding="utf-8")
    return out
