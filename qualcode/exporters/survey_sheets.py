"""Worksheet pieces for the sample overview and the closed-question tables.

Shared by the survey workbook (:mod:`qualcode.exporters.survey_export`) and the counts
workbook's Sample sheet, so a table of who took part looks and reads the same in both: counts are
numbers, shares are numbers with a percentage format (rounded by
:func:`~qualcode.exporters.survey_model.round_share`, so the cell holds what it shows), every table
ends with its base line, and small cells are shaded and marked (a number format, so they stay
numbers) or replaced by "<5" with their share left empty.
"""

from __future__ import annotations

import math

import pandas as pd  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.exporters.excel import _GRID, _HEADER_FILL, _HEADER_FONT, _put
from qualcode.exporters.survey_model import (
    CountTable,
    Disclosure,
    SampleOverview,
    percent_format,
)

SMALL_FILL = PatternFill("solid", fgColor="FCE4D6")
_NOTE_FONT = Font(italic=True, color="595959")
_BOLD = Font(bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def head(ws: Worksheet, row: int, col: int, label: str) -> None:
    cell = _put(ws, row, col, label)
    cell.fill, cell.font, cell.border, cell.alignment = _HEADER_FILL, _HEADER_FONT, _GRID, _CENTRE


def note(ws: Worksheet, row: int, text: str, width: int = 6) -> int:
    """An italic line under a table (merged across ``width`` columns); returns the next row."""
    cell = _put(ws, row, 1, text)
    cell.font, cell.alignment = _NOTE_FONT, _WRAP
    ws.merge_cells(start_row=row, end_row=row, start_column=1, end_column=width)
    ws.row_dimensions[row].height = 15.0 * max(1, math.ceil(len(text) / (14 * width))) + 2
    return row + 1


def count_cell(ws: Worksheet, row: int, col: int, n: int, rule: Disclosure) -> bool:
    """Write a count as the rule shows it; True when the cell is small (its share is hidden
    when suppressed)."""
    shown = rule.shows(int(n))
    cell = _put(ws, row, col, shown)
    cell.border = _GRID
    small = rule.small(int(n))
    if isinstance(shown, int):
        cell.number_format = '#,##0"*"' if small else "#,##0"
    else:
        cell.alignment = Alignment(horizontal="right")
    if small:
        cell.fill = SMALL_FILL
    return small


def share_cell(
    ws: Worksheet, row: int, col: int, share: float, rule: Disclosure, hidden: bool = False
) -> None:
    cell = ws.cell(row=row, column=col)
    cell.border = _GRID
    if hidden or share is None or pd.isna(share):
        return
    cell.value = float(share)
    cell.number_format = percent_format(rule.decimals)


def count_table(
    ws: Worksheet, row: int, table: CountTable, rule: Disclosure, first: str = ""
) -> int:
    """A label | N | % table with its title and base line; returns the next free row."""
    _put(ws, row, 1, table.title).font = _BOLD
    row += 1
    for col, label in enumerate((first or "", "N", "%"), start=1):
        head(ws, row, col, label)
    row += 1
    for label, values in table.frame.iterrows():
        _put(ws, row, 1, str(label)).border = _GRID
        small = count_cell(ws, row, 2, int(values["n"]), rule)
        share_cell(ws, row, 3, values["share"], rule, hidden=small and rule.suppress)
        row += 1
    row = note(ws, row, table.base_line + (f" {table.note}" if table.note else ""), 3)
    return row + 1


def sample_sheet(ws: Worksheet, overview: SampleOverview, rule: Disclosure) -> None:
    """Who took part: documents, participants by kind and attribute, survey completion."""
    _put(ws, 1, 1, "Who took part").font = Font(bold=True, size=14, color="1F4E79")
    row = note(ws, 2, overview.rule, 5)
    row = note(ws, row, rule.rule(), 5) + 1
    ws.column_dimensions["A"].width = 46
    for letter in "BCDE":
        ws.column_dimensions[letter].width = 12
    row = count_table(ws, row, overview.documents, Disclosure(0, False, rule.decimals), "Kind")
    row = count_table(ws, row, overview.participants, rule, "Kind")
    if overview.facilitators:
        row = note(ws, row - 1, f"Facilitators and interviewers (not counted): "
                   f"{overview.facilitators:,}.", 3) + 1  # fmt: skip
    for table in overview.by_attribute:
        row = count_table(ws, row, table, rule, "Value")
    for survey in overview.surveys:
        _put(ws, row, 1, f"Survey: {survey.instrument}").font = _BOLD
        row += 1
        for col, label in enumerate(("Question", "Type", "Answered", "Asked", "%"), start=1):
            head(ws, row, col, label)
        row += 1
        for q in survey.questions:
            text = q.text if q.label == q.text else f"{q.label}. {q.text}"
            _put(ws, row, 1, text).alignment = _WRAP
            ws.cell(row=row, column=1).border = _GRID
            _put(ws, row, 2, q.kind).border = _GRID
            small = count_cell(ws, row, 3, q.answered, rule)
            count_cell(ws, row, 4, q.base, Disclosure(0))
            share_cell(ws, row, 5, q.share if q.share is not None else float("nan"), rule,
                       hidden=small and rule.suppress)  # fmt: skip
            ws.row_dimensions[row].height = 15.0 * max(1, math.ceil(len(text) / 50)) + 2
            row += 1
        row = note(ws, row, f"Base: {survey.respondents:,} respondents to the survey.", 5) + 1
    ws.column_dimensions[get_column_letter(1)].width = 46
