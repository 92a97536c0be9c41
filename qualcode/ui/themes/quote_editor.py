"""Edit a key quote for reports: the verbatim extract beside the edited version.

Reports print the edited version (cuts as ``[...]``, insertions and clarifications in square
brackets); the verbatim words stay the document's own. The dialog checks the edit as it is typed
with the same rule the service enforces (:func:`qualcode.domain.quote_edits.quote_edit_problem`)
and says inline why an edit cannot be saved; Save runs ``save`` (the window's command path, one
undo step), whose refusal is shown the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.quote_edits import CUT, quote_edit_problem
from qualcode.services.protection.quotes import QuoteText, edit_quote, quote_of_coding

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

HELP = (
    "Cut words with [...]; put anything you add or clarify in square brackets, e.g. "
    "[the service] or [T]hey. Words outside brackets must be the participant's own, in order."
)

# the edited text -> None when saved, else the reason it was refused
Save = Callable[[str], str | None]


class QuoteEditorDialog(QDialog):
    def __init__(self, quote: QuoteText, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quote = quote
        self.save = save
        self.setWindowTitle("Edit quote")
        source = f"{quote.document}" + (f" · {quote.attribution}" if quote.attribution else "")
        heading = QLabel(source)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.verbatim = QPlainTextEdit(quote.verbatim)
        self.verbatim.setReadOnly(True)
        self.edited = QPlainTextEdit(quote.edited or " ".join(quote.verbatim.split()))
        for box in (self.verbatim, self.edited):
            box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        bold = QFont(self.font())
        bold.setBold(True)
        left, right = QLabel("Verbatim (as said; not changed)"), QLabel("Edited (for reports)")
        left.setFont(bold)
        right.setFont(bold)
        help_text = QLabel(HELP)
        help_text.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b91c1c")
        self.cut_button = QPushButton("Cut selection as [...]")
        self.cut_button.setToolTip("Replace the words selected in the edited version with [...]")
        self.cut_button.clicked.connect(self.cut_selection)
        self.verbatim_button = QPushButton("Use verbatim")
        self.verbatim_button.setToolTip("Print the verbatim words in reports (no edit)")
        self.verbatim_button.clicked.connect(
            lambda: self.edited.setPlainText(" ".join(quote.verbatim.split()))
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.addButton(self.cut_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.verbatim_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.run_save)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        grid.addWidget(left, 0, 0)
        grid.addWidget(right, 0, 1)
        grid.addWidget(self.verbatim, 1, 0)
        grid.addWidget(self.edited, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid, 1)
        layout.addWidget(help_text)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.edited.textChanged.connect(self.check)
        self.resize(860, 420)
        self.check()

    @property
    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def text(self) -> str:
        return self.edited.toPlainText()

    def check(self) -> str | None:
        problem = quote_edit_problem(self.quote.verbatim, self.text())
        self.problem.setText(problem or "")
        self.problem.setVisible(problem is not None)
        self.save_button.setEnabled(problem is None)
        return problem

    def cut_selection(self) -> None:
        cursor = self.edited.textCursor()
        if cursor.hasSelection():
            cursor.insertText(CUT)

    def run_save(self) -> None:
        if self.check() is not None:
            return
        refused = self.save(self.text())
        if refused:
            self.problem.setText(refused)
            self.problem.show()
        else:
            self.accept()


def edit_key_quote(window: MainWindow, coding_id: int) -> QuoteEditorDialog | None:
    """Open the editor on the key quote of ``coding_id``; Save is one undoable action."""
    project = window.project
    quote = quote_of_coding(project, coding_id) if project is not None else None
    if quote is None:
        window.statusBar().showMessage("Flag the extract as a key extract first.", 6_000)
        return None
    current = quote.edited or quote.verbatim

    def save(text: str) -> str | None:
        if " ".join(text.split()) == " ".join(current.split()):
            return None  # nothing changed: no undo step
        refused: list[str] = []
        change = window.coding.run(
            "Edit quote", lambda p: edit_quote(p, quote.id, text), refused.append
        )
        return None if change is not None else (refused[0] if refused else "No project is open.")

    dialog = QuoteEditorDialog(quote, save, window)
    dialog.open()
    return dialog
