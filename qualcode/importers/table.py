"""Read a spreadsheet-like file (CSV, TSV, XLSX) into a plain grid of trimmed strings.

Survey exports and quote sheets arrive as CSV from one tool and XLSX from another; the survey and
quote importers should not care which. Everything becomes text here, in one canonical form (ISO
dates, integers without ``.0``), and every row keeps the row number the researcher sees in Excel so
error messages can point at it. SurveyMonkey's two-row header is merged here as well, because it is
a property of the file layout rather than of the survey.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from qualcode.importers.boundary import cause
from qualcode.importers.encoding import decode_bytes
from qualcode.importers.model import FileImportError
from qualcode.importers.safety import MAX_TEXT_CHARS, check_file, check_text_size, check_zip
from qualcode.importers.survey_layouts import SURVEYMONKEY_METADATA, recognise

__all__ = ["EXCEL_SUFFIXES", "SURVEYMONKEY_METADATA", "TEXT_SUFFIXES", "Table", "read_table"]

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Table:
    """A header row and data rows, all cells trimmed strings, rows padded to the header width."""

    source: str  # the file's name, for messages
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # 1-based row in the file (as Excel numbers it), one per row
    warnings: list[str] = field(default_factory=list)
    layout: Literal["plain", "surveymonkey"] = "plain"
    # What survey_layouts recognised ("" for a plain table), and per column facts from it.
    layout_name: str = ""
    codes: list[str] = field(default_factory=list)  # the tool's short id per column, or ""
    groups: list[str] = field(default_factory=list)  # the question each column belongs to
    metadata_columns: list[str] = field(default_factory=list)  # times, IPs: never asked
    other_columns: list[str] = field(default_factory=list)  # "Other (please specify)" texts
    id_hint: str | None = None  # the tool's respondent id column, if it has one

    def column(self, name: str) -> list[str]:
        index = self.headers.index(name)
        return [row[index] for row in self.rows]

    def code(self, name: str) -> str:
        """The tool's short id of a column ("Q2", "Q01"), or "" when it gave none."""
        index = self.headers.index(name)
        return self.codes[index] if index < len(self.codes) else ""

    def group(self, name: str) -> str:
        """The question a column belongs to (its own name for a whole-answer column)."""
        index = self.headers.index(name)
        return self.groups[index] if index < len(self.groups) else name


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read ``path`` (.csv, .tsv, .txt or .xlsx); ``sheet`` picks a worksheet of a workbook."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileImportError(
            name, "old Excel (.xls) files cannot be read; save it as .xlsx or CSV in Excel"
        )
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES:
        raise FileImportError(name, "expected a .csv, .tsv or .xlsx file")
    check_file(path)
    warnings: list[str] = []
    if suffix in EXCEL_SUFFIXES:
        raw = _read_xlsx(path, sheet)
    else:
        raw = _read_delimited(path, suffix, warnings)
    table = _build_table(name, raw, strict_width=suffix not in EXCEL_SUFFIXES)
    table.warnings[:0] = warnings
    return table


# A raw row: its 1-based number in the file and its cells.
RawRow = tuple[int, list[str]]


