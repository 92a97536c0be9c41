"""The Protect menu: pseudonymise, redact, list redactions, withdraw a participant.

Installed from here (one call in the window's constructor) so the main window stays a layout of
panels. Every change runs through the window's one command path (``window.coding.run``): one
transaction, one undo step, views refreshed through ``window.notify``. After a change that
removes text (a pseudonymisation, a redaction, a withdrawal) the project file is vacuumed, so the
old words cannot be read back from its free pages; undo still works until the project is closed,
from the reversal held in memory.

All of it runs on the GUI thread: on the sample project the slowest step (applying a full
pseudonymisation map, then VACUUM) takes about 0.2 s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from qualcode.domain.changes import Changes
from qualcode.domain.errors import QualCodeError
from qualcode.services.protection.pseudonymise import pseudonymise
from qualcode.services.protection.redact import MARKERS, redact, redactions
from qualcode.services.protection.withdraw import (
    WithdrawalPlan,
    participants,
    withdraw,
    withdrawal_plan,
)
from qualcode.storage.project import Project
from qualcode.ui.shell.protect_dialogs import RedactionsDialog, WithdrawDialog
from qualcode.ui.shell.pseudonymise_dialog import PseudonymiseDialog

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

UNDO_NOTE = "Undo is possible until the project is closed."


class ProtectMenu(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pseudonymise_dialog: PseudonymiseDialog | None = None
        self.redactions_dialog: RedactionsDialog | None = None
        self.withdraw_dialog: WithdrawDialog | None = None
        # real strings of the last map applied or loaded, for the export check; memory only
        self.map_reals: set[str] = set()
        self.menu: QMenu | None = None

        def action(text: str, tip: str, slot: Callable[[], object]) -> QAction:
            a = QAction(text, window)
            a.setStatusTip(tip)
            a.triggered.connect(lambda _=False: slot())
            return a

        self.pseudonymise_action = action(
            "&Pseudonymise…",
            "Replace real names, places and contact details everywhere, codings kept",
            self.pseudonymise,
        )
        self.redact_action = action(
            "&Redact selection…",
            "Replace the selected text in the reader with a marker such as [name removed]",
            self.redact_selection,
        )
        self.redactions_action = action(
            "Redactio&ns…", "Every redaction in the project, by document", self.show_redactions
        )
        self.withdraw_action = action(
            "&Withdraw participant…",
            "Remove a participant's words, codings, quotes and attributes",
            self.withdraw_participant,
        )
        window.changed.connect(self._on_changes)
        edit = window.reader.edit
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        edit.customContextMenuRequested.connect(self._reader_menu)

    # -- helpers --------------------------------------------------------------------------------
    def _project(self) -> Project | None:
        if self.window.project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
        return self.window.project

    def _vacuum(self, project: Project) -> None:
        try:
            project.vacuum()
        except QualCodeError as exc:
            QMessageBox.warning(
                self.window,
                "Protect",
                f"The change is made, but the file could not be compacted: {exc}\n"
                "The removed text may stay readable in the file's free pages until it is.",
            )

    def reader_menu(self, pos: QPoint) -> QMenu:
        """The reader's own context menu (Copy, Select All) with Redact selection… added."""
        menu = self.window.reader.edit.createStandardContextMenu(pos)
        menu.addSeparator()
        redact = menu.addAction(self.redact_action.text())
        redact.setEnabled(self.window.reader.selected_span() is not None)
        redact.triggered.connect(lambda _=False: self.redact_selection())
        return menu

    def _reader_menu(self, pos: QPoint) -> None:
        menu = self.reader_menu(pos)
        menu.exec(self.window.reader.edit.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _on_changes(self, _changes: Changes) -> None:
        if self.redactions_dialog is not None and self.redactions_dialog.isVisible():
            self._fill_redactions()

    # -- pseudonymise ---------------------------------------------------------------------------
    def pseudonymise(self) -> PseudonymiseDialog | None:
        project = self._project()
        if project is None:
            return None
        if self.pseudonymise_dialog is not None:
            self.pseudonymise_dialog.close()
            self.pseudonymise_dialog.deleteLater()
        self.pseudonymise_dialog = PseudonymiseDialog(project, self._apply_map, self.window)
        self.pseudonymise_dialog.open()
        return self.pseudonymise_dialog

    def _apply_map(self, mapping: dict[str, str], ignore_case: bool) -> str | None:
        refused: list[str] = []
        change = self.window.coding.run(
            "Pseudonymise",
            lambda p: pseudonymise(p, mapping, ignore_case=ignore_case),
            refused.append,
        )
        if change is None:
            return refused[0] if refused else "No project is open."
        self.map_reals |= set(mapping)
        project = self.window.project
        if project is not None:
            self._vacuum(project)
        QMessageBox.information(
            self.window,
            "Pseudonymised",
            f"{change.summary}.\n\nThe map was not stored in the project: keep your copy of "
            "it outside the project.\n\nYou can undo this (Edit › Undo) until the project is "
            "closed; after that the old text is gone for good.",
        )
        return None

    # -- redaction ------------------------------------------------------------------------------
    def redact_selection(self) -> bool:
        project = self._project()
        doc = self.window.current_document_id
        span = self.window.reader.selected_span()
        if project is None:
            return False
        if doc is None or span is None:
            QMessageBox.information(
                self.window, "Redact", "Select the text to redact in the reader first."
            )
            return False
        start, end = span
        shown = " ".join(self.window.reader.selected_text().split())
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        marker, ok = QInputDialog.getItem(
            self.window,
            "Redact selection",
            f"Replace “{shown}” with (choose or type a marker):",
            list(MARKERS),
            0,
            True,
        )
        marker = " ".join(marker.split()).strip("[]").strip()
        if not ok or not marker:
            return False
        marker = f"[{marker}]"
        change = self.window.coding.run(
            f"Redact as {marker}",
            lambda p: redact(p, doc, start, end, marker),
            lambda why: QMessageBox.warning(self.window, "Redact", why),
        )
        if change is None:
            return False
        self._vacuum(project)
        self.window.statusBar().showMessage(f"{change.summary}. {UNDO_NOTE}", 10_000)
        return True

    def show_redactions(self) -> RedactionsDialog | None:
        if self._project() is None:
            return None
        if self.redactions_dialog is None:
            self.redactions_dialog = RedactionsDialog(self.window)
            self.redactions_dialog.jumpRequested.connect(self.window.jump_to)
        self._fill_redactions()
        self.redactions_dialog.show()
        self.redactions_dialog.raise_()
        return self.redactions_dialog

    def _fill_redactions(self) -> None:
        project = self.window.project
        if self.redactions_dialog is not None:
            self.redactions_dialog.set_redactions(redactions(project) if project else [])

    # -- withdrawal -----------------------------------------------------------------------------
    def withdraw_participant(self) -> WithdrawDialog | None:
        project = self._project()
        if project is None:
            return None
        cases = participants(project)
        if not cases:
            QMessageBox.information(self.window, "Withdraw", "The project has no participants.")
            return None

        def plan(case_id: int, keep: bool) -> WithdrawalPlan:
            return withdrawal_plan(project, case_id, keep_context=keep)

        dialog = WithdrawDialog(cases, plan, self.window)
        self.withdraw_dialog = dialog
        dialog.accepted.connect(lambda: self._confirm_withdrawal(dialog))
        dialog.open()
        return dialog

    def _confirm_withdrawal(self, dialog: WithdrawDialog) -> bool:
        project, chosen = self.window.project, dialog.chosen()
        if project is None or chosen is None:
            return False
        case_id, name, keep = chosen
        plan = withdrawal_plan(project, case_id, keep_context=keep)
        listed = "\n".join(f"• {line}" for line in plan.lines())
        answer = QMessageBox.warning(
            self.window,
            "Withdraw a participant",
            f"Withdraw {name}? This removes:\n\n{listed}\n\n"
            "Undo is available only until the project is closed; then the file is compacted "
            "and the removed words cannot be recovered.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        change = self.window.coding.run(
            f"Withdraw {name}",
            lambda p: withdraw(p, case_id, keep_context=keep),
            lambda why: QMessageBox.warning(self.window, "Withdraw", why),
        )
        if change is None:
            return False
        self._vacuum(project)
        self.window.statusBar().showMessage(f"{change.summary}. {UNDO_NOTE}", 10_000)
        return True


def install(window: MainWindow) -> ProtectMenu:
    """Add the Protect menu (before View) and Redact on the reader's context menu."""
    protect = ProtectMenu(window)
    bar = window.menuBar()
    view = next((a for a in bar.actions() if a.text().replace("&", "") == "View"), None)
    menu = QMenu("&Protect", window)
    menu.addAction(protect.pseudonymise_action)
    menu.addSeparator()
    menu.addActions([protect.redact_action, protect.redactions_action])
    menu.addSeparator()
    menu.addAction(protect.withdraw_action)
    if view is not None:
        bar.insertMenu(view, menu)
    else:
        bar.addMenu(menu)
    protect.menu = menu
    return protect
