"""Not here: ``MLP`` is in ``nn``, a package of its own beside ``autograd`` (``from nn import
MLP``). Like `autograd.nn` (whose docstring says why a module, not a module ``__getattr__``), this
module exists only so that ``from autograd import MLP`` says where it is instead of Python's bare
"cannot import name 'MLP'".
"""

raise ImportError(
    "MLP is in nn, a package of its own beside autograd, not inside it: write "
    "`from nn import MLP` (and `from nn import fit` to train it)"
)
