"""The Protect menu's two smaller dialogs: the list of redactions and the choice of a withdrawal.

Both only show what the services say and emit what the researcher chose; the menu
(:mod:`protect_menu`) runs the actions through the window's command path.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.protection.redact import Redaction
from qualcode.services.protection.withdraw import WITHDRAWN, WithdrawalPlan

SpanRole = int(Qt.ItemDataRole.UserRole) + 1  # (document id, start, end) on a redaction row


class RedactionsDialog(QDialog):
    """Every redaction marker in the texts, by document; double-click one to read it in place."""

    jumpRequested = Signal(int, int, int)  # document id, start, end (code points)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Redactions")
        self.summary = QLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Document / marker", "Position"])
        self.tree.setColumnWidth(0, 380)
        self.tree.itemDoubleClicked.connect(self._activated)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(close)
        self.resize(560, 440)

    def set_redactions(self, found: list[Redaction]) -> None:
        self.tree.clear()
        docs: dict[int, QTreeWidgetItem] = {}
        for r in found:
            parent = docs.get(r.document_id)
            if parent is None:
                parent = QTreeWidgetItem([r.document, ""])
                docs[r.document_id] = parent
                self.tree.addTopLevelItem(parent)
            item = QTreeWidgetItem(parent, [r.marker, f"character {r.start + 1:,}"])
            item.setData(0, SpanRole, (r.document_id, r.start, r.start + len(r.marker)))
            item.setToolTip(0, "Double-click to show it in the reader")
        for parent in docs.values():
            parent.setText(1, plural(parent.childCount(), "redaction"))
        self.tree.expandAll()
        self.summary.setText(
            f"{plural(len(found), 'redaction')} in {plural(len(docs), 'document')}"
            if found
            else "No redactions in this project."
        )

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        span = item.data(0, SpanRole)
        if span:
            self.jumpRequested.emit(*span)


class WithdrawDialog(QDialog):
    """Choose the participant who withdrew and whether their turns are cut or blanked; shows
    what would go before the menu asks for the final confirmation."""

    def __init__(
        self,
        cases: list[tuple[int, str]],
        plan: Callable[[int, bool], WithdrawalPlan],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan_of = plan
        self.setWindowTitle("Withdraw a participant")
        self.case = QComboBox()
        for case_id, name in cases:
            self.case.addItem(name, case_id)
        self.keep = QCheckBox(f"Keep the conversation readable (blank their turns to {WITHDRAWN})")
        self.keep.setToolTip(
            "For group discussions where other speakers answer them: their words go, the turns "
            f"stay as {WITHDRAWN}."
        )
        self.plan_text = QPlainTextEdit()
        self.plan_text.setReadOnly(True)
        note = QLabel(
            "Everything listed is removed in one action. Undo is available only until the "
            "project is closed; the file is then compacted so the words cannot be recovered."
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.withdraw_button = self.buttons.addButton(
            "Withdraw…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Participant:", self.case)
        form.addRow("", self.keep)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Would remove:"))
        layout.addWidget(self.plan_text, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.case.currentIndexChanged.connect(lambda _i: self.show_plan())
        self.keep.toggled.connect(lambda _on: self.show_plan())
        self.resize(620, 400)
        self.show_plan()

    def chosen(self) -> tuple[int, str, bool] | None:
        case_id = self.case.currentData()
        if case_id is None:
            return None
        return int(case_id), self.case.currentText(), self.keep.isChecked()

    def plan(self) -> WithdrawalPlan | None:
        chosen = self.chosen()
        return self.plan_of(chosen[0], chosen[2]) if chosen else None

    def show_plan(self) -> None:
        plan = self.plan()
        self.withdraw_button.setEnabled(plan is not None)
        self.plan_text.setPlainText(
            "\n".join(f"• {line}" for line in plan.lines()) if plan else "No participants."
        )
