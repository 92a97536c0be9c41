"""File › Import › REFI-QDA (preview, confirm, one transaction) and New Project from REFI-QDA."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton

from qualcode.services.project.inspect import project_info
from qualcode.services.refi import refi  # the menu imports it when the merge runs
from qualcode.services.refi.refi import export_qdpx
from qualcode.ui.shell import refi_menu
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.refi_menu import RefiPreviewDialog
from tests.refi.build import build_source
from tests.ui.exporting import Boxes, answer, finish, leftovers, make_boxes, open_from, save_to


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return make_boxes(monkeypatch)


@pytest.fixture
def qdpx(tmp_path: Path) -> Path:
    """A .qdpx from another project: 2 documents, 3 codes, themes, cases, memos."""
    folder = tmp_path / "other"
    folder.mkdir()
    with build_source(folder / "source.qcproj") as project:
        export_qdpx(project, folder / "source.qdpx")
    return folder / "source.qdpx"


def _counts(window: MainWindow) -> dict[str, int]:
    assert window.project is not None
    return project_info(window.project).counts


def _preview(window: MainWindow, qtbot: Any, accept: bool, monkeypatch: Any) -> list[Any]:
    shown = answer(monkeypatch)
    if not accept:
        monkeypatch.setattr(
            refi_menu.export_dialogs, "run_dialog", lambda d: shown.append(d) is not None
        )
    assert window.refi_menu.import_action is not None
    window.refi_menu.import_action.trigger()
    finish(qtbot, window.refi_menu.task)  # reading and previewing
    return shown


def test_import_previews_then_merges_and_refreshes_the_views(
    window: MainWindow, qtbot: Any, qdpx: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    before = _counts(window)
    open_from(monkeypatch, qdpx)
    shown = _preview(window, qtbot, True, monkeypatch)
    (dialog,) = shown
    assert isinstance(dialog, RefiPreviewDialog)
    added = dialog.tree.topLevelItem(0)
    assert added is not None and added.text(0) == "Will be added"
    rows = {added.child(i).text(0): added.child(i).text(1) for i in range(added.childCount())}
    assert rows["Documents"] == "2" and rows["Codes"] == "3" and rows["Codings"] == "5"
    finish(qtbot, window.refi_menu.task)  # the merge
    after = _counts(window)
    assert after["document"] == before["document"] + 2
    assert after["code"] == before["code"] + 3
    assert after["coding"] == before["coding"] + 5
    # the preview counted exactly what the import did
    report = "\n".join(dialog.report.lines)
    assert boxes.infos == [report] and boxes.warnings == []
    # the views were told: the new documents and codes are listed
    assert any(r.name == "Interview A" for r in window.documents.rows)
    assert "Waiting" in {r.name for r in window._code_rows}
    assert "source.qdpx" in window.statusBar().currentMessage()


def test_declining_the_preview_changes_nothing(
    window: MainWindow, qtbot: Any, qdpx: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    before = _counts(window)
    open_from(monkeypatch, qdpx)
    shown = _preview(window, qtbot, False, monkeypatch)
    assert len(shown) == 1
    assert _counts(window) == before and boxes.infos == []


def test_cancelling_the_merge_rolls_it_back(
    window: MainWindow, qtbot: Any, qdpx: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    before = _counts(window)
    started, release = threading.Event(), threading.Event()
    real = refi.import_refi

    def slow(project: Any, path: Path, *, cancelled: Any) -> Any:
        started.set()
        release.wait(30)  # the user presses Cancel while the merge runs
        return real(project, path, cancelled=cancelled)

    monkeypatch.setattr(refi, "import_refi", slow)
    open_from(monkeypatch, qdpx)
    _preview(window, qtbot, True, monkeypatch)
    task = window.refi_menu.task
    assert task is not None
    qtbot.waitUntil(started.is_set, timeout=30_000)
    (button,) = task.dialog.findChildren(QPushButton)
    button.click()
    release.set()
    finish(qtbot, task)
    assert task.cancelled and _counts(window) == before
    assert boxes.warnings == [] and boxes.infos == []


def test_a_bad_file_is_a_message_naming_it(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"this is not a zip archive")
    open_from(monkeypatch, bad)
    answer(monkeypatch)
    assert window.refi_menu.import_action is not None
    window.refi_menu.import_action.trigger()
    task = finish(qtbot, window.refi_menu.task)
    assert task.error is not None and "broken.qdpx" in task.error
    assert boxes.warnings == [task.error] and "Traceback" not in task.error


def test_new_project_from_a_refi_file_opens_it(
    window: MainWindow, qtbot: Any, qdpx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:  # fmt: skip
    open_from(monkeypatch, qdpx)
    save_to(monkeypatch, tmp_path / "fresh")
    assert window.refi_menu.new_action is not None
    window.refi_menu.new_action.trigger()
    finish(qtbot, window.refi_menu.task)
    assert window.project is not None and window.project.path == tmp_path / "fresh.qcproj"
    counts = _counts(window)
    assert counts["document"] == 2 and counts["code"] == 3
    assert {r.name for r in window.documents.rows} == {"Interview A", "Notes B"}
    assert boxes.infos and boxes.infos[0].startswith(f"Created {tmp_path / 'fresh.qcproj'}")


def test_cancelling_a_new_project_leaves_no_file(
    window: MainWindow, qtbot: Any, qdpx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    boxes: Boxes,
) -> None:  # fmt: skip
    sample = window.project.path if window.project else None
    started, release = threading.Event(), threading.Event()
    real = refi.new_project_from

    def slow(target: Path, source: Path, *, cancelled: Any) -> Any:
        started.set()
        release.wait(30)
        return real(target, source, cancelled=cancelled)

    monkeypatch.setattr(refi, "new_project_from", slow)
    out = tmp_path / "new"
    out.mkdir()
    open_from(monkeypatch, qdpx)
    save_to(monkeypatch, out / "fresh.qcproj")
    assert window.refi_menu.new_action is not None
    window.refi_menu.new_action.trigger()
    task = window.refi_menu.task
    assert task is not None
    qtbot.waitUntil(started.is_set, timeout=30_000)
    task.dialog.findChildren(QPushButton)[0].click()
    release.set()
    finish(qtbot, task)
    assert list(out.iterdir()) == [] and leftovers(out) == []
    assert window.project is not None and window.project.path == sample
    assert boxes.warnings == [] and boxes.infos == []
