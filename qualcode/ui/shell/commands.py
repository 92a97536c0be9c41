"""Undo and redo: thin QUndoCommands over the services' change and reversal records.

A command is created *after* its operation ran (so a refused action never reaches the stack);
``redo()`` skips its first call, which QUndoStack.push makes. Later undos and redos apply the stored
reversal, each returning the reversal of itself and the :class:`Changes` it made, which the command
hands to ``notify`` (the window's one change signal): no caller refreshes a view by hand.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from qualcode.domain.changes import Changes
from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.services.undo.reversal import Reversal
from qualcode.storage.project import Project

Notify = Callable[[Changes], None]


class ServiceCommand(QUndoCommand):
    def __init__(self, project: Project, change: Change, label: str, notify: Notify) -> None:
        super().__init__(label)
        self.project = project
        self.notify = notify
        self.reversal: Reversal = change.reversal
        self._first: Changes | None = change.changes

    def redo(self) -> None:
        if self._first is not None:  # the operation itself already ran
            changes, self._first = self._first, None
        else:
            done = apply_reversal(self.project, self.reversal, "redo")
            self.reversal, changes = done.reversal, done.changes
        self.notify(changes)

    def undo(self) -> None:
        done = apply_reversal(self.project, self.reversal, "undo")
        self.reversal = done.reversal
        self.notify(done.changes)


def push(stack: QUndoStack, project: Project, change: Change, label: str, notify: Notify) -> Change:
    """Put a completed operation on the undo stack and tell the views what it changed."""
    stack.push(ServiceCommand(project, change, label, notify))
    return change
