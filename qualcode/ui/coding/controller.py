"""The workbench's actions: coding, codebook edits, memos and undo, as one controller.

Widgets emit requests; this controller runs the service, pushes an undo command built from the
service's change record, and refreshes the views. No SQL here and no business rules: those live in
the services.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QColorDialog, QInputDialog, QMessageBox, QWidget

from qualcode.domain.changes import Changes
from qualcode.domain.errors import NotFoundError, QualCodeError
from qualcode.domain.team_errors import ConflictError
from qualcode.domain.wording import plural
from qualcode.services.coding import codes, codings, memos
from qualcode.services.coding.overview import code_rows
from qualcode.services.project.settings import pin_code, pinned_codes
from qualcode.services.server.guards import code_name_unchanged
from qualcode.services.undo.changes import Change
from qualcode.services.undo.tracking import perform
from qualcode.storage.project import Project
from qualcode.ui.coding.quick_code import QuickCodeDialog
from qualcode.ui.shell.commands import push

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


class CodingController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.stack = QUndoStack(self)

    @property
    def project(self) -> Project | None:
        return self.window.project

    @property
    def parent_widget(self) -> QWidget:
        return self.window

    # -- running a change ---------------------------------------------------------------------
    def run(
        self,
        label: str,
        action: Callable[[Project], Change],
        refused: Callable[[str], object] | None = None,
    ) -> Change | None:
        """Run a user action as one operation (one transaction, however many services it
        calls), push its undo command and tell the views what changed. A refusal (the
        service's one-line reason) goes to ``refused``, by default the status bar."""
        project = self.project
        if project is None:
            return None
        try:
            change = perform(project, action)
        except QualCodeError as exc:
            message = str(exc)
            if isinstance(exc, NotFoundError) and project.is_server:
                message += " Someone else may have deleted it; the views now show the project."
            if refused is not None:
                refused(message)
            else:
                self.window.statusBar().showMessage(message, 8_000)
            if isinstance(exc, ConflictError | NotFoundError):
                self.window.refresh()  # what the user acted on changed meanwhile: show it now
            return None
        push(self.stack, project, change, label, self.window.notify)
        self.window.statusBar().showMessage(change.summary, 5_000)
        return change

    # -- coding -------------------------------------------------------------------------------
    def _span(self) -> tuple[int, int, int] | None:
        doc = self.window.current_document_id
        span = self.window.reader.selected_span()
        if doc is None or span is None or span[0] >= span[1]:
            self.window.statusBar().showMessage("Select some text to code first.", 5_000)
            return None
        return doc, span[0], span[1]

    def code_selection(self, code_id: int) -> Change | None:
        where = self._span()
        if where is None:
            return None
        doc, start, end = where
        return self.run(
            "Code selection",
            lambda p: codings.add_coding(p, doc, code_id, start, end),
        )

    def code_with_pinned(self, key: int) -> Change | None:
        project = self.project
        if project is None:
            return None
        code_id = pinned_codes(project).get(key)
        if code_id is None:
            self.window.statusBar().showMessage(
                f"No code is pinned to key {key}: right-click a code and pin it.", 6_000
            )
            return None
        return self.code_selection(code_id)

    def _create_and_code(self, name: str, label: str) -> Change | None:
        where = self._span()
        if where is None:
            return None
        doc, start, end = where

        def action(p: Project) -> Change:
            return codes.create_then(
                p,
                name,
                lambda code_id: codings.add_coding(p, doc, code_id, start, end),
                f"{label} '{name}'",
            )

        return self.run(f"{label} '{name}'", action)

    def quick_code(self) -> Change | None:
        project = self.project
        if project is None or self._span() is None:
            return None
        dialog = QuickCodeDialog(self.window.codebook_model.paths(), self.parent_widget)
        if not dialog.exec():
            return None
        if dialog.chosen_code_id is not None:
            return self.code_selection(dialog.chosen_code_id)
        if dialog.new_code_name:
            return self._create_and_code(dialog.new_code_name, "New code")
        return None

    def in_vivo(self) -> Change | None:
        text = " ".join(self.window.reader.selected_text().split())
        if not text:
            self.window.statusBar().showMessage("Select some text to code first.", 5_000)
            return None
        name = text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"
        return self._create_and_code(name, "In-vivo code")

    def remove_coding(self, coding_id: int) -> Change | None:
        return self.run("Remove coding", lambda p: codings.remove_coding(p, coding_id))

    def code_span(self, code_id: int, doc: int, start: int, end: int) -> bool:
        return (
            self.run(
                "Code selection",
                lambda p: codings.add_coding(p, doc, code_id, start, end),
            )
            is not None
        )

    # -- codebook -----------------------------------------------------------------------------
    def new_code(self, parent_id: object = None) -> Change | None:
        name, ok = QInputDialog.getText(self.parent_widget, "New code", "Name of the new code:")
        if not ok or not name.strip():
            return None
        # QAction.triggered passes ``checked`` (False): a bool is an int to isinstance, not an id
        parent = parent_id if type(parent_id) is int else None
        return self.run(
            f"New code '{name.strip()}'", lambda p: codes.create_code(p, name, parent_id=parent)
        )

    def rename(self, code_id: int, name: str, seen: str | None = None) -> bool:
        """``seen``: the name the user was shown; if someone else renamed the code meanwhile,
        the rename is refused (one transaction with the check) instead of replacing theirs."""

        def action(p: Project) -> Change:
            if seen is not None:
                code_name_unchanged(p, code_id, seen)
            return codes.rename_code(p, code_id, name)

        return self.run("Rename code", action) is not None

    def ask_rename(self, code_id: int) -> None:
        name = self._name_of(code_id)
        new, ok = QInputDialog.getText(self.parent_widget, "Rename code", "New name:", text=name)
        if ok and new.strip() and new.strip() != name:
            self.rename(code_id, new, seen=name)

    def recolour(self, code_id: int) -> None:
        colour = QColorDialog.getColor(parent=self.parent_widget, title="Code colour")
        if colour.isValid():
            self.run("Recolour code", lambda p: codes.recolour_code(p, code_id, colour.name()))

    def move(self, code_id: int, parent_id: int | None, position: int) -> bool:
        return (
            self.run("Move code", lambda p: codes.move_code(p, code_id, parent_id, position))
            is not None
        )

    def merge_later(self, source_id: int, target_id: int) -> bool:
        """From a drop: confirm after the drop event has finished (no modal dialog inside it)."""
        QTimer.singleShot(0, lambda: self.merge(source_id, target_id))
        return True

    def merge(self, source_id: int, target_id: int) -> bool:
        rows = {r.id: r for r in code_rows(self.project)} if self.project else {}
        source, target = rows.get(source_id), rows.get(target_id)
        if source is None or target is None:
            return False
        answer = QMessageBox.question(
            self.parent_widget,
            "Merge codes",
            f"Merge '{source.name}' into '{target.name}'?\n\n"
            f"{plural(source.codings, 'coding')} from {plural(source.documents, 'document')}"
            f" move to "
            f"'{target.name}' (codings already there on the same words are dropped); its "
            f"sub-codes, theme links and memos move too, and '{source.name}' is removed.\n"
            "You can undo this.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return (
            self.run(
                f"Merge '{source.name}' into '{target.name}'",
                lambda p: codes.merge_codes(p, source_id, target_id),
            )
            is not None
        )

    def delete(self, code_id: int) -> None:
        name = self._name_of(code_id)
        answer = QMessageBox.question(
            self.parent_widget,
            "Delete code",
            f"Delete '{name}', its sub-codes and all their codings? You can undo this.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.run(f"Delete '{name}'", lambda p: codes.delete_code(p, code_id))

    def pin(self, code_id: int, key: int) -> None:
        if self.project is not None:
            pin_code(self.project, code_id, key)
            self.window.notify(Changes({"setting": None}))

    def _name_of(self, code_id: int) -> str:
        rows = code_rows(self.project) if self.project else []
        return next((r.name for r in rows if r.id == code_id), "")

    # -- memos --------------------------------------------------------------------------------
    def add_memo(self, text: str, kind: str, target: object, target_id: object) -> None:
        t = target if isinstance(target, str) else None
        i = target_id if isinstance(target_id, int) else None
        self.run("Add memo", lambda p: memos.add_memo(p, text, kind=kind, target=t, target_id=i))

    def save_memo(self, memo_id: int, text: str) -> None:
        self.run("Edit memo", lambda p: memos.edit_memo(p, memo_id, text))

    def delete_memo(self, memo_id: int) -> None:
        self.run("Delete memo", lambda p: memos.delete_memo(p, memo_id))
