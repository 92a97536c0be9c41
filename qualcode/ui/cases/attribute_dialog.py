"""Cases › New attribute…: a name, a type and, for a category, its values in order.

The order of a category's values is the order reports and matrices use (age bands youngest
first, a Likert scale from "strongly disagree"), so the values are typed one per line rather
than picked up from whatever the data holds. The service checks the name; the dialog only
keeps OK off until there is one.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

TYPES = (
    ("Text", "text"),
    ("Number", "number"),
    ("Date", "date"),
    ("Yes/no", "boolean"),
    ("Category (values in order)", "category"),
)


class AttributeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, what: str = "case") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New {what} attribute")
        self.setMinimumWidth(420)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. gender, age, role")
        self.kind = QComboBox(self)
        for text, value in TYPES:
            self.kind.addItem(text, value)
        self.options = QPlainTextEdit(self)
        self.options.setPlaceholderText("One value per line, in the order reports use")
        self.options.setFixedHeight(110)
        self.options_label = QLabel("Values:", self)
        form = QFormLayout()
        form.addRow("Name:", self.name)
        form.addRow("Type:", self.kind)
        form.addRow(self.options_label, self.options)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(lambda _t: self._update())
        self.kind.currentIndexChanged.connect(lambda _i: self._update())
        self._update()

    def _update(self) -> None:
        category = self.type_() == "category"
        self.options.setVisible(category)
        self.options_label.setVisible(category)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.name.text().strip()))

    def type_(self) -> str:
        return str(self.kind.currentData())

    def values(self) -> list[str]:
        """The category's values in order, without blanks or repeats."""
        if self.type_() != "category":
            return []
        lines = (" ".join(line.split()) for line in self.options.toPlainText().splitlines())
        return list(dict.fromkeys(line for line in lines if line))
