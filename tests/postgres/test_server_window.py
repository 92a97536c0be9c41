"""The window on a team server: Connect to Team Project…, the title, another coder's work
appearing without reopening, a refused conflicting action, Save a Copy on a Team Server…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qualcode.services.coding import codes, codings
from qualcode.services.server import roles
from qualcode.storage.copy import copy_project
from qualcode.storage.models import Code
from qualcode.storage.project import Project
from qualcode.ui.shell.main_window import MainWindow
from qualcode.ui.shell.server_menu import ServerDialog
from tests.postgres.test_team import as_user


def _parts(url: str) -> tuple[str, int, str]:
    """(socket folder, port, database) of a test server address."""
    database = url.split("@/", 1)[1].split("?", 1)[0]
    query = dict(p.split("=", 1) for p in url.split("?", 1)[1].split("&"))
    return query["host"], int(query["port"]), database


@pytest.fixture
def server_window(qtbot, sample_path: Path, empty_pg_url: str) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    with Project.open(sample_path, readonly=True) as sample:
        copy_project(sample, empty_pg_url)
    with Project.open(empty_pg_url) as owner:
        roles.setup_roles(owner)
        roles.add_member(owner, "alice", "coder")
        roles.add_member(owner, "rita", "reviewer")
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.resize(1280, 720)
    yield win
    win.close()


def _connect(win: MainWindow, url: str, user: str) -> ServerDialog:
    host, port, database = _parts(url)
    dialog = win.server.connect_to_server()
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText(user)
    return dialog


def test_connect_shows_the_server_project_and_follows_another_coder(
    qtbot, server_window: MainWindow, empty_pg_url: str
) -> None:  # type: ignore[no-untyped-def]
    win = server_window
    dialog = _connect(win, empty_pg_url, "tester")
    dialog.grab().save("/tmp/h20a-connect.png")
    dialog.accept()
    project = win.project
    assert project is not None and project.is_server
    assert "on this computer (team server)" in win.windowTitle()
    assert win.windowTitle().startswith(project.path.name)
    assert "tester@" in win.status.text() and len(win.documents.rows) > 10
    win.server.poll()  # the baseline, taken off the GUI thread
    qtbot.waitUntil(lambda: win.server._seen is not None, timeout=5_000)
    with Project.open(as_user(empty_pg_url, "alice")) as alice:
        created = codes.create_code(alice, "Alice's new code")
    names = lambda: {r.name for r in win._code_rows}  # noqa: E731
    assert "Alice's new code" not in names()
    qtbot.waitUntil(lambda: "Alice's new code" in names(), timeout=10_000)  # the timer's poll
    assert "alice" in win.statusBar().currentMessage()
    win.grab().save("/tmp/h20a-window.png")
    # the same code deleted by someone else: coding with it is refused and the views refresh
    with Project.open(empty_pg_url) as owner:
        assert created.entity_id is not None
        codes.delete_code(owner, created.entity_id)
    doc = win.documents.rows[0].id
    change = win.coding.run("Code", lambda p: codings.add_coding(p, doc, created.entity_id, 0, 5))
    assert change is None
    assert "no code" in win.statusBar().currentMessage().lower()
    assert "someone else may have deleted it" in win.statusBar().currentMessage().lower()
    assert "Alice's new code" not in names()
    with project.read() as s:
        assert s.scalar(select(func.count(Code.id)).where(Code.id == created.entity_id)) == 0


def test_a_reviewer_sees_read_only_in_the_title(
    server_window: MainWindow, empty_pg_url: str
) -> None:
    win = server_window
    _connect(win, empty_pg_url, "rita").accept()
    assert win.project is not None and win.project.readonly
    assert "read-only" in win.windowTitle()


def test_save_a_copy_on_a_team_server(qtbot, window: MainWindow, empty_pg_url: str) -> None:  # type: ignore[no-untyped-def]
    dialog = window.server.copy_to_server()
    assert dialog is not None
    host, port, database = _parts(empty_pg_url)
    dialog.host.setText(host)
    dialog.port.setValue(port)
    dialog.database.setText(database)
    dialog.user.setText("tester")
    dialog.grab().save("/tmp/h20a-copy.png")
    dialog.accept()
    qtbot.waitUntil(
        lambda: "Copied the project" in window.statusBar().currentMessage(), timeout=30_000
    )
    with Project.open(empty_pg_url, readonly=True) as copy, copy.read() as s:
        assert (s.scalar(select(func.count(Code.id))) or 0) > 5


def test_a_rename_does_not_replace_one_made_meanwhile(
    qtbot, server_window: MainWindow, empty_pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    win = server_window
    _connect(win, empty_pg_url, "tester").accept()
    code = win._code_rows[0]

    def dialog(*_args: object, **_kw: object) -> tuple[str, bool]:
        # while this rename dialog is open, alice renames the same code
        with Project.open(as_user(empty_pg_url, "alice")) as alice:
            codes.rename_code(alice, code.id, "Alice's name")
        return "Tester's name", True

    monkeypatch.setattr("qualcode.ui.coding.controller.QInputDialog.getText", dialog)
    win.coding.ask_rename(code.id)
    assert "renamed this code to 'Alice's name'" in win.statusBar().currentMessage()
    assert {r.id: r.name for r in win._code_rows}[code.id] == "Alice's name"  # refreshed
    with win.project.read() as s:  # type: ignore[union-attr]
        assert s.scalar(select(Code.name).where(Code.id == code.id)) == "Alice's name"
    win.coding.ask_rename(code.id)  # now seeing the current name, the rename goes through
    with win.project.read() as s:  # type: ignore[union-attr]
        assert s.scalar(select(Code.name).where(Code.id == code.id)) == "Tester's name"


def test_save_a_server_project_as_a_file(
    qtbot,
    server_window: MainWindow,
    empty_pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    win = server_window
    _connect(win, empty_pg_url, "rita").accept()  # a reviewer may take a copy
    target = tmp_path / "back"
    monkeypatch.setattr(
        "qualcode.ui.shell.server_menu.QFileDialog.getSaveFileName",
        lambda *_a, **_k: (str(target), ""),
    )
    win.server.copy_to_file()
    copied = lambda: "Copied the project" in win.statusBar().currentMessage()  # noqa: E731
    qtbot.waitUntil(copied, timeout=30_000)
    with Project.open(tmp_path / "back.qcproj", readonly=True) as p, p.read() as s:
        assert (s.scalar(select(func.count(Code.id))) or 0) == len(win._code_rows)


def test_team_members_set_up_and_add_a_person(qtbot, sample_path: Path, empty_pg_url: str) -> None:  # type: ignore[no-untyped-def]
    from qualcode.ui.shell.team_members import TeamMembersDialog

    with Project.open(sample_path, readonly=True) as sample:
        copy_project(sample, empty_pg_url)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_project(empty_pg_url)
    dialog = win.server.team_members()
    assert isinstance(dialog, TeamMembersDialog)
    assert "no team roles yet" in dialog.heading.text() and not dialog.add_button.isEnabled()
    dialog.set_up()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "tester"
    add = dialog.ask_add()
    add.login.setText("newcoder")
    add.password.setText("s3cret-pw")
    add.grab().save("/tmp/h20a-add-person.png")
    add.accept()
    logins = {dialog.table.item(i, 0).text(): dialog.table.item(i, 1).text() for i in range(2)}
    assert logins["newcoder"].startswith("coder") and add.password.text() == ""
    dialog.resize(1280, 720)
    dialog.grab().save("/tmp/h20a-members.png")
    with Project.open(as_user(empty_pg_url, "newcoder")) as newcoder:
        assert not newcoder.readonly and newcoder.coder_id is not None
    dialog.close()
    win.close()
