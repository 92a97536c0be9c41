"""Undoable links from a recommendation to the themes and coded extracts that support it.

The themes are what makes a recommendation traceable ("Based on themes: A; B"); extracts are
optional, for the few quotes a reader should see beside it. Setting the whole theme list at once
(the panel's checklist) is one undo step, as are linking several selected extracts.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.wording import plural
from qualcode.services.recommendations.edits import _done, get_recommendation
from qualcode.services.undo.changes import Change
from qualcode.services.undo.reversal import Delete, Insert, Step
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import (
    Coding,
    RecommendationExtract,
    RecommendationTheme,
    Theme,
)
from qualcode.storage.project import Project


@operation
def set_recommendation_themes(project: Project, rec_id: int, theme_ids: Iterable[int]) -> Change:
    """Make ``theme_ids`` exactly the themes supporting the recommendation."""
    wanted = list(dict.fromkeys(theme_ids))
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        title, guid = rec.title, rec.guid
        found = s.execute(select(Theme.id, Theme.name).where(Theme.id.in_(wanted)))
        names: dict[int, str] = {tid: name for tid, name in found}
        missing = [t for t in wanted if t not in names]
        if missing:
            raise NotFoundError(f"There is no theme with id {missing[0]}.")
        have = set(
            s.scalars(
                select(RecommendationTheme.theme_id).where(
                    RecommendationTheme.recommendation_id == rec_id
                )
            )
        )
        added = [t for t in wanted if t not in have]
        removed = sorted(have - set(wanted))
        if not added and not removed:
            raise ValidationError(f"'{title}' already has exactly these themes.")
        steps: list[Step] = []
        if removed:
            keys = tuple({"recommendation_id": rec_id, "theme_id": t} for t in removed)
            steps.append(Delete("recommendation_theme", keys))
        if added:
            rows = tuple({"recommendation_id": rec_id, "theme_id": t} for t in added)
            steps.append(Insert("recommendation_theme", rows))
        if len(added) == 1 and not removed:
            summary = f"Linked theme '{names[added[0]]}' to '{title}'"
        elif len(removed) == 1 and not added:
            gone = s.scalar(select(Theme.name).where(Theme.id == removed[0]))
            summary = f"Unlinked theme '{gone}' from '{title}'"
        else:
            summary = f"Set the themes of '{title}' ({plural(len(wanted), 'theme')})"
        return _done(s, project, "link", rec_id, guid, summary, steps)


def _themes(project: Project, rec_id: int) -> list[int]:
    with project.read() as s:
        return list(
            s.scalars(
                select(RecommendationTheme.theme_id).where(
                    RecommendationTheme.recommendation_id == rec_id
                )
            )
        )


@operation
def link_theme(project: Project, rec_id: int, theme_id: int) -> Change:
    themes = _themes(project, rec_id)
    if theme_id in themes:
        raise ValidationError("That theme already supports this recommendation.")
    return set_recommendation_themes(project, rec_id, [*themes, theme_id])


@operation
def unlink_theme(project: Project, rec_id: int, theme_id: int) -> Change:
    themes = _themes(project, rec_id)
    if theme_id not in themes:
        raise ValidationError("That theme does not support this recommendation.")
    return set_recommendation_themes(project, rec_id, [t for t in themes if t != theme_id])


@operation
def link_extracts(project: Project, rec_id: int, coding_ids: Iterable[int]) -> Change:
    """Add coded extracts as evidence (after the ones already linked); already linked are
    skipped."""
    wanted = list(dict.fromkeys(coding_ids))
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        title, guid = rec.title, rec.guid
        found = set(s.scalars(select(Coding.id).where(Coding.id.in_(wanted))))
        missing = [c for c in wanted if c not in found]
        if missing:
            raise NotFoundError(f"There is no coded extract with id {missing[0]}.")
        mine = RecommendationExtract.recommendation_id == rec_id
        have = set(s.scalars(select(RecommendationExtract.coding_id).where(mine)))
        new = [c for c in wanted if c not in have]
        if not new:
            raise ValidationError(f"'{title}' already has these extracts.")
        last = s.scalar(select(func.max(RecommendationExtract.position)).where(mine)) or 0
        rows = tuple(
            {"recommendation_id": rec_id, "coding_id": c, "position": last + n}
            for n, c in enumerate(new, start=1)
        )
        summary = f"Linked {plural(len(new), 'extract')} to '{title}'"
        return _done(s, project, "link", rec_id, guid, summary,
                     [Insert("recommendation_extract", rows)])  # fmt: skip


@operation
def unlink_extracts(project: Project, rec_id: int, coding_ids: Iterable[int]) -> Change:
    wanted = list(dict.fromkeys(coding_ids))
    with project.session() as s:
        rec = get_recommendation(s, rec_id)
        title, guid = rec.title, rec.guid
        mine = RecommendationExtract.recommendation_id == rec_id
        have = set(s.scalars(select(RecommendationExtract.coding_id).where(mine)))
        gone = [c for c in wanted if c in have]
        if not gone:
            raise ValidationError(f"None of these extracts supports '{title}'.")
        keys = tuple({"recommendation_id": rec_id, "coding_id": c} for c in gone)
        summary = f"Unlinked {plural(len(gone), 'extract')} from '{title}'"
        return _done(s, project, "unlink", rec_id, guid, summary,
                     [Delete("recommendation_extract", keys)])  # fmt: skip


def theme_merge_steps(s: Session, source_id: int, target_id: int) -> list[Step]:
    """When one theme is merged into another, the recommendations based on the one become
    based on the other (the source's own links go with it when it is deleted)."""
    of = RecommendationTheme.recommendation_id
    have = set(s.scalars(select(of).where(RecommendationTheme.theme_id == target_id)))
    source = s.scalars(select(of).where(RecommendationTheme.theme_id == source_id))
    moved = [{"recommendation_id": r, "theme_id": target_id} for r in source if r not in have]
    return [Insert("recommendation_theme", tuple(moved))] if moved else []
