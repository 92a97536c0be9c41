"""File › Check Project…: the checks ``qualcode check`` runs, with the project's counts, in a
dialog.

A researcher who suspects something is wrong (an export that looks short, a crash last week)
should not need a terminal to find out. The dialog runs
:func:`~qualcode.services.project.health.project_health` (``check_project`` and ``project_info``,
the CLI's own checks, reworded) in a background :class:`~qualcode.ui.shell.workers.Task`, since it
reads every text and span and the window must keep painting on a large project. It then shows the
counts, either "No problems found" or each problem in a sentence, and a Copy button that puts the
whole report on the clipboard for an e-mail to whoever helps them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.wording import plural
from qualcode.services.project.health import Health, project_health
from qualcode.storage.project import Project
from qualcode.ui.shell.workers import Task

OK_STYLE = "color: #1B7F3B; font-weight: bold;"
BAD_STYLE = "color: #B00020; font-weight: bold;"
COLUMNS = 3  # count columns in the grid


class HealthDialog(QDialog):
    def __init__(self, parent: QWidget, project: Project) -> None:
        super().__init__(parent)
        self.project = project
        self.health: Health | None = None
        self.task: Task | None = None
        self.setWindowTitle("Check project")
        self.resize(620, 480)
        self.heading = QLabel(f"Checking <b>{project.path.name}</b>…")
        self.heading.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no steps to count: a moving bar says it is working
        self.counts_box = QWidget()
        self.counts = QGridLayout(self.counts_box)
        self.counts.setContentsMargins(0, 4, 0, 4)
        self.counts.setHorizontalSpacing(8)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.problems.setSpacing(3)
        self.problems.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.busy)
        layout.addWidget(self.counts_box)
        layout.addWidget(self.verdict)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)
        layout.addWidget(buttons)

    def start(self) -> HealthDialog:
        """Show the dialog and run the checks in the background."""
        project = self.project
        self.task = Task(lambda _progress, cancelled: project_health(project, cancelled))
        self.task.signals.done.connect(self._done)
        self.task.signals.failed.connect(self._failed)
        self.show()
        self.task.start()
        return self

    @property
    def running(self) -> bool:
        return self.task is not None

    def _done(self, result: Any) -> None:
        self.task = None
        assert isinstance(result, Health)
        self.health = result
        self.busy.hide()
        self.heading.setText(f"<b>{self.project.path.name}</b> · {plural(result.words, 'word')}")
        for i, (count, name) in enumerate(result.counts):
            row, col = divmod(i, COLUMNS)
            number = QLabel(f"{count:,}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.addWidget(number, row, col * 2)
            self.counts.addWidget(QLabel(name), row, col * 2 + 1)
        for col in range(COLUMNS):
            self.counts.setColumnStretch(col * 2 + 1, 1)
        if result.problems:
            self.verdict.setText(f"{plural(len(result.problems), 'problem')} found:")
            self.verdict.setStyleSheet(BAD_STYLE)
            self.problems.addItems([f"• {p}" for p in result.problems])
            self.problems.show()
        else:
            self.verdict.setText("✓ No problems found: the file is sound and every span fits.")
            self.verdict.setStyleSheet(OK_STYLE)
            self.resize(self.width(), self.minimumSizeHint().height())  # nothing to list
        self.copy_button.setEnabled(True)

    def _failed(self, message: str) -> None:
        self.task = None
        self.busy.hide()
        self.verdict.setText(f"The check could not run: {message}")
        self.verdict.setStyleSheet(BAD_STYLE)

    def report(self) -> str:
        """The report as plain text (what Copy puts on the clipboard)."""
        health = self.health
        if health is None:
            return ""
        lines = [f"QualCode project check: {health.path}", plural(health.words, "word")]
        lines += [f"{count:,} {name}" for count, name in health.counts]
        if health.problems:
            lines.append(f"{plural(len(health.problems), 'problem')} found:")
            lines += [f"- {p}" for p in health.problems]
        else:
            lines.append("No problems found.")
        return "\n".join(lines)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.report())
        self.copy_button.setText("Copied")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is not None:
            self.task.cancel()  # its result, if it still comes, is no longer shown
        super().closeEvent(event)
