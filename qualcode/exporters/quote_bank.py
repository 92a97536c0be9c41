"""Write the quote bank (.docx): the quotes of each theme, under the strategy's priorities.

Writers of needs assessments and board papers copy quotes from here into chapters that follow the
strategy's priorities, so the bank has the theme report's shape (one Heading 1 per priority in
framework order, a Heading 2 per theme and Heading 3 per sub-theme, then "Overarching themes" and
"Other themes"), built from the same :class:`~qualcode.exporters.theme_report_model.ThemeReport`:
the same placement, the same quotes, each shown once under the first theme that holds it, with the
later themes saying how many of theirs are shown elsewhere. It keeps what a writer needs to pick a
quote (the definition and the write-up) and leaves the evidence counts and the method appendix to
the report. Quotes are set by the report's own :func:`~qualcode.exporters.theme_report.add_quote`
in the chosen style (plain, italic or blue italic), so a quote reads the same in both documents.
A4 portrait; written atomically like every export.
"""

from __future__ import annotations

from pathlib import Path

import docx

from qualcode.exporters.atomic import save_document_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.theme_report import add_quote, page_a4, paragraph, report_styles
from qualcode.exporters.theme_report_model import ReportTheme, ThemeReport

Document = docx.document.Document


def _theme(document: Document, theme: ReportTheme, level: int, report: ThemeReport) -> None:
    document.add_heading(clean_text(theme.name) or "Untitled theme", level=min(level, 4))
    if theme.definition.strip():
        paragraph(document, theme.definition, "Definition.")
    for block in clean_text(theme.narrative).split("\n\n"):
        if block.strip():
            document.add_paragraph(" ".join(block.split()))
    if theme.also_under:
        paragraph(document, "; ".join(theme.also_under) + ".", "Also relevant to", grey=True)
    for quote in theme.quotes:
        add_quote(document, quote, report.quote_style)
    if theme.quotes_elsewhere:
        n = theme.quotes_elsewhere
        word = "quote is" if n == 1 else "quotes are"
        paragraph(document, f"{n} further {word} shown under another theme above.", grey=True)
    elif not theme.quotes:
        key = report.method.quotes_rule.lower().startswith("key")
        paragraph(
            document, "No key extracts chosen yet." if key else "No coded extracts.", grey=True
        )
    for sub in theme.subthemes:
        _theme(document, sub, level + 1, report)


def build_quote_bank(report: ThemeReport) -> Document:
    """Lay out the quote bank as a python-docx document (not yet saved)."""
    document = docx.Document()
    report_styles(document)
    page_a4(document)  # python-docx's default is US Letter; the readers print on A4
    document.core_properties.title = clean_text(f"{report.project}: quote bank")
    document.core_properties.author = "QualCode"
    document.add_paragraph(clean_text(f"{report.project}: quote bank"), style="Title")
    day = report.generated
    paragraph(
        document,
        (f"Framework {report.framework}. " if report.framework else "")
        + f"{report.method.quotes_rule}, each shown once, under the "
        f"first theme that holds it. Written {day.day} {day:%B %Y, %H:%M}.",
        grey=True,
    )
    for section in report.sections:
        document.add_heading(clean_text(f"{section.ref} {section.title}".strip()), level=1)
        if section.intro:
            paragraph(document, section.intro, grey=True)
        for theme in section.themes:
            _theme(document, theme, 2, report)
        if section.see_also:
            paragraph(document, "; ".join(section.see_also) + ".", "See also:", grey=True)
    return document


def write_quote_bank(path: Path, report: ThemeReport) -> None:
    """Write the quote bank to ``path`` (.docx), replacing any old file only once it is whole."""
    document = build_quote_bank(report)
    save_document_atomically(Path(path), document)
