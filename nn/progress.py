"""Training progress, shown where the student is looking — with no package beyond Python.

`fit` reports each epoch's cost C and training accuracy on **stdout**, the stream the rest of a
script's output goes to, so the two stay in order when piped (``python -m demos train | cat``):

* in a terminal: one line, rewritten in place with a carriage return (``\\r``);
* in a pipe, a log file or CI: a few plain lines, at every tenth of the epochs and the last,
  since a ``\\r``-redrawn line would be one line of many kilobytes there;
* in Jupyter (an IPython kernel, seen without importing IPython: it is in ``sys.modules``
  already): one ``text/plain`` output updated in place — no widget, nothing a notebook exported
  to HTML would have to fetch from a CDN, no warning in the cell.
"""

from __future__ import annotations

import importlib
import math
import sys
import time
from types import TracebackType
from typing import Any, Literal, TextIO

from autograd.show.text import number

__all__ = ["MIN_INTERVAL", "Progress", "progress_line"]

MIN_INTERVAL = 0.1  # seconds between two redraws of the in-place line: ~10 per second at most
_PLAIN_LINES = 10  # lines in a pipe or a log: every tenth of the epochs

Where = Literal["notebook", "terminal", "lines"]


def progress_line(epoch: int, epochs: int, cost: float, accuracy: float) -> str:
    """``training: epoch 37/100, cost C = 0.2345, accuracy 91.0%`` — one formatter for every
    place the progress is shown."""
    width = len(str(epochs))
    return (
        f"training: epoch {epoch:>{width}}/{epochs}, cost C = {number(cost, 4)}, "
        f"accuracy {accuracy:.1%}"
    )


def _kernel() -> Any:
    """The running IPython kernel's shell (Jupyter, VS Code, Colab), or None. IPython is only
    looked up in ``sys.modules``: a kernel has imported it; anywhere else it stays unimported."""
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    if get is None:
        return None
    try:
        shell = get()
    except Exception:  # a half-initialised IPython: no notebook to draw in
        return None
    return shell if getattr(shell, "kernel", None) is not None else None


def _is_terminal(out: TextIO) -> bool:
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError):  # no isatty(), or a closed stream
        return False


class Progress:
    """``with Progress(epochs) as shown: … shown.update(epoch, C, accuracy)`` — see the module
    docstring for what it looks like where. ``enabled=False`` shows nothing. ``out`` is the
    stream (default: ``sys.stdout`` at the time of the call)."""

    def __init__(self, epochs: int, *, enabled: bool = True, out: TextIO | None = None) -> None:
        self.epochs = epochs
        self.enabled = enabled
        self.out: TextIO = sys.stdout if out is None else out
        self.where: Where = "lines"
        if enabled:
            if _kernel() is not None:
                self.where = "notebook"
            elif _is_terminal(self.out):
                self.where = "terminal"
        self._last_draw = -math.inf
        self._width = 0  # of the in-place line drawn last: a shorter one must cover it
        self._handle: Any = None  # the notebook's display
        self._pending: str | None = None  # a line not drawn yet (throttled)

    def update(self, epoch: int, cost: float, accuracy: float) -> None:
        """After epoch ``epoch`` (1 … epochs): its cost C and training accuracy."""
        if not self.enabled:
            return
        line = progress_line(epoch, self.epochs, cost, accuracy)
        if self.where == "lines":
            if self._milestone(epoch):
                print(line, file=self.out, flush=True)
            return
        now = time.monotonic()
        if epoch < self.epochs and now - self._last_draw < MIN_INTERVAL:
            self._pending = line  # drawn by a later update or by close()
            return
        self._draw(line)
        self._last_draw = now

    def _milestone(self, epoch: int) -> bool:
        # The epochs where k/10 of the run is done (k = 1 … 10), rounded up: 10, 20, …, 100 of
        # 100 epochs; 1, 2, 3 of 3. Always the last.
        n = self.epochs
        return epoch == n or any(math.ceil(k * n / _PLAIN_LINES) == epoch for k in range(1, 10))

    def _draw(self, line: str) -> None:
        self._pending = None
        if self.where == "notebook":
            bundle = {"text/plain": line}
            if self._handle is None:
                # The kernel has imported IPython already; by name, so that type checking
                # does not need IPython installed.
                display = importlib.import_module("IPython.display").display
                self._handle = display(bundle, raw=True, display_id=True)
            else:
                self._handle.update(bundle, raw=True)
            return
        self.out.write("\r" + line.ljust(self._width))
        self.out.flush()
        self._width = len(line)

    def close(self) -> None:
        """Draw the last line if it was held back, and end the in-place line in a terminal."""
        if not self.enabled:
            return
        if self._pending is not None:
            self._draw(self._pending)
        if self.where == "terminal" and self._width:
            self.out.write("\n")
            self.out.flush()
            self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # Also when training stops with an error: the traceback starts on a line of its own.
        self.close()
