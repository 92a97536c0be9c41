"""The import dialog, offscreen: preview before writing, remap speakers, import in a worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from qualcode.storage.models import Case, Document, Part
from qualcode.storage.project import Project
from qualcode.ui.shell.import_dialog import ImportDialog
from qualcode.ui.shell.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _preview_texts(dialog: ImportDialog) -> list[str]:
    out = []
    for i in range(dialog.preview.topLevelItemCount()):
        top = dialog.preview.topLevelItem(i)
        out.append(top.text(0))
        out += [top.child(j).text(0) for j in range(top.childCount())]
    return out


def test_preview_remap_and_import(qtbot, project_path: Path, tmp_path: Path) -> None:
    project = Project.create(project_path)
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([SAMPLES / "focus-group-40-55.txt", SAMPLES / "research-grid-03.txt"])
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    shown = _preview_texts(dialog)
    assert "Case: Margaret" in shown and "Question Q3" in shown
    with project.session() as s:
        assert s.scalars(select(Document)).all() == []  # nothing written by the preview
    dialog.grab().save(str(tmp_path / "import.png"))

    # Rename Tony to Margaret: the two labels become one case.
    rows = {dialog.speakers.item(r, 0).text(): r for r in range(dialog.speakers.rowCount())}
    dialog.speakers.item(rows["Tony"], 1).setText("Margaret")
    qtbot.waitUntil(
        lambda: "Case: Tony" not in _preview_texts(dialog) and dialog.import_button.isEnabled(),
        timeout=10_000,
    )
    rows = {dialog.speakers.item(r, 0).text(): r for r in range(dialog.speakers.rowCount())}
    dialog.speakers.item(rows["Des"], 3).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: "Des" in dialog.facilitators.text() and dialog.import_button.isEnabled(),
        timeout=10_000,
    )

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.import_button.click()
    assert [len(r.documents) for r in dialog.reports] == [1, 1]
    with project.session() as s:
        turns = dict(
            s.execute(
                select(Case.name, Part.id).join(Part, Part.case_id == Case.id).order_by(Part.id)
            ).all()
        )
        facilitators = set(s.scalars(select(Case.name).where(Case.is_facilitator)))
    assert "Tony" not in turns and "Margaret" in turns
    assert facilitators == {"Facilitator", "Des"}
    project.close()


def test_bad_file_shows_the_error_and_disables_import(qtbot, project, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.add_paths([bad])
    qtbot.waitUntil(lambda: "empty.txt: the file is empty" in dialog.status.text(), timeout=10_000)
    assert not dialog.import_button.isEnabled()


def test_main_window_import_refreshes_lists(qtbot, project_path: Path) -> None:
    Project.create(project_path).close()
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_project(project_path)
    dialog = window.import_files()
    assert dialog is not None
    dialog.add_paths([SAMPLES / "interview-timestamps.odt"])
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.import_button.click()
    assert [r.name for r in window.documents.rows] == ["interview-timestamps"]
    assert window.documents.tree.topLevelItem(0).text(0) == "interview-timestamps"
    assert "Imported 1 document" in window.statusBar().currentMessage()
