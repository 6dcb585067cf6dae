"""`autograd.render`: the public name of `autograd.show.render`, where the code lives."""

from autograd.show.render import *  # noqa: F403
from autograd.show.render import __all__ as __all__
