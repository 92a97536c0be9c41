"""Read a project's text sources: their text (inline, in ``sources/``, or from a .docx) and their
selections, with positions converted to code points of the normalised text.

NVivo for Mac writes an empty ``.txt`` beside a ``.docx``: the text then comes from the docx (its
positions may be approximate; the report says so). A source whose ``internal://`` file is missing
is skipped and named in the report (the whole file is refused only when nothing else could be
read); sources kept outside the archive, and pictures, PDFs, audio and video, are reported as not
carried. ``plainTextPath`` may be ``internal://x.txt`` or, as some tools write it, a bare or
relative name (``x.txt``, ``sources/x.txt``, ``./x.txt``): both are found inside the archive.
"""

from __future__ import annotations

import codecs
import re
import sys
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.refi import RefiCoding, RefiSelection, RefiSource, RefiValue
from qualcode.domain.text_offsets import crlf_positions
from qualcode.importers.encoding import decode_bytes
from qualcode.importers.extract import extract_docx_bytes
from qualcode.importers.model import FileImportError
from qualcode.importers.refi_archive import QdpxArchive
from qualcode.importers.refi_positions import PositionedText, convert_spans, detect_convention
from qualcode.importers.refi_xml import (
    guid_of,
    kid,
    kid_text,
    kids,
    local,
    optional_guid,
    parse_datetime,
    ref_guids,
)

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_DRIVE = re.compile(r"^[A-Za-z]:")
NON_TEXT = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class _Pending:
    source: RefiSource
    positioned: PositionedText
    selections: list[RefiSelection] = field(default_factory=list)


def _short_interned(text: str) -> str:
    """Short names and descriptions recur (``QualCode part: turn``, speaker labels): one copy."""
    return sys.intern(text) if len(text) < 80 else text


def read_values(el: etree._Element) -> list[RefiValue]:
    """VariableValue children: the variable's GUID and the value as written."""
    out: list[RefiValue] = []
    for vv in kids(el, "VariableValue"):
        ref = kid(vv, "VariableRef")
        guid = optional_guid(ref, "targetGUID") if ref is not None else None
        if guid is None:
            continue
        for child in vv:
            name = local(child)
            if name.endswith("Value"):
                out.append(RefiValue(guid, (child.text or "").strip()))
                break
    return out


def is_outside(path: str) -> bool:
    """A path to a file outside the archive: a URL or file:// path, absolute, a drive or a UNC
    share. ``internal://x.txt`` and bare or relative names (``x.txt``, ``sources/x.txt``) are
    looked for inside it."""
    lowered = path.strip().lower()
    if lowered.startswith("internal://"):
        return False
    return "://" in lowered or lowered.startswith(("/", "\\")) or bool(_DRIVE.match(lowered))


def _docx_text(data: bytes, member: str, file: str) -> str:
    """Read in memory: a source's text is never written outside the project."""
    try:
        return extract_docx_bytes(data, member).text
    except FileImportError as exc:
        raise FileImportError(file, f"the Word source inside it is unreadable: {exc}") from exc


