"""Issue 15's "Done when", through the window: a fresh project, a focus group whose speakers are
named, a participant sheet with gender and age imported through the Cases tab's preview, age
bands derived with the user's cuts, the template ``({gender}, aged {age_band})`` set in Themes ›
Quote Attribution, a few extracts coded in the reader, and every quote in the quote bank (File ›
Export › Quote bank) attributed with the right person's values."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qualcode.services.coding import codes
from qualcode.services.coding.workbench import document_view
from qualcode.services.documents.cases import case_attributes, find_case
from qualcode.services.frameworks import frameworks
from qualcode.services.themes import themes
from qualcode.storage.project import Project
from qualcode.ui.cases.derive_dialogs import BandDialog
from qualcode.ui.cases.sheet_dialog import SheetImportDialog
from qualcode.ui.shell.main_window import MainWindow
from tests.ui.exporting import answer, docx_paragraphs, finish, make_boxes, save_to, select

TRANSCRIPT = (
    "Facilitator: Thanks for coming tonight. What gets in the way of asking for help?\n"
    "Margaret: The waiting list was eleven weeks and nobody called me back.\n"
    "Tony: I was too ashamed to walk into the GP surgery in my own town.\n"
    "Facilitator: And what helped, in the end?\n"
    "Priya: A peer worker who had been through it sat with me and listened.\n"
)
SHEET = "Name,Gender,Age\nMargaret,Female,47\nTony,Male,52\nPriya,Female,23\n"
EXPECTED = {
    "The waiting list was eleven weeks": "(Female, aged 40-55)",
    "I was too ashamed to walk into the GP": "(Male, aged 40-55)",
    "A peer worker who had been through it": "(Female, aged 18-24)",
}


@pytest.fixture
def fresh(qtbot: Any, tmp_path: Path) -> Any:
    path = tmp_path / "evening.qcproj"
    Project.create(path).close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(path)
    yield win
    win.close()


def _import_transcript(win: MainWindow, qtbot: Any, folder: Path) -> int:
    transcript = folder / "focus-group-evening.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    dialog = win.import_files()
    assert dialog is not None
    dialog.add_paths([transcript])
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.import_button.click()
    (row,) = win.documents.rows
    return row.id


def _import_sheet(win: MainWindow, qtbot: Any, folder: Path, monkeypatch: Any) -> None:
    sheet = folder / "participants.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(sheet), ""))
    win.cases.show_action.trigger()  # View › Cases
    win.cases.panel.import_action.trigger()  # Cases tab › Sheet › Import sheet…
    dialog = win.cases.dialog
    assert isinstance(dialog, SheetImportDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    preview = dialog.preview
    assert preview is not None
    assert {r.case_name for r in preview.matched} == {"Margaret", "Tony", "Priya"}
    assert not preview.new and dialog.import_button.isEnabled()
    columns = {c.name: c.type for c in preview.columns}
    assert columns["Age"] == "number"
    assert dialog.tabs.tabText(0) == "Rows (3)"
    assert win.project is not None
    assert case_attributes(win.project, find_case(win.project, "Tony")) == {}  # not yet
    dialog.import_button.click()
    assert dialog.imported
    assert case_attributes(win.project, find_case(win.project, "Tony")) == {
        "Gender": "Male",
        "Age": "52",
    }


def _derive_bands(win: MainWindow) -> None:
    win.cases.panel.band_action.trigger()  # Cases tab › Attributes › Derive bands…
    dialog = win.cases.dialog
    assert isinstance(dialog, BandDialog)
    dialog.source.setCurrentIndex(dialog.source.findText("Age"))
    dialog.cuts.setText("18,25,40,56,66")
    dialog.name.setText("age_band")
    bands = {
        dialog.preview.item(r, 0).text(): dialog.preview.item(r, 1).text()
        for r in range(dialog.preview.rowCount())
    }
    assert bands == {
        "under 18": "0",
        "18-24": "1",
        "25-39": "0",
        "40-55": "2",
        "56-65": "0",
        "66+": "0",
    }
    dialog.ok.click()
    assert dialog.error.text() == "" and dialog.result() == dialog.DialogCode.Accepted
    model = win.cases.panel.model
    column = model.column_of("age_band")
    assert column > 0
    assert win.project is not None
    tony = model.index(model.row_of(find_case(win.project, "Tony")), column)
    assert tony.data() == "40-55"  # the sheet shows the derived value at once


def _code_extracts(win: MainWindow, doc_id: int) -> None:
    change = win.coding.run("New code", lambda p: codes.create_code(p, "Getting help"))
    assert change is not None and change.entity_id is not None
    code_id = change.entity_id
    theme = win.coding.run("New theme", lambda p: themes.create_theme(p, "Asking for help"))
    assert theme is not None and theme.entity_id is not None
    theme_id = theme.entity_id
    win.coding.run("Link", lambda p: themes.link_code(p, theme_id, code_id))
    # File › Export › Quote bank heads the quotes with a strategy's priorities
    win.coding.run("Add framework", lambda p: frameworks.add_bundled_framework(p, "wirral"))
    win.jump_to(doc_id, 0, 0)
    assert win.project is not None
    text = document_view(win.project, doc_id).text  # as stored (speaker prefixes and all)
    for words in EXPECTED:
        start = text.index(words)
        win.reader.select_span(start, start + len(words))
        assert win.coding.code_selection(code_id) is not None


def test_quotes_carry_the_attribution_built_from_the_participant_sheet(
    fresh: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = fresh
    boxes = make_boxes(monkeypatch)
    # a modal question (a real name left in the quotes) would wait for ever: fail instead
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(box.text()))
    doc_id = _import_transcript(win, qtbot, tmp_path)
    _import_sheet(win, qtbot, tmp_path, monkeypatch)
    _derive_bands(win)
    _code_extracts(win, doc_id)

    dialog = win.project_tools.edit_attribution()  # Themes › Quote Attribution…
    assert dialog is not None
    dialog.template.setText("({gender}, aged {age_band})")
    assert not dialog.problem.isVisible(), dialog.problem.text()
    assert dialog.labels() == ["(Female, aged 40-55)"]  # one extract per document: Margaret's
    dialog.save()

    answer(monkeypatch, lambda d: select(d.quotes, "all"))
    save_to(monkeypatch, tmp_path / "quotes.docx")
    win.export_menu.actions["quotes"].trigger()  # File › Export › Quote bank…
    assert not boxes.warnings and not boxes.infos, (boxes.warnings, boxes.infos)
    task = finish(qtbot, win.export_menu.task)
    assert task.error is None
    texts = [text for _style, text in docx_paragraphs(tmp_path / "quotes.docx")]
    for words, attribution in EXPECTED.items():
        at = next(i for i, t in enumerate(texts) if words in t)
        near = " ".join(texts[at : at + 2])
        assert attribution in near, (words, near)
