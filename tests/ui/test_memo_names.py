"""A memo on a code is announced by the code's name ("on code 'Waiting and delays'"), in the
memo panel's heading, the status bar and the change log, never by its id ("on code 9")."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from qualcode.services.coding import memos
from qualcode.storage.models import ChangeLog, Coding
from qualcode.ui.shell.main_window import MainWindow


def test_a_memo_on_a_code_names_the_code(window: MainWindow) -> None:
    assert window.project is not None
    code = next(r for r in window._code_rows if r.name == "Waiting and delays")
    assert window.codebook.select_code(code.id)
    assert window.memos.heading.text() == "Memos on code Waiting and delays"
    window.memos.editor.setPlainText("Waits are worse for the men than they say.")
    save = next(b for b in window.memos.findChildren(QPushButton) if b.text() == "Save")
    save.click()
    expected = "Added familiarisation memo on code 'Waiting and delays'"
    assert window.statusBar().currentMessage() == expected
    with window.project.read() as s:
        logged = s.scalar(select(ChangeLog.summary).order_by(ChangeLog.id.desc()).limit(1))
    assert logged == expected
    assert f"code {code.id}" not in window.undo_action.text()


def test_a_memo_on_a_coding_names_its_code_and_document(window: MainWindow) -> None:
    assert window.project is not None
    with window.project.read() as s:
        coding = s.scalars(select(Coding).limit(1)).one()
        coding_id, code_id, doc_id = coding.id, coding.code_id, coding.document_id
    code = next(r.name for r in window._code_rows if r.id == code_id)
    doc = next(r.name for r in window.documents.rows if r.id == doc_id)
    change = memos.add_memo(window.project, "odd", target="coding", target_id=coding_id)
    assert change.summary == f"Added analytic memo on a coding of '{code}' in '{doc}'"
