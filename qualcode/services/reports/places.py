"""Where a quote sits, in words a reader can follow: "focus-group-20-35 · Dee · turn 14".

Reports used to give "characters 2814-2970", which nobody can look up. A reader finds a quote
by its document, its speaker and its turn (or the question it answers, or the time of a cue, or
the paragraph), so this names those. The turn number counts the document's parts of the same
kind in text order, from 1, as the reader shows them; parts are found where the quote starts, the
same rule the attribution labels and participant counts use.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select

from qualcode.storage.models import Case, Coding, Document, Part, Question
from qualcode.storage.project import Project

_CHUNK = 900
_KIND_WORD = {"turn": "turn", "paragraph": "paragraph", "quote": "extract", "answer": "answer"}


def _time(ms: int) -> str:
    seconds = ms // 1000
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def quote_places(project: Project, coding_ids: Iterable[int]) -> dict[int, str]:
    """Each coding's place, "document · speaker · turn N"; unknown ids are left out."""
    ids = sorted(set(coding_ids))
    spans: dict[int, tuple[int, int]] = {}
    names: dict[int, str] = {}
    with project.read() as s:
        for i in range(0, len(ids), _CHUNK):
            for cid, doc, start, name in s.execute(
                select(Coding.id, Coding.document_id, Coding.start, Document.name)
                .join(Document, Document.id == Coding.document_id)
                .where(Coding.id.in_(ids[i : i + _CHUNK]))
            ):
                spans[cid] = (doc, start)
                names[doc] = name
        docs = sorted(names)
        parts: dict[int, list[tuple[int, int, str, str, str]]] = defaultdict(list)
        numbers: dict[tuple[int, str], int] = defaultdict(int)
        for i in range(0, len(docs), _CHUNK):
            rows = s.execute(
                select(Part.document_id, Part.start, Part.end, Part.kind, Part.speaker_label,
                       Case.name, Question.label, Part.time_ms)
                .outerjoin(Case, Case.id == Part.case_id)
                .outerjoin(Question, Question.id == Part.question_id)
                .where(Part.document_id.in_(docs[i : i + _CHUNK]))
                .order_by(Part.document_id, Part.start, Part.id)
            )  # fmt: skip
            for doc, start, end, kind, label, case, question, ms in rows:
                numbers[(doc, kind)] += 1
                n = numbers[(doc, kind)]
                if question:
                    where = question
                elif ms is not None:
                    where = _time(ms)
                else:
                    where = f"{_KIND_WORD.get(kind, kind)} {n}"
                parts[doc].append((start, end, case or label or "", where, kind))
    starts = {doc: [p[0] for p in found] for doc, found in parts.items()}
    out: dict[int, str] = {}
    for cid, (doc, start) in spans.items():
        found = parts.get(doc, [])
        i = bisect_right(starts.get(doc, []), start) - 1
        bits = [names[doc]]
        if i >= 0 and found[i][1] > start:
            _s, _e, speaker, where, _k = found[i]
            bits += [b for b in (speaker, where) if b]
        out[cid] = " · ".join(bits)
    return out
