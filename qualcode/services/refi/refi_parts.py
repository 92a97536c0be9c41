"""How a document's parts (speaker turns, answers, paragraphs, cues...) travel through REFI-QDA.

The standard has no document parts. Without them, a round trip turned every speaker turn into a
whole-document "case" part (112,287 turns came back as 104,877 case parts): the export only said
which documents a case appears in (its SourceRefs). So each part goes out as a selection without
codings, named ``QualCode part: <kind>`` (the speaker label as its Description), and a part of a
case is also one of the case's SelectionRefs: what other programs read as "this passage belongs
to this case". On the way back such a selection becomes a part of that kind again, attributed to
the case that refers to it, and the case's SourceRef adds no whole-document part where the case
already has parts in that document.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.refi import PART_PREFIX, RefiSelection, name_guid
from qualcode.storage.models import Document, Part

_NS = uuid.UUID("6f1c2b7e-94d3-4a51-8e0b-2d7a3c9f4e15")


def part_guid(part_id: int, doc_guid: str) -> str:
    """The GUID of the selection that carries a part (stable across exports)."""
    return name_guid(_NS, f"{doc_guid}\x1f{part_id}")


def case_part_refs(s: Session) -> dict[int, list[str]]:
    """For each case, the GUIDs of its parts' selections, in document order."""
    out: dict[int, list[str]] = defaultdict(list)
    for part_id, case_id, doc_guid in s.execute(
        select(Part.id, Part.case_id, Document.guid)
        .join(Document, Document.id == Part.document_id)
        .where(Part.case_id.is_not(None))
        .order_by(Document.position, Document.id, Part.start, Part.end, Part.id)
    ):
        if case_id is not None:
            out[case_id].append(part_guid(part_id, doc_guid))
    return out


def part_selections(s: Session, doc_guids: dict[int, str]) -> dict[int, list[RefiSelection]]:
    """The parts of these documents (id -> GUID) as selections without codings, by document."""
    out: dict[int, list[RefiSelection]] = defaultdict(list)
    for part_id, doc_id, kind, start, end, speaker in s.execute(
        select(Part.id, Part.document_id, Part.kind, Part.start, Part.end, Part.speaker_label)
        .where(Part.document_id.in_(list(doc_guids)))
        .order_by(Part.document_id, Part.start, Part.end, Part.id)
    ):
        out[doc_id].append(
            RefiSelection(
                part_guid(part_id, doc_guids[doc_id]),
                start,
                end,
                description=speaker or "",
                name=PART_PREFIX + kind,
            )
        )
    return out


@dataclass(slots=True)
class PartSpan:
    """A part read from a file: where it is, its kind and speaker label."""

    document_id: int
    start: int
    end: int
    kind: str
    speaker: str | None


def parts_in_file(sources: list[tuple[int, list[RefiSelection]]]) -> dict[str, PartSpan]:
    """The selections QualCode wrote for parts, by selection GUID, from (document id,
    selections) pairs."""
    out: dict[str, PartSpan] = {}
    for doc_id, selections in sources:
        for sel in selections:
            if sel.name.startswith(PART_PREFIX) and not sel.codings:
                kind = sel.name[len(PART_PREFIX) :].strip()[:20] or "turn"
                speaker = sel.description[:300] or None
                out[sel.guid] = PartSpan(doc_id, sel.start, sel.end, kind, speaker)
    return out
