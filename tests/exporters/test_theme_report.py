"""The Word theme report writer: Word heading styles, A4, evidence in numbers, quote styles, the
organisation's template, and a rendering on A4 when LibreOffice is installed."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor

from qualcode.domain.errors import ValidationError
from qualcode.exporters import theme_report_model as tr
from qualcode.exporters.report_model import QuoteCell
from qualcode.exporters.theme_report import write_theme_report

from .conftest import Q_FORMULA, Q_STIGMA, Q_TRUST, Q_WAIT


def _theme(
    name: str, quotes: list[QuoteCell], subthemes: list[tr.ReportTheme] | None = None
) -> tr.ReportTheme:
    evidence = tr.Evidence(12, 5, 4, 17, 40, "a few")
    also = ["P2 Treatment (secondary)"]
    return tr.ReportTheme(name, "final", f"What {name} means.", "", "First para.\n\nSecond.",
                          evidence, also, quotes, 1, subthemes or [])  # fmt: skip


def build_report(style: tr.QuoteStyle = "italic") -> tr.ThemeReport:
    sections = [
        tr.ReportSection("P1", "Building a positive culture", "", [
            _theme("Stigma", [Q_STIGMA, Q_FORMULA], [_theme("At the pharmacy", [Q_TRUST])]),
        ]),
        tr.ReportSection("P2", "Treatment and recovery", "No theme has this priority.", [],
                         ["Stigma (theme, under P1 Building a positive culture)"]),
        tr.ReportSection("", "Other themes", "Themes not linked.", [_theme("Misc", [Q_WAIT])]),
    ]  # fmt: skip
    method = tr.Method(17, [("Interview", 3), ("Survey", 14)], 40, 13, 189,
                       [("Candidate", 2), ("Final", 3)], "Key extracts", "Rule.", "Bands.",
                       ["Misc"])  # fmt: skip
    return tr.ThemeReport("Wirral", "Wirral Drugs Strategy", dt.datetime(2024, 5, 2, 14, 30),
                          sections, method, style)  # fmt: skip


def _outline(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Head")]


def test_priorities_themes_and_sub_themes_are_word_headings_on_a4(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    write_theme_report(path, build_report())
    assert _outline(path) == [
        ("Heading 1", "P1 Building a positive culture"),
        ("Heading 2", "Stigma"),
        ("Heading 3", "At the pharmacy"),
        ("Heading 1", "P2 Treatment and recovery"),
        ("Heading 1", "Other themes"),
        ("Heading 2", "Misc"),
        ("Heading 1", "Appendix: method"),
        ("Heading 2", "Data"),
        ("Heading 2", "Coding and themes"),
        ("Heading 2", "How the counts were computed"),
    ]
    document = docx.Document(str(path))
    for section in document.sections:
        assert section.page_width is not None and section.page_height is not None
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01
    text = "\n".join(p.text for p in document.paragraphs)
    assert "12 extracts from 5 of 17 documents; 4 of 40 participants (a few)." in text
    assert "First para." in text and "Second." in text
    assert "See also: Stigma (theme, under P1" in text
    assert "Also relevant to P2 Treatment (secondary)." in text
    assert "17 documents (interview 3, survey 14); 40 participants." in text
    assert "Themes without a write-up yet: Misc." in text


@pytest.mark.parametrize(
    ("style", "italic", "colour"),
    [("plain", False, None), ("italic", True, None), ("blue-italic", True, RGBColor(31, 78, 121))],
)
def test_quote_styles(tmp_path: Path, style: tr.QuoteStyle, italic: bool, colour: object) -> None:
    path = tmp_path / "report.docx"
    write_theme_report(path, build_report(style))
    quotes = [p for p in docx.Document(str(path)).paragraphs if p.style.name == "Quote"]
    stigma = Q_STIGMA.text.replace("\x07", "")
    assert quotes[0].text == f"“{stigma}” (Female, aged 40-55)"
    assert len(quotes) == 4  # each quote once, as given
    for para in quotes:
        text, attribution = para.runs
        assert bool(text.italic) is italic and text.font.color.rgb == colour
        assert not attribution.italic


def _template(tmp_path: Path, suffix: str) -> Path:
    """An organisation's template: a custom 'Heading 1' font, its own body text, US Letter."""
    document = docx.Document()
    document.styles["Heading 1"].font.name = "Arial Black"
    document.add_paragraph("Organisation boilerplate that must not appear.")
    document.sections[0].page_width = docx.shared.Inches(8.5)
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / f"org{suffix}"
    if suffix == ".dotx":  # the same package, declared a template
        with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as out:
            for name in src.namelist():
                data = src.read(name)
                if name == "[Content_Types].xml":
                    data = data.replace(b"document.main+xml", b"template.main+xml")
                out.writestr(name, data)
    else:
        path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize("suffix", [".docx", ".dotx"])
def test_template_lends_its_styles_not_its_text(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "report.docx"
    write_theme_report(path, build_report(), _template(tmp_path, suffix))
    document = docx.Document(str(path))
    assert document.styles["Heading 1"].font.name == "Arial Black"
    assert all("boilerplate" not in p.text for p in document.paragraphs)
    assert abs(document.sections[0].page_width.cm - 21.0) < 0.01  # A4 even so
    assert _outline(path)[0] == ("Heading 1", "P1 Building a positive culture")


def test_a_template_that_is_not_word_is_refused_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "notes.docx"
    bad.write_text("not a zip")
    with pytest.raises(ValidationError, match=r"notes\.docx: not a Word document"):
        write_theme_report(tmp_path / "r.docx", build_report(), bad)
    assert not (tmp_path / "r.docx").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_renders_on_a4_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    write_theme_report(path, build_report())
    profile = (tmp_path / "lo").resolve()
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = (tmp_path / "report.pdf").read_bytes()
    sizes = [tuple(float(v) for v in m.split()) for m in _media_boxes(pdf)]
    assert sizes, "no pages"
    for _x, _y, width, height in sizes:
        assert width <= 596 and height <= 842.5  # A4 is 595.3 × 841.9 points


def _media_boxes(pdf: bytes) -> list[str]:
    import re

    return [m.decode() for m in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+?)\s*\]", pdf)]
