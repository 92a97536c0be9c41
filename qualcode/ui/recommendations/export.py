"""File › Export › Recommendations…: the register as Word or Excel, as ``qualcode export
recommendations`` writes it (the format follows the file type chosen in the save dialog)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.domain.wording import plural
from qualcode.storage.project import Project
from qualcode.ui.shell.export_warning import names_ok

if TYPE_CHECKING:
    from qualcode.ui.shell.export_menu import ExportMenu
    from qualcode.ui.shell.long_task import LongTask

FILTERS = "Word document (*.docx);;Excel workbook (*.xlsx)"


def export_register(menu: ExportMenu) -> LongTask | None:
    project = menu._project()
    if project is None:
        return None
    if not names_ok(menu.window, project, "register"):  # real names in what it prints?
        return None

    def write(p: Project, out: Path) -> str:
        from qualcode.services.recommendations.export import export_recommendations

        register = export_recommendations(p, out)
        kind = "Word" if out.suffix.lower() == ".docx" else "Excel"
        return f"{plural(len(register.entries), 'recommendation')} ({kind})."

    return menu._export(
        project, "Export recommendations", "recommendations", FILTERS, ".docx", write
    )
