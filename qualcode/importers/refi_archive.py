"""Open a .qdpx (a zip from outside) safely and find its members the way vendors name them.

Refused before anything is read: names with ``..``, absolute paths, drive letters or backslashes
(path traversal), too many members, too much unpacked data, implausible compression ratios (zip
bombs; :func:`qualcode.importers.safety.check_zip`). Nothing is ever extracted to disk by name.

Tolerated: the project file may be ``project.qde``, ``Project.QDE`` or ``<Name>.qde`` (any single
``*.qde`` at the root); the folder ``sources/`` or ``Sources/``; upper-case extensions; GUIDs in
file names with braces or in upper case; source paths written as bare or relative names.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from qualcode.domain.refi import normalise_guid
from qualcode.importers.boundary import cause
from qualcode.importers.model import FileImportError
from qualcode.importers.safety import MAX_ZIP_UNPACKED, check_file, check_zip

_DRIVE = re.compile(r"^[A-Za-z]:")


def _check_name(name: str, file: str) -> None:
    parts = PurePosixPath(name).parts
    if (
        "\\" in name
        or name.startswith("/")
        or _DRIVE.match(name)
        or ".." in parts
        or "\x00" in name
    ):
        raise FileImportError(
            file, f"the archive holds an unsafe path '{name}' (path traversal); refusing it"
        )


class QdpxArchive:
    """A checked .qdpx; read members with :meth:`read` or :meth:`source`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = self.path.name
        check_file(self.path)
        check_zip(self.path, "REFI-QDA project (.qdpx)")
        self._zip = zipfile.ZipFile(self.path)
        infos = [i for i in self._zip.infolist() if not i.is_dir()]
        for info in infos:
            _check_name(info.filename, self.name)
        self._by_lower = {i.filename.lower(): i for i in infos}
        qdes = [i for i in infos if "/" not in i.filename and i.filename.lower().endswith(".qde")]
        if not qdes:
            raise FileImportError(self.name, "there is no .qde project file at the top level")
        if len(qdes) > 1:
            names = ", ".join(i.filename for i in qdes)
            raise FileImportError(
                self.name, f"there are several .qde files ({names}); expected one"
            )
        self.qde_name = qdes[0].filename
        # Sources by (normalised guid or lower-case stem, lower-case extension).
        self._sources: dict[tuple[str, str], zipfile.ZipInfo] = {}
        for info in infos:
            pure = PurePosixPath(info.filename)
            if len(pure.parts) == 2 and pure.parts[0].lower() == "sources":
                stem, ext = pure.stem, pure.suffix.lower().lstrip(".")
                self._sources[(normalise_guid(stem) or stem.lower(), ext)] = info

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> QdpxArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        if info.file_size > MAX_ZIP_UNPACKED:
            raise FileImportError(self.name, f"{info.filename} is too large; refusing it")
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_ZIP_UNPACKED + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise FileImportError(self.name, f"{info.filename} is damaged ({cause(exc)})") from None
        if len(data) > MAX_ZIP_UNPACKED:
            raise FileImportError(self.name, f"{info.filename} is too large; refusing it")
        return data

    def read_qde(self) -> bytes:
        return self._read(self._by_lower[self.qde_name.lower()])

    def open_qde(self) -> IO[bytes]:
        """The .qde member as a stream (zipfile stops at its declared size, checked here)."""
        info = self._by_lower[self.qde_name.lower()]
        if info.file_size > MAX_ZIP_UNPACKED:
            raise FileImportError(self.name, f"{info.filename} is too large; refusing it")
        return self._zip.open(info)

    def source(self, internal_path: str) -> tuple[str, bytes] | None:
        """The member an ``internal://<file>`` path, or a bare or relative name (``x.txt``,
        ``sources/x.txt``, ``./x.txt``), names, as (member name, bytes), if any. A name climbing
        out (``..``) names nothing."""
        ref = internal_path.strip().split("://", 1)[-1].replace("\\", "/")
        parts = [p for p in ref.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            return None
        ref = "/".join(parts)
        info = self._by_lower.get(f"sources/{ref}".lower()) or self._by_lower.get(ref.lower())
        if info is None:
            pure = PurePosixPath(ref)
            stem, ext = pure.stem, pure.suffix.lower().lstrip(".")
            info = self._sources.get((normalise_guid(stem) or stem.lower(), ext))
        if info is None:
            return None
        _check_name(info.filename, self.name)
        return info.filename, self._read(info)

    def source_by_guid(self, guid: str, ext: str) -> tuple[str, bytes] | None:
        info = self._sources.get((guid, ext))
        return (info.filename, self._read(info)) if info is not None else None
