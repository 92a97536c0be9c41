"""What an importer returns: documents with their parts, and the cases and questions they cite.

Offsets are code-point indices into ``ImportedDocument.text`` (``\\n`` line endings only), end
exclusive, exactly as stored. Cases and questions are referred to by key (a speaker's or
respondent's normalised name, a question's instrument and label) so the import service can match
them against what the project already has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.domain.errors import QualCodeError


class FileImportError(QualCodeError):
    """A file cannot be imported. The message names the file and the place (line, row, cue)."""

    def __init__(self, file: str, message: str, where: str | None = None) -> None:
        place = f" ({where})" if where else ""
        # one line, whatever a parser's message held (the CLI prints it as one)
        super().__init__(" ".join(f"{file}{place}: {message}".split()))
        self.file = file
        self.where = where


@dataclass
class ImportedPart:
    """A speaker turn, a survey or form answer, a quote, a paragraph."""

    start: int
    end: int
    kind: str = "turn"  # turn | answer | paragraph | quote | cue
    speaker: str | None = None  # key into ImportBatch.cases
    time_ms: int | None = None
    question: str | None = None  # key into ImportBatch.questions


@dataclass
class ImportedQuestion:
    label: str  # "Q3", "QA1", "QC10" or a survey column heading
    text: str = ""
    instrument: str = ""
    options: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.instrument}\x1f{self.label}"


@dataclass
class ImportedCase:
    name: str  # as first seen; matching uses normalise_speaker(name)
    attributes: dict[str, str] = field(default_factory=dict)
    is_facilitator: bool = False


@dataclass
class ImportedDocument:
    name: str
    kind: str  # a DocumentKind value
    text: str
    parts: list[ImportedPart] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # document attributes
    original_name: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportBatch:
    """Everything one imported file yields."""

    source: str  # the file's name, for messages
    content_hash: str  # of the file's bytes: re-imports are detected with it
    documents: list[ImportedDocument] = field(default_factory=list)
    cases: dict[str, ImportedCase] = field(default_factory=dict)  # by normalised key
    questions: dict[str, ImportedQuestion] = field(default_factory=dict)  # by .key
    attribute_types: dict[str, str] = field(default_factory=dict)  # name -> AttributeType value
    warnings: list[str] = field(default_factory=list)
    # The layout recognised, for the preview and the provenance ("Qualtrics CSV (3 header rows)").
    layout: str = ""
    # A category attribute's options, in order of first appearance (name -> options).
    attribute_options: dict[str, list[str]] = field(default_factory=dict)
    # Tables only: each column's role as imported ("id", "question", "attribute", "ignored"),
    # in file order, so a preview can show them and let the user change them.
    column_roles: dict[str, str] = field(default_factory=dict)


def normalise_speaker(label: str) -> str:
    """The matching key of a speaker label: case and spacing do not make a different person."""
    return " ".join(label.replace("\u00a0", " ").split()).casefold()


@dataclass
class Cue:
    """One cue of a WebVTT or SRT file, as read (before speaker detection)."""

    index: int  # 1-based position in the file, for messages
    start_ms: int
    end_ms: int
    text: str  # the cue's text with markup other than voice tags removed
    voice: str | None = None  # from a WebVTT <v Name> tag
    identifier: str | None = field(default=None, compare=False)  # the cue id line, if any
