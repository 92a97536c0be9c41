"""The main window on a fresh copy of the sample project: what most GUI tests start from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, sample_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(sample_path)
    yield win
    win.close()
