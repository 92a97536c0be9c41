"""Say where an export was written, with "Open" and "Show in folder" buttons.

A researcher who has just exported a workbook nearly always wants to look at it next; the message
names the file(s) and opens them through the desktop (QDesktopServices), so no viewer is built in.
The box is opened window-modal without blocking, and the URL opener is a module function, so tests
can press the buttons and see what would have been opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


def open_url(url: QUrl) -> bool:
    """Open ``url`` with the desktop's application for it (replaced in tests)."""
    return QDesktopServices.openUrl(url)


class WrittenBox(QMessageBox):
    """The message after an export; ``open_button`` opens the first file, ``folder_button`` its
    folder."""

    def __init__(self, parent: QWidget | None, title: str, paths: list[Path], summary: str) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setIcon(QMessageBox.Icon.Information)
        self.setWindowTitle(title)
        first = paths[0]
        if len(paths) == 1:
            self.setText(f"Wrote {first.name}")
        else:
            self.setText(f"Wrote {len(paths)} files")
        names = "\n".join(p.name for p in paths[:12]) + ("\n…" if len(paths) > 12 else "")
        detail = f"in {first.parent}" if len(paths) == 1 else f"{names}\n\nin {first.parent}"
        self.setInformativeText(f"{detail}\n\n{summary}".strip())
        self.open_button = self.addButton("Open", QMessageBox.ButtonRole.ActionRole)
        self.folder_button = self.addButton("Show in folder", QMessageBox.ButtonRole.ActionRole)
        self.addButton(QMessageBox.StandardButton.Close)
        self.setDefaultButton(QMessageBox.StandardButton.Close)
        self.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.open_button:
            open_url(QUrl.fromLocalFile(str(self.paths[0])))
        elif button is self.folder_button:
            open_url(QUrl.fromLocalFile(str(self.paths[0].parent)))


def report_written(
    parent: QWidget | None, title: str, paths: list[Path], summary: str = ""
) -> WrittenBox:
    """Show where ``paths`` were written (non-blocking) and return the box."""
    box = WrittenBox(parent, title, paths, summary)
    box.open()
    return box
