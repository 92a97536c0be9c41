"""Writing export files so that a failure never leaves a half-written file behind.

Every exporter writes to a temporary file in the target's folder (same file system, so the
rename is atomic) and renames it over the target only once it is complete.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path


def temporary_beside(path: Path) -> Path:
    """A hidden, unique temporary name in ``path``'s folder."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")


def replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file next to ``path``, then rename it over ``path``."""
    path = Path(path)
    tmp = temporary_beside(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """``data`` to ``path``, all or nothing (a chart, an image)."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    replace_atomically(path, write)
    return path
