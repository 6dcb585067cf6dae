"""Writing a file all at once: the old file stays whole until the new one is complete.

A page, a figure or a saved model is written to a temporary file beside its target and renamed
onto it (``os.replace``, atomic on one file system), so a failure half-way — an encoding error,
a full disk, Ctrl-C — leaves the file that was there before, never a 0-byte or half-written
one. The one writer of the project: `autograd.show.page`, `nn.save` and the demos use it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import time
from pathlib import Path

__all__ = ["write_bytes"]

_STALE_TMP_SECONDS = 3600.0  # a temp file this old is stale even if its writer's pid lives


def _target(path: str | os.PathLike[str]) -> Path:
    """Where the bytes go: through symbolic links (the file a link points to is replaced and
    the link kept), refusing a link that never ends in a file."""
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops on a loop (a → b → a) and returns a link
        raise OSError(
            errno.ELOOP,
            f"cannot write the file: {os.fspath(path)!r} is a symbolic link that never reaches a "
            f"file (it loops back through {str(target)!r}); remove the link or use another name",
            os.fspath(path),
        )
    return target


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


def _temp_prefix(name: str) -> str:
    """The start of the temp files' names for a target called ``name``: short whatever the
    name's length (a 255-byte name is legal, and the temp file beside it must fit the same
    limit) — its first 16 characters for a reader, a hash of all of it for `_remove_stale_temps`."""
    tag = hashlib.sha256(os.fsencode(name)).hexdigest()[:8]
    return f".{name[:16]}.{tag}."


def _temp_name(name: str, pid: int, token: str) -> str:
    """``.m.json.1a2b3c4d.<pid>-<token>.tmp`` for ``m.json``: at most ~100 bytes."""
    return f"{_temp_prefix(name)}{pid}-{token}.tmp"


def _remove_stale_temps(target: Path) -> None:
    """Delete temp files an earlier save of ``target`` left behind when it was killed (kill -9,
    power cut): their writer's process is gone, or they are more than an hour old. A temp
    file of a save still running elsewhere is left alone."""
    pattern = re.compile(rf"{re.escape(_temp_prefix(target.name))}(\d+)-[0-9a-f]+\.tmp")
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


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (temp file in the same folder + rename); make the
    folder if needed; return the path written. The file gets the mode a new file normally gets
    (0666 minus the umask). The temp name is short, so any name the file system accepts for
    ``path`` works; temp files an earlier write of the same file left when it was killed are
    removed. A symbolic link is followed (its file replaced, the link kept); a loop of links is
    an `OSError` (ELOOP) and nothing is written."""
    target = _target(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(target)
    tmp = target.with_name(_temp_name(target.name, os.getpid(), secrets.token_hex(4)))
    # os.open with 0o666 lets the umask decide the mode, as for any new file (mkstemp: 0600).
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
