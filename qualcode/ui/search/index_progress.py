"""The progress strip under the search results: a bar, what it counts, and a Cancel button.

The first search on a project builds the full-text index, which with a trained language model
can take tens of seconds; a panel that only says "Searching…" meanwhile looks hung. The worker
reports each document indexed (and then each document searched); this strip turns those reports
into "Preparing the search index: 12 of 40 documents…" with a bar, and offers Cancel while the
index is being prepared (the documents indexed so far are kept, so the next search carries on).
It is its own widget so the search panel only forwards reports and the cancel request.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

INDEXING = "Indexing"  # the ``what`` of a progress report from the index build
SEARCHING = "Searching"


def describe_progress(done: int, total: int, what: str) -> str:
    """The status line for one progress report."""
    if what == INDEXING:
        return f"Preparing the search index: {done:,} of {total:,} documents…"
    return f"Searching: {done:,} of {total:,} documents…"


class IndexProgress(QWidget):
    """A progress bar with a Cancel button; hidden while nothing runs."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setFixedWidth(self.fontMetrics().averageCharWidth() * 24)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop preparing the index; the documents done so far are kept")
        self.cancel.clicked.connect(self.cancelRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.hide()

    def report(self, done: int, total: int, what: str) -> None:
        """Show ``done`` of ``total``; Cancel is offered while the index is being prepared."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.bar.setFormat("%p%")  # the status line beside it gives the counts
        self.cancel.setVisible(what == INDEXING)
        self.cancel.setEnabled(True)
        self.show()

    def stopping(self) -> None:
        self.cancel.setEnabled(False)

    def finish(self) -> None:
        self.hide()
