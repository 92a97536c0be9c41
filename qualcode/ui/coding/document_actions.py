"""Rename, delete and edit the attributes of a document, from the Documents panel and its menu.

Documents are the one thing in the workbench a researcher could import but not fix: a misnamed
transcript or a file imported twice had to be handled with the command line. These actions live
here, beside the panel rather than inside it, because the panel only lists and filters (it holds
no project state and runs no writes) while these run services: each goes through the coding
controller's ``run`` (one transaction, one undo step, one ``Changes`` for every view), exactly as
codebook edits do.

F2 and Del are scoped to the Documents panel (as the reader's keys are to the reader) so they do
not take the codebook's own F2 and Del away from it. A delete asks first and says what goes with
the document, counted by the same rule the delete uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.documents.document_details import DocumentFootprint, document_footprint
from qualcode.services.documents.documents import delete_document, rename_document
from qualcode.ui.coding.document_attributes import DocumentAttributesDialog

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


def delete_question(doc: DocumentFootprint) -> str:
    """ "Delete 'Interview 3'? Its 42 codings, 3 memos and 5 quotes go with it. You can undo this."
    (only the kinds it has; a document with none says so)."""
    parts = [
        plural(n, one)
        for n, one in ((doc.codings, "coding"), (doc.memos, "memo"), (doc.quotes, "quote"))
        if n
    ]
    if not parts:
        goes = "It has no codings, memos or quotes."
    else:
        listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        verb = "goes" if len(parts) == 1 and parts[0].startswith("1 ") else "go"
        goes = f"Its {listed} {verb} with it."
    return f"Delete '{doc.name}'? {goes} You can undo this."


class DocumentActions(QObject):
    """The Document menu's actions, also offered by the panel's context menu."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.attributes_dialog: DocumentAttributesDialog | None = None
        self.more: list[QAction] = []  # actions other areas add (Speakers… from the Cases tab)
        panel = window.documents
        self.rename_action = self._action("&Rename Document…", "F2", self.rename)
        self.delete_action = self._action("&Delete Document…", "Del", self.delete)
        self.attributes_action = self._action("Document &Attributes…", None, self.edit_attributes)
        for action in (self.rename_action, self.delete_action):
            # only while the Documents panel has focus: the codebook answers F2 and Del too
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            panel.addAction(action)
        panel.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        panel.tree.customContextMenuRequested.connect(self._context_menu)
        panel.tree.itemSelectionChanged.connect(self._update)
        window.changed.connect(lambda _changes: self._update())
        self._update()

    def _action(self, text: str, key: str | None, slot: object) -> QAction:
        action = QAction(text, self.window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def actions(self) -> list[QAction]:
        return [self.rename_action, self.delete_action, self.attributes_action]

    def _update(self) -> None:
        on = self.window.documents.current_document() is not None
        for action in self.actions():
            action.setEnabled(on)

    def context_menu(self) -> QMenu:
        menu = QMenu(self.window.documents.tree)
        menu.addActions([self.rename_action, self.attributes_action, *self.more])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        tree = self.window.documents.tree
        item = tree.itemAt(pos)
        if item is None:
            return
        tree.setCurrentItem(item)
        self.context_menu().exec(tree.viewport().mapToGlobal(pos))

    def _chosen(self) -> DocumentFootprint | None:
        project = self.window.project
        doc_id = self.window.documents.current_document()
        if project is None or doc_id is None:
            self.window.statusBar().showMessage(
                "Select a document in the Documents panel first.", 5_000
            )
            return None
        try:
            return document_footprint(project, doc_id)
        except QualCodeError as exc:
            self.window.statusBar().showMessage(str(exc), 8_000)
            return None

    def rename(self) -> None:
        doc = self._chosen()
        if doc is None:
            return
        name, ok = QInputDialog.getText(
            self.window, "Rename document", "New name of the document:", text=doc.name
        )
        if ok and name.strip() and name.strip() != doc.name:
            self.window.coding.run(
                f"Rename '{doc.name}'", lambda p: rename_document(p, doc.id, name)
            )

    def delete(self) -> None:
        doc = self._chosen()
        if doc is None:
            return
        answer = QMessageBox.question(
            self.window,
            "Delete document",
            delete_question(doc),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.window.coding.run(f"Delete '{doc.name}'", lambda p: delete_document(p, doc.id))

    def edit_attributes(self) -> DocumentAttributesDialog | None:
        doc = self._chosen()
        if doc is None:
            return None
        if self.attributes_dialog is not None:  # one at a time, on the chosen document
            self.attributes_dialog.close()
            self.attributes_dialog.deleteLater()
        self.attributes_dialog = DocumentAttributesDialog(self.window, doc.id)
        self.attributes_dialog.show()
        return self.attributes_dialog


def install(window: MainWindow) -> DocumentActions:
    """Add the Document menu (before Code) and the Documents panel's context menu."""
    actions = DocumentActions(window)
    menu = QMenu("&Document", window)
    menu.addActions([actions.rename_action, actions.attributes_action])
    menu.addSeparator()
    menu.addAction(actions.delete_action)
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.text().replace("&", "") == "Code"), None)
    if before is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(before, menu)
    return actions
