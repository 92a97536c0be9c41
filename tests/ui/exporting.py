"""Shared helpers for the File › Export / Import tests: answer the modal dialogs, wait for the
background work, read the files back in a comparable form."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from qualcode.cli import main as cli_main
from qualcode.ui.shell import export_dialogs, written
from qualcode.ui.shell.long_task import LongTask

STAMP = re.compile(r"\d{1,2} \w+ \d{4}, \d{2}:\d{2}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?Z?")


class Boxes:
    """What the message boxes and the desktop were asked to show."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.infos: list[str] = []
        self.urls: list[str] = []


def make_boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Record message boxes and opened URLs instead of showing them (use in a fixture)."""
    seen = Boxes()

    def warning(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        seen.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def information(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        seen.infos.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "information", information)
    monkeypatch.setattr(
        written, "open_url", lambda url: seen.urls.append(url.toLocalFile()) or True
    )
    return seen


def answer(
    monkeypatch: pytest.MonkeyPatch, setup: Callable[[Any], None] | None = None
) -> list[Any]:
    """Accept every options dialog after ``setup(dialog)``; returns the dialogs shown."""
    shown: list[Any] = []

    def run(dialog: QDialog) -> bool:
        shown.append(dialog)
        if setup is not None:
            setup(dialog)
        return True

    monkeypatch.setattr(export_dialogs, "run_dialog", run)
    return shown


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path | str, chosen_filter: str = "") -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), chosen_filter)
    )


def open_from(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))


def finish(qtbot: Any, task: LongTask | None) -> LongTask:
    assert task is not None
    qtbot.waitUntil(lambda: task.finished or task.cancelled, timeout=120_000)
    if task.cancelled:  # the work runs on until its next check: let it end and clean up
        QThreadPool.globalInstance().waitForDone(120_000)
        qtbot.wait(10)
    return task


def select(combo: Any, data: object) -> None:
    at = combo.findData(data)
    assert at >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(at)


def cli(*argv: str) -> None:
    assert cli_main(list(argv)) == 0


def _plain(value: object) -> object:
    if isinstance(value, dt.datetime | dt.date):
        return "<time>"
    if isinstance(value, str):
        return STAMP.sub("<time>", value)
    return value


def workbook_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's cell values, with generation times blanked."""
    book = openpyxl.load_workbook(path)
    return {
        ws.title: [tuple(_plain(v) for v in row) for row in ws.iter_rows(values_only=True)]
        for ws in book.worksheets
    }


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    document = docx.Document(str(path))
    return [(p.style.name if p.style else "", str(_plain(p.text))) for p in document.paragraphs]


def qdpx_parts(path: Path) -> dict[str, bytes]:
    """The archive's members; project.qde with the project's creation time blanked."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["project.qde"] = re.sub(
        rb'(<Project [^>]*creationDateTime=")[^"]*"', rb'\1"', parts["project.qde"], count=1
    )
    return parts


def leftovers(folder: Path) -> list[str]:
    """Hidden staging or temporary files an export must never leave behind."""
    temporary = (".partial", ".tmp", ".new")
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(temporary))
