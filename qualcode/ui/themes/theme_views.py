"""Plain rows the theme widgets are given: no Qt, no database.

The theme panel, editor, review dialogs and phase tracker only *show* these and emit signals; the
owner (the main window) builds them from the services' output, runs the undoable service an action
asks for, and hands the widgets fresh rows. Keeping the rows here, apart from both the services and
the widgets, lets the services change shape without touching a widget, and lets tests build a
widget's whole world in a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qualcode.services.coding.retrieval import Extract

# Braun & Clarke's phase 5 progression, with "discarded" kept (nothing is thrown away).
STATUSES: tuple[str, ...] = ("candidate", "reviewed", "defined", "final", "discarded")


@dataclass(frozen=True)
class ThemeRow:
    """A theme or sub-theme with its linked codes and context counts (never proof of weight)."""

    id: int
    name: str
    parent_id: int | None = None
    status: str = "candidate"
    colour: str = "#888888"
    is_miscellaneous: bool = False
    definition: str = ""
    central_concept: str = ""
    scope: str = ""
    narrative: str = ""
    codes: list[tuple[int, str]] = field(default_factory=list)  # (code id, code name)
    extracts: int = 0
    documents: int = 0
    participants: int = 0
    counted: bool = True  # False while the counts are being computed in the background


@dataclass(frozen=True)
class ReviewGroup:
    """One code's extracts within a theme, for the phase 4 level 1 read-through."""

    code_id: int
    code_name: str
    extracts: list[Extract] = field(default_factory=list)
    key_coding_ids: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class CoverageRow:
    """A document's share of coded text (0-1) and its number of codings."""

    document_id: int
    name: str
    coverage: float
    codings: int


@dataclass(frozen=True)
class Passage:
    """An uncoded stretch of a document (code-point offsets, end exclusive)."""

    document_id: int
    document_name: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PhaseInfo:
    """The current phase and its checklist: (item id, text) pairs and the ids already ticked."""

    number: int
    name: str
    checklist: list[tuple[str, str]] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class LogEntry:
    """A row of the audit trail: a structural change or a recorded analytic decision."""

    at: str  # ISO time as stored
    author: str
    kind: str  # "change" or "decision"
    summary: str
