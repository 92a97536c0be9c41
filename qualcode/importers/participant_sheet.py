"""Read a participant sheet (CSV or XLSX, one row per participant) into typed columns.

Researchers keep who-is-who in a spreadsheet: an id or name column, then gender, age, area, role.
This module only reads and judges the file (no database): which column holds the ids, what type
each other column is (number, date, yes/no, a category with its values in a sensible order, or
text), and what is wrong with it, each problem naming the file, the row as Excel numbers it and
the column, so the preview can list them before anything is written. Matching rows to the
project's cases is the service's job (:mod:`qualcode.services.participants.sheets`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import AttributeType, canonical_value
from qualcode.domain.wording import plural
from qualcode.importers.boundary import guarded
from qualcode.importers.survey_attributes import infer_attribute_type
from qualcode.importers.table import read_table

ID_NAMES = ("id", "participant", "participant id", "name", "case", "respondent", "pseudonym")
_NATURAL = re.compile(r"(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong with the sheet. ``blocking`` problems stop the import."""

    # duplicate_id | empty_row | missing_id | mixed_type | unknown_id_column | empty_column |
    # unnamed_column (and, from the service, clash)
    kind: str
    message: str  # names the file, row and column
    row: int | None = None
    column: str | None = None
    blocking: bool = False


@dataclass
class SheetColumn:
    """One attribute column: its inferred type, category values in order, a value per row."""

    name: str
    kind: AttributeType
    values: list[str]
    options: list[str] = field(default_factory=list)


@dataclass
class ParticipantSheet:
    source: str  # the file's name, for messages
    id_column: str | None
    ids: list[str]  # one per kept row (rows with an id)
    row_numbers: list[int]  # the row each id is on, as Excel numbers it
    columns: list[SheetColumn]
    problems: list[SheetProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def natural_key(value: str) -> tuple[tuple[int, float | str], ...]:
    """Order "18-24" before "25-39" and "Area 2" before "Area 10"."""
    parts = _NATURAL.split(value.casefold())
    return tuple((0, float(p)) if i % 2 else (1, p) for i, p in enumerate(parts) if p)


def _fits(kind: AttributeType, value: str) -> bool:
    if kind is AttributeType.NUMBER and not any(c.isdigit() for c in value):
        return False
    try:
        canonical_value(kind, value)
    except ValidationError:
        return False
    return True


def _mixed(
    file: str, column: str, values: list[str], rows: list[int], kind: AttributeType
) -> SheetProblem | None:
    """Most values are numbers (or dates) but some are not: a typo the user should see."""
    if kind not in (AttributeType.CATEGORY, AttributeType.TEXT):
        return None
    present = [(v, r) for v, r in zip(values, rows, strict=True) if v]
    for wanted, word in ((AttributeType.NUMBER, "numbers"), (AttributeType.DATE, "dates")):
        odd = [(v, r) for v, r in present if not _fits(wanted, v)]
        if present and 0 < len(odd) <= len(present) // 2:
            value, row = odd[0]
            return SheetProblem(
                "mixed_type",
                f"{file} (row {row}, column '{column}'): '{value}' is not like the column's other "
                f"values, which are {word} ({plural(len(odd), 'value')} of "
                f"{len(present)} differ); the column is read as {kind.value}",
                row,
                column,
            )
    return None


def find_id_column(headers: list[str], wanted: str | None) -> str | None:
    if wanted is not None:
        key = " ".join(wanted.split()).casefold()
        return next((h for h in headers if " ".join(h.split()).casefold() == key), None)
    for name in ID_NAMES:
        for h in headers:
            if " ".join(h.replace("_", " ").split()).casefold() == name:
                return h
    return None


@guarded
def read_participant_sheet(path: Path, id_column: str | None = None) -> ParticipantSheet:
    """The sheet at ``path`` with its id column (``id_column``, or the first column called id,
    participant, name, case…), typed columns and problems. Never raises for what the preview
    should show (duplicated ids, empty rows, mixed types, no id column)."""
    path = Path(path)
    table = read_table(path)
    file = table.source
    problems: list[SheetProblem] = []
    id_name = find_id_column(table.headers, id_column)
    if id_name is None:
        asked = (
            f"there is no column '{id_column}'"
            if id_column
            else "no column is called id, participant, name or case"
        )
        problems.append(
            SheetProblem(
                "unknown_id_column",
                f"{file} (header row): {asked}; choose the id column among: "
                f"{', '.join(table.headers)}",
                blocking=True,
            )
        )
    present_rows = set(table.row_numbers)
    for row in range(min(present_rows, default=0), max(present_rows, default=0)):
        if row not in present_rows:
            problems.append(
                SheetProblem("empty_row", f"{file} (row {row}): the row is empty; skipped", row)
            )
    index = table.headers.index(id_name) if id_name is not None else None
    kept: list[int] = []
    ids: list[str] = []
    numbers: list[int] = []
    for i, (cells, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        ident = " ".join(cells[index].split()) if index is not None else ""
        if index is not None and not ident:
            problems.append(
                SheetProblem(
                    "missing_id",
                    f"{file} (row {number}, column '{id_name}'): no id; the row is skipped",
                    number,
                    id_name,
                )
            )
            continue
        kept.append(i)
        ids.append(ident)
        numbers.append(number)
    first: dict[str, int] = {}
    for ident, number in zip(ids, numbers, strict=True):
        key = ident.casefold()
        if key in first:
            problems.append(
                SheetProblem(
                    "duplicate_id",
                    f"{file} (row {number}, column '{id_name}'): the id '{ident}' is also on "
                    f"row {first[key]}; give each participant one row",
                    number,
                    id_name,
                    blocking=True,
                )
            )
        else:
            first[key] = number
    columns: list[SheetColumn] = []
    for c, header in enumerate(table.headers):
        if header == id_name:
            continue
        values = [table.rows[i][c] for i in kept]
        if not any(values):
            problems.append(
                SheetProblem(
                    "empty_column",
                    f"{file} (column '{header}'): the column is empty; skipped",
                    column=header,
                )
            )
            continue
        if header == f"Column {c + 1}":  # the table reader's name for a column with no heading
            problems.append(
                SheetProblem(
                    "unnamed_column",
                    f"{file} (column {c + 1}): the column has no heading; its values become "
                    f"the attribute '{header}'",
                    column=header,
                )
            )
        kind = infer_attribute_type(values)
        if kind is AttributeType.BOOLEAN:
            values = [canonical_value(kind, v) for v in values]
        options = sorted({v for v in values if v}, key=natural_key)
        column = SheetColumn(
            header, kind, values, options if kind is AttributeType.CATEGORY else []
        )
        mixed = _mixed(file, header, values, numbers, kind)
        if mixed is not None:
            problems.append(mixed)
        columns.append(column)
    return ParticipantSheet(file, id_name, ids, numbers, columns, problems, list(table.warnings))


def duplicate_count(sheet: ParticipantSheet) -> int:
    return sum(n - 1 for n in Counter(i.casefold() for i in sheet.ids).values() if n > 1)
