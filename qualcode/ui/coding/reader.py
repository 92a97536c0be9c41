"""The document reader of the coding workbench: the whole transcript, its turns and its codings.

One read-only, wrapping ``QPlainTextEdit`` shows the whole document (no paging: researchers scroll
and search across a transcript), with a coding margin on the left and a find bar below. The widget
receives plain dataclasses (:class:`~qualcode.services.coding.workbench.DocumentView`,
``CodingView``) and emits signals; it holds no project and runs no SQL, so the main window decides
what a click or a removal means.

Offsets in and out of this widget are code points; the conversion to Qt's UTF-16 positions happens
only in :class:`~qualcode.ui.coding.text_positions.PositionMap`. Keys the read-only editor does not
use (digits, plain letters) fall through to the window's shortcuts, where the lead wires coding
keys.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import Property, QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QShortcut,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from qualcode.services.coding.workbench import CodingView, DocumentView
from qualcode.ui.coding.codebook_model import SPAN_MIME
from qualcode.ui.coding.reader_find import FindBar
from qualcode.ui.coding.reader_highlight import CodeStyle, CodingHighlighter, TurnLayout, TurnStyle
from qualcode.ui.coding.reader_margin import CodingMargin
from qualcode.ui.coding.reader_segments import CodingSet, QtCoding
from qualcode.ui.coding.text_positions import PositionMap

__all__ = ["CodeStyle", "ReaderView", "snap_span"]

JOINERS = frozenset("'’‐-")  # inside a word: don't, well-being


def _is_core(ch: str) -> bool:
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def snap_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` widened to whole words and trimmed of surrounding spaces and punctuation.

    Word characters are letters, digits and combining marks, plus apostrophes and hyphens between
    two of them. A selection with no word character keeps its own extent minus whitespace; a
    selection of only whitespace is ``None``.
    """
    a, b = start, end
    while a < b and not _is_core(text[a]):
        a += 1
    while b > a and not _is_core(text[b - 1]):
        b -= 1
    if a == b:
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        return (a, b) if a < b else None
    while a > 0 and (
        _is_core(text[a - 1]) or (text[a - 1] in JOINERS and a >= 2 and _is_core(text[a - 2]))
    ):
        a -= 1
    n = len(text)
    while b < n and (
        _is_core(text[b]) or (text[b] in JOINERS and b + 1 < n and _is_core(text[b + 1]))
    ):
        b += 1
    return a, b


