"""`autograd.testing`: the public name of `autograd.checks.gradcheck`, where the code lives."""

from autograd.checks.gradcheck import *  # noqa: F403
from autograd.checks.gradcheck import __all__ as __all__
