"""extract_text: every format's text and paragraph order, encodings, and hostile or broken files.

Every fixture is built here in tmp_path (python-docx, odfpy, fpdf2, literal bytes).
"""

from __future__ import annotations

import random
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from odf import teletype
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P

from qualcode.importers import safety
from qualcode.importers.extract import extract_text, join_paragraphs
from qualcode.importers.model import FileImportError


def refused(path: Path, *words: str) -> str:
    """Extract ``path``, expecting a FileImportError naming the file and containing ``words``."""
    with pytest.raises(FileImportError) as info:
        extract_text(path)
    message = str(info.value)
    assert message.startswith(path.name), message
    for word in words:
        assert word in message, message
    return message


# --- plain text and encodings ------------------------------------------------------------------


def test_txt_paragraphs_and_soft_breaks(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("  \n\nFirst line\nsecond line   \n\n\n\n  \nNext para\n\n", encoding="utf-8")
    result = extract_text(path)
    assert result.text == "First line\nsecond line\n\nNext para"
    assert (result.format, result.encoding, result.warnings) == ("txt", "utf-8", [])


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café – “quoted” £5\nline 2\n\nPara 2".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "Café – “quoted” £5\nline 2\n\nPara 2".encode(), "utf-8-sig"),
        ("Café – “quoted” £5\nline 2\n\nPara 2".encode("utf-16"), "utf-16"),
        ("Café – “quoted” £5\r\nline 2\r\n\r\nPara 2".encode("cp1252"), "cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1252-crlf"],
)
def test_txt_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    result = extract_text(path)
    assert result.text == "Café – “quoted” £5\nline 2\n\nPara 2"
    assert result.encoding == encoding
    assert "\r" not in result.text and "\ufeff" not in result.text


def test_join_paragraphs_normalises_breaks_and_controls() -> None:
    found: list[str] = []
    text = join_paragraphs(["a\r\nb\rc\x0bd\u2028e", "p1\fp2\u2029p3", "x\x00y", " \n "], found)
    assert text == "a\nb\nc\nd\ne\n\np1\n\np2\n\np3\n\nxy"
    assert found == ["removed 1 control characters"]


def test_unsupported_suffix_lists_supported_formats(tmp_path: Path) -> None:
    path = tmp_path / "slides.PPTX"
    path.write_bytes(b"x")
    refused(path, ".pptx", ".txt", ".docx", ".odt", ".rtf", ".pdf")


def test_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "LOUD.TXT"
    path.write_text("hello")
    assert extract_text(path).text == "hello"


def test_empty_missing_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    refused(empty, "empty")
    refused(tmp_path / "missing.docx", "no such file")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(random.Random(3).randbytes(4000))
    refused(junk, "not a text file")


def test_huge_txt_refused_quickly_by_the_real_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = b"word " * 19 + b"word\n"  # 100 bytes
    with path.open("wb") as f:
        for _ in range(1000):
            f.write(line * 1000)  # 100 MB in all
    try:
        started = time.perf_counter()
        refused(path, "characters", f"{safety.MAX_TEXT_CHARS:,}", "Split it")
        assert time.perf_counter() - started < 5
    finally:
        path.unlink()


def test_file_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1_000_000)
    path = tmp_path / "big.txt"
    path.write_bytes(b"words words\n" * 200_000)
    refused(path, "2 MB", "limit is 1 MB")


# --- Word --------------------------------------------------------------------------------------


def make_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Interview 7", level=1)
    first = document.add_paragraph("Interviewer: How did it start?")
    first.add_run().add_break()
    first.add_run("(soft break)\tafter a tab")
    document.add_paragraph("")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("Speaker", "Said", ""), ("Ana", "", "It was £5"), ("", "", "")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 1).add_paragraph("and more")
    document.add_paragraph("Respondent: It was “hard”.")
    document.save(str(path))
    return path


def test_docx_paragraphs_and_table_in_order(tmp_path: Path) -> None:
    result = extract_text(make_docx(tmp_path / "interview.docx"))
    assert result.text == (
        "Interview 7\n\n"
        "Interviewer: How did it start?\n(soft break)\tafter a tab\n\n"
        "Speaker | Said and more\n\n"
        "Ana | It was £5\n\n"
        "Respondent: It was “hard”."
    )
    assert result.format == "docx" and result.warnings == []


