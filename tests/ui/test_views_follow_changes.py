"""Every visible count and header follows the database after each GUI action.

A walk through import, coding with the keyboard, a new code from the quick-code keys, merge, and
undo/redo of each: after every step the status bar, the codebook counts, the documents panel and
the retrieval header are compared with the database. Views learn of changes only from the
window's one ``changed`` signal, so a view that misses a kind of change fails here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from qualcode.storage.models import Code, Coding, Document
from qualcode.ui.shell.main_window import MainWindow

TRANSCRIPT = (
    "Facilitator: What would make the service easier to use?\n"
    "Priya: Opening hours. I work shifts and it is shut when I can get there.\n"
    "Sam: And the bus only runs every hour out here.\n"
)


def _db(win: MainWindow) -> tuple[int, int, dict[int, int], dict[int, int]]:
    assert win.project is not None
    with win.project.read() as s:
        docs = s.scalar(select(func.count(Document.id))) or 0
        codes = s.scalar(select(func.count(Code.id))) or 0
        by_code = select(Coding.code_id, func.count()).group_by(Coding.code_id)
        by_doc = select(Coding.document_id, func.count()).group_by(Coding.document_id)
        per_code: dict[int, int] = {k: n for k, n in s.execute(by_code)}
        per_doc: dict[int, int] = {k: n for k, n in s.execute(by_doc)}
    return docs, codes, per_code, per_doc


def _wait_retrieval(win: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.retrieval.task is None, timeout=10_000)


def _check(win: MainWindow, qtbot, selected: int) -> None:  # type: ignore[no-untyped-def]
    """What the researcher sees equals what the project holds."""
    docs, codes, per_code, per_doc = _db(win)
    status = win.status.text()
    assert f"{docs:,} documents" in status and f"{codes:,} codes" in status, status
    model = win.codebook_model
    assert len(win._code_rows) == codes
    for row in win._code_rows:
        shown = model.code_row(row.id)
        assert shown is not None and shown.codings == per_code.get(row.id, 0), row.name
    assert {r.id: r.codings for r in win.documents.rows} == {
        d: per_doc.get(d, 0) for d in {r.id for r in win.documents.rows}
    }
    assert len(win.documents.rows) == docs
    _wait_retrieval(win, qtbot)
    n = per_code.get(selected, 0)
    assert win.retrieval.model.rowCount() == n
    assert win.retrieval.count.text().startswith(f"{n} extracts from "), win.retrieval.count.text()


def _select_code(win: MainWindow, code_id: int) -> None:
    index = win.codebook_model.index_of(code_id)
    win.codebook.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _code_id(win: MainWindow, name: str) -> int:
    return next(r.id for r in win._code_rows if r.name == name)


def test_views_follow_every_action(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    travel = _code_id(window, "Travel and opening hours")
    _select_code(window, travel)
    _check(window, qtbot, travel)

    # import through the dialog: the retrieval header and the status bar follow
    path = tmp_path / "focus-group-shifts.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    dialog = window.import_files()
    assert dialog is not None
    dialog.add_paths([path])
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.import_button.click()
    assert "focus-group-shifts" in {r.name for r in window.documents.rows}
    _check(window, qtbot, travel)

    # code with a pinned key in the new document
    new_doc = next(r.id for r in window.documents.rows if r.name == "focus-group-shifts")
    window.documents.select_document(new_doc)
    window.coding.pin(travel, 1)
    view = window.reader.document_view
    assert view is not None
    start = view.text.index("Opening hours")
    window.reader.select_span(start, start + len("Opening hours"))
    window.pin_actions[0].trigger()  # key 1 in the reader
    assert "Coded with 'Travel and opening hours'" in window.statusBar().currentMessage()
    _check(window, qtbot, travel)

    # a new code named after the words (in vivo): the status bar's code count follows
    start = view.text.index("the bus only runs")
    window.reader.select_span(start, start + len("the bus only runs"))
    window.in_vivo_action.trigger()  # key I in the reader
    in_vivo = next(r.id for r in window._code_rows if r.name.lower() == "the bus only runs")
    _check(window, qtbot, travel)

    # merge the new code into the selected one
    assert window.coding.merge(in_vivo, travel)
    _check(window, qtbot, travel)

    for _ in range(3):  # undo the merge, the in-vivo code and the coding
        window.undo_action.trigger()
        _check(window, qtbot, travel)
    for _ in range(3):
        window.redo_action.trigger()
        _check(window, qtbot, travel)


def test_retrieval_header_is_not_left_from_another_project(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    travel = _code_id(window, "Travel and opening hours")
    _select_code(window, travel)
    _wait_retrieval(window, qtbot)
    assert window.retrieval.count.text().endswith("documents")
    assert window.project is not None
    other = tmp_path / "other.qcproj"
    window.project.backup(other)
    assert window.open_project(other)  # another project: no code selected there
    _wait_retrieval(window, qtbot)
    assert window.retrieval.count.text() == "Select a code to see its extracts."


def test_retrieval_keeps_the_researchers_row_after_a_coding(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot
) -> None:
    """Coding more text with the code the retrieval pane shows adds the new extract in its
    place (the pane re-reads only the document coded) and stays on the extract the researcher
    was reading, instead of jumping back to the first row."""
    from qualcode.services.coding.retrieval import retrieve

    travel = _code_id(window, "Travel and opening hours")
    _select_code(window, travel)
    _wait_retrieval(window, qtbot)
    pane = window.retrieval
    assert pane.model.rowCount() >= 2
    pane.table.selectRow(1)
    reading = pane.model.extracts[1].coding_id
    doc = pane.model.extracts[0].document_id
    window.documents.select_document(doc)
    view = window.reader.document_view
    assert view is not None
    window.reader.select_span(0, 12)
    window.coding.code_selection(travel)
    _wait_retrieval(window, qtbot)
    assert window.project is not None
    assert pane.model.extracts == retrieve(window.project, [travel])
    current = pane.table.currentIndex()
    assert pane.model.extracts[current.row()].coding_id == reading


def test_a_failed_retrieval_says_why_and_the_next_one_runs(  # type: ignore[no-untyped-def]
    window: MainWindow, qtbot, monkeypatch
) -> None:
    """The reason shows in the pane's header and the pane is ready for the next request (a
    failed read used to stay "under way" for good)."""
    from qualcode.domain.errors import QualCodeError
    from qualcode.ui.coding import retrieval_pane

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise QualCodeError("The project file could not be read.")

    monkeypatch.setattr(retrieval_pane, "retrieve", refuse)
    travel = _code_id(window, "Travel and opening hours")
    _select_code(window, travel)
    _wait_retrieval(window, qtbot)
    assert window.retrieval.count.text() == "The project file could not be read."
    monkeypatch.undo()
    window.retrieval.reload()
    _check(window, qtbot, travel)
