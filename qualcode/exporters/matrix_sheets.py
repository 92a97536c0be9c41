"""The matrix as numbers: one sheet per measure, themes grouped by priority, links by weight.

A team lead sums, sorts and charts a matrix, and prints it into a board paper, so each measure
(extracts, documents, participants) gets its own sheet of numeric cells rather than one sheet of
"57 extracts · 16 docs" text. Themes are grouped under the priority of their primary link (then
"Overarching" for cross-cutting, "Other" for unlinked), sub-themes under their theme. A number in
bold is a primary link, plain a secondary one; a legend says so on every sheet. The theme's own
total (its evidence counted once, not a sum of columns: a passage can serve several priorities)
sits in its own column. Printing: A4 landscape, one page wide, header rows repeated.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.excel import _GRID, _HEADER_FILL, _HEADER_FONT, _put, _title
from qualcode.exporters.report_model import CROSS_CUTTING, NOT_MAPPED, MatrixReport, MatrixRow

COUNT_MEASURES = ("extracts", "documents", "participants")
_GROUP_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEAD = 5  # title, subtitle, legend, blank, header
_GROUP_NAMES = {CROSS_CUTTING: "Overarching (cross-cutting) themes", NOT_MAPPED: "Other themes"}


def print_a4(ws: Worksheet, landscape: bool = True, header_row: int | None = None) -> None:
    """A4, one page wide (as many pages tall as needed), the header repeated on every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"


def _home(report: MatrixReport, row: MatrixRow) -> str:
    """The column a top-level theme is grouped under: primary link, else secondary, else extra."""
    linked = [(c.key, report.cells.get((row.key, c.key))) for c in report.columns]
    for wanted in ("primary", "secondary"):
        for key, cell in linked:
            if cell is not None and cell.strength == wanted:
                return key
    for key in (CROSS_CUTTING, NOT_MAPPED):
        cell = report.cells.get((row.key, key))
        if cell is not None and (cell.extracts or cell.strength or cell.quotes):
            return key
    return NOT_MAPPED


def grouped_rows(report: MatrixReport) -> list[tuple[str, list[MatrixRow]]]:
    """(group label, rows) in column order; a theme's sub-themes stay with it."""
    blocks: list[list[MatrixRow]] = []
    for row in report.rows:
        if row.depth == 0 or not blocks:
            blocks.append([row])
        else:
            blocks[-1].append(row)
    if report.level == "attribute":
        return [("", [r for block in blocks for r in block])]
    order = [c.key for c in report.columns if c.key not in _GROUP_NAMES] + list(_GROUP_NAMES)
    labels = {c.key: f"{c.ref} {c.label}".strip() for c in report.columns}
    labels.update(_GROUP_NAMES)
    groups: dict[str, list[MatrixRow]] = {}
    for block in blocks:
        groups.setdefault(_home(report, block[0]), []).extend(block)
    ranked = sorted(groups, key=lambda k: order.index(k) if k in order else len(order))
    return [(labels.get(k, k), groups[k]) for k in ranked]


def legend(report: MatrixReport, measure: str) -> str:
    if report.level == "attribute":
        return f"Numbers: {measure} under each value of {report.framework}. {report.note(measure)}"
    return (
        f"Numbers: {measure}. Bold = primary link to the column; plain = secondary link; "
        "empty = not linked. Rows are grouped by the theme's primary priority. “All evidence” "
        "counts the theme once; columns are not added up, as a passage can serve several "
        f"priorities. {report.note(measure)}"
    )


def measure_sheet(ws: Worksheet, report: MatrixReport, measure: str) -> None:
    """One measure's numbers, themes × columns."""
    _title(ws, f"{report.title}: {measure}", f"{report.framework} · by {report.level}")
    _put(ws, 3, 1, legend(report, measure)).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[3].height = 45
    totals = bool(report.totals)
    headers = ["Theme"] + (["All evidence"] if totals else [])
    many = len(report.columns) > 12  # every item: refs above, their wording in a key below
    width = 6.5 if many else 14.0
    headers += [
        (c.ref or c.label) if many else f"{c.ref} {c.label}".strip() for c in report.columns
    ]
    first = 3 if totals else 2
    label_width = min(45.0, max(18.0, *(len(r.label) + 2 * r.depth + 2 for r in report.rows)))
    for col, text in enumerate(headers, start=1):
        cell = _put(ws, _HEAD, col, text)
        cell.fill, cell.font, cell.border = _HEADER_FILL, _HEADER_FONT, _GRID
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        wide = col == 1 or (totals and col == 2)
        ws.column_dimensions[get_column_letter(col)].width = (
            label_width if col == 1 else 10.0 if wide else width
        )
    tallest = max((len(h) for h in headers[1:]), default=1) / max(width - 1, 1) + 1
    ws.row_dimensions[_HEAD].height = min(409.0, 15.0 * int(tallest) + 6)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(headers))
    attribute = report.level == "attribute"  # every value is a column: zeros are numbers too
    r = _HEAD
    for group, rows in grouped_rows(report):
        if group:
            r += 1
            _put(ws, r, 1, group).font = Font(bold=True, color="1F4E79")
            for col in range(1, len(headers) + 1):
                ws.cell(row=r, column=col).fill = _GROUP_FILL
        for row in rows:
            r += 1
            label = _put(ws, r, 1, row.label)
            label.alignment = Alignment(indent=2 * row.depth, wrap_text=True, vertical="top")
            label.border = _GRID
            if row.depth:
                ws.row_dimensions[r].outline_level = min(row.depth, 7)
            if totals:
                total = report.totals.get(row.key)
                cell = _put(ws, r, 2, int(getattr(total, measure)) if total else None)
                cell.fill, cell.border = _TOTAL_FILL, _GRID
            for col, column in enumerate(report.columns, start=first):
                found = report.cells.get((row.key, column.key))
                value = int(getattr(found, measure)) if found is not None else 0
                linked = found is not None and (value or found.strength or attribute)
                cell = _put(ws, r, col, value if linked else None)
                cell.border = _GRID
                cell.alignment = Alignment(horizontal="center", vertical="top")
                if found is not None and found.strength == "primary":
                    cell.font = Font(bold=True)
    if many:
        r += 2
        _put(ws, r, 1, "Columns").font = Font(bold=True)
        for column in (c for c in report.columns if c.ref):
            r += 1
            _put(ws, r, 1, column.ref)
            _put(ws, r, 2, column.label)
    ws.freeze_panes = ws.cell(row=_HEAD + 1, column=2)
    ws.sheet_properties.outlinePr.summaryBelow = False
    print_a4(ws, header_row=_HEAD)
