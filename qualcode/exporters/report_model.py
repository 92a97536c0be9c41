"""Plain data for the write-up exports: theme x priority matrices, codebooks, quote banks.

The services gather what a report needs (counts, links, chosen quotes, attribution labels) into
these dataclasses; the Excel and Word writers turn them into files. Nothing here knows about the
database or Qt, so the writers can be tested with hand-built reports and the same data can feed the
CLI and the GUI. Everything a reader of the report sees is already a string: the attribution label
is built from the case attributes upstream, so a reused quote reads the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final, Literal

Measure = Literal["extracts", "documents", "participants", "strength", "quotes"]
MEASURES: Final[tuple[str, ...]] = ("extracts", "documents", "participants", "strength", "quotes")

# Reserved column keys: themes linked to no framework item, and themes that cut across all of them.
NOT_MAPPED: Final = "__not_mapped__"
CROSS_CUTTING: Final = "__cross_cutting__"

DEFAULT_NOTES: Final[dict[str, str]] = {
    "extracts": "Number of coded extracts under the theme (and its codes) linked to the column.",
    "documents": "Number of distinct documents those extracts come from.",
    "participants": "Number of distinct participants (cases) those extracts come from.",
    "strength": "How the theme is linked to the item: primary or secondary.",
    "quotes": "Key extracts chosen for the write-up, with their attribution.",
}


@dataclass(frozen=True)
class QuoteCell:
    """One chosen extract: its (possibly edited) text, attribution label and where it comes from."""

    text: str
    attribution: str
    document: str
    place: str  # e.g. "turn 14", "Q3", "00:12:03"


@dataclass
class Cell:
    """What one theme x item cell holds; the report's ``measures`` say which parts are shown."""

    extracts: int = 0
    documents: int = 0
    participants: int = 0
    strength: str = ""
    quotes: list[QuoteCell] = field(default_factory=list)


@dataclass(frozen=True)
class MatrixRow:
    """A theme (depth 0) or sub-theme (depth 1+), in display order: parents before children."""

    key: str
    label: str
    depth: int
    status: str = ""
    definition: str = ""


@dataclass(frozen=True)
class MatrixColumn:
    """A framework item (``ref`` such as "P3" or "P3.2") or one of the reserved extra columns."""

    key: str
    label: str
    ref: str = ""


@dataclass
class MatrixReport:
    """A theme x priority matrix ready to write: rows, columns and the cells keyed (row, column)."""

    project: str
    title: str
    framework: str
    level: str  # "priority" or "item"
    measures: list[str]
    rows: list[MatrixRow]
    columns: list[MatrixColumn]
    cells: dict[tuple[str, str], Cell]
    generated: dt.datetime
    notes: dict[str, str] = field(default_factory=dict)
    totals: dict[str, Cell] = field(default_factory=dict)  # row key -> the theme's own evidence

    def note(self, measure: str) -> str:
        """What a measure means: the report's own note, else the default wording."""
        return self.notes.get(measure) or DEFAULT_NOTES.get(measure, "")


@dataclass(frozen=True)
class CodebookEntry:
    """A code with its definition, the themes it informs and its counts."""

    path: str  # "Access / Waiting / Phone queues"
    definition: str
    themes: list[str]
    extracts: int
    documents: int
    participants: int
    by_attribute: dict[str, int] = field(default_factory=dict)  # attribute value -> extracts


@dataclass(frozen=True)
class ThemeSheet:
    """A theme as written up in phase 5: its fields, codes, key quotes and framework items."""

    name: str
    status: str
    definition: str
    central_concept: str
    scope: str
    codes: list[str]
    quotes: list[QuoteCell]
    framework_items: list[str] = field(default_factory=list)  # refs, primary first


@dataclass
class Workbook:
    """Everything one Excel export holds; any part may be empty."""

    matrix: MatrixReport | None
    quotes: list[tuple[str, str, QuoteCell]]  # (theme, framework item, quote)
    codebook: list[CodebookEntry]
    codebook_attribute: str | None
    themes: list[ThemeSheet]
