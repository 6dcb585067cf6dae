"""Saving and loading a model as JSON: the architecture and every weight, nothing executable.

JSON, never pickle, because loading a pickle can run arbitrary code. The file is written to a
temporary file beside the target and renamed over it, so a crash never leaves half a model.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from nn.layers import MLP

__all__ = ["FORMAT", "load", "save"]

FORMAT = "chainrule-autograd/mlp"
VERSION = 1
_ARCH_KEYS = ("nin", "nouts", "activation", "output_activation", "init")


def _architecture(model: MLP) -> dict[str, Any]:
    for name in ("activation", "output_activation"):
        if not isinstance(getattr(model, name), str):
            raise ValueError(f"cannot save a model whose {name} is a callable; use a name")
    return {
        "nin": model.nin,
        "nouts": list(model.nouts),
        "activation": model.activation,
        "output_activation": model.output_activation,
        "init": model.init,
    }


def save(model: MLP, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` as JSON, atomically (temp file + rename)."""
    if not isinstance(model, MLP):
        raise TypeError(f"save() takes an MLP, not {type(model).__name__}")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": _architecture(model),
        "state": model.state_dict(),
    }
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1, allow_nan=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _require(doc: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in doc:
        raise ValueError(f"model file: {where} is missing the key {key!r}")
    value = doc[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ValueError(f"model file: key {key!r} in {where} has the wrong type")
    return value


def load(path: str | os.PathLike[str]) -> MLP:
    """Read a model written by `save`. A truncated or garbled file, or a missing, extra or
    mis-shaped key, raises `ValueError` saying what is wrong."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not UTF-8 text: {e}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not valid JSON (truncated?): {e}") from None
    if not isinstance(doc, dict):
        raise ValueError("model file: the top level must be a JSON object")
    if doc.get("format") != FORMAT:
        raise ValueError(f"model file: key 'format' must be {FORMAT!r}, got {doc.get('format')!r}")
    if doc.get("version") != VERSION:
        raise ValueError(f"model file: unsupported version {doc.get('version')!r}")
    extra = set(doc) - {"format", "version", "architecture", "state"}
    if extra:
        raise ValueError(f"model file: unexpected key {sorted(extra)[0]!r}")
    arch = _require(doc, "architecture", dict, "the file")
    extra = set(arch) - set(_ARCH_KEYS)
    if extra:
        raise ValueError(f"model file: unexpected key {sorted(extra)[0]!r} in 'architecture'")
    nin = _require(arch, "nin", int, "'architecture'")
    nouts = _require(arch, "nouts", list, "'architecture'")
    if not nouts or not all(isinstance(n, int) and not isinstance(n, bool) for n in nouts):
        raise ValueError("model file: key 'nouts' in 'architecture' must be a list of ints")
    activation = _require(arch, "activation", str, "'architecture'")
    output_activation = _require(arch, "output_activation", str, "'architecture'")
    init = _require(arch, "init", str, "'architecture'")
    state = _require(doc, "state", dict, "the file")
    try:
        model = MLP(nin, nouts, activation, output_activation, seed=0, init=init)
    except ValueError as e:
        raise ValueError(f"model file: bad 'architecture': {e}") from None
    model.load_state_dict(state)
    return model