class SourceReader:
    def __init__(self, archive: QdpxArchive | None, file: str) -> None:
        self.archive = archive
        self.file = file
        self.lines: list[str] = []
        self.skipped_kinds: dict[str, int] = {}
        self.from_docx: list[str] = []
        self.missing: list[str] = []  # sources whose text is not in the archive
        self.pending: list[_Pending] = []

    def _raw_text(self, el: etree._Element, guid: str, name: str) -> tuple[str, bool] | None:
        """The decoded text and whether its file began with a BOM; ``None`` when kept outside."""
        inline = kid(el, "PlainTextContent")
        if inline is not None and inline.text:
            return inline.text, False
        if self.archive is None:
            return "", False
        path = el.get("plainTextPath") or ""
        found = None
        if path and is_outside(path):
            self.lines.append(f"'{name}' is kept outside the project file ({path}); skipped it.")
            return None
        written = (el.get("guid") or "").strip().lower()
        if path:  # internal://x.txt, or a bare or relative name (x.txt, sources/x.txt, ./x.txt)
            found = self.archive.source(path)
        if found is None:
            found = self.archive.source_by_guid(guid, "txt")
        if found is None and written:
            found = self.archive.source_by_guid(written, "txt")
        data = found[1] if found else b""
        if not data.strip(b"\xef\xbb\xbf \r\n\t"):
            rich = el.get("richTextPath") or ""
            docx = self.archive.source(rich) if rich.lower().endswith(".docx") else None
            docx = docx or self.archive.source_by_guid(guid, "docx")
            if docx is not None:
                self.from_docx.append(name)
                return _docx_text(docx[1], docx[0], self.file), False
            if found is None:
                selections = sum(1 for _ in kids(el, "PlainTextSelection"))
                message = f"the text of source '{name}' ({path or guid}) is missing"
                self.missing.append(message)
                self.lines.append(
                    f"Source '{name}': its text ({path or guid}) is not in the file; skipped it"
                    + (f" with its {selections:,} selection(s)." if selections else ".")
                )
                return None
            return "", False
        has_bom = data.startswith(_BOMS)
        try:
            # REFI-QDA sources are UTF-8; keep the CRLFs, they tell how positions were counted.
            return data.decode("utf-8-sig"), has_bom
        except UnicodeDecodeError:
            pass
        try:
            text, encoding = decode_bytes(data, found[0] if found else name)
        except FileImportError as exc:  # name the archive the user chose, then the member
            raise FileImportError(self.file, str(exc)) from exc
        self.lines.append(f"'{name}' was not UTF-8 but {encoding}; decoded it as such.")
        if has_bom and encoding.startswith("utf-16"):
            self.lines.append(f"'{name}' is UTF-16: line endings were normalised before counting.")
        return text, has_bom

    def read(self, sources_el: etree._Element | None) -> list[RefiSource]:
        """Every source under ``sources_el`` (see :meth:`add` and :meth:`finish`)."""
        if sources_el is None:
            return []
        for el in sources_el:
            self.add(el)
        return self.finish()

    def add(self, el: etree._Element) -> None:
        """Read one child of ``<Sources>``; the element may be discarded afterwards."""
        kind = local(el)
        if kind in NON_TEXT:
            self.skipped_kinds[kind] = self.skipped_kinds.get(kind, 0) + 1
        elif kind == "TextSource":
            item = self._source(el)
            if item is not None:
                self.pending.append(item)

    def finish(self) -> list[RefiSource]:
        """The sources added, their selections converted to code points of their texts."""
        pending, self.pending = self.pending, []
        detection = detect_convention([p.positioned for p in pending])
        self.lines += detection.lines
        outside = zero = rounded = 0
        for item in pending:
            spans, n_rounded = convert_spans(item.positioned, detection.convention)
            rounded += n_rounded
            for sel, span in zip(item.selections, spans, strict=True):
                if span is None:
                    outside += 1
                elif span[0] >= span[1]:
                    zero += 1
                else:
                    sel.start, sel.end = span
                    item.source.selections.append(sel)
        for kind, count in sorted(self.skipped_kinds.items()):
            self.lines.append(f"{count} {kind} item(s) are not text; not carried.")
        if self.from_docx:
            self.lines.append(
                f"{len(self.from_docx)} source(s) had only a .docx; took the text from it "
                f"(positions may be approximate): {', '.join(self.from_docx[:5])}"
            )
        if zero:
            self.lines.append(f"{zero} zero-length or reversed selection(s) skipped.")
        if outside:
            self.lines.append(f"{outside} selection(s) outside their text skipped.")
        if rounded:
            self.lines.append(f"{rounded} selection(s) ended inside a character; widened.")
        return [p.source for p in pending]

    def _source(self, el: etree._Element) -> _Pending | None:
        guid = guid_of(el, self.file)
        name = " ".join((el.get("name") or "").split()) or f"Source {guid[:8]}"
        raw = self._raw_text(el, guid, name)
        if raw is None:
            return None
        text, crlf = crlf_positions(raw[0].removeprefix("\ufeff"))
        source = RefiSource(
            guid=guid,
            name=name,
            text=text,
            user_guid=optional_guid(el, "creatingUser"),
            created=parse_datetime(el.get("creationDateTime")),
            description=kid_text(el, "Description").strip(),
            note_guids=ref_guids(el, "NoteRef"),
            values=read_values(el),
        )
        item = _Pending(source, PositionedText(text, crlf, raw[1]))
        for sel in kids(el, "PlainTextSelection"):
            try:
                start = int(sel.get("startPosition") or "")
                end = int(sel.get("endPosition") or "")
            except ValueError:
                raise FileImportError(
                    self.file, "a selection has no valid position", f"line {sel.sourceline}"
                ) from None
            item.selections.append(
                RefiSelection(
                    guid=guid_of(sel, self.file),
                    start=start,
                    end=end,
                    user_guid=optional_guid(sel, "creatingUser"),
                    created=parse_datetime(sel.get("creationDateTime")),
                    description=_short_interned(kid_text(sel, "Description").strip()),
                    codings=self._codings(sel) or (),
                    note_guids=ref_guids(sel, "NoteRef") or (),
                    name=_short_interned((sel.get("name") or "").strip()),
                )
            )
            item.positioned.spans.append((start, end))
        whole = self._codings(el)
        if whole and text:
            source.selections.append(
                RefiSelection(guid=guid, start=0, end=len(text), codings=whole)
            )
        return item

    def _codings(self, el: etree._Element) -> list[RefiCoding]:
        out: list[RefiCoding] = []
        for coding in kids(el, "Coding"):
            ref = kid(coding, "CodeRef")
            code = optional_guid(ref, "targetGUID") if ref is not None else None
            if code is None:
                self.lines.append(f"A coding without a code (line {coding.sourceline}) skipped.")
                continue
            out.append(
                RefiCoding(
                    guid=guid_of(coding, self.file),
                    code_guid=code,
                    user_guid=optional_guid(coding, "creatingUser"),
                    created=parse_datetime(coding.get("creationDateTime")),
                    note_guids=ref_guids(coding, "NoteRef") or (),
                )
            )
        return out
