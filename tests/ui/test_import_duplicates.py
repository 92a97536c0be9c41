"""The import preview says, before anything is written, which files are already in the project
("already in the project as …; it will be skipped"), by the rule the import itself follows."""

from __future__ import annotations

from pathlib import Path

from qualcode.services.documents.imports import import_batches
from qualcode.ui.shell.import_dialog import ImportDialog
from qualcode.ui.shell.main_window import MainWindow

SAMPLES = Path(__file__).resolve().parent.parent.parent / "samples"


def _children(dialog: ImportDialog, row: int) -> list[tuple[str, str]]:
    top = dialog.preview.topLevelItem(row)
    return [(top.child(i).text(0), top.child(i).text(1)) for i in range(top.childCount())]


def _preview(qtbot, dialog: ImportDialog, paths: list[Path]) -> None:
    dialog.add_paths(paths)
    qtbot.waitUntil(
        lambda: dialog.task is None and dialog.preview.topLevelItemCount() == len(paths),
        timeout=20_000,
    )


def test_a_file_already_imported_is_flagged_in_the_preview(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    assert window.project is not None
    stored = {r.name for r in window.documents.rows}
    new_file = tmp_path / "new-notes.txt"
    new_file.write_text("A field note nobody has imported yet.\n", encoding="utf-8")
    dialog = ImportDialog(window.project, window)
    qtbot.addWidget(dialog)
    _preview(qtbot, dialog, [SAMPLES / "focus-group-40-55.txt", new_file])

    warnings = [text for label, text in _children(dialog, 0) if label == "Already imported"]
    assert len(warnings) == 1
    name = (
        warnings[0].removeprefix("Already in the project as ").removesuffix("; it will be skipped.")
    )
    assert name in stored
    assert not any(label == "Already imported" for label, _t in _children(dialog, 1))
    assert "1 file is already in the project and will be skipped" in dialog.status.text()
    assert dialog.import_button.isEnabled()  # the new file can still be imported

    # what the preview said is what the import does
    reports = import_batches(window.project, dialog.batches)
    assert [r.skipped for r in reports] == [True, False]
    assert reports[0].duplicate_of == [name]


def test_nothing_to_import_when_every_file_is_already_there(window: MainWindow, qtbot) -> None:
    assert window.project is not None
    dialog = ImportDialog(window.project, window)
    qtbot.addWidget(dialog)
    _preview(qtbot, dialog, [SAMPLES / "focus-group-40-55.txt"])
    assert not dialog.import_button.isEnabled()
