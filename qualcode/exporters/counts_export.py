"""Write the counts (code frequencies by group, co-occurrence, coverage, word frequencies) to a
workbook for people to read, or to CSV files for other tools.

The workbook opens on an "About" sheet that defines every measure and the grouping: a count means
nothing without its rule (what is a participant, what does "co-occur" mean), and the reader of a
board paper will not look it up. Tables have a bold frozen header and their first column frozen.

Both writers are atomic: everything is written under temporary names in the target folder and
renamed over the targets only once whole, so a failed export leaves the old files as they were.
The counting happens in the services; this module only lays out plain data.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped]
from openpyxl import Workbook as XlWorkbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.worksheet import Worksheet  # type: ignore[import-untyped]

from qualcode.domain.files import write_error
from qualcode.domain.quantifiers import DEFAULT_BANDS, Band, percent, quantifier
from qualcode.exporters.atomic import replace_atomically, temporary_beside
from qualcode.exporters.excel import (
    _GRID,
    _HEADER_FILL,
    _HEADER_FONT,
    _WRAP_TOP,
    _fit_height,
    _put,
    _title,
    clean_text,
)
from qualcode.exporters.matrix_sheets import print_a4
from qualcode.exporters.survey_model import Disclosure, SampleOverview
from qualcode.exporters.survey_sheets import sample_sheet

SHEETS = {
    "frequencies": "Code frequencies",
    "participants": "Participants (shares)",
    "documents": "Documents (shares)",
    "overlap": "Co-occurrence (overlap)",
    "turn": "Co-occurrence (same turn)",
    "coverage": "Coverage",
    "words": "Word frequencies",
}
_CONTENTS = {
    "frequencies": "Extracts, documents and participants per code, by group, with an All total",
    "participants": "Participants per code as a share of each group's participants, in numbers "
    "and in words",
    "documents": "Documents per code as a share of each group's documents",
    "overlap": "Codes × codes: pairs of overlapping codings",
    "turn": "Codes × codes: turns or answers where both codes occur",
    "coverage": "Per document: how much of the text is coded",
    "words": "The most frequent words, by group",
}
CSV_NAMES = {
    "frequencies": "code-frequencies",
    "overlap": "cooccurrence-overlap",
    "turn": "cooccurrence-turn",
    "coverage": "coverage",
    "words": "word-frequencies",
}
_HEADER_ROW = 3
_DIAGONAL_FILL = PatternFill("solid", fgColor="E7E6E6")
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class CodeLine:
    label: str  # as in the tables' index
    name: str
    path: str
    depth: int
    colour: str  # "#RRGGBB"


@dataclass(frozen=True)
class CountsBook:
    """What the writers lay out. ``frequencies``: a row per code (``codes`` order), columns a
    (group, measure) MultiIndex ending with "All". Matrices: codes × codes, indexed by label.
    ``coverage``: columns document, kind, characters, coded_characters, percent, codings.
    ``words``: a row per word, a column per group and "All". ``notes``: sheet → definition.
    ``bases``: each group's documents and participants (the shares sheets need them); ``bands``:
    the verbal quantifiers' thresholds."""

    project: str
    generated: dt.datetime
    grouping: str  # one sentence: how codings are grouped
    codes: list[CodeLine]
    frequencies: pd.DataFrame
    overlap: pd.DataFrame | None = None
    same_turn: pd.DataFrame | None = None
    coverage: pd.DataFrame | None = None
    words: pd.DataFrame | None = None
    notes: tuple[tuple[str, str], ...] = ()
    bases: dict[str, tuple[int, int]] = field(default_factory=dict)  # group -> (docs, people)
    bands: tuple[Band, ...] = DEFAULT_BANDS
    sample: SampleOverview | None = None  # who took part: the "Sample" sheet


def _tables(book: CountsBook) -> dict[str, pd.DataFrame]:
    """The tables present, keyed as :data:`SHEETS`."""
    found = {
        "frequencies": book.frequencies,
        "participants": book.frequencies if book.bases else None,
        "documents": book.frequencies if book.bases else None,
        "overlap": book.overlap,
        "turn": book.same_turn,
        "coverage": book.coverage,
        "words": book.words,
    }
    return {k: v for k, v in found.items() if v is not None}


