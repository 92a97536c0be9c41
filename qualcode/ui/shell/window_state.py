"""The main window's size, position and dock layout, remembered per user between sessions.

Qt serialises both (``saveGeometry``/``saveState``); they are kept in the user's QSettings (the
organisation and application names are set in :mod:`qualcode.ui.shell.app`), never in the
project file, since a layout belongs to a screen and a person, not to a study. The dock layout's
key changes with the set of docks, so a layout saved by an older version (other docks, other tab
groups) is ignored rather than restored over the current one.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

GEOMETRY_KEY = "main/geometry"
STATE_KEY = "main/state-v3"  # v3: the Frameworks dock


def has_saved_layout() -> bool:
    """Whether a dock layout was saved (if not, the window sizes its docks itself)."""
    return QSettings().value(STATE_KEY) is not None


def restore_layout(window: QMainWindow) -> None:
    """Put back the saved size, position and docks (before the window is first shown)."""
    settings = QSettings()
    geometry = settings.value(GEOMETRY_KEY)
    if isinstance(geometry, QByteArray | bytes):
        window.restoreGeometry(QByteArray(geometry))
    state = settings.value(STATE_KEY)
    if isinstance(state, QByteArray | bytes):
        window.restoreState(QByteArray(state))


def save_layout(window: QMainWindow) -> None:
    """Remember the size, position and docks (when the window closes)."""
    settings = QSettings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.setValue(STATE_KEY, window.saveState())
    settings.sync()
