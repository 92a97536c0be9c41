""" "Who took part" as Word tables, for the theme report's method appendix.

Every needs-assessment report opens its method with who took part: how many interviews, focus
groups and survey responses, and by group. Real Word tables (not tab-separated text) so the reader
can restyle them, with a header row that repeats on a new page, numbers right-aligned, each
table's base in the paragraph under it and the small-cell rule stated once. The numbers come from
the same :class:`~qualcode.exporters.survey_model.SampleOverview` as the Sample & survey tab and
the counts workbook's Sample sheet.
"""

from __future__ import annotations

import contextlib

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from qualcode.exporters.excel import clean_text
from qualcode.exporters.survey_model import (
    CountTable,
    Disclosure,
    SampleOverview,
    percent_text,
)
from qualcode.exporters.theme_report import paragraph


def _table(document: Document, header: list[str], rows: list[list[str]]) -> None:
    """A table whose first column takes the room and whose numbers sit in narrow columns."""
    table = document.add_table(rows=1, cols=len(header))
    table.autofit = False
    with contextlib.suppress(KeyError):  # an organisation's template without it: plain cells
        table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(clean_text(text)).bold = True
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for values in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            cell.text = clean_text(text)
            if i > 0 and header[i] != "Type":
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    first = Cm(16.0 - 3.4 * (len(header) - 1)) if len(header) > 3 else Cm(7.0)
    for i, column in enumerate(table.columns):  # the grid (LibreOffice) and each cell (Word)
        column.width = first if i == 0 else Cm(3.4)
        for cell in column.cells:
            cell.width = column.width


def _count(n: int, share: float | None, rule: Disclosure) -> tuple[str, str]:
    shown = rule.shows(n)
    if isinstance(shown, str):
        return shown, ""
    return f"{shown:,}" + ("*" if rule.small(n) else ""), percent_text(share, rule.decimals)


def _count_rows(table: CountTable, rule: Disclosure) -> list[list[str]]:
    rows = []
    for label, r in table.frame.iterrows():
        share = None if r["share"] != r["share"] else float(r["share"])
        rows.append([str(label), *_count(int(r["n"]), share, rule)])
    return rows


def who_took_part(document: Document, overview: SampleOverview, rule: Disclosure) -> None:
    """The heading, the tables and their bases, under the method's "Data"."""
    document.add_heading("Who took part", level=2)
    plain = Disclosure(0, False, rule.decimals)  # documents are not people: no small cells
    _table(document, ["Kind of document", "Documents", "%"], _count_rows(overview.documents, plain))
    paragraph(document, overview.documents.base_line, grey=True)
    _table(document, ["Kind of document", "Participants", "%"],
           _count_rows(overview.participants, rule))  # fmt: skip
    facilitators = (
        f" Facilitators and interviewers, not counted: {overview.facilitators:,}."
        if overview.facilitators
        else ""
    )
    paragraph(document, overview.participants.base_line + facilitators, grey=True)
    for table in overview.by_attribute:
        paragraph(document, "", label=table.title)
        _table(document, ["Value", "Participants", "%"], _count_rows(table, rule))
        paragraph(document, table.base_line, grey=True)
    for survey in overview.surveys:
        paragraph(document, "", label=f"Survey: {survey.instrument}")
        rows = []
        for q in survey.questions:
            text = q.text if q.label == q.text else f"{q.label}. {q.text}"
            rows.append([text, q.kind, *_count(q.answered, q.share, rule)])
        _table(document, ["Question", "Type", "Answered", "%"], rows)
        paragraph(document, f"Base: {survey.respondents:,} respondents to the survey.", grey=True)
    paragraph(document, f"{overview.rule} {rule.rule()}", grey=True)