def _head(ws: Worksheet, row: int, col: int, label: str, width: float | None = None) -> None:
    cell = _put(ws, row, col, label)
    cell.fill, cell.font, cell.border, cell.alignment = _HEADER_FILL, _HEADER_FONT, _GRID, _CENTRE
    if width is not None:
        ws.column_dimensions[get_column_letter(col)].width = width


def _number(ws: Worksheet, row: int, col: int, value: float, fmt: str = "#,##0") -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = int(value) if fmt == "#,##0" else float(value)
    cell.number_format, cell.border = fmt, _GRID


def _about(ws: Worksheet, book: CountsBook, sheets: list[tuple[str, str]]) -> None:
    _title(ws, f"Counts: {book.project}", "What each number in this workbook counts")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 30, 95
    rows: list[tuple[str, str]] = [
        ("Generated", book.generated.strftime("%d %B %Y, %H:%M")),
        ("Grouping", book.grouping),
        ("", ""),
        ("What the measures mean", ""),
        *book.notes,
        ("", ""),
        ("Sheets in this workbook", ""),
        *sheets,
    ]
    for i, (label, text) in enumerate(rows, start=_HEADER_ROW + 1):
        _put(ws, i, 1, label).font = Font(bold=True)
        ws.cell(row=i, column=1).alignment = _WRAP_TOP
        _put(ws, i, 2, text).alignment = _WRAP_TOP
        _fit_height(ws, i, [(text, 95.0), (label, 30.0)])


