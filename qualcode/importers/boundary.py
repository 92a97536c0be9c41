"""One error boundary around every importer: whatever a parser raises becomes a clear error.

Importers read untrusted files with third-party parsers (python-docx, openpyxl, pypdf, lxml,
zipfile, striprtf, the csv module). Each of them raises its own exceptions on a damaged file, and
new versions add more; listing them at each call site always misses one (a changed byte in a zip
header makes ``zipfile`` raise ``NotImplementedError``; malformed XML inside an .xlsx reaches us as
lxml's ``XMLSyntaxError``). So the public entry points (:func:`load_file`, :func:`read_refi`,
:func:`read_framework`) are wrapped here: a :class:`FileImportError` passes through unchanged, and
any other ``Exception`` becomes one line naming the file and the kind of damage. The original
exception stays chained (``__cause__``) and logged for a bug report; its text is not shown, since
parser messages can quote the file's contents.

The same boundary holds the one rule for control characters: NUL and the other C0 controls (but
tab and line breaks), DEL, lone surrogates and the non-characters U+FFFE/U+FFFF become spaces in
every string an importer returns, REFI included. A space keeps every offset valid (a REFI
selection, a speaker turn), SQLite's ``length()`` stops at a NUL, and XML exports cannot carry the
rest; the import's warnings say how many were replaced.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ExpatError

from qualcode.domain.errors import QualCodeError
from qualcode.importers.model import FileImportError

log = logging.getLogger(__name__)

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

P = ParamSpec("P")
R = TypeVar("R")


def _xml_place(exc: BaseException) -> str:
    """'line 3, column 17' from lxml's, ElementTree's or expat's error, when they say it."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "offset", None)
    position = getattr(exc, "position", None)
    if line is None and isinstance(position, tuple) and len(position) == 2:
        line, column = position
    if isinstance(line, int) and line > 0:
        return f" at line {line}" + (f", column {column}" if isinstance(column, int) else "")
    return ""


def cause(exc: BaseException) -> str:
    """What went wrong, as a short phrase, without quoting the file's contents or paths."""
    kind = type(exc).__name__
    if kind in ("DTDForbidden", "EntitiesForbidden", "ExternalReferenceForbidden"):
        return "XML entities or a DTD, refused for safety"
    if isinstance(exc, (ParseError, ExpatError)) or kind == "XMLSyntaxError":
        return f"malformed XML{_xml_place(exc)}"
    if isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile)) or (
        isinstance(exc, NotImplementedError) and "zip" in str(exc).lower()
    ):
        return "a damaged zip container, or a zip feature that cannot be read"
    if isinstance(exc, NotImplementedError) and "compression" in str(exc).lower():
        return "a zip compression method that cannot be read"
    if isinstance(exc, (zlib.error, EOFError)):
        return "damaged or cut-short compressed data"
    if isinstance(exc, UnicodeError):
        return "a text encoding that cannot be read; save it as UTF-8"
    if isinstance(exc, KeyError):
        return "a part the format requires is missing"
    if isinstance(exc, MemoryError):
        return "too large to read into memory"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    if isinstance(exc, OSError):
        return f"a read error: {exc.strerror or kind}"
    origin = (type(exc).__module__ or "").split(".")[0]
    return kind if origin in ("builtins", "qualcode", "") else f"{origin} {kind}"


def describe(exc: BaseException) -> str:
    """The boundary's message for a failure no importer anticipated."""
    return f"the file is damaged or not in a layout QualCode reads ({cause(exc)})"


def guarded(read: Callable[P, R]) -> Callable[P, R]:
    """Wrap an importer entry point whose first argument is the file's path."""

    @functools.wraps(read)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = read(*args, **kwargs)
            replaced = scrub(result)
            if replaced:
                warnings = getattr(result, "warnings", None)
                if isinstance(warnings, list):
                    warnings.append(
                        f"replaced {replaced:,} control character(s) (such as NUL) with spaces"
                    )
            return result
        except (QualCodeError, ImportError):
            raise  # ours already; or a broken installation, which no file caused
        except Exception as exc:
            path = args[0] if args else kwargs.get("path", "the file")
            name = Path(str(path)).name
            log.debug("importing %s failed", name, exc_info=True)
            raise FileImportError(name, describe(exc)) from exc

    return wrapper


def clean_text(text: str) -> str:
    """``text`` with every control character replaced by a space (same length)."""
    return CONTROL.sub(" ", text)


def scrub(value: Any) -> int:
    """Clean every string inside ``value`` in place (dataclasses, lists, dicts); how many
    characters were replaced."""
    counter = [0]
    _scrub(value, counter)
    return counter[0]


def _clean(text: str, counter: list[int]) -> str:
    found = len(CONTROL.findall(text))
    if not found:
        return text
    counter[0] += found
    return CONTROL.sub(" ", text)


def _scrub(value: Any, counter: list[int]) -> Any:
    """The cleaned value: strings are replaced, containers and dataclasses changed in place."""
    if isinstance(value, str):
        return _clean(value, counter) if CONTROL.search(value) else value
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, (int, float, bool)) and item is not None:
                value[i] = _scrub(item, counter)
        return value
    if isinstance(value, tuple):
        return tuple(_scrub(item, counter) for item in value)
    if isinstance(value, dict):
        if any(isinstance(k, str) and CONTROL.search(k) for k in value):
            items = [(_scrub(k, counter), v) for k, v in value.items()]
            value.clear()
            value.update(items)
        for key, item in value.items():
            if not isinstance(item, (int, float, bool)) and item is not None:
                value[key] = _scrub(item, counter)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):  # not vars(): it would build a dict per object
            name = f.name
            item = getattr(value, name)
            if item is None or isinstance(item, (int, float, bool)):
                continue
            cleaned = _scrub(item, counter)
            if cleaned is not item:
                object.__setattr__(value, name, cleaned)  # frozen dataclasses too
    return value
