"""Write the theme report (.docx): a section a team lead pastes into the report as it is.

Shaped like the insight team's own reports: one Heading 1 per strategy priority, a Heading 2 per
theme and Heading 3 per sub-theme (real Word heading styles, so the navigation pane and a table of
contents pick them up and the organisation's template restyles them), then the definition, the
write-up, the evidence in numbers with their bases, and the quotes with attributions. A method
appendix says what data, what coding and how the counts were made. A4 portrait, always: the
readers print on A4, and a US Letter page clips or rescales when they do.

``template`` (a .docx or .dotx) lends its styles and page margins; its body text is dropped. Nothing
here counts or chooses: :mod:`qualcode.services.reports.theme_report` decides every word.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from qualcode.domain.errors import ValidationError
from qualcode.domain.wording import plural
from qualcode.exporters.atomic import save_document_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.report_model import QuoteCell
from qualcode.exporters.theme_report_model import Evidence, ReportTheme, ThemeReport

Document = docx.document.Document
A4 = (Cm(21.0), Cm(29.7))
_GREY = RGBColor(0x59, 0x59, 0x59)
_BLUE = RGBColor(0x1F, 0x4E, 0x79)
_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_template(path: Path | None) -> Document:
    """A new document with ``path``'s styles and margins (python-docx's defaults without one)."""
    if path is None:
        return docx.Document()
    try:
        with zipfile.ZipFile(path) as z:
            parts = {n: z.read(n) for n in z.namelist()}
        types = parts["[Content_Types].xml"].replace(_DOTX.encode(), _DOCX.encode())
        parts["[Content_Types].xml"] = types  # a .dotx opens as the .docx it otherwise is
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        document = docx.Document(buffer)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ValidationError(f"{path}: not a Word document or template ({exc}).") from None
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    return document


def report_styles(document: Document) -> None:
    """Make sure the styles the report uses exist (an organisation's template may lack some)."""
    names = {s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    for level in range(1, 5):
        if f"Heading {level}" not in names:
            style = document.styles.add_style(f"Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
            style.font.bold, style.font.size = True, Pt(18 - 2 * level)
            style.paragraph_format.keep_with_next = True
    if "Title" not in names:
        document.styles.add_style("Title", WD_STYLE_TYPE.PARAGRAPH).font.size = Pt(24)
    if "Quote" not in names:
        document.styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH)
    fmt = document.styles["Quote"].paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(1.0), Cm(1.0)
    fmt.space_before, fmt.space_after = Pt(4), Pt(8)
    fmt.keep_together = True


def page_a4(document: Document) -> None:
    """A4 portrait on every section; margins over 3.5 cm (or unset) become 2.5 cm."""
    for section in document.sections:
        section.page_width, section.page_height = A4
        section.orientation = WD_ORIENT.PORTRAIT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            if getattr(section, side) is None or getattr(section, side) > Cm(3.5):
                setattr(section, side, Cm(2.5))


def paragraph(document: Document, text: str, label: str = "", grey: bool = False) -> None:
    """A paragraph with an optional bold label before it; grey for notes (shared with the
    quote bank)."""
    para = document.add_paragraph()
    if label:
        para.add_run(f"{label} ").bold = True
    run = para.add_run(clean_text(text))
    if grey:
        run.font.color.rgb = _GREY


def _evidence(e: Evidence) -> str:
    docs = f"{e.documents:,} of {e.documents_base:,} documents"
    people = f"{e.participants:,} of {e.participants_base:,} participants"
    extracts = f"{e.extracts:,} extract{'' if e.extracts == 1 else 's'}"
    return f"{extracts} from {docs}; {people} ({e.quantifier})."


def add_quote(document: Document, quote: QuoteCell, style: str) -> None:
    """A quote in the "Quote" block style, set in ``style``, with its attribution after it."""
    para = document.add_paragraph(style="Quote")
    text = para.add_run(f"“{clean_text(quote.text)}”")
    text.italic = style != "plain"
    if style == "blue-italic":
        text.font.color.rgb = _BLUE
    tail = clean_text(quote.attribution).strip()
    if tail:
        run = para.add_run(f" {tail}")
        run.italic = False


def _theme(document: Document, theme: ReportTheme, level: int, style: str) -> None:
    document.add_heading(clean_text(theme.name) or "Untitled theme", level=min(level, 4))
    if theme.definition.strip():
        paragraph(document, theme.definition, "Definition.")
    if theme.central_concept.strip():
        paragraph(document, theme.central_concept, "Central organising concept.")
    for block in clean_text(theme.narrative).split("\n\n"):
        if block.strip():
            document.add_paragraph(" ".join(block.split()))
    paragraph(document, _evidence(theme.evidence), "Evidence.")
    if theme.also_under:
        paragraph(document, "; ".join(theme.also_under) + ".", "Also relevant to", grey=True)
    for quote in theme.quotes:
        add_quote(document, quote, style)
    if theme.quotes_elsewhere:
        n = theme.quotes_elsewhere
        word = "quote is" if n == 1 else "quotes are"
        paragraph(document, f"{n} further {word} shown under another theme above.", grey=True)
    for sub in theme.subthemes:
        _theme(document, sub, level + 1, style)


def _method(document: Document, report: ThemeReport) -> None:
    m = report.method
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("Appendix: method", level=1)
    document.add_heading("Data", level=2)
    kinds = ", ".join(f"{kind.lower()} {n:,}" for kind, n in m.documents_by_kind)
    paragraph(
        document,
        f"{plural(m.documents, 'document')} ({kinds}); {plural(m.participants, 'participant')}.",
    )
    if m.sample is not None:
        from qualcode.exporters.survey_docx import who_took_part  # it imports this module
        from qualcode.exporters.survey_model import Disclosure

        who_took_part(document, m.sample, Disclosure())
    document.add_heading("Coding and themes", level=2)
    phases = ", ".join(f"{status.lower()} {n:,}" for status, n in m.themes_by_status)
    paragraph(
        document,
        f"{plural(m.codes, 'code')} applied {plural(m.codings, 'time')}. "
        + (f"Themes by phase: {phases}." if phases else "No themes yet."),
    )
    if report.framework:
        paragraph(document, f"Framework: {report.framework}. " + _placement_rule())
    else:
        paragraph(document, "No strategy framework yet: the themes are listed in their own order.")
    if m.without_write_up:
        paragraph(document, "; ".join(m.without_write_up) + ".", "Themes without a write-up yet:")
    document.add_heading("How the counts were computed", level=2)
    paragraph(document, m.counting_rule)
    paragraph(document, m.quantifier_rule, "Words for counts.")
    paragraph(document, m.quotes_rule + ", each shown once.", "Quotes.")


def _placement_rule() -> str:
    return (
        "Each theme sits under the priority of its primary link (else its first secondary "
        "link); other linked priorities list it under “See also”. Cross-cutting themes are "
        "under “Overarching themes”; unlinked themes under “Other themes”."
    )


def build_theme_report(report: ThemeReport, template: Path | None = None) -> Document:
    """Lay out the report as a python-docx document (not yet saved)."""
    document = open_template(template)
    report_styles(document)
    page_a4(document)
    title = "Themes by strategy priority" if report.framework else "Themes"
    document.core_properties.title = clean_text(f"{report.project}: {title.lower()}")
    document.core_properties.author = "QualCode"
    document.add_paragraph(title, style="Title")
    day = report.generated
    paragraph(
        document,
        f"Project {report.project}; "
        + (f"framework {report.framework}; " if report.framework else "")
        + f"written {day.day} {day:%B %Y, %H:%M}.",
        grey=True,
    )
    for section in report.sections:
        document.add_heading(clean_text(f"{section.ref} {section.title}".strip()), level=1)
        if section.intro:
            paragraph(document, section.intro, grey=True)
        for theme in section.themes:
            _theme(document, theme, 2, report.quote_style)
        if section.see_also:
            paragraph(document, "; ".join(section.see_also) + ".", "See also:", grey=True)
    if report.recommendations is not None and report.recommendations.entries:
        # imported here: the register's writer borrows this module's paragraph helpers
        from qualcode.exporters.recommendations_docx import add_register

        add_register(document, report.recommendations, 1, report.quote_style)
    _method(document, report)
    return document


def write_theme_report(path: Path, report: ThemeReport, template: Path | None = None) -> None:
    """Write the report to ``path`` (.docx), replacing any old file only once it is whole."""
    document = build_theme_report(report, template)
    save_document_atomically(Path(path), document)
