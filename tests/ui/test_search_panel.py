"""The Search dock on the sample project, offscreen: lemma search, restrictions, a bad pattern,
jumping to a hit, autocoding checked hits by sentence and by speaker, each one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QTabBar
from sqlalchemy import select

from qualcode.services.coding.workbench import document_view
from qualcode.services.search.autocode import spans_for_hits
from qualcode.services.search.search_choices import search_choices
from qualcode.services.search.search_index import index_status
from qualcode.storage.models import Code, Coding
from qualcode.ui.search.search_model import CHECK, CONTEXT, SearchModel
from qualcode.ui.shell.main_window import MainWindow
from tests.helpers import dump


def _search(win: MainWindow, qtbot, text: str, mode: str = "lemma") -> list:
    panel = win.search
    panel.query.setText(text)
    panel.mode.setCurrentIndex(panel.mode.findData(mode))
    panel.run_search()
    qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    return panel.model.hits


def _tabs(bar: QTabBar) -> list[str]:
    return [bar.tabText(i) for i in range(bar.count())]


def _codings(win: MainWindow, code_id: int) -> set[tuple[int, int, int]]:
    assert win.project is not None
    with win.project.read() as s:
        rows = s.execute(
            select(Coding.document_id, Coding.start, Coding.end).where(Coding.code_id == code_id)
        )
        return {tuple(r) for r in rows}


def _text(win: MainWindow, doc_id: int) -> str:
    win.show_document(doc_id)
    view = win.reader.document_view
    assert view is not None
    return view.text


def test_lemma_search_finds_inflected_forms(window: MainWindow, qtbot) -> None:
    shortcut = next(
        a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+Shift+F")
    )
    shortcut.trigger()
    assert window.findChild(QDockWidget, "dock-search").isVisible()
    bars = [b for b in window.findChildren(QTabBar) if "Search" in _tabs(b)]
    assert any(b.tabText(b.currentIndex()) == "Search" for b in bars)  # raised in its tab group
    stale = index_status(window.project).stale
    assert stale > 0  # not indexed yet: the first search reads the documents directly
    hits = _search(window, qtbot, "wait")
    assert index_status(window.project).stale == stale
    forms = {h.text.lower() for h in hits}
    assert {"wait", "waited", "waiting"} <= forms
    kinds = {h.document_kind for h in hits}
    assert {"focus_group", "survey"} <= kinds  # across transcripts and survey answers
    status = window.search.status.text()
    assert f"{len(hits)} hits in" in status and "documents" in status and "waiting" in status
    assert all(_text(window, h.document_id)[h.start : h.end] == h.text for h in hits[:5])
    words = _search(window, qtbot, "wait", "words")
    assert "waited" not in {h.text.lower() for h in words}
    assert len(words) < len(hits)


def test_restriction_by_kind_narrows_to_survey_answers(window: MainWindow, qtbot) -> None:
    everything = _search(window, qtbot, "help")
    window.search.restrict.click()  # opens the popup
    assert window.search.popup.isVisible()
    window.search.popup.set_kinds({"survey"})
    window.search.popup.hide()  # closing the popup applies the change and searches again
    qtbot.waitUntil(lambda: window.search.task is None, timeout=60_000)
    survey = window.search.model.hits
    assert survey and len(survey) < len(everything)
    assert {h.document_kind for h in survey} == {"survey"}
    assert all(h.question for h in survey)
    assert window.search.summary.isVisible() and "Survey" in window.search.summary.text()
    assert window.search.restrict.text() == "Restrict (1)…"


def test_restriction_by_speaker_and_facilitators(window: MainWindow, qtbot) -> None:
    assert window.project is not None
    tony = next(i for i, n, _f in search_choices(window.project).speakers if n == "Tony")
    window.search.popup.speakers.check({tony})
    hits = _search(window, qtbot, "wait")
    assert hits and {h.speaker for h in hits} == {"Tony"}
    window.search.popup.speakers.check(set())
    window.search.popup.facilitators.setChecked(False)
    hits = _search(window, qtbot, "wait")
    assert "Interviewer" not in {h.speaker for h in hits}


def test_bad_regex_shows_a_message_not_a_traceback(window: MainWindow, qtbot) -> None:
    _search(window, qtbot, "wait")
    hits = _search(window, qtbot, "(wait", "regex")
    status = window.search.status.text()
    assert hits == [] and window.search.model.rowCount() == 0
    assert "not valid" in status and "Traceback" not in status
    assert window.search.go.text() == "Search"
    _search(window, qtbot, "   ")
    assert "Type a word" in window.search.status.text()


def test_stop_leaves_the_panel_ready(window: MainWindow, qtbot, monkeypatch) -> None:
    import time

    from qualcode.domain.errors import Cancelled
    from qualcode.ui.search import search_panel

    real = search_panel.search

    def slow_search(*args, cancel, **kwargs):  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 30
        while not cancel():  # a long search, until Stop is pressed
            assert time.monotonic() < deadline, "Stop never reached the worker"
            time.sleep(0.01)
        raise Cancelled("The search was cancelled.")

    monkeypatch.setattr(search_panel, "search", slow_search)
    panel = window.search
    panel.query.setText("help")
    panel.run_search()
    assert panel.go.text() == "Stop"
    panel.go.click()
    qtbot.waitUntil(lambda: panel.task is None, timeout=60_000)
    assert panel.go.text() == "Search" and not panel.progress.isVisible()
    assert "cancelled" in panel.status.text()
    monkeypatch.setattr(search_panel, "search", real)
    _search(window, qtbot, "help")
    assert panel.model.hits


def test_double_click_jumps_and_selects_the_match(window: MainWindow, qtbot) -> None:
    hits = _search(window, qtbot, "wait")
    row = next(i for i, h in enumerate(hits) if h.document_kind == "interview")
    hit = hits[row]
    table = window.search.table
    table.scrollTo(window.search.model.index(row, CONTEXT))
    rect = table.visualRect(window.search.model.index(row, CONTEXT))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.reader
    assert window.current_document_id == hit.document_id
    assert window.reader.edit.textCursor().selectedText() == hit.text
    assert window.reader.selected_span() == (hit.start, hit.end)
    # Enter on another hit jumps too
    other = next(i for i, h in enumerate(hits) if h.document_id != hit.document_id)
    table.setCurrentIndex(window.search.model.index(other, 1))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_document_id == hits[other].document_id
    assert window.reader.selected_span() == (hits[other].start, hits[other].end)


def test_autocode_checked_hits_by_sentence_is_one_undo_step(window: MainWindow, qtbot) -> None:
    hits = _search(window, qtbot, "wait")
    panel, model = window.search, window.search.model
    model.setData(
        model.index(0, CHECK), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert model.checked_count() == len(hits) - 1
    assert panel.code_button.text() == f"Code {len(hits) - 1} checked…"
    before = dump(window.project)
    n_commands = window.coding.stack.count()

    dialog = panel.code_checked()
    assert dialog is not None
    dialog.chooser.edit.setText("Waiting (autocoded)")
    assert dialog.chooser.choice() == (None, "Waiting (autocoded)")
    dialog.units.button(1).setChecked(True)  # sentence
    assert dialog.unit() == "sentence"
    qtbot.waitUntil(lambda: bool(dialog.counts), timeout=30_000)
    places = dialog.counts["sentence"][0]
    assert 0 < places <= len(hits) - 1
    assert f"{places}" in dialog.note.text() and "new code" in dialog.note.text()
    dialog.accept()

    assert window.coding.stack.count() == n_commands + 1
    code_id = next(r.id for r in window._code_rows if r.name == "Waiting (autocoded)")
    added = _codings(window, code_id)
    assert len(added) == places
    for h in hits[1:]:  # each checked hit lies inside one coded sentence
        assert any(d == h.document_id and a <= h.start and h.end <= b for d, a, b in added)
    expected = spans_for_hits(window.project, hits[1:], "sentence")
    assert added == {(sp.document_id, sp.start, sp.end) for sp in expected}
    first = hits[0]  # unchecked: its sentence is coded only if a checked hit shares it
    sentence = next(sp for sp in spans_for_hits(window.project, [first], "sentence"))
    shared = any(
        h.document_id == first.document_id and sentence.start <= h.start < sentence.end
        for h in hits[1:]
    )
    assert ((sentence.document_id, sentence.start, sentence.end) in added) == shared

    window.undo_action.trigger()
    assert dump(window.project) == before
    assert all(r.name != "Waiting (autocoded)" for r in window._code_rows)
    window.redo_action.trigger()
    code_id = next(r.id for r in window._code_rows if r.name == "Waiting (autocoded)")
    assert len(_codings(window, code_id)) == places


def test_autocode_by_speaker_with_an_existing_code(window: MainWindow, qtbot) -> None:
    assert window.project is not None
    code_id = next(r.id for r in window._code_rows if r.name == "Waiting and delays")
    tony = next(i for i, n, _f in search_choices(window.project).speakers if n == "Tony")
    before_codings = _codings(window, code_id)
    before = dump(window.project)
    dialog = window.search.autocode_parts()
    assert dialog is not None
    dialog.speakers.check({tony})
    dialog.chooser.edit.setText("Waiting and delays")
    assert dialog.chooser.choice() == (code_id, "Access to services › Waiting and delays")
    assert "1 speaker" in dialog.note.text()
    note = dialog.note.text()
    dialog.accept()
    added = _codings(window, code_id) - before_codings
    assert f"<b>{len(added)}</b> turns or answers" in note  # the preview said what it would do
    tony_turns = {
        (d, p.start, p.end)
        for d in {d for d, _a, _b in added} | {3}  # focus-group-40-55 has Tony
        for p in document_view(window.project, d).parts
        if p.speaker == "Tony" and p.end > p.start
    }
    assert added and added <= tony_turns
    assert tony_turns - added <= before_codings  # a turn not added was coded already
    row = next(r for r in window._code_rows if r.id == code_id)
    assert row.codings == len(before_codings) + len(added)
    window.undo_action.trigger()
    assert dump(window.project) == before


def test_check_all_none_and_space(window: MainWindow, qtbot) -> None:
    hits = _search(window, qtbot, "wait")
    panel = window.search
    panel.check_none.click()
    assert panel.model.checked_count() == 0 and not panel.code_button.isEnabled()
    panel.table.selectRow(2)
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert panel.model.checked_hits() == [hits[2]]
    panel.check_all.click()
    assert panel.model.checked_count() == len(hits) and panel.code_button.isEnabled()


def test_models_pass_the_model_tester(window: MainWindow, qtbot, qtmodeltester) -> None:
    hits = _search(window, qtbot, "help")
    model = SearchModel()
    model.set_hits(hits[:40])
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(window.search.model, force_py=True)
    assert window.search.model.data(window.search.model.index(0, CONTEXT)).count("[") == 1
    assert window.project is not None
    with window.project.read() as s:
        assert s.scalar(select(Code.id).limit(1)) is not None


def test_autocode_preview_leaves_out_places_the_code_already_has(window: MainWindow, qtbot) -> None:
    from qualcode.services.search.autocode import autocode_hits

    hits = _search(window, qtbot, "wait")
    code_id = next(r.id for r in window._code_rows if r.name == "Naloxone")
    autocode_hits(window.project, code_id, hits[:2], "sentence")  # two places coded already
    dialog = window.search.code_checked()
    assert dialog is not None
    dialog.chooser.edit.setText("Naloxone")
    assert dialog.chooser.choice()[0] == code_id
    dialog.units.button(1).setChecked(True)  # sentence
    qtbot.waitUntil(lambda: bool(dialog.counts), timeout=30_000)
    total = dialog.counts["sentence"][0]
    coded = spans_for_hits(window.project, hits[:2], "sentence")
    assert len(coded) == 2  # two sentences in two documents
    assert dialog._places() == total - 2
    assert "2 it already codes are skipped" in dialog.note.text()
    dialog.reject()
