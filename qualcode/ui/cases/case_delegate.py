"""Typed cell editors for the case sheet: a list for a category (its values in the user's order)
and for yes/no, a calendar for a date, a number field for a number, a line for text.

The editor only offers; the service decides. A number field accepts what a user types (commas,
decimals) and the service stores it canonically or refuses it with its own message, so the rule
lives in one place. "(not set)" in a list clears the value.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from qualcode.domain.values import AttributeType
from qualcode.ui.cases.case_model import CaseTableModel

Index = QModelIndex | QPersistentModelIndex
NOT_SET = "(not set)"


class CaseDelegate(QStyledItemDelegate):
    def __init__(self, model: CaseTableModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model = self.model
        # the sheet's columns are the same in the proxy: it sorts and filters rows only
        attr = model.columns[index.column()].attribute if index.isValid() else None
        if attr is None:
            return super().createEditor(parent, option, index)
        if attr.type == AttributeType.BOOLEAN:
            combo = QComboBox(parent)
            for text, value in ((NOT_SET, ""), ("yes", "true"), ("no", "false")):
                combo.addItem(text, value)
            return combo
        if attr.type == AttributeType.CATEGORY:
            combo = QComboBox(parent)
            combo.addItem(NOT_SET, "")
            used = sorted(
                {c.values.get(attr.id, "") for c in model.table.cases} - {""} - set(attr.options)
            )
            for value in (*attr.options, *used):
                combo.addItem(value, value)
            combo.setEditable(not attr.options)  # an open category takes new values
            return combo
        if attr.type == AttributeType.DATE:
            edit = QDateEdit(parent)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            return edit
        line = QLineEdit(parent)
        if attr.type == AttributeType.NUMBER:
            validator = QDoubleValidator(line)
            validator.setNotation(QDoubleValidator.Notation.StandardNotation)
            line.setValidator(validator)
            line.setPlaceholderText("a number")
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        stored = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            at = editor.findData(stored)
            if at < 0 and editor.isEditable():
                editor.setEditText(stored)
            else:
                editor.setCurrentIndex(max(at, 0))
        elif isinstance(editor, QDateEdit):
            date = QDate.fromString(stored, "yyyy-MM-dd")
            editor.setDate(date if date.isValid() else QDate.currentDate())
        elif isinstance(editor, QLineEdit):
            editor.setText(stored)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            text = editor.currentText()
            if editor.isEditable() and text != editor.itemText(editor.currentIndex()):
                value = text
            else:
                value = str(editor.currentData() or "")
            if value == NOT_SET:
                value = ""
            model.setData(index, value, Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString("yyyy-MM-dd"), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
