"""The codebook as a Qt item model: a tree of codes with counts, built from plain rows.

The model is a *view* of the database, never a second copy of the truth. Edits and drops are
handed to plain-Python handlers (``on_rename``, ``on_move``, ``on_merge``, ``on_code_span``) that
the owner sets; the owner runs the undoable service and then refreshes the model from the database.
The model never rearranges its own rows in response, so undo/redo and the tree cannot drift apart.

Nodes are addressed by their code id (stored as the index's internal id), so no Python objects
have to be kept alive behind Qt's back, and a tree of thousands of codes is cheap to rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPixmap

from qualcode.domain.wording import plural
from qualcode.services.coding.overview import CodeRow

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root, as a default argument

CodeIdRole = int(Qt.ItemDataRole.UserRole) + 1
PinKeyRole = int(Qt.ItemDataRole.UserRole) + 2
ColourRole = int(Qt.ItemDataRole.UserRole) + 3

CODE_MIME = "application/x-qualcode-code-ids"  # JSON list of code ids
SPAN_MIME = "application/x-qualcode-span"  # JSON {"document_id", "start", "end"}

NAME, CODINGS, DOCS = 0, 1, 2
HEADERS = ("Code", "Codings", "Docs")
NO_DEFINITION = "No definition yet"

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

_F = Qt.ItemFlag
_NAME_FLAGS = (
    _F.ItemIsSelectable
    | _F.ItemIsEnabled
    | _F.ItemIsEditable
    | _F.ItemIsDragEnabled
    | _F.ItemIsDropEnabled
)
_COUNT_FLAGS = _F.ItemIsSelectable | _F.ItemIsEnabled | _F.ItemIsDragEnabled | _F.ItemIsDropEnabled


RenameHandler = Callable[[int, str], bool]
MoveHandler = Callable[[int, int | None, int], bool]
MergeHandler = Callable[[int, int], bool]
CodeSpanHandler = Callable[[int, int, int, int], bool]


class CodebookModel(QAbstractItemModel):
    """Codes as a tree (columns Code, Codings, Docs); drops and edits go to the owner's handlers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_rename: RenameHandler | None = None
        self.on_move: MoveHandler | None = None
        self.on_merge: MergeHandler | None = None
        self.on_code_span: CodeSpanHandler | None = None
        self._rows: dict[int, CodeRow] = {}
        self._children: dict[int | None, list[int]] = {None: []}
        self._parent_of: dict[int, int | None] = {}
        self._row_of: dict[int, int] = {}
        self._pinned: dict[int, int] = {}
        self._icons: dict[str, QIcon] = {}

    # -- loading -----------------------------------------------------------------------------
    def set_rows(self, rows: Iterable[CodeRow]) -> None:
        """Replace the whole tree (a model reset). Siblings keep the order they arrive in."""
        self.beginResetModel()
        self._build(list(rows))
        self.endResetModel()

    def refresh(self, rows: Iterable[CodeRow]) -> None:
        """Like :meth:`set_rows`, but when the shape is unchanged only the changed rows repaint.

        A rename, recolour or new definition then keeps the view's selection, expansion and
        scroll position; anything that moves, adds or removes a code resets.
        """
        rows = list(rows)
        children, _ = _structure(rows)
        if children != self._children:
            self.set_rows(rows)
            return
        for r in rows:
            if self._rows[r.id] != r:
                self._rows[r.id] = r
                self._changed(r.id, NAME, DOCS)

    def update_counts(self, rows: Iterable[CodeRow]) -> None:
        """Take new coding and document counts; only ``dataChanged`` is emitted.

        Changes are reported as one range per parent (first to last changed sibling), so
        recounting a whole codebook costs a few hundred signals rather than one per code.
        """
        spans: dict[int | None, tuple[int, int]] = {}
        for r in rows:
            old = self._rows.get(r.id)
            counts = (r.codings, r.documents, r.all_codings, r.all_documents)
            if (
                old is None
                or (
                    old.codings,
                    old.documents,
                    old.all_codings,
                    old.all_documents,
                )
                == counts
            ):
                continue
            self._rows[r.id] = replace(
                old,
                codings=r.codings,
                documents=r.documents,
                all_codings=r.all_codings,
                all_documents=r.all_documents,
            )
            pid, row = self._parent_of[r.id], self._row_of[r.id]
            first, last = spans.get(pid, (row, row))
            spans[pid] = (min(first, row), max(last, row))
        for pid, (first, last) in spans.items():
            kids = self._children[pid]
            self.dataChanged.emit(
                self.createIndex(first, CODINGS, kids[first]),
                self.createIndex(last, DOCS, kids[last]),
            )

    def _build(self, rows: list[CodeRow]) -> None:
        self._rows = {r.id: r for r in rows}
        self._children, self._parent_of = _structure(rows)
        self._row_of = {cid: i for kids in self._children.values() for i, cid in enumerate(kids)}

    def _changed(self, code_id: int, first: int, last: int) -> None:
        row = self._row_of[code_id]
        self.dataChanged.emit(
            self.createIndex(row, first, code_id),
            self.createIndex(row, last, code_id),
        )

    # -- pinned keys -------------------------------------------------------------------------
    @property
    def pinned(self) -> dict[int, int]:
        """Code id -> quick key 1-9 (a copy; use :meth:`set_pinned` to change it)."""
        return dict(self._pinned)

    def set_pinned(self, pinned: dict[int, int]) -> None:
        changed = {
            k for k in set(pinned) | set(self._pinned) if pinned.get(k) != self._pinned.get(k)
        }
        self._pinned = dict(pinned)
        for cid in changed:
            if cid in self._rows:
                self._changed(cid, NAME, NAME)

    # -- lookups -----------------------------------------------------------------------------
    def code_row(self, code_id: int) -> CodeRow | None:
        return self._rows.get(code_id)

    def code_id(self, index: Index) -> int | None:
        return index.internalId() if index.isValid() else None

    def index_of(self, code_id: int, column: int = NAME) -> QModelIndex:
        row = self._row_of.get(code_id)
        return QModelIndex() if row is None else self.createIndex(row, column, code_id)

    def parent_id(self, code_id: int) -> int | None:
        return self._parent_of.get(code_id)

    def child_ids(self, parent_id: int | None) -> list[int]:
        return list(self._children.get(parent_id, ()))

    def is_within(self, code_id: int, ancestor_id: int) -> bool:
        """True when ``code_id`` is ``ancestor_id`` itself or one of its descendants."""
        return _within(self._parent_of, code_id, ancestor_id)

    def preorder(self) -> list[int]:
        """Every code id, parents before children, siblings in order."""
        out: list[int] = []
        stack = list(reversed(self._children[None]))
        while stack:
            cid = stack.pop()
            out.append(cid)
            stack.extend(reversed(self._children.get(cid, ())))
        return out

    def paths(self, separator: str = " › ") -> list[tuple[int, str]]:
        """(id, "Parent › Child") for every code in tree order, for pickers like Quick Code."""
        out: list[tuple[int, str]] = []
        prefix: dict[int, str] = {}
        for cid in self.preorder():
            pid = self._parent_of[cid]
            name = self._rows[cid].name
            path = name if pid is None else f"{prefix[pid]}{separator}{name}"
            prefix[cid] = path
            out.append((cid, path))
        return out

    # -- structure ---------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        kids = self._children.get(parent.internalId() if parent.isValid() else None)
        if kids is None or not 0 <= row < len(kids) or not 0 <= column < len(HEADERS):
            return QModelIndex()
        if parent.isValid() and parent.column() != NAME:
            return QModelIndex()
        return self.createIndex(row, column, kids[row])

    @overload
    def parent(self) -> QObject | None: ...
    @overload
    def parent(self, child: Index) -> QModelIndex: ...
    def parent(self, child: Index | None = None) -> QModelIndex | QObject | None:
        if child is None:
            return super().parent()
        if not child.isValid():
            return QModelIndex()
        pid = self._parent_of.get(child.internalId())
        if pid is None:
            return QModelIndex()
        return self.createIndex(self._row_of[pid], NAME, pid)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._children[None])
        if parent.column() != NAME:
            return 0
        return len(self._children.get(parent.internalId(), ()))

    def columnCount(self, parent: Index = _ROOT) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: Index = _ROOT) -> bool:
        return self.rowCount(parent) > 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == _DISPLAY:
            return HEADERS[section]
        if role == _ALIGN:
            return _RIGHT if section != NAME else None
        return None

    # -- data --------------------------------------------------------------------------------
    def data(self, index: Index, role: int = _DISPLAY) -> object:
        if not index.isValid():
            return None
        code = self._rows.get(index.internalId())
        if code is None:
            return None
        column = index.column()
        if role == _DISPLAY:
            if column == NAME:
                return code.name
            return f"{self._count(code, column):,}"
        if role == CodeIdRole:
            return code.id
        if column == NAME:
            if role == _DECORATION:
                return self._swatch(code.colour)
            if role == _EDIT:
                return code.name
            if role == _TOOLTIP:
                return code.definition.strip() or NO_DEFINITION
            if role == PinKeyRole:
                return self._pinned.get(code.id)
            if role == ColourRole:
                return code.colour
            return None
        if role == _ALIGN:
            return _RIGHT
        if role == _EDIT:
            return self._count(code, column)
        if role == _TOOLTIP and self._children.get(code.id):
            return _rollup_tip(code, column)
        return None

    def _count(self, code: CodeRow, column: int) -> int:
        """What a count cell shows: a parent's rolls up its sub-codes' (as NVivo's aggregate and
        MAXQDA's folded totals do), so a parent holding only sub-codes does not read 0."""
        own = code.codings if column == CODINGS else code.documents
        if self._children.get(code.id):
            total = code.all_codings if column == CODINGS else code.all_documents
            return own if total is None else total
        return own

    def _swatch(self, colour: str) -> QIcon:
        icon = self._icons.get(colour)
        if icon is None:
            pix = QPixmap(12, 12)
            pix.fill(QColor(colour))
            icon = self._icons[colour] = QIcon(pix)
        return icon

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return _F.ItemIsDropEnabled
        return _NAME_FLAGS if index.column() == NAME else _COUNT_FLAGS

    def setData(self, index: Index, value: object, role: int = _EDIT) -> bool:
        """A rename goes to ``on_rename``; the owner refreshes the model once it is stored."""
        if not index.isValid() or index.column() != NAME or role != _EDIT:
            return False
        code = self._rows.get(index.internalId())
        name = str(value).strip() if value is not None else ""
        if code is None or not name or name == code.name or self.on_rename is None:
            return False
        return bool(self.on_rename(code.id, name))

    # -- drag and drop -----------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [CODE_MIME, SPAN_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = {i.internalId() for i in indexes if i.isValid() and i.internalId() in self._rows}
        ordered = [cid for cid in self.preorder() if cid in ids]
        mime = QMimeData()
        mime.setData(CODE_MIME, QByteArray(json.dumps(ordered).encode()))
        mime.setText("\n".join(self._rows[cid].name for cid in ordered))
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._drop(data, action, row, parent, dry_run=True)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        return self._drop(data, action, row, parent, dry_run=False)

    def _drop(
        self, data: QMimeData, action: Qt.DropAction, row: int, parent: Index, dry_run: bool
    ) -> bool:
        if data is None or action == Qt.DropAction.IgnoreAction:
            return False
        target = parent.internalId() if parent.isValid() else None
        if target is not None and target not in self._rows:
            return False
        if data.hasFormat(CODE_MIME):
            ids = parse_code_ids(bytes(data.data(CODE_MIME).data()))
            if not ids or any(cid not in self._rows for cid in ids):
                return False
            if row < 0 and target is not None:
                return self._merge(ids, target, dry_run)
            return self._move(ids, target, row, dry_run)
        if data.hasFormat(SPAN_MIME):
            span = parse_span(bytes(data.data(SPAN_MIME).data()))
            if span is None or target is None or row >= 0 or self.on_code_span is None:
                return False
            return True if dry_run else bool(self.on_code_span(target, *span))
        return False

    def _merge(self, ids: list[int], target: int, dry_run: bool) -> bool:
        handler = self.on_merge
        if handler is None or any(self.is_within(target, cid) for cid in ids):
            return False
        if dry_run:
            return True
        results = [bool(handler(cid, target)) for cid in ids]
        return any(results)

    def _move(self, ids: list[int], parent_id: int | None, row: int, dry_run: bool) -> bool:
        handler = self.on_move
        if handler is None:
            return False
        plan = plan_move(self._children, self._parent_of, ids, parent_id, row)
        if plan is None:
            return False
        if dry_run:
            return True
        results = [bool(handler(cid, pid, pos)) for cid, pid, pos in plan]
        return any(results)


