"""The Word quote bank: priorities and themes as Word headings, the quotes in the chosen style
with attributions, A4, awkward text cleaned, atomic."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import docx
import pytest
from docx.shared import RGBColor

from qualcode.domain.errors import StorageError
from qualcode.exporters import theme_report_model as tr
from qualcode.exporters.quote_bank import write_quote_bank
from qualcode.exporters.report_model import QuoteCell

from .test_theme_report import build_report


def _outline(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Head")]


def test_priorities_then_themes_then_sub_themes_as_word_headings(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, build_report())
    assert _outline(path) == [
        ("Heading 1", "P1 Building a positive culture"),
        ("Heading 2", "Stigma"),
        ("Heading 3", "At the pharmacy"),
        ("Heading 1", "P2 Treatment and recovery"),
        ("Heading 1", "Other themes"),
        ("Heading 2", "Misc"),
    ]  # no method appendix: that is the report's
    document = docx.Document(str(path))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "Wirral: quote bank"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Definition. What Stigma means." in text
    assert "Also relevant to P2 Treatment (secondary)." in text
    assert "See also: Stigma (theme, under P1" in text
    assert "1 further quote is shown under another theme above." in text
    assert "extracts from" not in text  # evidence counts stay in the report
    for section in document.sections:
        assert section.page_width is not None and section.page_height is not None
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01


@pytest.mark.parametrize(
    ("style", "italic", "colour"),
    [
        ("plain", False, None),
        ("italic", True, None),
        ("blue-italic", True, RGBColor(0x1F, 0x4E, 0x79)),
    ],
)
def test_quote_style(tmp_path: Path, style: tr.QuoteStyle, italic: bool, colour: object) -> None:
    path = tmp_path / f"{style}.docx"
    write_quote_bank(path, build_report(style))
    quotes = [p for p in docx.Document(str(path)).paragraphs if p.style.name == "Quote"]
    assert len(quotes) == 4
    text, attribution = quotes[0].runs
    assert text.text == "“They look at you like you're nothing, like you don't matter.”"
    assert bool(text.italic) is italic and text.font.color.rgb == colour
    assert attribution.text == " (Female, aged 40-55)" and not attribution.italic
    assert quotes[1].runs[0].text == "“=SUM(A1) is what they reduce us to”"  # text, not a formula


def test_themes_without_quotes_say_so(tmp_path: Path) -> None:
    report = build_report()
    misc = report.sections[2].themes[0]
    misc.quotes, misc.quotes_elsewhere = [], 0
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, report)
    paras = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paras[paras.index("Misc") + 1 :][-1] == "No key extracts chosen yet."
    every = dataclasses.replace(report.method, quotes_rule="Every coded extract")
    write_quote_bank(path, dataclasses.replace(report, method=every))
    assert docx.Document(str(path)).paragraphs[-1].text == "No coded extracts."


def test_awkward_text_is_cleaned(tmp_path: Path) -> None:
    report = build_report()
    odd = report.sections[2].themes[0]
    odd.name = "Odd\x00 theme"
    odd.quotes = [QuoteCell("x" * 50_000 + "\x0c", "(A\x07)", "D", "P")]
    report.project = "St\x01udy"
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, report)
    paras = docx.Document(str(path)).paragraphs
    assert paras[0].text == "Study: quote bank"
    assert ("Heading 2", "Odd theme") in _outline(path)
    quote = next(p for p in paras if p.text.startswith("“x"))
    assert quote.runs[0].text == "“" + "x" * 50_000 + "”" and quote.runs[1].text == " (A)"


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, build_report())
    good = path.read_bytes()

    def broken_save(self: object, target: io.BytesIO) -> None:
        target.write(b"PK half")
        raise OSError("network drive went away")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(StorageError, match=r"quotes\.docx: network drive went away"):
        write_quote_bank(path, build_report())
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["quotes.docx"]
