"""The optional extras: which ``pip install 'chainrule-autograd[…]'`` brings which package, and the
one message that says so when a package is missing.

``import autograd`` needs nothing beyond Python. Drawing needs ``graphviz`` (the ``viz`` extra),
property-based tests need ``hypothesis`` (the ``testing`` extra); such a module is imported only
where it is used, through `require`, so its absence is a sentence naming the extra and the
command, never a bare ``ModuleNotFoundError: No module named 'graphviz'``. The extras' contents
are declared in pyproject.toml; a test checks that this table agrees with it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["DISTRIBUTION", "EXTRAS", "install_commands", "missing", "require"]

DISTRIBUTION = "chainrule-autograd"  # the name pip knows the project by

# import name → the extra of pyproject.toml that installs it
EXTRAS: dict[str, str] = {"graphviz": "viz", "hypothesis": "testing", "numpy": "numpy"}


def install_commands(extra: str) -> str:
    """The two commands that install ``extra``: into the Python that has the project installed
    (pip then adds only the extra's packages), and from a checkout of the project."""
    return (
        f"    pip install '{DISTRIBUTION}[{extra}]'\n"
        f"or, from a checkout of the project (`make demo` and `make test` set up .venv with it):\n"
        f"    pip install -e '.[{extra}]'"
    )


def missing(module: str, needed_by: str) -> ModuleNotFoundError:
    """The error for ``module`` missing where ``needed_by`` needs it: which extra brings it and
    the commands that install it."""
    extra = EXTRAS[module]
    return ModuleNotFoundError(
        f"{needed_by} needs the Python package '{module}', which is not installed in this "
        f"Python; the project's optional '{extra}' extra brings it:\n{install_commands(extra)}",
        name=module,
    )


def require(module: str, needed_by: str) -> ModuleType:
    """``import module``, or `missing`'s error when it (not something it imports) is absent."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.split(".")[0] != module.split(".")[0]:
            raise  # the package is there, but one of its own imports failed: its error is better
        raise missing(module.split(".")[0], needed_by) from exc
