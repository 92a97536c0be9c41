"""How QualCode writes files: whole or not at all, owner-only, and nothing left behind.

Every file QualCode creates (a project, a backup, an export, a lock) may hold participants' words,
so it is created readable by its owner only (0600; a stricter umask still applies). A file is
written under a temporary name beside its target (same folder, so the final rename is atomic and
nothing goes to the system's temp folder) and renamed over the target only when complete.

A temporary name carries the writer's process id: ``.report.docx.4242-1a2b3c4d.tmp``. A writer
killed mid-way cannot remove its temporary file, so the next writer of the same target (and the
next open of a project) removes those whose process is gone.
"""

from __future__ import annotations

import errno
import os
import re
import uuid
from pathlib import Path

from qualcode.domain.errors import StorageError

PRIVATE = 0o600
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.(?:tmp|new)$")


def temp_name(target: Path, ending: str = "tmp") -> Path:
    """A hidden, unique temporary name beside ``target``, naming this process."""
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.{ending}")


def create_private(path: Path) -> Path:
    """Create ``path`` empty with owner-only permissions; it must not exist yet."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE)
    except OSError as exc:
        raise write_error(exc, path) from None
    os.close(fd)
    return path


def private_temp(target: Path, ending: str = "tmp") -> Path:
    """An empty owner-only temporary file beside ``target`` (stale ones are removed first)."""
    remove_stale_temps(target)
    return create_private(temp_name(target, ending))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists but is someone else's, or the platform cannot tell: keep
        return True
    return True


def stale_temps(target: Path) -> list[Path]:
    """Temporary files of ``target`` left by writers that are no longer running."""
    folder = target.parent
    found: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return found
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match is None or not _is_temp_of(match["name"], target.name):
            continue
        if not _alive(int(match["pid"])):
            found.append(entry)
    return found


def _is_temp_of(name: str, target: str) -> bool:
    """``name`` is ``target``, or a temporary of a temporary of it (a project being built under
    a temporary name has its own temporary while it is created)."""
    while name != target:
        inner = _TEMP.match(name)
        if inner is None:
            return False
        name = inner["name"]
    return True


def remove_stale_temps(target: Path) -> int:
    """Remove what :func:`stale_temps` finds; how many were removed."""
    removed = 0
    for path in stale_temps(target):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass  # another process removed it, or the folder is read-only: harmless
    return removed


def write_error(exc: OSError, path: Path) -> StorageError:
    """One line naming the file and the cause (a full disk, no permission...)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        cause = "the disk is full"
    elif exc.errno == errno.EFBIG:
        cause = "the file is too large for this disk or account"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        cause = "there is no permission to write there"
    elif exc.errno == errno.ENOENT:
        cause = "the folder does not exist"
    else:
        cause = exc.strerror or str(exc) or type(exc).__name__
    return StorageError(f"Could not write {path}: {cause}; nothing was written.", cause)