def _frequencies(ws: Worksheet, book: CountsBook) -> None:
    table = book.frequencies
    _title(ws, SHEETS["frequencies"], book.grouping)
    groups = list(dict.fromkeys(table.columns.get_level_values(0)))
    measures = list(dict.fromkeys(table.columns.get_level_values(1)))
    _head(ws, _HEADER_ROW, 1, "", 2.5)
    _head(ws, _HEADER_ROW, 2, "Code", 40)
    ws.merge_cells(start_row=_HEADER_ROW, end_row=_HEADER_ROW + 1, start_column=1, end_column=1)
    ws.merge_cells(start_row=_HEADER_ROW, end_row=_HEADER_ROW + 1, start_column=2, end_column=2)
    col = 3
    for group in groups:
        docs, people = book.bases.get(group, (0, 0))
        base = f"\nof {docs:,} documents, {people:,} participants" if group in book.bases else ""
        _head(ws, _HEADER_ROW, col, group + base)
        last = col + len(measures) - 1
        ws.merge_cells(
            start_row=_HEADER_ROW, end_row=_HEADER_ROW, start_column=col, end_column=last
        )
        for offset, measure in enumerate(measures):
            _head(ws, _HEADER_ROW + 1, col + offset, measure.capitalize(), 12.5)
        col = last + 1
    longest = max((len(g) for g in groups), default=0)
    extra = 1 if book.bases else 0  # the base's line
    ws.row_dimensions[_HEADER_ROW].height = min(409.0, 15.0 * (1 + extra + longest // 36) + 4)
    for r, (code, values) in enumerate(
        zip(book.codes, table.itertuples(index=False), strict=True), start=_HEADER_ROW + 2
    ):
        chip = ws.cell(row=r, column=1)
        chip.fill = PatternFill("solid", fgColor=code.colour.lstrip("#").upper() or "A9A9A9")
        chip.border = _GRID
        name = _put(ws, r, 2, code.name)
        name.alignment = Alignment(indent=min(2 * code.depth, 15), vertical="top", wrap_text=True)
        name.font, name.border = Font(bold=code.depth == 0), _GRID
        for c, value in enumerate(values, start=3):
            _number(ws, r, c, value)
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 2, column=3)


def _shares(ws: Worksheet, book: CountsBook, measure: str) -> None:
    """Codes × groups: the count, its share of the group's base (a % cell) and, for
    participants, the verbal quantifier. Each group's header names its base."""
    table = book.frequencies
    noun = "participants" if measure == "participants" else "documents"
    words = measure == "participants"
    _title(ws, SHEETS[measure], f"{book.grouping} Each share is of the group's {noun} (its base).")
    groups = list(dict.fromkeys(table.columns.get_level_values(0)))
    _head(ws, _HEADER_ROW, 1, "", 2.5)
    _head(ws, _HEADER_ROW, 2, "Code", 34)
    for c in (1, 2):
        ws.merge_cells(start_row=_HEADER_ROW, end_row=_HEADER_ROW + 1, start_column=c, end_column=c)
    labels = ["N", "%", "In words"] if words else ["N", "%"]
    col = 3
    for group in groups:
        docs, people = book.bases.get(group, (0, 0))
        base = people if words else docs
        _head(ws, _HEADER_ROW, col, f"{group}\nof {base:,} {noun}")
        last = col + len(labels) - 1
        ws.merge_cells(
            start_row=_HEADER_ROW, end_row=_HEADER_ROW, start_column=col, end_column=last
        )
        for offset, label in enumerate(labels):
            width = 9.0 if offset < 2 else 10.0
            _head(ws, _HEADER_ROW + 1, col + offset, label, width)
        col = last + 1
    longest = max((len(g) for g in groups), default=0)
    ws.row_dimensions[_HEADER_ROW].height = min(409.0, 15.0 * (2 + longest // 20) + 4)
    counts = table.xs(measure, axis=1, level="measure")
    for r, (code, values) in enumerate(
        zip(book.codes, counts.itertuples(index=False), strict=True), start=_HEADER_ROW + 2
    ):
        chip = ws.cell(row=r, column=1)
        chip.fill = PatternFill("solid", fgColor=code.colour.lstrip("#").upper() or "A9A9A9")
        chip.border = _GRID
        name = _put(ws, r, 2, code.name)
        name.alignment = Alignment(indent=min(2 * code.depth, 15), vertical="top", wrap_text=True)
        name.font, name.border = Font(bold=code.depth == 0), _GRID
        for i, (group, value) in enumerate(zip(groups, values, strict=True)):
            docs, people = book.bases.get(group, (0, 0))
            base = people if words else docs
            c = 3 + i * len(labels)
            _number(ws, r, c, value)
            share = percent(int(value), base)
            if share is None:
                _put(ws, r, c + 1, "").border = _GRID
            else:
                _number(ws, r, c + 1, share, "0%")
            if words:
                _put(ws, r, c + 2, quantifier(int(value), base, book.bands)).border = _GRID
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 2, column=3)


def _matrix(ws: Worksheet, title: str, note: str, matrix: pd.DataFrame) -> None:
    _title(ws, title, note)
    labels = [str(x) for x in matrix.index]
    _head(ws, _HEADER_ROW, 1, "Code", 40)
    for c, label in enumerate(labels, start=2):
        _head(ws, _HEADER_ROW, c, label, 7.5)
        ws.cell(row=_HEADER_ROW, column=c).alignment = Alignment(
            text_rotation=90, horizontal="center", vertical="bottom", wrap_text=True
        )
    longest = max((len(x) for x in labels), default=4)
    ws.row_dimensions[_HEADER_ROW].height = min(300.0, 7.0 * min(longest, 40) + 10)
    # rows appended whole, styles only on the labels and the diagonal: a 500-code matrix is
    # 250,000 cells, and styling each one costs seconds
    for i, row in enumerate(matrix.to_numpy().tolist()):
        ws.append([clean_text(labels[i]), *(int(v) for v in row)])
        r = _HEADER_ROW + 1 + i
        name = ws.cell(row=r, column=1)
        name.data_type, name.font = "s", Font(bold=True)  # "=..." stays text, not a formula
        diagonal = ws.cell(row=r, column=i + 2)
        diagonal.fill, diagonal.font = _DIAGONAL_FILL, Font(italic=True, color="595959")
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=2)


def _flat(ws: Worksheet, title: str, note: str, frame: pd.DataFrame, first: str) -> None:
    """A plain table: the index as the first column, then the columns (headers capitalised)."""
    _title(ws, title, note)
    _head(ws, _HEADER_ROW, 1, first, 42)
    for c, column in enumerate(frame.columns, start=2):
        text = str(column).replace("_", " ")
        _head(ws, _HEADER_ROW, c, text[:1].upper() + text[1:], max(12.0, min(len(text), 30) + 2))
    for r, (key, row) in enumerate(
        zip(frame.index, frame.itertuples(index=False), strict=True), start=_HEADER_ROW + 1
    ):
        _put(ws, r, 1, str(key)).border = _GRID
        for c, (column, value) in enumerate(zip(frame.columns, row, strict=True), start=2):
            if column == "percent":
                _number(ws, r, c, value, "0.0")
            elif isinstance(value, str):
                _put(ws, r, c, value).border = _GRID
            else:
                _number(ws, r, c, value)
    ws.freeze_panes = ws.cell(row=_HEADER_ROW + 1, column=2)


def build_counts_workbook(book: CountsBook) -> XlWorkbook:
    """Lay out the About sheet and one sheet per table (not yet saved)."""
    tables = _tables(book)
    notes = dict(book.notes)
    wb = XlWorkbook()
    about = wb.active
    assert about is not None
    about.title = "About"
    for key, table in tables.items():
        ws = wb.create_sheet(SHEETS[key])
        if key == "frequencies":
            _frequencies(ws, book)
        elif key in ("participants", "documents"):
            _shares(ws, book, key)
        elif key in ("overlap", "turn"):
            _matrix(ws, SHEETS[key], notes.get(SHEETS[key], ""), table)
        elif key == "coverage":
            frame = table.set_index("document")
            _flat(ws, SHEETS[key], notes.get(SHEETS[key], ""), frame, "Document")
        else:
            _flat(ws, SHEETS[key], notes.get(SHEETS[key], ""), table, "Word")
    contents = [(SHEETS[k], _CONTENTS[k]) for k in tables]
    if book.sample is not None:  # who took part, second: the base of everything after it
        sample_sheet(wb.create_sheet("Sample", 1), book.sample, Disclosure())
        contents.insert(0, ("Sample", "Who took part: documents and participants, with bases"))
    _about(about, book, contents)
    for sheet in wb.worksheets:
        print_a4(sheet)  # A4 landscape, one page wide
        if sheet is not about and sheet.title != "Sample":  # the header on every printed page
            two = sheet.title in (
                SHEETS["frequencies"],
                SHEETS["participants"],
                SHEETS["documents"],
            )
            sheet.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW + (1 if two else 0)}"
    wb.properties.creator = "QualCode"
    wb.properties.title = clean_text(f"Counts: {book.project}")
    return wb


