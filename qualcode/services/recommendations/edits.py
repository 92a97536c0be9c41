"""Undoable edits of the recommendation register: one user action, one transaction, one undo step.

Numbers are not stored: a recommendation keeps its ``position`` within its priority and the
register numbers them in order across the priorities, so moving one (drag and drop in the panel)
renumbers everything after it without rewriting any text. Positions within the touched priorities
are rewritten 1..n on every move and delete, so they never drift apart or collide.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import clean_name
from qualcode.exporters.recommendations_model import STATUSES
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import (
    FrameworkItem,
    Recommendation,
    RecommendationTheme,
    Theme,
    utcnow,
)
from qualcode.storage.project import Project

_TEXT_FIELDS = ("text", "owner", "timescale")
_LIMITS = {"owner": 300, "timescale": 200}


def status_key(status: str) -> str:
    """``"In progress"``, ``"in progress"`` or ``"in_progress"`` → ``in_progress``."""
    key = "_".join(status.strip().casefold().replace("-", " ").split())
    if key not in STATUSES:
        raise ValidationError(
            f"'{status}' is not a status (choose from {', '.join(STATUSES.values())})."
        )
    return key


def get_recommendation(s: Session, rec_id: int) -> Recommendation:
    rec = s.get(Recommendation, rec_id)
    if rec is None:
        raise NotFoundError(f"There is no recommendation with id {rec_id}.")
    return rec


def check_item(s: Session, item_id: int | None) -> None:
    if item_id is not None and s.get(FrameworkItem, item_id) is None:
        raise NotFoundError(f"There is no framework priority with id {item_id}.")


def section_ids(s: Session, item_id: int | None, exclude: int | None = None) -> list[int]:
    """The recommendations under ``item_id`` (``None``: unassigned), in register order."""
    where = (
        Recommendation.framework_item_id.is_(None)
        if item_id is None
        else Recommendation.framework_item_id == item_id
    )
    ids = s.scalars(
        select(Recommendation.id).where(where).order_by(Recommendation.position, Recommendation.id)
    )
    return [i for i in ids if i != exclude]


def _renumber_steps(s: Session, ids: list[int]) -> list[Step]:
    """Positions 1..n for ``ids`` in this order, only where they change."""
    found = s.execute(
        select(Recommendation.id, Recommendation.position).where(Recommendation.id.in_(ids))
    )
    now: dict[int, int] = {rid: pos for rid, pos in found}
    return [
        Update("recommendation", {"id": rid}, {"position": n})
        for n, rid in enumerate(ids, start=1)
        if now.get(rid) != n
    ]


def _done(
    s: Session, project: Project, action: str, rec_id: int, guid: str | None, summary: str,
    steps: list[Step],
) -> Change:  # fmt: skip
    inverse = apply_steps(s, steps)
    log_change(s, project.coder_id, action, "recommendation", summary, guid)
    return Change(action, "recommendation", rec_id, summary, Reversal(summary, inverse))


def _clean(field: str, value: str) -> str:
    text = value.strip()
    limit = _LIMITS.get(field)
    if limit is not None and len(text) > limit:
        raise ValidationError(f"The {field} is longer than {limit} characters.")
    return text


@operation
def create_recommendation(
    project: Project,
    title: str,
    text: str = "",
    item_id: int | None = None,
    owner: str = "",
    timescale: str = "",
    status: str = "proposed",
    theme_ids: tuple[int, ...] | list[int] = (),
    guid: str | None = None,
) -> Change:
    """A new recommendation, last under its priority (``item_id``; ``None``: unassigned)."""
    title = clean_name(title, "recommendation title")
    key = status_key(status)
    with project.session() as s:
        check_item(s, item_id)
        for tid in theme_ids:
            if s.get(Theme, tid) is None:
                raise NotFoundError(f"There is no theme with id {tid}.")
        where = (
            Recommendation.framework_item_id.is_(None)
            if item_id is None
            else Recommendation.framework_item_id == item_id
        )
        last = s.scalar(select(func.max(Recommendation.position)).where(where)) or 0
        values: dict[str, Any] = {"guid": guid} if guid else {}
        rec = Recommendation(
            title=title, text=text.strip(), framework_item_id=item_id, position=last + 1,
            owner=_clean("owner", owner), timescale=_clean("timescale", timescale), status=key,
            **values,
        )  # fmt: skip
        s.add(rec)
        s.flush()
        for tid in dict.fromkeys(theme_ids):
            s.add(RecommendationTheme(recommendation_id=rec.id, theme_id=tid))
        s.flush()
        summary = f"Added recommendation '{title}'"
        log_change(s, project.coder_id, "create", "recommendation", summary, rec.guid)
        # deleting the row takes its theme links first (services.undo.dependents)
        reversal = Reversal(summary, (Delete("recommendation", ({"id": rec.id},)),))
        return Change("create", "recommendation", rec.id, summary, reversal)


@operation
def update_recommendation(project: Project, rec_id: int, **fields: Any) -> Change:
    """Change any of title, text, owner, timescale, status; ``item_id`` moves it (to the end
    of that priority, see :func:`move_recommendation` for a place within it)."""
    allowed = {"title", "item_id", "status", *_TEXT_FIELDS}
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError(f"A recommendation has no field {', '.join(unknown)}.")
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        values: dict[str, Any] = {}
        if "title" in fields:
            values["title"] = clean_name(str(fields["title"]), "recommendation title")
        for name in _TEXT_FIELDS:
            if name in fields:
                values[name] = _clean(name, str(fields[name] or ""))
        if "status" in fields:
            values["status"] = status_key(str(fields["status"]))
        values = {k: v for k, v in values.items() if getattr(rec, k) != v}
        title, guid, item = rec.title, rec.guid, rec.framework_item_id
        s.expunge(rec)
        steps: list[Step] = []
        if "item_id" in fields and fields["item_id"] != item:
            target = fields["item_id"]
            check_item(s, target)
            steps += _move_steps(s, rec_id, item, target, None)
        if not values and not steps:
            raise ValidationError(f"Nothing to change in '{title}'.")
        values["updated_at"] = utcnow()
        steps.insert(0, Update("recommendation", {"id": rec_id}, values))
        summary = f"Edited recommendation '{values.get('title', title)}'"
        return _done(s, project, "update", rec_id, guid, summary, steps)


def _move_steps(
    s: Session, rec_id: int, source: int | None, target: int | None, index: int | None
) -> list[Step]:
    ids = section_ids(s, target, exclude=rec_id)
    at = len(ids) if index is None else max(0, min(index, len(ids)))
    ids.insert(at, rec_id)
    steps: list[Step] = []
    if source != target:
        steps.append(Update("recommendation", {"id": rec_id}, {"framework_item_id": target}))
        steps += _renumber_steps(s, section_ids(s, source, exclude=rec_id))
    return steps + _renumber_steps(s, ids)


@operation
def move_recommendation(
    project: Project, rec_id: int, item_id: int | None, index: int | None = None
) -> Change:
    """Put the recommendation at ``index`` (0-based; ``None``: last) under ``item_id``; the
    register renumbers from there on."""
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        check_item(s, item_id)
        title, guid, source = rec.title, rec.guid, rec.framework_item_id
        s.expunge(rec)
        steps = _move_steps(s, rec_id, source, item_id, index)
        if not steps:
            raise ValidationError(f"'{title}' is already there.")
        return _done(s, project, "move", rec_id, guid, f"Moved recommendation '{title}'", steps)


@operation
def renumber_recommendations(project: Project) -> Change:
    """Close the gaps: positions 1..n under every priority, in the register's order."""
    with project.session() as s:
        items = s.scalars(select(Recommendation.framework_item_id).distinct()).all()
        steps: list[Step] = []
        for item in items:
            steps += _renumber_steps(s, section_ids(s, item))
        if not steps:
            raise ValidationError("The recommendations are already numbered in order.")
        return _done(s, project, "renumber", 0, None, "Renumbered the recommendations", steps)


@operation
def delete_recommendation(project: Project, rec_id: int) -> Change:
    """Delete it with its links (undo restores them); the ones after it move up a number."""
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        title, guid, item = rec.title, rec.guid, rec.framework_item_id
        s.expunge(rec)
        steps: list[Step] = [Delete("recommendation", ({"id": rec_id},))]
        steps += _renumber_steps(s, section_ids(s, item, exclude=rec_id))
        summary = f"Deleted recommendation '{title}'"
        return _done(s, project, "delete", rec_id, guid, summary, steps)
