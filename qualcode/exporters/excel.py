"""Write a report workbook (.xlsx) for people to read: front page, matrix, quotes, codebook, themes.

The workbook goes into needs assessments and board papers, so it is formatted to be read rather
than re-imported: a front sheet says what every number means, the matrix has a frozen header and
theme column, sub-themes are indented and foldable, and quote cells link to their quotes. Counts
are offered as context for the reader, never as a score.

Cell text is cleaned on the way in (XML control characters make openpyxl raise; Excel refuses
cells over 32,767 characters; text starting with "=" must stay text, not become a formula). The
file is written under a temporary name in the same folder and renamed over the target, so a failed
export never leaves half a workbook nor destroys the previous good one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook as XlWorkbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell as XlCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.report_model import (
    CROSS_CUTTING,
    NOT_MAPPED,
    CodebookEntry,
    MatrixReport,
    QuoteCell,
    ThemeSheet,
    Workbook,
)

EXCEL_MAX_CHARS = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_EXTRA_HEADER_FILL = PatternFill("solid", fgColor="595959")
_EXTRA_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
_LINK_FONT = Font(color="1F4E79")
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="BFBFBF")
_THICK = Side(style="medium", color="595959")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_GRID_EXTRA = Border(left=_THICK, right=_THIN, top=_THIN, bottom=_THIN)

_HEADER_ROW = 3  # title on row 1, a line of context on row 2, the header on row 3


# -- shared helpers (also used by the Word quote bank) -------------------------------------------
def clean_text(value: str, limit: int | None = None) -> str:
    """Drop characters XML cannot hold, normalise line ends, and cut to ``limit`` characters."""
    text = _ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid Excel sheet name for ``name``, unique (case-insensitively) among ``taken``."""
    base = _BAD_SHEET_CHARS.sub("-", clean_text(name)).replace("\n", " ").strip().strip("'")
    base = base.strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base = "History sheet"
    title, n = base[:31].rstrip(), 1
    while title.lower() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
    taken.add(title.lower())
    return title


def _put(ws: Worksheet, row: int, col: int, value: str | int | None) -> XlCell:
    """Write a value; strings are cleaned and always stored as text (never as a formula)."""
    cell: XlCell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = clean_text(value, EXCEL_MAX_CHARS)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _header(ws: Worksheet, row: int, labels: Iterable[str], widths: Iterable[float]) -> None:
    for col, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = _put(ws, row, col, label)
        cell.fill, cell.font, cell.border = _HEADER_FILL, _HEADER_FONT, _GRID
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width


def _title(ws: Worksheet, title: str, subtitle: str = "") -> None:
    _put(ws, 1, 1, title).font = _TITLE_FONT
    ws.row_dimensions[1].height = 22
    if subtitle:
        _put(ws, 2, 1, subtitle).font = Font(italic=True, color="595959")


def _lines(text: str, width: float) -> int:
    """Roughly how many lines ``text`` wraps to in a column ``width`` characters wide."""
    per_line = max(width * 1.1, 1.0)
    return sum(max(1, math.ceil(len(line) / per_line)) for line in text.split("\n"))


