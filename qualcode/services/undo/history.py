"""Undo and redo through reversal records, each as one transaction written to the change log."""

from __future__ import annotations

from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Reversal, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.project import Project


@operation
def apply_reversal(project: Project, reversal: Reversal, action: str = "undo") -> Change:
    """Apply ``reversal``; the returned change's reversal re-does what was undone."""
    with project.session() as s:
        inverse = apply_steps(s, reversal.steps)
        log_change(
            s, project.coder_id, action, "project", f"{action.capitalize()}: {reversal.label}"
        )
    return Change(action, "project", None, reversal.label, Reversal(reversal.label, inverse))
