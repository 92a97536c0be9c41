"""The recommendation register read in order, with its evidence, and the check for gaps.

Sections follow the strategy: each framework's priorities in the framework's own order (a
recommendation may sit under any item; usually a top-level priority), then the unassigned ones
under "Other recommendations". Numbers run 1..n across the sections, so the register prints as a
report's recommendations section does ("Recommendation 7" under the second priority).

Evidence counts use the theme tree's one rule (:mod:`qualcode.services.themes.theme_counts`): a
recommendation's extracts are the distinct coded passages under its themes' codes and their
sub-themes' codes; its participants the distinct non-facilitator speakers of those passages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select

from qualcode.exporters.recommendations_model import (
    Register,
    RegisterEntry,
    RegisterSection,
    ThemeLink,
)
from qualcode.exporters.report_model import QuoteCell
from qualcode.importers.framework_file import RESERVED_REF
from qualcode.services.frameworks.frameworks import _item_tree
from qualcode.services.protection.quotes import report_text
from qualcode.services.reports.attribution import attributions
from qualcode.services.reports.places import quote_places
from qualcode.services.themes.theme_counts import ThemeNode, evidence_rows, theme_tree
from qualcode.storage.models import (
    Case,
    Coding,
    Document,
    Framework,
    Part,
    Recommendation,
    RecommendationExtract,
    RecommendationTheme,
    Theme,
)
from qualcode.storage.project import Project


@dataclass
class _Row:
    id: int
    guid: str
    title: str
    text: str
    item_id: int | None
    owner: str
    timescale: str
    status: str
    themes: list[ThemeLink] = field(default_factory=list)
    extracts: list[int] = field(default_factory=list)


def _sections(
    project: Project, used: set[int | None], include_empty: bool
) -> list[RegisterSection]:
    out: list[RegisterSection] = []
    with project.read() as s:
        for fw_id, fw_name in s.execute(
            select(Framework.id, Framework.name).order_by(Framework.id)
        ):
            for item in _item_tree(s, fw_id, hidden=True):
                priority = item.depth == 0 and item.ref != RESERVED_REF
                if item.id in used or (include_empty and priority):
                    out.append(RegisterSection(item.id, item.ref, item.label, fw_name))
    if None in used or include_empty:
        out.append(RegisterSection(None, "", "", ""))
    return out


def _rows(project: Project) -> list[_Row]:
    with project.read() as s:
        rows = {
            r.id: _Row(r.id, r.guid, r.title, r.text, r.framework_item_id, r.owner, r.timescale,
                       r.status)
            for r in s.scalars(select(Recommendation)
                               .order_by(Recommendation.position, Recommendation.id))
        }  # fmt: skip
        for rid, tid, name, status in s.execute(
            select(RecommendationTheme.recommendation_id, Theme.id, Theme.name, Theme.status)
            .join(Theme, Theme.id == RecommendationTheme.theme_id)
            .order_by(Theme.position, Theme.id)
        ):
            rows[rid].themes.append(ThemeLink(tid, name, status))
        for rid, cid in s.execute(
            select(
                RecommendationExtract.recommendation_id, RecommendationExtract.coding_id
            ).order_by(RecommendationExtract.position, RecommendationExtract.coding_id)
        ):
            rows[rid].extracts.append(cid)
    return list(rows.values())


def _evidence(project: Project, rows: list[_Row]) -> dict[int, tuple[int, int]]:
    """Each recommendation's (extracts, participants) over its themes and their sub-themes."""
    nodes: dict[int, ThemeNode] = {}

    def index(node: ThemeNode) -> None:
        nodes[node.id] = node
        for child in node.children:
            index(child)

    for root in theme_tree(project, counts=False):
        index(root)
    codes = {
        r.id: {c.id for t in r.themes if t.id in nodes for n in nodes[t.id].walk() for c in n.codes}
        for r in rows
    }
    wanted = sorted({c for cs in codes.values() for c in cs})
    by_code: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for coding, code, _doc, case, facilitator in evidence_rows(project, wanted):
        by_code[code].append((coding, None if facilitator else case))
    out: dict[int, tuple[int, int]] = {}
    for rid, cs in codes.items():
        found = [pair for c in cs for pair in by_code.get(c, [])]
        people = {case for _c, case in found if case is not None}
        out[rid] = (len({coding for coding, _case in found}), len(people))
    return out


