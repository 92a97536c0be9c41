"""The Sample & survey tab, built the first time it is shown (it needs pandas and matplotlib:
see :mod:`qualcode.ui.shell.lazy_page`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from qualcode.ui.shell.lazy_page import LazyPage

if TYPE_CHECKING:
    from qualcode.ui.survey.survey_tab import SurveyTab


def _build(parent: QWidget) -> SurveyTab:
    from qualcode.ui.survey.survey_tab import SurveyTab

    return SurveyTab(parent)


class SurveyPage(LazyPage["SurveyTab"]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_build, parent)
