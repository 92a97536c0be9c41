"""Server addresses on the command line and in the window: passwords come from PGPASSWORD,
~/.pgpass or a prompt, and are never printed or remembered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from qualcode.cli import _parser, main
from qualcode.storage.project import Project
from qualcode.ui.shell.main_window import MainWindow
from tests.postgres.server import admin, shared_server

SECRET = "pw-Secret-81"


@pytest.fixture
def locked_url(pg_url: str) -> str:
    """``pg_url`` for a login the server asks a password of (scram-sha-256, not trust)."""
    server = shared_server()
    hba = server.folder / "data" / "pg_hba.conf"
    rule = "local all pwuser scram-sha-256\n"
    if rule not in hba.read_text():
        hba.write_text(rule + hba.read_text())
        admin(server, f"CREATE ROLE pwuser LOGIN PASSWORD '{SECRET}'", "SELECT pg_reload_conf()")
    database = pg_url.split("@/", 1)[1].split("?", 1)[0]
    admin(server, "GRANT ALL ON ALL TABLES IN SCHEMA public TO pwuser",
          "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO pwuser", database=database)  # fmt: skip
    return pg_url.replace("tester@", "pwuser@", 1)


def test_an_address_survives_the_command_line(pg_url: str) -> None:
    for argv in (
        ["gui", pg_url],
        ["info", pg_url],
        ["search", pg_url, "x"],
        ["copy", pg_url, pg_url],
        ["export", "codebook", pg_url, "out.xlsx"],
        ["merge", pg_url, "other.qcproj"],
    ):
        args = _parser().parse_args(argv)
        given = [getattr(args, k, None) for k in ("project", "source", "target")]
        assert pg_url in given, argv
    assert isinstance(_parser().parse_args(["sample", "a.qcproj"]).project, Path)


def test_new_and_info_on_a_server(
    empty_pg_url: str, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", empty_pg_url]) == 0
    assert main(["info", "--json", empty_pg_url]) == 0
    out = capsys.readouterr().out
    info = json.loads(out[out.index("{") :])
    assert info["path"].startswith("postgresql://tester@/") and info["counts"]["coder"] == 1
    assert main(["new", pg_url]) == 2
    assert "already holds tables" in capsys.readouterr().err


def test_no_password_is_a_clear_error_and_pgpassword_works(
    locked_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    assert main(["info", locked_url]) == 2
    err = capsys.readouterr().err
    assert "asks for a password" in err and "PGPASSWORD" in err and "Traceback" not in err
    monkeypatch.setenv("PGPASSWORD", SECRET)
    assert main(["info", locked_url]) == 0
    with_password = locked_url.replace("pwuser@", f"pwuser:{SECRET}@")
    monkeypatch.delenv("PGPASSWORD")
    assert main(["info", with_password]) == 0  # a password in the address works, unprinted
    out, err = capsys.readouterr()
    assert "pwuser@" in out and SECRET not in out + err


def test_the_window_asks_and_forgets_the_password(
    qtbot, locked_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent/pgpass")
    asked: list[str] = []

    def prompt(*args: object, **_kw: object) -> tuple[str, bool]:
        asked.append(str(args[2]))
        return SECRET, True

    monkeypatch.setattr("qualcode.ui.shell.server_menu.QInputDialog.getText", prompt)
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_project(locked_url)
    assert len(asked) == 1 and "pwuser@" in asked[0] and "never saved" in asked[0]
    project = win.project
    assert isinstance(project, Project) and project.is_server
    remembered = QSettings().value("recent")
    assert project.location in str(remembered) and SECRET not in str(remembered)
    assert project.location.startswith("postgresql://pwuser@/")
    assert SECRET not in win.windowTitle() + win.status.text() + project.location
    win.close()
