"""The recommendation register through REFI-QDA (.qdpx): Notes linked to the themes' codes.

The standard has no recommendations, so each one travels as a Note any tool can show: named
"Recommendation 3: Keep the same worker", its text followed by labelled lines (priority, owner,
timescale, status, the themes it is based on), and referenced (NoteRef) from the Set of each
theme it is based on, and from the theme's code when themes are exported as codes. A register
entry with no theme is a project note. On import a Note whose name starts "Recommendation N:"
becomes a recommendation again instead of a memo: the number gives its order, the labelled lines
its fields, the referring themes (or, failing those, the themes named) its links, and the
priority is found by its reference ("P3") among the project's frameworks.
"""

from __future__ import annotations

import re
from collections import defaultdict

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qualcode.domain.refi import RefiNote, RefiProject
from qualcode.domain.wording import plural
from qualcode.exporters.recommendations_model import STATUSES
from qualcode.services.refi.refi_state import MergeState
from qualcode.storage.models import (
    FrameworkItem,
    Recommendation,
    RecommendationTheme,
    Theme,
    utcnow,
)
from qualcode.storage.project import Project

NAME = re.compile(r"^Recommendation (\d+): (.+)$", re.S)
LABELS = ("Priority", "Owner", "Timescale", "Status", "Based on themes")
_LINE = re.compile(rf"^({'|'.join(LABELS)}):[ \t]*(.*)$")


def note_text(text: str, priority: str, owner: str, timescale: str, status: str,
              themes: list[str]) -> str:  # fmt: skip
    lines = [f"Priority: {priority}", f"Owner: {owner}", f"Timescale: {timescale}",
             f"Status: {status}", f"Based on themes: {'; '.join(themes)}"]  # fmt: skip
    return f"{text.strip()}\n\n" + "\n".join(lines)


def parse_note(text: str) -> tuple[str, dict[str, str]]:
    """The recommendation's own text and its labelled lines (those at the end only)."""
    lines = text.rstrip().split("\n")
    fields: dict[str, str] = {}
    while lines and (m := _LINE.match(lines[-1].strip())) and m.group(1) not in fields:
        fields[m.group(1)] = m.group(2).strip()
        lines.pop()
    return "\n".join(lines).strip(), fields


def gather_recommendations(project: Project, s: Session, data: RefiProject) -> None:
    """Add the register to ``data`` as Notes referenced from the themes' Sets and codes."""
    from qualcode.services.recommendations.register import recommendation_register

    register = recommendation_register(project)
    if not register.entries:
        return
    theme_guids: dict[int, str] = {i: g for i, g in s.execute(select(Theme.id, Theme.guid))}
    created = dict(s.execute(select(Recommendation.id, Recommendation.created_at)).all())
    refs: dict[str, list[str]] = defaultdict(list)  # theme GUID -> note GUIDs
    for section in register.sections:
        priority = section.heading if section.item_id is not None else ""
        for e in section.entries:
            text = note_text(e.text, priority, e.owner, e.timescale, e.status_label,
                             [t.name for t in e.themes])  # fmt: skip
            data.notes.append(
                RefiNote(e.guid, f"Recommendation {e.number}: {e.title}", text, None,
                         created.get(e.id))
            )  # fmt: skip
            for t in e.themes:
                refs[theme_guids[t.id]].append(e.guid)
            if not e.themes:
                data.project_note_guids.append(e.guid)
    for item in data.sets:
        item.note_guids += refs.get(item.guid, [])
    for code in data.iter_codes():
        if not code.codable:
            code.note_guids += refs.get(code.guid, [])


def _referring_themes(st: MergeState) -> dict[str, list[int]]:
    out: dict[str, list[int]] = defaultdict(list)
    for item in st.data.sets:
        if item.guid in st.themes:
            for guid in item.note_guids:
                out[guid].append(st.themes[item.guid])
    return out


def merge_recommendations(st: MergeState) -> None:
    """Take the recommendation Notes out of ``st.data.notes`` and add them as recommendations
    (a recommendation already in the project, by GUID, is left as it is)."""
    s = st.s
    found = [(n, NAME.match(n.name.strip())) for n in st.data.notes]
    ours = [(n, m) for n, m in found if m is not None]
    if not ours:
        return
    st.data.notes = [n for n, m in found if m is None]
    taken = set(s.scalars(select(Recommendation.guid)))
    items = {ref.casefold(): i for i, ref in s.execute(
        select(FrameworkItem.id, FrameworkItem.ref).order_by(FrameworkItem.framework_id.desc())
    )}  # fmt: skip  # the first framework's item wins a shared reference
    themes_by_name = {n.casefold(): i for i, n in s.execute(select(Theme.id, Theme.name))}
    referring = _referring_themes(st)
    last: dict[int | None, int] = {
        item: pos or 0
        for item, pos in s.execute(
            select(Recommendation.framework_item_id, func.max(Recommendation.position))
            .group_by(Recommendation.framework_item_id)
        )
    }  # fmt: skip
    added = unplaced = again = 0
    now = utcnow()
    for note, m in sorted(ours, key=lambda pair: int(pair[1].group(1))):
        if note.guid in taken:
            again += 1
            continue
        text, fields = parse_note(note.text)
        ref = fields.get("Priority", "").split(" ", 1)[0].casefold()
        item = items.get(ref) if ref else None
        unplaced += bool(ref) and item is None
        said = fields.get("Status", "").casefold()
        status = next((k for k, v in STATUSES.items() if v.casefold() == said), "proposed")
        last[item] = last.get(item, 0) + 1
        rec = st.insert_id(
            Recommendation, guid=note.guid, position=last[item], title=m.group(2).strip()[:500],
            text=text, framework_item_id=item, owner=fields.get("Owner", "")[:300],
            timescale=fields.get("Timescale", "")[:200], status=status,
            created_at=note.created or now, updated_at=note.created or now,
        )  # fmt: skip
        linked = referring.get(note.guid) or [
            themes_by_name[n.strip().casefold()]
            for n in fields.get("Based on themes", "").split(";")
            if n.strip().casefold() in themes_by_name
        ]
        for theme in dict.fromkeys(linked):
            s.execute(insert(RecommendationTheme).values(recommendation_id=rec, theme_id=theme))
        added += 1
    if added:
        st.report.add("recommendations", n=added)
    if unplaced:
        st.report.notes.append(
            f"{plural(unplaced, 'recommendation')} named a priority not in the project's "
            "frameworks; listed under 'Other recommendations'."
        )
    if again:
        st.report.notes.append(
            f"{plural(again, 'recommendation')} already in the project; skipped."
        )
