"""Document › Speakers… on the sample: each speaker label of a focus group with its turns and
linked person; relinking, a new case, the facilitator tick and a suggestion's Accept are each
one undo step the dialog follows."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QMessageBox, QPushButton

from qualcode.services.participants.speakers import speaker_links
from qualcode.ui.cases.speakers_dialog import (
    CASE,
    FACILITATOR,
    LABEL,
    NEW_CASE,
    TURNS,
    SpeakersDialog,
)
from qualcode.ui.shell.main_window import MainWindow


def _open(window: MainWindow) -> SpeakersDialog:
    doc = next(r.id for r in window.documents.rows if r.name == "focus-group-40-55")
    window.documents.select_document(doc)
    action = window.cases.speakers_action
    assert action.isEnabled()
    assert action in window.document_actions.context_menu().actions()  # right-click too
    action.trigger()
    dialog = window.cases.dialog
    assert isinstance(dialog, SpeakersDialog) and dialog.isVisible()
    return dialog


def _row(dialog: SpeakersDialog, label: str) -> int:
    return next(
        r for r in range(dialog.table.rowCount()) if dialog.table.item(r, LABEL).text() == label
    )


def _combo(dialog: SpeakersDialog, label: str) -> QComboBox:
    widget = dialog.table.cellWidget(_row(dialog, label), CASE)
    assert isinstance(widget, QComboBox)
    return widget


def _linked(window: MainWindow, dialog: SpeakersDialog) -> dict[str, str | None]:
    assert window.project is not None
    return {k.label: k.case_name for k in speaker_links(window.project, dialog.doc_id)}


def test_speakers_lists_labels_turns_and_people(window: MainWindow) -> None:
    dialog = _open(window)
    assert window.project is not None
    links = speaker_links(window.project, dialog.doc_id)
    assert dialog.table.rowCount() == len(links) >= 4
    tony = _row(dialog, "Tony")
    expected = next(k.turns for k in links if k.label == "Tony")
    assert dialog.table.item(tony, TURNS).text() == str(expected)
    assert _combo(dialog, "Tony").currentText() == "Tony"
    dialog.grab().save("/tmp/speakers-dialog.png")


def test_relink_by_typing_a_name_and_undo(window: MainWindow, qtbot: Any) -> None:
    dialog = _open(window)
    before = _linked(window, dialog)
    combo = _combo(dialog, "Tony")
    edit = combo.lineEdit()
    assert edit is not None
    edit.setText("Des")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert dialog.isVisible()  # Return picked the name; it did not close the dialog
    assert _linked(window, dialog)["Tony"] == "Des"
    assert _combo(dialog, "Tony").currentText() == "Des"  # the dialog reloaded
    window.undo_action.trigger()
    assert _linked(window, dialog) == before
    assert _combo(dialog, "Tony").currentText() == "Tony"


def test_new_case_for_a_label_is_one_undo_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(window)
    before = _linked(window, dialog)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Tony B", True))
    combo = _combo(dialog, "Tony")
    combo.setCurrentIndex(combo.findText(NEW_CASE))
    combo.activated.emit(combo.currentIndex())
    assert _linked(window, dialog)["Tony"] == "Tony B"
    window.undo_action.trigger()
    assert _linked(window, dialog) == before
    assert _combo(dialog, "Tony").findText("Tony B") == -1  # the new case went too


def test_facilitator_tick_and_accepting_a_suggestion(window: MainWindow) -> None:
    dialog = _open(window)
    holder = dialog.table.cellWidget(_row(dialog, "Margaret"), FACILITATOR)
    check = holder.findChild(QCheckBox)
    assert check is not None and not check.isChecked()
    check.setChecked(True)
    assert window.project is not None
    flagged = {k.label for k in speaker_links(window.project, dialog.doc_id) if k.is_facilitator}
    assert "Margaret" in flagged
    window.undo_action.trigger()
    assert dialog.suggestions  # the sample has a label its fuzzy match links elsewhere
    label, suggestion = next(iter(dialog.suggestions.items()))
    button: Any = dialog.table.cellWidget(_row(dialog, label), 5)
    assert isinstance(button, QPushButton)
    button.click()
    assert _linked(window, dialog)[label] == suggestion.case_name
    window.undo_action.trigger()
    assert label in dialog.suggestions


def test_accept_all_lists_the_links_first_and_is_one_undo_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(window)
    before = _linked(window, dialog)
    chosen = dict(dialog.suggestions)
    assert chosen
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    dialog.accept_all.click()
    label, suggestion = next(iter(chosen.items()))
    assert f"{label} → {suggestion.case_name}" in asked[0]
    assert _linked(window, dialog) == before  # No: nothing changed
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    dialog.accept_all.click()
    assert all(_linked(window, dialog)[k] == s.case_name for k, s in chosen.items())
    window.undo_action.trigger()
    assert _linked(window, dialog) == before
