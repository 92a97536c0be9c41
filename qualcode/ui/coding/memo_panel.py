"""The memo panel: memos on the open document, the selected code, or the project.

Adding, editing and deleting go through the owner (the main window) so they are undoable.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.values import MemoKind
from qualcode.services.coding.memos import MemoRow, list_memos
from qualcode.storage.project import Project


class MemoPanel(QWidget):
    addRequested = Signal(str, str, object, object)  # text, kind, target, target id
    saveRequested = Signal(int, str)  # memo id, text
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.target: tuple[str | None, int | None] = (None, None)
        self.heading = QLabel("Project memos")
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._show)
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write a memo: a first impression, an idea, a decision…")
        self.kind = QComboBox()
        for kind in MemoKind:
            self.kind.addItem(kind.value.replace("_", " "), kind.value)
        new, save, delete = QPushButton("New"), QPushButton("Save"), QPushButton("Delete")
        new.clicked.connect(self._new)
        save.clicked.connect(self._save)
        delete.clicked.connect(self._delete)
        row = QHBoxLayout()
        for widget in (self.kind, new, save, delete):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.editor, 2)
        layout.addLayout(row)

    def set_target(
        self, project: Project | None, target: str | None, target_id: int | None, label: str
    ) -> None:
        self.project = project
        self.target = (target, target_id)
        self.heading.setText(label)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.editor.clear()
        if self.project is None:
            return
        for memo in list_memos(self.project, *self.target):
            title = memo.title or memo.text.split("\n", 1)[0][:60]
            item = QListWidgetItem(f"{memo.kind}: {title}")
            item.setData(Qt.ItemDataRole.UserRole, memo)
            item.setToolTip(f"{memo.author or '?'}, {memo.updated_at}")
            self.list.addItem(item)

    def _current(self) -> MemoRow | None:
        item = self.list.currentItem()
        if item is None:
            return None
        memo: MemoRow = item.data(Qt.ItemDataRole.UserRole)
        return memo

    def _show(self) -> None:
        memo = self._current()
        self.editor.setPlainText(memo.text if memo else "")

    def _new(self) -> None:
        text = self.editor.toPlainText().strip() if self._current() is None else ""
        self.addRequested.emit(text or "New memo", self.kind.currentData(), *self.target)

    def _save(self) -> None:
        memo = self._current()
        if memo is None:
            text = self.editor.toPlainText().strip()
            if text:
                self.addRequested.emit(text, self.kind.currentData(), *self.target)
        else:
            self.saveRequested.emit(memo.id, self.editor.toPlainText())

    def _delete(self) -> None:
        memo = self._current()
        if memo is not None:
            self.deleteRequested.emit(memo.id)
