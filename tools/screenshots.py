"""Take the documentation's screenshots: the main window and each dialog at 1280×720.

Run from a checkout: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py``. It builds
the sample project in a temporary folder, opens the window on it and saves PNGs in
``docs/screenshots/``. Look at every picture before committing them.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1280, 720)
PARTICIPANTS = (
    "Name,Gender,Age,Role\nMargaret,Female,47,Family member or carer\n"
    "Tony,Male,52,Lived experience\nDes,Male,44,Lived experience\n"
    "Sandra,female,41,Family member or carer\n"
    "Nadia,Female,30,Lived experience\n"
)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    settings = tempfile.mkdtemp(prefix="qualcode-shots-settings-")
    os.environ["XDG_CONFIG_HOME"] = settings  # a fresh layout, not the developer's own
    from qualcode.services.participants.sheets import preview_sheet
    from qualcode.services.refi.refi import export_qdpx, preview_refi
    from qualcode.services.samples.samples import build_sample
    from qualcode.ui.cases.derive_dialogs import BandDialog, RecodeDialog
    from qualcode.ui.cases.sheet_dialog import SheetImportDialog
    from qualcode.ui.cases.speakers_dialog import SpeakersDialog
    from qualcode.ui.coding.document_attributes import DocumentAttributesDialog
    from qualcode.ui.shell.attribution_dialog import AttributionDialog
    from qualcode.ui.shell.export_dialogs import MatrixDialog
    from qualcode.ui.shell.health_dialog import HealthDialog
    from qualcode.ui.shell.import_dialog import ImportDialog
    from qualcode.ui.shell.main_window import MainWindow
    from qualcode.ui.shell.refi_menu import RefiPreviewDialog

    folder = Path(tempfile.mkdtemp(prefix="qualcode-shots-"))
    build_sample(folder / "sample.qcproj").close()
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    assert window.open_project(folder / "sample.qcproj")
    project = window.project
    assert project is not None
    OUT.mkdir(parents=True, exist_ok=True)

    def settle(ms: int = 300) -> None:
        for _ in range(max(1, ms // 20)):
            app.processEvents()
            QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]

    def shot(name: str, widget: QWidget) -> None:
        settle()
        widget.grab().save(str(OUT / f"{name}.png"))
        print(f"wrote docs/screenshots/{name}.png")

    def dialog(name: str, make: Callable[[], QDialog], size: tuple[int, int] | None = None) -> None:
        d = make()
        if size:
            d.resize(*size)
        d.show()
        shot(name, d)
        d.close()

    window.documents.select_document(2)
    shot("main-window", window)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        label = "-".join(re.findall(r"[a-z]+", window.tabs.tabText(index).lower()))
        if label != "document":  # the main window's picture already shows it
            shot(f"tab-{label}", window)
    window.cases.show()  # the Cases tab on the focus groups' participants, sorted by age
    panel = window.cases.panel
    panel.filter.setText("focus-group")
    panel.view.sortByColumn(panel.model.column_of("Age"), Qt.SortOrder.AscendingOrder)
    shown = {"Gender", "Age", "age_band", "Area", "Role"}
    panel.set_hidden({c.title for c in panel.model.columns if c.attribute} - shown)
    shot("cases-panel", window)
    panel.set_hidden(set())
    panel.filter.clear()
    window.tabs.setCurrentIndex(0)
    window.show_search()
    window.search.query.setText("waiting")
    window.search.run_search()
    settle(4000)
    shot("search", window)
    frameworks = window.frameworks.panel.parentWidget()
    if frameworks is not None:
        frameworks.show()
        frameworks.raise_()
        shot("frameworks-panel", window)

    def importing() -> QDialog:
        d = ImportDialog(project, window)
        d.add_paths(
            [ROOT / "samples" / "focus-group-40-55.txt", ROOT / "samples" / "quote-sheet.xlsx"]
        )
        return d

    dialog("import-dialog", importing)
    settle(1500)
    dialog(
        "export-matrix-options",
        lambda: MatrixDialog(["Wirral Drugs Strategy 2023-2027"], None, window),
    )
    export_qdpx(project, folder / "sample.qdpx")
    report = preview_refi(project, folder / "sample.qdpx")
    dialog("refi-import-preview", lambda: RefiPreviewDialog(report, project.path.name, window))
    dialog("quote-attribution", lambda: AttributionDialog(window, project))
    dialog("document-attributes", lambda: DocumentAttributesDialog(window, 2))
    group = next(r.id for r in window.documents.rows if r.name == "focus-group-40-55")
    dialog("cases-speakers", lambda: SpeakersDialog(window, group))
    dialog("cases-derive-bands", lambda: BandDialog(window))
    dialog("cases-recode", lambda: RecodeDialog(window))
    sheet = folder / "participants.csv"
    sheet.write_text(PARTICIPANTS, encoding="utf-8")

    def participant_sheet() -> QDialog:
        d = SheetImportDialog(window, sheet)
        d.show_preview(preview_sheet(project, sheet))
        return d

    dialog("cases-import-sheet", participant_sheet)
    health = HealthDialog(window, project).start()
    settle(3000)
    shot("check-project", health)
    health.close()
    window.close()


if __name__ == "__main__":
    main()
