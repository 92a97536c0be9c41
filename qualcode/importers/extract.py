"""Plain text out of the document formats researchers keep transcripts in.

Every format ends up in one shape so the transcript, grid and consultation parsers never care where
the text came from: ``\\n`` line endings, one paragraph per block, blocks separated by exactly one
blank line, soft line breaks inside a paragraph kept as ``\\n``, no surrounding whitespace. So
``text.split("\\n\\n")`` gives the paragraphs back.

Files are untrusted: sizes and zip containers are checked (``safety``) before a parser sees them,
and every library failure becomes a :class:`FileImportError` naming the file and, when known, the
place. Word and OpenDocument files are read in :mod:`qualcode.importers.extract_office`.
"""

from __future__ import annotations

import logging
import re
import struct
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError
from striprtf import striprtf

from qualcode.importers.boundary import cause
from qualcode.importers.encoding import MIXED, decode_bytes
from qualcode.importers.extract_office import read_docx, read_odt
from qualcode.importers.model import FileImportError
from qualcode.importers.safety import check_file, check_text_size


@dataclass
class ExtractedText:
    """The text of one file, normalised as described in the module docstring."""

    text: str
    format: str  # txt | docx | odt | rtf | pdf
    encoding: str | None = None  # the text encoding, for formats that have one
    warnings: list[str] = field(default_factory=list)


