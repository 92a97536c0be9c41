"""File › Team Members…: who may do what on a server project, for its owner (the GUI's
``qualcode team setup|add|list``).

The roles are the database's own (see :mod:`qualcode.services.server.roles`): the dialog lists
each login with its role, sets the roles up on a project that has none yet, and adds a person
with a role and, if given, a password that goes to the server and nowhere else. Only an owner's
login may change them; anyone else gets the server's refusal as one line.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qualcode.domain.errors import QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.server import roles
from qualcode.storage.project import Project

ROLE_HELP = {
    "owner": "owner — changes anything, including everyone's codings",
    "coder": "coder — codes, themes and memos; changes only their own codings",
    "reviewer": "reviewer — reads only",
}


class AddPersonDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a Person")
        self.login = QLineEdit()
        self.login.setPlaceholderText("their database login, e.g. amira")
        self.role = QComboBox()
        for role in roles.ROLES:
            self.role.addItem(ROLE_HELP[role], role)
        self.role.setCurrentIndex(roles.ROLES.index("coder"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("leave empty to keep their current password")
        form = QFormLayout()
        form.addRow("Login:", self.login)
        form.addRow("Role:", self.role)
        form.addRow("Password:", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.login.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        self.ok.setEnabled(False)
        self.setMinimumWidth(480)


class TeamMembersDialog(QDialog):
    def __init__(self, project: Project, parent: QWidget) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Team Members")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Login", "Role"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setup_button = QPushButton("Set Up Roles")
        self.setup_button.setToolTip("Create the owner, coder and reviewer roles for this project")
        self.add_button = QPushButton("Add Person…")
        self.setup_button.clicked.connect(self.set_up)
        self.add_button.clicked.connect(self.ask_add)
        row = QHBoxLayout()
        row.addWidget(self.setup_button)
        row.addWidget(self.add_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(close)
        self.resize(560, 420)
        self.reload()

    def reload(self) -> None:
        try:
            members = roles.members(self.project)
        except QualCodeError as exc:
            members = []
            self.heading.setText(str(exc))
        else:
            self.heading.setText(
                f"<b>{self.project.path.name}</b>: {plural(len(members), 'person', 'people')} "
                "with a role. Each coder changes only their own codings; the server enforces it."
                if members
                else f"<b>{self.project.path.name}</b> has no team roles yet: Set Up Roles first "
                "(as the project's owner)."
            )
        self.add_button.setEnabled(bool(members))
        self.table.setRowCount(len(members))
        for i, member in enumerate(members):
            self.table.setItem(i, 0, QTableWidgetItem(member.name))
            self.table.setItem(i, 1, QTableWidgetItem(ROLE_HELP[member.role]))
        self.table.resizeColumnToContents(0)

    def set_up(self) -> None:
        try:
            roles.setup_roles(self.project)
        except QualCodeError as exc:
            QMessageBox.warning(self, "Team Members", str(exc))
            return
        self.reload()

    def ask_add(self) -> AddPersonDialog:
        dialog = AddPersonDialog(self)
        dialog.accepted.connect(lambda: self.add(dialog))
        dialog.open()
        return dialog

    def add(self, dialog: AddPersonDialog) -> None:
        role = dialog.role.currentData()
        try:
            roles.add_member(
                self.project, dialog.login.text().strip(), role, dialog.password.text() or None
            )
        except QualCodeError as exc:
            QMessageBox.warning(self, "Team Members", str(exc))
            return
        finally:
            dialog.password.clear()
        self.reload()
