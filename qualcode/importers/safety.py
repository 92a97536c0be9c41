"""Limits for untrusted files: sizes, zip containers (docx, odt, xlsx), and readable errors.

A .docx or .xlsx is a zip: a crafted one can expand to gigabytes (a zip bomb) or carry hundreds of
thousands of members. We look at the zip's directory before any parser touches it.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from qualcode.importers.boundary import cause
from qualcode.importers.model import FileImportError

MAX_FILE_BYTES = 200 * 1024 * 1024  # the file on disk
MAX_TEXT_CHARS = 60_000_000  # extracted text of one file (about 10 million words)
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNPACKED = 500 * 1024 * 1024
MAX_ZIP_RATIO = 200  # unpacked / packed, per member, for members over 1 MB


def check_file(path: Path) -> int:
    """The file's size, after refusing missing, empty and oversized files."""
    name = path.name
    if not path.exists():
        raise FileImportError(name, "no such file")
    if path.is_dir():
        raise FileImportError(name, "this is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise FileImportError(name, "the file is empty")
    if size > MAX_FILE_BYTES:
        raise FileImportError(
            name, f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB"
        )
    return size


def check_text_size(text: str, file: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise FileImportError(
            file,
            f"the text has {len(text):,} characters; one file may hold at most "
            f"{MAX_TEXT_CHARS:,}. Split it into smaller files.",
        )


def check_zip(path: Path, kind: str, data: bytes | None = None) -> None:
    """Refuse a container that is not a zip, is damaged, or would unpack too far.

    ``data``, when given, is the container's bytes (a .docx inside a REFI archive): it is checked
    in memory, and ``path`` only names it."""
    name = path.name
    source: Path | io.BytesIO = io.BytesIO(data) if data is not None else path
    if not zipfile.is_zipfile(source):
        raise FileImportError(name, f"this is not a valid {kind} file (damaged or not a {kind})")
    size = len(data) if data is not None else path.stat().st_size
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ZIP_MEMBERS:
                raise FileImportError(name, f"the {kind} holds {len(infos):,} parts; refusing it")
            total = 0
            for info in infos:
                total += info.file_size
                if (
                    info.file_size > 1_000_000
                    and info.compress_size
                    and (info.file_size / info.compress_size > MAX_ZIP_RATIO)
                ):
                    raise FileImportError(
                        name,
                        f"{info.filename} expands {info.file_size // info.compress_size}"
                        " times: this looks like a zip bomb; refusing it",
                    )
            if total > MAX_ZIP_UNPACKED:
                raise FileImportError(
                    name, f"the {kind} would unpack to {total / 1e6:.0f} MB; refusing it"
                )
            try:
                bad = zf.testzip() if size < 20_000_000 else None
            except (zlib.error, EOFError, OSError) as exc:
                raise FileImportError(name, f"the {kind} is damaged ({cause(exc)})") from None
            if bad is not None:
                raise FileImportError(name, f"the {kind} is damaged ({bad} is corrupt)")
    except zipfile.BadZipFile as exc:
        raise FileImportError(name, f"the {kind} is damaged ({cause(exc)})") from None
