"""Start the Qt application: one main window, optionally on a project."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from qualcode.ui.shell.main_window import MainWindow


def run_app(project: Path | str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("QualCode")
    app.setOrganizationName("QualCode")
    window = MainWindow()
    window.show()
    if project is not None:
        window.open_project(project if isinstance(project, str) else Path(project))
    return app.exec()
