"""Search hits as a checkable table, and a delegate that lines the matches up.

Researchers review a concordance before coding it in bulk: every hit starts checked and the false
positives are unchecked. The keyword-in-context column is painted in three parts (left context
right-aligned, the match in bold, right context) so that every match starts at the same x and the
eye runs down one column of matches, as in a printed concordance. The table view's keys (Enter
jumps, Space checks) and the status line under it live here too.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from qualcode.domain.wording import plural
from qualcode.services.search.search import Hit, SearchResult

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("", "Document", "Speaker / Question", "Attribution", "In context")
CHECK, DOCUMENT, WHO, ATTRIBUTION, CONTEXT = range(5)
HitRole = Qt.ItemDataRole.UserRole
KwicRole = Qt.ItemDataRole.UserRole + 1  # (before, match, after) for the delegate
_CHECK_ROLE = Qt.ItemDataRole.CheckStateRole
_KIND = {"survey": "survey", "consultation_response": "consultation", "research_grid": "grid"}


def who(hit: Hit) -> str:
    """Speaker and/or question, as short as the place allows."""
    speaker = hit.speaker or ""
    if hit.question and hit.document_kind in _KIND:
        # Survey respondents are named "<instrument> <id>": the id is enough beside the question.
        respondent = speaker.rsplit(" ", 1)[-1] if speaker else ""
        return f"{hit.question} · {respondent}" if respondent else hit.question
    return speaker


class SearchModel(QAbstractTableModel):
    """The hits of one search; column 0 holds the check box autocoding reads."""

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[Hit] = []
        self._checked: list[bool] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self._checked = [True] * len(self.hits)
        self.endResetModel()

    def checked_hits(self) -> list[Hit]:
        return [h for h, on in zip(self.hits, self._checked, strict=True) if on]

    def checked_count(self) -> int:
        return sum(self._checked)

    def set_all_checked(self, on: bool) -> None:
        if not self.hits:
            return
        self._checked = [on] * len(self.hits)
        self.dataChanged.emit(
            self.index(0, CHECK), self.index(len(self.hits) - 1, CHECK), [_CHECK_ROLE]
        )

    def toggle(self, rows: list[int]) -> None:
        """Space on a selection: check them all, or uncheck them all if all were checked."""
        rows = [r for r in rows if 0 <= r < len(self.hits)]
        if not rows:
            return
        on = not all(self._checked[r] for r in rows)
        for r in rows:
            self._checked[r] = on
        self.dataChanged.emit(self.index(min(rows), CHECK), self.index(max(rows), CHECK))

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section == CHECK:
            return "Checked hits are coded by “Code checked…”"
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == CHECK else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit, column = self.hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CONTEXT:
                return f"{hit.before} [{hit.text}] {hit.after}".strip()
            return ("", hit.document_name, who(hit), hit.attribution, "")[column]
        if role == _CHECK_ROLE and column == CHECK:
            on = self._checked[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == CONTEXT:
                return f"…{hit.before} <b>{hit.text}</b> {hit.after}…"
            if column == WHO and hit.speaker:
                return f"{hit.speaker}" + (f" · {hit.question}" if hit.question else "")
            if column == DOCUMENT:
                return f"{hit.document_name} ({hit.document_kind.replace('_', ' ')})"
        if role == KwicRole and column == CONTEXT:
            return (hit.before, hit.text, hit.after)
        if role == HitRole:
            return hit
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != CHECK or role != _CHECK_ROLE:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self._checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [_CHECK_ROLE])
        return True


def elide_words(metrics: QFontMetrics, text: str, width: int, from_left: bool) -> str:
    """``text`` cut at a word boundary to fit ``width``, with "…" where words were dropped."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    lo, hi = 1, len(words)  # how many words to drop: the fewest that make it fit
    while lo < hi:
        mid = (lo + hi) // 2
        kept = words[mid:] if from_left else words[: len(words) - mid]
        piece = "… " + " ".join(kept) if from_left else " ".join(kept) + " …"
        if metrics.horizontalAdvance(piece) <= width:
            hi = mid
        else:
            lo = mid + 1
    kept = words[lo:] if from_left else words[: len(words) - lo]
    if not kept:
        mode = Qt.TextElideMode.ElideLeft if from_left else Qt.TextElideMode.ElideRight
        return metrics.elidedText(text, mode, width)
    return "… " + " ".join(kept) if from_left else " ".join(kept) + " …"


