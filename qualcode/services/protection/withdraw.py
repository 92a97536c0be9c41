"""A participant withdraws: their words, codings, quotes and attributes leave the project.

Each turn or answer of the case is cut from its document with its speaker label (or, with
``keep_context``, blanked to ``[withdrawn]`` so the other speakers' turns still read as a
conversation); codings and quotes that lay only on those words go with them, others shrink to
what is left (see :mod:`document_edits`). A document left with no one else's words (the person's
own interview or grid) is deleted whole. Their attribute values, memos and the case go too. The
change log says a withdrawal happened and how much went, never the words, and earlier log lines
naming the person are rewritten. One undoable action, in memory until the project is closed;
the CLI and the window then vacuum the file so nothing is recoverable from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.changes import Changes
from qualcode.domain.errors import NotFoundError
from qualcode.domain.replacements import Edit
from qualcode.domain.wording import plural
from qualcode.services.documents.documents import deletion_steps
from qualcode.services.protection.document_edits import edit_document
from qualcode.services.protection.rewrite import scrub_log
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Reversal, Step, Update, apply_steps, keys_of
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import AttributeValue, Case, Coding, Document, Memo, Part, Quote
from qualcode.storage.project import Project

WITHDRAWN = "[withdrawn]"
PLACEHOLDER = "[withdrawn participant]"


@dataclass
class WithdrawalPlan:
    """Exactly what a withdrawal removes, for the confirmation (counts and names, no text)."""

    case: str
    turns: int = 0
    documents_deleted: list[str] = field(default_factory=list)
    documents_edited: list[str] = field(default_factory=list)
    codings: int = 0
    quotes: int = 0
    attribute_values: int = 0
    memos: int = 0

    def lines(self) -> list[str]:
        out = [f"{plural(self.turns, 'turn or answer', 'turns or answers')} by {self.case}"]
        if self.documents_deleted:
            out.append(
                f"{plural(len(self.documents_deleted), 'document')} holding only their words, "
                f"deleted whole: {', '.join(self.documents_deleted)}"
            )
        if self.documents_edited:
            out.append(f"their words in {', '.join(self.documents_edited)}")
        out.append(f"{plural(self.codings, 'coding')} and {plural(self.quotes, 'quote')} on them")
        out.append(
            f"{plural(self.attribute_values, 'attribute value')} and {plural(self.memos, 'memo')}"
        )
        return out


def _region(text: str, start: int, end: int, label: str | None, keep: bool) -> tuple[int, int]:
    """The stretch a turn occupies with its speaker label (on its line or the line above) and,
    when cut, the blank lines that separate it from the next turn."""
    a = text.rfind("\n", 0, start) + 1
    if a == start and a > 0 and label:
        above = text.rfind("\n", 0, a - 1) + 1
        if label in text[above : a - 1]:
            a = above
    b = end
    if not keep:
        while b < len(text) and text[b] == "\n":
            b += 1
        if b == len(text):  # the last turn: take the separator before it instead
            b = end
            while a > 0 and text[a - 1] == "\n":
                a -= 1
    return a, b


def _plan(s: Session, case_id: int, keep: bool) -> tuple[WithdrawalPlan, list[Step]]:
    case = s.get(Case, case_id)
    if case is None:
        raise NotFoundError(f"There is no case with id {case_id}.")
    plan = WithdrawalPlan(case.name)
    steps: list[Step] = []
    facilitators = select(Case.id).where(Case.is_facilitator.is_(True))
    own = s.execute(
        select(Part.document_id, Part.id, Part.start, Part.end, Part.speaker_label)
        .where(Part.case_id == case_id)
        .order_by(Part.document_id, Part.start)
    ).all()
    plan.turns = len(own)
    by_doc: dict[int, list[tuple[int, int, int, str | None]]] = {}
    for doc_id, part_id, start, end, label in own:
        by_doc.setdefault(doc_id, []).append((part_id, start, end, label))
    for doc_id, turns in by_doc.items():
        name, text = s.execute(
            select(Document.name, Document.text).where(Document.id == doc_id)
        ).one()
        others = s.scalar(
            select(func.count(Part.id)).where(
                Part.document_id == doc_id,
                Part.case_id.is_not(None),
                Part.case_id != case_id,
                Part.case_id.not_in(facilitators),
            )
        )
        if not others:
            plan.documents_deleted.append(name)
            plan.codings += (
                s.scalar(select(func.count(Coding.id)).where(Coding.document_id == doc_id)) or 0
            )
            plan.quotes += (
                s.scalar(select(func.count(Quote.id)).where(Quote.document_id == doc_id)) or 0
            )
            steps += deletion_steps(s, doc_id)  # the person's own document, whole
            continue
        plan.documents_edited.append(name)
        edits: list[Edit] = []
        for _part_id, start, end, label in turns:
            a, b = _region(text, start, end, label, keep)
            if edits and a < edits[-1].end:
                continue  # two parts on one line: the first edit took the line
            edits.append(Edit(a, b, WITHDRAWN if keep else ""))
        doc_steps, _moved = edit_document(s, doc_id, text, edits)
        for step in doc_steps:
            if isinstance(step, Delete) and step.table == "coding":
                plan.codings += len(step.keys)
            elif isinstance(step, Delete) and step.table == "quote":
                plan.quotes += len(step.keys)
        steps += doc_steps
        if keep:  # the blanked turns stay, as turns of no one
            steps += [
                Update("part", {"id": part_id}, {"case_id": None, "speaker_label": WITHDRAWN})
                for part_id, _s, _e, _l in turns
            ]
    plan.attribute_values = (
        s.scalar(select(func.count(AttributeValue.id)).where(AttributeValue.case_id == case_id))
        or 0
    )
    plan.memos = s.scalar(select(func.count(Memo.id)).where(Memo.case_id == case_id)) or 0
    steps += [
        Delete("memo", keys_of(s, "memo", Memo.case_id == case_id)),
        Delete("attribute_value", keys_of(s, "attribute_value", AttributeValue.case_id == case_id)),
        Delete("case", ({"id": case_id},)),
    ]
    return plan, _once(steps)


def _once(steps: list[Step]) -> list[Step]:
    """Each row deleted once (a memo on a removed coding may also be the case's memo)."""
    seen: set[tuple[str, tuple[object, ...]]] = set()
    out: list[Step] = []
    for step in steps:
        if isinstance(step, Delete):
            keys = []
            for key in step.keys:
                mark = (step.table, tuple(sorted(key.items())))
                if mark not in seen:
                    seen.add(mark)
                    keys.append(key)
            if keys:
                out.append(Delete(step.table, tuple(keys)))
        else:
            out.append(step)
    return out


def participants(project: Project) -> list[tuple[int, str]]:
    """The cases a withdrawal can name (facilitators are not participants), by name."""
    with project.read() as s:
        rows = s.execute(
            select(Case.id, Case.name).where(Case.is_facilitator.is_(False)).order_by(Case.name)
        )
        return [(i, n) for i, n in rows]


def withdrawal_plan(
    project: Project, case_id: int, *, keep_context: bool = False
) -> WithdrawalPlan:
    """What :func:`withdraw` would remove; nothing is written."""
    with project.read() as s:
        return _plan(s, case_id, keep_context)[0]


@operation
def withdraw(project: Project, case_id: int, *, keep_context: bool = False) -> Change:
    """Remove a participant's contributions as one undoable action (see the module doc)."""
    with project.session() as s:
        plan, steps = _plan(s, case_id, keep_context)
        inverse = apply_steps(s, steps)
        scrub_log(s, {plan.case: PLACEHOLDER})  # also drops the search index
        summary = (
            f"Withdrew a participant: {plural(plan.turns, 'turn or answer', 'turns or answers')}, "
            f"{plural(plan.codings, 'coding')}, {plural(plan.quotes, 'quote')} removed"
        )
        log_change(s, project.coder_id, "withdraw", "case", summary)
    return Change("withdraw", "case", None, summary, Reversal("withdrawal", inverse), Changes.all())
