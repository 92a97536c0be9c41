"""The Cases tab's sheet, band and recode dialogs on the sample: a sheet with a duplicated id is
explained and imports nothing, an unreadable file is named, the export reads back, a recode
harmonises spellings in one undo step, and a derived band follows its source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from qualcode.services.documents.cases import case_attributes, find_case
from qualcode.services.participants.case_table import bulk_set
from qualcode.ui.cases.derive_dialogs import BandDialog, RecodeDialog
from qualcode.ui.cases.sheet_dialog import SheetImportDialog
from qualcode.ui.shell.main_window import MainWindow
from tests.helpers import dump
from tests.ui.exporting import finish, make_boxes, save_to


def _open_sheet(window: MainWindow, qtbot: Any, path: Path, monkeypatch: Any) -> SheetImportDialog:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window.cases.show()
    window.cases.panel.import_action.trigger()
    dialog = window.cases.dialog
    assert isinstance(dialog, SheetImportDialog)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10_000)
    return dialog


def test_duplicated_ids_are_explained_and_nothing_is_imported(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("name,Age\nBex,48\nHassan,27\nBex,49\n", encoding="utf-8")
    assert window.project is not None
    before = dump(window.project)
    dialog = _open_sheet(window, qtbot, sheet, monkeypatch)
    assert not dialog.import_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.problems
    problems = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("people.csv" in p and "row 4" in p and "Bex" in p for p in problems), problems
    assert "must be fixed in the sheet" in dialog.status.text()
    dialog.run_import()  # even if forced, nothing is written
    assert dump(window.project) == before


def test_an_unreadable_sheet_is_named_plainly(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "people.xlsx"
    broken.write_bytes(b"not a workbook at all")
    dialog = _open_sheet(window, qtbot, broken, monkeypatch)
    assert "people.xlsx" in dialog.status.text()
    assert "Traceback" not in dialog.status.text()
    assert not dialog.import_button.isEnabled()


def test_export_sheet_reads_back(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_boxes(monkeypatch)
    save_to(monkeypatch, tmp_path / "participants.xlsx")
    window.cases.panel.export_action.trigger()
    task = finish(qtbot, window.cases.task)
    assert task.error is None
    sheet = openpyxl.load_workbook(tmp_path / "participants.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    bex = next(r for r in rows if r[0] == "Bex")
    assert bex[header.index("Age")] == 47  # a number, not text
    assert bex[header.index("Gender")] == "Female"


def test_recode_harmonises_spellings_in_one_undo_step(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    ids = {n: find_case(project, n) for n in ("Amira", "Margaret", "Sandra", "Bex")}
    bulk_set(project, [ids["Amira"]], "Gender", "female")
    bulk_set(project, [ids["Margaret"]], "Gender", "F")
    bulk_set(project, [ids["Sandra"], ids["Bex"]], "Gender", "Female")
    window.refresh()
    window.cases.show()
    window.cases.panel.recode_action.trigger()
    dialog = window.cases.dialog
    assert isinstance(dialog, RecodeDialog)
    dialog.source.setCurrentIndex(dialog.source.findText("Gender"))
    assert dialog.chosen() == {"F": "Female", "female": "Female"}
    dialog.grab().save("/tmp/recode-dialog.png")
    dialog.ok.click()
    assert {case_attributes(project, i)["Gender"] for i in ids.values()} == {"Female"}
    window.undo_action.trigger()
    assert case_attributes(project, ids["Margaret"])["Gender"] == "F"


def test_a_derived_band_is_read_only_and_follows_its_source(window: MainWindow) -> None:
    window.cases.show()
    window.cases.panel.band_action.trigger()
    dialog = window.cases.dialog
    assert isinstance(dialog, BandDialog)
    dialog.source.setCurrentIndex(dialog.source.findText("Age"))
    dialog.cuts.setText("18,25,40,56,66")
    dialog.name.setText("age_band")
    dialog.ok.click()
    model = window.cases.panel.model
    assert window.project is not None
    row = model.row_of(find_case(window.project, "Hassan"))
    band = model.index(row, model.column_of("age_band"))
    assert band.data() == "25-39"
    assert not model.flags(band) & model.flags(band).ItemIsEditable
    model.setData(model.index(row, model.column_of("Age")), "61")
    assert model.index(row, model.column_of("age_band")).data() == "56-65"
    window.undo_action.trigger()
    assert model.index(row, model.column_of("age_band")).data() == "25-39"


def test_bad_cut_points_are_explained_before_anything_is_written(window: MainWindow) -> None:
    window.cases.show()
    window.cases.panel.band_action.trigger()
    dialog = window.cases.dialog
    assert isinstance(dialog, BandDialog)
    dialog.source.setCurrentIndex(dialog.source.findText("Age"))
    dialog.cuts.setText("18, x, 40")
    assert dialog.error.text() == "'x' is not a number." and not dialog.ok.isEnabled()
    dialog.cuts.setText("40,25")
    assert "Cut points must increase" in dialog.error.text() and not dialog.ok.isEnabled()
    assert dialog.preview.rowCount() == 0
    dialog.cuts.setText("30")
    assert dialog.error.text() == "" and dialog.ok.isEnabled()
    assert [dialog.preview.item(r, 0).text() for r in range(2)] == ["under 30", "30+"]
