"""Team-server items of the File menu, and keeping the window current while others work.

File › Connect to Team Project… opens a project on a PostgreSQL server from its parts (host,
port, database, login); File › Save a Copy on a Team Server… copies the open project into an
empty server database (in the background); on a server project, File › Save a Copy as a
Project File… brings it back to a file. A password is asked only when neither ~/.pgpass nor
PGPASSWORD gives one, and is kept only by the open connection, never in settings or the recent
list (which hold the address without it).

While a server project is open, a timer asks every few seconds whether other people changed it
(:func:`~qualcode.services.server.changes.others_signature`, two small queries) and refreshes the
views if so, naming the latest change in the status bar. An action refused because someone else
changed the same thing meanwhile refreshes the views too (see the coding controller).
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.team_errors import PasswordNeededError
from qualcode.storage.project import SUFFIX, Project
from qualcode.ui.shell.menus import menu_named

if TYPE_CHECKING:
    from qualcode.services.server.changes import Entry, Signature
    from qualcode.ui.shell.main_window import MainWindow

POLL_MS = 3_000
_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_address(location: object) -> bool:
    return isinstance(location, str) and location.lower().startswith(_SCHEMES)


def location_of(entry: str) -> Path | str:
    """A recent-list entry as ``open_project`` takes it: an address stays text."""
    return entry if is_address(entry) else Path(entry)


def title(project: Project) -> str:
    """What the window title calls the project: its file, or its database and server."""
    if not project.is_server:
        return project.path.name
    host = project.location.split("@", 1)[-1].split("/", 1)[0] or "this computer"
    mode = ", read-only" if project.readonly else ""
    return f"{project.path.name} on {host} (team server{mode})"


class ServerDialog(QDialog):
    """The parts of a server address; the password is asked later, only if needed."""

    def __init__(self, parent: QWidget, heading: str, action: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.host = QLineEdit("localhost")
        self.host.setToolTip("The server's name, or the folder of its socket on this computer")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setPlaceholderText("the project's database, e.g. youth_study")
        self.user = QLineEdit(getpass.getuser())
        form = QFormLayout()
        form.addRow("Server:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("Your login:", self.user)
        note = QLabel(
            "The password comes from your ~/.pgpass file or PGPASSWORD; otherwise QualCode asks "
            "for it and does not save it. Your project administrator gives you these details."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.database.textChanged.connect(self._check)
        self.user.textChanged.connect(self._check)
        self.setMinimumWidth(460)
        self._check()

    def _check(self) -> None:
        self.ok.setEnabled(bool(self.database.text().strip() and self.user.text().strip()))

    def location(self) -> str:
        """The address, without any password."""
        user = quote(self.user.text().strip(), safe="")
        database = quote(self.database.text().strip(), safe="")
        host = self.host.text().strip() or "localhost"
        port = self.port.value()
        if host.startswith("/"):  # a Unix socket folder
            return f"postgresql://{user}@/{database}?host={quote(host, safe='/')}&port={port}"
        return f"postgresql://{user}@{host}:{port}/{database}"


def ask_password(parent: QWidget, error: PasswordNeededError) -> str | None:
    password, ok = QInputDialog.getText(
        parent,
        "Password",
        f"Password for {error.location}\n(used for this session only, never saved):",
        QLineEdit.EchoMode.Password,
    )
    return password if ok else None


def open_location(parent: QWidget, location: Path | str) -> Project:
    """Open a file or a server project, asking for the server's password if it wants one."""
    try:
        return Project.open(location)
    except PasswordNeededError as exc:
        password = ask_password(parent, exc)
        if password is None:
            raise QualCodeError(f"{exc.location}: not opened (no password given).") from None
        return Project.open(location, password=password)


