"""Braun & Clarke's six phases: where the project is, what each phase asks, and the records that
run through all six (familiarisation notes, the reflexive journal, the decision log).

The phase and the ticked checklist items are project settings, but changing them is an analytic
act, so (unlike preferences) it is undoable; moving phase is written to the change log. The
decision log is not stored separately: it merges the change log's structural entries with the
researcher's own decision memos, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import MemoKind
from qualcode.services.coding.memos import MemoRow, add_memo, list_memos
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import ChangeLog, Coder, Memo, Setting
from qualcode.storage.project import Project

PHASE_KEY = "phase"
CHECKLIST_KEY = "phase_checklist"


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    checklist: tuple[tuple[str, str], ...]  # (stable key, item)


def _items(n: int, *texts: str) -> tuple[tuple[str, str], ...]:
    return tuple((f"p{n}.{i}", t) for i, t in enumerate(texts, 1))


PHASES: tuple[Phase, ...] = (
    Phase(1, "Familiarisation", _items(
        1,
        "Read every data item at least once; listened back to recordings where there are any",
        "Re-read the items that felt thin or surprising",
        "Wrote familiarisation notes on each document",
        "Wrote a project note on first impressions and patterns",
        "Noted my own position and expectations in the reflexive journal",
    )),
    Phase(2, "Generating initial codes", _items(
        2,
        "Coded the whole dataset, not just the striking parts",
        "Extracts carry every code that fits (overlaps allowed)",
        "Each code has a short definition",
        "Checked the codebook for duplicates and near-duplicates",
        "Looked at what is still uncoded and decided about it",
    )),
    Phase(3, "Generating (searching for) themes", _items(
        3,
        "Grouped codes into candidate themes and sub-themes",
        "Put codes that fit nowhere yet in a Miscellaneous theme",
        "Drew the thematic map",
        "Each candidate theme has a working central organising concept",
        "Nothing thrown away: discarded themes kept with a reason in the decision log",
    )),
    Phase(4, "Reviewing themes", _items(
        4,
        "Level 1: read all extracts of each theme; moved or uncoded those that do not fit",
        "Level 1: each theme holds together around its concept",
        "Level 2: themes checked against the whole dataset (coverage, uncoded passages)",
        "Merged, split, demoted or discarded themes where needed",
        "Saved a version of the map before and after review",
    )),
    Phase(5, "Defining and naming themes", _items(
        5,
        "Each theme has a definition and a central organising concept",
        "Each theme's scope says what is in and what is out",
        "Names are concise and say what the theme is about",
        "Wrote an analytic narrative for each theme and how the themes relate",
        "Themes set to final",
    )),
    Phase(6, "Writing up", _items(
        6,
        "Transcripts are detailed enough and were checked against the recordings",
        "Every data item got equal attention in coding",
        "Themes come from thorough, inclusive coding, not from a few vivid examples",
        "All relevant extracts for each theme have been collated",
        "Themes were checked against each other and against the whole dataset",
        "Each theme is coherent, consistent and distinct from the others",
        "The data are interpreted and made sense of, not only paraphrased",
        "Analysis and extracts match: the extracts show what is claimed",
        "The analysis tells a convincing, well-organised story about the data and topic",
        "Analytic narrative and illustrative extracts are in good balance",
        "Each phase had enough time; none was rushed",
        "The approach and its assumptions are stated clearly",
        "What the report says was done matches what was done",
        "Language and concepts fit the epistemological position taken",
        "The researcher is active in the analysis: themes do not simply 'emerge'",
    )),
)  # fmt: skip


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    text: str
    checked: bool


@dataclass(frozen=True)
class LogEntry:
    """One line of the decision log: a structural change or a manual decision."""

    at: dt.datetime
    author: str | None
    kind: str  # "change" | "decision"
    summary: str
    text: str = ""
    ref_id: int | None = None  # change_log id or memo id


def phase(number: int) -> Phase:
    if not 1 <= number <= len(PHASES):
        raise ValidationError(f"Phases run from 1 to {len(PHASES)}, not {number}.")
    return PHASES[number - 1]


def _get(s: Session, key: str) -> Any:
    raw = s.scalar(select(Setting.value).where(Setting.key == key))
    return None if raw is None else json.loads(raw)


def _set_steps(s: Session, key: str, value: Any) -> list[Step]:
    raw = json.dumps(value)
    if s.scalar(select(Setting.key).where(Setting.key == key)) is None:
        return [Insert("setting", ({"key": key, "value": raw},))]
    return [Update("setting", {"key": key}, {"value": raw})]


def current_phase(project: Project) -> int:
    with project.read() as s:
        value = _get(s, PHASE_KEY)
    return value if isinstance(value, int) and 1 <= value <= len(PHASES) else 1


@operation
def set_phase(project: Project, number: int) -> Change:
    target = phase(number)
    with project.session() as s:
        inverse = apply_steps(s, _set_steps(s, PHASE_KEY, number))
        summary = f"Moved to phase {number}: {target.name}"
        log_change(s, project.coder_id, "phase", "project", summary)
        return Change(
            "phase", "project", None, summary, Reversal(f"move to phase {number}", inverse)
        )


def _checked(s: Session) -> set[str]:
    value = _get(s, CHECKLIST_KEY)
    return set(value) if isinstance(value, list) else set()


def checklist(project: Project, number: int) -> list[ChecklistItem]:
    items = phase(number).checklist
    with project.read() as s:
        done = _checked(s)
    return [ChecklistItem(key, text, key in done) for key, text in items]


@operation
def set_checked(project: Project, key: str, checked: bool = True) -> Change:
    """Tick (or untick) a checklist item by its key, e.g. ``p4.2``."""
    known = {k: t for p in PHASES for k, t in p.checklist}
    if key not in known:
        raise ValidationError(f"There is no checklist item '{key}'.")
    with project.session() as s:
        done = _checked(s)
        done = done | {key} if checked else done - {key}
        inverse = apply_steps(s, _set_steps(s, CHECKLIST_KEY, sorted(done)))
    label = f"{'tick' if checked else 'untick'} '{known[key]}'"
    return Change("update", "project", None, label.capitalize(), Reversal(label, inverse))


def familiarisation_notes(project: Project, document_id: int | None = None) -> list[MemoRow]:
    """Notes on one document, or (with ``None``) the project's own familiarisation notes."""
    rows = (
        list_memos(project, "document", document_id)
        if document_id is not None
        else list_memos(project)
    )
    return [r for r in rows if r.kind == MemoKind.FAMILIARISATION]


