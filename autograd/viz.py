"""`autograd.viz`: the public name of `autograd.show.viz`, where the code lives."""

from autograd.show.viz import *  # noqa: F403
from autograd.show.viz import __all__ as __all__