class ServerController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._seen: tuple[int, Signature] | None = None  # (id of the project, its signature)
        self._warned = False
        self._polling = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    # -- menu actions ----------------------------------------------------------------------------
    def connect_to_server(self) -> ServerDialog:
        dialog = ServerDialog(self.window, "Connect to Team Project", "Connect")
        dialog.accepted.connect(lambda: self.window.open_project(dialog.location()))
        dialog.open()
        return dialog

    def copy_to_server(self) -> ServerDialog | None:
        project = self.window.project
        if project is None:
            QMessageBox.information(self.window, "QualCode", "Open or create a project first.")
            return None
        dialog = ServerDialog(self.window, "Save a Copy on a Team Server", "Copy")
        note = QLabel(
            "The database must exist and be empty (your administrator creates it). The copy "
            "keeps every code, coding, coder and the change log; this project stays open."
        )
        note.setWordWrap(True)
        layout = dialog.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, note)
        dialog.accepted.connect(lambda: self._copy(project, dialog.location()))
        dialog.open()
        return dialog

    def team_members(self) -> QDialog | None:
        project = self.window.project
        if project is None or not project.is_server:
            QMessageBox.information(
                self.window,
                "Team Members",
                "Roles exist only for a project on a team server: open one with File › Connect "
                "to Team Project…, or put this one on a server with Save a Copy on a Team Server….",
            )
            return None
        from qualcode.ui.shell.team_members import TeamMembersDialog

        dialog = TeamMembersDialog(project, self.window)
        dialog.open()
        return dialog

    def copy_to_file(self) -> None:
        project = self.window.project
        if project is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Save a copy as a project file", "", f"QualCode project (*{SUFFIX})"
        )
        if name:
            path = Path(name) if name.endswith(SUFFIX) else Path(name + SUFFIX)
            self._copy(project, str(path))

    def _copy(self, project: Project, dest: str) -> None:
        """Copy in the background; a server's password is settled first, on this thread."""
        from qualcode.storage.copy import copy_project
        from qualcode.storage.server import probe
        from qualcode.ui.shell.long_task import LongTask

        password: str | None = None
        if is_address(dest):
            try:
                probe(dest)
            except PasswordNeededError as exc:
                password = ask_password(self.window, exc)
                if password is None:
                    return
            except QualCodeError as exc:
                QMessageBox.warning(self.window, "Save a copy", str(exc))
                return

        def work(_progress: object, _cancelled: object) -> str:
            return copy_project(project, dest, password=password)

        LongTask(
            self.window, "Save a copy", f"Copying to {dest}…", dest, work, self._copied
        ).start()

    def _copied(self, shown: object) -> None:
        self.window.statusBar().showMessage(f"Copied the project to {shown}", 15_000)

    # -- keeping current -------------------------------------------------------------------------
    def poll(self) -> None:
        """Ask, off the GUI thread, whether other people changed the server project since the
        last look; :meth:`_polled` refreshes the views if so."""
        project = self.window.project
        if project is None or not project.is_server:
            self._seen = None
            return
        if self._polling:  # a slow server: never more than one question at a time
            return
        from qualcode.services.server.changes import changes_by_others, others_signature
        from qualcode.ui.shell.workers import Task

        seen = self._seen if self._seen is not None and self._seen[0] == id(project) else None

        def work(_progress: object, _cancelled: object) -> tuple[Signature, list[Entry]]:
            signature = others_signature(project)
            if seen is None or seen[1] == signature:
                return signature, []
            return signature, changes_by_others(project, seen[1][1], limit=1)

        task = Task(work)
        task.signals.done.connect(lambda result: self._polled(project, seen, result))
        task.signals.failed.connect(self._poll_failed)
        self._polling = True
        task.start()

    def _polled(
        self,
        project: Project,
        seen: tuple[int, Signature] | None,
        result: tuple[Signature, list[Entry]],
    ) -> None:
        self._polling = False
        self._warned = False
        if self.window.project is not project:
            return  # another project was opened meanwhile
        signature, latest = result
        self._seen = (id(project), signature)
        if seen is None or seen[1] == signature:
            return
        message = (
            f"Updated: {latest[-1].coder or 'someone'} — {latest[-1].summary}"
            if latest
            else "Updated with other coders' codings"
        )
        self.window.refresh()
        self.window.statusBar().showMessage(message, 10_000)

    def _poll_failed(self, message: str) -> None:
        self._polling = False
        if not self._warned:  # once, not every 3 s while the server is away
            self.window.statusBar().showMessage(f"{message} Retrying…", POLL_MS * 3)
            self._warned = True


def install(window: MainWindow) -> ServerController:
    """Add the team-server items to File (after Save As…) and start watching for changes."""
    controller = ServerController(window)
    file = menu_named(window, "File")
    if isinstance(file, QMenu):
        items = [
            ("Connect to &Team Project…", controller.connect_to_server),
            ("Save a Copy on a Team &Server…", controller.copy_to_server),
            ("Save a Copy as a Project &File…", controller.copy_to_file),
            ("Team &Members…", controller.team_members),
        ]
        save_as = next((a for a in file.actions() if a.text() == "Save &As…"), None)
        index = file.actions().index(save_as) + 1 if save_as is not None else 0
        following = file.actions()[index] if index < len(file.actions()) else None
        for label, slot in items:
            action = window._action(label, None, slot)
            if following is not None:
                file.insertAction(following, action)
            else:
                file.addAction(action)
    return controller
