"""The Sample & survey tab, built the first time it is shown.

Like the Counts tab (:mod:`qualcode.ui.counts.counts_page`): the tab needs pandas and matplotlib,
so until a researcher opens it this page only remembers the project, and the window appears
without loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from qualcode.storage.project import Project
    from qualcode.ui.survey.survey_tab import SurveyTab


class SurveyPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tab: SurveyTab | None = None
        self._project: Project | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._tab is not None

    def tab(self) -> SurveyTab:
        """The real tab, built (with its libraries loaded) on first use."""
        if self._tab is None:
            from qualcode.ui.survey.survey_tab import SurveyTab

            self._tab = SurveyTab(self)
            self._layout.addWidget(self._tab)
            self._tab.set_project(self._project)
        return self._tab

    def showEvent(self, event: QShowEvent) -> None:
        self.tab()
        super().showEvent(event)

    def set_project(self, project: Project | None) -> None:
        self._project = project
        if self._tab is not None:
            self._tab.set_project(project)

    def mark_stale(self) -> None:
        if self._tab is not None:
            self._tab.mark_stale()
