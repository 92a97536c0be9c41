"""The preview before bringing another project in (a REFI-QDA file, projects coded apart).

Both merges show the same thing before anything changes: what would be added, what matched what
the project already had, notes on what could not be carried, and one button that confirms. The
services compute the counts by running the real merge and rolling it back, so what this shows is
exactly what confirming does.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

Groups = Sequence[tuple[str, Mapping[str, int]]]


class PreviewDialog(QDialog):
    """``groups``: (title, counts by kind); a kind counted 0 and a group with nothing in it are
    left out. ``notes`` are listed under ``notes_title``; ``confirm`` names the button."""

    def __init__(
        self,
        title: str,
        header_html: str,
        groups: Groups,
        notes_title: str,
        notes: Sequence[str],
        confirm: str,
        parent: QWidget | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 460)
        header = QLabel(header_html)
        header.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["What", "How many"])
        for group, counts in groups:
            shown = {k: n for k, n in counts.items() if n}
            if not shown:
                continue
            top = QTreeWidgetItem([group, f"{sum(shown.values()):,}"])
            self.tree.addTopLevelItem(top)
            for what, n in shown.items():
                QTreeWidgetItem(top, [what[:1].upper() + what[1:], f"{n:,}"])
            top.setExpanded(True)
        self.tree.setColumnWidth(0, 460)
        items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
        self.notes = QLabel(f"{notes_title}<ul>{items}</ul>" if items else "")
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(items))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm: QPushButton = self.buttons.addButton(
            confirm, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.tree)
        layout.addWidget(self.notes)
        layout.addWidget(self.buttons)