# A reader returns the file's blocks (paragraphs, table rows, pages) and adds to the warnings.
_Reader = Callable[[Path, list[str]], tuple[list[str], str | None]]

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|[\f\u2029]")
_LINE_BREAK = re.compile(r"\r\n|[\r\v\x85\u2028]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_MAX_WARNINGS = 20
# striprtf has no annotations; this is its signature.
_rtf_to_text = cast("Callable[[str, str, str], str]", striprtf.rtf_to_text)


def extract_text(path: Path) -> ExtractedText:
    """Read a .txt, .docx, .odt, .rtf or .pdf file. Raises :class:`FileImportError`."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        supported = ", ".join(_READERS)
        raise FileImportError(
            path.name,
            f"cannot extract text from '{suffix or 'no extension'}' files; "
            f"the supported formats are {supported}",
        )
    check_file(path)
    found: list[str] = []
    blocks, encoding = reader(path, found)
    text = join_paragraphs(blocks, found)
    check_text_size(text, path.name)
    return ExtractedText(text, suffix[1:], encoding, _limit_warnings(found))


def extract_docx_bytes(data: bytes, name: str) -> ExtractedText:
    """The text of a .docx held in memory (a source inside a REFI archive), read like a file."""
    found: list[str] = []
    blocks, encoding = read_docx(Path(name), found, data)
    text = join_paragraphs(blocks, found)
    check_text_size(text, name)
    return ExtractedText(text, "docx", encoding, _limit_warnings(found))


def join_paragraphs(blocks: Iterable[str], warnings_out: list[str] | None = None) -> str:
    """Normalise ``blocks`` (each one or more paragraphs) to the shape described above.

    Blank lines, form feeds and paragraph separators split a block into paragraphs; other line
    breaks become ``\\n``; whitespace-only lines and trailing spaces go; control characters are
    removed (counted in ``warnings_out``).
    """
    paragraphs: list[str] = []
    removed = 0
    for block in blocks:
        block = _LINE_BREAK.sub("\n", block)
        block, count = _CONTROL.subn("", block)
        removed += count
        for chunk in _PARAGRAPH_BREAK.split(block):
            lines = (line.rstrip() for line in chunk.split("\n"))
            paragraph = "\n".join(line for line in lines if line.strip()).strip()
            if paragraph:
                paragraphs.append(paragraph)
    if removed and warnings_out is not None:
        warnings_out.append(f"removed {removed:,} control characters")
    return "\n\n".join(paragraphs)


def _limit_warnings(found: list[str]) -> list[str]:
    unique = list(dict.fromkeys(found))
    if len(unique) <= _MAX_WARNINGS:
        return unique
    more = len(unique) - _MAX_WARNINGS
    return [*unique[:_MAX_WARNINGS], f"... and {more:,} more warnings"]


# --- plain text -------------------------------------------------------------------------------


def _read_txt(path: Path, found: list[str]) -> tuple[list[str], str | None]:
    text, encoding = decode_bytes(path.read_bytes(), path.name)
    check_text_size(text, path.name)  # before normalising a text too large to keep
    if encoding == MIXED:
        found.append(f"{path.name} mixes UTF-8 with Windows-1252 characters; both were read")
    return [text], encoding


# --- RTF --------------------------------------------------------------------------------------


def _read_rtf(path: Path, found: list[str]) -> tuple[list[str], str | None]:
    name = path.name
    data = path.read_bytes()
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise FileImportError(name, "this is not an RTF document (it does not start with {\\rtf)")
    try:
        source = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        # RTF is 7-bit; stray 8-bit bytes are not worth refusing the file for.
        source = data.decode("cp1252", errors="replace")
        found.append(f"some characters could not be read (first at byte {exc.start})")
    try:
        text = _rtf_to_text(source, "cp1252", "replace")
    except LookupError as exc:
        raise FileImportError(
            name, f"the RTF uses a character set QualCode cannot read ({exc})"
        ) from exc
    except (ValueError, OverflowError) as exc:
        raise FileImportError(name, f"the RTF is damaged ({cause(exc)})") from exc
    # striprtf writes \par, \line and table rows all as one newline: each line is a paragraph.
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), None


# --- PDF --------------------------------------------------------------------------------------


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(f"PDF: {record.getMessage()}")


@contextmanager
def _pypdf_messages(sink: list[str]) -> Iterator[None]:
    """Route pypdf's log records and Python warnings into ``sink`` instead of stderr."""
    logger = logging.getLogger("pypdf")
    handler = _ListHandler(sink)
    saved = logger.propagate, logger.level
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                yield
            finally:
                sink.extend(f"PDF: {w.message}" for w in caught)
    finally:
        logger.removeHandler(handler)
        logger.propagate, level = saved
        logger.setLevel(level)


def _read_pdf(path: Path, found: list[str]) -> tuple[list[str], str | None]:
    library_errors = (
        PyPdfError,
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        AssertionError,
        OverflowError,
        RecursionError,
        NotImplementedError,
        zlib.error,
        struct.error,
    )
    name = path.name
    pages: list[str] = []
    with _pypdf_messages(found):
        try:
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted:
                _decrypt(reader, name)
            page_count = len(reader.pages)
        except FileImportError:
            raise
        except DependencyError as exc:
            raise FileImportError(
                name, f"this PDF is encrypted and cannot be opened ({exc})"
            ) from exc
        except library_errors as exc:
            raise FileImportError(name, f"this PDF is damaged or not a PDF ({cause(exc)})") from exc
        empty: list[int] = []
        for number in range(1, page_count + 1):
            try:
                # Layout mode keeps the vertical gaps between paragraphs as blank lines;
                # the horizontal padding it adds is squeezed out below.
                raw = reader.pages[number - 1].extract_text(extraction_mode="layout")
                text = "\n".join(" ".join(line.split()) for line in raw.splitlines())
            except library_errors as exc:
                raise FileImportError(
                    name, f"the PDF is damaged ({cause(exc)})", f"page {number}"
                ) from exc
            if not text.strip():
                empty.append(number)
            pages.append(text)
    if len(empty) == len(pages):
        raise FileImportError(name, "no text layer (a scanned PDF?); run OCR first")
    if empty:
        listed = ", ".join(str(n) for n in empty[:10]) + (", ..." if len(empty) > 10 else "")
        found.append(f"{len(empty)} page(s) have no text (images only?): {listed}")
    return pages, None


def _decrypt(reader: PdfReader, name: str) -> None:
    """Open a PDF encrypted without a user password (restrictions only); refuse the others."""
    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise FileImportError(
            name, "this PDF is password-protected; save an unprotected copy and import that"
        )


_READERS: dict[str, _Reader] = {
    ".txt": _read_txt,
    ".docx": read_docx,
    ".odt": read_odt,
    ".rtf": _read_rtf,
    ".pdf": _read_pdf,
}