class KwicDelegate(QStyledItemDelegate):
    """Paints ``before | match | after`` with every match starting at the same x."""

    SPLIT = 0.42  # share of the column given to the left context
    GAP = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        parts = index.data(KwicRole)
        if not parts:
            super().paint(painter, option, index)
            return
        before, match, after = parts
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = opt.palette.highlightedText() if selected else opt.palette.text()
        rect = opt.rect.adjusted(self.GAP, 0, -self.GAP, 0)
        split = rect.left() + int(rect.width() * self.SPLIT)
        bold = QFont(opt.font)
        bold.setBold(True)
        plain_m, bold_m = QFontMetrics(opt.font), QFontMetrics(bold)
        room = rect.right() - split
        match_text = bold_m.elidedText(match, Qt.TextElideMode.ElideRight, max(room // 2, 40))
        match_w = bold_m.horizontalAdvance(match_text)
        space = plain_m.horizontalAdvance(" ")
        painter.save()
        painter.setClipRect(opt.rect)
        middle = Qt.AlignmentFlag.AlignVCenter
        left = QRect(rect.left(), rect.top(), split - rect.left() - space, rect.height())
        painter.setFont(opt.font)
        painter.setPen(text_colour.color())
        text = elide_words(plain_m, before, left.width(), from_left=True)
        painter.drawText(left, middle | Qt.AlignmentFlag.AlignRight, text)
        mark = QRect(split - 2, rect.top() + 2, match_w + 4, rect.height() - 4)
        if not selected:
            tint = QColor(opt.palette.highlight().color())
            tint.setAlpha(45)
            painter.fillRect(mark, tint)
        painter.setFont(bold)
        painter.drawText(
            QRect(split, rect.top(), match_w + 1, rect.height()),
            middle | Qt.AlignmentFlag.AlignLeft,
            match_text,
        )
        painter.setFont(opt.font)
        gap = 0 if after[:1] in ".,;:!?’'\")" else space
        right = QRect(
            split + match_w + gap, rect.top(), rect.right() - split - match_w, rect.height()
        )
        text = elide_words(plain_m, after, right.width(), from_left=False)
        painter.drawText(right, middle | Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()


class HitTable(QTableView):
    """Enter jumps to the current hit; Space checks or unchecks the selected rows."""

    enterPressed = Signal(QModelIndex)
    spacePressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
        elif event.key() == Qt.Key.Key_Space:
            self.spacePressed.emit()
        else:
            super().keyPressEvent(event)


def describe(r: SearchResult) -> str:
    """The status line under the hits: counts, time, a note when cut short, lemma forms."""
    n = len(r.hits)
    if not n:
        text = "No hits"
    elif r.truncated:
        text = (
            f"{n:,}+ hits in up to {plural(r.passages, 'passage')} · "
            f"<b>showing the first {n:,}</b>; narrow the search to see them all"
        )
    else:
        docs = plural(r.documents, "document")
        text = f"{plural(n, 'hit')} in {plural(r.passages, 'passage')} ({docs})"
    text += f" · {r.seconds:.2f} s"
    if r.query.mode == "lemma" and len(r.terms) > 1:
        forms = ", ".join(r.terms[:12]) + (" …" if len(r.terms) > 12 else "")
        text += f" · <span style='color:gray'>forms: {escape(forms)}</span>"
    return text