def write_counts_workbook(path: Path, book: CountsBook) -> None:
    """Write ``book`` to ``path`` (.xlsx), replacing an old file only once the new one is whole."""
    wb = build_counts_workbook(book)
    replace_atomically(Path(path), lambda tmp: wb.save(tmp))


def csv_frames(book: CountsBook) -> dict[str, pd.DataFrame]:
    """Each table as a flat frame for CSV, keyed by its file suffix (:data:`CSV_NAMES`)."""
    out: dict[str, pd.DataFrame] = {}
    for key, table in _tables(book).items():
        if key in ("participants", "documents"):
            continue  # the CSV of frequencies holds the counts; shares are for reading
        if key == "frequencies":
            flat = pd.DataFrame(
                table.to_numpy(), columns=[f"{g}: {m}" for g, m in table.columns]
            )  # fmt: skip
            flat.insert(0, "path", [c.path for c in book.codes])
            flat.insert(0, "code", [c.label for c in book.codes])
        elif key == "coverage":
            flat = table.reset_index(drop=True)
        else:
            flat = table.reset_index().rename(columns={table.index.name or "index": "code"})
            if key == "words":
                flat = flat.rename(columns={"code": "word"})
        out[CSV_NAMES[key]] = flat
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """Text a spreadsheet would run as a formula (a code called "=HYPERLINK(...)") is written
    with a leading apostrophe, the usual guard; numbers are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def _inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [_inert(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_inert)
    return out


def write_counts_csv(stem: Path, book: CountsBook) -> list[Path]:
    """One UTF-8 CSV per table, ``<stem>-<table>.csv`` beside ``stem`` (which may end in a
    suffix, dropped). All files are written first, then renamed into place together."""
    stem = Path(stem)
    base = stem.with_suffix("") if stem.suffix.lower() in (".csv", ".xlsx") else stem
    targets: list[tuple[Path, Path]] = []
    try:
        for name, frame in csv_frames(book).items():
            target = base.with_name(f"{base.name}-{name}.csv")
            tmp = temporary_beside(target)
            targets.append((tmp, target))
            try:
                _inert_frame(frame).to_csv(
                    tmp, index=False, encoding="utf-8-sig", lineterminator="\n"
                )
            except OSError as exc:
                raise write_error(exc, target) from None
        for tmp, target in targets:
            os.replace(tmp, target)
    finally:
        for tmp, _target in targets:
            tmp.unlink(missing_ok=True)
    return [target for _tmp, target in targets]
