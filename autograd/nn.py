"""Not here: ``nn`` — the lecture's neurons, layers, MLPs and their training — is a package of
its own, beside ``autograd`` (``import nn``). This module exists only so that a student's natural
guess, ``from autograd import nn``, says so instead of Python's bare "cannot import name 'nn'".

An ImportError raised here reaches the student whole on Python 3.10–3.13; a module
``__getattr__`` in ``autograd/__init__.py`` could not do it: Python turns its AttributeError into
that same bare ImportError, and ``hasattr(autograd, "nn")`` must stay False without raising.
"""

raise ImportError(
    "nn is a package of its own, beside autograd, not inside it: write `import nn` "
    "(then nn.MLP, nn.fit) or `from nn import MLP, fit`"
)
