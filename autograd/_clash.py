"""Two packages called ``autograd``: ours and HIPS autograd (the PyPI project ``autograd``).

Python imports one package per name, and pip installs both into the same folder
``site-packages/autograd/`` without complaint: the second one's files land among the first's,
its ``__init__.py`` wins, and neither works (``pip check`` sees nothing wrong). Our import names
are fixed by the lecture (``autograd``, ``nn``), so we cannot rename; instead every import
checks, and a mix fails at once with what happened and how to fix it, not later with a
puzzling ``cannot import name 'Value'`` or ``'grad'``.
"""

from __future__ import annotations

import os
from types import ModuleType

__all__ = ["AutogradClashError", "check_folder", "check_loaded"]

# Top-level modules of HIPS autograd 1.x that we never ship: any of them beside our files means
# its wheel was installed into our folder (or ours into its).
FOREIGN = frozenset(
    {
        "builtins.py",
        "core.py",
        "differential_operators.py",
        "extend.py",
        "misc",
        "numpy",
        "scipy",
        "test_util.py",
        "tracer.py",
        "util.py",
        "wrap_util.py",
    }
)
MARKER = "__chainrule_autograd__"  # set by our autograd/__init__.py, never by HIPS's


class AutogradClashError(ImportError):
    """chainrule-autograd and another package named ``autograd`` share one folder."""


def _message(folder: str, evidence: str) -> str:
    return (
        f"two different packages named 'autograd' are installed in one folder, {folder}: "
        f"chainrule-autograd (this course's engine) and another one, most likely HIPS autograd "
        f"(PyPI 'autograd') — {evidence}. Python can import only one package per name, and "
        f"pip merged their files, so neither works as installed.\n"
        f"Fix: give chainrule-autograd a virtual environment of its own, e.g.\n"
        f"    python3 -m venv .venv && .venv/bin/pip install <this project's folder or wheel>\n"
        f"(from the checkout, `make test` or `make demo` does this); and repair this "
        f"environment with `pip uninstall chainrule-autograd autograd` followed by "
        f"`pip install autograd` if you need HIPS autograd here (uninstalling only one of them "
        f"deletes files the other needs)."
    )


def check_folder(init_file: str | None) -> None:
    """Called by our ``autograd/__init__.py``: refuse to import when the folder holds HIPS
    autograd's modules too. One directory listing, so ``import autograd`` stays instant."""
    if not init_file:
        return
    folder = os.path.dirname(os.path.abspath(init_file))
    try:
        found = sorted(FOREIGN.intersection(os.listdir(folder)))
    except OSError:  # a zip import or an unreadable folder: nothing to compare
        return
    if found:
        shown = ", ".join(found[:4]) + (", …" if len(found) > 4 else "")
        raise AutogradClashError(_message(folder, f"its modules {shown} lie beside ours"))


def check_loaded(autograd: ModuleType) -> None:
    """Called by ``nn/__init__.py`` with the ``autograd`` Python loaded: it must be ours. When
    HIPS autograd was installed after chainrule-autograd, its ``__init__.py`` replaced ours."""
    if getattr(autograd, MARKER, False) is not True:
        folder = os.path.dirname(os.path.abspath(autograd.__file__ or "."))
        raise AutogradClashError(
            _message(folder, "'import autograd' loaded the other package's __init__.py")
        )