def _quotes(project: Project, coding_ids: list[int]) -> dict[int, QuoteCell]:
    """The linked extracts as a report prints them: edited text, attribution, place."""
    if not coding_ids:
        return {}
    with project.read() as s:
        rows = s.execute(
            select(Coding.id, Document.name, report_text())
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.id.in_(coding_ids))
        ).all()
    labels = attributions(project, coding_ids)
    places = quote_places(project, coding_ids)
    return {
        cid: QuoteCell(" ".join((text or "").split()), labels.get(cid, ""), doc,
                       places.get(cid, doc))
        for cid, doc, text in rows
    }  # fmt: skip


def recommendation_register(
    project: Project, with_quotes: bool = False, include_empty: bool = False, counts: bool = True
) -> Register:
    """The register in order, numbered 1..n across the priorities; ``include_empty`` keeps
    every priority (the panel's drop targets) even with no recommendation under it;
    ``counts=False`` leaves the evidence counts at zero (they read every coding of the themes:
    the panel, which does not show them, refreshes without that cost)."""
    rows = _rows(project)
    sections = _sections(project, {r.item_id for r in rows}, include_empty)
    evidence = _evidence(project, rows) if rows and counts else {}
    quotes = _quotes(project, sorted({c for r in rows for c in r.extracts})) if with_quotes else {}
    by_item: dict[int | None, list[_Row]] = defaultdict(list)
    for r in rows:
        by_item[r.item_id].append(r)
    number = 0
    for section in sections:
        for r in by_item.get(section.item_id, []):
            number += 1
            extracts, people = evidence.get(r.id, (0, 0))
            section.entries.append(
                RegisterEntry(
                    r.id, r.guid, number, r.title, r.text, r.item_id, r.owner, r.timescale,
                    r.status, tuple(r.themes), tuple(r.extracts), extracts, people,
                    tuple(quotes[c] for c in r.extracts if c in quotes),
                )
            )  # fmt: skip
    extracts, people = _bases(project)
    return Register(project.path.stem, dt.datetime.now().replace(microsecond=0), sections,
                    with_quotes, extracts, people)  # fmt: skip


def _bases(project: Project) -> tuple[int, int]:
    """Every coding, and every non-facilitator case speaking somewhere (the theme report's)."""
    with project.read() as s:
        codings = s.scalar(select(func.count()).select_from(Coding)) or 0
        people = s.scalar(
            select(func.count(func.distinct(Part.case_id)))
            .join(Case, Case.id == Part.case_id)
            .where(Case.is_facilitator.is_(False))
        )
    return codings, people or 0


@dataclass(frozen=True)
class RegisterCheck:
    """Gaps in the register's traceability."""

    without_theme: list[RegisterEntry]  # recommendations no theme supports
    unused_themes: list[ThemeLink]  # themes (not discarded) behind no recommendation

    @property
    def clean(self) -> bool:
        return not self.without_theme and not self.unused_themes


def register_check(project: Project, register: Register | None = None) -> RegisterCheck:
    """Recommendations with no supporting theme, and themes (neither discarded nor
    miscellaneous) that support no recommendation: a theme counts as used when it, a theme
    above it or one of its sub-themes is linked."""
    register = register or recommendation_register(project)
    linked = {t.id for e in register.entries for t in e.themes}
    with project.read() as s:
        themes = s.execute(
            select(
                Theme.id, Theme.name, Theme.status, Theme.parent_id, Theme.is_miscellaneous
            ).order_by(Theme.position, Theme.id)
        ).all()
    parent = {t.id: t.parent_id for t in themes}
    covered = _below(linked, parent)  # every sub-theme under a linked theme
    for tid in linked:
        up: int | None = tid
        while up is not None and up not in covered:  # the theme and the themes above it
            covered.add(up)
            up = parent.get(up)
    unused = [
        ThemeLink(t.id, t.name, t.status)
        for t in themes
        if t.id not in covered and t.status != "discarded" and not t.is_miscellaneous
    ]
    return RegisterCheck([e for e in register.entries if not e.themes], unused)


def _below(linked: set[int], parent: dict[int, int | None]) -> set[int]:
    """Every theme under one of ``linked``, at any depth."""
    out: set[int] = set()
    for tid in parent:
        up = parent.get(tid)
        while up is not None:
            if up in linked:
                out.add(tid)
                break
            up = parent.get(up)
    return out
