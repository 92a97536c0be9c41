"""The coder agreement workbook: notes first, then the figures per code, then the disagreements.

Why a Notes sheet first: agreement figures are easy to over-read. The workbook opens on who was
compared, on what units, which documents were left out, and the caution that reflexive thematic
analysis does not need coder agreement. Figures are numbers (3 decimal places; percentages 0-100
with 1), never text, so a team can sort and chart them; every sheet prints on A4; the file is
written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.matrix_sheets import print_a4

Number = float | int | None


@dataclass(frozen=True)
class FigureRow:
    code: str
    units: float
    coded: tuple[float, ...]  # per coder, in the order of ``AgreementBook.coders``
    agreed_yes: float
    percent: float | None
    kappa: float | None
    alpha: float | None


@dataclass(frozen=True)
class DisagreementRow:
    document: str
    start: int
    end: int
    code: str
    applied_by: str
    not_by: str
    excerpt: str


@dataclass
class AgreementBook:
    title: str
    coders: list[str]
    unit: str  # "characters" or "turns"
    notes: list[str]
    rows: list[FigureRow]  # the last one is the pooled "All codes"
    disagreements: list[DisagreementRow] = field(default_factory=list)


_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _header(ws: Worksheet, row: int, labels: list[str], widths: list[float]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = ws.cell(row=row, column=col, value=label)
        cell.font, cell.fill, cell.alignment = _BOLD, _HEADER_FILL, _WRAP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def _text(ws: Worksheet, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col, value=clean_text(value, 32_000))
    cell.data_type = "s"  # a quote starting with '=' stays text
    cell.alignment = _WRAP


def _number(ws: Worksheet, row: int, col: int, value: Number, fmt: str) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if value is not None:
        cell.number_format = fmt


def _notes(ws: Worksheet, book: AgreementBook) -> None:
    ws.cell(row=1, column=1, value=clean_text(book.title)).font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110
    lines = [f"Coders compared: {', '.join(book.coders)}", f"Units: {book.unit}", *book.notes]
    for i, line in enumerate(lines, start=3):
        _text(ws, i, 1, line)


def _figures(ws: Worksheet, book: AgreementBook) -> None:
    coded = [f"Units coded by {c}" for c in book.coders]
    labels = ["Code", f"Units ({book.unit})", *coded, "Coded by all", "Agreement %"]
    labels += ["Cohen's kappa", "Krippendorff's alpha"]
    _header(ws, 1, labels, [34, 14, *[14.0] * len(coded), 12, 12, 12, 14])
    for r, row in enumerate(book.rows, start=2):
        _text(ws, r, 1, row.code)
        _number(ws, r, 2, row.units, "#,##0")
        for i, n in enumerate(row.coded):
            _number(ws, r, 3 + i, n, "#,##0")
        col = 3 + len(row.coded)
        _number(ws, r, col, row.agreed_yes, "#,##0")
        _number(ws, r, col + 1, row.percent, "0.0")
        _number(ws, r, col + 2, row.kappa, "0.000")
        _number(ws, r, col + 3, row.alpha, "0.000")
    if book.rows:
        for cell in ws[len(book.rows) + 1]:
            cell.font = _BOLD  # the pooled row


def _disagreements(ws: Worksheet, book: AgreementBook) -> None:
    labels = ["Document", "Start", "End", "Code", "Applied by", "Not by", "Text"]
    _header(ws, 1, labels, [26, 9, 9, 24, 16, 16, 60])
    for r, d in enumerate(book.disagreements, start=2):
        _text(ws, r, 1, d.document)
        _number(ws, r, 2, d.start, "0")
        _number(ws, r, 3, d.end, "0")
        _text(ws, r, 4, d.code)
        _text(ws, r, 5, d.applied_by)
        _text(ws, r, 6, d.not_by)
        _text(ws, r, 7, d.excerpt)


def build_agreement_book(book: AgreementBook) -> Workbook:
    wb = Workbook()
    notes = wb.active
    assert notes is not None
    notes.title = "Notes"
    _notes(notes, book)
    _figures(wb.create_sheet("Agreement"), book)
    _disagreements(wb.create_sheet("Disagreements"), book)
    for ws in wb.worksheets:
        print_a4(ws, landscape=ws.title != "Notes", header_row=None if ws.title == "Notes" else 1)
    wb.properties.creator = "QualCode"
    wb.properties.title = clean_text(book.title)
    return wb


def write_agreement_book(path: Path, book: AgreementBook) -> Path:
    """Write ``book`` to ``path`` (.xlsx), replacing an old file only once the new one is whole."""
    wb = build_agreement_book(book)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))
    return Path(path)
