"""Undo and redo: thin QUndoCommands over the services' change and reversal records.

A command is created *after* its service ran (so a refused action never reaches the stack);
``redo()`` skips its first call, which QUndoStack.push makes. Later undos and redos apply the stored
reversal, each returning the reversal of itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand, QUndoStack

from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.services.undo.reversal import Reversal
from qualcode.storage.project import Project


class ServiceCommand(QUndoCommand):
    def __init__(
        self, project: Project, change: Change, label: str, refresh: Callable[[], None]
    ) -> None:
        super().__init__(label)
        self.project = project
        self.refresh = refresh
        self.reversal: Reversal = change.reversal
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self.reversal = apply_reversal(self.project, self.reversal, "redo").reversal
        self.refresh()

    def undo(self) -> None:
        self.reversal = apply_reversal(self.project, self.reversal, "undo").reversal
        self.refresh()


def combine(changes: Sequence[Change], label: str) -> Change:
    """Several changes as one undo step: their reversals run last change first."""
    steps = tuple(step for change in reversed(changes) for step in change.reversal.steps)
    last = changes[-1]
    return Change(last.action, last.entity, last.entity_id, label, Reversal(label, steps))


def push(
    stack: QUndoStack, project: Project, change: Change, label: str, refresh: Callable[[], None]
) -> Change:
    stack.push(ServiceCommand(project, change, label, refresh))
    return change
