"""Change records and the change log (the audit trail of structural changes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from qualcode.services.undo.reversal import Reversal
from qualcode.storage.models import ChangeLog


@dataclass(frozen=True)
class Change:
    """What a service did: shown in the GUI, logged, and undone through ``reversal``."""

    action: str
    entity: str
    entity_id: int | None
    summary: str
    reversal: Reversal


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
