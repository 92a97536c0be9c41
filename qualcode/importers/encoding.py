"""Turn bytes into text: BOMs first, then UTF-8, then detection (charset-normalizer).

Researchers' files come from Word on Windows (cp1252), Excel's "Unicode text" (UTF-16), Macs and
web forms (UTF-8, with or without BOM). A file that is really binary is refused clearly rather than
imported as mojibake.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from qualcode.importers.model import FileImportError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows as every other byte zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_zero > 0.4 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.4 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Decode ``data`` and normalise line endings; return ``(text, encoding name)``.

    Raises :class:`FileImportError` naming ``file`` for binary content or undecodable text.
    """
    encoding: str | None = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    if encoding is None:
        encoding = _utf16_without_bom(data)
    if encoding is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            if _looks_binary(data):
                raise FileImportError(file, "this is not a text file (binary content)") from None
            mixed = _utf8_with_cp1252(data)
            if mixed is not None:
                return mixed, MIXED
            best = from_bytes(data[:200_000]).best()
            if best is None or best.encoding is None:
                raise FileImportError(
                    file, "the text encoding could not be recognised", f"byte {exc.start}"
                ) from None
            encoding = best.encoding
            # cp1252 is what Windows tools write; prefer it over close relatives.
            if encoding in ("cp1250", "cp1251", "latin_1", "iso8859_1", "iso8859_15"):
                encoding = "cp1252" if _decodes(data, "cp1252") else encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f"byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else None
        raise FileImportError(file, f"the text is not valid {encoding}", where) from None
    if encoding == "utf-8" and _looks_binary(data):
        raise FileImportError(file, "this is not a text file (binary content)")
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


MIXED = "utf-8 with some Windows-1252 characters"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("qualcode-cp1252", _cp1252_fallback)


def _utf8_with_cp1252(data: bytes) -> str | None:
    """Text pasted together from UTF-8 and Windows sources: mostly valid UTF-8 (with real
    multi-byte characters) and a few stray cp1252 bytes such as a lone 0x92 apostrophe.
    Decoding it all as cp1252 would garble every UTF-8 character, so repair byte by byte."""
    decoded = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for ch in decoded if 0xDC80 <= ord(ch) <= 0xDCFF)
    genuine = sum(1 for ch in decoded if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)
    if genuine == 0 or stray > genuine or stray > 50:
        return None
    text = data.decode("utf-8", errors="qualcode-cp1252")
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
