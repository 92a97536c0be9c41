"""The coding workbench as a researcher uses it, offscreen: open the sample project, code with
the keyboard (pinned keys, quick-code, in vivo), merge by drag and drop, retrieve, undo it all."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from qualcode.storage.models import Code, Coding
from qualcode.ui.coding.codebook_model import CodeIdRole
from qualcode.ui.coding.quick_code import QuickCodeDialog
from qualcode.ui.shell.main_window import MainWindow
from tests.helpers import dump

ROOT = Path(__file__).resolve().parent.parent.parent


def _counts(win: MainWindow) -> tuple[int, int]:
    assert win.project is not None
    with win.project.session() as s:
        return (
            s.scalar(select(func.count(Coding.id))) or 0,
            s.scalar(select(func.count(Code.id))) or 0,
        )


def _code_id(win: MainWindow, name: str) -> int:
    return next(r.id for r in win._code_rows if r.name == name)


def _open_first_transcript(win: MainWindow, qtbot) -> str:
    win.documents.select_document(2)  # focus-group-20-35
    assert win.current_document_id == 2
    view = win.reader.document_view
    assert view is not None
    return view.text


def _select(win: MainWindow, text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    win.reader.select_span(start, start + len(phrase))
    win.reader.edit.setFocus()
    return start, start + len(phrase)


def test_code_with_pinned_key_then_undo_and_redo(window: MainWindow, qtbot) -> None:
    text = _open_first_transcript(window, qtbot)
    before = dump(window.project)
    window.coding.pin(_code_id(window, "Stigma and judgement"), 1)
    codings, codes = _counts(window)
    span = _select(window, text, "it's just a Tuesday")
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_1)
    assert _counts(window) == (codings + 1, codes)
    assert any((c.start, c.end) == span for c in window.reader.document_view.codings) or any(
        (c.start, c.end) == span for c in window.reader._codings.values()
    )
    window.undo_action.trigger()
    assert _counts(window) == (codings, codes)
    window.redo_action.trigger()
    assert _counts(window) == (codings + 1, codes)
    window.undo_action.trigger()
    assert dump(window.project, skip=("change_log", "setting")) == {
        k: v for k, v in before.items() if k != "setting"
    }


def test_quick_code_existing_and_new(window: MainWindow, qtbot, monkeypatch) -> None:
    text = _open_first_transcript(window, qtbot)
    codings, codes = _counts(window)
    target = _code_id(window, "Naloxone")

    def choose_existing(dialog: QuickCodeDialog) -> int:
        dialog.chosen_code_id = target
        return 1

    monkeypatch.setattr(QuickCodeDialog, "exec", choose_existing)
    _select(window, text, "Cocaine is everywhere")
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_Q)
    assert _counts(window) == (codings + 1, codes)

    def create_new(dialog: QuickCodeDialog) -> int:
        dialog.new_code_name = "Normalised use"
        return 1

    monkeypatch.setattr(QuickCodeDialog, "exec", create_new)
    _select(window, text, "it's just a Tuesday")
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_Q)
    assert _counts(window) == (codings + 2, codes + 1)
    assert "Normalised use" in {r.name for r in window._code_rows}
    window.undo_action.trigger()  # one step removes the new code and its coding
    assert _counts(window) == (codings + 1, codes)
    window.undo_action.trigger()
    assert _counts(window) == (codings, codes)


def test_in_vivo_code_is_named_after_the_words(window: MainWindow, qtbot) -> None:
    text = _open_first_transcript(window, qtbot)
    codings, codes = _counts(window)
    _select(window, text, "Cocaine is everywhere")
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_I)
    assert _counts(window) == (codings + 1, codes + 1)
    assert "Cocaine is everywhere" in {r.name for r in window._code_rows}
    window.undo_action.trigger()
    assert _counts(window) == (codings, codes)


def test_keys_do_nothing_harmful_without_a_selection(window: MainWindow, qtbot) -> None:
    _open_first_transcript(window, qtbot)
    window.reader.edit.setFocus()
    before = _counts(window)
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_I)
    qtbot.keyClick(window.reader.edit, Qt.Key.Key_5)
    assert _counts(window) == before
    assert window.statusBar().currentMessage()


def test_merge_by_drop_then_undo(window: MainWindow, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    before = dump(window.project)
    model = window.codebook_model
    source = model.index_of(_code_id(window, "Naloxone"))
    target = model.index_of(_code_id(window, "Relationships with workers"))
    mime = model.mimeData([source])
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    qtbot.waitUntil(lambda: "Naloxone" not in {r.name for r in window._code_rows}, timeout=5_000)
    window.undo_action.trigger()
    assert dump(window.project) == before
    assert "Naloxone" in {r.name for r in window._code_rows}


def test_retrieval_shows_extracts_with_attributions_and_jumps(window: MainWindow, qtbot) -> None:
    code = _code_id(window, "Travel and opening hours")
    index = window.codebook_model.index_of(code)
    window.codebook.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.codebook_model.data(index, CodeIdRole) == code
    pane = window.retrieval
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=5_000)
    extracts = pane.model.extracts
    assert all(e.code_name == "Travel and opening hours" for e in extracts)
    assert any(e.attribution.startswith("Liam (Male") for e in extracts)
    liam = next(i for i, e in enumerate(extracts) if e.speaker == "Liam")
    pane._jump(pane.model.index(liam, 0))
    e = extracts[liam]
    assert window.current_document_id == e.document_id
    assert window.reader.selected_text().strip() in e.text


def test_main_window_renders(window: MainWindow, qtbot, tmp_path: Path) -> None:
    _open_first_transcript(window, qtbot)
    window.resize(1400, 860)
    qtbot.wait(50)
    path = tmp_path / "workbench.png"
    window.grab().save(str(path))
    image = QImage(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 50, "the window rendered (nearly) blank"


def test_window_explains_a_bad_file(qtbot, tmp_path: Path, monkeypatch) -> None:
    bad = tmp_path / "x.qcproj"
    bad.write_text("nope")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, msg: shown.append(msg))
    win = MainWindow()
    qtbot.addWidget(win)
    assert not win.open_project(bad)
    assert shown and "x.qcproj is not a QualCode project" in shown[0]
    assert win.project is None


def test_window_names_who_holds_the_lock(qtbot, sample_path: Path, monkeypatch) -> None:
    holder = MainWindow()
    qtbot.addWidget(holder)
    assert holder.open_project(sample_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, msg: shown.append(title + msg))
    second = MainWindow()
    qtbot.addWidget(second)
    assert not second.open_project(sample_path)
    assert shown and shown[0].startswith("Project in use") and "is open elsewhere" in shown[0]
    holder.close()


def test_retrieval_model_passes_the_model_tester(window: MainWindow, qtbot, qtmodeltester) -> None:
    window.retrieval.show_codes([_code_id(window, "Families and children")])
    qtbot.waitUntil(lambda: window.retrieval.model.rowCount() > 0, timeout=5_000)
    qtmodeltester.check(window.retrieval.model)