# -- plain helpers (no Qt) -------------------------------------------------------------------
def _rollup_tip(code: CodeRow, column: int) -> str | None:
    """A parent's count cell: the total shown, and how much of it is the code's own."""
    if column == CODINGS:
        total, own, what = code.all_codings, code.codings, ("coding", "codings")
    else:
        total, own, what = code.all_documents, code.documents, ("document", "documents")
    if total is None:
        return None
    return f"{plural(total, *what)} with its sub-codes; {own:,} on '{code.name}' itself"


def _structure(
    rows: Sequence[CodeRow],
) -> tuple[dict[int | None, list[int]], dict[int, int | None]]:
    """Children lists and parent map; unknown parents and cycles are lifted to the top level."""
    known = {r.id for r in rows}
    children: dict[int | None, list[int]] = {None: []}
    parent_of: dict[int, int | None] = {}
    for r in rows:
        pid = r.parent_id if r.parent_id in known and r.parent_id != r.id else None
        parent_of[r.id] = pid
        children.setdefault(pid, []).append(r.id)
    seen: set[int] = set()

    def visit(root: int) -> None:
        stack = [root]
        while stack:
            cid = stack.pop()
            seen.add(cid)
            stack.extend(children.get(cid, ()))

    for cid in children[None]:
        visit(cid)
    for r in rows:  # only a parent cycle (never written by the services) is left unseen
        if r.id not in seen:
            children[parent_of[r.id]].remove(r.id)
            parent_of[r.id] = None
            children[None].append(r.id)
            visit(r.id)
    return children, parent_of


