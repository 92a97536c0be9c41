"""The main window on the two-coder project of tests/team (Alex and Bea coded one transcript)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from qualcode.ui.shell.main_window import MainWindow
from tests.team.conftest import TwoCoders


@pytest.fixture(name="team_window")
def team_window_fixture(qtbot: Any, two_coders: TwoCoders) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(two_coders.path)
    yield win
    win.close()


def shot(widget: Any, name: str) -> None:
    """A 1280x720 screenshot to look at (not compared by the tests)."""
    widget.resize(1280, 720)
    widget.grab().save(f"/tmp/shots/{name}.png")
