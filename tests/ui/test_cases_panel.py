"""The Cases tab as a researcher uses it on the sample project: edit a value in the sheet and
undo it, filter, sort by a number, merge two cases, set a value on a selection, mark a
facilitator, add an attribute; the sheet follows every change and every undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QStyleOptionViewItem,
)

from qualcode.services.documents.cases import case_attributes, define_attribute, find_case
from qualcode.services.participants.case_table import case_table
from qualcode.ui.cases import cases_controller
from qualcode.ui.cases.attribute_dialog import AttributeDialog
from qualcode.ui.cases.case_delegate import CaseDelegate
from qualcode.ui.shell.main_window import MainWindow


def _panel(window: MainWindow) -> Any:
    window.cases.show()
    return window.cases.panel


def _cell(window: MainWindow, case: str, column: str) -> Any:
    panel = _panel(window)
    model = panel.model
    fixed = {"Case": 0, "Facilitator": 1, "Speaks in": model.columnCount() - 1}
    col = fixed.get(column, model.column_of(column))
    row = model.row_of(find_case(window.project, case))
    return model.index(row, col)


def _shown(window: MainWindow, case: str, column: str) -> str:
    return str(_cell(window, case, column).data() or "")


def test_view_cases_shows_every_case_as_a_sheet(window: MainWindow) -> None:
    action = window.cases.show_action
    assert action.shortcut().toString() == cases_controller.GO_KEY
    window.tabs.setCurrentIndex(0)
    action.trigger()
    panel = window.cases.panel
    assert window.tabs.currentWidget() is panel
    assert window.project is not None
    table = case_table(window.project)
    assert panel.model.rowCount() == len(table.cases) > 10
    assert panel.count.text() == f"{len(table.cases)} cases"
    assert (
        _shown(window, "Bex", "Gender")
        == case_attributes(window.project, find_case(window.project, "Bex"))["Gender"]
    )


def test_edit_a_cell_stores_the_value_and_undo_restores_it(window: MainWindow) -> None:
    project = window.project
    assert project is not None
    amira = find_case(project, "Amira")
    before = case_attributes(project, amira).get("Age", "")
    index = _cell(window, "Amira", "Age")
    _panel(window).model.setData(index, "31")
    assert case_attributes(project, amira)["Age"] == "31"
    assert _shown(window, "Amira", "Age") == "31"
    window.undo_action.trigger()
    assert case_attributes(project, amira).get("Age", "") == before
    assert _shown(window, "Amira", "Age") == before  # the sheet follows the undo
    window.redo_action.trigger()
    assert _shown(window, "Amira", "Age") == "31"


def test_a_refused_value_is_explained_and_nothing_changes(window: MainWindow) -> None:
    project = window.project
    assert project is not None
    amira = find_case(project, "Amira")
    before = case_attributes(project, amira).get("Age", "")
    panel = _panel(window)
    panel.model.setData(_cell(window, "Amira", "Age"), "thirty")
    assert "'thirty' is not a number." in panel.message.text()
    assert not panel.message.isHidden()
    assert case_attributes(project, amira).get("Age", "") == before
    assert _shown(window, "Amira", "Age") == before


def test_filter_in_every_column_and_in_one_attribute(window: MainWindow) -> None:
    panel = _panel(window)
    total = panel.model.rowCount()
    panel.filter.setText("hassan")
    assert panel.proxy.rowCount() == 1
    assert panel.count.text() == f"1 of {total} cases shown"
    gender = panel.filter_column.findData(panel.model.column_of("Gender"))
    panel.filter_column.setCurrentIndex(gender)
    panel.filter.setText("female")
    shown = {panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())}
    assert "Bex" in shown and "Hassan" not in shown
    panel.filter.clear()
    assert panel.proxy.rowCount() == total


def test_sorting_by_a_number_is_numeric(window: MainWindow) -> None:
    panel = _panel(window)
    col = panel.model.column_of("Age")
    panel.model.setData(_cell(window, "Amira", "Age"), "9")
    panel.model.setData(_cell(window, "Jordan", "Age"), "10")
    panel.view.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    ages = [panel.proxy.index(r, col).data() for r in range(panel.proxy.rowCount())]
    filled = [float(a) for a in ages if a]
    assert filled == sorted(filled) and filled[0] == 9.0
    assert ages[-1] == ""  # empty cells last


def test_merge_two_cases_then_undo(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    project = window.project
    assert project is not None
    panel = _panel(window)
    panel.model.setData(_cell(window, "Robin", "Age"), "34")
    panel.model.setData(_cell(window, "Hassan", "Age"), "26")
    total = panel.model.rowCount()
    ids = [find_case(project, "Robin"), find_case(project, "Hassan")]
    panel.select_cases(ids)
    assert panel.merge_action.isEnabled() and not panel.rename_action.isEnabled()
    offered = [a.text() for a in panel.context_menu().actions() if a.isEnabled()]
    assert "Merge…" in offered and "Delete…" in offered  # the right-click menu too
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("Robin", True))
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: infos.append(text))
    panel.merge_action.trigger()
    assert panel.model.rowCount() == total - 1
    robin = next(c for c in panel.model.table.cases if c.name == "Robin")
    assert set(robin.documents) == {"research-grid-01", "research-grid-03"}
    assert infos and "Merged 'Hassan' into 'Robin'" in infos[0]
    assert "Age: kept '34', dropped '26'" in infos[0]  # their ages differed
    window.undo_action.trigger()
    assert panel.model.rowCount() == total
    assert find_case(project, "Hassan")


def test_bulk_set_on_a_selection_is_one_undo_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    panel = _panel(window)
    names = ["Amira", "Jordan", "Des"]
    panel.select_cases([find_case(project, n) for n in names])
    assert panel.count.text().endswith("3 selected")
    answers = iter([("Venue", True)])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: next(answers))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Town hall", True))
    before = {n: _shown(window, n, "Venue") for n in names}
    panel.bulk_action.trigger()
    assert {_shown(window, n, "Venue") for n in names} == {"Town hall"}
    window.undo_action.trigger()
    assert {n: _shown(window, n, "Venue") for n in names} == before
    panel.view.setCurrentIndex(panel.proxy.mapFromSource(_cell(window, "Des", "Age")))
    panel.select_cases([find_case(project, "Bex"), find_case(project, "Hassan")])
    clear = next(a for a in panel.context_menu().actions() if a.text() == "Clear Age")
    clear.trigger()  # the right-click menu clears the column's value on the selection
    assert _shown(window, "Bex", "Age") == "" and _shown(window, "Hassan", "Age") == ""


def test_facilitator_tick_and_new_attribute(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    panel = _panel(window)
    panel.model.setData(
        _cell(window, "Des", "Facilitator"), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert _cell(window, "Des", "Facilitator").data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )

    def fill(dialog: AttributeDialog) -> QDialog.DialogCode:
        dialog.name.setText("Housing")
        dialog.kind.setCurrentIndex(dialog.kind.findData("category"))
        dialog.options.setPlainText("Stable\nTemporary\n\nHomeless\nStable")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AttributeDialog, "exec", fill)
    panel.attribute_action.trigger()
    housing = case_table(project).attribute("Housing")
    assert housing.type == "category" and housing.options == ("Stable", "Temporary", "Homeless")
    assert panel.model.column_of("Housing") > 0
    window.undo_action.trigger()
    assert panel.model.column_of("Housing") == -1


def test_add_rename_and_delete_cases_each_undoable(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    panel = _panel(window)
    total = panel.model.rowCount()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Nadia", True))
    panel.add_action.trigger()
    assert panel.model.rowCount() == total + 1
    assert panel.selected_ids() == [find_case(project, "Nadia")]  # the new case is selected
    panel.model.setData(_cell(window, "Nadia", "Case"), "Nadia K")  # rename in the cell
    assert find_case(project, "Nadia K")
    questions: list[str] = []

    def yes(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        questions.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    panel.select_cases([find_case(project, "Nadia K"), find_case(project, "Tony")])
    panel.delete_action.trigger()
    assert questions and questions[0].startswith("Delete 2 cases?")
    assert "stay in their documents without a speaker" in questions[0]  # Tony's turns
    assert panel.model.rowCount() == total - 1
    window.undo_action.trigger()  # one step brings both back
    assert panel.model.rowCount() == total + 1
    assert find_case(project, "Tony") and find_case(project, "Nadia K")


def test_typed_editors_offer_the_values_in_order(window: MainWindow) -> None:
    project = window.project
    assert project is not None
    window.coding.run(
        "Add attribute",
        lambda p: define_attribute(p, "Housing", "category", "case", ["Stable", "Temporary"]),
    )
    window.coding.run("Add attribute", lambda p: define_attribute(p, "Parent", "boolean", "case"))
    panel = _panel(window)
    delegate = panel.view.itemDelegate()
    assert isinstance(delegate, CaseDelegate)
    option = QStyleOptionViewItem()

    def editor(column: str) -> Any:
        index = panel.proxy.mapFromSource(_cell(window, "Bex", column))
        made = delegate.createEditor(panel.view.viewport(), option, index)
        delegate.setEditorData(made, index)
        return made, index

    housing, index = editor("Housing")
    assert isinstance(housing, QComboBox)
    assert [housing.itemText(i) for i in range(housing.count())] == [
        "(not set)",
        "Stable",
        "Temporary",
    ]
    housing.setCurrentIndex(2)
    delegate.setModelData(housing, panel.proxy, index)
    assert case_attributes(project, find_case(project, "Bex"))["Housing"] == "Temporary"
    parent, index = editor("Parent")
    assert isinstance(parent, QComboBox) and parent.itemText(1) == "yes"
    parent.setCurrentIndex(1)
    delegate.setModelData(parent, panel.proxy, index)
    assert _shown(window, "Bex", "Parent") == "yes"
    assert isinstance(editor("Date")[0], QDateEdit)
    age, _index = editor("Age")
    assert isinstance(age, QLineEdit) and age.validator() is not None


def test_double_click_on_speaks_in_opens_the_document(window: MainWindow) -> None:
    panel = _panel(window)
    project = window.project
    assert project is not None
    index = panel.proxy.mapFromSource(_cell(window, "Hassan", "Speaks in"))
    assert index.data() == "research-grid-03"
    panel.view.doubleClicked.emit(index)
    assert window.tabs.currentWidget() is window.reader
    shown = next(r.name for r in window.documents.rows if r.id == window.current_document_id)
    assert shown == "research-grid-03"


def test_columns_menu_hides_attributes_and_they_stay_hidden(window: MainWindow) -> None:
    panel = _panel(window)
    panel.columns_menu.aboutToShow.emit()  # as when the Columns button is pressed
    theme = next(a for a in panel.columns_menu.actions() if a.text() == "Theme")
    assert theme.isChecked()
    theme.setChecked(False)
    column = panel.model.column_of("Theme")
    assert panel.view.isColumnHidden(column)
    panel.model.setData(_cell(window, "Bex", "Age"), "48")  # the sheet refreshes its values
    assert panel.view.isColumnHidden(panel.model.column_of("Theme"))
    added = window.coding.run(
        "Add attribute", lambda p: define_attribute(p, "Housing status", "text", "case")
    )
    assert added is not None and panel.model.column_of("Housing status") > 0
    assert panel.view.isColumnHidden(panel.model.column_of("Theme"))  # rebuilt, still hidden
    assert not panel.view.isColumnHidden(panel.model.column_of("Age"))
    panel.columns_menu.aboutToShow.emit()
    panel.columns_menu.actions()[0].trigger()  # Show every column
    assert not panel.view.isColumnHidden(panel.model.column_of("Theme"))
