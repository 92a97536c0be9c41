"""Read a pseudonymisation map: a CSV of real → replacement strings the user keeps outside the
project (so a shared project holds no real names).

Two columns, in any encoding the importers read; a first row naming the columns (``real`` /
``original`` / ``name`` and ``replacement`` / ``pseudonym``) is skipped. A real string given two
different replacements is refused, naming the rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from qualcode.importers.boundary import guarded
from qualcode.importers.encoding import decode_bytes
from qualcode.importers.model import FileImportError
from qualcode.importers.safety import check_file

_HEADER = {"real", "original", "name", "from", "replacement", "pseudonym", "to"}


@guarded
def read_replacement_map(path: Path) -> dict[str, str]:
    path = Path(path)
    check_file(path)
    text, _encoding = decode_bytes(path.read_bytes(), path.name)
    rows = list(csv.reader(io.StringIO(text)))
    mapping: dict[str, str] = {}
    first_row: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if number == 1 and {c.casefold() for c in cells[:2]} <= _HEADER:
            continue
        if len(cells) < 2:
            raise FileImportError(
                path.name, "each row needs a real string and its replacement", f"row {number}"
            )
        real, new = cells[0], cells[1]
        if not real:
            continue
        if real in mapping and mapping[real] != new:
            raise FileImportError(
                path.name,
                f"'{real}' has two replacements (rows {first_row[real]} and {number})",
                f"row {number}",
            )
        mapping[real] = new
        first_row.setdefault(real, number)
    if not mapping:
        raise FileImportError(path.name, "the map has no rows")
    return mapping
