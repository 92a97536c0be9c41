"""What the agreement figures need from the project, read in a few plain queries.

Kept apart from :mod:`qualcode.services.team.agreement` so the arithmetic reads as arithmetic:
this module only gathers the chosen coders' codings, which documents every one of them coded, the
documents' lengths, their turns and answers, and short excerpts for the disagreements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from qualcode.storage.models import Code, Coding, Document, Part
from qualcode.storage.project import Project

TURN_KINDS = ("turn", "answer")
EXCERPT = 200

# document -> code -> coder -> [(start, end)]
Spans = dict[int, dict[int, dict[int, list[tuple[int, int]]]]]


@dataclass
class AgreementData:
    compared: list[int] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)
    doc_names: dict[int, str] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    code_names: dict[int, str] = field(default_factory=dict)  # codebook order
    codings: Spans = field(default_factory=dict)
    turns: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def excerpts(self, project: Project, spans: list[tuple[int, int, int]]) -> list[str]:
        """The text of each (document, start, end), cut to a readable length."""
        wanted = sorted({d for d, _a, _b in spans})
        texts: dict[int, str] = {}
        with project.read() as s:
            for chunk in range(0, len(wanted), 200):
                part = wanted[chunk : chunk + 200]
                for doc, text in s.execute(
                    select(Document.id, Document.text).where(Document.id.in_(part))
                ):
                    texts[doc] = text
        out = []
        for d, a, b in spans:
            text = " ".join(texts.get(d, "")[a:b].split()) or "(white space)"
            out.append(text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…")
        return out


def load(project: Project, coder_ids: list[int], unit: str) -> AgreementData:
    data = AgreementData()
    spans: Spans = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    who: dict[int, set[int]] = defaultdict(set)
    used: set[int] = set()
    with project.read() as s:
        for doc, code, coder, start, end in s.execute(
            select(Coding.document_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end)
            .where(Coding.coder_id.in_(coder_ids))
            .order_by(Coding.document_id, Coding.start)
        ):
            if coder is not None:  # the query keeps chosen coders only
                spans[doc][code][coder].append((start, end))
                who[doc].add(coder)
        everyone = set(coder_ids)
        docs = s.execute(
            select(Document.id, Document.name, Document.char_count).order_by(
                Document.position, Document.id
            )
        ).all()
        for doc, name, length in docs:
            if doc not in who:
                continue
            data.doc_names[doc] = name
            if who[doc] >= everyone:
                data.compared.append(doc)
                data.lengths[doc] = length
                data.codings[doc] = {c: dict(by) for c, by in spans[doc].items()}
                used.update(spans[doc])
            else:
                data.left_out.append(doc)
        data.code_names = {
            cid: name
            for cid, name in s.execute(select(Code.id, Code.name).order_by(Code.position, Code.id))
            if cid in used
        }
        if unit == "turn" and data.compared:
            turns: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for chunk in range(0, len(data.compared), 500):
                part = data.compared[chunk : chunk + 500]
                for doc, start, end in s.execute(
                    select(Part.document_id, Part.start, Part.end)
                    .where(Part.document_id.in_(part), Part.kind.in_(TURN_KINDS))
                    .order_by(Part.document_id, Part.start)
                ):
                    turns[doc].append((start, end))
            data.turns = dict(turns)
    return data
