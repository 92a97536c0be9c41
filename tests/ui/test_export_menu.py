"""File › Export: each item writes the file the CLI writes for the same project and options."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton

from qualcode.services.reports import reports  # the export menu imports it when an export runs
from qualcode.ui.shell.export_dialogs import (
    ChartDialog,
    MatrixDialog,
    QuoteBankDialog,
    ReportDialog,
)
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.written import WrittenBox
from tests.ui.exporting import (
    Boxes,
    answer,
    cli,
    docx_paragraphs,
    finish,
    leftovers,
    make_boxes,
    open_from,
    qdpx_parts,
    save_to,
    select,
    workbook_values,
)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return make_boxes(monkeypatch)


def _export(window: MainWindow, qtbot: Any, key: str) -> WrittenBox:
    window.export_menu.actions[key].trigger()
    task = finish(qtbot, window.export_menu.task)
    assert task.error is None
    shown = [b for b in window.findChildren(WrittenBox) if b.isVisible()]
    assert shown, "no 'Wrote …' message"
    return shown[-1]


def _project(window: MainWindow) -> str:
    assert window.project is not None
    return str(window.project.path)


def test_matrix_by_item_with_every_measure_matches_the_cli(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    def options(d: MatrixDialog) -> None:
        assert d.level is not None
        select(d.level, "item")
        for box in d.measures.values():
            box.setChecked(True)

    shown = answer(monkeypatch, options)
    save_to(monkeypatch, tmp_path / "menu")  # no suffix typed: .xlsx is added
    box = _export(window, qtbot, "matrix")
    menu = tmp_path / "menu.xlsx"
    assert box.paths == [menu] and "themes ×" in box.informativeText()
    opts = shown[0].options()
    assert opts.level == "item" and "quotes" in opts.measures
    cli("export", "matrix", _project(window), str(tmp_path / "cli.xlsx"), *opts.cli_args())
    got = workbook_values(menu)
    assert got == workbook_values(tmp_path / "cli.xlsx")
    assert got["Extracts"][4][0] == "Theme" and "P1.1" in got["Extracts"][4]
    assert any(row[0] == "Being believed" for row in got["Extracts"])
    assert leftovers(tmp_path) == []


def test_attribute_matrix_codebook_and_counts_match_the_cli(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    project = _project(window)
    shown = answer(
        monkeypatch, lambda d: select(d.attribute if hasattr(d, "attribute") else d.by, "Role")
    )
    save_to(monkeypatch, tmp_path / "by-role.xlsx")
    _export(window, qtbot, "attribute_matrix")
    cli(
        "export",
        "matrix",
        project,
        str(tmp_path / "cli-role.xlsx"),
        *shown[-1].options().cli_args(),
    )
    got = workbook_values(tmp_path / "by-role.xlsx")
    assert got == workbook_values(tmp_path / "cli-role.xlsx")
    assert "Lived experience" in got["Extracts"][4]

    save_to(monkeypatch, tmp_path / "codebook.xlsx")
    _export(window, qtbot, "codebook")
    assert shown[-1].options().by_attribute == "Role"
    cli("export", "codebook", project, str(tmp_path / "cli-cb.xlsx"), "--by", "Role")
    got = workbook_values(tmp_path / "codebook.xlsx")
    assert got == workbook_values(tmp_path / "cli-cb.xlsx")
    assert any("Access to services" in str(row[0]) for row in got["Codebook"])

    def counts(d: Any) -> None:
        select(d.by, "Role")
        d.words.setValue(20)
        d.surface.setChecked(True)
        d.csv.setChecked(True)

    shown = answer(monkeypatch, counts)
    (tmp_path / "menu").mkdir()
    (tmp_path / "cli").mkdir()
    save_to(monkeypatch, tmp_path / "menu" / "counts.xlsx")
    box = _export(window, qtbot, "counts")
    assert len(box.paths) > 1 and any(p.suffix == ".csv" for p in box.paths)
    flags = shown[-1].options().cli_args()
    assert flags == ["--by", "Role", "--words", "20", "--csv", "--surface"]
    cli("export", "counts", project, str(tmp_path / "cli" / "counts.xlsx"), *flags)
    menu_files = sorted(p.name for p in (tmp_path / "menu").iterdir())
    assert menu_files == sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert workbook_values(tmp_path / "menu" / "counts.xlsx") == workbook_values(
        tmp_path / "cli" / "counts.xlsx"
    )
    for name in menu_files:
        if name.endswith(".csv"):
            menu_csv = (tmp_path / "menu" / name).read_text(encoding="utf-8")
            assert menu_csv == (tmp_path / "cli" / name).read_text(encoding="utf-8")


def test_quote_bank_chart_and_refi_files_match_the_cli(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    project = _project(window)

    def bank(d: QuoteBankDialog) -> None:
        assert d.quote_style.currentData() == "blue-italic"  # the CLI's default first
        select(d.quotes, "all")
        select(d.quote_style, "italic")

    shown = answer(monkeypatch, bank)
    save_to(monkeypatch, tmp_path / "quotes.docx")
    box = _export(window, qtbot, "quotes")
    assert "quotes under" in box.informativeText()
    flags = shown[-1].options().cli_args()
    assert flags[:4] == ["--quotes", "all", "--quote-style", "italic"]
    assert flags[4:] == ["--framework", "Wirral Drugs Strategy 2023-2027"]
    cli("export", "quotes", project, str(tmp_path / "cli.docx"), *flags)
    paragraphs = docx_paragraphs(tmp_path / "quotes.docx")
    assert paragraphs == docx_paragraphs(tmp_path / "cli.docx")
    assert ("Heading 2", "Being believed") in paragraphs
    quotes = [text for style, text in paragraphs if style == "Quote"]
    assert len(quotes) > 50 and len(quotes) == len(set(quotes))

    def chart(d: ChartDialog) -> None:
        select(d.kind, "cooccurrence")
        select(d.mode, "turn")
        d.top.setValue(8)

    shown = answer(monkeypatch, chart)
    save_to(monkeypatch, tmp_path / "chart", "SVG drawing (*.svg)")  # the type from the filter
    _export(window, qtbot, "chart")
    cli("chart", project, str(tmp_path / "cli.svg"), *shown[-1].options().cli_args())
    svg = (tmp_path / "chart.svg").read_bytes()
    assert svg.lstrip().startswith(b"<?xml") and svg == (tmp_path / "cli.svg").read_bytes()

    def qdpx(d: Any) -> None:
        select(d.positions, "utf16")
        d.themes_as_codes.setChecked(True)

    shown = answer(monkeypatch, qdpx)
    save_to(monkeypatch, tmp_path / "menu.qdpx")
    box = _export(window, qtbot, "qdpx")
    assert "positions: utf16" in box.informativeText()
    flags = shown[-1].options().cli_args()
    assert flags == ["--positions", "utf16", "--themes-as-codes"]
    cli("export", "qdpx", project, str(tmp_path / "cli.qdpx"), *flags)
    parts = qdpx_parts(tmp_path / "menu.qdpx")
    assert parts == qdpx_parts(tmp_path / "cli.qdpx")
    assert b"<CodeBook" in parts["project.qde"] and b'isCodable="false"' in parts["project.qde"]

    save_to(monkeypatch, tmp_path / "menu.qdc")
    _export(window, qtbot, "qdc")
    cli("export", "qdc", project, str(tmp_path / "cli.qdc"))
    qdc = (tmp_path / "menu.qdc").read_bytes()
    assert qdc == (tmp_path / "cli.qdc").read_bytes() and b"Access to services" in qdc
    assert leftovers(tmp_path) == []
    assert boxes.warnings == []


def test_theme_report_matches_the_cli(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    template = tmp_path / "org.docx"
    docx.Document().save(str(template))

    def options(d: ReportDialog) -> None:
        select(d.quotes, "all")
        select(d.quote_style, "blue-italic")
        open_from(monkeypatch, template)
        d._choose_template()

    shown = answer(monkeypatch, options)
    save_to(monkeypatch, tmp_path / "report")  # no suffix typed: .docx is added
    box = _export(window, qtbot, "report")
    assert box.paths == [tmp_path / "report.docx"] and "sections" in box.informativeText()
    flags = shown[0].options().cli_args()
    assert flags[:4] == ["--quotes", "all", "--quote-style", "blue-italic"]
    assert flags[-2:] == ["--template", str(template)]
    cli("export", "report", _project(window), str(tmp_path / "cli.docx"), *flags)
    paragraphs = docx_paragraphs(tmp_path / "report.docx")
    assert paragraphs == docx_paragraphs(tmp_path / "cli.docx")
    assert ("Heading 2", "Help that comes too late") in paragraphs
    assert leftovers(tmp_path) == [] and boxes.warnings == []


def test_open_and_show_in_folder(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    save_to(monkeypatch, tmp_path / "book.qdc")
    box = _export(window, qtbot, "qdc")
    assert box.text() == "Wrote book.qdc" and str(tmp_path) in box.informativeText()
    box.open_button.click()
    assert boxes.urls == [str(tmp_path / "book.qdc")]
    box = _export(window, qtbot, "qdc")
    box.folder_button.click()
    assert boxes.urls[-1] == str(tmp_path)


def test_cancel_during_a_long_export_leaves_no_file(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    started, release = threading.Event(), threading.Event()
    real = reports.export_quote_bank

    def slow(project: Any, out: Path, *options: Any) -> Any:
        n = real(project, out, *options)  # the file is complete in the staging folder...
        started.set()
        release.wait(30)  # ...and the export is still "running" when the user cancels
        return n

    monkeypatch.setattr(reports, "export_quote_bank", slow)
    answer(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    save_to(monkeypatch, out / "quotes.docx")
    window.export_menu.actions["quotes"].trigger()
    task = window.export_menu.task
    assert task is not None
    qtbot.waitUntil(started.is_set, timeout=60_000)
    progress = window.findChildren(QProgressDialog)
    assert any(p.isVisible() for p in progress)  # the window stays responsive meanwhile
    (button,) = task.dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    button.click()
    assert task.cancelled and not task.dialog.isVisible()
    release.set()
    finish(qtbot, task)
    assert list(out.iterdir()) == []  # no file, no staging folder, no temporary file
    assert boxes.warnings == [] and not window.findChildren(WrittenBox)
    assert "cancelled" in window.statusBar().currentMessage()


def test_missing_folder_and_write_errors_are_messages_naming_the_file(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    save_to(monkeypatch, tmp_path / "no-such-folder" / "book.qdc")
    window.export_menu.actions["qdc"].trigger()
    assert len(boxes.warnings) == 1 and "book.qdc" in boxes.warnings[0]
    assert "does not exist" in boxes.warnings[0]

    taken = tmp_path / "taken.qdc"
    taken.mkdir()  # a folder where the file should go: the real rename fails
    save_to(monkeypatch, taken)
    window.export_menu.actions["qdc"].trigger()
    task = finish(qtbot, window.export_menu.task)
    assert task.error is not None and task.error.startswith("taken.qdc: ")
    assert boxes.warnings[-1] == task.error and list(taken.iterdir()) == []

    def disk_full(_project: Any, out: Path, *_options: Any) -> int:
        raise OSError(28, "No space left on device", str(out))

    monkeypatch.setattr(reports, "export_quote_bank", disk_full)
    answer(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    save_to(monkeypatch, out / "quotes.docx")
    window.export_menu.actions["quotes"].trigger()
    task = finish(qtbot, window.export_menu.task)
    assert task.error is not None and boxes.warnings[-1] == task.error
    assert "quotes.docx" in task.error and "No space left" in task.error
    assert "Traceback" not in task.error
    assert list(out.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_is_a_message(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        save_to(monkeypatch, locked / "book.qdc")
        window.export_menu.actions["qdc"].trigger()
        task = finish(qtbot, window.export_menu.task)
        assert task.error is not None and "Permission denied" in task.error
        assert boxes.warnings == [task.error]
    finally:
        locked.chmod(0o700)
    assert list(locked.iterdir()) == []
