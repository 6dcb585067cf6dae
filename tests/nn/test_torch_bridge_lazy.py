"""The PyTorch bridge is optional: importing the packages never imports torch (its tests, with
torch, live in tests/torch and run by `make test-torch`)."""

from __future__ import annotations

import subprocess
import sys


def test_importing_autograd_and_nn_does_not_import_torch() -> None:
    code = (
        "import sys, autograd, nn; "
        "assert callable(nn.to_torch) and callable(nn.from_torch); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
