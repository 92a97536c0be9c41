"""A small editor for one document's attributes (date, venue, pseudonym...), typed and undoable.

Document attributes feed quote attributions and filters, but until now they could only be set by
an import. The editor shows every document attribute of the project with an input suited to its
type (a yes/no or closed-category list to pick from, a line with suggestions for an open category,
a line for text, numbers and dates). Values are checked by the service, not here: a value it
refuses ("'abc' is not a number.") is shown in its words under the field and nothing is written,
so the dialog never holds a rule of its own. Each accepted edit is one undo step through the
window's undo stack, and the dialog follows the window's ``changed`` signal, so Edit › Undo puts
the old value back in the field too. New attributes can be added from here (document scope).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.changes import Changes
from qualcode.domain.errors import QualCodeError
from qualcode.domain.values import AttributeType
from qualcode.services.documents.cases import define_attribute, set_attribute_value
from qualcode.services.documents.document_details import DocumentAttribute, document_attributes
from qualcode.services.undo.changes import Change
from qualcode.services.undo.tracking import perform
from qualcode.storage.project import Project
from qualcode.ui.shell.commands import push

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

ERROR_STYLE = "color: #B00020;"
HINTS = {
    "number": "a number, e.g. 42",
    "date": "a date: YYYY-MM-DD or DD/MM/YYYY",
    "text": "",
}
TYPES = [
    ("Text", "text"),
    ("Number", "number"),
    ("Date", "date"),
    ("Yes/no", "boolean"),
    ("Category", "category"),
]


def run_or_explain(window: MainWindow, label: str, action: Callable[[Project], Change]) -> str:
    """Run ``action`` as one undoable operation; return the service's refusal ("" if it ran)."""
    project = window.project
    if project is None:
        return "No project is open."
    try:
        change = perform(project, action)
    except QualCodeError as exc:
        return str(exc)
    push(window.coding.stack, project, change, label, window.notify)
    window.statusBar().showMessage(change.summary, 5_000)
    return ""


class _Field:
    """One attribute's input and its error line."""

    def __init__(self, attr: DocumentAttribute, commit: Callable[[DocumentAttribute, str], None]):
        self.attr = attr
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        self.editor: QComboBox | QLineEdit
        if attr.type == "boolean" or (attr.type == "category" and attr.options):
            combo = QComboBox()
            choices = (
                [("yes", "true"), ("no", "false")]
                if attr.type == "boolean"
                else [(o, o) for o in attr.options]
            )
            combo.addItem("(not set)", "")
            for text, value in choices:
                combo.addItem(text, value)
            combo.activated.connect(lambda _i: commit(self.attr, str(combo.currentData())))
            self.editor = combo
        else:
            line = QLineEdit()
            line.setPlaceholderText(
                f"e.g. {', '.join(attr.used[:3])}" if attr.used else HINTS.get(attr.type, "")
            )
            if attr.used:
                completer = QCompleter(list(attr.used), line)
                completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
                line.setCompleter(completer)
            line.editingFinished.connect(lambda: commit(self.attr, line.text()))
            self.editor = line
        self.show(attr)

    def show(self, attr: DocumentAttribute) -> None:
        self.attr = attr
        if isinstance(self.editor, QComboBox):
            self.editor.setCurrentIndex(max(self.editor.findData(attr.value), 0))
        elif self.editor.text() != attr.value:
            self.editor.setText(attr.value)

    def say(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))


class DocumentAttributesDialog(QDialog):
    def __init__(self, window: MainWindow, doc_id: int) -> None:
        super().__init__(window)
        self.window_ = window
        self.doc_id = doc_id
        self.fields: dict[int, _Field] = {}
        self.setWindowTitle("Document attributes")
        self.setMinimumWidth(460)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.form_box = QWidget()
        self.form = QFormLayout(self.form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.empty = QLabel("This project has no document attributes yet: add one below.")
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.add_button = QPushButton("Add attribute…")
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)  # Return in a field saves it; it must not close
        buttons.rejected.connect(self.close)
        self.add_button.clicked.connect(self.add_attribute)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.form_box)
        layout.addWidget(self.empty)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(buttons)
        window.changed.connect(self._changed)
        self.reload()

    def _changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Show the stored values (rebuilding the form only when the attributes changed)."""
        project = self.window_.project
        try:
            attrs = document_attributes(project, self.doc_id) if project is not None else []
            name = next((r.name for r in self.window_.documents.rows if r.id == self.doc_id), "")
        except QualCodeError:  # the document was deleted meanwhile
            self.close()
            return
        self.heading.setText(
            f"<b>{name}</b>: values are checked by type; each change can be undone (Edit › Undo)."
        )
        if [a.id for a in attrs] != list(self.fields) or any(
            a.options != self.fields[a.id].attr.options for a in attrs
        ):
            while self.form.rowCount():
                self.form.removeRow(0)
            self.fields = {}
            for attr in attrs:
                field = _Field(attr, self.commit)
                self.fields[attr.id] = field
                box = QWidget()
                column = QVBoxLayout(box)
                column.setContentsMargins(0, 0, 0, 0)
                column.setSpacing(2)
                column.addWidget(field.editor)
                column.addWidget(field.error)
                kind = dict((v, k.lower()) for k, v in TYPES).get(attr.type, attr.type)
                label = QLabel(f"{escape(attr.name)} <span style='color:#777'>({kind})</span>:")
                label.setToolTip(f"{attr.name}: a {kind} attribute of every document")
                self.form.addRow(label, box)
        else:
            for attr in attrs:
                self.fields[attr.id].show(attr)
        self.empty.setVisible(not attrs)

    def commit(self, attr: DocumentAttribute, raw: str) -> None:
        field = self.fields.get(attr.id)
        if field is None or raw.strip() == attr.value:
            if field is not None:
                field.say("")
            return
        doc = self.doc_id
        refused = run_or_explain(
            self.window_,
            f"Set {attr.name}",
            lambda p: set_attribute_value(p, attr.id, raw, document_id=doc),
        )
        field.say(refused)

    def add_attribute(self) -> None:
        name, ok = QInputDialog.getText(self, "Add attribute", "Name of the document attribute:")
        if not ok or not name.strip():
            return
        labels = [label for label, _value in TYPES]
        chosen, ok = QInputDialog.getItem(self, "Add attribute", "Type:", labels, 0, False)
        if not ok:
            return
        kind = dict(TYPES).get(chosen, AttributeType.TEXT.value)
        refused = run_or_explain(
            self.window_,
            f"Add attribute '{name.strip()}'",
            lambda p: define_attribute(p, name, kind, scope="document"),
        )
        self.problem.setText(refused)
        self.problem.setVisible(bool(refused))
