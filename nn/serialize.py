"""Saving and loading a model as JSON: the architecture and every weight, nothing executable.

JSON, never pickle, because loading a pickle can run arbitrary code. The file is written to a
temporary file beside the target and renamed over it, so a crash never leaves half a model.
A model file may come from anyone, so `load` treats it as hostile: it is read in small chunks
up to a size limit, the architecture is checked against fixed limits and against the number and
names of the weights the file holds before a single Value is allocated, and every malformed
file is a `ValueError` that says what is wrong, quoting at most `MAX_QUOTED` characters of it.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, NoReturn, cast

from autograd.atomic import write_bytes
from nn.activations import ACTIVATIONS
from nn.layers import INITS, MLP, Init, parameter_names

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_LAYERS",
    "MAX_PARAMETERS",
    "MAX_QUOTED",
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
MAX_QUOTED = 80  # characters of the file an error message quotes, then "…"
_CHUNK = 2**20  # bytes read at a time: a small file never costs a MAX_FILE_BYTES buffer
_MAX_INT_DIGITS = 18  # any count above fits in 7 digits; 400-digit ints are an attack


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


def save(model: MLP, path: str | os.PathLike[str]) -> None:
    """Write ``model`` to ``path`` as JSON, atomically (temp file + rename).

    Any name the file system accepts will do (the temp file's name is short). The file gets
    the mode a new file normally gets (0666 minus the umask). When ``path`` is a symbolic
    link, the file it points to is replaced and the link kept; a link that never reaches a
    file (a loop) is an `OSError` (ELOOP) and nothing is written. Temp files left by an
    earlier save of the same file that was killed are removed.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"save() takes an MLP, not {type(model).__name__}")
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "architecture": _architecture(model),
        "state": model.state_dict(),
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    write_bytes(path, text.encode("utf-8"))


# --- load ------------------------------------------------------------------------------------


def _fail(message: str) -> NoReturn:
    raise ValueError(f"model file: {message}")


def _quoted(value: object) -> str:
    """``value`` as an error message quotes it: at most `MAX_QUOTED` characters, then "…" — a
    100 MB string in a hostile file must not become a 100 MB message."""
    if isinstance(value, str):
        text = repr(value[:MAX_QUOTED])
        return text + "…" if len(value) > MAX_QUOTED else text
    if isinstance(value, (dict, list)):
        return f"a JSON {'object' if isinstance(value, dict) else 'array'} of {len(value):,} items"
    text = repr(value)  # a number, a bool or None: short (integers have ≤ 18 digits)
    return text[:MAX_QUOTED] + "…" if len(text) > MAX_QUOTED else text


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object; a key given twice is refused (json keeps the last one, silently)."""
    doc = dict(pairs)
    if len(doc) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                _fail(f"the key {_quoted(key)} appears twice in one object")
            seen.add(key)
    return doc


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


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file, read `_CHUNK` bytes at a time: memory grows with the file, not with the limit."""
    chunks: list[bytes] = []
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(min(_CHUNK, MAX_FILE_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                _fail(f"{str(path)!r} is larger than MAX_FILE_BYTES = {MAX_FILE_BYTES:,} bytes")
    return b"".join(chunks)


def _read(path: str | os.PathLike[str]) -> Any:
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not UTF-8 text: {e}") from None
    _check_shape(text)
    try:
        return json.loads(
            text, parse_int=_parse_int, parse_constant=_parse_constant, object_pairs_hook=_object
        )
    except json.JSONDecodeError as e:
        raise ValueError(f"model file {str(path)!r} is not valid JSON (truncated?): {e}") from None
    except RecursionError:  # a second line of defence behind _check_shape
        _fail("nested too deeply")


def _check_architecture(nin: int, nouts: list[int]) -> int:
    """The limits, checked before MLP() allocates anything; the error names the limit. Returns
    the number of parameters."""
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
    return n_params


def _check_names(arch: dict[str, Any]) -> tuple[str, str, str]:
    """activation, output_activation and init: known names, checked before building."""
    names = []
    for key, valid in (
        ("activation", ACTIVATIONS),
        ("output_activation", ACTIVATIONS),
        ("init", INITS),
    ):
        name = _require(arch, key, str, "'architecture'")
        if name not in valid:
            listed = ", ".join(repr(v) for v in valid)
            _fail(f"'architecture': unknown {key} {_quoted(name)}; valid: {listed}")
        names.append(name)
    return names[0], names[1], names[2]


def _check_state(state: dict[str, Any], nin: int, nouts: list[int], n_params: int) -> None:
    """The weights the file holds match the architecture, one per parameter and by name —
    checked before building anything: a 182-byte file that claims 900,000 parameters holds
    none of their weights. Costs at most len(state) + 1 names, so it grows with the file."""
    layers = (
        str(nouts) if len(nouts) <= 6 else f"[{nouts[0]}, {nouts[1]}, … ({len(nouts):,} layers)]"
    )
    counts = (
        f"(it holds {len(state):,} numbers; the architecture nin = {nin}, nouts = {layers} "
        f"has {n_params:,} parameters)"
    )
    for name in parameter_names(nin, nouts):
        if name not in state:  # within the first len(state) + 1 names when any is missing
            _fail(f"'state' is missing the key {name!r} {counts}")
    if len(state) != n_params:  # every name is there, and more
        known = set(parameter_names(nin, nouts))
        extra = next(k for k in state if k not in known)
        _fail(f"unexpected key {_quoted(extra)} in 'state' {counts}")


def load(path: str | os.PathLike[str]) -> MLP:
    """Read a model written by `save`. A truncated, garbled, oversized or too deeply nested
    file, a missing, extra or mis-shaped key, or an architecture beyond the limits
    (`MAX_PARAMETERS`, `MAX_LAYERS`, `MAX_WIDTH`) raises `ValueError` saying what is wrong."""
    doc = _read(path)
    if not isinstance(doc, dict):
        _fail("the top level must be a JSON object")
    if doc.get("format") != FORMAT:
        _fail(f"key 'format' must be {FORMAT!r}, got {_quoted(doc.get('format'))}")
    version = doc.get("version")
    if type(version) is not int or version != VERSION:  # true == 1 == 1.0 in Python: not here
        _fail(f"unsupported version {_quoted(version)} (this code reads version {VERSION})")
    extra = set(doc) - {"format", "version", "architecture", "state"}
    if extra:
        _fail(f"unexpected key {_quoted(sorted(extra)[0])}")
    arch = _require(doc, "architecture", dict, "the file")
    extra = set(arch) - set(_ARCH_KEYS)
    if extra:
        _fail(f"unexpected key {_quoted(sorted(extra)[0])} in 'architecture'")
    nin = _require(arch, "nin", int, "'architecture'")
    nouts = _require(arch, "nouts", list, "'architecture'")
    if not nouts or not all(isinstance(n, int) and not isinstance(n, bool) for n in nouts):
        _fail("key 'nouts' in 'architecture' must be a list of ints")
    n_params = _check_architecture(nin, nouts)
    activation, output_activation, init = _check_names(arch)
    state = _require(doc, "state", dict, "the file")
    _check_state(state, nin, nouts, n_params)
    # Only now, with every key known good, are the n_params Values allocated.
    model = MLP(nin, nouts, activation, output_activation, seed=0, init=cast(Init, init))
    model.load_state_dict(state)
    return model
