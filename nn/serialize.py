"""Saving and loading a model as JSON: the architecture and every weight, nothing executable.

JSON, never pickle, because loading a pickle can run arbitrary code. The file is written to a
temporary file beside the target and renamed over it, so a crash never leaves half a model.
A model file may come from anyone, so `load` treats it as hostile: the architecture is checked
against fixed limits before a single weight is allocated, and every malformed file is a
`ValueError` that says what is wrong.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from pathlib import Path
from typing import Any, NoReturn

from nn.layers import MLP

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_LAYERS",
    "MAX_PARAMETERS",
    "MAX_VALUES",
    "MAX_WIDTH",
    "load",
    "save",
]

FORMAT = "chainrule-autograd/mlp"
VERSION = 1
_ARCH_KEYS = ("nin", "nouts", "activation", "output_activation", "init")

# Limits on what `load` accepts. A scalar engine trains a few thousand parameters; these are
# far above that, and far below what exhausts memory (each parameter is a Value of ~150 B).
MAX_PARAMETERS = 1_000_000  # weights and biases in all
MAX_LAYERS = 1_000  # layers of neurons (len(nouts))
MAX_WIDTH = 100_000  # inputs (nin) or neurons in one layer
MAX_FILE_BYTES = 128 * 2**20  # a file at MAX_PARAMETERS takes ~50 MB
MAX_DEPTH = 8  # nesting of JSON objects/arrays; a model file has 3
# JSON values in the file: one per parameter, plus the architecture. Bounds what parsing
# allocates (a 100 MB file of "0," would be a list of 50 million ints).
MAX_VALUES = MAX_PARAMETERS + MAX_LAYERS + 100
_MAX_INT_DIGITS = 18  # any count above fits in 7 digits; 400-digit ints are an attack
_STALE_TMP_SECONDS = 3600.0  # a temp file this old is stale even if its writer's pid lives


# --- save ------------------------------------------------------------------------------------


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


def _pid_alive(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would terminate the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: someone else's live process
        return True
    return True


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files an earlier save of ``target`` left behind when it was killed (kill -9,
    power cut): their writer's process is gone, or they are more than an hour old. A temp
    file of a save still running elsewhere is left alone."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)-[0-9a-f]+\.tmp")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None:
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > _STALE_TMP_SECONDS
            if old or not _pid_alive(int(m.group(1))):
                os.unlink(entry.path)
        except OSError:
            pass  # gone already, or not ours to delete: never fail a save over it


def save(model: MLP, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` as JSON, atomically (temp file + rename).

    The file gets the mode a new file normally gets (0666 minus the umask). When ``path`` is
    a symbolic link, the file it points to is replaced and the link kept. Temp files left by
    an earlier save of the same file that was killed are removed.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"save() takes an MLP, not {type(model).__name__}")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": _architecture(model),
        "state": model.state_dict(),
    }
    target = Path(os.path.realpath(path))  # through symlinks: rename onto the file, not the link
    _remove_stale_temps(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    # os.open with 0o666 lets the umask decide the mode, as for any new file (mkstemp: 0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1, allow_nan=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# --- load ------------------------------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    raise ValueError(f"model file: {message}")


def _require(doc: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in doc:
        _fail(f"{where} is missing the key {key!r}")
    value = doc[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        _fail(f"key {key!r} in {where} has the wrong type")
    return value


def _parse_int(digits: str) -> int:
    # Called by json with the digits before converting them, so a 400- or 5000-digit integer
    # never becomes an int (nor an OverflowError later, nor Python's int → str limit error).
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        _fail(f"an integer of {len(digits.lstrip('-'))} digits (at most {_MAX_INT_DIGITS})")
    return int(digits)


def _parse_constant(name: str) -> NoReturn:
    _fail(f"{name} is not a number JSON allows (weights must be finite)")


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def _check_shape(text: str) -> None:
    """Before json parses anything: nesting deeper than `MAX_DEPTH` is refused (json's parser
    recurses: 100,000 "[" would end in RecursionError), and so are more than `MAX_VALUES`
    values (counted by the commas outside strings)."""
    bare = _STRING.sub('""', text)
    if bare.count(",") >= MAX_VALUES:
        _fail(f"more than MAX_VALUES = {MAX_VALUES:,} values")
    depth = 0
    for m in _BRACKETS.finditer(bare):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            _fail(f"nested deeper than {MAX_DEPTH} levels (a model file has 3)")


def _read(path: str | os.PathLike[str]) -> Any:
    with open(path, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        _fail(f"{str(path)!r} is larger than MAX_FILE_BYTES = {MAX_FILE_BYTES:,} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not UTF-8 text: {e}") from None
    _check_shape(text)
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not valid JSON (truncated?): {e}") from None
    except RecursionError:  # a second line of defence behind _check_shape
        _fail("nested too deeply")


def _check_architecture(nin: int, nouts: list[int]) -> None:
    """The limits, checked before MLP() allocates anything; the error names the limit."""
    if len(nouts) > MAX_LAYERS:
        _fail(f"{len(nouts):,} layers is more than MAX_LAYERS = {MAX_LAYERS:,}")
    for name, width in [("nin", nin), *((f"nouts[{i}]", n) for i, n in enumerate(nouts))]:
        if width < 1:
            _fail(f"'architecture': {name} = {width} must be ≥ 1")
        if width > MAX_WIDTH:
            _fail(f"'architecture': {name} = {width:,} is more than MAX_WIDTH = {MAX_WIDTH:,}")
    sizes = [nin, *nouts]
    n_params = sum((sizes[i - 1] + 1) * sizes[i] for i in range(1, len(sizes)))
    if n_params > MAX_PARAMETERS:
        _fail(
            f"the architecture has {n_params:,} parameters, more than "
            f"MAX_PARAMETERS = {MAX_PARAMETERS:,}"
        )


def load(path: str | os.PathLike[str]) -> MLP:
    """Read a model written by `save`. A truncated, garbled, oversized or too deeply nested
    file, a missing, extra or mis-shaped key, or an architecture beyond the limits
    (`MAX_PARAMETERS`, `MAX_LAYERS`, `MAX_WIDTH`) raises `ValueError` saying what is wrong."""
    doc = _read(path)
    if not isinstance(doc, dict):
        _fail("the top level must be a JSON object")
    if doc.get("format") != FORMAT:
        _fail(f"key 'format' must be {FORMAT!r}, got {doc.get('format')!r}")
    version = doc.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 == 1.0 in Python: not here
        _fail(f"unsupported version {version!r} (this code reads version {VERSION})")
    extra = set(doc) - {"format", "version", "architecture", "state"}
    if extra:
        _fail(f"unexpected key {sorted(extra)[0]!r}")
    arch = _require(doc, "architecture", dict, "the file")
    extra = set(arch) - set(_ARCH_KEYS)
    if extra:
        _fail(f"unexpected key {sorted(extra)[0]!r} in 'architecture'")
    nin = _require(arch, "nin", int, "'architecture'")
    nouts = _require(arch, "nouts", list, "'architecture'")
    if not nouts or not all(isinstance(n, int) and not isinstance(n, bool) for n in nouts):
        _fail("key 'nouts' in 'architecture' must be a list of ints")
    _check_architecture(nin, nouts)
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
