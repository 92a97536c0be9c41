"""Undo and the audit trail: row-level reversal steps, undo/redo, the change log, and the
:class:`~qualcode.domain.changes.Changes` value every operation returns."""
