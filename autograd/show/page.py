"""One self-contained HTML page: our CSS, the body, the data as JSON, our plain JavaScript.

A student opens it from ``file://``, an e-mail attachment or a notebook cell, offline: nothing is
fetched (the page's own Content-Security-Policy forbids it), nothing needs a server. In a plain
REPL a page shows as one line saying what it is and how to open it (``.save(path)``).
"""

from __future__ import annotations

import html
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from autograd.atomic import write_bytes
from autograd.show.palette import LIGHT_GREY, css_variables

__all__ = ["Page", "page"]


def _asset(name: str) -> str:
    return files("autograd.show").joinpath("explorer").joinpath(name).read_text(encoding="utf-8")


def _finite(obj: Any) -> Any:
    """JSON has no NaN or ∞: such a number becomes null (its text, e.g. "inf", is shown)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _json_script(data: dict[str, Any], cls: str) -> str:
    text = json.dumps(_finite(data), ensure_ascii=False, allow_nan=False)
    # No "<" at all inside the script element, so a label holding "</script>" or "<!--" cannot
    # end it early or change how the browser reads it (\u003c is "<" to JSON.parse).
    text = text.replace("<", "\\u003c")
    return f'<script type="application/json" class="{cls}">{text}</script>'


def _encodable(text: str) -> str:
    """``text`` as UTF-8 can write it: a lone surrogate (a ``str`` may hold one, from a title or
    a label; no file can) becomes its escape ``\\udcff`` — inside the JSON, JSON.parse reads
    that escape back as the same character."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def page(
    title: str, body: str, data: dict[str, Any], scripts: Sequence[str], code: str = ""
) -> str:
    """A complete, self-contained HTML page: the palette as CSS variables (`css_variables`,
    the only colours its stylesheet and scripts use), our CSS, the body, the data as JSON, our
    JS — after ``code``, JavaScript generated for this page (the op table's rules, for the live
    pages: `autograd.show.live.script`)."""
    js = (
        "\n".join([code, *(_asset(s) for s in scripts)])
        if code
        else "\n".join(_asset(s) for s in scripts)
    )
    return _encodable(
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{html.escape(title)}</title><style>{css_variables()}\n{_asset('explorer.css')}"
        "</style></head>"
        f"<body>{body}{_json_script(data, 'explorer-data')}<script>{js}</script></body></html>\n"
    )


@dataclass(frozen=True, repr=False)
class Page:
    """A finished page: ``html`` is the whole file. Shows inline in a notebook (in an iframe,
    so its CSS and script keep to themselves); ``.save(path)`` writes it. In a plain REPL it
    shows as one line (`summary`), not as 50 kB of HTML."""

    html: str
    height: ClassVar[int] = 720
    caption: ClassVar[str] = "chain-rule explorer"
    filename: ClassVar[str] = "explorer.html"  # the name the one-line repr suggests

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page (one self-contained file) to ``path``, atomically: a page already
        there stays whole until the new one is complete. Return the path."""
        return write_bytes(path, self.html.encode("utf-8", "backslashreplace"))

    def summary(self) -> str:
        """What the page shows, for the one-line repr (a subclass says more)."""
        return f"a {self.caption}"

    def __repr__(self) -> str:
        size = len(self.html.encode("utf-8", "backslashreplace")) / 1000
        return (
            f"<{type(self).__name__}: {self.summary()}, {size:,.1f} kB — "
            f'.save("{self.filename}") and open the file in a browser; Jupyter shows it inline>'
        )

    def _repr_html_(self) -> str:
        # srcdoc runs the same in Jupyter, JupyterLab and VS Code, with no file to serve.
        return _encodable(
            f'<iframe class="chainrule-explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid {LIGHT_GREY}" '
            f'title="{html.escape(self.caption)}"></iframe>'
        )
