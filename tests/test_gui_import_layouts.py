"""The import dialog shows, per transcript, the layout recognised with its speakers and turns; the
same-speaker option and the speaker pattern change the preview before anything is written."""

from __future__ import annotations

from pathlib import Path

from qualcode.storage.project import Project
from qualcode.ui.shell.import_dialog import ImportDialog

FIXTURES = Path(__file__).parent / "importers" / "fixtures" / "transcripts"


def _files(dialog: ImportDialog) -> dict[str, str]:
    return {
        dialog.preview.topLevelItem(i).text(0): dialog.preview.topLevelItem(i).text(1)
        for i in range(dialog.preview.topLevelItemCount())
    }


def _ready(dialog: ImportDialog, expected: dict[str, str]) -> bool:
    return dialog.import_button.isEnabled() and _files(dialog) == expected


def test_preview_shows_the_layout_per_file(qtbot, project: Project) -> None:
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([FIXTURES / "otter.txt", FIXTURES / "teams.vtt", FIXTURES / "zoom.txt"])
    expected = {
        "otter.txt": "Otter.ai text export (Name  m:ss, then the text): 2 speakers, 4 turns",
        "teams.vtt": "Microsoft Teams WebVTT (<v Name> cues): 2 speakers, 3 turns",
        "zoom.txt": "Zoom saved transcript ([Name] hh:mm:ss, then the text): 2 speakers, 3 turns",
    }
    qtbot.waitUntil(lambda: _ready(dialog, expected), timeout=10_000)
    top = dialog.preview.topLevelItem(0)
    rows = [(top.child(j).text(0), top.child(j).text(1)) for j in range(top.childCount())]
    assert ("Layout", expected["otter.txt"]) in rows
    assert ("Warning", "dropped 1 transcription-service footer from otter.txt") in rows

    dialog.keep_blocks.setChecked(True)  # the user keeps Mira's two blocks apart
    expected["otter.txt"] = expected["otter.txt"].replace("4 turns", "5 turns")
    expected["teams.vtt"] = expected["teams.vtt"].replace("3 turns", "4 turns")
    qtbot.waitUntil(lambda: _ready(dialog, expected), timeout=10_000)


def test_speaker_pattern_replaces_detection_in_the_preview(qtbot, project: Project) -> None:
    dialog = ImportDialog(project)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.add_paths([FIXTURES / "roles.txt"])
    expected = {"roles.txt": "Speaker labels (Name: text): 2 speakers, 4 turns"}
    qtbot.waitUntil(lambda: _ready(dialog, expected), timeout=10_000)
    dialog.pattern.setText(r"(?P<speaker>\w)\w+: ")  # initials instead of the labels
    dialog.pattern.editingFinished.emit()
    expected = {"roles.txt": "your speaker pattern: 2 speakers, 4 turns"}
    qtbot.waitUntil(lambda: _ready(dialog, expected), timeout=10_000)
    cases = [dialog.speakers.item(r, 0).text() for r in range(dialog.speakers.rowCount())]
    assert cases == ["I", "R"]
