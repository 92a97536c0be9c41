"""Write the participant sheet: one row per case, a ``case`` column, then every case attribute.

The sheet goes back and forth between the project and the spreadsheet a team keeps, so it is
written in the very form the participant-sheet importer reads: the ids in a column called
``case``, numbers as numbers and dates as dates in a workbook (so Excel sorts and filters them),
canonical text in a CSV (UTF-8 with a BOM, which Excel opens correctly). Exporting and importing
it again changes nothing. A4 landscape, one page wide; written whole or not at all, owner-only.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.matrix_sheets import print_a4

ID_HEADER = "case"
SUFFIXES = (".csv", ".xlsx")


def _cell(value: str, kind: str) -> str | int | float | dt.date:
    """A workbook cell: numbers and dates typed, everything else text."""
    if not value:
        return ""
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return clean_text(value)
        return int(number) if number.is_integer() else number
    if kind == "date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return clean_text(value)
    return clean_text(value)


def write_participant_sheet(
    path: Path, attributes: Sequence[tuple[str, str]], rows: Sequence[tuple[str, Sequence[str]]]
) -> Path:
    """``attributes``: (name, type) per column; ``rows``: (case name, a value per attribute)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: a participant sheet is a .csv or .xlsx file")
    headers = [ID_HEADER, *(name for name, _kind in attributes)]
    if suffix == ".csv":

        def write(tmp: Path) -> None:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                out = csv.writer(fh)
                out.writerow(headers)
                for name, values in rows:
                    out.writerow([name, *values])

    else:

        def write(tmp: Path) -> None:
            wb = Workbook()
            ws = wb.active
            ws.title = "Participants"
            ws.append(headers)
            for cell in ws[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for name, values in rows:
                ws.append(
                    [
                        clean_text(name),
                        *(_cell(v, k) for v, (_n, k) in zip(values, attributes, strict=True)),
                    ]
                )
            columns = [[name for name, _v in rows]] + [
                [values[i] for _n, values in rows] for i in range(len(attributes))
            ]
            kinds = ["text", *(k for _n, k in attributes)]
            for index, (header, cells, kind) in enumerate(
                zip(headers, columns, kinds, strict=True), start=1
            ):
                # long survey questions wrap in the header instead of widening the page
                width = max([min(len(header), 14), *(len(c) for c in cells)])
                ws.column_dimensions[get_column_letter(index)].width = min(max(width, 8) + 2, 32)
                if kind == "date":
                    for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                        cell.number_format = "yyyy-mm-dd"
            ws.freeze_panes = "B2"
            print_a4(ws, landscape=True, header_row=1)
            wb.save(tmp)

    replace_atomically(path, write)
    return path
