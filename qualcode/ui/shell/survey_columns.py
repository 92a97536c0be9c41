"""The survey columns of the import preview: each column of a survey file with the role the
import will give it, which the user can change before anything is written.

A guess about a survey export is only a guess (a short open question looks closed, a tool's
metadata column may be wanted as an attribute), so the preview lists every column with its role
(respondent id, question, attribute, ignored) in a combo box. Changing one emits the whole set of
roles for that file; the dialog turns them into the same options the CLI's ``--id-column``,
``--question-column`` and ``--attribute-column`` give, which override the guess. Holds no project
state and writes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem, QWidget

from qualcode.domain.wording import plural
from qualcode.importers.detect import ImportOptions
from qualcode.importers.model import ImportBatch

ROLES = ("id", "question", "attribute", "ignored")
ROLE_LABELS = {
    "id": "Respondent id",
    "question": "Question (open answers)",
    "attribute": "Attribute (closed answers)",
    "ignored": "Leave out",
}


def survey_summary(batch: ImportBatch) -> str:
    """'Qualtrics CSV (3 header rows): 6 respondents, 3 questions'."""
    counts = f"{plural(len(batch.cases), 'respondent')}, {plural(len(batch.questions), 'question')}"
    return f"{batch.layout}: {counts}" if batch.layout else counts


def options_with_roles(options: ImportOptions, roles: dict[str, str]) -> ImportOptions:
    """``options`` saying these roles: every question and attribute column, and the id (none:
    the respondents are numbered)."""
    ids = [c for c, r in roles.items() if r == "id"]
    return replace(
        options,
        id_column=ids[0] if ids else "",
        question_columns=[c for c, r in roles.items() if r == "question"],
        attribute_columns=[c for c, r in roles.items() if r == "attribute"],
    )


class SurveyColumns(QTableWidget):
    """Column name, role; one file at a time."""

    roles_changed = Signal(str, dict)  # file name, {column: role}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Survey column", "Imported as"])
        self.horizontalHeader().setStretchLastSection(True)
        self.source = ""
        self.roles: dict[str, str] = {}
        self.setVisible(False)

    def show_batch(self, batch: ImportBatch | None) -> None:
        """List ``batch``'s columns and roles (hide the table when there is no survey)."""
        if batch is None or not batch.column_roles:
            self.source, self.roles = "", {}
            self.setRowCount(0)
            self.setVisible(False)
            return
        self.source, self.roles = batch.source, dict(batch.column_roles)
        self.setRowCount(len(self.roles))
        for row, (column, role) in enumerate(self.roles.items()):
            name = QTableWidgetItem(column)
            name.setToolTip(column)
            self.setItem(row, 0, name)
            combo = QComboBox()
            combo.addItems([ROLE_LABELS[r] for r in ROLES])
            combo.setCurrentIndex(ROLES.index(role) if role in ROLES else ROLES.index("ignored"))
            combo.currentIndexChanged.connect(
                lambda index, column=column: self._changed(column, ROLES[index])
            )
            self.setCellWidget(row, 1, combo)
        self.resizeColumnToContents(0)
        self.setVisible(True)

    def set_role(self, column: str, role: str) -> None:
        """What choosing ``role`` in the column's combo box does (also for tests)."""
        row = list(self.roles).index(column)
        combo = self.cellWidget(row, 1)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(ROLES.index(role))

    def _changed(self, column: str, role: str) -> None:
        if role == "id":  # one id: the previous one is left out
            self.roles = {c: ("ignored" if r == "id" else r) for c, r in self.roles.items()}
        self.roles[column] = role
        self.roles_changed.emit(self.source, dict(self.roles))
