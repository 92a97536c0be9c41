"""What a window needs to show a project: the document list and the codebook with counts.

One grouped query each, so opening a 200,000-coding project stays well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError
from qualcode.storage.models import Attribute, AttributeValue, Code, Coding, Document, Part
from qualcode.storage.project import Project


@dataclass(frozen=True)
class DocumentRow:
    id: int
    name: str
    kind: str
    words: int
    codings: int
    coverage: float = 0.0  # share of the text inside at least one coding, 0-1
    length: int = 0


@dataclass(frozen=True)
class CodeRow:
    id: int
    name: str
    parent_id: int | None
    colour: str
    definition: str
    codings: int
    documents: int
    # with its sub-codes, at any depth (what a parent "holds"; equal to the above for a leaf);
    # None when not counted (rows built by hand): the own counts stand in
    all_codings: int | None = None
    all_documents: int | None = None


def document_rows(project: Project, only: set[int] | None = None) -> list[DocumentRow]:
    """Documents with their coding count and coverage (the union of coded spans).

    ``only`` limits the work to some documents: after coding in one document, the list
    recomputes that row instead of sweeping every coding in the project.
    """
    with project.read() as s:
        counts: dict[int, int] = {}
        covered: dict[int, int] = {}
        current, reach = -1, 0
        spans = select(Coding.document_id, Coding.start, Coding.end)
        docs = select(
            Document.id, Document.name, Document.kind, Document.word_count, Document.char_count
        )
        if only is not None:
            spans = spans.where(Coding.document_id.in_(sorted(only)))
            docs = docs.where(Document.id.in_(sorted(only)))
        conn = s.connection()  # Core rows: the ORM's result machinery costs seconds per 10^6
        for doc, start, end in conn.execute(spans.order_by(Coding.document_id, Coding.start)):
            counts[doc] = counts.get(doc, 0) + 1
            if doc != current:
                current, reach = doc, 0
            if end > reach:
                covered[doc] = covered.get(doc, 0) + end - max(start, reach)
                reach = end
        rows = s.execute(docs.order_by(Document.position, Document.id))
        return [
            DocumentRow(i, n, k, w, counts.get(i, 0), covered.get(i, 0) / max(length, 1), length)
            for i, n, k, w, length in rows
        ]


def code_rows(project: Project, only: set[int] | None = None) -> list[CodeRow]:
    """Codes with their counts, own and rolled up over their sub-codes (parents before children
    is not guaranteed; use ``parent_id``).

    ``only`` recounts just those codes (after coding with one of them); a caller that shows
    roll-ups passes the codes' ancestors too, since their totals change with them.
    """
    if only is not None and len(only) <= _FEW:
        return _few_code_rows(project, only)
    with project.read() as s:
        parents: dict[int, int | None] = {
            cid: pid for cid, pid in s.execute(select(Code.id, Code.parent_id))
        }
        children: dict[int | None, list[int]] = {}
        for cid, pid in parents.items():
            children.setdefault(pid, []).append(cid)
        wanted = set(parents) if only is None else only & set(parents)
        subtree = {cid: code_subtree(children, cid) for cid in wanted}
        counted = set().union(*subtree.values()) if subtree else set()
        pairs = select(Coding.code_id, Coding.document_id, func.count()).group_by(
            Coding.code_id, Coding.document_id
        )
        if only is not None:
            pairs = pairs.where(Coding.code_id.in_(sorted(counted)))
        per_code: dict[int, dict[int, int]] = {}
        for cid, doc, n in s.connection().execute(pairs):
            per_code.setdefault(cid, {})[doc] = n
        codes = select(Code.id, Code.name, Code.parent_id, Code.colour, Code.definition)
        if only is not None:
            codes = codes.where(Code.id.in_(sorted(wanted)))
        out = []
        for i, name, parent, colour, definition in s.execute(
            codes.order_by(Code.position, Code.id)
        ):
            own = per_code.get(i, {})
            docs: set[int] = set()
            total = 0
            for member in subtree[i]:
                held = per_code.get(member, {})
                docs.update(held)
                total += sum(held.values())
            row = CodeRow(i, name, parent, colour, definition, sum(own.values()), len(own))
            out.append(replace(row, all_codings=total, all_documents=len(docs)))
        return out


_FEW = 24  # up to this many codes, count each in SQL (index-only) rather than fetch its pairs


def _few_code_rows(project: Project, only: set[int]) -> list[CodeRow]:
    """:func:`code_rows` for a few codes: the hot path after a coding (the code and its
    ancestors), two aggregate reads per code on the (code, document) index."""
    with project.read() as s:
        children: dict[int | None, list[int]] = {}
        for cid, pid in s.execute(select(Code.id, Code.parent_id)):
            children.setdefault(pid, []).append(cid)
        codes = select(Code.id, Code.name, Code.parent_id, Code.colour, Code.definition)
        out = []
        for i, name, parent, colour, definition in s.execute(
            codes.where(Code.id.in_(sorted(only))).order_by(Code.position, Code.id)
        ):
            counted = select(func.count(), func.count(func.distinct(Coding.document_id)))
            own, own_docs = s.execute(counted.where(Coding.code_id == i)).one()
            members = code_subtree(children, i)
            total, total_docs = (
                (own, own_docs)
                if len(members) == 1
                else s.execute(counted.where(Coding.code_id.in_(sorted(members)))).one()
            )
            row = CodeRow(i, name, parent, colour, definition, own, own_docs)
            out.append(replace(row, all_codings=total, all_documents=total_docs))
        return out


def code_subtree(children: dict[int | None, list[int]], root: int) -> set[int]:
    """``root`` and its descendants (a parent cycle, never written by the services, ends)."""
    seen, stack = set(), [root]
    while stack:
        cid = stack.pop()
        if cid not in seen:
            seen.add(cid)
            stack.extend(children.get(cid, ()))
    return seen


def document_text(project: Project, doc_id: int) -> str:
    with project.read() as s:
        text = s.scalar(select(Document.text).where(Document.id == doc_id))
    if text is None:
        raise NotFoundError(f"There is no document with id {doc_id}.")
    return text


def documents_with_attribute(project: Project, name: str, value: str) -> set[int]:
    """Documents that have the attribute value, or in which a case with it speaks."""
    with project.read() as s:
        attr_ids = select(Attribute.id).where(Attribute.name == name)
        direct = s.scalars(
            select(AttributeValue.document_id).where(
                AttributeValue.attribute_id.in_(attr_ids),
                AttributeValue.value == value,
                AttributeValue.document_id.is_not(None),
            )
        )
        cases = select(AttributeValue.case_id).where(
            AttributeValue.attribute_id.in_(attr_ids),
            AttributeValue.value == value,
            AttributeValue.case_id.is_not(None),
        )
        spoken = s.scalars(select(Part.document_id).distinct().where(Part.case_id.in_(cases)))
        return {d for d in direct if d is not None} | set(spoken)
