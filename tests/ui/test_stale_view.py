"""A view of counts recomputes when it is on screen: a change while it is hidden only marks it,
showing it recomputes once, and requests close together (a slider dragged) run once."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from qualcode.ui.shell.stale_view import DELAY_MS, StaleView


def test_recomputes_when_shown_and_once_per_burst(qtbot: Any) -> None:
    view = QWidget()
    qtbot.addWidget(view)
    runs: list[int] = []
    refresh = StaleView(view, lambda: runs.append(1))
    refresh.mark_stale()
    qtbot.wait(DELAY_MS * 3)
    assert runs == []  # hidden: nothing read
    view.show()
    refresh.shown()
    qtbot.waitUntil(lambda: runs == [1], timeout=2_000)
    assert not refresh.stale and not refresh.pending
    for _ in range(10):
        refresh.schedule()
    qtbot.wait(DELAY_MS * 3)
    assert runs == [1, 1]
    refresh.shown()  # shown again with nothing changed: no read
    qtbot.wait(DELAY_MS * 3)
    assert runs == [1, 1]
    refresh.mark_stale()  # on screen: at once
    qtbot.waitUntil(lambda: len(runs) == 3, timeout=2_000)