def test_docx_truncated(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx").read_bytes()
    path = tmp_path / "cut.docx"
    path.write_bytes(good[: len(good) // 2])
    refused(path, "not a valid Word document")


def test_docx_zip_with_broken_xml(tmp_path: Path) -> None:
    good = make_docx(tmp_path / "good.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[:100] if info.filename == "word/document.xml" else data)
    refused(path, "damaged")


def test_docx_that_is_not_a_word_package(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "not word")
    refused(path, "damaged")


def test_old_doc_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    refused(path, "Word 97-2003", "save it as")


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            chunk = bytes(1 << 20)
            for _ in range(300):  # 300 MB of zeros, a few hundred KB packed
                member.write(chunk)
    assert path.stat().st_size < 2_000_000
    refused(path, "word/document.xml", "zip bomb")


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def docx_with_body(path: Path, body_xml: str) -> Path:
    """A .docx whose body is ``body_xml`` (python-docx's template for every other part)."""
    base = path.with_suffix(".base")
    docx.Document().save(str(base))
    xml = f"<w:document {W_NS} {MC_NS}><w:body>{body_xml}<w:sectPr/></w:body></w:document>"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            is_body = info.filename == "word/document.xml"
            dst.writestr(info.filename, xml.encode() if is_body else src.read(info))
    base.unlink()
    return path


def test_docx_revisions_links_controls_and_text_boxes(tmp_path: Path) -> None:
    body = (
        "<w:p><w:r><w:t>Kept </w:t></w:r><w:del><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>inserted </w:t></w:r></w:ins>"
        "<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>"
        "<w:r><w:instrText> PAGE </w:instrText><w:noBreakHyphen/><w:t>end</w:t></w:r></w:p>"
        "<w:sdt><w:sdtPr><w:alias/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>In a control</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>Before box</w:t></w:r><w:r><mc:AlternateContent><mc:Choice>"
        "<w:drawing><w:txbxContent><w:p><w:r><w:t>BOX</w:t></w:r></w:p></w:txbxContent></w:drawing>"
        "</mc:Choice></mc:AlternateContent></w:r></w:p>"
    )
    result = extract_text(docx_with_body(tmp_path / "revised.docx", body))
    assert result.text == "Kept inserted link-end\n\nIn a control\n\nBefore box"
    assert result.warnings == ["text in 1 text box(es) was not imported"]


def make_big_docx(path: Path, paragraphs: int = 6000, words: int = 25) -> Path:
    """About 300 pages, written as raw XML: building it with python-docx would be slow."""
    vocabulary = ["the", "participant", "said", "community", "services", "were", "often", "hard"]
    rnd = random.Random(7)
    body: list[str] = []
    for i in range(paragraphs):
        said = [rnd.choice(vocabulary) for _ in range(words - 1)]
        body.append(
            f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>P{i}:</w:t></w:r>"
            f'<w:r><w:t xml:space="preserve"> {" ".join(said[:12])} </w:t></w:r>'
            f"<w:r><w:t>{' '.join(said[12:])}</w:t></w:r></w:p>"
        )
    return docx_with_body(path, "".join(body))


def test_300_page_docx_is_fast(tmp_path: Path) -> None:
    path = make_big_docx(tmp_path / "long.docx")
    started = time.perf_counter()
    result = extract_text(path)
    elapsed = time.perf_counter() - started
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == 6000
    assert paragraphs[0].startswith("P0: ") and paragraphs[-1].startswith("P5999: ")
    assert len(result.text.split()) == 150_000
    assert elapsed < 2, f"{elapsed:.2f} s"


# --- OpenDocument ------------------------------------------------------------------------------


def make_odt(path: Path) -> Path:
    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Focus group 2"))
    spaced = P()
    teletype.addTextToElement(spaced, "Moderator:   welcome\tall\nsecond line")
    document.text.addElement(spaced)
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row in (("Ana", "Yes, “really”"), ("", "£5 each")):
        table_row = TableRow()
        table.addElement(table_row)
        for value in row:
            cell = TableCell()
            table_row.addElement(cell)
            cell.addElement(P(text=value))
    document.text.addElement(table)
    items = List()
    item = ListItem()
    item.addElement(P(text="a list item"))
    items.addElement(item)
    document.text.addElement(items)
    document.text.addElement(P(text=""))
    document.text.addElement(P(text="Closing remarks."))
    document.save(str(path))
    return path


def test_odt_headings_paragraphs_tables_lists_in_order(tmp_path: Path) -> None:
    result = extract_text(make_odt(tmp_path / "group.odt"))
    assert result.text == (
        "Focus group 2\n\n"
        "Moderator:   welcome\tall\nsecond line\n\n"
        "Ana | Yes, “really”\n\n"
        "£5 each\n\n"
        "a list item\n\n"
        "Closing remarks."
    )
    assert result.format == "odt"


def write_odt_content(path: Path, content: str, mimetype: str = "text") -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", f"application/vnd.oasis.opendocument.{mimetype}")
        zf.writestr("content.xml", content)
    return path


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">
<office:body><office:text><text:p>&lol9;</text:p></office:text></office:body>
</office:document-content>"""


def test_odt_billion_laughs_refused(tmp_path: Path) -> None:
    path = write_odt_content(tmp_path / "laughs.odt", BILLION_LAUGHS)
    started = time.perf_counter()
    refused(path, "entity-expansion")
    assert time.perf_counter() - started < 2


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0">
<office:body><office:text>
 <text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
  <text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>
 <text:p>Said<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>
  <text:note-body><text:p>a footnote</text:p></text:note-body></text:note>  so
   <text:span>much</text:span><text:s text:c="99999999999"/>!</text:p>
 <text:section><text:p>In a <text:a>section</text:a></text:p></text:section>
 <text:p><draw:frame><draw:text-box><text:p>BOX</text:p></draw:text-box></draw:frame>After</text:p>
</office:text></office:body></office:document-content>"""


def test_odt_notes_revisions_spaces_and_frames(tmp_path: Path) -> None:
    result = extract_text(write_odt_content(tmp_path / "marked.odt", ODT_CONTENT))
    assert result.text == "Said so much" + " " * 1000 + "!\n\nIn a section\n\nAfter"
    assert result.warnings == ["text in 1 text box(es) was not imported"]


def test_odt_other_problems(tmp_path: Path) -> None:
    sheet = write_odt_content(tmp_path / "sheet.odt", "<x/>", mimetype="spreadsheet")
    refused(sheet, "not an OpenDocument text", "spreadsheet")
    broken = write_odt_content(tmp_path / "broken.odt", "<office:document-content")
    refused(broken, "not valid XML")
    half = make_odt(tmp_path / "whole.odt").read_bytes()
    cut = tmp_path / "cut.odt"
    cut.write_bytes(half[: len(half) // 2])
    refused(cut, "not a valid OpenDocument text")


# --- RTF ---------------------------------------------------------------------------------------


def test_rtf_paragraphs_and_escapes(tmp_path: Path) -> None:
    path = tmp_path / "memo.rtf"
    path.write_bytes(
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
        rb"{\*\generator Test;}\pard First \'93quoted\'94 \'a3 5\par"
        rb"\par Caf\u233?\par}"
    )
    result = extract_text(path)
    assert result.text == "First “quoted” £ 5\n\nCafé"
    assert result.format == "rtf"


def test_rtf_unknown_character_set(tmp_path: Path) -> None:
    path = tmp_path / "mac.rtf"
    path.write_bytes(rb"{\rtf1\ansi{\fonttbl{\f0\fcharset78 Osaka;}}\f0 \'82\'a0\par}")
    refused(path, "character set")


def test_rtf_without_header_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.rtf"
    path.write_bytes(b"just some text")
    refused(path, "not an RTF document")


# --- PDF ---------------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[str], user_password: str | None = None) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 10, text)
        else:
            pdf.rect(20, 20, 80, 40)
    if user_password is not None:
        pdf.set_encryption(
            owner_password="owner",
            user_password=user_password,
            encryption_method=EncryptionMethod.RC4,
        )
    pdf.output(str(path))
    return path


def test_pdf_pages_in_order(tmp_path: Path) -> None:
    result = extract_text(make_pdf(tmp_path / "report.pdf", ["Page one.", "", "Page three."]))
    assert result.text == "Page one.\n\nPage three."
    assert any("page(s) have no text" in w and "2" in w for w in result.warnings)


def test_pdf_library_warnings_are_collected_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = make_pdf(tmp_path / "ok.pdf", ["Recovered text"]).read_bytes()
    path = tmp_path / "bad-xref.pdf"
    path.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n99", data))
    result = extract_text(path)
    assert result.text == "Recovered text"
    assert any("startxref" in w for w in result.warnings)
    captured = capsys.readouterr()
    assert captured.out == captured.err == "" and caplog.records == []


def test_pdf_restricted_but_not_password_protected(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "restricted.pdf", ["Open text"], user_password="")
    assert extract_text(path).text == "Open text"


def test_pdf_problems(tmp_path: Path) -> None:
    refused(make_pdf(tmp_path / "scan.pdf", ["", ""]), "no text layer", "OCR")
    refused(make_pdf(tmp_path / "locked.pdf", ["secret"], user_password="pw"), "password")
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.4\n" + random.Random(5).randbytes(3000))
    refused(garbage, "damaged")
    text = tmp_path / "text.pdf"
    text.write_text("this is not a pdf at all")
    refused(text, "damaged or not a PDF")


def test_mixed_utf8_and_cp1252_is_repaired_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Jo: It cost £5 – café\n".encode() + b"Sam: I don\x92t know\n")
    extracted = extract_text(path)
    assert extracted.text == "Jo: It cost £5 – café\nSam: I don’t know"
    assert any("mixes UTF-8" in w for w in extracted.warnings)
