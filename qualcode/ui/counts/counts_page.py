"""The Counts & charts tab, built the first time it is shown.

The tab needs pandas and matplotlib, which take about a second to load: longer than the rest of
the window together. Until a researcher opens the tab, this page only remembers the project and
the codes selected in the codebook, and the window appears without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from qualcode.storage.project import Project
    from qualcode.ui.counts.counts_tab import CountsTab


class CountsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab: CountsTab | None = None
        self._project: Project | None = None
        self._codes: list[int] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._tab is not None

    def tab(self) -> CountsTab:
        """The real tab, built (with its libraries loaded) on first use."""
        if self._tab is None:
            from qualcode.ui.counts.counts_tab import CountsTab

            self._tab = CountsTab(self)
            self._layout.addWidget(self._tab)
            self._tab.set_project(self._project)
            if self._codes:
                self._tab.set_selected_codes(self._codes)
        return self._tab

    def showEvent(self, event: QShowEvent) -> None:
        self.tab()
        super().showEvent(event)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        if self._tab is not None:
            self._tab.set_project(project)

    def set_selected_codes(self, ids: list[int]) -> None:
        self._codes = list(ids)
        if self._tab is not None:
            self._tab.set_selected_codes(ids)

    def mark_stale(self) -> None:
        if self._tab is not None:
            self._tab.mark_stale()