def _fit_height(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Set a row's height to show its wrapped text (Excel does not grow rows by itself)."""
    lines = max((_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = min(409.0, 15.0 * lines + 3)


def _quote_text(q: QuoteCell) -> str:
    return f"“{q.text}” {q.attribution}".strip()


def _width(ws: Worksheet, col: int) -> float:
    width = ws.column_dimensions[get_column_letter(col)].width
    return float(width or 10)


# -- front sheet ---------------------------------------------------------------------------------
def _front_sheet(ws: Worksheet, book: Workbook, sheets: dict[str, str]) -> None:
    report = book.matrix
    project = report.project if report else "QualCode export"
    _title(ws, project, report.title if report else "")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 90
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    rows: list[tuple[str, str]] = []
    if report is not None:
        level = "priorities" if report.level == "priority" else "items (commitments)"
        rows += [
            ("Generated", report.generated.strftime("%d %B %Y, %H:%M")),
            ("Framework", report.framework),
            ("Level", f"Columns are the framework's {level}"),
            ("Measures shown", ", ".join(report.measures) or "none"),
            ("", ""),
            ("What the measures mean", ""),
        ]
        rows += [(m.capitalize(), report.note(m)) for m in report.measures]
        rows += [("", ""), ("How to read the matrix", _how_to_read(report))]
    rows += [("", ""), ("Sheets in this workbook", "")]
    rows += [(title, what) for title, what in sheets.items()]
    for i, (label, text) in enumerate(rows, start=4):
        _put(ws, i, 1, label).font = Font(bold=True)
        _put(ws, i, 2, text).alignment = _WRAP_TOP
        ws.cell(row=i, column=1).alignment = _WRAP_TOP
        _fit_height(ws, i, [(text, 90.0), (label, 30.0)])


def _how_to_read(report: MatrixReport) -> str:
    columns = "priority" if report.level == "priority" else "framework item"
    parts = [
        f"Each row is a theme; sub-themes are indented under their theme and can be folded with "
        f"the +/- buttons in the margin. Each column is a {columns} of {report.framework}. ",
        f"Each measure has its own sheet of numbers; a cell holds the theme's evidence where it is "
        f"linked to that {columns} (bold: primary link, plain: secondary) and is empty where it "
        "is not. Themes are grouped by their primary priority. ",
    ]
    if any(c.key == NOT_MAPPED for c in report.columns):
        parts.append("'Not mapped' holds themes linked to no item of the framework. ")
    if any(c.key == CROSS_CUTTING for c in report.columns):
        parts.append("'Cross-cutting' holds themes that run across all of them. ")
    if "quotes" in report.measures:
        parts.append("The Quotes sheet lists each key extract once, under its theme. ")
    parts.append(
        "Counts describe how much of the data a theme draws on; they are context for the "
        "reader, not a measure of how much a theme matters."
    )
    return "".join(parts)


# -- quotes, codebook and theme sheets -----------------------------------------------------------
def unique_quotes(rows: list[tuple[str, str, QuoteCell]]) -> list[tuple[str, str, QuoteCell]]:
    """Each quote once (the first row that holds it), whatever themes or items repeat it."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for theme, item, q in rows:
        key = (q.text.casefold(), q.attribution, q.document)
        if key not in seen:
            seen.add(key)
            out.append((theme, item, q))
    return out


def _quotes_sheet(ws: Worksheet, rows: list[tuple[str, str, QuoteCell]]) -> None:
    _title(ws, "Quotes", "Key extracts with their attribution, each once, by theme")
    widths = [24.0, 14.0, 62.0, 24.0, 34.0]
    _header(ws, _HEADER_ROW, ["Theme", "Linked to", "Quote", "Attribution", "Place"], widths)
    for r, (theme, item, q) in enumerate(rows, start=_HEADER_ROW + 1):
        values = [theme, item, q.text, q.attribution, q.place]
        for col, value in enumerate(values, start=1):
            cell = _put(ws, r, col, value)
            cell.alignment, cell.border = _WRAP_TOP, _GRID
            if col == 3:
                cell.font = Font(italic=True)
        _fit_height(ws, r, zip(values, widths, strict=True))
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=1)
    if rows:
        ws.auto_filter.ref = f"A{_HEADER_ROW}:E{_HEADER_ROW + len(rows)}"
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"


def _codebook_sheet(ws: Worksheet, entries: list[CodebookEntry], attribute: str | None) -> None:
    _title(ws, "Codebook", "Codes with their definitions, the themes they inform and their counts")
    values: list[str] = []
    if attribute:
        for e in entries:
            values += [v for v in e.by_attribute if v not in values]
    labels = ["Code", "Definition", "Themes", "Extracts", "Documents", "Participants"]
    labels += [f"{attribute}: {v}" for v in values]
    widths = [36.0, 60.0, 30.0, 11.0, 11.0, 13.0] + [14.0] * len(values)
    _header(ws, _HEADER_ROW, labels, widths)
    for r, e in enumerate(entries, start=_HEADER_ROW + 1):
        row: list[str | int] = [e.path, e.definition, "; ".join(e.themes)]
        row += [e.extracts, e.documents, e.participants]
        row += [e.by_attribute.get(v, 0) for v in values]
        for col, value in enumerate(row, start=1):
            cell = _put(ws, r, col, value)
            cell.alignment, cell.border = _WRAP_TOP, _GRID
        _fit_height(ws, r, [(str(v), w) for v, w in zip(row, widths, strict=True)])
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=2)


def _theme_sheet(ws: Worksheet, theme: ThemeSheet) -> None:
    _title(ws, theme.name, f"Status: {theme.status}" if theme.status else "")
    for letter, width in zip("ABCD", (30.0, 70.0, 28.0, 34.0), strict=True):
        ws.column_dimensions[letter].width = width
    fields = [
        ("Framework items", ", ".join(theme.framework_items) or "Not mapped"),
        ("Definition", theme.definition),
        ("Central organising concept", theme.central_concept),
        ("Scope", theme.scope),
        ("Codes", "\n".join(theme.codes)),
    ]
    r = _HEADER_ROW
    for label, text in fields:
        head = _put(ws, r, 1, label)
        head.font, head.alignment = Font(bold=True), _WRAP_TOP
        _put(ws, r, 2, text).alignment = _WRAP_TOP
        _fit_height(ws, r, [(text, 70.0), (label, 20.0)])  # bold labels run wider
        r += 1
    r += 1
    _put(ws, r, 1, "Key quotes").font = Font(bold=True, size=12, color="1F4E79")
    r += 1
    widths = [30.0, 70.0, 28.0, 34.0]
    _header(ws, r, ["", "Quote", "Attribution", "Place"], widths)
    for i, q in enumerate(theme.quotes, start=1):
        r += 1
        quote_row: list[str | int] = [i, q.text, q.attribution, q.place]
        for col, item in enumerate(quote_row, start=1):
            cell = _put(ws, r, col, item)
            cell.alignment, cell.border = _WRAP_TOP, _GRID
        ws.cell(row=r, column=2).font = Font(italic=True)
        _fit_height(ws, r, [(str(v), w) for v, w in zip(quote_row, widths, strict=True)])


# -- the workbook --------------------------------------------------------------------------------
def build_workbook(book: Workbook) -> XlWorkbook:
    """Lay out every sheet of ``book`` in an openpyxl workbook (not yet saved)."""
    taken: set[str] = set()
    front = sheet_title("About", taken)
    from qualcode.exporters.matrix_sheets import COUNT_MEASURES, measure_sheet, print_a4

    names = {"quotes": "", "codebook": ""}
    quote_rows = unique_quotes(book.quotes)
    contents: dict[str, str] = {front: "This page"}
    measures: dict[str, str] = {}
    if book.matrix is not None:
        wanted = [m for m in book.matrix.measures if m in COUNT_MEASURES] or ["extracts"]
        for m in wanted:
            measures[m] = sheet_title(m.capitalize(), taken)
            contents[measures[m]] = (
                f"Themes by {book.matrix.level} ({book.matrix.framework}): {m}, as numbers"
            )
    if quote_rows:
        names["quotes"] = sheet_title("Quotes", taken)
        contents[names["quotes"]] = "Key extracts with attributions"
    if book.codebook:
        names["codebook"] = sheet_title("Codebook", taken)
        contents[names["codebook"]] = "Codes, definitions, themes and counts"
    theme_titles = [sheet_title(t.name, taken) for t in book.themes]
    contents.update(
        {title: "Theme: definition, scope, codes and key quotes" for title in theme_titles}
    )

    wb = XlWorkbook()
    ws = wb.active
    assert ws is not None
    ws.title = front
    if book.matrix is not None:
        for m, title in measures.items():
            measure_sheet(wb.create_sheet(title), book.matrix, m)
    if quote_rows:
        _quotes_sheet(wb.create_sheet(names["quotes"]), quote_rows)
    if book.codebook:
        _codebook_sheet(wb.create_sheet(names["codebook"]), book.codebook, book.codebook_attribute)
    for theme, title in zip(book.themes, theme_titles, strict=True):
        _theme_sheet(wb.create_sheet(title), theme)
    _front_sheet(ws, book, contents)
    for sheet in wb.worksheets:  # printed or saved as PDF: A4 landscape, one page wide
        print_a4(sheet)
    wb.properties.creator = "QualCode"
    if book.matrix is not None:
        wb.properties.title = clean_text(book.matrix.title)
    return wb


def write_workbook(path: Path, book: Workbook) -> None:
    """Write ``book`` to ``path`` (.xlsx), replacing any old file only once the new one is whole."""
    wb = build_workbook(book)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))
