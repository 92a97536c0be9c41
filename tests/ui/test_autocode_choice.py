"""The autocode dialogs never choose a code for the researcher: they open with no code (or with
the one selected in the codebook) and OK stays disabled until a code is chosen."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from qualcode.services.search.search_choices import search_choices
from qualcode.ui.search.autocode_dialog import AutocodeDialog, PartsDialog
from qualcode.ui.shell.main_window import MainWindow


def _ok(dialog: AutocodeDialog | PartsDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def _checked_hits_dialog(window: MainWindow, qtbot) -> AutocodeDialog:
    panel = window.search
    panel.query.setText("wait")
    panel.run_search()
    qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    assert panel.model.checked_count() > 0
    dialog = panel.code_checked()
    assert dialog is not None
    qtbot.waitUntil(lambda: bool(dialog.counts), timeout=30_000)
    return dialog


def test_autocode_starts_with_no_code_and_ok_disabled(window: MainWindow, qtbot) -> None:
    window.codebook.clearSelection()
    dialog = _checked_hits_dialog(window, qtbot)
    assert dialog.chooser.choice() == (None, "")
    assert dialog.chooser.list.currentRow() == -1
    assert not _ok(dialog)
    assert "Choose a code" in dialog.note.text()
    dialog.chooser.edit.setText("Naloxone")
    naloxone = next(r.id for r in window._code_rows if r.name == "Naloxone")
    assert dialog.chooser.choice()[0] == naloxone
    assert _ok(dialog)
    dialog.chooser.edit.setText("")  # cleared again: nothing chosen
    assert dialog.chooser.choice() == (None, "") and not _ok(dialog)
    dialog.reject()


def test_autocode_starts_with_the_code_selected_in_the_codebook(window: MainWindow, qtbot) -> None:
    naloxone = next(r.id for r in window._code_rows if r.name == "Naloxone")
    assert window.codebook.select_code(naloxone)
    dialog = _checked_hits_dialog(window, qtbot)
    assert dialog.chooser.choice()[0] == naloxone
    assert _ok(dialog)
    dialog.reject()


def test_autocode_by_speaker_waits_for_a_code(window: MainWindow) -> None:
    assert window.project is not None
    window.codebook.clearSelection()
    dialog = window.search.autocode_parts()
    assert dialog is not None
    tony = next(i for i, n, _f in search_choices(window.project).speakers if n == "Tony")
    dialog.speakers.check({tony})
    assert dialog.chooser.choice() == (None, "")
    assert not _ok(dialog)
    dialog.reject()
