"""`autograd.strategies`: the public name of `autograd.checks.strategies` (kept for imports; the code lives there)."""

from autograd.checks.strategies import *  # noqa: F403
from autograd.checks.strategies import __all__ as __all__
