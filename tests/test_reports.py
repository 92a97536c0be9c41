"""The report exports end to end on the sample project: matrix and codebook workbooks read back
with openpyxl, the quote bank with python-docx; bad options change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from qualcode.services.frameworks.matrices import theme_item_matrix
from tests.test_cli import qc


@pytest.fixture(scope="module")
def sample(prebuilt_sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the sample for the module (the commands only read it), kept out of each
    test's tmp_path, whose contents some tests check."""
    path = tmp_path_factory.mktemp("reports") / "sample.qcproj"
    shutil.copyfile(prebuilt_sample, path)
    return path


def test_matrix_workbook_has_the_priorities_and_right_counts(sample: Path, tmp_path) -> None:
    out = tmp_path / "matrix.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "extracts")
    assert r.returncode == 0, r.stderr
    book = openpyxl.load_workbook(out)
    assert {"About", "Extracts", "Codebook"} <= set(book.sheetnames)  # no quotes measure asked
    assert "Quotes" not in book.sheetnames and "Documents" not in book.sheetnames
    sheet = book["Extracts"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(row for row in cells if row and row[-1] == "Cross-cutting")
    assert header[-2] == "Not mapped" and header[1] == "All evidence"
    assert any("Protecting children and young people" in str(h) for h in header)
    from qualcode.storage.project import Project

    with Project.open(sample, readonly=True) as p:
        matrix = theme_item_matrix(p)
    col = {c.label: i for i, c in enumerate(matrix.columns)}
    by_name = {str(r[0]): r for r in cells[cells.index(header) + 1 :] if r[0]}
    for row in matrix.rows:
        written = by_name[row.name]
        for column in matrix.columns:
            expected = matrix.cells.get((row.theme_id, column.key))
            value = written[2 + col[column.label]]
            assert value is None or isinstance(value, int)
            assert (value or 0) == (expected.extracts if expected else 0), (row.name, column)
    groups = [r[0] for r in cells if r[0] and r[1] is None and str(r[0])[:1] == "P"]
    assert [g.split()[0] for g in groups] == ["P2", "P3", "P4"]  # priorities with themes


def test_matrix_quotes_sheet_names_the_place_and_repeats_nothing(sample: Path, tmp_path) -> None:
    out = tmp_path / "matrix.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "extracts,quotes")
    assert r.returncode == 0, r.stderr
    rows = list(openpyxl.load_workbook(out)["Quotes"].iter_rows(min_row=4, values_only=True))
    assert rows and len({row[2] for row in rows}) == len(rows)
    for row in rows:
        assert "characters" not in str(row[4]) and " · " in str(row[4])
    assert any(str(row[4]).endswith("turn 38") for row in rows)


def test_codebook_notes_roll_ups_themes_priorities_and_examples(sample: Path, tmp_path) -> None:
    from qualcode.services.coding.overview import code_rows
    from qualcode.storage.project import Project

    out = tmp_path / "codebook.xlsx"
    assert qc("export", "codebook", str(sample), str(out), "--by", "Role").returncode == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Notes", "Codebook"]  # what the columns mean comes first
    notes = {r[0]: r[1] for r in book["Notes"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert notes["Project"] == "sample" and notes["Written"]
    ws = book["Codebook"]
    head = [c.value for c in ws[3]]
    assert head[:9] == ["Code", "Definition", "Theme(s)", "Theme status",
                        "Priorities (via its themes)", "Extracts (with sub-codes)",
                        "Own extracts", "Documents", "Participants"]  # fmt: skip
    assert head[-1] == "Example quote" and "Role: Lived experience" in head
    for label in [h for h in head if not h.startswith("Role: ")]:
        assert label in notes, label  # every column is explained
    rows = {
        r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=4, values_only=True)
    }
    with Project.open(sample, readonly=True) as p:
        counted = {c.name: c for c in code_rows(p)}
    parent = rows["Access to services"]
    assert parent["Own extracts"] == 0 and parent["Extracts (with sub-codes)"] > 0
    assert parent["Extracts (with sub-codes)"] == counted["Access to services"].all_codings
    assert parent["Documents"] == counted["Access to services"].all_documents
    assert parent["Participants"] >= rows["Waiting and delays"]["Participants"]
    assert sum(parent[h] for h in head if h.startswith("Role: ")) == parent[head[5]]
    waiting = rows["Waiting and delays"]
    assert waiting["Theme(s)"] == "Help that comes too late" and waiting["Theme status"] == "final"
    assert waiting["Priorities (via its themes)"].startswith("P3 ")
    assert "(primary)" in waiting["Priorities (via its themes)"]
    assert waiting["Example quote"].startswith("“Waiting times")  # the key extract
    assert waiting["Example quote"].endswith("(Professional, Consultation response)")
    for name, row in rows.items():
        assert all(isinstance(row[h], int) for h in head[5:-1]), name  # numbers as numbers
        if row["Own extracts"]:
            assert row["Example quote"].startswith("“") and len(row["Example quote"]) < 330
    for sheet in book.worksheets:  # A4 landscape, one page wide
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert all(ws.cell(4, c).alignment.wrap_text for c in (1, 2, 3, 5, len(head)))


def test_example_quotes_are_trimmed_at_a_boundary() -> None:
    from qualcode.services.reports.codebook_report import trim_quote

    assert trim_quote("Short  and\nsweet.") == "Short and sweet."
    long = "First sentence is here. " + "word " * 80
    assert trim_quote(long, 40) == "First sentence is here."  # at a sentence end
    assert trim_quote("alpha beta gamma delta epsilon zeta", 20) == "alpha beta gamma…"  # a word


def _quotes(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs if p.style.name == "Quote"]


def test_quote_bank_priorities_each_quote_once_and_its_options(sample: Path, tmp_path) -> None:
    bank = tmp_path / "quotes.docx"
    r = qc("export", "quotes", str(sample), str(bank))
    assert r.returncode == 0, r.stderr
    assert "quotes under" in r.stdout and "(Wirral Drugs Strategy 2023-2027)" in r.stdout
    document = docx.Document(str(bank))
    outline = [(p.style.name, p.text) for p in document.paragraphs
               if p.style.name.startswith("Heading")]  # fmt: skip
    tops = [t for s, t in outline if s == "Heading 1"]
    assert [t.split()[0] for t in tops[:5]] == ["P1", "P2", "P3", "P4", "P5"]
    assert tops[5:] == ["Overarching themes", "Other themes"]
    assert ("Heading 2", "Help that comes too late") in outline
    assert ("Heading 3", "Services built for someone else") in outline  # nested sub-theme
    quotes = _quotes(bank)
    assert quotes and len(quotes) == len(set(quotes))  # each quote once (it was 3 times)
    first = next(p for p in document.paragraphs if p.style.name == "Quote").runs[0]
    assert first.italic and str(first.font.color.rgb) == "1F4E79"  # blue italic by default
    for section in document.sections:
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01

    every = tmp_path / "all.docx"
    r = qc("export", "quotes", str(sample), str(every), "--quotes", "all", "--quote-style",
           "plain", "--framework", "wirral drugs strategy 2023-2027")  # fmt: skip
    assert r.returncode == 0, r.stderr
    quotes = _quotes(every)
    assert len(quotes) > 50 and len(quotes) == len(set(quotes))
    document = docx.Document(str(every))
    assert not any(run.italic for p in document.paragraphs if p.style.name == "Quote"
                   for run in p.runs)  # fmt: skip
    r = qc("export", "quotes", str(sample), str(tmp_path / "x.docx"), "--framework", "Nope")
    assert r.returncode == 2 and not (tmp_path / "x.docx").exists()


def test_bad_options_leave_no_file(sample: Path, tmp_path) -> None:
    out = tmp_path / "m.xlsx"
    r = qc("export", "matrix", str(sample), str(out), "--measures", "vibes")
    assert r.returncode == 2 and "Unknown measure" in r.stderr and not out.exists()
    r = qc("export", "matrix", str(sample), str(tmp_path / "nope" / "m.xlsx"))
    assert r.returncode == 2 and "no such folder" in r.stderr


def test_theme_report_places_themes_under_priorities_with_each_quote_once(
    sample: Path, tmp_path: Path
) -> None:
    from qualcode.services.themes.theme_counts import theme_tree
    from qualcode.storage.project import Project

    out = tmp_path / "report.docx"
    r = qc("export", "report", str(sample), str(out), "--quotes", "all", "--quote-style", "plain")
    assert r.returncode == 0, r.stderr
    assert "Wrote" in r.stdout and "sections" in r.stdout
    document = docx.Document(str(out))
    outline = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    tops = [text for style, text in outline if style == "Heading 1"]
    assert tops[:5] == [t for t in tops if t[:1] == "P"]  # priorities first, in framework order
    assert [t.split()[0] for t in tops[:5]] == ["P1", "P2", "P3", "P4", "P5"]
    # the sample's recommendation register sits before the appendix
    assert tops[5:] == ["Overarching themes", "Other themes", "Recommendations", "Appendix: method"]
    under = {}
    current = ""
    for style, text in outline:
        if style == "Heading 1":
            current = text
        else:
            under[text] = (style, current)
    assert under["Help that comes too late"] == ("Heading 2", tops[2])  # primary P3.1
    assert under["Services built for someone else"] == ("Heading 3", tops[2])  # nested
    assert under["Families carry it"] == ("Heading 2", tops[1])  # primary P2.3, secondary P3.4
    assert under["Being believed"] == ("Heading 2", "Overarching themes")
    assert under["Miscellaneous"] == ("Heading 2", "Other themes")
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert len(quotes) > 50 and len(quotes) == len(set(quotes))  # every extract, each once
    assert not any(run.italic for p in document.paragraphs if p.style.name == "Quote"
                   for run in p.runs)  # fmt: skip
    text = "\n".join(p.text for p in document.paragraphs)
    with Project.open(sample, readonly=True) as p:
        first = theme_tree(p)[0]
    assert f"{first.extracts} extracts from {first.documents} of 18 documents" in text
    assert "How a theme's extracts" not in text and "facilitators" in text
    for section in document.sections:
        assert abs(section.page_width.cm - 21.0) < 0.01
        assert abs(section.page_height.cm - 29.7) < 0.01
    r = qc("export", "report", str(sample), str(tmp_path / "x.docx"), "--template", "nope.dotx")
    assert r.returncode == 2 and "nope.dotx: no such file" in r.stderr


def test_a_quote_bank_and_report_without_a_framework(tmp_path: Path) -> None:
    """Before any strategy is added, the themes are listed in their own order (not refused)."""
    import docx

    from qualcode.services.coding import codes, codings
    from qualcode.services.documents.documents import add_document
    from qualcode.services.reports.reports import export_quote_bank
    from qualcode.services.reports.theme_report import export_theme_report
    from qualcode.services.themes import review, themes
    from qualcode.storage.project import Project

    with Project.create(tmp_path / "p.qcproj") as p:
        doc = add_document(p, "Interview", "Alex: The wait was the worst part of it.").entity_id
        code = codes.create_code(p, "Waiting").entity_id
        assert doc is not None and code is not None
        coding = codings.add_coding(p, doc, code, 6, 39).entity_id
        theme = themes.create_theme(p, "Help comes late").entity_id
        assert coding is not None and theme is not None
        themes.link_code(p, theme, code)
        review.flag_key_extract(p, coding, True)
        bank = export_quote_bank(p, tmp_path / "q.docx", None, "key", "italic")
        report = export_theme_report(p, tmp_path / "r.docx", None, None, "key", "italic")
    assert bank.framework == "" and report.framework == ""
    for name in ("q.docx", "r.docx"):
        text = [
            (par.style.name if par.style else "", par.text)
            for par in docx.Document(str(tmp_path / name)).paragraphs
        ]
        assert ("Heading 1", "Themes") in text and ("Heading 2", "Help comes late") in text
        assert any("The wait was the worst part of it" in t for _s, t in text)
        assert not any("ramework ." in t or "framework ;" in t for _s, t in text)
