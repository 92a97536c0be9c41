"""When a view of counts recomputes: at once if it is on screen, else when it is next shown.

The Counts tab and the Sample & survey tab read the whole project; recomputing them after every
coding while they are hidden would be wasted work, and recomputing on each step of a slider
dragged through its values would queue a dozen reads. So a change only marks the view stale;
it recomputes (once, 120 ms after the last request) when it is visible or becomes so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

DELAY_MS = 120  # requests closer together than this run once


class StaleView(QObject):
    def __init__(self, view: QWidget, recompute: Callable[[], None]) -> None:
        super().__init__(view)
        self.view = view
        self.stale = True  # nothing computed yet
        self.recompute = recompute
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)
        self.timer.timeout.connect(self._run)

    def mark_stale(self) -> None:
        """The project changed: recompute now if the view is on screen, else when shown."""
        self.stale = True
        if self.view.isVisible():
            self.timer.start()

    def shown(self) -> None:
        """Call from the view's ``showEvent``."""
        if self.stale:
            self.timer.start()

    def schedule(self) -> None:
        """A choice in the view changed: recompute (once the choices settle)."""
        self.timer.start()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def _run(self) -> None:
        self.stale = False
        self.recompute()
