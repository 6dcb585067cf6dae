"""One self-contained HTML page: our CSS, the body, the data as JSON, our plain JavaScript.

A student opens it from ``file://``, an e-mail attachment or a notebook cell, offline: nothing is
fetched (the page's own Content-Security-Policy forbids it), nothing needs a server.
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

__all__ = ["Page", "page"]


def _asset(name: str) -> str:
    return files("autograd").joinpath("explorer").joinpath(name).read_text(encoding="utf-8")


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


def page(title: str, body: str, data: dict[str, Any], scripts: Sequence[str]) -> str:
    """A complete, self-contained HTML page: our CSS, the body, the data as JSON, our JS."""
    js = "\n".join(_asset(s) for s in scripts)
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{html.escape(title)}</title><style>{_asset('explorer.css')}</style></head>"
        f"<body>{body}{_json_script(data, 'explorer-data')}<script>{js}</script></body></html>\n"
    )


@dataclass(frozen=True)
class Page:
    """A finished page: ``html`` is the whole file. Shows inline in a notebook (in an iframe,
    so its CSS and script keep to themselves); ``.save(path)`` writes it."""

    html: str
    height: ClassVar[int] = 720
    caption: ClassVar[str] = "chain-rule explorer"

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the page (one self-contained file) to ``path``; return the path."""
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(self.html, encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        # srcdoc runs the same in Jupyter, JupyterLab and VS Code, with no file to serve.
        return (
            f'<iframe class="chainrule-explorer" srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ccc" '
            f'title="{html.escape(self.caption)}"></iframe>'
        )
