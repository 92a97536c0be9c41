"""The Protect menu driven as a researcher would: pseudonymise from the map table (preview, save
and load the map, apply, undo), redact a selection and find it in Redactions, withdraw a
participant after a confirmation listing exactly what goes, edit a key quote (refused, then
accepted), and the warning before a quote bank export that would print a real name."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QPushButton
from sqlalchemy import select

from qualcode.services.coding.workbench import document_view
from qualcode.services.frameworks.matrices import key_quotes
from qualcode.services.protection.quotes import edit_quote, quote_of_coding
from qualcode.services.protection.withdraw import participants, withdrawal_plan
from qualcode.storage.models import ThemeCode
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.protect_dialogs import SpanRole
from qualcode.ui.themes.quote_editor import QuoteEditorDialog
from tests.ui.exporting import answer

PLACE = "Eastport"


class Boxes:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Any = None) -> None:
        self.texts: list[str] = []
        self.answer = answer or QMessageBox.StandardButton.Ok

        def box(_parent: Any, _title: str, text: str, *_a: Any) -> Any:
            self.texts.append(text)
            return self.answer

        for name in ("information", "warning", "question"):
            monkeypatch.setattr(QMessageBox, name, box)


def _document_with(window: MainWindow, word: str) -> tuple[int, int]:
    """Open the first document whose text holds ``word``; its id and where the word is."""
    assert window.project is not None
    for row in window.documents.rows:
        text = document_view(window.project, row.id).text
        if word in text:
            window.jump_to(row.id, 0, 0)
            return row.id, text.index(word)
    raise AssertionError(f"no document mentions {word}")


def test_pseudonymise_from_the_table_then_undo(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    boxes = Boxes(monkeypatch)
    window.protect.pseudonymise_action.trigger()
    dialog = window.protect.pseudonymise_dialog
    assert dialog is not None and dialog.isVisible()
    assert "never stored in the project" in dialog.intro.text()
    reals = [r[0] for r in dialog.rows()]
    assert "Margaret" in reals and "Facilitator" not in reals
    keep = {"Margaret", "Sam", "Priya"}
    for row in reversed(range(dialog.table.rowCount())):
        if dialog.rows()[row][0] not in keep:
            dialog.table.removeRow(row)
    row = dialog.add_row(PLACE, "[place]")
    dialog.add_row("Nowhereville", "[place]")
    assert dialog.rows()[row][:2] == (PLACE, "[place]")

    dialog.preview_button.click()
    shown = dialog.preview_text.toPlainText()
    assert "focus-group-40-55:" in shown and "replacements" in shown
    assert "Not found in any document's text" in shown and "Nowhereville" in shown
    assert dialog.rows()[row][3] >= 3  # occurrences of the place, counted by the preview

    saved = tmp_path / "outside" / "map.csv"
    saved.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(saved), ""))
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Save map…").click()
    with saved.open(encoding="utf-8-sig") as fh:
        assert ["Margaret", "Participant 7"] in [r[:2] for r in csv.reader(fh)]
    loaded = tmp_path / "edited.csv"
    loaded.write_text("real,replacement\nMargaret,Maggie P\nTony,Participant 8\n")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(loaded), ""))
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Load map…").click()
    assert (
        dialog.mapping()["Margaret"] == "Maggie P" and dialog.mapping()["Tony"] == "Participant 8"
    )

    doc, _at = _document_with(window, "Margaret")
    dialog.apply_button.click()
    assert not dialog.isVisible()
    assert "until the project is closed" in boxes.texts[-1]
    assert "not stored in the project" in boxes.texts[-1]
    assert window.reader.document_view is not None
    text = window.reader.document_view.text
    assert "Margaret" not in text and "Maggie P" in text  # the reader refreshed itself
    assert window.project is not None
    assert b"Margaret" not in window.project.path.read_bytes()  # vacuumed
    assert window.undo_action.text().endswith("Pseudonymise")

    window.undo_action.trigger()
    assert window.reader.document_view is not None
    assert "Margaret" in window.reader.document_view.text
    assert any(name == "Margaret" for _i, name in participants(window.project))
    assert doc == window.current_document_id


def test_refused_apply_is_said_in_the_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    Boxes(monkeypatch)
    window.protect.pseudonymise_action.trigger()
    dialog = window.protect.pseudonymise_dialog
    assert dialog is not None
    dialog.table.setRowCount(0)
    dialog.add_row("Margaret", "")
    dialog.apply_button.click()
    assert dialog.isVisible() and "has no replacement" in dialog.problem.text()
    assert window.coding.stack.count() == 0


def test_redact_a_selection_and_find_it_in_redactions(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    Boxes(monkeypatch)
    asked: list[list[str]] = []

    def get_item(_p: Any, _t: str, _label: str, items: list[str], *_a: Any) -> tuple[str, bool]:
        asked.append(items)
        return "place removed", True  # typed without brackets

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    doc, at = _document_with(window, PLACE)
    window.reader.select_span(at, at + len(PLACE))

    menu = window.protect.reader_menu(QPoint(10, 10))
    redact = [a for a in menu.actions() if a.text() == "&Redact selection…"]
    assert redact and redact[0].isEnabled()  # on the reader's context menu, with a selection
    menu.deleteLater()

    window.protect.redact_action.trigger()
    assert "[name removed]" in asked[0]
    assert window.reader.document_view is not None
    text = window.reader.document_view.text
    assert text[at : at + len("[place removed]")] == "[place removed]"

    window.protect.redactions_action.trigger()
    dialog = window.protect.redactions_dialog
    assert dialog is not None and dialog.isVisible()
    top = dialog.tree.topLevelItem(0)
    assert top is not None and top.childCount() == 1
    item = top.child(0)
    assert item.text(0) == "[place removed]" and item.data(0, SpanRole)[0] == doc
    window.reader.select_span(0, 0)
    dialog.tree.itemDoubleClicked.emit(item, 0)
    assert window.reader.edit.textCursor().selectedText() == "[place removed]"

    window.undo_action.trigger()
    assert dialog.tree.topLevelItemCount() == 0  # the list follows undo
    assert window.reader.document_view is not None
    assert PLACE in window.reader.document_view.text[at : at + 20]


def test_withdraw_a_participant_after_confirming_the_plan(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = Boxes(monkeypatch, QMessageBox.StandardButton.Cancel)
    project = window.project
    assert project is not None
    window.protect.withdraw_action.trigger()
    dialog = window.protect.withdraw_dialog
    assert dialog is not None and dialog.isVisible()
    names = [dialog.case.itemText(i) for i in range(dialog.case.count())]
    assert "Margaret" in names and "Facilitator" not in names
    dialog.case.setCurrentIndex(names.index("Margaret"))
    dialog.keep.setChecked(True)
    case_id = dialog.case.currentData()
    lines = withdrawal_plan(project, case_id, keep_context=True).lines()
    assert dialog.plan_text.toPlainText() == "\n".join(f"• {line}" for line in lines)

    dialog.withdraw_button.click()  # then Cancel in the confirmation
    assert all(line in boxes.texts[-1] for line in lines)
    assert "only until the project is closed" in boxes.texts[-1]
    assert any(n == "Margaret" for _i, n in participants(project))

    boxes.answer = QMessageBox.StandardButton.Yes
    window.protect.withdraw_action.trigger()
    dialog = window.protect.withdraw_dialog
    assert dialog is not None
    dialog.case.setCurrentIndex(names.index("Margaret"))
    lines = withdrawal_plan(project, case_id).lines()  # cut, not blanked, this time
    dialog.withdraw_button.click()
    assert all(line in boxes.texts[-1] for line in lines)
    assert not any(n == "Margaret" for _i, n in participants(project))
    assert window.undo_action.text().endswith("Withdraw Margaret")
    window.undo_action.trigger()
    assert any(n == "Margaret" for _i, n in participants(project))


def _review_a_key_extract(window: MainWindow) -> tuple[Any, int]:
    project = window.project
    assert project is not None
    quotes = key_quotes(project)
    code_id, cells = next(iter(quotes.items()))
    with project.read() as s:
        theme_id = s.scalar(select(ThemeCode.theme_id).where(ThemeCode.code_id == code_id))
    assert theme_id is not None
    review = window.themes.open_review(theme_id)
    index = review.model.find(cells[0].coding_id, code_id)
    review.tree.setCurrentIndex(index)
    return review, cells[0].coding_id


def test_edit_a_key_quote_from_the_review(window: MainWindow, qtbot: Any) -> None:
    review, coding_id = _review_a_key_extract(window)
    assert review.edit_quote_action.isEnabled()
    review.edit_quote_action.trigger()
    editor = window.findChild(QuoteEditorDialog)
    assert editor is not None and editor.isVisible()
    verbatim = editor.quote.verbatim
    assert editor.verbatim.toPlainText() == verbatim

    editor.edited.setPlainText(f"Honestly, {verbatim}")
    assert (
        editor.problem.isVisible() and "'Honestly' is not in the verbatim" in editor.problem.text()
    )
    assert not editor.save_button.isEnabled()

    words = verbatim.split()
    cursor = editor.edited.textCursor()
    editor.edited.setPlainText(" ".join(words))
    cursor = editor.edited.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len(" ".join(words[:2])), cursor.MoveMode.KeepAnchor)
    editor.edited.setTextCursor(cursor)
    editor.cut_button.click()
    qtbot.keyClicks(editor.edited, " [for us]")
    assert not editor.problem.isVisible() and editor.save_button.isEnabled()
    expected = editor.text()
    editor.save_button.click()
    assert not editor.isVisible()
    project = window.project
    assert project is not None
    quote = quote_of_coding(project, coding_id)
    assert quote is not None and quote.edited == expected.strip()
    assert expected.startswith("[...] [for us]")
    window.undo_action.trigger()
    quote = quote_of_coding(project, coding_id)
    assert quote is not None and quote.edited == ""


def test_quote_bank_export_warns_about_a_real_name(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    _review, coding_id = _review_a_key_extract(window)
    quote = quote_of_coding(project, coding_id)
    assert quote is not None
    window.coding.run(
        "Edit quote", lambda p: edit_quote(p, quote.id, f"[Margaret:] {quote.verbatim}")
    )
    warned: list[str] = []

    def answer_with(choice: str) -> None:
        def press() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox)
            warned.append(box.text())
            next(b for b in box.buttons() if b.text().replace("&", "") == choice).click()

        QTimer.singleShot(0, press)

    answer(monkeypatch)  # the quote bank's options, as they are
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (asked.append("file"), ("", ""))[1]
    )
    answer_with("Cancel")
    window.export_menu.actions["quotes"].trigger()
    assert "Margaret: in 1 quote or label" in warned[-1]
    assert asked == []  # cancelled before choosing the file
    answer_with("Export anyway")
    window.export_menu.actions["quotes"].trigger()
    assert asked == ["file"]


def test_register_export_warns_about_a_real_name_it_would_print(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recommendation register prints titles, texts, owners and linked extracts: a real
    name in any of them is caught before the file is chosen, as for the quote bank."""
    from qualcode.services.protection.export_check import names_before_export
    from qualcode.services.recommendations.edits import create_recommendation

    project = window.project
    assert project is not None
    assert names_before_export(project, "register") == {}  # the sample's register is clean
    window.coding.run(
        "New recommendation",
        lambda p: create_recommendation(p, "Call Margaret back within a week"),
    )
    assert names_before_export(project, "register") == {"Margaret": 1}
    warned: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == "Cancel").click()

    asked: list[str] = []

    def choose(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        asked.append("file")
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    QTimer.singleShot(0, press)
    window.export_menu.actions["recommendations"].trigger()
    assert "Margaret: in 1 quote or label" in warned[-1]
    assert asked == []  # cancelled before choosing the file
