"""The "Restrict…" popup of the search panel: kinds, speakers, questions, an attribute.

Restrictions are used now and then but take room (a survey can have hundreds of respondents), so
they live in a popup under one button instead of a permanent row; the button and a summary line
say what is active, so a narrowed search is never mistaken for the whole project.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QFont, QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.values import kind_label
from qualcode.services.search.search_choices import SearchChoices

_ID = Qt.ItemDataRole.UserRole


def _checkable(text: str, value: object, tip: str = "") -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(_ID, value)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Unchecked)
    if tip:
        item.setToolTip(tip)
    return item


def _heading(text: str) -> QListWidgetItem:
    item = QListWidgetItem(text)
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
    item.setFlags(Qt.ItemFlag.NoItemFlags)
    return item


def _checked(widget: QListWidget) -> list[QListWidgetItem]:
    items = (widget.item(i) for i in range(widget.count()))
    return [i for i in items if i.data(_ID) is not None and i.checkState() == Qt.CheckState.Checked]


class CheckList(QWidget):
    """A filter line above a list of checkable speakers or questions (ids in the items)."""

    def __init__(self, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText=placeholder, clearButtonEnabled=True)
        self.list = QListWidget()
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)

    def fill_speakers(self, choices: SearchChoices | None) -> None:
        self.list.clear()
        for case_id, name, facilitator in choices.speakers if choices else []:
            label = f"{name}  (facilitator)" if facilitator else name
            self.list.addItem(_checkable(label, case_id))

    def fill_questions(self, choices: SearchChoices | None) -> None:
        self.list.clear()
        instrument = None
        for qid, label, text, inst in choices.questions if choices else []:
            if inst != instrument:
                self.list.addItem(_heading(inst))
                instrument = inst
            self.list.addItem(_checkable(f"{label}  {text}", qid, f"{label}: {text}\n{inst}"))

    def checked_ids(self) -> frozenset[int]:
        return frozenset(int(i.data(_ID)) for i in _checked(self.list))

    def checked_texts(self) -> list[str]:
        return [i.text() for i in _checked(self.list)]

    def check(self, ids: set[int]) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_ID) is not None:
                on = item.data(_ID) in ids
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(_ID) is not None:  # headings stay
                item.setHidden(not all(w in item.text().casefold() for w in words))


class RestrictPopup(QFrame):
    """A popup holding every restriction; ``changed`` fires when it closes with new choices."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kinds = QListWidget()
        self.speakers = CheckList("Filter speakers…")
        self.questions = CheckList("Filter questions…")
        self.attribute = QComboBox()
        self.value = QComboBox()
        self.attribute.currentIndexChanged.connect(self._fill_values)
        self.facilitators = QCheckBox("Include facilitators and interviewers")
        self.facilitators.setChecked(True)
        clear = QPushButton("Clear all")
        clear.clicked.connect(self.clear)
        done = QPushButton("Done")
        done.setDefault(True)
        done.clicked.connect(self.hide)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("<b>Document kinds</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Speakers / respondents</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Questions</b>"), 0, 2)
        grid.addWidget(self.kinds, 1, 0)
        grid.addWidget(self.speakers, 1, 1)
        grid.addWidget(self.questions, 1, 2)
        row = QHBoxLayout()
        for widget in (QLabel("Case attribute"), self.attribute, QLabel("="), self.value):
            row.addWidget(widget)
        row.addSpacing(16)
        row.addWidget(self.facilitators)
        row.addStretch(1)
        row.addWidget(clear)
        row.addWidget(done)
        grid.addLayout(row, 2, 0, 1, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        self.kinds.setMaximumWidth(190)
        self._attributes: dict[str, list[str]] = {}
        self._before: tuple[object, ...] = ()
        self.resize(860, 340)

    # -- content ---------------------------------------------------------------------------------
    def set_choices(self, choices: SearchChoices | None) -> None:
        self.kinds.clear()
        self.speakers.fill_speakers(choices)
        self.questions.fill_questions(choices)
        self._attributes = dict(choices.attributes) if choices else {}
        self.attribute.blockSignals(True)
        self.attribute.clear()
        self.attribute.addItem("(any)", None)
        for name in self._attributes:
            self.attribute.addItem(name, name)
        self.attribute.blockSignals(False)
        self._fill_values()
        self.facilitators.setChecked(True)
        for kind in choices.kinds if choices else []:
            self.kinds.addItem(_checkable(kind_label(kind), kind))
        self._before = self.state()

    def _fill_values(self) -> None:
        self.value.clear()
        name = self.attribute.currentData()
        self.value.setEnabled(name is not None)
        for value in self._attributes.get(name, []) if name else []:
            self.value.addItem(value[:80], value)

    def clear(self) -> None:
        self.set_kinds(set())
        self.speakers.check(set())
        self.questions.check(set())
        self.attribute.setCurrentIndex(0)
        self.facilitators.setChecked(True)

    # -- state -----------------------------------------------------------------------------------
    def kind_values(self) -> frozenset[str]:
        return frozenset(str(i.data(_ID)) for i in _checked(self.kinds))

    def speaker_ids(self) -> frozenset[int]:
        return self.speakers.checked_ids()

    def question_ids(self) -> frozenset[int]:
        return self.questions.checked_ids()

    def attribute_value(self) -> tuple[str, str] | None:
        name, value = self.attribute.currentData(), self.value.currentData()
        return (name, value) if name is not None and value is not None else None

    def include_facilitators(self) -> bool:
        return self.facilitators.isChecked()

    def set_kinds(self, kinds: set[str]) -> None:
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            on = item.data(_ID) in kinds
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def state(self) -> tuple[object, ...]:
        return (
            self.kind_values(),
            self.speaker_ids(),
            self.question_ids(),
            self.attribute_value(),
            self.include_facilitators(),
        )

    def summary(self) -> list[str]:
        """Short phrases naming each active restriction, for the panel's summary line."""
        out = [", ".join(i.text() for i in _checked(self.kinds))]
        names = [t.replace("  (facilitator)", "") for t in self.speakers.checked_texts()]
        out.append(", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else ""))
        labels = [t.split("  ", 1)[0] for t in self.questions.checked_texts()]
        out.append(", ".join(labels[:4]) + (f" +{len(labels) - 4}" if len(labels) > 4 else ""))
        pair = self.attribute_value()
        out.append(f"{pair[0]} = {pair[1]}" if pair else "")
        out.append("" if self.include_facilitators() else "no facilitators")
        return [text for text in out if text]

    # -- showing -----------------------------------------------------------------------------------
    def popup_under(self, widget: QWidget) -> None:
        self._before = self.state()
        screen = widget.screen().availableGeometry()
        where = widget.mapToGlobal(QPoint(0, widget.height()))
        x = min(max(where.x(), screen.left()), screen.right() - self.width())
        y = where.y() if where.y() + self.height() <= screen.bottom() else where.y() - self.height()
        self.move(x, max(y - (widget.height() if y < where.y() else 0), screen.top()))
        self.show()
        self.speakers.filter.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self.state() != self._before:
            self._before = self.state()
            self.changed.emit()
