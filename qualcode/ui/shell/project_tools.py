"""The window's project-wide tools: File › Check Project… and Themes › Quote Attribution….

Installed from here (one call in the window's constructor) so that the main window stays a
layout of panels and these capabilities, which the CLI already had (``qualcode check``,
``qualcode attribution``), reach the window without growing it. The dialogs it opens are kept on
this object so a test, or a second click, finds the one already open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from qualcode.ui.shell.attribution_dialog import AttributionDialog
from qualcode.ui.shell.health_dialog import HealthDialog
from qualcode.ui.shell.menus import menu_named

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow


class ProjectTools(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.health: HealthDialog | None = None
        self.attribution: AttributionDialog | None = None
        self.check_action = QAction("Chec&k Project…", window)
        self.check_action.setStatusTip("Run the checks 'qualcode check' runs and show the counts")
        self.check_action.triggered.connect(lambda _=False: self.check_project())
        self.attribution_action = QAction("Quote &Attribution…", window)
        self.attribution_action.setStatusTip("How quotes are labelled in exports, with a preview")
        self.attribution_action.triggered.connect(lambda _=False: self.edit_attribution())

    def check_project(self) -> HealthDialog | None:
        project = self.window.project
        if project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
            return None
        if self.health is not None:
            self.health.close()
            self.health.deleteLater()
        self.health = HealthDialog(self.window, project).start()
        return self.health

    def edit_attribution(self) -> AttributionDialog | None:
        project = self.window.project
        if project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
            return None
        if self.attribution is not None:
            self.attribution.close()
            self.attribution.deleteLater()
        self.attribution = AttributionDialog(self.window, project)
        self.attribution.open()
        return self.attribution


def install(window: MainWindow) -> ProjectTools:
    """Add File › Check Project… (before Quit's separator) and Themes › Quote Attribution…."""
    tools = ProjectTools(window)
    file = menu_named(window, "File")
    if file is not None:
        separators = [a for a in file.actions() if a.isSeparator()]
        if separators:
            file.insertAction(separators[-1], tools.check_action)
        else:
            file.addAction(tools.check_action)
    themes = menu_named(window, "Themes")
    if themes is not None:
        themes.addSeparator()
        themes.addAction(tools.attribution_action)
    return tools
