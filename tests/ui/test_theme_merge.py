"""Merging themes from the Themes panel keeps the absorbed theme's definition in the survivor,
says in the status bar whose status was kept, and one Edit › Undo brings everything back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from qualcode.services.themes import themes
from qualcode.storage.models import Theme
from qualcode.ui.shell.main_window import MainWindow
from tests.helpers import dump


def _definition(window: MainWindow, theme_id: int) -> str | None:
    assert window.project is not None
    with window.project.read() as s:
        theme = s.get(Theme, theme_id)
        return None if theme is None else theme.definition


def test_merging_from_the_panel_keeps_the_definition_and_undoes_in_one_step(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = window.project
    assert project is not None
    window.themes.refresh()
    source = window.coding.run("New theme", lambda p: themes.create_theme(p, "Absorbed"))
    target = window.coding.run("New theme", lambda p: themes.create_theme(p, "Survivor"))
    assert source is not None and target is not None
    sid, tid = source.entity_id, target.entity_id
    assert sid is not None and tid is not None
    window.coding.run("Edit", lambda p: themes.update_theme(p, sid, definition="Theirs."))
    window.coding.run("Edit", lambda p: themes.update_theme(p, tid, definition="Ours."))
    window.themes.refresh()
    before = dump(project)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("Survivor", True))

    window.themes_panel.mergeRequested.emit(sid)

    assert _definition(window, sid) is None
    assert _definition(window, tid) == "Ours.\n\n— from the merged theme 'Absorbed' —\nTheirs."
    assert "Merged theme 'Absorbed' into 'Survivor'" in window.statusBar().currentMessage()
    window.undo_action.trigger()
    assert dump(project) == before
    assert _definition(window, sid) == "Theirs."
    assert _definition(window, tid) == "Ours."
