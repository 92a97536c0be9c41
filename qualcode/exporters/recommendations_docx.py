"""Write the recommendation register as Word (.docx): a report's recommendations section.

Shaped like the needs assessments' own: a Heading 1 "Recommendations", one Heading 2 per strategy
priority, then each recommendation numbered through the whole register as they print them ("7.
**Title:** text"), who owns it and by when, and a "Based on themes: ..." line that keeps it
traceable to the analysis; optionally the extracts behind it as attributed quotes. The same body
goes into the theme report (:mod:`qualcode.exporters.theme_report`) when the project has
recommendations. A4 portrait.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from qualcode.exporters.atomic import save_document_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.recommendations_model import Register, RegisterEntry
from qualcode.exporters.theme_report import add_quote, page_a4, paragraph, report_styles

Document = docx.document.Document
_GREY = RGBColor(0x59, 0x59, 0x59)
_INDENT = Cm(0.6)
INTRO = (
    "The recommendations below are numbered in order across the strategy's priorities. Each "
    "names the themes of the analysis it is based on, so it can be traced back to the evidence."
)


def _details(entry: RegisterEntry) -> str:
    parts = [
        f"Owner: {entry.owner.strip() or 'to be agreed'}",
        f"Timescale: {entry.timescale.strip() or 'to be agreed'}",
        f"Status: {entry.status_label.lower()}",
    ]
    return "; ".join(parts) + "."


def _indented(document: Document, text: str, label: str = "", grey: bool = False) -> Paragraph:
    para = document.add_paragraph()
    para.paragraph_format.left_indent = _INDENT
    para.paragraph_format.space_after = Pt(2)
    if label:
        para.add_run(f"{label} ").bold = True
    run = para.add_run(clean_text(text))
    if grey:
        run.font.color.rgb = _GREY
    return para


def _entry(document: Document, entry: RegisterEntry, quote_style: str) -> None:
    """As the needs assessments print them: "7. **Title:** text", then who, when and why."""
    blocks = [" ".join(b.split()) for b in clean_text(entry.text).split("\n\n") if b.strip()]
    first = document.add_paragraph()
    first.paragraph_format.keep_with_next = True
    first.paragraph_format.space_after = Pt(2)
    first.add_run(clean_text(f"{entry.number}. {entry.title}:")).bold = True
    if blocks:
        first.add_run(f" {blocks[0]}")
    for block in blocks[1:]:
        _indented(document, block).paragraph_format.keep_with_next = True
    _indented(document, _details(entry), grey=True).paragraph_format.keep_with_next = True
    if entry.themes:
        last = _indented(document, entry.theme_names + ".", "Based on themes:")
    else:
        last = _indented(document, "no theme linked yet.", "Based on themes:", grey=True)
    last.paragraph_format.space_after = Pt(10)
    for quote in entry.quotes:
        add_quote(document, quote, quote_style)


def add_register(
    document: Document, register: Register, level: int = 1, quote_style: str = "italic"
) -> None:
    """The register's body at heading ``level`` (its priorities one level below)."""
    document.add_heading("Recommendations", level=level)
    paragraph(document, INTRO, grey=True)
    for section in register.sections:
        if not section.entries:
            continue
        document.add_heading(clean_text(section.heading), level=level + 1)
        for entry in section.entries:
            _entry(document, entry, quote_style)


def build_register_document(register: Register) -> Document:
    """The register as a document of its own (not yet saved)."""
    document = docx.Document()
    report_styles(document)
    page_a4(document)
    document.core_properties.title = clean_text(f"{register.project}: recommendations")
    document.core_properties.author = "QualCode"
    day = register.generated
    add_register(document, register)
    note = document.paragraphs[1]  # the intro, under the heading: add where it comes from
    run = note.add_run(f" Project {register.project}; written {day.day} {day:%B %Y, %H:%M}.")
    run.font.color.rgb = _GREY
    if not register.entries:
        paragraph(document, "No recommendations yet.", grey=True)
    return document


def write_register_docx(path: Path, register: Register) -> None:
    """Write the register to ``path`` (.docx), replacing an old file only once it is whole."""
    save_document_atomically(Path(path), build_register_document(register))
