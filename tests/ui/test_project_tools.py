"""Themes › Quote Attribution… and File › Check Project…, driven as a researcher would.

The attribution dialog re-renders real extracts as the template is typed, flags unknown
placeholders and saves as one undo step. The health dialog runs the CLI's checks in the
background and lists a problem injected into a closed copy of the sample with raw SQL.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox

from qualcode.services.reports.attribution import attribution_for, attribution_template
from qualcode.ui.shell.attribution_dialog import AttributionDialog
from qualcode.ui.shell.health_dialog import HealthDialog
from qualcode.ui.shell.main_window import MainWindow

MARGARET = "Nobody talks about the drink"  # a sample extract spoken by Margaret, a carer


def _open_attribution(window: MainWindow) -> AttributionDialog:
    window.project_tools.attribution_action.trigger()
    dialog = window.project_tools.attribution
    assert dialog is not None and dialog.isVisible()
    return dialog


def _row_of(dialog: AttributionDialog, start: str) -> int:
    for row in range(dialog.preview.rowCount()):
        item = dialog.preview.item(row, 1)
        if item is not None and item.text().startswith(f"“{start}"):
            return row
    raise AssertionError(f"no extract starting {start!r} in the preview")


def test_template_preview_follows_typing_and_save_is_undoable(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot
) -> None:
    assert window.project is not None
    stored = attribution_template(window.project)
    dialog = _open_attribution(window)
    assert dialog.preview.rowCount() == 5
    row = _row_of(dialog, MARGARET)
    coding = dialog.extracts[row].coding_id
    assert dialog.labels()[row] == attribution_for(window.project, coding)  # as exports label it

    dialog.template.clear()
    qtbot.keyClicks(dialog.template, "{speaker}, {role}")
    assert dialog.labels()[row] == "Margaret, Family member or carer"
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled() and not dialog.problem.isVisibleTo(dialog)

    qtbot.keyClicks(dialog.template, " {shoe_size}")
    assert dialog.problem.isVisibleTo(dialog)
    assert "{shoe_size}" in dialog.problem.text()
    assert not save.isEnabled()
    assert dialog.labels()[row] == "—"
    for _ in range(len(" {shoe_size}")):
        qtbot.keyClick(dialog.template, Qt.Key.Key_Backspace)
    assert save.isEnabled()

    # a placeholder from the list goes where the cursor is
    dialog.template.setFocus()
    dialog.template.setCursorPosition(len("{speaker}"))
    dialog._aim(dialog.template)
    kind = dialog.placeholders.findItems("{kind}", Qt.MatchFlag.MatchExactly)[0]
    dialog.placeholders.itemClicked.emit(kind)
    assert dialog.template.text() == "{speaker}{kind}, {role}"
    dialog.template.setText("{speaker}, {role}")

    save.click()
    assert not dialog.isVisible()
    assert attribution_template(window.project) == ("{speaker}, {role}", stored[1])
    assert attribution_for(window.project, coding) == "Margaret, Family member or carer"
    assert window.undo_action.text().replace("&", "") == "Undo Quote attribution"
    window.undo_action.trigger()
    assert attribution_template(window.project) == stored
    window.redo_action.trigger()
    assert attribution_template(window.project)[0] == "{speaker}, {role}"


def test_unbalanced_braces_in_the_fallback_are_flagged(window: MainWindow) -> None:
    dialog = _open_attribution(window)
    dialog.fallback.setText("({role")
    assert "unbalanced braces" in dialog.problem.text()
    assert dialog.fallback.styleSheet() and not dialog.template.styleSheet()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def _checked(window: MainWindow, qtbot) -> HealthDialog:  # type: ignore[no-untyped-def]
    window.project_tools.check_action.trigger()
    dialog = window.project_tools.health
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.health is not None, timeout=10_000)
    return dialog


def test_check_project_on_the_sample_finds_nothing_wrong(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot
) -> None:
    dialog = _checked(window, qtbot)
    assert dialog.health is not None
    counts = {name: n for n, name in dialog.health.counts}
    assert counts["documents"] == 18 and counts["codings"] == 189 and counts["themes"] == 7
    assert dialog.verdict.text().startswith("✓ No problems found")
    assert not dialog.problems.isVisibleTo(dialog)
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert "18 documents" in copied and "No problems found." in copied


def test_check_project_lists_a_coding_past_its_document(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, sample_path: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.qcproj"
    shutil.copyfile(sample_path, broken)
    with sqlite3.connect(broken) as db:
        coding = db.execute(
            "SELECT coding.id FROM coding JOIN document ON document.id = coding.document_id "
            "WHERE document.name = 'consultation-response' ORDER BY coding.id LIMIT 1"
        ).fetchone()[0]
        db.execute('UPDATE coding SET "end" = 99999 WHERE id = ?', (coding,))
    db.close()
    assert window.open_project(broken)
    dialog = _checked(window, qtbot)
    assert dialog.verdict.text() == "1 problem found:"
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text() == (
        f"• A coding (#{coding}) in document 'consultation-response' runs to character 99,999, "
        "past the end of the document (5,599 characters)."
    )
    dialog.copy()
    assert "- A coding" in QGuiApplication.clipboard().text()
