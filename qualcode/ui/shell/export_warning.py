"""The check before a quote bank or theme report is written: are real names still in the quotes?

File › Export calls :func:`names_ok` before it asks for the file; the finding comes from
:func:`~qualcode.services.protection.export_check.names_before_export` (the participants' case
names, plus the real strings of a map applied or loaded in this session, which the Protect menu
holds in memory only). The researcher sees each name and how many quotes hold it, and chooses
Export anyway or Cancel. The check reads only the quotes and takes milliseconds, so it runs on the
GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from qualcode.domain.wording import plural
from qualcode.services.protection.export_check import names_before_export
from qualcode.storage.project import Project

if TYPE_CHECKING:
    from qualcode.ui.shell.main_window import MainWindow

EXPORT_ANYWAY = "Export anyway"
SHOWN = 12  # names listed before "and N more"


def names_ok(window: MainWindow, project: Project, quotes: str = "key") -> bool:
    """True when no real name was found, or the researcher chose to export anyway."""
    found = names_before_export(project, quotes, sorted(window.protect.map_reals))
    if not found:
        return True
    lines = [
        f"• {name}: in {plural(n, 'quote or label', 'quotes or labels')}"
        for name, n in found.items()
    ]
    more = len(lines) - SHOWN
    listed = "\n".join(lines[:SHOWN]) + (f"\n…and {more} more" if more > 0 else "")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Real names in the export",
        "These participants' real names still appear in the quotes or attributions about to "
        f"be written:\n\n{listed}\n\nPseudonymise them (Protect › Pseudonymise…) or edit the "
        "quotes first, or export anyway.",
        QMessageBox.StandardButton.Cancel,
        window,
    )
    anyway = box.addButton(EXPORT_ANYWAY, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is anyway
