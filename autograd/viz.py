"""`autograd.viz`: the public name of `autograd.show.viz` (kept for imports; the code lives there)."""

from autograd.show.viz import *  # noqa: F403
from autograd.show.viz import __all__ as __all__
