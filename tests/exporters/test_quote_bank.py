"""The Word quote bank: themes in framework order, italic block quotes, attributions, atomic."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from qualcode.domain.errors import StorageError
from qualcode.exporters.quote_bank import order_themes, write_quote_bank
from qualcode.exporters.report_model import QuoteCell, ThemeSheet

from .conftest import Q_STIGMA, Q_WAIT, build_themes


def headings(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def test_themes_follow_the_framework_unmapped_last(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, "Wirral Drugs Study", build_themes())
    doc = docx.Document(str(path))
    assert doc.paragraphs[0].text == "Wirral Drugs Study: quote bank"
    assert doc.paragraphs[0].style.name == "Title"
    assert headings(path) == [
        "Stigma",  # P1
        "Waiting for treatment",  # P2
        "trust",  # P3.2
        "Trust",  # P10: natural order, not "P10" < "P2"
        "Quotes",  # unmapped, in the order given
        "Access [draft]: what/why?*",
        "A very long theme name that cannot possibly fit in a sheet tab",
        "A very long theme name that cannot possibly fit in a sheet tab, again",
    ]


def test_an_explicit_order_wins(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    themes = build_themes()
    write_quote_bank(path, "Study", themes, order=["Trust", "Quotes", "Stigma"])
    assert headings(path)[:5] == ["Trust", "Quotes", "Stigma", "Waiting for treatment", "trust"]
    assert [t.name for t in order_themes(themes, [])] == [t.name for t in order_themes(themes)]


def test_quotes_are_italic_block_quotes_with_attributions(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, "Study", build_themes())
    paras = docx.Document(str(path)).paragraphs
    start = next(i for i, p in enumerate(paras) if p.text == "Stigma")
    body = paras[start + 1 : start + 5]
    assert body[0].text == "P1, P2"
    assert body[1].text == "Being judged for using drugs."
    quote = body[2]
    assert quote.style.name == "Quote"
    assert quote.paragraph_format.left_indent is None  # indentation comes from the style
    assert quote.style.paragraph_format.left_indent > 0
    text, attribution = quote.runs
    assert text.text == "“They look at you like you're nothing, like you don't matter.”"
    assert text.italic is True and attribution.italic is False
    assert attribution.text == " (Female, aged 40-55)"
    assert body[3].runs[0].text == "“=SUM(A1) is what they reduce us to”"
    unmapped = next(i for i, p in enumerate(paras) if p.text == "Quotes")
    assert paras[unmapped + 1].text == "Not mapped to the framework"
    assert paras[unmapped + 3].text == "No key extracts chosen yet."


def test_awkward_text_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    odd = ThemeSheet(
        "Odd\x00 theme",
        "candidate",
        "Def\x1b.",
        "",
        "",
        [],
        [QuoteCell("x" * 50_000 + "\x0c", "(A\x07)", "D", "P")],
        ["P1"],
    )
    write_quote_bank(path, "St\x01udy", [odd])
    paras = docx.Document(str(path)).paragraphs
    assert [p.text for p in paras[:3]] == ["Study: quote bank", "Odd theme", "P1"]
    assert paras[4].runs[0].text == "“" + "x" * 50_000 + "”"
    assert paras[4].runs[1].text == " (A)"


def test_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "quotes.docx"
    themes = [ThemeSheet("Waiting", "final", "", "", "", [], [Q_WAIT, Q_STIGMA], ["P2"])]
    write_quote_bank(path, "Study", themes)
    good = path.read_bytes()

    def broken_save(self: object, target: str) -> None:
        Path(target).write_bytes(b"PK half")
        raise OSError("network drive went away")

    monkeypatch.setattr(docx.document.Document, "save", broken_save)
    with pytest.raises(StorageError, match=r"quotes\.docx: network drive went away"):
        write_quote_bank(path, "Study", themes)
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["quotes.docx"]


def test_the_quote_bank_is_a4(tmp_path: Path) -> None:
    path = tmp_path / "quotes.docx"
    write_quote_bank(path, "Wirral Drugs Study", build_themes())
    for section in docx.Document(str(path)).sections:
        assert section.page_width is not None and section.page_height is not None
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01