class _ReaderEdit(QPlainTextEdit):
    """The text view; keeps the coding margin in its left viewport margin."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.margin = CodingMargin(self)
        # Where the selection lies, as (document id, start, end) in code points, for drags.
        self.span_provider: Callable[[], tuple[int, int, int] | None] = lambda: None

    def createMimeDataFromSelection(self) -> QMimeData:
        """A dragged selection also carries its span, so dropping it on a code codes it."""
        mime = super().createMimeDataFromSelection()
        where = self.span_provider()
        if where is not None:
            doc, start, end = where
            payload = {"document_id": doc, "start": start, "end": end}
            mime.setData(SPAN_MIME, json.dumps(payload).encode())
        return mime

    def place_margin(self) -> None:
        width = self.margin.preferred_width()
        if self.viewportMargins().left() != width:
            self.setViewportMargins(width, 0, 0, 0)
        rect = self.contentsRect()
        self.margin.setGeometry(rect.left(), rect.top(), width, rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.place_margin()


class ReaderView(QWidget):
    """Shows one document with speaker turns, coding highlights, a coding margin and find."""

    codingClicked = Signal(int)  # coding id (a margin stripe was clicked)
    removeCodingRequested = Signal(int)  # coding id (from the margin's context menu)
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: DocumentView | None = None
        self._map = PositionMap("")
        self._codings: dict[int, CodingView] = {}
        self._qt_cache: dict[CodingView, QtCoding] = {}
        self._snap = True
        # coder layers: the codings these coders made are not shown (a view setting, not data)
        self.hidden_coders: frozenset[int] = frozenset()
        self._all: list[CodingView] = []
        self._styles: dict[int, CodeStyle] = {}

        self.placeholder = QLabel(
            "No document open.\nChoose a document in the list to read and code it."
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.placeholder.setWordWrap(True)

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setContentsMargins(6, 4, 6, 2)
        self.title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.edit = _ReaderEdit(self)
        self.edit.span_provider = self._drag_span
        self._doc = QTextDocument(self.edit)
        self._doc.setUndoRedoEnabled(False)
        self._layout = TurnLayout(self._doc)
        self._doc.setDocumentLayout(self._layout)
        self._doc.setDocumentMargin(12)
        self.edit.setDocument(self._doc)
        self.edit.setReadOnly(True)
        self.edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont(self.edit.font())
        font.setPointSizeF(font.pointSizeF() + 1)
        self.edit.setFont(font)
        self.highlighter = CodingHighlighter(self._doc, self.edit.palette())
        self.margin = self.edit.margin
        self.find_bar = FindBar(self, self.select_span, self._cursor_span, self.edit.setFocus)
        self.find_bar.hide()

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.title)
        column.addWidget(self.edit, 1)
        column.addWidget(self.find_bar)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.placeholder)
        self._stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        self.edit.selectionChanged.connect(self.selectionChanged)
        self.margin.codingClicked.connect(self._on_coding_clicked)
        self.margin.removeCodingRequested.connect(self.removeCodingRequested)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (QKeySequence.StandardKey.Find, self.show_find_bar),
            (QKeySequence.StandardKey.FindNext, self.find_bar.find_next),
            (QKeySequence.StandardKey.FindPrevious, self.find_bar.find_previous),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
        self.edit.place_margin()

    # -- content ----------------------------------------------------------------------------
    @property
    def document_view(self) -> DocumentView | None:
        return self._view

    @property
    def positions(self) -> PositionMap:
        return self._map

    def set_document(self, view: DocumentView, styles: dict[int, CodeStyle]) -> None:
        """Show ``view`` with its codings, at the top, nothing selected."""
        self._view = view
        self._map = PositionMap(view.text)
        turns, turn_blocks = self._turns(view)
        self.highlighter.set_turns(turns)
        self._layout.set_turn_blocks(turn_blocks)
        self._qt_cache = {}
        self._all, self._styles = view.codings, styles
        qt = self._qt_codings(self._shown(view.codings))
        self.highlighter.set_codings(qt, styles, fresh=True)
        self.edit.setPlainText(view.text)  # highlights every block once, synchronously
        self.margin.set_codings(qt, styles, relayout=True)  # lanes count blocks: after the text
        self.title.setText(f"{view.name}  ·  {view.kind.replace('_', ' ')}")
        self.title.setToolTip(view.name)
        self._stack.setCurrentIndex(1)
        self.edit.place_margin()
        self.margin.update()
        self.find_bar.set_text(view.text)

    def set_codings(self, codings: list[CodingView], styles: dict[int, CodeStyle]) -> None:
        """Show new codings (and code styles) without reloading the text."""
        if self._view is None:
            return
        self._all, self._styles = codings, styles
        qt = self._qt_codings(self._shown(codings))
        for a, b in self.highlighter.set_codings(qt, styles):
            self.highlighter.rehighlight_range(a, b)
        self.margin.set_codings(qt, styles)
        self.edit.place_margin()
        self.margin.update()

    def set_hidden_coders(self, coder_ids: frozenset[int]) -> None:
        """Hide the codings of ``coder_ids`` (and show everyone else's again)."""
        self.hidden_coders = frozenset(coder_ids)
        self.set_codings(self._all, self._styles)

    def _shown(self, codings: list[CodingView]) -> list[CodingView]:
        hidden = self.hidden_coders
        return [c for c in codings if c.coder_id not in hidden] if hidden else codings

    def clear(self) -> None:
        """Back to the empty state."""
        self._view = None
        self._map = PositionMap("")
        self._all = []
        self._codings = {}
        self._qt_cache = {}
        self.highlighter.set_turns([])
        self.highlighter.set_codings(CodingSet([]), {}, fresh=True)
        self.margin.set_codings(CodingSet([]), {}, relayout=True)
        self._layout.set_turn_blocks([])
        self.edit.clear()
        self.find_bar.set_text("")
        self._stack.setCurrentIndex(0)

    def _qt_codings(self, codings: list[CodingView]) -> CodingSet:
        """The codings in Qt positions (converted once per coding, then cached)."""
        self._codings = {c.id: c for c in codings}
        to_qt, old = self._map.to_qt, self._qt_cache
        cache: dict[CodingView, QtCoding] = {}
        for c in codings:
            q = old.get(c)
            cache[c] = (
                q if q is not None else QtCoding(c.id, c.code_id, to_qt(c.start), to_qt(c.end))
            )
        self._qt_cache = cache
        return CodingSet(cache.values())

    def _turns(self, view: DocumentView) -> tuple[list[tuple[int, int, TurnStyle]], list[int]]:
        """Qt runs for labels and facilitator text, and the block numbers where turns begin."""
        text, to_qt = view.text, self._map.to_qt
        newlines = [m.start() for m in re.finditer("\n", text)]
        runs: list[tuple[int, int, TurnStyle]] = []
        blocks: list[int] = []
        for part in sorted(view.parts, key=lambda p: p.start):
            line = bisect.bisect_left(newlines, part.start)
            line_start = newlines[line - 1] + 1 if line else 0
            has_label = line_start < part.start and text[line_start : part.start].strip() != ""
            if has_label:
                blocks.append(line)
                style = TurnStyle.FACILITATOR_LABEL if part.is_facilitator else TurnStyle.LABEL
                runs.append((to_qt(line_start), to_qt(part.start), style))
            if part.is_facilitator and part.end > part.start:
                runs.append((to_qt(part.start), to_qt(part.end), TurnStyle.FACILITATOR_TEXT))
        clean: list[tuple[int, int, TurnStyle]] = []
        for a, b, style in sorted(runs, key=lambda r: r[0]):
            a = max(a, clean[-1][1]) if clean else a  # parts should not overlap; never trust it
            if a < b:
                clean.append((a, b, style))
        return clean, blocks

    # -- selection --------------------------------------------------------------------------
    def _get_snap(self) -> bool:
        return self._snap

    def _set_snap(self, value: bool) -> None:
        self._snap = bool(value)

    snap_to_words = Property(bool, _get_snap, _set_snap)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection in code points (snapped to words when ``snap_to_words``), or None."""
        if self._view is None:
            return None
        cursor = self.edit.textCursor()
        if not cursor.hasSelection():
            return None
        a, b = self._map.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        if not self._snap:
            return (a, b) if a < b else None
        return snap_span(self._view.text, a, b)

    def _drag_span(self) -> tuple[int, int, int] | None:
        span = self.selected_span()
        if span is None or self._view is None:
            return None
        return self._view.id, span[0], span[1]

    def selected_text(self) -> str:
        span = self.selected_span()
        if span is None or self._view is None:
            return ""
        return self._view.text[span[0] : span[1]]

    def _cursor_span(self) -> tuple[int, int] | None:
        """The raw selection (or the caret as an empty span) in code points."""
        if self._view is None:
            return None
        cursor = self.edit.textCursor()
        return self._map.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` and scroll them into view."""
        if self._view is None:
            return
        a, b = self._map.span_to_qt(start, end)
        cursor = QTextCursor(self._doc)
        cursor.setPosition(b)
        cursor.setPosition(a, QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cursor)
        self.edit.centerCursor()

    def _on_coding_clicked(self, coding_id: int) -> None:
        coding = self._codings.get(coding_id)
        if coding is not None:
            self.select_span(coding.start, coding.end)
        self.codingClicked.emit(coding_id)

    # -- find -------------------------------------------------------------------------------
    def show_find_bar(self) -> None:
        if self._view is not None:
            self.find_bar.open()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._view is not None:
            self.highlighter.set_palette(self.edit.palette())
            self.highlighter.rehighlight()
