"""Write a quote bank (.docx): each theme's definition and key extracts, to lift into a report.

Writers of needs assessments and board papers copy quotes from here into their chapters, which
follow the strategy's priorities, so themes come in framework order (by the first item a theme is
mapped to, natural order so P2 comes before P10; unmapped themes last) unless the caller gives an
order. Quotes are set as italic block quotes with the attribution after each, exactly as built
upstream, so a reused quote reads the same way in every document. Text is cleaned of characters
XML cannot hold, and the file is replaced atomically like the Excel export.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt, RGBColor

from qualcode.exporters.atomic import replace_atomically
from qualcode.exporters.excel import clean_text
from qualcode.exporters.report_model import QuoteCell, ThemeSheet
from qualcode.exporters.theme_report import page_a4

_GREY = RGBColor(0x59, 0x59, 0x59)
_DIGITS = re.compile(r"(\d+)")


def _natural(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for item refs: "P2" < "P3.2" < "P10"; numbers compare as numbers."""
    parts = _DIGITS.split(ref.casefold())
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts if p)


def order_themes(themes: list[ThemeSheet], order: list[str] | None = None) -> list[ThemeSheet]:
    """Themes in write-up order: ``order`` (theme names) first when given, else framework order.

    Themes missing from ``order`` follow in framework order; ties keep the order they came in.
    """
    by_framework = sorted(
        themes,
        key=lambda t: (0, _natural(t.framework_items[0])) if t.framework_items else (1, ()),
    )
    if order is None:
        return by_framework
    rank = {name: i for i, name in enumerate(order)}
    return sorted(by_framework, key=lambda t: rank.get(t.name, len(rank)))


def _quote_style(document: docx.document.Document) -> str:
    """The "Quote" paragraph style, indented as a block; added if the template lacks it."""
    names = {s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    if "Quote" not in names:
        document.styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH)
    style = document.styles["Quote"]
    fmt = style.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(1.0), Cm(1.0)
    fmt.space_before, fmt.space_after = Pt(4), Pt(8)
    return "Quote"


def _add_quote(document: docx.document.Document, quote: QuoteCell, style: str) -> None:
    para = document.add_paragraph(style=style)
    text = para.add_run(f"“{clean_text(quote.text)}”")
    text.italic = True
    attribution = clean_text(quote.attribution).strip()
    if attribution:
        tail = para.add_run(f" {attribution}")
        tail.italic = False
        tail.font.color.rgb = _GREY


def build_quote_bank(
    project: str, themes: list[ThemeSheet], order: list[str] | None = None
) -> docx.document.Document:
    """Lay out the quote bank as a python-docx document (not yet saved)."""
    document = docx.Document()
    page_a4(document)  # python-docx's default is US Letter; the readers print on A4
    document.core_properties.title = clean_text(f"{project}: quote bank")
    document.core_properties.author = "QualCode"
    document.add_heading(clean_text(f"{project}: quote bank"), level=0)
    style = _quote_style(document)
    for theme in order_themes(themes, order):
        document.add_heading(clean_text(theme.name) or "Untitled theme", level=1)
        mapped = ", ".join(theme.framework_items) or "Not mapped to the framework"
        meta = document.add_paragraph().add_run(clean_text(mapped))
        meta.font.color.rgb, meta.font.size = _GREY, Pt(9)
        if theme.definition.strip():
            document.add_paragraph(clean_text(theme.definition))
        if not theme.quotes:
            note = document.add_paragraph().add_run("No key extracts chosen yet.")
            note.font.color.rgb = _GREY
        for quote in theme.quotes:
            _add_quote(document, quote, style)
    return document


def write_quote_bank(
    path: Path, project: str, themes: list[ThemeSheet], order: list[str] | None = None
) -> None:
    """Write the quote bank to ``path`` (.docx), replacing any old file only once it is whole."""
    document = build_quote_bank(project, themes, order)
    replace_atomically(Path(path), lambda tmp: document.save(str(tmp)))
