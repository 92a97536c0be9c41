"""Write the recommendation register as Excel (.xlsx): one row per recommendation, for tracking.

Partners track actions in a spreadsheet: they filter by owner or status, sort by timescale and
add progress notes. So each recommendation is one row with its number, priority, owner,
timescale and status as plain cells (the evidence counts as numbers), the header frozen with
filters on it, text wrapped in fixed widths, an empty "Progress notes" column, a drop-down of
the statuses, and A4 landscape printing with the header on every page.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook as XlWorkbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import _GRID, _fit_height, _header, _put, _title, clean_text
from qualcode.exporters.matrix_sheets import print_a4
from qualcode.exporters.recommendations_model import STATUSES, Register

SHEET = "Recommendations"
HEADER_ROW = 3
COLUMNS: tuple[tuple[str, float], ...] = (
    ("No.", 6),
    ("Title", 28),
    ("Recommendation", 60),
    ("Priority", 24),
    ("Owner / partner", 18),
    ("Timescale", 14),
    ("Status", 13),
    ("Based on themes", 30),
    ("Theme extracts", 10),
    ("Participants", 12),
    ("Linked extracts", 10),
    ("Progress notes", 30),
)
_WRAP = Alignment(wrap_text=True, vertical="top")
_NUMBER = Alignment(horizontal="right", vertical="top")


def build_register_workbook(register: Register) -> XlWorkbook:
    wb = XlWorkbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    day = register.generated
    note = (
        f"Written {day.day} {day:%B %Y, %H:%M}. Theme extracts and participants are counted "
        f"over the linked themes and their sub-themes, each passage and person once. "
        f"{register.base}"
    )
    _title(ws, f"Recommendations: {register.project}", note)
    _header(ws, HEADER_ROW, [c for c, _w in COLUMNS], [w for _c, w in COLUMNS])
    ws.row_dimensions[HEADER_ROW].height = 32  # two lines: "Theme / extracts"
    row = HEADER_ROW
    for section in register.sections:
        for e in section.entries:
            row += 1
            values: list[str | int] = [
                e.number, e.title, e.text, section.heading, e.owner, e.timescale,
                e.status_label, e.theme_names, e.extracts, e.participants,
                len(e.extract_ids), "",
            ]  # fmt: skip
            for col, value in enumerate(values, start=1):
                cell = _put(ws, row, col, value)
                cell.border = _GRID
                cell.alignment = _NUMBER if isinstance(value, int) else _WRAP
                if isinstance(value, int):
                    cell.number_format = "0"
            texts = [(clean_text(v), w) for v, (_c, w) in zip(values, COLUMNS, strict=True)
                     if isinstance(v, str)]  # fmt: skip
            _fit_height(ws, row, texts)
    last = get_column_letter(len(COLUMNS))
    ws.freeze_panes = f"C{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{max(row, HEADER_ROW + 1)}"
    if row > HEADER_ROW:
        choices = DataValidation(
            type="list", formula1='"' + ",".join(STATUSES.values()) + '"', allow_blank=True
        )
        choices.add(f"G{HEADER_ROW + 1}:G{row}")
        ws.add_data_validation(choices)
    else:
        _put(ws, HEADER_ROW + 1, 1, "No recommendations yet.")
    print_a4(ws, landscape=True, header_row=HEADER_ROW)
    wb.properties.creator = "QualCode"
    wb.properties.title = clean_text(f"Recommendations: {register.project}")
    return wb


def write_register_xlsx(path: Path, register: Register) -> None:
    """Write the register to ``path`` (.xlsx), replacing an old file only once it is whole."""
    wb = build_register_workbook(register)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))
