"""The main window, offscreen: it shows the project's documents and codebook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from qualcode.storage.project import Project
from qualcode.ui.main_window import MainWindow
from tests.seed import TEXT_A, seed


def test_window_shows_documents_codes_and_text(qtbot, project_path: Path, tmp_path) -> None:
    with Project.create(project_path) as p:
        seed(p)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.open_project(project_path)
    docs = [
        window.documents.topLevelItem(i).text(0)
        for i in range(window.documents.topLevelItemCount())
    ]
    assert docs == ["FG1", "INT2"]
    support = window.codes.topLevelItem(0)
    assert support.text(0) == "Support" and support.child(0).text(0) == "Nurses"
    assert "2 documents" in window.status.text()
    window.documents.setCurrentItem(window.documents.topLevelItem(0))
    assert window.reader.toPlainText() == TEXT_A
    window.grab().save(str(tmp_path / "main.png"))
    assert (tmp_path / "main.png").stat().st_size > 1000
    window.close()


def test_window_explains_a_bad_file(qtbot, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "x.qcproj"
    bad.write_text("nope")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, msg: shown.append(msg))
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.open_project(bad)
    assert shown and "x.qcproj is not a QualCode project" in shown[0]
    assert window.project is None
