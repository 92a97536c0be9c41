"""Cases › Derive bands… and Recode values…: derived attributes, previewed before they exist.

A band's cut points are easy to get wrong by one ("40-55" or "40-56"?), so the band dialog shows
the bands the cuts make and how many cases fall in each as the user types, through the very
functions the service stores values with. The recode dialog starts from the service's
suggestion (values that differ only by case, spacing or an initial) and lets the user edit each
new value before anything changes. Both write through the window's undo stack, one step each;
a refusal is shown in the dialog, which stays open.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.values import AttributeType
from qualcode.domain.wording import plural
from qualcode.services.participants.case_table import CaseAttribute, CaseTable, case_table
from qualcode.services.participants.derived import (
    define_band,
    define_recode,
    suggest_recode,
)
from qualcode.services.participants.derived_values import band_labels, band_of, check_cuts

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

ERROR_STYLE = "color: #B00020;"
DEFAULT_CUTS = "18,25,40,56,66"


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setMinimumHeight(190)
    return table


def _item(text: str, editable: bool = False, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled
    if editable:
        flags |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class _Derive(QDialog):
    """What both dialogs share: the window, the case sheet, an error line and OK/Cancel."""

    def __init__(self, window: MainWindow, title: str, kinds: tuple[str, ...]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        project = window.project
        self.table = case_table(project) if project is not None else CaseTable((), ())
        self.sources = [a for a in self.table.attributes if a.type in kinds]
        self.source = QComboBox(self)
        for attr in self.sources:
            self.source.addItem(attr.name, attr.id)
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def attribute(self) -> CaseAttribute | None:
        at = self.source.currentIndex()
        return self.sources[at] if 0 <= at < len(self.sources) else None

    def values(self) -> list[str]:
        attr = self.attribute()
        if attr is None:
            return []
        return [c.values[attr.id] for c in self.table.cases if c.values.get(attr.id, "")]

    def say(self, message: str) -> None:
        self.error.setText(message)

    def save(self) -> None:
        raise NotImplementedError


class BandDialog(_Derive):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window, "Derive bands", (AttributeType.NUMBER.value,))
        self.cuts = QLineEdit(DEFAULT_CUTS, self)
        self.cuts.setToolTip("Where each band starts, increasing: 18,25,40,56,66 gives 18-24 …")
        self.name = QLineEdit(self)
        self.preview = _table(["Band", "Cases"], self)
        form = QFormLayout()
        self.source.setToolTip("The number attribute of the cases to band, e.g. age")
        form.addRow("Source:", self.source)
        form.addRow("Cut points:", self.cuts)
        form.addRow("New attribute:", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("The bands these cuts make, and how many cases fall in each:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.source.currentIndexChanged.connect(lambda _i: self.update_preview())
        self.cuts.textChanged.connect(lambda _t: self.update_preview())
        self.update_preview()

    def cut_points(self) -> tuple[float, ...]:
        parts = [p.strip() for p in self.cuts.text().replace(";", ",").split(",") if p.strip()]
        try:
            numbers = [float(p) for p in parts]
        except ValueError:
            bad = next(p for p in parts if not _is_number(p))
            raise QualCodeError(f"'{bad}' is not a number.") from None
        return check_cuts(numbers)

    def update_preview(self) -> None:
        attr = self.attribute()
        self.name.setPlaceholderText(f"{attr.name}_band" if attr is not None else "")
        self.preview.setRowCount(0)
        if attr is None:
            self.say("No case attribute is a number yet: add an age first (New attribute…).")
            self.ok.setEnabled(False)
            return
        try:
            cuts = self.cut_points()
        except QualCodeError as exc:
            self.say(str(exc))
            self.ok.setEnabled(False)
            return
        counts = Counter(band_of(v, cuts) for v in self.values())
        labels = band_labels(cuts)
        self.preview.setRowCount(len(labels))
        for row, label in enumerate(labels):
            self.preview.setItem(row, 0, _item(label))
            self.preview.setItem(row, 1, _item(f"{counts.get(label, 0):,}", right=True))
        unbanded = counts.get("", 0)
        self.say(
            f"{plural(unbanded, 'value')} that {'is' if unbanded == 1 else 'are'} not a number "
            "will have no band."
            if unbanded
            else ""
        )
        self.ok.setEnabled(True)

    def save(self) -> None:
        attr = self.attribute()
        if attr is None:
            return
        try:
            cuts = self.cut_points()
        except QualCodeError as exc:
            self.say(str(exc))
            return
        name = self.name.text().strip() or None
        label = f"Derive {name or attr.name + '_band'}"
        change = self.window_.coding.run(
            label, lambda p: define_band(p, attr.name, cuts, name), self.say
        )
        if change is not None:
            self.accept()


class RecodeDialog(_Derive):
    def __init__(self, window: MainWindow) -> None:
        kinds = (AttributeType.TEXT.value, AttributeType.CATEGORY.value)
        super().__init__(window, "Recode values", kinds)
        self.mapping = _table(["Value now", "Cases", "Becomes"], self)
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.into_new = QCheckBox("Into a new attribute, kept up to date with the source:", self)
        self.name = QLineEdit(self)
        self.name.setEnabled(False)
        self.into_new.toggled.connect(self.name.setEnabled)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow("Attribute:", self.source)
        into = QHBoxLayout()
        into.addWidget(self.into_new)
        into.addWidget(self.name, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(into)
        layout.addWidget(
            QLabel("Each value and what it becomes (suggested: spellings of the same value):")
        )
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if not self.sources:
            self.say("No case attribute holds text or categories yet.")
        project = window.project
        if project is not None:  # start on the first attribute with spellings to harmonise
            first = next((a for a in self.sources if suggest_recode(project, a.name)), None)
            if first is not None:
                self.source.setCurrentIndex(self.sources.index(first))
        self.source.currentIndexChanged.connect(lambda _i: self.load())
        self.load()

    def load(self) -> None:
        attr = self.attribute()
        self.mapping.setRowCount(0)
        self.ok.setEnabled(attr is not None)
        project = self.window_.project
        if attr is None or project is None:
            return
        self.name.setText(f"{attr.name}_recoded")
        suggested = suggest_recode(project, attr.name)
        counts = Counter(self.values())
        values = sorted(counts, key=str.casefold)
        self.mapping.setRowCount(len(values))
        for row, value in enumerate(values):
            self.mapping.setItem(row, 0, _item(value))
            self.mapping.setItem(row, 1, _item(f"{counts[value]:,}", right=True))
            self.mapping.setItem(row, 2, _item(suggested.get(value, value), editable=True))
        n = len(suggested)
        self.note.setText(
            f"{plural(n, 'value')} suggested for harmonising; edit any new value."
            if n
            else "No spellings to harmonise were found; edit any new value."
        )

    def chosen(self) -> dict[str, str]:
        """old → new for the rows whose new value differs."""
        out = {}
        for row in range(self.mapping.rowCount()):
            old, new = self.mapping.item(row, 0), self.mapping.item(row, 2)
            if old is not None and new is not None and new.text().strip() != old.text():
                out[old.text()] = new.text().strip()
        return out

    def save(self) -> None:
        attr = self.attribute()
        if attr is None:
            return
        mapping = self.chosen()
        name = self.name.text().strip() if self.into_new.isChecked() else None
        label = f"Recode {attr.name}"
        change = self.window_.coding.run(
            label, lambda p: define_recode(p, attr.name, mapping, name), self.say
        )
        if change is not None:
            self.accept()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _open(window: MainWindow, dialog: QDialog) -> QDialog | None:
    if window.project is None:
        return None
    dialog.open()
    return dialog


def open_band_dialog(window: MainWindow) -> QDialog | None:
    return _open(window, BandDialog(window)) if window.project is not None else None


def open_recode_dialog(window: MainWindow) -> QDialog | None:
    return _open(window, RecodeDialog(window)) if window.project is not None else None
