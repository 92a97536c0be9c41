"""The reader's find bar: case-insensitive search in the open document.

Matching runs in Python over the stored text, so matches are code-point spans like every other
offset in the workbench and the count ("2 of 14") is exact; the reader selects a match through its
one code-point-to-Qt conversion. Typing searches as you go from the current place; Enter and F3 go
to the next match, Shift+Enter and Shift+F3 to the previous one, Esc closes the bar.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


def _tool_button(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    return button


class FindBar(QWidget):
    """Search box with previous/next buttons and a match count."""

    def __init__(
        self,
        parent: QWidget,
        select: Callable[[int, int], None],
        current: Callable[[], tuple[int, int] | None],
        focus_back: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._select = select  # select code points [start, end) and scroll to them
        self._current = current  # the current selection in code points, if any
        self._focus_back = focus_back
        self._text = ""
        self._query = ""
        self._starts: list[int] = []
        self._ends: list[int] = []

        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in document")
        self.field.setClearButtonEnabled(True)
        self.status = QLabel()
        self.status.setMinimumWidth(90)
        self.previous = _tool_button("↑", "Previous match (Shift+Enter)")
        self.next = _tool_button("↓", "Next match (Enter)")
        self.close_button = _tool_button("✕", "Close (Esc)")
        self.close_button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 3, 6, 3)
        row.addWidget(self.field, 1)
        row.addWidget(self.status)
        row.addWidget(self.previous)
        row.addWidget(self.next)
        row.addWidget(self.close_button)

        self.field.textEdited.connect(self._on_edited)
        self.field.returnPressed.connect(self.find_next)
        self.previous.clicked.connect(self.find_previous)
        self.next.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        for keys, slot in (
            (QKeySequence(Qt.Key.Key_Escape), self.close_bar),
            (QKeySequence("Shift+Return"), self.find_previous),
            (QKeySequence("Shift+Enter"), self.find_previous),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def set_text(self, text: str) -> None:
        """The document to search (a new document forgets the old matches)."""
        self._text = text
        self._query = ""
        self._starts, self._ends = [], []
        self.status.clear()

    def open(self) -> None:
        """Show the bar, seeded with a short one-line selection, and focus the field."""
        span = self._current()
        if span is not None:
            chosen = self._text[span[0] : span[1]]
            if 0 < len(chosen) <= 80 and "\n" not in chosen:
                self.field.setText(chosen)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._focus_back()

    def matches(self) -> list[tuple[int, int]]:
        """Code-point spans of every match of the field's text."""
        self._refresh()
        return list(zip(self._starts, self._ends, strict=True))

    def _refresh(self) -> None:
        query = self.field.text()
        if query == self._query:
            return
        self._query = query
        self._starts, self._ends = [], []
        if query:
            for m in re.finditer(re.escape(query), self._text, re.IGNORECASE):
                self._starts.append(m.start())
                self._ends.append(m.end())

    def _on_edited(self, _text: str) -> None:
        span = self._current()
        self._go(bisect.bisect_left(self._starts_for_query(), span[0] if span else 0))

    def _starts_for_query(self) -> list[int]:
        self._refresh()
        return self._starts

    def find_next(self) -> None:
        span = self._current()
        starts = self._starts_for_query()
        self._go(bisect.bisect_right(starts, span[0]) if span else 0)

    def find_previous(self) -> None:
        span = self._current()
        starts = self._starts_for_query()
        self._go((bisect.bisect_left(starts, span[0]) if span else 0) - 1)

    def _go(self, index: int) -> None:
        """Select match ``index`` (wrapping around the document) and show where it is."""
        if not self._query:
            self.status.clear()
            return
        if not self._starts:
            self.status.setText("No matches")
            return
        index %= len(self._starts)
        self._select(self._starts[index], self._ends[index])
        self.status.setText(f"{index + 1} of {len(self._starts)}")
