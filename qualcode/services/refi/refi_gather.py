"""Read the project into a :class:`RefiProject` for the REFI-QDA writers (one read transaction).

The sources (texts, codings) are the bulk of a project: :func:`gather_head` reads everything else
and returns a *feed* that reads the sources a chunk of documents at a time, so the streaming
.qdpx writer never holds them all; :func:`gather_project` still gives the whole model for small
uses. See :mod:`qualcode.services.refi.refi` for where each QualCode entity goes in the standard.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from qualcode.domain.refi import (
    CATEGORY_PREFIX,
    MEMO_KIND_SET_PREFIX,
    SET_PATH_SEPARATOR,
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiValue,
    RefiVariable,
    join_description,
)
from qualcode.domain.values import MemoKind
from qualcode.exporters.refi_export import selection_guid
from qualcode.exporters.refi_qdpx import SourceFeed
from qualcode.services.refi.refi_parts import case_part_refs, part_selections
from qualcode.services.refi.refi_recommendations import gather_recommendations
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Document,
    Memo,
    Part,
    Theme,
    ThemeCode,
)
from qualcode.storage.project import Project

_NS = uuid.UUID("0b9f3d1e-2c55-4a8e-9f61-7d3c2a9e5b14")
_TYPES = {"boolean": "Boolean", "date": "Date", "text": "Text", "category": "Text"}
_CHUNK = 100  # documents read at once by the source feed


def derived_guid(*parts: str) -> str:
    """A stable GUID for something QualCode has no GUID for (a nameless case, a mirror code)."""
    return str(uuid.uuid5(_NS, "\x1f".join(parts)))


def gather_codebook(project: Project) -> RefiProject:
    """Codes (hierarchy, colours, definitions) and themes as Sets of codes."""
    with project.session() as s:
        data = RefiProject(name=project.path.stem, origin="QualCode")
        data.codes, _ = _codes(s, {})
        data.sets = _theme_sets(s, {})
    return data


def gather_project(project: Project, *, themes_as_codes: bool = False) -> RefiProject:
    """The whole project, sources included, as one model."""
    with project.read() as s:
        data, feed = gather_head(project, s, themes_as_codes=themes_as_codes)
        data.sources = list(feed(True))
    return data


def gather_head(
    project: Project, s: Session, *, themes_as_codes: bool = False
) -> tuple[RefiProject, SourceFeed]:
    """Everything but the sources, and a feed of the sources (valid while ``s`` is open)."""
    data = RefiProject(name=project.path.stem, origin="QualCode")
    coders = {i: g for i, g in s.execute(select(Coder.id, Coder.guid))}
    data.users = [RefiUser(g, n) for g, n in s.execute(select(Coder.guid, Coder.name))]
    notes = _notes(s, coders, data)
    data.codes, code_guids = _codes(s, notes.get("code", {}))
    data.sets = _theme_sets(s, notes.get("theme", {})) + data.sets
    if themes_as_codes:
        data.codes += _theme_codes(s, code_guids)
    gather_recommendations(project, s, data)  # Notes referenced from the themes
    data.variables, values = _variables(s)
    data.cases = _cases(s, values)

    def feed(selections: bool) -> Iterable[RefiSource]:
        return _sources(s, coders, code_guids, notes, selections)

    return data, feed


def _codes(s: Session, notes: dict[int, list[str]]) -> tuple[list[RefiCode], dict[int, str]]:
    rows = s.execute(
        select(
            Code.id,
            Code.guid,
            Code.name,
            Code.parent_id,
            Code.colour,
            Code.definition,
            Code.inclusion,
            Code.exclusion,
        ).order_by(Code.position, Code.id)
    ).all()
    built = {
        r.id: RefiCode(
            guid=r.guid,
            name=r.name,
            colour=r.colour,
            description=join_description(r.definition, r.inclusion, r.exclusion),
            note_guids=notes.get(r.id, []),
        )
        for r in rows
    }
    top: list[RefiCode] = []
    for r in rows:
        parent = built.get(r.parent_id) if r.parent_id is not None else None
        (parent.children if parent is not None else top).append(built[r.id])
    return top, {i: c.guid for i, c in built.items()}


def _theme_paths(s: Session) -> list[tuple[int, str, str, str, int | None]]:
    """(id, guid, "Parent::Child" name, definition, parent id) for every theme."""
    rows = s.execute(
        select(Theme.id, Theme.guid, Theme.name, Theme.definition, Theme.parent_id).order_by(
            Theme.position, Theme.id
        )
    ).all()
    by_id = {r.id: r for r in rows}

    def path(i: int) -> str:
        names: list[str] = []
        seen: set[int] = set()
        cur: int | None = i
        while cur is not None and cur in by_id and cur not in seen:
            seen.add(cur)
            names.append(by_id[cur].name)
            cur = by_id[cur].parent_id
        return SET_PATH_SEPARATOR.join(reversed(names))

    return [(r.id, r.guid, path(r.id), r.definition, r.parent_id) for r in rows]


def _theme_sets(s: Session, notes: dict[int, list[str]]) -> list[RefiSet]:
    members: dict[int, list[str]] = defaultdict(list)
    for theme_id, guid in s.execute(
        select(ThemeCode.theme_id, Code.guid)
        .join(Code, Code.id == ThemeCode.code_id)
        .order_by(Code.position, Code.id)
    ):
        members[theme_id].append(guid)
    return [
        RefiSet(guid, name, definition, members[i], note_guids=notes.get(i, []))
        for i, guid, name, definition, _parent in _theme_paths(s)
    ]


def _theme_codes(s: Session, code_guids: dict[int, str]) -> list[RefiCode]:
    """Themes as non-codable codes, each holding non-codable stand-ins for its member codes."""
    names = dict(s.execute(select(Code.id, Code.name)).all())
    members: dict[int, list[int]] = defaultdict(list)
    for theme_id, code_id in s.execute(select(ThemeCode.theme_id, ThemeCode.code_id)):
        members[theme_id].append(code_id)
    built: dict[int, RefiCode] = {}
    parents: dict[int, int | None] = {}
    for i, guid, path, definition, parent in _theme_paths(s):
        built[i] = RefiCode(
            guid=guid,
            name=path.rsplit(SET_PATH_SEPARATOR, 1)[-1],
            description=definition,
            codable=False,
            children=[
                RefiCode(derived_guid(guid, code_guids[c]), names[c], codable=False)
                for c in members[i]
            ],
        )
        parents[i] = parent
    top: list[RefiCode] = []
    for i, code in built.items():
        parent_id = parents[i]
        parent_code = built.get(parent_id) if parent_id is not None else None
        (parent_code.children if parent_code is not None else top).append(code)
    return top


def _variables(
    s: Session,
) -> tuple[list[RefiVariable], dict[str, dict[int, list[RefiValue]]]]:
    """Variables, and values by scope ("case"/"document") and owner id."""
    values: dict[str, dict[int, list[RefiValue]]] = {
        "case": defaultdict(list),
        "document": defaultdict(list),
    }
    raw: dict[int, list[tuple[int | None, int | None, str]]] = defaultdict(list)
    for attr_id, case_id, doc_id, value in s.execute(
        select(
            AttributeValue.attribute_id,
            AttributeValue.case_id,
            AttributeValue.document_id,
            AttributeValue.value,
        ).order_by(AttributeValue.id)
    ):
        raw[attr_id].append((case_id, doc_id, value))
    out: list[RefiVariable] = []
    for a in s.execute(select(Attribute).order_by(Attribute.position, Attribute.id)).scalars():
        kind = _TYPES.get(a.type)
        if kind is None:  # number
            integral = all(_is_integral(v) for _c, _d, v in raw[a.id])
            kind = "Integer" if integral else "Float"
        description = ""
        if a.type == "category" and a.options:
            description = CATEGORY_PREFIX + json.dumps(json.loads(a.options), ensure_ascii=False)
        out.append(RefiVariable(a.guid, a.name, kind, description))
        for case_id, doc_id, value in raw[a.id]:
            if value == "":
                continue
            if case_id is not None:
                values["case"][case_id].append(RefiValue(a.guid, value))
            elif doc_id is not None:
                values["document"][doc_id].append(RefiValue(a.guid, value))
    return out, values


def _is_integral(value: str) -> bool:
    try:
        return float(value).is_integer() and "e" not in value.lower()
    except ValueError:
        return False


def _notes(
    s: Session, coders: dict[int, str], data: RefiProject
) -> dict[str, dict[int, list[str]]]:
    """Every memo as a Note; returns note GUIDs by target kind and target id."""
    by_target: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    kinds: dict[str, list[str]] = defaultdict(list)
    case_guids = dict(s.execute(select(Case.id, Case.guid)).all())
    for m in s.execute(select(Memo).order_by(Memo.id)).scalars():
        data.notes.append(
            RefiNote(
                m.guid,
                m.title,
                m.text,
                coders.get(m.coder_id) if m.coder_id is not None else None,
                m.created_at,
            )
        )
        if m.kind != MemoKind.ANALYTIC.value:
            kinds[m.kind].append(m.guid)
        for kind in ("document", "code", "theme", "coding"):
            target = getattr(m, f"{kind}_id")
            if target is not None:
                by_target[kind][target].append(m.guid)
                break
        else:
            if m.case_id is not None:
                by_target["case"][m.case_id].append(m.guid)
                data.links.append(
                    RefiLink(
                        derived_guid("memo-link", m.guid),
                        "memo",
                        m.guid,
                        case_guids[m.case_id],
                    )
                )
            else:
                data.project_note_guids.append(m.guid)
    for kind, guids in sorted(kinds.items()):
        data.sets.append(
            RefiSet(derived_guid("memo-kind", kind), MEMO_KIND_SET_PREFIX + kind, note_guids=guids)
        )
    return by_target


def _cases(s: Session, values: dict[str, dict[int, list[RefiValue]]]) -> list[RefiCase]:
    docs_of: dict[int, list[str]] = defaultdict(list)
    for case_id, guid, _position, _id in s.execute(
        # the ordering columns are selected too: PostgreSQL's DISTINCT requires it
        select(Part.case_id, Document.guid, Document.position, Document.id)
        .join(Document, Document.id == Part.document_id)
        .where(Part.case_id.is_not(None))
        .distinct()
        .order_by(Document.position, Document.id)
    ):
        if case_id is not None:
            docs_of[case_id].append(guid)
    parts_of = case_part_refs(s)
    out = [
        RefiCase(
            c.guid,
            c.name,
            c.description or "",
            values["case"].get(c.id, []),
            docs_of[c.id],
            parts_of.get(c.id, []),
        )
        for c in s.execute(select(Case).order_by(Case.name)).scalars()
    ]
    doc_guids = dict(s.execute(select(Document.id, Document.guid)).all())
    for doc_id, doc_values in values["document"].items():
        guid = doc_guids[doc_id]
        out.append(RefiCase(derived_guid("document-case", guid), None, "", doc_values, [guid]))
    return out


def _sources(
    s: Session,
    coders: dict[int, str],
    code_guids: dict[int, str],
    notes: dict[str, dict[int, list[str]]],
    selections: bool,
) -> Iterator[RefiSource]:
    """Every document in order, read ``_CHUNK`` documents at a time (with their codings and
    parts, as selections, when ``selections``)."""
    doc_notes = notes.get("document", {})
    order = list(s.scalars(select(Document.id).order_by(Document.position, Document.id)))
    for at in range(0, len(order), _CHUNK):
        ids = order[at : at + _CHUNK]
        by_doc = _selections(s, ids, coders, code_guids, notes) if selections else {}
        docs = {
            r.id: r
            for r in s.execute(
                select(
                    Document.id,
                    Document.guid,
                    Document.name,
                    Document.text,
                    Document.coder_id,
                    Document.imported_at,
                ).where(Document.id.in_(ids))
            )
        }
        parts = part_selections(s, {i: docs[i].guid for i in ids}) if selections else {}
        for doc_id in ids:
            d = docs[doc_id]
            yield RefiSource(
                guid=d.guid,
                name=d.name,
                text=d.text,
                user_guid=coders.get(d.coder_id) if d.coder_id is not None else None,
                created=d.imported_at,
                selections=by_doc.get(doc_id, []) + parts.get(doc_id, []),
                note_guids=doc_notes.get(doc_id, []),
            )


def _selections(
    s: Session,
    doc_ids: list[int],
    coders: dict[int, str],
    code_guids: dict[int, str],
    notes: dict[str, dict[int, list[str]]],
) -> dict[int, list[RefiSelection]]:
    """One selection per coding of these documents, by document."""
    coding_notes = notes.get("coding", {})
    by_doc: dict[int, list[RefiSelection]] = defaultdict(list)
    for cid, guid, doc_id, code_id, start, end, coder_id, created in s.execute(
        select(
            Coding.id,
            Coding.guid,
            Coding.document_id,
            Coding.code_id,
            Coding.start,
            Coding.end,
            Coding.coder_id,
            Coding.created_at,
        )
        .where(Coding.document_id.in_(doc_ids))
        .order_by(Coding.document_id, Coding.start, Coding.end, Coding.id)
    ):
        user = coders.get(coder_id) if coder_id is not None else None
        coding = RefiCoding(guid, code_guids[code_id], user, created, coding_notes.get(cid, []))
        by_doc[doc_id].append(
            RefiSelection(selection_guid(guid), start, end, user, created, codings=[coding])
        )
    return by_doc
