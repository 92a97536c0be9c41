"""The window's menu actions as a user meets them: Code › New code… creates a code, no two
actions answer the same key in the same place, and Open Recent lists whole paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from qualcode.ui.shell.main_window import MainWindow

_SCOPED = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)


def _menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu and top.menu() is not None:
            found = top.menu()
            assert isinstance(found, QMenu)
            for action in found.actions():
                if action.text().replace("&", "") == text:
                    return action
    raise AssertionError(f"no {menu} › {text}")


def test_new_code_from_the_code_menu_creates_a_top_level_code(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Hope", True))
    n_codes = len(window._code_rows)
    _menu_action(window, "Code", "New code…").trigger()
    assert "There is no code" not in window.statusBar().currentMessage()
    assert len(window._code_rows) == n_codes + 1
    hope = next(r for r in window._code_rows if r.name == "Hope")
    assert hope.parent_id is None


def _scope(item: QAction | QShortcut) -> tuple[Qt.ShortcutContext, list[QWidget]]:
    if isinstance(item, QShortcut):
        parent = item.parentWidget()
        return item.context(), [parent] if parent is not None else []
    widgets = [o for o in item.associatedObjects() if isinstance(o, QWidget)]
    return item.shortcutContext(), widgets


def _contains(outer: QWidget, inner: QWidget) -> bool:
    return outer is inner or outer.isAncestorOf(inner)


def _overlap(a: QAction | QShortcut, b: QAction | QShortcut) -> bool:
    context_a, widgets_a = _scope(a)
    context_b, widgets_b = _scope(b)
    if context_a not in _SCOPED or context_b not in _SCOPED:
        return True  # a window- or application-wide key clashes with any other use of it
    for wa in widgets_a:
        for wb in widgets_b:
            if wa is wb:
                return True
            if context_a == Qt.ShortcutContext.WidgetWithChildrenShortcut and _contains(wa, wb):
                return True
            if context_b == Qt.ShortcutContext.WidgetWithChildrenShortcut and _contains(wb, wa):
                return True
    return False


def test_no_two_enabled_actions_share_a_key_where_both_could_fire(window: MainWindow) -> None:
    """Every enabled QAction and QShortcut in the window (menus, docks, widgets), key by key.

    The rule: an action with a window- or application-wide context (the default for menu
    actions) owns its key sequence outright: no other enabled action or shortcut in the window
    may use it, whatever its context, since Qt would find the key ambiguous (or silently pick
    one) whenever both are live. Actions scoped to a widget (WidgetShortcut) or to a widget and
    its children (WidgetWithChildrenShortcut) may share a key when their widgets are apart, as
    the reader's "Q" and a dialog's own keys are; they clash when they sit on the same widget,
    or when one is scoped to a widget with its children and the other sits on one of those
    children.
    """
    items: list[QAction | QShortcut] = [
        a for a in window.findChildren(QAction) if a.isEnabled() and a.shortcuts()
    ]
    items += [s for s in window.findChildren(QShortcut) if s.isEnabled() and s.keys()]
    by_key: dict[str, list[QAction | QShortcut]] = {}
    for item in items:
        keys = item.shortcuts() if isinstance(item, QAction) else item.keys()
        for key in {k.toString() for k in keys if not k.isEmpty()}:
            by_key.setdefault(key, []).append(item)
    clashes = []
    for key, users in by_key.items():
        for i, a in enumerate(users):
            for b in users[i + 1 :]:
                if a is not b and _overlap(a, b):
                    name_a = a.text() if isinstance(a, QAction) else a.objectName()
                    name_b = b.text() if isinstance(b, QAction) else b.objectName()
                    clashes.append(f"{key}: {name_a!r} and {name_b!r}")
    assert not clashes, clashes
    new_code = _menu_action(window, "Code", "New code…")
    new_project = _menu_action(window, "File", "New Project…")
    assert new_code.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert new_project.shortcut() == QKeySequence(QKeySequence.StandardKey.New)


def test_open_recent_lists_a_single_stored_path_whole(
    window: MainWindow, sample_path: Path, tmp_path: Path
) -> None:
    """Some QSettings back ends give back a one-item list as a plain string."""
    settings = QSettings()
    old = settings.value("recent")
    try:
        settings.setValue("recent", str(tmp_path / "one.qcproj"))
        window._fill_recent()
        entries = [a.text() for a in window.recent_menu.actions()]
        assert entries == [str(tmp_path / "one.qcproj")]
        window._remember(sample_path)
        entries = [a.text() for a in window.recent_menu.actions()]
        assert entries == [str(sample_path.resolve()), str(tmp_path / "one.qcproj")]
    finally:
        settings.setValue("recent", old if old is not None else [])
