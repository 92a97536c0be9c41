"""The closed-question workbook: a contents sheet, then one sheet per question.

Each question sheet holds its frequency table (options in their order, the respondents and their
share as numbers), the base line ("Base: 37 respondents who answered (of 40 asked; 3 did not
answer)"), for numbers a summary (mean, median, lowest, highest), the crosstab when one was asked
for (column shares, each column's base in a Base row), the small-cell and rounding rule, and a bar
chart of the shares drawn by Excel from the sheet's own cells, so a suppressed cell has no bar.
A4 landscape, one page wide; written atomically.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook as XlWorkbook  # type: ignore[import-untyped]
from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import _GRID, _put, clean_text, sheet_title
from qualcode.exporters.matrix_sheets import print_a4
from qualcode.exporters.survey_model import KIND_LABELS, QuestionTable, SurveyBook
from qualcode.exporters.survey_sheets import _BOLD, count_cell, head, note, sample_sheet, share_cell

_TITLE_FONT = Font(bold=True, size=14, color="1F4E79")
_HEADER_ROW = 5


def _contents(ws: Worksheet, book: SurveyBook, sheets: list[tuple[str, QuestionTable]]) -> None:
    _put(ws, 1, 1, f"Closed questions: {book.project}").font = _TITLE_FONT
    by = (
        f" Each question is also cross-tabulated by '{book.crosstab_by}'."
        if book.crosstab_by
        else ""
    )
    row = note(ws, 2, "One sheet per closed survey question: respondents per option, their share "
               "of those who answered, and a chart." + by, 6)  # fmt: skip
    row = note(ws, row, book.disclosure.rule(), 6) + 1
    widths = {"A": 60, "B": 16, "C": 12, "D": 12, "E": 14, "F": 40}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    labels = ("Question", "Type", "Asked", "Answered", "Did not answer", "Sheet")
    for col, label in enumerate(labels, start=1):
        head(ws, row, col, label)
    ws.print_title_rows = f"{row}:{row}"
    for title, q in sheets:
        row += 1
        _put(ws, row, 1, q.title).border = _GRID
        _put(ws, row, 2, KIND_LABELS[q.kind]).border = _GRID
        for col, n in ((3, q.asked), (4, q.answered), (5, q.not_answered)):
            cell = _put(ws, row, col, n)
            cell.number_format, cell.border = "#,##0", _GRID
        link = _put(ws, row, 6, title)
        link.hyperlink, link.style = f"#'{title}'!A1", "Hyperlink"
    if not sheets:
        note(ws, row + 1, "This project has no closed survey questions.", 6)


def _question(ws: Worksheet, q: QuestionTable, book: SurveyBook) -> None:
    rule = book.disclosure
    _put(ws, 1, 1, q.title).font = _TITLE_FONT
    where = ", ".join(q.instruments)
    note(ws, 2, f"{KIND_LABELS[q.kind]} question; survey: {where}.", 6)
    ws.column_dimensions["A"].width = 42
    row = _HEADER_ROW
    what = "Band" if q.kind == "number" else "Option"
    for col, label in enumerate((what, "Respondents", "% of those who answered"), start=1):
        head(ws, row, col, label)
    ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 13, 15
    ws.row_dimensions[row].height = 32
    first = row + 1
    for label, values in q.frame.iterrows():
        row += 1
        _put(ws, row, 1, str(label)).border = _GRID
        small = count_cell(ws, row, 2, int(values["n"]), rule)
        share_cell(ws, row, 3, values["share"], rule, hidden=small and rule.suppress)
    last = row
    row = note(ws, row + 1, q.base_line(), 3)
    if q.stats:
        row += 1
        for name, value in q.stats.items():
            _put(ws, row, 1, name).border = _GRID
            cell = ws.cell(row=row, column=2, value=value)
            cell.number_format, cell.border = "0.0" if name == "Mean" else "General", _GRID
            row += 1
        row = note(ws, row, "Summary of the numbers given (blank answers left out).", 3)
    if q.crosstab is not None:
        row = _crosstab(ws, row + 1, q, book)
    row = note(ws, row + 1, rule.rule(), 8)
    if last >= first:
        _chart(ws, q, first, last, f"A{row + 1}")
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=2)


def _crosstab(ws: Worksheet, row: int, q: QuestionTable, book: SurveyBook) -> int:
    assert q.crosstab is not None
    ct, rule = q.crosstab, book.disclosure
    _put(ws, row, 1, f"By {ct.by}").font = _BOLD
    row += 1
    head(ws, row, 1, "")
    for i, group in enumerate(ct.counts.columns):
        col = 2 + 2 * i
        head(ws, row, col, str(group))
        ws.merge_cells(start_row=row, end_row=row, start_column=col, end_column=col + 1)
        head(ws, row + 1, col, "N")
        head(ws, row + 1, col + 1, "%")
    ws.row_dimensions[row].height = 32
    head(ws, row + 1, 1, "")
    row += 2
    for option in ct.counts.index:
        _put(ws, row, 1, str(option)).border = _GRID
        for i, group in enumerate(ct.counts.columns):
            n = int(ct.counts.at[option, group])
            small = count_cell(ws, row, 2 + 2 * i, n, rule)
            share = ct.shares.at[option, group]
            share_cell(ws, row, 3 + 2 * i, share, rule, hidden=small and rule.suppress)
        row += 1
    base = _put(ws, row, 1, "Base (answered)")
    base.font, base.border = _BOLD, _GRID
    for i, group in enumerate(ct.counts.columns):
        cell = _put(ws, row, 2 + 2 * i, int(ct.bases[group]))
        cell.number_format, cell.border, cell.font = "#,##0", _GRID, _BOLD
    what = "respondents in the column who answered the question"
    return note(ws, row + 1, f"Column percentages: each is of the {what} (its Base).", 8)


def _chart(ws: Worksheet, q: QuestionTable, first: int, last: int, anchor: str) -> None:
    chart = BarChart()
    chart.type, chart.style = "bar", 10
    chart.title = clean_text(q.title, 120)
    chart.y_axis.title = "% of those who answered"
    chart.y_axis.numFmt, chart.y_axis.majorGridlines = "0%", None
    chart.x_axis.scaling.orientation = "maxMin"  # first option at the top, as in the table
    chart.legend = None
    chart.add_data(Reference(ws, min_col=3, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.height, chart.width = max(7.0, 1.1 * (last - first + 1) + 4), 18.0
    ws.add_chart(chart, anchor)


def build_survey_workbook(book: SurveyBook) -> XlWorkbook:
    wb = XlWorkbook()
    contents = wb.active
    assert contents is not None
    contents.title = "Contents"
    taken = {"contents", "sample"}
    sheets: list[tuple[str, QuestionTable]] = []
    if book.overview is not None:
        sample_sheet(wb.create_sheet("Sample"), book.overview, book.disclosure)
    for q in book.questions:
        title = sheet_title(q.title, taken)
        _question(wb.create_sheet(title), q, book)
        sheets.append((title, q))
    _contents(contents, book, sheets)
    for ws in wb.worksheets:
        print_a4(ws, landscape=ws is contents)
        if ws.title != "Sample" and ws is not contents:
            ws.page_setup.fitToHeight = 1  # a question, its crosstab and its chart on one page
    wb.properties.creator = "QualCode"
    wb.properties.title = clean_text(f"Closed questions: {book.project}")
    return wb


def write_survey_workbook(path: Path, book: SurveyBook) -> None:
    """Write ``book`` to ``path`` (.xlsx), replacing an old file only once the new one is whole."""
    wb = build_survey_workbook(book)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))
