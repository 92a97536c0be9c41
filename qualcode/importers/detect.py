"""Choose the importer for a file and run it: the one entry point the CLI, GUI and bench use.

Detection is by extension, then by content: a text with consultation question ids (``QA1.``) is a
consultation response; one with ``Label: value`` header fields and numbered questions is a research
grid; otherwise a transcript (with speaker turns if any are found). A table with a quote column is a
quote sheet, otherwise a survey. ``ImportOptions.as_`` overrides the guess.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qualcode.importers.boundary import guarded
from qualcode.importers.model import FileImportError, ImportBatch, ImportedPart
from qualcode.importers.safety import check_file

Kind = Literal["transcript", "grid", "survey", "consultation", "quotes"]
KINDS: tuple[str, ...] = ("transcript", "grid", "survey", "consultation", "quotes")
TEXT_SUFFIXES = {".txt", ".docx", ".odt", ".rtf", ".pdf"}
CUE_SUFFIXES = {".vtt", ".srt"}
TABLE_SUFFIXES = {".csv", ".tsv", ".xlsx"}

_CONSULTATION_ID = re.compile(r"^Q[A-Z]\d{1,3}\b", re.M)
_NUMBERED_QUESTION = re.compile(
    r"^(?:Q\d{1,2}\s*[.:)]|Question\s+\d{1,2}\s*[.:]|\d{1,2}[.)]\s)", re.M | re.I
)
_HEADER_FIELD = re.compile(r"^[A-Z][A-Za-z /]{1,30}:\s*\S", re.M)
_QUOTE_HEADERS = {"quote", "quotes", "extract", "verbatim", "quotation"}


@dataclass
class ImportOptions:
    """What the user can say about a file (CLI flags, the import dialog)."""

    as_: Kind | None = None
    name: str | None = None  # document name (default: the file's stem)
    document_kind: str | None = None  # DocumentKind value, e.g. "interview"
    speaker_pattern: str | None = None
    facilitators: list[str] = field(default_factory=list)
    speaker_map: dict[str, str] = field(default_factory=dict)
    question_pattern: str | None = None  # consultation question ids
    respondent: str | None = None  # consultation: the responding organisation
    instrument: str | None = None  # survey or grid instrument name
    id_column: str | None = None
    attribute_columns: list[str] | None = None
    question_columns: list[str] | None = None
    layout: Literal["per_question", "per_respondent"] = "per_question"
    sheet: str | None = None
    # transcripts: keep consecutive blocks by one speaker as separate turns (default: merge them)
    keep_same_speaker_blocks: bool = False


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def guess_text_kind(text: str) -> Kind:
    if len(_CONSULTATION_ID.findall(text)) >= 2:
        return "consultation"
    questions = list(_NUMBERED_QUESTION.finditer(text))
    if len(questions) >= 2:
        head = text[: questions[0].start()]
        if len(_HEADER_FIELD.findall(head)) >= 2:
            return "grid"
    return "transcript"


@guarded
def load_file(path: Path, options: ImportOptions | None = None) -> ImportBatch:
    """Read ``path`` with the right importer. Raises :class:`FileImportError` on bad input."""
    opts = options or ImportOptions()
    path = Path(path)
    check_file(path)
    suffix = path.suffix.lower()
    source = path.name
    digest = file_hash(path)
    name = opts.name or path.stem
    if suffix in CUE_SUFFIXES:
        from qualcode.importers.cues import read_cues
        from qualcode.importers.transcript import transcript_from_cues

        return transcript_from_cues(
            read_cues(path),
            name=name,
            source=source,
            content_hash=digest,
            kind=opts.document_kind or "interview",
            facilitators=tuple(opts.facilitators),
            speaker_map=opts.speaker_map or None,
            merge_same_speaker=not opts.keep_same_speaker_blocks,
            pattern=opts.speaker_pattern,
        )
    if suffix in TABLE_SUFFIXES:
        return _load_table(path, opts, digest)
    if suffix not in TEXT_SUFFIXES:
        supported = ", ".join(sorted(TEXT_SUFFIXES | CUE_SUFFIXES | TABLE_SUFFIXES))
        raise FileImportError(
            source,
            f"QualCode cannot import '{suffix or 'no extension'}' files; it imports {supported}",
        )
    from qualcode.importers.extract import extract_text

    extracted = extract_text(path)
    kind = opts.as_ or guess_text_kind(extracted.text)
    if kind in ("survey", "quotes"):
        raise FileImportError(source, f"a {kind} must be a .csv or .xlsx table")
    batch = _text_batch(extracted.text, kind, name, source, digest, opts, extracted.format)
    batch.warnings[:0] = extracted.warnings
    return batch


def _text_batch(
    text: str,
    kind: Kind,
    name: str,
    source: str,
    digest: str,
    opts: ImportOptions,
    source_format: str = "txt",
) -> ImportBatch:
    if kind == "consultation":
        from qualcode.importers.consultation import consultation_from_text

        return consultation_from_text(
            text,
            name=name,
            source=source,
            content_hash=digest,
            respondent=opts.respondent or "Respondent",
            question_pattern=opts.question_pattern,
        )
    if kind == "grid":
        from qualcode.importers.grid import grid_from_text

        return grid_from_text(
            text,
            name=name,
            source=source,
            content_hash=digest,
            instrument=opts.instrument or "Research grid",
        )
    from qualcode.importers.transcript import transcript_from_text

    batch = transcript_from_text(
        text,
        name=name,
        source=source,
        content_hash=digest,
        kind=opts.document_kind or "focus_group",
        pattern=opts.speaker_pattern,
        facilitators=tuple(opts.facilitators),
        speaker_map=opts.speaker_map or None,
        merge_same_speaker=not opts.keep_same_speaker_blocks,
        source_format=source_format,
    )
    if opts.document_kind is None:
        for doc in batch.documents:
            doc.kind = _transcript_kind(batch, doc.parts)
    return batch


def _transcript_kind(batch: ImportBatch, parts: list[ImportedPart]) -> str:
    """No speakers: field notes; one participant besides an interviewer: an interview."""
    speakers = {p.speaker for p in parts if p.speaker}
    if not speakers:
        return "field_notes"
    participants = [k for k in speakers if k in batch.cases and not batch.cases[k].is_facilitator]
    return "interview" if len(participants) == 1 else "focus_group"


def _load_table(path: Path, opts: ImportOptions, digest: str) -> ImportBatch:
    from qualcode.importers.quotes import quotes_from_table
    from qualcode.importers.survey import (
        SurveyOptions,
        override_roles,
        suggest_roles,
        survey_from_table,
    )
    from qualcode.importers.table import read_table

    table = read_table(path, opts.sheet)
    kind = opts.as_
    if kind is None:
        headers = {h.strip().casefold() for h in table.headers}
        kind = "quotes" if headers & _QUOTE_HEADERS else "survey"
    if kind == "quotes":
        batch = quotes_from_table(table, content_hash=digest)
    elif kind == "survey":
        # Roles the user gave win over the guess (and take their columns out of it).
        roles = override_roles(
            table,
            suggest_roles(table),
            id_column=opts.id_column,
            attribute_columns=opts.attribute_columns,
            question_columns=opts.question_columns,
        )
        survey = SurveyOptions.from_roles(
            roles, layout=opts.layout, instrument=opts.instrument or path.stem
        )
        batch = survey_from_table(table, survey, content_hash=digest)
    else:
        raise FileImportError(path.name, f"a table cannot be imported as a {kind}")
    batch.warnings[:0] = table.warnings
    return batch
