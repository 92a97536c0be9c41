"""Change records and the change log (the audit trail of structural changes)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualcode.domain.changes import NO_CHANGES, Changes
from qualcode.services.undo.reversal import Reversal
from qualcode.storage.models import ChangeLog


@dataclass(frozen=True)
class Change:
    """What a service did: shown in the GUI, logged, and undone through ``reversal``.

    ``changes`` says which kinds and ids it touched, for the views; it is filled in by
    :func:`~qualcode.services.undo.tracking.operation` when the transaction commits."""

    action: str
    entity: str
    entity_id: int | None
    summary: str
    reversal: Reversal
    changes: Changes = NO_CHANGES


def combine(changes: Sequence[Change], label: str) -> Change:
    """Several changes made in one transaction as one undo step: reversals run last first."""
    steps = tuple(step for change in reversed(changes) for step in change.reversal.steps)
    last = changes[-1]
    merged = NO_CHANGES
    for change in changes:
        merged = merged | change.changes
    return Change(last.action, last.entity, last.entity_id, label, Reversal(label, steps), merged)


def log_change(
    session: Session,
    coder_id: int | None,
    action: str,
    entity: str,
    summary: str,
    guid: str | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    session.add(
        ChangeLog(
            coder_id=coder_id,
            action=action,
            entity=entity,
            entity_guid=guid,
            summary=summary,
            details=json.dumps(details, default=str) if details else None,
        )
    )
