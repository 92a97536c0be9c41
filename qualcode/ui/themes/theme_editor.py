"""The theme editor: phase 5's name, status, central organising concept, definition and scope.

The rules (a final theme needs a definition, say) belong to the services, not to this dialog.
Save emits :attr:`ThemeEditorDialog.saveRequested` with the values and the dialog stays open; the
owner runs the service and either calls ``accept()`` or :meth:`ThemeEditorDialog.show_error` with
the service's message, so the researcher can fill in what is missing without losing their text.
When nobody listens to ``saveRequested`` (an owner using ``exec()`` and ``values()``), Save just
accepts.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QMetaMethod, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qualcode.ui.themes.theme_views import STATUSES, ThemeRow
from qualcode.ui.themes.themes_panel import status_icon, swatch_icon

FIELDS = ("name", "status", "colour", "central_concept", "definition", "scope", "narrative")
ERROR_STYLE = "border: 1px solid #dc2626;"
HINTS = {
    "central_concept": "The one idea that holds the theme together (a shared meaning, not a topic)",
    "definition": "What the theme is about, in two or three sentences",
    "scope": "What is in the theme, and what is out (and where that goes instead)",
    "narrative": "The analytic story of the theme: what it tells us and why it matters",
}


class ThemeEditorDialog(QDialog):
    """Edit one theme's fields; errors come from the owner and the dialog stays open."""

    saveRequested = Signal(dict)  # the values(), when Save is pressed

    def __init__(self, theme: ThemeRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Theme: {theme.name}" if theme else "New theme")
        self.setMinimumWidth(560)
        self.theme_id = theme.id if theme else None
        self.name = QLineEdit(theme.name if theme else "")
        self.name.setPlaceholderText("A name that says what the theme is about")
        self.status = QComboBox()
        for status in STATUSES:
            self.status.addItem(status_icon(status), status, status)
        current = self.status.findData(theme.status if theme else "candidate")
        self.status.setCurrentIndex(max(current, 0))
        self._colour = theme.colour if theme else "#5b8def"
        self.colour = QPushButton()
        self.colour.setToolTip("Choose the theme's colour on the map")
        self.colour.clicked.connect(self._pick_colour)
        self._show_colour()
        self.central_concept = self._text(theme.central_concept if theme else "", 2)
        self.definition = self._text(theme.definition if theme else "", 3)
        self.scope = self._text(theme.scope if theme else "", 3)
        self.narrative = self._text(theme.narrative if theme else "", 6)
        for name, hint in HINTS.items():
            self.text_editor(name).setPlaceholderText(hint)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(QLabel("Colour"))
        top.addWidget(self.colour)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Name", self.name)
        status_label = QLabel("&Status")
        status_label.setBuddy(self.status)
        form.addRow(status_label, top)
        form.addRow("Central &concept", self.central_concept)
        form.addRow("&Definition", self.definition)
        form.addRow("Sco&pe (in / out)", self.scope)
        form.addRow("Analytic &narrative", self.narrative)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(
            "color: #991b1b; background: #fee2e2; border: 1px solid #fca5a5;"
            " border-radius: 3px; padding: 6px;"
        )
        self.error.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    @staticmethod
    def _text(value: str, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(value)
        edit.setTabChangesFocus(True)
        height = edit.fontMetrics().lineSpacing() * lines + 14
        edit.setMinimumHeight(height)
        if lines < 6:
            edit.setMaximumHeight(height + edit.fontMetrics().lineSpacing() * 2)
        return edit

    def editor(self, field: str) -> QWidget:
        """The input widget for one of :data:`FIELDS`."""
        return {"colour": self.colour}.get(field) or getattr(self, field)

    def text_editor(self, field: str) -> QPlainTextEdit:
        """The text box of one of the free-text fields (those in :data:`HINTS`)."""
        edit = self.editor(field)
        assert isinstance(edit, QPlainTextEdit)
        return edit

    def values(self) -> dict[str, str]:
        """Every field as text, keyed as in :data:`FIELDS`."""
        texts = {
            f: self.text_editor(f).toPlainText().strip()
            for f in ("central_concept", "definition", "scope", "narrative")
        }
        return {
            "name": self.name.text().strip(),
            "status": str(self.status.currentData()),
            "colour": self._colour,
            **texts,
        }

    def show_error(self, msg: str, fields: Sequence[str] = ()) -> None:
        """Show the owner's message (e.g. what a final theme still lacks); mark ``fields``."""
        self.error.setText(msg)
        self.error.setVisible(bool(msg))
        for name in FIELDS:
            if name != "colour":
                self.editor(name).setStyleSheet(ERROR_STYLE if name in fields else "")
        if fields and fields[0] in FIELDS:
            self.editor(fields[0]).setFocus()

    def clear_error(self) -> None:
        self.show_error("")

    def _save(self) -> None:
        self.clear_error()
        if self.isSignalConnected(QMetaMethod.fromSignal(self.saveRequested)):
            self.saveRequested.emit(self.values())
        else:
            self.accept()

    def _pick_colour(self) -> None:
        colour = QColorDialog.getColor(QColor(self._colour), self, "Theme colour")
        if colour.isValid():
            self.set_colour(colour.name())

    def set_colour(self, colour: str) -> None:
        self._colour = colour
        self._show_colour()

    def _show_colour(self) -> None:
        self.colour.setIcon(swatch_icon(self._colour, size=14))
        self.colour.setText(self._colour)
        self.colour.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
