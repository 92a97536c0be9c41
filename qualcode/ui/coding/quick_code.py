"""Quick Code: a keyboard-only picker that codes the selection with a few keystrokes.

Researchers code hundreds of extracts in a session; reaching for the codebook tree each time is
slow. The dialog lists every code by its path ("Parent › Child"), narrows the list by fuzzy
matching as you type, and offers to create a new code when the typed text names none. It only
reports the choice (``chosen_code_id`` or ``new_code_name``); the owner runs the services.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.ui.coding.fuzzy import SEPARATOR, rank

SHOWN = 200  # longest list kept on screen; the best matches come first anyway
_ID = Qt.ItemDataRole.UserRole
_NAVIGATION = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}


class QuickCodeDialog(QDialog):
    """Type to find a code; Up/Down move, Enter chooses, Escape cancels."""

    def __init__(self, paths: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Quick code")
        self.chosen_code_id: int | None = None
        self.new_code_name: str | None = None
        self._paths = list(paths)
        self._texts = [path for _, path in self._paths]
        self._leaves = [_leaf(path).casefold() for path in self._texts]

        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Type part of a code's name…")
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the line edit
        self.hint = QLabel("↑↓ to move · Enter to code · Esc to cancel")
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.resize(520, 420)

        self.edit.textChanged.connect(self._filter)
        self.edit.returnPressed.connect(self._choose_current)
        self.edit.installEventFilter(self)
        self.list.itemActivated.connect(self._choose)
        self.list.itemDoubleClicked.connect(self._choose)
        self._filter("")

    # -- filtering ---------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        fill_code_list(self.list, text, self._paths, self._texts, self._leaves)

    def visible_entries(self) -> list[tuple[int | None, str]]:
        """What the list shows, top to bottom: (code id, or None for "Create code", text)."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [(item.data(_ID), item.text()) for item in items]

    # -- keys and choice ---------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _NAVIGATION
        ):
            self._step(Qt.Key(event.key()))
            return True
        return super().eventFilter(watched, event)

    def _step(self, key: Qt.Key) -> None:
        count = self.list.count()
        if not count:
            return
        page = max(self.list.height() // max(self.list.sizeHintForRow(0), 1) - 1, 1)
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -page,
            Qt.Key.Key_PageDown: page,
        }[key]
        row = min(max(self.list.currentRow() + step, 0), count - 1)
        self.list.setCurrentRow(row)

    def _choose_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item)

    def _choose(self, item: QListWidgetItem) -> None:
        code_id = item.data(_ID)
        if code_id is None:
            name = " ".join(self.edit.text().split())
            if not name:
                return
            self.chosen_code_id, self.new_code_name = None, name
        else:
            self.chosen_code_id, self.new_code_name = int(code_id), None
        self.accept()


def _leaf(path: str) -> str:
    return path.rsplit(SEPARATOR, 1)[-1].strip()


def fill_code_list(
    widget: QListWidget,
    text: str,
    paths: list[tuple[int, str]],
    texts: list[str] | None = None,
    leaves: list[str] | None = None,
) -> None:
    """Fill ``widget`` with the codes matching ``text`` (best first, the code named exactly
    first of all) and, when none is named exactly, a "Create code" entry (item data None).
    An existing code is selected: a new code is one Up-arrow away, a duplicate is work to undo.
    ``texts``/``leaves``: the paths and their casefolded last names, when the caller keeps them."""
    texts = texts if texts is not None else [path for _, path in paths]
    leaves = leaves if leaves is not None else [_leaf(t).casefold() for t in texts]
    typed = " ".join(text.split())
    widget.clear()
    matches = rank(typed, texts)
    exact = next(
        (m for m in matches if typed.casefold() in (leaves[m.index], m.text.casefold())), None
    )
    if exact is not None:  # the code named exactly goes first, whatever the scores say
        matches.remove(exact)
        matches.insert(0, exact)
    if typed and exact is None:
        create = QListWidgetItem(f'Create code "{typed}"')
        create.setData(_ID, None)
        font = QFont(create.font())
        font.setItalic(True)
        create.setFont(font)
        widget.addItem(create)
    for match in matches[:SHOWN]:
        item = QListWidgetItem(match.text)
        item.setData(_ID, paths[match.index][0])
        widget.addItem(item)
    first_code = 1 if typed and exact is None and matches else 0
    if widget.count():
        widget.setCurrentRow(first_code)
