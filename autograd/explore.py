"""`autograd.explore`: the public name of `autograd.show.explore`, where the code lives."""

from autograd.show.explore import *  # noqa: F403
from autograd.show.explore import __all__ as __all__
