"""Documents from the window: rename and delete from the Document menu, the panel's context menu
and its keys, each one undo step after which every view (list, reader, codebook counts,
retrieval, themes, status bar) shows what the project holds; and the attribute editor, which
shows the service's refusal under the field instead of writing a bad value."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox
from sqlalchemy import func, select

from qualcode.services.documents.document_details import document_attributes
from qualcode.services.themes.theme_counts import theme_tree
from qualcode.storage.models import Code, Coding, Document
from qualcode.ui.coding.document_attributes import DocumentAttributesDialog
from qualcode.ui.shell.main_window import MainWindow

RESPONSE = "consultation-response"  # 23 codings, no memos, 2 quotes in the sample


def _doc_id(win: MainWindow, name: str) -> int:
    return next(r.id for r in win.documents.rows if r.name == name)


def _choose(win: MainWindow, name: str) -> int:
    doc = _doc_id(win, name)
    win.documents.select_document(doc)
    assert win.current_document_id == doc
    return doc


def _db(win: MainWindow) -> tuple[dict[int, str], dict[int, int]]:
    assert win.project is not None
    with win.project.read() as s:
        names: dict[int, str] = {i: n for i, n in s.execute(select(Document.id, Document.name))}
        counted = select(Coding.code_id, func.count()).group_by(Coding.code_id)
        per_code: dict[int, int] = {c: n for c, n in s.execute(counted)}
        for code in s.scalars(select(Code.id)):
            per_code.setdefault(code, 0)
    return names, per_code


def _themes(win: MainWindow) -> dict[int, tuple[int, int]]:
    """Theme id -> (extracts, documents) as the project counts them."""
    assert win.project is not None
    out: dict[int, tuple[int, int]] = {}
    stack = list(theme_tree(win.project, counts=True))
    while stack:
        node = stack.pop()
        out[node.id] = (node.extracts, node.documents)
        stack.extend(node.children)
    return out


def _views_match(win: MainWindow, qtbot, code_id: int) -> None:  # type: ignore[no-untyped-def]
    names, per_code = _db(win)
    assert {r.id: r.name for r in win.documents.rows} == names
    assert f"{len(names):,} documents" in win.status.text()
    for code, n in per_code.items():
        row = win.codebook_model.code_row(code)
        assert row is not None and row.codings == n
    qtbot.waitUntil(lambda: win.retrieval.task is None, timeout=10_000)
    assert win.retrieval.model.rowCount() == per_code[code_id]
    qtbot.waitUntil(lambda: win.themes.count_task is None, timeout=10_000)
    shown = {r.id: (r.extracts, r.documents) for r in win.themes_panel.model.rows.values()}
    assert shown == _themes(win)


def _busiest_code_in(win: MainWindow, doc: int) -> int:
    assert win.project is not None
    with win.project.read() as s:
        code = s.scalar(
            select(Coding.code_id)
            .where(Coding.document_id == doc)
            .group_by(Coding.code_id)
            .order_by(func.count().desc())
        )
    assert code is not None
    return code


def test_delete_says_what_goes_and_every_view_follows_delete_and_undo(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def yes(_parent, _title, text, *_a, **_k):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    doc = _choose(window, RESPONSE)
    code = _busiest_code_in(window, doc)
    window.codebook.selectionModel().setCurrentIndex(
        window.codebook_model.index_of(code),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    _views_match(window, qtbot, code)
    before = _db(window)

    window.document_actions.delete_action.trigger()
    assert asked == [
        f"Delete '{RESPONSE}'? Its 23 codings and 2 quotes go with it. You can undo this."
    ]
    assert doc not in _db(window)[0]
    assert window.current_document_id is None  # the reader no longer shows it
    assert window.reader.document_view is None
    _views_match(window, qtbot, code)
    assert window.undo_action.text().replace("&", "") == f"Undo Delete '{RESPONSE}'"

    window.undo_action.trigger()
    assert _db(window) == before
    _views_match(window, qtbot, code)
    window.redo_action.trigger()
    assert doc not in _db(window)[0]
    _views_match(window, qtbot, code)


def test_rename_from_the_context_menu_with_undo(  # type: ignore[no-untyped-def]
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Harbour response", True))
    doc = _choose(window, RESPONSE)
    menu = window.document_actions.context_menu()
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Rename Document…", "Document Attributes…", "Speakers…", "Delete Document…"]
    next(a for a in menu.actions() if a.text() == "&Rename Document…").trigger()
    assert _db(window)[0][doc] == "Harbour response"
    assert {r.id: r.name for r in window.documents.rows}[doc] == "Harbour response"
    view = window.reader.document_view
    assert view is not None and view.name == "Harbour response"
    window.undo_action.trigger()
    assert _db(window)[0][doc] == RESPONSE
    assert {r.id: r.name for r in window.documents.rows}[doc] == RESPONSE


def test_f2_renames_only_while_the_documents_panel_has_focus(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("By key", True))
    action = window.document_actions.rename_action
    assert action.shortcut().toString() == "F2"
    assert action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    assert window.documents in action.associatedObjects()
    doc = _choose(window, RESPONSE)
    window.activateWindow()
    window.documents.tree.setFocus()
    qtbot.waitUntil(lambda: window.documents.tree.hasFocus(), timeout=2_000)
    qtbot.keyClick(window.documents.tree, Qt.Key.Key_F2)
    assert _db(window)[0][doc] == "By key"


def test_menu_actions_wait_for_a_chosen_document(window: MainWindow) -> None:
    window.documents.tree.clearSelection()
    assert not window.document_actions.delete_action.isEnabled()
    _choose(window, RESPONSE)
    assert window.document_actions.delete_action.isEnabled()


def _field(dialog: DocumentAttributesDialog, name: str) -> QLineEdit:
    attr = next(f for f in dialog.fields.values() if f.attr.name == name)
    assert isinstance(attr.editor, QLineEdit)
    return attr.editor


def _typed(editor: QLineEdit, text: str) -> None:
    editor.setText(text)
    editor.editingFinished.emit()


def _value(win: MainWindow, doc: int, name: str) -> str:
    assert win.project is not None
    return next(a.value for a in document_attributes(win.project, doc) if a.name == name)


def test_attributes_are_typed_refused_inline_and_undoable(  # type: ignore[no-untyped-def]
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = _choose(window, "research-grid-01")
    dialog = window.document_actions.edit_attributes()
    assert dialog is not None and dialog.isVisible()
    names = [f.attr.name for f in dialog.fields.values()]
    assert names == ["Respondent", "Date", "Venue", "Pseudonym", "Age", "Gender", "Ethnicity"]
    age = _field(dialog, "Age")
    assert age.text() == "34"
    age_field = next(f for f in dialog.fields.values() if f.attr.name == "Age")

    _typed(age, "thirty")
    assert age_field.error.isVisibleTo(dialog)
    assert age_field.error.text() == "'thirty' is not a number."
    assert _value(window, doc, "Age") == "34"

    _typed(age, "35")
    assert not age_field.error.isVisibleTo(dialog)
    assert _value(window, doc, "Age") == "35"
    _typed(_field(dialog, "Date"), "01/07/2023")
    assert _value(window, doc, "Date") == "2023-07-01"
    assert _field(dialog, "Date").text() == "2023-07-01"  # the stored form comes back

    window.undo_action.trigger()
    assert _value(window, doc, "Date") == "2023-06-12"
    assert _field(dialog, "Date").text() == "2023-06-12"
    window.undo_action.trigger()
    assert _value(window, doc, "Age") == "34" and age.text() == "34"

    answers = iter([("Consented", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("Yes/no", True))
    dialog.add_attribute()
    consented = next(f for f in dialog.fields.values() if f.attr.name == "Consented")
    combo = consented.editor
    assert not isinstance(combo, QLineEdit)
    combo.setCurrentIndex(combo.findText("yes"))
    combo.activated.emit(combo.currentIndex())
    assert _value(window, doc, "Consented") == "true"
    window.undo_action.trigger()
    assert _value(window, doc, "Consented") == ""
    window.undo_action.trigger()  # the attribute itself
    assert "Consented" not in [f.attr.name for f in dialog.fields.values()]