@operation
def add_familiarisation_note(
    project: Project, text: str, document_id: int | None = None, title: str = ""
) -> Change:
    target = "document" if document_id is not None else None
    return add_memo(
        project,
        text,
        kind=MemoKind.FAMILIARISATION,
        title=title,
        target=target,
        target_id=document_id,
    )


def journal_entries(project: Project) -> list[MemoRow]:
    return [r for r in list_memos(project) if r.kind == MemoKind.JOURNAL]


@operation
def add_journal_entry(project: Project, text: str, title: str = "") -> Change:
    return add_memo(project, text, kind=MemoKind.JOURNAL, title=title)


@operation
def add_decision(project: Project, text: str, title: str = "") -> Change:
    """A decision written by the researcher (why a theme was dropped, a code split...)."""
    return add_memo(project, text, kind=MemoKind.DECISION, title=title)


def decision_log(project: Project) -> list[LogEntry]:
    """Structural changes and decision memos, oldest first (changes before decisions made in the
    same second). Memo bookkeeping lines are left out: the memos stand for themselves."""
    with project.read() as s:
        changes = s.execute(
            select(ChangeLog.id, ChangeLog.at, Coder.name, ChangeLog.summary)
            .outerjoin(Coder, Coder.id == ChangeLog.coder_id)
            .where(ChangeLog.entity != "memo")
        ).all()
        decisions = s.execute(
            select(Memo.id, Memo.created_at, Coder.name, Memo.title, Memo.text)
            .outerjoin(Coder, Coder.id == Memo.coder_id)
            .where(Memo.kind == MemoKind.DECISION.value)
        ).all()
    entries = [
        (at, 0, i, LogEntry(at, who, "change", summary, "", i)) for i, at, who, summary in changes
    ]
    for i, at, who, title, text in decisions:
        summary = title or (text.strip().splitlines() or [""])[0]
        entries.append((at, 1, i, LogEntry(at, who, "decision", summary, text, i)))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    return [e[3] for e in entries]
