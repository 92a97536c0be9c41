"""The main window on a freshly built sample project: what most GUI tests start from."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualcode.services.samples.samples import build_sample
from qualcode.ui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    build_sample(tmp_path / "sample.qcproj").close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(tmp_path / "sample.qcproj")
    yield win
    win.close()
