"""The theme widgets: rows shown, signals from actions, drops, errors, the review's speed."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from qualcode.services.coding.retrieval import Extract
from qualcode.ui.coding.codebook_model import CODE_MIME
from qualcode.ui.shell.phase_tracker import DecisionLog, PhaseTracker, short_time
from qualcode.ui.themes.dataset_review import CoverageRole, DatasetReviewWidget
from qualcode.ui.themes.review_dialog import KeyRole, ReviewDialog, ReviewModel
from qualcode.ui.themes.theme_editor import ThemeEditorDialog
from qualcode.ui.themes.theme_views import (
    CoverageRow,
    LogEntry,
    Passage,
    PhaseInfo,
    ReviewGroup,
    ThemeRow,
)
from qualcode.ui.themes.themes_panel import KindRole, ThemesPanel

SHOTS = os.environ.get("QUALCODE_SHOTS")  # a folder: save each widget as a PNG to look at


def shot(widget: Any, name: str, size: tuple[int, int]) -> None:
    widget.resize(*size)
    widget.show()
    QApplication.processEvents()
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


THEMES = [
    ThemeRow(
        1,
        "Barriers to access",
        None,
        "defined",
        "#e76f51",
        definition="What stops people getting help",
        codes=[(11, "Waiting lists"), (12, "Opening hours")],
        extracts=42,
        documents=7,
        participants=19,
    ),
    ThemeRow(2, "Phone queues", 1, "candidate", "#f4a261", codes=[(13, "On hold")], extracts=5),
    ThemeRow(3, "Stigma", None, "final", "#2a9d8f", codes=[(14, "Judged by staff")], extracts=30),
    ThemeRow(4, "Old idea", None, "discarded", "#264653", codes=[(15, "Parking")]),
    ThemeRow(5, "Miscellaneous", None, "candidate", "#999999", is_miscellaneous=True),
]


def theme_names(panel: ThemesPanel) -> list[tuple[str, str, str]]:
    """(indent-free name, kind, status text) of every row, depth first."""
    out: list[tuple[str, str, str]] = []

    def walk(parent: QModelIndex) -> None:
        for r in range(panel.model.rowCount(parent)):
            index = panel.model.index(r, 0, parent)
            status = panel.model.index(r, 1, parent).data() or ""
            out.append((index.data(), index.data(KindRole), status))
            walk(index)

    walk(QModelIndex())
    return out


@pytest.fixture
def panel(qtbot: Any) -> ThemesPanel:
    p = ThemesPanel()
    qtbot.addWidget(p)
    p.set_themes(THEMES)
    return p


def test_themes_panel_shows_tree_codes_and_counts(panel: ThemesPanel) -> None:
    rows = theme_names(panel)
    assert rows[:5] == [
        ("Barriers to access", "theme", "defined"),
        ("Phone queues", "theme", "candidate"),
        ("On hold", "code", ""),
        ("Waiting lists", "code", ""),
        ("Opening hours", "code", ""),
    ]
    assert ("Miscellaneous", "theme", "candidate · holding") in rows
    barriers = panel.index_of_theme(1)
    assert [barriers.siblingAtColumn(c).data() for c in (2, 3, 4)] == ["42", "7", "19"]
    code = panel.model.index(1, 0, barriers)
    assert code.data(Qt.ItemDataRole.FontRole).italic()
    discarded = panel.index_of_theme(4)
    assert discarded.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#9ca3af"
    shot(panel, "themes_panel", (700, 320))


def test_set_themes_keeps_expansion_and_selection(panel: ThemesPanel) -> None:
    panel.tree.collapse(panel.index_of_theme(3))
    panel.select_theme(2)
    renamed = [*THEMES[:1], ThemeRow(2, "Queues", 1, codes=[(13, "On hold")]), *THEMES[2:]]
    panel.set_themes([*renamed, ThemeRow(6, "New one", None)])
    assert panel.current_theme() is not None and panel.current_theme().name == "Queues"
    assert not panel.tree.isExpanded(panel.index_of_theme(3))
    assert panel.tree.isExpanded(panel.index_of_theme(1))
    assert panel.tree.isExpanded(panel.index_of_theme(6))  # new themes open


def test_theme_actions_emit_signals(panel: ThemesPanel, qtbot: Any) -> None:
    panel.select_theme(1)
    for action, signal, args in (
        (panel.edit_action, panel.editRequested, [1]),
        (panel.merge_action, panel.mergeRequested, [1]),
        (panel.demote_action, panel.demoteRequested, [1]),
        (panel.discard_action, panel.discardRequested, [1]),
        (panel.review_action, panel.reviewRequested, [1]),
        (panel.sub_action, panel.newThemeRequested, [1]),
        (panel.new_action, panel.newThemeRequested, [None]),
    ):
        with qtbot.waitSignal(signal) as blocker:
            action.trigger()
        assert blocker.args == args
    with qtbot.waitSignal(panel.themeSelected) as blocker:
        panel.select_theme(4)
    assert blocker.args == [4]
    assert panel.restore_action.isEnabled() and not panel.discard_action.isEnabled()
    with qtbot.waitSignal(panel.restoreRequested) as blocker:
        panel.restore_action.trigger()
    assert blocker.args == [4]
    panel.tree.setCurrentIndex(panel.model.index(0, 0, panel.index_of_theme(3)))
    assert panel.unlink_action.isEnabled()
    assert panel.unlink_action in panel.context_menu().actions()
    with qtbot.waitSignal(panel.unlinkRequested) as blocker:
        panel.unlink_action.trigger()
    assert blocker.args == [3, 14]


def test_code_drop_onto_theme(panel: ThemesPanel, qtbot: Any) -> None:
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps([11, 99]).encode())
    target = panel.index_of_theme(3).siblingAtColumn(2)
    move = Qt.DropAction.MoveAction
    assert panel.model.canDropMimeData(mime, move, -1, -1, target)
    with qtbot.waitSignal(panel.codesDroppedOnTheme) as blocker:
        assert panel.model.dropMimeData(mime, move, -1, -1, target)
    assert blocker.args == [[11, 99], 3]
    # onto a code row: the code's theme; onto the empty root or with junk: refused
    code_row = panel.model.index(0, 0, panel.index_of_theme(3))
    assert panel.model.canDropMimeData(mime, move, -1, 0, code_row)
    assert not panel.model.canDropMimeData(mime, move, 0, 0, QModelIndex())
    junk = QMimeData()
    junk.setData(CODE_MIME, b"not json")
    assert not panel.model.canDropMimeData(junk, move, -1, 0, target)
    with qtbot.waitSignal(panel.codesDroppedOnTheme) as blocker:
        assert panel.drop_codes([12], 5)
    assert blocker.args == [[12], 5]


def test_code_drop_through_the_view(panel: ThemesPanel, qtbot: Any) -> None:
    """A drag from the codebook (which offers MoveAction only) lands on the theme under it."""
    panel.resize(700, 300)
    panel.show()
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps([11]).encode())
    pos = QPointF(panel.tree.visualRect(panel.index_of_theme(3)).center())
    move, left, none = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    viewport = panel.tree.viewport()
    for cls in (QDragEnterEvent, QDragMoveEvent):
        event = cls(pos.toPoint(), move, mime, left, none)
        QApplication.sendEvent(viewport, event)
        assert event.isAccepted()
    with qtbot.waitSignal(panel.codesDroppedOnTheme) as blocker:
        QApplication.sendEvent(viewport, QDropEvent(pos, move, mime, left, none))
    assert blocker.args == [[11], 3]


def test_refresh_does_not_reannounce_the_selection(panel: ThemesPanel) -> None:
    panel.select_theme(3)
    seen: list[int] = []
    panel.themeSelected.connect(seen.append)
    panel.set_themes(THEMES)
    assert seen == [] and panel.current_theme() is not None and panel.current_theme().id == 3
    panel.set_themes(THEMES[:2])
    assert panel.current_theme() is None and not panel.edit_action.isEnabled()


def test_theme_model_contract(panel: ThemesPanel, qtmodeltester: Any) -> None:
    qtmodeltester.check(panel.model)


def test_editor_values_and_error_stays_open(qtbot: Any) -> None:
    dialog = ThemeEditorDialog(THEMES[0])
    qtbot.addWidget(dialog)
    assert dialog.values() == {
        "name": "Barriers to access",
        "status": "defined",
        "colour": "#e76f51",
        "central_concept": "",
        "definition": "What stops people getting help",
        "scope": "",
        "narrative": "",
    }
    dialog.show()
    dialog.name.setText("  Barriers  ")
    dialog.status.setCurrentIndex(dialog.status.findData("final"))
    dialog.definition.setPlainText("")
    dialog.set_colour("#123456")
    saved: list[dict[str, str]] = []
    dialog.saveRequested.connect(saved.append)
    dialog.saveRequested.connect(
        lambda v: dialog.show_error("A final theme needs a definition.", ["definition"])
    )
    dialog.buttons.accepted.emit()
    assert saved[0]["name"] == "Barriers" and saved[0]["status"] == "final"
    assert saved[0]["colour"] == "#123456" and saved[0]["definition"] == ""
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.error.isVisible() and "definition" in dialog.error.text()
    assert "dc2626" in dialog.definition.styleSheet()
    shot(dialog, "theme_editor", (600, 560))
    dialog.clear_error()
    assert not dialog.error.isVisible()


def test_editor_without_listener_accepts(qtbot: Any) -> None:
    dialog = ThemeEditorDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("New")
    dialog.buttons.accepted.emit()
    assert dialog.result() == 1 and dialog.values()["status"] == "candidate"


def extract(i: int, code: int, doc: int = 1, speaker: str | None = "Jo") -> Extract:
    return Extract(
        coding_id=i,
        code_id=code,
        code_name=f"Code {code}",
        document_id=doc,
        document_name=f"Focus group {doc}",
        document_kind="focus_group",
        start=i * 10,
        end=i * 10 + 8,
        text=f"Extract number {i} about waiting",
        before="Earlier talk. ",
        after=" Later talk.",
        speaker=speaker,
        attributes={"gender": "Female", "age": "40-55"},
    )


GROUPS = [
    ReviewGroup(11, "Waiting lists", [extract(1, 11), extract(2, 11, 2)], {2}),
    ReviewGroup(12, "Opening hours", [extract(3, 12, speaker=None)], set()),
]


def test_review_groups_by_code_with_stars_and_actions(qtbot: Any, qtmodeltester: Any) -> None:
    dialog = ReviewDialog(7)
    qtbot.addWidget(dialog)
    dialog.set_groups("Barriers to access", GROUPS)
    model = dialog.model
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["Waiting lists", "Opening hours"]
    first = model.index(0, 0)
    assert model.rowCount(first) == 2 and model.index(0, 1).data() == "2 extracts · 1 key"
    key = model.index(1, 0, first)
    assert key.data(KeyRole) and not model.index(0, 0, first).data(KeyRole)
    assert model.index(1, 1).data() == "1 extract"
    assert model.index(1, 2, first).data() == "Jo (Female, 40-55)"
    dialog.tree.setCurrentIndex(key)
    assert "<b>Extract number 2" in dialog.detail.toHtml() or "Extract number 2" in (
        dialog.detail.toPlainText()
    )
    assert dialog.key_action.text() == "Unflag key extract"
    for action, signal, args in (
        (dialog.move_action, dialog.moveRequested, [2]),
        (dialog.uncode_action, dialog.uncodeRequested, [2]),
        (dialog.key_action, dialog.keyToggled, [2, False]),
        (dialog.reviewed_action, dialog.markReviewedRequested, [7]),
    ):
        with qtbot.waitSignal(signal) as blocker:
            action.trigger()
        assert blocker.args == args
    shot(dialog, "review_dialog", (900, 360))
    # refresh: the key flag gone, the selected extract still selected
    groups = [ReviewGroup(11, "Waiting lists", GROUPS[0].extracts, set()), GROUPS[1]]
    dialog.set_groups("Barriers to access", groups)
    assert dialog.current_extract() is not None and dialog.current_extract().coding_id == 2
    assert dialog.key_action.text() == "Flag as key extract"


def test_review_fills_5000_extracts_quickly(qtbot: Any) -> None:
    groups = [
        ReviewGroup(c, f"Code {c}", [extract(c * 1000 + i, c, i % 30) for i in range(250)], set())
        for c in range(20)
    ]
    dialog = ReviewDialog(1)
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    started = time.perf_counter()
    dialog.set_groups("Big theme", groups)
    QApplication.processEvents()  # lay out and paint the visible rows
    elapsed = time.perf_counter() - started
    print(f"\nreview dialog: 5,000 extracts shown in {elapsed * 1000:.0f} ms")
    assert sum(dialog.model.rowCount(dialog.model.index(g, 0)) for g in range(20)) == 5000
    assert elapsed < 3.0


def test_review_model_contract_when_empty(qtmodeltester: Any) -> None:
    model = ReviewModel()
    qtmodeltester.check(model)
    model.set_groups([ReviewGroup(1, "Empty code")])
    qtmodeltester.check(model)


def test_dataset_review(qtbot: Any) -> None:
    widget = DatasetReviewWidget()
    qtbot.addWidget(widget)
    coverage = [CoverageRow(1, "Focus group 1", 0.72, 40), CoverageRow(2, "Survey", 0.08, 2)]
    passage = Passage(2, "Survey", 120, 560, "A long stretch nobody coded. " * 15)
    widget.set_data(coverage, [passage], [coverage[1]])
    assert widget.coverage.rowCount() == 2 and widget.coverage.item(0, 0).text() == "Focus group 1"
    assert widget.coverage.item(1, 1).data(CoverageRole) == pytest.approx(0.08)
    assert widget.passages.item(0, 1).text() == "440"
    assert widget.sparse.rowCount() == 1 and widget.sparse.item(0, 1).text() == "2"
    with qtbot.waitSignal(widget.passageActivated) as blocker:
        widget.passages.itemDoubleClicked.emit(widget.passages.item(0, 2))
    assert blocker.args == [2, 120, 560]
    with qtbot.waitSignal(widget.minLengthChanged) as blocker:
        widget.min_length.setValue(500)
    assert blocker.args == [500]
    with qtbot.waitSignal(widget.maxCodingsChanged) as blocker:
        widget.max_codings.setValue(5)
    assert blocker.args == [5]
    shot(widget, "dataset_review", (980, 420))


PHASES = [
    (1, "Familiarisation"),
    (2, "Initial codes"),
    (3, "Themes"),
    (4, "Review"),
    (5, "Define and name"),
    (6, "Write up"),
]


def test_phase_tracker(qtbot: Any) -> None:
    tracker = PhaseTracker()
    qtbot.addWidget(tracker)
    checklist = [("read", "Read every transcript twice"), ("notes", "Noted first ideas")]
    tracker.set_phase(PhaseInfo(1, "Familiarisation", checklist, {"read"}), PHASES)
    assert len(tracker.steps.buttons()) == 6 and tracker.steps.checkedId() == 1
    assert tracker.checklist.count() == 2 and tracker.progress.text() == "1 of 2 done"
    with qtbot.waitSignal(tracker.checklistToggled) as blocker:
        tracker.checklist.item(1).setCheckState(Qt.CheckState.Checked)
    assert blocker.args == ["notes", True]
    with qtbot.waitSignal(tracker.phaseChanged) as blocker:
        tracker.steps.button(4).click()
    assert blocker.args == [4]
    tracker.set_phase(PhaseInfo(4, "Review", [("l1", "Read all extracts per theme")]), PHASES)
    assert tracker.steps.checkedId() == 4 and tracker.progress.text() == "0 of 1 done"
    shot(tracker, "phase_tracker", (820, 200))


def test_decision_log_filters_and_adds(qtbot: Any, qtmodeltester: Any) -> None:
    log = DecisionLog()
    qtbot.addWidget(log)
    log.set_entries(
        [
            LogEntry("2024-05-01T10:22:33", "amy", "change", "Created theme “Stigma”"),
            LogEntry("2024-05-01T11:00:00", "amy", "decision", "Merged access themes: overlap"),
            LogEntry("2024-05-02T09:15:00", "ben", "change", "Renamed code “Waiting”"),
        ]
    )
    qtmodeltester.check(log.model)
    assert log.proxy.rowCount() == 3
    log.set_filter("decision")
    assert log.proxy.rowCount() == 1 and log.proxy.index(0, 3).data().startswith("Merged")
    assert log.count.text() == "1 of 3"
    log.set_filter("change")
    assert log.proxy.rowCount() == 2
    log.set_filter("")
    assert log.proxy.rowCount() == 3 and log.proxy.index(0, 0).data() == "2024-05-01 10:22"
    log.text.setText("  Kept Miscellaneous until phase 4  ")
    with qtbot.waitSignal(log.decisionAdded) as blocker:
        log.add.click()
    assert blocker.args == ["Kept Miscellaneous until phase 4"] and log.text.text() == ""
    assert short_time("yesterday") == "yesterday"
    shot(log, "decision_log", (760, 220))
