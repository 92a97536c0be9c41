"""Phases 3-6 in the window on the sample project: themes panel, map edits, review, dataset
review, phases and the decision log, each undoable through the same undo stack."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from sqlalchemy import select

from qualcode.services.themes.review import theme_extracts
from qualcode.storage.models import Quote, Theme, ThemeCode
from qualcode.ui.shell.main_window import MainWindow
from tests.helpers import dump


def _theme_id(win: MainWindow, name: str) -> int:
    return next(i for i, n in win.themes.names.items() if n == name)


def _code_id(win: MainWindow, name: str) -> int:
    return next(r.id for r in win._code_rows if r.name == name)


def test_sample_themes_show_in_panel_and_map(window: MainWindow) -> None:
    assert window.themes.map_stale  # the map is drawn when its tab is first shown
    window.tabs.setCurrentWidget(window.map_view)
    assert not window.themes.map_stale
    names = set(window.themes.names.values())
    assert {"Help that comes too late", "Being believed", "Miscellaneous"} <= names
    assert len(window.map_view.themes) == len(names)
    assert window.map_view.links
    assert window.phase_tracker is not None and window.decision_log is not None


def test_map_edits_reach_the_database_and_undo(window: MainWindow, qtbot) -> None:
    window.tabs.setCurrentWidget(window.map_view)  # edits follow on the map in view
    before = dump(window.project)
    theme = _theme_id(window, "Being believed")
    code = _code_id(window, "Naloxone")
    window.map_view.codeDroppedOnTheme.emit(code, theme)
    with window.project.read() as s:
        assert s.get(ThemeCode, (theme, code)) is not None
    assert (theme, code) in window.map_view.links
    window.map_view.nodeMoved.emit("theme", theme, 123.0, 456.0)
    with window.project.read() as s:
        moved = s.get(Theme, theme)
        assert moved is not None and (moved.map_x, moved.map_y) == (123.0, 456.0)
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert dump(window.project) == before


def test_review_actions_and_undo(window: MainWindow, qtbot) -> None:
    before = dump(window.project)
    theme = _theme_id(window, "Being believed")
    dialog = window.themes.open_review(theme)
    assert dialog.model.rowCount() == len(theme_extracts(window.project, theme))  # code groups

    extracts = [e for g in theme_extracts(window.project, theme) for e in g.extracts]
    first, second = extracts[0].coding_id, extracts[1].coding_id
    dialog.keyToggled.emit(first, True)
    with window.project.read() as s:
        assert s.scalars(select(Quote).where(Quote.coding_id == first, Quote.is_key)).first()
    dialog.uncodeRequested.emit(second)
    remaining = {e.coding_id for g in theme_extracts(window.project, theme) for e in g.extracts}
    assert second not in remaining
    dialog.markReviewedRequested.emit(theme)
    window.undo_action.trigger()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert dump(window.project) == before
    dialog.close()


def test_dataset_review_phases_and_decisions(window: MainWindow, qtbot, tmp_path) -> None:
    window.tabs.setCurrentWidget(window.dataset_review)
    before = dump(window.project)
    window.phase_tracker.phaseChanged.emit(5)
    window.decision_log.decisionAdded.emit("Merged two candidate themes about waiting.")
    from qualcode.services.themes.phases import current_phase, decision_log

    assert current_phase(window.project) == 5
    assert decision_log(window.project)[-1].summary.startswith("Merged two candidate")
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert dump(window.project, skip=("change_log",)) == before


def test_map_renders_and_exports(window: MainWindow, qtbot, tmp_path: Path) -> None:
    window.tabs.setCurrentWidget(window.map_view)
    window.map_view.fit()
    qtbot.wait(50)
    png, svg = tmp_path / "map.png", tmp_path / "map.svg"
    window.map_view.export_png(png)
    window.map_view.export_svg(svg)
    image = QImage(str(png))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)
    }
    assert len(colours) > 20
    assert "Being believed" in svg.read_text(encoding="utf-8")


def test_strategy_mapping_cycles_a_link_and_undoes(window: MainWindow) -> None:
    from qualcode.services.frameworks.framework_links import theme_links

    assert window.themes.framework_id is not None
    before = dump(window.project)
    theme = _theme_id(window, "Families carry it")
    from qualcode.services.frameworks.frameworks import framework_items

    p5 = next(
        i.id for i in framework_items(window.project, window.themes.framework_id) if i.ref == "P5"
    )
    window.matrix_editor.cycleRequested.emit(theme, p5)
    strengths = {
        (link.theme_id, link.item_id): link.strength
        for link in theme_links(window.project, window.themes.framework_id)
    }
    assert strengths[(theme, p5)] == "secondary"
    window.undo_action.trigger()
    assert dump(window.project) == before


def test_theme_counts_arrive_from_the_background(window: MainWindow, qtbot) -> None:
    """The panel shows the themes at once and their counts when the worker has read them."""
    from qualcode.services.themes.theme_counts import theme_tree

    model = window.themes_panel.model
    first = theme_tree(window.project)[0]
    assert model.index(0, 0).data() == first.name

    def counts() -> list[str]:
        return [model.index(0, c).data() for c in (2, 3, 4)]

    qtbot.waitUntil(lambda: "…" not in counts(), timeout=20_000)
    assert counts() == [f"{n:,}" for n in (first.extracts, first.documents, first.participants)]
    window.themes.refresh()  # structure now, counts again a moment later
    assert counts() == ["…", "…", "…"]
    qtbot.waitUntil(lambda: "…" not in counts(), timeout=20_000)
    assert counts()[0] == f"{first.extracts:,}"
