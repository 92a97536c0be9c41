"""Merge projects that coders worked on apart into one: who coded what is kept.

Coders who worked offline each hold a copy (or a fresh project on the same transcripts). Merging
brings their codings into the target with their coder, so the team can show each coder's layer,
compare them and measure agreement. See :mod:`qualcode.services.team.merge_steps` for how each
kind is matched. The whole merge is one transaction and one undo step: the reversal deletes
exactly the rows the merge inserted (children before parents). :func:`preview_merge` runs the real
merge and rolls it back, so the preview cannot drift from what merging will do.

Not merged (named in the report when a source has them): quotes, frameworks and their links,
saved map versions, settings, the change log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from qualcode.domain.errors import Cancelled, QualCodeError
from qualcode.domain.wording import plural
from qualcode.services.team.merge_rows import merge_rows
from qualcode.services.team.merge_steps import MergeCounts, Merger, Row, table
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.collector import Collector
from qualcode.services.undo.reversal import Delete, Reversal
from qualcode.storage.project import Project

# read from a source, in the order they are merged
READ = (
    "coder",
    "case",
    "attribute",
    "question",
    "document",
    "part",
    "attribute_value",
    "code",
    "theme",
    "theme_code",
    "coding",
    "memo",
)
NOT_MERGED = {
    "quote": "quote",
    "framework": "framework",
    "theme_item": "theme-framework link",
    "map_version": "saved map version",
}
# deleted on undo, dependants first (tree tables list their deepest rows first)
UNDO_ORDER = (
    "memo",
    "coding",
    "theme_code",
    "theme",
    "code",
    "attribute_value",
    "part",
    "document",
    "question",
    "attribute",
    "case",
    "coder",
)


@dataclass
class MergeReport:
    sources: list[str]
    counts: MergeCounts = field(default_factory=MergeCounts)

    @property
    def lines(self) -> list[str]:
        c = self.counts
        out = [f"Merging {', '.join(self.sources)}:"]
        out += [f"  {n:,} {what} added" for what, n in c.added.items() if n]
        out += [
            f"  {n:,} {what} matched what the project already had"
            for what, n in c.matched.items()
            if n
        ]
        out += [f"  {n:,} {what} skipped (already there)" for what, n in c.skipped.items() if n]
        if c.codings_by_coder:
            out.append("Codings added per coder:")
            out += [
                f"  {who}: {plural(n, 'coding')}" for who, n in sorted(c.codings_by_coder.items())
            ]
        if c.notes:
            out.append("Notes:")
            out += [f"  - {n}" for n in c.notes]
        return out

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "sources": self.sources,
            "added": dict(c.added),
            "matched": dict(c.matched),
            "skipped": dict(c.skipped),
            "codings_by_coder": dict(c.codings_by_coder),
            "notes": list(c.notes),
        }


def read_source(path: Path) -> tuple[dict[str, list[Row]], dict[str, int]]:
    """Every row of the merged tables of the project at ``path`` (opened read-only), and how
    many rows it has of what is not merged."""
    with Project.open(path, readonly=True) as source, source.read() as s:
        rows = {name: [dict(r) for r in s.execute(select(table(name))).mappings()] for name in READ}
        left = {name: len(s.execute(select(table(name).c[_pk(name)])).all()) for name in NOT_MERGED}
    return rows, left


def _pk(name: str) -> str:
    return next(iter(table(name).primary_key.columns)).name


Check = Callable[[], bool]


def _never() -> bool:
    return False


def _check(target: Project, sources: Sequence[Path]) -> list[Path]:
    if target.readonly:
        raise QualCodeError(f"{target.path.name} is open read-only: it cannot take a merge.")
    paths = [Path(p) for p in sources]
    if not paths:
        raise QualCodeError("Name at least one project to merge.")
    for p in paths:
        if p.resolve() == Path(target.path).resolve():
            raise QualCodeError(f"{p.name} is the project being merged into; choose another.")
    return paths


class _Rollback(Exception):
    """Raised inside the preview's transaction so that it rolls back."""


def _merge(
    target: Project, paths: list[Path], cancelled: Check, *, preview: bool = False
) -> tuple[Change, MergeReport]:
    report = MergeReport([p.name for p in paths])
    added: dict[str, list[Row]] = {name: [] for name in UNDO_ORDER}
    read = [(p, *read_source(p)) for p in paths]  # before the write transaction starts
    try:
        with target.session() as s:
            collector = Collector.of(s)
            for path, rows, left in read:
                merge_rows(Merger(s, rows, report.counts, added), path.name)
                report.counts.notes += [
                    f"{path.name}: {plural(n, NOT_MERGED[name])} not merged."
                    for name, n in left.items()
                    if n
                ]
            if preview:
                raise _Rollback
            if cancelled():
                names = ", ".join(report.sources)
                raise Cancelled(f"Merge of {names} cancelled; nothing was changed.")
            total = sum(report.counts.added.values())
            summary = f"Merged {', '.join(report.sources)}: {plural(total, 'item')} added"
            log_change(s, target.coder_id, "merge", "project", summary, None, report.as_dict())
            # inserted parents first, so reversed: dependants (and sub-codes) go first
            steps = tuple(
                Delete(name, tuple(reversed(added[name]))) for name in UNDO_ORDER if added[name]
            )
            change = Change(
                "merge",
                "project",
                None,
                summary,
                Reversal(f"merge {', '.join(report.sources)}", steps),
            )
    except _Rollback:
        return Change("merge", "project", None, "Preview", Reversal("preview")), report
    return replace(change, changes=collector.freeze()), report


def merge_with_report(
    target: Project, sources: Sequence[Path], *, cancelled: Check = _never
) -> tuple[Change, MergeReport]:
    """Merge ``sources`` into ``target`` as one transaction; the change undoes the whole merge."""
    if target.in_transaction:
        raise QualCodeError("A merge cannot run inside another action.")
    return _merge(target, _check(target, sources), cancelled)


def merge_projects(target: Project, sources: Sequence[Path]) -> Change:
    """Merge ``sources`` into ``target``: one transaction, one undo step."""
    return merge_with_report(target, sources)[0]


def preview_merge(target: Project, sources: Sequence[Path]) -> MergeReport:
    """What merging ``sources`` would add, match and skip, without changing ``target``: the
    real merge, rolled back."""
    if target.in_transaction:  # rolling back would take the caller's work with it
        raise QualCodeError("A merge preview cannot run inside another action.")
    return _merge(target, _check(target, sources), _never, preview=True)[1]
