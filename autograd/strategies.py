"""`autograd.strategies`: the public name of `autograd.checks.strategies`, where the code lives."""

from autograd.checks.strategies import *  # noqa: F403
from autograd.checks.strategies import __all__ as __all__
