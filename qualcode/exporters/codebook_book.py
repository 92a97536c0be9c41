"""Write the codebook workbook (.xlsx): a Notes sheet, then every code with its evidence.

A team lead prints the codebook as an appendix and lifts its numbers into tables, so it is laid
out for both: the Notes sheet comes first and says what every column means and how it was counted
(a count without its rule is read wrongly), counts are numbers (summable, sortable), parent codes
are bold with their sub-codes indented under them, and the page is A4 landscape one page wide
with the header row repeated and every text cell wrapped, so nothing is clipped in print.

The service (:mod:`qualcode.services.reports.codebook_report`) decides every word and number
(roll-ups, themes, priorities, the example quote and the notes); this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook as XlWorkbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import (
    _GRID,
    _WRAP_TOP,
    _fit_height,
    _header,
    _put,
    _title,
    clean_text,
)
from qualcode.exporters.matrix_sheets import print_a4

NOTES, CODEBOOK = "Notes", "Codebook"
_HEADER_ROW = 3
_GREY = Font(color="595959")


@dataclass(frozen=True)
class CodebookLine:
    """One code, in tree order. Counts include the code's sub-codes at any depth (``own``: the
    code's own extracts only); ``by_value`` maps each value of the chosen attribute to extracts."""

    name: str
    path: str
    depth: int
    has_children: bool
    definition: str  # with "Include:" / "Exclude:" lines when the code has them
    themes: list[tuple[str, str]]  # (theme, its status)
    priorities: list[str]  # "P3 Strengthening treatment (primary)"
    extracts: int
    own: int
    documents: int
    participants: int
    by_value: dict[str, int] = field(default_factory=dict)
    example: str = ""  # already trimmed, without quotation marks
    attribution: str = ""


@dataclass(frozen=True)
class CodebookBook:
    project: str
    generated: dt.datetime
    lines: list[CodebookLine]
    notes: list[tuple[str, str]]  # (label, text): what each column means, how it was counted
    attribute: str | None = None
    values: list[str] = field(default_factory=list)  # the attribute's values, in column order


def _notes(ws: Worksheet, book: CodebookBook) -> None:
    _title(ws, f"Codebook: {book.project}", "What each column of the Codebook sheet means")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28.0, 100.0
    day = book.generated
    rows = [
        ("Project", book.project),
        ("Written", f"{day.day} {day:%B %Y, %H:%M}"),
        ("", ""),
        *book.notes,
    ]
    for r, (label, text) in enumerate(rows, start=_HEADER_ROW + 1):
        head = _put(ws, r, 1, label)
        head.font, head.alignment = Font(bold=True), _WRAP_TOP
        _put(ws, r, 2, text).alignment = _WRAP_TOP
        _fit_height(ws, r, [(text, 100.0), (label, 24.0)])  # bold labels run wider


def _columns(book: CodebookBook) -> list[tuple[str, float]]:
    cols = [
        ("Code", 26.0),
        ("Definition", 38.0),
        ("Theme(s)", 22.0),
        ("Theme status", 10.0),
        ("Priorities (via its themes)", 26.0),
        ("Extracts (with sub-codes)", 10.5),
        ("Own extracts", 9.0),
        ("Documents", 10.5),
        ("Participants", 12.0),
    ]
    for value in book.values:  # wide enough for the value's longest word in bold
        label = f"{book.attribute}: {value}"
        cols.append((label, max(11.0, 1.3 * max(len(w) for w in label.split()) + 2)))
    return [*cols, ("Example quote", 48.0)]


def _codebook(ws: Worksheet, book: CodebookBook) -> None:
    subtitle = "Parent codes (bold) count their sub-codes too; see the Notes sheet"
    _title(ws, CODEBOOK, subtitle)
    columns = _columns(book)
    labels, widths = [c[0] for c in columns], [c[1] for c in columns]
    _header(ws, _HEADER_ROW, labels, widths)
    # bold headers wrap sooner than body text: fit them at 65 % of the column's width
    _fit_height(
        ws, _HEADER_ROW, [(label, w * 0.65) for label, w in zip(labels, widths, strict=True)]
    )
    first_number = 6
    for r, line in enumerate(book.lines, start=_HEADER_ROW + 1):
        themes = "\n".join(name for name, _status in line.themes)
        statuses = "\n".join(status for _name, status in line.themes)
        example = f"“{line.example}” {line.attribution}".strip() if line.example else ""
        texts: list[str] = [line.name, line.definition, themes, statuses]
        texts.append("\n".join(line.priorities))
        numbers = [line.extracts, line.own, line.documents, line.participants]
        numbers += [line.by_value.get(v, 0) for v in book.values]
        for col, text in enumerate(texts, start=1):
            cell = _put(ws, r, col, text)
            cell.alignment, cell.border = _WRAP_TOP, _GRID
        name = ws.cell(row=r, column=1)
        name.alignment = Alignment(
            horizontal="left", vertical="top", wrap_text=True, indent=2 * line.depth
        )
        name.font = Font(bold=line.has_children or line.depth == 0)
        for col, value in enumerate(numbers, start=first_number):
            cell = _put(ws, r, col, value)
            cell.number_format, cell.border = "#,##0", _GRID
            cell.alignment = Alignment(vertical="top")
        missing = "See its sub-codes." if line.has_children else "No extracts yet."
        quote = _put(ws, r, len(labels), example or missing)
        quote.alignment, quote.border = _WRAP_TOP, _GRID
        quote.font = Font(italic=True) if example else _GREY
        shown = [*texts, *(str(n) for n in numbers), example]
        # an indented name wraps sooner: narrow its column by the indent
        shown_widths = [widths[0] - 2 * line.depth, *widths[1:]]
        _fit_height(ws, r, zip(shown, shown_widths, strict=True))
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=2)
    if book.lines:
        last = ws.cell(row=_HEADER_ROW + len(book.lines), column=len(labels)).coordinate
        ws.auto_filter.ref = f"A{_HEADER_ROW}:{last}"


def build_codebook_workbook(book: CodebookBook) -> XlWorkbook:
    """The Notes sheet, then the Codebook sheet (not yet saved)."""
    wb = XlWorkbook()
    notes = wb.active
    assert notes is not None
    notes.title = NOTES
    _notes(notes, book)
    print_a4(notes, landscape=True)
    sheet = wb.create_sheet(CODEBOOK)
    _codebook(sheet, book)
    print_a4(sheet, landscape=True, header_row=_HEADER_ROW)
    wb.properties.creator = "QualCode"
    wb.properties.title = clean_text(f"Codebook: {book.project}")
    return wb


def write_codebook_workbook(path: Path, book: CodebookBook) -> None:
    """Write ``book`` to ``path`` (.xlsx), replacing an old file only once the new one is whole."""
    wb = build_codebook_workbook(book)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))
