"""The counts workbook and CSV files: read back, every value equal to the service's tables, and
a failed export leaving the previous files untouched."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from qualcode.domain.errors import StorageError, ValidationError
from qualcode.domain.quantifiers import describe, parse_bands, quantifier
from qualcode.exporters import counts_export as ce
from qualcode.services.counts import counts as sc
from qualcode.services.counts import counts_report as cr
from qualcode.services.counts.bases import group_bases
from qualcode.storage.project import Project
from tests.counts.world import add_random_codings, build


@pytest.fixture(scope="module")
def world_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export")
    w = build(folder / "base.qcproj")
    with Project.open(w.path) as p:
        add_random_codings(p, w, random.Random(5), 80)
    return w.path


def test_workbook_reads_back(world_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "counts.xlsx"
    with Project.open(world_project, readonly=True) as p:
        written = cr.export_counts(p, out, "Role", words=20)
        freq = sc.code_frequencies(p, "Role")
        overlap = sc.cooccurrence(p, "overlap").matrix
        turn = sc.cooccurrence(p, "turn").matrix
        cover = sc.coverage(p)
        words = sc.word_frequencies(p, "Role", top=20)
        bases = group_bases(p, freq)
    assert written == [out]
    assert list(bases) == ["All", "Peer", "Staff", "No value"]
    bases = {g: bases[g] for g in freq.groups}
    wb = load_workbook(out)
    assert wb.sheetnames == ["About", "Sample", *ce.SHEETS.values()]  # who took part, second
    about = {r[0]: r[1] for r in wb["About"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert "'Role'" in about["Grouping"] and "speaking" in about["Grouping"]
    for term in ("Extracts", "Documents", "Participants", "All", "No value", *ce.SHEETS.values()):
        assert term in about, term
    assert "facilitator" in about["Participants"].lower()
    for sheet in wb.worksheets:  # printed: A4 landscape, one page wide
        assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0

    ws = wb["Code frequencies"]
    assert ws.freeze_panes == "C5"
    assert ws.cell(3, 2).value == "Code" and ws.cell(3, 2).font.bold
    heads = [ws.cell(3, c).value for c in range(3, ws.max_column + 1, 3)]
    groups = [h.split("\n")[0] for h in heads]
    assert groups == freq.groups == ["Peer", "Staff", "No value", "All"]
    for head, base in zip(heads, bases.values(), strict=True):  # each group states its base
        assert head.endswith(f"of {base.documents} documents, {base.participants} participants")
    assert [ws.cell(4, c).value for c in range(3, 6)] == ["Extracts", "Documents", "Participants"]
    assert [ws.cell(r, 2).value for r in range(5, 11)] == [
        "Access", "Waiting", "Stigma", "Other", "Waiting", "Unused"
    ]  # fmt: skip
    assert ws.cell(6, 2).alignment.indent > 0  # a sub-code, indented under its parent
    assert ws.cell(5, 1).fill.fgColor.rgb.endswith(freq.codes[0].colour.lstrip("#").upper())
    body = [[ws.cell(r, c).value for c in range(3, ws.max_column + 1)] for r in range(5, 11)]
    assert body == freq.table.to_numpy().tolist()
    assert ws.column_dimensions["B"].width >= 30

    for name, matrix in (("Co-occurrence (overlap)", overlap), ("Co-occurrence (same turn)", turn)):
        ws = wb[name]
        assert ws.freeze_panes == "B4"
        diagonal = matrix.to_numpy().diagonal()
        kept = [str(x) for x, n in zip(matrix.index, diagonal, strict=True) if n > 0]
        assert [ws.cell(3, c).value for c in range(2, ws.max_column + 1)] == kept
        got = [[ws.cell(r, c).value for c in range(2, ws.max_column + 1)]
               for r in range(4, ws.max_row + 1)]  # fmt: skip
        assert got == matrix.loc[kept, kept].to_numpy().tolist()
        assert ws.cell(4, 2).font.italic  # the diagonal stands out

    ws = wb["Coverage"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Document", "Kind", "Characters", "Coded characters", "Percent", "Codings")
    assert [r[0] for r in rows[1:]] == list(cover["document"])
    assert [r[3] for r in rows[1:]] == list(cover["coded_characters"])
    assert [r[4] for r in rows[1:]] == pytest.approx(list(cover["percent"]))

    ws = wb["Word frequencies"]
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0] == ("Word", "Peer", "Staff", "No value", "All")
    assert [r[0] for r in rows[1:]] == list(words.index)
    assert [list(r[1:]) for r in rows[1:]] == words.to_numpy().tolist()


def test_csv_files(world_project: Path, tmp_path: Path) -> None:
    with Project.open(world_project, readonly=True) as p:
        written = cr.export_counts(p, tmp_path / "out.csv", "Site", csv=True, words=0)
        freq = sc.code_frequencies(p, "Site")
        overlap = sc.cooccurrence(p, "overlap").matrix
    names = sorted(x.name for x in written)
    assert names == sorted(f"out-{n}.csv" for n in ce.CSV_NAMES.values() if n != "word-frequencies")
    assert sorted(x.name for x in tmp_path.iterdir()) == names  # no workbook, no temporary files
    with (tmp_path / "out-code-frequencies.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:5] == ["code", "path", "North: extracts", "North: documents",
                           "North: participants"]  # fmt: skip
    assert rows[0][-1] == "All: participants"
    assert [r[1] for r in rows[1:]] == [c.path for c in freq.codes]
    assert [[int(x) for x in r[2:]] for r in rows[1:]] == freq.table.to_numpy().tolist()
    back = pd.read_csv(tmp_path / "out-cooccurrence-overlap.csv", encoding="utf-8-sig")
    kept = list(back["code"])
    assert back.set_index("code").to_numpy().tolist() == overlap.loc[kept, kept].to_numpy().tolist()


def test_failed_export_changes_nothing(
    world_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "counts.xlsx"
    out.write_bytes(b"the previous good workbook")
    for n in ce.CSV_NAMES.values():
        (tmp_path / f"counts-{n}.csv").write_text("old")
    before = {x.name: x.read_bytes() for x in tmp_path.iterdir()}

    def boom(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    with Project.open(world_project, readonly=True) as p:
        monkeypatch.setattr("openpyxl.Workbook.save", boom)
        with pytest.raises(StorageError, match=r"counts\.xlsx: the disk is full"):
            cr.export_counts(p, out, "Role", words=5)
        monkeypatch.undo()
        calls = {"n": 0}
        real = pd.DataFrame.to_csv

        def third_fails(self: pd.DataFrame, *a: object, **k: object) -> object:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device")
            return real(self, *a, **k)

        monkeypatch.setattr(pd.DataFrame, "to_csv", third_fails)
        with pytest.raises(StorageError, match=r"counts-.*\.csv: the disk is full"):
            cr.export_counts(p, tmp_path / "counts.csv", None, csv=True, words=5)
    assert {x.name: x.read_bytes() for x in tmp_path.iterdir()} == before


def test_bad_targets(world_project: Path, tmp_path: Path) -> None:
    with Project.open(world_project, readonly=True) as p:
        with pytest.raises(ValidationError, match="no such folder"):
            cr.export_counts(p, tmp_path / "missing" / "c.xlsx", None)
        with pytest.raises(ValidationError, match=r"c\.txt.*\.xlsx"):
            cr.export_counts(p, tmp_path / "c.txt", None)
    assert list(tmp_path.iterdir()) == []


def test_empty_project_is_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no documents"):
        cr.export_counts(project, tmp_path / "c.xlsx", None)
    assert not (tmp_path / "c.xlsx").exists()


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    labels = ["=SUM(A1)", "+cmd"]
    freq = pd.DataFrame(
        [[1, 1, 1], [2, 1, 0]],
        index=pd.Index(labels, name="code"),
        columns=pd.MultiIndex.from_tuples([("All", m) for m in sc.MEASURES]),
    )
    matrix = pd.DataFrame([[1, 1], [1, 2]], index=labels, columns=labels)
    words = pd.DataFrame({"All": [3]}, index=pd.Index(["=cmd"], name="word"))
    book = ce.CountsBook(
        "=project", dt.datetime(2024, 5, 1), "Not grouped.",
        [ce.CodeLine(x, x, x, 0, "#E6194B") for x in labels], freq, matrix, matrix, None, words,
    )  # fmt: skip
    out = tmp_path / "f.xlsx"
    ce.write_counts_workbook(out, book)
    wb = load_workbook(out)
    cells = [wb["Code frequencies"].cell(5, 2), wb["Co-occurrence (overlap)"].cell(4, 1),
             wb["Word frequencies"].cell(4, 1), wb["About"].cell(1, 1)]  # fmt: skip
    assert [c.value for c in cells] == ["=SUM(A1)", "=SUM(A1)", "=cmd", "Counts: =project"]
    assert all(c.data_type == "s" for c in cells)


def test_csv_text_is_never_a_formula(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"code": ['=HYPERLINK("x")', "+1", "plain", "@SUM(A1)"], "n": [1, -2, 3, 4]}
    )
    frame.index.name = "i"
    inert = ce._inert_frame(frame)
    assert list(inert["code"]) == ['\'=HYPERLINK("x")', "'+1", "plain", "'@SUM(A1)"]
    assert list(inert["n"]) == [1, -2, 3, 4]  # numbers untouched
    assert list(ce._inert_frame(pd.DataFrame(columns=["=cmd", "ok"])).columns) == ["'=cmd", "ok"]


def test_shares_state_their_base_with_percentages_and_words(
    world_project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "counts.xlsx"
    bands = parse_bands("most=60,some=20,hardly any=0")
    with Project.open(world_project, readonly=True) as p:
        cr.export_counts(p, out, "Role", words=0, bands=bands)
        freq = sc.code_frequencies(p, "Role")
        bases = group_bases(p, freq)
    wb = load_workbook(out)
    about = {r[0]: r[1] for r in wb["About"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert about["Words for shares"] == describe(bands)  # the bands, stated
    assert "base" in about["Bases"].lower()
    for sheet, measure, noun in (
        ("Participants (shares)", "participants", "participants"),
        ("Documents (shares)", "documents", "documents"),
    ):
        ws = wb[sheet]
        width = 3 if measure == "participants" else 2
        assert ws.print_title_rows == "$3:$4"  # the two header rows on every printed page
        for i, group in enumerate(freq.groups):
            col = 3 + i * width
            base = getattr(bases[group], noun)
            assert ws.cell(3, col).value == f"{group}\nof {base} {noun}"
            for r, n in enumerate(freq.table[(group, measure)], start=5):
                assert ws.cell(r, col).value == n and isinstance(n, int)
                assert n <= base  # a count never exceeds its base
                share = ws.cell(r, col + 1)
                if base:
                    assert share.value == pytest.approx(n / base)
                    assert share.number_format == "0%"
                else:
                    assert share.value in (None, "")
                if measure == "participants":
                    assert ws.cell(r, col + 2).value == quantifier(n, base, bands)
    words = {ws_cell.value for ws_cell in wb["Participants (shares)"]["E"][4:]}
    assert words <= {"most", "some", "hardly any", "none"}


def test_cli_bands_option(world_project: Path, tmp_path: Path) -> None:
    from qualcode.cli import main

    out = tmp_path / "c.xlsx"
    assert main(["export", "counts", str(world_project), str(out), "--words", "0",
                 "--bands", "nearly all=90,a handful=0"]) == 0  # fmt: skip
    about = {r[0]: r[1] for r in load_workbook(out)["About"].iter_rows(values_only=True) if r[0]}
    assert "“nearly all” = 90 % or more" in about["Words for shares"]
    assert main(["export", "counts", str(world_project), str(out), "--bands", "most"]) == 2
