"""The Recommendations dock on the sample: reorder by drag and drop (one undo step per move),
edit, link themes, follow undo and changes made elsewhere, export from File › Export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from sqlalchemy import select

from qualcode.services.samples.samples_recommendations import RECOMMENDATIONS
from qualcode.services.themes import themes as themes_service
from qualcode.storage.models import Code
from qualcode.ui.recommendations.controller import GO_KEY
from qualcode.ui.recommendations.panel import RecommendationsPanel
from qualcode.ui.shell.main_window import MainWindow
from tests.ui.exporting import Boxes, finish, make_boxes, save_to, workbook_values

TITLES = [r[1] for r in RECOMMENDATIONS]


@pytest.fixture
def panel(window: MainWindow) -> RecommendationsPanel:
    """The dock shown through View › Recommendations, as a user opens it."""
    action = window.recommendations.show_action
    assert action is not None and action.shortcut() == QKeySequence(GO_KEY)
    action.trigger()
    assert window.recommendations.dock.isVisible()
    return window.recommendations.panel


def _titles(panel: RecommendationsPanel) -> list[str]:
    model = panel.model
    out = []
    for top in range(model.rowCount()):
        head = model.item(top, 0)
        out += [head.child(r, 0).text() for r in range(head.rowCount())]
    return out


def _drag(panel: RecommendationsPanel, title: str, priority_row: int, row: int) -> None:
    """What the view does on a drop: ask the model for the dragged row's data, drop it."""
    model = panel.model
    source = next(
        model.item(t, 0).child(r, 0).index()
        for t in range(model.rowCount())
        for r in range(model.item(t, 0).rowCount())
        if model.item(t, 0).child(r, 0).text().endswith(title)
    )
    mime = model.mimeData([source])
    parent = model.index(priority_row, 0)
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)
    model.dropMimeData(mime, Qt.DropAction.MoveAction, row, 0, parent)


def test_the_panel_lists_the_register_by_priority_with_its_check(
    panel: RecommendationsPanel,
) -> None:
    assert _titles(panel) == [f"{n}. {t}" for n, t in enumerate(TITLES, start=1)]
    heads = [panel.model.item(t, 0).text() for t in range(panel.model.rowCount())]
    assert heads[0].startswith("P1 ") and "none yet" in heads[1]  # P2 is an empty drop target
    check = [panel.check.item(i).text() for i in range(panel.check.count())]
    assert check == [
        "No supporting theme: 6. Review police referral pathways",
        "Behind no recommendation: Families carry it",
    ]


def test_drag_and_drop_renumbers_and_undo_puts_it_back(
    window: MainWindow, panel: RecommendationsPanel
) -> None:
    before = _titles(panel)
    steps = window.coding.stack.count()
    _drag(panel, TITLES[4], 0, 0)  # the naloxone one (5th, under P4) to the top of P1
    assert _titles(panel)[:3] == [f"1. {TITLES[4]}", f"2. {TITLES[0]}", f"3. {TITLES[1]}"]
    assert window.coding.stack.count() == steps + 1  # one undo step
    panel_entry = panel.entry(panel.current)
    assert panel_entry is not None and panel_entry.title == TITLES[4]  # still selected
    _drag(panel, TITLES[0], 0, 3)  # within P1: from second to last (after "2. ...")
    assert _titles(panel)[:3] == [f"1. {TITLES[4]}", f"2. {TITLES[1]}", f"3. {TITLES[0]}"]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert _titles(panel) == before
    window.redo_action.trigger()
    assert _titles(panel)[0] == f"1. {TITLES[4]}"


def test_edit_new_and_theme_links(window: MainWindow, panel: RecommendationsPanel) -> None:
    third = panel.data.register.entries[2] if panel.data.register else None
    assert third is not None
    panel.select(third.id)
    panel.title.setText("Answer every first call within five days")
    panel.owner.setText("Provider and GP practices")
    panel.save_button.click()
    assert _titles(panel)[2] == "3. Answer every first call within five days"
    assert panel.owner.text() == "Provider and GP practices"  # the editor shows it again
    # tick "Families carry it" for the police one: the check loses both of its lines' subjects
    last = panel.data.register.entries[-1] if panel.data.register else None
    assert last is not None
    panel.select(last.id)
    families = next(
        panel.themes.item(i) for i in range(panel.themes.count())
        if panel.themes.item(i).text().strip() == "Families carry it"
    )  # fmt: skip
    families.setCheckState(Qt.CheckState.Checked)
    assert panel.check.count() == 0 and panel.check_label.text() == "Check: every link in place"
    window.undo_action.trigger()
    assert panel.check.count() == 2
    panel.new_button.click()
    assert len(_titles(panel)) == len(TITLES) + 1
    assert panel.title.text() == "New recommendation" and panel.title.hasFocus()


def test_a_theme_deleted_elsewhere_leaves_the_panel_and_undo_brings_it_back(
    window: MainWindow, panel: RecommendationsPanel
) -> None:
    entry = panel.data.register.entries[4] if panel.data.register else None
    assert entry is not None and entry.theme_names == "Keeping people alive"
    theme = entry.themes[0].id
    window.coding.run("Delete theme", lambda p: themes_service.delete_theme(p, theme))
    assert "No supporting theme: 5. Naloxone wherever people are" in [
        panel.check.item(i).text() for i in range(panel.check.count())
    ]
    window.undo_action.trigger()
    again = panel.entry(entry.id)
    assert again is not None and again.theme_names == "Keeping people alive"


def test_linking_extracts_from_the_retrieval_pane(
    window: MainWindow, panel: RecommendationsPanel, qtbot: Any
) -> None:
    first = panel.data.register.entries[0] if panel.data.register else None
    assert first is not None
    assert window.project is not None
    with window.project.read() as s:
        code = s.scalar(select(Code.id).where(Code.name == "Naloxone"))
    window.codebook.select_code(code)  # the Retrieval pane shows the code's extracts
    qtbot.waitUntil(lambda: window.retrieval.model.rowCount() > 1, timeout=20_000)
    window.retrieval.table.selectRow(0)
    panel.select(first.id)
    panel.add_extracts.click()
    linked = panel.entry(first.id)
    assert linked is not None and len(linked.extract_ids) == 1
    assert panel.extracts.count() == 1 and panel.extracts.item(0).text().startswith("“")


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return make_boxes(monkeypatch)


def test_export_from_the_file_menu_writes_word_and_excel(
    window: MainWindow, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    save_to(monkeypatch, tmp_path / "register.docx")
    window.export_menu.actions["recommendations"].trigger()
    assert finish(qtbot, window.export_menu.task).error is None
    paragraphs = docx.Document(str(tmp_path / "register.docx")).paragraphs
    numbered = [p.runs[0].text for p in paragraphs if p.runs and p.runs[0].bold
                and p.text[:1].isdigit()]  # fmt: skip
    assert numbered == [f"{n}. {t}:" for n, t in enumerate(TITLES, start=1)]
    save_to(monkeypatch, tmp_path / "register", "Excel workbook (*.xlsx)")  # suffix from filter
    window.export_menu.actions["recommendations"].trigger()
    assert finish(qtbot, window.export_menu.task).error is None
    rows = workbook_values(tmp_path / "register.xlsx")["Recommendations"]
    assert [r[1] for r in rows[3:]] == TITLES
