"""The bases of the counts by group: how many documents and participants each group holds.

"12 participants" means little until the reader knows "of 20": a share needs its base, and a
verbal quantifier ("most") is a share in words. A group's base follows the rule that puts a coding
in that group (:func:`qualcode.services.counts.counts.code_frequencies`), so a code's count in a
group is never more than the group's base:

- participants: the distinct non-facilitator people who speak in the group (for a case attribute,
  those with the value; for a document attribute or kind, those speaking in the group's
  documents);
- documents: for a document attribute or kind, the documents with the value; for a case attribute,
  the documents in which someone with the value speaks, and for "No value" every document (a
  passage outside any turn or answer counts there, and any document may hold one);
- "All": every document in the project, and every non-facilitator who speaks in one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from qualcode.services.counts.counts import (
    ALL,
    KIND_NAME,
    NO_VALUE,
    CodeFrequencies,
    _attribute,
    _kinds,
)
from qualcode.storage.models import Case, Document, Part
from qualcode.storage.project import Project


@dataclass(frozen=True)
class Base:
    documents: int
    participants: int


def group_bases(project: Project, freq: CodeFrequencies) -> dict[str, Base]:
    """Each group of ``freq`` (and "All") with its documents and participants."""
    with project.read() as s:
        docs = list(s.scalars(select(Document.id)))
        facilitators = set(s.scalars(select(Case.id).where(Case.is_facilitator)))
        speaking: list[tuple[int, int]] = [
            (doc, case)
            for doc, case in s.execute(
                select(Part.document_id, Part.case_id).distinct().where(Part.case_id.is_not(None))
            )
            if case is not None
        ]
    people = {case for _doc, case in speaking if case not in facilitators}
    out = {ALL: Base(len(docs), len(people))}
    if freq.attribute is None:
        return out
    if freq.attribute == KIND_NAME:
        values = _kinds(project)[3]
    else:
        values = _attribute(project, freq.attribute)[3]
    group_docs: dict[str, set[int]] = defaultdict(set)
    group_people: dict[str, set[int]] = defaultdict(set)
    if freq.scope == "case":
        for doc, case in speaking:
            group = values.get(case, NO_VALUE)
            group_docs[group].add(doc)
            if case not in facilitators:
                group_people[group].add(case)
        group_docs[NO_VALUE] = set(docs)
    else:
        for doc in docs:
            group_docs[values.get(doc, NO_VALUE)].add(doc)
        for doc, case in speaking:
            if case not in facilitators:
                group_people[values.get(doc, NO_VALUE)].add(case)
    for group in freq.groups:
        if group != ALL:
            out[group] = Base(len(group_docs.get(group, ())), len(group_people.get(group, ())))
    return out
