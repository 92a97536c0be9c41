"""Retrieval: the extracts coded with chosen codes, with speaker, attribution and context.

The context window is cut out by the database (``substr`` counts characters, as our offsets do),
so retrieving a code across hundreds of long transcripts does not load their whole texts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select

from qualcode.services.coding.codes import subtree_ids
from qualcode.storage.models import Attribute, AttributeValue, Case, Code, Coding, Document, Part
from qualcode.storage.project import Project

_NOT_ATTRIBUTION = {"instrument", "source", "theme", "priority", "date", "venue", "pseudonym"}


@dataclass(frozen=True)
class Extract:
    coding_id: int
    code_id: int
    code_name: str
    document_id: int
    document_name: str
    document_kind: str
    start: int
    end: int
    text: str
    before: str
    after: str
    speaker: str | None = None
    case_id: int | None = None
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def attribution(self) -> str:
        """A short label: the speaker and a few attributes, e.g. ``Jo (Female, 40-55)``.

        A case that carries its own attribution label (from a quote sheet) keeps it as written.
        Project attribution templates (a later feature) will replace this default.
        """
        who = self.speaker or self.document_name
        label = self.attributes.get("attribution", "").strip()
        if label:
            return f"{who} {label}" if label.startswith("(") else f"{who} ({label})"
        values = [
            v
            for k, v in self.attributes.items()
            if v and len(v) <= 30 and k.casefold() not in _NOT_ATTRIBUTION
        ][:3]
        return f"{who} ({', '.join(values)})" if values else who


def retrieve(
    project: Project,
    code_ids: Sequence[int],
    *,
    include_subcodes: bool = True,
    kinds: set[str] | None = None,
    attribute: tuple[str, str] | None = None,
    context: int = 150,
    limit: int = 5_000,
    hidden_coders: Collection[int] = (),
    documents: Collection[int] | None = None,
) -> list[Extract]:
    """Extracts of ``code_ids`` (and their sub-codes), in document order.

    ``documents``: only the extracts in these documents (after a coding, the pane re-reads the
    one document coded rather than every extract of the code).

    ``hidden_coders``: leave out the codings these coders made (their layer is hidden).

    ``attribute`` = (name, value) keeps extracts whose speaker's case has that value, or whose
    document has it (when the speaker's case has no value for it, or there is no speaker).
    """
    with project.read() as s:
        ids: list[int] = []
        for cid in code_ids:
            ids += subtree_ids(s, cid) if include_subcodes else [cid]
        if not ids:
            return []
        lo = func.max(Coding.start - context, 0)
        stmt = (
            select(
                Coding.id,
                Coding.code_id,
                Code.name,
                Document.id,
                Document.name,
                Document.kind,
                Coding.start,
                Coding.end,
                lo,
                func.substr(Document.text, lo + 1, Coding.end + context - lo),
            )
            .join(Code, Code.id == Coding.code_id)
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.code_id.in_(sorted(set(ids))))
            .order_by(Document.position, Document.id, Coding.start, Coding.id)
            .limit(limit)
        )
        if kinds:
            stmt = stmt.where(Document.kind.in_(sorted(kinds)))
        if documents is not None:
            stmt = stmt.where(Coding.document_id.in_(sorted(documents)))
        if hidden_coders:
            hidden = sorted(hidden_coders)
            stmt = stmt.where(Coding.coder_id.is_(None) | Coding.coder_id.not_in(hidden))
        rows = s.execute(stmt).all()
        doc_ids = sorted({r[3] for r in rows})
        parts: dict[int, list[tuple[int, int, int | None, str | None]]] = defaultdict(list)
        for doc, start, end, case_id, name in s.execute(
            select(Part.document_id, Part.start, Part.end, Part.case_id, Case.name)
            .outerjoin(Case, Case.id == Part.case_id)
            .where(Part.document_id.in_(doc_ids), Part.case_id.is_not(None))
            .order_by(Part.document_id, Part.start)
        ):
            parts[doc].append((start, end, case_id, name))
        case_ids = {p[2] for plist in parts.values() for p in plist if p[2] is not None}
        case_attrs: dict[int, dict[str, str]] = defaultdict(dict)
        doc_attrs: dict[int, dict[str, str]] = defaultdict(dict)
        for name, value, case_id, doc_id in s.execute(
            select(
                Attribute.name,
                AttributeValue.value,
                AttributeValue.case_id,
                AttributeValue.document_id,
            )
            .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
            .where(
                AttributeValue.case_id.in_(sorted(case_ids))
                | AttributeValue.document_id.in_(doc_ids)
            )
            .order_by(Attribute.position)
        ):
            if case_id is not None:
                case_attrs[case_id][name] = value
            elif doc_id is not None:
                doc_attrs[doc_id][name] = value
    starts = {doc: [p[0] for p in plist] for doc, plist in parts.items()}
    out: list[Extract] = []
    for cid, code_id, code_name, doc, doc_name, kind, start, end, win_lo, window in rows:
        speaker, case_id = None, None
        i = bisect_right(starts.get(doc, []), start) - 1
        if i >= 0 and parts[doc][i][0] <= start < parts[doc][i][1]:
            _a, _b, case_id, speaker = parts[doc][i]
        attrs = case_attrs.get(case_id, {}) if case_id is not None else doc_attrs.get(doc, {})
        # a document attribute (a site, a kind of group) holds for what is spoken in it too
        held = {**doc_attrs.get(doc, {}), **attrs}
        if attribute is not None and held.get(attribute[0]) != attribute[1]:
            continue
        a, b = start - win_lo, end - win_lo
        out.append(
            Extract(
                cid,
                code_id,
                code_name,
                doc,
                doc_name,
                kind,
                start,
                end,
                window[a:b],
                window[:a],
                window[b:],
                speaker,
                case_id,
                dict(attrs),
            )
        )
    return out


def spliced(
    project: Project,
    shown: Sequence[Extract],
    code_ids: Sequence[int],
    documents: Collection[int],
    *,
    kinds: set[str] | None = None,
    attribute: tuple[str, str] | None = None,
    hidden_coders: Collection[int] = (),
) -> list[Extract]:
    """``shown`` with the extracts of ``documents`` read again: what a coding, an uncoding or
    their undo in those documents leaves in a retrieval of ``code_ids`` (same ``filters`` as
    :func:`retrieve`), in document order, without reading the other documents' extracts."""
    fresh = retrieve(
        project,
        code_ids,
        kinds=kinds,
        attribute=attribute,
        hidden_coders=hidden_coders,
        documents=documents,
    )
    kept = [e for e in shown if e.document_id not in documents]
    with project.read() as s:
        wanted = sorted({e.document_id for e in kept} | {e.document_id for e in fresh})
        order = {
            doc: (position, doc)
            for doc, position in s.execute(
                select(Document.id, Document.position).where(Document.id.in_(wanted))
            )
        }
    out = [e for e in kept + fresh if e.document_id in order]  # a document deleted meanwhile
    out.sort(key=lambda e: (order[e.document_id], e.start, e.coding_id))
    return out


def format_quotes(extracts: Sequence[Extract]) -> tuple[str, str]:
    """Extracts as quotes for a report: plain text and HTML (italic quote, attribution)."""
    plain, html = [], []
    for e in extracts:
        quote = " ".join(e.text.split())
        plain.append(f"“{quote}” ({e.attribution}, {e.document_name})")
        safe = quote.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        who = f"{e.attribution}, {e.document_name}".replace("&", "&amp;").replace("<", "&lt;")
        html.append(f"<p><i>“{safe}”</i> ({who})</p>")
    return "\n\n".join(plain), "\n".join(html)


def attribute_choices(project: Project) -> dict[str, list[str]]:
    """Case and document attributes with their distinct values, for filters."""
    with project.read() as s:
        rows = s.execute(
            # the ordering column is selected too: PostgreSQL's DISTINCT requires it
            select(Attribute.position, Attribute.name, AttributeValue.value)
            .distinct()
            .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
            .order_by(Attribute.position, AttributeValue.value)
        ).all()
    out: dict[str, list[str]] = defaultdict(list)
    for _position, name, value in rows:
        if value not in out[name]:
            out[name].append(value)
    return dict(out)
