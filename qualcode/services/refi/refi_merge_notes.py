"""Merge steps for cases, variable values and notes (memos) of a REFI-QDA import.

Cases: named ones match ours by normalised name; a nameless case carries its documents' variables
(the convention NVivo and others use). A case's SourceRef becomes a whole-document part attributed
to the case, a SelectionRef a part over that selection, so retrieval can attribute codings to it;
a selection QualCode wrote for a part comes back as a part of its kind (a turn stays a turn; see
:mod:`qualcode.services.refi.refi_parts`), and a SourceRef adds nothing where the case has those.
Notes become memos on whatever references them (a note referenced twice becomes two memos); a
selection's Description becomes a memo on each of its codings; an unreferenced note is a project
memo.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import func, select

from qualcode.domain.errors import ValidationError
from qualcode.domain.refi import MEMO_KIND_SET_PREFIX, RefiValue
from qualcode.domain.values import AttributeType, MemoKind, canonical_value
from qualcode.services.refi.refi_parts import PartSpan, parts_in_file
from qualcode.services.refi.refi_state import Batch, MergeState, attribute_type, case_key
from qualcode.storage.models import (
    Attribute,
    AttributeValue,
    Case,
    Document,
    Memo,
    Part,
    new_guid,
    utcnow,
)

_MEMO_TARGETS = ("document_id", "code_id", "theme_id", "case_id", "coding_id")


def merge_cases_and_values(st: MergeState) -> None:
    s = st.s
    ours = {case_key(n): i for i, n in s.execute(select(Case.id, Case.name))}
    lengths: dict[int, int] = dict(s.execute(select(Document.id, func.length(Document.text))).all())
    parts: set[tuple[int, int | None, int, int]] = {
        (d, c, a, b)
        for d, c, a, b in s.execute(select(Part.document_id, Part.case_id, Part.start, Part.end))
    }
    linked = {(doc, case) for doc, case, _start, _end in parts}
    values: list[tuple[str, int, RefiValue]] = []
    new_parts = Batch(st, Part)
    file_parts = parts_in_file([(st.documents[x.guid], x.selections) for x in st.data.sources])
    claimed: set[str] = set()
    unlinked = 0
    for case in st.data.cases:
        if case.name is None:
            docs = [st.documents[g] for g in case.source_guids if g in st.documents]
            unlinked += bool(case.values) and not docs
            values += [("document", d, v) for d in docs for v in case.values]
            continue
        found = ours.get(case_key(case.name))
        if found is None:
            found = st.insert_id(
                Case,
                guid=case.guid if not st.taken(Case, case.guid) else new_guid(),
                name=case.name[:300],
                description=case.description or None,
            )
            ours[case_key(case.name)] = found
            st.report.add("cases")
        else:
            st.report.add("cases", matched=True)
        st.cases[case.guid] = found
        values += [("case", found, v) for v in case.values]
        docs = [st.documents[g] for g in case.source_guids if g in st.documents]
        own = [file_parts[g] for g in case.selection_guids if g in file_parts]
        claimed.update(g for g in case.selection_guids if g in file_parts)
        with_parts = {x.document_id for x in own}  # its parts say where it speaks
        spans: list[tuple[int, int, int, PartSpan | None]] = [
            (d, 0, lengths[d], None)
            for d in docs
            if (d, found) not in linked and d not in with_parts
        ]
        spans += [
            (*st.selections[g], None)
            for g in case.selection_guids
            if g in st.selections and g not in file_parts
        ]
        spans += [(x.document_id, x.start, x.end, x) for x in own]
        for doc_id, start, end, part in spans:
            if end > start and (doc_id, found, start, end) not in parts:
                parts.add((doc_id, found, start, end))
                whole = (start, end) == (0, lengths[doc_id])
                new_parts.add(_part_row(doc_id, start, end, found, part, whole))
    for guid, part in file_parts.items():  # parts of no case: paragraphs, cues
        key = (part.document_id, None, part.start, part.end)
        if guid not in claimed and key not in parts:
            parts.add(key)
            new_parts.add(_part_row(part.document_id, part.start, part.end, None, part, False))
    new_parts.flush()
    for source in st.data.sources:
        values += [("document", st.documents[source.guid], v) for v in source.values]
    if unlinked:
        st.report.notes.append(f"{unlinked} nameless case(s) named no document; values dropped.")
    _values(st, values)


def _part_row(
    doc_id: int, start: int, end: int, case_id: int | None, part: PartSpan | None, whole: bool
) -> dict[str, object]:
    """A part row: of the kind the file's part says, else a case's whole document or quote."""
    return {
        "document_id": doc_id,
        "kind": part.kind if part is not None else ("case" if whole else "quote"),
        "start": start,
        "end": end,
        "case_id": case_id,
        "speaker_label": part.speaker if part is not None else None,
    }


def _values(st: MergeState, values: list[tuple[str, int, RefiValue]]) -> None:
    s = st.s
    variables = {v.guid: v for v in st.data.variables}
    attrs = {
        (scope, name): (i, AttributeType(kind), json.loads(opts) if opts else None)
        for i, scope, name, kind, opts in s.execute(
            select(Attribute.id, Attribute.scope, Attribute.name, Attribute.type, Attribute.options)
        )
    }
    have = {
        (a, c if c is not None else d, "case" if c is not None else "document"): v
        for a, c, d, v in s.execute(
            select(
                AttributeValue.attribute_id,
                AttributeValue.case_id,
                AttributeValue.document_id,
                AttributeValue.value,
            )
        )
    }
    position = s.scalar(select(func.max(Attribute.position))) or 0
    bad: list[str] = []
    kept = unknown = 0
    datetimes: set[str] = set()
    rows: list[dict[str, object]] = []
    for scope, target, value in values:
        var = variables.get(value.variable_guid)
        if var is None:
            unknown += 1
            continue
        found = attrs.get((scope, var.name))
        if found is None:
            kind, options = attribute_type(var.type, var.description)
            if var.type == "DateTime":
                datetimes.add(var.name)
            position += 1
            attr_id = st.insert_id(
                Attribute,
                guid=var.guid if not st.taken(Attribute, var.guid) else new_guid(),
                name=var.name,
                scope=scope,
                type=kind.value,
                options=json.dumps(options) if options else None,
                position=position,
            )
            found = (attr_id, kind, options)
            attrs[(scope, var.name)] = found
            st.report.add(f"{scope} attributes")
        attr_id, kind, options = found
        raw = value.value[:10] if kind is AttributeType.DATE and "T" in value.value else value.value
        try:
            canonical = canonical_value(kind, raw, options)
        except ValidationError as exc:
            bad.append(f"{var.name}: {exc}")
            continue
        if canonical == "":
            continue
        key = (attr_id, target, scope)
        if key in have:
            kept += have[key] != canonical
            continue
        have[key] = canonical
        rows.append(
            {
                "attribute_id": attr_id,
                "value": canonical,
                "case_id": target if scope == "case" else None,
                "document_id": target if scope == "document" else None,
            }
        )
    st.insert_many(AttributeValue, rows)
    if rows:
        st.report.add("attribute values", n=len(rows))
    if datetimes:
        st.report.notes.append(f"Date-time variables kept as text: {', '.join(sorted(datetimes))}.")
    if bad:
        st.report.notes.append(f"{len(bad)} value(s) did not fit their type; skipped: {bad[0]}")
    if kept:
        st.report.notes.append(f"{kept} value(s) differed from the project's; kept the project's.")
    if unknown:
        st.report.notes.append(f"{unknown} value(s) named a variable not in the file; skipped.")


def _note_targets(st: MergeState) -> dict[str, list[tuple[str, int | None]]]:
    """For each note GUID, the memo fields it belongs to (``("project", None)`` for the project)."""
    targets: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for guid in st.data.project_note_guids:
        targets[guid].append(("project", None))
    for code in st.data.iter_codes():
        for guid in code.note_guids:
            if code.guid in st.codes:
                targets[guid].append(("code_id", st.codes[code.guid]))
    for source in st.data.sources:
        for guid in source.note_guids:
            targets[guid].append(("document_id", st.documents[source.guid]))
        for sel in source.selections:
            for guid in sel.note_guids:
                targets[guid] += [("coding_id", c) for c in st.codings.get(sel.guid, [])]
            for coding in sel.codings:
                for guid in coding.note_guids:
                    if coding.guid in st.coding_ids:
                        targets[guid].append(("coding_id", st.coding_ids[coding.guid]))
    for item in st.data.sets:
        if item.guid in st.themes:
            for guid in item.note_guids:
                targets[guid].append(("theme_id", st.themes[item.guid]))
    lookups = {
        "case_id": st.cases,
        "code_id": st.codes,
        "document_id": st.documents,
        "theme_id": st.themes,
        "coding_id": st.coding_ids,
    }
    notes = {n.guid for n in st.data.notes}
    for link in st.data.links:
        ends = (link.origin_guid, link.target_guid)
        for note, other in (ends, ends[::-1]):
            if note in notes and other is not None:
                for field_name, lookup in lookups.items():
                    if other in lookup:
                        targets[note].append((field_name, lookup[other]))
                        break
    return targets


def merge_notes(st: MergeState) -> None:
    s = st.s
    kinds: dict[str, str] = {}
    known_kinds = {k.value for k in MemoKind}
    for item in st.data.sets:
        kind = item.name[len(MEMO_KIND_SET_PREFIX) :]
        if item.name.startswith(MEMO_KIND_SET_PREFIX) and kind in known_kinds:
            kinds.update(dict.fromkeys(item.note_guids, kind))
    targets = _note_targets(st)
    taken = set(s.scalars(select(Memo.guid)))
    rows: list[dict[str, object]] = []
    again = 0
    now = utcnow()
    for note in st.data.notes:
        if note.guid in taken:
            again += 1
            continue
        for i, (field_name, target) in enumerate(targets.get(note.guid) or [("project", None)]):
            row: dict[str, object] = {
                "guid": note.guid if i == 0 else new_guid(),
                "kind": kinds.get(note.guid, MemoKind.ANALYTIC.value),
                "title": note.name[:500],
                "text": note.text,
                "coder_id": st.users.get(note.user_guid, st.coder_id)
                if note.user_guid
                else st.coder_id,
                "created_at": note.created or now,
                "updated_at": note.created or now,
            }
            if target is not None:
                row[field_name] = target
            rows.append(row)
    existing_text: set[tuple[int | None, str]] = {
        (c, t)
        for c, t in s.execute(select(Memo.coding_id, Memo.text).where(Memo.coding_id.is_not(None)))
    }
    for source in st.data.sources:
        for sel in source.selections:
            if not sel.description:
                continue
            for coding_id in st.codings.get(sel.guid, []):
                if (coding_id, sel.description) in existing_text:
                    continue
                existing_text.add((coding_id, sel.description))
                rows.append(
                    {
                        "guid": new_guid(),
                        "kind": MemoKind.ANALYTIC.value,
                        "title": "",
                        "text": sel.description,
                        "coder_id": st.users.get(sel.user_guid or "", st.coder_id),
                        "created_at": sel.created or now,
                        "updated_at": sel.created or now,
                        "coding_id": coding_id,
                    }
                )
    st.insert_many(Memo, [{**dict.fromkeys(_MEMO_TARGETS), **row} for row in rows])
    st.report.add("memos", n=len(rows))
    if again:
        st.report.notes.append(f"{again} note(s) were already in the project; skipped.")
