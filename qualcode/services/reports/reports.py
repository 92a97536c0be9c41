"""Reports for the write-up: the matrix workbook, the codebook workbook and the Word quote bank.

The glue between the services that count (matrices, report sheets) and the pure writers in
:mod:`qualcode.exporters`: it turns service rows into the writers' report dataclasses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural
from qualcode.exporters import report_model as rm
from qualcode.exporters.excel import write_workbook
from qualcode.exporters.quote_bank import write_quote_bank
from qualcode.exporters.theme_report_model import ReportTheme, ThemeReport
from qualcode.services.frameworks import matrices
from qualcode.services.reports.measures import MEASURES
from qualcode.services.reports.places import quote_places
from qualcode.services.reports.report_sheets import codebook_rows, theme_sheets
from qualcode.services.reports.theme_report import theme_report
from qualcode.services.themes.theme_counts import reads_once
from qualcode.storage.project import Project


def _quote(q: matrices.QuoteCell, places: dict[int, str]) -> rm.QuoteCell:
    """The writers' quote; its place is "document · speaker · turn N" (see :mod:`places`)."""
    return rm.QuoteCell(q.text, q.attribution, q.document, places.get(q.coding_id, q.document))


def _matrix_quotes(
    matrix: matrices.Matrix, places: dict[int, str]
) -> list[tuple[str, str, rm.QuoteCell]]:
    """One row per key quote: filed under the deepest theme that holds it (a parent theme's
    cells repeat its sub-themes' quotes), with the columns that theme is linked to."""
    refs = {c.key: c.ref or c.label for c in matrix.columns}
    owner: dict[int, int] = {}
    for row in sorted(matrix.rows, key=lambda r: -r.depth):
        for (theme_id, _key), cell in matrix.cells.items():
            if theme_id == row.theme_id:
                for q in cell.quotes:
                    owner.setdefault(q.coding_id, theme_id)
    out: list[tuple[str, str, rm.QuoteCell]] = []
    done: set[int] = set()
    for row in matrix.rows:
        cells = [(k, c) for (t, k), c in matrix.cells.items() if t == row.theme_id]
        linked = sorted(
            (k for k, c in cells if c.strength or c.extracts),
            key=lambda k: next(c.strength != "primary" for kk, c in cells if kk == k),
        )
        where = ", ".join(refs.get(k, k) for k in linked)
        for _k, cell in cells:
            for q in cell.quotes:
                if owner.get(q.coding_id) == row.theme_id and q.coding_id not in done:
                    done.add(q.coding_id)
                    out.append((row.name, where, _quote(q, places)))
    return out


def matrix_report(
    project: Project,
    *,
    framework: str | None = None,
    level: str = "priority",
    measures: Sequence[str] = ("extracts", "documents", "participants"),
    by_attribute: str | None = None,
) -> tuple[rm.MatrixReport, list[tuple[str, str, rm.QuoteCell]]]:
    """The matrix (themes × framework items, or × an attribute's values) and its quotes."""
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or not measures:
        raise ValidationError(
            f"Unknown measure(s) {', '.join(unknown) or '(none)'}; use {', '.join(MEASURES)}."
        )
    wants_quotes = "quotes" in measures
    if by_attribute:
        matrix = matrices.theme_attribute_matrix(project, by_attribute, quotes=wants_quotes)
    else:
        matrix = matrices.theme_item_matrix(
            project, framework, "item" if level == "item" else "priority", quotes=wants_quotes
        )
    rows = [
        rm.MatrixRow(str(r.theme_id), r.name, r.depth, r.status, r.definition) for r in matrix.rows
    ]
    columns = [rm.MatrixColumn(c.key, c.label, c.ref) for c in matrix.columns]
    places = quote_places(project, [q.coding_id for c in matrix.cells.values() for q in c.quotes])
    cells: dict[tuple[str, str], rm.Cell] = {}
    for (theme_id, key), cell in matrix.cells.items():
        converted = [_quote(q, places) for q in cell.quotes]
        cells[(str(theme_id), key)] = rm.Cell(
            cell.extracts, cell.documents, cell.participants, cell.strength, converted
        )
    quotes = _matrix_quotes(matrix, places)
    totals = {
        str(n.id): rm.Cell(n.extracts, n.documents, n.participants)
        for n in matrices.theme_nodes(project, include_discarded=False)
    }
    report = rm.MatrixReport(
        project=project.path.stem,
        title=matrix.title,
        framework=matrix.framework,
        level="attribute" if by_attribute else level,
        measures=list(measures),
        rows=rows,
        columns=columns,
        cells=cells,
        generated=dt.datetime.now().replace(microsecond=0),
        totals=totals,
    )
    return report, quotes


def _theme_sheets(project: Project) -> list[rm.ThemeSheet]:
    sheets = theme_sheets(project)
    places = quote_places(project, [q.coding_id for t in sheets for q in t.quotes])
    return [
        rm.ThemeSheet(
            t.name,
            t.status,
            t.definition,
            t.central_concept,
            t.scope + (f"\nOut of scope: {t.scope_out}" if t.scope_out else ""),
            t.codes,
            [_quote(q, places) for q in t.quotes],
            t.links,
        )
        for t in sheets
    ]


def _codebook(project: Project, by_attribute: str | None) -> list[rm.CodebookEntry]:
    return [
        rm.CodebookEntry(
            r.path,
            r.definition,
            r.themes,
            r.extracts,
            r.documents,
            r.participants,
            dict(r.by_value),
        )
        for r in codebook_rows(project, by_attribute)
    ]


@reads_once
def export_matrix(project: Project, out: Path, **options: object) -> rm.MatrixReport:
    """The matrix workbook: front sheet, matrix, quotes, codebook and one sheet per theme."""
    report, quotes = matrix_report(project, **options)  # type: ignore[arg-type]
    book = rm.Workbook(report, quotes, _codebook(project, None), None, _theme_sheets(project))
    write_workbook(Path(out), book)
    return report


@reads_once
def export_codebook(project: Project, out: Path, by_attribute: str | None = None) -> int:
    """The codebook workbook: a Notes sheet, then every code with roll-up counts, themes,
    priorities and an example quote (:mod:`codebook_report`); returns the number of codes."""
    from qualcode.services.reports.codebook_report import export_codebook as write

    return write(project, out, by_attribute)


@reads_once
def export_quote_bank(
    project: Project,
    out: Path,
    framework: str | None = None,
    quotes: str = "key",
    quote_style: str = "blue-italic",
) -> ThemeReport:
    """The Word quote bank: quotes under the framework's priorities and their themes, each quote
    once, gathered exactly as for the theme report (:func:`theme_report`); returns what it holds."""
    report = theme_report(project, framework, quotes, quote_style)
    write_quote_bank(Path(out), report)
    return report


def quote_bank_summary(bank: ThemeReport) -> str:
    """ "42 quotes under 7 themes in 7 sections (framework)." for the CLI and the menu."""
    themes: list[ReportTheme] = []
    stack = [t for s in bank.sections for t in s.themes]
    while stack:
        theme = stack.pop()
        themes.append(theme)
        stack.extend(theme.subthemes)
    quotes = sum(len(t.quotes) for t in themes)
    return (
        f"{plural(quotes, 'quote')} under {plural(len(themes), 'theme')} in "
        f"{plural(len(bank.sections), 'section')}"
        + (f" ({bank.framework})." if bank.framework else ".")
    )
