"""`autograd.explore`: the public name of `autograd.show.explore` (kept for imports; the code lives there)."""

from autograd.show.explore import *  # noqa: F403
from autograd.show.explore import __all__ as __all__
