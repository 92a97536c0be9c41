"""A project with themes but no framework yet exports its quote bank and theme report from the
window, as the CLI does: the themes in one list, the dialog saying no framework is chosen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qualcode.services.frameworks.frameworks import list_frameworks, remove_framework
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.written import WrittenBox
from tests.ui.exporting import answer, docx_paragraphs, finish, make_boxes, save_to


def test_quote_bank_and_report_without_a_framework(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    for framework in list_frameworks(project):
        remove_framework(project, framework.id)
    boxes = make_boxes(monkeypatch)
    for key, name in (("quotes", "quotes.docx"), ("report", "report.docx")):
        shown = answer(monkeypatch)
        save_to(monkeypatch, tmp_path / name)
        window.export_menu.actions[key].trigger()
        task = finish(qtbot, window.export_menu.task)
        assert task.error is None and boxes.warnings == []
        (dialog,) = shown
        assert dialog.framework.currentData() is None
        assert dialog.framework.currentText().startswith("None yet")
        assert "--framework" not in dialog.options().cli_args()
        assert any(b.isVisible() for b in window.findChildren(WrittenBox))
        text = "\n".join(t for _style, t in docx_paragraphs(tmp_path / name))
        assert "Help that comes too late" in text  # a sample theme, listed without priorities
