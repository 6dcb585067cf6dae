"""Writing a file all at once: the old file stays whole until the new one is complete.

A page or a figure is written to a temporary file beside its target and renamed onto it
(``os.replace``, atomic on one file system), so a failure half-way — an encoding error, a full
disk, Ctrl-C — leaves the file that was there before, never a 0-byte or half-written one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

__all__ = ["write_bytes"]


def _target(path: str | os.PathLike[str]) -> Path:
    """Where the bytes go: through symbolic links (the file a link points to is replaced and
    the link kept), refusing a link that never ends in a file."""
    given = Path(path)
    target = Path(os.path.realpath(given))
    if target.is_symlink():  # realpath stops on a loop (a → b → a) and returns a link
        raise OSError(
            f"cannot write {given}: it is a symbolic link that never reaches a file (a loop); "
            f"remove the link or save to another path"
        )
    return target


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename); make the
    folder if needed; return the path written. The file gets the mode a new file normally gets
    (0666 minus the umask). The temp name is short (``.<pid>-<random>.tmp``), so any name the
    file system accepts for ``path`` works."""
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Path(path)
