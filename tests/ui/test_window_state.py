"""The window comes back as the user left it: its size and which docks were shown. Settings are
written to a folder of the test's own (``own_qt_settings`` in tests/conftest.py), never to the
user's settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from qualcode.ui.shell.main_window import MainWindow


def _dock(window: MainWindow, name: str) -> QDockWidget:
    dock = window.findChild(QDockWidget, name)
    assert isinstance(dock, QDockWidget)
    return dock


def test_a_new_window_has_the_size_and_docks_the_last_one_closed_with(
    qtbot, own_qt_settings: Path
) -> None:
    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    # Qt fits a restored window to the screen: the offscreen one is 800 x 800, narrower than
    # the window's minimum width (about 876), so only the height can be checked exactly
    first.resize(first.minimumSizeHint().width(), 750)
    assert first.height() == 750 != MainWindow.DEFAULT_SIZE.height()  # not what a new one has
    _dock(first, "dock-memos").toggleViewAction().trigger()  # View › Memos: hidden
    assert _dock(first, "dock-memos").isHidden()
    first.close()
    assert Path(QSettings().fileName()).is_relative_to(own_qt_settings)
    assert Path(QSettings().fileName()).exists()

    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert second.height() == 750
    assert second.width() <= max(first.width(), second.screen().availableGeometry().width())
    assert _dock(second, "dock-memos").isHidden()
    assert not _dock(second, "dock-codebook").isHidden()
    second.close()
