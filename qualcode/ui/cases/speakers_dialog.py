"""Document › Speakers…: who each speaker label in a transcript is.

An import links a label to the case of the same name, which is right for "Margaret" and wrong
for "P3", "Speaker 2" or a participant who is "Mags" in one transcript and "Margaret" in the
next. Quote attributions go through these links, so the researcher checks them here: each label
with its number of turns, the case it is linked to (pick another, or make a new case), whether
that person is a facilitator, and the service's suggestion by fuzzy name match with its score
and an Accept button. Every change is one undo step on the window's stack, and the dialog
follows the window's ``changed`` signal, so Edit › Undo shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.changes import CASES, Changes
from qualcode.domain.wording import plural
from qualcode.services.documents.cases import create_case
from qualcode.services.participants.case_table import case_table, set_facilitator
from qualcode.services.participants.speakers import (
    LinkSuggestion,
    SpeakerLink,
    link_speaker,
    speaker_links,
    suggest_links,
)
from qualcode.services.undo.changes import Change, combine
from qualcode.storage.project import Project

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

NOBODY = "(no one)"
NEW_CASE = "New case…"
LABEL, TURNS, CASE, FACILITATOR, SUGGESTION, ACCEPT = range(6)
HEADERS = ("Speaker label", "Turns", "Linked case", "Facilitator", "Suggestion", "")


def _accept_change(p: Project, doc_id: int, suggestion: LinkSuggestion, label: str) -> Change:
    """Link the label to the suggested case (a new facilitator case if none exists yet)."""
    case_id = suggestion.case_id
    if case_id is None:
        made = create_case(p, suggestion.label, is_facilitator=suggestion.is_facilitator)
        linked = link_speaker(p, doc_id, suggestion.label, made.entity_id)
        return combine([made, linked], label)
    return link_speaker(p, doc_id, suggestion.label, case_id)


class SpeakersDialog(QDialog):
    def __init__(self, window: MainWindow, doc_id: int) -> None:
        super().__init__(window)
        self.window_ = window
        self.doc_id = doc_id
        self.links: list[SpeakerLink] = []
        self.suggestions: dict[str, LinkSuggestion] = {}
        self.cases: list[tuple[int, str]] = []
        self.setWindowTitle("Speakers")
        self.resize(820, 420)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CASE, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #B00020;")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.accept_all = QPushButton("Accept all suggestions", self)
        self.accept_all.setAutoDefault(False)
        buttons.addButton(self.accept_all, QDialogButtonBox.ButtonRole.ActionRole)
        self.accept_all.clicked.connect(self.accept_every)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        window.changed.connect(self._changed)
        self.reload()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Return picks the typed name in a combo; it must not close the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _changed(self, changes: Changes) -> None:
        if self.isVisible() and changes.touches(CASES | {"part", "document"}):
            self.reload()

    def reload(self) -> None:
        project = self.window_.project
        if project is None:
            self.close()
            return
        self.links = speaker_links(project, self.doc_id)
        self.suggestions = {s.label: s for s in suggest_links(project, self.doc_id)}
        self.cases = [(c.id, c.name) for c in case_table(project).cases]
        name = next((r.name for r in self.window_.documents.rows if r.id == self.doc_id), "")
        if self.links:
            self.heading.setText(
                f"<b>{name}</b>: {plural(len(self.links), 'speaker label')}. Link each to the "
                "person who spoke; quote attributions use that person's attributes."
            )
        else:
            self.heading.setText(f"<b>{name}</b> has no speaker labels (no turns to link).")
        self.table.setRowCount(len(self.links))
        for row, link in enumerate(self.links):
            self._fill(row, link)
        self.accept_all.setEnabled(bool(self.suggestions))

    def _fill(self, row: int, link: SpeakerLink) -> None:
        self.table.setItem(row, LABEL, QTableWidgetItem(link.label))
        turns = QTableWidgetItem(f"{link.turns:,}")
        turns.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, TURNS, turns)
        combo = QComboBox()
        combo.addItem(NOBODY, None)
        for case_id, name in self.cases:
            combo.addItem(name, case_id)
        combo.addItem(NEW_CASE, -1)
        combo.setCurrentIndex(max(combo.findData(link.case_id), 0))
        # a survey project has hundreds of cases: type a few letters of the name to find one
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = combo.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        combo.activated.connect(lambda _i, c=combo, lk=link: self.pick(lk, c.currentData()))
        self.table.setCellWidget(row, CASE, combo)
        check = QCheckBox()
        check.setChecked(link.is_facilitator)
        check.setEnabled(link.case_id is not None)
        check.setToolTip("Whether the linked person is a facilitator (interviewer, moderator)")
        check.toggled.connect(lambda on, lk=link: self.mark(lk, on))
        holder = QWidget()
        box = QHBoxLayout(holder)
        box.setContentsMargins(8, 0, 8, 0)
        box.addWidget(check)
        self.table.setCellWidget(row, FACILITATOR, holder)
        suggestion = self.suggestions.get(link.label)
        if suggestion is None:
            self.table.setItem(row, SUGGESTION, QTableWidgetItem(""))
            self.table.removeCellWidget(row, ACCEPT)
            return
        who = suggestion.case_name or f"a new case '{suggestion.label}'"
        if suggestion.is_facilitator:
            who += " (facilitator)"
        self.table.setItem(row, SUGGESTION, QTableWidgetItem(f"{who} · {suggestion.score:g}%"))
        button = QPushButton("Accept")
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False, sg=suggestion: self.accept_suggestion(sg))
        self.table.setCellWidget(row, ACCEPT, button)

    # -- changes ------------------------------------------------------------------------------
    def _run(self, label: str, action: Callable[[Project], Change]) -> Change | None:
        change = self.window_.coding.run(label, action, self.message.setText)
        if change is not None:
            self.message.setText("")
        return change

    def pick(self, link: SpeakerLink, case_id: object) -> None:
        doc = self.doc_id
        if case_id == -1:
            name, ok = QInputDialog.getText(
                self, "New case", f"Name of the person who speaks as '{link.label}':",
                text=link.label,
            )  # fmt: skip
            if not ok or not name.strip():
                self.reload()
                return
            label = f"Link '{link.label}' to a new case '{name.strip()}'"

            def both(p: Project) -> Change:
                made = create_case(p, name)
                return combine([made, link_speaker(p, doc, link.label, made.entity_id)], label)

            if self._run(label, both) is None:
                self.reload()
            return
        target = int(case_id) if isinstance(case_id, int) else None
        if target == link.case_id:
            return
        self._run(f"Link '{link.label}'", lambda p: link_speaker(p, doc, link.label, target))

    def mark(self, link: SpeakerLink, on: bool) -> None:
        case_id = link.case_id
        if case_id is None or on == link.is_facilitator:
            return
        self._run(
            "Mark facilitator" if on else "Mark participant",
            lambda p: set_facilitator(p, case_id, on),
        )

    def accept_suggestion(self, suggestion: LinkSuggestion) -> None:
        doc = self.doc_id
        label = f"Link '{suggestion.label}'"
        self._run(label, lambda p: _accept_change(p, doc, suggestion, label))

    def accept_every(self) -> None:
        chosen = list(self.suggestions.values())
        if not chosen:
            return
        listed = "\n".join(
            f"• {s.label} → {s.case_name or 'a new case'} ({s.score:g}%)" for s in chosen
        )
        answer = QMessageBox.question(
            self,
            "Accept all suggestions",
            f"Link {plural(len(chosen), 'speaker label')} as suggested?\n\n{listed}\n\n"
            "A suggestion is a name match only; Edit › Undo takes all of them back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        doc = self.doc_id
        label = f"Accept {plural(len(chosen), 'speaker link')}"

        def every(p: Project) -> Change:
            return combine([_accept_change(p, doc, s, label) for s in chosen], label)

        self._run(label, every)