def _read_delimited(path: Path, suffix: str, warnings: list[str]) -> list[RawRow]:
    name = path.name
    text, _encoding = decode_bytes(path.read_bytes(), name)
    check_text_size(text, name)
    controls = _CONTROL.findall(text)
    if controls:
        first = _CONTROL.search(text)
        assert first is not None
        line = text.count("\n", 0, first.start()) + 1
        if "\x00" in controls or len(controls) > max(3, len(text) // 200):
            raise FileImportError(
                name,
                "this is not a text table (it holds binary control characters)",
                f"line {line}",
            )
        text = _CONTROL.sub(" ", text)
        warnings.append(
            f"{len(controls)} stray control character(s) (first on line {line}) became spaces."
        )
    delimiter = "\t" if suffix == ".tsv" else _guess_delimiter(text)
    rows: list[RawRow] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for cells in reader:
            number += 1
            rows.append((number, [_clean(c) for c in cells]))
    except csv.Error as exc:
        raise FileImportError(
            name, f"the CSV cannot be read ({cause(exc)})", f"row {number + 1}"
        ) from None
    return rows


def _guess_delimiter(text: str) -> str:
    """The delimiter that gives the header the most columns and the rows the same count."""
    sample = text[:65536]
    best, best_score = ",", 0.0
    for delimiter in (",", ";", "\t"):
        if delimiter not in sample:
            continue
        try:
            records = [r for r in _first_records(sample, delimiter, 30) if any(r)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistent = sum(1 for r in records if len(r) == width) / len(records)
        score = width * consistent
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _first_records(sample: str, delimiter: str, limit: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    for record in reader:
        records.append(record)
        if len(records) >= limit:
            break
    if len(records) > 1 and len(sample) >= 65536:
        records.pop()  # the last record may be cut by the sample's end
    return records


def _read_xlsx(path: Path, sheet: str | None) -> list[RawRow]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # 0.3 s: only for Excel
    from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]

    name = path.name
    try:
        check_zip(path, "Excel workbook")
    except (zlib.error, EOFError, OSError) as exc:  # testzip() lets these through
        raise FileImportError(name, f"the Excel workbook is damaged ({cause(exc)})") from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        KeyError,
        InvalidFileException,
        OSError,
        ValueError,
        TypeError,
        EOFError,
        zlib.error,
    ) as exc:
        raise FileImportError(name, f"the Excel workbook cannot be read ({cause(exc)})") from None
    try:
        sheets = list(workbook.sheetnames)
        if sheet is None:
            if not sheets:
                raise FileImportError(name, "the workbook has no worksheets")
            sheet = sheets[0]
        elif sheet not in sheets:
            raise FileImportError(
                name, f"there is no sheet '{sheet}'; the sheets are: {', '.join(sheets)}"
            )
        worksheet = workbook[sheet]
        if not hasattr(worksheet, "iter_rows"):
            raise FileImportError(name, f"the sheet '{sheet}' is a chart, not a table")
        # Some exporters write wrong sheet dimensions; read-only mode would trust them.
        worksheet.reset_dimensions()
        rows: list[RawRow] = []
        total = 0
        try:
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                cells = [_excel_text(v) for v in values]
                total += sum(len(c) for c in cells)
                if total > MAX_TEXT_CHARS:
                    raise FileImportError(
                        name, f"the sheet holds more than {MAX_TEXT_CHARS:,} characters"
                    )
                rows.append((number, cells))
        except (
            zipfile.BadZipFile,
            KeyError,
            OSError,
            ValueError,
            TypeError,
            EOFError,
            zlib.error,
        ) as exc:
            raise FileImportError(
                name, f"the sheet '{sheet}' cannot be read ({cause(exc)})", f"row {len(rows) + 1}"
            ) from None
    finally:
        workbook.close()
    return rows


def _excel_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return _clean(str(value))


def _clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _build_table(name: str, raw: list[RawRow], *, strict_width: bool) -> Table:
    rows = [(n, cells) for n, cells in raw if any(cells)]
    if not rows:
        raise FileImportError(name, "the file holds no rows (not even a header)")
    header_number = rows[0][0]
    layout = recognise(rows[0][1], [cells for _, cells in rows[1:3]])
    body = rows[layout.header_rows :] if len(rows) >= layout.header_rows else []
    header = list(layout.headers)
    codes = (layout.codes + [""] * len(header))[: len(header)]
    while header and not header[-1] and not codes[len(header) - 1]:
        header.pop()
    warnings: list[str] = []
    width = len(header)
    if strict_width:
        for number, cells in body:
            extra = [c for c in cells[width:] if c]
            if extra:
                raise FileImportError(
                    name,
                    f"row {number} has {_last_filled(cells)} cells but the header has {width} "
                    f"column{'s' if width != 1 else ''}; a delimiter or quote may be misplaced",
                    f"row {number}",
                )
    else:
        width = max([width] + [_last_filled(cells) for _, cells in body])
    if width == 0:
        raise FileImportError(name, "the header row is empty", f"row {header_number}")
    headers = _unique_headers(header + [""] * (width - len(header)), warnings)
    table_rows = [(cells + [""] * width)[:width] for _, cells in body]
    groups = [
        layout.groups[i] if i < len(layout.groups) and layout.groups[i] else h
        for i, h in enumerate(headers)
    ]
    return Table(
        source=name,
        headers=headers,
        rows=table_rows,
        row_numbers=[n for n, _ in body],
        warnings=warnings,
        layout="surveymonkey" if layout.name.startswith("SurveyMonkey (2") else "plain",
        layout_name=layout.name,
        codes=(codes + [""] * width)[:width],
        groups=groups,
        metadata_columns=[headers[i] for i in sorted(layout.metadata) if i < width],
        other_columns=[headers[i] for i in sorted(layout.others) if i < width],
        id_hint=headers[layout.id_index]
        if layout.id_index is not None and layout.id_index < width
        else None,
    )


def _last_filled(cells: list[str]) -> int:
    for i in range(len(cells) - 1, -1, -1):
        if cells[i]:
            return i + 1
    return 0


def _unique_headers(header: list[str], warnings: list[str]) -> list[str]:
    named = [h or f"Column {i + 1}" for i, h in enumerate(header)]
    counts = Counter(h.casefold() for h in named)
    seen: Counter[str] = Counter()
    taken = {h.casefold() for h in named}
    result: list[str] = []
    for h in named:
        key = h.casefold()
        seen[key] += 1
        if counts[key] > 1 and seen[key] > 1:
            n = seen[key]
            while f"{h} ({n})".casefold() in taken:
                n += 1
            new = f"{h} ({n})"
            taken.add(new.casefold())
            warnings.append(f"The column name '{h}' appears more than once; renamed to '{new}'.")
            result.append(new)
        else:
            result.append(h)
    return result
