"""Writing export files so that a failure never leaves a half-written file behind.

Every exporter writes to an owner-only temporary file in the target's folder (same file system,
so the rename is atomic; see :mod:`qualcode.domain.files`) and renames it over the target only once
it is complete. A failure (a full disk, a vanished folder) is one ``StorageError`` naming the
file, and no temporary file is left.

openpyxl writes each worksheet's XML (cell text: quotes, participants' words) to a file in the
system's temp folder before zipping it. While an export runs, those files are made beside the
target instead, owner-only, under the same cleanable temporary names.
"""

from __future__ import annotations

import contextlib
import errno
import inspect
import io
import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from qualcode.domain.files import create_private, private_temp, temp_name, write_error

_exporting = threading.local()


def temporary_beside(path: Path) -> Path:
    """An empty owner-only temporary file in ``path``'s folder."""
    return private_temp(Path(path))


def _hook_openpyxl() -> None:
    """Point openpyxl's worksheet temp files at the current export's folder (once)."""
    module: Any = sys.modules.get("openpyxl.worksheet._writer")
    original = getattr(module, "create_temporary_file", None)
    if original is None or getattr(original, "qualcode", False):
        return

    def create_temporary_file(suffix: str = "") -> str:
        target: Path | None = getattr(_exporting, "target", None)
        if target is None:
            return str(original(suffix))
        path = str(create_private(temp_name(target)))
        module.ALL_TEMP_FILES.append(path)  # openpyxl removes it after zipping the sheet...
        _exporting.made.append(path)  # ...but not when writing the sheet failed
        return path

    create_temporary_file.qualcode = True  # type: ignore[attr-defined]
    module.create_temporary_file = create_temporary_file


@contextlib.contextmanager
def _exporting_to(path: Path) -> Iterator[None]:
    _hook_openpyxl()
    previous = getattr(_exporting, "target", None), getattr(_exporting, "made", [])
    _exporting.target, _exporting.made = path, []
    try:
        yield
    finally:
        for made in _exporting.made:
            Path(made).unlink(missing_ok=True)
        _exporting.target, _exporting.made = previous


_LXML_IO = {"IO_ENOSPC": errno.ENOSPC, "IO_EFBIG": errno.EFBIG, "IO_EACCES": errno.EACCES}


def _refused_write(exc: Exception) -> OSError | None:
    """lxml (inside openpyxl) reports a refused write as ``SerialisationError('IO_ENOSPC')``
    rather than an ``OSError``: the same failure, in the shape :func:`write_error` reads."""
    if type(exc).__name__ != "SerialisationError":
        return None
    code = str(exc).strip()
    if not code.startswith("IO_"):
        return None
    number = _LXML_IO.get(code, errno.EIO)
    return OSError(number, os.strerror(number))


def _close_sheet_streams(exc: BaseException) -> None:
    """Close the worksheet stream openpyxl left suspended when its write failed.

    Left alone, the garbage collector closes it later, its file is flushed again, and the same
    failure is printed as an "Exception ignored" traceback. Closing it here, where the failure
    is already being reported, raises that second error where it can be dropped."""
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            stream = getattr(value, "xf", None)
            if inspect.isgenerator(stream):
                with contextlib.suppress(Exception):  # the same refused write, again
                    stream.close()
        tb = tb.tb_next


def replace_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file next to ``path``, then rename it over ``path``."""
    path = Path(path)
    tmp = temporary_beside(path)
    try:
        with _exporting_to(path):
            write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise write_error(exc, path) from None
    except Exception as exc:
        refused = _refused_write(exc)
        if refused is None:
            raise
        _close_sheet_streams(exc)
        raise write_error(refused, path) from None
    finally:
        tmp.unlink(missing_ok=True)


def save_document_atomically(path: Path, document: Any) -> Path:
    """A python-docx ``document`` to ``path``: serialised in memory first, so a refused write
    is one plain ``OSError`` on the file (python-docx leaves its zip open on a failure, and the
    garbage collector would print its second failure as a traceback)."""

    def write(tmp: Path) -> None:
        buffer = io.BytesIO()
        document.save(buffer)
        tmp.write_bytes(buffer.getvalue())

    replace_atomically(Path(path), write)
    return Path(path)


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """``data`` to ``path``, all or nothing (a chart, an image)."""

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    replace_atomically(path, write)
    return path