def _within(parent_of: dict[int, int | None], code_id: int | None, ancestor_id: int) -> bool:
    while code_id is not None:
        if code_id == ancestor_id:
            return True
        code_id = parent_of.get(code_id)
    return False


def plan_move(
    children: dict[int | None, list[int]],
    parent_of: dict[int, int | None],
    ids: Sequence[int],
    parent_id: int | None,
    row: int,
) -> list[tuple[int, int | None, int]] | None:
    """The ``(code_id, new_parent_id, position)`` calls that drop ``ids`` before ``row``.

    ``row`` counts the new parent's children as they are now (-1: at the end). Each position is
    the code's index among its new siblings once it has moved, with the earlier calls of the plan
    already applied, so the owner can run them one after another. Codes whose ancestor is also
    dragged travel with it. ``None`` means refused: a move into itself or a descendant, or a
    drop that would change nothing.
    """
    dragged = set(ids)
    movers = [cid for cid in ids if not (dragged & _ancestors(parent_of, cid))]
    if not movers or len(set(movers)) != len(movers):
        return None
    if parent_id is not None and any(_within(parent_of, parent_id, cid) for cid in movers):
        return None
    before = list(children.get(parent_id, ()))
    if not 0 <= row <= len(before):
        row = len(before)
    anchor = next((cid for cid in before[row:] if cid not in dragged), None)
    siblings = list(before)
    plan: list[tuple[int, int | None, int]] = []
    for cid in movers:
        if cid in siblings:
            siblings.remove(cid)
        position = siblings.index(anchor) if anchor is not None else len(siblings)
        siblings.insert(position, cid)
        plan.append((cid, parent_id, position))
    if siblings == before:
        return None
    return plan


def _ancestors(parent_of: dict[int, int | None], code_id: int) -> set[int]:
    out: set[int] = set()
    current = parent_of.get(code_id)
    while current is not None and current not in out:
        out.add(current)
        current = parent_of.get(current)
    return out


def parse_code_ids(raw: bytes) -> list[int]:
    """The ids in a code drag, or [] when the payload is not a JSON list of integers."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    if not isinstance(value, list) or not all(type(v) is int for v in value):
        return []
    return value


def parse_span(raw: bytes) -> tuple[int, int, int] | None:
    """(document_id, start, end) from a span drag, or None when it is malformed or empty."""
    try:
        value = json.loads(raw.decode("utf-8"))
        doc, start, end = value["document_id"], value["start"], value["end"]
    except (UnicodeDecodeError, ValueError, TypeError, KeyError):
        return None
    if not all(type(v) is int for v in (doc, start, end)) or not 0 <= start < end:
        return None
    return doc, start, end
