"""A whole study through the window only, as a researcher does it: a new project, files imported
through the import dialog, passages coded with the keyboard, codes built into a theme, the theme
linked to a strategy's priority, and the matrix, codebook, quote bank and .qdpx exported from the
File menu. The test answers dialogs, types, clicks and presses keys; it reads results (the files
written, what the window shows) but never calls a service to do the work."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
import openpyxl  # type: ignore[import-untyped]
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QPushButton,
)

from qualcode.ui.coding.quick_code import QuickCodeDialog
from qualcode.ui.shell.export_warning import EXPORT_ANYWAY
from qualcode.ui.shell.import_dialog import ImportDialog
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.themes.review_dialog import ReviewDialog
from tests.ui.exporting import Boxes, answer, finish, make_boxes, save_to

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FILES = ["focus-group-40-55.txt", "interview-video-call.vtt", "research-grid-03.txt"]
HOPE = "From Harm to Hope (2021)"


def menu_action(window: MainWindow, *path: str) -> Any:
    """The action at ``path`` of menu titles, '&' marks ignored: ('File', 'Import Files…')."""
    actions = window.menuBar().actions()
    for i, title in enumerate(path):
        found = next(a for a in actions if a.text().replace("&", "") == title)
        if i == len(path) - 1:
            return found
        menu = found.menu()
        assert isinstance(menu, QMenu)
        actions = menu.actions()
    raise AssertionError(path)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return make_boxes(monkeypatch)


def select_words(window: MainWindow, phrase: str) -> None:
    """Select ``phrase`` in the reader, as a drag over it would, and give the reader the keys."""
    view = window.reader.document_view
    assert view is not None
    start = view.text.index(phrase)
    window.reader.select_span(start, start + len(phrase))
    window.reader.edit.setFocus()


def test_a_study_from_new_project_to_exports_through_the_window(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()

    # 1. File › New Project…
    save_to(monkeypatch, tmp_path / "study")
    menu_action(window, "File", "New Project…").trigger()
    assert window.project is not None and window.project.path == tmp_path / "study.qcproj"

    # 2. File › Import Files…: add three files, look at the preview, import
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(SAMPLES / f) for f in FILES], "")
    )
    menu_action(window, "File", "Import Files…").trigger()
    dialog = next(d for d in window.findChildren(ImportDialog) if d.isVisible())
    add = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add files…")
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    tree = window.documents.tree
    names = {tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert {"focus-group-40-55", "interview-video-call", "research-grid-03"} <= names

    # 3. Code with the keyboard: Q (quick code, typing a new code's name), I (in vivo)
    row = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0) == "focus-group-40-55"  # type: ignore[union-attr]
    )
    assert row is not None
    tree.setCurrentItem(row)
    window.activateWindow()  # the import dialog had the keyboard
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    view = window.reader.document_view
    assert view is not None and "Margaret" in view.text

    def typed(name: str) -> Any:
        def exec_(dialog: QuickCodeDialog) -> int:
            dialog.show()
            QTest.keyClicks(dialog.edit, name)
            QTest.keyClick(dialog.edit, Qt.Key.Key_Up)  # up to "Create 'name'"
            QTest.keyClick(dialog.edit, Qt.Key.Key_Return)
            return dialog.result()

        return exec_

    text = view.text
    extract = "Can I say about the waiting?"
    assert extract in text
    monkeypatch.setattr(QuickCodeDialog, "exec", typed("Waiting for help"))
    select_words(window, extract)
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_Q)
    select_words(window, "Margaret")
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_I)
    codes = {r.name: r for r in window._code_rows}
    assert {"Waiting for help", "Margaret"} <= set(codes)
    assert codes["Waiting for help"].codings == 1

    # 4. Themes › New theme…, then the code dropped onto it in the Themes panel
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Help comes late", True))
    menu_action(window, "Themes", "New theme…").trigger()
    theme_id = next(i for i, n in window.themes.names.items() if n == "Help comes late")
    assert window.themes_panel.drop_codes([codes["Waiting for help"].id], theme_id)
    shown = window.themes_panel.model.rows[theme_id]
    assert [name for _id, name in shown.codes] == ["Waiting for help"]

    # Themes › Review selected theme…: the extract flagged as a key extract for the write-up
    window.themes_panel.select_theme(theme_id)
    menu_action(window, "Themes", "Review selected theme…").trigger()
    review = next(d for d in window.findChildren(ReviewDialog) if d.isVisible())
    group = review.model.index(0, 0)
    review.tree.setCurrentIndex(review.model.index(0, 0, group))
    flag = next(b for b in review.findChildren(QPushButton) if b.text() == "Flag as key extract")
    qtbot.mouseClick(flag, Qt.MouseButton.LeftButton)
    assert next(
        b for b in review.findChildren(QPushButton) if "key extract" in b.text()
    ).text() == ("Unflag key extract")
    review.close()

    # 5. The Frameworks panel: add a bundled framework, link the theme to a priority
    panel = window.frameworks.panel
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: (HOPE, True))
    panel.add_bundled_action.trigger()
    assert panel.framework.currentText() == HOPE
    item = next(i for i in panel.data.items if i.ref == "S2.1")
    assert panel.items.select_item(item.id)
    panel.choose_theme(theme_id)
    qtbot.keyClicks(panel.rationale, "Delays before treatment")
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    assert "Help comes late" not in [
        panel.unlinked.item(i).text()
        for i in range(panel.unlinked.count())
    ]

    # 6. File › Export ▸ matrix, codebook, quote bank, .qdpx; each file opened and read
    def export(key: str, name: str, options: Any = None) -> Path:
        answer(monkeypatch, options)
        save_to(monkeypatch, tmp_path / name)
        window.export_menu.actions[key].trigger()
        task = finish(qtbot, window.export_menu.task)
        assert task.error is None, task.error
        assert (tmp_path / name).exists()
        return tmp_path / name

    def by_item(dialog: QDialog) -> None:
        level = getattr(dialog, "level", None)
        if level is not None:
            level.setCurrentIndex(level.findData("item"))

    matrix = openpyxl.load_workbook(export("matrix", "matrix.xlsx", by_item))
    cells = [
        str(c) for ws in matrix.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert "Help comes late" in cells and any("S2.1" in c for c in cells)

    codebook = openpyxl.load_workbook(export("codebook", "codebook.xlsx"))
    names_in_book = {
        str(c) for ws in codebook.worksheets for r in ws.iter_rows(values_only=True) for c in r
    }
    assert {"Waiting for help", "Margaret"} <= names_in_book

    warned: list[str] = []

    def export_anyway() -> None:  # the quote bank warns: a participant's real name attributes it
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        next(b for b in box.buttons() if b.text() == EXPORT_ANYWAY).click()

    QTimer.singleShot(0, export_anyway)
    quotes = docx.Document(str(export("quotes", "quotes.docx")))
    assert "• Tony: in 1 quote or label" in warned[0]
    headings = [
        p.text
        for p in quotes.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert any("Help comes late" in h for h in headings)
    # the selection snaps to words (its "?" is trimmed); the speaker attributes the quote
    quote = "“Can I say about the waiting” (Tony)"
    assert quote in [p.text for p in quotes.paragraphs], "the key extract is missing"

    with zipfile.ZipFile(export("qdpx", "study.qdpx")) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
    assert 'name="Waiting for help"' in qde and 'name="Help comes late"' in qde
    assert len(sources) == 3
    assert not boxes.warnings
