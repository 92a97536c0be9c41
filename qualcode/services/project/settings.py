"""Project settings (key/value): pinned code keys, the current phase, templates...

Preferences, not analysis: they are not undoable and not written to the change log.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from qualcode.storage.models import Setting
from qualcode.storage.project import Project


def get_setting(project: Project, key: str, default: Any = None) -> Any:
    with project.read() as s:
        raw = s.scalar(select(Setting.value).where(Setting.key == key))
    return default if raw is None else json.loads(raw)


def set_setting(project: Project, key: str, value: Any) -> None:
    with project.session() as s:
        s.merge(Setting(key=key, value=json.dumps(value)))


def pinned_codes(project: Project) -> dict[int, int]:
    """Key (1-9) -> code id."""
    raw = get_setting(project, "pinned_codes", {})
    return {int(k): int(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def pin_code(project: Project, code_id: int, key: int) -> dict[int, int]:
    """Pin ``code_id`` to key 1-9 (0 unpins it); a key holds one code."""
    pins = {k: v for k, v in pinned_codes(project).items() if v != code_id}
    if 1 <= key <= 9:
        pins[key] = code_id
    set_setting(project, "pinned_codes", {str(k): v for k, v in sorted(pins.items())})
    return pins
